"""One display function for every table of every report: labels from data/reference/, values formatted for reading."""

from __future__ import annotations

import hashlib
import html
import numbers
import re
from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler

from qpanalysis import codes
from qpanalysis.display import labels as lb
from qpanalysis.display import messages as msg
from qpanalysis.ingest.reference import Reference, load_reference

# The key of a columns.csv row that labels every column of a wide table without a row of
# its own (a section number, a month, a town, a metric); "{}" in its labels stands for the
# column's own label.
ANY_COLUMN = "*"
# Decimals shown at most: amounts (万元) have at most two in the list; percentages are
# read to a tenth of a point.
MAX_DECIMALS = 2
MAX_PERCENT_DECIMALS = 1
# Cell kinds of columns.csv that hold numbers (shown right-aligned).
NUMBER_CELLS = ("id", "share", "percent")
# Cell kinds never broken across lines (a date split at its hyphen reads badly).
NOWRAP_CELLS = ("id", "share", "percent", "count", "number", "date", "month")
# Columns that exist in both languages (``explanation_zh``, ``explanation_en``): a table
# keeps the one of its language under the shared name.
LANG_SUFFIXES = tuple(f"_{lang}" for lang in codes.LANGS)
# The mimetype of a table's machine-readable form (:class:`TableModel`), shown beside its
# HTML: the PDF reads it (:mod:`qpanalysis.reports.typst.tables`); Jupyter and nbconvert
# show the HTML and pass over a type they do not know.
TABLE_MIMETYPE = "application/vnd.qpanalysis.table+json"
# How a column is aligned: numbers to the right, text to the left.
ALIGNMENTS = ("left", "right")


def _reference(reference: Reference | None) -> Reference:
    return reference or load_reference()


def column_spec(column, of: str | None = None, reference: Reference | None = None) -> dict:
    """The columns.csv row that labels a column: the table's own row, else the shared one, else ``*``.

    Args:
        column: The column of an analysis result (``investment_wan``, or a value such as a
            town in a wide table).
        of: The table's name (the analysis function that made it, e.g.
            ``"investment_disclosure"``), for columns whose meaning depends on the table.
        reference: Reference tables; the bundled ones by default.

    Returns:
        ``{"zh", "en", "unit", "cells", "headers", "any"}``; ``any`` is True for a wide
        table's ``*`` row.

    Raises:
        ValueError: When no row labels the column: every column a reader sees needs one.

    Example:
        >>> column_spec("status", "investment_disclosure")["cells"]
        'disclosure_status'
        >>> column_spec("bogus")
        Traceback (most recent call last):
        ...
        ValueError: column 'bogus' has no label in data/reference/columns.csv (table None)
    """
    specs = lb.lookup(reference, "column_specs", _column_specs)
    for where, key in ((of or "", str(column)), ("", str(column)), (of or "", ANY_COLUMN)):
        if key == ANY_COLUMN and not of:
            continue
        if (where, key) in specs:
            return {**specs[where, key], "any": key == ANY_COLUMN}
    raise ValueError(f"column {column!r} has no label in data/reference/columns.csv (table {of})")


def _column_specs(reference: Reference) -> dict[tuple[str, str], dict]:
    """(table, column) → the first columns.csv row for it, as :func:`column_spec` gives it (table "" for a shared row)."""
    specs: dict[tuple[str, str], dict] = {}
    table = reference.columns
    for where, row in zip(table["table"].fillna(""), table.to_dict("records")):
        specs.setdefault((where, row["column"]), {
            "zh": row["zh"], "en": row["en"], "unit": row["unit"] if pd.notna(row["unit"]) else None,
            "cells": row["cells"] if pd.notna(row["cells"]) else "",
            "headers": row["headers"] if pd.notna(row["headers"]) else "",
        })
    return specs


