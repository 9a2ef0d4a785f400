"""The data quality report's findings (display/findings/quality.py): the bundled list's hand-worked figures."""

from __future__ import annotations

from qpanalysis.analysis import consistency as cons
from qpanalysis.analysis import quality as qual
from qpanalysis.display.findings import quality
from tests.display.findings_helpers import cached


def test_quality_facts_of_the_bundled_list(bundled):
    # Problems: aliases in tasks 16 and 21, total mismatch 23, date 2025.11 in 28, scope "/" in
    # 31 and its district-wide basis read from the text: 6 problems of 5 kinds in 5 tasks.
    assert (len(bundled.problems), len(qual.problem_summary(bundled)), bundled.problems["task_id"].nunique()) == (6, 5, 5)
    # 建设规模 is "/" in tasks 1 12 15 16 22 24 32 35 36 38 39 40 41 (13), filled in 41 − 13 = 28.
    table = qual.completeness(qual.field_status(bundled)).set_index("field")
    assert table.loc["建设规模", ["filled", "none_marker", "empty", "tasks"]].tolist() == [28, 13, 0, 41]
    # Task 23's 美丽庭院 by town: 1,001 against the stated 1,000 (+1).
    totals = qual.totals_comparison(bundled)
    mismatch = totals[totals["status"] == "mismatch"]
    assert mismatch[["task_id", "metric", "breakdown_sum", "stated_total", "difference"]].values.tolist() == [
        [23, "美丽庭院", 1001.0, 1000.0, 1.0]]
    # Task 2: 建设规模 两个试点片区(金泽山深单元、白鹤曙光单元); every milestone 西岑单元 … 曙光单元.
    pairs = cons.name_disagreements(cons.name_mentions(bundled.tasks))
    first = pairs[pairs["task_id"] == 2].iloc[0]
    assert (first["place"], first["other_place"]) == ("金泽山深单元", "西岑单元")
    assert (first["fields"], first["other_fields"]) == (("建设规模",), ("上半年目标", "第三季度目标", "第四季度目标"))


def test_quality_sentences_of_the_bundled_list(bundled):
    # A few rendered sentences, in both languages: the facts above in words.
    zh = cached(quality.quality_findings, bundled, "zh")
    assert "读取时共发现6个问题，分5类，涉及5项任务" in zh["problems"]
    assert "按文字推断为全区任务：1个（任务31）" in zh["problems"] and "`" not in zh["problems"]
    assert "建设规模：28项填写，13项写“/”，0项空白（共41项）" in zh["completeness"]
    assert "任务23 美丽庭院（户）：分街镇数之和1,001，建设目标写明1,000（差+1）" in zh["totals"]
    assert ("任务2（加强乡村风貌保护设计）：建设规模写“金泽山深单元”，而上半年目标、第三季度目标、第四季度目标写另一单元“西岑单元”"
            in zh["names"])
    en = cached(quality.quality_findings, bundled, "en")
    assert en["problems"].startswith("- 6 problems found while reading, of 5 kinds, concerning 5 tasks.")
    assert "the Construction scale names one unit (金泽山深单元), the H1 target, Q3 target and Q4 target another (西岑单元)" in en["names"]


def test_name_lines_on_a_made_up_list_without_disagreements(loaded):
    # The next year's third section (the bundled tasks 7-17, renumbered 6-16) names towns only in
    # per-town breakdowns and no 单元, 片区 or village: nothing disagrees.
    tl = loaded["next_year"].filter(section=3)
    assert quality.name_lines(tl, "en") == [
        "No task names one place (town, unit, area or village) in some fields and another of the same kind in the others."]
