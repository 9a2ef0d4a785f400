"""Encodings, line endings and file formats all give identical tables."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis.ingest.reading import decode, read_rows, rows_from_text, split_lines
from qpanalysis.ingest.rows import Row

VARIANTS = {
    "utf-8 LF": lambda t: t.encode("utf-8"),
    "utf-8 BOM": lambda t: t.encode("utf-8-sig"),
    "utf-8 CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "utf-8 BOM CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8-sig"),
    "CR only": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk CRLF": lambda t: t.replace("\n", "\r\n").encode("gbk"),
}


def _same_tables(a, b, *, raw_text_differs: bool = False):
    for name, table in a.tables().items():
        other = getattr(b, name)
        if name == "lines" and raw_text_differs:  # a CSV line is comma- not tab-separated
            table, other = table.drop(columns="text"), other.drop(columns="text")
        pd.testing.assert_frame_equal(table, other, obj=name)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_encodings_and_line_endings_give_identical_tables(variant, bundled, bundled_text, write_list):
    path = write_list(VARIANTS[variant](bundled_text))
    _same_tables(bundled, qp.load(path))


def test_csv_and_xlsx_give_identical_tables(bundled, bundled_text, tmp_path):
    import openpyxl

    rows = [line.split("\t") for line in bundled_text.split("\n")]
    csv_path = tmp_path / "list.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    xlsx_path = tmp_path / "list.xlsx"
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([cell if cell else None for cell in row])
    book.save(xlsx_path)
    for path in (csv_path, xlsx_path):
        _same_tables(bundled, qp.load(path), raw_text_differs=True)


def test_xlsx_numbers_typed_as_numbers(bundled_text, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    for line in bundled_text.split("\n"):
        cells = [c if c else None for c in line.split("\t")]
        if cells[0] and cells[0].isdigit():
            cells[0] = int(cells[0])  # Excel stores 序号 as a number
        book.active.append(cells)
    path = tmp_path / "typed.xlsx"
    book.save(path)
    assert list(qp.load(path).tasks.index) == list(range(1, 42))


def test_split_lines_keeps_line_numbers_with_odd_characters():
    assert split_lines("a\x0bb\nc\u2028d") == ["a\x0bb", "c\u2028d"]


def test_decode_rejects_binary(tmp_path):
    with pytest.raises(qp.TaskListError, match="neither UTF-8 nor GB18030"):
        decode(b"\x81\x30\xff\xff\x00", tmp_path / "x.txt")


def test_rows_from_text_numbers_lines():
    rows = rows_from_text("x\n\n1\t2\n")
    assert [(r.line, r.cells) for r in rows] == [(1, ("x",)), (2, ("",)), (3, ("1", "2"))]


def test_rows_from_text_are_rows_with_every_field_in_place():
    # rows_from_text makes its rows as plain tuples of Row's fields in order (for speed):
    # they must equal the rows Row itself makes, with a text file's defaults.
    rows = rows_from_text(" 1 \tb\n\n")
    assert rows == [Row(1, ("1", "b"), " 1 \tb"), Row(2, ("",), "")]
    assert (rows[0].padded, rows[0].number_formats, rows[0].formulas, rows[0].last_line) == (False, (), (), None)
    assert type(rows[0]) is Row and rows[0].lines == "line 1"


def test_unknown_suffix(tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(qp.TaskListError, match="unknown file type .pdf"):
        read_rows(path)


def test_missing_file(tmp_path):
    with pytest.raises(qp.TaskListError, match="no such file"):
        qp.load(tmp_path / "nope.txt")


# --- clear errors and the same limits for every format ------------------------------------


def test_a_long_csv_cell_is_read_and_the_csv_limit_restored(tmp_path):
    # Python's csv refuses cells over 128 KiB by default; a text file has no such limit.
    before = csv.field_size_limit()
    path = tmp_path / "long.csv"
    path.write_text("a,b\n" + "x" * 300_000 + ",y\n", encoding="utf-8")
    rows, kind = read_rows(path)
    assert kind == "csv" and len(rows[1].cells[0]) == 300_000
    assert csv.field_size_limit() == before  # a process-wide setting: put back


def test_a_folder_is_not_a_missing_file(tmp_path):
    with pytest.raises(qp.TaskListError, match="is a folder, not a file") as info:
        qp.load(tmp_path)
    assert "no such file" not in str(info.value)


def test_simplified_chinese_in_gbk_is_not_taken_for_big5(bundled_text):
    # Every character of the bundled list is in GB2312: nothing looks garbled.
    assert decode(bundled_text.encode("gbk")) == bundled_text
