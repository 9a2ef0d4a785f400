"""The milestones table: the H1, Q3 and Q4 target of each task, what it states, and the checks on it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qpanalysis.codes import PERIOD_MONTHS, AppliesTo, Period, ProblemKind
from qpanalysis.ingest import parsing
from qpanalysis.ingest.fields import period_fields
from qpanalysis.ingest.tables import Context
from qpanalysis.ingest.targets import parse_targets

# Milestone periods, the column of each and the month in which each ends.
PERIODS = {str(period): (field.column, PERIOD_MONTHS[period][1]) for period, field in period_fields().items()}
# Joins the completion (or indicator) percentages of one target text in milestones.
VALUES_JOIN = "、"


def _month_end(year: int, month: int) -> pd.Timestamp:
    return pd.Period(year=year, month=month, freq="M").to_timestamp(how="end").normalize()


def milestones_table(ctx: Context, due: pd.Series) -> pd.DataFrame:
    """One row per task and period (H1, Q3, Q4): the target text, what it states, and when it falls due."""
    cells, n = ctx.cells, len(ctx.cells)
    columns = [column for column, _ in PERIODS.values()]
    texts = pd.concat([cells[column] for column in columns], ignore_index=True)
    parsed = parse_targets(texts)
    check_targets(ctx, parsed, n)
    # Period-major (all H1, all Q3, all Q4) → task-major (H1, Q3, Q4 of each task).
    order = np.arange(3 * n).reshape(3, n).T.ravel()
    rows = order % n if n else order
    whole_year = (cells["q3_target"].to_numpy() == "") & (cells["q4_target"].to_numpy() == "")  # cells are stripped
    period_no = np.repeat(np.arange(len(PERIODS)), n)  # the position of each cell's period in PERIODS
    whole = (period_no == list(PERIODS).index(Period.H1)) & np.tile(whole_year, 3)
    applies_to = np.where(whole, AppliesTo.YEAR, AppliesTo.PERIOD).astype(object)
    period_end = np.repeat(
        np.asarray([_month_end(ctx.plan_year, month) for _, month in PERIODS.values()], dtype="datetime64[us]"), n
    )
    effective_end = np.where(applies_to == AppliesTo.YEAR, np.datetime64(_month_end(ctx.plan_year, 12), "us"), period_end)
    due_end = due.dt.to_timestamp(how="end").dt.normalize().to_numpy(dtype="datetime64[us]")
    check_regression(ctx, parsed["target_pct"].to_numpy().reshape(3, n) if n else np.empty((3, 0)))
    return pd.DataFrame({
        "row": rows,
        "task_id": cells["task_id"].to_numpy()[rows],
        "period": parsing.text_array(list(PERIODS)).take(period_no[order]),
        "period_end": period_end[order],
        "due_date": np.minimum(effective_end, np.tile(due_end, 3))[order],
        "text": parsed["text"].to_numpy()[order],
        "kind": parsing.repeated_text(parsed["kind"].to_numpy()[order]),
        "target_pct": parsed["target_pct"].to_numpy(dtype=float)[order],
        "target_quantity": parsed["target_quantity"].to_numpy(dtype=float)[order],
        "target_unit": parsing.repeated_text(parsed["target_unit"].to_numpy(dtype=object)[order]),
        "applies_to": parsing.text_array([AppliesTo.PERIOD, AppliesTo.YEAR]).take(whole[order].astype(int)),
        "pct_values": parsing.repeated_text(_joined(parsed["pct_values"])[order]),
        "indicator_pct_values": parsing.repeated_text(_joined(parsed["indicator_pct_values"])[order]),
        "cumulative": parsed["cumulative"].to_numpy(dtype=bool)[order],
        "approx": parsed["approx"].to_numpy(dtype=bool)[order],
    })


def check_targets(ctx: Context, parsed: pd.DataFrame, n: int) -> None:
    """Refuse a completion percentage above 100 (完成150%) and a figure beyond parsing.LARGEST in a target.

    ``parsed`` holds the H1 targets of the ``n`` task rows, then their Q3 and Q4 targets;
    the first bad cell in file order (row, then period) is reported. A percentage that is
    not a completion (an indicator level: 人员比例达到150%) may exceed 100.
    """
    def largest(single: str, values: str) -> np.ndarray:
        """The largest value of each cell: its single value, else (a few cells) the largest of several."""
        found = parsed[single].to_numpy(dtype=float).copy()
        tuples = parsed[values].to_numpy()
        counts = np.fromiter(map(len, tuples), dtype=int, count=len(tuples))
        several = np.flatnonzero(np.isnan(found) & (counts > 1))  # NaN with one value or none: nothing to add
        found[several] = [max(tuples[i]) for i in several]
        return found

    completion = largest("target_pct", "pct_values")
    over = completion > 100
    huge = (parsing.too_large(completion) | parsing.too_large(largest("indicator_pct", "indicator_pct_values"))
            | parsing.too_large(parsed["target_quantity"].to_numpy(dtype=float)))
    bad = (over | huge).reshape(3, n)
    if not bad.any():
        return
    row = int(np.flatnonzero(bad.any(axis=0))[0])
    period = int(np.flatnonzero(bad[:, row])[0])
    cell = period * n + row
    column = list(PERIODS.values())[period][0]
    text = parsing.shown(str(parsed["text"].iloc[cell]), 40)
    if huge[cell]:
        raise ctx.fail(row, f"a number in {text} is too large: {parsing.TOO_LARGE}", column)
    raise ctx.fail(row, f"the completion percentage {completion[cell]:g}% in {text} is more than 100%; a target "
                        "states how much of the task is complete, from 0 to 100% (完成20%, 进度达到60%)", column)


def _joined(values: pd.Series) -> np.ndarray:
    """Tuples of percentages as text, e.g. (60.0, 20.0) → '60、20'; () → ''.

    Example:
        >>> _joined(pd.Series([(60.0, 20.0), (), (5.5,)], dtype=object)).tolist()
        ['60、20', '', '5.5']
    """
    values = values.tolist()
    joined = np.full(len(values), "", dtype=object)
    stated = np.flatnonzero(np.fromiter(map(len, values), dtype=int, count=len(values)))  # most cells state none
    shown: dict[tuple, str] = {}  # the same few tuples recur: each is written once
    for index in stated.tolist():
        t = values[index]
        if t not in shown:
            shown[t] = VALUES_JOIN.join(f"{v:g}" for v in t)
        joined[index] = shown[t]
    return joined


def check_regression(ctx: Context, pct: np.ndarray) -> None:
    """A percentage target below the last earlier one is a problem (progress going backwards)."""
    previous = pct[0]
    for index, (period, (column, _)) in enumerate(PERIODS.items()):
        if index == 0:
            continue
        current = pct[index]
        below = np.flatnonzero(current < previous)  # False wherever either is NaN
        ctx.problems.add(below, column, ProblemKind.MILESTONE_REGRESSION,
                         [f"{period} target {current[r]:g}% is below the earlier {previous[r]:g}%" for r in below])
        previous = np.where(np.isnan(current), previous, current)
