"""Sensitivity of the town allocation (docs/assumptions_and_caveats.md#town-allocation-sensitivity): the alternative rules as scenarios, and what each changes."""

from __future__ import annotations

import math

import pandas as pd

from qpanalysis.analysis.allocation import (
    _allocation_table,
    _approx_flags,
    allocate_investment_to_towns,
    sanity_check_allocation,
)
from qpanalysis.analysis.investment import _disclosed, _is_approx, _tasks, approx_column
# The vocabularies come from qpanalysis.codes, under the names this module's callers use.
from qpanalysis.codes import (
    ALLOCATION_SCENARIOS as SCENARIOS, ASSUMED_RULES, SENSITIVITY_RULES, TOWN_BUCKETS as BUCKETS, Rule, Scenario,
    SensitivityRule, TownBucket,
)
from qpanalysis.ingest.funding_formula import parse_areas, parse_funding_formula
from qpanalysis.ingest.reference import load_reference


def _areas_of(task, towns: list[str], reference) -> list[tuple[str, tuple[str, ...]]]:
    """The areas of a task's towns: those its 建设规模 or 建设内容 names, then one per town left."""
    text = " ".join(str(task.get(field, "")) for field in ("scale", "content"))
    areas, covered = [], set()
    for area, members in parse_areas(text, towns, reference):
        members = tuple(t for t in members if t not in covered)
        if members:
            areas.append((area, members))
            covered.update(members)
    return areas + [(town, (town,)) for town in towns if town not in covered]


def _named_towns(allocation: pd.DataFrame, task_id) -> list[str]:
    rows = allocation[(allocation["task_id"] == task_id) & ~allocation["town"].isin(BUCKETS)]
    return list(dict.fromkeys(rows["town"]))


def formula_split(tl, allocation: pd.DataFrame | None = None, reference=None) -> pd.DataFrame:
    """How the funding formula of each task that states one would split its amount over its towns.

    A task counts when it discloses an amount, reaches two towns or more, and its 资金来源
    states an amount per area (:func:`parse_funding_formula`). Its areas are those its
    建设规模 or 建设内容 names (:func:`parse_areas`), and each town no area covers is an
    area of its own; an area receives the per-area amount with its matching, the task's
    amount is split in proportion, and an area's share is split equally among its towns.

    Returns:
        One row per task and town: ``task_id``, ``area_zh`` (the area as written, or the
        town when no area covers it) and ``area_en`` (its towns in English), ``town``,
        ``ratio`` (matching ratio), ``area_weight_wan`` (what the formula gives the area),
        ``share`` of the task's amount and ``allocated_wan`` (with ``allocated_wan_approx``).
    """
    reference = reference or load_reference()
    english = reference.english("town")
    allocation = allocate_investment_to_towns(tl) if allocation is None else allocation
    tasks = _disclosed(_tasks(tl)).set_index("task_id")
    rows = []
    for task_id, task in tasks.iterrows():
        towns = _named_towns(allocation, task_id)
        formula = parse_funding_formula(task.get("funding_source"), reference)
        if formula is None or len(towns) < 2:
            continue
        areas = _areas_of(task, towns, reference)
        weights = [formula.weight(members) for _, members in areas]
        for (area, members), weight in zip(areas, weights):
            area_en = " and ".join(str(english.get(t) or t) for t in members)
            for town in members:
                share = weight / sum(weights) / len(members)
                rows.append({"task_id": int(task_id), "area_zh": area,
                             "area_en": area_en if area == town else f"{area_en} ({area})",
                             "town": town, "ratio": formula.ratio(town),
                             "area_weight_wan": weight, "share": share,
                             "allocated_wan": share * task["investment_wan"],
                             approx_column("allocated_wan"): bool(_is_approx(tasks.loc[[task_id]]).iloc[0])})
    return pd.DataFrame(rows, columns=["task_id", "area_zh", "area_en", "town", "ratio", "area_weight_wan", "share",
                                       "allocated_wan", approx_column("allocated_wan")])


