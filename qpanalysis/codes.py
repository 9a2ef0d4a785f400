"""Every vocabulary of the package, in one place: languages, periods, roles, bases, kinds, statuses.

Each code is an internal, language-neutral key. What a reader sees for a code (in
Chinese or English) lives in ``data/reference/labels.csv``, never here.
"""

from __future__ import annotations

import re
from enum import StrEnum

# Every vocabulary is a StrEnum: a member is its code (``Basis.DISTRICT_WIDE == "district-wide"``),
# written as the plain string in f-strings, CSVs and JSON. Each also has an ordered tuple
# (``TOWN_BASES = tuple(Basis)``), because on Python 3.11 ``"x" in Basis`` raises TypeError
# for a plain string: membership checks and display orders use the tuples.


class Code(StrEnum):
    """A vocabulary's base: its members compare, hash, format and print (also in a list or a
    doctest) as their plain code, so tables and outputs read as before the vocabularies were enums.

    Example:
        >>> class Colour(Code):
        ...     DARK_RED = "dark-red"
        >>> Colour.DARK_RED == "dark-red", f"{Colour.DARK_RED}", [Colour.DARK_RED]
        (True, 'dark-red', ['dark-red'])
    """

    def __repr__(self) -> str:
        return repr(self.value)


class Lang(Code):
    """Report languages: Chinese first, because the source list is Chinese."""

    ZH = "zh"
    EN = "en"


LANGS = tuple(Lang)


class Period(Code):
    """Milestone periods of the list (上半年目标 / 第三季度目标 / 第四季度目标), in order.

    The list has no Q1/Q2 columns, so H1 is a reporting period of its own.
    """

    H1 = "H1"
    Q3 = "Q3"
    Q4 = "Q4"


PERIODS = tuple(Period)
# First and last month of each period in the plan year.
PERIOD_MONTHS = {Period.H1: (1, 6), Period.Q3: (7, 9), Period.Q4: (10, 12)}
# Position of each period within a task, for sorting ties (H1 before Q3 before Q4).
PERIOD_ORDER = {period: index for index, period in enumerate(PERIODS)}


class Role(Code):
    """A department's role in a task: the first listed in 牵头部门 leads, the others co-lead."""

    LEAD = "lead"
    CO_LEAD = "co-lead"


ROLES = tuple(Role)


class DepartmentKind(Code):
    """Kinds of department in the reference table."""

    GOVERNMENT = "government"
    PARTY = "party"


DEPARTMENT_KINDS = tuple(DepartmentKind)


class Basis(Code):
    """How a task was linked to a town (see docs/assumptions_and_caveats.md#town-basis)."""

    EXPLICIT = "explicit"
    DISTRICT_WIDE = "district-wide"
    FROM_BREAKDOWN = "from-breakdown"
    UNSPECIFIED = "unspecified"


TOWN_BASES = tuple(Basis)


class TargetKind(Code):
    """What a milestone text states: a completion percentage, a completed quantity, words only, nothing."""

    PERCENT = "percent"
    QUANTITY = "quantity"
    QUALITATIVE = "qualitative"
    NONE = "none"


TARGET_KINDS = tuple(TargetKind)
# Milestone kinds that carry a number a progress report can be compared with.
NUMERIC_KINDS = (TargetKind.PERCENT, TargetKind.QUANTITY)


class AppliesTo(Code):
    """Whether a milestone text applies to its own period, or (an H1 text with Q3 and Q4
    empty) to the whole year."""

    PERIOD = "period"
    YEAR = "year"


APPLIES_TO = tuple(AppliesTo)


class FundingLevel(Code):
    """Levels of government (or self-funding) that 资金来源 may name, from the top down."""

    CENTRAL = "central"
    MUNICIPAL = "municipal"
    DISTRICT = "district"
    TOWN = "town"
    VILLAGE = "village"
    SELF_RAISED = "self-raised"


FUNDING_LEVELS = tuple(FundingLevel)


class LineKind(Code):
    """What each line of a source file was read as."""

    BLANK = "blank"
    TITLE = "title"
    HEADER = "header"
    SECTION = "section"
    TASK = "task"
    FOOTER = "footer"


LINE_KINDS = tuple(LineKind)


