"""What the investment report (01) states about the list."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis import allocation as alloc
from qpanalysis.analysis import sensitivity as sens
from qpanalysis.ingest import funding_formula
from qpanalysis.analysis import investment as inv
from qpanalysis.codes import TOWN_BUCKETS, Disclosure, Rule, TownBucket
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import md
from qpanalysis.display.findings.words import _cap, big_amount, bullets, count, join, number, pct, task_ids, wan
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

# What a funding formula gives an amount per (资金来源: 10000万元/试点) that is a pilot area
# (findings.investment.formula.per_pilot); any other word is an area (…per_area).
PILOT_AREAS = ("试点", "试点片区")


def _largest_sentences(tl, largest: pd.DataFrame, lang: str) -> list[str]:
    top = largest.iloc[0]
    ref = task_ref(tl, int(top["task_id"]), lang)
    amount = wan(top["investment_wan"], lang, approx=bool(top["investment_wan_approx"]))
    if len(largest) == 1:
        lines = [msg.text("findings.investment.largest.only", lang, task=ref, amount=amount)]
    else:
        lines = [msg.text(
            "findings.investment.largest.three_quarters" if top["share"] > THREE_QUARTERS
            else "findings.investment.largest.half" if top["share"] > HALF else "findings.investment.largest.top",
            lang, task=_cap(ref), amount=amount, share=pct(top["share"]),
        )]
    if len(largest) >= 2:
        second = largest.iloc[1]
        pair = task_ids([top["task_id"], second["task_id"]], lang)
        lines.append(msg.text("findings.investment.largest.pair", lang, tasks=_cap(pair),
                              share=pct(second["cumulative_share"])))
        if second["cumulative_share"] >= DOMINANT_PAIR and len(largest) > 2:
            lines.append(msg.text("findings.investment.largest.dominant", lang))
    return lines


def _equal_split_sentences(tl, allocation: pd.DataFrame, lang: str) -> list[str]:
    lines = []
    for task_id, rows in allocation[allocation["rule"] == Rule.EQUAL_SPLIT].groupby("task_id", sort=True):
        task = tl.tasks.loc[task_id]
        amount = wan(task["investment_wan"], lang, approx=bool(task["investment_is_approx"]))
        towns = join([name_in("town", t, lang) for t in rows["town"]], lang)
        each = wan(rows["allocated_wan"].iloc[0], lang, approx=bool(task["investment_is_approx"]))
        ref = task_ref(tl, int(task_id), lang)
        lines.append(msg.text(
            "findings.investment.towns.equal_split", lang, task=_cap(ref), amount=amount, towns=towns, n=len(rows),
            each=each, scale=md(task["scale"].strip().rstrip("。")),
        ))
    return lines


def _mostly_equal_split(allocation: pd.DataFrame, by_town: pd.DataFrame, lang: str) -> str:
    towns = by_town[~by_town["town"].isin(TOWN_BUCKETS) & (by_town["total_wan"] > 0)]
    mostly = towns[towns["equal-split"] >= MOSTLY_EQUAL_SPLIT * towns["total_wan"]]
    if mostly.empty:
        return ""
    split = allocation[(allocation["rule"] == Rule.EQUAL_SPLIT) & allocation["town"].isin(mostly["town"])]
    names = join([name_in("town", t, lang) for t in mostly["town"]], lang)
    ids = task_ids(sorted(split["task_id"].unique()), lang)
    return msg.text("findings.investment.towns.mostly_equal_split", lang, towns=names, tasks=ids)

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
            matching = msg.text("findings.investment.towns.separator", lang).join(
                msg.text("findings.investment.formula.group", lang, towns=g, ratio=r) for g, r in groups)
        elif found.default_ratio:
            matching = msg.text("findings.investment.formula.every_town", lang, ratio=_ratio_text(found.default_ratio))
        else:
            matching = msg.text("findings.investment.formula.no_ratio", lang)
        areas = rows.drop_duplicates("area_zh")
        area_names = areas[f"area_{lang}"]  # the analysis names each area in every report language
        separator = msg.text("findings.investment.formula.separator", lang)
        weights = separator.join(msg.text("findings.investment.formula.part", lang, name=md(a), amount=number(w))
                                 for a, w in zip(area_names, areas["area_weight_wan"]))
        shares = separator.join(
            msg.text("findings.investment.formula.part", lang, name=name_in("town", r.town, lang),
                     amount=wan(r.allocated_wan, lang, approx=approx)) for r in rows.itertuples())
        unit = labels.label("unit", "万元", lang)
        per = msg.text("findings.investment.formula.per_pilot" if found.per in PILOT_AREAS
                       else "findings.investment.formula.per_area", lang, per=md(found.per))
        lines.append(msg.text(
            "findings.investment.formula.split", lang, task=ref, per=per, per_area=wan(found.per_area_wan, lang),
            matching=matching, weights=weights, unit=unit, weights_total=number(areas["area_weight_wan"].sum()),
            amount=wan(task["investment_wan"], lang, approx=approx), shares=shares,
        ))
    return lines


def _sensitivity_sentences(tl, scenarios: dict, sensitivity: pd.DataFrame, by_town: pd.DataFrame,
                           lang: str) -> list[str]:
    """What changes when the town attribution follows another rule (the sensitivity table)."""
    if len(scenarios) < 2 or sensitivity["top_town"].isna().all():
        return [msg.text("findings.investment.sensitivity.none", lang)]
    plain = {s: labels.label("allocation_scenario", s, lang) for s in sensitivity["scenario"]}
    name = {s: f"“{v}”" for s, v in plain.items()}  # quoted where it sits inside a sentence
    listed = [msg.text("findings.investment.sensitivity.rule_name", lang, rule=v) for v in plain.values()]
    lines = [msg.text("findings.investment.sensitivity.compared", lang, n=len(sensitivity), rules=join(listed, lang))]
    tops = sensitivity.dropna(subset=["top_town"])
    if tops["top_town"].nunique() == 1:
        town = name_in("town", tops["top_town"].iloc[0], lang)
        low, high = tops.loc[tops["top_town_wan"].idxmin()], tops.loc[tops["top_town_wan"].idxmax()]
        lines.append(msg.text(
            "findings.investment.sensitivity.same_top", lang, town=town,
            low=wan(low["top_town_wan"], lang, approx=bool(low["top_town_wan_approx"])), low_rule=name[low["scenario"]],
            low_share=pct(low["top_town_share"]),
            high=wan(high["top_town_wan"], lang, approx=bool(high["top_town_wan_approx"])),
            high_rule=name[high["scenario"]], high_share=pct(high["top_town_share"]),
        ))
    else:
        rules = msg.text("findings.investment.towns.separator", lang).join(
            msg.text("findings.investment.sensitivity.top_item", lang, rule=name[r.scenario],
                     town=name_in("town", r.top_town, lang),
                     amount=wan(r.top_town_wan, lang, approx=bool(r.top_town_wan_approx)))
            for r in tops.itertuples())
        lines.append(msg.text("findings.investment.sensitivity.top_varies", lang, rules=rules))
    low, high = sensitivity.loc[sensitivity["assumed_share"].idxmin()], sensitivity.loc[sensitivity["assumed_share"].idxmax()]
    lines.append(msg.text(
        "findings.investment.sensitivity.assumed", lang, low=pct(low["assumed_share"]), low_rule=name[low["scenario"]],
        high=pct(high["assumed_share"]), high_rule=name[high["scenario"]],
    ))
    # a rule that attributes no disclosed amount to a town gives it nothing: 0 in the swing
    towns = by_town[~by_town["town"].isin(TOWN_BUCKETS)].set_index("town")[list(scenarios)].fillna(0.0)
    swing = (towns.max(axis=1) - towns.min(axis=1)).sort_values(ascending=False, kind="stable")
    if len(swing) and swing.iloc[0] > 0:
        most = swing[swing == swing.iloc[0]].index
        row = towns.loc[most[0]]
        low_s, high_s = row.idxmin(), row.idxmax()
        flags = by_town.set_index("town")
        lines.append(msg.text(
            "findings.investment.sensitivity.most_sensitive", lang,
            towns=join([name_in("town", t, lang) for t in most], lang),
            low=wan(row[low_s], lang, approx=bool(flags.at[most[0], inv.approx_column(low_s)])), low_rule=name[low_s],
            high=wan(row[high_s], lang, approx=bool(flags.at[most[0], inv.approx_column(high_s)])),
            high_rule=name[high_s], each=msg.text("findings.investment.sensitivity.each", lang) if len(most) > 1 else "",
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
    check_lang(lang)
    tasks = tl.tasks
    total = inv.disclosed_total(tl)
    disclosure = inv.investment_disclosure(tl).set_index("status")
    n_exact, n_approx = int(disclosure.at[Disclosure.EXACT, "tasks"]), int(disclosure.at[Disclosure.APPROXIMATE, "tasks"])
    n_disclosed, n_none = n_exact + n_approx, int(disclosure.at[Disclosure.NONE, "tasks"])
    n = len(tasks)
    if n_disclosed == 0:
        none = msg.text("findings.investment.none", lang, n=n)
        return {key: bullets([none]) for key in ("total", "sections", "departments", "funding", "largest", "towns",
                                                 "formula", "sensitivity")}

    total_lines = [msg.text(
        "findings.investment.total.summary", lang, total=big_amount(total, lang), n=n,
        disclosed=msg.text("findings.investment.total.disclosed", lang, count=n_disclosed),
        none=msg.text("findings.investment.total.none", lang, count=n_none),
    )]
    exact = disclosure.at[Disclosure.EXACT, "investment_wan"]
    approx = disclosure.at[Disclosure.APPROXIMATE, "investment_wan"]
    if n_approx:
        approx_ids = task_ids(tasks.index[tasks["investment_is_approx"].astype(bool)], lang)
        total_lines.append(msg.text(
            "findings.investment.total.approx", lang, n_exact=n_exact, exact=wan(exact, lang),
            exact_share=pct(exact / total), n_approx=n_approx, tasks=approx_ids, approx=wan(approx, lang),
            approx_share=pct(approx / total),
        ))
    else:
        total_lines.append(msg.text("findings.investment.total.all_exact", lang))

    by_section = inv.investment_by_section(tl)
    silent = by_section.loc[by_section["tasks_disclosed"] == 0, "section_no"]
    top_section = by_section.sort_values("investment_wan", ascending=False).iloc[0]
    section_lines = [msg.text(
        "findings.investment.sections.top", lang, section=_cap(section_ref(tl, int(top_section["section_no"]), lang)),
        share=pct(top_section["share"]),
    )]
    if len(silent):
        names = join([section_ref(tl, int(s), lang) for s in silent], lang)
        section_lines.append(msg.text("findings.investment.sections.silent", lang, count=len(silent), sections=names))

    by_department = inv.investment_by_department(tl)
    top_dept = by_department.iloc[0]
    dept = name_in("department", top_dept["department"], lang)
    top_amount = wan(top_dept["investment_wan"], lang, approx=bool(top_dept["investment_wan_approx"]))
    department_lines = [msg.text(
        "findings.investment.departments.top", lang, dept=dept, amount=top_amount, share=pct(top_dept["share"]),
        tasks=count(int(top_dept["tasks_disclosed"]), lang),
    )]
    if top_dept["tasks_disclosed"] == 1:
        led = tasks[(tasks["lead_department"] == top_dept["department"]) & tasks["investment_wan"].notna()]
        department_lines.append(msg.text("findings.investment.departments.single", lang,
                                         task=task_ref(tl, int(led.index[0]), lang)))
    unknown = by_department[by_department["investment_wan"].isna()]
    if len(unknown):
        department_lines.append(msg.text("findings.investment.departments.unknown", lang, count=len(unknown),
                                         tasks=count(int(unknown["tasks"].sum()), lang)))

    overlap = inv.funding_overlap(tl)
    if overlap["disclosed_tasks_multi_level"]:
        funding_lines = [msg.text(
            "findings.investment.funding.overlap", lang, count=overlap["disclosed_tasks_multi_level"],
            sum=wan(overlap["sum_over_levels_wan"], lang), factor=f"{overlap['overlap_factor']:.2f}",
        )]
    else:
        funding_lines = [msg.text("findings.investment.funding.no_overlap", lang)]

    largest = inv.largest_tasks(tl)

    allocation = alloc.allocate_investment_to_towns(tl)
    by_town = alloc.investment_by_town(allocation)
    totals = by_town.set_index("town")["total_wan"]
    to_towns = float(totals.drop(list(TOWN_BUCKETS), errors="ignore").sum())
    equal = float(by_town["equal-split"].sum())
    district_wide = float(totals.get(TownBucket.DISTRICT_WIDE, 0.0))
    unattributed = float(totals.get(TownBucket.UNSPECIFIED, 0.0))
    flags = by_town.set_index("town")
    real = by_town[~by_town["town"].isin(TOWN_BUCKETS)]
    to_towns_text = wan(to_towns, lang, approx=bool(real["total_wan_approx"].any()))
    equal_text = wan(equal, lang, approx=bool(by_town["equal-split_approx"].any()))
    of_equal = msg.text("findings.investment.towns.of_equal", lang, amount=equal_text) if equal else ""
    parts = [msg.text("findings.investment.towns.attributable", lang, amount=to_towns_text,
                      share=pct(to_towns / total), of_equal=of_equal)]
    if district_wide:
        text = wan(district_wide, lang, approx=bool(flags.at[TownBucket.DISTRICT_WIDE, "total_wan_approx"]))
        parts.append(msg.text("findings.investment.towns.district_wide", lang, amount=text))
    if unattributed:
        text = wan(unattributed, lang, approx=bool(flags.at[TownBucket.UNSPECIFIED, "total_wan_approx"]))
        parts.append(msg.text("findings.investment.towns.unattributed", lang, amount=text))
    town_lines = [msg.text("findings.investment.towns.parts", lang,
                           parts=msg.text("findings.investment.towns.separator", lang).join(parts))]
    if len(real):
        top_town = real.iloc[0]
        split = top_town["equal-split"] if pd.notna(top_town["equal-split"]) else 0.0  # no equal split: NaN
        split_text = wan(split, lang, approx=bool(top_town["equal-split_approx"]))
        town_lines.append(msg.text(
            "findings.investment.towns.top", lang, town=name_in("town", top_town["town"], lang),
            amount=wan(top_town["total_wan"], lang, approx=bool(top_town["total_wan_approx"])),
            share=pct(top_town["total_wan"] / total),
            split=msg.text("findings.investment.towns.top_split", lang, amount=split_text) if split else "",
        ))
    town_lines += _equal_split_sentences(tl, allocation, lang)
    town_lines.append(_mostly_equal_split(allocation, by_town, lang))

    scenarios = sens.allocation_scenarios(tl)
    formula = sens.formula_split(tl, allocation)
    formula_lines = _formula_sentences(tl, formula, lang) or [msg.text("findings.investment.formula.none", lang)]
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
