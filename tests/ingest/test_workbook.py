"""Workbooks (qpanalysis.ingest.workbook): what Excel and LibreOffice Calc store, read as the text a reader sees."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qpanalysis as qp
from qpanalysis.ingest.reading import read_source, rows_from_text
from qpanalysis.ingest.workbook import month_text, number_text, rows_from_excel, sheets_from_excel

SPREADSHEETS = Path(__file__).parents[1] / "data" / "spreadsheets"
# Lines (= sheet rows, as every line of the text becomes one row) of the tasks these tests
# look at, read from data/raw: task 5 (due 2026.9) on line 14, task 23 (due 2026.10) on 43.
TASK_5_LINE, TASK_23_LINE = 14, 43
# 计划完成时间 is the 11th column (K) of the published layout.
MONTH_COLUMN = "K"


def _typed_book(bundled_text, *, month=float, month_format="General", investment=float):
    """The bundled list as an xlsx workbook whose numbers are number cells, as Excel stores them.

    ``month`` and ``investment`` turn a cell's text into the value stored (return the text
    itself to store it as text); ``month_format`` is the number format of the month cells.
    """
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in bundled_text.split("\n"):
        cells = line.split("\t")
        sheet.append([cell if cell else None for cell in cells])
        if len(cells) == 14 and cells[0].isdigit():
            row = sheet.max_row
            sheet.cell(row, 1).value = int(cells[0])
            if cells[8] != "/" and not cells[8].startswith("约"):
                sheet.cell(row, 9).value = investment(cells[8])
            sheet.cell(row, 11).value = month(cells[10])
            sheet.cell(row, 11).number_format = month_format
    return book


def _tables_without_raw_text(tl):
    """Every table, with each source line's text stripped of the empty cells a sheet does not store."""
    tables = dict(tl.tables())
    tables["lines"] = tables["lines"].assign(text=tables["lines"]["text"].str.rstrip("\t"))
    return tables


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (69.7, "General", "69.7"),
        (69.69999999999999, "General", "69.7"),  # a float artefact: 15 digits are what was typed
        (830.1400000000001, "General", "830.14"),
        (278138, "General", "278138"),
        (278138.0, "General", "278138"),
        (2026.1, "General", "2026.1"),
        (2026.1, "0.00", "2026.10"),  # the format shows the final zero
        (2026.12, "0.0", "2026.12"),  # a format never rounds digits away
        (0.9, "0%", "90%"),
        (0.9, "0.00%", "90.00%"),
        (0.125, "0.00%", "12.50%"),
        (45, "General", "45"),
    ],
)
def test_number_text(value, number_format, text):
    assert number_text(value, number_format) == text


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_number_text_gives_back_the_decimal_typed(number):
    # A spreadsheet stores the typed 69.7 as the nearest binary float; its text is 69.7 again.
    typed = format(number.normalize(), "f")
    assert number_text(float(typed)) == typed


def test_text_and_csv_rows_carry_no_number_formats():
    # text and CSV cells are text: nothing is kept per cell, and month_text has nothing to check
    row = rows_from_text("23\t2026.1")[0]
    assert row.number_formats == () and row.number_format(1) is None
    assert month_text(row, 1, path="x.txt", field="计划完成时间") == "2026.1"


def test_calc_xlsx_with_a_month_stored_as_a_number_names_the_cell():
    # LibreOffice Calc, opening the published text with its defaults, stores task 23's 2026.10
    # as the number 2026.1 in a General cell (see tests/data/spreadsheets/make_spreadsheets.py).
    path = SPREADSHEETS / "list_calc.xlsx"
    with pytest.raises(qp.TaskListError) as info:
        qp.load(path)
    err = info.value
    assert (err.line, err.field) == (TASK_23_LINE, "计划完成时间")
    message = str(err)
    assert "list_calc.xlsx" in message and f"sheet 1, cell {MONTH_COLUMN}{TASK_23_LINE}" in message
    assert "January (2026.1) or October (2026.10)" in message and "Store the column as text" in message


def test_calc_xlsx_with_months_as_text_gives_the_tables_of_the_text(bundled):
    # The same file with 计划完成时间 imported as Text, as the message advises. Calc stores
    # 序号 and 总投资(万元) as numbers (278138, 69.7, 10478.4, 830.14 …): they read as written.
    tl = qp.load(SPREADSHEETS / "list_calc_text_months.xlsx")
    expected, found = _tables_without_raw_text(bundled), _tables_without_raw_text(tl)
    for name in expected:
        pd.testing.assert_frame_equal(found[name], expected[name], obj=name)
    # 278138 + 68916 + 2808 + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 361633.24
    assert tl.tasks["investment_raw"].tolist() == bundled.tasks["investment_raw"].tolist()
    assert tl.tasks["investment_wan"].sum() == bundled.tasks["investment_wan"].sum()
    assert math.fsum(tl.tasks["investment_wan"].dropna()) == 361633.24
    assert tl.tasks.loc[23, ["due_raw", "due"]].tolist() == ["2026.10", pd.Period("2026-10", "M")]


