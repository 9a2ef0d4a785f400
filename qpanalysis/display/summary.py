"""Sentences a report states about the loaded list, generated from its tables, in Chinese or English.

Every sentence of a report that states a number, or names a task, town, department,
metric or date, comes from here: nothing of the bundled list is written into a notebook.
Each ``*_findings`` function returns, per notebook section, a Markdown bullet list; a
sentence that holds only under a condition (one task is more than three quarters of the
total, a due month lies outside the plan year…) appears only when the list meets it.

English names come from ``data/reference/`` (through :mod:`qpanalysis.ingest.reference`);
a task's English name is followed by its Chinese original in brackets, and a name with no
English entry stays Chinese, flagged with :data:`UNTRANSLATED`.

Text from the list (names, departments, towns, places, quoted cells, the title) enters a
sentence through :func:`qpanalysis.display.markup.md`, directly or through ``name_in``,
``task_ref``, ``section_ref`` and ``metric_ref``: the reports show it as written, and
nothing in it is read as Markdown or HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from qpanalysis.analysis import consistency as cons
from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import allocation as alloc
from qpanalysis.analysis import investment as inv
from qpanalysis.analysis import sensitivity as sens
from qpanalysis.analysis import progress as qprogress
from qpanalysis.analysis import quality as qual
from qpanalysis.analysis import quarter_summary as qs
from qpanalysis.analysis import quarterly as qtr
from qpanalysis.analysis import workload as wl
from qpanalysis.codes import (
    BASIS_DISTRICT_WIDE, BASIS_EXPLICIT, BASIS_FROM_BREAKDOWN, BASIS_UNSPECIFIED,
    LANGS, READING_DEFAULT, READING_DUE_IN_PLAN_YEAR, READING_H1_LITERAL, READINGS, TOWN_BASES, TOWN_BUCKETS,
    TOWN_DISTRICT_WIDE, TOWN_UNSPECIFIED, check,
)
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display.markup import code, md
from qpanalysis.ingest.progress import progress_problems, read_progress
from qpanalysis.ingest import funding_formula
from qpanalysis.ingest import scope as text_scope
from qpanalysis.ingest.reference import load_reference
from qpanalysis.ingest.targets import parse_target

# Yuan per 万元, and yuan per billion: English totals also give billions of yuan.
YUAN_PER_WAN = 10_000
YUAN_PER_BILLION = 1_000_000_000
# Appended to a name that has no English entry in data/reference/: it is shown in Chinese.
UNTRANSLATED = "[no English name]"
# Chinese numerals of section numbers (一、…十、), as the list writes them.
SECTION_NUMERALS = "一二三四五六七八九十"
# A share above which one task "alone is more than three quarters" (or "half") of the total.
THREE_QUARTERS = 0.75
HALF = 0.5
# When the two largest tasks together reach this share, statements about where the money
# goes are mostly statements about those two tasks, and the report says so.
DOMINANT_PAIR = 0.9
# A town whose attributed amount comes at least this much from equal splits is named as
# resting "almost entirely" on that assumption.
MOSTLY_EQUAL_SPLIT = 0.9
# Stated totals that differ by this factor or more are "very different in size" (the
# reason the totals chart uses a log axis).
WIDE_RANGE = 100
# How many departments the workload sections name (the busiest first).
TOP_DEPARTMENTS = 3
# How many tasks the quarterly "furthest behind" sentence names.
FURTHEST_BEHIND = 5
# English of what a funding formula gives an amount per (资金来源: 10000万元/试点).
PER_AREA_EN = {"试点": "pilot area", "试点片区": "pilot area", "片区": "area"}
# English of the scope words that name no town in particular.
SCOPE_EN = {"相关街镇": "the towns concerned"}
# The document kind a list's title names after its district, and its English name.
DOCUMENT_EN = {"乡村建设行动任务清单": "Rural Construction Action Task List"}
# The plan year in a title (<year> 年度) and the district the title names: the text
# ending in 区 before 乡村建设.
TITLE_YEAR = re.compile(r"(?P<year>\d{4})\s*年度\s*")
TITLE_DISTRICT = re.compile(r"(?P<district>[\u4e00-\u9fff]+?区)\s*乡村建设")
TITLE_DOCUMENT = re.compile("(?P<document>" + "|".join(map(re.escape, DOCUMENT_EN)) + r")\s*$")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


# ---------------------------------------------------------------------------------------
# Words: names, numbers and lists in the reader's language


def _english(kind: str, name: str) -> str | None:
    """The English name of a canonical name from data/reference/, or None when it has none."""
    if kind == "district":
        value = load_reference().english("district").get(name)
        return None if value is None or pd.isna(value) else str(value)
    english = labels.name(name, kind, "en")
    return None if english == name and CJK.search(name) else english


def name_in(kind: str, name: str, lang: str, *, markdown: bool = True) -> str:
    """A canonical name in ``lang``: English from data/reference/, else Chinese and flagged.

    Args:
        kind: ``town``, ``department``, ``task``, ``section``, ``metric``, ``field`` or
            ``district``.
        name: The canonical (Chinese) name.
        lang: ``"zh"`` or ``"en"``.
        markdown: Escape the name for Markdown (:func:`qpanalysis.display.markup.md`), as
            a sentence needs it; False for plain text (a page title).

    Example:
        >>> name_in("town", "金泽镇", "en"), name_in("town", "金泽镇", "zh")
        ('Jinze Town', '金泽镇')
        >>> name_in("town", "新镇", "en")
        '新镇 [no English name]'
        >>> print(name_in("town", "*新*镇", "zh"), name_in("town", "*新*镇", "zh", markdown=False))
        \\*新\\*镇 *新*镇
    """
    check(lang, LANGS, "lang")
    shown = md if markdown else str
    if lang == "zh":
        return shown(name)
    english = _english(kind, name)
    return f"{shown(name)} {UNTRANSLATED}" if english is None else shown(english)


def task_ref(tl, task_id: int, lang: str) -> str:
    """A task by number and name: 任务3（推进全域土地综合整治） or task 3 “…” (推进…).

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> task_ref(tl, 3, "zh")
        '任务3（推进全域土地综合整治）'
        >>> task_ref(tl, 3, "en")
        'task 3 “Comprehensive land consolidation” (推进全域土地综合整治)'
    """
    name = tl.tasks.at[task_id, "name"]
    if lang == "zh":
        return f"任务{task_id}（{md(name)}）"
    english = _english("task", name)
    if english is None:
        return f"task {task_id} “{md(name)}” {UNTRANSLATED}"
    return f"task {task_id} “{md(english)}” ({md(name)})"


def section_ref(tl, section_no: int, lang: str) -> str:
    """A section by number and title: 第四板块（…） or section 4 (…).

    Example:
        >>> import qpanalysis as qp
        >>> section_ref(qp.load(), 4, "en")
        'section 4 (Improve rural public service convenience)'
    """
    rows = tl.tasks.loc[tl.tasks["section_no"] == section_no]
    title = rows["section"].iloc[0]
    if lang == "zh":
        numeral = SECTION_NUMERALS[section_no - 1] if section_no <= len(SECTION_NUMERALS) else str(section_no)
        return f"第{numeral}板块（{md(title)}）"
    english = rows["section_en"].iloc[0]
    english = md(english) if isinstance(english, str) and english else f"{md(title)} {UNTRANSLATED}"
    return f"section {section_no} ({english})"


def metric_ref(metric: str, unit: str | None, lang: str) -> str:
    """A 建设规模 metric with its unit; in English flagged when it has no English label.

    Example:
        >>> metric_ref("美丽庭院", "户", "en"), metric_ref("美丽庭院", "户", "zh")
        ('Beautiful courtyards (households)', '美丽庭院（户）')
        >>> metric_ref("新指标", "个", "en")
        '新指标（个） [no English name]'
    """
    label = labels.metric_label(metric, unit or None, lang)
    if lang == "en" and CJK.search(label):
        return f"{md(labels.metric_label(metric, unit or None, 'zh'))} {UNTRANSLATED}"
    return md(label)


def number(value: float) -> str:
    """A number with thousands separators and no spurious decimals.

    Example:
        >>> number(278138.0), number(10478.4), number(361633.24), number(0.5)
        ('278,138', '10,478.4', '361,633.24', '0.5')
    """
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def wan(amount: float, lang: str, *, approx: bool = False) -> str:
    """An amount in 万元, written for ``lang`` (English: "× 10,000 yuan").

    Example:
        >>> wan(68916, "zh", approx=True), wan(68916, "en", approx=True)
        ('约68,916万元', 'about 68,916 × 10,000 yuan')
    """
    if lang == "zh":
        return f"{'约' if approx else ''}{number(amount)}万元"
    return f"{'about ' if approx else ''}{number(amount)} × {labels.label('unit', '万元', 'en')}"


def big_amount(amount: float, lang: str) -> str:
    """A total in 万元 with its size in 亿元 (Chinese) or billions of yuan (English).

    Example:
        >>> big_amount(361633.24, "zh"), big_amount(361633.24, "en")
        ('361,633.24万元（36.16亿元）', '361,633.24 × 10,000 yuan (3.62 billion yuan)')
    """
    if lang == "zh":
        return f"{wan(amount, lang)}（{inv.to_yi(amount):,.2f}亿元）"
    return f"{wan(amount, lang)} ({amount * YUAN_PER_WAN / YUAN_PER_BILLION:,.2f} billion yuan)"


def pct(share: float) -> str:
    """A share as a percentage with one decimal.

    Example:
        >>> pct(0.769112)
        '76.9%'
    """
    return f"{share:.1%}"


def count(n: int, lang: str, zh_unit: str = "项", en_word: str = "task") -> str:
    """A count with its measure word: 9项 or 9 tasks (1 task).

    Example:
        >>> count(9, "zh"), count(9, "en"), count(1, "en"), count(3, "en", "个", "department")
        ('9项', '9 tasks', '1 task', '3 departments')
    """
    if lang == "zh":
        return f"{n}{zh_unit}"
    return f"{n} {en_word}{'' if n == 1 else 's'}"


def verb(n: int, one: str, many: str) -> str:
    """An English verb that agrees with a count.

    Example:
        >>> verb(1, "states", "state"), verb(9, "states", "state")
        ('states', 'state')
    """
    return one if n == 1 else many


def join(items, lang: str) -> str:
    """Join names as a reader lists them: 甲、乙 or a, b and c.

    Example:
        >>> join(["甲", "乙", "丙"], "zh"), join(["a", "b", "c"], "en"), join(["a"], "en")
        ('甲、乙、丙', 'a, b and c', 'a')
    """
    items = [str(i) for i in items]
    if lang == "zh":
        return "、".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def task_ids(ids, lang: str) -> str:
    """Task numbers: 任务4、6 or tasks 4 and 6 (task 4).

    Example:
        >>> task_ids([4, 6], "zh"), task_ids([4, 6], "en"), task_ids([28], "en")
        ('任务4、6', 'tasks 4 and 6', 'task 28')
    """
    ids = [int(i) for i in ids]
    if lang == "zh":
        return "任务" + "、".join(map(str, ids))
    return ("task " if len(ids) == 1 else "tasks ") + join(ids, lang)


def month(period, lang: str) -> str:
    """A due month: 2030年12月 or December 2030.

    Example:
        >>> month(pd.Period("2030-12", "M"), "zh"), month(pd.Period("2030-12", "M"), "en")
        ('2030年12月', 'December 2030')
    """
    period = pd.Period(period, "M")
    return f"{period.year}年{period.month}月" if lang == "zh" else f"{period.strftime('%B')} {period.year}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def bullets(lines) -> str:
    """Lines as a Markdown bullet list (empty lines dropped).

    Example:
        >>> print(bullets(["a", "", "b"]))
        - a
        - b
    """
    return "\n".join(f"- {line}" for line in lines if line)


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


# ---------------------------------------------------------------------------------------
# The list itself: title, district, plan year, source


@dataclass(frozen=True)
class Identity:
    """What a report says about the list it describes, all read from the list."""

    title: str  # the title line as written, else the file name
    title_en: str | None  # None when no English title can be formed
    district: str | None  # the district the title names, if any
    district_en: str | None
    plan_year: int
    file: str
    sha256: str
    n_tasks: int
    n_sections: int


def identify(tl) -> Identity:
    """The list's identity: title (and its English), district, plan year, file and checksum.

    The district is the text ending in 区 before 乡村建设 in the title; the English title
    is formed as "<year> <district> Rural Construction Action Task List" when the title
    has that shape and the district has an English name in data/reference/districts.csv.
    A title without Chinese (a file name) is its own English title.

    Example:
        >>> import qpanalysis as qp
        >>> i = identify(qp.load())
        >>> i.district, i.district_en, i.plan_year, i.title_en
        ('青浦区', 'Qingpu District', 2026, '2026 Qingpu District Rural Construction Action Task List')
    """
    title = tl.title
    rest = TITLE_YEAR.sub("", title, count=1)
    found = TITLE_DISTRICT.search(rest)
    district = found["district"] if found else None
    district_en = _english("district", district) if district else None
    year = TITLE_YEAR.search(title)
    document = TITLE_DOCUMENT.search(rest)
    if not CJK.search(title):
        title_en = title
    elif year and district_en and document and rest.startswith(district):
        title_en = f"{year['year']} {district_en} {DOCUMENT_EN[document['document']]}"
    else:
        title_en = None
    return Identity(
        title=title, title_en=title_en, district=district, district_en=district_en,
        plan_year=int(tl.plan_year), file=tl.source.name, sha256=tl.sha256,
        n_tasks=len(tl.tasks), n_sections=int(tl.tasks["section_no"].nunique()),
    )


def list_title(tl, lang: str = "zh") -> str:
    """The list's title in ``lang`` (English flagged when it cannot be formed).

    Example:
        >>> import qpanalysis as qp
        >>> list_title(qp.load(), "en")
        '2026 Qingpu District Rural Construction Action Task List'
    """
    check(lang, LANGS, "lang")
    ident = identify(tl)
    if lang == "zh" or ident.title_en == ident.title:
        return ident.title
    return ident.title_en or f"{ident.title} [no English title]"


def source_note(tl, lang: str = "zh") -> str:
    """The source line of figures and reports: the list's title in ``lang`` and its checksum.

    Example:
        >>> import qpanalysis as qp
        >>> source_note(qp.load(), "zh")
        '数据来源：2026 年度青浦区乡村建设行动任务清单（原始文件 sha256 1970cfd1…2be33314）'
        >>> source_note(qp.load(), "en")
        'Source: 2026 Qingpu District Rural Construction Action Task List (raw file sha256 1970cfd1…2be33314)'
    """
    check(lang, LANGS, "lang")
    checksum = f"{tl.sha256[:8]}…{tl.sha256[-8:]}"
    return labels.label("note", "source", lang).format(title=list_title(tl, lang), sha256=checksum)


def list_identity(tl, lang: str = "zh") -> str:
    """What the report describes: title, district, plan year, size, source file and checksum.

    Example:
        >>> import qpanalysis as qp
        >>> print(list_identity(qp.load(), "en"))  # doctest: +ELLIPSIS
        - List: **2026 Qingpu District Rural Construction Action Task List** (2026 年度青浦区乡村建设行动任务清单)
        - District: Qingpu District; plan year: 2026
        - 41 tasks in 7 sections
        - Source file: `2026_qingpu_rural_construction_tasks.txt`, sha256 `1970cfd1...2be33314`
    """
    check(lang, LANGS, "lang")
    i = identify(tl)
    if lang == "zh":
        where = f"区：{md(i.district)}；" if i.district else ""
        return bullets([
            f"清单：**{md(i.title)}**",
            f"{where}计划年度：{i.plan_year}年",
            f"{i.n_tasks}项任务，分{i.n_sections}个板块",
            f"来源文件：{code(i.file)}，sha256 `{i.sha256}`",
        ])
    title = list_title(tl, "en")
    original = f" ({md(i.title)})" if i.title_en and i.title_en != i.title else ""
    where = f"District: {name_in('district', i.district, 'en')}; plan year" if i.district else "Plan year"
    return bullets([
        f"List: **{md(title)}**{original}",
        f"{where}: {i.plan_year}",
        f"{count(i.n_tasks, 'en')} in {count(i.n_sections, 'en', '', 'section')}",
        f"Source file: {code(i.file)}, sha256 `{i.sha256}`",
    ])


# ---------------------------------------------------------------------------------------
# 01 Investment


def _largest_sentences(tl, largest: pd.DataFrame, lang: str) -> list[str]:
    top = largest.iloc[0]
    ref = task_ref(tl, int(top["task_id"]), lang)
    amount = wan(top["investment_wan"], lang, approx=bool(top["investment_wan_approx"]))
    if len(largest) == 1:
        lines = [_t(lang, f"只有{ref}披露了金额（{amount}），它就是全部已披露总额。",
                    f"Only {ref} discloses an amount ({amount}); it is the whole disclosed total.")]
    elif top["share"] > THREE_QUARTERS:
        lines = [_t(lang, f"**{ref}一项即占已披露总额的四分之三以上**（{amount}，{pct(top['share'])}）。",
                    f"**{_cap(ref)} alone is more than three quarters of the disclosed total** "
                    f"({amount}, {pct(top['share'])}).")]
    elif top["share"] > HALF:
        lines = [_t(lang, f"**{ref}一项即占已披露总额的一半以上**（{amount}，{pct(top['share'])}）。",
                    f"**{_cap(ref)} alone is more than half of the disclosed total** ({amount}, {pct(top['share'])}).")]
    else:
        lines = [_t(lang, f"最大的一项是{ref}，{amount}，占已披露总额的{pct(top['share'])}。",
                    f"The largest is {ref}, {amount}, {pct(top['share'])} of the disclosed total.")]
    if len(largest) >= 2:
        second = largest.iloc[1]
        pair = task_ids([top["task_id"], second["task_id"]], lang)
        lines.append(_t(lang, f"{pair}合计占{pct(second['cumulative_share'])}。",
                        f"{_cap(pair)} together make {pct(second['cumulative_share'])}."))
        if second["cumulative_share"] >= DOMINANT_PAIR and len(largest) > 2:
            lines.append(_t(lang, "任何关于“投资分布”的结论，实际上主要反映这两项任务。",
                            "Any statement about where the money goes is mostly a statement about these two tasks."))
    return lines


def _equal_split_sentences(tl, allocation: pd.DataFrame, lang: str) -> list[str]:
    lines = []
    for task_id, rows in allocation[allocation["rule"] == "equal-split"].groupby("task_id", sort=True):
        task = tl.tasks.loc[task_id]
        amount = wan(task["investment_wan"], lang, approx=bool(task["investment_is_approx"]))
        towns = join([name_in("town", t, lang) for t in rows["town"]], lang)
        each = wan(rows["allocated_wan"].iloc[0], lang, approx=bool(task["investment_is_approx"]))
        ref = task_ref(tl, int(task_id), lang)
        lines.append(_t(
            lang,
            f"{ref}金额{amount}，涉及{towns}，建设规模没有按这些街镇分解，因此平均分给{len(rows)}个街镇，各{each}；"
            f"这是假设，不是原文信息。其建设规模原文为“{md(task['scale'].strip().rstrip('。'))}”。",
            f"{_cap(ref)}, {amount}, names {towns}, and its scale (建设规模) is not broken down by these towns, "
            f"so it is split equally, {each} each: an assumption, not a fact of the list.",
        ))
    return lines


def _mostly_equal_split(allocation: pd.DataFrame, by_town: pd.DataFrame, lang: str) -> str:
    towns = by_town[~by_town["town"].isin(TOWN_BUCKETS) & (by_town["total_wan"] > 0)]
    mostly = towns[towns["equal-split"] >= MOSTLY_EQUAL_SPLIT * towns["total_wan"]]
    if mostly.empty:
        return ""
    split = allocation[(allocation["rule"] == "equal-split") & allocation["town"].isin(mostly["town"])]
    names = join([name_in("town", t, lang) for t in mostly["town"]], lang)
    ids = task_ids(sorted(split["task_id"].unique()), lang)
    return _t(lang, f"{names}的金额有九成以上来自平均分摊（{ids}），是假设的结果，而非原文数据。",
              f"At least 90% of the amounts of {names} come from equal splits ({ids}): they rest on the "
              "assumption, not on the list.")


def _ratio_text(ratio: float) -> str:
    return f"1:{ratio:g}"


def _formula_sentences(tl, formula: pd.DataFrame, lang: str) -> list[str]:
    """Each task with a funding formula: what its 资金来源 states, and the split it gives."""
    lines = []
    for task_id, rows in formula.groupby("task_id", sort=True):
        task = tl.tasks.loc[task_id]
        found = funding_formula.parse_funding_formula(task["funding_source"])
        approx = bool(task["investment_is_approx"])
        ref = task_ref(tl, int(task_id), lang)
        groups = [(join([name_in("town", t, lang) for t in towns], lang), _ratio_text(r)) for towns, r in found.groups]
        if groups:
            matching = _t(lang, "；".join(f"{g}按{r}配套" for g, r in groups),
                          "; ".join(f"{g} match it {r}" for g, r in groups))
        elif found.default_ratio:
            matching = _t(lang, f"各地按{_ratio_text(found.default_ratio)}配套", f"every town matches it {_ratio_text(found.default_ratio)}")
        else:
            matching = _t(lang, "未写明配套比例", "no matching ratio is stated")
        areas = rows.drop_duplicates("area_zh")
        area_col = "area_zh" if lang == "zh" else "area_en"
        weights = _t(lang, "、", ", ").join(f"{a}{_t(lang, '', ' ')}{number(w)}" for a, w in zip(areas[area_col].map(md), areas["area_weight_wan"]))
        shares = _t(lang, "、", ", ").join(
            f"{name_in('town', r.town, lang)}{_t(lang, '', ' ')}{wan(r.allocated_wan, lang, approx=approx)}" for r in rows.itertuples())
        unit = labels.label("unit", "万元", lang)
        lines.append(_t(
            lang,
            f"{ref}的资金来源写明每个{md(found.per)}{wan(found.per_area_wan, lang)}，{matching}。按此公式，各片区所得为"
            f"{weights}（{unit}，合计{number(areas['area_weight_wan'].sum())}）；任务金额{wan(task['investment_wan'], lang, approx=approx)}"
            f"按此比例分摊：{shares}（片区内各街镇平均分摊）。",
            f"The funding source of {ref} states {wan(found.per_area_wan, lang)} per "
            f"{PER_AREA_EN.get(found.per, 'area')} ({md(found.per)}); {matching}. By this formula the areas receive: {weights} ({unit}; "
            f"{number(areas['area_weight_wan'].sum())} in all); the task's {wan(task['investment_wan'], lang, approx=approx)} "
            f"split in these proportions gives: {shares} (an area's part split equally among its towns).",
        ))
    return lines


def _sensitivity_sentences(tl, scenarios: dict, sensitivity: pd.DataFrame, by_town: pd.DataFrame,
                           lang: str) -> list[str]:
    """What changes when the town attribution follows another rule (the sensitivity table)."""
    if len(scenarios) < 2 or sensitivity["top_town"].isna().all():
        return [_t(lang, "没有其他归属规则会改变各街镇的金额。", "No other attribution rule changes any town's amount.")]
    plain = {s: labels.label("allocation_scenario", s, lang) for s in sensitivity["scenario"]}
    name = {s: f"“{v}”" for s, v in plain.items()}  # quoted where it sits inside a sentence
    lines = [_t(lang, f"共比较{len(sensitivity)}种归属规则：{join(name.values(), lang)}。",
                f"{len(sensitivity)} sets of attribution rules are compared: {join(plain.values(), lang)}.")]
    tops = sensitivity.dropna(subset=["top_town"])
    if tops["top_town"].nunique() == 1:
        town = name_in("town", tops["top_town"].iloc[0], lang)
        low, high = tops.loc[tops["top_town_wan"].idxmin()], tops.loc[tops["top_town_wan"].idxmax()]
        lines.append(_t(
            lang,
            f"各规则下金额最多的街镇都是{town}：从{wan(low['top_town_wan'], lang, approx=bool(low['top_town_wan_approx']))}"
            f"（{name[low['scenario']]}，{pct(low['top_town_share'])}）到"
            f"{wan(high['top_town_wan'], lang, approx=bool(high['top_town_wan_approx']))}（{name[high['scenario']]}，"
            f"{pct(high['top_town_share'])}）。",
            f"{town} has the most under every rule: from {wan(low['top_town_wan'], lang, approx=bool(low['top_town_wan_approx']))} "
            f"({name[low['scenario']]}, {pct(low['top_town_share'])}) to "
            f"{wan(high['top_town_wan'], lang, approx=bool(high['top_town_wan_approx']))} ({name[high['scenario']]}, "
            f"{pct(high['top_town_share'])}).",
        ))
    else:
        lines.append(_t(lang, "金额最多的街镇随规则而变：", "The town with the most depends on the rule: ") + _t(lang, "；", "; ").join(
            f"{name[r.scenario]}{_t(lang, '：', ': ')}{name_in('town', r.top_town, lang)} "
            f"{wan(r.top_town_wan, lang, approx=bool(r.top_town_wan_approx))}" for r in tops.itertuples()
        ) + _t(lang, "。", "."))
    low, high = sensitivity.loc[sensitivity["assumed_share"].idxmin()], sensitivity.loc[sensitivity["assumed_share"].idxmax()]
    lines.append(_t(
        lang,
        f"按假设归属到街镇的金额占已披露总额的{pct(low['assumed_share'])}（{name[low['scenario']]}）至"
        f"{pct(high['assumed_share'])}（{name[high['scenario']]}）。",
        f"The amount placed in towns by an assumption is {pct(low['assumed_share'])} of the disclosed total "
        f"({name[low['scenario']]}) to {pct(high['assumed_share'])} ({name[high['scenario']]}).",
    ))
    # a rule that attributes no disclosed amount to a town gives it nothing: 0 in the swing
    towns = by_town[~by_town["town"].isin(TOWN_BUCKETS)].set_index("town")[list(scenarios)].fillna(0.0)
    swing = (towns.max(axis=1) - towns.min(axis=1)).sort_values(ascending=False, kind="stable")
    if len(swing) and swing.iloc[0] > 0:
        most = swing[swing == swing.iloc[0]].index
        row = towns.loc[most[0]]
        low_s, high_s = row.idxmin(), row.idxmax()
        flags = by_town.set_index("town")
        lines.append(_t(
            lang,
            f"对规则最敏感的是{join([name_in('town', t, lang) for t in most], lang)}："
            f"{wan(row[low_s], lang, approx=bool(flags.at[most[0], inv.approx_column(low_s)]))}（{name[low_s]}）至"
            f"{wan(row[high_s], lang, approx=bool(flags.at[most[0], inv.approx_column(high_s)]))}（{name[high_s]}）"
            + ("，各自相同" if len(most) > 1 else "") + "。",
            f"Most sensitive to the rule: {join([name_in('town', t, lang) for t in most], lang)}, from "
            f"{wan(row[low_s], lang, approx=bool(flags.at[most[0], inv.approx_column(low_s)]))} ({name[low_s]}) to "
            f"{wan(row[high_s], lang, approx=bool(flags.at[most[0], inv.approx_column(high_s)]))} ({name[high_s]})"
            + (" each" if len(most) > 1 else "") + ".",
        ))
    return lines


def investment_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the investment report states, per section: ``total``, ``sections``,
    ``departments``, ``funding``, ``largest``, ``towns``, ``formula`` and ``sensitivity``
    (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> f = investment_findings(qp.load())
        >>> print(f["largest"])
        - **任务3（推进全域土地综合整治）一项即占已披露总额的四分之三以上**（278,138万元，76.9%）。
        - 任务3、4合计占96.0%。
        - 任何关于“投资分布”的结论，实际上主要反映这两项任务。
    """
    check(lang, LANGS, "lang")
    tasks = tl.tasks
    total = inv.disclosed_total(tl)
    disclosure = inv.investment_disclosure(tl).set_index("status")
    n_exact, n_approx = int(disclosure.at["exact", "tasks"]), int(disclosure.at["approximate", "tasks"])
    n_disclosed, n_none = n_exact + n_approx, int(disclosure.at["not-disclosed", "tasks"])
    n = len(tasks)
    if n_disclosed == 0:
        none = _t(lang, f"全部{n}项任务都没有披露金额（原文均为“/”），因此没有可汇总、排列或归属的投资额。",
                  f"None of the {n} tasks discloses an amount (every one says \"/\"), so there is no investment "
                  "to add up, rank or attribute.")
        return {key: bullets([none]) for key in ("total", "sections", "departments", "funding", "largest", "towns",
                                                 "formula", "sensitivity")}

    total_lines = [_t(
        lang,
        f"已披露总投资{big_amount(total, lang)}，来自{n_disclosed}项披露金额的任务；"
        f"{n_none}项任务未披露金额（原文为“/”），共{n}项。",
        f"Disclosed investment: {big_amount(total, lang)}, from the {count(n_disclosed, lang)} that "
        f"{verb(n_disclosed, 'states', 'state')} an amount; {count(n_none, lang)} "
        f"{verb(n_none, 'states', 'state')} none (\"/\"), of {n} in all.",
    )]
    exact = disclosure.at["exact", "investment_wan"]
    approx = disclosure.at["approximate", "investment_wan"]
    if n_approx:
        approx_ids = task_ids(tasks.index[tasks["investment_is_approx"].astype(bool)], lang)
        total_lines.append(_t(
            lang,
            f"其中确数{n_exact}项，{wan(exact, lang)}（{pct(exact / total)}）；约数（原文带“约”）{n_approx}项（{approx_ids}），"
            f"{wan(approx, lang)}（{pct(approx / total)}），按原数计入。",
            f"Of these, {n_exact} state an exact amount, {wan(exact, lang)} ({pct(exact / total)}); "
            f"{n_approx} ({approx_ids}) an approximate one (约), {wan(approx, lang)} "
            f"({pct(approx / total)}), counted at face value.",
        ))
    else:
        total_lines.append(_t(lang, "所有披露的金额都是确数，没有带“约”的约数。",
                              "Every disclosed amount is exact; none is marked approximate (约)."))

    by_section = inv.investment_by_section(tl)
    silent = by_section.loc[by_section["tasks_disclosed"] == 0, "section_no"]
    top_section = by_section.sort_values("investment_wan", ascending=False).iloc[0]
    section_lines = [_t(
        lang,
        f"{section_ref(tl, int(top_section['section_no']), lang)}的已披露金额最多，占{pct(top_section['share'])}。",
        f"{_cap(section_ref(tl, int(top_section['section_no']), lang))} has the most, {pct(top_section['share'])} "
        "of the disclosed total.",
    )]
    if len(silent):
        names = join([section_ref(tl, int(s), lang) for s in silent], lang)
        section_lines.append(_t(lang, f"{names}没有任何任务披露金额：其金额未知，表中记为“—”，图中不画柱，不记为0。",
                                f"No task of {names} discloses an amount: {verb(len(silent), 'its amount is', 'their amounts are')} "
                                "unknown, shown as “—” in the tables and without a bar in the figures, never as 0."))

    by_department = inv.investment_by_department(tl)
    top_dept = by_department.iloc[0]
    dept = name_in("department", top_dept["department"], lang)
    top_amount = wan(top_dept["investment_wan"], lang, approx=bool(top_dept["investment_wan_approx"]))
    department_lines = [_t(
        lang,
        f"按第一牵头部门计，{dept}名下最多：{top_amount}（{pct(top_dept['share'])}），"
        f"来自其牵头的{top_dept['tasks_disclosed']}项披露金额的任务。",
        f"Credited to the first-listed lead department, {dept} has the most: "
        f"{top_amount} ({pct(top_dept['share'])}), from "
        f"{count(int(top_dept['tasks_disclosed']), lang)} with an amount that it leads.",
    )]
    if top_dept["tasks_disclosed"] == 1:
        led = tasks[(tasks["lead_department"] == top_dept["department"]) & tasks["investment_wan"].notna()]
        ref = task_ref(tl, int(led.index[0]), lang)
        department_lines.append(_t(lang, f"这笔金额全部来自{ref}。", f"That amount is a single task, {ref}."))
    unknown = by_department[by_department["investment_wan"].isna()]
    if len(unknown):
        k, m = len(unknown), int(unknown["tasks"].sum())
        department_lines.append(_t(
            lang, f"另有{k}个部门牵头的{m}项任务都没有披露金额：这些部门的金额未知，表中记为“—”，不记为0。",
            f"{k} other lead department{'' if k == 1 else 's'} disclose{'s' if k == 1 else ''} no amount for any of "
            f"{count(m, lang)} {verb(k, 'it leads', 'they lead')}: unknown, shown as “—”, never as 0.",
        ))

    overlap = inv.funding_overlap(tl)
    if overlap["disclosed_tasks_multi_level"]:
        funding_lines = [_t(
            lang,
            f"各资金层级金额之和为{wan(overlap['sum_over_levels_wan'], lang)}，是已披露总额的"
            f"{overlap['overlap_factor']:.2f}倍：{overlap['disclosed_tasks_multi_level']}项披露金额的任务列出多个层级，"
            "因此各层级金额相互重叠，不能相加。",
            f"The amounts by funding level add up to {wan(overlap['sum_over_levels_wan'], lang)}, "
            f"{overlap['overlap_factor']:.2f} times the disclosed total: "
            f"{count(overlap['disclosed_tasks_multi_level'], lang)} with an amount "
            f"{verb(overlap['disclosed_tasks_multi_level'], 'names', 'name')} several levels, so the "
            "levels' amounts overlap and must not be added up.",
        )]
    else:
        funding_lines = [_t(lang, "没有披露金额的任务列出多个资金层级，各层级金额互不重叠。",
                            "No task with an amount names more than one funding level, so the levels' amounts do not overlap.")]

    largest = inv.largest_tasks(tl)

    allocation = alloc.allocate_investment_to_towns(tl)
    by_town = alloc.investment_by_town(allocation)
    totals = by_town.set_index("town")["total_wan"]
    to_towns = float(totals.drop(list(TOWN_BUCKETS), errors="ignore").sum())
    equal = float(by_town["equal-split"].sum())
    district_wide = float(totals.get(TOWN_DISTRICT_WIDE, 0.0))
    unattributed = float(totals.get(TOWN_UNSPECIFIED, 0.0))
    flags = by_town.set_index("town")
    real = by_town[~by_town["town"].isin(TOWN_BUCKETS)]
    to_towns_text = wan(to_towns, lang, approx=bool(real["total_wan_approx"].any()))
    equal_text = wan(equal, lang, approx=bool(by_town["equal-split_approx"].any()))
    parts = [_t(lang, f"可归属到街镇的金额{to_towns_text}（占已披露总额的{pct(to_towns / total)}）",
                f"Attributable to towns: {to_towns_text} ({pct(to_towns / total)} of the disclosed total)")]
    if equal:
        parts[0] += _t(lang, f"，其中平均分摊（假设）{equal_text}",
                       f", of which {equal_text} by equal split (an assumption)")
    if district_wide:
        text = wan(district_wide, lang, approx=bool(flags.at[TOWN_DISTRICT_WIDE, "total_wan_approx"]))
        parts.append(_t(lang, f"全区任务不分摊的{text}", f"district-wide and not split: {text}"))
    if unattributed:
        text = wan(unattributed, lang, approx=bool(flags.at[TOWN_UNSPECIFIED, "total_wan_approx"]))
        parts.append(_t(lang, f"未指明街镇的{text}", f"no town named: {text}"))
    town_lines = [_t(lang, "；", "; ").join(parts) + _t(lang, "。", ".")]
    if len(real):
        top_town = real.iloc[0]
        town = name_in("town", top_town["town"], lang)
        split = top_town["equal-split"] if pd.notna(top_town["equal-split"]) else 0.0  # no equal split: NaN
        top_text = wan(top_town["total_wan"], lang, approx=bool(top_town["total_wan_approx"]))
        split_text = wan(split, lang, approx=bool(top_town["equal-split_approx"]))
        town_lines.append(_t(
            lang,
            f"{town}最多：{top_text}（{pct(top_town['total_wan'] / total)}）"
            + (f"，其中平均分摊{split_text}" if split else "") + "。",
            f"{town} has the most: {top_text} ({pct(top_town['total_wan'] / total)})"
            + (f", of which {split_text} by equal split" if split else "") + ".",
        ))
    town_lines += _equal_split_sentences(tl, allocation, lang)
    town_lines.append(_mostly_equal_split(allocation, by_town, lang))

    scenarios = sens.allocation_scenarios(tl)
    formula = sens.formula_split(tl, allocation)
    formula_lines = _formula_sentences(tl, formula, lang) or [_t(
        lang, "没有披露金额、涉及多个街镇的任务在资金来源中写明按片区的金额和配套比例，因此没有按资金来源公式的分摊。",
        "No task with an amount and several towns states an amount per area and matching ratios in its funding "
        "source, so there is no funding-formula split.",
    )]
    sensitivity = sens.allocation_sensitivity(scenarios, total)
    sensitivity_lines = _sensitivity_sentences(tl, scenarios, sensitivity, sens.town_sensitivity(scenarios), lang)

    return {
        "total": bullets(total_lines),
        "sections": bullets(section_lines),
        "departments": bullets(department_lines),
        "funding": bullets(funding_lines),
        "largest": bullets(_largest_sentences(tl, largest, lang)),
        "towns": bullets(town_lines),
        "formula": bullets(formula_lines),
        "sensitivity": bullets(sensitivity_lines),
    }


