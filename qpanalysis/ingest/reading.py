"""Read a task list file (published text, CSV or xlsx) into numbered rows of cells."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from qpanalysis.errors import TaskListError

# Government files arrive as UTF-8 (with or without BOM) or GB18030/GBK; GB18030 is a
# superset of GBK and GB2312, so one fallback covers all three.
FALLBACK_ENCODING = "gb18030"
# Big5 (traditional Chinese, Taiwan and Hong Kong) bytes are nearly all valid GB18030 too, and
# decode without error into other, garbled characters (序號 becomes 腹). Simplified Chinese
# text keeps almost every character within GB2312 (the bundled list: all 10,012); Big5 read
# as GB18030 gives about half outside it. A GB18030 reading with more than this share of
# non-ASCII characters outside GB2312, of bytes that are also valid Big5 (cp950), is refused.
BIG5_CODEC = "cp950"
MOJIBAKE_SHARE = 0.2
# Fewer garbled characters than this are not evidence enough (a rare name, a symbol).
MOJIBAKE_MINIMUM = 3
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
# CSV separators other than the comma that spreadsheets write (a semicolon where the comma
# is the decimal mark, a tab in "Text (tab delimited)"), with the name a message gives each.
OTHER_SEPARATORS = {";": "semicolon", "\t": "tab"}
# Lines looked at to tell which separator a CSV file uses: the header is among the first.
# (In a comma-separated file a semicolon may stand in a cell, and the other way round, so
# the separator is the one that splits these lines into rows of one width.)
SNIFF_LINES = 20


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell that holds a formula.

    Attributes:
        index: The cell's 0-based column.
        text: The formula as written, e.g. ``=SUM(I7:I9)``.
        cached: Whether the file stores the value the formula last gave. A spreadsheet
            program saves it; openpyxl and other scripts write the formula alone.
    """

    index: int
    text: str
    cached: bool


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
        formulas: xlsx only: the cells of the row that hold a formula (their text in
            ``cells`` is the value the file saved for the formula, "" when it saved none).
        last_line: CSV only: the last line of a record whose quoted cell holds line breaks.
    """

    line: int
    cells: tuple[str, ...]
    raw: str
    padded: bool = False
    number_formats: tuple[str | None, ...] = ()
    formulas: tuple[Formula, ...] = ()
    last_line: int | None = None

    @property
    def lines(self) -> str:
        """The line (or lines, for a CSV record with line breaks in a quoted cell) the row was read from.

        Example:
            >>> Row(3, (), "").lines, Row(3, (), "", last_line=9).lines
            ('line 3', 'lines 3–9')
        """
        if self.last_line is None or self.last_line == self.line:
            return f"line {self.line}"
        return f"lines {self.line}–{self.last_line}"

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
        TaskListError: When the bytes are neither valid UTF-8 nor GB18030, or when they
            look like Big5 text that GB18030 would turn into other characters.

    Example:
        >>> decode("青浦".encode("utf-8-sig"))
        '青浦'
        >>> decode("青浦".encode("gbk"))
        '青浦'
        >>> decode("序號、任務名稱、牽頭部門".encode("big5"), "x.txt")
        Traceback (most recent call last):
        ...
        qpanalysis.errors.TaskListError: x.txt, line 1: the file looks like Big5 (traditional Chinese) text: read as GB18030 (simplified Chinese), it gives garbled characters such as '瞣'; save it as UTF-8
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode(FALLBACK_ENCODING)
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise TaskListError(
                "the file is neither UTF-8 nor GB18030/GBK text; save it as UTF-8",
                path=path,
                line=line,
            ) from None
    check_not_big5(data, text, path)
    return text


def _outside_gb2312(text: str) -> int:
    """How many characters of ``text`` GB2312 (the common simplified characters) cannot encode."""
    return text.encode("gb2312", errors="replace").count(b"?") - text.count("?")


def check_not_big5(data: bytes, text: str, path: str | Path) -> None:
    """Refuse a GB18030 reading that looks like Big5 text read with the wrong encoding (see MOJIBAKE_SHARE).

    Raises:
        TaskListError: Naming the first line with a garbled character.

    Example:
        >>> check_not_big5("青浦区".encode("gbk"), "青浦区", "x.txt")  # simplified text passes
    """
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    garbled = _outside_gb2312(text)
    if garbled < max(MOJIBAKE_MINIMUM, MOJIBAKE_SHARE * non_ascii):
        return
    try:
        data.decode(BIG5_CODEC)
    except UnicodeDecodeError:
        return  # not Big5 either: GBK's own rare characters
    for number, line in enumerate(split_lines(text), start=1):
        if _outside_gb2312(line):
            garbled_chars = [ch for ch in line if _outside_gb2312(ch)]
            # a character rather than a private-use code point, where there is one
            example = next((ch for ch in garbled_chars if unicodedata.category(ch) == "Lo"), garbled_chars[0])
            raise TaskListError(
                "the file looks like Big5 (traditional Chinese) text: read as GB18030 (simplified Chinese), "
                f"it gives garbled characters such as {example!r}; save it as UTF-8",
                path=path, line=number,
            )


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


def formula_message(row: Row, formula: Formula) -> str:
    """What a message says of a formula cell: refused without a saved value, else read as its saved value.

    Example:
        >>> row = Row(17, ("7", "300"), "", formulas=(Formula(1, "=100+200", True),))
        >>> formula_message(row, row.formulas[0])
        "sheet 1, cell B17 holds the formula =100+200; the value the file saved for it, '300', was read"
    """
    where = f"{cell_name(row, formula.index)} holds the formula {formula.text}"
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


def rows_from_text(text: str, delimiter: str = "\t") -> list[Row]:
    r"""Split the published text layout into rows, one per line.

    Example:
        >>> [r.cells for r in rows_from_text("a\tb\n\n1\t2")]
        [('a', 'b'), ('',), ('1', '2')]
    """
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start a new one
    strip = str.strip
    return [Row(number, tuple(map(strip, line.split(delimiter))), line) for number, line in enumerate(lines, start=1)]


def _rows_alike(lines: list[str], delimiter: str) -> tuple[int, int]:
    """How many of ``lines`` split by ``delimiter`` into the same number (above 1) of cells, and the first such line."""
    widths = [len(cells) for cells in csv.reader(lines, delimiter=delimiter)]
    counts = Counter(width for width in widths if width > 1)
    if not counts:
        return 0, 0
    width, alike = counts.most_common(1)[0]
    return alike, widths.index(width) + 1


def _csv_separator_error(text: str, path: str | Path) -> TaskListError | None:
    r"""The error for a "CSV" file whose rows are separated by semicolons or tabs, else None.

    The first SNIFF_LINES lines are split by each separator in turn: the rows of a table
    split into the same number of cells by the separator that made them, while a comma
    or a semicolon inside a cell's text gives rows of every width. A file in which more
    lines agree when split by ";" (or a tab) than by "," is refused, naming the first
    line that does (usually the header).

    Example:
        >>> print(_csv_separator_error("序号;任务名称;牵头部门\n1;a,b;c\n2;d;e", "x.csv"))  # doctest: +ELLIPSIS
        x.csv, line 1: this looks like a semicolon-separated file, not a comma-separated CSV file: ...
        >>> _csv_separator_error('标题\n序号,任务名称\n1,"a;b"', "x.csv") is None
        True
    """
    lines = split_lines(text[: 1 << 16])[:SNIFF_LINES]
    commas, _ = _rows_alike(lines, ",")
    others = [(*_rows_alike(lines, separator), separator) for separator in OTHER_SEPARATORS]
    alike, line, separator = max(others, key=lambda found: found[0])
    if alike <= commas:
        return None
    name = OTHER_SEPARATORS[separator]
    advice = ("save it as CSV with commas (Excel: CSV UTF-8 (Comma delimited); LibreOffice: field delimiter ,)"
              if separator == ";" else
              "give it the suffix .txt (the published tab-separated layout), or save it as CSV with commas")
    return TaskListError(
        f"this looks like a {name}-separated file, not a comma-separated CSV file: its rows are split by {name}s; "
        f"{advice}",
        path=path, line=line,
    )


@contextmanager
def _csv_cells_up_to(length: int):
    """Let the csv module read cells of up to ``length`` characters while a file is read.

    Python's csv module refuses a cell over 128 KiB, while a text file's cell may be as
    long as its line. So that the two formats accept the same files, a CSV cell may be as
    long as the file it is in; the process-wide limit is put back afterwards.
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, length + 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