class Disclosure(Code):
    """Whether a task discloses its total investment."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    NONE = "not-disclosed"


DISCLOSURE_STATUSES = tuple(Disclosure)


class Status(Code):
    """Progress statuses in display order (best to worst, then the two without a rating).

    NO_TARGET: progress was reported as a percentage, but the task states no single numeric
    target (qualitative texts, or a task whose batches have separate percentages) to compare it with.
    """

    DONE = "done"
    AHEAD = "ahead"
    ON_TRACK = "on track"
    BEHIND = "behind"
    NO_TARGET = "no target"
    NO_DATA = "no data"


STATUSES = tuple(Status)


class Reading(Code):
    """Readings of the two quarterly rules a reasonable reader could take otherwise.

    See docs/assumptions_and_caveats.md#whole-year-h1-targets and #due-month-outside-plan-year:
    the default (an H1 text with Q3 and Q4 empty is the whole year's target; a due month is
    read as written); a due month before the plan year read as the same month of the plan
    year; an H1 text with Q3 and Q4 empty read literally, as the target for H1.
    """

    DEFAULT = "default"
    DUE_IN_PLAN_YEAR = "due-in-plan-year"
    H1_LITERAL = "h1-literal"


READINGS = tuple(Reading)


class CompletionBand(Code):
    """Bands of expected completion the quarterly report counts tasks in, instead of a mean
    that would average unlike tasks: exactly 0, then above the previous bound up to 25, 50, 75, 100 %."""

    ZERO = "0"
    UP_TO_25 = "0-25"
    UP_TO_50 = "25-50"
    UP_TO_75 = "50-75"
    UP_TO_100 = "75-100"


COMPLETION_BANDS = tuple(CompletionBand)
# Headline numbers of a quarterly report, in the order its sensitivity table lists them
# (member names are the codes in upper case, e.g. QuarterMeasure.STATUS_ON_TRACK).
QuarterMeasure = Code("QuarterMeasure", [
    (re.sub(r"[^0-9A-Za-z]+", "_", code).upper(), code) for code in (
        "milestones-due", "milestones-numeric", "tasks-with-milestones-due", "tasks-due", "tasks-expected",
        *(f"expected-{band}" for band in COMPLETION_BANDS),
        *(f"status-{status}" for status in STATUSES),
    )
], module=__name__)
QUARTER_MEASURES = tuple(QuarterMeasure)


class FigureFormat(Code):
    """File formats every figure is written in (each with a CSV of its data)."""

    PNG = "png"
    SVG = "svg"
    PDF = "pdf"


FIGURE_FORMATS = tuple(FigureFormat)


class TownBucket(Code):
    """The "town" of a row that cannot sit in one town: a district-wide task (11个街镇), or a
    task that names no place (相关街镇 without a breakdown, "/"). Kept in Chinese like every
    canonical town name."""

    DISTRICT_WIDE = "全区"
    UNSPECIFIED = "未指明"


TOWN_DISTRICT_WIDE = TownBucket.DISTRICT_WIDE
TOWN_UNSPECIFIED = TownBucket.UNSPECIFIED
TOWN_BUCKETS = tuple(TownBucket)


class Rule(Code):
    """How a task's disclosed investment is attributed to towns, in the order they are shown:
    the first three put money in towns, the last two in the town buckets."""

    SINGLE_TOWN = "single-town"
    PROPORTIONAL = "proportional"
    EQUAL_SPLIT = "equal-split"
    DISTRICT_WIDE = "district-wide"
    UNATTRIBUTED = "unattributed"


ALLOCATION_RULES = tuple(Rule)


class SensitivityRule(Code):
    """Rules only the sensitivity check of the town attribution uses: a split by the formula a
    task's 资金来源 states (an amount per area and matching ratios), an equal split by the
    areas (片区) its 建设规模 lists, and a district-wide amount spread equally over the towns."""

    FUNDING_FORMULA = "funding-formula"
    AREA_SPLIT = "area-split"
    DISTRICT_SPREAD = "district-spread"


SENSITIVITY_RULES = tuple(SensitivityRule)
# Rules that place money in towns by an assumption rather than by the list's own words or
# figures: their amounts are the "share attributed by assumption".
ASSUMED_RULES = (Rule.EQUAL_SPLIT, *SENSITIVITY_RULES)


class Scenario(Code):
    """The sets of town-attribution rules the investment report compares: the default rules,
    then each alternative (shown only when the loaded list gives it something to change)."""

    DEFAULT = "default"
    FUNDING_FORMULA = "funding-formula"
    AREA_SPLIT = "area-split"
    NO_EQUAL_SPLIT = "no-equal-split"
    DISTRICT_SPREAD = "district-spread"


ALLOCATION_SCENARIOS = tuple(Scenario)
# Suffix of the boolean column that says, per row, whether the amount in the column it
# names includes an approximate (约) figure: ``investment_wan_approx`` for ``investment_wan``.
# Report tables mark those amounts ≈ and do not show the flag column itself.
APPROX_SUFFIX = "_approx"
# The funding "combination" of a task whose 资金来源 names no level (e.g. "/").
FUNDING_NONE = "none"

# How the published list writes "none / not stated" in a cell.
NONE_MARKER = "/"


class CellStatus(Code):
    """Whether a published cell is filled, says "/" (the list's own word for none) or is empty."""

    FILLED = "filled"
    NONE_MARKER = "none-marker"
    EMPTY = "empty"


CELL_STATUSES = tuple(CellStatus)


class TotalsStatus(Code):
    """Whether a stated total agrees with the sum of its per-town breakdown."""

    AGREES = "agrees"
    MISMATCH = "mismatch"
    NO_STATED_TOTAL = "no-stated-total"


TOTALS_STATUSES = tuple(TotalsStatus)


class ProblemKind(Code):
    """Every kind of problem the loader can report, in the order reports list them.

    A name written twice in one cell (REPEATED_NAME) is read once; a spreadsheet formula in
    a number cell (FORMULA) is read as the value the file saved for it.
    """

    ALIAS = "alias"
    REPEATED_NAME = "repeated-name"
    TOTAL_MISMATCH = "total-mismatch"
    DATE_OUTSIDE_PLAN_YEAR = "date-outside-plan-year"
    EMPTY_FIELD = "empty-field"
    SCOPE_BREAKDOWN_MISMATCH = "scope-breakdown-mismatch"
    MISSING_FOOTER = "missing-footer"
    MISSING_TITLE = "missing-title"
    NUMBER_WITHOUT_UNIT = "number-without-unit"
    UNCLASSIFIED_FUNDING = "unclassified-funding"
    MILESTONE_REGRESSION = "milestone-regression"
    NO_ENGLISH_NAME = "no-english-name"
    SCOPE_FROM_TEXT = "scope-from-text"
    FORMULA = "formula"


PROBLEM_KINDS = tuple(ProblemKind)


class ProgressProblemKind(Code):
    """Problems a progress file may have (qpanalysis.ingest.progress.progress_problems): a
    formula read as its saved value, and a percentage of at most 1 among larger ones, which
    may be a fraction typed for a percentage (0.9 for 90 %)."""

    FORMULA = "formula"
    PERCENT_AS_FRACTION = "percent-as-fraction"


PROGRESS_PROBLEM_KINDS = tuple(ProgressProblemKind)


class PlaceKind(Code):
    """Kinds of place name that analysis/consistency.py compares between a task's fields: a
    town (街镇, from the reference), a unit (…单元), an area (…片区) and a village (…村)."""

    TOWN = "town"
    UNIT = "unit"
    AREA = "area"
    VILLAGE = "village"


PLACE_KINDS = tuple(PlaceKind)


class ReadingRule(Code):
    """Rules by which a published cell was read (qpanalysis.analysis.quality.interpretations),
    in the order of the published fields they apply to."""

    NONE_MARKER = "none-marker"
    EMPTY_CELL = "empty-cell"
    PLAIN_NUMBER = "plain-number"
    APPROX_PREFIX = "approx-prefix"
    YEAR_MONTH = "year-month"
    OUTSIDE_PLAN_YEAR = "outside-plan-year"
    CANONICAL_NAME = "canonical-name"
    ALIAS = "alias"
    SPLIT_NAMES = "split-names"
    EXPLICIT = "explicit"
    DISTRICT_WIDE = "district-wide"
    DISTRICT_WIDE_BY_TEXT = "district-wide-by-text"
    FROM_BREAKDOWN = "from-breakdown"
    RELATED_TOWNS_UNRESOLVED = "related-towns-unresolved"
    LABELLED_TOTAL = "labelled-total"
    PER_TOWN_BREAKDOWN = "per-town-breakdown"
    PROSE_NUMBER = "prose-number"
    NUMBER_WITHOUT_UNIT = "number-without-unit"
    NO_NUMBER = "no-number"
    KEYWORDS = "keywords"
    UNCLASSIFIED = "unclassified"
    COMPLETION_PERCENT = "completion-percent"
    SEVERAL_PERCENTS = "several-percents"
    COMPLETION_QUANTITY = "completion-quantity"
    INDICATOR_PERCENT = "indicator-percent"
    QUALITATIVE = "qualitative"
    CUMULATIVE = "cumulative"
    APPROX_TARGET = "approx-target"
    WHOLE_YEAR = "whole-year"


READING_RULES = tuple(ReadingRule)

# Every closed vocabulary above, for the tests that check each has unique values and labels.
VOCABULARIES = (
    Lang, Period, Role, DepartmentKind, Basis, TargetKind, AppliesTo, FundingLevel, LineKind, Disclosure, Status,
    Reading, CompletionBand, QuarterMeasure, FigureFormat, TownBucket, Rule, SensitivityRule, Scenario, CellStatus,
    TotalsStatus, ProblemKind, ProgressProblemKind, PlaceKind, ReadingRule,
)


def check(value, allowed: tuple, what: str) -> None:
    """Raise a plain ValueError when ``value`` is not one of ``allowed``.

    Example:
        >>> check("zh", LANGS, "lang")
        >>> check("fr", LANGS, "lang")
        Traceback (most recent call last):
        ...
        ValueError: lang must be one of ('zh', 'en'), not 'fr'
    """
    allowed = tuple(str(code) for code in allowed)
    if value not in allowed:
        raise ValueError(f"{what} must be one of {allowed}, not {value!r}")