def header(column, lang: str, of: str | None = None, *, units: dict | None = None,
           reference: Reference | None = None) -> str:
    """A column's heading in ``lang``, with its unit.

    Args:
        column: The result column (or, in a wide table, the value heading the column).
        lang: ``"zh"`` or ``"en"``.
        of: The table's name (see :func:`column_spec`).
        units: Metric → unit, for the metric columns of a wide table.

    Example:
        >>> header("investment_wan", "en"), header("investment_wan", "zh")
        ('Investment (10,000 yuan)', '总投资（万元）')
        >>> header(3, "zh", "section_department_matrix"), header("2025-11", "en", "deadline_matrix")
        ('板块3', 'Nov 2025')
    """
    spec = column_spec(column, of, reference)
    text = spec[lang]
    if spec["any"]:
        value = _header_value(column, spec["headers"], lang, units or {}, reference)
        text = text.format(value)
    return lb.with_unit(text, spec["unit"], lang, reference)


def _header_value(column, kind: str, lang: str, units: dict, reference) -> str:
    if kind == "month":
        return month_label(column, lang)
    if kind == "metric":
        return lb.metric_label(column, units.get(column), lang, reference)
    if kind:
        return lb.name(column, kind, lang, reference=reference)
    return str(column)


def month_label(month, lang: str) -> str:
    """A month for readers: ``2026年9月`` or ``Sep 2026``.

    Example:
        >>> month_label(pd.Period("2026-09", "M"), "zh"), month_label("2025-11", "en")
        ('2026年9月', 'Nov 2025')
    """
    return msg.date(pd.Period(month, "M").start_time, lang, "format.date.month_abbreviated")


def _unindexed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with a meaningful (named) index as columns, a plain row counter dropped,
    and the ``_zh``/``_en`` pair of a column reduced to the one in ``lang``."""
    out = frame.reset_index() if any(n is not None for n in frame.index.names) else frame.reset_index(drop=True)
    for column in list(out.columns):
        if isinstance(column, str) and column.endswith(f"_{lang}"):
            base = column.removesuffix(f"_{lang}")
            others = [base + s for s in LANG_SUFFIXES if base + s != column]
            if all(o in out.columns for o in others):
                out = out.drop(columns=others).rename(columns={column: base})
    return out


def _missing(value) -> bool:
    if isinstance(value, (tuple, list)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _kind_of(series: pd.Series, cells: str) -> str:
    """The cell kind of a column: the one columns.csv gives, else one read from its values."""
    if cells:
        return cells
    values = series.dropna()
    if pd.api.types.is_bool_dtype(series) or (len(values) and values.map(lambda v: isinstance(v, bool)).all()):
        return "boolean"
    if isinstance(series.dtype, pd.PeriodDtype):
        return "month"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_integer_dtype(series):
        return "count"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if len(values) and values.map(lambda v: isinstance(v, tuple)).all():
        return "ids"
    if len(values) and values.map(lambda v: isinstance(v, numbers.Number)).all():
        return "number"
    return "text"


def _decimals(values: pd.Series, cap: int) -> int:
    """The fewest decimals (up to ``cap``) that show every value of a column exactly."""
    numbers_ = pd.to_numeric(values, errors="coerce").dropna()
    for digits in range(cap + 1):
        if ((numbers_.round(digits) - numbers_).abs() < 1e-9).all():
            return digits
    return cap


def _ids(value, lang: str, reference) -> str:
    parts = [str(int(v)) if isinstance(v, numbers.Number) else str(v) for v in value] if isinstance(
        value, (tuple, list)) else [p.strip() for p in str(value).split(",")]
    return lb.label("mark", "joiner", lang, reference).join(p for p in parts if p)


def _joined(value: str, kind: str, lang: str, reference) -> str:
    """Codes joined with ``+`` (reading rules, funding levels), each labelled."""
    parts = str(value).split(lb.CODE_JOIN)
    if kind == "reading_rules":
        shown = lb.labels(parts, "reading_rule", lang, reference)
        return lb.label("mark", "joiner", lang, reference).join(shown)
    shown = lb.names(parts, "funding_level", lang, reference=reference)
    return msg.text("table.funding_levels.joiner", lang).join(shown)


def _cells(series: pd.Series, kind: str, lang: str, *, text: bool, reference, digits: int | None = None) -> pd.Series:
    """A column's values for readers: as text (``text=True``, numbers with ``digits``
    decimals, by default the fewest the column needs), or as data for a CSV file (names,
    codes and booleans labelled, numbers kept as numbers)."""
    missing = lb.label("mark", "missing", lang, reference) if text else None
    present = series.map(lambda v: not _missing(v))
    values = series[present]

    def shown(converted) -> pd.Series:
        out = pd.Series(missing, index=series.index, dtype=object)
        out[present] = list(converted)
        return out

    if kind in lb.VOCABULARIES:
        return shown(lb.labels(values, kind, lang, reference))
    if kind in lb.NAME_COLUMNS or kind in ("metric", "field", "unit"):
        return shown(lb.names(values, kind, lang, original=True, reference=reference))
    if kind in ("reading_rules", "funding_levels"):
        return shown(_joined(v, kind, lang, reference) for v in values)
    if kind == "ids":
        return shown(_ids(v, lang, reference) for v in values)
    if kind == "month":
        return shown((month_label(v, lang) if text else str(pd.Period(v, "M"))) for v in values)
    if kind == "date":
        return shown(pd.Timestamp(v).strftime("%Y-%m-%d") for v in values)
    if kind == "text":
        return shown(str(v) for v in values)
    numeric = _numbers(values, kind)
    if not text:  # numbers stay numbers; whole counts and ids as integers (empty where missing)
        whole = kind in ("count", "id") and bool((numeric % 1 == 0).all())
        return numeric.reindex(series.index).astype("Int64" if whole else float)
    if kind == "id":
        return shown(f"{v:.0f}" for v in numeric)
    if digits is None:
        digits = _decimals(numeric, _cap(kind))
    return shown(f"{v:,.{digits}f}" for v in numeric)


def _numbers(values: pd.Series, kind: str) -> pd.Series:
    """A column's numbers as shown: a share (0.25) as a percentage (25.0)."""
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    return (numeric * 100).round(10) if kind == "share" else numeric  # no float noise such as 19.833000000000002


