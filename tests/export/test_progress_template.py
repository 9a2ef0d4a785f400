"""The progress template explains itself: prompts, header notes and validation, read back from the workbook."""

from __future__ import annotations

import csv
import datetime

import openpyxl
import pytest

from qpanalysis.export.progress_template import write_progress_template
from qpanalysis.export.safe import CSV_ENCODING
from qpanalysis.ingest.progress import PROGRESS_COLUMNS, read_progress

# Column letters of the template (PROGRESS_COLUMNS order: task_id, name, lead_department,
# as_of, percent_done, quantity_done, quantity_unit, note).
AS_OF, PERCENT, QUANTITY = "D", "E", "F"


@pytest.fixture(scope="module")
def template(bundled, tmp_path_factory):
    """The bundled list's template with as_of prefilled at the end of Q3."""
    return write_progress_template(bundled, tmp_path_factory.mktemp("template"), as_of="2026-09-30")


def _validations(sheet) -> dict[str, object]:
    """The sheet's data validations by the first column letter they cover."""
    return {str(v.sqref).split(":")[0].rstrip("0123456789"): v for v in sheet.data_validations.dataValidation}


def test_columns_are_in_template_order(template):
    sheet = openpyxl.load_workbook(template[1]).active
    assert [c.value for c in sheet[1]] == list(PROGRESS_COLUMNS)
    assert [sheet[f"{letter}1"].value for letter in (AS_OF, PERCENT, QUANTITY)] == ["as_of", "percent_done", "quantity_done"]


def test_percent_done_says_how_to_enter_a_percentage_and_accepts_only_0_to_100(template, bundled):
    sheet = openpyxl.load_workbook(template[1]).active
    rule = _validations(sheet)[PERCENT]

    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == ("decimal", "between", "0", "100")
    assert rule.allow_blank  # a task without news stays empty
    assert rule.showErrorMessage and rule.errorStyle == "stop" and "0" in rule.error and "100" in rule.error
    # The prompt shows when a cell of the column is selected: 60 means 60 %.
    assert rule.showInputMessage
    assert "percent_done" in rule.promptTitle and len(rule.promptTitle) <= 32
    assert "60" in rule.prompt and "0 到 100" in rule.prompt and "0 to 100" in rule.prompt
    assert len(rule.prompt) <= 255
    # It covers every task row (41 tasks: rows 2–42) and rows added below them.
    assert str(rule.sqref) == "E2:E1048576"
    assert len(bundled.tasks) == 41 and sheet.max_row == 42
    # The header says the same in a note.
    assert "60" in sheet[f"{PERCENT}1"].comment.text


def test_as_of_is_a_date_column_accepting_dates_of_the_plan_year(template):
    sheet = openpyxl.load_workbook(template[1]).active
    rule = _validations(sheet)[AS_OF]

    assert (rule.type, rule.operator) == ("date", "between")
    assert (rule.formula1, rule.formula2) == ("DATE(2026,1,1)", "DATE(2026,12,31)")
    assert rule.showInputMessage and "2026-09-30" in rule.prompt
    assert sheet.column_dimensions[AS_OF].number_format == "yyyy-mm-dd"
    # The prefilled dates are date cells, not text.
    cells = [sheet[f"{AS_OF}{row}"] for row in range(2, 43)]
    assert all(c.is_date and c.value == datetime.datetime(2026, 9, 30) for c in cells)
    assert {c.number_format for c in cells} == {"yyyy-mm-dd"}


def test_quantity_done_accepts_zero_or_more(template):
    rule = _validations(openpyxl.load_workbook(template[1]).active)[QUANTITY]
    assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert rule.showInputMessage and "quantity_unit" in rule.prompt


def test_the_other_columns_carry_no_validation(template):
    assert set(_validations(openpyxl.load_workbook(template[1]).active)) == {AS_OF, PERCENT, QUANTITY}


def test_a_filled_in_template_reads_back(template, bundled, tmp_path):
    book = openpyxl.load_workbook(template[1])
    sheet = book.active
    sheet[f"{PERCENT}2"] = 60  # task 1: typed as a number
    sheet[f"{PERCENT}3"] = 0.35  # task 2: typed as 35% in a spreadsheet
    sheet[f"{PERCENT}3"].number_format = "0%"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    progress = read_progress(filled, bundled).set_index("task_id")

    assert progress.loc[1, "percent_done"] == 60
    assert progress.loc[2, "percent_done"] == 35
    assert progress.loc[1, "as_of"] == datetime.datetime(2026, 9, 30)
    # The 39 other tasks are rows without news, not errors.
    assert int(progress["has_data"].sum()) == 2 and len(progress) == 41


def test_csv_template_writes_the_date_as_iso_text(template):
    with open(template[0], encoding=CSV_ENCODING, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 41
    assert {row["as_of"] for row in rows} == {"2026-09-30"}
    assert {row["percent_done"] for row in rows} == {""}