def _area_rows(tl, allocation: pd.DataFrame, reference) -> dict[int, list[tuple]]:
    """Tasks split equally by town whose 建设规模 or 建设内容 groups their towns in areas: equal by area."""
    tasks = _disclosed(_tasks(tl)).set_index("task_id")
    changed = {}
    for task_id in sorted(set(allocation.loc[allocation["rule"] == Rule.EQUAL_SPLIT, "task_id"])):
        areas = _areas_of(tasks.loc[task_id], _named_towns(allocation, task_id), reference)
        if any(len(members) > 1 for _, members in areas):
            changed[task_id] = [(task_id, town, 1 / len(areas) / len(members), SensitivityRule.AREA_SPLIT, "")
                                for _, members in areas for town in members]
    return changed


def allocation_scenarios(tl, reference=None) -> dict[str, pd.DataFrame]:
    """The town attribution under the default rules and under each alternative that applies.

    - ``default``: :func:`allocate_investment_to_towns`;
    - ``funding-formula``: every task with a funding formula (:func:`formula_split`) split
      by it; present when some task states one;
    - ``area-split``: a task split equally by town whose 建设规模 or 建设内容 groups its
      towns in areas (片区) is split equally by area instead, an area's part equally by
      its towns;
    - ``no-equal-split``: what the default splits equally is left unattributed (未指明);
    - ``district-wide``: district-wide amounts spread equally over the district's towns.

    An alternative other than the funding formula is present only when it changes a
    task's split. Every allocation passes :func:`sanity_check_allocation`.

    Returns:
        Scenario code → allocation table (as :func:`allocate_investment_to_towns`), in
        the order of :data:`SCENARIOS`.
    """
    reference = reference or load_reference()
    tasks = _disclosed(_tasks(tl))
    default = allocate_investment_to_towns(tl)
    changes: dict[str, dict] = {}
    formula = formula_split(tl, default, reference)
    changes[Scenario.FUNDING_FORMULA] = {
        task_id: [(task_id, r.town, r.share, SensitivityRule.FUNDING_FORMULA, "") for r in rows.itertuples()]
        for task_id, rows in formula.groupby("task_id", sort=True)
    }
    changes[Scenario.AREA_SPLIT] = _area_rows(tl, default, reference)
    changes[Scenario.NO_EQUAL_SPLIT] = {
        task_id: [(task_id, TownBucket.UNSPECIFIED, 1.0, Rule.UNATTRIBUTED, "")]
        for task_id in sorted(set(default.loc[default["rule"] == Rule.EQUAL_SPLIT, "task_id"]))
    }
    district = list(reference.district_towns)
    changes[Scenario.DISTRICT_SPREAD] = {
        task_id: [(task_id, town, 1 / len(district), SensitivityRule.DISTRICT_SPREAD, "") for town in district]
        for task_id in sorted(set(default.loc[default["rule"] == Rule.DISTRICT_WIDE, "task_id"]))
    } if district else {}
    scenarios = {Scenario.DEFAULT: default}
    base = [(r.task_id, r.town, r.share, r.rule, r.basis_metric) for r in default.itertuples()]
    for scenario in SCENARIOS[1:]:
        changed = changes[scenario]
        if not changed:
            continue
        rows = [row for row in base if row[0] not in changed] + [row for rows in changed.values() for row in rows]
        table = _allocation_table(sorted(rows, key=lambda r: r[0]), tasks)
        sanity_check_allocation(table, tasks)
        scenarios[scenario] = table
    return scenarios


def _town_totals(allocation: pd.DataFrame) -> pd.Series:
    totals = allocation.groupby("town")["allocated_wan"].sum()
    return totals.drop([b for b in BUCKETS if b in totals.index])


