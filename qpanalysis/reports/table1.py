"""Table 1 for a paper, written as xlsx, docx and LaTeX (booktabs) in each language."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Border, Font, Side

from qpanalysis.display.document import Block, Document, footer_line, provenance_of, source_line
from qpanalysis.display.findings.identity import list_title
from qpanalysis.display.table1 import table1_caption, table1_formatted, table1_labelled, table1_notes
from qpanalysis.export.safe import mark_text_cells, sanity_check_no_formulas
from qpanalysis.reports.docx import write_docx
from qpanalysis.reports.latex import booktabs

# File stem of Table 1 in a reports folder's downloads: table1_zh.xlsx, table1_en.tex …
STEM = "table1"
# The LaTeX label a paper refers to.
LATEX_LABEL = "tab:qingpu-sections"
# The rules of a three-line table in the spreadsheet too.
THICK, THIN = Side(style="medium"), Side(style="thin")


def write_xlsx(tl, lang: str, path: Path) -> Path:
    """Table 1 as a workbook: the caption, the table (numbers as numbers, unknown amounts empty), the notes."""
    table = table1_labelled(tl, lang)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = STEM
    sheet.append([table1_caption(tl, lang)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(table.columns))
    for row in table.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in row])  # NaN (unknown) → an empty cell, never 0
    first, last = 2, 2 + len(table)
    for cell in sheet[first]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        cell.border = Border(top=THICK, bottom=THIN)
    for cell in sheet[last]:
        cell.border = Border(top=THIN, bottom=THICK)
    for note in table1_notes(lang):
        sheet.append([note])
    sheet.append([footer_line(provenance_of(tl, _version()), lang)])
    mark_text_cells(sheet)
    sanity_check_no_formulas(book)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _version() -> str:
    from qpanalysis import __version__

    return __version__


def write_docx_table1(tl, lang: str, path: Path, generated=None) -> Path:
    """Table 1 as a Word document on a landscape A4 page, with its caption and notes."""
    provenance = provenance_of(tl, _version(), generated)
    document = Document(
        lang=lang, title=table1_caption(tl, lang), subtitle="",
        source=source_line(provenance, list_title(tl, lang), lang), footer=footer_line(provenance, lang),
        provenance=provenance, landscape=True, layout="paper",
        blocks=(Block("table", table=table1_formatted(tl, lang)), *(Block("note", n) for n in table1_notes(lang))),
    )
    return write_docx(document, path)


def write_latex(tl, lang: str, path: Path) -> Path:
    """Table 1 as a LaTeX table with booktabs rules."""
    text = booktabs(table1_formatted(tl, lang), table1_caption(tl, lang), LATEX_LABEL, table1_notes(lang),
                    total_row=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_table1(tl, folder, langs=("zh", "en"), generated=None) -> list[Path]:
    """Write Table 1 in every language as ``table1_<lang>.xlsx``, ``.docx`` and ``.tex`` into ``folder``.

    Example:
        >>> import tempfile, qpanalysis as qp
        >>> [p.name for p in write_table1(qp.load(), tempfile.mkdtemp(), langs=("en",))]
        ['table1_en.xlsx', 'table1_en.docx', 'table1_en.tex']
    """
    folder = Path(folder)
    written = []
    for lang in langs:
        written += [write_xlsx(tl, lang, folder / f"{STEM}_{lang}.xlsx"),
                    write_docx_table1(tl, lang, folder / f"{STEM}_{lang}.docx", generated),
                    write_latex(tl, lang, folder / f"{STEM}_{lang}.tex")]
    return written
