"""The investment report's findings (display/findings/investment.py): the bundled list's hand-worked figures and each variant's own."""

from __future__ import annotations

import re

import pytest

from qpanalysis.display.findings import investment, workload
from tests import variants
from tests.display.findings_helpers import LANGS, amount, amounts, formatted, task_rows


def _t(lang, zh, en):
    return zh if lang == "zh" else en


def test_disclosed_total_of_the_bundled_list(bundled):
    # Amounts stated: task 3 278138, 4 约68916, 6 约2808, 11 69.7, 14 13, 17 140, 27 10478.4,
    # 28 830.14, 36 240: 9 tasks, 41 − 9 = 32 "/". Sum 278138 + 68916 + 2808 + 69.7 + 13 + 140
    # + 10478.4 + 830.14 + 240 = 361,633.24 万元 = 36.16 亿元 = 3.62 billion yuan.
    # Approximate: 68916 + 2808 = 71,724 (19.8%); exact 361633.24 − 71724 = 289,909.24 (80.2%).
    zh = investment.investment_findings(bundled, "zh")["total"]
    assert "已披露总投资361,633.24万元（36.16亿元），来自9项披露金额的任务；32项任务未披露金额" in zh
    assert "确数7项，289,909.24万元（80.2%）" in zh and "约数（原文带“约”）2项（任务4、6），71,724万元（19.8%）" in zh
    en = investment.investment_findings(bundled, "en")["total"]
    assert "361,633.24 × 10,000 yuan (3.62 billion yuan), from the 9 tasks that state an amount" in en


def test_largest_task_and_the_three_quarters_claim_on_the_bundled_list(bundled):
    # Task 3: 278138 / 361633.24 = 0.7691 → 76.9% > 75%; tasks 3 + 4: (278138 + 68916) /
    # 361633.24 = 347054 / 361633.24 = 0.9597 → 96.0%.
    zh = investment.investment_findings(bundled, "zh")["largest"]
    assert "**任务3（推进全域土地综合整治）一项即占已披露总额的四分之三以上**（278,138万元，76.9%）" in zh
    assert "任务3、4合计占96.0%" in zh
    en = investment.investment_findings(bundled, "en")["largest"]
    assert "alone is more than three quarters of the disclosed total** (278,138 × 10,000 yuan, 76.9%)" in en
    assert en.startswith("- **Task 3 “Comprehensive land consolidation” (推进全域土地综合整治)")


def test_sections_departments_and_funding_of_the_bundled_list(bundled):
    # Section 4 is tasks 18–22 and section 6 tasks 32–35: every 总投资 is "/".
    # Lead department of task 3 is 区规划资源局; it leads no other task with an amount.
    # Funding levels named by the disclosing tasks: 3 市区镇 (3 levels × 278138 = 834414),
    # 4 市级/区级/镇级 (3 × 68916 = 206748), 6 中央/市级 (2 × 2808 = 5616), 11 街镇自筹 (town +
    # self-raised: 2 × 69.7 = 139.4), 14 区级 (13), 17 市级/区级 (2 × 140 = 280), 27 市水利/区镇
    # (3 × 10478.4 = 31435.2), 28 市、区 (2 × 830.14 = 1660.28), 36 中央 (240): sum 1,080,545.88,
    # = 2.99 × 361633.24; 7 tasks name more than one level (all but 14 and 36).
    zh = investment.investment_findings(bundled, "zh")
    assert "第四板块（提高农村公共服务便利度）、第六板块（提升乡村产业发展水平）没有任何任务披露金额" in zh["sections"]
    assert "区规划资源局名下最多：278,138万元（76.9%）" in zh["departments"]
    assert "全部来自任务3（推进全域土地综合整治）" in zh["departments"]
    assert "各资金层级金额之和为1,080,545.88万元，是已披露总额的2.99倍：7项披露金额的任务列出多个层级" in zh["funding"]


def test_town_attribution_of_the_bundled_list(bundled):
    # To towns: 3 → 金泽镇 278138; 4 → 4 towns equally, 68916 / 4 = 17229 each; 11 → 3 towns
    # equally, 69.7 / 3 = 23.23; 27 → 金泽镇 10478.4; 28 → 练塘镇 and 夏阳街道 by its breakdown
    # (1 : 1). Sum 278138 + 68916 + 69.7 + 10478.4 + 830.14 = 358,432.24 (99.1%); equal splits
    # 68916 + 69.7 = 68,985.7. District-wide: 14 + 36 = 13 + 240 = 253. Unattributed (相关街镇
    # without breakdown): 6 + 17 = 2808 + 140 = 2,948. 金泽镇: 278138 + 17229 + 10478.4 = 305,845.4
    # (84.6%). 练塘镇: 17229 + 23.23 of 17229 + 23.23 + 415.07 ≥ 90% from equal splits.
    # Amounts that include part of 约68916 (task 4) or 约2808 (task 6) say 约; 253 does not.
    zh = investment.investment_findings(bundled, "zh")["towns"]
    assert "可归属到街镇的金额约358,432.24万元（占已披露总额的99.1%），其中平均分摊（假设）约68,985.7万元" in zh
    assert "全区任务不分摊的253万元；未指明街镇的约2,948万元" in zh
    assert "金泽镇最多：约305,845.4万元（84.6%），其中平均分摊约17,229万元" in zh
    assert "平均分给4个街镇，各约17,229万元" in zh and "平均分给3个街镇，各23.23万元" in zh
    assert "练塘镇、徐泾镇、赵巷镇、白鹤镇、重固镇的金额有九成以上来自平均分摊（任务4、11）" in zh


