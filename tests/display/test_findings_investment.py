"""The investment report's findings (display/findings/investment.py): the facts they state, worked out by hand, shown in both languages; each variant's own.

Each test of the bundled list checks the fact objects of qpanalysis.analysis against the
figures worked out from data/raw/…txt (the arithmetic is in the comments), then that the
findings state those figures, in each language; a few whole sentences are kept as
snapshots of the wording.
"""

from __future__ import annotations

import math
import re

import pytest

from qpanalysis.analysis import allocation as al
from qpanalysis.analysis import investment as inv
from qpanalysis.analysis import sensitivity as sens
from qpanalysis.display.findings import investment, workload
from tests import variants
from tests.display.findings_helpers import LANGS, amount, amounts, cached, figures, formatted, task_rows

# The words of the three-quarters and half claims, in each language.
THREE_QUARTERS = {"zh": "四分之三", "en": "three quarters"}
HALF = {"zh": "一半以上", "en": "more than half"}


def _found(tl, lang: str) -> dict[str, str]:
    return cached(investment.investment_findings, tl, lang)


def test_disclosed_total_of_the_bundled_list(bundled):
    # Amounts stated: task 3 278138, 4 约68916, 6 约2808, 11 69.7, 14 13, 17 140, 27 10478.4,
    # 28 830.14, 36 240: 9 tasks, 41 − 9 = 32 "/". Sum 278138 + 68916 + 2808 + 69.7 + 13 + 140
    # + 10478.4 + 830.14 + 240 = 361,633.24 万元 = 36.16 亿元 = 3.62 billion yuan.
    # Approximate: 68916 + 2808 = 71,724 (19.8%); exact 361633.24 − 71724 = 289,909.24 (80.2%).
    assert inv.disclosed_total(bundled) == pytest.approx(361_633.24)
    disclosure = inv.investment_disclosure(bundled).set_index("status")
    assert disclosure["tasks"].to_dict() == {"exact": 7, "approximate": 2, "not-disclosed": 32}
    assert disclosure.at["exact", "investment_wan"] == pytest.approx(289_909.24)
    assert disclosure.at["approximate", "investment_wan"] == pytest.approx(71_724)
    assert disclosure.at["approximate", "share_of_disclosed"] == pytest.approx(71_724 / 361_633.24)
    zh, en = _found(bundled, "zh")["total"], _found(bundled, "en")["total"]
    stated = {"361,633.24", "9", "32", "41", "7", "289,909.24", "80.2%", "2", "71,724", "19.8%"}
    assert stated | {"36.16"} <= figures(zh) and stated | {"3.62"} <= figures(en)
    # snapshot of the wording
    assert zh.startswith("- 已披露总投资361,633.24万元（36.16亿元），来自9项披露金额的任务；32项任务未披露金额")


def test_largest_task_and_the_three_quarters_claim_on_the_bundled_list(bundled):
    # Task 3: 278138 / 361633.24 = 0.7691 → 76.9% > 75%; tasks 3 + 4: (278138 + 68916) /
    # 361633.24 = 347054 / 361633.24 = 0.9597 → 96.0%.
    largest = inv.largest_tasks(bundled)
    assert largest["task_id"].tolist()[:2] == [3, 4]
    assert largest["share"].iloc[0] == pytest.approx(278_138 / 361_633.24)
    assert largest["cumulative_share"].iloc[1] == pytest.approx(347_054 / 361_633.24)
    for lang in LANGS:
        text = _found(bundled, lang)["largest"]
        assert {"3", "278,138", "76.9%", "4", "96.0%"} <= figures(text), lang
        assert THREE_QUARTERS[lang] in text and HALF[lang] not in text, lang
    # snapshot of the wording
    assert _found(bundled, "en")["largest"].startswith(
        "- **Task 3 “Comprehensive land consolidation” (推进全域土地综合整治) alone is more than three quarters")


