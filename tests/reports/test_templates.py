"""Progress templates per lead department: what a department sees and may type, and what comes back from it."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest
from tests.programs import program

from qpanalysis.errors import TaskListError
from qpanalysis.ingest.progress import read_progress
from qpanalysis.reports.templates import write_department_templates

# The lead departments with tasks on the bundled list, counted by hand from
# data/raw/2026_qingpu_rural_construction_tasks.txt, column 牵头部门, first-listed department:
# 区规划资源局 4 (1 2 3 16), 区农业农村委 15, 区建设管理委 4 (9 10 15 17), 区水务局 3 (11 26 27),
# 区发展改革委 1, 区邮政管理局 1, 区教育局 1, 区卫生健康委 2 (20 24), 区民政局 1, 区应急局 1,
# 区绿化市容局 2 (25 28), 区生态环境局 1, 区委组织部 1, 区委社会工作部 1, 区委政法委 1, 区委宣传部 1,
# 区文化旅游局 1: 17 departments, 4+15+4+3+1+1+1+2+1+1+2+1+1+1+1+1+1 = 41 tasks. 区数据局, 政务办,
# 区财政局 and 区供销社 only co-lead (tasks 12, 13, 21, 38…): they get no sheet.
DEPARTMENTS = ["区规划资源局", "区农业农村委", "区建设管理委", "区水务局", "区发展改革委", "区邮政管理局", "区教育局",
               "区卫生健康委", "区民政局", "区应急局", "区绿化市容局", "区生态环境局", "区委组织部", "区委社会工作部",
               "区委政法委", "区委宣传部", "区文化旅游局"]
# Columns of a quarter's department sheet: 序号, 任务名称, 计划完成时间, the target, then the cells to fill.
TASK, NAME, DUE, TARGET, DATE, PERCENT, QUANTITY, UNIT, NOTE = "ABCDEFGHI"
FIRST_ROW = 4  # title, note and header rows above the tasks


@pytest.fixture(scope="module")
def q3(bundled, tmp_path_factory):
    """The bundled list's Q3 templates in Chinese: the workbook and a file per department."""
    return write_department_templates(bundled, tmp_path_factory.mktemp("q3"), "Q3", "zh", per_department=True)


@pytest.fixture(scope="module")
def q3_en(bundled, tmp_path_factory):
    """The bundled list's Q3 template in English (one workbook): read, never changed, by the tests."""
    (path,) = write_department_templates(bundled, tmp_path_factory.mktemp("q3-en"), "Q3", "en")
    return path


def _rows(sheet) -> dict[int, int]:
    """Task number → its row on a department sheet."""
    return {sheet[f"{TASK}{r}"].value: r for r in range(FIRST_ROW, sheet.max_row + 1)}


def _type(sheet, task: int, column: str, value, number_format: str | None = None) -> None:
    """Type a value as a department would: only into a cell the protected sheet lets them change."""
    cell = sheet[f"{column}{_rows(sheet)[task]}"]
    assert sheet.protection.sheet and not cell.protection.locked, cell.coordinate
    cell.value = value
    if number_format:
        cell.number_format = number_format


def _fill(book) -> pd.DataFrame:
    """Fill two departments' sheets; return what was typed as the progress table should read it."""
    roads = book["区建设管理委"]
    _type(roads, 9, PERCENT, 25)
    _type(roads, 9, NOTE, "已开工")
    _type(roads, 10, PERCENT, 0.6, "0%")  # typed 60% in a spreadsheet
    water = book["区水务局"]
    _type(water, 11, DATE, datetime.datetime(2026, 9, 15))
    _type(water, 11, QUANTITY, 1.5)  # 累计完成…公里: task 11 counts kilometres
    _type(water, 26, PERCENT, 100)
    return pd.DataFrame({"task_id": [9, 10, 11, 26],
                         "as_of": pd.to_datetime(["2026-09-30", "2026-09-30", "2026-09-15", "2026-09-30"]),
                         "percent_done": [25.0, 60.0, float("nan"), 100.0],
                         "quantity_done": [float("nan"), float("nan"), 1.5, float("nan")],
                         "note": ["已开工", None, None, None]})


def _read_back(path, bundled) -> pd.DataFrame:
    progress = read_progress(path, bundled)
    return progress.loc[progress["has_data"], ["task_id", "as_of", "percent_done", "quantity_done", "note"]] \
        .sort_values("task_id").reset_index(drop=True)


