"""Read a task list file (published text, CSV or xlsx) into numbered rows of cells."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import unicodedata
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from qpanalysis.errors import TaskListError
from qpanalysis.ingest.rows import Row, clean_cell
from qpanalysis.ingest.workbook import rows_from_excel, sheets_note

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
# CSV separators other than the comma that spreadsheets write (a semicolon where the comma
# is the decimal mark, a tab in "Text (tab delimited)"), with the name a message gives each.
OTHER_SEPARATORS = {";": "semicolon", "\t": "tab"}
# Lines looked at to tell which separator a CSV file uses: the header is among the first.
# (In a comma-separated file a semicolon may stand in a cell, and the other way round, so
# the separator is the one that splits these lines into rows of one width.)
SNIFF_LINES = 20
# The fields of a text row after line, cells and raw: Row's own defaults, in Row's order.
TEXT_ROW_DEFAULTS = tuple(Row._field_defaults[name] for name in Row._fields[3:])


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
    if "\r" in text:  # a quick scan first: most files have no CR, and each replace copies the whole text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def rows_from_text(text: str, delimiter: str = "\t") -> list[Row]:
    r"""Split the published text layout into rows, one per line.

    Example:
        >>> [r.cells for r in rows_from_text("a\tb\n\n1\t2")]
        [('a', 'b'), ('',), ('1', '2')]
    """
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start a new one
    strip, make = str.strip, tuple.__new__  # Row's fields in order, made without a Python call per line
    return [make(Row, (number, tuple(map(strip, line.split(delimiter))), line, *TEXT_ROW_DEFAULTS))
            for number, line in enumerate(lines, start=1)]


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
                rows.append(Row(line, tuple(clean_cell(c) for c in record), ",".join(record),
                                last_line=last if last != line else None))
                line = last + 1
    except csv.Error as exc:
        reason = next((why for key, why in CSV_ERRORS.items() if key in str(exc)), f"malformed CSV: {exc}")
        raise TaskListError(reason, path=path, line=line) from None
    return rows


@dataclass(frozen=True)
class Source:
    """A file read into rows.

    Attributes:
        path: The file.
        rows: Its rows (see ``Row``).
        format: ``"text"``, ``"csv"`` or ``"xlsx"``.
        sheets: An xlsx workbook's sheet names, in order (empty for text and CSV).
        sha256: Checksum of the bytes read (a text or CSV file is read once, for both).
    """

    path: Path
    rows: list[Row]
    format: str
    sheets: tuple[str, ...] = field(default=())
    sha256: str = ""

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


def check_file(path: str | Path, field: str | None = None) -> Path:
    """The path of a file to read, refusing a folder or a path where nothing is.

    ``field`` names what gave the path (e.g. the notebook parameter ``source``) in the error.

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
        raise TaskListError("is a folder, not a file; give the path of a file in it", path=path, field=field)
    if not path.is_file():
        raise TaskListError("no such file", path=path, field=field)
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
        return Source(path, rows, "xlsx", sheets, hashlib.sha256(path.read_bytes()).hexdigest())
    if suffix not in TEXT_SUFFIXES | CSV_SUFFIXES:
        raise TaskListError(
            f"unknown file type {suffix or '(none)'}; expected one of "
            + ", ".join(sorted(TEXT_SUFFIXES | CSV_SUFFIXES | EXCEL_SUFFIXES)),
            path=path,
        )
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    text = decode(data, path)
    del data  # a large file is not held twice
    if suffix in CSV_SUFFIXES:
        return Source(path, rows_from_csv(text, path), "csv", sha256=sha256)
    return Source(path, rows_from_text(text), "text", sha256=sha256)


def read_rows(path: str | Path) -> tuple[list[Row], str]:
    """The rows and format name of a file; see ``read_source``."""
    source = read_source(path)
    return source.rows, source.format
