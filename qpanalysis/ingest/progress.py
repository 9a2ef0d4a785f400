"""Read and check a progress file (CSV or xlsx) against a task list."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pandas as pd

from qpanalysis.codes import ProgressProblemKind
from qpanalysis.errors import TaskListError
from qpanalysis.ingest.fields import header as field_header
from qpanalysis.ingest.parsing import TOO_LARGE, too_large
from qpanalysis.ingest.parsing import fold as _fold
from qpanalysis.ingest.reading import read_source
from qpanalysis.ingest.rows import Row
from qpanalysis.ingest.workbook import FORMULA_TO_VALUE, cell_name, formula_message

# Columns of a progress file, in template order. name and lead_department are copied from
# the list for the person filling it in and are not read back (the list is authoritative).
PROGRESS_COLUMNS = ("task_id", "name", "lead_department", "as_of", "percent_done", "quantity_done", "quantity_unit", "note")
# Columns a progress file must have; the others may be left out.
REQUIRED_COLUMNS = ("task_id", "as_of", "percent_done", "quantity_done")
# Chinese headers a department may type instead of the template's English ones (matched
# after NFKC folding and removing spaces, so full-width brackets are the same header).
HEADER_ALIASES = {
    field_header("task_id"): "task_id", "任务序号": "task_id", field_header("name"): "name",
    field_header("departments_raw"): "lead_department",
    "截至日期": "as_of", "填报日期": "as_of", "完成百分比": "percent_done", "完成进度(%)": "percent_done",
    "完成数量": "quantity_done", "数量单位": "quantity_unit", "单位": "quantity_unit", "备注": "note",
}
# Dates as departments write them: 2026-09-30, 2026/9/30, 2026.9.30, 2026年9月30日, or a
# spreadsheet date cell (read as "2026-09-30 00:00:00").
DATE_RE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
# A plain decimal number, optionally with thousands separators (after NFKC folding).
NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")
# Columns read as numbers or dates: a spreadsheet formula there (=B2*100, =DATE(2026,9,30)) is
# read as the value the file saved for it, and listed as a problem. The other columns read
# (quantity_unit, note) are text: a formula there is refused. name, lead_department and any
# extra column are not read, so a formula in them (=VLOOKUP(…)) does not matter.
FORMULA_COLUMNS = ("task_id", "as_of", "percent_done", "quantity_done")
TEXT_COLUMNS = ("quantity_unit", "note")
# Columns of the problems table of a progress file (as TaskList.problems).
PROBLEM_COLUMNS = ("task_id", "field", "kind", "detail", "source_line")
# A percentage above 0 and at most this, typed without "%", may be a fraction typed for a
# percentage (0.9 for 90 %): it is read as written (0.9 %), and listed as a problem when the
# file's other percentages are mostly above it (see ``fraction_problems``).
FRACTION_MAX = 1.0


def final_units(tl) -> dict[int, str]:
    """Unit of each task's quantity target (the last period that states one)."""
    m = tl.milestones.loc[tl.milestones["target_quantity"].notna()]
    return {int(t): u for t, u in zip(m["task_id"], m["target_unit"])}


def _parse_number(text: str, path, line, column) -> float:
    folded = _fold(text)
    if column == "percent_done":
        folded = folded.removesuffix("%")
    if not NUMBER_RE.match(folded):
        raise TaskListError(f"expected a number, found {text!r}", path=path, line=line, field=column)
    value = float(folded.replace(",", ""))
    if too_large([value])[0]:  # 310 digits make inf; 16 already lose digits
        raise TaskListError(f"{_fold(text)[:20]!r}… ({len(_fold(text))} characters) is too large: {TOO_LARGE}",
                            path=path, line=line, field=column)
    return value


def _check_formulas(row: Row, column_of: dict[int, str], path) -> list[str]:
    """Refuse a formula in a read cell without a saved value, or in a text column; name the others' columns.

    Returns:
        The columns of ``row`` whose formula was read as its saved value.
    """
    read = []
    for formula in row.formulas:
        column = column_of.get(formula.index)
        if column not in FORMULA_COLUMNS + TEXT_COLUMNS:
            continue  # a column that is not read
        if not formula.cached:
            raise TaskListError(formula_message(row, formula), path=path, line=row.line, field=column)
        if column in TEXT_COLUMNS:
            raise TaskListError(f"{cell_name(row, formula.index)} holds the formula {formula.text} in a text column; "
                                f"{FORMULA_TO_VALUE}", path=path, line=row.line, field=column)
        read.append((column, formula_message(row, formula)))
    return read


