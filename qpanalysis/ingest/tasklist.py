"""A task list as validated tables: ``load()`` and ``TaskList``."""

from __future__ import annotations

import gc
import html
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from qpanalysis.config import BUNDLED_LIST
from qpanalysis.ingest.build import build
from qpanalysis.ingest.fields import header
from qpanalysis.ingest.layout import classify
from qpanalysis.ingest.reading import read_source
from qpanalysis.ingest.reference import Reference, load_reference, reference_for
from qpanalysis.ingest.select import CRITERIA, restrict, sanity_check_restricted, select_tasks

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
        selection: The criteria of ``filter`` that made this list from a larger one, as
            (criterion, value) pairs; empty for a list as loaded.
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
    selection: tuple[tuple[str, object], ...] = ()

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name, in a fixed order."""
        return {name: getattr(self, name) for name in TASK_LIST_TABLES}

    def filter(
        self, *, town=None, department=None, role=None, section=None, due=None, due_by=None,
        level=None, disclosure=None,
    ) -> TaskList:
        """The tasks that meet every criterion given, with every table restricted to them.

        Each criterion takes one value or a list of alternatives; None means any. Problems
        and lines also keep their rows about no task (e.g. the title and header lines).

        Args:
            town: Tasks reaching the town, on any basis: named in 涉及范围, district-wide
                (11个街镇) or in a per-town breakdown of 建设规模.
            department: Tasks the department leads or co-leads.
            role: ``lead`` or ``co-lead``: only that role (of ``department``, if given).
            section: Section number, Chinese title or English title.
            due: Tasks planned to finish in this month (``2026.9``, ``2026-09`` or a Period).
            due_by: Tasks planned to finish in or before this month.
            level: Funding level code named in 资金来源 (``municipal``, ``town``…).
            disclosure: ``exact``, ``approximate`` (约) or ``not-disclosed`` ("/") investment.

        Raises:
            ValueError: For a name that neither the list nor the reference tables know.

        Example:
            >>> part = load().filter(disclosure="not-disclosed", role="co-lead")
            >>> bool(part.tasks["investment_wan"].isna().all()), set(part.towns["task_id"]) <= set(part.tasks.index)
            (True, True)
            >>> part.selection
            (('role', 'co-lead'), ('disclosure', 'not-disclosed'))
        """
        criteria = {
            "town": town, "department": department, "role": role, "section": section, "due": due,
            "due_by": due_by, "level": level, "disclosure": disclosure,
        }
        applied = tuple((name, criteria[name]) for name in CRITERIA if criteria[name] is not None)
        reference = load_reference()
        known = {"town": reference.towns["town"], "department": reference.departments["department"]}
        task_ids = select_tasks(self.tables(), known, **criteria)
        tables = restrict(self.tables(), task_ids)
        sanity_check_restricted(self.tables(), tables)
        return replace(self, **tables, selection=self.selection + applied)

    def card(self, task_id: int):
        """Everything about one task, as HTML in a notebook and plain text in a terminal.

        The same as ``qp.card(tl, task_id)``; see ``qpanalysis.display.card``.
        """
        if _card_maker is None:
            raise RuntimeError("no card maker registered: import qpanalysis (it registers qpanalysis.display.card)")
        return _card_maker(self, task_id)

    def summary(self) -> list[tuple[str, str, str]]:
        """The list at a glance as (Chinese label, English label, value) rows; both reprs show them.

        Example:
            >>> [row[1] for row in load().summary()][:3]
            ['title as published', 'plan year', 'tasks']
        """
        disclosed = self.tasks["investment_wan"].dropna()
        rows = [
            ("清单标题（原文）", "title as published", self.title),
            ("计划年度", "plan year", str(self.plan_year)),
            ("任务", "tasks", str(len(self.tasks))),
            ("板块", "sections", str(self.tasks["section_no"].nunique())),
            (header("departments_raw"), "departments", str(self.departments["department"].nunique())),
            ("涉及街镇", "towns reached", str(self.towns["town"].dropna().nunique())),
            ("已披露总投资（万元）", "disclosed investment (10,000 yuan)",
             f"{disclosed.sum():,.2f} in {len(disclosed)} of {len(self.tasks)} tasks"),
            ("问题", "problems", str(len(self.problems))),
            ("来源", "source", f"{self.source.name}, sha256 {self.sha256[:8]}…"),
        ]
        if self.selection:
            shown = "; ".join(f"{name}={value!r}" for name, value in self.selection)
            rows.insert(3, ("筛选", "filtered by", shown))
        return rows

    def __repr__(self) -> str:
        rows = self.summary()
        width = max(len(en) for _, en, _ in rows)
        lines = [f"  {en:<{width}}  {value}" for _, en, value in rows]
        return "\n".join(["TaskList", *lines])

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><th style='text-align:left'>{html.escape(zh)} · {html.escape(en)}</th>"
            f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
            for zh, en, value in self.summary()
        )
        return f"<table class='qp-tasklist'><caption style='text-align:left'><b>TaskList</b></caption>{cells}</table>"


# How TaskList.card shows one task. The card is for readers and lives in display/, a layer
# above ingest/ that this module may not import; display/card.py registers its maker here
# when qpanalysis is imported.
_card_maker = None


def register_card_maker(maker) -> None:
    """Make ``TaskList.card(task_id)`` return ``maker(tl, task_id)`` (called by display/card.py)."""
    global _card_maker
    _card_maker = maker


def load(source: str | Path | None = None, *, reference: Reference | str | Path | None = None) -> TaskList:
    """Load a task list into validated tables.

    Args:
        source: A list in the published tab-separated layout (``.txt``), or the same
            table as ``.csv`` or ``.xlsx``. ``None`` loads the bundled 2026 list.
        reference: Reference tables to encode names with; the bundled ones by default.
            A folder of your own (``"my_reference/"``) holding any of towns.csv,
            departments.csv, sections.csv, task_names.csv, funding_levels.csv with the
            bundled files' columns adds its rows to the bundled ones (or replaces those
            with the same name), for a list that names a new town or department.

    A name written twice in one cell of 牵头部门 or 涉及范围 (区水务局、区水务局, or
    区水务局、水务局 by an alias) is read once, where it is first named, and listed in
    ``problems`` (kind ``repeated-name``). In a workbook, a formula in 序号, 总投资(万元) or
    计划完成时间 is read as the value the file saved for it and listed (kind ``formula``);
    a formula in any other cell, or one without a saved value, is refused.

    Returns:
        The TaskList, every table checked against its schema.

    Raises:
        TaskListError: When the file cannot be read as a task list; the message names
            the file, the line (or cell) and the field. This is the only error bad input
            raises: a failed schema check is reported as one too.

    Example:
        >>> tasks = load()
        >>> len(tasks.tasks), tasks.plan_year
        (41, 2026)
    """
    with _no_cyclic_collection():
        return _load(Path(source) if source is not None else BUNDLED_LIST, reference)


@contextmanager
def _no_cyclic_collection():
    """Pause the cyclic garbage collector, as it was before, for the duration.

    Reading a list makes several small objects per cell (texts, tuples, matches) that
    live until its tables are built; the collector would scan them again and again as
    they pile up (about a tenth of the time of a 100k-task list). Memory is still freed
    by reference counting as it goes; the few objects in a reference cycle wait for the
    collector to resume.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(path: Path, reference: Reference | str | Path | None) -> TaskList:
    """``load`` with the collector paused."""
    read = read_source(path)
    sha256 = read.sha256
    layout = classify(read.rows, path, reference_for(reference), cells_word=read.cells_word, note=read.note)
    del read  # the task rows' cells live on in the layout; a large list is not held twice
    tables, plan_year = build(layout)
    title = layout.title or path.stem
    del layout

    from qpanalysis.ingest.schemas import validate  # pandera is imported on first load only

    return TaskList(
        **validate(tables, path),
        source=path,
        plan_year=plan_year,
        title=title,
        sha256=sha256,
    )