def test_sections_departments_and_funding_of_the_bundled_list(bundled):
    # Section 4 is tasks 18–22 and section 6 tasks 32–35: every 总投资 is "/".
    # Lead department of task 3 is 区规划资源局; it leads no other task with an amount.
    # Funding levels named by the disclosing tasks: 3 市区镇 (3 levels × 278138 = 834414),
    # 4 市级/区级/镇级 (3 × 68916 = 206748), 6 中央/市级 (2 × 2808 = 5616), 11 街镇自筹 (town +
    # self-raised: 2 × 69.7 = 139.4), 14 区级 (13), 17 市级/区级 (2 × 140 = 280), 27 市水利/区镇
    # (3 × 10478.4 = 31435.2), 28 市、区 (2 × 830.14 = 1660.28), 36 中央 (240): sum 1,080,545.88,
    # = 2.99 × 361633.24; 7 tasks name more than one level (all but 14 and 36).
    by_section = inv.investment_by_section(bundled)
    assert by_section.loc[by_section["tasks_disclosed"] == 0, "section_no"].tolist() == [4, 6]
    top = inv.investment_by_department(bundled).iloc[0]
    assert (top["department"], top["investment_wan"], top["tasks_disclosed"]) == ("区规划资源局", 278_138, 1)
    overlap = inv.funding_overlap(bundled)
    assert overlap["sum_over_levels_wan"] == pytest.approx(1_080_545.88)
    assert overlap["disclosed_tasks_multi_level"] == 7
    assert overlap["overlap_factor"] == pytest.approx(1_080_545.88 / 361_633.24)  # 2.99
    zh, en = _found(bundled, "zh"), _found(bundled, "en")
    assert "第四板块" in zh["sections"] and "第六板块" in zh["sections"]
    assert "section 4" in en["sections"] and "section 6" in en["sections"]
    assert "区规划资源局" in zh["departments"] and "Planning and Natural Resources Bureau" in en["departments"]
    for found in (zh, en):
        assert {"278,138", "76.9%", "3"} <= figures(found["departments"])
        assert {"1,080,545.88", "2.99", "7"} <= figures(found["funding"])


def test_town_attribution_of_the_bundled_list(bundled):
    # To towns: 3 → 金泽镇 278138; 4 → 4 towns equally, 68916 / 4 = 17229 each; 11 → 3 towns
    # equally, 69.7 / 3 = 23.23; 27 → 金泽镇 10478.4; 28 → 练塘镇 and 夏阳街道 by its breakdown
    # (1 : 1, 415.07 each). Sum 278138 + 68916 + 69.7 + 10478.4 + 830.14 = 358,432.24 (99.1%);
    # equal splits 68916 + 69.7 = 68,985.7. District-wide: 14 + 36 = 13 + 240 = 253. Unattributed
    # (相关街镇 without breakdown): 6 + 17 = 2808 + 140 = 2,948. 金泽镇: 278138 + 17229 + 10478.4 =
    # 305,845.4 (84.6%). Equal splits make 17229 + 23.23 = 17,252.23 of 练塘镇's 17,667.30
    # (+ 415.07): 97.7%; all of 徐泾镇's and 赵巷镇's 17229 and of 白鹤镇's and 重固镇's 23.23;
    # 5.6% of 金泽镇's; none of 夏阳街道's. Amounts that include part of 约68916 (task 4) or
    # 约2808 (task 6) are approximate; 253 is not.
    by_town = al.investment_by_town(al.allocate_investment_to_towns(bundled)).set_index("town")
    totals = by_town["total_wan"]
    towns = totals.drop(["全区", "未指明"])
    assert towns.sum() == pytest.approx(358_432.24)
    assert by_town["equal-split"].sum() == pytest.approx(68_985.7)
    assert (totals["全区"], totals["未指明"]) == (pytest.approx(253), pytest.approx(2_948))
    assert towns.idxmax() == "金泽镇" and towns["金泽镇"] == pytest.approx(305_845.4)
    assert by_town.loc[["金泽镇", "未指明"], "total_wan_approx"].all() and not by_town.at["全区", "total_wan_approx"]
    from_equal = (by_town["equal-split"].fillna(0) / totals).drop(["全区", "未指明"])
    assert sorted(from_equal[from_equal >= 0.9].index) == sorted(["练塘镇", "徐泾镇", "赵巷镇", "白鹤镇", "重固镇"])
    assert from_equal["练塘镇"] == pytest.approx(17_252.233 / 17_667.303, abs=1e-4)
    for lang in LANGS:
        text = _found(bundled, lang)["towns"]
        assert {"358,432.24", "99.1%", "68,985.7", "253", "2,948", "305,845.4", "84.6%", "17,229", "23.23"} \
            <= figures(text), lang
    # snapshot of the wording: the towns resting on the assumption, and the amounts said to be approximate
    zh = _found(bundled, "zh")["towns"]
    assert "练塘镇、徐泾镇、赵巷镇、白鹤镇、重固镇的金额有九成以上来自平均分摊（任务4、11）" in zh
    assert "约2,948万元" in zh and "约253" not in zh


