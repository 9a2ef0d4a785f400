"""The quarterly report's findings (display/findings/quarterly.py): the facts they state, worked out by hand, shown in both languages; a variant's own.

The fact objects of qpanalysis.analysis.quarterly, quarter_summary and progress are
checked against figures worked out from data/raw/…txt and tests/data/progress (the
arithmetic is in the comments), then the findings are checked to state them in each
language; a few whole sentences are kept as snapshots of the wording.
"""

from __future__ import annotations

import pytest

import qpanalysis as qp
from qpanalysis.analysis import progress as prog
from qpanalysis.analysis import quarter_summary as qs
from qpanalysis.analysis import quarterly as qt
from qpanalysis.display.findings import quarterly, words
from qpanalysis.ingest.progress import progress_problems, read_progress
from tests.display.findings_helpers import CJK, LANGS, cached, figures, task_rows

PROGRESS = qp.config.PROJECT_ROOT / "tests" / "data" / "progress" / "progress_all_statuses.csv"
# The 11 tasks whose H1 text is their only one (Q3 and Q4 cells empty), read from the list.
H1_ONLY = [1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39]


def _found(tl, quarter: str, lang: str, progress=None) -> dict[str, str]:
    if progress is None:  # called as findings_helpers.texts calls it, so that both share one result
        return cached(quarterly.quarterly_findings, tl, quarter, lang=lang)
    return cached(quarterly.quarterly_findings, tl, quarter, progress=progress, lang=lang)


def test_task_due_before_the_plan_year_and_several_percentages_on_the_bundled_list(bundled):
    # Task 28 is due 2025.11: its milestones (20%, 50%, 100%) fall due on 30 November 2025,
    # before the plan year, so in H1, and it is expected at 100% all year. Task 4's H1 text
    # states 第二批 60% and 第三批 20%: no single expected completion.
    outside = qt.outside_plan_year(bundled)
    assert list(outside.index) == [28] and list(outside["due_raw"]) == ["2025.11"]
    expected = qt.expected_pct(bundled, "2026-09-30").set_index("task_id")
    assert expected.loc[28, ["expected_pct", "due_before_plan_year"]].tolist() == [100.0, True]
    assert qt.several_percentages(bundled) == {4: (60.0, 20.0)}
    for lang in LANGS:
        found = _found(bundled, "Q3", lang)
        assert {"28", "2025.11", "2026", "20%", "50%", "100%"} <= figures(found["outside_plan_year"]), lang
        assert {"4", "60%", "20%", "28", "100%"} <= figures(found["expected"]), lang
    # snapshot of the wording
    assert "其节点于2025年11月30日到期，计入上半年，全年应达进度为100%" in _found(bundled, "Q3", "zh")["outside_plan_year"]


def test_h1_summary_counts_bands_not_a_mean_on_the_bundled_list(bundled):
    # H1: 32 milestones due across 30 tasks: 14 percent, 2 quantity, 16 qualitative; 3 of them
    # are task 28's, in H1 only because of 2025.11. 30 June: 15 of 41 tasks have a single
    # numeric target (12 percent + quantity 5, 11, 13); 0%: 5 (due 2026.9) and 9 (qualitative
    # H1); ≤25: 3, 7, 8, 18, 21, 23, 29; ≤50: 10, 11 (1/2.2 km), 13 (2/4), 33; ≤75: 27 (60);
    # ≤100: 28 (100 as written). The 11 H1-only texts, read literally: 32 + 11 = 43 milestones.
    s = qs.summary(bundled, "H1")
    assert (s["n_milestones_due"], s["n_tasks_with_milestones_due"]) == (32, 30)
    assert (s["n_milestones_percent"], s["n_milestones_quantity"], s["n_milestones_qualitative"]) == (14, 2, 16)
    assert s["n_milestones_before_plan_year"] == 3
    assert (s["n_tasks_expected"], s["n_tasks_pct"], s["n_tasks_quantity"], s["n_tasks"]) == (15, 12, 3, 41)
    assert s["bands"] == {"0": 2, "0-25": 7, "25-50": 4, "50-75": 1, "75-100": 1}
    assert "mean_expected_pct" not in s  # no average over unlike tasks
    assert s["n_h1_only"] == 11 and qs.summary(bundled, "H1", reading="h1-literal")["n_milestones_due"] == 43
    for lang in LANGS:
        summary = _found(bundled, "H1", lang)["summary"]
        assert {"32", "30", "14", "2", "16", "3", "15", "41", "12", "7", "4", "1", "11", "43"} <= figures(summary), lang
        assert "33.3" not in summary, lang  # the old mean (400 / 12) is gone
    # snapshots of the wording
    assert "0%的2项，大于0%至25%的7项，大于25%至50%的4项，大于50%至75%的1项，大于75%至100%的1项" in \
        _found(bundled, "H1", "zh")["summary"]
    assert "Expected completion of these 15 tasks on 30 June 2026: 2 at 0%, 7 above 0 to 25%" in \
        _found(bundled, "H1", "en")["summary"]


