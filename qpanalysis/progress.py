"""Progress reports against the milestones: template, reading and checking, comparison."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pandas as pd

from qpanalysis.analysis.quarterly import expected_pct
from qpanalysis.errors import TaskListError
from qpanalysis.reading import read_rows

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
# Half-width band, in percentage points, within which a task counts as "on track": the
# targets are round quarterly figures (20%, 50%, …) and departments report rounded
# estimates, so a few points either way is reporting noise, not a real lead or lag.
TOLERANCE = 5.0
# Statuses in display order (best to worst, then the two without a rating).
STATUS_DONE = "done"
STATUS_AHEAD = "ahead"
STATUS_ON_TRACK = "on track"
STATUS_BEHIND = "behind"
# Progress was reported as a percentage, but the task states no single numeric target
# (qualitative texts, or task 4's two batches with separate percentages) to compare it with.
STATUS_NO_TARGET = "no target"
STATUS_NO_DATA = "no data"
STATUSES = (STATUS_DONE, STATUS_AHEAD, STATUS_ON_TRACK, STATUS_BEHIND, STATUS_NO_TARGET, STATUS_NO_DATA)
STATUS_LABELS = {
    "zh": {STATUS_DONE: "已完成", STATUS_AHEAD: "超前", STATUS_ON_TRACK: "正常推进", STATUS_BEHIND: "滞后",
           STATUS_NO_TARGET: "无量化目标", STATUS_NO_DATA: "无数据"},
    "en": {STATUS_DONE: "done", STATUS_AHEAD: "ahead", STATUS_ON_TRACK: "on track", STATUS_BEHIND: "behind",
           STATUS_NO_TARGET: "no numeric target", STATUS_NO_DATA: "no data"},
}
# Dates as departments write them: 2026-09-30, 2026/9/30, 2026.9.30, 2026年9月30日, or a
# spreadsheet date cell (read as "2026-09-30 00:00:00").
DATE_RE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
# A plain decimal number, optionally with thousands separators (after NFKC folding).
NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").strip()


def _final_units(tl) -> dict[int, str]:
    """Unit of each task's quantity target (the last period that states one)."""
    m = tl.milestones.loc[tl.milestones["target_quantity"].notna()]
    return {int(t): u for t, u in zip(m["task_id"], m["target_unit"])}


