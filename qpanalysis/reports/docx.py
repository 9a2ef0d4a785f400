"""A brief as a Word document in the official layout: A4, numbered headings, three-line tables, page numbers."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from qpanalysis.display import messages as msg
from qpanalysis.display.brief import brief_document
from qpanalysis.display.document import Document
from qpanalysis.reports.columns import numeric_columns, shared_widths

# A4, in mm.
PAGE_MM = (210, 297)


class Layout(NamedTuple):
    """Margins (mm) and sizes (pt) of a kind of document."""

    margins_mm: dict
    title_pt: float
    body_pt: float
    table_pt: float
    note_pt: float
    line_pt: float  # exact line spacing of the body
    indent: bool  # first-line indent of two characters


# Official documents (GB/T 9704-2012): margins top 37, bottom 35, left 28, right 26 mm;
# 二号 (22 pt) title, 三号 (16 pt) headings and body at exactly 28 pt (22 lines a page),
# 五号 (10.5 pt) tables, notes a size up. A table for a paper: 20 mm margins, the caption
# and body at 10.5 pt, the table and notes at 9 pt, so that a wide table fits a landscape page.
LAYOUTS = {
    "official": Layout({"top": 37, "bottom": 35, "left": 28, "right": 26}, 22, 16, 10.5, 12, 28, True),
    "paper": Layout({"top": 20, "bottom": 20, "left": 20, "right": 20}, 10.5, 10.5, 9, 9, 14, False),
}
MARGINS_MM = LAYOUTS["official"].margins_mm
# Fonts by name, as Word and WPS know them on an official's machine: headings in 黑体,
# body in 仿宋; Latin letters and digits in Times New Roman. A machine without a font
# substitutes its own; the names are what the layout asks for.
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
LATIN_FONT = "Times New Roman"
# Footer line and page number (四号, 14 pt) sizes.
FOOTER_PT, PAGE_NUMBER_PT = 9, 14
# The rules of a three-line table (三线表): thick top and bottom, thin under the header, in
# eighths of a point as Word counts them.
THICK_RULE, THIN_RULE = 12, 6
# Rows kept on the page of the header, so that no table starts at a page foot with fewer.
ROWS_WITH_HEADER = 3


def _fonts(run, east_asian: str, size: float, bold: bool = False) -> None:
    """Give a run its fonts by name: ``east_asian`` for Chinese, Times New Roman for Latin."""
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute, value in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT), ("w:eastAsia", east_asian)):
        fonts.set(qn(attribute), value)


def _paragraph(doc, text: str, font: str, size: float, *, line_pt: float | None = None, align=None,
               indent: bool = False, bold: bool = False, keep_with_next: bool = False):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(line_pt or size * 1.4)
    fmt.space_after = Pt(0)
    fmt.keep_with_next = keep_with_next
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters, as official text indents
    if align is not None:
        paragraph.alignment = align
    _fonts(paragraph.add_run(text), font, size, bold)
    return paragraph


def _borders(cell, **rules: int) -> None:
    """Set a cell's borders: ``top=12`` draws a 1.5 pt rule on top; unnamed sides have none."""
    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        size = rules.get(side)
        element.set(qn("w:val"), "single" if size else "nil")
        if size:
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _row_flags(row, *, header: bool) -> None:
    """Never split a row across pages; repeat the header row on every page."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit",) + (("w:tblHeader",) if header else ()):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _table(doc, frame: pd.DataFrame, widths_mm: list[float], size_pt: float) -> None:
    table = doc.add_table(rows=len(frame) + 1, cols=len(frame.columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(w) for w in widths_mm]
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which LibreOffice reads
    last = len(frame)
    right = numeric_columns(frame)
    for i, values in enumerate([list(frame.columns)] + frame.astype(str).values.tolist()):
        row = table.rows[i]
        _row_flags(row, header=i == 0)
        for j, value in enumerate(values):
            cell = row.cells[j]
            cell.width = widths[j]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if right[j]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            # The header and its first rows stay together; a table shorter than that stays whole.
            paragraph.paragraph_format.keep_with_next = i == 0
            _fonts(paragraph.add_run(value), HEADING_FONT if i == 0 else BODY_FONT, size_pt, bold=i == 0)
            rules = {}
            if i == 0:
                rules.update(top=THICK_RULE, bottom=THIN_RULE)
            if i == last:
                rules["bottom"] = THICK_RULE
            _borders(cell, **rules)


def _page_number(paragraph, template: str, font: str) -> None:
    """Write ``template`` with its ``{page}`` replaced by Word's PAGE field."""
    before, _, after = template.partition("{page}")
    if before:
        _fonts(paragraph.add_run(before), font, PAGE_NUMBER_PT)
    run = paragraph.add_run()
    _fonts(run, font, PAGE_NUMBER_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    if after:
        _fonts(paragraph.add_run(after), font, PAGE_NUMBER_PT)


def write_docx(document: Document, path: Path) -> Path:
    """Write a brief as a .docx file in the official layout and return its path.

    The file's properties hold the title, the list's sha256, the package version and the
    date it was made; every page's footer has its number and the same provenance line.

    Example:
        >>> import tempfile, qpanalysis as qp
        >>> from qpanalysis.display.brief import brief_document
        >>> doc = brief_document(qp.load(), "Q3", lang="en", version="0.1.0", generated="2026-10-08")
        >>> path = write_docx(doc, Path(tempfile.mkdtemp()) / "brief.docx")
        >>> import docx
        >>> docx.Document(path).core_properties.title
        '2026 Qingpu District Rural Construction Action Task List: third quarter progress brief'
    """
    layout = LAYOUTS[document.layout]
    doc = new_docx()
    section = doc.sections[0]
    width, height = PAGE_MM if not document.landscape else PAGE_MM[::-1]
    section.orientation = WD_ORIENT.LANDSCAPE if document.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side, mm in layout.margins_mm.items():
        setattr(section, f"{side}_margin", Mm(mm))
    width_mm = width - layout.margins_mm["left"] - layout.margins_mm["right"]
    p = document.provenance
    props = doc.core_properties
    props.title = document.title
    props.subject = p.title
    props.author = props.last_modified_by = "qpanalysis"
    props.keywords = f"sha256:{p.sha256}"
    props.comments = document.footer
    props.version = p.version
    props.created = props.modified = p.generated.to_pydatetime()
    props.language = document.lang

    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, document.title, HEADING_FONT, layout.title_pt, align=centre, bold=document.layout == "paper")
    if document.subtitle:
        _paragraph(doc, document.subtitle, BODY_FONT, layout.body_pt, align=centre)
    _paragraph(doc, document.source, BODY_FONT, layout.table_pt, align=centre)
    widths = shared_widths([b.table for b in document.blocks if b.kind == "table"], width_mm, layout.table_pt)
    for block in document.blocks:
        if block.kind in ("heading1", "heading2"):
            _paragraph(doc, block.text, HEADING_FONT, layout.body_pt, line_pt=layout.line_pt, indent=layout.indent,
                       keep_with_next=True)
        elif block.kind == "table":
            _table(doc, block.table, widths[tuple(block.table.columns)], layout.table_pt)
        elif block.kind == "note":
            _paragraph(doc, block.text, BODY_FONT, layout.note_pt, indent=layout.indent)
        else:
            _paragraph(doc, block.text, BODY_FONT, layout.body_pt, line_pt=layout.line_pt, indent=layout.indent)

    footer = section.footer
    number = footer.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(number, msg.text("document.page", document.lang, page="{page}"), LATIN_FONT)
    line = footer.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(line.add_run(document.footer), BODY_FONT, FOOTER_PT)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def write_brief(tl, quarter: str, lang: str, path, *, as_of=None, progress=None, generated=None) -> Path:
    """Write the quarterly brief of ``tl`` by lead department as a Word document.

    Example:
        >>> import tempfile, qpanalysis as qp
        >>> path = write_brief(qp.load(), "Q3", "zh", Path(tempfile.mkdtemp()) / "brief.docx")
        >>> import docx
        >>> "（一）区农业农村委（13项）" in [p.text for p in docx.Document(path).paragraphs]
        True
    """
    from qpanalysis import __version__

    document = brief_document(tl, quarter, as_of, progress, lang, version=__version__, generated=generated)
    return write_docx(document, path)
