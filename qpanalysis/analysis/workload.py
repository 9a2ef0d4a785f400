"""Department workload: tasks, weighted shares, investment, sections, partners and deadlines per department."""

from __future__ import annotations

import math

import pandas as pd

# Roles as the departments table spells them: the first department listed in 牵头部门 is
# the lead, every later one a co-lead.
from qpanalysis.codes import ROLES, Role

# Weighted share of a task: each task carries weight 1, split among its departments in
# proportion to these weights. The list names the first department as the one that takes
# the lead, so it counts double a co-lead: a sole lead gets 1, a lead with one co-lead
# 2/3 (co-lead 1/3), a lead with two co-leads 1/2 (each co-lead 1/4). A fixed lead share
# of 0.5 would give lead and co-lead the same 1/2 on the eight two-department tasks,
# which does not reflect the lead's role; the 2:1 rule agrees with it on three-department
# tasks.
LEAD_WEIGHT = 2.0
CO_LEAD_WEIGHT = 1.0
# Sensitivity alternative: an equal split among all departments of a task, i.e. the list
# order says nothing about who carries the work.
EQUAL_SPLIT = {"lead_weight": 1.0, "co_lead_weight": 1.0}
# Tolerance for the sums checked by the sanity checks: the shares are fractions such as
# 1/3, and investments have two decimals (万元), so float sums differ from exact ones by
# far less than this.
TOLERANCE = 1e-6


def task_shares(
    departments: pd.DataFrame,
    lead_weight: float = LEAD_WEIGHT,
    co_lead_weight: float = CO_LEAD_WEIGHT,
) -> pd.DataFrame:
    """Split each task's weight of 1 among its departments.

    Args:
        departments: The TaskList ``departments`` table (``task_id``, ``department``, ``role``).
        lead_weight: Relative weight of the lead department.
        co_lead_weight: Relative weight of each co-lead.

    Returns:
        Columns ``task_id``, ``department``, ``role``, ``n_departments`` and ``share``
        (``weight / sum of the task's weights``); the shares of each task sum to 1.

    Example:
        >>> deps = pd.DataFrame({"task_id": [1, 1, 2], "department": ["甲", "乙", "甲"],
        ...                      "role": ["lead", "co-lead", "lead"]})
        >>> task_shares(deps)["share"].round(3).tolist()
        [0.667, 0.333, 1.0]
        >>> task_shares(deps, **EQUAL_SPLIT)["share"].tolist()
        [0.5, 0.5, 1.0]
    """
    if lead_weight <= 0 or co_lead_weight <= 0:
        raise ValueError("lead_weight and co_lead_weight must be positive")
    unknown = set(departments["role"]) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role(s) {sorted(unknown)}; expected {ROLES}")
    shares = departments[["task_id", "department", "role"]].copy()
    weight = shares["role"].map({Role.LEAD: lead_weight, Role.CO_LEAD: co_lead_weight}).astype(float)
    shares["n_departments"] = shares.groupby("task_id")["department"].transform("size").astype(int)
    shares["share"] = weight / weight.groupby(shares["task_id"]).transform("sum")
    return shares.reset_index(drop=True)


def sanity_check_task_shares(shares: pd.DataFrame) -> None:
    """Check that every task has one lead and that its shares sum to 1."""
    leads = shares[shares["role"] == Role.LEAD].groupby("task_id").size()
    tasks = shares["task_id"].unique()
    bad_leads = sorted(set(tasks) - set(leads[leads == 1].index))
    if bad_leads:
        raise ValueError(f"tasks {bad_leads} do not have exactly one lead department")
    sums = shares.groupby("task_id")["share"].sum()
    off = sums[(sums - 1).abs() > TOLERANCE]
    if len(off):
        raise ValueError(f"the department shares of tasks {list(off.index)} do not sum to 1: {off.round(6).tolist()}")


def _department_rank(table: pd.DataFrame) -> pd.Series:
    """Rank departments by load: tasks (lead + co-lead), then weighted share, then name."""
    order = table.sort_values(
        ["tasks_total", "weighted_share", "department"], ascending=[False, False, True], kind="stable"
    )
    return pd.Series(range(1, len(order) + 1), index=order.index)