def test_xlsx_numbers_in_general_cells(bundled, bundled_text, tmp_path):
    # Numbers typed in Excel: every month a number, task 23's October stored as 2026.1.
    path = tmp_path / "typed.xlsx"
    _typed_book(bundled_text).save(path)
    with pytest.raises(qp.TaskListError, match=f"cell {MONTH_COLUMN}{TASK_23_LINE} holds the number 2026.1") as info:
        qp.load(path)
    assert (info.value.line, info.value.field) == (TASK_23_LINE, "计划完成时间")

    # With task 23's month typed as text, 2026.12, 2026.11, 2026.9 and 2025.11 read from
    # number cells are unambiguous and give the months of the text.
    _typed_book(bundled_text, month=lambda t: t if t == "2026.10" else float(t)).save(path)
    tl = qp.load(path)
    assert tl.tasks["due"].tolist() == bundled.tasks["due"].tolist()
    assert tl.tasks.loc[5, "due"] == pd.Period("2026-09", "M")
    assert tl.tasks["investment_raw"].tolist() == bundled.tasks["investment_raw"].tolist()


def test_xlsx_months_in_a_two_decimal_format(bundled, bundled_text, tmp_path):
    # A column formatted 0.00 shows 2026.10, so October is read from the number 2026.1; in
    # such a column September is typed 2026.09 (shown 2026.09; 2026.9 would show 2026.90).
    path = tmp_path / "two_decimals.xlsx"
    two_digit_month = lambda t: float("{}.{:02d}".format(*map(int, t.split("."))))  # noqa: E731
    _typed_book(bundled_text, month=two_digit_month, month_format="0.00").save(path)
    tl = qp.load(path)
    assert tl.tasks.loc[23, ["due_raw", "due"]].tolist() == ["2026.10", pd.Period("2026-10", "M")]
    assert tl.tasks.loc[5, ["due_raw", "due"]].tolist() == ["2026.09", pd.Period("2026-09", "M")]
    assert tl.tasks["due"].tolist() == bundled.tasks["due"].tolist()


def test_xlsx_float_artefacts_keep_the_precision_of_the_source(bundled, bundled_text, tmp_path):
    # A cell computed by a formula or pasted from another program may hold 69.69999999999999
    # for 69.7: a spreadsheet shows (and computes with) 15 significant digits.
    artefacts = {"69.7": 69.69999999999999, "830.14": 830.1400000000001, "10478.4": 10478.400000000001}
    assert all(float(text) != value for text, value in artefacts.items())  # the floats really differ
    path = tmp_path / "artefacts.xlsx"
    _typed_book(bundled_text, month=str, investment=lambda t: artefacts.get(t, float(t))).save(path)
    tl = qp.load(path)
    assert tl.tasks.loc[[11, 27, 28], "investment_raw"].tolist() == ["69.7", "10478.4", "830.14"]
    assert tl.tasks.loc[[11, 27, 28], "investment_wan"].tolist() == [69.7, 10478.4, 830.14]
    pd.testing.assert_frame_equal(tl.tasks, bundled.tasks)  # one sheet row per line: even source_line agrees


def test_a_workbook_names_its_sheets(bundled_text, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "封面"
    data = book.create_sheet("任务")
    for line in bundled_text.split("\n"):
        data.append([c if c else None for c in line.split("\t")])
    book.create_sheet("空白")
    path = tmp_path / "three.xlsx"
    book.save(path)
    source = read_source(path)
    assert source.sheets == ("封面", "任务", "空白") and source.cells_word == "cells"
    assert source.rows == [] or all(row.is_blank for row in source.rows)  # the first sheet is empty
    assert source.note() == ("only the first sheet of a workbook is read ('封面') (the workbook's sheets: '封面', "
                             "'任务', '空白'); data is on sheet '任务': move the sheet with the list to the front, or "
                             "save it as a workbook of its own")


def test_every_sheet_read_at_once_equals_each_sheet_read_alone(tmp_path):
    # Three sheets: plain cells, a formula saved without a value (openpyxl writes none), and
    # an empty sheet. Reading all at once must give what reading each sheet alone gives,
    # formulas included (the second sheet's B1 reads "" and is marked as a formula without a value).
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "甲"
    book.active.append(["序号", "任务名称"])
    book.active.append([1, "路灯"])
    second = book.create_sheet("乙")
    second.append([2, "=1+2"])
    book.create_sheet("丙")
    path = tmp_path / "three.xlsx"
    book.save(path)
    every, names = sheets_from_excel(path)
    assert names == ("甲", "乙", "丙") and len(every) == 3
    assert every == [rows_from_excel(path, index)[0] for index in range(3)]
    assert every[0][1].cells == ("1", "路灯")
    [formula] = every[1][0].formulas
    assert every[1][0].cells == ("2", "") and (formula.index, formula.cached) == (1, False)
    assert every[2] == [] or all(row.is_blank for row in every[2])
