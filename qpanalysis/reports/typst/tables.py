"""Typst tables: a display table (:class:`qpanalysis.display.tables.TableModel`) or a Markdown table laid out for an A4 page.

A table's header row repeats on every page the table runs over; each column keeps the
alignment of the report's HTML (numbers right, text left); the text size shrinks with
the number of columns so that a wide table fits the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qpanalysis.display.tables import TableModel
from qpanalysis.reports.typst.text import string

# Table text by number of columns (a wide table must fit the page): up to 5 columns 8pt,
# up to 8 7.5pt, up to 12 7pt, wider 6.5pt.
TABLE_SIZES = ((5, "8pt"), (8, "7.5pt"), (12, "7pt"))
WIDEST_TABLE_SIZE = "6.5pt"


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

    @property
    def columns(self) -> int:
        rows = self.header + self.body
        return max((sum(c.colspan for c in row) for row in rows), default=0)


def _text_cell(text: str) -> Cell:
    return Cell(string(text) if text else "")


def from_model(model: TableModel) -> Table:
    """A display table as the PDF lays it out: every heading and cell as text, never as markup.

    Example:
        >>> model = TableModel(("Task", "Amount"), (("#1 *a*", "1,234.5"), ("b", "—")), ("left", "right"),
        ...                    (False, True))
        >>> t = from_model(model)
        >>> [[c.markup for c in row] for row in t.header + t.body], t.right
        ([['#"Task"', '#"Amount"'], ['#"#1 *a*"', '#"1,234.5"'], ['#"b"', '#"—"']], {1})
    """
    return Table(
        header=[[_text_cell(column) for column in model.columns]],
        body=[[_text_cell(text) for text in row] for row in model.rows],
        right={position for position, align in enumerate(model.align) if align == "right"},
    )


def table_size(columns: int) -> str:
    """The text size of a table with this many columns.

    Example:
        >>> table_size(3), table_size(14)
        ('8pt', '6.5pt')
    """
    return next((size for most, size in TABLE_SIZES if columns <= most), WIDEST_TABLE_SIZE)


def _cells(row: list[Cell], columns: int, head: bool = False) -> list[str]:
    """A row's cells as Typst, bold in the header, filled up to ``columns`` with empty cells."""
    out = []
    for cell in row:
        body = f"#strong[{cell.markup}]" if head and cell.markup else cell.markup
        out.append(f"table.cell(colspan: {cell.colspan})[{body}]" if cell.colspan > 1 else f"[{body}]")
    return out + ["[]"] * (columns - sum(c.colspan for c in row))


def table_markup(table: Table) -> str:
    """A table as Typst: the header repeats on every page the table runs over.

    Example:
        >>> print(table_markup(Table([[Cell('#"a"'), Cell('#"b"')]], [[Cell('#"x"'), Cell('#"1"')]], {1})))
        #block(width: 100%, text(size: 8pt, table(columns: 2, align: (left, right), table.header(repeat: true, [#strong[#"a"]], [#strong[#"b"]]), [#"x"], [#"1"])))
    """
    n = table.columns
    align = ", ".join("right" if i in table.right else "left" for i in range(n))
    align = f"({align},)" if n == 1 else f"({align})"
    parts = [f"columns: {n}", f"align: {align}"]
    if table.header:
        head = [c for row in table.header for c in _cells(row, n, head=True)]
        parts.append(f"table.header(repeat: true, {', '.join(head)})")
    parts += [c for row in table.body for c in _cells(row, n)]
    return f"#block(width: 100%, text(size: {table_size(n)}, table({', '.join(parts)})))"


def model_markup(model: TableModel) -> str:
    """A display table as Typst (:func:`from_model`, then :func:`table_markup`); nothing for a table without columns.

    Example:
        >>> print(model_markup(TableModel(("Town",), (("[x]",),), ("left",), (False,))))
        #block(width: 100%, text(size: 8pt, table(columns: 1, align: (left,), table.header(repeat: true, [#strong[#"Town"]]), [#"[x]"])))
    """
    return table_markup(from_model(model)) if model.columns else ""


__all__ = ["Cell", "Table", "from_model", "table_size", "table_markup", "model_markup", "TABLE_SIZES"]
