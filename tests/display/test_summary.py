"""The sentences of the reports: the bundled list's hand-worked figures, and each variant's own facts.

Figures of the bundled list are worked out by hand from data/raw/…txt (the arithmetic is
in the comments). Figures of the variants (tests/variants.py) are computed here from the
variant's text with a few lines of plain Python, never with the functions under test.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis.display.findings import coverage, identity, investment, quality, quarterly, words, workload
from tests import variants

LANGS = ("zh", "en")
QUARTERS = ("H1", "Q3", "Q4")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def texts(tl, lang: str) -> dict[str, str]:
    """Every generated text for a list, by function and section."""
    out = {"identity": identity.list_identity(tl, lang), "source_note": identity.source_note(tl, lang)}
    for name, func in [("investment", investment.investment_findings), ("workload", workload.workload_findings),
                       ("coverage", coverage.coverage_findings), ("quality", quality.quality_findings)]:
        out.update({f"{name}.{key}": value for key, value in func(tl, lang).items()})
    for quarter in QUARTERS:
        found = quarterly.quarterly_findings(tl, quarter, lang=lang)
        out.update({f"quarterly.{quarter}.{key}": value for key, value in found.items()})
    return out


def everything(tl, lang: str) -> str:
    return "\n".join(texts(tl, lang).values())


# ---------------------------------------------------------------------------------------
# Reading a variant's text independently of the loader


def task_rows(path) -> list[dict[str, str]]:
    """The task rows of a list file in the published layout, as header → cell."""
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        if cells[0].isdigit() and len(cells) == len(variants.HEADER):
            rows.append(dict(zip(variants.HEADER, cells)))
    return rows


def amount(row) -> float | None:
    raw = row["总投资(万元)"].strip()
    return None if raw == "/" else float(raw.removeprefix("约"))


def amounts(path) -> dict[int, float]:
    return {int(r["序号"]): amount(r) for r in task_rows(path) if amount(r) is not None}


def title_line(path) -> str:
    return next(line for line in path.read_text(encoding="utf-8").split("\n") if line.startswith("#")).lstrip("# ")


def formatted(value: float) -> str:
    """A number as a reader reads it: thousands separators, no trailing zeros."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@pytest.fixture(scope="module")
def variant_paths(tmp_path_factory):
    return variants.write_variants(tmp_path_factory.mktemp("variants"))


class _Loaded(dict):
    """Variants loaded on first use, so that one list the loader refuses fails only its own tests."""

    def __init__(self, paths):
        super().__init__()
        self.paths = paths

    def __missing__(self, name):
        self[name] = qp.load(self.paths[name])
        return self[name]


@pytest.fixture(scope="module")
def loaded(variant_paths):
    return _Loaded(variant_paths)


@pytest.mark.parametrize("name", list(variants.VARIANTS))
def test_every_variant_loads(variant_paths, name):
    # The loader's rules: task numbers 1…N, the footer's count, the headers (tests/variants.py).
    tl = qp.load(variant_paths[name])
    assert list(tl.tasks["task_id"]) == list(range(1, len(task_rows(variant_paths[name])) + 1))


# ---------------------------------------------------------------------------------------
# The bundled list: hand-worked figures


def test_identity_of_the_bundled_list(bundled):
    # Title line 3: "### 2026 年度青浦区乡村建设行动任务清单"; 41 task rows; sections 一…七.
    zh, en = identity.list_identity(bundled, "zh"), identity.list_identity(bundled, "en")
    assert "**2026 年度青浦区乡村建设行动任务清单**" in zh
    assert "区：青浦区；计划年度：2026年" in zh and "41项任务，分7个板块" in zh
    assert "1970cfd1c6eda8fbefd902890df3fb0d4ab4f515868ac2d9b135e6762be33314" in zh  # data/raw/PROVENANCE.md
    assert "**2026 Qingpu District Rural Construction Action Task List**" in en
    assert "District: Qingpu District; plan year: 2026" in en and "41 tasks in 7 sections" in en
    assert identity.source_note(bundled, "en").startswith("Source: 2026 Qingpu District Rural Construction Action Task List")
    assert identity.source_note(bundled, "zh").startswith("数据来源：2026 年度青浦区乡村建设行动任务清单")


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


