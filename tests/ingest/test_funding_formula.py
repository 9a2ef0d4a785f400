"""Tests for qpanalysis.ingest.funding_formula: the funding formula and the areas a text states."""

from __future__ import annotations

import pytest

from qpanalysis.ingest.funding_formula import parse_areas, parse_funding_formula


# Task 4's 资金来源, as written in line 11 of the raw list.
TASK_4_FUNDING = ("市级财政10000万元/试点(分两年拨付)；区级财政按市级补助，区分青西三镇加白鹤和青东四镇，"
                  "分别以1:1和1:0.5配套，镇级财政根据实际情况配套。")


def test_funding_formula_of_task_4():
    formula = parse_funding_formula(TASK_4_FUNDING)
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
    assert parse_funding_formula(text) is None


def test_formula_wordings():
    # an amount before the area word, one ratio for every town
    found = parse_funding_formula("每个试点补助2000万元，区级按1:0.5比例配套")
    assert (found.per_area_wan, found.groups, found.default_ratio) == (2000, (), 0.5)
    # an amount per area and no matching: every area weighs the same
    found = parse_funding_formula("市级资金500万元/片区")
    assert found.weight(["金泽镇"]) == found.weight(["赵巷镇", "徐泾镇"]) == 500


def test_areas_of_task_4():
    # 建设规模 of task 4: 3个试点片区(练塘片区、赵巷徐泾片区、金泽片区); "3个试点片区" names no town
    areas = parse_areas("3个试点片区(练塘片区、赵巷徐泾片区、金泽片区)。", ["练塘镇", "赵巷镇", "徐泾镇", "金泽镇"])
    assert areas == (("练塘片区", ("练塘镇",)), ("赵巷徐泾片区", ("赵巷镇", "徐泾镇")), ("金泽片区", ("金泽镇",)))
    # only the task's own towns count: 赵巷徐泾片区 covers just 徐泾镇 for a task naming 徐泾镇 and 金泽镇
    assert parse_areas("练塘片区、赵巷徐泾片区、金泽片区", ["徐泾镇", "金泽镇"]) == (
        ("赵巷徐泾片区", ("徐泾镇",)), ("金泽片区", ("金泽镇",)))