def write_progress_template(tl, folder, as_of=None) -> tuple[Path, Path]:
    """Write an empty progress file, one row per task, as CSV (UTF-8 with BOM) and XLSX.

    Args:
        tl: A TaskList.
        folder: Where to write ``progress_template_<year>.csv`` and ``.xlsx`` (created if needed).
        as_of: Optional date to prefill in the as_of column (e.g. the quarter end).

    Returns:
        The CSV path and the XLSX path.
    """
    import openpyxl  # only the xlsx template needs it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    units = _final_units(tl)
    when = "" if as_of in (None, "") else pd.Timestamp(as_of).date().isoformat()
    tasks = tl.tasks
    table = pd.DataFrame({
        "task_id": tasks.index.astype(int),
        "name": tasks["name"].to_numpy(),
        "lead_department": tasks["lead_department"].to_numpy(),
        "as_of": when,
        "percent_done": "",
        "quantity_done": "",
        "quantity_unit": [units.get(int(t), "") for t in tasks.index],
        "note": "",
    })[list(PROGRESS_COLUMNS)]
    stem = f"progress_template_{tl.plan_year}"
    csv_path = folder / f"{stem}.csv"
    table.to_csv(csv_path, index=False, encoding="utf-8-sig")

    xlsx_path = folder / f"{stem}.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "progress"
    sheet.append(list(PROGRESS_COLUMNS))
    for record in table.itertuples(index=False):
        sheet.append([v if v != "" else None for v in record])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = {"task_id": 8, "name": 40, "lead_department": 16, "as_of": 12, "percent_done": 13,
              "quantity_done": 14, "quantity_unit": 14, "note": 40}
    for index, column in enumerate(PROGRESS_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[column]
    sheet.freeze_panes = "A2"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def progress_template_main(folder=None, source=None, as_of=None) -> tuple[Path, Path]:
    """Command-line entry: write the progress template for a task list and say where.

    Args:
        folder: Output folder; the current directory when None.
        source: A task list path; None for the bundled list.
        as_of: Optional date to prefill.
    """
    from qpanalysis.tasklist import load

    paths = write_progress_template(load(source), Path(folder) if folder else Path.cwd(), as_of=as_of)
    for path in paths:
        print(f"wrote {path}")
    return paths


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
    units = _final_units(tl)
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


def rate(actual: float, expected: float, tolerance: float = TOLERANCE) -> str:
    """Status of a task from its actual and expected completion (both in percent).

    Example:
        >>> rate(100, 50), rate(56, 50), rate(55, 50), rate(45, 50), rate(44.9, 50), rate(float("nan"), 50)
        ('done', 'ahead', 'on track', 'on track', 'behind', 'no data')
    """
    if actual is None or math.isnan(actual):
        return STATUS_NO_DATA
    if actual >= 100:
        return STATUS_DONE
    if expected is None or math.isnan(expected):
        return STATUS_NO_TARGET
    gap = actual - expected
    if gap > tolerance:
        return STATUS_AHEAD
    if gap < -tolerance:
        return STATUS_BEHIND
    return STATUS_ON_TRACK


def compare(tl, progress: pd.DataFrame, as_of) -> pd.DataFrame:
    """Each task's latest progress on or before ``as_of`` against its expected completion.

    Percent tasks compare percent_done with the expected percentage. Quantity tasks compare
    quantity_done as a share of the task's largest quantity target (or percent_done when no
    quantity is given) with the expected share; reaching the target quantity is "done".
    A task with no single numeric target can only be "done" (100%), "no target" (a
    percentage was given) or "no data".

    Args:
        tl: A TaskList.
        progress: The result of :func:`read_progress`.
        as_of: The date to judge at; rows dated later are ignored.

    Returns:
        One row per task: task_id, name, section_no, section, lead_department,
        target_kind, expected_pct, expected_quantity, final_quantity, quantity_unit,
        progress_date, percent_done, quantity_done, note, expected_share (percent),
        actual_share (percent), gap (actual_share − expected_share, percentage points),
        status.
    """
    as_of = pd.Timestamp(as_of).normalize()
    expected = expected_pct(tl, as_of)
    usable = progress.loc[progress["has_data"] & (progress["as_of"] <= as_of)]
    latest = usable.sort_values(["task_id", "as_of", "source_line"]).groupby("task_id").tail(1)
    latest = latest[["task_id", "as_of", "percent_done", "quantity_done", "note"]].rename(columns={"as_of": "progress_date"})
    out = expected.merge(latest, on="task_id", how="left")
    actual = []
    for row in out.itertuples(index=False):
        if row.target_kind == "quantity" and not math.isnan(row.quantity_done):
            actual.append(100.0 * row.quantity_done / row.final_quantity)
        elif row.target_kind == "quantity" or row.target_kind == "percent" or not math.isnan(row.percent_done):
            actual.append(row.percent_done)
        else:
            actual.append(float("nan"))  # only a quantity for a task without a numeric target
    out["actual_share"] = pd.Series(actual, index=out.index, dtype=float)
    out["actual_share"] = out["actual_share"].clip(upper=100.0)
    out["gap"] = out["actual_share"] - out["expected_share"]
    out["status"] = [rate(a, e) for a, e in zip(out["actual_share"], out["expected_share"])]
    cols = ["task_id", "name", "section_no", "section", "lead_department", "target_kind", "expected_pct",
            "expected_quantity", "final_quantity", "quantity_unit", "progress_date", "percent_done",
            "quantity_done", "note", "expected_share", "actual_share", "gap", "status"]
    out = out[cols]
    sanity_check_comparison(out, len(tl.tasks))
    return out


def sanity_check_comparison(comparison: pd.DataFrame, n_tasks: int) -> None:
    """Every task must get exactly one known status.

    Example:
        >>> sanity_check_comparison(pd.DataFrame({"task_id": [1], "status": ["late"]}), 1)
        Traceback (most recent call last):
        ...
        AssertionError: unknown status(es) ['late']; expected one of ('done', 'ahead', 'on track', 'behind', 'no target', 'no data')
    """
    unknown = sorted(set(comparison["status"]) - set(STATUSES))
    if unknown:
        raise AssertionError(f"unknown status(es) {unknown}; expected one of {STATUSES}")
    if len(comparison) != n_tasks or comparison["task_id"].duplicated().any():
        raise AssertionError(f"expected one row per task ({n_tasks}), found {len(comparison)} rows")


def furthest_behind(comparison: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The tasks furthest behind their expected completion, worst first.

    Only tasks with a shortfall (gap < 0) are listed, so the list may be shorter than ``n``.

    Example:
        >>> c = pd.DataFrame({"task_id": [1, 2, 3], "name": list("abc"), "lead_department": list("XYZ"),
        ...     "section": list("sss"), "expected_share": [50.0, 50, 50], "actual_share": [20.0, 60, 45],
        ...     "gap": [-30.0, 10, -5], "status": ["behind", "ahead", "on track"]})
        >>> furthest_behind(c, 5)[["rank", "task_id", "gap"]].to_dict("records")
        [{'rank': 1, 'task_id': 1, 'gap': -30.0}, {'rank': 2, 'task_id': 3, 'gap': -5.0}]
    """
    short = comparison.loc[comparison["gap"].notna() & (comparison["gap"] < 0)]
    short = short.sort_values(["gap", "task_id"]).head(n).copy()
    short.insert(0, "rank", range(1, len(short) + 1))
    cols = ["rank", "task_id", "name", "lead_department", "section", "expected_share", "actual_share", "gap", "status"]
    return short[cols].reset_index(drop=True)
