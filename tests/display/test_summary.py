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
from qpanalysis.display import summary as s
from tests import variants

LANGS = ("zh", "en")
QUARTERS = ("H1", "Q3", "Q4")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def texts(tl, lang: str) -> dict[str, str]:
    """Every generated text for a list, by function and section."""
    out = {"identity": s.list_identity(tl, lang), "source_note": s.source_note(tl, lang)}
    for name, func in [("investment", s.investment_findings), ("workload", s.workload_findings),
                       ("coverage", s.coverage_findings), ("quality", s.quality_findings)]:
        out.update({f"{name}.{key}": value for key, value in func(tl, lang).items()})
    for quarter in QUARTERS:
        found = s.quarterly_findings(tl, quarter, lang=lang)
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
    zh, en = s.list_identity(bundled, "zh"), s.list_identity(bundled, "en")
    assert "**2026 年度青浦区乡村建设行动任务清单**" in zh
    assert "区：青浦区；计划年度：2026年" in zh and "41项任务，分7个板块" in zh
    assert "1970cfd1c6eda8fbefd902890df3fb0d4ab4f515868ac2d9b135e6762be33314" in zh  # data/raw/PROVENANCE.md
    assert "**2026 Qingpu District Rural Construction Action Task List**" in en
    assert "District: Qingpu District; plan year: 2026" in en and "41 tasks in 7 sections" in en
    assert s.source_note(bundled, "en").startswith("Source: 2026 Qingpu District Rural Construction Action Task List")
    assert s.source_note(bundled, "zh").startswith("数据来源：2026 年度青浦区乡村建设行动任务清单")


def test_disclosed_total_of_the_bundled_list(bundled):
    # Amounts stated: task 3 278138, 4 约68916, 6 约2808, 11 69.7, 14 13, 17 140, 27 10478.4,
    # 28 830.14, 36 240: 9 tasks, 41 − 9 = 32 "/". Sum 278138 + 68916 + 2808 + 69.7 + 13 + 140
    # + 10478.4 + 830.14 + 240 = 361,633.24 万元 = 36.16 亿元 = 3.62 billion yuan.
    # Approximate: 68916 + 2808 = 71,724 (19.8%); exact 361633.24 − 71724 = 289,909.24 (80.2%).
    zh = s.investment_findings(bundled, "zh")["total"]
    assert "已披露总投资361,633.24万元（36.16亿元），来自9项披露金额的任务；32项任务未披露金额" in zh
    assert "确数7项，289,909.24万元（80.2%）" in zh and "约数（原文带“约”）2项（任务4、6），71,724万元（19.8%）" in zh
    en = s.investment_findings(bundled, "en")["total"]
    assert "361,633.24 × 10,000 yuan (3.62 billion yuan), from the 9 tasks that state an amount" in en


def test_largest_task_and_the_three_quarters_claim_on_the_bundled_list(bundled):
    # Task 3: 278138 / 361633.24 = 0.7691 → 76.9% > 75%; tasks 3 + 4: (278138 + 68916) /
    # 361633.24 = 347054 / 361633.24 = 0.9597 → 96.0%.
    zh = s.investment_findings(bundled, "zh")["largest"]
    assert "**任务3（推进全域土地综合整治）一项即占已披露总额的四分之三以上**（278,138万元，76.9%）" in zh
    assert "任务3、4合计占96.0%" in zh
    en = s.investment_findings(bundled, "en")["largest"]
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
    zh = s.investment_findings(bundled, "zh")
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
    zh = s.investment_findings(bundled, "zh")["towns"]
    assert "可归属到街镇的金额为358,432.24万元（占已披露总额的99.1%），其中平均分摊（假设）68,985.7万元" in zh
    assert "全区任务不分摊的253万元；未指明街镇的2,948万元" in zh
    assert "金泽镇最多：305,845.4万元（84.6%），其中平均分摊17,229万元" in zh
    assert "平均分给4个街镇，各17,229万元" in zh and "平均分给3个街镇，各23.23万元" in zh
    assert "练塘镇、徐泾镇、赵巷镇、白鹤镇、重固镇的金额有九成以上来自平均分摊（任务4、11）" in zh


def test_workload_of_the_bundled_list(bundled):
    # Tasks listing several departments: 1, 4, 7, 12, 13, 14, 16, 18, 21, 24, 26, 38 = 12, with
    # 2+1+2+2+1+1+2+1+1+2+1+1 = 17 co-leads. 区农业农村委 leads 4 5 6 7 8 14 18 23 29 30 32 33 34
    # 35 37 (15) and co-leads 1 12 16 24 (4). Weighted: 11 sole leads + 2/3 (4, 14, 18) + 1/2
    # (7) + 4 × 1/4 = 11 + 2 + 0.5 + 1 = 14.50 = 35.4% of 41. Task 28 is due 2025.11.
    zh = s.workload_findings(bundled, "zh")
    assert "41项任务共涉及21个部门；12项任务列出多个部门，共同牵头17次" in zh["tasks"]
    assert "区农业农村委：牵头15项，共同牵头4项，加权份额14.50（占35.4%）" in zh["tasks"]
    assert "任务28（推进休闲森林公园建设）的计划完成时间为“2025.11”，早于计划年度2026年" in zh["deadlines"]
    assert "任务16的牵头部门写作“建设管理委”，按别名读为区建设管理委" in zh["caveats"]
    assert "只有9项披露了总投资" in zh["investment"] and "任务4、6为约数" in zh["investment"]


