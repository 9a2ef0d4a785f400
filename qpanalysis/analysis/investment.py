"""Disclosed investment (总投资, 万元): totals, breakdowns, the largest tasks and a town allocation with its sensitivity."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

# The vocabularies come from qpanalysis.codes, under the names this module's callers use.
from qpanalysis.codes import (
    ALLOCATION_RULES as RULES,
    ALLOCATION_SCENARIOS as SCENARIOS,
    APPROX_SUFFIX,
    ASSUMED_RULES,
    BASIS_DISTRICT_WIDE,
    BASIS_FROM_BREAKDOWN,
    BASIS_UNSPECIFIED,
    DISCLOSURE_APPROXIMATE,
    DISCLOSURE_EXACT,
    DISCLOSURE_NONE,
    DISCLOSURE_STATUSES as STATUSES,
    FUNDING_NONE as NO_LEVEL,
    RULE_AREA_SPLIT,
    RULE_DISTRICT_SPREAD,
    RULE_DISTRICT_WIDE,
    RULE_EQUAL_SPLIT,
    RULE_FUNDING_FORMULA,
    RULE_PROPORTIONAL,
    RULE_SINGLE_TOWN,
    RULE_UNATTRIBUTED,
    SCENARIO_AREA_SPLIT,
    SCENARIO_DEFAULT,
    SCENARIO_DISTRICT_SPREAD,
    SCENARIO_FUNDING_FORMULA,
    SCENARIO_NO_EQUAL_SPLIT,
    SENSITIVITY_RULES,
    TOWN_BUCKETS as BUCKETS,
    TOWN_DISTRICT_WIDE as DISTRICT_WIDE_BUCKET,
    TOWN_UNSPECIFIED as UNATTRIBUTED_BUCKET,
)
from qpanalysis.ingest.reference import load_reference

# 1 亿元 = 10,000 万元: the list states amounts in 万元; papers usually quote 亿元.
WAN_PER_YI = 10_000
# Significant digits a sum of amounts keeps: a float holds 15 to 17, and the last ones are
# the noise of binary fractions (10478.4 + 830.14 = 11308.539999999999); 15 keep every
# amount of the list exactly and a third of one to 1e-15 of itself.
SUM_DIGITS = 15
# Tolerance (万元) when checking that allocated amounts add up: the list's amounts
# have at most two decimals, so anything above float noise is a real error.
TOLERANCE_WAN = 1e-6


def _tasks(tl_or_tasks) -> pd.DataFrame:
    """The tasks table from a TaskList or the table itself, with task_id as a column."""
    tasks = getattr(tl_or_tasks, "tasks", tl_or_tasks)
    if "task_id" not in tasks.columns:
        tasks = tasks.reset_index()
    return tasks.reset_index(drop=True)


def _disclosed(tasks: pd.DataFrame) -> pd.DataFrame:
    return tasks[tasks["investment_wan"].notna()]


def approx_column(column: str) -> str:
    """The name of the flag column that marks the approximate (约) amounts of ``column``.

    Example:
        >>> approx_column("investment_wan")
        'investment_wan_approx'
    """
    return f"{column}{APPROX_SUFFIX}"


def _is_approx(tasks: pd.DataFrame) -> pd.Series:
    """Per task: True when it discloses an approximate (约) amount."""
    flag = tasks["investment_is_approx"] if "investment_is_approx" in tasks else pd.Series(False, index=tasks.index)
    return flag.fillna(False).astype(bool) & tasks["investment_wan"].notna()


def to_yi(wan: float) -> float:
    """Convert 万元 to 亿元.

    Example:
        >>> round(to_yi(361633.24), 6)
        36.163324
    """
    return wan / WAN_PER_YI


def known_sum(values) -> float:
    """Sum of the known amounts (万元): NaN when none is known, because "/" is unknown, never 0.

    Uses :func:`math.fsum` and keeps :data:`SUM_DIGITS` significant digits, so that the
    amounts' two decimals add up without float noise (361633.24, not 361633.24000000005;
    11308.54, not 11308.539999999999).

    Example:
        >>> known_sum(pd.Series([278138.0, 830.14, None, 10478.4]))
        289446.54
        >>> known_sum([10478.4, 830.14]), known_sum([1 / 3] * 3)
        (11308.54, 1.0)
        >>> known_sum(pd.Series([None, None], dtype=float)), known_sum([])
        (nan, nan)
    """
    known = [float(v) for v in values if pd.notna(v)]
    return float(f"{math.fsum(known):.{SUM_DIGITS}g}") if known else math.nan


def disclosed_total(tl_or_tasks) -> float:
    """Sum of the investment the list discloses (万元); tasks marked "/" are left out, not zero.

    NaN when no task discloses an amount: the list's investment is then unknown, not 0.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3], "investment_wan": [100.0, None, 2.5]})
        >>> disclosed_total(tasks)
        102.5
        >>> disclosed_total(tasks.assign(investment_wan=None))
        nan
    """
    return known_sum(_tasks(tl_or_tasks)["investment_wan"])


def _shares(amounts: pd.Series) -> pd.Series:
    """Each amount's share of their known sum; NaN where the amount is unknown (or none is known)."""
    total = known_sum(amounts)
    return amounts / total if total else pd.Series(math.nan, index=amounts.index)