def _same(read: pd.DataFrame, typed: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(read, typed, check_dtype=False)


def test_one_sheet_per_lead_department_and_a_file_each(q3, bundled):
    book = openpyxl.load_workbook(q3[0])
    assert q3[0].name == "progress_2026_Q3_zh.xlsx"
    assert book.sheetnames == DEPARTMENTS
    assert [len(_rows(book[d])) for d in DEPARTMENTS] == [4, 15, 4, 3, 1, 1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1]
    assert sorted(_rows(book["区建设管理委"])) == [9, 10, 15, 17]
    # Task 1 is co-led by 区规划资源局, 区农业农村委 and 区建设管理委: on its first lead department's sheet only.
    assert 1 in _rows(book["区规划资源局"]) and 1 not in _rows(book["区农业农村委"])
    assert "第一牵头部门" in book["区农业农村委"]["A2"].value and "15项任务" in book["区农业农村委"]["A2"].value
    assert sorted(p.name for p in q3[1:]) == sorted(f"{d}.xlsx" for d in DEPARTMENTS)
    assert all(p.parent.name == "progress_2026_Q3_zh" for p in q3[1:])
    assert openpyxl.load_workbook(q3[0].parent / "progress_2026_Q3_zh" / "区水务局.xlsx").sheetnames == ["区水务局"]


def test_each_task_shows_the_target_falling_due_in_the_quarter_as_published(q3):
    book = openpyxl.load_workbook(q3[0])
    roads = book["区建设管理委"]
    assert [c.value for c in roads[3]] == ["序号", "任务名称", "计划完成时间", "第三季度到期目标", "填报日期",
                                          "完成进度（%）", "完成数量", "单位", "备注"]
    row = _rows(roads)[9]
    # Task 9's 第三季度目标 as published: 完成20%; its due month 2026.12 stays text.
    assert roads[f"{TARGET}{row}"].value == "完成20%" and roads[f"{NAME}{row}"].value == "推进“四好农村路”高质量发展"
    assert roads[f"{DUE}{row}"].value == "2026.12" and roads[f"{DUE}{row}"].data_type == "s"
    # The prefilled date is the quarter's end, as a date cell.
    assert roads[f"{DATE}{row}"].value == datetime.datetime(2026, 9, 30)
    # Task 28 (due 2025.11) has nothing falling due in Q3; task 5's whole-year H1 text falls due in 2026.9.
    green = book["区绿化市容局"]
    assert green[f"{TARGET}{_rows(green)[28]}"].value == "（本季度无到期目标）"
    farm = book["区农业农村委"]
    assert farm[f"{TARGET}{_rows(farm)[5]}"].value == "按照市级要求的时间节点,完成5个乡村振兴示范村发展评价工作。（清单列于“上半年目标”，为全年目标）"
    # Task 11 counts its target in 公里: the unit is prefilled.
    water = book["区水务局"]
    assert water[f"{UNIT}{_rows(water)[11]}"].value == "公里"


def test_without_a_quarter_the_three_period_targets_are_shown(bundled, tmp_path):
    (path,) = write_department_templates(bundled, tmp_path, None, "zh")
    roads = openpyxl.load_workbook(path)["区建设管理委"]
    assert [c.value for c in roads[3]][3:6] == ["上半年目标", "第三季度目标", "第四季度目标"]
    row = _rows(roads)[9]
    assert [roads.cell(row, column).value for column in (4, 5, 6)] == [
        "上网招标,取得中标通知书;施工相关手续办理、开工。", "完成20%", "完成100%"]
    assert roads.cell(row, 7).value is None  # no date prefilled without a quarter


def test_the_english_template_has_english_headers_sheet_names_and_words(q3_en):
    path = q3_en
    book = openpyxl.load_workbook(path)
    assert path.name == "progress_2026_Q3_en.xlsx"
    assert book.sheetnames[:3] == ["Planning and Natural Resources", "Agriculture and Rural Affairs",
                                   "Construction and Management"]
    roads = book["Construction and Management"]
    assert [c.value for c in roads[3]] == ["Task no.", "Task", "Due (as published)",
                                          "Target due in the third quarter (Chinese)", "Date reported",
                                          "Progress (%)", "Quantity done", "Unit", "Note"]
    assert roads["A1"].value.startswith("District Construction and Management Commission: progress in the third")
    assert "first lead department" in roads["A2"].value
    assert roads[f"{TARGET}{_rows(roads)[9]}"].value == "完成20%"  # the list's text, as published


def test_only_the_cells_to_fill_are_unlocked_on_a_protected_sheet(q3):
    for sheet in openpyxl.load_workbook(q3[0]).worksheets:
        assert sheet.protection.sheet and not sheet.protection.password
        for row in range(FIRST_ROW, sheet.max_row + 1):
            locked = {column: sheet[f"{column}{row}"].protection.locked for column in "ABCDEFGHI"}
            assert locked == {TASK: True, NAME: True, DUE: True, TARGET: True, DATE: False, PERCENT: False,
                              QUANTITY: False, UNIT: False, NOTE: False}, (sheet.title, row)
        assert sheet["A1"].protection.locked and sheet["A3"].protection.locked  # title and header


def test_percent_and_date_are_checked_with_a_message(q3):
    roads = openpyxl.load_workbook(q3[0])["区建设管理委"]
    rules = {str(v.sqref).split(":")[0][0]: v for v in roads.data_validations.dataValidation}
    assert set(rules) == {DATE, PERCENT, QUANTITY}
    percent, date = rules[PERCENT], rules[DATE]
    assert (percent.type, percent.operator, percent.formula1, percent.formula2) == ("decimal", "between", "0", "100")
    assert (date.type, date.formula1, date.formula2) == ("date", "DATE(2026,1,1)", "DATE(2026,12,31)")
    assert str(percent.sqref) == "F4:F7"  # the four task rows
    for rule in (percent, date):
        assert rule.showErrorMessage and rule.errorStyle == "stop" and rule.error and rule.showInputMessage
    assert "0到100" in percent.error and "2026年" in date.error


def test_two_filled_department_sheets_read_back_as_typed(q3, bundled, tmp_path):
    book = openpyxl.load_workbook(q3[0])
    typed = _fill(book)
    book.save(tmp_path / "filled.xlsx")

    progress = read_progress(tmp_path / "filled.xlsx", bundled)

    assert len(progress) == 41  # every task row of every sheet, 37 of them without news
    _same(_read_back(tmp_path / "filled.xlsx", bundled), typed)
    assert progress.set_index("task_id").loc[11, "quantity_unit"] == "公里"


def test_a_folder_of_two_department_files_reads_back_as_typed(q3, bundled, tmp_path):
    folder = tmp_path / "returned"
    folder.mkdir()
    book = openpyxl.load_workbook(q3[0])
    typed = _fill(book)
    for department in ("区建设管理委", "区水务局"):  # each department sends back its own file
        own = openpyxl.load_workbook(q3[0].parent / "progress_2026_Q3_zh" / f"{department}.xlsx")
        for row in book[department].iter_rows(min_row=FIRST_ROW):
            for cell in row:
                own[department][cell.coordinate].value = cell.value
                own[department][cell.coordinate].number_format = cell.number_format
        own.save(folder / f"{department}.xlsx")
    (folder / "~$区水务局.xlsx").write_bytes(b"")  # Excel's lock file beside an open workbook: skipped

    _same(_read_back(folder, bundled), typed)
    assert len(read_progress(folder, bundled)) == 4 + 3


def test_the_english_workbook_reads_back(q3_en, bundled, tmp_path):
    book = openpyxl.load_workbook(q3_en)
    _type(book["Water Affairs Bureau"], 26, PERCENT, 40)
    path = tmp_path / q3_en.name
    book.save(path)
    assert _read_back(path, bundled)[["task_id", "percent_done"]].values.tolist() == [[26, 40.0]]


@pytest.mark.slow
def test_a_workbook_saved_again_by_libreoffice_reads_back_as_typed(q3, bundled, tmp_path):
    book = openpyxl.load_workbook(q3[0])
    typed = _fill(book)
    book.save(tmp_path / "filled.xlsx")
    soffice = program("soffice", "libreoffice-calc", "save the filled template again")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(tmp_path / "filled.xlsx")],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    saved = tmp_path / "out" / "filled.xlsx"

    _same(_read_back(saved, bundled), typed)
    again = openpyxl.load_workbook(saved)
    assert again.sheetnames == DEPARTMENTS  # names, protection and checks survive
    assert again["区水务局"].protection.sheet and not again["区水务局"]["F4"].protection.locked
    assert again["区水务局"]["C4"].value == "2026.12"