# ---------------------------------------------------------------------------------------
# 02 Department workload


def _groups(edges: pd.DataFrame) -> list[set]:
    """Connected groups of departments joined by shared tasks."""
    groups: list[set] = []
    for a, b in zip(edges["department_a"], edges["department_b"]):
        touching = [g for g in groups if a in g or b in g]
        merged = {a, b}.union(*touching)
        groups = [g for g in groups if g not in touching] + [merged]
    return groups


def _outside_plan_year(tl) -> pd.DataFrame:
    tasks = tl.tasks
    years = tasks["due"].map(lambda p: p.year)
    return tasks[years != tl.plan_year]


def _due_outside_sentence(tl, task_id: int, lang: str) -> str:
    task = tl.tasks.loc[task_id]
    when = _t(lang, "早于", "before") if task["due"].year < tl.plan_year else _t(lang, "晚于", "after")
    return _t(
        lang,
        f"{task_ref(tl, task_id, lang)}的计划完成时间为“{md(task['due_raw'])}”，{when}计划年度{tl.plan_year}年。"
        "它按原文保留（不删除、不改动），单列并标出；可能是笔误，但清单没有说明。",
        f"{_cap(task_ref(tl, task_id, lang))} is due “{md(task['due_raw'])}”, {when} the plan year {tl.plan_year}. "
        "It is kept as written (not dropped, not changed) and marked; it may be a typo, but the list does not say.",
    )