def fraction_problems(percent: pd.Series, typed_percent: pd.Series) -> pd.Series:
    """Which percentages may be fractions typed for percentages: 0.9 among 30, 60 and 80.

    A value above 0 and at most FRACTION_MAX, written without "%", is listed when the file
    holds more percentages above FRACTION_MAX than such values (so every other value is
    above 1 when it is the only one). A file written in fractions throughout is not
    flagged, nor a 0 (0 % either way).

    Args:
        percent: percent_done of each row (NaN where not given).
        typed_percent: Whether the cell was written with "%" (90%, or a percentage cell).

    Example:
        >>> fraction_problems(pd.Series([0.9, 30, 60, float("nan")]), pd.Series([False] * 4)).tolist()
        [True, False, False, False]
        >>> fraction_problems(pd.Series([0.9, 30]), pd.Series([True, False])).tolist()  # typed 0.9%
        [False, False]
        >>> fraction_problems(pd.Series([0.5, 0.9, 1.0]), pd.Series([False] * 3)).tolist()
        [False, False, False]
    """
    small = percent.gt(0) & percent.le(FRACTION_MAX) & ~typed_percent
    larger = int(percent.gt(FRACTION_MAX).sum())
    return small & (larger > int(small.sum()))


def progress_problems(progress: pd.DataFrame) -> pd.DataFrame:
    """The problems ``read_progress`` found in a progress file, as TaskList.problems lists a list's.

    Kinds (qpanalysis.codes.PROGRESS_PROBLEM_KINDS): ``formula`` (a number or date cell read
    as the value the file saved for its formula) and ``percent-as-fraction`` (see
    ``fraction_problems``). Each value is kept as read.

    Returns:
        task_id, field, kind, detail, source_line; empty when there are none (or for a table
        that did not come from ``read_progress``).
    """
    found = progress.attrs.get("problems")
    return found.copy() if isinstance(found, pd.DataFrame) else pd.DataFrame(columns=list(PROBLEM_COLUMNS))


def _parse_date(text: str, plan_year: int, path, line) -> pd.Timestamp:
    match = DATE_RE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        raise TaskListError(f"expected a date such as {plan_year}-09-30, found {text!r}", path=path, line=line, field="as_of")
    try:
        date = pd.Timestamp(year=int(match["y"]), month=int(match["m"]), day=int(match["d"]))
    except ValueError:
        raise TaskListError(f"{text!r} is not a calendar date", path=path, line=line, field="as_of") from None
    if date.year != plan_year:
        raise TaskListError(f"date {date.date()} is outside the plan year {plan_year}", path=path, line=line, field="as_of")
    return date


