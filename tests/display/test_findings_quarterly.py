"""The quarterly report's findings (display/findings/quarterly.py): the bundled list's hand-worked figures and a variant's own."""

from __future__ import annotations

import pytest

import qpanalysis as qp
from qpanalysis.display.findings import quarterly, words
from tests.display.findings_helpers import CJK, LANGS, task_rows


def _t(lang, zh, en):
    return zh if lang == "zh" else en


def test_quarterly_notes_of_the_bundled_list(bundled):
    # Task 28 is due 2025.11: its milestones (20%, 50%, 100%) fall due on 30 November 2025,
    # before the plan year, so in H1, and it is expected at 100% all year. Task 4's H1 text
    # states 第二批 60% and 第三批 20%.
    zh = quarterly.quarterly_findings(bundled, "Q3", lang="zh")
    assert "任务28（推进休闲森林公园建设）‡的计划完成时间写作“2025.11”" in zh["outside_plan_year"]
    assert "其节点于2025年11月30日到期，计入上半年，全年应达进度为100%" in zh["outside_plan_year"]
    assert "任务4（推进宜居宜业和美乡村片区建设）在同一节点给出多个不同的百分比（60%、20%）" in zh["expected"]
    assert "任务28（推进休闲森林公园建设）‡的计划完成时间“2025.11”早于计划年度：按原文，其应达完成度为100%" in zh["expected"]


def test_quarterly_summary_counts_bands_not_a_mean(bundled):
    # 30 June: 15 of 41 tasks have a single numeric target (12 percent + quantity 5, 11, 13);
    # 0%: 5 (due 2026.9) and 9 (qualitative H1); ≤25: 3, 7, 8, 18, 21, 23, 29; ≤50: 10, 11
    # (1/2.2 km), 13 (2/4), 33; ≤75: 27 (60); ≤100: 28 (100 as written).
    zh = quarterly.quarterly_findings(bundled, "H1", lang="zh")["summary"]
    assert "上半年共有32个里程碑到期，涉及30项任务：百分比目标14个，数量目标2个，定性目标16个" in zh
    assert "应达进度只对有单一百分比或数量目标的任务计算：15项（共41项），其中百分比目标12项、数量目标3项；其余26项" in zh
    assert "0%的2项，大于0%至25%的7项，大于25%至50%的4项，大于50%至75%的1项，大于75%至100%的1项" in zh
    assert "其中任务28（推进休闲森林公园建设）‡的计划完成时间早于计划年度，按原文计入大于75%至100%" in zh
    assert "平均完成度" not in zh and "33.3" not in zh
    # 3 of H1's 32 milestones are task 28's, counted in H1 only because of 2025.11
    assert "其中3个里程碑（任务28（推进休闲森林公园建设）‡）因计划完成时间早于计划年度而计入上半年" in zh
    # the 11 H1-only texts: read literally, H1 would hold 32 + 11 = 43 milestones
    assert "11项任务只填写了上半年目标" in zh and "上半年到期的里程碑将由32个变为43个" in zh
    en = quarterly.quarterly_findings(bundled, "H1", lang="en")["summary"]
    assert "Expected completion of these 15 tasks on 30 June 2026: 2 at 0%, 7 above 0 to 25%, 4 above 25 to 50%" in en
    assert "15 of the 41 tasks (12 percentage, 3 quantity)" in en
    assert "32 milestones fall due in the first half-year, across 30 tasks" in en
    # task 9's H1 target is qualitative: said, not hidden in the 0% band
    assert "任务9（推进“四好农村路”高质量发展）截至2026年6月30日最近到期的节点是定性目标" in \
        quarterly.quarterly_findings(bundled, "H1", lang="zh")["expected"]


def test_quarterly_summary_states_only_what_holds(bundled):
    q3 = quarterly.quarterly_findings(bundled, "Q3", lang="zh")["summary"]
    assert "因计划完成时间早于计划年度而计入" not in q3  # task 28's milestones all count in H1
    # Q3: tasks due by 30 Sep are 28 (2025.11) and 5 (2026.9), named with their due months
    assert "计划完成时间在第三季度末或之前的有2项：任务28（推进休闲森林公园建设）‡，2025.11；任务5（开展乡村振兴示范村发展评价），2026.9" in q3
    q4 = quarterly.quarterly_findings(bundled, "Q4", lang="zh")["summary"]
    assert "全部41项任务的计划完成时间都在第四季度末或之前" in q4
    assert "本报告未提供进度填报文件" in q4


def test_quarterly_readings_of_the_bundled_list(bundled):
    # H1 with 2025.11 read as 2026.11: 28's Q3 and Q4 texts leave H1 (32 → 30); its H1 target
    # 完成20% moves it from >75 to ≤25 (7 → 8, 1 → 0). H1-only texts read literally: 32 + 11 = 43;
    # task 5 (5 of 5 by 30 June) moves from 0% (2 → 1) to >75% (1 → 2).
    zh = quarterly.quarterly_findings(bundled, "H1", lang="zh")["readings"]
    assert "把任务28（推进休闲森林公园建设）‡的计划完成时间读作计划年度的同一月份（2025.11 → 2026.11）：到期里程碑由32变为30" in zh
    assert "应达完成度大于0%至25%由7变为8；应达完成度大于75%至100%由1变为0" in zh
    assert "（任务1、5、12、16、19、24、25、30、32、38、39）的文字按字面读作上半年目标：到期里程碑由32变为43" in zh
    assert "有里程碑到期的任务由30变为41" in zh and "应达完成度为0%由2变为1" in zh
    en = quarterly.quarterly_findings(bundled, "H1", lang="en")["readings"]
    assert "milestones due: 43 instead of 32" in en and "milestones due: 30 instead of 32" in en