def _unprotected(q3, tmp_path, edit) -> object:
    """The workbook with one department's sheet edited as only an unprotected sheet allows."""
    book = openpyxl.load_workbook(q3[0])
    edit(book["区建设管理委"])
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def test_a_changed_task_number_is_refused_naming_file_sheet_row_and_field(q3, bundled, tmp_path):
    def renumber(sheet):
        sheet.protection.sheet = False
        sheet["A4"] = 10  # task 9's row, its name left as task 9's (10 also stands on row 5)

    path = _unprotected(q3, tmp_path, renumber)
    with pytest.raises(TaskListError, match="the task number was changed") as caught:
        read_progress(path, bundled)
    assert caught.value.path == f"{path}, sheet '区建设管理委'" and caught.value.line == 4
    assert caught.value.field == "task_id" and "the name of task 9" in str(caught.value)


def test_a_task_on_another_departments_sheet_is_refused(q3, bundled, tmp_path):
    def move(sheet):
        sheet["A4"], sheet["B4"] = 11, None  # 区水务局's task 11, without a name to check it by

    with pytest.raises(TaskListError, match=r"sheet '区建设管理委', line 4, field task_id: task 11 is led by 区水务局"):
        read_progress(_unprotected(q3, tmp_path, move), bundled)


def test_a_sheet_that_is_no_departments_is_refused_when_it_holds_data(q3, bundled, tmp_path):
    book = openpyxl.load_workbook(q3[0])
    book.create_sheet("说明")  # empty: ignored
    book.save(tmp_path / "empty.xlsx")
    assert len(read_progress(tmp_path / "empty.xlsx", bundled)) == 41
    book["说明"]["A1"] = "各部门请于10月10日前报送"
    book.save(tmp_path / "notes.xlsx")
    with pytest.raises(TaskListError, match=r"sheet '说明': the sheet is not named after a lead department"):
        read_progress(tmp_path / "notes.xlsx", bundled)


