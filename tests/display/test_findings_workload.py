"""The workload report's findings (display/findings/workload.py): the bundled list's hand-worked figures."""

from __future__ import annotations

import pandas as pd
import pytest

from qpanalysis.analysis import workload as wl
from qpanalysis.display.findings import workload
from tests.display.findings_helpers import cached


def test_one_department_convention_in_both_reports(bundled):
    # 区农业农村委 leads tasks 4 (约68916), 6 (约2808) and 14 (13) with an amount: 71,737 as lead,
    # in the investment report's table and in the workload report; the weighted split
    # 68916 × 2/3 + 2808 + 13 × 2/3 = 48,760.67 is only a sensitivity. 区财政局 co-leads task 4
    # only: 0 as lead, 68916 / 3 = 22,972 weighted, 68916 / 2 = 34,458 equal.
    from qpanalysis.analysis.investment import investment_by_department

    by_department = investment_by_department(bundled).set_index("department")
    assert by_department.at["区农业农村委", "investment_wan"] == pytest.approx(71737)
    table = wl.department_investment(bundled.departments, bundled.tasks).set_index("department")
    farm, finance = table.loc["区农业农村委"], table.loc["区财政局"]
    assert (farm["lead_investment_tasks"], farm["lead_investment_wan"]) == (3, pytest.approx(71737))
    assert farm["weighted_investment_wan"] == pytest.approx(68916 * 2 / 3 + 2808 + 13 * 2 / 3)  # 48,760.67
    assert farm["equal_split_investment_wan"] == pytest.approx(37272.5)
    assert finance["lead_investment_tasks"] == 0 and pd.isna(finance["lead_investment_wan"])
    assert (finance["co_lead_investment_wan"], finance["weighted_investment_wan"], finance["equal_split_investment_wan"]) == (
        pytest.approx(68916), pytest.approx(22972), pytest.approx(34458))
    # The two conventions differ most for 区农业农村委: 71,737 as lead, 48,760.67 weighted.
    assert (table["lead_investment_wan"].fillna(0.0) - table["weighted_investment_wan"]).abs().idxmax() == "区农业农村委"
    # The sentences, in both languages.
    zh = cached(workload.workload_findings, bundled, "zh")["investment"]
    assert "区农业农村委：牵头3项披露金额的任务，约71,737万元（19.8%）；敏感性：加权约48,760.67万元，均分约37,272.5万元" in zh
    assert "区财政局不牵头任何披露金额的任务，按本报告口径名下为0；它共同牵头任务4（约68,916万元）" in zh
    en = cached(workload.workload_findings, bundled, "en")["investment"]
    assert "Agriculture and Rural Affairs Commission: leads 3 tasks with an amount, about 71,737 × 10,000 yuan" in en
    # the lead convention's amount is never replaced by the weighted one outside "sensitivity"
    assert all("48,760.67" not in line or "ensitivity" in line or "敏感性" in line for line in (zh + en).splitlines())


def test_workload_facts_of_the_bundled_list(bundled):
    # Tasks listing several departments: 1, 4, 7, 12, 13, 14, 16, 18, 21, 24, 26, 38 = 12, with
    # 2+1+2+2+1+1+2+1+1+2+1+1 = 17 co-leads. 区农业农村委 leads 4 5 6 7 8 14 18 23 29 30 32 33 34
    # 35 37 (15) and co-leads 1 12 16 24 (4). Weighted: 11 sole leads + 2/3 (4, 14, 18) + 1/2
    # (7) + 4 × 1/4 = 11 + 2 + 0.5 + 1 = 14.50 = 35.4% of 41. Task 28 is due 2025.11.
    table = wl.department_workload(bundled.departments).set_index("department")
    per_task = bundled.departments.groupby("task_id").size()
    assert (len(table), int((per_task > 1).sum()), int(table["tasks_co_lead"].sum())) == (21, 12, 17)
    farm = table.loc["区农业农村委"]
    assert (farm["tasks_lead"], farm["tasks_co_lead"], farm["weighted_share"]) == (15, 4, pytest.approx(14.5))
    assert farm["weighted_share_pct"] == pytest.approx(14.5 / 41 * 100)
    aliased = bundled.departments[bundled.departments["raw_name"] != bundled.departments["department"]]
    assert aliased[["task_id", "raw_name", "department"]].values.tolist() == [
        [16, "建设管理委", "区建设管理委"], [21, "政务办", "区政务办"]]


def test_workload_of_the_bundled_list(bundled):
    # Tasks listing several departments: 1, 4, 7, 12, 13, 14, 16, 18, 21, 24, 26, 38 = 12, with
    # 2+1+2+2+1+1+2+1+1+2+1+1 = 17 co-leads. 区农业农村委 leads 4 5 6 7 8 14 18 23 29 30 32 33 34
    # 35 37 (15) and co-leads 1 12 16 24 (4). Weighted: 11 sole leads + 2/3 (4, 14, 18) + 1/2
    # (7) + 4 × 1/4 = 11 + 2 + 0.5 + 1 = 14.50 = 35.4% of 41. Task 28 is due 2025.11.
    zh = cached(workload.workload_findings, bundled, "zh")
    assert "41项任务共涉及21个部门；12项任务列出多个部门，共同牵头17次" in zh["tasks"]
    assert "区农业农村委：牵头15项，共同牵头4项，加权份额14.50（占35.4%）" in zh["tasks"]
    assert "任务28（推进休闲森林公园建设）的计划完成时间为“2025.11”，早于计划年度2026年" in zh["deadlines"]
    assert "任务16的牵头部门写作“建设管理委”，按别名读为区建设管理委" in zh["caveats"]
    assert "只有9项披露了总投资" in zh["investment"] and "任务4、6为约数" in zh["investment"]