def disclosure_status(tasks: pd.DataFrame) -> pd.Series:
    """Per task: ``exact``, ``approximate`` (约) or ``not-disclosed`` ("/")."""
    approx = tasks["investment_is_approx"].fillna(False).astype(bool)
    status = pd.Series(DISCLOSURE_EXACT, index=tasks.index, dtype="object")
    status[approx] = DISCLOSURE_APPROXIMATE
    status[tasks["investment_wan"].isna()] = DISCLOSURE_NONE
    return status


def investment_disclosure(tl_or_tasks) -> pd.DataFrame:
    """How many tasks state an exact amount, an approximate (约) one, or none; and the sums.

    Returns:
        One row per status (exact, approximate, not-disclosed) with columns ``status``,
        ``tasks``, ``investment_wan`` (NaN for not-disclosed: nothing is known),
        ``investment_wan_approx`` (True on the approximate row) and ``share_of_disclosed``
        (share of the disclosed total).

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3], "investment_wan": [30.0, None, 10.0],
        ...                       "investment_is_approx": [False, False, True]})
        >>> table = investment_disclosure(tasks).set_index("status")
        >>> table["tasks"].to_dict(), float(table.loc["approximate", "investment_wan"])
        ({'exact': 1, 'approximate': 1, 'not-disclosed': 1}, 10.0)
    """
    tasks = _tasks(tl_or_tasks)
    status = disclosure_status(tasks)
    total = disclosed_total(tasks)
    rows = []
    for name in STATUSES:
        chosen = tasks[status == name]
        amount = known_sum(chosen["investment_wan"]) if name != DISCLOSURE_NONE else math.nan
        rows.append({
            "status": name, "tasks": len(chosen), "investment_wan": amount,
            approx_column("investment_wan"): name == DISCLOSURE_APPROXIMATE and len(chosen) > 0,
            "share_of_disclosed": amount / total if total and name != DISCLOSURE_NONE else math.nan,
        })
    return pd.DataFrame(rows)


# Per group of tasks: how many, how many disclose an amount, the sum of the disclosed
# amounts (NaN when none does: see known_sum) and whether it includes an approximate one.
_AMOUNT_AGGREGATES = {
    "tasks": ("task_id", "size"), "tasks_disclosed": ("disclosed", "sum"),
    "investment_wan": ("investment_wan", known_sum), "investment_wan_approx": ("approx", "any"),
}


def _disclosure_columns(tasks: pd.DataFrame) -> pd.DataFrame:
    """The tasks with ``disclosed`` (an amount is stated) and ``approx`` (it is approximate) columns."""
    return tasks.assign(disclosed=tasks["investment_wan"].notna(), approx=_is_approx(tasks))


def _with_counts(table: pd.DataFrame, at: int) -> pd.DataFrame:
    """Whole task counts, and ``tasks_not_disclosed`` (tasks saying "/") inserted at column ``at``."""
    table = table.astype({"tasks": int, "tasks_disclosed": int})
    table.insert(at, "tasks_not_disclosed", table["tasks"] - table["tasks_disclosed"])
    return table


def investment_by_section(tl_or_tasks) -> pd.DataFrame:
    """Disclosed investment and disclosure counts per section (板块), every section listed.

    Returns:
        Columns ``section_no``, ``section``, ``tasks``, ``tasks_disclosed``,
        ``tasks_not_disclosed``, ``investment_wan`` (the sum of the disclosed amounts;
        NaN, unknown, where no task of the section discloses one), ``investment_wan_approx``
        (it includes an approximate amount) and ``share`` of the disclosed total (NaN
        where the amount is unknown); in section order.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3], "section_no": [1, 1, 2], "section": ["甲", "甲", "乙"],
        ...                       "investment_wan": [30.0, None, None], "investment_is_approx": [False] * 3})
        >>> investment_by_section(tasks)[["tasks_not_disclosed", "investment_wan", "share"]].values.tolist()
        [[1.0, 30.0, 1.0], [1.0, nan, nan]]
    """
    tasks = _tasks(tl_or_tasks)
    table = (
        _disclosure_columns(tasks)
        .groupby(["section_no", "section"], sort=True)
        .agg(**_AMOUNT_AGGREGATES)
        .reset_index()
    )
    table = _with_counts(table, at=4)
    table["share"] = _shares(table["investment_wan"])
    return table


