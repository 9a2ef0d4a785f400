"""A report's whole Typst document (A4 page, fonts, running header and footer) and its compilation to PDF.

Fonts are the Noto Sans CJK SC shipped in ``qpanalysis/fonts/`` (no system font is used,
so every machine makes the same PDF, with every font embedded). Each page carries the
report's title (from page 2), the source note (list title and checksum) and its page
number in the report's language.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from qpanalysis.config import FONTS_DIR
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.reports.typst.text import quoted, string

# The font of every PDF, shipped with the package: it covers Latin and Chinese.
FONT = "Noto Sans CJK SC"
# typst's own monospace font (built into the compiler), with the CJK font for Chinese in code.
MONO_FONTS = ("DejaVu Sans Mono", FONT)
# A4 with margins (mm) that leave room for the running header and footer.
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16, 18, 20
PAGE = f'paper: "a4", margin: (x: {MARGIN_X}mm, top: {MARGIN_TOP}mm, bottom: {MARGIN_BOTTOM}mm)'
# The text area of an A4 page (210 × 297 mm) with these margins, in points: figures are
# scaled to fit it; 16 mm more is left under a figure for a caption or a heading.
TEXT_WIDTH_PT = (210 - 2 * MARGIN_X) / 25.4 * 72
TEXT_HEIGHT_PT = (297 - MARGIN_TOP - MARGIN_BOTTOM - 16) / 25.4 * 72
# A table cell's margins (pt), left and right, top and bottom: column widths leave room for them.
CELL_INSET_X_PT, CELL_INSET_Y_PT = 3.5, 2.5
# Body text size.
BODY_SIZE = "9.5pt"
# Chinese is set as in mainland China (punctuation widths, line breaking); in English the
# CJK font's full-width quotes and dots take proportional widths ("pwid"), as in Latin text.
TEXT_OPTIONS = {"zh": ', region: "cn"', "en": ', features: ("pwid",)'}
# Where the compiler is told the number of pages it laid out.
PAGES_LABEL = "qp-pages"
# The footer's placeholders in the catalogue's page-number sentence, and their Typst.
PAGE_COUNTERS = {"{page}": "#counter(page).display()", "{pages}": "#counter(page).final().first()"}


def page_number_markup(lang: str) -> str:
    """The footer's page number, e.g. 第3页，共4页 / Page 3 of 4, as Typst.

    Example:
        >>> page_number_markup("en")
        '#"Page "#counter(page).display()#" of "#counter(page).final().first()'
    """
    template = msg.text("report.pdf.page", lang, page="{page}", pages="{pages}")
    parts = re.split("(" + "|".join(re.escape(p) for p in PAGE_COUNTERS) + ")", template)
    return "".join(PAGE_COUNTERS.get(part) or string(part) for part in parts if part)


def document(blocks: list[str], *, title: str, source_note: str, lang: str, keywords=(), date=None) -> str:
    """The whole Typst source of a report: page set-up, running header and footer, then the blocks' markup.

    ``keywords`` (e.g. the list's sha256 and the package version) and ``date`` (the day it
    was made, a ``datetime.date``) go into the PDF's metadata.
    """
    check_lang(lang)
    made = f"datetime(year: {date.year}, month: {date.month}, day: {date.day})" if date is not None else "none"
    words = "(" + "".join(f"{quoted(k)}, " for k in keywords) + ")"
    header = (f"context {{ if counter(page).get().first() > 1 {{ set text(size: 7pt, fill: luma(110)); "
              f"[{string(title)}] }} }}")
    footer = (f"context {{ set text(size: 7pt, fill: luma(90)); "
              f"grid(columns: (1fr, auto), column-gutter: 8pt, [{string(source_note)}], [{page_number_markup(lang)}]) }}")
    setup = [
        f"#set document(title: {quoted(title)}, author: \"qpanalysis\", date: {made}, keywords: {words})",
        f"#set page({PAGE}, header: {header}, footer: {footer})",
        f'#set text(font: "{FONT}", size: {BODY_SIZE}, lang: "{lang}"{TEXT_OPTIONS[lang]})',
        "#set par(leading: 0.7em, spacing: 0.9em)",
        "#set heading(numbering: none)",
        "#show heading.where(level: 1): set text(size: 15pt)",
        "#show heading.where(level: 2): set text(size: 12pt)",
        "#show heading.where(level: 3): set text(size: 10.5pt)",
        "#show heading: set block(above: 1.2em, below: 0.6em)",
        f"#show raw: set text(font: ({', '.join(quoted(f) for f in MONO_FONTS)}), size: 0.9em)",
        '#show link: set text(fill: rgb("#1f5fa8"))',
        f"#set table(stroke: 0.4pt + luma(190), inset: (x: {CELL_INSET_X_PT}pt, y: {CELL_INSET_Y_PT}pt))",
        "#set table.cell(breakable: false)",  # a row is never split across pages
        "#show table.cell.where(y: 0): set text(weight: \"bold\")",
        "#set list(indent: 0.6em)",
        "#set enum(indent: 0.6em)",
    ]
    count = f"#context [#metadata(counter(page).final().first()) <{PAGES_LABEL}>]"
    return "\n".join(setup + list(blocks) + [count]) + "\n"


def compile_pdf(source: str, target: Path, root: Path) -> int:
    """Compile Typst ``source`` into the PDF ``target``; return its number of pages.

    Paths in ``source`` starting with ``/`` are relative to ``root``; the source is written
    next to ``target`` as ``.typ`` while it compiles. Only the fonts shipped with the
    package (and the compiler's own) are used.

    Raises:
        RuntimeError: With the compiler's message, naming the target.
    """
    import typst

    main = target.with_suffix(f".{uuid.uuid4().hex}.typ")
    main.write_text(source, encoding="utf-8")
    try:
        compiler = typst.Compiler(str(main), root=str(root), font_paths=[str(FONTS_DIR)], ignore_system_fonts=True)
        compiler.compile(output=str(target), format="pdf")
        pages = compiler.query(f"<{PAGES_LABEL}>", field="value", one=True)
    except typst.TypstError as exc:  # the message names the line of the generated source
        raise RuntimeError(f"{target.name}: typst could not compile the report: {exc}") from exc
    finally:
        main.unlink(missing_ok=True)
    return int(json.loads(pages))


__all__ = ["document", "compile_pdf", "page_number_markup", "FONT", "TEXT_WIDTH_PT", "TEXT_HEIGHT_PT",
           "MARGIN_X", "MARGIN_BOTTOM", "CELL_INSET_X_PT"]
