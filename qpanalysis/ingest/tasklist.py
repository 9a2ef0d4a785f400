"""A task list as validated tables: ``load()`` and ``TaskList``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qpanalysis.config import BUNDLED_LIST
from qpanalysis.ingest.build import COLUMNS, Builder, classify
from qpanalysis.ingest.reading import read_rows
from qpanalysis.ingest.reference import Reference, load_reference

TASK_LIST_TABLES = ("tasks", "departments", "towns", "quantities", "milestones", "funding", "problems", "totals", "lines")


@dataclass
class TaskList:
    """The tables of one task list. See ``data/reference/data_dictionary.csv`` for every column.

    Attributes:
        tasks: One row per task, indexed by ``task_id``.
        departments: One row per task and lead department.
        towns: One row per task and place.
        quantities: Every number stated in 建设规模.
        milestones: One row per task and period (H1, Q3, Q4).
        funding: The levels named in 资金来源.
        problems: Every inconsistency found in the source.
        totals: Stated totals against the sums of their per-town breakdowns.
        lines: Every line of the source and what it was read as.
        source: The file read.
        plan_year: The plan year stated in the title.
        title: The list's title line as written (without Markdown marks), or the file
            name without its suffix when the list has no title line.
        sha256: Checksum of the file read.
    """

    tasks: pd.DataFrame
    departments: pd.DataFrame
    towns: pd.DataFrame
    quantities: pd.DataFrame
    milestones: pd.DataFrame
    funding: pd.DataFrame
    problems: pd.DataFrame
    totals: pd.DataFrame
    lines: pd.DataFrame
    source: Path
    plan_year: int
    title: str
    sha256: str

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name, in a fixed order."""
        return {name: getattr(self, name) for name in TASK_LIST_TABLES}

    def __repr__(self) -> str:
        return (
            f"TaskList({self.source.name}: {len(self.tasks)} tasks, plan year {self.plan_year}, "
            f"{len(self.problems)} problems)"
        )


def load(source: str | Path | None = None, *, reference: Reference | None = None) -> TaskList:
    """Load a task list into validated tables.

    Args:
        source: A list in the published tab-separated layout (``.txt``), or the same
            table as ``.csv`` or ``.xlsx``. ``None`` loads the bundled 2026 list.
        reference: Reference tables to encode names with; the bundled ones by default.

    Returns:
        The TaskList, every table checked against its schema.

    Raises:
        TaskListError: When the file cannot be read as a task list; the message names
            the file, the line and the field.

    Example:
        >>> tasks = load()
        >>> len(tasks.tasks), tasks.plan_year
        (41, 2026)
    """
    path = Path(source) if source is not None else BUNDLED_LIST
    rows, _format = read_rows(path)
    builder = Builder(path=path, reference=reference or load_reference())
    classify(builder, rows)

    from qpanalysis.ingest.schemas import frames  # pandera is imported on first load only

    tables = frames(builder)
    return TaskList(
        **tables,
        source=path,
        plan_year=builder.plan_year,
        title=builder.title or path.stem,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
