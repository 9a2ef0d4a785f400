"""Sentences a report states about the loaded list, generated from its tables, in Chinese or English.

Every sentence of a report that states a number, or names a task, town, department,
metric or date, comes from here: nothing of the bundled list is written into a notebook.
Each ``*_findings`` function returns, per notebook section, a Markdown bullet list; a
sentence that holds only under a condition (one task is more than three quarters of the
total, a due month lies outside the plan year…) appears only when the list meets it.

English names come from ``data/reference/`` (through :mod:`qpanalysis.ingest.reference`);
a task's English name is followed by its Chinese original in brackets, and a name with no
English entry stays Chinese, flagged with :data:`UNTRANSLATED`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import investment as inv
from qpanalysis.analysis import progress as qprogress
from qpanalysis.analysis import quality as qual
from qpanalysis.analysis import quarter_summary as qs
from qpanalysis.analysis import quarterly as qtr
from qpanalysis.analysis import workload as wl
from qpanalysis.codes import LANGS, TOWN_BASES, TOWN_BUCKETS, TOWN_DISTRICT_WIDE, TOWN_UNSPECIFIED, check
from qpanalysis.display import labels
from qpanalysis.ingest.progress import read_progress
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


def name_in(kind: str, name: str, lang: str) -> str:
    """A canonical name in ``lang``: English from data/reference/, else Chinese and flagged.

    Args:
        kind: ``town``, ``department``, ``task``, ``section``, ``metric``, ``field`` or
            ``district``.
        name: The canonical (Chinese) name.
        lang: ``"zh"`` or ``"en"``.

    Example:
        >>> name_in("town", "金泽镇", "en"), name_in("town", "金泽镇", "zh")
        ('Jinze Town', '金泽镇')
        >>> name_in("town", "新镇", "en")
        '新镇 [no English name]'
    """
    check(lang, LANGS, "lang")
    if lang == "zh":
        return name
    english = _english(kind, name)
    return f"{name} {UNTRANSLATED}" if english is None else english


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
        return f"任务{task_id}（{name}）"
    english = _english("task", name)
    if english is None:
        return f"task {task_id} “{name}” {UNTRANSLATED}"
    return f"task {task_id} “{english}” ({name})"


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
        return f"第{numeral}板块（{title}）"
    english = rows["section_en"].iloc[0]
    english = english if isinstance(english, str) and english else f"{title} {UNTRANSLATED}"
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
        return f"{labels.metric_label(metric, unit or None, 'zh')} {UNTRANSLATED}"
    return label


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
        where = f"区：{i.district}；" if i.district else ""
        return bullets([
            f"清单：**{i.title}**",
            f"{where}计划年度：{i.plan_year}年",
            f"{i.n_tasks}项任务，分{i.n_sections}个板块",
            f"来源文件：`{i.file}`，sha256 `{i.sha256}`",
        ])
    title = list_title(tl, "en")
    original = f" ({i.title})" if i.title_en and i.title_en != i.title else ""
    where = f"District: {name_in('district', i.district, 'en')}; plan year" if i.district else "Plan year"
    return bullets([
        f"List: **{title}**{original}",
        f"{where}: {i.plan_year}",
        f"{count(i.n_tasks, 'en')} in {count(i.n_sections, 'en', '', 'section')}",
        f"Source file: `{i.file}`, sha256 `{i.sha256}`",
    ])


# ---------------------------------------------------------------------------------------
# 01 Investment


def _largest_sentences(tl, largest: pd.DataFrame, lang: str) -> list[str]:
    top = largest.iloc[0]
    ref = task_ref(tl, int(top["task_id"]), lang)
    amount = wan(top["investment_wan"], lang, approx=bool(top["investment_is_approx"]))
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
        each = wan(rows["allocated_wan"].iloc[0], lang)
        ref = task_ref(tl, int(task_id), lang)
        lines.append(_t(
            lang,
            f"{ref}金额{amount}，涉及{towns}，建设规模没有按这些街镇分解，因此平均分给{len(rows)}个街镇，各{each}；"
            f"这是假设，不是原文信息。其建设规模原文为“{task['scale'].strip().rstrip('。')}”。",
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


def investment_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the investment report states, per section: ``total``, ``sections``,
    ``departments``, ``funding``, ``largest`` and ``towns`` (Markdown bullet lists).

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
        return {key: bullets([none]) for key in ("total", "sections", "departments", "funding", "largest", "towns")}

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
        section_lines.append(_t(lang, f"{names}没有任何任务披露金额：图中为零表示未知，不表示没有投入。",
                                f"No task of {names} discloses an amount: a zero there means unknown, not no spending."))

    by_department = inv.investment_by_department(tl)
    top_dept = by_department.iloc[0]
    dept = name_in("department", top_dept["department"], lang)
    department_lines = [_t(
        lang,
        f"按第一牵头部门计，{dept}名下最多：{wan(top_dept['investment_wan'], lang)}（{pct(top_dept['share'])}），"
        f"来自其牵头的{top_dept['tasks_disclosed']}项披露金额的任务。",
        f"Credited to the first-listed lead department, {dept} has the most: "
        f"{wan(top_dept['investment_wan'], lang)} ({pct(top_dept['share'])}), from "
        f"{count(int(top_dept['tasks_disclosed']), lang)} with an amount that it leads.",
    )]
    if top_dept["tasks_disclosed"] == 1:
        led = tasks[(tasks["lead_department"] == top_dept["department"]) & tasks["investment_wan"].notna()]
        ref = task_ref(tl, int(led.index[0]), lang)
        department_lines.append(_t(lang, f"这笔金额全部来自{ref}。", f"That amount is a single task, {ref}."))

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

    allocation = inv.allocate_investment_to_towns(tl)
    by_town = inv.investment_by_town(allocation)
    totals = by_town.set_index("town")["total_wan"]
    to_towns = float(totals.drop(list(TOWN_BUCKETS), errors="ignore").sum())
    equal = float(by_town["equal-split"].sum())
    district_wide = float(totals.get(TOWN_DISTRICT_WIDE, 0.0))
    unattributed = float(totals.get(TOWN_UNSPECIFIED, 0.0))
    parts = [_t(lang, f"可归属到街镇的金额为{wan(to_towns, lang)}（占已披露总额的{pct(to_towns / total)}）",
                f"Attributable to towns: {wan(to_towns, lang)} ({pct(to_towns / total)} of the disclosed total)")]
    if equal:
        parts[0] += _t(lang, f"，其中平均分摊（假设）{wan(equal, lang)}",
                       f", of which {wan(equal, lang)} by equal split (an assumption)")
    if district_wide:
        parts.append(_t(lang, f"全区任务不分摊的{wan(district_wide, lang)}",
                        f"district-wide and not split: {wan(district_wide, lang)}"))
    if unattributed:
        parts.append(_t(lang, f"未指明街镇的{wan(unattributed, lang)}", f"no town named: {wan(unattributed, lang)}"))
    town_lines = [_t(lang, "；", "; ").join(parts) + _t(lang, "。", ".")]
    real = by_town[~by_town["town"].isin(TOWN_BUCKETS)]
    if len(real):
        top_town = real.iloc[0]
        town = name_in("town", top_town["town"], lang)
        split = top_town["equal-split"]
        town_lines.append(_t(
            lang,
            f"{town}最多：{wan(top_town['total_wan'], lang)}（{pct(top_town['total_wan'] / total)}）"
            + (f"，其中平均分摊{wan(split, lang)}" if split else "") + "。",
            f"{town} has the most: {wan(top_town['total_wan'], lang)} ({pct(top_town['total_wan'] / total)})"
            + (f", of which {wan(split, lang)} by equal split" if split else "") + ".",
        ))
    town_lines += _equal_split_sentences(tl, allocation, lang)
    town_lines.append(_mostly_equal_split(allocation, by_town, lang))

    return {
        "total": bullets(total_lines),
        "sections": bullets(section_lines),
        "departments": bullets(department_lines),
        "funding": bullets(funding_lines),
        "largest": bullets(_largest_sentences(tl, largest, lang)),
        "towns": bullets(town_lines),
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
        f"{task_ref(tl, task_id, lang)}的计划完成时间为“{task['due_raw']}”，{when}计划年度{tl.plan_year}年。"
        "它按原文保留（不删除、不改动），单列并标出；可能是笔误，但清单没有说明。",
        f"{_cap(task_ref(tl, task_id, lang))} is due “{task['due_raw']}”, {when} the plan year {tl.plan_year}. "
        "It is kept as written (not dropped, not changed) and marked; it may be a typo, but the list does not say.",
    )


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
        investment_lines.append(_t(
            lang, "按牵头部门、加权份额和均分份额分配的投资，各自相加都等于已披露总额；共同牵头的投资与牵头的重叠，不能与之相加。",
            "Investment credited to lead departments, split by weighted shares, or split equally adds up to the "
            "disclosed total each time; co-led investment overlaps with the lead's and must not be added to it.",
        ))
        for row in investment.head(TOP_DEPARTMENTS).itertuples():
            dept = name_in("department", row.department, lang)
            investment_lines.append(_t(
                lang,
                f"{dept}：牵头{wan(row.lead_investment_wan, lang)}，共同牵头（与牵头重叠）{wan(row.co_lead_investment_wan, lang)}，"
                f"加权{wan(row.weighted_investment_wan, lang)}，均分{wan(row.equal_split_investment_wan, lang)}。",
                f"{dept}: led {wan(row.lead_investment_wan, lang)}, co-led (overlapping) "
                f"{wan(row.co_lead_investment_wan, lang)}, weighted {wan(row.weighted_investment_wan, lang)}, "
                f"equal split {wan(row.equal_split_investment_wan, lang)}.",
            ))
        lead = investment.sort_values("lead_investment_wan", ascending=False, kind="stable").iloc[0]
        led = tasks[(tasks["lead_department"] == lead["department"]) & disclosed]
        if len(led) == 1:
            dept = name_in("department", lead["department"], lang)
            ref = task_ref(tl, int(led.index[0]), lang)
            investment_lines.append(_t(
                lang, f"{dept}牵头的{wan(lead['lead_investment_wan'], lang)}全部来自{ref}。",
                f"The {wan(lead['lead_investment_wan'], lang)} that {dept} leads is a single task, {ref}.",
            ))
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
            lang, f"任务{row.task_id}的牵头部门写作“{row.raw_name}”，按别名读为{row.department}。",
            f"Task {row.task_id} writes a short form ({row.raw_name}), read as {name_in('department', row.department, 'en')}.",
        ))
    caveat_lines.append(investment_lines[0])
    caveat_lines += [_t(lang, f"{task_ref(tl, int(t), lang)}的计划完成时间{tasks.at[t, 'due_raw']}按原文保留并标出。",
                        f"The due month {tasks.at[t, 'due_raw']} of {task_ref(tl, int(t), lang)} is kept as written and marked.")
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


def coverage_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the town coverage report states, per section: ``basis``, ``unspecified``,
    ``towns``, ``named``, ``quantities``, ``tiles`` and ``caveats`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(coverage_findings(qp.load(), "en")["towns"].splitlines()[0])
        - Most tasks: Liantang Town and Jinze Town (24 each); fewest: Yingpu Subdistrict (15).
    """
    check(lang, LANGS, "lang")
    ref = load_reference()
    district = list(ref.district_towns)
    n_district = len(district)
    cells = cov.coverage_cells(tl.towns, tl.tasks)
    by_basis = cov.tasks_by_basis(cells).set_index("basis")
    n = {b: int(by_basis.at[b, "tasks"]) for b in TOWN_BASES}
    links = {b: int(by_basis.at[b, "links"]) for b in TOWN_BASES}
    outside = [t for t in cov.town_order(cells[cells["town"] != TOWN_UNSPECIFIED]) if t not in district
               and t in set(cells["town"])]
    named = cov.named_tasks(cells).set_index("town")["task_ids"]

    basis_lines = [_t(
        lang,
        f"涉及范围明确列出街镇的任务{n['explicit']}项（{links['explicit']}个任务–街镇关联）；"
        f"写“{n_district}个街镇”的全区任务{n['district-wide']}项（每项计全部{n_district}个街镇，共{links['district-wide']}个关联）；"
        f"由建设规模分街镇数推得街镇的任务{n['from-breakdown']}项（{links['from-breakdown']}个关联）；"
        f"未指明街镇的任务{n['unspecified']}项。共{len(tl.tasks)}项。",
        f"Towns named in the scope: {count(n['explicit'], lang)} ({links['explicit']} task-town links); district-wide, "
        f"all {n_district} towns each ({n_district}个街镇): {count(n['district-wide'], lang)} "
        f"({links['district-wide']} links); towns from a per-town breakdown of the scale: "
        f"{count(n['from-breakdown'], lang)} ({links['from-breakdown']} links); no town specified: "
        f"{count(n['unspecified'], lang)}. {len(tl.tasks)} in all.",
    )]
    for place in outside:
        basis_lines.append(_t(
            lang, f"{place}（{task_ids(named[place], lang)}）不属于全区{n_district}个街镇，全区任务不计入它。",
            f"{name_in('town', place, lang)} ({task_ids(named[place], lang)}) is not one of the district's "
            f"{n_district} towns, so district-wide tasks do not count for it.",
        ))

    unspecified = cov.unspecified_tasks(cells)
    if len(unspecified):
        unspecified_lines = [_t(lang, f"未指明街镇的任务共{len(unspecified)}项：{task_ids(unspecified['task_id'], lang)}。",
                                f"{count(len(unspecified), lang)} name no town: {task_ids(unspecified['task_id'], lang)}.")]
        scope = tl.tasks.loc[unspecified["task_id"], "scope"].str.strip()
        slash = scope.index[scope == "/"]
        for task_id in slash:
            unspecified_lines.append(_t(
                lang, f"{task_ref(tl, int(task_id), lang)}的涉及范围为“/”，读取时记为问题（empty-field）。",
                f"{_cap(task_ref(tl, int(task_id), lang))} has the scope \"/\", recorded as a problem (empty-field).",
            ))
        related = scope[scope != "/"]
        if len(related):
            words = related.unique()
            known = len(words) == 1 and words[0] in SCOPE_EN
            unspecified_lines.append(_t(
                lang,
                f"其余{len(related)}项的涉及范围为{join([f'“{w}”' for w in words], lang)}，而建设规模没有按街镇分解。",
                (f"The other {len(related)} say “{SCOPE_EN[words[0]]}” ({words[0]})" if known
                 else f"The other {len(related)} give a scope that names no town")
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
        town_lines.append(_t(lang, f"{place}：{total}项任务。", f"{name_in('town', place, lang)}: {count(total, lang)}."))

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
        named_lines.append(_t(lang, f"{town}只出现在建设规模的分街镇数中（{where}），涉及范围从未列出它。",
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
            lang, f"{place}只由{task_ids(named[place], lang)}点名，不属于全区{n_district}个街镇，因此全区任务不计入它。",
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

    tile_lines = []
    if n["district-wide"]:
        tile_lines.append(_t(lang, f"任务数示意图中每个街镇的任务数都包含{n['district-wide']}项全区任务。",
                             f"The task counts on the tile map include the {count(n['district-wide'], lang)} that "
                             f"{verb(n['district-wide'], 'is', 'are')} district-wide."))
    no_tile = ref.towns.loc[ref.towns["tile_row"].isna(), "town"]
    shown = [t for t in outside if t in set(no_tile)]
    if shown:
        tile_lines.append(_t(lang, f"{join(shown, lang)}没有方块位置，在图注中列出。",
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
            lang, f"最多的是{join(most, lang)}（{number(listed.max())}）",
            f"most in {join([name_in('town', t, lang) for t in most], lang)} ({number(listed.max())})",
        ))
        if missing:
            sentence += _t(lang, f"；未列入分解、记为0：{join(missing, lang)}",
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
        >>> print(quality_findings(qp.load())["problems"].splitlines()[0])
        - 读取时共发现5个问题，分4类，涉及5项任务。
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
            problem_lines.append(_t(lang, f"`{row.kind}`：{row.problems}个{where}。",
                                    f"`{row.kind}`: {row.problems}{where}."))
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
    unspecified = c("涉及范围", "related-towns-unresolved") + c("涉及范围", "none-marker")
    interpretation_lines = [
        _t(lang, f"逐项解读共{len(interp)}行（{interp['task_id'].nunique()}项任务×{interp['field'].nunique()}个字段）。",
           f"{len(interp)} readings ({count(interp['task_id'].nunique(), lang)} × "
           f"{count(interp['field'].nunique(), lang, '', 'field')})."),
        _t(lang, f"{_field('总投资(万元)', lang)}：{amounts}个金额（其中{c('总投资(万元)', 'approx-prefix')}个约数），"
                 f"{c('总投资(万元)', 'none-marker')}个“/”记为空值（NaN）。",
           f"{_field('总投资(万元)', lang)}: {count(amounts, lang, '', 'amount')} ({c('总投资(万元)', 'approx-prefix')} approximate); "
           f"{c('总投资(万元)', 'none-marker')} \"/\" read as NaN."),
        _t(lang, f"{_field('涉及范围', lang)}：全区{c('涉及范围', 'district-wide')}项，明确列出{c('涉及范围', 'explicit')}项，"
                 f"由分街镇数推得{c('涉及范围', 'from-breakdown')}项，未指明{unspecified}项。",
           f"{_field('涉及范围', lang)}: {c('涉及范围', 'district-wide')} district-wide, {c('涉及范围', 'explicit')} "
           f"named, {c('涉及范围', 'from-breakdown')} from the breakdown, {unspecified} unspecified."),
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
        "interpretations": bullets(interpretation_lines),
        "completeness": bullets(completeness_lines),
    }


# ---------------------------------------------------------------------------------------
# 05 Quarterly report


def quarterly_findings(tl, quarter: str, as_of=None, progress=None, lang: str = "zh") -> dict[str, str]:
    """What the quarterly report states: ``summary``, ``expected``, ``outside_plan_year``
    and ``progress`` (Markdown bullet lists).

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at; None for the quarter's last day.
        progress: A progress table (:func:`qpanalysis.ingest.progress.read_progress`), the
            path of a progress file, or None.
        lang: ``"zh"`` or ``"en"``.

    Example:
        >>> import qpanalysis as qp
        >>> print(quarterly_findings(qp.load(), "Q3", lang="en")["expected"].splitlines()[1])
        - Task 4 “Harmonious village clusters” (推进宜居宜业和美乡村片区建设) states several different percentages in one milestone (60% and 20%), so it has no single expected completion.
    """
    check(lang, LANGS, "lang")
    as_of = qtr.quarter_end(quarter, tl.plan_year) if as_of in (None, "") else pd.Timestamp(as_of).normalize()
    if progress is not None and not isinstance(progress, pd.DataFrame):
        progress = read_progress(progress, tl)
    headline = qs.summary(tl, quarter, as_of, progress)
    expected = qtr.expected_pct(tl, as_of)
    numeric = expected[expected["target_kind"] != "none"]
    when = qtr.date_label(as_of, lang)
    if len(numeric):
        listed = _t(lang, "，", ", ").join(f"{task_ids([t], lang)} {v:.1f}%"
                                         for t, v in zip(numeric["task_id"], numeric["expected_share"]))
        expected_lines = [_t(lang, f"截至{when}各任务应达到的进度：{listed}。", f"Expected completion on {when}: {listed}.")]
    else:
        expected_lines = [_t(lang, "没有任务给出百分比或数量目标，因此没有可计算的应达进度。",
                             "No task states a percentage or quantity target, so no expected completion can be computed.")]
    several = tl.milestones[(tl.milestones["kind"] == "percent") & tl.milestones["target_pct"].isna()]
    for task_id, rows in several.groupby("task_id", sort=True):
        values = join([f"{v:g}%" for v in parse_target(rows["text"].iloc[0]).pct_values], lang)
        ref = task_ref(tl, int(task_id), lang)
        expected_lines.append(_t(
            lang, f"{ref}在同一节点给出多个不同的百分比（{values}），没有单一的应达进度。",
            f"{_cap(ref)} states several different percentages in one milestone ({values}), so it has no single "
            "expected completion.",
        ))

    outside_lines = []
    for task_id in _outside_plan_year(tl).index:
        task = tl.tasks.loc[task_id]
        ms = tl.milestones[(tl.milestones["task_id"] == task_id) & (tl.milestones["kind"] != "none")]
        ref = task_ref(tl, int(task_id), lang)
        relation = _t(lang, "早于", "before") if task["due"].year < tl.plan_year else _t(lang, "晚于", "after")
        sentence = _t(lang, f"{ref}的计划完成时间写作“{task['due_raw']}”，{relation}计划年度{tl.plan_year}年",
                      f"{_cap(ref)} is due “{task['due_raw']}” as written, {relation} the plan year {tl.plan_year}")
        pcts = ms["target_pct"].dropna()
        if len(pcts) == len(ms) and len(ms):
            periods = join([qtr.quarter_label(p, lang) for p in ms["period"]], lang)
            values = join([f"{v:g}%" for v in pcts], lang)
            sentence += _t(lang, f"，但其{periods}目标分别为完成{values}，可能是笔误",
                           f", yet its {periods} targets are {values}, which suggests a typo")
        dates = sorted(set(ms["due_date"]))
        quarters = sorted({qtr.quarter_of(d, tl.plan_year) for d in dates} - {None}, key=list(qtr.QUARTERS).index)
        if task["due"].year < tl.plan_year and dates:
            final = qtr.expected_pct(tl, qtr.quarter_start("H1", tl.plan_year)).set_index("task_id").loc[task_id]
            sentence += _t(
                lang,
                f"。本报告按原文处理：其节点于{join([qtr.date_label(d, lang) for d in dates], lang)}到期，"
                f"计入{join([qtr.quarter_label(q, lang) for q in quarters], lang)}，全年应达进度为{final['expected_share']:g}%",
                f". The report follows the text as published: its milestones fall due on "
                f"{join([qtr.date_label(d, lang) for d in dates], lang)}, are counted in the "
                f"{join([qtr.quarter_label(q, lang) for q in quarters], lang)}, and the task is expected to be "
                f"{final['expected_share']:g}% complete all year",
            )
        outside_lines.append(sentence + _t(lang, "。", "."))

    if progress is not None:
        comparison = qprogress.compare(tl, progress, as_of)
        behind = qprogress.furthest_behind(comparison, FURTHEST_BEHIND)
        if behind.empty:
            progress_lines = [_t(lang, f"截至{when}没有低于应达进度的任务。", f"No task is short of its expected completion on {when}.")]
        else:
            progress_lines = [_t(lang, "低于应达进度的任务（差距从大到小）：", "Tasks short of their expected completion, largest gap first: ") + _t(lang, "；", "; ").join(
                f"{task_ref(tl, int(t), lang)}{g:+.1f}个百分点（牵头部门{d}）" if lang == "zh"
                else f"{task_ref(tl, int(t), lang)} ({g:+.1f} points, {name_in('department', d, lang)})"
                for t, d, g in zip(behind["task_id"], behind["lead_department"], behind["gap"])
            ) + _t(lang, "。", ".")]
    else:
        progress_lines = [_t(lang, "未提供进度填报文件，因此只列出应达到的进度，不评价实际进度。",
                             "No progress file was given, so the report lists expected progress only and rates no task.")]
    return {
        "summary": qs.summary_text(headline, lang),
        "expected": bullets(expected_lines),
        "outside_plan_year": bullets(outside_lines),
        "progress": bullets(progress_lines),
    }


__all__ = [
    "UNTRANSLATED", "Identity", "identify", "list_title", "source_note", "list_identity",
    "name_in", "task_ref", "section_ref", "metric_ref", "number", "wan", "big_amount", "pct", "count", "join",
    "task_ids", "month", "bullets",
    "investment_findings", "workload_findings", "coverage_findings", "quality_findings", "quarterly_findings",
]
