"""Read and check a progress file (CSV or xlsx) against a task list."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pandas as pd

from qpanalysis.errors import TaskListError
from qpanalysis.ingest.parsing import fold as _fold
from qpanalysis.ingest.reading import read_rows

# Columns of a progress file, in template order. name and lead_department are copied from
# the list for the person filling it in and are not read back (the list is authoritative).
PROGRESS_COLUMNS = ("task_id", "name", "lead_department", "as_of", "percent_done", "quantity_done", "quantity_unit", "note")
# Columns a progress file must have; the others may be left out.
REQUIRED_COLUMNS = ("task_id", "as_of", "percent_done", "quantity_done")
# Chinese headers a department may type instead of the template's English ones (matched
# after NFKC folding and removing spaces, so full-width brackets are the same header).
HEADER_ALIASES = {
    "序号": "task_id", "任务序号": "task_id", "任务名称": "name", "牵头部门": "lead_department",
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
    if not math.isfinite(value):  # pragma: no cover - NUMBER_RE admits no inf/nan
        raise TaskListError(f"expected a finite number, found {text!r}", path=path, line=line, field=column)
    return value


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
    dates.

    Args:
        path: The progress file, with the template's header row.
        tl: The TaskList the progress refers to.

    Returns:
        One row per file row (blank rows dropped): task_id, name and lead_department (from
        the list), as_of (NaT when left empty in a row without data), percent_done,
        quantity_done, quantity_unit, note, has_data (a percentage or quantity was given)
        and source_line. Rows without a percentage or quantity are kept, as "no data".

    Raises:
        TaskListError: Naming the file, line (or sheet row) and column, for a missing
            required column, an unknown task id, an unreadable number or date, a
            percentage outside 0–100, a negative quantity, a date outside the plan year,
            a unit other than the task's target unit, or two rows for one task and date.
    """
    path = Path(path)
    rows, _format = read_rows(path)
    rows = [r for r in rows if not r.is_blank]
    if not rows:
        raise TaskListError("the progress file is empty; expected a header row " + ", ".join(PROGRESS_COLUMNS), path=path)
    header = rows[0]
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
        raise TaskListError(
            "missing required column(s) " + ", ".join(missing) + "; the header must hold " + ", ".join(REQUIRED_COLUMNS),
            path=path, line=header.line, field=missing[0],
        )
    known = set(int(t) for t in tl.tasks.index)
    units = final_units(tl)
    seen: dict[tuple, int] = {}
    records = []
    for row in rows[1:]:
        def cell(column: str) -> str:
            index = positions.get(column)
            return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

        raw_id = cell("task_id")
        if not raw_id:
            raise TaskListError("missing task id", path=path, line=row.line, field="task_id")
        folded_id = _fold(raw_id)
        if not re.fullmatch(r"\d+(?:\.0+)?", folded_id):
            raise TaskListError(f"expected a task number, found {raw_id!r}", path=path, line=row.line, field="task_id")
        task_id = int(float(folded_id))
        if task_id not in known:
            raise TaskListError(
                f"unknown task id {task_id}; the list has tasks {min(known)}–{max(known)}",
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
    return out[cols]


