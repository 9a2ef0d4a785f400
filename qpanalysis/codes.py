"""Every vocabulary of the package, in one place: languages, periods, roles, bases, kinds, statuses.

Each code is an internal, language-neutral key. What a reader sees for a code (in
Chinese or English) lives in ``data/reference/labels.csv``, never here.
"""

from __future__ import annotations

# Report languages: Chinese first, because the source list is Chinese.
LANGS = ("zh", "en")

# Milestone periods of the list (上半年目标 / 第三季度目标 / 第四季度目标), in order. The list
# has no Q1/Q2 columns, so H1 is a reporting period of its own.
PERIODS = ("H1", "Q3", "Q4")
# First and last month of each period in the plan year.
PERIOD_MONTHS = {"H1": (1, 6), "Q3": (7, 9), "Q4": (10, 12)}
# Position of each period within a task, for sorting ties (H1 before Q3 before Q4).
PERIOD_ORDER = {period: index for index, period in enumerate(PERIODS)}

# A department's role in a task: the first listed in 牵头部门 leads, the others co-lead.
ROLE_LEAD = "lead"
ROLE_CO_LEAD = "co-lead"
ROLES = (ROLE_LEAD, ROLE_CO_LEAD)
# Kinds of department in the reference table.
DEPARTMENT_KINDS = ("government", "party")

# How a task was linked to a town (see docs/assumptions_and_caveats.md#town-basis).
BASIS_EXPLICIT = "explicit"
BASIS_DISTRICT_WIDE = "district-wide"
BASIS_FROM_BREAKDOWN = "from-breakdown"
BASIS_UNSPECIFIED = "unspecified"
TOWN_BASES = (BASIS_EXPLICIT, BASIS_DISTRICT_WIDE, BASIS_FROM_BREAKDOWN, BASIS_UNSPECIFIED)

# What a milestone text states: a completion percentage, a completed quantity, words only, nothing.
KIND_PERCENT = "percent"
KIND_QUANTITY = "quantity"
KIND_QUALITATIVE = "qualitative"
KIND_NONE = "none"
TARGET_KINDS = (KIND_PERCENT, KIND_QUANTITY, KIND_QUALITATIVE, KIND_NONE)
# Milestone kinds that carry a number a progress report can be compared with.
NUMERIC_KINDS = (KIND_PERCENT, KIND_QUANTITY)
# Whether a milestone text applies to its own period, or (an H1 text with Q3 and Q4 empty)
# to the whole year.
APPLIES_TO = ("period", "year")

# Levels of government (or self-funding) that 资金来源 may name, from the top down.
FUNDING_LEVELS = ("central", "municipal", "district", "town", "village", "self-raised")

# What each line of a source file was read as.
LINE_KINDS = ("blank", "title", "header", "section", "task", "footer")

# Whether a task discloses its total investment.
DISCLOSURE_EXACT = "exact"
DISCLOSURE_APPROXIMATE = "approximate"
DISCLOSURE_NONE = "not-disclosed"
DISCLOSURE_STATUSES = (DISCLOSURE_EXACT, DISCLOSURE_APPROXIMATE, DISCLOSURE_NONE)

# Progress statuses in display order (best to worst, then the two without a rating).
STATUS_DONE = "done"
STATUS_AHEAD = "ahead"
STATUS_ON_TRACK = "on track"
STATUS_BEHIND = "behind"
# Progress was reported as a percentage, but the task states no single numeric target
# (qualitative texts, or a task whose batches have separate percentages) to compare it with.
STATUS_NO_TARGET = "no target"
STATUS_NO_DATA = "no data"
STATUSES = (STATUS_DONE, STATUS_AHEAD, STATUS_ON_TRACK, STATUS_BEHIND, STATUS_NO_TARGET, STATUS_NO_DATA)

# Readings of the two quarterly rules a reasonable reader could take otherwise
# (docs/assumptions_and_caveats.md#whole-year-h1-targets and #due-month-outside-plan-year):
# the default (an H1 text with Q3 and Q4 empty is the whole year's target; a due month is
# read as written); a due month before the plan year read as the same month of the plan
# year; an H1 text with Q3 and Q4 empty read literally, as the target for H1.
READING_DEFAULT = "default"
READING_DUE_IN_PLAN_YEAR = "due-in-plan-year"
READING_H1_LITERAL = "h1-literal"
READINGS = (READING_DEFAULT, READING_DUE_IN_PLAN_YEAR, READING_H1_LITERAL)
# Bands of expected completion the quarterly report counts tasks in, instead of a mean that
# would average unlike tasks: exactly 0, then above the previous bound up to 25, 50, 75, 100 %.
COMPLETION_BANDS = ("0", "0-25", "25-50", "50-75", "75-100")
# Headline numbers of a quarterly report, in the order its sensitivity table lists them.
QUARTER_MEASURES = (
    "milestones-due", "milestones-numeric", "tasks-with-milestones-due", "tasks-due", "tasks-expected",
    *(f"expected-{band}" for band in COMPLETION_BANDS),
    *(f"status-{status}" for status in STATUSES),
)

# File formats every figure is written in (each with a CSV of its data).
FIGURE_FORMATS = ("png", "svg", "pdf")