def allocation_sensitivity(scenarios: dict[str, pd.DataFrame], total_wan: float) -> pd.DataFrame:
    """The headline numbers of the town attribution under each scenario.

    Args:
        scenarios: Output of :func:`allocation_scenarios`.
        total_wan: The disclosed total (万元), for the shares.

    Returns:
        One row per scenario: ``scenario``, ``task_ids`` (tasks whose split differs from
        the default), ``towns_wan`` (attributed to towns) and its share ``towns_share``,
        ``top_town``, ``top_town_wan`` and ``top_town_share``, ``assumed_wan`` (placed in
        towns by an assumption: an equal split, a split by area or by formula, a spread of
        district-wide amounts) and ``assumed_share``; each amount with its ``…_approx``
        flag (it includes part of an approximate amount).

    Example:
        >>> rows = [(1, "甲镇", 0.5, 50.0, "equal-split", False), (1, "乙镇", 0.5, 50.0, "equal-split", False),
        ...         (2, "乙镇", 1.0, 100.0, "single-town", True)]
        >>> a = pd.DataFrame(rows, columns=["task_id", "town", "share", "allocated_wan", "rule", "allocated_wan_approx"])
        >>> t = allocation_sensitivity({"default": a}, 200.0)
        >>> t[["top_town", "top_town_wan", "assumed_share", "top_town_wan_approx"]].values.tolist()
        [['乙镇', 150.0, 0.5, True]]
    """
    default = scenarios.get(Scenario.DEFAULT)
    rows = []
    for scenario, allocation in scenarios.items():
        towns = _town_totals(allocation)
        flags = _approx_flags(allocation, "rule")["any"] if len(allocation) else pd.Series(dtype=bool)
        placed = allocation[~allocation["town"].isin(BUCKETS)]
        assumed = placed[placed["rule"].isin(ASSUMED_RULES)]
        top = towns.sort_values(ascending=False, kind="stable") if len(towns) else towns
        top_town = top.index[0] if len(top) else None
        changed = []
        if default is not None and scenario != Scenario.DEFAULT:
            changed = sorted(set(allocation.loc[allocation["rule"].isin(SENSITIVITY_RULES + (Rule.UNATTRIBUTED,)),
                                                "task_id"])
                             - set(default.loc[default["rule"] == Rule.UNATTRIBUTED, "task_id"]))
        rows.append({
            "scenario": scenario,
            "task_ids": ", ".join(map(str, changed)),
            "towns_wan": float(towns.sum()),
            approx_column("towns_wan"): bool(flags.reindex(towns.index, fill_value=False).any()),
            "towns_share": float(towns.sum()) / total_wan if total_wan else math.nan,
            "top_town": top_town,
            "top_town_wan": float(top.iloc[0]) if len(top) else math.nan,
            approx_column("top_town_wan"): bool(flags.get(top_town, False)) if top_town else False,
            "top_town_share": float(top.iloc[0]) / total_wan if len(top) and total_wan else math.nan,
            "assumed_wan": float(assumed["allocated_wan"].sum()),
            approx_column("assumed_wan"): bool(assumed.get(approx_column("allocated_wan"),
                                                           pd.Series(dtype=bool)).any()),
            "assumed_share": float(assumed["allocated_wan"].sum()) / total_wan if total_wan else math.nan,
        })
    return pd.DataFrame(rows)


def town_sensitivity(scenarios: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Investment attributed to each town (and bucket) under each scenario: towns × scenarios.

    Returns:
        One row per town that receives money under some scenario (by the default amount,
        largest first, then the towns the default gives nothing), then the buckets; one
        column per scenario (万元; NaN, empty, where the scenario attributes no disclosed
        amount to the town), each with its ``…_approx`` flag. Every column adds up to the
        disclosed total.
    """
    columns, flags = {}, {}
    for scenario, allocation in scenarios.items():
        columns[scenario] = allocation.groupby("town")["allocated_wan"].sum()
        flags[approx_column(scenario)] = _approx_flags(allocation, "rule")["any"] if len(allocation) else \
            pd.Series(dtype=bool)
    wide = pd.DataFrame(columns)
    for scenario in scenarios:
        flag = flags[approx_column(scenario)].reindex(wide.index, fill_value=False).astype(bool)
        wide[approx_column(scenario)] = flag & (wide[scenario] > 0)
    wide = wide.rename_axis("town").reset_index()
    is_bucket = wide["town"].isin(BUCKETS)
    first = next(iter(scenarios), None)
    towns = wide[~is_bucket].sort_values([first, "town"], ascending=[False, True], na_position="last") if first \
        else wide[~is_bucket]
    buckets = wide[is_bucket].set_index("town").reindex([b for b in BUCKETS if b in set(wide["town"])]).reset_index()
    ordered = [c for s in scenarios for c in (s, approx_column(s))]
    return pd.concat([towns, buckets], ignore_index=True)[["town", *ordered]]

