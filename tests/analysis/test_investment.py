"""Tests for qpanalysis.analysis.investment and qpanalysis.charts.investment."""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import replace
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qpanalysis as qp
from qpanalysis.analysis import investment as inv
from tests import variants

# The tasks of the bundled list that disclose 总投资(万元), read off the raw file by hand
# (task: amount as written, 涉及范围):
#   3: 278138 金泽镇 · 4: 约68916 练塘镇、赵巷镇、徐泾镇、金泽镇 · 6: 约2808 相关街镇
#   11: 69.7 重固镇、白鹤镇、练塘镇 · 14: 13 11个街镇 · 17: 140 相关街镇
#   27: 10478.4 金泽镇 · 28: 830.14 练塘镇、夏阳街道 (建设规模: 练塘镇1、夏阳街道1) · 36: 240 11个街镇
# 278138 + 68916 + 2808 + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 361633.24
DISCLOSED_TOTAL = 361633.24
DISCLOSED_TASKS = [3, 4, 6, 11, 14, 17, 27, 28, 36]


@pytest.fixture(scope="module")
def tl():
    return qp.load()


@pytest.fixture(scope="module")
def allocation(tl):
    return inv.allocate_investment_to_towns(tl)


def test_disclosed_total(tl):
    assert inv.disclosed_total(tl) == pytest.approx(DISCLOSED_TOTAL)
    # added with math.fsum: exactly the two-decimal figure, no 361633.24000000005
    assert repr(inv.disclosed_total(tl)) == "361633.24"
    # 361633.24 万元 / 10000 = 36.163324 亿元
    assert inv.to_yi(inv.disclosed_total(tl)) == pytest.approx(36.163324)


def test_disclosure_counts_and_sums(tl):
    table = inv.investment_disclosure(tl).set_index("status")
    # 9 tasks give an amount, 41 - 9 = 32 say "/"; 约 on tasks 4 and 6 only
    assert table["tasks"].to_dict() == {"exact": 7, "approximate": 2, "not-disclosed": 32}
    # approximate: 68916 + 2808 = 71724
    assert table.at["approximate", "investment_wan"] == pytest.approx(71724)
    # exact: 278138 + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 289909.24
    assert table.at["exact", "investment_wan"] == pytest.approx(289909.24)
    assert math.isnan(table.at["not-disclosed", "investment_wan"])
    assert table["share_of_disclosed"].sum() == pytest.approx(1.0)


