"""Table 1 of a paper: the list described by section (tasks, disclosed investment, departments, towns, due months, targets)."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis.investment import investment_by_section, known_sum
from qpanalysis.ingest.reference import Reference, load_reference
from qpanalysis.codes import NUMERIC_KINDS, Basis, TargetKind

# Columns of Table 1, in order. Counts of distinct things (departments, towns, months) in
# the total row count each once over the whole list, so they are not the column's sum.
COLUMNS = [
    "section_no", "section", "tasks", "tasks_disclosed", "investment_wan", "investment_wan_approx",
    "departments", "lead_departments", "towns_named", "tasks_district_wide", "tasks_no_town",
    "first_due", "last_due", "milestones_numeric", "milestones_descriptive",
]
# Towns a task names itself (in 涉及范围 or in a per-town breakdown), as opposed to the whole
# district or none. Only the district's towns (街镇) count: a unit that is no town, such as
# 现代农业园区, is not one of them (data/reference/towns.csv, in_district).
NAMING_BASES = (Basis.EXPLICIT, Basis.FROM_BREAKDOWN)


def _describe(tasks: pd.DataFrame, departments: pd.DataFrame, towns: pd.DataFrame,
              milestones: pd.DataFrame, district_towns: tuple[str, ...]) -> dict:
    """One row of Table 1 for the tasks given (a section, or the whole list)."""
    ids = set(tasks["task_id"])
    links = towns.loc[towns["task_id"].isin(ids)]
    basis = links.drop_duplicates("task_id").set_index("task_id")["basis"]
    amounts = tasks["investment_wan"]
    disclosed = amounts.notna()
    due = tasks.dropna(subset=["due"]).sort_values("due")
    targets = milestones.loc[milestones["task_id"].isin(ids) & (milestones["kind"] != TargetKind.NONE), "kind"]
    return {
        "tasks": len(tasks),
        "tasks_disclosed": int(disclosed.sum()),
        "investment_wan": known_sum(amounts) if disclosed.any() else float("nan"),  # unknown, never 0
        "investment_wan_approx": bool(tasks.loc[disclosed, "investment_is_approx"].any()),
        "departments": departments.loc[departments["task_id"].isin(ids), "department"].nunique(),
        "lead_departments": tasks["lead_department"].nunique(),
        "towns_named": links.loc[links["basis"].isin(NAMING_BASES) & links["town"].isin(district_towns), "town"].nunique(),
        "tasks_district_wide": int((basis == Basis.DISTRICT_WIDE).sum()),
        "tasks_no_town": int((basis == Basis.UNSPECIFIED).sum() + len(ids - set(basis.index))),
        "first_due": due["due_raw"].iloc[0] if len(due) else None,
        "last_due": due["due_raw"].iloc[-1] if len(due) else None,
        "milestones_numeric": int(targets.isin(NUMERIC_KINDS).sum()),
        "milestones_descriptive": int((targets == TargetKind.QUALITATIVE).sum()),
    }


def table1(tl, reference: Reference | None = None) -> pd.DataFrame:
    """The list described by section, with a last row for the whole list (``section_no`` empty).

    Disclosed investment is the sum of the amounts the tasks state (multi-year project
    totals, as published), NaN where no task of the section states one: unknown, not 0;
    ``investment_wan_approx`` says the sum includes an amount given as 约.

    Returns:
        One row per section in order, then the total row, with ``COLUMNS``.

    Example:
        >>> import qpanalysis as qp
        >>> t = table1(qp.load())
        >>> t[["section_no", "tasks", "tasks_disclosed"]].tail(2).values.tolist()
        [[7, 6, 1], [<NA>, 41, 9]]
    """
    tasks = tl.tasks.reset_index(drop=True)
    parts = (tl.departments, tl.towns, tl.milestones, (reference or load_reference()).district_towns)
    rows = [{"section_no": number, "section": title, **_describe(group, *parts)}
            for (number, title), group in tasks.groupby(["section_no", "section"], sort=True)]
    rows.append({"section_no": None, "section": None, **_describe(tasks, *parts)})
    out = pd.DataFrame(rows, columns=COLUMNS).astype({"section_no": "Int64"})
    sanity_check_table1(out, tl)
    return out


def sanity_check_table1(table: pd.DataFrame, tl) -> None:
    """The sections must add up to the whole list where a sum makes sense, and agree with the investment facts.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> bad = table1(tl).assign(tasks=1)
        >>> sanity_check_table1(bad, tl)
        Traceback (most recent call last):
        ...
        AssertionError: the sections hold 7 tasks, the total row 1
    """
    sections, total = table.iloc[:-1], table.iloc[-1]
    for column in ("tasks", "tasks_disclosed", "tasks_district_wide", "tasks_no_town",
                   "milestones_numeric", "milestones_descriptive"):
        if sections[column].sum() != total[column]:
            raise AssertionError(f"the sections hold {sections[column].sum()} {column}, the total row {total[column]}"
                                 if column != "tasks" else
                                 f"the sections hold {sections[column].sum()} tasks, the total row {total[column]}")
    by_section = investment_by_section(tl)
    if not by_section["investment_wan"].reset_index(drop=True).equals(sections["investment_wan"].reset_index(drop=True)):
        raise AssertionError("Table 1's disclosed investment differs from investment_by_section")