def _cap(kind: str) -> int:
    return MAX_PERCENT_DECIMALS if kind in ("share", "percent") else MAX_DECIMALS


def shared_decimals(columns: list[tuple[pd.Series, str, str | None]]) -> list[int | None]:
    """Decimals of each column of a table: columns of numbers in the same unit share one
    number of decimals, the fewest that show every value of them all exactly.

    A row then reads alike across its amounts (288,616.40 | 415.07, not 288,616.4 | 415.07),
    and an amount keeps its decimals whichever of the table's columns it stands in.

    Args:
        columns: For each column, its values, its cell kind and its unit (None: no unit).

    Returns:
        For each column, its decimals; None for a column that is not a number with a
        unit (ids, counts, text, numbers without a unit decide for themselves).

    Example:
        >>> s = pd.Series
        >>> shared_decimals([(s([288616.4]), "number", "万元"), (s([415.07, 253.0]), "number", "万元"),
        ...                  (s([0.8456]), "share", "%"), (s([99.1]), "percent", "%"), (s([3]), "count", None)])
        [2, 2, 1, 1, None]
    """
    groups: dict[tuple, int] = {}
    keys = []
    for values, kind, unit in columns:
        key = (_cap(kind), unit) if unit and kind in ("number", "share", "percent") else None
        keys.append(key)
        if key is not None:
            digits = _decimals(_numbers(values[values.map(lambda v: not _missing(v))], kind), key[0])
            groups[key] = max(groups.get(key, 0), digits)
    return [None if key is None else groups[key] for key in keys]


def _approx_flags(source: pd.DataFrame) -> dict:
    """Value column → its flag column (``<column>_approx``) of approximate amounts, where both exist."""
    return {
        column.removesuffix(codes.APPROX_SUFFIX): column for column in source.columns
        if isinstance(column, str) and column.endswith(codes.APPROX_SUFFIX)
        and column.removesuffix(codes.APPROX_SUFFIX) in source.columns
    }