def test_by_section(tl):
    table = inv.investment_by_section(tl).set_index("section_no")
    # sections 一…七 hold tasks 1-3, 4-6, 7-17, 18-22, 23-31, 32-35, 36-41
    assert table["tasks"].tolist() == [3, 3, 11, 5, 9, 4, 6]
    assert table["tasks_disclosed"].tolist() == [1, 2, 3, 0, 2, 0, 1]
    assert table["tasks_not_disclosed"].tolist() == [2, 1, 8, 5, 7, 4, 5]
    assert table.columns[1:4].tolist() == ["tasks", "tasks_disclosed", "tasks_not_disclosed"]
    # sums keep SUM_DIGITS significant digits: 10478.4 + 830.14 is 11308.54, not 11308.539999999999
    assert repr(float(table.at[5, "investment_wan"])) == "11308.54"
    expected = {
        1: 278138,  # task 3
        2: 68916 + 2808,  # tasks 4, 6 = 71724
        3: 69.7 + 13 + 140,  # tasks 11, 14, 17 = 222.7
        5: 10478.4 + 830.14,  # tasks 27, 28 = 11308.54
        7: 240,  # task 36
    }
    for section_no, amount in expected.items():
        assert table.at[section_no, "investment_wan"] == pytest.approx(amount)
    # sections 4 (tasks 18-22) and 6 (tasks 32-35) disclose nothing: unknown, not 0
    assert table.loc[[4, 6], ["investment_wan", "share"]].isna().all().all()
    assert table["investment_wan"].isna().sum() == 2
    assert table["investment_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)


def test_by_lead_department(tl):
    table = inv.investment_by_department(tl).set_index("department")
    # first-listed 牵头部门 of the disclosed tasks
    assert table.at["区规划资源局", "investment_wan"] == pytest.approx(278138)  # task 3
    assert table.at["区农业农村委", "investment_wan"] == pytest.approx(68916 + 2808 + 13)  # 4, 6, 14 = 71737
    assert table.at["区水务局", "investment_wan"] == pytest.approx(69.7 + 10478.4)  # 11, 27 = 10548.1
    assert table.at["区绿化市容局", "investment_wan"] == pytest.approx(830.14)  # 28
    assert table.at["区委组织部", "investment_wan"] == pytest.approx(240)  # 36
    assert table.at["区建设管理委", "investment_wan"] == pytest.approx(140)  # 17
    assert table.at["区农业农村委", "tasks_disclosed"] == 3
    # 区农业农村委 leads 15 tasks (4 5 6 7 8 14 18 23 29 30 32 33 34 35 37): 15 − 3 = 12 say "/"
    assert table.at["区农业农村委", "tasks_not_disclosed"] == 12
    assert (table["investment_wan"] > 0).sum() == 6
    # the other 17 − 6 = 11 lead departments lead only tasks that say "/": unknown, not 0, listed last
    unknown = table[table["investment_wan"].isna()]
    assert len(unknown) == 11 and unknown["share"].isna().all()
    assert (unknown["tasks_not_disclosed"] == unknown["tasks"]).all()
    assert table.index[-11:].tolist() == unknown.index.tolist()
    assert table["investment_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table["tasks"].sum() == 41
    assert table.index[0] == "区规划资源局"  # sorted by amount


def test_by_funding_level_overlaps(tl):
    table = inv.investment_by_funding_level(tl).set_index("level")
    # 资金来源 of the disclosed tasks: 3 市、区、镇; 4 市级…区级…镇级; 6 中央、市级; 11 街镇自筹;
    # 14 区级资金; 17 市级…区级; 27 市水利专项，区镇; 28 市、区财政; 36 中央财政衔接资金
    assert table.at["central", "investment_naming_wan"] == pytest.approx(2808 + 240)  # 6, 36
    # municipal: 3, 4, 6, 17, 27, 28 = 278138 + 68916 + 2808 + 140 + 10478.4 + 830.14 = 361310.54
    assert table.at["municipal", "investment_naming_wan"] == pytest.approx(361310.54)
    # district: 3, 4, 14, 17, 27, 28 = 278138 + 68916 + 13 + 140 + 10478.4 + 830.14 = 358515.54
    assert table.at["district", "investment_naming_wan"] == pytest.approx(358515.54)
    # town: 3, 4, 11, 27 = 278138 + 68916 + 69.7 + 10478.4 = 357602.1
    assert table.at["town", "investment_naming_wan"] == pytest.approx(357602.1)
    assert table.at["self-raised", "investment_naming_wan"] == pytest.approx(69.7)  # 11
    # village: 镇村统筹安排 (task 30) and 镇级统筹、村级自筹 (task 37), neither disclosed: unknown, not 0
    assert table.at["village", "tasks_naming"] == 2 and table.at["village", "tasks_naming_disclosed"] == 0
    assert math.isnan(table.at["village", "investment_naming_wan"])
    # town only: one task (8, 镇统筹安排), undisclosed: unknown, not 0
    assert table.at["town", "tasks_sole"] == 1 and table.at["town", "tasks_sole_disclosed"] == 0
    assert math.isnan(table.at["town", "investment_sole_wan"])
    assert table.at["municipal", "tasks_naming_disclosed"] == 6
    # sole level: 14 (district only, 13) and 36 (central only, 240)
    assert table.at["district", "investment_sole_wan"] == pytest.approx(13)
    assert table.at["central", "investment_sole_wan"] == pytest.approx(240)
    # the amounts overlap: their sum is far above the disclosed total
    assert table["investment_naming_wan"].sum() > DISCLOSED_TOTAL


def test_funding_combinations_add_up(tl):
    table = inv.funding_level_combinations(tl).set_index("levels")
    assert table["investment_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table["tasks"].sum() == 41
    # 3, 4, 27: 278138 + 68916 + 10478.4 = 357532.4
    assert table.at["municipal+district+town", "investment_wan"] == pytest.approx(357532.4)
    assert table.at["municipal+district+town", "task_ids"] == "3, 4, 27"
    assert table.at["municipal+district", "investment_wan"] == pytest.approx(140 + 830.14)  # 17, 28
    # 资金来源 "/" on tasks 1, 5, 13, 16, 19, 20, 22, 35, 38, 39, 40, 41, none disclosed
    assert table.at[inv.NO_LEVEL, "tasks"] == 12
    assert table.at[inv.NO_LEVEL, "tasks_not_disclosed"] == 12
    assert math.isnan(table.at[inv.NO_LEVEL, "investment_wan"])
    # district only: 14 (区级资金, 13) and 26 (相关区根据实际情况配套, "/"): the disclosed sum, 1 undisclosed
    assert table.loc["district", ["tasks", "tasks_disclosed", "tasks_not_disclosed"]].tolist() == [2, 1, 1]
    assert table.at["district", "investment_wan"] == 13
    assert (table["tasks_disclosed"] + table["tasks_not_disclosed"] == table["tasks"]).all()
    assert table["investment_wan"].isna().tolist() == [False] * 6 + [True] * 8  # unknown last


def test_funding_overlap(tl):
    overlap = inv.funding_overlap(tl)
    # 3048 + 361310.54 + 358515.54 + 357602.1 + 0 + 69.7 = 1080545.88
    assert overlap["sum_over_levels_wan"] == pytest.approx(1080545.88)
    assert overlap["overlap_factor"] == pytest.approx(1080545.88 / DISCLOSED_TOTAL)
    # multi-level disclosed tasks: 3, 4, 6, 11, 17, 27, 28 (only 14 and 36 name one level)
    assert overlap["disclosed_tasks_multi_level"] == 7


def test_largest_tasks(tl):
    table = inv.largest_tasks(tl)
    assert table["task_id"].tolist() == [3, 4, 27, 6, 28, 36, 17, 11, 14]
    # 278138 / 361633.24 = 0.76912
    assert table.at[0, "share"] == pytest.approx(278138 / DISCLOSED_TOTAL)
    assert table.at[0, "share"] > 0.75
    # (278138 + 68916) / 361633.24 = 0.95968
    assert table.at[1, "cumulative_share"] == pytest.approx(347054 / DISCLOSED_TOTAL)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert table["cumulative_share"].is_monotonic_increasing
    assert table.loc[table["investment_wan_approx"], "task_id"].tolist() == [4, 6]


def test_every_amount_is_flagged_when_it_includes_an_approximate_one(tl, allocation):
    # 约 on tasks 4 (约68916; section 2, 区农业农村委, 市级/区级/镇级, towns 练塘 赵巷 徐泾 金泽)
    # and 6 (约2808; section 2, 区农业农村委, 中央/市级, 相关街镇 → unattributed).
    sections = inv.investment_by_section(tl).set_index("section_no")["investment_wan_approx"]
    assert sections[sections].index.tolist() == [2]
    departments = inv.investment_by_department(tl).set_index("department")["investment_wan_approx"]
    assert departments[departments].index.tolist() == ["区农业农村委"]
    levels = inv.investment_by_funding_level(tl).set_index("level")
    # central: 6 (约) and 36; village names no disclosed task; district is named by 4 (约)
    assert levels.loc["central", "investment_naming_wan_approx"] and levels.loc["district", "investment_naming_wan_approx"]
    assert not levels.loc["village", "investment_naming_wan_approx"]
    # sole levels: only 14 (district, 13) and 36 (central, 240), both exact
    assert not levels["investment_sole_wan_approx"].any()
    combos = inv.funding_level_combinations(tl).set_index("levels")["investment_wan_approx"]
    assert combos[combos].index.tolist() == ["municipal+district+town", "central+municipal"]
    disclosure = inv.investment_disclosure(tl).set_index("status")["investment_wan_approx"]
    assert disclosure.to_dict() == {"exact": False, "approximate": True, "not-disclosed": False}
    assert allocation.loc[allocation["allocated_wan_approx"], "task_id"].unique().tolist() == [4, 6]
    by_town = inv.investment_by_town(allocation).set_index("town")
    # 金泽镇: 278138 exact (single town) + 17229 of task 4 (equal split): only its equal-split
    # amount and its total include an approximate figure
    assert by_town.loc["金泽镇", "equal-split_approx"] and by_town.loc["金泽镇", "total_wan_approx"]
    assert not by_town.loc["金泽镇", "single-town_approx"]
    assert not by_town.loc["重固镇", "total_wan_approx"]  # task 11's 69.7 / 3 only
    assert by_town.loc[inv.UNATTRIBUTED_BUCKET, "total_wan_approx"]  # task 6
    assert not by_town.loc[inv.DISTRICT_WIDE_BUCKET, "total_wan_approx"]  # tasks 14 and 36


# ---- funding formula and the sensitivity of the town attribution ---------------------------

# Task 4's 资金来源, as written in line 11 of the raw list.
TASK_4_FUNDING = ("市级财政10000万元/试点(分两年拨付)；区级财政按市级补助，区分青西三镇加白鹤和青东四镇，"
                  "分别以1:1和1:0.5配套，镇级财政根据实际情况配套。")


def test_funding_formula_of_task_4():
    formula = inv.parse_funding_formula(TASK_4_FUNDING)
    # 10000 per pilot area; 青西三镇 = the three 镇 whose area is 青西 in towns.csv (朱家角, 练塘,
    # 金泽) plus 白鹤 at 1:1; 青东四镇 = 赵巷, 徐泾, 华新, 重固 at 1:0.5
    assert formula.per_area_wan == 10000 and formula.per == "试点"
    assert formula.groups == ((("朱家角镇", "练塘镇", "金泽镇", "白鹤镇"), 1.0), (("赵巷镇", "徐泾镇", "华新镇", "重固镇"), 0.5))
    assert formula.weight(["练塘镇"]) == 20000  # 10000 + 10000 × 1
    assert formula.weight(["赵巷镇", "徐泾镇"]) == 15000  # 10000 + 10000 × 0.5
    assert formula.weight(["盈浦街道"]) == 10000  # in no group: no matching stated


@pytest.mark.parametrize("text", [
    "/", "市、区、镇", "中央、市级财政", "街镇自筹",
    # a group whose count disagrees with towns.csv (青西 has 3 镇, not 4): not read
    "市级财政10000万元/试点；区分青西四镇和青东四镇，分别以1:1和1:0.5配套",
    # two groups but one ratio
    "市级财政10000万元/试点；区分青西三镇和青东四镇，分别以1:1配套",
])
def test_text_without_a_readable_formula_has_none(text):
    assert inv.parse_funding_formula(text) is None


def test_formula_wordings():
    # an amount before the area word, one ratio for every town
    found = inv.parse_funding_formula("每个试点补助2000万元，区级按1:0.5比例配套")
    assert (found.per_area_wan, found.groups, found.default_ratio) == (2000, (), 0.5)
    # an amount per area and no matching: every area weighs the same
    found = inv.parse_funding_formula("市级资金500万元/片区")
    assert found.weight(["金泽镇"]) == found.weight(["赵巷镇", "徐泾镇"]) == 500


def test_areas_of_task_4():
    # 建设规模 of task 4: 3个试点片区(练塘片区、赵巷徐泾片区、金泽片区); "3个试点片区" names no town
    areas = inv.parse_areas("3个试点片区(练塘片区、赵巷徐泾片区、金泽片区)。", ["练塘镇", "赵巷镇", "徐泾镇", "金泽镇"])
    assert areas == (("练塘片区", ("练塘镇",)), ("赵巷徐泾片区", ("赵巷镇", "徐泾镇")), ("金泽片区", ("金泽镇",)))
    # only the task's own towns count: 赵巷徐泾片区 covers just 徐泾镇 for a task naming 徐泾镇 and 金泽镇
    assert inv.parse_areas("练塘片区、赵巷徐泾片区、金泽片区", ["徐泾镇", "金泽镇"]) == (
        ("赵巷徐泾片区", ("徐泾镇",)), ("金泽片区", ("金泽镇",)))


def test_formula_split_of_the_bundled_list(tl, allocation):
    split = inv.formula_split(tl, allocation).set_index("town")
    # Only task 4 has a funding formula and several towns. Areas: 练塘片区 20000, 赵巷徐泾片区
    # 15000, 金泽片区 20000 = 55000. Shares: 20/55 = 0.3636 to 练塘镇 and 金泽镇; 15/55 / 2 =
    # 0.1364 to 赵巷镇 and 徐泾镇. Amounts of 约68916: 68916 × 20/55 = 25060.3636…;
    # 68916 × 7.5/55 = 9397.6364…; 2 × 25060.3636 + 2 × 9397.6364 = 68916.
    assert split["task_id"].unique().tolist() == [4]
    assert split.loc["练塘镇", "area_zh"] == "练塘片区" and split.loc["赵巷镇", "area_zh"] == "赵巷徐泾片区"
    assert split.loc["赵巷镇", "area_en"] == "Zhaoxiang Town and Xujing Town (赵巷徐泾片区)"
    assert split["area_weight_wan"].to_dict() == {"练塘镇": 20000, "赵巷镇": 15000, "徐泾镇": 15000, "金泽镇": 20000}
    assert split.loc["金泽镇", "allocated_wan"] == pytest.approx(68916 * 20 / 55)
    assert split.loc["徐泾镇", "allocated_wan"] == pytest.approx(68916 * 7.5 / 55)
    assert split["allocated_wan"].sum() == pytest.approx(68916)
    assert split["allocated_wan_approx"].all()  # 约68916


def test_allocation_scenarios_of_the_bundled_list(tl):
    scenarios = inv.allocation_scenarios(tl)
    assert list(scenarios) == ["default", "funding-formula", "area-split", "no-equal-split", "district-spread"]
    totals = {name: a.groupby("town")["allocated_wan"].sum() for name, a in scenarios.items()}
    for name, allocation in scenarios.items():
        inv.sanity_check_allocation(allocation, tl)
        assert totals[name].sum() == pytest.approx(DISCLOSED_TOTAL), name
    # 金泽镇 by default: 278138 (3) + 10478.4 (27) + 68916 / 4 (4) = 305845.4
    assert totals["default"]["金泽镇"] == pytest.approx(305845.4)
    # funding formula: 288616.4 + 68916 × 20/55 = 313676.7636…
    assert totals["funding-formula"]["金泽镇"] == pytest.approx(288616.4 + 68916 * 20 / 55)
    # by area: 68916 / 3 = 22972 to 练塘 and 金泽, 22972 / 2 = 11486 to 赵巷 and 徐泾
    assert totals["area-split"]["金泽镇"] == pytest.approx(288616.4 + 22972)
    assert totals["area-split"]["赵巷镇"] == pytest.approx(11486)
    # task 11 names no area: still 69.7 / 3 under the area split
    assert totals["area-split"]["重固镇"] == pytest.approx(69.7 / 3)
    # no equal split: tasks 4 and 11 go to 未指明, with tasks 6 and 17: 68916 + 69.7 + 2808 + 140
    assert totals["no-equal-split"][inv.UNATTRIBUTED_BUCKET] == pytest.approx(71933.7)
    assert "赵巷镇" not in totals["no-equal-split"].index
    # district-wide tasks 14 (13) and 36 (240): 253 / 11 = 23 to each of the 11 towns
    assert totals["district-spread"]["华新镇"] == pytest.approx(23)
    assert totals["district-spread"]["金泽镇"] == pytest.approx(305845.4 + 23)
    assert inv.DISTRICT_WIDE_BUCKET not in totals["district-spread"].index


def test_allocation_sensitivity_of_the_bundled_list(tl):
    table = inv.allocation_sensitivity(inv.allocation_scenarios(tl), DISCLOSED_TOTAL).set_index("scenario")
    assert set(table["top_town"]) == {"金泽镇"}
    assert table["task_ids"].to_dict() == {"default": "", "funding-formula": "4", "area-split": "4",
                                           "no-equal-split": "4, 11", "district-spread": "14, 36"}
    # assumed: equal splits 68916 + 69.7 = 68985.7 (19.08%); the formula and the area split
    # move task 4 but stay assumptions; none without equal splits; + 253 when spread
    assert table.loc["default", "assumed_wan"] == pytest.approx(68985.7)
    assert table.loc["funding-formula", "assumed_wan"] == pytest.approx(68985.7)
    assert table.loc["no-equal-split", "assumed_wan"] == 0
    assert table.loc["district-spread", "assumed_wan"] == pytest.approx(68985.7 + 253)
    # 金泽镇 without equal splits: 278138 + 10478.4 = 288616.4 = 79.8% of 361633.24, exact
    assert table.loc["no-equal-split", "top_town_wan"] == pytest.approx(288616.4)
    assert round(table.loc["no-equal-split", "top_town_share"], 3) == 0.798
    assert not table.loc["no-equal-split", "top_town_wan_approx"] and table.loc["default", "top_town_wan_approx"]
    # to towns: 361633.24 − 253 − 2948 = 358432.24 by default; − 68985.7 with no equal split
    assert table.loc["default", "towns_wan"] == pytest.approx(358432.24)
    assert table.loc["no-equal-split", "towns_wan"] == pytest.approx(358432.24 - 68985.7)


def test_town_sensitivity_of_the_bundled_list(tl):
    table = inv.town_sensitivity(inv.allocation_scenarios(tl)).set_index("town")
    # every column adds up to the disclosed total; towns first by default amount, buckets last
    for scenario in ("default", "funding-formula", "area-split", "no-equal-split", "district-spread"):
        assert table[scenario].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table.index[0] == "金泽镇" and table.index[-2:].tolist() == [inv.DISTRICT_WIDE_BUCKET, inv.UNATTRIBUTED_BUCKET]
    # 练塘镇: 17229 + 23.23 + 415.07 by default; 25060.36 + 23.23 + 415.07 by formula
    assert table.loc["练塘镇", "funding-formula"] == pytest.approx(68916 * 20 / 55 + 69.7 / 3 + 415.07)
    assert table.loc["练塘镇", "funding-formula_approx"] and not table.loc["练塘镇", "no-equal-split_approx"]
    # 华新镇 gets money only when district-wide amounts are spread
    # (253 / 11 = 23): under the other rules no disclosed amount reaches it, an empty cell, not 0
    assert math.isnan(table.loc["华新镇", "default"]) and table.loc["华新镇", "district-spread"] == pytest.approx(23)
    assert math.isnan(table.loc["徐泾镇", "no-equal-split"])  # its only amount is task 4's equal split
    assert not (table[["default", "funding-formula", "area-split", "no-equal-split", "district-spread"]] == 0).any().any()


def test_scenarios_of_made_up_tables():
    tasks, towns, quantities = _toy()
    tasks = tasks.assign(funding_source=["/"] * 7, scale=["/"] * 7, content=["/"] * 7)
    scenarios = inv.allocation_scenarios(SimpleNamespace(tasks=tasks, towns=towns, quantities=quantities))
    # no funding formula and no area: only the default, no equal split (task 2) and the spread
    # of task 5 over the district's 11 towns
    assert list(scenarios) == ["default", "no-equal-split", "district-spread"]
    # task 2 names 甲镇、乙镇、丙镇 in an area text: the area split appears
    grouped = tasks.assign(scale=["/", "甲乙片区、丙片区", "/", "/", "/", "/", "/"])
    reference = _toy_reference()
    scenarios = inv.allocation_scenarios(SimpleNamespace(tasks=grouped, towns=towns, quantities=quantities), reference)
    area = scenarios["area-split"].set_index(["task_id", "town"])["allocated_wan"]
    assert area[(2, "甲镇")] == pytest.approx(90 / 2 / 2) and area[(2, "丙镇")] == pytest.approx(45)


def test_allocation_rules(allocation):
    rules = allocation.groupby("task_id")["rule"].agg(lambda s: set(s)).to_dict()
    assert rules == {
        3: {"single-town"}, 4: {"equal-split"}, 6: {"unattributed"}, 11: {"equal-split"},
        14: {"district-wide"}, 17: {"unattributed"}, 27: {"single-town"}, 28: {"proportional"},
        36: {"district-wide"},
    }
    assert allocation.columns[:5].tolist() == ["task_id", "town", "share", "allocated_wan", "rule"]
    task4 = allocation[allocation["task_id"] == 4].set_index("town")["allocated_wan"]
    assert sorted(task4.index) == sorted(["练塘镇", "赵巷镇", "徐泾镇", "金泽镇"])
    assert task4.tolist() == pytest.approx([68916 / 4] * 4)  # 17229 each
    task28 = allocation[allocation["task_id"] == 28].set_index("town")["allocated_wan"]
    assert task28.to_dict() == pytest.approx({"练塘镇": 415.07, "夏阳街道": 415.07})  # 830.14 × 1/2
    assert allocation.loc[allocation["task_id"] == 28, "basis_metric"].unique().tolist() == ["休闲森林公园"]
    inv.sanity_check_allocation(allocation, qp.load())


def test_investment_by_town(allocation):
    table = inv.investment_by_town(allocation).set_index("town")
    # 金泽镇: 278138 (task 3) + 17229 (task 4) + 10478.4 (task 27) = 305845.4
    assert table.at["金泽镇", "total_wan"] == pytest.approx(305845.4)
    assert table.at["金泽镇", "single-town"] == pytest.approx(278138 + 10478.4)
    assert table.at["金泽镇", "equal-split"] == pytest.approx(17229)
    # 练塘镇: 17229 (task 4) + 69.7/3 (task 11) + 415.07 (task 28) = 17667.3033…
    assert table.at["练塘镇", "total_wan"] == pytest.approx(17229 + 69.7 / 3 + 415.07)
    assert table.at["重固镇", "total_wan"] == pytest.approx(69.7 / 3)
    assert table.at["夏阳街道", "proportional"] == pytest.approx(415.07)
    assert table.at[inv.DISTRICT_WIDE_BUCKET, "total_wan"] == pytest.approx(13 + 240)  # tasks 14, 36
    assert table.at[inv.UNATTRIBUTED_BUCKET, "total_wan"] == pytest.approx(2808 + 140)  # tasks 6, 17
    assert table["total_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table.index[-2:].tolist() == list(inv.BUCKETS)
    assert "华新镇" not in table.index  # no disclosed task reaches it except district-wide ones
    # a rule that put no money in a town leaves its cell empty, not 0
    assert math.isnan(table.at["金泽镇", "district-wide"]) and math.isnan(table.at["全区", "single-town"])
    assert not (table[list(inv.RULES)] == 0).any().any()


def test_investment_by_town_counts_the_undisclosed_tasks(tl, allocation):
    table = inv.investment_by_town(allocation, tl).set_index("town")
    # Tasks saying "/" that name 金泽镇: in 涉及范围 2, 30, 32; in a per-town breakdown 7, 8,
    # 18, 23 → 7. 华新镇: only in the breakdowns of 7 and 18 → 2, and no disclosed amount
    # reaches it: its total is unknown (NaN), not 0. District-wide: 15 tasks − 14 and 36 = 13.
    # No town named: 12 tasks − 6 and 17 = 10.
    assert table.at["金泽镇", "tasks_not_disclosed"] == 7
    assert table.at["金泽镇", "total_wan"] == pytest.approx(305845.4)
    assert table.at["华新镇", "tasks_not_disclosed"] == 2 and math.isnan(table.at["华新镇", "total_wan"])
    assert table.at[inv.DISTRICT_WIDE_BUCKET, "tasks_not_disclosed"] == 13
    assert table.at[inv.UNATTRIBUTED_BUCKET, "tasks_not_disclosed"] == 10
    # every town any task reaches is listed: the 11 towns, 现代农业园区 (task 33) and the buckets
    assert len(table) == 11 + 1 + 2
    assert table["total_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table.index[-2:].tolist() == list(inv.BUCKETS)
    unknown = table.drop(list(inv.BUCKETS))["total_wan"].isna()
    assert unknown.tolist() == sorted(unknown.tolist())  # the unknown totals after the known ones
    assert not table.filter(like="_approx").isna().any().any()


def test_unknown_amounts_on_the_undisclosed_variant(variant_lists):
    # "/" in every 总投资 cell: every group's amount and share is unknown, none is 0
    tl = variant_lists["undisclosed"]
    assert math.isnan(inv.disclosed_total(tl))
    for table in (inv.investment_by_section(tl), inv.investment_by_department(tl),
                  inv.funding_level_combinations(tl)):
        assert table["investment_wan"].isna().all()
        assert (table["tasks_not_disclosed"] == table["tasks"]).all()
    levels = inv.investment_by_funding_level(tl)
    assert levels[["investment_naming_wan", "investment_sole_wan"]].isna().all().all()
    by_town = inv.investment_by_town(inv.allocate_investment_to_towns(tl), tl).set_index("town")
    assert by_town["total_wan"].isna().all()
    assert by_town.at[inv.DISTRICT_WIDE_BUCKET, "tasks_not_disclosed"] == 15
    assert by_town.at[inv.UNATTRIBUTED_BUCKET, "tasks_not_disclosed"] == 12


@pytest.fixture(scope="module")
def variant_lists(tmp_path_factory):
    paths = variants.write_variants(tmp_path_factory.mktemp("variants"))
    return {name: qp.load(paths[name]) for name in ("next_year", "rescoped", "undisclosed")}


def test_sensitivity_of_the_variants(variant_lists):
    # next_year: tasks 3 and 28 dropped, so task 4 is task 3 now, its 约68916 × 1.1 = 75807.6
    # (约 removed); its funding text and towns are unchanged, so the formula gives the same
    # proportions: 75807.6 × 20/55 = 27566.4 to 练塘镇 and 金泽镇.
    tl = variant_lists["next_year"]
    split = inv.formula_split(tl).set_index("town")
    assert split["task_id"].unique().tolist() == [3]
    assert split.loc["练塘镇", "allocated_wan"] == pytest.approx(68916 * 1.1 * 20 / 55)
    assert not split["allocated_wan_approx"].any()
    assert "funding-formula" in inv.allocation_scenarios(tl)
    # rescoped: task 4 names only 练塘镇 and 金泽镇 (both 青西, 1:1): the formula splits it
    # equally, like the default, and the row is still shown; 赵巷徐泾片区 covers no named town.
    tl = variant_lists["rescoped"]
    split = inv.formula_split(tl).set_index("town")
    assert sorted(split.index) == ["练塘镇", "金泽镇"]
    assert split["share"].tolist() == pytest.approx([0.5, 0.5])
    scenarios = inv.allocation_scenarios(tl)
    assert "funding-formula" in scenarios and "area-split" not in scenarios
    # undisclosed: nothing to attribute, so no alternative
    scenarios = inv.allocation_scenarios(variant_lists["undisclosed"])
    assert list(scenarios) == ["default"] and scenarios["default"].empty
    table = inv.allocation_sensitivity(scenarios, 0.0)
    assert table["top_town"].isna().all() and table["towns_wan"].tolist() == [0.0]


# ---- small made-up tables ---------------------------------------------------------------

def _toy_reference():
    """The bundled reference tables, with the made-up towns of :func:`_toy` (甲镇 alias 甲…)."""
    from qpanalysis.ingest.reference import load_reference

    bundled = load_reference()
    towns = pd.DataFrame({"town": ["甲镇", "乙镇", "丙镇"], "town_en": ["A", "B", "C"], "aliases": ["甲", "乙", "丙"],
                          "in_district": [True] * 3, "type": ["镇"] * 3, "area": ["东"] * 3})
    return replace(bundled, towns=towns)


def _toy():
    tasks = pd.DataFrame({
        "task_id": [1, 2, 3, 4, 5, 6, 7],
        "investment_wan": [100.0, 90.0, 60.0, 10.0, 5.0, None, 30.0],
        "investment_is_approx": [False, True, False, False, False, False, False],
    })
    towns = pd.DataFrame({
        "task_id": [1, 1, 2, 2, 2, 3, 4, 5, 6, 7, 7],
        "town": ["甲镇", "乙镇", "甲镇", "乙镇", "丙镇", "甲镇", None, "甲镇", "乙镇", "甲镇", "乙镇"],
        "basis": ["explicit", "explicit", "explicit", "explicit", "explicit", "explicit", "unspecified",
                  "district-wide", "explicit", "from-breakdown", "from-breakdown"],
    })
    # task 1: 甲 3, 乙 1 → 75 / 25; task 7: second metric only, first is 甲 1 乙 2 → 10 / 20;
    # a stated total (town None) never drives a split
    quantities = pd.DataFrame({
        "task_id": [1, 1, 1, 7, 7, 7, 7],
        "metric": ["站点", "站点", "站点", "停车场", "停车场", "公厕", "公厕"],
        "unit": ["个"] * 7,
        "town": ["甲镇", "乙镇", None, "甲镇", "乙镇", "甲镇", "乙镇"],
        "quantity": [3.0, 1.0, 4.0, 1.0, 2.0, 5.0, 5.0],
    })
    return tasks, towns, quantities


def test_allocation_on_made_up_tables():
    tasks, towns, quantities = _toy()
    alloc = inv.allocate_investment_to_towns(tasks, towns, quantities)
    got = {(r.task_id, r.town): (r.rule, r.allocated_wan) for r in alloc.itertuples()}
    assert got == {
        (1, "甲镇"): ("proportional", pytest.approx(75.0)),
        (1, "乙镇"): ("proportional", pytest.approx(25.0)),
        (2, "甲镇"): ("equal-split", pytest.approx(30.0)),
        (2, "乙镇"): ("equal-split", pytest.approx(30.0)),
        (2, "丙镇"): ("equal-split", pytest.approx(30.0)),
        (3, "甲镇"): ("single-town", pytest.approx(60.0)),
        (4, inv.UNATTRIBUTED_BUCKET): ("unattributed", pytest.approx(10.0)),
        (5, inv.DISTRICT_WIDE_BUCKET): ("district-wide", pytest.approx(5.0)),
        (7, "甲镇"): ("proportional", pytest.approx(10.0)),
        (7, "乙镇"): ("proportional", pytest.approx(20.0)),
    }
    assert 6 not in set(alloc["task_id"])  # "/" is not allocated
    inv.sanity_check_allocation(alloc, tasks)
    by_town = inv.investment_by_town(alloc).set_index("town")
    assert by_town.at["甲镇", "total_wan"] == pytest.approx(75 + 30 + 60 + 10)


def test_breakdown_outside_named_towns_is_ignored():
    tasks = pd.DataFrame({"task_id": [1], "investment_wan": [40.0], "investment_is_approx": [False]})
    towns = pd.DataFrame({"task_id": [1, 1], "town": ["甲镇", "乙镇"], "basis": ["explicit", "explicit"]})
    quantities = pd.DataFrame({"task_id": [1], "metric": ["站点"], "unit": ["个"], "town": ["丙镇"],
                               "quantity": [7.0]})
    alloc = inv.allocate_investment_to_towns(tasks, towns, quantities)
    assert set(alloc["rule"]) == {"equal-split"}
    assert alloc["allocated_wan"].tolist() == [20.0, 20.0]


def test_mixed_basis_is_refused():
    tasks = pd.DataFrame({"task_id": [1], "investment_wan": [1.0], "investment_is_approx": [False]})
    towns = pd.DataFrame({"task_id": [1, 1], "town": ["甲镇", "乙镇"], "basis": ["explicit", "district-wide"]})
    quantities = pd.DataFrame(columns=["task_id", "metric", "unit", "town", "quantity"])
    with pytest.raises(ValueError, match="task 1: its towns disagree on the basis"):
        inv.allocate_investment_to_towns(tasks, towns, quantities)


def test_sanity_check_catches_errors():
    tasks, towns, quantities = _toy()
    alloc = inv.allocate_investment_to_towns(tasks, towns, quantities)
    with pytest.raises(ValueError, match="task 3: 66 万元 allocated, but the list states 60 万元"):
        broken = alloc.copy()
        broken.loc[broken["task_id"] == 3, "allocated_wan"] = 66.0
        inv.sanity_check_allocation(broken, tasks)
    with pytest.raises(ValueError, match=r"tasks \[2\] have a disclosed amount but no allocation row"):
        inv.sanity_check_allocation(alloc[alloc["task_id"] != 2], tasks)


@settings(max_examples=60, deadline=None)
@given(
    amounts=st.lists(st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)), min_size=1, max_size=8),
    n_towns=st.lists(st.integers(0, 4), min_size=8, max_size=8),
    weights=st.lists(st.integers(0, 9), min_size=32, max_size=32),
)
def test_allocation_always_adds_up(amounts, n_towns, weights):
    """Whatever the towns and breakdowns, allocated amounts sum to each disclosed amount."""
    names = ["甲镇", "乙镇", "丙镇", "丁镇"]
    tasks = pd.DataFrame({"task_id": range(1, len(amounts) + 1),
                          "investment_wan": [math.nan if a is None else a for a in amounts],
                          "investment_is_approx": False})
    town_rows, quantity_rows = [], []
    for task_id in tasks["task_id"]:
        k = n_towns[task_id - 1]
        for j in range(k):
            town_rows.append({"task_id": task_id, "town": names[j], "basis": "explicit"})
            quantity_rows.append({"task_id": task_id, "metric": "m", "unit": "个", "town": names[j],
                                  "quantity": float(weights[(task_id - 1) * 4 + j])})
        if k == 0:
            town_rows.append({"task_id": task_id, "town": None, "basis": "unspecified"})
    towns = pd.DataFrame(town_rows)
    quantities = pd.DataFrame(quantity_rows, columns=["task_id", "metric", "unit", "town", "quantity"])
    alloc = inv.allocate_investment_to_towns(tasks, towns, quantities)
    inv.sanity_check_allocation(alloc, tasks)
    assert inv.investment_by_town(alloc)["total_wan"].sum() == pytest.approx(
        tasks["investment_wan"].sum(), rel=1e-9, abs=1e-6)


def test_disclosure_on_made_up_tables():
    tasks, _, _ = _toy()
    table = inv.investment_disclosure(tasks).set_index("status")
    assert table["tasks"].to_dict() == {"exact": 5, "approximate": 1, "not-disclosed": 1}
    assert table.at["exact", "investment_wan"] == 100 + 60 + 10 + 5 + 30


# ---- charts -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_render_without_missing_glyphs(tl, allocation, lang, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qpanalysis.charts import style as figures
    from qpanalysis.charts import investment as ch

    figures.use_style(lang)
    sections = inv.investment_by_section(tl)
    built = {
        "section": (ch.plot_investment_by_section(sections, lang), sections),
        "department": (ch.plot_investment_by_department(inv.investment_by_department(tl), lang), sections),
        "pareto": (ch.plot_pareto(inv.largest_tasks(tl), lang), sections),
        "town": (ch.plot_investment_by_town(inv.investment_by_town(allocation), lang), sections),
        "disclosure": (ch.plot_disclosure_by_section(sections, lang), sections),
    }
    try:
        for name, (fig, data) in built.items():
            assert fig.axes[0].get_title(loc="left") or fig.get_suptitle(), name
            paths = figures.save_figure(fig, f"inv_{name}", data, output_dir=tmp_path, formats=("png",))
            assert paths["png"].stat().st_size > 0
        pareto = built["pareto"][0]
        ticks = [t.get_text() for t in pareto.axes[0].get_xticklabels()]
        assert ticks[0].startswith("3\n")
        if lang == "en":
            assert "Comprehensive land consolidation" in ticks[0].replace("\n", " ")
        # the department chart leaves out the departments with nothing disclosed
        assert len(built["department"][0].axes[0].patches) == 6
        # ≈ marks what includes an approximate amount: tasks 4 (约68916) and 6 (约2808), so
        # section 2 (71724), and 金泽镇 (305845.4 with task 4's 17229); a note says what ≈
        # and 总投资 mean under every figure of amounts
        values = [t.get_text() for t in pareto.axes[0].texts]
        assert "≈68,916" in values and "≈2,808" in values and "278,138" in values
        assert any(t.get_text().startswith("≈71,724") for t in built["section"][0].axes[0].texts)
        assert "≈305,845" in [t.get_text() for t in built["town"][0].axes[0].texts]
        for name, (fig, _) in built.items():
            if name != "disclosure":
                notes = " ".join(t.get_text() for t in fig.texts)
                assert ("项目总投资" in notes and "约数" in notes) or ("total project investment" in notes.replace("\n", " ")), name
    finally:
        plt.close("all")


def test_chart_rejects_unknown_language(tl):
    from qpanalysis.charts import investment as ch

    with pytest.raises(ValueError, match="lang must be one of .*not 'fr'"):
        ch.plot_disclosure_by_section(inv.investment_by_section(tl), "fr")
