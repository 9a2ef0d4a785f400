"""Disclosed investment (总投资, 万元): totals, breakdowns, the largest tasks and a town allocation."""

from __future__ import annotations

import math

import pandas as pd

# The vocabularies come from qpanalysis.codes, under the names this module's callers use.
from qpanalysis.codes import (
    ALLOCATION_RULES as RULES,
    BASIS_DISTRICT_WIDE,
    BASIS_FROM_BREAKDOWN,
    BASIS_UNSPECIFIED,
    DISCLOSURE_APPROXIMATE,
    DISCLOSURE_EXACT,
    DISCLOSURE_NONE,
    DISCLOSURE_STATUSES as STATUSES,
    FUNDING_NONE as NO_LEVEL,
    RULE_DISTRICT_WIDE,
    RULE_EQUAL_SPLIT,
    RULE_PROPORTIONAL,
    RULE_SINGLE_TOWN,
    RULE_UNATTRIBUTED,
    TOWN_BUCKETS as BUCKETS,
    TOWN_DISTRICT_WIDE as DISTRICT_WIDE_BUCKET,
    TOWN_UNSPECIFIED as UNATTRIBUTED_BUCKET,
)
from qpanalysis.ingest.reference import load_reference

# 1 亿元 = 10,000 万元: the list states amounts in 万元; papers usually quote 亿元.
WAN_PER_YI = 10_000
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


def to_yi(wan: float) -> float:
    """Convert 万元 to 亿元.

    Example:
        >>> round(to_yi(361633.24), 6)
        36.163324
    """
    return wan / WAN_PER_YI


def disclosed_total(tl_or_tasks) -> float:
    """Sum of the investment the list discloses (万元); tasks marked "/" are left out, not zero.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3], "investment_wan": [100.0, None, 2.5]})
        >>> disclosed_total(tasks)
        102.5
    """
    return float(_tasks(tl_or_tasks)["investment_wan"].sum(min_count=0))


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
        ``tasks``, ``investment_wan`` (NaN for not-disclosed: nothing is known) and
        ``share_of_disclosed`` (share of the disclosed total).

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
        amount = float(chosen["investment_wan"].sum()) if name != DISCLOSURE_NONE else math.nan
        rows.append({
            "status": name, "tasks": len(chosen), "investment_wan": amount,
            "share_of_disclosed": amount / total if total and name != DISCLOSURE_NONE else math.nan,
        })
    return pd.DataFrame(rows)


def investment_by_section(tl_or_tasks) -> pd.DataFrame:
    """Disclosed investment and disclosure counts per section (板块), every section listed.

    Returns:
        Columns ``section_no``, ``section``, ``tasks``, ``tasks_disclosed``,
        ``tasks_not_disclosed``, ``investment_wan`` (0 where no task of the section
        discloses an amount) and ``share`` of the disclosed total; in section order.
    """
    tasks = _tasks(tl_or_tasks)
    disclosed = tasks["investment_wan"].notna()
    table = (
        tasks.assign(disclosed=disclosed, amount=tasks["investment_wan"].fillna(0.0))
        .groupby(["section_no", "section"], sort=True)
        .agg(tasks=("task_id", "size"), tasks_disclosed=("disclosed", "sum"), investment_wan=("amount", "sum"))
        .reset_index()
    )
    table["tasks_disclosed"] = table["tasks_disclosed"].astype(int)
    table.insert(4, "tasks_not_disclosed", table["tasks"] - table["tasks_disclosed"])
    total = table["investment_wan"].sum()
    table["share"] = table["investment_wan"] / total if total else math.nan
    return table


