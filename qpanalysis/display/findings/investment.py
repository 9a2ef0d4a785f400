"""What the investment report (01) states about the list."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis import investment as inv
from qpanalysis.codes import LANGS, TOWN_BUCKETS, TOWN_DISTRICT_WIDE, TOWN_UNSPECIFIED, check
from qpanalysis.display import labels
from qpanalysis.display.markup import md
from qpanalysis.display.findings.words import _cap, _t, big_amount, bullets, count, join, number, pct, task_ids, verb, wan
from qpanalysis.display.findings.identity import name_in, section_ref, task_ref

# A share above which one task "alone is more than three quarters" (or "half") of the total.
THREE_QUARTERS = 0.75

HALF = 0.5

# When the two largest tasks together reach this share, statements about where the money
# goes are mostly statements about those two tasks, and the report says so.
DOMINANT_PAIR = 0.9

# A town whose attributed amount comes at least this much from equal splits is named as
# resting "almost entirely" on that assumption.
MOSTLY_EQUAL_SPLIT = 0.9

# English of what a funding formula gives an amount per (资金来源: 10000万元/试点).
PER_AREA_EN = {"试点": "pilot area", "试点片区": "pilot area", "片区": "area"}


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
        found = inv.parse_funding_formula(task["funding_source"])
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

    allocation = inv.allocate_investment_to_towns(tl)
    by_town = inv.investment_by_town(allocation)
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

    scenarios = inv.allocation_scenarios(tl)
    formula = inv.formula_split(tl, allocation)
    formula_lines = _formula_sentences(tl, formula, lang) or [_t(
        lang, "没有披露金额、涉及多个街镇的任务在资金来源中写明按片区的金额和配套比例，因此没有按资金来源公式的分摊。",
        "No task with an amount and several towns states an amount per area and matching ratios in its funding "
        "source, so there is no funding-formula split.",
    )]
    sensitivity = inv.allocation_sensitivity(scenarios, total)
    sensitivity_lines = _sensitivity_sentences(tl, scenarios, sensitivity, inv.town_sensitivity(scenarios), lang)

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