def test_funding_formula_and_sensitivity_of_the_bundled_list(bundled):
    # Task 4's 资金来源: 市级财政10000万元/试点; 青西三镇加白鹤 1:1, 青东四镇 1:0.5. Its 建设规模
    # names 练塘片区、赵巷徐泾片区、金泽片区: 20,000 + 15,000 + 20,000 = 55,000. 约68916 × 20/55 =
    # 25,060.36 (练塘镇, 金泽镇); × 7.5/55 = 9,397.64 (赵巷镇, 徐泾镇).
    split = sens.formula_split(bundled).set_index("town")
    assert split["area_weight_wan"].to_dict() == {"练塘镇": 20_000, "赵巷镇": 15_000, "徐泾镇": 15_000, "金泽镇": 20_000}
    assert split["allocated_wan"].to_dict() == pytest.approx(
        {"练塘镇": 68_916 * 20 / 55, "赵巷镇": 68_916 * 7.5 / 55, "徐泾镇": 68_916 * 7.5 / 55, "金泽镇": 68_916 * 20 / 55})
    # 金泽镇 has the most under every rule: without equal splits 278138 + 10478.4 = 288,616.4
    # (79.8%, exact); by the formula 288616.4 + 25060.36 = 313,676.76 (86.7%). Assumed shares:
    # none without equal splits; (68985.7 + 253) / 361633.24 = 19.1% with district-wide spread.
    # 练塘镇 swings most: 415.07 (its breakdown share of task 28 only) to 25,060.36 + 23.23 +
    # 415.07 = 25,498.67 by the formula, 25,083.60 apart (金泽镇: 313676.76 − 288616.4 = 25,060.36).
    scenarios = sens.allocation_scenarios(bundled)
    table = sens.allocation_sensitivity(scenarios, 361_633.24).set_index("scenario")
    assert set(table["top_town"]) == {"金泽镇"} and len(table) == 5
    assert table.at["no-equal-split", "top_town_wan"] == pytest.approx(288_616.4)
    assert table.at["funding-formula", "top_town_wan"] == pytest.approx(313_676.76, abs=0.01)
    assert table.at["no-equal-split", "assumed_share"] == 0
    assert table.at["district-spread", "assumed_share"] == pytest.approx(69_238.7 / 361_633.24)
    towns = sens.town_sensitivity(scenarios).set_index("town").drop(["全区", "未指明"])[list(scenarios)].fillna(0)
    swing = towns.max(axis=1) - towns.min(axis=1)
    assert swing.idxmax() == "练塘镇" and swing["练塘镇"] == pytest.approx(25_083.60, abs=0.01)
    for lang in LANGS:
        found = _found(bundled, lang)
        assert {"10,000", "20,000", "15,000", "55,000", "68,916", "25,060.36", "9,397.64", "1:1", "1:0.5"} \
            <= figures(found["formula"]) | set(re.findall(r"1:\d+(?:\.\d+)?", found["formula"])), lang
        assert {"5", "288,616.4", "79.8%", "313,676.76", "86.7%", "0.0%", "19.1%", "415.07", "25,498.67"} \
            <= figures(found["sensitivity"]), lang
    # snapshot of the wording
    assert "对规则最敏感的是练塘镇：415.07万元" in _found(bundled, "zh")["sensitivity"]
    assert "states 10,000 × 10,000 yuan per pilot area (试点)" in _found(bundled, "en")["formula"]