def department_workload(departments: pd.DataFrame) -> pd.DataFrame:
    """Tasks per department as lead and as co-lead, with the weighted and equal-split shares.

    Args:
        departments: The TaskList ``departments`` table.

    Returns:
        One row per department, busiest first (``department_rank`` 1): ``tasks_lead``,
        ``tasks_co_lead``, ``tasks_total``, ``weighted_share`` (lead 2 : co-lead 1, see
        ``LEAD_WEIGHT``), ``weighted_share_pct`` (of all tasks) and ``equal_split_share``.
        The shares sum to the number of tasks.

    Example:
        >>> deps = pd.DataFrame({"task_id": [1, 1, 2], "department": ["甲", "乙", "乙"],
        ...                      "role": ["lead", "co-lead", "lead"]})
        >>> department_workload(deps)[["department", "tasks_lead", "tasks_co_lead"]].values.tolist()
        [['乙', 1, 1], ['甲', 1, 0]]
    """
    weighted = task_shares(departments)
    equal = task_shares(departments, **EQUAL_SPLIT)
    counts = pd.crosstab(departments["department"], departments["role"]).reindex(columns=list(ROLES), fill_value=0)
    table = pd.DataFrame({
        "tasks_lead": counts[Role.LEAD].astype(int),
        "tasks_co_lead": counts[Role.CO_LEAD].astype(int),
    })
    table["tasks_total"] = table["tasks_lead"] + table["tasks_co_lead"]
    table["weighted_share"] = weighted.groupby("department")["share"].sum()
    n_tasks = departments["task_id"].nunique()
    table["weighted_share_pct"] = 100 * table["weighted_share"] / n_tasks
    table["equal_split_share"] = equal.groupby("department")["share"].sum()
    table = table.rename_axis("department").reset_index()
    table["department"] = table["department"].astype(str)
    table["department_rank"] = _department_rank(table)
    table = table.sort_values("department_rank", kind="stable").reset_index(drop=True)
    return table[["department_rank", "department", "tasks_lead", "tasks_co_lead", "tasks_total",
                  "weighted_share", "weighted_share_pct", "equal_split_share"]]


def sanity_check_workload(workload: pd.DataFrame, n_tasks: int) -> None:
    """Check that every task has one lead and the weighted and equal-split shares sum to ``n_tasks``."""
    if workload["tasks_lead"].sum() != n_tasks:
        raise ValueError(
            f"departments lead {workload['tasks_lead'].sum()} tasks, but the list has {n_tasks}: "
            "every task must have exactly one lead department"
        )
    for column in ("weighted_share", "equal_split_share"):
        total = workload[column].sum()
        if not math.isclose(total, n_tasks, abs_tol=TOLERANCE):
            raise ValueError(f"the {column} of all departments sums to {total:.6f}, not to the {n_tasks} tasks")


