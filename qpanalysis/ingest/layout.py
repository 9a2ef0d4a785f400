"""How the lines of a task list are read: title, header, section rows, task rows and footer, one line at a time."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from qpanalysis.errors import TaskListError
from qpanalysis.ingest import fields, parsing
from qpanalysis.ingest.numerals import DIGITS, TEN, chinese_int, chinese_numeral
from qpanalysis.ingest.rows import Row
from qpanalysis.ingest.workbook import FORMULA_TO_VALUE, cell_name, formula_message, month_text
from qpanalysis.ingest.reference import Reference

# Published header → column name (data/reference/fields.csv). Applied strictly: an unknown
# header is an error, and every one of these must be present. Headers are matched after
# folding (parsing.fold) so that 总投资（万元） with full-width brackets is the same header.
COLUMNS = fields.columns()
FIELD_HEADER = fields.headers()
# A section row: 一、强化乡村规划引领先导, optionally wrapped in <b>…</b> as published.
SECTION_ROW = re.compile(r"^(?:<b>)?\s*(?P<numeral>[" + DIGITS + TEN + r"]+)[、.．]\s*(?P<title>.+?)\s*(?:</b>)?$")
# Sections a list may have: the tasks table numbers them 1-10.
MOST_SECTIONS = 10
# The footer states how many tasks the list holds; it must agree with the rows.
FOOTER_ROW = re.compile(r"^全区共涉及乡村建设任务\s*(?P<count>\d+)\s*项。?$")
# The plan year as the title states it (### 2026 年度青浦区乡村建设行动任务清单).
TITLE_YEAR = re.compile(r"(?P<year>\d{4})\s*年度")
# The district a title names: the text ending in 区 before 乡村建设 (after the year, if any).
TITLE_DISTRICT = re.compile(r"(?P<district>[\u4e00-\u9fff]+?区)\s*乡村建设")


def title_district(title: str) -> str | None:
    """The district a list's title names, or None: the one reading of it (reports, comparisons).

    Example:
        >>> title_district("2026 年度青浦区乡村建设行动任务清单"), title_district("任务清单")
        ('青浦区', None)
    """
    found = TITLE_DISTRICT.search(TITLE_YEAR.sub("", str(title), count=1))
    return found["district"] if found else None
# Markdown heading marks and <b> tags around the title line, which are not part of the title.
TITLE_MARKUP = re.compile(r"^#+\s*|</?b>")
# A task number: a list holds fewer than a billion tasks, and a longer number would not fit
# the integer column of the tables.
TASK_NUMBER = re.compile(r"^\d{1,9}$")
# Columns whose cells a spreadsheet may fill with a formula (=A6+1 numbering the tasks, =SUM
# adding an amount up): the value the file saved for it is read, and the formula listed as a
# problem. Every other column is text, read as written: a formula there is refused.
FORMULA_COLUMNS = ("task_id", "investment_raw", "due_raw")


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
    task_numbers: list[int] = field(default_factory=list)  # each task row's 序号, read as a number once
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
    try:
        number = chinese_int(numeral)
    except ValueError:
        number = None
    if number is None or number > MOST_SECTIONS:
        raise layout.error(f"section number {numeral!r} is not between 一 and {chinese_numeral(MOST_SECTIONS)}",
                           row.line)
    expected = layout.sections[-1][0] + 1 if layout.sections else 1
    if number in layout.section_lines:
        raise layout.error(f"section {numeral} appears twice (first on line {layout.section_lines[number]}); "
                           "sections are numbered 一, 二, 三 … once each", row.line)
    if number != expected:  # a later number: every earlier one has been seen, so a lower one is a repeat
        before = (f"section {chinese_numeral(expected - 1)} (line {layout.section_lines[expected - 1]})"
                  if layout.sections else "the header")
        missing = "、".join(map(chinese_numeral, range(expected, number)))
        raise layout.error(
            f"section {numeral} follows {before}; expected section {chinese_numeral(expected)}: section "
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
    header_key = parsing.fold(FIELD_HEADER["task_id"])
    record = layout.lines
    # The appends of every line, looked up once (a list of 100,000 tasks has as many lines).
    add_line, add_kind, add_task_id, add_text = (record[key].append for key in ("line", "kind", "task_id", "text"))
    add_cells, add_task_line, add_section = layout.cells.append, layout.task_lines.append, layout.task_sections.append
    add_number = layout.task_numbers.append
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
            if not any(cells):  # row.is_blank
                kind = "blank"
            elif layout.footer is not None:
                raise layout.error(f"text after the footer on line {layout.footer[1]}: {''.join(cells)[:40]!r}", row.line)
            elif not cells[0].isascii() and parsing.fold(cells[0]) == header_key:  # ASCII never folds to 序号
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
                                   + noted(layout), row.line)
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
                add_cells(cells_of(cells))
                add_number(task_id)
                add_task_line(row.line)
                add_section(len(layout.sections) - 1)
        except TaskListError as exc:
            layout.pending = exc
            break
        add_line(row.line)
        add_kind(kind)
        add_task_id(task_id)
        add_text(row.raw)
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


def noted(layout: Layout) -> str:
    """What a message that finds no list adds: for a workbook, which sheet was read and where data is."""
    note = layout.note() if callable(layout.note) else ""
    return f"; {note}" if note else ""
