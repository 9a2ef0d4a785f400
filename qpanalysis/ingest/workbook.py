"""Reading an xlsx workbook: each cell as the text a reader sees, formulas and the values saved for them, and the messages that name a cell."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from qpanalysis.errors import TaskListError
from qpanalysis.ingest.rows import Formula, Row, clean_cell

# Spreadsheets (Excel, LibreOffice Calc) compute and show 15 significant digits; the further
# digits of a binary float (69.69999999999999) are artefacts of storage, not of the source.
SPREADSHEET_DIGITS = 15
# Parts of a number format that say nothing about decimals: quoted text, [colours] and
# [conditions], escaped characters, and the _x (space) and *x (fill) codes.
FORMAT_DECORATION = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
# The decimal places a number format shows: 0.00 shows two; # is an optional digit.
FORMAT_DECIMALS = re.compile(r"\.([0#?]+)")
# Only the first sheet is read; messages name it, as a spreadsheet user finds it.
SHEET_NAME = "sheet 1"
# A number cell that reads as year.month with one decimal 1 (2026.1): a spreadsheet shows
# 2026.10 typed in a General cell as 2026.1, so it may be January or October.
AMBIGUOUS_MONTH = re.compile(r"^\d+\.1$")


def format_decimals(number_format: str) -> tuple[int, bool]:
    """The decimal places a spreadsheet number format always shows, and whether it is a percentage.

    Example:
        >>> format_decimals("General"), format_decimals("0.00"), format_decimals("#,##0.0#")
        ((0, False), (2, False), (1, False))
        >>> format_decimals("0%"), format_decimals('0.000" 万元";[Red]-0.000')
        ((0, True), (3, False))
    """
    section = FORMAT_DECORATION.sub("", number_format or "").split(";")[0]
    match = FORMAT_DECIMALS.search(section)
    return (match[1].count("0") if match else 0), "%" in section


def number_text(value: int | float, number_format: str = "General") -> str:
    """The text of a number cell: its digits as the source wrote them, never rounded away.

    A spreadsheet stores 15 significant digits, so a float is written with at most 15
    (69.69999999999999 is the 69.7 that was typed). A format with decimals adds the zeros
    it shows (2026.1 in a ``0.00`` cell shows 2026.10); a percentage format shows the
    fraction times 100 with ``%`` (0.9 in a ``0%`` cell is 90%).

    Example:
        >>> number_text(69.7), number_text(69.69999999999999), number_text(278138.0)
        ('69.7', '69.7', '278138')
        >>> number_text(2026.1), number_text(2026.1, "0.00"), number_text(2026.12, "0.0")
        ('2026.1', '2026.10', '2026.12')
        >>> number_text(0.9, "0%"), number_text(0.905, "0%"), number_text(0.07, "0.00%")
        ('90%', '90.5%', '7.00%')
        >>> number_text(1e20), number_text(-2.5, "0.00"), number_text(7)
        ('100000000000000000000', '-2.50', '7')
    """
    decimals, percent = format_decimals(number_format)
    number = Decimal(value) if isinstance(value, int) else Decimal(f"{value:.{SPREADSHEET_DIGITS}g}")
    if percent:
        number *= 100
    whole, _, fraction = format(number.normalize(), "f").partition(".")
    fraction = fraction.ljust(decimals, "0")
    return (f"{whole}.{fraction}" if fraction else whole) + ("%" if percent else "")


def cell_name(row: Row, index: int, sheet: str = SHEET_NAME) -> str:
    """Where a spreadsheet user finds a cell: ``sheet 1, cell K43`` (``sheet`` names another sheet).

    Example:
        >>> cell_name(Row(43, (), ""), 10), cell_name(Row(5, (), ""), 0, "sheet '水务局'")
        ('sheet 1, cell K43', "sheet '水务局', cell A5")
    """
    from openpyxl.utils import get_column_letter  # only spreadsheet messages need it

    return f"{sheet}, cell {get_column_letter(index + 1)}{row.line}"


def formula_message(row: Row, formula: Formula, sheet: str = SHEET_NAME) -> str:
    """What a message says of a formula cell: refused without a saved value, else read as its saved value.

    Example:
        >>> row = Row(17, ("7", "300"), "", formulas=(Formula(1, "=100+200", True),))
        >>> formula_message(row, row.formulas[0])
        "sheet 1, cell B17 holds the formula =100+200; the value the file saved for it, '300', was read"
    """
    where = f"{cell_name(row, formula.index, sheet)} holds the formula {formula.text}"
    if not formula.cached:
        return (f"{where} with no value saved for it: the file was written by a program that does not calculate "
                "(openpyxl, a script) or saved without recalculating. Open it in Excel or LibreOffice and save it "
                "again, or replace the formula by its value")
    return f"{where}; the value the file saved for it, {row.cells[formula.index]!r}, was read"


# How a message asks for a formula in a text cell to be replaced by its value.
FORMULA_TO_VALUE = "replace the formula by its value (copy, then Paste Special → Values)"


def month_text(row: Row, index: int, *, path: str | Path, field: str) -> str:
    """The text of a year.month cell, refusing a number that may be January or October.

    Text cells and numbers such as 2026.12 or 2026.9 are returned as they are; a number
    shown with two decimals (a ``0.00`` format) was already read as 2026.10.

    Raises:
        TaskListError: For a number cell that reads 2026.1, naming the cell.

    Example:
        >>> month_text(Row(7, ("2026.1",), "2026.1"), 0, path="x.txt", field="计划完成时间")
        '2026.1'
        >>> month_text(Row(7, ("2026.1",), "2026.1", True, ("General",)), 0, path="x.xlsx", field="计划完成时间")
        Traceback (most recent call last):
        ...
        qpanalysis.errors.TaskListError: x.xlsx, line 7, field 计划完成时间: sheet 1, cell A7 holds the number 2026.1, which may be January (2026.1) or October (2026.10): a spreadsheet drops the final 0 of a number. Store the column as text (format the cells as Text and type 2026.10 again), or give it the number format 0.00 (and type September 2026.09)
    """
    text = row.cells[index]
    if row.number_format(index) is not None and AMBIGUOUS_MONTH.match(text):
        raise TaskListError(
            f"{cell_name(row, index)} holds the number {text}, which may be January ({text}) or October ({text}0): "
            f"a spreadsheet drops the final 0 of a number. Store the column as text (format the cells as Text and "
            f"type {text}0 again), or give it the number format 0.00 (and type September {text[:-2]}.09)",
            path=path, line=row.line, field=field,
        )
    return text


def _sheet_cell(cell) -> tuple[str, str | None]:
    """The text of a worksheet cell, and its number format if it holds a number."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value, cell.number_format), cell.number_format
    return clean_cell(value), None


