"""Both lists side by side: tasks and disclosed investment by section and by lead department, and towns reached."""

from __future__ import annotations

import pandas as pd

SIDES = ("old", "new")


def _totals(tasks: pd.DataFrame, by: str) -> pd.DataFrame:
    """Tasks and disclosed investment per group; a group that discloses no amount has NaN (unknown, not 0)."""
    grouped = tasks.groupby(by, sort=False)
    return pd.DataFrame({
        "tasks": grouped.size(),
        "investment_wan": grouped["investment_wan"].sum(min_count=1),
        "tasks_not_disclosed": grouped["investment_wan"].apply(lambda s: int(s.isna().sum())),
    })


def side_by_side(old_tasks: pd.DataFrame, new_tasks: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per value of ``by`` (groups of the new list first, in its order, then those only in the old):
    old_tasks, new_tasks, tasks_change, old_investment_wan, new_investment_wan,
    investment_change_wan (NaN when either side discloses nothing), and the tasks of each
    side that disclose no amount.

    Example:
        >>> import qpanalysis as qp
        >>> t = qp.load().tasks
        >>> row = side_by_side(t, t[t["section_no"] != 1], "section").iloc[-1]
        >>> print(row[["section", "old_tasks", "new_tasks", "old_investment_wan", "new_investment_wan"]].to_dict())
        {'section': '强化乡村规划引领先导', 'old_tasks': 3, 'new_tasks': 0, 'old_investment_wan': 278138.0, 'new_investment_wan': nan}
    """
    old, new = _totals(old_tasks, by), _totals(new_tasks, by)
    order = list(dict.fromkeys([*new.index, *old.index]))
    table = pd.DataFrame({by: order})
    for side, totals in zip(SIDES, (old, new)):
        totals = totals.reindex(order)
        table[f"{side}_tasks"] = totals["tasks"].fillna(0).astype(int).to_numpy()
        table[f"{side}_investment_wan"] = totals["investment_wan"].to_numpy(dtype=float)
        table[f"{side}_tasks_not_disclosed"] = totals["tasks_not_disclosed"].fillna(0).astype(int).to_numpy()
    table["tasks_change"] = table["new_tasks"] - table["old_tasks"]
    table["investment_change_wan"] = table["new_investment_wan"] - table["old_investment_wan"]
    return table[[by, "old_tasks", "new_tasks", "tasks_change", "old_investment_wan", "new_investment_wan",
                  "investment_change_wan", "old_tasks_not_disclosed", "new_tasks_not_disclosed"]]


def towns_reached(old, new) -> pd.DataFrame:
    """Tasks reaching each town (any basis) in each list, and the change; towns in the new list's order first.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> towns_reached(tl, tl)["tasks_change"].abs().tolist() == [0] * 12
        True
    """
    counts = [tl.towns.dropna(subset=["town"]).groupby("town", sort=False)["task_id"].nunique() for tl in (old, new)]
    order = list(dict.fromkeys([*counts[1].index, *counts[0].index]))
    table = pd.DataFrame({"town": order})
    for side, count in zip(SIDES, counts):
        table[f"{side}_tasks"] = count.reindex(order).fillna(0).astype(int).to_numpy()
    table["tasks_change"] = table["new_tasks"] - table["old_tasks"]
    return table
