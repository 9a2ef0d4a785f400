"""Tests for qpanalysis.analysis.sensitivity: the town allocation under each alternative rule."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from qpanalysis.analysis import allocation as al
from qpanalysis.analysis import sensitivity as sens
from qpanalysis.codes import TownBucket
from tests.analysis.test_investment import DISCLOSED_TOTAL  # worked out there from the raw list
from tests.analysis.toy import toy_reference, toy_tables


@pytest.fixture(scope="module")
def variant_lists(loaded):
    return {name: loaded[name] for name in ("next_year", "rescoped", "undisclosed")}


def test_formula_split_of_the_bundled_list(tl, allocation):
    split = sens.formula_split(tl, allocation).set_index("town")
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
    scenarios = sens.allocation_scenarios(tl)
    assert list(scenarios) == ["default", "funding-formula", "area-split", "no-equal-split", "district-spread"]
    totals = {name: a.groupby("town")["allocated_wan"].sum() for name, a in scenarios.items()}
    for name, allocation in scenarios.items():
        al.sanity_check_allocation(allocation, tl)
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
    assert totals["no-equal-split"][TownBucket.UNSPECIFIED] == pytest.approx(71933.7)
    assert "赵巷镇" not in totals["no-equal-split"].index
    # district-wide tasks 14 (13) and 36 (240): 253 / 11 = 23 to each of the 11 towns
    assert totals["district-spread"]["华新镇"] == pytest.approx(23)
    assert totals["district-spread"]["金泽镇"] == pytest.approx(305845.4 + 23)
    assert TownBucket.DISTRICT_WIDE not in totals["district-spread"].index


def test_allocation_sensitivity_of_the_bundled_list(tl):
    table = sens.allocation_sensitivity(sens.allocation_scenarios(tl), DISCLOSED_TOTAL).set_index("scenario")
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
    table = sens.town_sensitivity(sens.allocation_scenarios(tl)).set_index("town")
    # every column adds up to the disclosed total; towns first by default amount, buckets last
    for scenario in ("default", "funding-formula", "area-split", "no-equal-split", "district-spread"):
        assert table[scenario].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table.index[0] == "金泽镇" and table.index[-2:].tolist() == [TownBucket.DISTRICT_WIDE, TownBucket.UNSPECIFIED]
    # 练塘镇: 17229 + 23.23 + 415.07 by default; 25060.36 + 23.23 + 415.07 by formula
    assert table.loc["练塘镇", "funding-formula"] == pytest.approx(68916 * 20 / 55 + 69.7 / 3 + 415.07)
    assert table.loc["练塘镇", "funding-formula_approx"] and not table.loc["练塘镇", "no-equal-split_approx"]
    # 华新镇 gets money only when district-wide amounts are spread
    # (253 / 11 = 23): under the other rules no disclosed amount reaches it, an empty cell, not 0
    assert math.isnan(table.loc["华新镇", "default"]) and table.loc["华新镇", "district-spread"] == pytest.approx(23)
    assert math.isnan(table.loc["徐泾镇", "no-equal-split"])  # its only amount is task 4's equal split
    assert not (table[["default", "funding-formula", "area-split", "no-equal-split", "district-spread"]] == 0).any().any()


def test_scenarios_of_made_up_tables():
    tasks, towns, quantities = toy_tables()
    tasks = tasks.assign(funding_source=["/"] * 7, scale=["/"] * 7, content=["/"] * 7)
    scenarios = sens.allocation_scenarios(SimpleNamespace(tasks=tasks, towns=towns, quantities=quantities))
    # no funding formula and no area: only the default, no equal split (task 2) and the spread
    # of task 5 over the district's 11 towns
    assert list(scenarios) == ["default", "no-equal-split", "district-spread"]
    # task 2 names 甲镇、乙镇、丙镇 in an area text: the area split appears
    grouped = tasks.assign(scale=["/", "甲乙片区、丙片区", "/", "/", "/", "/", "/"])
    reference = toy_reference()
    scenarios = sens.allocation_scenarios(SimpleNamespace(tasks=grouped, towns=towns, quantities=quantities), reference)
    area = scenarios["area-split"].set_index(["task_id", "town"])["allocated_wan"]
    assert area[(2, "甲镇")] == pytest.approx(90 / 2 / 2) and area[(2, "丙镇")] == pytest.approx(45)


def test_sensitivity_of_the_variants(variant_lists):
    # next_year: tasks 3 and 28 dropped, so task 4 is task 3 now, its 约68916 × 1.1 = 75807.6
    # (约 removed); its funding text and towns are unchanged, so the formula gives the same
    # proportions: 75807.6 × 20/55 = 27566.4 to 练塘镇 and 金泽镇.
    tl = variant_lists["next_year"]
    split = sens.formula_split(tl).set_index("town")
    assert split["task_id"].unique().tolist() == [3]
    assert split.loc["练塘镇", "allocated_wan"] == pytest.approx(68916 * 1.1 * 20 / 55)
    assert not split["allocated_wan_approx"].any()
    assert "funding-formula" in sens.allocation_scenarios(tl)
    # rescoped: task 4 names only 练塘镇 and 金泽镇 (both 青西, 1:1): the formula splits it
    # equally, like the default, and the row is still shown; 赵巷徐泾片区 covers no named town.
    tl = variant_lists["rescoped"]
    split = sens.formula_split(tl).set_index("town")
    assert sorted(split.index) == ["练塘镇", "金泽镇"]
    assert split["share"].tolist() == pytest.approx([0.5, 0.5])
    scenarios = sens.allocation_scenarios(tl)
    assert "funding-formula" in scenarios and "area-split" not in scenarios
    # undisclosed: nothing to attribute, so no alternative
    scenarios = sens.allocation_scenarios(variant_lists["undisclosed"])
    assert list(scenarios) == ["default"] and scenarios["default"].empty
    table = sens.allocation_sensitivity(scenarios, 0.0)
    assert table["top_town"].isna().all() and table["towns_wan"].tolist() == [0.0]
