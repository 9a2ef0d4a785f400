"""Text that a spreadsheet would run as a formula is written as text: the rule every writer applies.

A cell beginning with ``=``, ``+``, ``-`` or ``@`` is run as a formula by Excel,
LibreOffice and Google Sheets when the file is opened ("CSV injection", OWASP); so is
one beginning with a tab or carriage return in programs that strip them first. Text
from a task list (a task name, a note) may begin that way. Every CSV and xlsx file the
package writes (``qp.to_csv``, ``qp.to_excel``, the progress templates, the figure CSVs)
goes through this module:

- CSV: such text gets a leading single quote, as OWASP recommends; spreadsheets show the
  cell as text, and a program reading the file sees the quote.
- xlsx: such text is stored as a string cell (openpyxl would store a value beginning
  with ``=`` as a formula) with Excel's "quote prefix", so editing the cell keeps it text.

Numbers stay numbers: -1 is a number, "-1+2" is text that a spreadsheet would compute.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# The first characters that make a spreadsheet run a cell as a formula (OWASP, "CSV
# injection"): = + - @, and tab and carriage return, which some programs strip first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# OWASP's advice for CSV: a leading single quote, which spreadsheets read as "this is text".
CSV_TEXT_MARK = "'"
# Excel on Chinese Windows reads a CSV as GBK unless the file starts with a UTF-8 BOM.
CSV_ENCODING = "utf-8-sig"
# openpyxl's data types: "s" a string cell, "f" a formula.
XLSX_STRING, XLSX_FORMULA = "s", "f"


def runs_as_formula(value) -> bool:
    """Whether a spreadsheet would run this value as a formula: text beginning with = + - @, tab or CR.

    Example:
        >>> [runs_as_formula(v) for v in ['=1+2', '+cmd', '-1+2', '@SUM(1)', '\\tx', '\\rx']]
        [True, True, True, True, True, True]
        >>> [runs_as_formula(v) for v in ['强化规划引领', 'a=b', '', -1, -2.5, None]]
        [False, False, False, False, False, False]
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value):
    """A value as written to a CSV cell: formula-like text gets a leading ``'``, anything else is unchanged.

    Example:
        >>> print(csv_text('=HYPERLINK("http://x","y")'))
        '=HYPERLINK("http://x","y")
        >>> csv_text("-1+2"), csv_text(-1), csv_text("强化规划引领")
        ("'-1+2", -1, '强化规划引领')
    """
    return CSV_TEXT_MARK + value if runs_as_formula(value) else value


def _may_hold_text(series: pd.Series) -> bool:
    dtype = series.dtype
    return dtype == object or pd.api.types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype)


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table in which no text cell and no header would run as a formula in a spreadsheet.

    Only text changes (see ``csv_text``); number, date and boolean columns are untouched,
    and so are numbers in a column of mixed values.

    Example:
        >>> table = pd.DataFrame({"name": ["=1+2", "路灯"], "n": [-1, 2], "=x": [-0.5, "@y"]})
        >>> csv_safe(table).to_dict("list")
        {'name': ["'=1+2", '路灯'], 'n': [-1, 2], "'=x": [-0.5, "'@y"]}
    """
    out = table.copy()
    for position in range(out.shape[1]):
        series = out.iloc[:, position]
        if _may_hold_text(series):
            out.isetitem(position, series.astype(object).map(csv_text))
    out.columns = [csv_text(column) for column in out.columns]
    return out


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as CSV (UTF-8 with BOM, no index) that a spreadsheet opens without running anything.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = write_csv(pd.DataFrame({"name": ["@SUM(1)"], "n": [-1]}), Path(folder) / "t.csv")
        ...     path.read_text(encoding=CSV_ENCODING).splitlines()
        ['name,n', "'@SUM(1),-1"]
    """
    path = Path(path)
    csv_safe(table).to_csv(path, index=False, encoding=CSV_ENCODING)
    return path


def mark_text_cells(sheet) -> int:
    """Make every formula-like text cell of an openpyxl worksheet a string cell with a quote prefix.

    Returns:
        How many cells were marked.

    Example:
        >>> import openpyxl
        >>> sheet = openpyxl.Workbook().active
        >>> sheet.append(["=1+2", "-1+2", -1, "路灯"])
        >>> [c.data_type for c in sheet[1]]
        ['f', 's', 'n', 's']
        >>> mark_text_cells(sheet), [c.data_type for c in sheet[1]], [c.value for c in sheet[1]]
        (2, ['s', 's', 'n', 's'], ['=1+2', '-1+2', -1, '路灯'])
    """
    marked = 0
    for row in sheet.iter_rows():
        for cell in row:
            if runs_as_formula(cell.value):
                cell.data_type = XLSX_STRING
                cell.quotePrefix = True
                marked += 1
    return marked


def sanity_check_no_formulas(book) -> None:
    """Raise if any cell of an openpyxl workbook would be saved as a formula (the package writes none).

    Example:
        >>> import openpyxl
        >>> book = openpyxl.Workbook()
        >>> book.active.append(["=1+2"])
        >>> sanity_check_no_formulas(book)
        Traceback (most recent call last):
        ...
        ValueError: sheet 'Sheet', cell A1 would be saved as a formula: '=1+2'
        >>> _ = mark_text_cells(book.active)
        >>> sanity_check_no_formulas(book)
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == XLSX_FORMULA:
                    raise ValueError(f"sheet {sheet.title!r}, cell {cell.coordinate} would be saved as a formula: {cell.value!r}")
