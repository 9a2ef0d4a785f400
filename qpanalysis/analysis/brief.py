"""What a quarterly brief tells each lead department: its milestones due in the quarter, their progress and status."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis.progress import compare, furthest_behind
from qpanalysis.analysis.quarter_summary import progress_table
from qpanalysis.analysis.quarterly import as_of_date, milestones_due
from qpanalysis.codes import Reading, Status

# Columns of one department's table, in the order a brief shows them.
MILESTONE_COLUMNS = [
    "lead_department", "task_id", "name", "period", "text", "due_raw", "due_date", "before_plan_year",
    "kind", "target_pct", "target_quantity", "target_unit", "progress_date", "percent_done", "quantity_done", "quantity_unit", "status",
]


def department_milestones(tl, quarter: str, as_of=None, progress=None, reading: str = Reading.DEFAULT) -> pd.DataFrame:
    """Every milestone due in ``quarter`` with its parsed target, its task's latest progress and status, by lead department.

    The status is the task's (``progress.compare`` rates tasks, not single milestones) at
    ``as_of``. Without a progress file every status is ``no data``: nothing was reported,
    which is not the same as nothing done.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at; None for the quarter's last day.
        progress: A progress table, a path to a progress file or workbook, or None.
        reading: One of ``codes.READINGS``.

    Returns:
        One row per milestone (``MILESTONE_COLUMNS``), departments ordered by milestones
        due (most first, then by name), tasks by number within a department.

    Example:
        >>> import qpanalysis as qp
        >>> due = department_milestones(qp.load(), "Q3")
        >>> len(due), due["lead_department"].nunique(), due["lead_department"].iloc[0]
        (30, 12, '区农业农村委')
        >>> sorted(set(due["status"]))
        ['no data']
    """
    due = milestones_due(tl, quarter, reading)
    table = progress_table(tl, progress)
    if table is None:
        for col in ("percent_done", "quantity_done"):
            due[col] = float("nan")
        due["progress_date"] = pd.NaT
        due["quantity_unit"] = None
        due["status"] = Status.NO_DATA
    else:
        rated = compare(tl, table, as_of_date(quarter, tl.plan_year, as_of), reading)
        due = due.merge(
            rated[["task_id", "progress_date", "percent_done", "quantity_done", "quantity_unit", "status"]],
            on="task_id", how="left", validate="many_to_one",
        )
    size = due.groupby("lead_department")["task_id"].transform("size")
    due = due.assign(_size=size).sort_values(["_size", "lead_department", "task_id"], ascending=[False, True, True])
    return due[MILESTONE_COLUMNS].reset_index(drop=True)


def departments(due: pd.DataFrame) -> pd.DataFrame:
    """Lead departments of a brief with their counts, in the brief's order.

    Args:
        due: The result of :func:`department_milestones`.

    Returns:
        One row per department: lead_department, n_milestones, n_tasks, n_behind (tasks
        rated behind), n_no_data (tasks with no progress reported).

    Example:
        >>> due = pd.DataFrame({"lead_department": ["A", "A", "B"], "task_id": [1, 2, 3],
        ...                     "status": ["behind", "no data", "done"]})
        >>> departments(due).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
        [{'lead_department': 'A', 'n_milestones': 2, 'n_tasks': 2, 'n_behind': 1, 'n_no_data': 1},
         {'lead_department': 'B', 'n_milestones': 1, 'n_tasks': 1, 'n_behind': 0, 'n_no_data': 0}]
    """
    tasks = due.drop_duplicates("task_id")
    out = due.groupby("lead_department", sort=False).agg(n_milestones=("task_id", "size"), n_tasks=("task_id", "nunique"))
    for col, status in (("n_behind", Status.BEHIND), ("n_no_data", Status.NO_DATA)):
        out[col] = tasks.loc[tasks["status"] == status].groupby("lead_department").size().reindex(out.index, fill_value=0)
    return out.astype(int).reset_index()


def behind(tl, quarter: str, as_of=None, progress=None, reading: str = Reading.DEFAULT, n: int = 10) -> pd.DataFrame:
    """The tasks rated behind at ``as_of`` (none without a progress file), furthest behind first.

    Example:
        >>> import qpanalysis as qp
        >>> len(behind(qp.load(), "Q3"))
        0
    """
    table = progress_table(tl, progress)
    if table is None:
        return pd.DataFrame(columns=["rank", "task_id", "name", "lead_department", "section",
                                     "expected_share", "actual_share", "gap", "status"])
    late = furthest_behind(compare(tl, table, as_of_date(quarter, tl.plan_year, as_of), reading), n)
    return late.loc[late["status"] == Status.BEHIND].reset_index(drop=True)


def sanity_check_brief(due: pd.DataFrame, tl, quarter: str, reading: str = Reading.DEFAULT) -> None:
    """The brief must hold every milestone due in the quarter exactly once, each with a department.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> sanity_check_brief(department_milestones(tl, "Q3"), tl, "Q3")
    """
    expected = milestones_due(tl, quarter, reading)
    if len(due) != len(expected):
        raise AssertionError(f"the brief holds {len(due)} milestones, but {len(expected)} fall due in {quarter}")
    if due["lead_department"].isna().any():
        raise AssertionError(f"tasks {sorted(due.loc[due['lead_department'].isna(), 'task_id'])} have no lead department")