def test_coverage_of_the_bundled_list(bundled):
    # 练塘镇: 14 district-wide + named in scope by 4, 5, 11, 28, 30, 32 (6) + in the breakdowns
    # of 7, 8, 18, 23 (4) = 24; 金泽镇: 14 + 2, 3, 4, 27, 30, 32 (6) + 8, 18, 23, 7 (4) = 24;
    # 盈浦街道: 14 + breakdown of 18 = 15. Scope "/": task 31. Task 23's courtyards: 112 + 311
    # + 200 + 378 = 1001 against the goal's 1000. Parking (task 7): 11+4+16+15+29+53+70+40+8+4
    # = 250, most 练塘镇 70, 盈浦街道 not listed.
    zh = s.coverage_findings(bundled, "zh")
    assert "涉及任务最多的街镇：练塘镇、金泽镇（各24项）；最少：盈浦街道（15项）" in zh["towns"]
    assert "任务31（整区建设美丽乡村）的涉及范围为“/”" in zh["unspecified"]
    assert "盈浦街道只出现在建设规模的分街镇数中（任务18：家门口养老服务站（个） 1）" in zh["named"]
    assert "现代农业园区只由任务33点名" in zh["named"]
    assert "美丽庭院（户）分街镇数合计1,001，而建设目标写1,000" in zh["quantities"]
    assert "乡村停车场(点)建设（个）（任务7）：合计250；最多的是练塘镇（70）；未列入分解、记为0：盈浦街道" in zh["tiles"]
    assert "任务14（推动数字乡村建设）的建设目标、内容或规模提到练塘镇、重固镇" in zh["caveats"]


def test_quality_of_the_bundled_list(bundled):
    # Problems: aliases in tasks 16 and 21, total mismatch 23, date 2025.11 in 28, scope "/" in
    # 31: 5 problems of 4 kinds in 5 tasks. 建设规模 is "/" in tasks 1 12 15 16 22 24 32 35 36 38
    # 39 40 41 (13), filled in 41 − 13 = 28.
    zh = s.quality_findings(bundled, "zh")
    assert "读取时共发现5个问题，分4类，涉及5项任务" in zh["problems"]
    assert "建设规模：28项填写，13项写“/”，0项空白（共41项）" in zh["completeness"]
    assert "任务23 美丽庭院（户）：分街镇数之和1,001，建设目标写明1,000（差+1）" in zh["totals"]


def test_quarterly_notes_of_the_bundled_list(bundled):
    # Task 28 is due 2025.11: its milestones (20%, 50%, 100%) fall due on 30 November 2025,
    # before the plan year, so in H1, and it is expected at 100% all year. Task 4's H1 text
    # states 第二批 60% and 第三批 20%.
    zh = s.quarterly_findings(bundled, "Q3", lang="zh")
    assert "任务28（推进休闲森林公园建设）的计划完成时间写作“2025.11”" in zh["outside_plan_year"]
    assert "其节点于2025年11月30日到期，计入上半年，全年应达进度为100%" in zh["outside_plan_year"]
    assert "任务4（推进宜居宜业和美乡村片区建设）在同一节点给出多个不同的百分比（60%、20%）" in zh["expected"]
    assert "任务28 100.0%" in zh["expected"] and "任务3 30.0%" in zh["expected"]


def test_quarterly_progress_names_the_tasks_furthest_behind(bundled):
    # tests/data/progress/progress_all_statuses.csv on 2026-09-30, against the Q3 expectations:
    # task 5 reports 2 of its 5 villages (40%) where 100% is due (2026.9): −60; task 8 30%
    # against 50%: −20; task 23 40% (20 Sep) against 50%: −10; task 7 45% against 50%: −5.
    # Every other task is on or above its expectation.
    path = qp.config.PROJECT_ROOT / "tests" / "data" / "progress" / "progress_all_statuses.csv"
    zh = s.quarterly_findings(bundled, "Q3", progress=path, lang="zh")["progress"]
    assert zh.startswith("- 低于应达进度的任务（差距从大到小）：任务5（开展乡村振兴示范村发展评价）-60.0个百分点（牵头部门区农业农村委）；"
                         "任务8（完善乡村公共标识标牌）-20.0个百分点")
    assert "任务23（推进乡村美丽庭院建设）-10.0个百分点" in zh and "任务7（完善乡村停车场(点)）-5.0个百分点" in zh
    assert zh.count("个百分点") == 4


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
    assert s.name_in("town", "新设镇", "en") == "新设镇 [no English name]"
    assert s.name_in("department", "区新设局", "zh") == "区新设局"
    assert s.metric_ref("新设指标", "个", "en").endswith("[no English name]")


