"""Tests of qpanalysis.analysis.table1: the list described by section, worked by hand from the source."""

import math

import pytest

from qpanalysis.analysis.table1 import sanity_check_table1, table1


@pytest.fixture(scope="module")
def table(bundled):
    return table1(bundled).set_index("section_no", drop=False)


def test_section_one_by_hand(table):
    # Tasks 1–3. 总投资: "/", "/", 278138 → 1 disclosed, 278,138. 牵头部门: 区规划资源局 (all
    # three lead) with 区农业农村委 and 区建设管理委 (task 1) → 3 departments, 1 lead. 涉及范围:
    # 11个街镇 (district-wide), 金泽镇、白鹤镇, 金泽镇 → 2 towns named, 1 district-wide, 0 none.
    row = table.loc[1]
    assert (row["tasks"], row["tasks_disclosed"], row["investment_wan"]) == (3, 1, 278138.0)
    assert (row["departments"], row["lead_departments"]) == (3, 1)
    assert (row["towns_named"], row["tasks_district_wide"], row["tasks_no_town"]) == (2, 1, 0)
    assert (row["first_due"], row["last_due"]) == ("2026.12", "2026.12")


def test_section_seven_by_hand(table):
    # Tasks 36–41. Only task 36 states an amount (240). Leads: 区委组织部, 区农业农村委,
    # 区委社会工作部, 区委政法委, 区委宣传部, 区文化旅游局 (6), plus 区数据局 co-leading 38 (7).
    # 涉及范围: 11个街镇 for 36, 38, 39, 40, 41 (5 district-wide); 相关街镇 for 37 (names none).
    # Milestones: 36, 37, 40, 41 fill H1, Q3 and Q4 (12 cells), 38 and 39 only H1 (2) → 14, all
    # in words, none a percentage or quantity.
    row = table.loc[7]
    assert (row["tasks"], row["tasks_disclosed"], row["investment_wan"]) == (6, 1, 240.0)
    assert (row["departments"], row["lead_departments"]) == (7, 6)
    assert (row["towns_named"], row["tasks_district_wide"], row["tasks_no_town"]) == (0, 5, 1)
    assert (row["milestones_numeric"], row["milestones_descriptive"]) == (0, 14)


def test_undisclosed_sections_are_unknown_not_zero(table):
    # Sections 4 (tasks 18–22) and 6 (tasks 32–35) say "/" in every 总投资 cell.
    assert math.isnan(table.loc[4, "investment_wan"]) and math.isnan(table.loc[6, "investment_wan"])
    assert table.loc[4, "tasks_disclosed"] == 0


def test_total_row(bundled):
    # 41 tasks; 9 state an amount; the disclosed total 361,633.24 includes 约68916 (task 4) and 约2808 (task 6)
    # (≈); 15 district-wide and 12 naming no town (coverage.basis_counts); the 11 towns of the
    # district (现代农业园区, named by task 33, is no town); due months from 2025.11 (task 28)
    # to 2026.12.
    total = table1(bundled).iloc[-1]
    assert (total["tasks"], total["tasks_disclosed"]) == (41, 9)
    assert round(total["investment_wan"], 2) == 361633.24 and total["investment_wan_approx"]
    assert (total["tasks_district_wide"], total["tasks_no_town"], total["towns_named"]) == (15, 12, 11)
    assert (total["first_due"], total["last_due"]) == ("2025.11", "2026.12")
    assert total["milestones_numeric"] + total["milestones_descriptive"] == 100


def test_counts_of_distinct_things_are_not_summed(bundled):
    t = table1(bundled)
    assert t["departments"].iloc[:-1].sum() > t["departments"].iloc[-1] == 21


def test_sanity_check_catches_a_wrong_total(bundled):
    bad = table1(bundled)
    bad.loc[bad.index[-1], "tasks_district_wide"] = 14
    with pytest.raises(AssertionError, match="the sections hold 15 tasks_district_wide, the total row 14"):
        sanity_check_table1(bad, bundled)


@pytest.mark.parametrize("name", ["next_year", "undisclosed", "single_section"])
def test_true_of_other_lists(name, loaded):
    tl = loaded[name]
    t = table1(tl)
    assert t["tasks"].iloc[-1] == len(tl.tasks) and len(t) == tl.tasks["section_no"].nunique() + 1
    assert t["tasks_disclosed"].iloc[-1] == int(tl.tasks["investment_wan"].notna().sum())
