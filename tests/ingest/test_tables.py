"""The tables built from the task rows: the cells kept as published for the quality report, the plan year without a title, a name written twice."""

from __future__ import annotations

import pandas as pd

import qpanalysis as qp
from qpanalysis.ingest import tables
from tests.ingest.edits import without_title


def test_tasks_keep_the_lead_department_cell_as_published(bundled, bundled_text):
    raw = {int(c[0]): c[2] for c in (line.split("\t") for line in bundled_text.split("\n")) if c[0].isdigit()}
    assert bundled.tasks["departments_raw"].to_dict() == raw
    assert bundled.tasks.loc[21, "departments_raw"] == "区民政局、政务办"  # line 38, as written


def test_quantities_say_whether_a_figure_was_labelled(bundled):
    q = bundled.quantities
    # Task 11 老旧供水管网改造(公里):2.2 is labelled; task 5 共5个乡村振兴示范村。 is prose.
    assert q.loc[q["task_id"] == 11, "labelled"].tolist() == [True]
    assert q.loc[q["task_id"] == 5, "labelled"].tolist() == [False]


def test_plan_year_without_a_title_is_the_most_common_due_year(bundled_text, write_list):
    # 40 tasks are due in 2026 and task 28 in 2025.11; moved one year on, 40 of 41 are due in 2027.
    text = without_title(bundled_text).replace("\t2026.", "\t2027.")
    tl = qp.load(write_list(text))
    assert tl.plan_year == 2027
    problem = tl.problems[tl.problems["kind"] == "missing-title"]
    assert problem["detail"].tolist() == [
        "no title line states the plan year; 2027 assumed: the most common year of 计划完成时间 (40 of 41 tasks)"
    ]
    assert problem["source_line"].isna().all()
    outside = tl.problems[tl.problems["kind"] == "date-outside-plan-year"]
    assert outside["task_id"].tolist() == [28]  # 2025.11
    assert tl.milestones["period_end"].dt.year.eq(2027).all()


def test_a_tie_between_due_years_takes_the_earlier(bundled_text, write_list):
    text = without_title(bundled_text)
    lines = text.split("\n")
    task_lines = [i for i, line in enumerate(lines) if line.split("\t")[0].isdigit()]
    # 41 tasks: move 20 of the 40 in 2026 to 2027 → 20 × 2026, 20 × 2027, 1 × 2025.
    moved = 0
    for i in task_lines:
        cells = lines[i].split("\t")
        if cells[10].startswith("2026.") and moved < 20:
            cells[10] = "2027." + cells[10].split(".")[1]
            lines[i] = "\t".join(cells)
            moved += 1
    tl = qp.load(write_list("\n".join(lines)))
    assert tl.plan_year == 2026
    assert "(20 of 41 tasks)" in tl.problems.loc[tl.problems["kind"] == "missing-title", "detail"].iloc[0]


def test_a_title_without_a_year_is_named(bundled_text, write_list):
    tl = qp.load(write_list(bundled_text.replace("### 2026 年度青浦区乡村建设行动任务清单", "### 青浦区乡村建设行动任务清单")))
    assert tl.plan_year == 2026
    detail = tl.problems.loc[tl.problems["kind"] == "missing-title", "detail"].iloc[0]
    assert detail.startswith("the title line '青浦区乡村建设行动任务清单' states no plan year; 2026 assumed")


def test_a_title_with_a_year_decides(bundled, bundled_text, write_list):
    assert "missing-title" not in set(bundled.problems["kind"])
    tl = qp.load(write_list(bundled_text.replace("### 2026 年度", "### 2027 年度")))
    assert tl.plan_year == 2027  # as the title says, although 40 tasks are due in 2026
    assert (tl.problems["kind"] == "date-outside-plan-year").sum() == 41


def test_a_repeated_department_is_read_once_and_the_rest_renumbered(bundled_text, write_list):
    # Task 7 (line 17) led by 区农业农村委, with 区规划资源局 and 区绿化市容局: the lead written
    # again third (by its alias) is dropped, and 区绿化市容局 moves up from order 4 to 3.
    lines = bundled_text.split("\n")
    cells = lines[16].split("\t")
    cells[2] = "区农业农村委、区规划资源局、农业农村委、区绿化市容局"
    lines[16] = "\t".join(cells)
    tl = qp.load(write_list("\n".join(lines)))
    rows = tl.departments[tl.departments["task_id"] == 7]
    assert rows[["department", "role", "order"]].values.tolist() == [
        ["区农业农村委", "lead", 1], ["区规划资源局", "co-lead", 2], ["区绿化市容局", "co-lead", 3]]
    assert tl.tasks.loc[7, "departments"] == ("区农业农村委", "区规划资源局", "区绿化市容局")
    problems = tl.problems[tl.problems["task_id"] == 7]
    # the alias and its repeat are listed together, in the order of the cell
    assert problems[["kind", "source_line"]].values.tolist() == [["alias", 17], ["repeated-name", 17]]
    assert problems["detail"].iloc[1] == ("department '区农业农村委' written twice in the cell (as '区农业农村委' and "
                                          "'农业农村委'); read once, where first named")


def test_towns_by_row_keeps_first_appearance_and_order():
    """Rows come in the order they first appear, each row's towns in their order (as groupby(sort=False) gives)."""
    from qpanalysis.ingest.tables import towns_by_row

    rows, towns = [7, 3, 7, 3, 9], ["赵巷镇", "白鹤镇", "徐泾镇", "金泽镇", "练塘镇"]
    assert towns_by_row(rows, towns) == {7: ["赵巷镇", "徐泾镇"], 3: ["白鹤镇", "金泽镇"], 9: ["练塘镇"]}
    expected = pd.Series(towns).groupby(pd.Series(rows), sort=False).agg(list).to_dict()
    assert list(towns_by_row(rows, towns)) == list(expected) and towns_by_row(rows, towns) == expected
    assert towns_by_row([], []) == {}


def test_town_columns_are_the_str_columns_of_the_towns_and_their_english_names():
    towns = pd.Series(["白鹤镇", None, "白鹤镇", "某某镇"], dtype=object)
    english = {"白鹤镇": "Baihe"}
    columns = tables.town_columns(towns, english)
    pd.testing.assert_series_equal(pd.Series(columns["town"]), towns.astype("str"))
    pd.testing.assert_series_equal(pd.Series(columns["town_en"]), towns.map(english).astype("str"))
    assert pd.isna(columns["town_en"][3])  # a town with no English name has none
