"""Read a task list file (published text, CSV or xlsx) into numbered rows of cells."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Row:
    """One line (or spreadsheet row) of the source, split into cells.

    Attributes:
        line: 1-based line number in the file (row number for xlsx).
        cells: The cell texts, stripped of surrounding white space.
        raw: The line as read (for text files), or the cells joined by tabs.
    """

    line: int
    cells: tuple[str, ...]
    raw: str
    padded: bool = False  # a spreadsheet row: trailing empty cells were not stored

    @property
    def is_blank(self) -> bool:
        """True when no cell holds any text."""
        return not any(self.cells)


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
    if isinstance(cell, float) and cell.is_integer():
        # openpyxl gives 1.0 for a cell typed as number 1; the text layout says "1".
        return str(int(cell))
    return str(cell).strip()


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
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_clean(v) for v in values]
            # A spreadsheet has no cell count of its own: trailing empty cells are padding.
            while cells and not cells[-1]:
                cells.pop()
            rows.append(Row(number, tuple(cells), "\t".join(cells), padded=True))
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