def test_identity_of_a_list_without_a_title_line():
    # A list without a title line is called by its file name; it names no district.
    tl = SimpleNamespace(title="my_list", plan_year=2026, source=qp.config.BUNDLED_LIST.with_name("my_list.txt"),
                         sha256="ab" * 32, tasks=pd.DataFrame({"section_no": [1, 1, 2]}))
    assert s.identify(tl).district is None
    assert s.list_title(tl, "en") == "my_list"
    assert "Plan year: 2026" in s.list_identity(tl, "en") and "District" not in s.list_identity(tl, "en")
    chinese = SimpleNamespace(**{**vars(tl), "title": "某市乡村清单"})
    assert s.list_title(chinese, "en") == "某市乡村清单 [no English title]"


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
    identity = s.list_identity(tl, lang)
    if lang == "zh":
        assert f"**{title}**" in identity and f"计划年度：{year}年" in identity
        assert f"{len(rows)}项任务，分{n_sections}个板块" in identity
    else:
        assert f"plan year: {year}" in identity and f"{len(rows)} tasks in {n_sections} section" in identity
    money = amounts(path)
    total_text = s.investment_findings(tl, lang)["total"]
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
    largest = s.investment_findings(tl, lang)["largest"]
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
    assert "2027" in s.list_identity(loaded["next_year"], lang)
    dues = {r["计划完成时间"] for r in task_rows(variant_paths["next_year"])}
    assert {d.split(".")[0] for d in dues} == {"2027"}
    assert s.quarterly_findings(loaded["next_year"], "Q3", lang=lang)["outside_plan_year"] == ""


@pytest.mark.parametrize("lang", LANGS)
def test_next_year_has_no_approximate_amounts(variant_paths, loaded, lang):
    assert not any(r["总投资(万元)"].startswith("约") for r in task_rows(variant_paths["next_year"]))
    total = s.investment_findings(loaded["next_year"], lang)["total"]
    assert _t(lang, "所有披露的金额都是确数", "Every disclosed amount is exact") in total


def test_rescoped_states_its_own_breakdowns(variant_paths, loaded):
    tl = loaded["rescoped"]
    parking = next(r for r in task_rows(variant_paths["rescoped"]) if r["任务名称"] == "完善乡村停车场(点)")
    figures = {part[:-len(n)]: int(n) for part in parking["建设规模"].split(":", 1)[1].rstrip("。").split(";")
               for n in [re.search(r"\d+$", part).group()]}
    town, most = max(figures.items(), key=lambda kv: kv[1])
    tiles = s.coverage_findings(tl, "zh")["tiles"]
    assert f"（任务{parking['序号']}）：合计{sum(figures.values())}；最多的是{town}（{most}）" in tiles
    assert "未列入分解、记为0：练塘镇" in tiles  # 练塘镇's 70 went to 盈浦街道
    courtyards = next(r for r in task_rows(variant_paths["rescoped"]) if r["任务名称"] == "推进乡村美丽庭院建设")
    total = sum(int(n) for n in re.findall(r"\d+", courtyards["建设规模"].split(":", 1)[1]))
    assert total == 1000
    text = everything(tl, "zh")
    assert "1,001" not in text and "total-mismatch" not in text  # the breakdown now adds up
    assert "现代农业园区" not in text  # named only by a task of the removed section
    assert "empty-field" not in text  # no scope is "/" any more


@pytest.mark.parametrize("lang", LANGS)
def test_undisclosed_states_no_amount(loaded, lang):
    found = s.investment_findings(loaded["undisclosed"], lang)
    for text in found.values():
        assert not re.search(r"\d[\d,.]* (× 10,000 yuan|万元)|万元", text)
        assert "%" not in text
    assert "万元" not in s.workload_findings(loaded["undisclosed"], "zh")["investment"]


def test_single_section_list(loaded, variant_paths):
    tl = loaded["single_section"]
    rows = task_rows(variant_paths["single_section"])
    money = amounts(variant_paths["single_section"])
    (only,) = money  # only the third task of the first section states an amount
    zh = s.investment_findings(tl, "zh")
    assert f"只有任务{only}（{rows[only - 1]['任务名称']}）披露了金额（{formatted(money[only])}万元）" in zh["largest"]
    assert "合计占" not in zh["largest"]
    assert s.quality_findings(tl, "zh")["problems"] == "- 读取时没有发现问题。"
    assert s.coverage_findings(tl, "zh")["quantities"] == "- 建设规模中没有按街镇分解的数量。"