def investment_by_department(tl_or_tasks) -> pd.DataFrame:
    """Disclosed investment per lead (first-listed) department.

    Each task counts once, under its first-listed department, so the amounts add up to
    the disclosed total. Co-leads are not credited (see ``departments`` for them).

    Returns:
        Columns ``department``, ``tasks`` (tasks it leads), ``tasks_disclosed``,
        ``investment_wan`` and ``share``; sorted by investment, then tasks, descending.
    """
    tasks = _tasks(tl_or_tasks)
    table = (
        tasks.assign(disclosed=tasks["investment_wan"].notna(), amount=tasks["investment_wan"].fillna(0.0))
        .groupby("lead_department", sort=False)
        .agg(tasks=("task_id", "size"), tasks_disclosed=("disclosed", "sum"), investment_wan=("amount", "sum"))
        .reset_index()
        .rename(columns={"lead_department": "department"})
    )
    table["tasks_disclosed"] = table["tasks_disclosed"].astype(int)
    total = table["investment_wan"].sum()
    table["share"] = table["investment_wan"] / total if total else math.nan
    return table.sort_values(["investment_wan", "tasks", "department"], ascending=[False, False, True],
                             ignore_index=True)


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
        ``investment_naming_wan`` (overlapping), ``tasks_sole`` and
        ``investment_sole_wan`` (tasks naming this level and no other).
    """
    tasks = _tasks(tl)
    funding = tl.funding if funding is None else funding
    order = list(load_reference().funding_levels["level"])
    order += [lv for lv in funding["level"].unique() if lv not in order]
    levels = _levels_by_task(tasks, funding, order)
    amount = tasks["investment_wan"]
    rows = []
    for level in order:
        names = levels.apply(lambda lv, level=level: level in lv)
        sole = levels.apply(lambda lv, level=level: lv == (level,))
        rows.append({
            "level": level,
            "tasks_naming": int(names.sum()),
            "tasks_naming_disclosed": int((names & amount.notna()).sum()),
            "investment_naming_wan": float(amount[names].sum()),
            "tasks_sole": int(sole.sum()),
            "investment_sole_wan": float(amount[sole].sum()),
        })
    return pd.DataFrame(rows)


def funding_level_combinations(tl, funding: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tasks and disclosed investment per combination of funding levels named (these add up).

    Every task falls in exactly one combination (``"none"`` when 资金来源 names no level, e.g.
    "/"), so ``investment_wan`` sums to the disclosed total: this is the overlap of
    :func:`investment_by_funding_level` made explicit.

    Returns:
        Columns ``levels`` (level codes joined with ``+``, in reference order),
        ``n_levels``, ``tasks``, ``tasks_disclosed``, ``task_ids`` (of the disclosed
        tasks, as text) and ``investment_wan``; sorted by investment descending.
    """
    tasks = _tasks(tl)
    funding = tl.funding if funding is None else funding
    order = list(load_reference().funding_levels["level"])
    levels = _levels_by_task(tasks, funding, order)
    frame = tasks.assign(levels=levels.map(lambda lv: "+".join(lv) or NO_LEVEL), n_levels=levels.map(len),
                         disclosed=tasks["investment_wan"].notna(), amount=tasks["investment_wan"].fillna(0.0))
    table = (
        frame.groupby(["levels", "n_levels"], sort=False)
        .agg(tasks=("task_id", "size"), tasks_disclosed=("disclosed", "sum"), investment_wan=("amount", "sum"))
        .reset_index()
    )
    ids = frame[frame["disclosed"]].groupby("levels")["task_id"].agg(lambda s: ", ".join(map(str, sorted(s))))
    table.insert(4, "task_ids", table["levels"].map(ids).fillna(""))
    table["tasks_disclosed"] = table["tasks_disclosed"].astype(int)
    return table.sort_values(["investment_wan", "tasks"], ascending=False, ignore_index=True)


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
    summed = float(by_level["investment_naming_wan"].sum())
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
        ``investment_is_approx``, ``share`` and ``cumulative_share``.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3], "name": ["甲", "乙", "丙"], "section_no": [1, 1, 2],
        ...                       "investment_wan": [25.0, None, 75.0], "investment_is_approx": [False] * 3})
        >>> largest_tasks(tasks)[["task_id", "share", "cumulative_share"]].values.tolist()
        [[3.0, 0.75, 0.75], [1.0, 0.25, 1.0]]
    """
    tasks = _disclosed(_tasks(tl_or_tasks))
    table = tasks.sort_values(["investment_wan", "task_id"], ascending=[False, True])[
        ["task_id", "name", "section_no", "investment_wan", "investment_is_approx"]
    ].reset_index(drop=True)
    total = table["investment_wan"].sum()
    table["share"] = table["investment_wan"] / total
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
            return amounts / amounts.sum(), f"{metric}({unit})"
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
        ``allocated_wan``, ``rule`` and ``basis_metric`` (the 建设规模 metric a
        proportional split follows; empty otherwise). Check it with
        :func:`sanity_check_allocation`.

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
    table = pd.DataFrame(rows, columns=["task_id", "town", "share", "rule", "basis_metric"])
    table["task_id"] = table["task_id"].astype("int64")
    table.insert(3, "allocated_wan", table["share"] * table["task_id"].map(tasks.set_index("task_id")["investment_wan"]))
    return table


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


def investment_by_town(allocation: pd.DataFrame) -> pd.DataFrame:
    """Per-town totals of an allocation, split by the rule that put the money there.

    Returns:
        Columns ``town``, one column per rule in :data:`RULES` (万元) and
        ``total_wan``; towns sorted by total descending, the two buckets last.
    """
    wide = allocation.pivot_table(index="town", columns="rule", values="allocated_wan", aggfunc="sum",
                                  fill_value=0.0)
    wide = wide.reindex(columns=list(RULES), fill_value=0.0)
    wide.columns.name = None
    wide["total_wan"] = wide.sum(axis=1)
    wide = wide.reset_index()
    is_bucket = wide["town"].isin(BUCKETS)
    towns = wide[~is_bucket].sort_values(["total_wan", "town"], ascending=[False, True])
    buckets = wide[is_bucket].set_index("town").reindex([b for b in BUCKETS if b in set(wide["town"])]).reset_index()
    return pd.concat([towns, buckets], ignore_index=True)
