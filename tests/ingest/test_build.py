"""The column-wise builder: what it keeps for the quality report, the plan year without a title, the order of errors and problems."""

from __future__ import annotations

import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis.ingest import build

TASK_7_LINE, TASK_9_LINE = 17, 19  # lines of tasks 7 and 9 in the bundled file


def _edit(text: str, line: int, column: int, value: str) -> str:
    lines = text.split("\n")
    cells = lines[line - 1].split("\t")
    cells[column] = value
    lines[line - 1] = "\t".join(cells)
    return "\n".join(lines)


def _without_title(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith("###"))


# --- what quality needs ------------------------------------------------------------------------


def test_tasks_keep_the_lead_department_cell_as_published(bundled, bundled_text):
    raw = {int(c[0]): c[2] for c in (line.split("\t") for line in bundled_text.split("\n")) if c[0].isdigit()}
    assert bundled.tasks["departments_raw"].to_dict() == raw
    assert bundled.tasks.loc[21, "departments_raw"] == "区民政局、政务办"  # line 38, as written


def test_quantities_say_whether_a_figure_was_labelled(bundled):
    q = bundled.quantities
    # Task 11 老旧供水管网改造(公里):2.2 is labelled; task 5 共5个乡村振兴示范村。 is prose.
    assert q.loc[q["task_id"] == 11, "labelled"].tolist() == [True]
    assert q.loc[q["task_id"] == 5, "labelled"].tolist() == [False]


def test_milestones_keep_every_percentage_and_flag(bundled):
    m = bundled.milestones.set_index(["task_id", "period"])
    # Task 4 H1: 第二批…进度达到60%，第三批…进度达到20% → two completion percentages, no single target.
    assert m.loc[(4, "H1"), "pct_values"] == "60、20" and pd.isna(m.loc[(4, "H1"), "target_pct"])
    # Task 20 Q4: 人员比例达到70% is an indicator level, not progress.
    assert (m.loc[(20, "Q4"), "indicator_pct_values"], m.loc[(20, "Q4"), "pct_values"]) == ("70", "")
    # Task 27 H1: 形象进度累计完成约60% → cumulative and approximate.
    assert m.loc[(27, "H1"), ["cumulative", "approx"]].tolist() == [True, True]
    assert not m.loc[(7, "H1"), ["cumulative", "approx"]].any()  # 完成20%


# --- plan year without a title ---------------------------------------------------------------


def test_plan_year_without_a_title_is_the_most_common_due_year(bundled_text, write_list):
    # 40 tasks are due in 2026 and task 28 in 2025.11; moved one year on, 40 of 41 are due in 2027.
    text = _without_title(bundled_text).replace("\t2026.", "\t2027.")
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
    text = _without_title(bundled_text)
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


# --- the first bad line is the one reported --------------------------------------------------


@pytest.mark.parametrize(
    ("edits", "line", "field"),
    [
        # Investment is checked before departments, but the department error is on an earlier line.
        ([(TASK_9_LINE, 8, "约三百"), (TASK_7_LINE, 2, "区宇宙局")], TASK_7_LINE, "牵头部门"),
        ([(TASK_9_LINE, 2, "区宇宙局"), (TASK_7_LINE, 8, "约三百")], TASK_7_LINE, "总投资(万元)"),
        # One line, two errors: the check a line-by-line reading meets first wins.
        ([(TASK_7_LINE, 9, "浦东新区"), (TASK_7_LINE, 10, "2026.13")], TASK_7_LINE, "计划完成时间"),
        # A bad town in the scope of line 17 comes before a bad breakdown town on line 19.
        ([(TASK_9_LINE, 5, "路(公里):安亭镇3"), (TASK_7_LINE, 9, "浦东新区")], TASK_7_LINE, "涉及范围"),
        # A field error before a duplicate task number, and after one.
        ([(TASK_9_LINE, 0, "6"), (TASK_7_LINE, 8, "x")], TASK_7_LINE, "总投资(万元)"),
        ([(TASK_7_LINE, 0, "6"), (TASK_9_LINE, 8, "x")], TASK_7_LINE, "序号"),
    ],
)
def test_the_first_bad_line_is_reported(bundled_text, write_list, edits, line, field):
    text = bundled_text
    for edit_line, column, value in edits:
        text = _edit(text, edit_line, column, value)
    with pytest.raises(qp.TaskListError) as info:
        qp.load(write_list(text))
    assert (info.value.line, info.value.field) == (line, field)


def test_no_task_rows_is_an_error(write_list):
    header = "\t".join(build.COLUMNS)
    with pytest.raises(qp.TaskListError, match="no task rows found"):
        qp.load(write_list(f"### 2026 年度清单\n{header}\n"))


# --- problems in the order of the source -----------------------------------------------------


def test_problems_of_one_line_follow_the_order_of_the_checks(bundled_text, write_list):
    text = _edit(bundled_text, TASK_7_LINE, 6, "")  # 建设标准 empty
    text = _edit(text, TASK_7_LINE, 2, "农业农村委、区规划资源局")  # an alias
    text = _edit(text, TASK_7_LINE, 7, "社会资本")  # no funding level
    text = _edit(text, TASK_7_LINE, 5, "另有3，停车场(个):赵巷11")  # an alias town, then a number without unit
    tl = qp.load(write_list(text))
    on_line = tl.problems[tl.problems["source_line"] == TASK_7_LINE]
    assert list(zip(on_line["kind"], on_line["field"])) == [
        ("empty-field", "建设标准"), ("alias", "牵头部门"), ("alias", "建设规模"),
        ("number-without-unit", "建设规模"),
        ("total-mismatch", "建设规模"),  # the goal still says 建设250个乡村停车场(点); the breakdown sums to 11
        ("unclassified-funding", "资金来源"),
    ]
    # The problems of the whole list stay in line order.
    lines = tl.problems["source_line"].dropna().tolist()
    assert lines == sorted(lines)


def test_sanity_check_problem_kinds_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="guess"):
        build.sanity_check_problem_kinds(pd.Series(["alias", "guess"]))


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
