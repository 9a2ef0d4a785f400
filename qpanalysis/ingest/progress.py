"""Read and check a progress file (CSV or xlsx), a department workbook or a folder of them, against a task list."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from qpanalysis.codes import ProgressProblemKind
from qpanalysis.errors import TaskListError
from qpanalysis.ingest.fields import header as field_header
from qpanalysis.ingest.parsing import TOO_LARGE, too_large
from qpanalysis.ingest.parsing import fold as _fold
from qpanalysis.ingest.department_sheets import department_sheets, header_column, sheet_departments, template_headers
from qpanalysis.ingest.reading import CSV_SUFFIXES, EXCEL_SUFFIXES, read_source
from qpanalysis.ingest.rows import Row
from qpanalysis.ingest.workbook import SHEET_NAME, FORMULA_TO_VALUE, cell_name, formula_message, sheets_from_excel

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
# A department sheet's header row is looked for among its first rows: the template puts a
# title and a note row above it.
HEADER_SEARCH_ROWS = 10
# The files a folder of progress files may hold (in name order); files whose names start
# so are skipped: hidden files, and the lock files Excel (~$) and LibreOffice (.~lock) leave
# beside an open workbook.
PROGRESS_FILE_SUFFIXES = tuple(sorted(CSV_SUFFIXES | EXCEL_SUFFIXES))
LOCK_PREFIXES = (".", "~$")
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


def _check_formulas(row: Row, column_of: dict[int, str], path, sheet: str = SHEET_NAME) -> list[str]:
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
            raise TaskListError(formula_message(row, formula, sheet), path=path, line=row.line, field=column)
        if column in TEXT_COLUMNS:
            raise TaskListError(f"{cell_name(row, formula.index, sheet)} holds the formula {formula.text} in a text column; "
                                f"{FORMULA_TO_VALUE}", path=path, line=row.line, field=column)
        read.append((column, formula_message(row, formula, sheet)))
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
    """Read and check a progress file (.csv in UTF-8/BOM/GB18030, or .xlsx), a department workbook, or a folder of them.

    A plain file is one table: its first row is the header, and of a workbook only the first
    sheet is read. A workbook whose sheets are named after the list's lead departments
    (``qpanalysis progress-template`` writes one, in Chinese or English) is a department
    workbook: every sheet is read, each from its header row (the title and note rows above
    it are not data), and each task must be on its first lead department's sheet. A folder
    is read file by file (each a plain file or a department workbook, e.g. one file per
    department), in name order; a task and date may appear once in all of them.

    Headers are the template's codes (``task_id``, ``percent_done``…) or its headers in
    Chinese or English (``完成进度（%）``, ``Progress (%)``, see
    ``department_sheets.template_headers``). The template's read-only columns (task name,
    due month, target text) are not read, but on a department sheet a task number whose
    name cell holds another task's name is refused (the number was changed).

    In an xlsx file a cell with a percentage format holds a fraction: 90% typed in a
    spreadsheet is stored as 0.9 and read as 90, like 90% or 90 in a CSV file (the reader
    gives such a cell as the text the spreadsheet shows, ``90%``). Date cells are read as
    dates. A number typed without "%" is a percentage as written: 0.9 is 0.9 %, and is
    listed as a problem when most other percentages of the file are above 1 (it may be 90 %
    typed as a fraction). A formula in task_id, as_of, percent_done or quantity_done is read
    as the value the file saved for it, and listed as a problem; one without a saved value,
    or in quantity_unit or note, is refused.

    Args:
        path: The progress file, with the template's header row, or a folder of such files.
        tl: The TaskList the progress refers to.

    Returns:
        One row per file row (blank rows dropped): task_id, name and lead_department (from
        the list), as_of (NaT when left empty in a row without data), percent_done,
        quantity_done, quantity_unit, note, has_data (a percentage or quantity was given)
        and source_line (the line, or the row of its sheet). Rows without a percentage or
        quantity are kept, as "no data". Its problems are given by ``progress_problems``.

    Raises:
        TaskListError: Naming the file (and sheet), line (or sheet row) and column, for a
            missing required column, an unknown task id, an unreadable number or date, a
            percentage outside 0–100, a negative quantity, a date outside the plan year,
            a unit other than the task's target unit, two rows for one task and date, a
            number beyond 15 digits, a formula refused as above, a task on another
            department's sheet, a changed task number, a sheet of a department workbook
            that is no department's, or a folder without progress files.
    """
    path = Path(path)
    if path.is_dir():
        return _read_folder(path, tl)
    tables = _department_tables(path, tl) if path.suffix.lower() in EXCEL_SUFFIXES and path.is_file() else None
    if tables is None:
        tables = [_plain_table(path)]
    reading = _Reading(tl)
    for table in tables:
        reading.read(table)
    return reading.result()


class _Table(NamedTuple):
    """The rows of one table to read: a plain file, or one sheet of a department workbook."""

    where: str  # the file, or "file, sheet 'name'", as messages name it
    rows: list[Row]
    header: Row
    sheet: str = SHEET_NAME  # how a cell name names the sheet
    department: str | None = None  # a department sheet's lead department
    note: Callable[[], str] = str  # what a message adds about a workbook's other sheets


def _plain_table(path: Path) -> _Table:
    """A plain progress file: its first row that is not blank is the header."""
    source = read_source(path)
    rows = [r for r in source.rows if not r.is_blank or any(not f.cached for f in r.formulas)]
    if not rows:
        note = source.note()
        raise TaskListError("the progress file is empty; expected a header row " + ", ".join(PROGRESS_COLUMNS)
                            + (f"; {note}" if note else ""), path=path)
    note = source.note if len(source.sheets) > 1 else str
    return _Table(str(path), rows[1:], rows[0], note=note)


def _sheet_names(path: Path) -> list[str]:
    import openpyxl  # only xlsx input needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # a damaged file: read_source names the problem
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _department_tables(path: Path, tl) -> list[_Table] | None:
    """The sheets of a department workbook to read, or None when no sheet is named after a lead department."""
    departments = sheet_departments(tl)
    names = _sheet_names(path)
    if not any(name.casefold() in departments for name in names):
        return None
    tables = []
    for name, rows in zip(names, sheets_from_excel(path)[0]):
        rows = [r for r in rows if not r.is_blank or any(not f.cached for f in r.formulas)]
        where = f"{path}, sheet {name!r}"
        department = departments.get(name.casefold())
        if department is None:
            if rows:
                raise TaskListError(
                    f"the sheet is not named after a lead department of the list, but holds data (line {rows[0].line}); "
                    "a department workbook holds one sheet per lead department, named as qpanalysis progress-template "
                    f"names them ({', '.join(repr(n) for n in department_sheets(tl).values())})", path=where)
            continue
        header = next((r for r in rows[:HEADER_SEARCH_ROWS] if any(_column(c) == "task_id" for c in r.cells)), None)
        if header is None:
            raise TaskListError(f"no header row with the column {template_headers()['task_id']['zh']} (task_id) in "
                                f"the sheet's first {HEADER_SEARCH_ROWS} rows", path=where)
        tables.append(_Table(where, [r for r in rows if r.line > header.line], header, f"sheet {name!r}", department))
    return tables


def progress_files(folder: str | Path) -> list[Path]:
    """The progress files of a folder, in name order (hidden files and spreadsheet lock files skipped).

    Raises:
        TaskListError: For a folder holding another kind of file or a folder, or no progress file.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     progress_files(folder)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qpanalysis.errors.TaskListError: ...: is a folder holding no progress file (.csv, .xlsm, .xlsx); give a progress file, or a folder of department files
    """
    folder = Path(folder)
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(LOCK_PREFIXES):
            continue  # hidden files and the lock files of an open spreadsheet
        if path.is_dir() or path.suffix.lower() not in PROGRESS_FILE_SUFFIXES:
            raise TaskListError(
                f"holds {path.name}, which is not a progress file ({', '.join(PROGRESS_FILE_SUFFIXES)}); a folder of "
                "progress files holds only such files (one per department, or department workbooks)", path=folder)
        files.append(path)
    if not files:
        raise TaskListError(f"is a folder holding no progress file ({', '.join(PROGRESS_FILE_SUFFIXES)}); give a "
                            "progress file, or a folder of department files", path=folder)
    return files


def _read_folder(folder: Path, tl) -> pd.DataFrame:
    """Every progress file of a folder, read in name order as one progress table."""
    reading = _Reading(tl)
    for path in progress_files(folder):
        tables = _department_tables(path, tl) if path.suffix.lower() in EXCEL_SUFFIXES else None
        for table in tables if tables is not None else [_plain_table(path)]:
            reading.read(table)
    return reading.result()


def _column(cell: str) -> str | None:
    """The progress column a header cell names: a code, a Chinese alias, or a template header in either language."""
    key = _fold(cell)
    return key if key in PROGRESS_COLUMNS else HEADER_ALIASES.get(key) or header_column(cell)


class _Reading:
    """The rows read so far from the tables of one progress file or folder, checked as they are read."""

    def __init__(self, tl) -> None:
        self.tl = tl
        self.known = set(int(t) for t in tl.tasks.index)
        self.units = final_units(tl)
        self.leads = tl.tasks["lead_department"].to_dict()
        # Each task's name as a template shows it, in Chinese or English (name_en, when the list has it).
        names = [tl.tasks[c] for c in ("name", "name_en") if c in tl.tasks]
        self.names = {int(t): {_fold(n) for n in found} for t, *found in zip(tl.tasks.index, *names)}
        self.seen: dict[tuple, tuple[str, int]] = {}  # (task_id, as_of) → where and on which line it was read
        self.records: list[dict] = []
        self.formulas: list[tuple] = []  # (task_id, column, detail, line)
        self.typed_percent: list[bool] = []  # whether each row's percent_done was written with "%"

    def read(self, table: _Table) -> None:
        """Read and check the rows of one table."""
        path, header = table.where, table.header
        for formula in header.formulas:
            raise TaskListError(f"{cell_name(header, formula.index, table.sheet)} holds the formula {formula.text}; "
                                "the header row is read as written text: type the column names",
                                path=path, line=header.line)
        positions: dict[str, int] = {}
        for index, cell in enumerate(header.cells):
            column = _column(cell)
            if column is None:
                continue  # extra columns (a department's own remarks, the target text) are allowed and ignored
            if column in positions:
                raise TaskListError(f"column {column} appears twice", path=path, line=header.line, field=cell)
            positions[column] = index
        missing = [c for c in REQUIRED_COLUMNS if c not in positions]
        if missing:
            note = table.note()
            raise TaskListError(
                "missing required column(s) " + ", ".join(missing) + "; the header must hold " + ", ".join(REQUIRED_COLUMNS)
                + (f"; {note}" if note else ""),
                path=path, line=header.line, field=missing[0],
            )
        column_of = {index: column for column, index in positions.items()}
        for row in table.rows:
            self._row(row, table, positions, column_of)

    def _row(self, row: Row, table: _Table, positions: dict[str, int], column_of: dict[int, str]) -> None:
        path, tl, units = table.where, self.tl, self.units
        read_formulas = _check_formulas(row, column_of, path, table.sheet) if row.formulas else []
        if row.is_blank:
            return  # kept only for its formulas without a value, all in columns that are not read

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
        known = self.known
        if task_id not in known:
            raise TaskListError(
                f"unknown task id {str(task_id)[:20]}{'…' if task_id >= 10**20 else ''}; the list has tasks {min(known)}–{max(known)}",
                path=path, line=row.line, field="task_id",
            )
        if table.department is not None:
            self._check_department(task_id, cell("name"), table, row)
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
        if key in self.seen:
            first_where, first_line = self.seen[key]
            first = f"line {first_line}" if first_where == path else f"{first_where}, line {first_line}"
            raise TaskListError(
                f"a second row for task {task_id} and date {'(none)' if pd.isna(when) else when.date()} "
                f"(first on {first})", path=path, line=row.line, field="as_of",
            )
        self.seen[key] = (path, row.line)
        self.formulas += [(task_id, column, detail, row.line) for column, detail in read_formulas]
        self.typed_percent.append("%" in cell("percent_done") or "％" in cell("percent_done"))
        self.records.append({"task_id": task_id, "as_of": when, "percent_done": percent, "quantity_done": quantity,
                             "quantity_unit": unit or units.get(task_id), "note": cell("note") or None,
                             "has_data": has_data, "source_line": row.line})

    def _check_department(self, task_id: int, name: str, table: _Table, row: Row) -> None:
        """Refuse, on a department sheet, a task led by another department, or a task number beside another task's name."""
        if name and _fold(name) not in self.names[task_id]:
            other = [t for t, names in self.names.items() if _fold(name) in names]
            whose = f"the name of task {other[0]}" if other else f"a name that is not task {task_id}'s"
            raise TaskListError(
                f"task number {task_id} stands beside {whose} ({name[:30]!r}): the task number was changed; the "
                "template's task numbers are read-only, put it back (or copy the sheet again from the template)",
                path=table.where, line=row.line, field="task_id")
        lead = self.leads[task_id]
        if lead != table.department:
            raise TaskListError(
                f"task {task_id} is led by {lead} (its first lead department), not by {table.department}: "
                "write its progress on that department's sheet", path=table.where, line=row.line, field="task_id")

    def result(self) -> pd.DataFrame:
        """The progress table of every row read, with its problems (see ``progress_problems``)."""
        out = pd.DataFrame(self.records, columns=["task_id", "as_of", "percent_done", "quantity_done",
                                                  "quantity_unit", "note", "has_data", "source_line"])
        out["as_of"] = pd.to_datetime(out["as_of"])
        out["task_id"] = out["task_id"].astype(int)
        tasks = self.tl.tasks[["name", "lead_department"]].rename_axis("task_id").reset_index()
        out = out.merge(tasks, on="task_id", how="left")
        cols = ["task_id", "name", "lead_department", "as_of", "percent_done", "quantity_done", "quantity_unit",
                "note", "has_data", "source_line"]
        out = out[cols]
        out.attrs["problems"] = _problems(out, self.formulas, pd.Series(self.typed_percent, index=out.index, dtype=bool))
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