def _amount(row, column: str, lang: str) -> str:
    """An amount of a row of ``department_investment``, with 约/about when it includes an approximate one."""
    return wan(getattr(row, column), lang, approx=bool(getattr(row, inv.approx_column(column))))


def _department_investment_sentences(tl, investment: pd.DataFrame, lang: str) -> list[str]:
    """Investment per department under the reports' one convention (the lead), then the sensitivity."""
    tasks = tl.tasks
    disclosed = tasks["investment_wan"].notna()
    total = float(tasks["investment_wan"].sum())
    lines = []
    for row in investment[investment["lead_investment_wan"] > 0].head(TOP_DEPARTMENTS).itertuples():
        dept = name_in("department", row.department, lang)
        led = tasks[(tasks["lead_department"] == row.department) & disclosed]
        single = _t(lang, f"，全部来自{task_ref(tl, int(led.index[0]), lang)}",
                    f", all of it {task_ref(tl, int(led.index[0]), lang)}") if len(led) == 1 else ""
        lines.append(_t(
            lang,
            f"{dept}：牵头{count(row.lead_investment_tasks, lang)}披露金额的任务，{_amount(row, 'lead_investment_wan', lang)}"
            f"（{pct(row.lead_investment_wan / total)}）{single}；敏感性：加权{_amount(row, 'weighted_investment_wan', lang)}，"
            f"均分{_amount(row, 'equal_split_investment_wan', lang)}。",
            f"{dept}: leads {count(row.lead_investment_tasks, lang)} with an amount, "
            f"{_amount(row, 'lead_investment_wan', lang)} ({pct(row.lead_investment_wan / total)}){single}; sensitivity: "
            f"weighted {_amount(row, 'weighted_investment_wan', lang)}, equal split "
            f"{_amount(row, 'equal_split_investment_wan', lang)}.",
        ))
    co_lead_only = (investment["lead_investment_tasks"] == 0) & (investment["co_lead_investment_wan"] > 0)
    for row in investment[co_lead_only].itertuples():
        dept = name_in("department", row.department, lang)
        ids = sorted(int(t) for t in tasks.index[disclosed] if row.department in tasks.at[t, "departments"][1:])
        lines.append(_t(
            lang,
            f"{dept}不牵头任何披露金额的任务，按本报告口径名下为0；它共同牵头{task_ids(ids, lang)}"
            f"（{_amount(row, 'co_lead_investment_wan', lang)}），只在敏感性分摊中有金额：加权"
            f"{_amount(row, 'weighted_investment_wan', lang)}，均分{_amount(row, 'equal_split_investment_wan', lang)}。",
            f"{dept} leads no task with an amount, so it has none under the reports' convention; it co-leads "
            f"{task_ids(ids, lang)} ({_amount(row, 'co_lead_investment_wan', lang)}) and has an amount only in the "
            f"sensitivity splits: weighted {_amount(row, 'weighted_investment_wan', lang)}, equal split "
            f"{_amount(row, 'equal_split_investment_wan', lang)}.",
        ))
    # a department leading no disclosed task has nothing as lead: 0 in the gap between conventions
    gap = (investment["lead_investment_wan"].fillna(0.0) - investment["weighted_investment_wan"]).abs()
    if len(gap) and gap.max() > alloc.TOLERANCE_WAN:
        row = next(investment.loc[[gap.idxmax()]].itertuples())
        dept = name_in("department", row.department, lang)
        lines.append(_t(
            lang,
            f"两种口径相差最大的是{dept}：按牵头计{_amount(row, 'lead_investment_wan', lang)}，"
            f"按加权敏感性计{_amount(row, 'weighted_investment_wan', lang)}。",
            f"The two conventions differ most for {dept}: {_amount(row, 'lead_investment_wan', lang)} as lead, "
            f"{_amount(row, 'weighted_investment_wan', lang)} in the weighted sensitivity split.",
        ))
    else:
        lines.append(_t(lang, "没有任务列出共同牵头部门并披露金额，因此敏感性分摊与按牵头计的金额相同。",
                        "No task with an amount lists a co-lead, so the sensitivity splits equal the amounts as lead."))
    return lines