def _build(frame: pd.DataFrame, lang: str, of, units, reference, *, text: bool):
    lb.check_lang(lang)
    reference = _reference(reference)
    source = _unindexed(frame, lang)
    flags = _approx_flags(source)
    flag_of = {flag: value for value, flag in flags.items()}
    specs = {position: column_spec(column, of, reference) for position, column in enumerate(source.columns)
             if column not in flag_of}
    kinds = {position: _kind_of(source.iloc[:, position], spec["cells"]) for position, spec in specs.items()}
    digits = dict(zip(specs, shared_decimals([
        (source.iloc[:, position], kinds[position], spec["unit"] or (units or {}).get(source.columns[position]))
        for position, spec in specs.items()])))
    columns, numeric, nowrap, out = [], [], [], {}
    for position, column in enumerate(source.columns):
        series = source.iloc[:, position]
        if column in flag_of:  # shown as ≈ on its amounts; kept as its own column in data files
            if text:
                continue
            base = header(flag_of[column], lang, of, units=units, reference=reference)
            columns.append(lb.label("mark", "approx_header", lang, reference).format(base))
            numeric.append(False)
            nowrap.append(True)
            out[position] = _cells(series.fillna(False).astype(bool), "boolean", lang, text=text, reference=reference)
            continue
        kind = kinds[position]
        heading = header(column, lang, of, units=units, reference=reference)
        columns.append(heading)
        numeric.append(kind in NUMBER_CELLS or kind in ("count", "number"))
        nowrap.append(kind in NOWRAP_CELLS)
        out[position] = _cells(series, kind, lang, text=text, reference=reference, digits=digits[position])
        if text and column in flags:
            marked = source[flags[column]].fillna(False).astype(bool).to_numpy() & series.map(
                lambda v: not _missing(v)).to_numpy(dtype=bool)
            mark = lb.label("mark", "approx", lang, reference)
            out[position] = out[position].where(~marked, mark + out[position].astype(str))
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise ValueError(f"two columns would read {repeated} in {lang}; give one of them a table-specific "
                         f"label in data/reference/columns.csv (table {of})")
    result = pd.DataFrame(out)
    result.columns = columns
    return result, numeric, nowrap


def labelled(frame: pd.DataFrame, lang: str, *, of: str | None = None, units: dict | None = None,
             reference: Reference | None = None) -> pd.DataFrame:
    """A result table as data for readers of ``lang``, e.g. the CSV next to a figure.

    Headers, codes, names and booleans are labelled from data/reference/; numbers stay
    numbers (shares become percentages, as their headers say), missing values stay
    empty, and a plain row counter is dropped. A flag column of approximate amounts
    (``<column>_approx``) stays a column of its own, headed after its amount.

    Example:
        >>> t = pd.DataFrame({"status": ["approximate"], "tasks": [1], "share_of_disclosed": [0.25]})
        >>> labelled(t, "en", of="investment_disclosure").to_dict("records")
        [{'Disclosure': 'Approximate (约)', 'Tasks': 1, 'Share of disclosed total (%)': 25.0}]
    """
    return _build(frame, lang, of, units, reference, text=False)[0]


def formatted(frame: pd.DataFrame, lang: str, *, of: str | None = None, units: dict | None = None,
              reference: Reference | None = None) -> pd.DataFrame:
    """A result table as text for reading: every cell a string, see :func:`table`.

    Example:
        >>> t = pd.DataFrame({"task_id": [7, 28], "investment_wan": [1234.5, None], "in_plan_year": [True, False]})
        >>> formatted(t, "zh").values.tolist()
        [['7', '1,234.5', '是'], ['28', '—', '否']]
        >>> t = pd.DataFrame({"investment_wan": [68916.0, 69.7], "investment_wan_approx": [True, False]})
        >>> formatted(t, "en").to_dict("list")
        {'Investment (10,000 yuan)': ['≈68,916.0', '69.7']}
        >>> list(labelled(t, "en").columns)
        ['Investment (10,000 yuan)', 'Investment (10,000 yuan): includes an approximate (≈) amount']
    """
    return _build(frame, lang, of, units, reference, text=True)[0]


