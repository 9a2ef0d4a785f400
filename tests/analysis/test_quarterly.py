"""Tests of qpanalysis.analysis.quarterly, checked by hand against the raw list."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis import codes
from qpanalysis.analysis import quarter_summary as qs
from qpanalysis.analysis import quarterly as q

PROGRESS = Path(__file__).parents[1] / "data" / "progress" / "progress_all_statuses.csv"


@pytest.fixture(scope="module")
def tl():
    return qp.load()


def test_quarter_ends():
    assert [q.quarter_end(x, 2026).date().isoformat() for x in q.QUARTERS] == ["2026-06-30", "2026-09-30", "2026-12-31"]


def test_validate_parameters(tmp_path):
    assert q.validate_quarter_parameters("Q4", None, 2026).as_of == pd.Timestamp("2026-12-31")
    assert q.validate_quarter_parameters("Q3", "2026-08-15", 2026).as_of == pd.Timestamp("2026-08-15")
    with pytest.raises(ValueError, match="quarter must be one of"):
        q.validate_quarter_parameters("q3", None, 2026)
    with pytest.raises(ValueError, match="must be a date"):
        q.validate_quarter_parameters("Q3", "end of September", 2026)
    with pytest.raises(ValueError, match="no such file"):
        q.validate_quarter_parameters("Q3", None, 2026, progress=tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="progress-template"):
        q.validate_quarter_parameters("Q3", None, 2026, progress=tmp_path / "notes.txt")
    assert q.validate_quarter_parameters("Q3", None, 2026, progress=PROGRESS).progress == PROGRESS


def test_milestones_due_counts(tl):
    # 123 milestone cells − 23 empty ("/" or blank: 11 whole-year tasks × Q3, Q4 = 22, plus task 11 Q4) = 100.
    # H1: the 30 tasks with Q3/Q4 texts each have an H1 text (30), plus task 28's Q3 and Q4,
    #     which fall due 2025-11-30 because its due month is written 2025.11 → 32.
    # Q3: 30 Q3 texts − task 28's + task 5's whole-year H1 text (due 2026.9) → 30.
    # Q4: 30 Q4 texts − task 11 ("/") − task 28's + 10 whole-year H1 texts due 2026-12-31 → 38.
    counts = {x: len(q.milestones_due(tl, x)) for x in q.QUARTERS}
    assert counts == {"H1": 32, "Q3": 30, "Q4": 38}
    assert sum(counts.values()) == 100
    q.sanity_check_milestones_due(tl)


def test_q4_milestones_fall_due_at_an_earlier_due_month(tl):
    due = q.milestones_due(tl, "Q4").set_index("task_id")
    dates = due.loc[[7, 8, 18, 23], "due_date"].dt.date.astype(str).tolist()
    assert dates == ["2026-11-30", "2026-11-30", "2026-11-30", "2026-10-31"]  # due 2026.11 ×3, 2026.10
    h1 = q.milestones_due(tl, "H1")
    assert h1.loc[h1["before_plan_year"], "task_id"].tolist() == [28, 28, 28]


def test_due_summary_by_section_q3(tl):
    table = q.due_summary(q.milestones_due(tl, "Q3"), "section").set_index("section_no")
    # Section 三 holds tasks 7–17: Q3 texts for all but 12 and 16 (whole-year H1 only) → 9;
    # of them percent: 7, 8, 9, 10; quantity: 11, 13.
    assert table.loc[3, ["n_milestones", "n_percent", "n_quantity"]].tolist() == [9, 4, 2]
    # Section 二 (tasks 4–6): Q3 texts of 4 and 6, plus 5's whole-year text due 2026.9 → 3
    assert table.loc[2, "n_milestones"] == 3
    assert table["n_milestones"].sum() == 30


def test_due_summary_by_department_q3(tl):
    table = q.due_summary(q.milestones_due(tl, "Q3"), "lead_department").set_index("lead_department")
    # 区农业农村委 leads tasks 4,5,6,7,8,14,18,23,28,29,30,32,33,34,35,37. In Q3: 30 and 32 are
    # whole-year (due Dec), 28 falls due in 2025 → 16 − 3 = 13.
    assert table.loc["区农业农村委", "n_milestones"] == 13
    assert table.index[0] == "区农业农村委"


def test_tasks_due_by(tl):
    assert q.tasks_due_by(tl, "H1")["task_id"].tolist() == [28]  # 2025.11
    assert q.tasks_due_by(tl, "Q3")["task_id"].tolist() == [28, 5]  # sorted by due date; 5 is 2026.9
    assert len(q.tasks_due_by(tl, "Q4")) == 41


def test_whole_year_targets(tl):
    table = q.whole_year_targets(tl)
    assert table["task_id"].tolist() == [1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39]
    assert table.set_index("task_id")["quarter_due"].value_counts().to_dict() == {"Q4": 10, "Q3": 1}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # before any milestone falls due: 0 for every percent task
        ("2026-03-31", {3: 0, 9: 0, 27: 0}),
        # 30 Jun: task 3 H1 20%, task 9 has no H1 percentage (qualitative) → 0, task 27 H1 60%
        ("2026-06-30", {3: 20, 9: 0, 27: 60}),
        # 30 Sep: Q3 targets 30%, 20%, 80%
        ("2026-09-30", {3: 30, 9: 20, 27: 80}),
        # 31 Oct: task 23's Q4 100% falls due at its due month 2026.10; task 7's only on 30 Nov
        ("2026-10-31", {23: 100, 7: 50}),
        ("2026-12-31", {3: 50, 7: 100, 9: 100}),
    ],
)
def test_expected_pct(tl, as_of, expected):
    table = q.expected_pct(tl, as_of).set_index("task_id")
    assert {t: table.loc[t, "expected_pct"] for t in expected} == expected


def test_expected_pct_kinds_and_sources(tl):
    table = q.expected_pct(tl, "2026-09-30").set_index("task_id")
    assert len(table) == 41
    assert pd.isna(table.loc[4, "expected_pct"])  # two batches, two percentages
    assert pd.isna(table.loc[1, "expected_pct"])  # qualitative
    assert table.loc[11, ["expected_quantity", "quantity_unit"]].tolist() == [2.2, "公里"]
    assert table.loc[13, ["expected_quantity", "final_quantity", "expected_share"]].tolist() == [3.0, 4.0, 75.0]
    assert table.loc[7, "from_text"] == "完成50%"
    # task 28: all three targets fall due 2025-11-30, so the latest (Q4, 100%) applies already
    assert table.loc[28, ["expected_pct", "from_period"]].tolist() == [100.0, "Q4"]


def test_summary_numbers(tl):
    s = qs.summary(tl, "Q3")
    # percent tasks at 30 Sep: 3→30, 7→50, 8→50, 9→20, 10→70, 18→50, 21→50, 23→50, 27→80,
    # 28→100, 29→50, 33→80; sum 680 over 12 tasks = 56.67
    assert s["n_tasks_pct"] == 12 and s["n_tasks_quantity"] == 3
    assert s["mean_expected_pct"] == pytest.approx(680 / 12)
    assert (s["n_milestones_due"], s["n_tasks_due"], s["n_whole_year"]) == (30, 2, 11)
    # numeric Q3 milestones: 12 percent (3,4,7,8,9,10,18,21,23,27,29,33) + quantity 5, 11, 13 = 15
    assert s["n_milestones_numeric"] == 15
    assert "status_counts" not in s
    with_progress = qs.summary(tl, "Q3", progress=PROGRESS)
    assert with_progress["status_counts"] == {"done": 3, "ahead": 3, "on track": 3, "behind": 3,
                                              "no target": 1, "no data": 28}


def test_summary_text_quotes_the_numbers(tl):
    zh = qs.summary_text(qs.summary(tl, "Q3", progress=PROGRESS), "zh")
    assert "截至2026年9月30日，第三季度共有30个里程碑到期" in zh
    assert "滞后3项" in zh
    en = qs.summary_text(qs.summary(tl, "H1"), "en")
    assert "As of 30 June 2026, 32 milestones fall due in the first half-year" in en
    assert "No progress file" in en


def test_status_by_has_every_status(tl):
    from qpanalysis.analysis import progress
    from qpanalysis.ingest.progress import read_progress

    comparison = progress.compare(tl, read_progress(PROGRESS, tl), "2026-09-30")
    table = progress.status_by(comparison, "section")
    assert len(table) == 7 * len(codes.STATUSES)
    assert table["n_tasks"].sum() == 41
    sec3 = table.loc[table["section_no"] == 3].set_index("status")["n_tasks"]
    # section 三 (7–17): done 10, 11; ahead 9; on track 7, 13; behind 8; no data 12, 14, 15, 16, 17
    assert sec3.to_dict() == {"done": 2, "ahead": 1, "on track": 2, "behind": 1, "no target": 0, "no data": 5}


def test_charts_draw(tl):
    from qpanalysis.analysis import progress
    from qpanalysis.ingest.progress import read_progress
    from qpanalysis.charts import quarterly as cq

    comparison = progress.compare(tl, read_progress(PROGRESS, tl), "2026-09-30")
    for lang in ("zh", "en"):
        figs = [
            cq.plot_status_by(progress.status_by(comparison, "lead_department"), lang, "lead_department", "Q3"),
            cq.plot_status_by(progress.status_by(comparison, "section"), lang, "section", "Q3"),
            cq.plot_milestones_due(q.due_summary(q.milestones_due(tl, "Q3"), "section"), lang, "section", "Q3"),
            cq.plot_expected_pct(q.expected_pct(tl, "2026-09-30"), lang, "Q3", "2026-09-30"),
        ]
        for fig in figs:
            ax = fig.axes[0]
            assert ax.get_title(loc="left") and ax.get_xlabel()
            cq.close(fig)
