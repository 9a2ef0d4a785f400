"""Read a task list file (published text, CSV or xlsx) into numbered rows of cells."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from qpanalysis.errors import TaskListError

# Government files arrive as UTF-8 (with or without BOM) or GB18030/GBK; GB18030 is a
# superset of GBK and GB2312, so one fallback covers all three.
FALLBACK_ENCODING = "gb18030"
# Line breaks as written by Windows, Unix and classic Mac tools. str.splitlines() is not
# used because it also splits on form feeds and Unicode separators, which would shift
# the line numbers that every error message and `source_line` report.
LINE_BREAKS = ("\r\n", "\n", "\r")
TEXT_SUFFIXES = {".txt", ".tsv", ".md"}
CSV_SUFFIXES = {".csv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
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


@dataclass(frozen=True)
class Row:
    """One line (or spreadsheet row) of the source, split into cells.

    Attributes:
        line: 1-based line number in the file (row number for xlsx).
        cells: The cell texts, stripped of surrounding white space; a number cell of a
            spreadsheet as the text of its number (see ``number_text``).
        raw: The line as read (for text files), or the cells joined by tabs.
        padded: A spreadsheet row, whose trailing empty cells were not stored.
        number_formats: xlsx only: each cell's number format where the cell held a
            number, else None (only the format tells 2026.10 from 2026.1). Empty for text
            and CSV, which cost nothing more to read.
    """

    line: int
    cells: tuple[str, ...]
    raw: str
    padded: bool = False
    number_formats: tuple[str | None, ...] = ()

    @property
    def is_blank(self) -> bool:
        """True when no cell holds any text."""
        return not any(self.cells)

    def number_format(self, index: int) -> str | None:
        """The number format of cell ``index`` if it held a number (xlsx only), else None."""
        return self.number_formats[index] if index < len(self.number_formats) else None

    def padded_to(self, width: int) -> Row:
        """The row with empty cells added up to ``width`` (a spreadsheet stores none at the end).

        Example:
            >>> Row(3, ("1", "a"), "", padded=True).padded_to(4).cells
            ('1', 'a', '', '')
        """
        return replace(self, cells=self.cells + ("",) * (width - len(self.cells)))


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode bytes as UTF-8 (BOM optional) or, failing that, GB18030.

    Args:
        data: The raw file content.
        path: Used in the error message only.

    Returns:
        The text without a byte-order mark.

    Raises:
        TaskListError: When the bytes are neither valid UTF-8 nor GB18030.

    Example:
        >>> decode("青浦".encode("utf-8-sig"))
        '青浦'
        >>> decode("青浦".encode("gbk"))
        '青浦'
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode(FALLBACK_ENCODING)
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise TaskListError(
                "the file is neither UTF-8 nor GB18030/GBK text; save it as UTF-8",
                path=path,
                line=line,
            ) from None


def split_lines(text: str) -> list[str]:
    r"""Split text on CRLF, LF or CR only.

    Example:
        >>> split_lines("a\r\nb\nc\rd")
        ['a', 'b', 'c', 'd']
        >>> split_lines("a\x0cb")  # a form feed stays inside its line
        ['a\x0cb']
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _clean(cell: object) -> str:
    if cell is None:
        return ""
    return str(cell).strip()


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


def cell_name(row: Row, index: int) -> str:
    """Where a spreadsheet user finds a cell: ``sheet 1, cell K43``.

    Example:
        >>> cell_name(Row(43, (), ""), 10)
        'sheet 1, cell K43'
    """
    from openpyxl.utils import get_column_letter  # only spreadsheet messages need it

    return f"{SHEET_NAME}, cell {get_column_letter(index + 1)}{row.line}"


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


def rows_from_text(text: str, delimiter: str = "\t") -> list[Row]:
    r"""Split the published text layout into rows, one per line.

    Example:
        >>> [r.cells for r in rows_from_text("a\tb\n\n1\t2")]
        [('a', 'b'), ('',), ('1', '2')]
    """
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start a new one
    return [
        Row(number, tuple(_clean(c) for c in line.split(delimiter)), line)
        for number, line in enumerate(lines, start=1)
    ]


def rows_from_csv(text: str, path: str | Path) -> list[Row]:
    """Read CSV text; a row's line is the file line on which it starts."""
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        line = 1
        for record in reader:
            rows.append(Row(line, tuple(_clean(c) for c in record), ",".join(record)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise TaskListError(f"malformed CSV: {exc}", path=path, line=reader.line_num) from None
    return rows


def _sheet_cell(cell) -> tuple[str, str | None]:
    """The text of a worksheet cell, and its number format if it holds a number."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value, cell.number_format), cell.number_format
    return _clean(value), None


def rows_from_excel(path: Path) -> list[Row]:
    """Read the first worksheet of an xlsx file; a row's line is its sheet row number."""
    import openpyxl  # imported here: only xlsx input needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise TaskListError(f"cannot open as an xlsx workbook ({exc})", path=path) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, sheet_row in enumerate(sheet.iter_rows(), start=1):
            read = [_sheet_cell(cell) for cell in sheet_row]
            # A spreadsheet has no cell count of its own: trailing empty cells are padding.
            while read and not read[-1][0]:
                read.pop()
            cells = tuple(text for text, _ in read)
            formats = tuple(number_format for _, number_format in read)
            rows.append(Row(number, cells, "\t".join(cells), padded=True, number_formats=formats if any(formats) else ()))
        return rows
    finally:
        book.close()


def read_rows(path: str | Path) -> tuple[list[Row], str]:
    """Read any supported file into rows.

    Args:
        path: A ``.txt``/``.tsv`` file in the published tab-separated layout, a ``.csv``
            file with the same columns, or an ``.xlsx`` workbook (first sheet).

    Returns:
        The rows and the format name (``"text"``, ``"csv"`` or ``"xlsx"``).

    Raises:
        TaskListError: When the file is missing, of an unknown type, or undecodable.
    """
    path = Path(path)
    if not path.is_file():
        raise TaskListError("no such file", path=path)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return rows_from_excel(path), "xlsx"
    if suffix not in TEXT_SUFFIXES | CSV_SUFFIXES:
        raise TaskListError(
            f"unknown file type {suffix or '(none)'}; expected one of "
            + ", ".join(sorted(TEXT_SUFFIXES | CSV_SUFFIXES | EXCEL_SUFFIXES)),
            path=path,
        )
    text = decode(path.read_bytes(), path)
    if suffix in CSV_SUFFIXES:
        return rows_from_csv(text, path), "csv"
    return rows_from_text(text), "text"