def read_progress(path, tl) -> pd.DataFrame:
    """Read and check a progress file (.csv in UTF-8/BOM/GB18030, or .xlsx, first sheet).

    In an xlsx file a cell with a percentage format holds a fraction: 90% typed in a
    spreadsheet is stored as 0.9 and read as 90, like 90% or 90 in a CSV file (the reader
    gives such a cell as the text the spreadsheet shows, ``90%``). Date cells are read as
    dates. A number typed without "%" is a percentage as written: 0.9 is 0.9 %, and is
    listed as a problem when most other percentages of the file are above 1 (it may be 90 %
    typed as a fraction). A formula in task_id, as_of, percent_done or quantity_done is read
    as the value the file saved for it, and listed as a problem; one without a saved value,
    or in quantity_unit or note, is refused.

    Args:
        path: The progress file, with the template's header row.
        tl: The TaskList the progress refers to.

    Returns:
        One row per file row (blank rows dropped): task_id, name and lead_department (from
        the list), as_of (NaT when left empty in a row without data), percent_done,
        quantity_done, quantity_unit, note, has_data (a percentage or quantity was given)
        and source_line. Rows without a percentage or quantity are kept, as "no data".
        Its problems are given by ``progress_problems``.

    Raises:
        TaskListError: Naming the file, line (or sheet row) and column, for a missing
            required column, an unknown task id, an unreadable number or date, a
            percentage outside 0–100, a negative quantity, a date outside the plan year,
            a unit other than the task's target unit, two rows for one task and date, a
            number beyond 15 digits, or a formula refused as above.
    """
    path = Path(path)
    source = read_source(path)
    rows = [r for r in source.rows if not r.is_blank or any(not f.cached for f in r.formulas)]
    if not rows:
        note = source.note()
        raise TaskListError("the progress file is empty; expected a header row " + ", ".join(PROGRESS_COLUMNS)
                            + (f"; {note}" if note else ""), path=path)
    header = rows[0]
    for formula in header.formulas:
        raise TaskListError(f"{cell_name(header, formula.index)} holds the formula {formula.text}; the header row "
                            "is read as written text: type the column names", path=path, line=header.line)
    positions: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        key = _fold(cell)
        column = key if key in PROGRESS_COLUMNS else HEADER_ALIASES.get(key)
        if column is None:
            continue  # extra columns (a department's own remarks) are allowed and ignored
        if column in positions:
            raise TaskListError(f"column {column} appears twice", path=path, line=header.line, field=cell)
        positions[column] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        note = source.note() if len(source.sheets) > 1 else ""
        raise TaskListError(
            "missing required column(s) " + ", ".join(missing) + "; the header must hold " + ", ".join(REQUIRED_COLUMNS)
            + (f"; {note}" if note else ""),
            path=path, line=header.line, field=missing[0],
        )
    column_of = {index: column for column, index in positions.items()}
    known = set(int(t) for t in tl.tasks.index)
    units = final_units(tl)
    seen: dict[tuple, int] = {}
    records = []
    formulas = []  # (task_id, column, detail, line)
    typed_percent = []  # whether each row's percent_done was written with "%"
    for row in rows[1:]:
        read_formulas = _check_formulas(row, column_of, path) if row.formulas else []
        if row.is_blank:
            continue  # kept only for its formulas without a value, all in columns that are not read
        def cell(column: str) -> str:
            index = positions.get(column)
            return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

        raw_id = cell("task_id")
        if not raw_id:
            raise TaskListError("missing task id", path=path, line=row.line, field="task_id")
        folded_id = _fold(raw_id)
        if not re.fullmatch(r"\d+(?:\.0+)?", folded_id):
            raise TaskListError(f"expected a task number, found {raw_id!r}", path=path, line=row.line, field="task_id")
        task_id = int(folded_id.partition(".")[0])  # not via float: a 400-digit id would overflow it
        if task_id not in known:
            raise TaskListError(
                f"unknown task id {str(task_id)[:20]}{'…' if task_id >= 10**20 else ''}; the list has tasks {min(known)}–{max(known)}",
                path=path, line=row.line, field="task_id",
            )
        percent = _parse_number(cell("percent_done"), path, row.line, "percent_done") if cell("percent_done") else float("nan")
        if not math.isnan(percent) and not 0 <= percent <= 100:
            raise TaskListError(f"percent_done must be between 0 and 100, found {cell('percent_done')!r}",
                                path=path, line=row.line, field="percent_done")
        quantity = _parse_number(cell("quantity_done"), path, row.line, "quantity_done") if cell("quantity_done") else float("nan")
        if not math.isnan(quantity) and quantity < 0:
            raise TaskListError(f"quantity_done cannot be negative, found {cell('quantity_done')!r}",
                                path=path, line=row.line, field="quantity_done")
        unit = cell("quantity_unit")
        if unit and not math.isnan(quantity) and task_id in units and _fold(unit) != _fold(units[task_id]):
            raise TaskListError(f"task {task_id} counts its target in {units[task_id]}, not {unit!r}",
                                path=path, line=row.line, field="quantity_unit")
        has_data = not (math.isnan(percent) and math.isnan(quantity))
        if cell("as_of"):
            when = _parse_date(cell("as_of"), tl.plan_year, path, row.line)
        elif has_data:
            raise TaskListError("missing date: a row with progress needs the date it refers to", path=path,
                                line=row.line, field="as_of")
        else:
            when = pd.NaT
        key = (task_id, when)
        if key in seen:
            raise TaskListError(
                f"a second row for task {task_id} and date {'(none)' if pd.isna(when) else when.date()} "
                f"(first on line {seen[key]})", path=path, line=row.line, field="as_of",
            )
        seen[key] = row.line
        formulas += [(task_id, column, detail, row.line) for column, detail in read_formulas]
        typed_percent.append("%" in cell("percent_done") or "％" in cell("percent_done"))
        records.append({"task_id": task_id, "as_of": when, "percent_done": percent, "quantity_done": quantity,
                        "quantity_unit": unit or units.get(task_id), "note": cell("note") or None,
                        "has_data": has_data, "source_line": row.line})
    out = pd.DataFrame(records, columns=["task_id", "as_of", "percent_done", "quantity_done", "quantity_unit",
                                         "note", "has_data", "source_line"])
    out["as_of"] = pd.to_datetime(out["as_of"])
    out["task_id"] = out["task_id"].astype(int)
    tasks = tl.tasks[["name", "lead_department"]].rename_axis("task_id").reset_index()
    out = out.merge(tasks, on="task_id", how="left")
    cols = ["task_id", "name", "lead_department", "as_of", "percent_done", "quantity_done", "quantity_unit",
            "note", "has_data", "source_line"]
    out = out[cols]
    out.attrs["problems"] = _problems(out, formulas, pd.Series(typed_percent, index=out.index, dtype=bool))
    return out


def _problems(out: pd.DataFrame, formulas: list[tuple], typed_percent: pd.Series) -> pd.DataFrame:
    """The problems table of a progress file: formulas read, then percentages that may be fractions, by line."""
    fraction = out[fraction_problems(out["percent_done"], typed_percent)]
    larger = int(out["percent_done"].gt(FRACTION_MAX).sum())
    formula = ProgressProblemKind.FORMULA.value
    rows = [(task_id, column, formula, detail, line) for task_id, column, detail, line in formulas] + [
        (task_id, "percent_done", ProgressProblemKind.PERCENT_AS_FRACTION.value,
         f"percent_done {value:g} is read as {value:g} %, but {larger} other percentages of the file are above "
         f"{FRACTION_MAX:g}: was {value:g} meant as {value * 100:g} % (a fraction typed for a percentage)? "
         f"Type {value * 100:g} or {value * 100:g}%", line)
        for task_id, value, line in zip(fraction["task_id"], fraction["percent_done"], fraction["source_line"])
    ]
    problems = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
    return problems.sort_values("source_line", kind="stable").reset_index(drop=True)