@dataclass(frozen=True)
class TableModel:
    """A table as every report shows it, whatever draws it: headings, cells as text, how columns are set.

    The HTML of :func:`table` and the PDF's Typst table are both drawn from it; it travels
    in an executed notebook as JSON (:data:`TABLE_MIMETYPE`).

    Attributes:
        columns: The headings, with their units.
        rows: The cells as readers see them ("—" for an unknown value).
        align: ``"left"`` or ``"right"`` (numbers) for each column.
        nowrap: For each column, whether its cells are kept on one line (ids, dates, numbers).

    Example:
        >>> model = TableModel(("Task", "Tasks"), (("a", "1"),), ("left", "right"), (False, True))
        >>> TableModel.from_json(model.to_json()) == model
        True
        >>> TableModel.from_json({"columns": ["a"], "rows": [["1", "2"]], "align": ["left"], "nowrap": [False]})
        Traceback (most recent call last):
        ...
        ValueError: table model: row 1 has 2 cells for 1 columns
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]
    nowrap: tuple[bool, ...]

    def __post_init__(self) -> None:
        width = len(self.columns)
        if len(self.align) != width or len(self.nowrap) != width:
            raise ValueError(f"table model: {len(self.align)} alignments and {len(self.nowrap)} wrap flags "
                             f"for {width} columns")
        unknown = sorted(set(self.align) - set(ALIGNMENTS))
        if unknown:
            raise ValueError(f"table model: unknown alignment {unknown}; expected one of {ALIGNMENTS}")
        for number, row in enumerate(self.rows, 1):
            if len(row) != width:
                raise ValueError(f"table model: row {number} has {len(row)} cells for {width} columns")

    @property
    def frame(self) -> pd.DataFrame:
        """The cells as a frame of text under the headings."""
        return pd.DataFrame(list(self.rows), columns=list(self.columns), dtype=object)

    def to_json(self) -> dict:
        """The model as JSON data (lists of strings and booleans)."""
        return {"columns": list(self.columns), "rows": [list(row) for row in self.rows],
                "align": list(self.align), "nowrap": list(self.nowrap)}

    @classmethod
    def from_json(cls, data: dict) -> TableModel:
        """A model from :meth:`to_json`'s data.

        Raises:
            ValueError: When a part is missing or the parts do not fit together.
        """
        missing = [key for key in ("columns", "rows", "align", "nowrap") if key not in data]
        if missing:
            raise ValueError(f"table model: no {', '.join(missing)}")
        return cls(tuple(str(c) for c in data["columns"]), tuple(tuple(str(c) for c in row) for row in data["rows"]),
                   tuple(data["align"]), tuple(bool(n) for n in data["nowrap"]))


class Table(Styler):
    """A styled table that carries its :class:`TableModel`: HTML for Jupyter, the model as
    JSON beside it for the PDF, and the formatted table as plain text (terminals, nbval)."""

    model: TableModel | None = None

    @property
    def plain(self) -> pd.DataFrame | None:
        """The formatted table as text."""
        return None if self.model is None else self.model.frame

    def __repr__(self) -> str:
        return (self.plain if self.plain is not None else self.data).to_string(index=False)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The model as JSON (:data:`TABLE_MIMETYPE`); IPython adds the HTML and the text."""
        return {} if self.model is None else {TABLE_MIMETYPE: self.model.to_json()}