def workload_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the workload report states, per section: ``tasks``, ``investment``, ``network``,
    ``deadlines`` and ``caveats`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(workload_findings(qp.load(), "en")["tasks"].splitlines()[0])
        - 41 tasks involve 21 departments; 12 tasks list several departments, with 17 co-lead listings.
    """
    check(lang, LANGS, "lang")
    tasks, departments = tl.tasks, tl.departments
    n = len(tasks)
    workload = wl.department_workload(departments)
    per_task = departments.groupby("task_id").size()
    multi, co_leads = int((per_task > 1).sum()), int(workload["tasks_co_lead"].sum())
    task_lines = [_t(
        lang,
        f"{n}项任务共涉及{len(workload)}个部门；{multi}项任务列出多个部门，共同牵头{co_leads}次。",
        f"{count(n, lang)} {verb(n, 'involves', 'involve')} {count(len(workload), lang, '个', 'department')}; "
        f"{count(multi, lang)} {verb(multi, 'lists', 'list')} "
        f"several departments, with {co_leads} co-lead listing{'' if co_leads == 1 else 's'}.",
    )]
    for row in workload.head(TOP_DEPARTMENTS).itertuples():
        dept = name_in("department", row.department, lang)
        task_lines.append(_t(
            lang,
            f"{dept}：牵头{row.tasks_lead}项，共同牵头{row.tasks_co_lead}项，加权份额{row.weighted_share:.2f}"
            f"（占{row.weighted_share_pct:.1f}%），均分份额{row.equal_split_share:.2f}。",
            f"{dept}: leads {row.tasks_lead}, co-leads {row.tasks_co_lead}; weighted share {row.weighted_share:.2f} "
            f"({row.weighted_share_pct:.1f}%), equal-split share {row.equal_split_share:.2f}.",
        ))
    task_lines.append(_t(lang, f"加权份额与均分份额之和都等于任务数{n}。",
                         f"The weighted and the equal-split shares both add up to the {n} tasks."))

    disclosed = tasks["investment_wan"].notna()
    approx_ids = tasks.index[tasks["investment_is_approx"].astype(bool) & disclosed]
    if disclosed.any():
        approx_zh = f"，其中{task_ids(approx_ids, 'zh')}为约数（原文带“约”）" if len(approx_ids) else ""
        approx_en = f"; {task_ids(approx_ids, 'en')} approximate (约)" if len(approx_ids) else ""
        investment_lines = [_t(
            lang,
            f"{n}项任务中只有{int(disclosed.sum())}项披露了总投资，合计{wan(tasks['investment_wan'].sum(), lang)}{approx_zh}；"
            "未披露的任务不计为0，而是不在统计范围内。",
            f"Only {int(disclosed.sum())} of the {n} tasks {verb(int(disclosed.sum()), 'discloses', 'disclose')} "
            "a total investment, "
            f"{wan(tasks['investment_wan'].sum(), lang)} in all{approx_en}; tasks without one are left out, not "
            "counted as zero.",
        )]
        investment = wl.department_investment(departments, tasks)
        investment_lines += _department_investment_sentences(tl, investment, lang)
    else:
        investment_lines = [_t(lang, f"{n}项任务都没有披露总投资，因此各部门名下没有可统计的投资。",
                               f"None of the {n} tasks discloses a total investment, so no department has any to count.")]

    edges = wl.co_lead_edges(departments)
    if len(edges):
        groups = _groups(edges)
        linked = set().union(*groups)
        network_lines = [_t(
            lang,
            f"{len(edges)}对部门共同牵头过任务，共{int(edges['shared_tasks'].sum())}个部门对×任务；"
            f"{len(linked)}个部门有伙伴，分为{len(groups)}组。",
            f"{len(edges)} pair{'' if len(edges) == 1 else 's'} of departments share a task, "
            f"{int(edges['shared_tasks'].sum())} pair-task links; {count(len(linked), lang, '个', 'department')} "
            f"{verb(len(linked), 'has', 'have')} a partner, in {count(len(groups), lang, '组', 'group')}.",
        )]
        most = edges[edges["shared_tasks"] == edges["shared_tasks"].max()]
        if most["shared_tasks"].iloc[0] == 1:
            most = most.iloc[0:0]
            network_lines.append(_t(lang, "每对部门只共同牵头1项任务。", "No two departments share more than one task."))
        for row in most.itertuples():
            a, b = name_in("department", row.department_a, lang), name_in("department", row.department_b, lang)
            ids = [int(i) for i in row.task_ids.split(", ")]
            network_lines.append(_t(lang, f"最常共同牵头：{a}与{b}，{row.shared_tasks}项（{task_ids(ids, lang)}）。",
                                    f"Most shared: {a} and {b}, {count(row.shared_tasks, lang)} ({task_ids(ids, lang)})."))
        alone = sorted(set(workload["department"]) - linked)
        if alone:
            names = join([name_in("department", d, lang) for d in alone], lang)
            network_lines.append(_t(lang, f"只单独牵头的部门：{names}。", f"Departments that only lead alone: {names}."))
    else:
        network_lines = [_t(lang, "没有任务列出多个部门，因此没有共同牵头的部门。",
                            "No task lists more than one department, so no departments lead together.")]

    by_month = tasks["due"].value_counts().sort_index()
    deadline_lines = [_t(lang, "按计划完成月份的任务数：", "Tasks by due month: ") + _t(lang, "；", "; ").join(
        f"{month(m, lang)}{_t(lang, '：', ': ')}{count(int(k), lang)}" for m, k in by_month.items()
    ) + _t(lang, "。", ".")]
    outside = _outside_plan_year(tl)
    deadline_lines += [_due_outside_sentence(tl, int(t), lang) for t in outside.index]

    caveat_lines = []
    aliased = departments[departments["raw_name"] != departments["department"]]
    for row in aliased.itertuples():
        caveat_lines.append(_t(
            lang, f"任务{row.task_id}的牵头部门写作“{md(row.raw_name)}”，按别名读为{md(row.department)}。",
            f"Task {row.task_id} writes a short form ({md(row.raw_name)}), read as {name_in('department', row.department, 'en')}.",
        ))
    caveat_lines.append(investment_lines[0])
    caveat_lines += [_t(lang, f"{task_ref(tl, int(t), lang)}的计划完成时间{md(tasks.at[t, 'due_raw'])}按原文保留并标出。",
                        f"The due month {md(tasks.at[t, 'due_raw'])} of {task_ref(tl, int(t), lang)} is kept as written and marked.")
                     for t in outside.index]
    return {
        "tasks": bullets(task_lines),
        "investment": bullets(investment_lines),
        "network": bullets(network_lines),
        "deadlines": bullets(deadline_lines),
        "caveats": bullets(caveat_lines),
    }


# ---------------------------------------------------------------------------------------
# 03 Town coverage


def _mentioned_towns(tl, cells: pd.DataFrame) -> list[tuple[int, list[str], str]]:
    """Tasks whose goal, content or scale text names a town that the task does not name.

    A task names a town in its scope or its per-town breakdown; a district-wide task names
    none in particular. Returns (task_id, towns, basis of the task).
    """
    towns = list(load_reference().towns["town"])
    named = cells[cells["basis"].isin(cov.NAMED_BASES)].groupby("task_id")["town"].agg(set)
    basis = cells.groupby("task_id")["basis"].first()
    found = []
    for task_id, task in tl.tasks.iterrows():
        text = " ".join(str(task[f]) for f in ("goal", "content", "scale"))
        extra = [t for t in towns if t in text and t not in named.get(task_id, set())]
        if extra:
            found.append((int(task_id), extra, basis[task_id]))
    return found


def _district_wide_by_text(tl, cells: pd.DataFrame) -> pd.DataFrame:
    """The tasks counted as district-wide because their text, not their scope, says so.

    Only those the towns table does count as district-wide: a list loaded without the
    rule keeps them unspecified, and then nothing is said about it.
    """
    found = text_scope.district_wide_by_text(tl.tasks)
    wide = set(cells.loc[cells["basis"] == cov.BASIS_DISTRICT_WIDE, "task_id"])
    return found[found["task_id"].isin(wide)].reset_index(drop=True)


def coverage_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the town coverage report states, per section: ``basis``, ``unspecified``,
    ``towns``, ``named``, ``quantities``, ``tiles`` and ``caveats`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(coverage_findings(qp.load(), "en")["quantities"].splitlines()[1])
        - Task 7 Rural parking lots (units): 250 in 10 towns; the goal states 250.
    """
    check(lang, LANGS, "lang")
    ref = load_reference()
    district = list(ref.district_towns)
    n_district = len(district)
    cells = cov.coverage_cells(tl.towns, tl.tasks)
    by_basis = cov.tasks_by_basis(cells).set_index("basis")
    n = cov.basis_counts(tl.towns)  # the one count the quality report and the index page state too
    links = {b: int(by_basis.at[b, "links"]) for b in TOWN_BASES}
    outside = [t for t in cov.town_order(cells[cells["town"] != TOWN_UNSPECIFIED]) if t not in district
               and t in set(cells["town"])]
    named = cov.named_tasks(cells).set_index("town")["task_ids"]

    basis_lines = [_t(
        lang,
        f"涉及范围明确列出街镇的任务{n['explicit']}项（{links['explicit']}个任务–街镇关联）；"
        f"全区任务{n['district-wide']}项（每项计全部{n_district}个街镇，共{links['district-wide']}个关联）；"
        f"由建设规模分街镇数推得街镇的任务{n['from-breakdown']}项（{links['from-breakdown']}个关联）；"
        f"未指明街镇的任务{n['unspecified']}项。共{len(tl.tasks)}项。",
        f"Towns named in the scope: {count(n['explicit'], lang)} ({links['explicit']} task-town links); district-wide, "
        f"all {n_district} towns each: {count(n['district-wide'], lang)} "
        f"({links['district-wide']} links); towns from a per-town breakdown of the scale: "
        f"{count(n['from-breakdown'], lang)} ({links['from-breakdown']} links); no town specified: "
        f"{count(n['unspecified'], lang)}. {len(tl.tasks)} in all.",
    )]
    by_text = _district_wide_by_text(tl, cells)
    for row in by_text.itertuples():
        basis_lines.append(_t(
            lang, f"{task_ref(tl, row.task_id, lang)}的涉及范围没有指明地点（“{md(tl.tasks.at[row.task_id, 'scope'])}”），"
                  f"但{md(row.field)}写“{md(row.word)}”，因此按全区任务计入全部{n_district}个街镇；这一依据是从文字推断的。",
            f"{_cap(task_ref(tl, row.task_id, lang))} names no place in its scope, but its "
            f"{name_in('field', row.field, 'en').lower()} says “the whole district” ({md(row.word)}), so it counts as district-wide, "
            f"in all {n_district} towns: a basis inferred from the text.",
        ))
    for place in outside:
        basis_lines.append(_t(
            lang, f"{md(place)}（{task_ids(named[place], lang)}）不属于全区{n_district}个街镇，全区任务不计入它。",
            f"{name_in('town', place, lang)} ({task_ids(named[place], lang)}) is not one of the district's "
            f"{n_district} towns, so district-wide tasks do not count for it.",
        ))

    unspecified = cov.unspecified_tasks(cells)
    if len(unspecified):
        unspecified_lines = [_t(lang, f"未指明街镇的任务共{len(unspecified)}项：{task_ids(unspecified['task_id'], lang)}。",
                                f"{count(len(unspecified), lang)} name no town: {task_ids(unspecified['task_id'], lang)}.")]
        scope = tl.tasks.loc[unspecified["task_id"], "scope"].str.strip()
        slash = scope.index[scope == "/"]
        empty = labels.label("problem_kind", "empty-field", lang)
        for task_id in slash:
            unspecified_lines.append(_t(
                lang, f"{task_ref(tl, int(task_id), lang)}的涉及范围为“/”，读取时记为问题（{empty}）。",
                f"{_cap(task_ref(tl, int(task_id), lang))} has the scope \"/\", recorded as a problem ({empty}).",
            ))
        related = scope[scope != "/"]
        if len(related):
            words = related.unique()
            known = len(words) == 1 and words[0] in SCOPE_EN
            unspecified_lines.append(_t(
                lang,
                f"{'其余' if len(slash) else '这'}{len(related)}项的涉及范围为{join([f'“{md(w)}”' for w in words], lang)}，"
                "而建设规模没有按街镇分解。",
                (f"{'The other' if len(slash) else 'All'} {len(related)} say “{SCOPE_EN[words[0]]}” ({md(words[0])})" if known
                 else f"{'The other' if len(slash) else 'All'} {len(related)} give a scope that names no town")
                + " and break nothing down by town in the scale.",
            ))
    else:
        unspecified_lines = [_t(lang, "每项任务都落到了具体街镇。", "Every task reaches at least one named town.")]

    per_town = cov.tasks_per_town(cells)
    in_district = per_town[per_town["town"].isin(district)]
    top = in_district[in_district["total"] == in_district["total"].max()]
    low = in_district[in_district["total"] == in_district["total"].min()]
    town_names = lambda rows: join([name_in("town", t, lang) for t in rows["town"]], lang)  # noqa: E731
    each_zh, each_en = ("各" if len(top) > 1 else ""), (" each" if len(top) > 1 else "")
    low_zh, low_en = ("各" if len(low) > 1 else ""), (" each" if len(low) > 1 else "")
    town_lines = [
        _t(lang, f"涉及任务最多的街镇：{town_names(top)}（{each_zh}{top['total'].iloc[0]}项）；"
                 f"最少：{town_names(low)}（{low_zh}{low['total'].iloc[0]}项）。",
           f"Most tasks: {town_names(top)} ({top['total'].iloc[0]}{each_en}); "
           f"fewest: {town_names(low)} ({low['total'].iloc[0]}{low_en})."),
        _t(lang, f"全区{n_district}个街镇的任务数在{in_district['total'].min()}–{in_district['total'].max()}项之间；"
                 f"其中点名该街镇的任务为{in_district['named'].min()}–{in_district['named'].max()}项。",
           f"Across the district's {n_district} towns: {in_district['total'].min()}–{in_district['total'].max()} "
           f"tasks each; tasks naming the town: {in_district['named'].min()}–{in_district['named'].max()}."),
    ]
    if n["district-wide"]:
        town_lines.append(_t(
            lang, f"{n['district-wide']}项全区任务对{n_district}个街镇各计一次，因此街镇之间的差别全部来自点名的任务。",
            f"The {count(n['district-wide'], lang)} that {verb(n['district-wide'], 'is', 'are')} district-wide "
            f"{verb(n['district-wide'], 'counts', 'count')} once for each of the {n_district} "
            "towns, so every difference between towns comes from the tasks that name them.",
        ))
    lower_bound = _t(
        lang, f"未指明街镇的{n['unspecified']}项任务不计入任何街镇，因此各街镇的任务数是下限。",
        f"The {count(n['unspecified'], lang)} that {verb(n['unspecified'], 'names', 'name')} no town "
        f"{verb(n['unspecified'], 'counts', 'count')} for none, so the per-town counts are lower bounds.",
    ) if n["unspecified"] else ""
    town_lines.append(lower_bound)
    for place in outside:
        total = int(per_town.set_index("town").at[place, "total"])
        town_lines.append(_t(lang, f"{md(place)}：{total}项任务。", f"{name_in('town', place, lang)}: {count(total, lang)}."))

    explicit = cells[cells["basis"] == "explicit"].groupby("town")["task_id"].agg(set)
    parts = tl.quantities[tl.quantities["town"].notna()]
    named_lines, unnamed = [], []
    for town in district:
        if town in explicit.index:
            continue
        rows = parts[parts["town"] == town]
        town_name = name_in("town", town, lang)
        if rows.empty:
            unnamed.append(town)
            continue
        where = _t(lang, "；", "; ").join(
            f"{task_ids([r.task_id], lang)}：{metric_ref(r.metric, r.unit, lang)} {number(r.quantity)}"
            if lang == "zh" else f"{task_ids([r.task_id], lang)}: {metric_ref(r.metric, r.unit, lang)} {number(r.quantity)}"
            for r in rows.itertuples()
        )
        named_lines.append(_t(lang, f"{md(town)}只出现在建设规模的分街镇数中（{where}），涉及范围从未列出它。",
                              f"{town_name} appears only in per-town breakdowns of the scale ({where}); no scope names it."))
    if unnamed:
        names = join([name_in("town", t, lang) for t in unnamed], lang)
        named_lines.append(_t(
            lang, f"没有任务点名{names}：" + (f"{'它们' if len(unnamed) > 1 else '它'}只经由全区任务计入。"
                                           if n["district-wide"] else "没有任务涉及。"),
            f"No task names {names}: "
            + (f"{verb(len(unnamed), 'it counts', 'they count')} only through district-wide tasks."
               if n["district-wide"] else f"no task reaches {verb(len(unnamed), 'it', 'them')}."),
        ))
    for place in outside:
        named_lines.append(_t(
            lang, f"{md(place)}只由{task_ids(named[place], lang)}点名，不属于全区{n_district}个街镇，因此全区任务不计入它。",
            f"{name_in('town', place, lang)} is named only by {task_ids(named[place], lang)} and is not one of the "
            f"district's {n_district} towns, so no district-wide task counts for it.",
        ))
    if not named_lines:
        named_lines.append(_t(lang, f"全区{n_district}个街镇都至少在一项任务的涉及范围中被列出。",
                              f"Each of the district's {n_district} towns is named in the scope of at least one task."))

    totals = qual.totals_comparison(tl)
    if len(totals):
        metrics = _t(lang, "、", ", ").join(
            f"{metric_ref(r.metric, r.unit, lang)}（{task_ids([r.task_id], lang)}）" if lang == "zh"
            else f"{metric_ref(r.metric, r.unit, lang)} ({task_ids([r.task_id], lang)})"
            for r in totals.itertuples()
        )
        quantity_lines = [_t(lang, f"建设规模按街镇分解的指标共{len(totals)}项：{metrics}。",
                             f"The scale breaks {count(len(totals), lang, '项', 'metric')} down by town: {metrics}.")]
        for r in totals.itertuples():
            metric = metric_ref(r.metric, r.unit, lang)
            stated = (_t(lang, f"建设目标写明{number(r.stated_total)}", f"the goal states {number(r.stated_total)}")
                      if pd.notna(r.stated_total) else _t(lang, "建设目标没有写明合计", "the goal states no total"))
            quantity_lines.append(_t(
                lang, f"{task_ids([r.task_id], lang)} {metric}：{r.towns}个街镇合计{number(r.breakdown_sum)}；{stated}。",
                f"{_cap(task_ids([r.task_id], lang))} {metric}: {number(r.breakdown_sum)} in "
                f"{count(r.towns, lang, '个', 'town')}; {stated}.",
            ))
        mismatches = [_t(
            lang, f"{task_ids([r.task_id], lang)}的{metric_ref(r.metric, r.unit, lang)}分街镇数合计"
                  f"{number(r.breakdown_sum)}，而建设目标写{number(r.stated_total)}；两者均按原文保留。",
            f"{_cap(task_ids([r.task_id], lang))}'s {metric_ref(r.metric, r.unit, lang)} add up to "
            f"{number(r.breakdown_sum)} by town, while the goal states {number(r.stated_total)}; both are kept as published.",
        ) for r in totals[totals["status"] == "mismatch"].itertuples()]
        quantity_lines += mismatches
    else:
        mismatches = []
        quantity_lines = [_t(lang, "建设规模中没有按街镇分解的数量。", "The scale breaks no quantity down by town.")]

    tile_lines = [_t(lang, "任务数示意图按点名各街镇的任务数着色，色阶从0开始。",
                     "The task tile map is coloured by the tasks that name each town, on a scale from 0.")]
    few = in_district[in_district["named"] == in_district["named"].min()]
    many = in_district[in_district["named"] == in_district["named"].max()]
    if len(in_district) > 1 and in_district["named"].min() != in_district["named"].max():
        named_min, named_max = int(few["named"].iloc[0]), int(many["named"].iloc[0])
        tile_lines.append(_t(
            lang, f"点名最少的是{town_names(few)}（{named_min}项），最多的是{town_names(many)}（{named_max}项）"
                  + (f"；加上每个街镇都有的{n['district-wide']}项全区任务，分别为{named_min + n['district-wide']}项和"
                     f"{named_max + n['district-wide']}项。" if n["district-wide"] else "。"),
            f"Fewest tasks naming the town: {town_names(few)} ({named_min}); most: {town_names(many)} ({named_max})"
            + (f"; with the {count(n['district-wide'], lang)} that every town shares as district-wide, "
               f"{named_min + n['district-wide']} and {named_max + n['district-wide']}." if n["district-wide"] else "."),
        ))
    no_tile = ref.towns.loc[ref.towns["tile_row"].isna(), "town"]
    shown = [t for t in outside if t in set(no_tile)]
    if shown:
        tile_lines.append(_t(lang, f"{join(map(md, shown), lang)}没有方块位置，在图注中列出。",
                             f"{join([name_in('town', t, lang) for t in shown], lang)} has no tile and is listed in the note."))
    quantities = cov.town_quantities(tl.quantities)
    for (task_id, metric, unit), part in quantities.groupby(["task_id", "metric", "unit"], sort=False):
        values = part.set_index("town")["quantity"]
        missing = [t for t in part.loc[~part["in_breakdown"], "town"] if t in district]
        listed = values[part.set_index("town")["in_breakdown"]]
        most = listed[listed == listed.max()].index
        sentence = _t(
            lang,
            f"{metric_ref(metric, unit, lang)}（{task_ids([task_id], lang)}）：合计{number(values.sum())}；",
            f"{metric_ref(metric, unit, lang)} ({task_ids([task_id], lang)}): {number(values.sum())} in all; ",
        ) + (_t(
            lang, f"列入分解的{len(listed)}个街镇各{number(listed.max())}",
            f"{number(listed.max())} in each of the {len(listed)} towns of the breakdown",
        ) if len(most) == len(listed) else _t(
            lang, f"最多的是{join(map(md, most), lang)}（{number(listed.max())}）",
            f"most in {join([name_in('town', t, lang) for t in most], lang)} ({number(listed.max())})",
        ))
        if missing:
            sentence += _t(lang, f"；未列入分解、记为0：{join(map(md, missing), lang)}",
                           f"; not in the breakdown, shown as 0: {join([name_in('town', t, lang) for t in missing], lang)}")
        tile_lines.append(sentence + _t(lang, "。", "."))

    caveat_lines = []
    for task_id, towns, basis in _mentioned_towns(tl, cells):
        names = join([name_in("town", t, lang) for t in towns], lang)
        ref_task = task_ref(tl, task_id, lang)
        if basis == "district-wide":
            caveat_lines.append(_t(
                lang, f"{ref_task}的建设目标、内容或规模提到{names}，但该任务按“{n_district}个街镇”计为全区任务，不算点名这些街镇。",
                f"{_cap(ref_task)} mentions {names} in its goal, content or scale, but it counts as district-wide "
                "from its scope, not as naming these towns.",
            ))
        else:
            caveat_lines.append(_t(
                lang, f"{ref_task}的建设目标、内容或规模提到{names}，但涉及范围和分街镇数没有列出，因此不计入。",
                f"{_cap(ref_task)} mentions {names} in its goal, content or scale, but neither its scope nor a "
                "per-town breakdown names them, so they are not counted.",
            ))
    if len(by_text):
        caveat_lines.append(_t(
            lang, f"{task_ids(by_text['task_id'], lang)}按文字（{'、'.join(f'“{md(w)}”' for w in by_text['word'].unique())}）"
                  "推断为全区任务，原文的涉及范围没有指明地点。",
            f"{_cap(task_ids(by_text['task_id'], lang))} {verb(len(by_text), 'counts', 'count')} as district-wide "
            f"from the words of the text ({', '.join(map(md, by_text['word'].unique()))}: the whole district); the scope as "
            "published names no place.",
        ))
    caveat_lines += [lower_bound, *mismatches]

    return {
        "basis": bullets(basis_lines),
        "unspecified": bullets(unspecified_lines),
        "towns": bullets(town_lines),
        "named": bullets(named_lines),
        "quantities": bullets(quantity_lines),
        "tiles": bullets(tile_lines),
        "caveats": bullets(caveat_lines),
    }


# ---------------------------------------------------------------------------------------
# 04 Data quality


def _field(field: str, lang: str) -> str:
    return name_in("field", field, lang)


def quality_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the data quality report states, per section: ``problems``, ``totals``,
    ``interpretations`` and ``completeness`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(quality_findings(qp.load())["totals"].splitlines()[0])
        - 共核对6个分街镇分解：5个与建设目标的合计一致，1个不一致，0个建设目标没有写明合计。
    """
    check(lang, LANGS, "lang")
    problems = tl.problems
    if len(problems):
        summary = qual.problem_summary(tl)
        problem_lines = [_t(
            lang,
            f"读取时共发现{len(problems)}个问题，分{len(summary)}类，涉及{problems['task_id'].nunique()}项任务。",
            f"{len(problems)} problem{'' if len(problems) == 1 else 's'} found while reading, of "
            f"{count(len(summary), lang, '类', 'kind')}, concerning {count(problems['task_id'].nunique(), lang)}.",
        )]
        for row in summary.itertuples():
            ids = sorted(int(t) for t in problems.loc[problems["kind"] == row.kind, "task_id"].dropna())
            where = _t(lang, f"（{task_ids(ids, lang)}）", f" ({task_ids(ids, lang)})") if ids else ""
            kind = labels.label("problem_kind", row.kind, lang)
            problem_lines.append(_t(lang, f"{kind}：{row.problems}个{where}。", f"{kind}: {row.problems}{where}."))
    else:
        problem_lines = [_t(lang, "读取时没有发现问题。", "No problem was found while reading.")]

    totals = qual.totals_comparison(tl)
    if len(totals):
        status = totals["status"].value_counts()
        total_lines = [_t(
            lang,
            f"共核对{len(totals)}个分街镇分解：{status.get('agrees', 0)}个与建设目标的合计一致，"
            f"{status.get('mismatch', 0)}个不一致，{status.get('no-stated-total', 0)}个建设目标没有写明合计。",
            f"{len(totals)} per-town breakdown{'' if len(totals) == 1 else 's'} checked against the goal's total: "
            f"agree {status.get('agrees', 0)}, disagree {status.get('mismatch', 0)}, no stated total "
            f"{status.get('no-stated-total', 0)}.",
        )]
        for r in totals[totals["status"] == "mismatch"].itertuples():
            metric = metric_ref(r.metric, r.unit, lang)
            total_lines.append(_t(
                lang, f"{task_ids([r.task_id], lang)} {metric}：分街镇数之和{number(r.breakdown_sum)}，"
                      f"建设目标写明{number(r.stated_total)}（差{r.difference:+,g}）。",
                f"{_cap(task_ids([r.task_id], lang))} {metric}: the per-town figures add up to {number(r.breakdown_sum)}, "
                f"the goal states {number(r.stated_total)} (difference {r.difference:+,g}).",
            ))
        sizes = totals.assign(size=totals[["breakdown_sum", "stated_total"]].astype(float).max(axis=1))
        sizes = sizes[sizes["size"] > 0]
        if len(sizes) >= 2 and sizes["size"].max() >= WIDE_RANGE * sizes["size"].min():
            small, big = sizes.loc[sizes["size"].idxmin()], sizes.loc[sizes["size"].idxmax()]
            total_lines.append(_t(
                lang,
                f"各指标的量级差别很大（从{metric_ref(small['metric'], small['unit'], lang)}的{number(small['size'])}"
                f"到{metric_ref(big['metric'], big['unit'], lang)}的{number(big['size'])}），因此图中横轴为对数刻度。",
                f"The metrics differ greatly in size (from {number(small['size'])} "
                f"{metric_ref(small['metric'], small['unit'], lang)} to {number(big['size'])} "
                f"{metric_ref(big['metric'], big['unit'], lang)}), so the chart's axis is logarithmic.",
            ))
    else:
        total_lines = [_t(lang, "建设规模中没有按街镇分解的数字，无需核对合计。",
                          "The scale breaks no figure down by town, so there is no total to check.")]

    interp = qual.interpretations(tl)
    counts = qual.rule_counts(interp).set_index(["field", "rule"])["values"]
    c = lambda field, rule: int(counts.get((field, rule), 0))  # noqa: E731
    amounts = c("总投资(万元)", "plain-number") + c("总投资(万元)", "approx-prefix")
    scope = cov.basis_counts(tl.towns)  # the one count the coverage report and the index page state too
    interpretation_lines = [
        _t(lang, f"逐项解读共{len(interp)}行（{interp['task_id'].nunique()}项任务×{interp['field'].nunique()}个字段）。",
           f"{len(interp)} readings ({count(interp['task_id'].nunique(), lang)} × "
           f"{count(interp['field'].nunique(), lang, '', 'field')})."),
        _t(lang, f"{_field('总投资(万元)', lang)}：{amounts}个金额（其中{c('总投资(万元)', 'approx-prefix')}个约数），"
                 f"{c('总投资(万元)', 'none-marker')}个“/”为未披露，记为未知（NaN），不记为0。",
           f"{_field('总投资(万元)', lang)}: {count(amounts, lang, '', 'amount')} ({c('总投资(万元)', 'approx-prefix')} approximate); "
           f"{c('总投资(万元)', 'none-marker')} \"/\" (not disclosed) kept unknown (NaN), never 0."),
        _t(lang, f"{_field('涉及范围', lang)}：全区{scope[BASIS_DISTRICT_WIDE]}项，明确列出{scope[BASIS_EXPLICIT]}项，"
                 f"由分街镇数推得{scope[BASIS_FROM_BREAKDOWN]}项，未指明{scope[BASIS_UNSPECIFIED]}项。",
           f"{_field('涉及范围', lang)}: {scope[BASIS_DISTRICT_WIDE]} district-wide, {scope[BASIS_EXPLICIT]} "
           f"named, {scope[BASIS_FROM_BREAKDOWN]} from the breakdown, {scope[BASIS_UNSPECIFIED]} unspecified."),
        _t(lang, f"{_field('牵头部门', lang)}：{c('牵头部门', 'alias')}项任务用了简称或别称。",
           f"{_field('牵头部门', lang)}: {count(c('牵头部门', 'alias'), lang)} needed an alias."),
        _t(lang, f"{_field('上半年目标', lang)}：{c('上半年目标', 'whole-year')}项任务只填写了上半年目标，其文字视为全年目标。",
           f"{_field('上半年目标', lang)}: {count(c('上半年目标', 'whole-year'), lang)} "
           f"{verb(c('上半年目标', 'whole-year'), 'fills', 'fill')} in only the H1 target, "
           "read as the whole year's."),
    ]

    table = qual.completeness(qual.field_status(tl))
    gaps = table[(table["none_marker"] > 0) | (table["empty"] > 0)]
    completeness_lines = [_t(
        lang, f"{_field(r.field, lang)}：{r.filled}项填写，{r.none_marker}项写“/”，{r.empty}项空白（共{r.tasks}项）。",
        f"{_field(r.field, lang)}: {r.filled} filled, {r.none_marker} \"/\", {r.empty} empty (of {r.tasks}).",
    ) for r in gaps.itertuples()]
    complete = len(table) - len(gaps)
    completeness_lines.append(_t(lang, f"每项任务都填写了的字段：{complete}个（共{len(table)}个）。",
                                 f"Fields every task fills: {complete} of {len(table)}."))
    return {
        "problems": bullets(problem_lines),
        "totals": bullets(total_lines),
        "names": bullets(name_lines(tl, lang)),
        "interpretations": bullets(interpretation_lines),
        "completeness": bullets(completeness_lines),
    }