def investment_by_department(tl_or_tasks) -> pd.DataFrame:
    """Disclosed investment per lead (first-listed) department.

    Each task counts once, under its first-listed department, so the amounts add up to
    the disclosed total. Co-leads are not credited (see ``departments`` for them).

    Returns:
        Columns ``department``, ``tasks`` (tasks it leads), ``tasks_disclosed``,
        ``tasks_not_disclosed``, ``investment_wan`` (NaN, unknown, when none of its
        tasks discloses an amount), ``investment_wan_approx`` (it includes an approximate
        amount) and ``share`` (NaN where the amount is unknown); sorted by investment,
        then tasks, descending, the departments with an unknown amount last.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3], "lead_department": ["甲", "乙", "乙"],
        ...                       "investment_wan": [None, 5.0, None], "investment_is_approx": [False] * 3})
        >>> investment_by_department(tasks)[["department", "tasks_not_disclosed", "investment_wan"]].values.tolist()
        [['乙', 1, 5.0], ['甲', 1, nan]]
    """
    tasks = _tasks(tl_or_tasks)
    table = (
        _disclosure_columns(tasks)
        .groupby("lead_department", sort=False)
        .agg(**_AMOUNT_AGGREGATES)
        .reset_index()
        .rename(columns={"lead_department": "department"})
    )
    table = _with_counts(table, at=3)
    table["share"] = _shares(table["investment_wan"])
    return table.sort_values(["investment_wan", "tasks", "department"], ascending=[False, False, True],
                             na_position="last", ignore_index=True)



def _levels_by_task(tasks: pd.DataFrame, funding: pd.DataFrame, order: list[str]) -> pd.Series:
    rank = {level: i for i, level in enumerate(order)}
    named = funding.groupby("task_id")["level"].agg(
        lambda s: tuple(sorted(set(s), key=lambda lv: rank.get(lv, len(rank))))
    )
    return tasks["task_id"].map(named).apply(lambda v: v if isinstance(v, tuple) else ())


