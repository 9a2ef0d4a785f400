"""Write progress templates: an empty file of every task (CSV and xlsx), and sheets per lead department to fill in."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qpanalysis.ingest.fields import period_fields

from qpanalysis.export.safe import mark_text_cells, save_workbook, write_csv
from qpanalysis.ingest.progress import PROGRESS_COLUMNS, final_units
from qpanalysis.widths import display_width

# Column widths of the xlsx template, in characters: names and notes are long Chinese text.
COLUMN_WIDTHS = {"task_id": 8, "name": 40, "lead_department": 16, "as_of": 12, "percent_done": 13,
                 "quantity_done": 14, "quantity_unit": 14, "note": 40}
# How a date is shown in the as_of column: ISO, as the README and the reader's messages write it.
DATE_FORMAT = "yyyy-mm-dd"
# Data validation and its input prompt cover the column down to Excel's last row, so rows a
# department adds (several dates for one task) are checked too.
LAST_ROW = 1_048_576
# Excel cuts an input prompt's title at 32 characters and its message at 255.
PROMPT_TITLE_LIMIT, PROMPT_LIMIT = 32, 255
# What to type in each column a department fills in: (title, message); {year} is the plan
# year. Shown as the input prompt of the column's cells and as a comment on its header.
COLUMN_HELP = {
    "as_of": (
        "截至日期 · as_of",
        "填写进度对应的日期，须在 {year} 年内，如 {year}-09-30。\n"
        "The date the progress refers to, within {year}, e.g. {year}-09-30.",
    ),
    "percent_done": (
        "完成百分比 · percent_done",
        "填 0 到 100 之间的数：60 表示已完成 60%（输入 60% 亦可）。\n"
        "A number from 0 to 100: 60 means 60 % done (typing 60% works too).",
    ),
    "quantity_done": (
        "完成数量 · quantity_done",
        "已完成的数量，不小于 0，单位见 quantity_unit 列。\n"
        "The quantity done so far, 0 or more, in the unit shown in quantity_unit.",
    ),
}
# The message when a typed value is refused; {year} is the plan year.
COLUMN_ERRORS = {
    "as_of": "请输入 {year} 年内的日期 · Enter a date within {year}",
    "percent_done": "请输入 0 到 100 之间的数 · Enter a number from 0 to 100",
    "quantity_done": "请输入不小于 0 的数 · Enter a number, 0 or more",
}
# Who the header comments are from, as Excel shows it.
COMMENT_AUTHOR = "qpanalysis"


def template_table(tl, as_of=None) -> pd.DataFrame:
    """The rows of an empty progress file: one per task, with its name, lead department and unit.

    Args:
        tl: A TaskList.
        as_of: Optional date to prefill in the as_of column (e.g. the quarter end).

    Returns:
        The PROGRESS_COLUMNS; as_of holds a ``datetime.date`` or ``""``, the columns to
        fill in hold ``""``.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> table = template_table(tl, as_of=f"{tl.plan_year}-09-30")
        >>> list(table.columns) == list(PROGRESS_COLUMNS), len(table) == len(tl.tasks)
        (True, True)
        >>> table.loc[0, "as_of"] == datetime.date(tl.plan_year, 9, 30), table.loc[0, "percent_done"]
        (True, '')
    """
    units = final_units(tl)
    when = "" if as_of in (None, "") else pd.Timestamp(as_of).date()
    tasks = tl.tasks
    return pd.DataFrame({
        "task_id": tasks.index.astype(int),
        "name": tasks["name"].to_numpy(),
        "lead_department": tasks["lead_department"].to_numpy(),
        "as_of": when,
        "percent_done": "",
        "quantity_done": "",
        "quantity_unit": [units.get(int(t), "") for t in tasks.index],
        "note": "",
    })[list(PROGRESS_COLUMNS)]


def _validation(column: str, year: int, words: tuple[str, str, str] | None = None):
    """The data validation of a column: its accepted range, input prompt and error message.

    ``words`` (prompt title, prompt, error message) default to the bilingual COLUMN_HELP and COLUMN_ERRORS.
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    bounds = {
        "as_of": {"type": "date", "operator": "between",
                  "formula1": f"DATE({year},1,1)", "formula2": f"DATE({year},12,31)"},
        "percent_done": {"type": "decimal", "operator": "between", "formula1": "0", "formula2": "100"},
        "quantity_done": {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
    }[column]
    if words is None:
        words = (*(text.format(year=year) for text in COLUMN_HELP[column]), COLUMN_ERRORS[column].format(year=year))
    title, prompt, error = words
    return DataValidation(
        **bounds, allow_blank=True, showInputMessage=True, promptTitle=title[:PROMPT_TITLE_LIMIT],
        prompt=prompt[:PROMPT_LIMIT], showErrorMessage=True, errorStyle="stop",
        errorTitle=title[:PROMPT_TITLE_LIMIT], error=error[:PROMPT_LIMIT],
    )


def write_template_xlsx(table: pd.DataFrame, path: str | Path, year: int) -> Path:
    """Write the template rows as an xlsx sheet that says how to fill each column and checks what is typed.

    The as_of, percent_done and quantity_done columns carry an input prompt (shown when a
    cell is selected), a comment on their header and a data validation: a date within
    ``year``, a number from 0 to 100, a number of 0 or more. as_of cells are date cells.
    Text that a spreadsheet would run as a formula is stored as text (``export.safe``).
    """
    import openpyxl  # only the xlsx template needs it
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "progress"
    sheet.append(list(table.columns))
    for record in table.itertuples(index=False):
        sheet.append([None if isinstance(v, str) and not v else v for v in record])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = COLUMN_WIDTHS[column]
        if column == "as_of":
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
        if column in COLUMN_HELP:
            validation = _validation(column, year)
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)
            title, prompt = (text.format(year=year) for text in COLUMN_HELP[column])
            sheet[f"{letter}1"].comment = Comment(f"{title}\n{prompt}", COMMENT_AUTHOR, height=110, width=320)
    sheet.freeze_panes = "A2"
    mark_text_cells(sheet)
    return save_workbook(book, path)