def test_tasks_due_by_the_quarters_end_on_the_bundled_list(bundled):
    # Q3: tasks due by 30 Sep are 28 (2025.11) and 5 (2026.9); task 28's milestones all count in
    # H1, none in Q3. Q4: every task is due by 31 December.
    due = qt.tasks_due_by(bundled, "Q3")
    assert due[["task_id", "due_raw"]].values.tolist() == [[28, "2025.11"], [5, "2026.9"]]
    assert qs.summary(bundled, "Q3")["n_milestones_before_plan_year"] == 0
    assert len(qt.tasks_due_by(bundled, "Q4")) == 41
    for lang in LANGS:
        q3, q4 = _found(bundled, "Q3", lang)["summary"], _found(bundled, "Q4", lang)["summary"]
        assert {"2", "28", "2025.11", "5", "2026.9"} <= figures(q3), lang
        assert "41" in figures(q4), lang
    assert "因计划完成时间早于计划年度而计入" not in _found(bundled, "Q3", "zh")["summary"]
    assert "全部41项任务的计划完成时间都在第四季度末或之前" in _found(bundled, "Q4", "zh")["summary"]  # snapshot


def test_h1_readings_on_the_bundled_list(bundled):
    # Task 28 read as 2026.11: its Q3 and Q4 texts leave H1 (32 → 30); its H1 target 完成20%
    # moves it from >75 to ≤25 (7 → 8, 1 → 0). H1-only texts read literally: 32 + 11 = 43 and
    # 30 + 11 = 41 tasks with a milestone due; task 5 (5 of 5 by 30 June) moves from 0% (2 → 1)
    # to >75% (1 → 2).
    table = qs.sensitivity(bundled, "H1").set_index("measure")
    assert table.loc["milestones-due"].tolist() == [32, 30, 43]
    assert table.loc["tasks-with-milestones-due"].tolist() == [30, 30, 41]
    assert table.loc["expected-0-25"].tolist() == [7, 8, 7] and table.loc["expected-75-100"].tolist() == [1, 0, 2]
    assert table.loc["expected-0"].tolist() == [2, 2, 1]
    default = qt.expected_pct(bundled, "2026-06-30").set_index("task_id")
    literal = qt.expected_pct(bundled, "2026-06-30", reading="h1-literal").set_index("task_id")
    assert (default.at[5, "expected_share"], literal.at[5, "expected_share"]) == (0.0, 100.0)
    assert bundled.milestones.loc[bundled.milestones["applies_to"] == "year", "task_id"].tolist() == H1_ONLY
    for lang in LANGS:
        found = _found(bundled, "H1", lang)
        assert {"28", "2025.11", "2026.11", "32", "30", "7", "8", "1", "0", "43", "41", "2"} \
            <= figures(found["readings"]), lang
        assert {str(t) for t in H1_ONLY} | {"30", "41", "11", "5", "100%", "0%"} <= figures(found["h1_only"]), lang
    # snapshot of the wording
    assert "milestones due: 43 instead of 32" in _found(bundled, "H1", "en")["readings"]