def investment_by_funding_level(tl, funding: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tasks naming each funding level (资金来源), and the disclosed investment of those tasks.

    A task that names several levels counts under each of them with its whole amount:
    the source never says how an amount divides between levels, so no split is made.
    The amounts therefore overlap and their sum exceeds the disclosed total; use
    :func:`funding_level_combinations` for a table that adds up.

    Args:
        tl: A TaskList, or its tasks table (then pass ``funding`` too).
        funding: The funding table, when ``tl`` is a tasks table.

    Returns:
        One row per level of ``data/reference/funding_levels.csv`` (in its order) with
        ``level``, ``tasks_naming`` (all tasks naming it), ``tasks_naming_disclosed``,
        ``investment_naming_wan`` (overlapping), ``tasks_sole``, ``tasks_sole_disclosed``
        and ``investment_sole_wan`` (tasks naming this level and no other), each amount
        with its ``…_approx`` flag (it includes an approximate amount). An amount is NaN,
        unknown, when none of its tasks discloses one.
    """
    tasks = _tasks(tl)
    funding = tl.funding if funding is None else funding
    order = list(load_reference().funding_levels["level"])
    order += [lv for lv in funding["level"].unique() if lv not in order]
    levels = _levels_by_task(tasks, funding, order)
    amount, approx = tasks["investment_wan"], _is_approx(tasks)
    rows = []
    for level in order:
        names = levels.apply(lambda lv, level=level: level in lv)
        sole = levels.apply(lambda lv, level=level: lv == (level,))
        rows.append({
            "level": level,
            "tasks_naming": int(names.sum()),
            "tasks_naming_disclosed": int((names & amount.notna()).sum()),
            "investment_naming_wan": known_sum(amount[names]),
            approx_column("investment_naming_wan"): bool((names & approx).any()),
            "tasks_sole": int(sole.sum()),
            "tasks_sole_disclosed": int((sole & amount.notna()).sum()),
            "investment_sole_wan": known_sum(amount[sole]),
            approx_column("investment_sole_wan"): bool((sole & approx).any()),
        })
    return pd.DataFrame(rows)


def funding_level_combinations(tl, funding: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tasks and disclosed investment per combination of funding levels named (these add up).

    Every task falls in exactly one combination (``"none"`` when 资金来源 names no level, e.g.
    "/"), so ``investment_wan`` sums to the disclosed total: this is the overlap of
    :func:`investment_by_funding_level` made explicit.

    Returns:
        Columns ``levels`` (level codes joined with ``+``, in reference order),
        ``n_levels``, ``tasks``, ``tasks_disclosed``, ``tasks_not_disclosed``, ``task_ids``
        (of the disclosed tasks, as text), ``investment_wan`` (NaN, unknown, when none of
        the combination's tasks discloses an amount) and ``investment_wan_approx`` (it
        includes an approximate amount); sorted by investment descending, unknown last.
    """
    tasks = _tasks(tl)
    funding = tl.funding if funding is None else funding
    order = list(load_reference().funding_levels["level"])
    levels = _levels_by_task(tasks, funding, order)
    frame = _disclosure_columns(tasks).assign(levels=levels.map(lambda lv: "+".join(lv) or NO_LEVEL),
                                              n_levels=levels.map(len))
    table = frame.groupby(["levels", "n_levels"], sort=False).agg(**_AMOUNT_AGGREGATES).reset_index()
    table = _with_counts(table, at=4)
    ids = frame[frame["disclosed"]].groupby("levels")["task_id"].agg(lambda s: ", ".join(map(str, sorted(s))))
    table.insert(5, "task_ids", [ids.get(levels_, "") for levels_ in table["levels"]])
    return table.sort_values(["investment_wan", "tasks"], ascending=False, na_position="last", ignore_index=True)


def funding_overlap(tl, funding: pd.DataFrame | None = None) -> dict[str, float]:
    """How much the per-level amounts overlap: their sum against the disclosed total.

    Returns:
        ``{"sum_over_levels_wan", "disclosed_total_wan", "overlap_factor",
        "disclosed_tasks_multi_level"}``; the factor is 1 only when no disclosed task
        names more than one level.
    """
    by_level = investment_by_funding_level(tl, funding)
    combos = funding_level_combinations(tl, funding)
    total = disclosed_total(tl)
    summed = known_sum(by_level["investment_naming_wan"])
    return {
        "sum_over_levels_wan": summed,
        "disclosed_total_wan": total,
        "overlap_factor": summed / total if total else math.nan,
        "disclosed_tasks_multi_level": int(combos.loc[combos["n_levels"] > 1, "tasks_disclosed"].sum()),
    }


def largest_tasks(tl_or_tasks) -> pd.DataFrame:
    """Tasks with a disclosed amount, largest first, with their cumulative share (a Pareto table).

    Returns:
        Columns ``rank``, ``task_id``, ``name``, ``section_no``, ``investment_wan``,
        ``investment_wan_approx`` (the amount is approximate, 约), ``share`` and
        ``cumulative_share``.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3], "name": ["甲", "乙", "丙"], "section_no": [1, 1, 2],
        ...                       "investment_wan": [25.0, None, 75.0], "investment_is_approx": [False] * 3})
        >>> largest_tasks(tasks)[["task_id", "share", "cumulative_share"]].values.tolist()
        [[3.0, 0.75, 0.75], [1.0, 0.25, 1.0]]
    """
    tasks = _disclosed(_tasks(tl_or_tasks))
    tasks = tasks.assign(investment_wan_approx=_is_approx(tasks))
    table = tasks.sort_values(["investment_wan", "task_id"], ascending=[False, True])[
        ["task_id", "name", "section_no", "investment_wan", "investment_wan_approx"]
    ].reset_index(drop=True)
    table["share"] = _shares(table["investment_wan"])
    table["cumulative_share"] = table["share"].cumsum()
    table.insert(0, "rank", range(1, len(table) + 1))
    return table


def _breakdown_shares(quantities: pd.DataFrame, task_id, towns: list[str]) -> tuple[pd.Series, str] | None:
    """Shares of the first per-town metric of a task's 建设规模, restricted to ``towns``."""
    rows = quantities[(quantities["task_id"] == task_id) & quantities["town"].notna()]
    rows = rows[rows["town"].isin(towns)]
    for (metric, unit), group in rows.groupby(["metric", "unit"], sort=False):
        amounts = group.groupby("town", sort=False)["quantity"].sum()
        if amounts.sum() > 0 and (amounts >= 0).all():
            return amounts / amounts.sum(), metric
    return None


def allocate_investment_to_towns(tl, towns: pd.DataFrame | None = None,
                                 quantities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attribute each task's disclosed investment to towns where the list allows it.

    The rule, per task with a disclosed amount (tasks marked "/" are left out):

    1. Towns named (basis ``explicit``), or towns read from a per-town 建设规模
       breakdown (``from-breakdown``): when the scale breaks a quantity down by town,
       split in proportion to it (``proportional``; the first per-town metric in source
       order, restricted to the towns of the task); otherwise one town takes all
       (``single-town``) and several towns share equally (``equal-split``; an
       assumption, not a fact of the source).
    2. District-wide tasks (11个街镇): not split; one row in the ``全区`` bucket
       (``district-wide``).
    3. Tasks that name no place (相关街镇 without breakdown, "/"): one row in the
       ``未指明`` bucket (``unattributed``).

    Args:
        tl: A TaskList, or its tasks table (then pass ``towns`` and ``quantities``).
        towns: The towns table, when ``tl`` is a tasks table.
        quantities: The quantities table, when ``tl`` is a tasks table.

    Returns:
        One row per task and town (or bucket): ``task_id``, ``town``, ``share``,
        ``allocated_wan``, ``rule``, ``basis_metric`` (the 建设规模 metric a
        proportional split follows, as named in data/reference/labels.csv; None otherwise) and ``allocated_wan_approx`` (the
        task's amount is approximate, 约). Check it with :func:`sanity_check_allocation`.

    Raises:
        ValueError: When one task's town rows disagree on their basis.
    """
    tasks = _disclosed(_tasks(tl))
    towns = tl.towns if towns is None else towns
    quantities = tl.quantities if quantities is None else quantities
    rows = []
    for task_id, amount in zip(tasks["task_id"], tasks["investment_wan"]):
        links = towns[towns["task_id"] == task_id]
        named = list(dict.fromkeys(links["town"].dropna()))
        bases = set(links.loc[links["town"].notna(), "basis"])
        if len(bases) > 1:
            raise ValueError(f"task {task_id}: its towns disagree on the basis ({', '.join(sorted(bases))}); "
                             "expected one basis per task")
        basis = bases.pop() if bases else BASIS_UNSPECIFIED
        if not named or basis == BASIS_UNSPECIFIED:
            rows.append((task_id, UNATTRIBUTED_BUCKET, 1.0, RULE_UNATTRIBUTED, ""))
            continue
        if basis == BASIS_DISTRICT_WIDE:
            rows.append((task_id, DISTRICT_WIDE_BUCKET, 1.0, RULE_DISTRICT_WIDE, ""))
            continue
        if len(named) == 1:
            rows.append((task_id, named[0], 1.0, RULE_SINGLE_TOWN, ""))
            continue
        found = _breakdown_shares(quantities, task_id, named)
        if found is not None:
            shares, metric = found
            rows.extend((task_id, town, float(share), RULE_PROPORTIONAL, metric) for town, share in shares.items())
        elif basis == BASIS_FROM_BREAKDOWN:  # towns inferred, but no usable quantity to split by
            rows.append((task_id, UNATTRIBUTED_BUCKET, 1.0, RULE_UNATTRIBUTED, ""))
        else:
            rows.extend((task_id, town, 1.0 / len(named), RULE_EQUAL_SPLIT, "") for town in named)
    return _allocation_table(rows, tasks)


def _allocation_table(rows, tasks: pd.DataFrame) -> pd.DataFrame:
    """Allocation rows (task, town, share, rule, basis metric) with each task's amount applied."""
    table = pd.DataFrame(rows, columns=["task_id", "town", "share", "rule", "basis_metric"])
    table["task_id"] = table["task_id"].astype("int64")
    table["basis_metric"] = table["basis_metric"].where(table["basis_metric"].astype(bool), None)
    by_task = tasks.set_index("task_id")
    table.insert(3, "allocated_wan", table["share"] * table["task_id"].map(by_task["investment_wan"]))
    table[approx_column("allocated_wan")] = table["task_id"].map(_is_approx(by_task)).fillna(False).astype(bool)
    return table


def _approx_flags(allocation: pd.DataFrame, by: str) -> dict[str, pd.Series]:
    """Per town, whether the money ``by`` each rule (or scenario), and in all, includes an approximate amount."""
    flag = allocation.get(approx_column("allocated_wan"), pd.Series(False, index=allocation.index)).astype(bool)
    rows = allocation.assign(_approx=flag & (allocation["allocated_wan"] > 0))
    flags = {key: group.groupby("town")["_approx"].any() for key, group in rows.groupby(by)}
    flags["any"] = rows.groupby("town")["_approx"].any()
    return flags


def sanity_check_allocation(allocation: pd.DataFrame, tl_or_tasks) -> None:
    """Check that each task's allocated amounts add up to its disclosed investment.

    Raises:
        ValueError: Naming the tasks whose shares do not sum to 1, whose allocations do
            not add back to the stated amount, or that are missing or extra.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1], "investment_wan": [10.0]})
        >>> bad = pd.DataFrame({"task_id": [1, 1], "town": ["甲", "乙"], "share": [0.5, 0.4],
        ...                     "allocated_wan": [5.0, 4.0], "rule": ["equal-split"] * 2})
        >>> sanity_check_allocation(bad, tasks)
        Traceback (most recent call last):
        ...
        ValueError: task 1: shares sum to 0.9, not 1; task 1: 9 万元 allocated, but the list states 10 万元
    """
    tasks = _disclosed(_tasks(tl_or_tasks)).set_index("task_id")["investment_wan"]
    problems = []
    missing = sorted(set(tasks.index) - set(allocation["task_id"]))
    extra = sorted(set(allocation["task_id"]) - set(tasks.index))
    if missing:
        problems.append(f"tasks {missing} have a disclosed amount but no allocation row")
    if extra:
        problems.append(f"tasks {extra} are allocated money but disclose none")
    shares = allocation.groupby("task_id")["share"].sum()
    allocated = allocation.groupby("task_id")["allocated_wan"].sum()
    for task_id, stated in tasks.items():
        if task_id not in shares.index:
            continue
        if not math.isclose(shares[task_id], 1.0, abs_tol=1e-9):
            problems.append(f"task {task_id}: shares sum to {shares[task_id]:g}, not 1")
        if not math.isclose(allocated[task_id], stated, abs_tol=TOLERANCE_WAN):
            problems.append(f"task {task_id}: {allocated[task_id]:g} 万元 allocated, but the list states {stated:g} 万元")
    if (allocation["share"] < 0).any():
        problems.append("some shares are negative")
    if problems:
        raise ValueError("; ".join(problems))


def undisclosed_by_town(tl, towns: pd.DataFrame | None = None) -> pd.Series:
    """How many tasks that disclose no amount ("/") reach each town, or each bucket.

    A task counts in every town it names (explicitly or in a per-town breakdown); a
    district-wide task in the ``全区`` bucket and a task that names no town in ``未指明``,
    as :func:`allocate_investment_to_towns` would place their money.

    Args:
        tl: A TaskList, or its tasks table (then pass ``towns``).
        towns: The towns table, when ``tl`` is a tasks table.

    Returns:
        Town (or bucket) → number of undisclosed tasks, only places with at least one.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3], "investment_wan": [None, None, 5.0]})
        >>> towns = pd.DataFrame({"task_id": [1, 1, 2, 3], "town": ["甲镇", "乙镇", "甲镇", "甲镇"],
        ...                       "basis": ["district-wide", "district-wide", "explicit", "explicit"]})
        >>> undisclosed_by_town(tasks, towns).to_dict()
        {'全区': 1, '甲镇': 1}
    """
    tasks = _tasks(tl)
    towns = tl.towns if towns is None else towns
    silent = set(tasks.loc[tasks["investment_wan"].isna(), "task_id"])
    links = towns[towns["task_id"].isin(silent)]
    place = links["town"].where(links["town"].notna() & (links["basis"] != BASIS_UNSPECIFIED), UNATTRIBUTED_BUCKET)
    place = place.where(links["basis"] != BASIS_DISTRICT_WIDE, DISTRICT_WIDE_BUCKET)
    pairs = pd.DataFrame({"task_id": links["task_id"], "town": place}).drop_duplicates()
    return pairs.groupby("town")["task_id"].size().rename("tasks_not_disclosed")


def investment_by_town(allocation: pd.DataFrame, tl=None) -> pd.DataFrame:
    """Per-town totals of an allocation, split by the rule that put the money there.

    An amount no rule put in a town is NaN (empty), not 0; with ``tl``, the table also
    says how many undisclosed tasks ("/") reach each town, and lists the towns that only
    undisclosed tasks reach, with an unknown (NaN) total.

    Args:
        allocation: Output of :func:`allocate_investment_to_towns`.
        tl: The TaskList, for the ``tasks_not_disclosed`` column (see
            :func:`undisclosed_by_town`); without it the column is left out.

    Returns:
        Columns ``town``, one column per rule in :data:`RULES` (万元) and
        ``total_wan``, each with its ``…_approx`` flag (the amount includes part of an
        approximate one), then ``tasks_not_disclosed`` (with ``tl``); towns sorted by total
        descending (unknown totals after them, most undisclosed tasks first), the two
        buckets last.

    Example:
        >>> a = pd.DataFrame({"task_id": [1, 2], "town": ["甲镇", "全区"], "share": [1.0, 1.0],
        ...                   "allocated_wan": [10.0, 5.0], "rule": ["single-town", "district-wide"]})
        >>> t = investment_by_town(a)
        >>> t[["town", "single-town", "district-wide", "total_wan"]].values.tolist()
        [['甲镇', 10.0, nan, 10.0], ['全区', nan, 5.0, 5.0]]
    """
    wide = allocation.pivot_table(index="town", columns="rule", values="allocated_wan", aggfunc=known_sum)
    wide = wide.reindex(columns=list(RULES)).astype(float)
    wide.columns.name = None
    wide["total_wan"] = [known_sum(row) for row in wide[list(RULES)].to_numpy()]
    approx = _approx_flags(allocation, "rule")
    for column in [*RULES, "total_wan"]:
        flags = approx.get("any" if column == "total_wan" else column, pd.Series(dtype=bool))
        wide[approx_column(column)] = flags.reindex(wide.index, fill_value=False).astype(bool) & (wide[column] > 0)
    if tl is not None:
        silent = undisclosed_by_town(tl)
        wide = wide.reindex(wide.index.union(silent.index, sort=False))
        for column in wide.columns:
            if column.endswith(APPROX_SUFFIX):
                wide[column] = wide[column].astype("boolean").fillna(False).astype(bool)
        wide["tasks_not_disclosed"] = silent.reindex(wide.index, fill_value=0).astype(int)
    wide = wide.rename_axis("town").reset_index()
    is_bucket = wide["town"].isin(BUCKETS)
    order = ["total_wan", "tasks_not_disclosed", "town"] if tl is not None else ["total_wan", "town"]
    towns = wide[~is_bucket].sort_values(order, ascending=[False] * (len(order) - 1) + [True], na_position="last")
    buckets = wide[is_bucket].set_index("town").reindex([b for b in BUCKETS if b in set(wide["town"])]).reset_index()
    return pd.concat([towns, buckets], ignore_index=True)


# ---------------------------------------------------------------------------------------
# Sensitivity of the town attribution (docs/assumptions_and_caveats.md#town-allocation-sensitivity)

# An amount per area in 资金来源: "10000万元/试点", "10000万元/个片区", or "每个试点10000万元".
PER_AREA_AFTER = re.compile(r"(?P<amount>\d+(?:\.\d+)?)\s*万元\s*/\s*(?:每?个)?(?P<per>试点片区|试点|片区)")
PER_AREA_BEFORE = re.compile(r"每个?(?P<per>试点片区|试点|片区)[^0-9，,；;。]{0,8}?(?P<amount>\d+(?:\.\d+)?)\s*万元")
# Matching ratios by group of towns, in the order the groups are named:
# "区分青西三镇加白鹤和青东四镇，分别以1:1和1:0.5配套".
MATCHING_BY_GROUP = re.compile(
    r"区分(?P<groups>[^，,；;。]+?)[，,]?\s*分别(?:以|按)(?P<ratios>[0-9.:：和、及与]+?)(?:的?比例)?配套")
# One matching ratio for every town: "按1:1配套", "按1:0.5的比例配套".
MATCHING_ALL = re.compile(r"按(?P<ratio>\d+(?:\.\d+)?[:：]\d+(?:\.\d+)?)(?:的?比例)?配套")
RATIO = re.compile(r"(?P<a>\d+(?:\.\d+)?)[:：](?P<b>\d+(?:\.\d+)?)")
# Words that join the groups of a matching clause, and the parts of one group.
GROUP_SEPARATOR = re.compile(r"和|与")
PART_SEPARATOR = re.compile(r"以及|加|及|、")
# A group of towns named by area, count and kind (青西三镇, 青东四镇), resolved with the
# ``area`` and ``type`` columns of data/reference/towns.csv; the count must agree.
TOWN_GROUP = re.compile(r"^(?P<area>[\u4e00-\u9fff]+?)(?P<n>[一二两三四五六七八九十]|\d+)个?(?P<kind>镇|街道|街镇)$")
GROUP_KINDS = {"镇": ("镇",), "街道": ("街道",), "街镇": ("镇", "街道")}
SMALL_NUMERALS = dict(zip("一二三四五六七八九十", range(1, 11))) | {"两": 2}
# An area (片区) named in 建设规模 or 建设内容: the words before 片区, between separators.
AREA = re.compile(r"[^、，,；;。（）()\s:：]+?片区")


@dataclass(frozen=True)
class FundingFormula:
    """How a task's 资金来源 says its money is raised: an amount per area, and matching ratios.

    Attributes:
        per_area_wan: The amount (万元) given for each area, e.g. 10000 per pilot area.
        per: What the amount is given per, as written (试点, 片区…).
        groups: ``(towns, ratio)`` for each group of towns the matching clause names, in
            the order written; ``ratio`` is the matching amount per unit of the per-area
            amount (1:0.5 → 0.5).
        default_ratio: The ratio of a town in no group: the one ratio stated for every
            town, else 0 (no matching is stated for it).
    """

    per_area_wan: float
    per: str
    groups: tuple[tuple[tuple[str, ...], float], ...]
    default_ratio: float

    def ratio(self, town: str) -> float:
        """The matching ratio of a town (the first group that holds it)."""
        for towns, ratio in self.groups:
            if town in towns:
                return ratio
        return self.default_ratio

    def weight(self, towns) -> float:
        """What one area of these towns receives by the formula: the amount with its matching.

        An area whose towns have different ratios takes their mean.
        """
        ratios = [self.ratio(t) for t in towns]
        return self.per_area_wan * (1 + sum(ratios) / len(ratios))


def _number(text: str) -> int:
    return SMALL_NUMERALS[text] if text in SMALL_NUMERALS else int(text)


def _ratio(text: str) -> float:
    found = RATIO.fullmatch(text.strip())
    if found is None or float(found["a"]) == 0:
        raise ValueError(f"not a ratio: {text!r}")
    return float(found["b"]) / float(found["a"])


def _group_towns(part: str, reference) -> tuple[str, ...] | None:
    """The towns a part of a matching clause names: one town (白鹤), or a group (青西三镇)."""
    names = reference.town_forms()
    if part in names:
        return (names[part],)
    found = TOWN_GROUP.match(part)
    towns = reference.towns
    if found is None or not {"area", "type"} <= set(towns.columns):
        return None
    chosen = towns[(towns["area"] == found["area"]) & towns["type"].isin(GROUP_KINDS[found["kind"]])]
    return tuple(chosen["town"]) if len(chosen) == _number(found["n"]) else None


def parse_funding_formula(text, reference=None) -> FundingFormula | None:
    """Read a funding formula from 资金来源: an amount per area and, if stated, matching ratios.

    Groups of towns are read with data/reference/towns.csv: a town's name or alias (白鹤),
    or an area, a count and a kind (青西三镇 = the 3 towns whose ``area`` is 青西). A text
    without an amount per area, or whose groups or ratios cannot all be read, has no
    formula (None): the sensitivity table then shows no funding-formula row for it.

    Args:
        text: The 资金来源 text of a task.
        reference: Reference tables; the bundled ones by default.

    Example:
        >>> text = ("市级财政10000万元/试点(分两年拨付)；区级财政按市级补助，区分青西三镇加白鹤和青东四镇，"
        ...         "分别以1:1和1:0.5配套，镇级财政根据实际情况配套。")
        >>> f = parse_funding_formula(text)
        >>> f.per_area_wan, f.per, f.default_ratio
        (10000.0, '试点', 0.0)
        >>> [(towns, ratio) for towns, ratio in f.groups]
        [(('朱家角镇', '练塘镇', '金泽镇', '白鹤镇'), 1.0), (('赵巷镇', '徐泾镇', '华新镇', '重固镇'), 0.5)]
        >>> f.weight(["练塘镇"]), f.weight(["赵巷镇", "徐泾镇"]), f.weight(["夏阳街道"])
        (20000.0, 15000.0, 10000.0)
        >>> parse_funding_formula("每个片区补助500万元，区级按1:0.5比例配套").weight(["金泽镇"])
        750.0
        >>> parse_funding_formula("市、区、镇") is None, parse_funding_formula("/") is None
        (True, True)
        >>> parse_funding_formula("市级10000万元/试点，区分青北五镇和青东四镇，分别以1:1和1:0.5配套") is None
        True
    """
    text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    reference = reference or load_reference()
    amount = PER_AREA_AFTER.search(text) or PER_AREA_BEFORE.search(text)
    if amount is None:
        return None
    groups: list[tuple[tuple[str, ...], float]] = []
    default_ratio = 0.0
    by_group = MATCHING_BY_GROUP.search(text)
    if by_group is not None:
        names = [g.strip() for g in GROUP_SEPARATOR.split(by_group["groups"]) if g.strip()]
        ratios = [r.strip() for r in GROUP_SEPARATOR.split(by_group["ratios"].replace("、", "和")) if r.strip()]
        if len(names) != len(ratios):
            return None
        for name, ratio in zip(names, ratios):
            towns: list[str] = []
            for part in filter(None, (p.strip() for p in PART_SEPARATOR.split(name))):
                found = _group_towns(part, reference)
                if found is None:
                    return None
                towns += [t for t in found if t not in towns]
            try:
                groups.append((tuple(towns), _ratio(ratio)))
            except ValueError:
                return None
    elif (for_all := MATCHING_ALL.search(text)) is not None:
        default_ratio = _ratio(for_all["ratio"])
    return FundingFormula(float(amount["amount"]), amount["per"], tuple(groups), default_ratio)


def parse_areas(text, towns, reference=None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The areas (片区) a text names, each with the towns among ``towns`` it covers.

    An area covers a town when its name holds the town's name or alias (赵巷徐泾片区
    covers 赵巷镇 and 徐泾镇); an area that covers none of ``towns`` is left out.

    Example:
        >>> parse_areas("3个试点片区(练塘片区、赵巷徐泾片区、金泽片区)。", ["练塘镇", "赵巷镇", "徐泾镇", "金泽镇"])
        (('练塘片区', ('练塘镇',)), ('赵巷徐泾片区', ('赵巷镇', '徐泾镇')), ('金泽片区', ('金泽镇',)))
        >>> parse_areas("老旧供水管网改造(公里):2.2", ["重固镇", "白鹤镇"])
        ()
    """
    text = "" if not isinstance(text, str) else text
    names = sorted((reference or load_reference()).town_forms().items(), key=lambda kv: -len(kv[0]))
    found: list[tuple[str, tuple[str, ...]]] = []
    for match in AREA.finditer(text):
        area, positions = match.group(), {}
        for name, town in names:
            at = area.find(name)
            if at >= 0 and town in towns and town not in positions:
                positions[town] = at
        covered = tuple(sorted(positions, key=positions.get))
        if covered and all(covered != c for _, c in found):
            found.append((area, covered))
    return tuple(found)


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
    for task_id in sorted(set(allocation.loc[allocation["rule"] == RULE_EQUAL_SPLIT, "task_id"])):
        areas = _areas_of(tasks.loc[task_id], _named_towns(allocation, task_id), reference)
        if any(len(members) > 1 for _, members in areas):
            changed[task_id] = [(task_id, town, 1 / len(areas) / len(members), RULE_AREA_SPLIT, "")
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
    changes[SCENARIO_FUNDING_FORMULA] = {
        task_id: [(task_id, r.town, r.share, RULE_FUNDING_FORMULA, "") for r in rows.itertuples()]
        for task_id, rows in formula.groupby("task_id", sort=True)
    }
    changes[SCENARIO_AREA_SPLIT] = _area_rows(tl, default, reference)
    changes[SCENARIO_NO_EQUAL_SPLIT] = {
        task_id: [(task_id, UNATTRIBUTED_BUCKET, 1.0, RULE_UNATTRIBUTED, "")]
        for task_id in sorted(set(default.loc[default["rule"] == RULE_EQUAL_SPLIT, "task_id"]))
    }
    district = list(reference.district_towns)
    changes[SCENARIO_DISTRICT_SPREAD] = {
        task_id: [(task_id, town, 1 / len(district), RULE_DISTRICT_SPREAD, "") for town in district]
        for task_id in sorted(set(default.loc[default["rule"] == RULE_DISTRICT_WIDE, "task_id"]))
    } if district else {}
    scenarios = {SCENARIO_DEFAULT: default}
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
    default = scenarios.get(SCENARIO_DEFAULT)
    rows = []
    for scenario, allocation in scenarios.items():
        towns = _town_totals(allocation)
        flags = _approx_flags(allocation, "rule")["any"] if len(allocation) else pd.Series(dtype=bool)
        placed = allocation[~allocation["town"].isin(BUCKETS)]
        assumed = placed[placed["rule"].isin(ASSUMED_RULES)]
        top = towns.sort_values(ascending=False, kind="stable") if len(towns) else towns
        top_town = top.index[0] if len(top) else None
        changed = []
        if default is not None and scenario != SCENARIO_DEFAULT:
            changed = sorted(set(allocation.loc[allocation["rule"].isin(SENSITIVITY_RULES + (RULE_UNATTRIBUTED,)),
                                                "task_id"])
                             - set(default.loc[default["rule"] == RULE_UNATTRIBUTED, "task_id"]))
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