def test_one_department_convention_in_both_reports(bundled):
    # 区农业农村委 leads tasks 4 (约68916), 6 (约2808) and 14 (13) with an amount: 71,737 as lead,
    # in the investment report's table and in the workload report; the weighted split
    # 68916 × 2/3 + 2808 + 13 × 2/3 = 48,760.67 is only a sensitivity. 区财政局 co-leads task 4
    # only: 0 as lead, 68916 / 3 = 22,972 weighted, 68916 / 2 = 34,458 equal.
    from qpanalysis.analysis.investment import investment_by_department

    by_department = investment_by_department(bundled).set_index("department")
    assert by_department.at["区农业农村委", "investment_wan"] == pytest.approx(71737)
    zh = workload.workload_findings(bundled, "zh")["investment"]
    assert "区农业农村委：牵头3项披露金额的任务，约71,737万元（19.8%）；敏感性：加权约48,760.67万元，均分约37,272.5万元" in zh
    assert "区财政局不牵头任何披露金额的任务，按本报告口径名下为0；它共同牵头任务4（约68,916万元）" in zh
    assert "加权约22,972万元，均分约34,458万元" in zh
    assert "两种口径相差最大的是区农业农村委：按牵头计约71,737万元，按加权敏感性计约48,760.67万元" in zh
    en = workload.workload_findings(bundled, "en")["investment"]
    assert "District Agriculture and Rural Affairs Commission: leads 3 tasks with an amount, about 71,737 × 10,000 yuan" in en
    # the lead convention's amount is never replaced by the weighted one outside "sensitivity"
    assert all("48,760.67" not in line or "ensitivity" in line or "敏感性" in line for line in (zh + en).splitlines())


def test_workload_of_the_bundled_list(bundled):
    # Tasks listing several departments: 1, 4, 7, 12, 13, 14, 16, 18, 21, 24, 26, 38 = 12, with
    # 2+1+2+2+1+1+2+1+1+2+1+1 = 17 co-leads. 区农业农村委 leads 4 5 6 7 8 14 18 23 29 30 32 33 34
    # 35 37 (15) and co-leads 1 12 16 24 (4). Weighted: 11 sole leads + 2/3 (4, 14, 18) + 1/2
    # (7) + 4 × 1/4 = 11 + 2 + 0.5 + 1 = 14.50 = 35.4% of 41. Task 28 is due 2025.11.
    zh = workload.workload_findings(bundled, "zh")
    assert "41项任务共涉及21个部门；12项任务列出多个部门，共同牵头17次" in zh["tasks"]
    assert "区农业农村委：牵头15项，共同牵头4项，加权份额14.50（占35.4%）" in zh["tasks"]
    assert "任务28（推进休闲森林公园建设）的计划完成时间为“2025.11”，早于计划年度2026年" in zh["deadlines"]
    assert "任务16的牵头部门写作“建设管理委”，按别名读为区建设管理委" in zh["caveats"]
    assert "只有9项披露了总投资" in zh["investment"] and "任务4、6为约数" in zh["investment"]


