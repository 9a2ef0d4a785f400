"""A row of a source file: its line number and cells, and what a spreadsheet adds (number formats, formulas)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Formula:
    """A spreadsheet cell that holds a formula.

    Attributes:
        index: The cell's 0-based column.
        text: The formula as written, e.g. ``=SUM(I7:I9)``.
        cached: Whether the file stores the value the formula last gave. A spreadsheet
            program saves it; openpyxl and other scripts write the formula alone.
    """

    index: int
    text: str
    cached: bool


class Row(NamedTuple):
    """One line (or spreadsheet row) of the source, split into cells.

    A named tuple rather than a dataclass: a list of 100,000 tasks makes 100,000 rows, and
    a tuple is made several times faster than a frozen dataclass (which sets each field
    through ``object.__setattr__``); it is as immutable.

    Attributes:
        line: 1-based line number in the file (row number for xlsx).
        cells: The cell texts, stripped of surrounding white space; a number cell of a
            spreadsheet as the text of its number (see ``number_text``).
        raw: The line as read (for text files), or the cells joined by tabs.
        padded: A spreadsheet row, whose trailing empty cells were not stored.
        number_formats: xlsx only: each cell's number format where the cell held a
            number, else None (only the format tells 2026.10 from 2026.1). Empty for text
            and CSV, which cost nothing more to read.
        formulas: xlsx only: the cells of the row that hold a formula (their text in
            ``cells`` is the value the file saved for the formula, "" when it saved none).
        last_line: CSV only: the last line of a record whose quoted cell holds line breaks.
    """

    line: int
    cells: tuple[str, ...]
    raw: str
    padded: bool = False
    number_formats: tuple[str | None, ...] = ()
    formulas: tuple[Formula, ...] = ()
    last_line: int | None = None

    @property
    def lines(self) -> str:
        """The line (or lines, for a CSV record with line breaks in a quoted cell) the row was read from.

        Example:
            >>> Row(3, (), "").lines, Row(3, (), "", last_line=9).lines
            ('line 3', 'lines 3–9')
        """
        if self.last_line is None or self.last_line == self.line:
            return f"line {self.line}"
        return f"lines {self.line}–{self.last_line}"

    @property
    def is_blank(self) -> bool:
        """True when no cell holds any text."""
        return not any(self.cells)

    def number_format(self, index: int) -> str | None:
        """The number format of cell ``index`` if it held a number (xlsx only), else None."""
        return self.number_formats[index] if index < len(self.number_formats) else None

    def padded_to(self, width: int) -> Row:
        """The row with empty cells added up to ``width`` (a spreadsheet stores none at the end).

        Example:
            >>> Row(3, ("1", "a"), "", padded=True).padded_to(4).cells
            ('1', 'a', '', '')
        """
        return self._replace(cells=self.cells + ("",) * (width - len(self.cells)))


def clean_cell(cell: object) -> str:
    """The text of a cell without its surrounding white space ("" for an empty spreadsheet cell).

    Example:
        >>> clean_cell(None), clean_cell("  区水务局 "), clean_cell(7)
        ('', '区水务局', '7')
    """
    if cell is None:
        return ""
    return str(cell).strip()