def table(frame: pd.DataFrame, lang: str, *, of: str | None = None, units: dict | None = None,
          links: dict | None = None, reference: Reference | None = None) -> Table:
    """Any result table, ready for a report in ``lang``: the one display function of every report.

    - headers from ``data/reference/columns.csv``, with their units (``总投资（万元）``);
    - codes (statuses, bases, rules, periods, kinds…) and names (towns, departments,
      sections, tasks, metrics, fields) labelled from ``data/reference/``; in English a
      translated task name, metric or field keeps its Chinese original in brackets;
    - no row counter: a named index (a task, a town, a department) becomes a labelled
      first column;
    - missing values as "—", booleans as 是/否 or Yes/No, numbers with thousands
      separators and no more decimals than the column needs (at most 2; shares and
      percentages ×100 with at most 1), numbers right-aligned and text left-aligned;
    - an amount whose flag column (``<column>_approx``, see
      :data:`qpanalysis.codes.APPROX_SUFFIX`) is true includes an approximate (约)
      figure and is marked ≈; the flag column itself is not shown.

    Args:
        frame: A table from ``qpanalysis.analysis`` (or one of the TaskList tables).
        lang: ``"zh"`` or ``"en"``.
        of: The table's name, for columns whose meaning depends on it (the name of the
            function that made it, e.g. ``"totals_comparison"``; see columns.csv).
        units: Metric → unit, for a wide table with one column per metric.
        links: Column → link targets (one per row): those cells become links.
        reference: Reference tables; the bundled ones by default.

    Returns:
        A pandas Styler (HTML in a notebook) whose ``model`` is the :class:`TableModel`
        (displayed beside the HTML as :data:`TABLE_MIMETYPE`, for the PDF), and whose
        ``plain`` attribute and ``repr`` are the formatted table as text.

    Example:
        >>> t = pd.DataFrame({"status": ["exact", "not-disclosed"], "tasks": [25, 12],
        ...                   "investment_wan": [358825.24, None], "share_of_disclosed": [0.99224, None]})
        >>> print(repr(table(t, "en", of="investment_disclosure")))
                 Disclosure Tasks Investment (10,000 yuan) Share of disclosed total (%)
                      Exact    25               358,825.24                         99.2
        Not disclosed ("/")    12                        —                            —
    """
    shown, numeric, nowrap = _build(frame, lang, of, units, reference, text=True)
    model = TableModel(tuple(shown.columns), tuple(tuple(row) for row in shown.itertuples(index=False)),
                       tuple(ALIGNMENTS[is_number] for is_number in numeric), tuple(nowrap))
    escaped = shown.map(html.escape)
    for column, targets in (links or {}).items():
        position = list(_unindexed(frame, lang).columns).index(column)
        hrefs = list(targets)
        escaped.iloc[:, position] = [
            f'<a href="{html.escape(str(href))}" target="_blank">{cell}</a>' if not _missing(href) else cell
            for cell, href in zip(escaped.iloc[:, position], hrefs)
        ]
    digest = hashlib.sha1(shown.to_csv().encode("utf-8")).hexdigest()[:10]
    styled = Table(escaped, uuid=f"qp{digest}", cell_ids=False)
    styled.model = model
    styled.hide(axis="index")
    styled.format_index(escape="html", axis=1)
    rules = []
    for position, (align, keep) in enumerate(zip(model.align, model.nowrap)):
        rules.append({"selector": f"td.col{position}, th.col_heading.col{position}",
                      "props": [("text-align", align)]})
        if keep:
            rules.append({"selector": f"td.col{position}", "props": [("white-space", "nowrap")]})
    styled.set_table_styles(rules)
    return styled


def sanity_check_table(shown: pd.DataFrame) -> None:
    """Raise when a formatted table still shows something a reader should not see.

    Checks for NaN/None/True/False cells, snake_case headers and unrounded numbers.

    Example:
        >>> sanity_check_table(pd.DataFrame({"tasks_lead": ["3"]}))
        Traceback (most recent call last):
        ...
        ValueError: snake_case header(s) ['tasks_lead']
    """
    snake = [c for c in shown.columns if re.search(r"[a-z]_[a-z]", str(c))]
    if snake:
        raise ValueError(f"snake_case header(s) {snake}")
    raw = {"nan", "NaN", "None", "True", "False", "<NA>", "NaT"}
    bad = sorted({str(v) for v in shown.to_numpy().ravel() if str(v) in raw or not isinstance(v, str)})
    if bad:
        raise ValueError(f"cells a reader should not see: {bad}")
    long = sorted({v for v in shown.to_numpy().ravel() if re.fullmatch(r"-?[\d,]*\.\d{3,}", v)})
    if long:
        raise ValueError(f"numbers with more than {MAX_DECIMALS} decimals: {long[:5]}")


__all__ = ["table", "formatted", "labelled", "header", "column_spec", "month_label", "Table", "TableModel",
           "TABLE_MIMETYPE", "sanity_check_table"]