def department_investment(departments: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Disclosed investment (万元) under each department: led, co-led, and two sensitivity splits.

    Only tasks that disclose 总投资 count; a task's investment is not split by source
    or town. The convention of every report is ``lead_investment_wan``: a task's whole
    amount under its lead (first-listed) department, as in the investment report; it sums
    to the disclosed total. ``co_lead_investment_wan`` counts the full investment of each
    task a department co-leads, so it overlaps with the lead's figure and must not be
    added to it. The sensitivity splits: ``weighted_investment_wan`` splits each task's
    investment with the weighted shares (lead 2 : co-lead 1), ``equal_split_investment_wan``
    equally among its departments; each sums to the disclosed total again. Every amount
    has its ``…_approx`` flag (it includes an approximate, 约, amount). An amount of a role
    in which a department has no task with a disclosed amount is NaN (unknown), not 0: the
    tasks it leads may all say "/".

    Args:
        departments: The TaskList ``departments`` table.
        tasks: The TaskList ``tasks`` table (``investment_wan``, ``investment_is_approx``),
            indexed by ``task_id``.

    Returns:
        One row per department that is listed on at least one task with a disclosed
        investment: ``department``, ``lead_investment_wan``, ``lead_investment_tasks``,
        ``co_lead_investment_wan``, ``co_lead_investment_tasks``, ``weighted_investment_wan``
        and ``equal_split_investment_wan`` (with their flags); largest lead investment
        first (then largest weighted investment).

    Example:
        >>> deps = pd.DataFrame({"task_id": [1, 1, 2], "department": ["甲", "乙", "乙"],
        ...                      "role": ["lead", "co-lead", "lead"]})
        >>> tasks = pd.DataFrame({"investment_wan": [300.0, None], "investment_is_approx": [False, False]},
        ...                      index=pd.Index([1, 2], name="task_id"))
        >>> department_investment(deps, tasks)[["department", "lead_investment_wan", "weighted_investment_wan"]].values.tolist()
        [['甲', 300.0, 200.0], ['乙', nan, 100.0]]
    """
    money = tasks[["investment_wan", "investment_is_approx"]].rename_axis("task_id").reset_index()
    money = money[money["investment_wan"].notna()]
    weighted = task_shares(departments).merge(money, on="task_id", how="inner", validate="many_to_one")
    equal = task_shares(departments, **EQUAL_SPLIT).merge(money, on="task_id", how="inner", validate="many_to_one")
    weighted["weighted"] = weighted["share"] * weighted["investment_wan"]
    equal["equal"] = equal["share"] * equal["investment_wan"]
    weighted["investment_is_approx"] = weighted["investment_is_approx"].fillna(False).astype(bool)
    lead = weighted[weighted["role"] == Role.LEAD].groupby("department")
    co = weighted[weighted["role"] == Role.CO_LEAD].groupby("department")
    every = weighted.groupby("department")
    table = pd.DataFrame({
        "lead_investment_wan": lead["investment_wan"].sum(),
        "lead_investment_wan_approx": lead["investment_is_approx"].any(),
        "lead_investment_tasks": lead.size(),
        "co_lead_investment_wan": co["investment_wan"].sum(),
        "co_lead_investment_wan_approx": co["investment_is_approx"].any(),
        "co_lead_investment_tasks": co.size(),
        "weighted_investment_wan": every["weighted"].sum(),
        "weighted_investment_wan_approx": every["investment_is_approx"].any(),
        "equal_split_investment_wan": equal.groupby("department")["equal"].sum(),
        "equal_split_investment_wan_approx": every["investment_is_approx"].any(),
    })
    for column in table:
        if column.endswith("_approx"):
            table[column] = table[column].astype("boolean").fillna(False).astype(bool)
        elif column.endswith("_tasks"):
            table[column] = table[column].fillna(0).astype(int)
        # an amount stays NaN where the department has no disclosed task in that role: unknown, not 0
    table = table.rename_axis("department").reset_index()
    table["department"] = table["department"].astype(str)
    table = table.sort_values(["lead_investment_wan", "weighted_investment_wan", "department"],
                              ascending=[False, False, True], kind="stable", na_position="last")
    return table.reset_index(drop=True)


def sanity_check_investment(investment: pd.DataFrame, tasks: pd.DataFrame) -> None:
    """Check that lead, weighted and equal-split investment each sum to the disclosed total."""
    disclosed = tasks["investment_wan"].sum()
    for column in ("lead_investment_wan", "weighted_investment_wan", "equal_split_investment_wan"):
        total = investment[column].sum()
        if not math.isclose(total, disclosed, abs_tol=TOLERANCE * max(1.0, disclosed)):
            raise ValueError(
                f"{column} sums to {total:,.2f} 万元, but the tasks disclose {disclosed:,.2f} 万元 in total: "
                "every disclosed investment must be attributed exactly once"
            )


def section_department_counts(departments: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """Tasks per section and department, as lead and as co-lead (pairs with no task are left out).

    Args:
        departments: The TaskList ``departments`` table.
        tasks: The TaskList ``tasks`` table (``section_no``, ``section``), indexed by ``task_id``.

    Returns:
        Columns ``section_no``, ``section``, ``department``, ``department_rank`` (as in
        ``department_workload``), ``tasks_lead``, ``tasks_co_lead`` and ``tasks``.

    Example:
        >>> deps = pd.DataFrame({"task_id": [1, 1, 2], "department": ["甲", "乙", "乙"],
        ...                      "role": ["lead", "co-lead", "lead"]})
        >>> tasks = pd.DataFrame({"section_no": [1, 2], "section": ["一", "二"]},
        ...                      index=pd.Index([1, 2], name="task_id"))
        >>> section_department_counts(deps, tasks)[["section_no", "department", "tasks"]].values.tolist()
        [[1, '乙', 1], [1, '甲', 1], [2, '乙', 1]]
    """
    info = tasks[["section_no", "section"]].rename_axis("task_id").reset_index()
    rows = departments[["task_id", "department", "role"]].merge(info, on="task_id", how="left", validate="many_to_one")
    counts = pd.crosstab([rows["section_no"], rows["section"], rows["department"]], rows["role"])
    counts = counts.reindex(columns=list(ROLES), fill_value=0)
    table = pd.DataFrame({"tasks_lead": counts[Role.LEAD].astype(int),
                          "tasks_co_lead": counts[Role.CO_LEAD].astype(int)})
    table["tasks"] = table["tasks_lead"] + table["tasks_co_lead"]
    table = table.reset_index()
    table["department"] = table["department"].astype(str)
    table["section"] = table["section"].astype(str)
    rank = department_workload(departments).set_index("department")["department_rank"]
    table["department_rank"] = table["department"].map(rank).astype(int)
    table = table.sort_values(["section_no", "department_rank"], kind="stable").reset_index(drop=True)
    return table[["section_no", "section", "department", "department_rank", "tasks_lead", "tasks_co_lead", "tasks"]]


def section_department_matrix(counts: pd.DataFrame) -> pd.DataFrame:
    """Wide form of ``section_department_counts``: departments (busiest first) × section numbers.

    Example:
        >>> c = pd.DataFrame({"section_no": [1, 2], "department": ["甲", "甲"], "department_rank": [1, 1],
        ...                   "tasks": [2, 1]})
        >>> section_department_matrix(c).values.tolist()
        [[2, 1, 3]]
    """
    wide = counts.pivot_table(index=["department_rank", "department"], columns="section_no", values="tasks",
                              aggfunc="sum", fill_value=0).astype(int)
    wide.columns = [int(c) for c in wide.columns]
    wide["total"] = wide.sum(axis=1)
    return wide.reset_index(level="department_rank", drop=True)


def co_lead_edges(departments: pd.DataFrame) -> pd.DataFrame:
    """Pairs of departments listed on the same task, with how many tasks they share.

    Args:
        departments: The TaskList ``departments`` table.

    Returns:
        Columns ``department_a`` (the busier of the two, by ``department_rank``),
        ``department_b``, ``shared_tasks`` and ``task_ids`` (e.g. ``"1, 7, 16"``); most
        shared tasks first. The weights sum to Σ n(n−1)/2 over the tasks with n departments.

    Example:
        >>> deps = pd.DataFrame({"task_id": [1, 1, 1, 2, 2], "department": ["甲", "乙", "丙", "乙", "甲"],
        ...                      "role": ["lead", "co-lead", "co-lead", "lead", "co-lead"]})
        >>> co_lead_edges(deps)[["department_a", "department_b", "shared_tasks"]].values.tolist()
        [['乙', '甲', 2], ['乙', '丙', 1], ['甲', '丙', 1]]
    """
    rank = department_workload(departments).set_index("department")["department_rank"]
    pairs: dict[tuple[str, str], list[int]] = {}
    for task_id, group in departments.sort_values(["task_id"], kind="stable").groupby("task_id", sort=True):
        names = sorted(set(group["department"]), key=lambda d: (rank[d], d))
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                pairs.setdefault((a, b), []).append(int(task_id))
    rows = [
        {"department_a": a, "department_b": b, "shared_tasks": len(ids), "task_ids": ", ".join(map(str, ids))}
        for (a, b), ids in pairs.items()
    ]
    table = pd.DataFrame(rows, columns=["department_a", "department_b", "shared_tasks", "task_ids"])
    if table.empty:
        return table.astype({"shared_tasks": int})
    table["rank_a"] = table["department_a"].map(rank)
    table["rank_b"] = table["department_b"].map(rank)
    table = table.sort_values(["shared_tasks", "rank_a", "rank_b"], ascending=[False, True, True], kind="stable")
    return table.drop(columns=["rank_a", "rank_b"]).reset_index(drop=True)


def co_lead_graph(departments: pd.DataFrame):
    """The network of departments that lead tasks together, as a ``networkx.Graph``.

    Nodes are all departments, with the attributes of ``department_workload`` (``tasks_total``
    etc.); edges join departments listed on the same task, with ``weight`` = shared tasks
    and ``task_ids``. Departments that only ever lead alone are isolated nodes.

    Example:
        >>> deps = pd.DataFrame({"task_id": [1, 1, 2], "department": ["甲", "乙", "丙"],
        ...                      "role": ["lead", "co-lead", "lead"]})
        >>> g = co_lead_graph(deps)
        >>> g.number_of_nodes(), g.number_of_edges(), g["甲"]["乙"]["weight"]
        (3, 1, 1)
    """
    import networkx as nx

    graph = nx.Graph()
    for row in department_workload(departments).to_dict("records"):
        graph.add_node(row.pop("department"), **row)
    for row in co_lead_edges(departments).itertuples(index=False):
        graph.add_edge(row.department_a, row.department_b, weight=int(row.shared_tasks), task_ids=row.task_ids)
    return graph


def deadlines_by_month(departments: pd.DataFrame, tasks: pd.DataFrame, plan_year: int) -> pd.DataFrame:
    """Tasks per department and due month (``tasks.due``), as lead and as co-lead.

    A due month outside ``plan_year`` is kept and flagged (``in_plan_year`` False), not dropped.

    Args:
        departments: The TaskList ``departments`` table.
        tasks: The TaskList ``tasks`` table (``due``, a monthly Period), indexed by ``task_id``.
        plan_year: The plan year of the list (``TaskList.plan_year``).

    Returns:
        Columns ``department``, ``department_rank``, ``due`` (Period[M]), ``in_plan_year``,
        ``tasks_lead``, ``tasks_co_lead``, ``tasks`` and ``task_ids``; one row per
        department and month with at least one task, by rank then month.

    Example:
        >>> deps = pd.DataFrame({"task_id": [1, 2], "department": ["甲", "甲"], "role": ["lead", "lead"]})
        >>> tasks = pd.DataFrame({"due": pd.PeriodIndex(["2025-11", "2026-12"], freq="M")},
        ...                      index=pd.Index([1, 2], name="task_id"))
        >>> deadlines_by_month(deps, tasks, 2026)[["due", "in_plan_year", "tasks"]].astype(str).values.tolist()
        [['2025-11', 'False', '1'], ['2026-12', 'True', '1']]
    """
    due = tasks[["due"]].rename_axis("task_id").reset_index()
    rows = departments[["task_id", "department", "role"]].merge(due, on="task_id", how="left", validate="many_to_one")
    if rows["due"].isna().any():
        missing = sorted(rows.loc[rows["due"].isna(), "task_id"].unique())
        raise ValueError(f"tasks {missing} have no due month")
    grouped = rows.groupby(["department", "due"], sort=True)
    table = pd.DataFrame({
        "tasks_lead": grouped["role"].agg(lambda r: int((r == Role.LEAD).sum())),
        "tasks_co_lead": grouped["role"].agg(lambda r: int((r == Role.CO_LEAD).sum())),
        "task_ids": grouped["task_id"].agg(lambda ids: ", ".join(map(str, sorted(ids)))),
    }).reset_index()
    table["tasks"] = table["tasks_lead"] + table["tasks_co_lead"]
    table["department"] = table["department"].astype(str)
    table["due"] = table["due"].astype(pd.PeriodDtype("M"))
    table["in_plan_year"] = table["due"].dt.year == plan_year
    rank = department_workload(departments).set_index("department")["department_rank"]
    table["department_rank"] = table["department"].map(rank).astype(int)
    table = table.sort_values(["department_rank", "due"], kind="stable").reset_index(drop=True)
    return table[["department", "department_rank", "due", "in_plan_year", "tasks_lead", "tasks_co_lead",
                  "tasks", "task_ids"]]


def deadline_matrix(deadlines: pd.DataFrame) -> pd.DataFrame:
    """Wide form of ``deadlines_by_month``: departments (busiest first) × due months, task counts.

    Columns are the months as ``YYYY-MM`` strings in time order, then ``total``; months
    with no task are not shown.

    Example:
        >>> d = pd.DataFrame({"department": ["甲", "甲"], "department_rank": [1, 1],
        ...                   "due": pd.PeriodIndex(["2025-11", "2026-12"], freq="M"), "tasks": [1, 2]})
        >>> deadline_matrix(d).values.tolist()
        [[1, 2, 3]]
    """
    wide = deadlines.pivot_table(index=["department_rank", "department"], columns="due", values="tasks",
                                 aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=sorted(wide.columns))
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.astype(int)
    wide["total"] = wide.sum(axis=1)
    return wide.reset_index(level="department_rank", drop=True)