def test_progress_names_the_tasks_furthest_behind(bundled):
    # tests/data/progress/progress_all_statuses.csv on 2026-09-30, against the Q3 expectations:
    # task 5 reports 2 of its 5 villages (40%) where 100% is due (2026.9): −60; task 8 30%
    # against 50%: −20; task 23 40% (20 Sep) against 50%: −10; task 7 45% against 50%: −5.
    # Every other task is on or above its expectation; 5, 8 and 23 are more than 5 points short.
    comparison = prog.compare(bundled, read_progress(PROGRESS, bundled), "2026-09-30")
    behind = prog.furthest_behind(comparison)
    assert behind[["task_id", "gap"]].values.tolist() == [[5, -60.0], [8, -20.0], [23, -10.0], [7, -5.0]]
    assert behind["status"].tolist() == ["behind"] * 3 + ["on track"]
    counts = comparison["status"].value_counts().to_dict()
    assert counts == {"done": 3, "ahead": 3, "on track": 3, "behind": 3, "no target": 1, "no data": 28}
    for lang in LANGS:
        found = _found(bundled, "Q3", lang, PROGRESS)
        assert {"3", "5", "60.0", "8", "20.0", "23", "10.0", "7", "5.0"} <= figures(found["behind"]), lang
        assert {"16", "3", "1", "28"} <= figures(found["summary"]), lang
    # snapshot of the wording
    zh = _found(bundled, "Q3", "zh", PROGRESS)
    assert zh["behind"].startswith("- 截至2026年9月30日，滞后（低于应达进度超过5个百分点）的任务3项。\n")
    assert "已完成3项，超前3项，正常推进3项，滞后3项，无量化目标1项，无数据28项" in zh["summary"]


def test_english_tables_carry_no_chinese_text(bundled):
    due = qt.milestones_due(bundled, "H1")
    en = quarterly.for_language(due, "en")
    assert "text" not in en and "target" in en
    targets = dict(zip(en["task_id"].astype(str) + en["period"], en["target"]))
    assert targets["7H1"] == "20% complete" and targets["11H1"] == "1 km" and targets["4H1"].startswith("several")
    assert not any(CJK.search(str(v)) for v in en["target"])
    zh = quarterly.for_language(due, "zh")
    assert "text" in zh and "target_pct" not in zh


@pytest.mark.parametrize("lang", LANGS)
def test_next_year_quarterly_report_states_its_own_figures(variant_paths, loaded, lang):
    # The variant drops tasks 3 and 28 (39 tasks) and moves every year on by one. Counted from
    # its text here: tasks whose Q3 and Q4 cells are both empty (H1-only).
    rows = task_rows(variant_paths["next_year"])
    h1_only = [int(r["序号"]) for r in rows if not r["第三季度目标"].strip() and not r["第四季度目标"].strip()]
    tl = loaded["next_year"]
    s = qs.summary(tl, "H1")
    assert (s["n_h1_only"], s["n_tasks"], s["as_of"]) == (len(h1_only), len(rows), qt.quarter_end("H1", 2027))
    assert qt.outside_plan_year(tl).empty
    found = _found(tl, "H1", lang)
    assert {str(len(h1_only)), str(len(rows)), "2027"} <= figures(found["summary"])
    assert words.task_ids(h1_only, lang) in found["readings"]
    assert "‡" not in "".join(found.values())
    assert {"zh": "清单中没有计划完成时间早于计划年度的任务", "en": "No task is due before the plan year"}[lang] \
        in found["readings"]


def test_a_percentage_that_may_be_a_fraction_is_named(bundled, tmp_path):
    # line 2: task 3 at 0.9 (no "%"), lines 3-4: tasks 5 and 7 at 30 and 60 → 0.9 may be 90 %
    path = tmp_path / "progress.csv"
    path.write_text("task_id,as_of,percent_done,quantity_done\n3,2026-09-30,0.9,\n5,2026-09-30,30,\n7,2026-09-30,60,\n",
                    encoding="utf-8")
    problems = progress_problems(read_progress(path, bundled))
    assert problems[["task_id", "kind"]].values.tolist() == [[3, "percent-as-fraction"]]
    fine = tmp_path / "fine.csv"
    fine.write_text("task_id,as_of,percent_done,quantity_done\n3,2026-09-30,90,\n5,2026-09-30,30,\n", encoding="utf-8")
    assert progress_problems(read_progress(fine, bundled)).empty
    zh = quarterly.quarterly_findings(bundled, "Q3", progress=path, lang="zh")["progress_problems"]
    assert zh.count("\n") == 0 and {"2", "3", "0.9", "90%"} <= figures(zh)  # one sentence: only line 2
    # snapshot of the wording (the English sentence is the catalogue's, with the same placeholders:
    # tests/display/test_messages.py)
    assert "进度文件第2行：任务3" in zh and "可能是以小数填写的90%" in zh