def write_progress_template(tl, folder, as_of=None) -> tuple[Path, Path]:
    """Write an empty progress file, one row per task, as CSV (UTF-8 with BOM) and XLSX.

    Args:
        tl: A TaskList.
        folder: Where to write ``progress_template_<year>.csv`` and ``.xlsx`` (created if needed).
        as_of: Optional date to prefill in the as_of column (e.g. the quarter end).

    Returns:
        The CSV path and the XLSX path.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    table = template_table(tl, as_of)
    stem = f"progress_template_{tl.plan_year}"
    csv_table = table.assign(as_of=table["as_of"].map(lambda d: d.isoformat() if isinstance(d, datetime.date) else d))
    csv_path = write_csv(csv_table, folder / f"{stem}.csv")
    xlsx_path = write_template_xlsx(table, folder / f"{stem}.xlsx", tl.plan_year)
    return csv_path, xlsx_path


def progress_template_main(folder=None, source=None, as_of=None, tl=None) -> tuple[Path, Path]:
    """Command-line entry: write the progress template for a task list and say where.

    Args:
        folder: Output folder; the current directory when None.
        source: A task list path; None for the bundled list.
        as_of: Optional date to prefill.
        tl: The list, already loaded (the command line loads it first to check ``as_of``
            against its plan year); ``source`` is then not read.
    """
    from qpanalysis.ingest.tasklist import load

    tl = load(source) if tl is None else tl
    paths = write_progress_template(tl, Path(folder) if folder else Path.cwd(), as_of=as_of)
    for path in paths:
        print(f"wrote {path}")
    return paths


# --- templates per department ----------------------------------------------------------------

# The columns a department fills in on its sheet (unlocked, checked by data validation where
# COLUMN_HELP says how); the others are copied from the list and locked.
INPUT_COLUMNS = ("as_of", "percent_done", "quantity_done", "quantity_unit", "note")
# The list's texts shown beside them: the quarter's target ("target"), or the three period
# targets when no quarter is chosen.
PERIOD_TARGET_COLUMNS = {period: field.column for period, field in period_fields().items()}
# Column widths of a department sheet, in characters (the target texts are long Chinese text).
DEPARTMENT_WIDTHS = {"task_id": 6, "name": 28, "due_raw": 11, "target": 44, "h1_target": 32, "q3_target": 32,
                     "q4_target": 32, "as_of": 13, "percent_done": 12, "quantity_done": 11, "quantity_unit": 8,
                     "note": 32}
# Rows of a department sheet: its title, the note on what it holds, the header; tasks follow.
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
# Height of one line of wrapped text, in points (Excel's default row is 15 points high): a
# row is as tall as its longest wrapped text needs, as spreadsheets do not size rows written
# by a script.
LINE_HEIGHT = 15
# Fill of the read-only cells (light grey), as spreadsheets show cells not to type in.
LOCKED_FILL = "F2F2F2"
# The cells of the table are ruled, so that the white cells to fill show on paper too.
BORDER_COLOUR = "BFBFBF"
# Number format of text cells: the due month stays "2026.10" (a number would be 2026.1) and
# a unit or note typed later stays text.
TEXT_FORMAT = "@"


@dataclass(frozen=True)
class DepartmentSheet:
    """One lead department's sheet, in the words of its language.

    Attributes:
        title: The worksheet's name (``ingest.department_sheets.department_sheets``).
        heading: The title row.
        note: The note row: what the sheet lists and how to fill it in.
        headers: Column → its header.
        rows: The columns shown, in order (see ``department_tasks``), one row per task; the
            INPUT_COLUMNS among them are the cells to fill.
    """

    title: str
    heading: str
    note: str
    headers: dict
    rows: pd.DataFrame


def department_tasks(tl, quarter: str | None = None) -> pd.DataFrame:
    """The rows of the department templates: each task with its first lead department, due month and target text.

    A task is listed under its first lead department only (``lead_department``), as the
    quarterly analysis counts it; a co-leading department finds it on that department's
    sheet.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``: ``target`` holds the text of the milestone
            falling due in the quarter (``analysis.quarterly.milestones_due``; "" when none
            does) and ``target_period`` the period whose column published it. None: the
            three period texts as published, in ``h1_target``, ``q3_target``, ``q4_target``.

    Returns:
        task_id, name, lead_department, due_raw (as published, text), the target column(s)
        and quantity_unit (the unit of the task's quantity target, else "").

    Example:
        >>> import qpanalysis as qp
        >>> rows = department_tasks(qp.load(), "Q3").set_index("task_id")
        >>> rows.loc[9, ["lead_department", "due_raw", "target", "target_period"]].tolist()
        ['区建设管理委', '2026.12', '完成20%', 'Q3']
        >>> rows.loc[5, "target_period"], rows.loc[28, "target"]  # a whole-year H1 text; 28 falls due in H1
        ('H1', '')
        >>> department_tasks(qp.load()).set_index("task_id").loc[11, ["q3_target", "q4_target"]].tolist()
        ['累计完成2.2公里', '/']
    """
    from qpanalysis.analysis.quarterly import milestones_due

    tasks = tl.tasks
    out = pd.DataFrame({
        "task_id": tasks.index.astype(int),
        "name": tasks["name"].to_numpy(),
        "lead_department": tasks["lead_department"].to_numpy(),
        "due_raw": tasks["due_raw"].astype(str).to_numpy(),
    })
    if quarter is None:
        texts = tl.milestones.pivot(index="task_id", columns="period", values="text")
        for period, column in PERIOD_TARGET_COLUMNS.items():
            out[column] = out["task_id"].map(texts[period]).fillna("").to_numpy()
    else:
        due = milestones_due(tl, quarter)
        grouped = due.groupby("task_id")
        out["target"] = out["task_id"].map(grouped["text"].agg("\n".join)).fillna("")
        out["target_period"] = out["task_id"].map(grouped["period"].agg(",".join)).fillna("")
    units = final_units(tl)
    out["quantity_unit"] = [units.get(int(t), "") for t in out["task_id"]]
    return out


def write_department_book(sheets, path: str | Path, year: int, help_words: dict, error_words: dict) -> Path:
    """Write department sheets as one xlsx workbook: the list's texts locked, the cells to fill unlocked and checked.

    Each sheet holds a title row, a note row, the header row and one row per task. The
    sheet is protected without a password: only the INPUT_COLUMNS cells of the task rows
    can be typed in (Review → Unprotect Sheet lifts it). The date, percentage and quantity
    cells carry an input prompt and a data validation with an error message: a date within
    ``year``, a number from 0 to 100, a number of 0 or more.

    Args:
        sheets: ``DepartmentSheet`` s (title, heading, note, headers, rows), in order.
        path: The xlsx file to write.
        year: The plan year.
        help_words: Column → (prompt title, prompt), in the sheet's language.
        error_words: Column → the message when a typed value is refused.
    """
    import openpyxl  # only the xlsx templates need it

    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _department_sheet(book.create_sheet(sheet.title), sheet, year, help_words, error_words)
    return save_workbook(book, path)


def text_lines(text, width: float) -> int:
    """How many lines a wrapped cell ``width`` characters wide needs for ``text`` (a Chinese character is two wide).

    Example:
        >>> text_lines("完成20%", 10), text_lines("推进" * 20, 32), text_lines("", 8)
        (1, 3, 1)
    """
    return max(1, math.ceil(display_width(text) / max(width - 1, 1)))


def _department_sheet(ws, sheet, year: int, help_words: dict, error_words: dict) -> None:
    """Fill one worksheet: title, note, header, task rows, widths, validation and protection."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter

    columns = list(sheet.rows.columns)
    thin = Side(style="thin", color=BORDER_COLOUR)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    last_letter = get_column_letter(len(columns))
    first, last = HEADER_ROW + 1, HEADER_ROW + len(sheet.rows)
    ws.cell(TITLE_ROW, 1, sheet.heading).font = Font(bold=True, size=14)
    ws.cell(NOTE_ROW, 1, sheet.note).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A{TITLE_ROW}:{last_letter}{TITLE_ROW}")
    ws.merge_cells(f"A{NOTE_ROW}:{last_letter}{NOTE_ROW}")
    total_width = sum(DEPARTMENT_WIDTHS[column] for column in columns)
    ws.row_dimensions[NOTE_ROW].height = LINE_HEIGHT * text_lines(sheet.note, total_width)
    ws.row_dimensions[HEADER_ROW].height = LINE_HEIGHT * max(
        text_lines(sheet.headers[column], DEPARTMENT_WIDTHS[column]) for column in columns)
    for row, record in enumerate(sheet.rows.itertuples(index=False), start=first):
        ws.row_dimensions[row].height = LINE_HEIGHT * max(
            text_lines(value, DEPARTMENT_WIDTHS[column]) for column, value in zip(columns, record)
            if isinstance(value, str))
    locked = PatternFill("solid", fgColor=LOCKED_FILL)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = DEPARTMENT_WIDTHS[column]
        head = ws.cell(HEADER_ROW, index, sheet.headers[column])
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="center")
        head.fill = locked
        head.border = border
        editable = column in INPUT_COLUMNS
        for row, value in enumerate(sheet.rows[column], start=first):
            cell = ws.cell(row, index, None if isinstance(value, str) and not value else value)
            cell.alignment = Alignment(wrap_text=column not in ("task_id", "as_of"), vertical="top")
            cell.border = border
            if column == "as_of":
                cell.number_format = DATE_FORMAT
            elif column in ("due_raw", "quantity_unit", "note"):
                cell.number_format = TEXT_FORMAT
            if editable:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = locked
        if editable and column in COLUMN_HELP and len(sheet.rows):
            rule = _validation(column, year, (*help_words[column], error_words[column]))
            rule.add(f"{letter}{first}:{letter}{last}")
            ws.add_data_validation(rule)
    ws.freeze_panes = f"A{first}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.protection.sheet = True  # no password: protection guards against slips, not people
    mark_text_cells(ws)