# What Python's csv module reports for a malformed file, and what the message says instead
# (the line is the one on which the bad record starts).
CSV_ERRORS = {
    "unexpected end of data": "a quoted cell that starts here is never closed: a quote (\") is unbalanced",
    "expected after": ("a quote (\") closes a quoted cell but more text follows in the same cell; write a quote "
                       "inside a cell as two quotes (\"\") and put the whole cell in quotes"),
    "NUL": "the file holds a NUL character: it is not a text file",
}


def rows_from_csv(text: str, path: str | Path) -> list[Row]:
    r"""Read CSV text; a row's line is the file line on which it starts.

    The file is read strictly: a quote left open, or text after the quote that closes a
    cell, is an error rather than a guess.

    Raises:
        TaskListError: For a file separated by semicolons or tabs, an unbalanced quote or
            another malformed record, naming the line on which it starts.

    Example:
        >>> [(r.line, r.cells, r.lines) for r in rows_from_csv('a,b\n"x\ny",z\n', "x.csv")]
        [(1, ('a', 'b'), 'line 1'), (2, ('x\ny', 'z'), 'lines 2–3')]
        >>> rows_from_csv('a,b\n"x,y\n1,2\n', "x.csv")
        Traceback (most recent call last):
        ...
        qpanalysis.errors.TaskListError: x.csv, line 2: a quoted cell that starts here is never closed: a quote (") is unbalanced
    """
    separator_error = _csv_separator_error(text, path)
    if separator_error is not None:
        raise separator_error
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        with _csv_cells_up_to(len(text)):
            for record in reader:
                last = reader.line_num
                rows.append(Row(line, tuple(_clean(c) for c in record), ",".join(record),
                                last_line=last if last != line else None))
                line = last + 1
    except csv.Error as exc:
        reason = next((why for key, why in CSV_ERRORS.items() if key in str(exc)), f"malformed CSV: {exc}")
        raise TaskListError(reason, path=path, line=line) from None
    return rows


