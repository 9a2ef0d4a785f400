"""Tests of qpanalysis.analysis.brief: each lead department's milestones due in a quarter, with progress."""

from pathlib import Path

import pytest

from qpanalysis.analysis import brief

# Absolute: another test may have changed the working folder.
PROGRESS = Path(__file__).resolve().parents[1] / "data" / "progress" / "progress_all_statuses.csv"


@pytest.fixture(scope="module")
def due(bundled):
    return brief.department_milestones(bundled, "Q3")


@pytest.fixture(scope="module")
def rated(bundled):
    return brief.department_milestones(bundled, "Q3", progress=PROGRESS)


def test_q3_has_thirty_milestones_of_twelve_lead_departments(due):
    # The 第三季度目标 cell is empty for tasks 1, 5, 12, 16, 19, 24, 25, 30, 32, 38 and 39 (11),
    # so 41 - 11 = 30 tasks have a Q3 text. Task 28 is due 2025.11, before the plan year: its
    # milestones fall due then and count in H1 (30 - 1 = 29). Task 5 has only an H1 text, read
    # as the whole year's target, due 2026.9, so it falls due on 30 September (29 + 1 = 30).
    assert len(due) == 30 and due["task_id"].is_unique
    assert due["lead_department"].nunique() == 12


def test_departments_come_in_order_of_milestones_with_their_tasks(due):
    # 区农业农村委 leads tasks 4, 5, 6, 7, 8, 14, 18, 23, 29, 33, 34, 35 and 37 with a Q3
    # milestone (13); 区建设管理委 9, 10, 15 and 17 (4); 区水务局 11, 26 and 27 (3).
    counts = brief.departments(due)
    assert counts["lead_department"].head(3).tolist() == ["区农业农村委", "区建设管理委", "区水务局"]
    assert counts["n_milestones"].head(3).tolist() == [13, 4, 3]
    assert due.loc[due["lead_department"] == "区农业农村委", "task_id"].tolist() == [4, 5, 6, 7, 8, 14, 18, 23, 29, 33, 34, 35, 37]
    assert counts["n_milestones"].sum() == 30


def test_without_progress_every_status_is_no_data_not_zero(due):
    assert set(due["status"]) == {"no data"}
    assert due["percent_done"].isna().all() and due["quantity_done"].isna().all()


def test_progress_rates_each_task_of_a_department(rated):
    # 区建设管理委: task 9 reported 60% against its Q3 target 完成20% (+40 points: ahead);
    # task 10 reported 100% (done); 15 reported nothing; 17 only a note (no data).
    rows = rated.loc[rated["lead_department"] == "区建设管理委"].set_index("task_id")
    assert rows["status"].to_dict() == {9: "ahead", 10: "done", 15: "no data", 17: "no data"}
    assert rows.at[9, "percent_done"] == 60


def test_counts_of_behind_and_unreported_per_department(rated):
    # 区农业农村委: tasks 5 (2 of 5 units: 40% against 100%), 8 (30% against 50%) and 23 (40%
    # on 20 Sep against 50%) are behind; 6, 14, 18, 33, 34, 35 and 37 reported nothing (7).
    row = brief.departments(rated).set_index("lead_department").loc["区农业农村委"]
    assert (row["n_behind"], row["n_no_data"]) == (3, 7)


def test_behind_lists_only_tasks_rated_behind(bundled):
    # Task 7 is 5 points short (45% against 50%): within the tolerance, on track, not listed.
    late = brief.behind(bundled, "Q3", progress=PROGRESS)
    assert late["task_id"].tolist() == [5, 8, 23]
    assert late["gap"].tolist() == [-60.0, -20.0, -10.0]
    assert brief.behind(bundled, "Q3").empty


def test_sanity_check_catches_a_lost_milestone(bundled, due):
    with pytest.raises(AssertionError, match="holds 29 milestones, but 30 fall due in Q3"):
        brief.sanity_check_brief(due.iloc[1:], bundled, "Q3")


def test_every_department_listed_has_a_milestone_and_none_is_missed(bundled):
    # Q4: 区委社会工作部 (task 38) and 区委政法委 (task 39) have only H1 texts, read as the whole
    # year's targets, so they fall due on 31 December and their departments are listed.
    due = brief.department_milestones(bundled, "Q4")
    counts = brief.departments(due)
    assert (counts["n_milestones"] > 0).all()
    assert {"区委社会工作部", "区委政法委"} <= set(counts["lead_department"])
    assert counts["n_milestones"].sum() == len(due)
