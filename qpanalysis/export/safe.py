"""Text that a spreadsheet would run as a formula is written as text: the rule every writer applies.

A cell whose first visible character is ``=``, ``+``, ``-`` or ``@`` (or their full-width
forms ＝ ＋ － ＠, which some spreadsheets and input methods turn into them) is run as a
formula by Excel, LibreOffice and Google Sheets when the file is opened ("CSV injection",
OWASP); leading spaces, tabs, carriage returns and line feeds do not protect it, since
programs strip them first. Text from a task list (a task name, a note) may begin that way.
Every CSV and xlsx file the package writes (``qp.to_csv``, ``qp.to_excel``, the ``export``
command, the progress templates, the figure CSVs) goes through this module:

- CSV: every text field (and every header) is quoted, so a carriage return or line feed
  inside a cell stays inside it: a spreadsheet that ends a row at a bare CR cannot be made
  to start a new row with the attacker's text. Formula-like text also gets a leading
  single quote, as OWASP recommends; spreadsheets show the cell as text, and a program
  reading the file sees the quote.
- xlsx: such text is stored as a string cell (openpyxl would store a value beginning
  with ``=`` as a formula) with Excel's "quote prefix", so editing the cell keeps it text.

Numbers stay numbers (unquoted in a CSV): -1 is a number, "-1+2" is text that a
spreadsheet would compute.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pandas as pd

# The first visible characters that make a spreadsheet run a cell as a formula (OWASP,
# "CSV injection"): = + - @, and their full-width forms, which Excel on East Asian systems
# and input methods may turn into them.
FORMULA_CHARACTERS = frozenset("=+-@＝＋－＠")
# Text beginning with a tab or carriage return is neutralised too (OWASP's list), whatever follows.
FORMULA_STARTS = ("\t", "\r")
# Unicode categories a spreadsheet does not show before a cell's first visible character:
# control characters (CR, LF, tab…) and format characters (zero-width space, BOM…).
INVISIBLE_CATEGORIES = ("Cc", "Cf")
# OWASP's advice for CSV: a leading single quote, which spreadsheets read as "this is text".
CSV_TEXT_MARK = "'"
# Excel on Chinese Windows reads a CSV as GBK unless the file starts with a UTF-8 BOM.
CSV_ENCODING = "utf-8-sig"
# Every text field and header quoted, numbers bare: a CR, LF, quote or comma inside a text
# field can never end the field or the row (pandas' default quotes a field holding a bare
# CR not at all).
CSV_QUOTING = csv.QUOTE_NONNUMERIC
# openpyxl's data types: "s" a string cell, "f" a formula.
XLSX_STRING, XLSX_FORMULA = "s", "f"


def first_visible(text: str) -> str:
    r"""The first character of ``text`` a spreadsheet shows: after whitespace, CR, LF and invisible characters.

    Example:
        >>> first_visible(" \r\n\t=1+2"), first_visible("\u200b\u3000＝1"), first_visible("  ")
        ('=', '＝', '')
    """
    for character in text:
        if not (character.isspace() or unicodedata.category(character) in INVISIBLE_CATEGORIES):
            return character
    return ""


def runs_as_formula(value) -> bool:
    """Whether a spreadsheet would run this value as a formula.

    True for text whose first visible character (:func:`first_visible`) is one of
    :data:`FORMULA_CHARACTERS`, and for text beginning with a tab or carriage return.

    Example:
        >>> [runs_as_formula(v) for v in ['=1+2', '+cmd', '-1+2', '@SUM(1)', '\\tx', '\\rx']]
        [True, True, True, True, True, True]
        >>> [runs_as_formula(v) for v in [' =1+2', '\\r\\n=1+2', '\\n@x', '＝1+2', '＋1', '－1', '＠A1']]
        [True, True, True, True, True, True, True]
        >>> [runs_as_formula(v) for v in ['强化规划引领', 'a=b', '甲\\r=1+2', '', -1, -2.5, None]]
        [False, False, False, False, False, False, False]
    """
    if not isinstance(value, str):
        return False
    return value.startswith(FORMULA_STARTS) or first_visible(value) in FORMULA_CHARACTERS


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
    r"""Write a table as CSV (UTF-8 with BOM, no index) that a spreadsheet opens without running anything.

    Every text field and header is quoted (:data:`CSV_QUOTING`), numbers are not; a
    missing value is an empty field (``""``); formula-like text gets a leading ``'`` (:func:`csv_text`).

    Example:
        >>> import tempfile
        >>> table = pd.DataFrame({"name": ["@SUM(1)", "甲\r=1+2"], "n": [-1, None]})
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = write_csv(table, Path(folder) / "t.csv")
        ...     path.read_bytes().decode(CSV_ENCODING)
        '"name","n"\n"\'@SUM(1)",-1.0\n"甲\r=1+2",""\n'
    """
    path = Path(path)
    csv_safe(table).to_csv(path, index=False, encoding=CSV_ENCODING, quoting=CSV_QUOTING, lineterminator="\n")
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


def save_workbook(book, path: str | Path) -> Path:
    """Save an openpyxl workbook after checking that no cell would be saved as a formula.

    Example:
        >>> import openpyxl, tempfile
        >>> book = openpyxl.Workbook()
        >>> book.active.append(["=1+2"])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     save_workbook(book, Path(folder) / "t.xlsx")
        Traceback (most recent call last):
        ...
        ValueError: sheet 'Sheet', cell A1 would be saved as a formula: '=1+2'
    """
    sanity_check_no_formulas(book)
    path = Path(path)
    book.save(path)
    return path


def write_sheets(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write each table to its own sheet of one workbook, with a frozen header row; text never becomes a formula.

    Numbers stay numbers; a missing value is an empty cell; formula-like text is a string
    cell (:func:`mark_text_cells`). The folder is made if need be.

    Example:
        >>> import openpyxl, tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = write_sheets({"tasks": pd.DataFrame({"name": ["=1+2"], "n": [1.5]})}, Path(folder) / "a" / "t.xlsx")
        ...     sheet = openpyxl.load_workbook(path)["tasks"]
        ...     [(c.value, c.data_type) for c in sheet[2]], sheet.freeze_panes
        ([('=1+2', 's'), (1.5, 'n')], 'A2')
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name, index=False)
            writer.sheets[name].freeze_panes = "A2"
            mark_text_cells(writer.sheets[name])
        sanity_check_no_formulas(writer.book)
    return path