# The "town" of a row that cannot sit in one town: a district-wide task (11个街镇), or a
# task that names no place (相关街镇 without a breakdown, "/"). Kept in Chinese like every
# canonical town name.
TOWN_DISTRICT_WIDE = "全区"
TOWN_UNSPECIFIED = "未指明"
TOWN_BUCKETS = (TOWN_DISTRICT_WIDE, TOWN_UNSPECIFIED)

# How a task's disclosed investment is attributed to towns, in the order they are shown:
# the first three put money in towns, the last two in the buckets above.
RULE_SINGLE_TOWN = "single-town"
RULE_PROPORTIONAL = "proportional"
RULE_EQUAL_SPLIT = "equal-split"
RULE_DISTRICT_WIDE = "district-wide"
RULE_UNATTRIBUTED = "unattributed"
ALLOCATION_RULES = (RULE_SINGLE_TOWN, RULE_PROPORTIONAL, RULE_EQUAL_SPLIT, RULE_DISTRICT_WIDE, RULE_UNATTRIBUTED)
# Rules only the sensitivity check of the town attribution uses: a split by the formula a
# task's 资金来源 states (an amount per area and matching ratios), an equal split by the
# areas (片区) its 建设规模 lists, and a district-wide amount spread equally over the towns.
RULE_FUNDING_FORMULA = "funding-formula"
RULE_AREA_SPLIT = "area-split"
RULE_DISTRICT_SPREAD = "district-spread"
SENSITIVITY_RULES = (RULE_FUNDING_FORMULA, RULE_AREA_SPLIT, RULE_DISTRICT_SPREAD)
# Rules that place money in towns by an assumption rather than by the list's own words or
# figures: their amounts are the "share attributed by assumption".
ASSUMED_RULES = (RULE_EQUAL_SPLIT, *SENSITIVITY_RULES)
# The sets of town-attribution rules the investment report compares: the default rules,
# then each alternative (shown only when the loaded list gives it something to change).
SCENARIO_DEFAULT = "default"
SCENARIO_FUNDING_FORMULA = "funding-formula"
SCENARIO_AREA_SPLIT = "area-split"
SCENARIO_NO_EQUAL_SPLIT = "no-equal-split"
SCENARIO_DISTRICT_SPREAD = "district-spread"
ALLOCATION_SCENARIOS = (SCENARIO_DEFAULT, SCENARIO_FUNDING_FORMULA, SCENARIO_AREA_SPLIT, SCENARIO_NO_EQUAL_SPLIT,
                        SCENARIO_DISTRICT_SPREAD)
# Suffix of the boolean column that says, per row, whether the amount in the column it
# names includes an approximate (约) figure: ``investment_wan_approx`` for ``investment_wan``.
# Report tables mark those amounts ≈ and do not show the flag column itself.
APPROX_SUFFIX = "_approx"
# The funding "combination" of a task whose 资金来源 names no level (e.g. "/").
FUNDING_NONE = "none"

# How the published list writes "none / not stated" in a cell.
NONE_MARKER = "/"

# Whether a published cell is filled, says "/" (the list's own word for none) or is empty.
CELL_FILLED = "filled"
CELL_NONE_MARKER = "none-marker"
CELL_EMPTY = "empty"
CELL_STATUSES = (CELL_FILLED, CELL_NONE_MARKER, CELL_EMPTY)

# Whether a stated total agrees with the sum of its per-town breakdown.
TOTALS_STATUSES = ("agrees", "mismatch", "no-stated-total")

# Every kind of problem the loader can report, in the order reports list them. A name
# written twice in one cell (repeated-name) is read once; a spreadsheet formula in a number
# cell (formula) is read as the value the file saved for it.
PROBLEM_KINDS = (
    "alias", "repeated-name", "total-mismatch", "date-outside-plan-year", "empty-field", "scope-breakdown-mismatch",
    "missing-footer", "missing-title", "number-without-unit", "unclassified-funding",
    "milestone-regression", "no-english-name", "scope-from-text", "formula",
)
# Problems a progress file may have (qpanalysis.ingest.progress.progress_problems): a formula
# read as its saved value, and a percentage of at most 1 among larger ones, which may be a
# fraction typed for a percentage (0.9 for 90 %).
PROGRESS_PROBLEM_KINDS = ("formula", "percent-as-fraction")
# Kinds of place name that analysis/consistency.py compares between a task's fields: a town
# (街镇, from the reference), a unit (…单元), an area (…片区) and a village (…村).
PLACE_KINDS = ("town", "unit", "area", "village")
# Rules by which a published cell was read (qpanalysis.analysis.quality.interpretations),
# in the order of the published fields they apply to.
READING_RULES = (
    "none-marker", "empty-cell", "plain-number", "approx-prefix", "year-month", "outside-plan-year",
    "canonical-name", "alias", "split-names", "explicit", "district-wide", "district-wide-by-text",
    "from-breakdown", "related-towns-unresolved", "labelled-total", "per-town-breakdown", "prose-number",
    "number-without-unit", "no-number", "keywords", "unclassified", "completion-percent",
    "several-percents", "completion-quantity", "indicator-percent", "qualitative", "cumulative",
    "approx-target", "whole-year",
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
    if value not in allowed:
        raise ValueError(f"{what} must be one of {allowed}, not {value!r}")
