"""Tests of qpanalysis.analysis.quarterly, checked by hand against the raw list."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from qpanalysis import codes
from qpanalysis.analysis import quarter_summary as qs
from qpanalysis.analysis import quarterly as q

PROGRESS = Path(__file__).parents[1] / "data" / "progress" / "progress_all_statuses.csv"


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
    (tmp_path / "folder.csv").mkdir()  # a folder of department files, whatever its name: read_progress reads it
    assert q.validate_quarter_parameters("Q3", None, 2026, progress=tmp_path / "folder.csv").progress.is_dir()
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


def test_h1_bands_replace_the_mean(tl):
    # 30 June: percent tasks 3, 7, 8, 18, 21, 23, 29 → 20; 10, 33 → 50; 27 → 60; 9 → 0 (its H1
    # text is qualitative); 28 → 100 (all due 2025-11-30). Quantity: 5 → 0 of 5 (due 2026.9),
    # 11 → 1 of 2.2 km = 45.5%, 13 → 2 of 4 = 50%. The old mean: (7 × 20 + 2 × 50 + 60 + 0 +
    # 100) / 12 = 400 / 12 = 33.3%, 26.7% with 28 at 20% (320 / 12).
    bands = q.expected_bands(q.expected_pct(tl, "2026-06-30")).set_index("band")
    assert bands["n_tasks"].to_dict() == {"0": 2, "0-25": 7, "25-50": 4, "50-75": 1, "75-100": 1}
    assert bands.loc["0", "task_ids"] == (5, 9)
    assert bands.loc["25-50", "task_ids"] == (10, 11, 13, 33)
    assert bands.loc["75-100", ["task_ids", "n_before_plan_year"]].tolist() == [(28,), 1]
    assert bands["n_before_plan_year"].sum() == 1


def test_expected_pct_flags(tl):
    h1 = q.expected_pct(tl, "2026-06-30").set_index("task_id")
    assert h1.index[h1["due_before_plan_year"]].tolist() == [28]
    # the latest milestone due by 30 June is qualitative only for task 9 (上网招标…开工); task 5's
    # H1-only text is not due before 2026-09-30
    assert h1.index[h1["qualitative_due"]].tolist() == [9]
    q3 = q.expected_pct(tl, "2026-09-30").set_index("task_id")
    assert not q3["qualitative_due"].any()  # task 9's Q3 target is 完成20%


def test_read_milestones_under_each_reading(tl):
    default = q.read_milestones(tl)
    pd.testing.assert_frame_equal(default, tl.milestones)
    moved = q.read_milestones(tl, codes.Reading.DUE_IN_PLAN_YEAR)
    task28 = moved.loc[moved["task_id"] == 28, "due_date"].dt.date.astype(str).tolist()
    assert task28 == ["2026-06-30", "2026-09-30", "2026-11-30"]  # 2025.11 read as 2026.11
    others = moved["task_id"] != 28
    assert (moved.loc[others, "due_date"] == tl.milestones.loc[others, "due_date"]).all()
    literal = q.read_milestones(tl, codes.Reading.H1_LITERAL)
    changed = literal.index[literal["due_date"] != tl.milestones["due_date"]]
    # the H1 rows of the 11 H1-only tasks, now due 30 June (task 5: min(30 Jun, 30 Sep))
    assert literal.loc[changed, "task_id"].tolist() == [1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39]
    assert set(literal.loc[changed, "due_date"].dt.date.astype(str)) == {"2026-06-30"}
    assert (literal["applies_to"] == "period").all()
    with pytest.raises(ValueError, match="reading must be one of"):
        q.read_milestones(tl, "literal")


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        ("default", {"H1": 32, "Q3": 30, "Q4": 38}),
        # task 28 read as 2026.11: its Q3 and Q4 texts leave H1 for Q3 and Q4 (30 Nov)
        ("due-in-plan-year", {"H1": 30, "Q3": 31, "Q4": 39}),
        # the 11 H1-only texts fall due in H1: 32 + 11 = 43; task 5 leaves Q3 (30 − 1) and
        # the other 10 leave Q4 (38 − 10)
        ("h1-literal", {"H1": 43, "Q3": 29, "Q4": 28}),
    ],
)
def test_milestones_due_under_each_reading(tl, reading, expected):
    counts = {x: len(q.milestones_due(tl, x, reading)) for x in q.QUARTERS}
    assert counts == expected
    assert sum(counts.values()) == 100


def test_tasks_due_by_under_the_plan_year_reading(tl):
    assert q.tasks_due_by(tl, "H1", codes.Reading.DUE_IN_PLAN_YEAR).empty  # 28 is due 2026.11 then
    assert q.tasks_due_by(tl, "Q3", codes.Reading.DUE_IN_PLAN_YEAR)["task_id"].tolist() == [5]
    assert q.tasks_due_by(tl, "Q3").set_index("task_id")["before_plan_year"].to_dict() == {28: True, 5: False}


def test_whole_year_targets_under_both_readings(tl):
    table = q.whole_year_targets(tl).set_index("task_id")
    assert set(table["literal_quarter_due"]) == {"H1"}
    assert set(table["literal_due_date"].dt.date.astype(str)) == {"2026-06-30"}
    assert table.loc[5, ["kind", "target_quantity", "target_unit"]].tolist() == ["quantity", 5.0, "个"]
    assert str(table.loc[5, "due_date"].date()) == "2026-09-30"


def test_due_summary_counts_milestones_due_before_the_plan_year(tl):
    table = q.due_summary(q.milestones_due(tl, "H1"), "section").set_index("section_no")
    # section 五 (tasks 23–31) in H1: 23, 26, 27, 29, 31 and task 28's three (all due 2025-11-30);
    # 24, 25, 30 are H1-only (due at the year end) → 8, of which 28's three percent milestones
    assert table.loc[5, ["n_milestones", "n_percent", "n_qualitative", "n_before_plan_year"]].tolist() == [8, 6, 2, 3]
    assert table.loc[5, ["n_percent_before_plan_year", "n_qualitative_before_plan_year"]].tolist() == [3, 0]
    assert table.drop(index=5)["n_before_plan_year"].sum() == 0
    q3 = q.due_summary(q.milestones_due(tl, "Q3"), "section")
    assert q3["n_before_plan_year"].sum() == 0


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


def _notes(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_text().startswith("‡")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_task_due_before_the_plan_year_never_silently_tops_a_chart(tl, lang):
    from qpanalysis.charts import quarterly as cq

    alternatives = {r: q.expected_pct(tl, "2026-06-30", r) for r in codes.READINGS}
    fig = cq.plot_expected_pct(alternatives["default"], lang, "H1", "2026-06-30", alternatives=alternatives)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # 28 (100% as written) sits apart at the bottom (y = 0), marked ‡; the top bar is 27 (60%)
    assert labels[0].startswith("28") and labels[0].endswith("‡")
    assert labels[-1].startswith("27")
    assert sum(label.endswith("‡") for label in labels) == 1
    notes = _notes(ax)
    assert len(notes) == 1 and "2025.11" in notes[0].replace("\n", "")
    # hollow markers: task 28 at 20 (read as 2026.11) and task 5 at 100 (read literally)
    points = sorted(tuple(p) for c in ax.collections for p in c.get_offsets().tolist())
    assert points == [(20.0, 0.0), (100.0, float(labels.index(next(x for x in labels if x.startswith("5")))))]
    cq.close(fig)

    due = q.due_summary(q.milestones_due(tl, "H1"), "section")
    fig = cq.plot_milestones_due(due, lang, "section", "H1")
    ax = fig.axes[0]
    marked = [t.get_text() for t in ax.get_yticklabels() if t.get_text().endswith("‡")]
    assert len(marked) == 1 and len(_notes(ax)) == 1  # section 五, which holds task 28
    cq.close(fig)
    fig = cq.plot_milestones_due(q.due_summary(q.milestones_due(tl, "Q3"), "section"), lang, "section", "Q3")
    assert not _notes(fig.axes[0])  # nothing due before the plan year is counted in Q3
    cq.close(fig)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_new_quarterly_tables_display_cleanly(tl, lang):
    from qpanalysis.display.findings import quarterly
    from qpanalysis.display import tables

    h1 = q.expected_pct(tl, "2026-06-30")
    frames = {
        "sensitivity": (qs.sensitivity(tl, "Q3", progress=PROGRESS), "sensitivity"),
        "bands": (q.expected_bands(h1), None),
        "due_by_section": (q.due_summary(q.milestones_due(tl, "H1"), "section"), None),
        "whole_year": (quarterly.for_language(q.whole_year_targets(tl), lang), None),
        "expected": (quarterly.for_language(h1, lang), None),
    }
    for key, (frame, of) in frames.items():
        shown = tables.formatted(frame, lang, of=of)
        tables.sanity_check_table(shown)
        assert not [c for c in shown.columns if "_" in str(c)], key
    sensitivity = tables.formatted(frames["sensitivity"][0], lang, of="sensitivity")
    # one column per reading, headed by its label; no internal code in the first column
    assert len(sensitivity.columns) == 1 + len(codes.READINGS)
    assert not sensitivity.iloc[:, 0].str.contains("status-|expected-|milestones-").any()
    bands = tables.formatted(frames["bands"][0], lang)
    assert bands.iloc[1, -1] == "3、7、8、18、21、23、29" if lang == "zh" else bands.iloc[1, -1] == "3, 7, 8, 18, 21, 23, 29"
    assert (tables.formatted(q.expected_bands(q.expected_pct(tl, "2026-09-30")), lang).iloc[0, -1]) == "—"  # empty band


def test_outside_plan_year_is_the_task_due_before_its_year(tl, loaded):
    # Task 28 (推进休闲森林公园建设) has 计划完成时间 2025.11 in the 2026 list; every other task is due in 2026.
    outside = q.outside_plan_year(tl)
    assert list(outside.index) == [28] and list(outside["due_raw"]) == ["2025.11"]
    # next_year drops tasks 3 and 28 and moves every year on by one: no due month is left outside 2027.
    assert q.outside_plan_year(loaded["next_year"]).empty


def test_several_percentages_are_the_loaders_not_a_reparse(tl):
    # Task 4's 上半年目标: 第二批试点总体进度达到60%，第三批试点总体进度达到20% → two percentages, no single target.
    assert q.several_percentages(tl) == {4: (60.0, 20.0)}
    m = tl.milestones[(tl.milestones["task_id"] == 4) & (tl.milestones["period"] == "H1")]
    assert m["target_pct"].isna().all() and list(m["pct_values"]) == ["60、20"]
