"""Progress against the milestones: each task's latest report rated against its expected completion."""

from __future__ import annotations

import math

import pandas as pd

from qpanalysis.analysis.quarterly import expected_pct
from qpanalysis.codes import NUMERIC_KINDS, STATUSES, Reading, Status, TargetKind

# Half-width band, in percentage points, within which a task counts as "on track": the
# targets are round quarterly figures (20%, 50%, …) and departments report rounded
# estimates, so a few points either way is reporting noise, not a real lead or lag.
TOLERANCE = 5.0


def rate(actual: float, expected: float, tolerance: float = TOLERANCE) -> str:
    """Status of a task from its actual and expected completion (both in percent).

    Example:
        >>> rate(100, 50), rate(56, 50), rate(55, 50), rate(45, 50), rate(44.9, 50), rate(float("nan"), 50)
        ('done', 'ahead', 'on track', 'on track', 'behind', 'no data')
    """
    if actual is None or math.isnan(actual):
        return Status.NO_DATA
    if actual >= 100:
        return Status.DONE
    if expected is None or math.isnan(expected):
        return Status.NO_TARGET
    gap = actual - expected
    if gap > tolerance:
        return Status.AHEAD
    if gap < -tolerance:
        return Status.BEHIND
    return Status.ON_TRACK


def compare(tl, progress: pd.DataFrame, as_of, reading: str = Reading.DEFAULT) -> pd.DataFrame:
    """Each task's latest progress on or before ``as_of`` against its expected completion.

    Percent tasks compare percent_done with the expected percentage. Quantity tasks compare
    quantity_done as a share of the task's largest quantity target (or percent_done when no
    quantity is given) with the expected share; reaching the target quantity is "done".
    A task with no single numeric target can only be "done" (100%), "no target" (a
    percentage was given) or "no data".

    Args:
        tl: A TaskList.
        progress: The result of :func:`read_progress`.
        as_of: The date to judge at; rows dated later are ignored.
        reading: One of ``codes.READINGS`` (see :func:`qpanalysis.analysis.quarterly.read_milestones`).

    Returns:
        One row per task: task_id, name, section_no, section, lead_department,
        due_raw, due_before_plan_year (a due month before the plan year, rated against
        the expectation that reading gives), target_kind, expected_pct, expected_quantity, final_quantity, quantity_unit,
        progress_date, percent_done, quantity_done, note, expected_share (percent),
        actual_share (percent), gap (actual_share − expected_share, percentage points),
        status.
    """
    as_of = pd.Timestamp(as_of).normalize()
    expected = expected_pct(tl, as_of, reading)
    usable = progress.loc[progress["has_data"] & (progress["as_of"] <= as_of)]
    latest = usable.sort_values(["task_id", "as_of", "source_line"]).groupby("task_id").tail(1)
    latest = latest[["task_id", "as_of", "percent_done", "quantity_done", "note"]].rename(columns={"as_of": "progress_date"})
    out = expected.merge(latest, on="task_id", how="left")
    actual = []
    for row in out.itertuples(index=False):
        if row.target_kind == TargetKind.QUANTITY and not math.isnan(row.quantity_done):
            actual.append(100.0 * row.quantity_done / row.final_quantity)
        elif row.target_kind in NUMERIC_KINDS or not math.isnan(row.percent_done):
            actual.append(row.percent_done)
        else:
            actual.append(float("nan"))  # only a quantity for a task without a numeric target
    out["actual_share"] = pd.Series(actual, index=out.index, dtype=float)
    out["actual_share"] = out["actual_share"].clip(upper=100.0)
    out["gap"] = out["actual_share"] - out["expected_share"]
    out["status"] = [rate(a, e) for a, e in zip(out["actual_share"], out["expected_share"])]
    cols = ["task_id", "name", "section_no", "section", "lead_department", "due_raw", "due_before_plan_year",
            "target_kind", "expected_pct",
            "expected_quantity", "final_quantity", "quantity_unit", "progress_date", "percent_done",
            "quantity_done", "note", "expected_share", "actual_share", "gap", "status"]
    out = out[cols]
    sanity_check_comparison(out, len(tl.tasks))
    return out