def _fields(fields, lang: str) -> str:
    return join([name_in("field", f, lang) for f in fields], lang)


def name_lines(tl, lang: str = "zh") -> list[str]:
    """Sentences on place names that disagree between a task's fields (:mod:`qpanalysis.analysis.consistency`).

    Example:
        >>> import qpanalysis as qp
        >>> print(name_lines(qp.load(), "zh")[1])
        任务2（加强乡村风貌保护设计）：建设规模写“金泽山深单元”，而上半年目标、第三季度目标、第四季度目标写“西岑单元”，没有一个字段同时提到两者。
    """
    check(lang, LANGS, "lang")
    mentions = cons.name_mentions(tl.tasks)
    pairs = cons.name_disagreements(mentions)
    words = [labels.label("place_kind", k, lang) for k in cons.PLACE_KINDS]
    kinds = "、".join(words[:-1]) + "或" + words[-1] if lang == "zh" else ", ".join(words[:-1]) + " or " + words[-1]
    if pairs.empty:
        return [_t(lang, f"各项任务的字段之间没有互相矛盾的地名（{kinds}）。",
                   f"No task names one place ({kinds}) in some fields and another of the same kind in the others.")]
    lines = [_t(
        lang, f"{pairs['task_id'].nunique()}项任务的字段之间地名不一致，共{len(pairs)}处：一个字段写某个{kinds}，"
              "其他字段写另一个同类地名，且没有一个字段同时提到两者。这可能是笔误，也可能是同一地点的两种叫法，需对照原文核实。",
        f"{count(pairs['task_id'].nunique(), lang)} name{verb(pairs['task_id'].nunique(), 's', '')} places that "
        f"disagree between fields ({count(len(pairs), lang, '处', 'pair')}): one field names a {kinds}, "
        "the others another of the same kind, and no field mentions both. It may be a typo or two names for one "
        "place: check against the source.",
    )]
    for row in pairs.itertuples():
        kind = labels.label("place_kind", row.kind, lang)
        lines.append(_t(
            lang, f"{task_ref(tl, row.task_id, lang)}：{_fields(row.fields, lang)}写“{md(row.place)}”，而"
                  f"{_fields(row.other_fields, lang)}写“{md(row.other_place)}”，没有一个字段同时提到两者。",
            f"{_cap(task_ref(tl, row.task_id, lang))}: the {_fields(row.fields, lang)} "
            f"{verb(len(row.fields), 'names', 'name')} one {kind} ({md(row.place)}), the "
            f"{_fields(row.other_fields, lang)} another ({md(row.other_place)}); no field mentions both.",
        ))
    return lines


