"""Every table of a classified list, built in the order a line-by-line reading meets its checks, and the first error of the file."""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from qpanalysis.codes import ProblemKind
from qpanalysis.errors import TaskListError
from qpanalysis.ingest.layout import COLUMNS, Layout, noted
from qpanalysis.ingest.milestones import milestones_table
from qpanalysis.ingest.problems import Problems
from qpanalysis.ingest.tables import (
    Context,
    check_empty_fields,
    check_plan_year,
    departments_table,
    funding_table,
    lines_table,
    list_formulas,
    plan_year,
    quantities_table,
    read_due,
    read_investment,
    tasks_table,
    totals_table,
    towns_table,
)


def _cells(layout: Layout, limit: int) -> pd.DataFrame:
    cells = pd.DataFrame(layout.cells[:limit], columns=list(COLUMNS.values()), dtype=object)
    cells["task_id"] = np.asarray(layout.task_numbers[:limit], dtype=int)  # the numbers classify read
    cells["source_line"] = np.asarray(layout.task_lines[:limit], dtype=int)
    cells["section"] = np.asarray(layout.task_sections[:limit], dtype=int)
    return cells


def _drop_row(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns="row").reset_index(drop=True)


def tables(layout: Layout, limit: int) -> tuple[dict[str, pd.DataFrame], int] | None:
    """Every table from the first ``limit`` task rows, each built over whole columns.

    The checks run in the order a row-by-row reading would meet them (investment, month,
    departments, scale, scope), each raising on its first bad row; ``build`` makes sure
    the first bad row of the file is the one reported. None when there is no task row.
    """
    if limit == 0:
        return None
    ctx = Context(layout, _cells(layout, limit), Problems())
    list_formulas(ctx)
    check_empty_fields(ctx)
    investment = read_investment(ctx)
    due = read_due(ctx)
    ctx.plan_year, missing_title = plan_year(ctx, due)
    check_plan_year(ctx, due)
    departments = departments_table(ctx)
    quantities = quantities_table(ctx)
    totals = totals_table(ctx, quantities)
    towns = towns_table(ctx, quantities)
    funding = funding_table(ctx)
    milestones = milestones_table(ctx, due)
    tasks = tasks_table(ctx, departments, investment, due)
    if layout.footer is None:
        ctx.problems.add(None, "footer", ProblemKind.MISSING_FOOTER, "no footer line 全区共涉及乡村建设任务N项 states the task count")
    if missing_title is not None:
        ctx.problems.add(None, "title", ProblemKind.MISSING_TITLE, missing_title)
    built = {
        "tasks": tasks, "departments": _drop_row(departments), "towns": _drop_row(towns),
        "quantities": _drop_row(quantities), "milestones": _drop_row(milestones), "funding": _drop_row(funding),
        "problems": ctx.problems.table(ctx.cells),
        "totals": totals[["task_id", "metric", "unit", "towns", "breakdown_sum", "stated_total", "stated_text",
                          "agrees", "source_line"]],
        "lines": lines_table(layout),
    }
    return built, ctx.plan_year


def build(layout: Layout) -> tuple[dict[str, pd.DataFrame], int]:
    """Every table of a classified list, and its plan year; raises the first error of the file.

    A check that fails on task row p stops the build; the rows before p are then built
    again, since a later check may fail on an earlier row. The error left when no earlier
    row fails is the one a line-by-line reading meets first (each check depends on its
    row only, so at most one rebuild per check is needed).
    """
    error, limit = layout.pending, len(layout.cells)
    while True:
        try:
            built = tables(layout, limit)
            break
        except TaskListError as exc:
            error, limit = exc, bisect.bisect_left(layout.task_lines, exc.line)
    if error is not None:
        raise error
    if built is None:
        raise layout.error("no task rows found" + noted(layout))
    check_numbering(layout)
    return built


def check_numbering(layout: Layout) -> None:
    """Task numbers run 1…N without gaps, and a footer states N."""
    numbers = np.asarray(layout.task_numbers, dtype=int)
    expected = np.arange(1, len(numbers) + 1)
    if not np.array_equal(np.sort(numbers), expected):
        missing = np.setdiff1d(expected, numbers)
        first = np.flatnonzero((numbers < 1) | (numbers > len(numbers)))[0]
        raise layout.error(
            f"task numbers must run 1…{len(numbers)} without gaps: missing {missing[:10].tolist()}; "
            f"task number {numbers[first]} is out of sequence",
            layout.task_lines[first], "task_id",
        )
    if layout.footer is not None and layout.footer[0] != len(numbers):
        raise layout.error(
            f"the footer states {layout.footer[0]} tasks, but the list has {len(numbers)} task rows",
            layout.footer[1], "footer",
        )
