"""Tests of qpanalysis.progress: template, reading and checking progress files, comparison."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from qpanalysis.analysis import progress
from qpanalysis.export import progress_template
from qpanalysis.ingest import progress as progress_file
from qpanalysis import codes
from qpanalysis.errors import TaskListError

DATA = Path(__file__).parents[1] / "data" / "progress"
ALL_STATUSES = DATA / "progress_all_statuses.csv"


@pytest.fixture(scope="module")
def comparison_q3(tl):
    table = progress_file.read_progress(ALL_STATUSES, tl)
    return progress.compare(tl, table, "2026-09-30").set_index("task_id")


# --- template -------------------------------------------------------------------------

def test_template_has_one_row_per_task_and_round_trips(tl, tmp_path):
    csv_path, xlsx_path = progress_template.write_progress_template(tl, tmp_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    for path in (csv_path, xlsx_path):
        table = progress_file.read_progress(path, tl)
        assert len(table) == 41
        assert list(table["task_id"]) == list(range(1, 42))
        assert not table["has_data"].any()  # an empty template is 41 "no data" rows
        units = dict(zip(table["task_id"], table["quantity_unit"]))
        # quantity targets: task 5 完成5个, task 11 累计完成2.2公里, task 13 完成4个
        assert (units[5], units[11], units[13]) == ("个", "公里", "个")
        assert pd.isna(units[7])
        assert (progress.compare(tl, table, "2026-09-30")["status"] == "no data").all()


def test_template_header_and_prefilled_date(tl, tmp_path):
    csv_path, xlsx_path = progress_template.write_progress_template(tl, tmp_path, as_of="2026-09-30")
    raw = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert tuple(raw.columns) == progress_file.PROGRESS_COLUMNS
    assert set(raw["as_of"]) == {"2026-09-30"}
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx_path).active
    assert [c.value for c in sheet[1]] == list(progress_file.PROGRESS_COLUMNS)
    assert sheet.max_row == 42  # header + 41 tasks


def test_filled_xlsx_is_read(tl, tmp_path):
    _, xlsx_path = progress_template.write_progress_template(tl, tmp_path)
    import datetime

    import openpyxl

    book = openpyxl.load_workbook(xlsx_path)
    sheet = book.active
    sheet["D8"] = datetime.datetime(2026, 9, 30)  # row 8 = task 7; a real date cell
    sheet["E8"] = 45
    book.save(xlsx_path)
    table = progress_file.read_progress(xlsx_path, tl).set_index("task_id")
    assert table.loc[7, "percent_done"] == 45
    assert table.loc[7, "as_of"] == pd.Timestamp("2026-09-30")
    assert table.loc[7, "source_line"] == 8


def test_gb18030_csv_and_chinese_headers(tl, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("序号,截至日期,完成百分比,完成数量,备注\n7,2026年9月30日,45%,,按计划推进\n".encode("gb18030"))
    table = progress_file.read_progress(path, tl)
    assert table.loc[0, ["task_id", "percent_done", "note"]].tolist() == [7, 45.0, "按计划推进"]


# --- errors: one bad file per case, naming the row and the column ----------------------

@pytest.mark.parametrize(
    ("name", "line", "field", "words"),
    [
        ("bad_unknown_task.csv", 3, "task_id", "unknown task id 42"),
        ("bad_percent_range.csv", 3, "percent_done", "between 0 and 100"),
        ("bad_date_outside_year.csv", 3, "as_of", "outside the plan year 2026"),
        ("bad_duplicate.csv", 4, "as_of", "first on line 2"),
        ("bad_percent_number.csv", 3, "percent_done", "expected a number"),
        ("bad_quantity_number.csv", 3, "quantity_done", "expected a number"),
        ("bad_date.csv", 3, "as_of", "expected a date"),
        ("bad_missing_column.csv", 1, "percent_done", "missing required column"),
    ],
)
def test_bad_progress_file(tl, name, line, field, words):
    with pytest.raises(TaskListError) as info:
        progress_file.read_progress(DATA / name, tl)
    err = info.value
    assert (err.line, err.field) == (line, field)
    assert words in str(err)
    assert f"line {line}" in str(err) and f"field {field}" in str(err) and name in str(err)


def test_wrong_unit_and_missing_date_are_errors(tl, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("task_id,as_of,percent_done,quantity_done,quantity_unit\n11,2026-09-30,,2,个\n", encoding="utf-8")
    with pytest.raises(TaskListError, match="counts its target in 公里") as info:
        progress_file.read_progress(path, tl)
    assert (info.value.line, info.value.field) == (2, "quantity_unit")
    path.write_text("task_id,as_of,percent_done,quantity_done\n7,,45,\n", encoding="utf-8")
    with pytest.raises(TaskListError, match="missing date") as info:
        progress_file.read_progress(path, tl)
    assert (info.value.line, info.value.field) == (2, "as_of")


def test_rows_without_numbers_are_kept_as_no_data(tl):
    table = progress_file.read_progress(ALL_STATUSES, tl)
    assert len(table) == 16  # every data row of the file, none skipped
    row17 = table.loc[table["task_id"] == 17].iloc[0]
    assert not row17["has_data"] and row17["note"] == "项目已立项，进度待核"


# --- comparison: statuses worked out by hand from the targets --------------------------

@pytest.mark.parametrize(
    ("task_id", "status", "gap"),
    [
        # task 3: Q3 target 进度达到30%; reported 33 → 33 − 30 = +3 ≤ 5
        (3, "on track", 3.0),
        # task 4: 第二批60/75/90%, 第三批20/35/50% — no single target; 70% reported
        (4, "no target", math.nan),
        # task 5: whole-year 完成5个, due 2026.9 → 5 expected by 30 Sep; 2 done → 2/5 = 40%, 40 − 100 = −60
        (5, "behind", -60.0),
        # task 7: Q3 完成50%; latest row (30 Sep) 45 → −5, on the tolerance edge
        (7, "on track", -5.0),
        # task 8: Q3 完成50%; 30 on 25 Sep → −20
        (8, "behind", -20.0),
        # task 9: H1 qualitative, Q3 完成20%; 60 → +40
        (9, "ahead", 40.0),
        # task 10: Q3 完成70%; 100% reported → done (gap 100 − 70 = 30)
        (10, "done", 30.0),
        # task 11: 累计完成2.2公里 at Q3 is also the largest target; 2.2 km → done
        (11, "done", 0.0),
        # task 13: Q3 完成3个 of the year's 4 → expected 3/4 = 75%; 3 done → 75% → gap 0
        (13, "on track", 0.0),
        # task 17: qualitative targets, a row with a note only → no data
        (17, "no data", math.nan),
        # task 23: Q3 完成50%; 40 on 20 Sep (the 100 on 20 Oct is after as_of) → −10
        (23, "behind", -10.0),
        # task 27: Q3 形象进度累计完成约80%; 86 → +6 > 5
        (27, "ahead", 6.0),
        # task 29: Q3 完成 50%; 58 → +8
        (29, "ahead", 8.0),
        # task 31: qualitative (自评估报告), 100% reported → done
        (31, "done", math.nan),
        # task 33: Q3 预计进度 80%, no row → no data
        (33, "no data", math.nan),
    ],
)
def test_compare_statuses(comparison_q3, task_id, status, gap):
    row = comparison_q3.loc[task_id]
    assert row["status"] == status
    if math.isnan(gap):
        assert pd.isna(row["gap"])
    else:
        assert row["gap"] == pytest.approx(gap)


def test_status_counts_q3(comparison_q3):
    counts = comparison_q3["status"].value_counts()
    # done 10, 11, 31; ahead 9, 27, 29; on track 3, 7, 13; behind 5, 8, 23; no target 4;
    # no data: 41 − 13 rated = 28 (task 17's row has no numbers)
    assert counts.to_dict() == {"no data": 28, "done": 3, "ahead": 3, "on track": 3, "behind": 3, "no target": 1}
    assert set(codes.STATUSES) == set(counts.index)


def test_later_rows_count_at_a_later_date(tl):
    table = progress_file.read_progress(ALL_STATUSES, tl)
    q4 = progress.compare(tl, table, "2026-12-31").set_index("task_id")
    # task 23 reported 100 on 20 Oct; task 7's Q4 target 100% falls due 30 Nov (due 2026.11): 45 − 100 = −55
    assert q4.loc[23, "status"] == "done"
    assert q4.loc[7, ["status", "gap"]].tolist() == ["behind", -55.0]


def test_furthest_behind(comparison_q3):
    comparison = comparison_q3.reset_index()
    ranked = progress.furthest_behind(comparison, 3)
    # gaps: task 5 −60, task 8 −20, task 23 −10, task 7 −5
    assert list(ranked["task_id"]) == [5, 8, 23]
    assert list(ranked["lead_department"]) == ["区农业农村委"] * 3
    assert list(progress.furthest_behind(comparison, 10)["task_id"]) == [5, 8, 23, 7]


def test_rate_tolerance_edges():
    tol = progress.TOLERANCE
    assert progress.rate(50 + tol, 50) == "on track"
    assert progress.rate(50 + tol + 0.1, 50) == "ahead"
    assert progress.rate(50 - tol - 0.1, 50) == "behind"
    assert progress.rate(30, math.nan) == "no target"
    assert progress.rate(100, math.nan) == "done"


# --- progress files typed in a spreadsheet ---------------------------------------------

SPREADSHEETS = Path(__file__).parents[1] / "data" / "spreadsheets"


def _filled_template(tl, tmp_path, cells: dict[str, object], formats: dict[str, str] | None = None):
    """The xlsx template with some cells typed in, as a district office fills it in."""
    import openpyxl

    _, xlsx_path = progress_template.write_progress_template(tl, tmp_path)
    book = openpyxl.load_workbook(xlsx_path)
    for address, value in cells.items():
        book.active[address] = value
    for address, number_format in (formats or {}).items():
        book.active[address].number_format = number_format
    book.save(xlsx_path)
    return progress_file.read_progress(xlsx_path, tl).set_index("task_id")


def test_percent_cells_hold_a_fraction(tl, tmp_path):
    import datetime

    # rows 8, 9, 10 are tasks 7, 8, 9; typing 90% stores 0.9 with a percent format
    table = _filled_template(
        tl, tmp_path,
        {"D8": datetime.datetime(2026, 9, 30), "E8": 0.9, "D9": datetime.datetime(2026, 9, 30), "E9": 90,
         "D10": datetime.date(2026, 9, 30), "E10": 0.125},
        {"E8": "0%", "E10": "0.0%"},
    )
    assert table.loc[[7, 8, 9], "percent_done"].tolist() == [90.0, 90.0, 12.5]
    assert (table.loc[[7, 8, 9], "as_of"] == pd.Timestamp("2026-09-30")).all()


def test_percent_cell_above_100_percent_is_an_error(tl, tmp_path):
    with pytest.raises(TaskListError, match="between 0 and 100, found '150%'") as info:
        _filled_template(tl, tmp_path, {"D8": "2026-09-30", "E8": 1.5}, {"E8": "0%"})
    assert (info.value.line, info.value.field) == (8, "percent_done")


def test_progress_typed_in_calc_reads_like_the_csv(tl):
    # progress_calc.xlsx is progress_typed.csv opened in LibreOffice Calc and saved as xlsx
    # (tests/data/spreadsheets/make_spreadsheets.py): 90% became 0.9 with format 0.00%,
    # 12.5% became 0.125, and 2026-09-30 a date cell.
    from_calc = progress_file.read_progress(SPREADSHEETS / "progress_calc.xlsx", tl)
    from_csv = progress_file.read_progress(SPREADSHEETS / "progress_typed.csv", tl)
    pd.testing.assert_frame_equal(from_calc, from_csv)
    table = from_calc.set_index("task_id")
    assert table.loc[[7, 8, 9], "percent_done"].tolist() == [90.0, 90.0, 12.5]
    assert table.loc[11, ["quantity_done", "quantity_unit"]].tolist() == [2.2, "公里"]
    comparison = progress.compare(tl, from_calc, "2026-09-30").set_index("task_id")
    # task 7: Q3 完成50%, 90 → +40 (not 0.9 → −49.1); task 8 the same; task 9: Q3 完成20%,
    # 12.5 → −7.5; task 11: 2.2 of 累计完成2.2公里 → done
    assert comparison.loc[[7, 8, 9, 11], "status"].tolist() == ["ahead", "ahead", "behind", "done"]
    assert comparison.loc[[7, 8, 9], "gap"].tolist() == [40.0, 40.0, -7.5]


# --- readings and tasks due before the plan year -----------------------------------------

def _progress_rows(tmp_path, rows: str):
    path = tmp_path / "progress.csv"
    path.write_text("task_id,name,lead_department,as_of,percent_done,quantity_done,quantity_unit,note\n" + rows,
                    encoding="utf-8")
    return path


def test_task_due_before_the_plan_year_is_flagged_and_rated_against_each_reading(tl, tmp_path):
    # Task 28 reports 50% on 30 Sep. As written (due 2025.11) all its targets fell due on
    # 2025-11-30, so 100% is expected: 50 − 100 = −50, behind. Read as 2026.11, its Q3 target
    # 完成50% applies: gap 0, on track.
    table = progress_file.read_progress(_progress_rows(tmp_path, "28,,,2026-09-30,50,,,\n"), tl)
    as_written = progress.compare(tl, table, "2026-09-30").set_index("task_id")
    assert as_written.loc[28, ["due_raw", "due_before_plan_year", "expected_share", "gap", "status"]].tolist() == [
        "2025.11", True, 100.0, -50.0, "behind"]
    assert as_written["due_before_plan_year"].sum() == 1
    in_year = progress.compare(tl, table, "2026-09-30", codes.Reading.DUE_IN_PLAN_YEAR).set_index("task_id")
    assert in_year.loc[28, ["expected_share", "gap", "status"]].tolist() == [50.0, 0.0, "on track"]
    behind = progress.furthest_behind(progress.compare(tl, table, "2026-09-30"))
    assert behind[["task_id", "due_before_plan_year"]].values.tolist() == [[28, True]]
    by_section = progress.status_by(progress.compare(tl, table, "2026-09-30"), "section")
    flagged = by_section.loc[by_section["n_before_plan_year"] > 0, ["section_no", "status", "n_before_plan_year"]]
    assert flagged.values.tolist() == [[5, "behind", 1]]  # task 28 is in section 五 (tasks 23–31)


def test_h1_literal_reading_rates_task_5_at_the_end_of_june(tl, tmp_path):
    # Task 5 (完成5个…评价, H1 text only, due 2026.9) reports 2 of 5 on 30 June. By default its
    # target falls due on 30 September: expected 0 on 30 June, so 40% is ahead (+40). Read
    # literally it is the H1 target: 5 of 5 due by 30 June, 40 − 100 = −60, behind.
    table = progress_file.read_progress(_progress_rows(tmp_path, "5,,,2026-06-30,,2,个,\n"), tl)
    default = progress.compare(tl, table, "2026-06-30").set_index("task_id")
    literal = progress.compare(tl, table, "2026-06-30", codes.Reading.H1_LITERAL).set_index("task_id")
    assert default.loc[5, ["expected_share", "actual_share", "status"]].tolist() == [0.0, 40.0, "ahead"]
    assert literal.loc[5, ["expected_share", "gap", "status"]].tolist() == [100.0, -60.0, "behind"]
