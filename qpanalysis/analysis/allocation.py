"""Town allocation of disclosed investment: which town each task's amount is attributed to, by which rule."""

from __future__ import annotations

import math

import pandas as pd

from qpanalysis.analysis.investment import _disclosed, _is_approx, _tasks, approx_column, known_sum
# The vocabularies come from qpanalysis.codes, under the names this module's callers use.
from qpanalysis.codes import ALLOCATION_RULES as RULES, APPROX_SUFFIX, TOWN_BUCKETS as BUCKETS, Basis, Rule, TownBucket

# Tolerance (万元) when checking that allocated amounts add up: the list's amounts
# have at most two decimals, so anything above float noise is a real error.
TOLERANCE_WAN = 1e-6


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
        basis = bases.pop() if bases else Basis.UNSPECIFIED
        if not named or basis == Basis.UNSPECIFIED:
            rows.append((task_id, TownBucket.UNSPECIFIED, 1.0, Rule.UNATTRIBUTED, ""))
            continue
        if basis == Basis.DISTRICT_WIDE:
            rows.append((task_id, TownBucket.DISTRICT_WIDE, 1.0, Rule.DISTRICT_WIDE, ""))
            continue
        if len(named) == 1:
            rows.append((task_id, named[0], 1.0, Rule.SINGLE_TOWN, ""))
            continue
        found = _breakdown_shares(quantities, task_id, named)
        if found is not None:
            shares, metric = found
            rows.extend((task_id, town, float(share), Rule.PROPORTIONAL, metric) for town, share in shares.items())
        elif basis == Basis.FROM_BREAKDOWN:  # towns inferred, but no usable quantity to split by
            rows.append((task_id, TownBucket.UNSPECIFIED, 1.0, Rule.UNATTRIBUTED, ""))
        else:
            rows.extend((task_id, town, 1.0 / len(named), Rule.EQUAL_SPLIT, "") for town in named)
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
    place = links["town"].where(links["town"].notna() & (links["basis"] != Basis.UNSPECIFIED), TownBucket.UNSPECIFIED)
    place = place.where(links["basis"] != Basis.DISTRICT_WIDE, TownBucket.DISTRICT_WIDE)
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