def _formula_text(value) -> str:
    """A formula as written: openpyxl gives a plain formula as text, an array formula as an object."""
    return str(getattr(value, "text", value))


def _open_workbook(path: Path, *, data_only: bool):
    import openpyxl  # imported here: only xlsx input needs it

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise TaskListError(f"cannot open as an xlsx workbook ({exc})", path=path) from None


def _sheet_rows(sheet):
    """Each row of a sheet as its cells (text, number format) and its formulas (column, formula text)."""
    for sheet_row in sheet.iter_rows():
        read = [_sheet_cell(cell) for cell in sheet_row]
        formulas = [(index, _formula_text(cell.value)) for index, cell in enumerate(sheet_row)
                    if getattr(cell, "data_type", None) == "f"]
        yield read, formulas


def _saved(cell) -> bool:
    """Whether a cell read with ``data_only=True`` holds a saved value.

    A formula written without one (``<v />``, as openpyxl writes it) reads as None with no
    type; a formula that gave the empty text reads as None too, but typed ``str``.
    """
    return cell.value is not None or getattr(cell, "data_type", "n") not in ("n", None)


def _cached_values(path: Path, rows: dict[int, set[int]]) -> dict[int, dict[int, list[tuple[tuple[str, str | None], bool]]]]:
    """The cells of the given rows of each given sheet (sheet index → row numbers) as the file saved them
    (a formula's last value), and whether each has a saved value (``_saved``)."""
    book = _open_workbook(path, data_only=True)
    try:
        found: dict[int, dict] = {}
        for sheet, numbers in rows.items():
            found[sheet] = {}
            for number, sheet_row in enumerate(book.worksheets[sheet].iter_rows(), start=1):
                if number in numbers:
                    found[sheet][number] = [(_sheet_cell(cell), _saved(cell)) for cell in sheet_row]
        return found
    finally:
        book.close()


