"""Tests of qpanalysis.analysis.quarter_summary: a quarterly report's headline numbers under each reading, checked by hand against the raw list."""

from __future__ import annotations

from pathlib import Path

from qpanalysis import codes
from qpanalysis.analysis import quarter_summary as qs
from qpanalysis.analysis import quarterly as q

PROGRESS = Path(__file__).parents[1] / "data" / "progress" / "progress_all_statuses.csv"


def test_summary_numbers(tl):
    s = qs.summary(tl, "Q3")
    # percent tasks at 30 Sep: 3→30, 7→50, 8→50, 9→20, 10→70, 18→50, 21→50, 23→50, 27→80,
    # 28→100, 29→50, 33→80 (12); quantity: 5 → 5 of 5 (its H1-only text falls due 2026.9),
    # 11 → 2.2 of 2.2 km (Q4 is "/"), 13 → 3 of 4 = 75% (3) → 15 tasks of 41.
    assert (s["n_tasks_expected"], s["n_tasks_pct"], s["n_tasks_quantity"], s["n_tasks"]) == (15, 12, 3, 41)
    assert "mean_expected_pct" not in s  # no average over unlike tasks
    # bands: 0: none; ≤25: 9; ≤50: 3, 7, 8, 18, 21, 23, 29; ≤75: 10, 13; ≤100: 5, 11, 27, 28, 33
    assert s["bands"] == {"0": 0, "0-25": 1, "25-50": 7, "50-75": 2, "75-100": 5}
    assert (s["n_milestones_due"], s["n_tasks_due"], s["n_h1_only"]) == (30, 2, 11)
    # numeric Q3 milestones: 12 percent (3,4,7,8,9,10,18,21,23,27,29,33) + quantity 5, 11, 13 = 15
    assert (s["n_milestones_numeric"], s["n_milestones_percent"], s["n_milestones_quantity"]) == (15, 12, 3)
    assert s["n_milestones_qualitative"] == 30 - 15
    assert (s["n_milestones_before_plan_year"], s["n_tasks_before_plan_year"]) == (0, 1)  # 28's all fall in H1
    assert "status_counts" not in s
    with_progress = qs.summary(tl, "Q3", progress=PROGRESS)
    assert with_progress["status_counts"] == {"done": 3, "ahead": 3, "on track": 3, "behind": 3,
                                              "no target": 1, "no data": 28}


def test_sensitivity_table(tl):
    t = qs.sensitivity(tl, "H1").set_index("measure")
    assert list(t.columns) == list(codes.READINGS)
    assert t.loc["milestones-due"].tolist() == [32, 30, 43]
    # tasks with an H1 milestone: the 30 with Q3/Q4 texts; literally all 41
    assert t.loc["tasks-with-milestones-due"].tolist() == [30, 30, 41]
    assert t.loc["tasks-due"].tolist() == [1, 0, 1]  # only 28 (2025.11), none once read as 2026.11
    # task 28 moves from >75 to ≤25 (20% on 30 June read as 2026.11); task 5 from 0 to 100
    # (5 of 5 due 30 June read literally)
    assert t.loc["expected-0"].tolist() == [2, 2, 1]
    assert t.loc["expected-0-25"].tolist() == [7, 8, 7]
    assert t.loc["expected-75-100"].tolist() == [1, 0, 2]
    assert not any(m.startswith("status-") for m in t.index)
    with_progress = qs.sensitivity(tl, "Q3", progress=PROGRESS).set_index("measure")
    # task 5 reports 2 of 5 and is due by 30 Sep under both readings; task 28 reports nothing
    assert with_progress.loc["status-behind"].tolist() == [3, 3, 3]
    assert with_progress.loc[[m for m in with_progress.index if m.startswith("status-")]].sum().tolist() == [41] * 3


def test_sensitivity_on_the_next_year_variant(loaded):
    tl = loaded["next_year"]
    # 28 (due 2025.11) was dropped: the plan-year reading changes nothing; 3 and 28 dropped
    # leave 39 tasks, and the 11 H1-only tasks remain (renumbered).
    t = qs.sensitivity(tl, "H1").set_index("measure")
    assert (t["default"] == t["due-in-plan-year"]).all()
    assert t.loc["milestones-due", "h1-literal"] - t.loc["milestones-due", "default"] == 11
    assert q.expected_pct(tl, "2027-06-30")["due_before_plan_year"].sum() == 0
