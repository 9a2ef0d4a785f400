"""A brief as a Word document in the official layout: A4, numbered headings, three-line tables, page numbers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from qpanalysis.display import messages as msg
from qpanalysis.display.brief import Document, brief_document

# Page and margins of official documents (GB/T 9704-2012, 5.2.1): A4, top 37 mm, bottom
# 35 mm, left 28 mm, right 26 mm.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# Fonts by name, as Word and WPS know them on an official's machine: headings in 黑体,
# body in 仿宋; Latin letters and digits in Times New Roman. A machine without a font
# substitutes its own; the names are what the layout asks for.
HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
LATIN_FONT = "Times New Roman"
# Sizes: 二号 (22 pt) title, 三号 (16 pt) headings and body, 五号 (10.5 pt) tables and
# footer, 四号 (14 pt) page numbers.
TITLE_PT, BODY_PT, TABLE_PT, FOOTER_PT, PAGE_NUMBER_PT = 22, 16, 10.5, 9, 14
# Line spacing of the body: 28 pt exactly gives the 22 lines a page the standard sets.
LINE_PT = 28
# The rules of a three-line table (三线表): thick top and bottom, thin under the header, in
# eighths of a point as Word counts them.
THICK_RULE, THIN_RULE = 12, 6
# Column widths follow their content, in half-width characters of the table's font (a
# Chinese character counts two): a column that needs at most NARROW_UNITS gets what it
# needs; the wider ones share the rest of the line in proportion to their need. A cell's
# need is the 90th percentile of its column (a rare long cell wraps), its header may wrap
# onto two lines, and PADDING_UNITS stand for the cell margins.
NARROW_UNITS = 12
PADDING_UNITS = 3
# Width of one half-width character at the table's size, in mm (half an em; 1 pt = 0.3528 mm).
UNIT_MM_PER_PT = 0.3528 / 2
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


def _paragraph(doc, text: str, font: str, size: float, *, align=None, indent: bool = False, bold: bool = False,
               keep_with_next: bool = False):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(LINE_PT if size == BODY_PT else size * 1.4)
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


def display_width(text: str) -> int:
    """Width of a text in half-width characters: a Chinese character or full-width sign counts two.

    Example:
        >>> display_width("2026.12"), display_width("区水务局")
        (7, 8)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def header_width(header: str) -> int:
    """The narrowest a header may be: its longest word (English words do not break), else half of it (two lines).

    Example:
        >>> header_width("Expected completion (%)"), header_width("计划完成时间")
        (10, 6)
    """
    if " " in header.strip():
        return max(display_width(word) for word in header.split())
    return -(-display_width(header) // 2)


def column_widths(frame: pd.DataFrame, width_mm: float, size_pt: float = TABLE_PT) -> list[float]:
    """Widths in mm of a table's columns, from their content, filling ``width_mm``.

    Example:
        >>> frame = pd.DataFrame({"序号": ["4", "12"], "节点目标原文": ["完成首批和美乡村试点建设任务" * 3, "完成50%"],
        ...                       "状态": ["滞后", "无数据"]})
        >>> column_widths(frame, 156)  # 5 and 8.8 half-width units of 1.852 mm; the text the rest
        [9.3, 130.4, 16.3]
    """
    unit = size_pt * UNIT_MM_PER_PT
    needs = []
    for column in frame.columns:
        cells = pd.Series([display_width(v) for v in frame[column]], dtype=float)
        longest = float(cells.quantile(0.9)) if len(cells) else 0.0
        needs.append(max(longest, header_width(str(column))) + PADDING_UNITS)
    narrow = [n <= NARROW_UNITS for n in needs]
    fixed = sum(n for n, small in zip(needs, narrow) if small) * unit
    wide = sum(n for n, small in zip(needs, narrow) if not small)
    if fixed >= width_mm or not wide:  # every column narrow, or no room left: share in proportion
        return [round(width_mm * n / sum(needs), 1) for n in needs]
    rest = width_mm - fixed
    return [round(float(n * unit if small else rest * n / wide), 1) for n, small in zip(needs, narrow)]


def shared_widths(frames, width_mm: float) -> dict[tuple, list[float]]:
    """One set of column widths for all tables with the same columns, so that they line up.

    Example:
        >>> a, b = pd.DataFrame({"序号": ["4"], "目标": ["完成"]}), pd.DataFrame({"序号": ["40"], "目标": ["完成50%"]})
        >>> shared_widths([a, b], 100) == {("序号", "目标"): column_widths(pd.concat([a, b]), 100)}
        True
    """
    groups: dict[tuple, list[pd.DataFrame]] = {}
    for frame in frames:
        groups.setdefault(tuple(frame.columns), []).append(frame)
    return {columns: column_widths(pd.concat(group, ignore_index=True), width_mm) for columns, group in groups.items()}


def _table(doc, frame: pd.DataFrame, widths_mm: list[float]) -> None:
    table = doc.add_table(rows=len(frame) + 1, cols=len(frame.columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(w) for w in widths_mm]
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which LibreOffice reads
    last = len(frame)
    for i, values in enumerate([list(frame.columns)] + frame.astype(str).values.tolist()):
        row = table.rows[i]
        _row_flags(row, header=i == 0)
        for j, value in enumerate(values):
            cell = row.cells[j]
            cell.width = widths[j]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            # The header and its first rows stay together; a table shorter than that stays whole.
            paragraph.paragraph_format.keep_with_next = i == 0
            _fonts(paragraph.add_run(value), HEADING_FONT if i == 0 else BODY_FONT, TABLE_PT, bold=i == 0)
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
    doc = new_docx()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    width_mm = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
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

    _paragraph(doc, document.title, HEADING_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, document.subtitle, BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, document.source, BODY_FONT, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    widths = shared_widths([b.table for b in document.blocks if b.kind == "table"], width_mm)
    for block in document.blocks:
        if block.kind in ("heading1", "heading2"):
            _paragraph(doc, block.text, HEADING_FONT, BODY_PT, indent=True, keep_with_next=True)
        elif block.kind == "table":
            _table(doc, block.table, widths[tuple(block.table.columns)])
        elif block.kind == "note":
            _paragraph(doc, block.text, BODY_FONT, TABLE_PT + 1.5, indent=True)
        else:
            _paragraph(doc, block.text, BODY_FONT, BODY_PT, indent=True)

    footer = section.footer
    number = footer.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(number, msg.text("brief.page", document.lang, page="{page}"), LATIN_FONT)
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