# ---------------------------------------------------------------------------------------
# 05 Quarterly report

# How many tasks a sentence names one by one; beyond that it only counts them.
FEW_TASKS = 5
# The mark of a task whose due month precedes the plan year, in charts, tables' notes and
# sentences: such a task is flagged wherever it is counted.
EARLY_DUE_MARK = "‡"
# Columns holding Chinese text as published (milestone texts, progress notes): an English
# table replaces the milestone text by its parsed target and leaves the others out.
CHINESE_TEXT_COLUMNS = ("text", "from_text", "note")


def _measure_name(code: str, lang: str) -> str:
    """A headline number's label for a sentence: without the unit in brackets or the leading ellipsis."""
    text = labels.label("quarter_measure", code, lang)
    return re.sub(r"（[^（）]*）$", "", text).removeprefix("… ").strip()


def _flagged_ref(tl, task_id: int, lang: str) -> str:
    early = tl.tasks.at[task_id, "due"].year < tl.plan_year
    return task_ref(tl, task_id, lang) + (EARLY_DUE_MARK if early else "")


def _refs(tl, ids, lang: str) -> str:
    return join([_flagged_ref(tl, int(t), lang) for t in ids], lang)


def target_description(kind: str, target_pct, target_quantity, target_unit, lang: str) -> str | None:
    """A milestone's target in words a reader of ``lang`` can read (English tables show it for the Chinese text).

    Example:
        >>> target_description("percent", 50.0, None, None, "en"), target_description("quantity", None, 2.2, "公里", "en")
        ('50% complete', '2.2 km')
        >>> target_description("percent", None, None, None, "en"), target_description("qualitative", None, None, None, "zh")
        ('several percentages (no single target)', '定性目标')
        >>> target_description("qualitative", None, None, None, "en")
        'text in Chinese only'
    """
    check(lang, LANGS, "lang")
    if kind == "percent" and pd.notna(target_pct):
        return _t(lang, f"完成{target_pct:g}%", f"{target_pct:g}% complete")
    if kind == "percent":
        return _t(lang, "多个百分比（无单一目标）", "several percentages (no single target)")
    if kind == "quantity" and pd.notna(target_quantity):
        unit = labels.label("unit", target_unit, lang) if isinstance(target_unit, str) and target_unit else ""
        return f"{number(target_quantity)}{unit}" if lang == "zh" else f"{number(target_quantity)} {unit}".strip()
    if kind == "qualitative":
        return _t(lang, "定性目标", "text in Chinese only")
    return None