def test_a_folder_is_read_only_when_it_holds_progress_files_and_each_task_once(q3, bundled, tmp_path):
    folder = tmp_path / "returned"
    folder.mkdir()
    with pytest.raises(TaskListError, match="is a folder holding no progress file"):
        read_progress(folder, bundled)
    shutil.copy(q3[0].parent / "progress_2026_Q3_zh" / "区水务局.xlsx", folder)
    (folder / "说明.docx").write_bytes(b"")
    with pytest.raises(TaskListError, match=r"holds 说明.docx, which is not a progress file"):
        read_progress(folder, bundled)
    (folder / "说明.docx").unlink()
    shutil.copy(q3[0], folder)  # the whole workbook beside a department's own file: each task twice
    with pytest.raises(TaskListError, match=r"a second row for task 11 .*first on .*progress_2026_Q3_zh.xlsx, sheet '区水务局', line 4"):
        read_progress(folder, bundled)


def test_the_command_writes_the_templates_and_run_accepts_a_folder(bundled, tmp_path, capsys):
    from qpanalysis.__main__ import main
    from qpanalysis.reports.runner import check_run

    assert main(["progress-template", "--quarter", "Q3", "--lang", "zh,en", "--per-department",
                 "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "progress_2026_Q3_zh.xlsx and 17 department files" in out and "progress_2026_Q3_en.xlsx" in out
    checked = check_run(langs=("zh",), quarter="Q3", progress=str(tmp_path / "progress_2026_Q3_en"))
    assert checked["progress"].is_dir()


def test_another_list_gets_its_own_sheets_year_and_rows(loaded, tmp_path):
    # next_year: the plan year 2027, tasks 3 and 28 dropped and the others renumbered (4→3 … 29→27).
    tl = loaded["next_year"]
    (path,) = write_department_templates(tl, tmp_path / "templates", "Q3", "zh")
    book = openpyxl.load_workbook(path)
    assert path.name == "progress_2027_Q3_zh.xlsx" and book.sheetnames == DEPARTMENTS
    # 区规划资源局 led 1, 2, 3 and 16: without task 3, 1, 2 and 15; 区绿化市容局 led 25 and 28: now 24 only.
    assert sorted(_rows(book["区规划资源局"])) == [1, 2, 15] and sorted(_rows(book["区绿化市容局"])) == [24]
    roads = book["区建设管理委"]
    rule = {str(v.sqref)[0]: v for v in roads.data_validations.dataValidation}[DATE]
    assert (rule.formula1, rule.formula2) == ("DATE(2027,1,1)", "DATE(2027,12,31)")
    assert roads[f"{DATE}{FIRST_ROW}"].value == datetime.datetime(2027, 9, 30)
    _type(roads, 8, PERCENT, 35)  # the bundled list's task 9, renumbered
    book.save(path)
    assert _read_back(path, tl)[["task_id", "percent_done"]].values.tolist() == [[8, 35.0]]
