"""Tests of qpanalysis.export.tables: every table of a list as CSV and as one workbook, on the bundled list and the variants."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis.export.tables import DICTIONARY_NAME, flat, to_csv, to_excel
from tests import variants
from tests.display.findings_helpers import task_rows


def test_to_excel_writes_one_sheet_per_table(bundled, tmp_path):
    path = to_excel(bundled, tmp_path / "tasks.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [*bundled.tables(), DICTIONARY_NAME]
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)  # the header stays in view
    tasks = pd.read_excel(path, sheet_name="tasks")
    assert len(tasks) == 41
    # Line 30: task 16's departments, a tuple in the table, one 、-joined cell in the sheet.
    assert tasks.loc[tasks["task_id"] == 16, "departments"].item() == "区规划资源局、区建设管理委、区农业农村委"


def test_to_csv_is_utf8_with_bom_one_file_per_table(bundled, tmp_path):
    paths = to_csv(bundled, tmp_path)
    assert {p.stem for p in paths} == {*bundled.tables(), DICTIONARY_NAME}
    for path in paths:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    towns = pd.read_csv(tmp_path / "towns.csv", encoding="utf-8-sig")
    assert len(towns) == len(bundled.towns)
    # Task 3's amount (278138) stays a number; task 1's "/" stays empty, never 0.
    tasks = pd.read_csv(tmp_path / "tasks.csv", encoding="utf-8-sig").set_index("task_id")
    assert tasks.at[3, "investment_wan"] == 278138 and pd.isna(tasks.at[1, "investment_wan"])


def test_flat_leaves_other_values_as_they_are():
    table = pd.DataFrame({"n": [1.5, None], "t": ["a", ("b", "c")]}, index=[7, 8])
    out = flat(table)
    assert list(out.index) == [0, 1] and out["t"].tolist() == ["a", "b、c"]
    assert out["n"].iloc[0] == 1.5 and pd.isna(out["n"].iloc[1])
    assert table["t"].iloc[1] == ("b", "c")  # the table itself is not changed


@pytest.mark.parametrize("name", list(variants.VARIANTS))
def test_the_downloads_of_a_variant_hold_its_own_tasks_only(variant_paths, loaded, name, tmp_path):
    # What the reports offer for download: the variant's tasks, none of a task it dropped, and
    # (undisclosed) no amount at all. Read from the variant's text, not with the loader.
    rows = task_rows(variant_paths[name])
    dropped = {r["任务名称"] for r in task_rows(qp.config.BUNDLED_LIST)} - {r["任务名称"] for r in rows}
    to_csv(loaded[name], tmp_path)
    tasks = pd.read_csv(tmp_path / "tasks.csv", encoding="utf-8-sig")
    assert tasks["name"].tolist() == [r["任务名称"] for r in rows]
    text = "".join(p.read_text(encoding="utf-8-sig") for p in tmp_path.glob("*.csv"))
    assert not [n for n in dropped if n in text]
    if name == "undisclosed":
        assert tasks["investment_wan"].isna().all()