def test_coverage_of_the_bundled_list(bundled):
    # District-wide: the 14 tasks of 11个街镇 + task 31 (scope "/", named 整区建设美丽乡村) = 15.
    # 练塘镇: 15 district-wide + named in scope by 4, 5, 11, 28, 30, 32 (6) + in the breakdowns
    # of 7, 8, 18, 23 (4) = 25; 金泽镇: 15 + 2, 3, 4, 27, 30, 32 (6) + 8, 18, 23, 7 (4) = 25;
    # 盈浦街道: 15 + breakdown of 18 = 16, named by 1 against 10. Task 23's courtyards: 112 + 311
    # + 200 + 378 = 1001 against the goal's 1000. Parking (task 7): 11+4+16+15+29+53+70+40+8+4
    # = 250, most 练塘镇 70, 盈浦街道 not listed.
    zh = coverage.coverage_findings(bundled, "zh")
    assert "涉及任务最多的街镇：练塘镇、金泽镇（各25项）；最少：盈浦街道（16项）" in zh["towns"]
    assert "全区任务15项（每项计全部11个街镇，共165个关联）" in zh["basis"]
    assert "任务31（整区建设美丽乡村）的涉及范围没有指明地点（“/”），但任务名称写“整区”" in zh["basis"]
    assert "这一依据是从文字推断的" in zh["basis"] and "任务31按文字（“整区”）推断为全区任务" in zh["caveats"]
    assert "任务31" not in zh["unspecified"] and "这12项的涉及范围为“相关街镇”" in zh["unspecified"]
    assert "点名最少的是盈浦街道（1项），最多的是练塘镇、金泽镇（10项）；加上每个街镇都有的15项全区任务，分别为16项和25项" \
        in zh["tiles"]
    assert "盈浦街道只出现在建设规模的分街镇数中（任务18：家门口养老服务站（个） 1）" in zh["named"]
    assert "现代农业园区只由任务33点名" in zh["named"]
    assert "美丽庭院（户）分街镇数合计1,001，而建设目标写1,000" in zh["quantities"]
    assert "乡村停车场(点)建设（个）（任务7）：合计250；最多的是练塘镇（70）；未列入分解、记为0：盈浦街道" in zh["tiles"]
    assert "任务14（推动数字乡村建设）的建设目标、内容或规模提到练塘镇、重固镇" in zh["caveats"]


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
    assert "Expected completion on 30 June 2026: 2 at 0%, 7 above 0 to 25%, 4 above 25 to 50%" in en
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


# ---------------------------------------------------------------------------------------
# Language rules, on every list


def _english_leftovers(text: str) -> list[str]:
    """CJK left in English text once originals in brackets, flagged names and code are removed."""
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\S+ \[no English name\]", "", text)
    while re.search(r"[(（][^()（）]*[)）]", text):
        text = re.sub(r"[(（][^()（）]*[)）]", "", text)
    return CJK.findall(text)


@pytest.mark.parametrize("lang", LANGS)
def test_language_rules_on_the_bundled_list(bundled, lang):
    check_language(bundled, lang)


def check_language(tl, lang):
    for key, text in texts(tl, lang).items():
        if lang == "en":
            assert not _english_leftovers(text), (key, text)
            assert "万元" not in text and "Wan" not in text and "10k" not in text, (key, text)
        else:
            outside_code = re.sub(r"`[^`]*`", "", text)
            assert not re.search(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}", outside_code), (key, text)


def test_an_unknown_name_stays_chinese_and_is_flagged():
    assert identity.name_in("town", "新设镇", "en") == "新设镇 [no English name]"
    assert identity.name_in("department", "区新设局", "zh") == "区新设局"
    assert identity.metric_ref("新设指标", "个", "en").endswith("[no English name]")


def test_identity_of_a_list_without_a_title_line():
    # A list without a title line is called by its file name; it names no district.
    tl = SimpleNamespace(title="my_list", plan_year=2026, source=qp.config.BUNDLED_LIST.with_name("my_list.txt"),
                         sha256="ab" * 32, tasks=pd.DataFrame({"section_no": [1, 1, 2]}))
    assert identity.identify(tl).district is None
    assert identity.list_title(tl, "en") == "my_list"
    assert "Plan year: 2026" in identity.list_identity(tl, "en") and "District" not in identity.list_identity(tl, "en")
    chinese = SimpleNamespace(**{**vars(tl), "title": "某市乡村清单"})
    assert identity.list_title(chinese, "en") == "某市乡村清单 [no English title]"


# ---------------------------------------------------------------------------------------
# The variants: each states its own figures and nothing of the bundled list it lacks