def test_h1_figures_under_both_readings(bundled):
    # H1 milestones are due for the 30 tasks with Q3/Q4 texts; read literally, also for the
    # 11 H1-only tasks (41). Task 5: 完成5个…评价, due 2026.9: by default due 30 Sep (0% on 30
    # June), literally due 30 June (100%).
    zh = quarterly.quarterly_findings(bundled, "H1", lang="zh")["h1_only"]
    assert "默认解读下，上半年有里程碑到期的任务为30项；把只填写上半年目标的文字按字面读作上半年目标时为41项" in zh
    assert "多出的11项是任务1、5、12、16、19、24、25、30、32、38、39" in zh
    assert ("任务5（开展乡村振兴示范村发展评价）只填写了上半年目标（5个）：按字面应在2026年6月30日前完成，应达100%；"
            "默认解读下到2026年9月30日才到期，2026年6月30日应达0%") in zh
    en = quarterly.quarterly_findings(bundled, "H1", lang="en")["h1_only"]
    assert "fills in only its H1 target (5 units): read literally it is due by 30 June 2026, expected at 100%" in en


def test_quarterly_progress_names_the_tasks_furthest_behind(bundled):
    # tests/data/progress/progress_all_statuses.csv on 2026-09-30, against the Q3 expectations:
    # task 5 reports 2 of its 5 villages (40%) where 100% is due (2026.9): −60; task 8 30%
    # against 50%: −20; task 23 40% (20 Sep) against 50%: −10; task 7 45% against 50%: −5.
    # Every other task is on or above its expectation; 5, 8 and 23 are more than 5 points short.
    path = qp.config.PROJECT_ROOT / "tests" / "data" / "progress" / "progress_all_statuses.csv"
    zh = quarterly.quarterly_findings(bundled, "Q3", progress=path, lang="zh")["behind"]
    assert zh.startswith("- 截至2026年9月30日，滞后（低于应达进度超过5个百分点）的任务3项。\n")
    assert ("- 低于应达进度的任务（差距从大到小）：任务5（开展乡村振兴示范村发展评价）-60.0个百分点（牵头部门区农业农村委）；"
            "任务8（完善乡村公共标识标牌）-20.0个百分点") in zh
    assert "任务23（推进乡村美丽庭院建设）-10.0个百分点" in zh and "任务7（完善乡村停车场(点)）-5.0个百分点" in zh
    assert zh.count("个百分点") == 5  # the tolerance and the four gaps
    summary = quarterly.quarterly_findings(bundled, "Q3", progress=path, lang="zh")["summary"]
    assert "根据进度填报（16行），截至2026年9月30日：已完成3项，超前3项，正常推进3项，滞后3项，无量化目标1项，无数据28项" in summary


def test_english_tables_carry_no_chinese_text(bundled):
    from qpanalysis.analysis import quarterly as qtr

    due = qtr.milestones_due(bundled, "H1")
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
    # its text here: tasks whose Q3 and Q4 cells are both empty (H1-only) and the months due.
    rows = task_rows(variant_paths["next_year"])
    h1_only = [int(r["序号"]) for r in rows if not r["第三季度目标"].strip() and not r["第四季度目标"].strip()]
    found = quarterly.quarterly_findings(loaded["next_year"], "H1", lang=lang)
    assert _t(lang, f"{len(h1_only)}项任务只填写了上半年目标", f"{len(h1_only)} tasks fill in only the H1 target") in found["summary"]
    assert words.task_ids(h1_only, lang) in found["readings"]
    assert _t(lang, "清单中没有计划完成时间早于计划年度的任务", "No task is due before the plan year") in found["readings"]
    assert "‡" not in "".join(found.values())
    assert _t(lang, "截至2027年6月30日", "on 30 June 2027") in found["summary"]
    assert _t(lang, f"（共{len(rows)}项）", f"of the {len(rows)} tasks") in found["summary"]


def test_quarterly_report_names_a_percentage_that_may_be_a_fraction(bundled, tmp_path):
    # line 2: task 3 at 0.9 (no "%"), lines 3-4: tasks 5 and 7 at 30 and 60 → 0.9 may be 90 %
    path = tmp_path / "progress.csv"
    path.write_text("task_id,as_of,percent_done,quantity_done\n3,2026-09-30,0.9,\n5,2026-09-30,30,\n7,2026-09-30,60,\n", encoding="utf-8")
    zh = quarterly.quarterly_findings(bundled, "Q3", progress=path, lang="zh")["progress_problems"]
    en = quarterly.quarterly_findings(bundled, "Q3", progress=path, lang="en")["progress_problems"]
    assert zh.count("\n") == 0 and en.count("\n") == 0  # one sentence each: only line 2
    assert "进度文件第2行：任务3" in zh and "写作0.9，按0.9%计" in zh and "可能是以小数填写的90%" in zh
    assert "Line 2 of the progress file" in en and "may be 90% typed as a fraction" in en
    fine = tmp_path / "fine.csv"
    fine.write_text("task_id,as_of,percent_done,quantity_done\n3,2026-09-30,90,\n5,2026-09-30,30,\n", encoding="utf-8")
    assert quarterly.quarterly_findings(bundled, "Q3", progress=fine, lang="en")["progress_problems"] == ""
