"""Build every TaskList table from the rows of a task list file: lines are classified one by one, tables built column by column."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from qpanalysis.codes import PROBLEM_KINDS
from qpanalysis.errors import TaskListError
from qpanalysis.ingest import parsing
from qpanalysis.ingest import scope as text_scope
from qpanalysis.ingest.reading import FORMULA_TO_VALUE, Row, cell_name, formula_message, month_text
from qpanalysis.ingest.reference import Encoder, Reference
from qpanalysis.ingest.targets import parse_targets

# Published header → column name. Applied strictly: an unknown header is an error, and
# every one of these must be present. Headers are matched after folding (parsing.fold)
# so that 总投资（万元） with full-width brackets is the same header.
COLUMNS = {
    "序号": "task_id",
    "任务名称": "name",
    "牵头部门": "departments_raw",
    "建设目标": "goal",
    "建设内容": "content",
    "建设规模": "scale",
    "建设标准": "standard",
    "资金来源": "funding_source",
    "总投资(万元)": "investment_raw",
    "涉及范围": "scope",
    "计划完成时间": "due_raw",
    "上半年目标": "h1_target",
    "第三季度目标": "q3_target",
    "第四季度目标": "q4_target",
}
FIELD_HEADER = {column: header for header, column in COLUMNS.items()}
# A section row: 一、强化乡村规划引领先导, optionally wrapped in <b>…</b> as published.
SECTION_ROW = re.compile(r"^(?:<b>)?\s*(?P<numeral>[一二三四五六七八九十]+)[、.．]\s*(?P<title>.+?)\s*(?:</b>)?$")
SECTION_NUMERALS = "一二三四五六七八九十"
# The footer states how many tasks the list holds; it must agree with the rows.
FOOTER_ROW = re.compile(r"^全区共涉及乡村建设任务\s*(?P<count>\d+)\s*项。?$")
# The plan year as the title states it (### 2026 年度青浦区乡村建设行动任务清单).
TITLE_YEAR = re.compile(r"(?P<year>\d{4})\s*年度")
# Markdown heading marks and <b> tags around the title line, which are not part of the title.
TITLE_MARKUP = re.compile(r"^#+\s*|</?b>")
# A task number: a list holds fewer than a billion tasks, and a longer number would not fit
# the integer column of the tables.
TASK_NUMBER = re.compile(r"^\d{1,9}$")
# Milestone periods, the column of each and the month in which each ends.
PERIODS = {"H1": ("h1_target", 6), "Q3": ("q3_target", 9), "Q4": ("q4_target", 12)}
# Fields that every task row must fill (a "/" counts as filled: it is the list's "none").
# The Q3 and Q4 targets may be empty: the H1 text then describes the whole year.
REQUIRED_FIELDS = (
    "name", "departments_raw", "goal", "content", "scale", "standard", "funding_source",
    "investment_raw", "scope", "due_raw", "h1_target",
)
# Fields where "/" leaves the task without something it needs: a task must reach somewhere.
NONE_IS_EMPTY = ("scope",)
# Joins the completion (or indicator) percentages of one target text in milestones.
VALUES_JOIN = "、"
# Columns whose cells a spreadsheet may fill with a formula (=A6+1 numbering the tasks, =SUM
# adding an amount up): the value the file saved for it is read, and the formula listed as a
# problem. Every other column is text, read as written: a formula there is refused.
FORMULA_COLUMNS = ("task_id", "investment_raw", "due_raw")
# What a problem says of a repeated name that is read once (see ``drop_repeated``).
REPEATED = "written twice in the cell"


@dataclass
class Layout:
    """What the lines of a list were read as: title, sections, footer and the cells of every task row."""

    path: Path
    reference: Reference
    title: str | None = None
    title_year: int | None = None  # the year the last title line states, if any
    title_line: int | None = None  # line of the first title line
    footer: tuple[int, int] | None = None  # (stated count, line)
    sections: list[tuple[int, str, str | None]] = field(default_factory=list)
    cells: list[tuple[str, ...]] = field(default_factory=list)  # task rows, in COLUMNS order
    task_lines: list[int] = field(default_factory=list)
    task_sections: list[int] = field(default_factory=list)  # index into sections
    due_errors: dict[int, TaskListError] = field(default_factory=dict)  # task row → unreadable month cell
    section_lines: dict[int, int] = field(default_factory=dict)  # section number → its line
    # Formulas whose saved value was read: (task row, column, detail), for the problems table.
    formulas: list[tuple[int, str, str]] = field(default_factory=list)
    cells_word: str = "tab-separated cells"  # how messages name the cells of a row of this format
    note: Callable[[], str] | None = None  # what to add to "no task rows found" (a workbook's sheets)
    lines: dict[str, list] = field(default_factory=lambda: {"line": [], "kind": [], "task_id": [], "text": []})
    # The first error in the line structure. It is raised once the task rows above it
    # have been checked, so that the first bad line of the file is the one reported.
    pending: TaskListError | None = None

    def error(self, message: str, line: int | None = None, column: str | None = None) -> TaskListError:
        return TaskListError(message, path=self.path, line=line, field=FIELD_HEADER.get(column, column))


# --- lines, one by one --------------------------------------------------------------------


def _read_header(layout: Layout, row: Row) -> dict[str, int]:
    positions: dict[str, int] = {}
    folded = {parsing.fold(h): h for h in COLUMNS}
    for index, cell in enumerate(row.cells):
        if not cell:
            raise layout.error(f"empty header cell in column {index + 1}", row.line)
        header = folded.get(parsing.fold(cell))
        if header is None:
            raise layout.error(
                f"unknown header {cell!r} in column {index + 1}; expected the headers " + "、".join(COLUMNS),
                row.line, cell,
            )
        if COLUMNS[header] in positions:
            raise layout.error(f"header {header!r} appears twice", row.line, header)
        positions[COLUMNS[header]] = index
    missing = [h for h, c in COLUMNS.items() if c not in positions]
    if missing:
        raise layout.error("missing header(s) " + "、".join(missing), row.line)
    return positions


def _section(layout: Layout, row: Row) -> tuple[int, str, str | None]:
    """The number, title and English title of a section row, checked against the sections before it.

    Sections run 一, 二, 三 … without gaps or repeats: a deleted section row would otherwise
    file its tasks under the section before it, with no other sign.
    """
    match = SECTION_ROW.match(row.cells[0])
    numeral = match["numeral"]
    if len(numeral) != 1:
        raise layout.error(f"section number {numeral!r} is not between 一 and 十", row.line)
    number = SECTION_NUMERALS.index(numeral) + 1
    expected = layout.sections[-1][0] + 1 if layout.sections else 1
    if number in layout.section_lines:
        raise layout.error(f"section {numeral} appears twice (first on line {layout.section_lines[number]}); "
                           "sections are numbered 一, 二, 三 … once each", row.line)
    if number != expected:  # a later number: every earlier one has been seen, so a lower one is a repeat
        before = (f"section {SECTION_NUMERALS[expected - 2]} (line {layout.section_lines[expected - 1]})"
                  if layout.sections else "the header")
        missing = "、".join(SECTION_NUMERALS[expected - 1:number - 1])
        raise layout.error(
            f"section {numeral} follows {before}; expected section {SECTION_NUMERALS[expected - 1]}: section "
            f"{missing} is missing. Its row may have been deleted, which would file its tasks under the section "
            "before; sections are numbered 一, 二, 三 … in order", row.line,
        )
    layout.section_lines[number] = row.line
    title = match["title"]
    sections = layout.reference.sections
    known = sections.loc[sections["section"] == title, "section_en"]
    return number, title, (known.iloc[0] if len(known) else None)


def _formulas(layout: Layout, row: Row, header_of: dict[int, str], task_row: bool) -> None:
    """Refuse a formula without a saved value, or in a text cell; note the others (a task row's number cells).

    Args:
        header_of: Column index → column name, once the header is read.
        task_row: Whether ``row`` is a task row (else a formula is in a title, header, section or footer).
    """
    for formula in row.formulas:
        column = header_of.get(formula.index)
        if not formula.cached:
            raise layout.error(formula_message(row, formula), row.line, column)
        if not task_row or column not in FORMULA_COLUMNS:
            if not any(row.cells):  # a formula that gives "" in an unused row (=IF(A9="","",…)) shows nothing
                continue
            what = f"column {FIELD_HEADER.get(column, column)}" if column else "a row that is not a task row"
            raise layout.error(f"{cell_name(row, formula.index)} holds the formula {formula.text} in {what}, which "
                               f"is read as written text; {FORMULA_TO_VALUE}", row.line, column)
        layout.formulas.append((len(layout.cells), column, formula_message(row, formula)))


def classify(rows: list[Row], path: Path, reference: Reference, *, cells_word: str = "tab-separated cells",
             note: Callable[[], str] | None = None) -> Layout:
    """Read each row as blank, title, header, section, task or footer, keeping the task rows' cells.

    Stops at the first line that fits no layout and keeps its error in ``pending``.

    Args:
        rows: The rows of the file (``reading.read_source``).
        path: The file, for messages.
        reference: The reference tables.
        cells_word: How messages name the cells of a row (``reading.Source.cells_word``).
        note: A callable giving what a "no task rows" message adds (``reading.Source.note``).
    """
    layout = Layout(path=path, reference=reference, cells_word=cells_word, note=note)
    positions: dict[str, int] | None = None
    header_of: dict[int, str] = {}
    cells_of = None
    width = 0
    first_line_of: dict[int, int] = {}
    header_key = parsing.fold("序号")
    record = layout.lines
    for row in rows:
        if row.padded and positions is not None and 1 < len(row.cells) < width:
            row = row.padded_to(width)  # a spreadsheet does not store trailing empty cells
        cells = row.cells
        task_id = None
        only_first = bool(cells) and bool(cells[0]) and not any(cells[1:])
        try:
            if row.formulas:
                is_task = (positions is not None and len(cells) == width
                           and TASK_NUMBER.match(cells[positions["task_id"]]) is not None)
                _formulas(layout, row, header_of if positions is not None else {}, is_task)
            if row.is_blank:
                kind = "blank"
            elif layout.footer is not None:
                raise layout.error(f"text after the footer on line {layout.footer[1]}: {''.join(cells)[:40]!r}", row.line)
            elif parsing.fold(cells[0]) == header_key:
                kind, positions, width = "header", _read_header(layout, row), len(cells)
                cells_of = itemgetter(*(positions[c] for c in COLUMNS.values()))
                header_of = {index: column for column, index in positions.items()}
            elif only_first and FOOTER_ROW.match(cells[0]):
                kind, layout.footer = "footer", (int(FOOTER_ROW.match(cells[0])["count"]), row.line)
            elif only_first and SECTION_ROW.match(cells[0]):
                kind = "section"
                layout.sections.append(_section(layout, row))
            elif only_first and positions is None:
                kind = "title"
                if layout.title_line is None:
                    layout.title_line = row.line
                if layout.title is None:
                    layout.title = TITLE_MARKUP.sub("", cells[0]).strip() or None
                match = TITLE_YEAR.search(cells[0])
                if match:
                    layout.title_year = int(match["year"])
            elif positions is None:
                raise layout.error("expected a title line or the header row (序号, 任务名称, …) before any task"
                                   + _noted(layout), row.line)
            elif only_first:
                raise layout.error(
                    f"unrecognised line {''.join(cells)[:40]!r}: expected a section row (一、…), a task row or the "
                    "footer 全区共涉及乡村建设任务N项", row.line,
                )
            elif len(cells) != width:
                spans = (f"; this row runs over {row.lines}: a quote (\") in it may be unbalanced"
                         if row.last_line is not None else "")
                raise layout.error(f"expected {width} {layout.cells_word} as in the header, found {len(cells)}{spans}",
                                   row.line)
            elif row.last_line is not None and _swallows_rows(cells, width):
                raise layout.error(
                    f"this row runs over {row.lines}, and a quoted cell in it holds what look like whole rows of the "
                    "file: a quote (\") in it may be unbalanced (a quote inside a cell is written twice: \"\")",
                    row.line,
                )
            elif not TASK_NUMBER.match(cells[positions["task_id"]]):
                raise layout.error(f"expected a task number, found {cells[positions['task_id']]!r}", row.line, "task_id")
            elif not layout.sections:
                raise layout.error("task row before any section row (一、…)", row.line)
            else:
                kind, task_id = "task", int(cells[positions["task_id"]])
                if task_id in first_line_of:
                    raise layout.error(
                        f"duplicate task number {task_id} (first on line {first_line_of[task_id]})", row.line, "task_id"
                    )
                first_line_of[task_id] = row.line
                if row.number_formats:  # a spreadsheet row: 2026.1 in a number cell may be October
                    try:
                        month_text(row, positions["due_raw"], path=path, field=FIELD_HEADER["due_raw"])
                    except TaskListError as exc:
                        layout.due_errors[len(layout.cells)] = exc
                layout.cells.append(cells_of(cells))
                layout.task_lines.append(row.line)
                layout.task_sections.append(len(layout.sections) - 1)
        except TaskListError as exc:
            layout.pending = exc
            break
        record["line"].append(row.line)
        record["kind"].append(kind)
        record["task_id"].append(task_id)
        record["text"].append(row.raw)
    return layout


def _swallows_rows(cells: tuple[str, ...], width: int) -> bool:
    r"""Whether a cell of a CSV record holds a line that looks like a task row (a number, then half a row of commas).

    Such a line is a row of the file that an unbalanced quote has made part of a cell; a
    line break in a cell's own text is not followed by that.

    Example:
        >>> _swallows_rows(("7", "停车\n8,乡村标识,区农业农村委,a,b,c,d,e", "x"), 14)
        True
        >>> _swallows_rows(("7", "完善乡村\n停车场, 一期", "x"), 14)
        False
    """
    return any(TASK_NUMBER.match(line.split(",", 1)[0].strip()) and line.count(",") >= width // 2
               for text in cells if "\n" in text or "\r" in text for line in text.splitlines()[1:])


def _noted(layout: Layout) -> str:
    """What a message that finds no list adds: for a workbook, which sheet was read and where data is."""
    note = layout.note() if callable(layout.note) else ""
    return f"; {note}" if note else ""


# --- tables, column by column -------------------------------------------------------------


class Problems:
    """The problems found so far; each ``add`` is one check over the whole column.

    They are listed as a line-by-line reading meets them: by source line, then in the
    order the checks run, then by ``sub`` (e.g. the position of a name in its cell).
    """

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, rows, column: str, kind: str, detail, sub=0, *, with_previous: bool = False) -> None:
        """Record problems of ``kind`` in ``column`` for the task rows ``rows`` (None: the whole file).

        ``with_previous`` sorts these among the previous check's problems of a row, by ``sub``.
        """
        if rows is None:
            part = pd.DataFrame({"row": [np.nan], "detail": [detail], "sub": [sub]})
        else:
            part = pd.DataFrame({"row": np.asarray(rows, dtype=float), "detail": detail, "sub": sub})
        part["kind"] = kind
        part["field"] = FIELD_HEADER.get(column, column)
        part["check"] = len(self.parts) - (1 if with_previous and self.parts else 0)
        self.parts.append(part)

    def table(self, cells: pd.DataFrame) -> pd.DataFrame:
        """The problems table, with each task row's number and source line."""
        parts = [p for p in self.parts if len(p)]
        if not parts:
            parts = [pd.DataFrame(columns=["row", "detail", "sub", "kind", "field", "check"])]
        found = pd.concat(parts, ignore_index=True)
        found = found.sort_values(["row", "check", "sub"], kind="stable", na_position="last")
        sanity_check_problem_kinds(found["kind"])
        rows = found["row"].to_numpy(dtype=float)
        known = ~np.isnan(rows)
        positions = rows[known].astype(int)
        task_id = pd.array([pd.NA] * len(found), dtype="Int64")
        source_line = pd.array([pd.NA] * len(found), dtype="Int64")
        task_id[known] = cells["task_id"].to_numpy()[positions]
        source_line[known] = cells["source_line"].to_numpy()[positions]
        return pd.DataFrame({
            "task_id": task_id, "field": found["field"].astype(object).to_numpy(),
            "kind": found["kind"].astype(object).to_numpy(), "detail": found["detail"].astype(object).to_numpy(),
            "source_line": source_line,
        })


def sanity_check_problem_kinds(kinds: pd.Series) -> None:
    """Refuse a problem kind that codes.PROBLEM_KINDS does not list (and reports cannot explain).

    Example:
        >>> sanity_check_problem_kinds(pd.Series(["alias", "guess"]))
        Traceback (most recent call last):
        ...
        ValueError: the loader reported problem kind(s) ['guess'], which codes.PROBLEM_KINDS does not list
    """
    unknown = sorted(set(kinds) - set(PROBLEM_KINDS))
    if unknown:
        raise ValueError(f"the loader reported problem kind(s) {unknown}, which codes.PROBLEM_KINDS does not list")


@dataclass
class Context:
    """What every table function needs: the task rows' cells, the reference tables, the problems so far."""

    layout: Layout
    cells: pd.DataFrame  # one row per task row, index 0…n-1 in file order
    problems: Problems
    plan_year: int | None = None

    def fail(self, row: int, message: str, column: str | None = None) -> TaskListError:
        return self.layout.error(message, int(self.cells.at[row, "source_line"]), column)

    def first(self, bad: pd.Series, messages: pd.Series, column: str) -> None:
        """Raise the message of the first task row where ``bad`` holds."""
        if bad.any():
            row = bad.idxmax()
            raise self.fail(row, messages[row], column)


def _cells(layout: Layout, limit: int) -> pd.DataFrame:
    cells = pd.DataFrame(layout.cells[:limit], columns=list(COLUMNS.values()), dtype=object)
    cells["task_id"] = cells["task_id"].astype(int)
    cells["source_line"] = np.asarray(layout.task_lines[:limit], dtype=int)
    cells["section"] = np.asarray(layout.task_sections[:limit], dtype=int)
    return cells


def list_formulas(ctx: Context) -> None:
    """A formula whose saved value was read (a number cell of a spreadsheet) is a problem: the value is the file's, not recomputed."""
    formulas = [(row, column, detail) for row, column, detail in ctx.layout.formulas if row < len(ctx.cells)]
    for column in FORMULA_COLUMNS:
        found = [(row, detail) for row, of, detail in formulas if of == column]
        ctx.problems.add([row for row, _ in found], column, "formula", [detail for _, detail in found])


def check_empty_fields(ctx: Context) -> None:
    """An empty required field, or a scope of "/", is a problem; the cell is kept as it is."""
    cells = ctx.cells  # read with their surrounding white space stripped (reading.Row)
    for column in REQUIRED_FIELDS:
        empty = np.flatnonzero(cells[column].to_numpy() == "")
        ctx.problems.add(empty, column, "empty-field", f"{FIELD_HEADER[column]} is empty")
    for column in NONE_IS_EMPTY:
        none = np.flatnonzero(cells[column].to_numpy() == parsing.NONE_MARKER)
        ctx.problems.add(none, column, "empty-field", f"{FIELD_HEADER[column]} is '/': the task names no place")


def read_investment(ctx: Context) -> pd.DataFrame:
    """总投资(万元) as an amount and an approximate flag; an unreadable amount is an error."""
    investment = parsing.parse_investments(ctx.cells["investment_raw"])
    ctx.first(investment["error"].notna(), investment["error"], "investment_raw")
    return investment


def read_due(ctx: Context) -> pd.Series:
    """计划完成时间 as a monthly Period; an unreadable month is an error."""
    due = parsing.parse_dues(ctx.cells["due_raw"])
    errors = due["error"].copy()
    for row, exc in ctx.layout.due_errors.items():
        if row < len(errors):
            errors[row] = exc.reason
    ctx.first(errors.notna(), errors, "due_raw")
    return due["due"]


def plan_year(ctx: Context, due: pd.Series) -> tuple[int, str | None]:
    """The year the title states; else the most common year of the due months, with the reason.

    Returns:
        The plan year, and the detail of the ``missing-title`` problem when no title line
        states the year (None when one does). On a tie the earliest of the most common
        years is taken.
    """
    layout = ctx.layout
    if layout.title_year is not None:
        return layout.title_year, None
    years = due.dt.year.value_counts()
    year = int(years[years == years.max()].index.min())
    if layout.title_line is None:
        why = "no title line states the plan year"
    else:
        why = f"the title line {layout.title!r} states no plan year"
    return year, (f"{why}; {year} assumed: the most common year of 计划完成时间 "
                  f"({years[year]} of {len(due)} tasks)")


def check_plan_year(ctx: Context, due: pd.Series) -> None:
    """A due month outside the plan year is a problem; the month is kept as written."""
    outside = due.dt.year.ne(ctx.plan_year)
    raw = ctx.cells.loc[outside, "due_raw"]
    ctx.problems.add(
        raw.index, "due_raw", "date-outside-plan-year",
        raw.map(lambda text: f"due {text!r} is outside the plan year {ctx.plan_year}; kept as written"),
    )


def encode(ctx: Context, names: pd.DataFrame, encoder: Encoder, column: str) -> pd.Series:
    """Canonical names for ``names`` (one row per name, indexed by task row); aliases are problems.

    Each distinct name is looked up once in the encoder (the names come from a closed
    vocabulary) and the answer spread to its rows. An unknown name is an error on the
    first row that writes it.
    """
    written = names["name"].to_numpy(dtype=object)
    which, distinct = pd.factorize(written)
    encoded = [encoder.encode(name) if name in encoder else None for name in distinct]
    unknown = np.array([e is None for e in encoded], dtype=bool)[which]
    if unknown.any():
        first = unknown.argmax()
        encoder.encode(written[first], path=ctx.layout.path, field=FIELD_HEADER[column],
                       line=int(ctx.cells.at[names.index[first], "source_line"]))
    codes = np.array([e.code for e in encoded], dtype=object)[which] if len(written) else written
    alias = np.array([e.alias_of is not None for e in encoded], dtype=bool)[which] if len(written) else unknown
    ctx.problems.add(
        names.index[alias], column, "alias",
        [f"{encoder.kind} written {n!r}; read as the canonical {c!r}" for n, c in zip(written[alias], codes[alias])],
        sub=names["order"].to_numpy()[alias],
    )
    return pd.Series(codes, index=names.index, dtype=object)


def drop_repeated(ctx: Context, names: pd.DataFrame, codes: pd.Series, column: str, kind: str
                  ) -> tuple[pd.DataFrame, pd.Series]:
    """Names a cell writes twice (区水务局、区水务局, or 区水务局、水务局 by an alias) read once, each repeat a problem.

    The first mention keeps its place (the first department listed leads); each later one
    is dropped and listed as a problem of kind ``repeated-name``, and the names left are
    numbered 1, 2, … again.

    Args:
        names: One row per name (``split_names``), indexed by task row.
        codes: The canonical name of each, indexed alike.
        column: The field the names come from.
        kind: What the names are (``department``, ``town``), for the problem detail.

    Returns:
        ``names`` and ``codes`` without the repeats.
    """
    rows = names.index.to_numpy()
    pairs = pd.DataFrame({"row": rows, "code": codes.to_numpy()})
    again = pairs.duplicated().to_numpy()
    if not again.any():
        return names, codes
    written = names["name"].to_numpy(dtype=object)
    first = pd.Series(written).groupby([rows, pairs["code"].to_numpy()]).transform("first").to_numpy(dtype=object)
    ctx.problems.add(
        rows[again], column, "repeated-name",
        [f"{kind} {code!r} {REPEATED}" + (f" (as {one!r} and {other!r})" if one != other else "")
         + "; read once, where first named"
         for code, one, other in zip(pairs["code"][again], first[again], written[again])],
        sub=names["order"].to_numpy()[again], with_previous=True,
    )
    kept = names[~again]
    kept = kept.assign(order=kept.groupby(level=0).cumcount().to_numpy() + 1)
    return kept, codes[~again]


def departments_table(ctx: Context) -> pd.DataFrame:
    """One row per task and lead department, in the order the cell names them (a repeat read once)."""
    names = parsing.split_names(ctx.cells["departments_raw"])
    codes = encode(ctx, names, ctx.layout.reference.department_encoder, "departments_raw")
    names, codes = drop_repeated(ctx, names, codes, "departments_raw", "department")
    missing = ~ctx.cells.index.isin(names.index)
    ctx.first(pd.Series(missing, index=ctx.cells.index), pd.Series("no lead department", index=ctx.cells.index),
              "departments_raw")
    info = ctx.layout.reference.departments.set_index("department")
    rows = names.index.to_numpy(dtype=int)
    return pd.DataFrame({
        "row": rows,
        "task_id": ctx.cells["task_id"].to_numpy()[rows],
        "department": codes.to_numpy(),
        "department_en": codes.map(info["department_en"]).to_numpy(),
        "role": np.where(names["order"].to_numpy() == 1, "lead", "co-lead").astype(object),
        "order": names["order"].to_numpy(),
        "raw_name": names["name"].to_numpy(),
        "kind": codes.map(info["kind"]).to_numpy(),
    })




def quantities_table(ctx: Context) -> pd.DataFrame:
    """Every number that 建设规模 states, with the town of a breakdown figure encoded."""
    figures, errors = parsing.parse_scales(ctx.cells["scale"])
    huge = figures[parsing.too_large(figures["quantity"].to_numpy())]
    huge = huge[~huge.index.duplicated()]
    errors = errors.where(errors.notna() | ~errors.index.isin(huge.index),
                          huge["source_text"].map(lambda text: f"the number in {text[:40]!r} is too large: "
                                                               f"{parsing.TOO_LARGE}").reindex(errors.index))
    ctx.first(errors.notna(), errors, "scale")
    figures = figures.rename_axis("row").reset_index()
    breakdown = figures["town"].notna()
    names = pd.DataFrame(
        {"name": figures["town"][breakdown].to_numpy(), "order": figures["figure"][breakdown].to_numpy() * 2},
        index=figures["row"][breakdown].to_numpy(),
    )
    town = figures["town"].astype(object).where(breakdown, None)
    town[breakdown] = encode(ctx, names, ctx.layout.reference.town_encoder, "scale").to_numpy()
    # A town given twice in one breakdown (赵巷镇11;赵巷镇12, or once by its alias) has no one
    # figure: summing or picking one would be a silent guess.
    keys = pd.DataFrame({"row": figures["row"], "metric": figures["metric"], "unit": figures["unit"], "town": town})
    twice = keys[breakdown & keys.duplicated(["row", "metric", "unit", "town"], keep=False)]
    if len(twice):
        first = twice[twice["row"] == twice["row"].min()].iloc[0]
        given = figures.loc[twice.index[(twice["row"] == first["row"]) & (twice["town"] == first["town"])], "quantity"]
        raise ctx.fail(int(first["row"]), f"{first['town']} is given {len(given)} times in the breakdown "
                       f"{first['metric']}({first['unit']}) ({'、'.join(f'{q:g}' for q in given)}); give each town once",
                       "scale")
    # A figure's alias and its missing unit are listed together, figure by figure.
    no_unit = figures[figures["unit"].eq("")]
    ctx.problems.add(
        no_unit["row"], "scale", "number-without-unit",
        [f"the number {q:g} in {s!r} has no known unit" for q, s in zip(no_unit["quantity"], no_unit["source_text"])],
        sub=no_unit["figure"].to_numpy() * 2 + 1, with_previous=True,
    )
    rows = figures["row"].to_numpy(dtype=int)
    return pd.DataFrame({
        "row": rows,
        "task_id": ctx.cells["task_id"].to_numpy()[rows],
        "metric": figures["metric"].to_numpy(),
        "unit": figures["unit"].to_numpy(),
        "town": town.to_numpy(),
        "town_en": town.map(ctx.layout.reference.english("town")).to_numpy(),
        "quantity": figures["quantity"].to_numpy(dtype=float),
        "is_total": ~breakdown.to_numpy(),
        "source_text": figures["source_text"].to_numpy(),
        "labelled": figures["labelled"].to_numpy(dtype=bool),
    })


def totals_table(ctx: Context, quantities: pd.DataFrame) -> pd.DataFrame:
    """Each per-town breakdown against the total that 建设目标 states for its metric.

    Finding the stated total matches the metric's words against the goal's clauses
    (``parsing.stated_total``), once per breakdown: only tasks with a breakdown need it.
    """
    breakdown = quantities[quantities["town"].notna()]
    groups = (
        breakdown.groupby(["row", "metric", "unit"], sort=False)["quantity"]
        .agg(towns="size", breakdown_sum="sum").reset_index()
    )
    goals = parsing.fold_points(ctx.cells["goal"].to_numpy()[groups["row"].to_numpy(dtype=int)].tolist())
    stated = [parsing.stated_total(goal, metric) for goal, metric in zip(goals, groups["metric"])]
    groups["stated_total"] = pd.array([s[0] if s else np.nan for s in stated], dtype=float)
    huge = parsing.too_large(groups["stated_total"].to_numpy(dtype=float, na_value=np.nan))
    if huge.any():
        row = int(groups["row"][huge].min())
        text = next(s[1] for s, r, h in zip(stated, groups["row"], huge) if h and r == row)
        raise ctx.fail(row, f"the total in {text[:40]!r} is too large: {parsing.TOO_LARGE}", "goal")
    groups["stated_text"] = pd.Series([s[1] if s else None for s in stated], index=groups.index, dtype=object)
    difference = (groups["breakdown_sum"] - groups["stated_total"]).abs()
    scale = np.maximum(groups["breakdown_sum"].abs(), groups["stated_total"].abs())
    groups["agrees"] = pd.array((difference <= 1e-9 * scale).to_numpy(), dtype="boolean")  # math.isclose
    groups.loc[groups["stated_total"].isna(), "agrees"] = pd.NA
    mismatch = groups[groups["agrees"].eq(False).fillna(False).astype(bool)]
    ctx.problems.add(
        mismatch["row"], "scale", "total-mismatch",
        [f"{m}({u}): the per-town figures sum to {total:g}, but 建设目标 states {s:g} ({text}); both kept as written"
         for m, u, total, s, text in zip(mismatch["metric"], mismatch["unit"], mismatch["breakdown_sum"],
                                         mismatch["stated_total"], mismatch["stated_text"])],
        sub=groups.groupby("row").cumcount()[mismatch.index].to_numpy(),
    )
    rows = groups["row"].to_numpy(dtype=int)
    groups["task_id"] = ctx.cells["task_id"].to_numpy()[rows]
    groups["source_line"] = ctx.cells["source_line"].to_numpy()[rows]
    return groups


def towns_table(ctx: Context, quantities: pd.DataFrame) -> pd.DataFrame:
    """One row per task and place: named in 涉及范围, all towns (11个街镇), or those of a breakdown (相关街镇).

    A town named twice in 涉及范围 is read once (``drop_repeated``); 11个街镇中的金泽镇 names 金泽镇.
    """
    cells = ctx.cells
    basis = parsing.scope_bases(cells["scope"])
    names = parsing.split_names(parsing.scope_names(cells["scope"][basis.eq("explicit")]))
    names, codes = drop_repeated(ctx, names, encode(ctx, names, ctx.layout.reference.town_encoder, "scope"),
                                 "scope", "town")
    explicit = pd.DataFrame({
        "row": names.index.to_numpy(dtype=int), "town": codes.to_numpy(),
        "order": names["order"].to_numpy(), "basis": "explicit",
    })
    breakdown = quantities.loc[quantities["town"].notna(), ["row", "town"]].drop_duplicates()
    breakdown = breakdown.assign(order=breakdown.groupby("row").cumcount() + 1)
    in_explicit = breakdown[breakdown["row"].isin(explicit["row"])]
    named = pd.MultiIndex.from_frame(explicit[["row", "town"]])
    outside = in_explicit[~pd.MultiIndex.from_frame(in_explicit[["row", "town"]]).isin(named)]
    outside = outside.groupby("row", sort=False)["town"].agg("、".join)
    ctx.problems.add(outside.index, "scope", "scope-breakdown-mismatch",
                     [f"建设规模 breaks down by {towns}, which 涉及范围 does not name" for towns in outside])
    from_breakdown = breakdown[breakdown["row"].isin(cells.index[basis.eq("from-breakdown")])].assign(
        basis="from-breakdown"
    )
    district = ctx.layout.reference.district_towns
    wide = cells.index[basis.eq("district-wide")].to_numpy()
    district_wide = pd.DataFrame({
        "row": np.repeat(wide, len(district)), "town": np.tile(np.asarray(district, dtype=object), len(wide)),
        "order": np.tile(np.arange(1, len(district) + 1), len(wide)), "basis": "district-wide",
    })
    placed = pd.concat([explicit, from_breakdown, district_wide, placed_by_text(ctx, basis)], ignore_index=True)
    unplaced = cells.index.difference(placed["row"])
    none = pd.DataFrame({"row": unplaced, "town": None, "order": 0, "basis": "unspecified"})
    towns = pd.concat([placed, none], ignore_index=True).sort_values(["row", "order"], kind="stable")
    rows = towns["row"].to_numpy(dtype=int)
    return pd.DataFrame({
        "row": rows,
        "task_id": cells["task_id"].to_numpy()[rows],
        "town": towns["town"].to_numpy(dtype=object),
        "town_en": towns["town"].map(ctx.layout.reference.english("town")).to_numpy(dtype=object),
        "basis": towns["basis"].to_numpy(dtype=object),
        "raw_scope": cells["scope"].to_numpy()[rows],
    })


def placed_by_text(ctx: Context, basis: pd.Series) -> pd.DataFrame:
    """The district's towns for a task whose 涉及范围 names no place but whose text says 整区 or 全区.

    The rule, and the problem that says the basis was read from the text, are those of
    ``qpanalysis.ingest.scope``; only the tasks whose scope names no place ("/" or empty)
    are handed to it.
    """
    cells, reference = ctx.cells, ctx.layout.reference
    candidates = cells[basis.eq("unspecified").to_numpy() & parsing.none_cells(cells["scope"]).to_numpy()]
    tasks = candidates[["task_id", "scope", *text_scope.TEXT_FIELDS, "source_line"]].to_dict("records")
    unplaced = [{"task_id": t["task_id"], "town": None, "town_en": None, "basis": "unspecified",
                 "raw_scope": t["scope"]} for t in tasks]
    towns, problems = text_scope.apply_text_scope(tasks, unplaced, [], reference.district_towns,
                                                  reference.english("town"))
    row_of = dict(zip(candidates["task_id"], candidates.index))
    placed = pd.DataFrame([t for t in towns if t["town"] is not None], columns=["task_id", "town", "basis"])
    placed.insert(0, "row", placed["task_id"].map(row_of).astype(int))
    ctx.problems.add([row_of[p["task_id"]] for p in problems], "scope", text_scope.PROBLEM_KIND,
                     [p["detail"] for p in problems])
    return placed.assign(order=placed.groupby("row").cumcount() + 1).drop(columns="task_id")


def funding_table(ctx: Context) -> pd.DataFrame:
    """The levels that 资金来源 names; a text that names none is a problem."""
    text = ctx.cells["funding_source"]
    levels = ctx.layout.reference.funding_levels
    keywords = {level: [w for w in str(words).split("|") if w] for level, words in zip(levels["level"], levels["keywords"])}
    named = parsing.funding_levels(text, keywords)
    unclassified = ~text.index.isin(named.index) & ~parsing.none_cells(text)
    ctx.problems.add(text.index[unclassified], "funding_source", "unclassified-funding",
                     text[unclassified].map(lambda t: f"no funding level recognised in {t!r}"))
    rows = named.index.to_numpy(dtype=int)
    return pd.DataFrame({
        "row": rows,
        "task_id": ctx.cells["task_id"].to_numpy()[rows],
        "level": named["level"].to_numpy(),
        "level_en": named["level"].map(ctx.layout.reference.english("level")).to_numpy(),
        "text": text.to_numpy()[rows],
    })


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
    period = np.repeat(np.asarray(list(PERIODS), dtype=object), n)
    applies_to = np.where((period == "H1") & np.tile(whole_year, 3), "year", "period").astype(object)
    period_end = np.repeat(
        np.asarray([_month_end(ctx.plan_year, month) for _, month in PERIODS.values()], dtype="datetime64[us]"), n
    )
    effective_end = np.where(applies_to == "year", np.datetime64(_month_end(ctx.plan_year, 12), "us"), period_end)
    due_end = due.dt.to_timestamp(how="end").dt.normalize().to_numpy(dtype="datetime64[us]")
    check_regression(ctx, parsed["target_pct"].to_numpy().reshape(3, n) if n else np.empty((3, 0)))
    return pd.DataFrame({
        "row": rows,
        "task_id": cells["task_id"].to_numpy()[rows],
        "period": period[order],
        "period_end": period_end[order],
        "due_date": np.minimum(effective_end, np.tile(due_end, 3))[order],
        "text": parsed["text"].to_numpy()[order],
        "kind": parsed["kind"].to_numpy()[order],
        "target_pct": parsed["target_pct"].to_numpy(dtype=float)[order],
        "target_quantity": parsed["target_quantity"].to_numpy(dtype=float)[order],
        "target_unit": parsed["target_unit"].to_numpy(dtype=object)[order],
        "applies_to": applies_to[order],
        "pct_values": _joined(parsed["pct_values"])[order],
        "indicator_pct_values": _joined(parsed["indicator_pct_values"])[order],
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
    """Tuples of percentages as text, e.g. (60.0, 20.0) → '60、20'; () → ''."""
    shown: dict[tuple, str] = {(): ""}  # the same few tuples recur: each is written once
    for t in values:
        if t not in shown:
            shown[t] = VALUES_JOIN.join(f"{v:g}" for v in t)
    return np.asarray([shown[t] for t in values], dtype=object)


def check_regression(ctx: Context, pct: np.ndarray) -> None:
    """A percentage target below the last earlier one is a problem (progress going backwards)."""
    previous = pct[0]
    for index, (period, (column, _)) in enumerate(PERIODS.items()):
        if index == 0:
            continue
        current = pct[index]
        below = np.flatnonzero(current < previous)  # False wherever either is NaN
        ctx.problems.add(below, column, "milestone-regression",
                         [f"{period} target {current[r]:g}% is below the earlier {previous[r]:g}%" for r in below])
        previous = np.where(np.isnan(current), previous, current)


def tasks_table(ctx: Context, departments: pd.DataFrame, investment: pd.DataFrame, due: pd.Series) -> pd.DataFrame:
    """One row per task: every cell as published, with its section, names, amount and month read."""
    cells, layout = ctx.cells, ctx.layout
    names_en = dict(zip(layout.reference.task_names["name"], layout.reference.task_names["name_en"]))
    unnamed = ~cells["name"].isin(names_en.keys())
    ctx.problems.add(cells.index[unnamed], "name", "no-english-name",
                     "the task name has no English entry in data/reference/task_names.csv")
    section = cells["section"].to_numpy()
    numbers, titles, titles_en = (np.asarray(values, dtype=object) for values in zip(*layout.sections))
    codes = departments["department"].to_numpy()
    starts = np.flatnonzero(departments["order"].to_numpy() == 1)
    ends = np.append(starts[1:], len(codes))
    lead = departments.iloc[starts]
    tasks = pd.DataFrame({
        "task_id": cells["task_id"].to_numpy(),
        "section_no": numbers[section].astype(int),
        "section": titles[section],
        "section_en": titles_en[section],
        "name": cells["name"].to_numpy(),
        "name_en": cells["name"].map(names_en).to_numpy(dtype=object),
        "departments_raw": cells["departments_raw"].to_numpy(),
        "departments": [tuple(codes[a:b]) for a, b in zip(starts, ends)],
        "lead_department": lead["department"].to_numpy(),
        "lead_department_en": lead["department_en"].to_numpy(),
        **{column: cells[column].to_numpy() for column in ("goal", "content", "scale", "standard", "funding_source",
                                                            "investment_raw")},
        "investment_wan": investment["investment_wan"].to_numpy(dtype=float),
        "investment_is_approx": investment["investment_is_approx"].to_numpy(dtype=bool),
        "scope": cells["scope"].to_numpy(),
        "due_raw": cells["due_raw"].to_numpy(),
        "due": due.array,
        **{column: cells[column].to_numpy() for column in ("h1_target", "q3_target", "q4_target")},
        "source_line": cells["source_line"].to_numpy(),
    })
    return tasks.set_index("task_id", drop=False).sort_index()


def lines_table(layout: Layout) -> pd.DataFrame:
    """Every line of the source and what it was read as."""
    lines = layout.lines
    return pd.DataFrame({
        "line": np.asarray(lines["line"], dtype=int),
        "kind": np.asarray(lines["kind"], dtype=object),
        "task_id": pd.array(lines["task_id"], dtype="Int64"),
        "text": np.asarray(lines["text"], dtype=object),
    })


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
        ctx.problems.add(None, "footer", "missing-footer", "no footer line 全区共涉及乡村建设任务N项 states the task count")
    if missing_title is not None:
        ctx.problems.add(None, "title", "missing-title", missing_title)
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
        raise layout.error("no task rows found" + _noted(layout))
    check_numbering(layout)
    return built


def check_numbering(layout: Layout) -> None:
    """Task numbers run 1…N without gaps, and a footer states N."""
    numbers = np.asarray([int(cells[0]) for cells in layout.cells])
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