def rows_from_excel(path: Path, sheet: int = 0) -> tuple[list[Row], tuple[str, ...]]:
    """Read the first worksheet of an xlsx file (or the one at index ``sheet``); a row's line is its sheet row number.

    The workbook is read as written, formulas included; only when a row holds a formula is
    it read a second time, for the value the file saved for each formula (a spreadsheet
    program saves it, a script that writes formulas does not). A formula cell's text is
    that value ("" when none was saved); ``Row.formulas`` says which cells hold formulas.

    Returns:
        The rows and the names of the workbook's sheets, in order.
    """
    found, sheets = _read_sheets(path, [sheet])
    return found[0], sheets


def sheets_from_excel(path: Path) -> tuple[list[list[Row]], tuple[str, ...]]:
    """Read every worksheet of an xlsx file, opening it once (twice when a row holds a formula):
    the rows of each sheet, as :func:`rows_from_excel` reads one, and the sheets' names."""
    return _read_sheets(path, None)


def _read_sheets(path: Path, indexes: list[int] | None) -> tuple[list[list[Row]], tuple[str, ...]]:
    """The rows of the sheets at ``indexes`` (every sheet when None) and the names of all sheets."""
    book = _open_workbook(path, data_only=False)
    read_sheets: list[list[Row | None]] = []
    # sheet position → row number → its cells and formulas, until their values are read
    with_formulas: dict[int, dict[int, tuple[list, list]]] = {}
    try:
        sheets = tuple(sheet.title for sheet in book.worksheets)
        for position, index in enumerate(range(len(sheets)) if indexes is None else indexes):
            rows: list[Row | None] = []
            for number, (read, formulas) in enumerate(_sheet_rows(book.worksheets[index]), start=1):
                if formulas:
                    with_formulas.setdefault(position, {})[number] = (read, formulas)
                rows.append(None if formulas else _sheet_row(number, read))
            read_sheets.append(rows)
    finally:
        book.close()
    positions = list(range(len(sheets))) if indexes is None else indexes
    if with_formulas:
        cached = _cached_values(path, {positions[p]: set(found) for p, found in with_formulas.items()})
        for position, found in with_formulas.items():
            for number, (read, formulas) in found.items():
                values = cached[positions[position]].get(number, [])
                saved = [values[index][1] if index < len(values) else False for index, _ in formulas]
                for (index, _), has_value in zip(formulas, saved):
                    read[index] = values[index][0] if has_value else ("", None)
                marked = tuple(Formula(index, text, has_value) for (index, text), has_value in zip(formulas, saved))
                read_sheets[position][number - 1] = _sheet_row(number, read, marked)
    return read_sheets, sheets


def _sheet_row(number: int, read: list[tuple[str, str | None]], formulas: tuple[Formula, ...] = ()) -> Row:
    """A Row of a sheet's cells (text, number format), without the empty cells at its end (unless a formula's)."""
    # A spreadsheet has no cell count of its own: trailing empty cells are padding.
    last = max((f.index for f in formulas), default=-1)
    while len(read) > last + 1 and not read[-1][0]:
        read.pop()
    cells = tuple(text for text, _ in read)
    formats = tuple(number_format for _, number_format in read)
    return Row(number, cells, "\t".join(cells), padded=True, number_formats=formats if any(formats) else (),
               formulas=formulas)


def sheets_note(path: str | Path, sheets: tuple[str, ...]) -> str:
    """Where the data of a workbook is, for a message about a first sheet without a list.

    Example:
        >>> sheets_note("x.xlsx", ("Sheet1",))
        "only the first sheet of a workbook is read ('Sheet1')"
    """
    note = f"only the first sheet of a workbook is read ({sheets[0]!r})" if sheets else ""
    if len(sheets) < 2:
        return note
    book = _open_workbook(Path(path), data_only=True)
    try:
        holding = [sheet.title for sheet in book.worksheets[1:]
                   if any(clean_cell(value) for row in sheet.iter_rows(values_only=True) for value in row)]
    finally:
        book.close()
    names = ", ".join(repr(name) for name in sheets)
    where = (f"; data is on {'sheet' if len(holding) == 1 else 'sheets'} {', '.join(map(repr, holding))}: "
             "move the sheet with the list to the front, or save it as a workbook of its own") if holding else ""
    return f"{note} (the workbook's sheets: {names}){where}"