def sanity_check_comparison(comparison: pd.DataFrame, n_tasks: int) -> None:
    """Every task must get exactly one known status.

    Example:
        >>> sanity_check_comparison(pd.DataFrame({"task_id": [1], "status": ["late"]}), 1)
        Traceback (most recent call last):
        ...
        AssertionError: unknown status(es) ['late']; expected one of ('done', 'ahead', 'on track', 'behind', 'no target', 'no data')
    """
    unknown = sorted(set(comparison["status"]) - set(STATUSES))
    if unknown:
        raise AssertionError(f"unknown status(es) {unknown}; expected one of {STATUSES}")
    if len(comparison) != n_tasks or comparison["task_id"].duplicated().any():
        raise AssertionError(f"expected one row per task ({n_tasks}), found {len(comparison)} rows")


def furthest_behind(comparison: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The tasks furthest behind their expected completion, worst first.

    Only tasks with a shortfall (gap < 0) are listed, so the list may be shorter than ``n``.

    Example:
        >>> c = pd.DataFrame({"task_id": [1, 2, 3], "name": list("abc"), "lead_department": list("XYZ"),
        ...     "section": list("sss"), "expected_share": [50.0, 50, 50], "actual_share": [20.0, 60, 45],
        ...     "gap": [-30.0, 10, -5], "status": ["behind", "ahead", "on track"]})
        >>> furthest_behind(c, 5)[["rank", "task_id", "gap"]].to_dict("records")
        [{'rank': 1, 'task_id': 1, 'gap': -30.0}, {'rank': 2, 'task_id': 3, 'gap': -5.0}]
    """
    short = comparison.loc[comparison["gap"].notna() & (comparison["gap"] < 0)]
    short = short.sort_values(["gap", "task_id"]).head(n).copy()
    short.insert(0, "rank", range(1, len(short) + 1))
    cols = ["rank", "task_id", "name", "lead_department", "section", "expected_share", "actual_share", "gap", "status"]
    if "due_before_plan_year" in short:
        cols.insert(5, "due_before_plan_year")
    return short[cols].reset_index(drop=True)


def status_by(comparison: pd.DataFrame, by: str) -> pd.DataFrame:
    """Tasks per status, by section or lead department (a tidy table for charts).

    Args:
        comparison: The result of :func:`qpanalysis.progress.compare`.
        by: ``"section"`` or ``"lead_department"``.

    Returns:
        One row per group and status (every status of ``progress.STATUSES``, zeros
        included, in that order): the group column, status, n_tasks and, when the
        comparison flags them, n_before_plan_year (of those tasks, the ones due before the
        plan year, which the charts mark).

    Example:
        >>> c = pd.DataFrame({"lead_department": ["A", "A", "B"], "status": ["done", "behind", "done"]})
        >>> t = status_by(c, "lead_department")
        >>> t.loc[t["n_tasks"] > 0].to_dict("records")
        [{'lead_department': 'A', 'status': 'done', 'n_tasks': 1}, {'lead_department': 'A', 'status': 'behind', 'n_tasks': 1}, {'lead_department': 'B', 'status': 'done', 'n_tasks': 1}]
    """
    if by not in ("section", "lead_department"):
        raise ValueError(f"by must be 'section' or 'lead_department', not {by!r}")
    keys = ["section_no", "section"] if by == "section" else [by]
    groups = comparison[keys].drop_duplicates().sort_values(keys)
    counts = comparison.groupby(keys + ["status"]).size().rename("n_tasks")
    grid = groups.merge(pd.DataFrame({"status": list(STATUSES)}), how="cross")
    out = grid.merge(counts.reset_index(), on=keys + ["status"], how="left")
    out["n_tasks"] = out["n_tasks"].fillna(0).astype(int)
    if "due_before_plan_year" in comparison:
        flagged = comparison.groupby(keys + ["status"])["due_before_plan_year"].sum().rename("n_before_plan_year")
        out = out.merge(flagged.reset_index(), on=keys + ["status"], how="left")
        out["n_before_plan_year"] = out["n_before_plan_year"].fillna(0).astype(int)
    out["status"] = pd.Categorical(out["status"], categories=list(STATUSES), ordered=True)
    out = out.sort_values(keys + ["status"])
    out["status"] = out["status"].astype(str)
    return out.reset_index(drop=True)