def for_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A quarterly table for readers of ``lang``: in English, no Chinese text as published.

    A milestone's parsed target (``target_pct``, ``target_quantity``, ``target_unit``)
    and its ``text`` become one column: the Chinese report quotes the text as published;
    the English one shows the parsed ``target`` (see :func:`target_description`) and
    leaves out ``from_text`` and ``note``, which have no translation.

    Example:
        >>> t = pd.DataFrame({"task_id": [7], "kind": ["percent"], "target_pct": [50.0], "target_quantity": [None],
        ...                   "target_unit": [None], "text": ["完成50%"], "note": ["备注"]})
        >>> list(for_language(t, "en").columns), for_language(t, "en")["target"].tolist()
        (['task_id', 'kind', 'target'], ['50% complete'])
        >>> list(for_language(t, "zh").columns)
        ['task_id', 'kind', 'text', 'note']
    """
    check(lang, LANGS, "lang")
    helpers = [c for c in ("target_pct", "target_quantity", "target_unit") if c in frame]
    if lang == "zh":
        return frame.drop(columns=helpers) if "text" in frame else frame
    out = frame.copy()
    if "text" in out:
        kinds = out["kind"] if "kind" in out else pd.Series("qualitative", index=out.index)
        column = lambda name: out[name] if name in out else pd.Series(None, index=out.index)  # noqa: E731
        out.insert(list(out.columns).index("text"), "target", [
            target_description(k, p, q, u, "en")
            for k, p, q, u in zip(kinds, column("target_pct"), column("target_quantity"), column("target_unit"))
        ])
        out = out.drop(columns=helpers)
    return out.drop(columns=[c for c in CHINESE_TEXT_COLUMNS if c in out])


def early_due_note(ids, due_raws, lang: str) -> str:
    """The note under a chart or table that counts tasks due before the plan year (marked ‡).

    Example:
        >>> early_due_note([28], ["2025.11"], "en")  # doctest: +NORMALIZE_WHITESPACE
        '‡ Due month before the plan year (task 28: 2025.11). Read as written, every milestone of such a task
        fell due before the year began, so it is expected at its last target all year; the sensitivity table
        shows the numbers with the month read in the plan year.'
        >>> early_due_note((), (), "zh")[:18]
        '‡ 计划完成时间早于计划年度。按原文'
    """
    check(lang, LANGS, "lang")
    which = join([f"{task_ids([t], lang)}：{raw}" if lang == "zh" else f"{task_ids([t], lang)}: {raw}"
                  for t, raw in zip(ids, due_raws)], lang) if len(ids) else ""
    where = _t(lang, f"（{which}）", f" ({which})") if which else ""
    return _t(
        lang,
        f"{EARLY_DUE_MARK} 计划完成时间早于计划年度{where}。按原文，其全部节点在计划年度开始前已到期，"
        "全年应达其最后一个节点目标；敏感性表给出把该月份读作计划年度同月时的数字。",
        f"{EARLY_DUE_MARK} Due month before the plan year{where}. Read as written, every milestone of such a task "
        "fell due before the year began, so it is expected at its last target all year; the sensitivity table "
        "shows the numbers with the month read in the plan year.",
    )


def quarter_heading(tl, quarter: str, as_of=None, lang: str = "zh") -> str:
    """The report's subtitle: the list, the period and the date progress is judged at.

    Example:
        >>> import qpanalysis as qp
        >>> quarter_heading(qp.load(), "Q3", lang="en")
        '## 2026 Qingpu District Rural Construction Action Task List: third quarter, as of 30 September 2026'
    """
    check(lang, LANGS, "lang")
    as_of = qtr.quarter_end(quarter, tl.plan_year) if as_of in (None, "") else pd.Timestamp(as_of).normalize()
    when = qtr.date_label(as_of, lang)
    return _t(lang, f"## {md(list_title(tl, lang))}：{qtr.quarter_label(quarter)}（截至{when}）",
              f"## {md(list_title(tl, 'en'))}: {qtr.quarter_label(quarter, 'en')}, as of {when}")


def _status_counts(c: dict, lang: str) -> str:
    shown = [(labels.label("progress_status", s, lang), n) for s, n in c.items()]
    if lang == "zh":
        return "，".join(f"{name}{n}项" for name, n in shown)
    return ", ".join(f"{name.lower()} {n}" for name, n in shown)


def _summary_lines(tl, s: dict, alt: dict, expected: pd.DataFrame, lang: str) -> list[str]:
    q_zh, q_en = qtr.quarter_label(s["quarter"]), qtr.quarter_label(s["quarter"], "en")
    when = qtr.date_label(s["as_of"], lang)
    n = s["n_tasks"]
    lines = []
    if s["n_milestones_due"]:
        m = s["n_milestones_due"]
        lines.append(_t(
            lang,
            f"{q_zh}共有{m}个里程碑到期，涉及{s['n_tasks_with_milestones_due']}项任务：百分比目标{s['n_milestones_percent']}个，"
            f"数量目标{s['n_milestones_quantity']}个，定性目标{s['n_milestones_qualitative']}个。",
            f"{count(m, lang, '', 'milestone')} {verb(m, 'falls', 'fall')} due in the {q_en}, across "
            f"{count(s['n_tasks_with_milestones_due'], lang)}: {s['n_milestones_percent']} percentage, "
            f"{s['n_milestones_quantity']} quantity and {s['n_milestones_qualitative']} qualitative "
            f"{verb(s['n_milestones_qualitative'], 'target', 'targets')}.",
        ))
    else:
        lines.append(_t(lang, f"{q_zh}没有里程碑到期。", f"No milestone falls due in the {q_en}."))
    if s["n_milestones_before_plan_year"]:
        early = qtr.milestones_due(tl, s["quarter"])
        ids = sorted(early.loc[early["before_plan_year"], "task_id"].unique())
        k = s["n_milestones_before_plan_year"]
        lines.append(_t(
            lang, f"其中{k}个里程碑（{_refs(tl, ids, lang)}）因计划完成时间早于计划年度而计入{q_zh}，见下文说明。",
            f"{k} of them ({_refs(tl, ids, lang)}) {verb(k, 'is', 'are')} counted here only because the due month "
            "precedes the plan year; see the note below.",
        ))

    due = qtr.tasks_due_by(tl, s["quarter"])
    k = len(due)
    if k == n:
        lines.append(_t(lang, f"全部{n}项任务的计划完成时间都在{q_zh}末或之前。",
                        f"All {n} tasks reach their planned completion month by the end of the {q_en}."))
    elif k == 0:
        lines.append(_t(lang, f"没有任务的计划完成时间在{q_zh}末或之前。",
                        f"No task reaches its planned completion month by the end of the {q_en}."))
    else:
        named = ""
        if k <= FEW_TASKS:
            refs = [f"{_flagged_ref(tl, int(r.task_id), lang)}{_t(lang, '，', ', ')}{md(r.due_raw)}" for r in due.itertuples()]
            named = _t(lang, "：", ": ") + _t(lang, "；", "; ").join(refs)
        lines.append(_t(lang, f"全部{n}项任务中，计划完成时间在{q_zh}末或之前的有{k}项{named}。",
                        f"{k} of the {n} tasks {verb(k, 'reaches its', 'reach their')} planned completion month by the "
                        f"end of the {q_en}{named}."))

    e = s["n_tasks_expected"]
    if e:
        lines.append(_t(
            lang,
            f"应达进度只对有单一百分比或数量目标的任务计算：{e}项（共{n}项），其中百分比目标{s['n_tasks_pct']}项、"
            f"数量目标{s['n_tasks_quantity']}项；其余{n - e}项只有定性目标或在同一节点给出多个百分比，不计算应达进度，"
            "也不取平均值。",
            f"An expected completion exists only for tasks with a single percentage or quantity target: {e} of the "
            f"{n} tasks ({s['n_tasks_pct']} percentage, {s['n_tasks_quantity']} quantity); the other {n - e} state only "
            "qualitative targets or several percentages in one milestone. No average is taken.",
        ))
        bands = [(labels.label("completion_band", b, lang), v) for b, v in s["bands"].items()]
        early = expected[expected["due_before_plan_year"] & expected["target_kind"].isin(("percent", "quantity"))]
        flagged = "".join(_t(
            lang, f"；其中{_flagged_ref(tl, int(r.task_id), lang)}的计划完成时间早于计划年度，按原文计入"
                  f"{labels.label('completion_band', qtr.completion_band(r.expected_share), lang)}",
            f"; this counts {_flagged_ref(tl, int(r.task_id), lang)}, due before the plan year, "
            f"{labels.label('completion_band', qtr.completion_band(r.expected_share), lang)} as written",
        ) for r in early.itertuples())
        lines.append(_t(
            lang, f"截至{when}，这{e}项任务的应达完成度：" + "，".join(f"{b}的{v}项" for b, v in bands) + flagged + "。",
            f"Expected completion on {when}: " + ", ".join(f"{v} {'at ' if b == '0%' else ''}{b}" for b, v in bands)
            + flagged + ".",
        ))
    else:
        lines.append(_t(lang, "没有任务给出单一的百分比或数量目标，因此没有可计算的应达进度。",
                        "No task states a single percentage or quantity target, so no expected completion can be computed."))

    if s["n_h1_only"]:
        h, m, m_alt = s["n_h1_only"], s["n_milestones_due"], alt["n_milestones_due"]
        change = _t(lang, f"{q_zh}到期的里程碑将由{m}个变为{m_alt}个", f"the {q_en} would hold {m_alt} milestones due instead of {m}") \
            if m != m_alt else _t(lang, f"{q_zh}的到期里程碑数不变", f"the number of milestones due in the {q_en} would not change")
        lines.append(_t(
            lang,
            f"{h}项任务只填写了上半年目标（第三、第四季度目标为空）：默认视为全年目标，在年底或更早的计划完成月到期；"
            f"若按字面读作上半年目标，{change}（见“敏感性”一节）。",
            f"{count(h, lang)} {verb(h, 'fills', 'fill')} in only the H1 target (Q3 and Q4 empty): by default the text is "
            f"the whole year's target, due at the year end or an earlier due month; read literally as an H1 target, "
            f"{change} (see \"Sensitivity\").",
        ))

    if "status_counts" in s:
        lines.append(_t(lang, f"根据进度填报（{s['n_progress_rows']}行），截至{when}：{_status_counts(s['status_counts'], lang)}。",
                        f"From the progress file ({count(s['n_progress_rows'], lang, '', 'row')}), on {when}: "
                        f"{_status_counts(s['status_counts'], lang)}."))
    else:
        lines.append(_t(lang, "本报告未提供进度填报文件，因此只列出应达到的进度，不评价实际进度。",
                        "No progress file was given, so this report lists expected progress only and rates no task."))
    return lines


def _expected_lines(tl, expected: pd.DataFrame, when: str, lang: str) -> list[str]:
    lines = []
    several = tl.milestones[(tl.milestones["kind"] == "percent") & tl.milestones["target_pct"].isna()]
    for task_id, rows in several.groupby("task_id", sort=True):
        values = join([f"{v:g}%" for v in parse_target(rows["text"].iloc[0]).pct_values], lang)
        ref = task_ref(tl, int(task_id), lang)
        lines.append(_t(
            lang, f"{ref}在同一节点给出多个不同的百分比（{values}），没有单一的应达进度。",
            f"{_cap(ref)} states several different percentages in one milestone ({values}), so it has no single "
            "expected completion.",
        ))
    zero_steps = expected[expected["qualitative_due"]]
    if len(zero_steps):
        k = len(zero_steps)
        values = join(sorted({f"{v:g}%" for v in zero_steps["expected_share"]}), lang)
        lines.append(_t(
            lang, f"{_refs(tl, zero_steps['task_id'], lang)}截至{when}最近到期的节点是定性目标，没有可比的数字，"
                  f"应达完成度只按此前的数字目标计为{values}：这不表示这一节点没有工作要求。",
            f"For {_refs(tl, zero_steps['task_id'], lang)}, the latest milestone due by {when} is a qualitative text "
            f"with no number, so the expected completion counts only earlier numeric targets ({values}): that does "
            f"not mean no work was due{'' if k == 1 else ' for them'}.",
        ))
    early = expected[expected["due_before_plan_year"] & expected["target_kind"].isin(("percent", "quantity"))]
    for row in early.itertuples():
        lines.append(_t(
            lang, f"{_flagged_ref(tl, int(row.task_id), lang)}的计划完成时间“{md(row.due_raw)}”早于计划年度：按原文，"
                  f"其应达完成度为{row.expected_share:g}%，在图中单列于底部并标出{EARLY_DUE_MARK}，不与其他任务一起排序。",
            f"{_cap(_flagged_ref(tl, int(row.task_id), lang))} is due “{md(row.due_raw)}”, before the plan year: read as "
            f"written it is expected at {row.expected_share:g}%, and the chart shows it apart, at the bottom, marked "
            f"{EARLY_DUE_MARK}, not ranked with the others.",
        ))
    return lines


def _changes(default: dict, alternative: dict, lang: str) -> str:
    changed = [(code, default[code], alternative[code]) for code in default if default[code] != alternative.get(code)]
    if not changed:
        return ""
    return _t(lang, "；", "; ").join(
        _t(lang, f"{_measure_name(c, lang)}由{a}变为{b}", f"{_measure_name(c, lang).lower()}: {b} instead of {a}")
        for c, a, b in changed)


def _reading_lines(tl, quarter: str, numbers: dict, lang: str) -> list[str]:
    q_zh, q_en = qtr.quarter_label(quarter), qtr.quarter_label(quarter, "en")
    default = qs.measures(numbers[READING_DEFAULT])
    lines = []
    early = _outside_plan_year(tl)
    early = early[[p.year < tl.plan_year for p in early["due"]]]
    if early.empty:
        lines.append(_t(lang, "清单中没有计划完成时间早于计划年度的任务：把这类月份读作计划年度同月不改变任何数字。",
                        "No task is due before the plan year: reading such a month in the plan year changes nothing."))
    else:
        moved = join([f"{md(raw)} → {tl.plan_year}.{p.month}" for raw, p in zip(early["due_raw"], early["due"])], lang)
        changes = _changes(default, qs.measures(numbers[READING_DUE_IN_PLAN_YEAR]), lang)
        lines.append(_t(
            lang,
            f"把{_refs(tl, early.index, lang)}的计划完成时间读作计划年度的同一月份（{moved}）："
            + (f"{changes}。" if changes else f"{q_zh}的标题数字都不变。"),
            f"Reading the due month of {_refs(tl, early.index, lang)} as the same month of the plan year ({moved}): "
            + (f"{changes}." if changes else f"no headline number of the {q_en} changes."),
        ))
    h1_only = qtr.whole_year_targets(tl)
    if h1_only.empty:
        lines.append(_t(lang, "清单中没有只填写上半年目标的任务：按字面读作上半年目标不改变任何数字。",
                        "No task fills in only its H1 target: reading such texts literally changes nothing."))
    else:
        changes = _changes(default, qs.measures(numbers[READING_H1_LITERAL]), lang)
        k = len(h1_only)
        lines.append(_t(
            lang,
            f"把只填写上半年目标的{k}项任务（{task_ids(h1_only['task_id'], lang)}）的文字按字面读作上半年目标："
            + (f"{changes}。" if changes else f"{q_zh}的标题数字都不变。"),
            f"Reading the H1 text of the {count(k, lang)} that fill in only H1 ({task_ids(h1_only['task_id'], lang)}) "
            "literally, as an H1 target: " + (f"{changes}." if changes else f"no headline number of the {q_en} changes."),
        ))
    return lines


def _h1_only_lines(tl, lang: str) -> list[str]:
    table = qtr.whole_year_targets(tl)
    if table.empty:
        return [_t(lang, "清单中没有只填写上半年目标的任务：两种解读相同。",
                   "No task fills in only its H1 target: both readings are the same.")]
    first = qtr.milestones_due(tl, "H1")
    literal = qtr.milestones_due(tl, "H1", READING_H1_LITERAL)
    a, b = first["task_id"].nunique(), literal["task_id"].nunique()
    added = sorted(set(literal["task_id"]) - set(first["task_id"]))
    lines = [_t(
        lang,
        f"默认解读下，上半年有里程碑到期的任务为{a}项；把只填写上半年目标的文字按字面读作上半年目标时为{b}项"
        + (f"，多出的{len(added)}项是{task_ids(added, lang)}。" if added else "。"),
        f"By default, {count(a, lang)} {verb(a, 'has', 'have')} a milestone due in H1; with H1-only texts read "
        f"literally as H1 targets, {b} {verb(b, 'does', 'do')}"
        + (f"; the {count(len(added), lang)} added {verb(len(added), 'is', 'are')} {task_ids(added, lang)}." if added else "."),
    )]
    h1_end = qtr.quarter_end("H1", tl.plan_year)
    default = qtr.expected_pct(tl, h1_end).set_index("task_id")
    read = qtr.expected_pct(tl, h1_end, READING_H1_LITERAL).set_index("task_id")
    end = qtr.date_label(h1_end, lang)
    for row in table[table["kind"].isin(("percent", "quantity"))].itertuples():
        before, after = default.loc[row.task_id, "expected_share"], read.loc[row.task_id, "expected_share"]
        target = target_description(row.kind, default.loc[row.task_id, "final_pct"], row.target_quantity,
                                    row.target_unit, lang)
        lines.append(_t(
            lang,
            f"{_flagged_ref(tl, int(row.task_id), lang)}只填写了上半年目标（{md(target)}）：按字面应在{end}前完成，"
            f"应达{after:g}%；默认解读下到{qtr.date_label(row.due_date, lang)}才到期，{end}应达{before:g}%。",
            f"{_cap(_flagged_ref(tl, int(row.task_id), lang))} fills in only its H1 target ({md(target)}): read literally it "
            f"is due by {end}, expected at {after:g}%; by default it falls due on {qtr.date_label(row.due_date, lang)}, "
            f"and on {end} it is expected at {before:g}%.",
        ))
    return lines


def status_rule(lang: str = "zh") -> str:
    """How a task's progress is rated, with the tolerance the package uses.

    Example:
        >>> "±5个百分点" in status_rule("zh"), "±5 percentage points" in status_rule("en")
        (True, True)
    """
    check(lang, LANGS, "lang")
    tol = f"{qprogress.TOLERANCE:g}"
    return _t(
        lang,
        "每项任务在评估日或之前最近一次填报的进度与应达进度比较：达到100%（或达到全年数量目标）为“已完成”；"
        f"差距在±{tol}个百分点以内为“正常推进”；高于应达进度超过该值为“超前”，低于超过该值为“滞后”；"
        "没有填报（或只有备注）为“无数据”；填报了百分比但任务没有单一的量化目标为“无量化目标”。"
        "“无数据”和“无量化目标”都不算正常推进。",
        "Each task's latest report on or before the date is compared with its expected completion: 100% (or the "
        f"year's quantity) is \"done\"; within ±{tol} percentage points is \"on track\"; further above is \"ahead\", "
        "further below \"behind\"; no report (or a note only) is \"no data\"; a percentage for a task without a "
        "single numeric target is \"no numeric target\". Neither of the last two counts as on track.",
    )


def _behind_lines(tl, comparison, quarter: str, when: str, lang: str) -> list[str]:
    if comparison is None:
        return [_t(
            lang,
            "**未提供进度填报文件**，因此本报告只列出应达到的进度，不评价实际进度。生成填报模板（每项任务一行，CSV和XLSX）："
            "`python -m qpanalysis progress-template`；由各牵头部门填写 `as_of`（截至日期）、`percent_done`（完成百分比）"
            f"或 `quantity_done`（完成数量），再运行 `python -m qpanalysis run --quarter {quarter} --progress <文件>`。",
            "**No progress file was given**, so this report lists expected progress only and rates no task. Create a "
            "template (one row per task, CSV and XLSX) with `python -m qpanalysis progress-template`; have each lead "
            "department fill in `as_of`, `percent_done` or `quantity_done`, then run "
            f"`python -m qpanalysis run --quarter {quarter} --progress <file>`.",
        )]
    n_behind = int((comparison["status"] == "behind").sum())
    behind = qprogress.furthest_behind(comparison, FURTHEST_BEHIND)
    lines = [_t(lang, f"截至{when}，滞后（低于应达进度超过{qprogress.TOLERANCE:g}个百分点）的任务{n_behind}项。",
                f"On {when}, {count(n_behind, lang)} {verb(n_behind, 'is', 'are')} behind (more than "
                f"{qprogress.TOLERANCE:g} percentage points short of the expectation).")]
    if behind.empty:
        lines.append(_t(lang, f"截至{when}没有低于应达进度的任务。", f"No task is short of its expected completion on {when}."))
    else:
        lines.append(_t(lang, "低于应达进度的任务（差距从大到小）：", "Tasks short of their expected completion, largest gap first: ")
                     + _t(lang, "；", "; ").join(
            f"{_flagged_ref(tl, int(t), lang)}{g:+.1f}个百分点（牵头部门{md(d)}）" if lang == "zh"
            else f"{_flagged_ref(tl, int(t), lang)} ({g:+.1f} points, {name_in('department', d, lang)})"
            for t, d, g in zip(behind["task_id"], behind["lead_department"], behind["gap"])
        ) + _t(lang, "。", "."))
    return lines


def _progress_problem_lines(tl, progress, lang: str) -> list[str]:
    """One sentence per doubtful value of a progress file (its line, task and what to check), from the catalogue."""
    if progress is None:
        return []
    lines = []
    for problem in progress_problems(progress).itertuples(index=False):
        values = {"line": int(problem.source_line), "task": task_ref(tl, int(problem.task_id), lang),
                  "field": code(problem.field)}
        if problem.kind == "percent-as-fraction":
            value = progress.loc[progress["source_line"] == problem.source_line, "percent_done"].iloc[0]
            lines.append(msg.text("quarterly.progress_problem.fraction", lang, value=msg.number(value, lang),
                                  percent=msg.number(value * 100, lang), **values))
        else:
            lines.append(msg.text("quarterly.progress_problem.formula", lang, **values))
    return lines


def quarterly_findings(tl, quarter: str, as_of=None, progress=None, lang: str = "zh") -> dict[str, str]:
    """What the quarterly report states, as Markdown bullet lists by section.

    Keys: ``summary`` (the headline numbers), ``behind`` (the tasks behind, or how to
    give a progress file), ``progress_problems`` (values of the progress file to check:
    a percentage that may be a fraction, a formula read as its saved value; empty when none), ``expected`` (what the expected completions rest on),
    ``readings`` (what each alternative reading changes), ``h1_only`` (the H1 figures
    under both readings of H1-only targets), ``outside_plan_year`` (due months outside
    the plan year; empty when there are none) and ``status_rule``. A sentence that holds
    only under a condition appears only when the list meets it.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at; None for the quarter's last day.
        progress: A progress table (:func:`qpanalysis.ingest.progress.read_progress`), the
            path of a progress file, or None.
        lang: ``"zh"`` or ``"en"``.

    Example:
        >>> import qpanalysis as qp
        >>> print(quarterly_findings(qp.load(), "Q3", lang="en")["expected"].splitlines()[0])
        - Task 4 “Harmonious village clusters” (推进宜居宜业和美乡村片区建设) states several different percentages in one milestone (60% and 20%), so it has no single expected completion.
    """
    check(lang, LANGS, "lang")
    as_of = qtr.quarter_end(quarter, tl.plan_year) if as_of in (None, "") else pd.Timestamp(as_of).normalize()
    if progress is not None and not isinstance(progress, pd.DataFrame):
        progress = read_progress(progress, tl)
    numbers = {reading: qs.summary(tl, quarter, as_of, progress, reading) for reading in READINGS}
    headline = numbers[READING_DEFAULT]
    expected = qtr.expected_pct(tl, as_of)
    when = qtr.date_label(as_of, lang)

    outside_lines = []
    for task_id in _outside_plan_year(tl).index:
        task = tl.tasks.loc[task_id]
        ms = tl.milestones[(tl.milestones["task_id"] == task_id) & (tl.milestones["kind"] != "none")]
        ref = _flagged_ref(tl, int(task_id), lang)
        relation = _t(lang, "早于", "before") if task["due"].year < tl.plan_year else _t(lang, "晚于", "after")
        sentence = _t(lang, f"{ref}的计划完成时间写作“{md(task['due_raw'])}”，{relation}计划年度{tl.plan_year}年",
                      f"{_cap(ref)} is due “{md(task['due_raw'])}” as written, {relation} the plan year {tl.plan_year}")
        pcts = ms["target_pct"].dropna()
        if len(pcts) == len(ms) and len(ms):
            periods = join([qtr.quarter_label(p, lang) for p in ms["period"]], lang)
            values = join([f"{v:g}%" for v in pcts], lang)
            sentence += _t(lang, f"，但其{periods}目标分别为完成{values}，可能是笔误",
                           f", yet its {periods} targets are {values}, which suggests a typo")
        dates = sorted(set(ms["due_date"]))
        quarters = sorted({qtr.quarter_of(d, tl.plan_year) for d in dates} - {None}, key=list(qtr.QUARTERS).index)
        if task["due"].year < tl.plan_year and dates:
            final = expected.set_index("task_id").loc[task_id]
            sentence += _t(
                lang,
                f"。本报告按原文处理：其节点于{join([qtr.date_label(d, lang) for d in dates], lang)}到期，"
                f"计入{join([qtr.quarter_label(q, lang) for q in quarters], lang)}，全年应达进度为{final['expected_share']:g}%；"
                f"它在表格中标为“计划完成时间早于计划年度”，在图中标出{EARLY_DUE_MARK}",
                f". The report follows the text as published: its milestones fall due on "
                f"{join([qtr.date_label(d, lang) for d in dates], lang)}, are counted in the "
                f"{join([qtr.quarter_label(q, lang) for q in quarters], lang)}, and the task is expected to be "
                f"{final['expected_share']:g}% complete all year; tables flag it as due before the plan year and "
                f"charts mark it {EARLY_DUE_MARK}",
            )
        outside_lines.append(sentence + _t(lang, "。", "."))

    comparison = qprogress.compare(tl, progress, as_of) if progress is not None else None
    return {
        "progress_problems": bullets(_progress_problem_lines(tl, progress, lang)),
        "summary": bullets(_summary_lines(tl, headline, numbers[READING_H1_LITERAL], expected, lang)),
        "behind": bullets(_behind_lines(tl, comparison, quarter, when, lang)),
        "expected": bullets(_expected_lines(tl, expected, when, lang)),
        "readings": bullets(_reading_lines(tl, quarter, numbers, lang)),
        "h1_only": bullets(_h1_only_lines(tl, lang)),
        "outside_plan_year": bullets(outside_lines),
        "status_rule": status_rule(lang),
    }


__all__ = [
    "UNTRANSLATED", "Identity", "identify", "list_title", "source_note", "list_identity",
    "name_in", "task_ref", "section_ref", "metric_ref", "number", "wan", "big_amount", "pct", "count", "join",
    "task_ids", "month", "bullets",
    "investment_findings", "workload_findings", "coverage_findings", "quality_findings", "quarterly_findings",
    "quarter_heading", "target_description", "for_language", "early_due_note", "status_rule", "EARLY_DUE_MARK",
]
