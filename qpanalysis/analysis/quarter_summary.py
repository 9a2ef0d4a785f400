"""Headline numbers of a quarterly report, under the default reading and each alternative reading."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis.progress import compare
from qpanalysis.analysis.quarterly import (
    _check_quarter, as_of_date, expected_bands, expected_pct, milestones_due, tasks_due_by,
)
from qpanalysis.codes import (
    COMPLETION_BANDS, NUMERIC_KINDS, QUARTER_MEASURES, READINGS, STATUSES, AppliesTo, QuarterMeasure, Reading,
    TargetKind, check,
)
from qpanalysis.ingest.progress import read_progress


def progress_table(tl, progress) -> pd.DataFrame | None:
    """A progress table as given, or read from the path of a progress file (:func:`read_progress`); None stays None."""
    if progress is None or isinstance(progress, pd.DataFrame):
        return progress
    return read_progress(progress, tl)


def summary(tl, quarter: str, as_of=None, progress=None, reading: str = Reading.DEFAULT) -> dict:
    """Headline numbers for the summary of a quarterly report.

    There is deliberately no mean expected completion: it would average tasks of every
    size and count a qualitative step as 0 %. Tasks are counted by band of expected
    completion instead, with the number of tasks the bands cover.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at; None for the quarter's last day.
        progress: A progress table from :func:`qpanalysis.ingest.progress.read_progress`,
            a path to a progress file, or None.
        reading: One of ``codes.READINGS`` (see :func:`qpanalysis.analysis.quarterly.read_milestones`).

    Returns:
        A dict with quarter, as_of, reading, n_tasks; n_milestones_due,
        n_milestones_percent, n_milestones_quantity, n_milestones_numeric (the two
        together), n_milestones_qualitative, n_tasks_with_milestones_due, n_milestones_before_plan_year
        (due before the plan year, so counted in H1); n_tasks_due (due month by the
        quarter's end); n_tasks_expected (tasks with a single numeric target, the ones
        with an expected completion), n_tasks_pct, n_tasks_quantity, bands (band →
        tasks), n_qualitative_due (tasks with an expectation whose latest milestone due is
        qualitative); n_h1_only (tasks whose H1 text is the only one) and
        n_tasks_before_plan_year (tasks due before the plan year as written), which
        describe the list whatever the reading; with progress also n_progress_rows and
        status_counts (every status, in order).

    Example:
        >>> import qpanalysis as qp
        >>> s = summary(qp.load(), "Q3")
        >>> s["n_milestones_due"], s["n_tasks_due"], s["n_tasks_expected"], s["bands"]["75-100"]
        (30, 2, 15, 5)
    """
    _check_quarter(quarter)
    check(reading, READINGS, "reading")
    as_of = as_of_date(quarter, tl.plan_year, as_of)
    progress = progress_table(tl, progress)
    due = milestones_due(tl, quarter, reading)
    expected = expected_pct(tl, as_of, reading)
    numeric = expected.loc[expected["target_kind"].isin(NUMERIC_KINDS)]
    bands = expected_bands(expected).set_index("band")["n_tasks"]
    kinds = due["kind"].value_counts()
    out = {
        "quarter": quarter,
        "as_of": as_of,
        "reading": reading,
        "n_tasks": len(tl.tasks),
        "n_milestones_due": len(due),
        "n_milestones_percent": int(kinds.get(TargetKind.PERCENT, 0)),
        "n_milestones_quantity": int(kinds.get(TargetKind.QUANTITY, 0)),
        "n_milestones_numeric": int(due["kind"].isin(NUMERIC_KINDS).sum()),
        "n_milestones_qualitative": int(kinds.get(TargetKind.QUALITATIVE, 0)),
        "n_tasks_with_milestones_due": int(due["task_id"].nunique()),
        "n_milestones_before_plan_year": int(due["before_plan_year"].sum()),
        "n_tasks_due": len(tasks_due_by(tl, quarter, reading)),
        "n_tasks_expected": len(numeric),
        "n_tasks_pct": int((numeric["target_kind"] == TargetKind.PERCENT).sum()),
        "n_tasks_quantity": int((numeric["target_kind"] == TargetKind.QUANTITY).sum()),
        "bands": {band: int(bands[band]) for band in COMPLETION_BANDS},
        "n_qualitative_due": int(numeric["qualitative_due"].sum()),
        "n_h1_only": int((tl.milestones["applies_to"] == AppliesTo.YEAR).sum()),
        "n_tasks_before_plan_year": int(expected["due_before_plan_year"].sum()),
    }
    if progress is not None:
        comparison = compare(tl, progress, as_of, reading)
        counts = comparison["status"].value_counts()
        out["n_progress_rows"] = len(progress)
        out["status_counts"] = {s: int(counts.get(s, 0)) for s in STATUSES}
    return out


def measures(s: dict) -> dict[str, int]:
    """The headline numbers of :func:`summary` by ``codes.QUARTER_MEASURES`` code (statuses only with progress).

    Example:
        >>> import qpanalysis as qp
        >>> m = measures(summary(qp.load(), "H1"))
        >>> m["milestones-due"], m["expected-0"], "status-behind" in m
        (32, 2, False)
    """
    values = {
        QuarterMeasure.MILESTONES_DUE: s["n_milestones_due"],
        QuarterMeasure.MILESTONES_NUMERIC: s["n_milestones_numeric"],
        QuarterMeasure.TASKS_WITH_MILESTONES_DUE: s["n_tasks_with_milestones_due"],
        QuarterMeasure.TASKS_DUE: s["n_tasks_due"],
        QuarterMeasure.TASKS_EXPECTED: s["n_tasks_expected"],
        **{f"expected-{band}": n for band, n in s["bands"].items()},
        **{f"status-{status}": n for status, n in s.get("status_counts", {}).items()},
    }
    return {code: values[code] for code in QUARTER_MEASURES if code in values}


def sensitivity(tl, quarter: str, as_of=None, progress=None) -> pd.DataFrame:
    """The headline numbers of a quarter under the default reading and each alternative.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at; None for the quarter's last day.
        progress: A progress table, a path to a progress file, or None.

    Returns:
        One row per headline number (``codes.QUARTER_MEASURES``; the statuses only with a
        progress file): ``measure``, then one column per reading of ``codes.READINGS``.

    Example:
        >>> import qpanalysis as qp
        >>> t = sensitivity(qp.load(), "H1").set_index("measure")
        >>> t.loc["milestones-due"].to_dict()  # task 28's Q3, Q4 leave H1 read in 2026; 11 H1-only texts join it
        {'default': 32, 'due-in-plan-year': 30, 'h1-literal': 43}
    """
    as_of = as_of_date(quarter, tl.plan_year, as_of)
    progress = progress_table(tl, progress)
    columns = {reading: measures(summary(tl, quarter, as_of, progress, reading)) for reading in READINGS}
    out = pd.DataFrame(columns).rename_axis("measure").reset_index()
    sanity_check_sensitivity(out, progress is not None)
    return out


def sanity_check_sensitivity(table: pd.DataFrame, with_progress: bool) -> None:
    """Each reading must count every task with an expectation in one band, and every task in one status.

    Example:
        >>> bad = pd.DataFrame({"measure": ["tasks-expected", "expected-0"], "default": [2, 1]})
        >>> sanity_check_sensitivity(bad, False)
        Traceback (most recent call last):
        ...
        AssertionError: reading 'default': the bands hold 1 tasks, not the 2 with an expected completion
    """
    t = table.set_index("measure")
    bands = [m for m in t.index if m.startswith("expected-")]
    statuses = [m for m in t.index if m.startswith("status-")]
    for reading in t.columns:
        if t.loc[bands, reading].sum() != t.at["tasks-expected", reading]:
            raise AssertionError(f"reading {reading!r}: the bands hold {t.loc[bands, reading].sum()} tasks, "
                                 f"not the {t.at['tasks-expected', reading]} with an expected completion")
        if with_progress and len(statuses) != len(STATUSES):
            raise AssertionError(f"reading {reading!r}: {len(statuses)} statuses, expected {len(STATUSES)}")
