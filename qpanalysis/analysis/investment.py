"""Disclosed investment (总投资, 万元): totals, breakdowns by section, department and funding level, and the largest tasks."""

from __future__ import annotations

import math

import pandas as pd

# The vocabularies come from qpanalysis.codes, under the names this module's callers use.
from qpanalysis.codes import APPROX_SUFFIX, DISCLOSURE_STATUSES as STATUSES, FUNDING_NONE as NO_LEVEL, Disclosure
from qpanalysis.ingest.reference import load_reference
from qpanalysis.ingest.select import disclosure_status

# 1 亿元 = 10,000 万元: the list states amounts in 万元; papers usually quote 亿元.
WAN_PER_YI = 10_000
# Significant digits a sum of amounts keeps: a float holds 15 to 17, and the last ones are
# the noise of binary fractions (10478.4 + 830.14 = 11308.539999999999); 15 keep every
# amount of the list exactly and a third of one to 1e-15 of itself.
SUM_DIGITS = 15


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
        amount = known_sum(chosen["investment_wan"]) if name != Disclosure.NONE else math.nan
        rows.append({
            "status": name, "tasks": len(chosen), "investment_wan": amount,
            approx_column("investment_wan"): name == Disclosure.APPROXIMATE and len(chosen) > 0,
            "share_of_disclosed": amount / total if total and name != Disclosure.NONE else math.nan,
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