def test_funding_formula_and_sensitivity_of_the_bundled_list(bundled):
    # Task 4's 资金来源: 市级财政10000万元/试点; 青西三镇加白鹤 1:1, 青东四镇 1:0.5. Its 建设规模
    # names 练塘片区、赵巷徐泾片区、金泽片区: 20,000 + 15,000 + 20,000 = 55,000. 约68916 × 20/55 =
    # 25,060.36 (练塘镇, 金泽镇); × 7.5/55 = 9,397.64 (赵巷镇, 徐泾镇).
    zh = investment.investment_findings(bundled, "zh")
    assert "任务4（推进宜居宜业和美乡村片区建设）的资金来源写明每个试点10,000万元" in zh["formula"]
    assert "朱家角镇、练塘镇、金泽镇、白鹤镇按1:1配套；赵巷镇、徐泾镇、华新镇、重固镇按1:0.5配套" in zh["formula"]
    assert "练塘片区20,000、赵巷徐泾片区15,000、金泽片区20,000（万元，合计55,000）" in zh["formula"]
    assert "练塘镇约25,060.36万元、赵巷镇约9,397.64万元、徐泾镇约9,397.64万元、金泽镇约25,060.36万元" in zh["formula"]
    # 金泽镇 has the most under every rule: without equal splits 278138 + 10478.4 = 288,616.4
    # (79.8%, exact); by the formula 288616.4 + 25060.36 = 313,676.76 (86.7%). Assumed shares:
    # none without equal splits; (68985.7 + 253) / 361633.24 = 19.1% with district-wide spread.
    # 练塘镇 swings most: 415.07 (its breakdown share of task 28 only) to 25,060.36 + 23.23 +
    # 415.07 = 25,498.67 by the formula.
    assert "共比较5种归属规则" in zh["sensitivity"]
    assert ("各规则下金额最多的街镇都是金泽镇：从288,616.4万元（“不作平均分摊（计为未指明街镇）”，79.8%）"
            "到约313,676.76万元（“按资金来源公式分摊”，86.7%）") in zh["sensitivity"]
    assert "按假设归属到街镇的金额占已披露总额的0.0%" in zh["sensitivity"]
    assert "对规则最敏感的是练塘镇：415.07万元" in zh["sensitivity"] and "约25,498.67万元" in zh["sensitivity"]
    en = investment.investment_findings(bundled, "en")
    assert "states 10,000 × 10,000 yuan per pilot area (试点)" in en["formula"]
    assert "Zhaoxiang Town and Xujing Town (赵巷徐泾片区) 15,000" in en["formula"]


@pytest.mark.parametrize("name", list(variants.VARIANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_variant_names_its_own_largest_task_and_claims_only_what_holds(variant_paths, loaded, name, lang):
    path, tl = variant_paths[name], loaded[name]
    money = amounts(path)
    largest = investment.investment_findings(tl, lang)["largest"]
    if not money:
        assert "%" not in largest and "四分之三" not in largest and "three quarters" not in largest
        return
    top_id = max(money, key=money.get)
    top_name = next(r["任务名称"] for r in task_rows(path) if int(r["序号"]) == top_id)
    share = money[top_id] / sum(money.values())
    assert top_name in largest and _t(lang, f"任务{top_id}（", f"ask {top_id} “") in largest
    assert (("四分之三" in largest) or ("three quarters" in largest)) == (share > 0.75 and len(money) > 1)
    assert (("一半以上" in largest) or ("more than half" in largest)) == (0.5 < share <= 0.75 and len(money) > 1)
    if len(money) > 1:
        assert f"{share:.1%}" in largest


@pytest.mark.parametrize("lang", LANGS)
def test_next_year_has_no_approximate_amounts(variant_paths, loaded, lang):
    assert not any(r["总投资(万元)"].startswith("约") for r in task_rows(variant_paths["next_year"]))
    total = investment.investment_findings(loaded["next_year"], lang)["total"]
    assert _t(lang, "所有披露的金额都是确数", "Every disclosed amount is exact") in total


@pytest.mark.parametrize("name", ["next_year", "rescoped"])
def test_variant_states_its_own_funding_formula_split(variant_paths, loaded, name):
    # The harmonious-villages task keeps its funding text in both variants. next_year: it is
    # task 3 now (tasks 3 and 28 dropped), 68916 × 1.1 = 75,807.6, no 约; × 20/55 = 27,566.4.
    # rescoped: its scope is 练塘镇、金泽镇 (both 1:1), so each gets half of 约68916 = 34,458.
    row = next(r for r in task_rows(variant_paths[name]) if r["任务名称"] == "推进宜居宜业和美乡村片区建设")
    money = amount(row)
    formula = investment.investment_findings(loaded[name], "zh")["formula"]
    assert f"任务{row['序号']}（推进宜居宜业和美乡村片区建设）的资金来源写明每个试点10,000万元" in formula
    if name == "next_year":
        assert formatted(money * 20 / 55) in formula and "约" not in formula.split("按此比例分摊")[1]
    else:
        assert f"练塘镇约{formatted(money / 2)}万元、金泽镇约{formatted(money / 2)}万元" in formula


@pytest.mark.parametrize("lang", LANGS)
def test_undisclosed_states_no_amount(loaded, lang):
    found = investment.investment_findings(loaded["undisclosed"], lang)
    for text in found.values():
        assert not re.search(r"\d[\d,.]* (× 10,000 yuan|万元)|万元", text)
        assert "%" not in text
    assert "万元" not in workload.workload_findings(loaded["undisclosed"], "zh")["investment"]