def _sheet_cell(cell) -> tuple[str, str | None]:
    """The text of a worksheet cell, and its number format if it holds a number."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value, cell.number_format), cell.number_format
    return _clean(value), None


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


def _cached_values(path: Path, rows: set[int]) -> dict[int, list[tuple[tuple[str, str | None], bool]]]:
    """The cells of the given rows of the first sheet as the file saved them (a formula's last value), and whether
    each has a saved value (``_saved``)."""
    book = _open_workbook(path, data_only=True)
    try:
        found = {}
        for number, sheet_row in enumerate(book.worksheets[0].iter_rows(), start=1):
            if number in rows:
                found[number] = [(_sheet_cell(cell), _saved(cell)) for cell in sheet_row]
        return found
    finally:
        book.close()


def rows_from_excel(path: Path) -> tuple[list[Row], tuple[str, ...]]:
    """Read the first worksheet of an xlsx file; a row's line is its sheet row number.

    The workbook is read as written, formulas included; only when a row holds a formula is
    it read a second time, for the value the file saved for each formula (a spreadsheet
    program saves it, a script that writes formulas does not). A formula cell's text is
    that value ("" when none was saved); ``Row.formulas`` says which cells hold formulas.

    Returns:
        The rows and the names of the workbook's sheets, in order.
    """
    book = _open_workbook(path, data_only=False)
    rows: list[Row | None] = []
    with_formulas: dict[int, tuple[list, list]] = {}  # row number → its cells and formulas, until their values are read
    try:
        sheets = tuple(sheet.title for sheet in book.worksheets)
        for number, (read, formulas) in enumerate(_sheet_rows(book.worksheets[0]), start=1):
            if formulas:
                with_formulas[number] = (read, formulas)
            rows.append(None if formulas else _sheet_row(number, read))
    finally:
        book.close()
    cached = _cached_values(path, set(with_formulas)) if with_formulas else {}
    for number, (read, formulas) in with_formulas.items():
        values = cached.get(number, [])
        saved = [values[index][1] if index < len(values) else False for index, _ in formulas]
        for (index, _), has_value in zip(formulas, saved):
            read[index] = values[index][0] if has_value else ("", None)
        marked = tuple(Formula(index, text, has_value) for (index, text), has_value in zip(formulas, saved))
        rows[number - 1] = _sheet_row(number, read, marked)
    return rows, sheets


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
                   if any(_clean(value) for row in sheet.iter_rows(values_only=True) for value in row)]
    finally:
        book.close()
    names = ", ".join(repr(name) for name in sheets)
    where = (f"; data is on {'sheet' if len(holding) == 1 else 'sheets'} {', '.join(map(repr, holding))}: "
             "move the sheet with the list to the front, or save it as a workbook of its own") if holding else ""
    return f"{note} (the workbook's sheets: {names}){where}"


@dataclass(frozen=True)
class Source:
    """A file read into rows.

    Attributes:
        path: The file.
        rows: Its rows (see ``Row``).
        format: ``"text"``, ``"csv"`` or ``"xlsx"``.
        sheets: An xlsx workbook's sheet names, in order (empty for text and CSV).
    """

    path: Path
    rows: list[Row]
    format: str
    sheets: tuple[str, ...] = field(default=())

    @property
    def cells_word(self) -> str:
        """How a message names the cells of a row of this format."""
        return {"text": "tab-separated cells", "csv": "comma-separated cells"}.get(self.format, "cells")

    @property
    def note(self) -> Callable[[], str]:
        """What to add to a message saying the file holds no list: for a workbook, where its data is.

        A callable, run only when such a message is made (it opens the workbook again), that
        holds the path and sheet names but not the rows.
        """
        path, sheets = self.path, self.sheets
        return (lambda: sheets_note(path, sheets)) if self.format == "xlsx" else str


def check_file(path: str | Path) -> Path:
    """The path of a file to read, refusing a folder or a path where nothing is.

    Raises:
        TaskListError: "is a folder, not a file" or "no such file".

    Example:
        >>> check_file(".")
        Traceback (most recent call last):
        ...
        qpanalysis.errors.TaskListError: .: is a folder, not a file; give the path of a file in it
    """
    path = Path(path)
    if path.is_dir():
        raise TaskListError("is a folder, not a file; give the path of a file in it", path=path)
    if not path.is_file():
        raise TaskListError("no such file", path=path)
    return path


def read_source(path: str | Path) -> Source:
    """Read any supported file into rows.

    Args:
        path: A ``.txt``/``.tsv`` file in the published tab-separated layout, a ``.csv``
            file with the same columns, or an ``.xlsx`` workbook (first sheet).

    Raises:
        TaskListError: When the file is missing, a folder, of an unknown type, undecodable
            or malformed.
    """
    path = check_file(path)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        rows, sheets = rows_from_excel(path)
        return Source(path, rows, "xlsx", sheets)
    if suffix not in TEXT_SUFFIXES | CSV_SUFFIXES:
        raise TaskListError(
            f"unknown file type {suffix or '(none)'}; expected one of "
            + ", ".join(sorted(TEXT_SUFFIXES | CSV_SUFFIXES | EXCEL_SUFFIXES)),
            path=path,
        )
    text = decode(path.read_bytes(), path)
    if suffix in CSV_SUFFIXES:
        return Source(path, rows_from_csv(text, path), "csv")
    return Source(path, rows_from_text(text), "text")


def read_rows(path: str | Path) -> tuple[list[Row], str]:
    """The rows and format name of a file; see ``read_source``."""
    source = read_source(path)
    return source.rows, source.format
