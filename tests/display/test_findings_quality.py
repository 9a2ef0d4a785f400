"""The data quality report's findings (display/findings/quality.py): the bundled list's hand-worked figures."""

from __future__ import annotations

import qpanalysis as qp
from qpanalysis.display.findings import quality


def test_quality_of_the_bundled_list(bundled):
    # Problems: aliases in tasks 16 and 21, total mismatch 23, date 2025.11 in 28, scope "/" in
    # 31 and its district-wide basis read from the text: 6 problems of 5 kinds in 5 tasks.
    # 建设规模 is "/" in tasks 1 12 15 16 22 24 32 35 36 38 39 40 41 (13), filled in 41 − 13 = 28.
    zh = quality.quality_findings(bundled, "zh")
    assert "读取时共发现6个问题，分5类，涉及5项任务" in zh["problems"]
    assert "按文字推断为全区任务：1个（任务31）" in zh["problems"] and "`" not in zh["problems"]
    assert "建设规模：28项填写，13项写“/”，0项空白（共41项）" in zh["completeness"]
    assert "任务23 美丽庭院（户）：分街镇数之和1,001，建设目标写明1,000（差+1）" in zh["totals"]
    # Task 2: 建设规模 两个试点片区(金泽山深单元、白鹤曙光单元); every milestone 西岑单元 … 曙光单元.
    assert ("任务2（加强乡村风貌保护设计）：建设规模写“金泽山深单元”，而上半年目标、第三季度目标、第四季度目标写另一单元“西岑单元”"
            in zh["names"])
    en = quality.quality_findings(bundled, "en")["names"]
    assert "the Construction scale names one unit (金泽山深单元), the H1 target, Q3 target and Q4 target another (西岑单元)" in en


def test_name_lines_on_a_made_up_list_without_disagreements(tmp_path):
    import qpanalysis as qp
    from tests.variants import write_variant

    # The next year's third section (the bundled tasks 7-17, renumbered 6-16) names towns only in
    # per-town breakdowns and no 单元, 片区 or village: nothing disagrees.
    tl = qp.load(write_variant("next_year", tmp_path)).filter(section=3)
    assert quality.name_lines(tl, "en") == [
        "No task names one place (town, unit, area or village) in some fields and another of the same kind in the others."]
