"""Typst tables: a display table (:class:`qpanalysis.display.tables.TableModel`) or a Markdown table laid out for an A4 page.

A table's header row repeats on every page the table runs over; each column keeps the
alignment of the report's HTML (numbers right, text left); the text size shrinks with
the number of columns. A display table's columns are as wide as their content needs
(:mod:`qpanalysis.reports.columns`, as in the Word documents): no header word is broken and
no number wrapped; a table too wide for the page gets a landscape page of its own, and
where even that is too narrow its headers are turned upright. No row is split across
pages (the document's set rule), and a table never starts at a page foot with fewer than
:data:`LEAD_ROWS` rows under its header: it then starts on the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from qpanalysis.display.tables import TableModel
from qpanalysis.reports.columns import BOLD_FACTOR, UNIT_MM_PER_PT, column_widths, fits, header_width, natural_widths
from qpanalysis.reports.typst.document import CELL_INSET_X_PT, MARGIN_BOTTOM, MARGIN_X
from qpanalysis.reports.typst.text import string

# Table text by number of columns (a wide table must fit the page): up to 5 columns 8pt,
# up to 8 7.5pt, up to 12 7pt, wider 6.5pt.
TABLE_SIZES = ((5, "8pt"), (8, "7.5pt"), (12, "7pt"))
WIDEST_TABLE_SIZE = "6.5pt"
# The width (mm) a table has on an A4 page upright and turned (210 × 297 mm less the margins).
PORTRAIT_MM, LANDSCAPE_MM = 210 - 2 * MARGIN_X, 297 - 2 * MARGIN_X
# What a cell's margins take of its column (mm): the inset on both sides, and a little air.
CELL_PADDING_MM = 2 * CELL_INSET_X_PT * 25.4 / 72 + 0.5
# The font's Latin letters and digits average about 0.6 em, not the half an em per
# half-width character columns.py counts: every fifth one is counted twice.
LATIN_EVERY = 5
# A table starts on the next page unless its header and this many rows fit on this one;
# a table of at most WHOLE_ROWS rows is kept whole (split, it would leave one or two rows
# alone on a page).
LEAD_ROWS = 3
WHOLE_ROWS = 6


@dataclass
class Cell:
    """One table cell: its text (as Typst markup) and how many columns it spans."""

    markup: str
    colspan: int = 1


@dataclass
class Table:
    """A table as the PDF lays it out: header rows, body rows, right-aligned columns."""

    header: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    right: set[int] = field(default_factory=set)
    widths: list[float] | None = None  # relative column widths; None: as wide as the cells need
    landscape: bool = False  # set on a page of its own, turned
    upright: bool = False  # headers turned to read upwards (a wide matrix of short cells)

    @property
    def columns(self) -> int:
        rows = self.header + self.body
        return max((sum(c.colspan for c in row) for row in rows), default=0)


def _text_cell(text: str) -> Cell:
    return Cell(string(text) if text else "")


def from_model(model: TableModel) -> Table:
    """A display table as the PDF lays it out: every heading and cell as text, never as markup,
    its columns as wide as their content needs (:func:`page_layout`).

    Example:
        >>> model = TableModel(("Task", "Amount"), (("#1 *a*", "1,234.5"), ("b", "—")), ("left", "right"),
        ...                    (False, True))
        >>> t = from_model(model)
        >>> [[c.markup for c in row] for row in t.header + t.body], t.right, t.landscape
        ([['#"Task"', '#"Amount"'], ['#"#1 *a*"', '#"1,234.5"'], ['#"b"', '#"—"']], {1}, False)
    """
    frame = model.frame.map(as_set).set_axis([as_set(c) for c in model.columns], axis=1)
    widths, landscape, upright = page_layout(frame, _points(table_size(len(model.columns))))
    return Table(
        header=[[_text_cell(column) for column in model.columns]],
        body=[[_text_cell(text) for text in row] for row in model.rows],
        right={position for position, align in enumerate(model.align) if align == "right"},
        widths=widths, landscape=landscape, upright=upright,
    )


def as_set(text: str) -> str:
    """A text as wide (in :mod:`qpanalysis.reports.columns`' half-width units) as the PDF's
    font sets it: every :data:`LATIN_EVERY`-th Latin letter or digit counted twice, Chinese
    as it is; a number stays a number, a word a word.

    Example:
        >>> as_set("≈305,845.40"), as_set("Jinze Town"), as_set("金泽镇")
        ('≈305,8445.40', 'Jinzee Town', '金泽镇')
    """
    out, count = [], 0
    for char in text:
        out.append(char)
        if char.isascii() and char.isalnum():
            count += 1
            if count % LATIN_EVERY == 0:
                out.append(char)
    return "".join(out)


def page_layout(frame: pd.DataFrame, size_pt: float) -> tuple[list[float] | None, bool, bool]:
    """Column widths (mm), whether the table needs a landscape page and whether its headers
    must be turned upright, for a table of text (cells as shown) at ``size_pt``.

    A table whose cells all fit on one line keeps its natural widths (None: Typst's
    ``auto``, the table no wider than it needs); else its widths come from its content,
    upright on the page if it fits (no header word broken, no number wrapped), else on a
    landscape page, else on a landscape page with upright headers (then only the cells
    decide the widths).

    Example:
        >>> page_layout(pd.DataFrame({"Town": ["Jinze Town"], "Tasks": ["25"]}), 8)
        (None, False, False)
        >>> towns = ["Zhujiajiao Town", "Xianghuaqiao Subdistrict", "Modern Agricultural Park"] * 4
        >>> matrix = pd.DataFrame([["Breakdown"] * 12], columns=[f"{t} {i}" for i, t in enumerate(towns)])
        >>> [page_layout(matrix.iloc[:, :n], 6.5)[1:] for n in (6, 12)]
        [(False, False), (True, False)]
        >>> page_layout(pd.concat([matrix] * 2, axis=1), 6.5)[1:]
        (True, True)
    """
    natural = natural_widths(frame, size_pt, CELL_PADDING_MM)
    if sum(natural) <= PORTRAIT_MM:
        return None, False, False
    headless = frame.set_axis([""] * frame.shape[1], axis=1)
    unit = size_pt * UNIT_MM_PER_PT
    # Each column's cells on one line, and never narrower than its header's longest word.
    cells = [max(width, header_width(str(column)) * BOLD_FACTOR * unit + CELL_PADDING_MM)
             for width, column in zip(natural_widths(headless, size_pt, CELL_PADDING_MM), frame.columns)]
    for width, landscape in ((PORTRAIT_MM, False), (LANDSCAPE_MM, True)):
        if fits(frame, width, size_pt, CELL_PADDING_MM):
            widths = column_widths(frame, width, size_pt, CELL_PADDING_MM)
            # Spare room goes first to cells that would wrap, then to headers that would.
            return spread(spread(widths, cells), natural), landscape, False
    return column_widths(headless, LANDSCAPE_MM, size_pt, CELL_PADDING_MM), True, True


def spread(widths: list[float], target: list[float]) -> list[float]:
    """Widths where a column wider than its ``target`` gives of its excess to the columns
    short of theirs, in proportion to what they lack, as much as they lack; the total stays.

    Example:
        >>> spread([100.0, 20.0, 20.0], [40.0, 50.0, 30.0])  # 60 spare, 30 and 10 lacking
        [60.0, 50.0, 30.0]
        >>> spread([100.0, 20.0, 20.0], [40.0, 120.0, 20.0])  # 60 spare, all to the one short
        [40.0, 80.0, 20.0]
    """
    excess = {i: w - t for i, (w, t) in enumerate(zip(widths, target)) if w > t}
    short = {i: t - w for i, (w, t) in enumerate(zip(widths, target)) if w < t}
    spare, lacking = sum(excess.values()), sum(short.values())
    if not spare or not lacking:
        return widths
    give = min(spare, lacking)
    return [round(w - give * excess.get(i, 0) / spare + give * short.get(i, 0) / lacking, 1)
            for i, w in enumerate(widths)]


def _points(size: str) -> float:
    return float(size.removesuffix("pt"))


def table_size(columns: int) -> str:
    """The text size of a table with this many columns.

    Example:
        >>> table_size(3), table_size(14)
        ('8pt', '6.5pt')
    """
    return next((size for most, size in TABLE_SIZES if columns <= most), WIDEST_TABLE_SIZE)


def _cells(row: list[Cell], columns: int, head: bool = False, upright: bool = False) -> list[str]:
    """A row's cells as Typst, bold in the header (turned upright if asked), filled up to
    ``columns`` with empty cells."""
    out = []
    for cell in row:
        body = f"#strong[{cell.markup}]" if head and cell.markup else cell.markup
        if head and upright and body:
            body = f"#rotate(-90deg, reflow: true)[{body}]"
        options = ([f"colspan: {cell.colspan}"] if cell.colspan > 1 else []) + (
            ["align: left + bottom"] if head and upright else [])
        out.append(f"table.cell({', '.join(options)})[{body}]" if options else f"[{body}]")
    return out + ["[]"] * (columns - sum(c.colspan for c in row))


def _table(table: Table, body: list[list[Cell]], *, whole: bool = False) -> str:
    """The table with these body rows, as a Typst block the width of the text (never split
    across pages if ``whole``)."""
    n = table.columns
    align = ", ".join("right" if i in table.right else "left" for i in range(n))
    align = f"({align},)" if n == 1 else f"({align})"
    widths = f"({', '.join(f'{w:g}fr' for w in table.widths)}{',' if n == 1 else ''})" if table.widths else f"{n}"
    parts = [f"columns: {widths}", f"align: {align}"]
    if table.header:
        head = [c for row in table.header for c in _cells(row, n, head=True, upright=table.upright)]
        parts.append(f"table.header(repeat: true, {', '.join(head)})")
    parts += [c for row in body for c in _cells(row, n)]
    keep = "breakable: false, " if whole else ""
    return f"block({keep}width: 100%, text(size: {table_size(n)}, table({', '.join(parts)})))"


def table_markup(table: Table) -> str:
    """A table as Typst: the header repeats on every page the table runs over; a table of
    at most :data:`WHOLE_ROWS` rows is never split; a longer one starts on the next page
    unless its header and first :data:`LEAD_ROWS` rows fit on this one (measured where it
    starts); a landscape table is set on pages of its own.

    Example:
        >>> print(table_markup(Table([[Cell('#"a"'), Cell('#"b"')]], [[Cell('#"x"'), Cell('#"1"')]], {1})))
        #block(breakable: false, width: 100%, text(size: 8pt, table(columns: 2, align: (left, right), table.header(repeat: true, [#strong[#"a"]], [#strong[#"b"]]), [#"x"], [#"1"])))
        >>> long = table_markup(Table([[Cell("a")]], [[Cell(str(i))] for i in range(7)]))
        >>> print(long.replace("table.header(repeat: true, [#strong[a]]), ", "").replace(
        ...     "block(width: 100%, text(size: 8pt, table(columns: 1, align: (left,), ", "T("))
        #context { let lead = T([0], [1], [2]))); if measure(lead, width: page.width - 32mm).height > page.height - 20mm - here().position().y { colbreak(weak: true) }; T([0], [1], [2], [3], [4], [5], [6]))) }
    """
    if table.landscape:
        return f"#page(flipped: true, {_table(table, table.body)})"
    if len(table.body) <= WHOLE_ROWS:
        return f"#{_table(table, table.body, whole=True)}"
    lead = _table(table, table.body[:LEAD_ROWS])
    # A column break (the page has one column) moves the table to the next page: a page
    # break inside this context is not honoured by the compiler (tests/reports/test_pdf.py).
    return (f"#context {{ let lead = {lead}; "
            f"if measure(lead, width: page.width - {2 * MARGIN_X}mm).height > page.height - {MARGIN_BOTTOM}mm "
            f"- here().position().y {{ colbreak(weak: true) }}; {_table(table, table.body)} }}")


def model_markup(model: TableModel) -> str:
    """A display table as Typst (:func:`from_model`, then :func:`table_markup`); nothing for a table without columns.

    Example:
        >>> print(model_markup(TableModel(("Town",), (("[x]",),), ("left",), (False,))))
        #block(breakable: false, width: 100%, text(size: 8pt, table(columns: 1, align: (left,), table.header(repeat: true, [#strong[#"Town"]]), [#"[x]"])))
    """
    return table_markup(from_model(model)) if model.columns else ""


__all__ = ["Cell", "Table", "from_model", "as_set", "page_layout", "spread", "table_size", "table_markup", "model_markup", "TABLE_SIZES",
           "LEAD_ROWS", "WHOLE_ROWS"]