@pytest.mark.parametrize("name", list(variants.VARIANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_variant_names_its_own_largest_task_and_claims_only_what_holds(variant_paths, loaded, name, lang):
    path, tl = variant_paths[name], loaded[name]
    money = amounts(path)  # read from the variant's text, not with the loader
    largest = _found(tl, lang)["largest"]
    if not money:
        assert "%" not in largest and THREE_QUARTERS[lang] not in largest
        return
    top_id = max(money, key=money.get)
    top_name = next(r["任务名称"] for r in task_rows(path) if int(r["序号"]) == top_id)
    share = money[top_id] / sum(money.values())
    assert inv.largest_tasks(tl)["task_id"].iloc[0] == top_id
    assert top_name in largest and str(top_id) in figures(largest)
    assert (THREE_QUARTERS[lang] in largest) == (share > 0.75 and len(money) > 1)
    assert (HALF[lang] in largest) == (0.5 < share <= 0.75 and len(money) > 1)
    if len(money) > 1:
        assert f"{share:.1%}" in largest


@pytest.mark.parametrize("lang", LANGS)
def test_next_year_has_no_approximate_amounts(variant_paths, loaded, lang):
    assert not any(r["总投资(万元)"].startswith("约") for r in task_rows(variant_paths["next_year"]))
    assert inv.investment_disclosure(loaded["next_year"]).set_index("status").at["approximate", "tasks"] == 0
    total = _found(loaded["next_year"], lang)["total"]
    assert {"zh": "所有披露的金额都是确数", "en": "Every disclosed amount is exact"}[lang] in total


@pytest.mark.parametrize("name", ["next_year", "rescoped"])
def test_variant_states_its_own_funding_formula_split(variant_paths, loaded, name):
    # The harmonious-villages task keeps its funding text in both variants. next_year: it is
    # task 3 now (tasks 3 and 28 dropped), 68916 × 1.1 = 75,807.6, no 约; × 20/55 = 27,566.4.
    # rescoped: its scope is 练塘镇、金泽镇 (both 1:1), so each gets half of 约68916 = 34,458.
    row = next(r for r in task_rows(variant_paths[name]) if r["任务名称"] == "推进宜居宜业和美乡村片区建设")
    money = amount(row)
    split = sens.formula_split(loaded[name]).set_index("town")["allocated_wan"]
    expected = ({"练塘镇": money * 20 / 55, "赵巷镇": money * 7.5 / 55, "徐泾镇": money * 7.5 / 55, "金泽镇": money * 20 / 55}
                if name == "next_year" else {"练塘镇": money / 2, "金泽镇": money / 2})
    assert split.to_dict() == pytest.approx(expected)
    formula = _found(loaded[name], "zh")["formula"]
    assert f"任务{row['序号']}（推进宜居宜业和美乡村片区建设）" in formula
    assert {formatted(v) for v in expected.values()} <= figures(formula)
    assert ("约" in formula.split("按此比例分摊")[-1]) == (name == "rescoped")  # only 约68916 is approximate


@pytest.mark.parametrize("lang", LANGS)
def test_undisclosed_states_no_amount(loaded, lang):
    assert math.isnan(inv.disclosed_total(loaded["undisclosed"]))  # unknown, not 0
    for text in _found(loaded["undisclosed"], lang).values():
        assert not re.search(r"\d[\d,.]* (× 10,000 yuan|万元)|万元", text)
        assert "%" not in text
    assert "万元" not in cached(workload.workload_findings, loaded["undisclosed"], "zh")["investment"]