@pytest.mark.parametrize("name", list(variants.VARIANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_variant_states_its_own_identity_and_totals(variant_paths, loaded, name, lang):
    path, tl = variant_paths[name], loaded[name]
    rows = task_rows(path)
    title = title_line(path)
    year = re.match(r"\d{4}", title).group()
    n_sections = sum(1 for line in path.read_text(encoding="utf-8").split("\n") if variants.SECTION.match(line.split("\t")[0]))
    stated = identity.list_identity(tl, lang)
    if lang == "zh":
        assert f"**{title}**" in stated and f"计划年度：{year}年" in stated
        assert f"{len(rows)}项任务，分{n_sections}个板块" in stated
    else:
        assert f"plan year: {year}" in stated and f"{len(rows)} tasks in {n_sections} section" in stated
    money = amounts(path)
    total_text = investment.investment_findings(tl, lang)["total"]
    if money:
        total = sum(money.values())
        assert formatted(total) in total_text
        assert _t(lang, f"来自{len(money)}项披露金额的任务", f"from the {len(money)} task") in total_text
    else:
        assert _t(lang, f"全部{len(rows)}项任务都没有披露金额", f"None of the {len(rows)} tasks discloses an amount") in total_text


def _t(lang, zh, en):
    return zh if lang == "zh" else en


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


@pytest.mark.parametrize("name", list(variants.VARIANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_variant_mentions_no_task_it_dropped(variant_paths, loaded, name, lang):
    bundled_names = {r["任务名称"] for r in task_rows(qp.config.BUNDLED_LIST)}
    dropped = bundled_names - {r["任务名称"] for r in task_rows(variant_paths[name])}
    text = everything(loaded[name], lang)
    assert not [n for n in dropped if n in text]


@pytest.mark.parametrize("name", list(variants.VARIANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_language_rules_on_every_variant(loaded, name, lang):
    check_language(loaded[name], lang)


@pytest.mark.parametrize("lang", LANGS)
def test_next_year_states_no_stale_year(variant_paths, loaded, lang):
    # Every year moved on by one: the title says 2027, the due months 2027.9–2027.12; the
    # only task due outside the plan year (28, 2025.11) was dropped.
    text = everything(loaded["next_year"], lang)
    assert "2026" not in text
    assert "2027" in identity.list_identity(loaded["next_year"], lang)
    dues = {r["计划完成时间"] for r in task_rows(variant_paths["next_year"])}
    assert {d.split(".")[0] for d in dues} == {"2027"}
    assert quarterly.quarterly_findings(loaded["next_year"], "Q3", lang=lang)["outside_plan_year"] == ""


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


@pytest.mark.parametrize("lang", LANGS)
def test_next_year_has_no_approximate_amounts(variant_paths, loaded, lang):
    assert not any(r["总投资(万元)"].startswith("约") for r in task_rows(variant_paths["next_year"]))
    total = investment.investment_findings(loaded["next_year"], lang)["total"]
    assert _t(lang, "所有披露的金额都是确数", "Every disclosed amount is exact") in total


def test_rescoped_states_its_own_breakdowns(variant_paths, loaded):
    tl = loaded["rescoped"]
    parking = next(r for r in task_rows(variant_paths["rescoped"]) if r["任务名称"] == "完善乡村停车场(点)")
    figures = {part[:-len(n)]: int(n) for part in parking["建设规模"].split(":", 1)[1].rstrip("。").split(";")
               for n in [re.search(r"\d+$", part).group()]}
    town, most = max(figures.items(), key=lambda kv: kv[1])
    tiles = coverage.coverage_findings(tl, "zh")["tiles"]
    assert f"（任务{parking['序号']}）：合计{sum(figures.values())}；最多的是{town}（{most}）" in tiles
    assert "未列入分解、记为0：练塘镇" in tiles  # 练塘镇's 70 went to 盈浦街道
    courtyards = next(r for r in task_rows(variant_paths["rescoped"]) if r["任务名称"] == "推进乡村美丽庭院建设")
    total = sum(int(n) for n in re.findall(r"\d+", courtyards["建设规模"].split(":", 1)[1]))
    assert total == 1000
    text = everything(tl, "zh")
    assert "1,001" not in text and "total-mismatch" not in text  # the breakdown now adds up
    assert "现代农业园区" not in text  # named only by a task of the removed section
    assert "empty-field" not in text  # no scope is "/" any more


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


def test_single_section_list(loaded, variant_paths):
    tl = loaded["single_section"]
    rows = task_rows(variant_paths["single_section"])
    money = amounts(variant_paths["single_section"])
    (only,) = money  # only the third task of the first section states an amount
    zh = investment.investment_findings(tl, "zh")
    assert f"只有任务{only}（{rows[only - 1]['任务名称']}）披露了金额（{formatted(money[only])}万元）" in zh["largest"]
    assert "合计占" not in zh["largest"]
    assert quality.quality_findings(tl, "zh")["problems"] == "- 读取时没有发现问题。"
    assert coverage.coverage_findings(tl, "zh")["quantities"] == "- 建设规模中没有按街镇分解的数量。"


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
