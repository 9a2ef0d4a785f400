"""A report as an A4 PDF: the executed notebook's cells, in order, as Typst blocks (:mod:`qpanalysis.reports.typst`), compiled.

The notebook, already reduced to the reader's language (:func:`qpanalysis.reports.page.for_reader`),
becomes Typst markup cell by cell, in order:

- Markdown cells and Markdown outputs → headings, paragraphs, lists, tables
  (:mod:`qpanalysis.reports.typst.markdown`);
- every display table → a Typst table drawn from its model
  (:class:`qpanalysis.display.tables.TableModel`, which the notebook's output carries as
  JSON beside the HTML, :data:`qpanalysis.display.tables.TABLE_MIMETYPE`): headings and
  cells as the HTML shows them, numbers right-aligned, the header row repeated on every
  page the table runs over;
- every figure → the SVG file the notebook saved (named in the output's metadata by
  :meth:`qpanalysis.reports.params.NotebookParams.save`), so figures stay vector; the inline
  PNG only when no SVG was saved;
- printed text → a grey box (a table shown without a model, a bare DataFrame say, → its
  plain text in the box);
- other HTML (widgets, cards) is for the HTML report only.

The quarterly report's PDF is its brief: the cells tagged ``brief`` (else its first
section, figures and short tables), at most :data:`BRIEF_MAX_PAGES` pages.
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from qpanalysis.display.tables import TABLE_MIMETYPE, TableModel
from qpanalysis.reports.params import FIGURE_METADATA
from qpanalysis.reports.typst.document import compile_pdf, document
from qpanalysis.reports.typst.figures import image_markup, png_size, svg_size
from qpanalysis.reports.typst.markdown import top_blocks
from qpanalysis.reports.typst.tables import model_markup
from qpanalysis.reports.typst.text import lines, quoted

# The cell tag that puts a cell in the quarterly brief, and the brief's page limit: a
# district office circulates at most four pages.
BRIEF_TAG = "brief"
BRIEF_MAX_PAGES = 4
# Without tagged cells, the brief keeps the first section whole and, from the rest, the
# section headings, the figures and the tables of at most this many rows.
BRIEF_MAX_ROWS = 12
# Cell tags that keep a cell out of every PDF (interactive controls, say; text for the
# analyst only, which the reader's notebook has already left out: qpanalysis.reports.page).
SKIP_TAGS = ("pdf-skip", "skip-execution", "developer")
# Printed text (stdout) as a grey box of smaller text; a table shown without a model
# (not by qpanalysis.display.tables.table) as its plain text in the box, in monospace.
PRINTED = "#block(fill: luma(245), inset: 5pt, radius: 2pt, width: 100%, text(size: 8pt)[{}])"
PLAIN_TABLE = PRINTED.replace("[{}]", "[#raw(block: true, {})]")


@dataclass
class Block:
    """One piece of the PDF in order: its markup and what it is (for choosing the brief)."""

    markup: str
    kind: str  # heading, text, table, figure, output
    rows: int = 0  # a table's body rows; a heading's level
    section: int = 0  # the level-2 section it belongs to (0: before the first)


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def _figure(output, figures: Path, root: Path, scratch: Path) -> str | None:
    name = (output.get("metadata", {}).get(FIGURE_METADATA) or {}).get("figure")
    svg = figures / f"{name}.svg" if name else None
    if svg is not None and svg.is_file():
        return image_markup("/" + svg.relative_to(root).as_posix(), svg_size(svg.read_text(encoding="utf-8")))
    data = output.get("data", {}).get("image/png")
    if not data:
        return None
    png = base64.b64decode(_text(data))
    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / f"{uuid.uuid4().hex}.png"
    path.write_bytes(png)
    return image_markup("/" + path.relative_to(root).as_posix(), png_size(png))


def _markdown_blocks(markdown: str) -> list[Block]:
    return [Block(markup, kind, rows=level) for kind, level, markup in top_blocks(markdown)]


def _output_blocks(output, figures: Path, root: Path, scratch: Path) -> list[Block]:
    """The blocks one output of a code cell shows: printed text, a figure, a display table or Markdown."""
    if output.get("output_type") == "stream":
        text = _text(output.get("text", "")).rstrip("\n")
        return [Block(PRINTED.format(lines(text)), "output")] if output.get("name") == "stdout" else []
    data = output.get("data", {})
    if "image/png" in data or "image/svg+xml" in data:
        markup = _figure(output, figures, root, scratch)
        return [Block(markup, "figure")] if markup else []
    if TABLE_MIMETYPE in data:
        model = TableModel.from_json(data[TABLE_MIMETYPE])
        markup = model_markup(model)
        return [Block(markup, "table", rows=len(model.rows))] if markup else []
    if "text/markdown" in data:
        return _markdown_blocks(_text(data["text/markdown"]))
    if "<table" in _text(data.get("text/html", "")) and "text/plain" in data:
        # A table not made by display.tables.table (a bare DataFrame, say): its text, not lost.
        return [Block(PLAIN_TABLE.format(quoted(_text(data["text/plain"]))), "output")]
    return []  # other HTML (widgets, cards) is for the HTML report


def cell_blocks(cell, figures: Path, root: Path, scratch: Path) -> list[Block]:
    """The blocks one cell of an executed notebook shows, in order."""
    if set(cell.metadata.get("tags", [])) & set(SKIP_TAGS):
        return []
    if cell.cell_type == "markdown":
        return _markdown_blocks(cell.source)
    if cell.cell_type != "code":
        return []
    return [block for output in cell.get("outputs", []) for block in _output_blocks(output, figures, root, scratch)]


def notebook_blocks(nb, figures: Path, root: Path, scratch: Path, *, brief: bool = False) -> list[Block]:
    """Every block of a reader's notebook, in order; for a brief, only the brief's cells."""
    cells = nb.cells
    tagged = [c for c in cells if BRIEF_TAG in c.metadata.get("tags", [])]
    if brief and tagged:
        title = [c for c in cells if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M)][:1]
        cells = [c for c in cells if c in title or c in tagged]
    blocks: list[Block] = []
    section = 0
    for cell in cells:
        for block in cell_blocks(cell, figures, root, scratch):
            if block.kind == "heading" and block.rows == 2:
                section += 1
            block.section = section
            blocks.append(block)
    if brief and not tagged:
        blocks = untagged_brief(blocks)
    return blocks


def untagged_brief(blocks: list[Block]) -> list[Block]:
    """The brief of a report without ``brief`` tags: the title and first section whole; then
    the headings, figures and short tables of the rest (a heading only when something follows).

    Example:
        >>> b = [Block("t", "heading", 1, 0), Block("s", "text", 0, 1), Block("h", "heading", 2, 2),
        ...      Block("long", "text", 0, 2), Block("f", "figure", 0, 2), Block("h3", "heading", 2, 3),
        ...      Block("big", "table", 40, 3)]
        >>> [x.markup for x in untagged_brief(b)]
        ['t', 's', 'h', 'f']
    """
    first = _first_section(blocks)
    kept = [b for b in blocks if b.section <= first or b.kind == "heading" or b.kind == "figure"
            or (b.kind == "table" and b.rows <= BRIEF_MAX_ROWS)]
    out: list[Block] = []
    for index, block in enumerate(kept):
        if block.kind == "heading" and block.section > first:
            following = next((b for b in kept[index + 1:] if b.kind != "heading" or b.rows <= block.rows), None)
            if following is None or following.kind == "heading":
                continue
        out.append(block)
    return out


def _first_section(blocks: list[Block]) -> int:
    return min((b.section for b in blocks if b.section > 0), default=0)


def shorter_brief(blocks: list[Block]) -> list[Block] | None:
    """A brief one block shorter: without its last block outside the first section (and the
    headings left at its end); None when only the first section is left.

    Example:
        >>> b = [Block("h1", "heading", 2, 1), Block("a", "text", 0, 1), Block("h2", "heading", 2, 2),
        ...      Block("f", "figure", 0, 2)]
        >>> [x.markup for x in shorter_brief(b)], shorter_brief(b[:2])
        (['h1', 'a'], None)
    """
    first = _first_section(blocks)
    droppable = [i for i, b in enumerate(blocks) if b.section > first]
    if not droppable:
        return None
    out = blocks[:droppable[-1]] + blocks[droppable[-1] + 1:]
    while out and out[-1].kind == "heading":
        out.pop()
    return out


def write_pdf(nb, target: Path, *, lang: str, title: str, source_note: str, figures: Path, root: Path,
              brief: bool = False, keywords=(), date=None) -> int:
    """Write a reader's notebook (:func:`qpanalysis.reports.page.for_reader`) as an A4 PDF.

    Args:
        nb: The executed notebook, in the reader's language.
        target: The PDF to write.
        lang: ``"zh"`` or ``"en"``.
        title: The report's title (running header and document title).
        source_note: The source line of every page (list title and checksum).
        figures: The folder the notebook saved its figures in (SVG files used).
        root: A folder holding ``figures`` and where images may be written: Typst reads
            no file outside it.
        brief: Make the brief (tagged cells, at most :data:`BRIEF_MAX_PAGES` pages) instead
            of the whole report.
        keywords: The PDF's metadata keywords (the list's sha256, the package version).
        date: The day the PDF was made, for its metadata.

    Returns:
        The number of pages.

    Raises:
        RuntimeError: When the compiler fails, or a brief cannot be made to fit its pages.
        ValueError: When a display table's model in the notebook is malformed.
    """
    scratch = root / "_pdf_images" / uuid.uuid4().hex
    blocks = notebook_blocks(nb, figures, root, scratch, brief=brief)
    while True:
        source = document([b.markup for b in blocks], title=title, source_note=source_note, lang=lang,
                          keywords=keywords, date=date)
        pages = compile_pdf(source, target, root)
        if not brief or pages <= BRIEF_MAX_PAGES:
            return pages
        blocks = shorter_brief(blocks)
        if blocks is None:
            raise RuntimeError(f"{target.name}: the brief's first section alone fills {pages} pages "
                               f"(at most {BRIEF_MAX_PAGES})")


__all__ = ["Block", "cell_blocks", "notebook_blocks", "untagged_brief", "shorter_brief", "write_pdf",
           "BRIEF_TAG", "BRIEF_MAX_PAGES"]
