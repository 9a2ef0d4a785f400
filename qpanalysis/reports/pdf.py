"""A report as an A4 PDF: Typst source generated from the executed notebook, compiled by the typst package.

The notebook, already reduced to the reader's language (:func:`qpanalysis.reports.page.for_reader`),
becomes Typst markup cell by cell, in order:

- Markdown cells and Markdown outputs → headings, paragraphs, lists, tables (links to other
  files become plain text: a PDF travels without its folder);
- every display table (HTML from :func:`qpanalysis.display.tables.table`) → a Typst table
  whose header row repeats on every page it runs over, numbers right-aligned as in the HTML;
- every figure → the SVG file the notebook saved (named in the output's metadata by
  :meth:`qpanalysis.reports.params.NotebookParams.save`), so figures stay vector; the inline
  PNG only when no SVG was saved;
- printed text → a grey box.

Each page carries the report's title, the source note (list title and checksum) and its
page number; fonts are the Noto Sans CJK SC shipped in ``qpanalysis/fonts/`` (no system font
is used, so every machine makes the same PDF, with every font embedded). The quarterly
report's PDF is its brief: the cells tagged ``brief`` (else its first section, figures and
short tables), at most :data:`BRIEF_MAX_PAGES` pages.
"""

from __future__ import annotations

import base64
import re
import struct
import unicodedata
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from qpanalysis.config import FONTS_DIR
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.reports.params import FIGURE_METADATA

# The font of every PDF, shipped with the package: it covers Latin and Chinese.
FONT = "Noto Sans CJK SC"
# typst's own monospace font (built into the compiler), with the CJK font for Chinese in code.
MONO_FONTS = ("DejaVu Sans Mono", FONT)
# A4 with margins that leave room for the running header and footer.
PAGE = 'paper: "a4", margin: (x: 16mm, top: 18mm, bottom: 20mm)'
# The text area of an A4 page with these margins, in points: figures are scaled to fit it.
TEXT_WIDTH_PT = (210 - 2 * 16) / 25.4 * 72
TEXT_HEIGHT_PT = (297 - 18 - 20 - 16) / 25.4 * 72  # less room for a caption or heading
# Body text size, and table text by number of columns (a wide table must fit the page).
BODY_SIZE = "9.5pt"
TABLE_SIZES = ((5, "8pt"), (8, "7.5pt"), (12, "7pt"))
WIDEST_TABLE_SIZE = "6.5pt"
# The cell tag that puts a cell in the quarterly brief, and the brief's page limit: a
# district office circulates at most four pages.
BRIEF_TAG = "brief"
BRIEF_MAX_PAGES = 4
# Without tagged cells, the brief keeps the first section whole and, from the rest, the
# section headings, the figures and the tables of at most this many rows.
BRIEF_MAX_ROWS = 12
# Cell tags that keep a cell out of every PDF (interactive controls, say).
SKIP_TAGS = ("pdf-skip", "skip-execution")
# URL schemes a PDF may link to; links to files beside the report become plain text.
LINK_SCHEMES = ("http://", "https://", "mailto:")
# Typst's forced line break, between printed lines.
LINE_BREAK = " \\ "
# Chinese is set as in mainland China (punctuation widths, line breaking); in English the
# CJK font's full-width quotes and dots take proportional widths ("pwid"), as in Latin text.
TEXT_OPTIONS = {"zh": ', region: "cn"', "en": ', features: ("pwid",)'}
# Where the compiler is told the number of pages it laid out.
PAGES_LABEL = "qp-pages"
RIGHT_ALIGNED = re.compile(r"td\.col(\d+)\s*\{\s*text-align:\s*right")
SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)(pt|px)?"[^>]*?\sheight="([\d.]+)(pt|px)?"', re.S)


# ---------------------------------------------------------------------------------------
# Typst text


def string(text: str) -> str:
    """Text as a Typst string inserted into markup: nothing in it is read as markup.

    Example:
        >>> print(string('a *b* "c" \\\\ #d'))
        #"a *b* \\"c\\" \\\\ #d"
    """
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", "")
    return f'#"{text}"'


def _content(markup: str) -> str:
    """Markup as a Typst content block."""
    return f"[{markup}]"


# ---------------------------------------------------------------------------------------
# Markdown → Typst


def _markdown_parser():
    import mistune

    return mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])


# Markdown's inline emphasis and the Typst function that sets it.
INLINE_FUNCTIONS = {"strong": "strong", "emphasis": "emph", "strikethrough": "strike"}


def _plain(token) -> str:
    """The text of an inline token and its children, without markup."""
    return token.get("raw") or "".join(_plain(child) for child in token.get("children", []))


def _break_is_space(before: str, after: str) -> bool:
    """Whether a line break in the source reads as a space: not between two wide East Asian
    characters, which are written without spaces (the CSS Text rule for segment breaks).

    Example:
        >>> _break_is_space("任务", "共计"), _break_is_space("tasks", "in all"), _break_is_space("总投资", "is")
        (False, True, True)
    """
    wide = ("W", "F")
    return not (before and after and unicodedata.east_asian_width(before[-1]) in wide
                and unicodedata.east_asian_width(after[0]) in wide)


def _inline(tokens, lang: str) -> str:
    out = []
    for position, token in enumerate(tokens):
        kind = token["type"]
        if kind == "text":
            out.append(string(token["raw"]))
        elif kind in INLINE_FUNCTIONS:
            out.append(f"#{INLINE_FUNCTIONS[kind]}{_content(_inline(token['children'], lang))}")
        elif kind == "codespan":
            out.append(f"#raw({_quoted(token['raw'])})")
        elif kind == "link":
            text = _inline(token["children"], lang)
            url = token.get("attrs", {}).get("url", "")
            out.append(f"#link({_quoted(url)}){_content(text)}" if url.startswith(LINK_SCHEMES) else text)
        elif kind == "image":
            out.append(_inline(token.get("children", []), lang))
        elif kind == "softbreak":
            before = _plain(tokens[position - 1]) if position else ""
            after = _plain(tokens[position + 1]) if position + 1 < len(tokens) else ""
            out.append(string(" ") if _break_is_space(before, after) else "")
        elif kind == "linebreak":
            out.append(" \\ ")
        # inline HTML (anchors) shows nothing
    return "".join(out)


def _quoted(text: str) -> str:
    return string(text)[1:]


def _blocks(tokens, lang: str) -> list[str]:
    out = []
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            level = token["attrs"]["level"]
            out.append(f"#heading(level: {level}){_content(_inline(token['children'], lang))}")
        elif kind in ("paragraph", "block_text"):
            out.append(f"#par{_content(_inline(token['children'], lang))}" if kind == "paragraph"
                       else _inline(token["children"], lang))
        elif kind == "list":
            items = ", ".join(_content("\n".join(_blocks(item["children"], lang))) for item in token["children"])
            if token["attrs"].get("ordered"):
                start = token["attrs"].get("start", 1) or 1
                out.append(f"#enum(tight: true, start: {start}, {items})")
            else:
                out.append(f"#list(tight: true, {items})")
        elif kind == "block_code":
            out.append(f"#raw(block: true, {_quoted(token['raw'].rstrip())})")
        elif kind == "block_quote":
            out.append(f"#quote(block: true){_content(chr(10).join(_blocks(token['children'], lang)))}")
        elif kind == "thematic_break":
            out.append("#line(length: 100%, stroke: 0.4pt + luma(180))")
        elif kind == "table":
            out.append(table_markup(_markdown_table(token, lang)))
        # blank lines and HTML blocks (anchors) show nothing
    return out


def markdown_to_typst(markdown: str, lang: str) -> str:
    """Markdown as Typst markup (text as strings, so nothing in it is read as markup).

    Example:
        >>> print(markdown_to_typst("## 1. 总额\\n\\n**约**数 `x` [说明](../docs/a.md#b)", "zh"))
        #heading(level: 2)[#"1. 总额"]
        #par[#strong[#"约"]#"数 "#raw("x")#" "#"说明"]
    """
    check_lang(lang)
    return "\n".join(_blocks(_markdown_parser()(markdown), lang))


# ---------------------------------------------------------------------------------------
# Tables


@dataclass
class Cell:
    """One table cell: its text (as markup) and how many columns it spans."""

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


def _markdown_table(token, lang: str) -> Table:
    table = Table()
    for part in token["children"]:
        rows = [part["children"]] if part["type"] == "table_head" else [r["children"] for r in part["children"]]
        for cells in rows:
            row = [Cell(_inline(c["children"], lang)) for c in cells]
            (table.header if part["type"] == "table_head" else table.body).append(row)
            for index, c in enumerate(cells):
                if c["attrs"].get("align") == "right":
                    table.right.add(index)
    return table


class _TableParser(HTMLParser):
    """The tables of an HTML fragment (pandas Styler output): cells as text, links as text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.depth = 0
        self.section = "body"
        self.row: list[Cell] | None = None
        self.cell: list[str] | None = None
        self.colspan = 1
        self.style = ""
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style":
            self.in_style = True
        elif tag == "table":
            self.depth += 1
            if self.depth == 1:
                right = {int(i) for i in RIGHT_ALIGNED.findall(self.style)}
                self.tables.append(Table(right=right))
                self.style = ""
        elif self.depth != 1:
            return
        elif tag == "thead":
            self.section = "header"
        elif tag == "tbody":
            self.section = "body"
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.colspan = int(attrs.get("colspan") or 1)
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        elif tag == "table":
            self.depth -= 1
        elif self.depth != 1:
            return
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
            self.row.append(Cell(string(text) if text else "", self.colspan))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            table = self.tables[-1]
            (table.header if self.section == "header" else table.body).append(self.row)
            self.row = None
        elif tag == "thead":
            self.section = "body"

    def handle_data(self, data):
        if self.in_style:
            self.style += data
        elif self.cell is not None:
            self.cell.append(data)


def html_tables(html: str) -> list[Table]:
    """Every top-level table of an HTML fragment, with the columns its style right-aligns.

    Example:
        >>> t = html_tables('<style>#T td.col1 { text-align: right; }</style><table><thead><tr>'
        ...                 '<th>板块</th><th>金额</th></tr></thead><tbody><tr><td>一</td><td>1,234.5</td></tr>'
        ...                 '</tbody></table>')[0]
        >>> [[c.markup for c in row] for row in t.header + t.body], t.right
        ([['#"板块"', '#"金额"'], ['#"一"', '#"1,234.5"']], {1})
    """
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    return [t for t in parser.tables if t.columns]


def table_size(columns: int) -> str:
    """The text size of a table with this many columns.

    Example:
        >>> table_size(3), table_size(14)
        ('8pt', '6.5pt')
    """
    return next((size for most, size in TABLE_SIZES if columns <= most), WIDEST_TABLE_SIZE)


def table_markup(table: Table) -> str:
    """A table as Typst: the header repeats on every page the table runs over.

    Example:
        >>> print(table_markup(Table([[Cell('#"a"'), Cell('#"b"')]], [[Cell('#"x"'), Cell('#"1"')]], {1})))
        #block(width: 100%, text(size: 8pt, table(columns: 2, align: (left, right), table.header(repeat: true, [#strong[#"a"]], [#strong[#"b"]]), [#"x"], [#"1"])))
    """
    n = table.columns
    align = ", ".join("right" if i in table.right else "left" for i in range(n))
    align = f"({align},)" if n == 1 else f"({align})"

    def cells(row, head=False):
        out = []
        for cell in row:
            body = f"#strong[{cell.markup}]" if head and cell.markup else cell.markup
            out.append(f"table.cell(colspan: {cell.colspan})[{body}]" if cell.colspan > 1 else f"[{body}]")
        out += ["[]"] * (n - sum(c.colspan for c in row))
        return out

    parts = [f"columns: {n}", f"align: {align}"]
    if table.header:
        head = [c for row in table.header for c in cells(row, head=True)]
        parts.append(f"table.header(repeat: true, {', '.join(head)})")
    parts += [c for row in table.body for c in cells(row)]
    return f"#block(width: 100%, text(size: {table_size(n)}, table({', '.join(parts)})))"


# ---------------------------------------------------------------------------------------
# Figures


def svg_size(svg: str) -> tuple[float, float] | None:
    """The width and height (points) an SVG declares, or None.

    Example:
        >>> svg_size('<svg xmlns="http://www.w3.org/2000/svg" width="432pt" height="216pt" viewBox="0 0 432 216">')
        (432.0, 216.0)
    """
    match = SVG_SIZE.search(svg[:4000])
    if not match:
        return None
    scale = 0.75 if match[2] == "px" else 1.0
    return float(match[1]) * scale, float(match[3]) * (0.75 if match[4] == "px" else 1.0)


def png_size(data: bytes) -> tuple[float, float] | None:
    """The width and height of a PNG in pixels, from its header, or None."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return float(width), float(height)


def image_markup(path: str, size: tuple[float, float] | None) -> str:
    """A figure at the full text width, or shorter when a tall figure would not fit a page.

    Example:
        >>> image_markup("/_figures/a.svg", (400.0, 300.0))
        '#align(center, image("/_figures/a.svg", width: 100%))'
        >>> image_markup("/_figures/tall.svg", (300.0, 900.0))
        '#align(center, image("/_figures/tall.svg", height: 689pt))'
    """
    if size and size[0] > 0 and size[1] / size[0] * TEXT_WIDTH_PT > TEXT_HEIGHT_PT:
        return f'#align(center, image({_quoted(path)}, height: {TEXT_HEIGHT_PT:.0f}pt))'
    return f"#align(center, image({_quoted(path)}, width: 100%))"


# ---------------------------------------------------------------------------------------
# Cells → blocks


@dataclass
class Block:
    """One piece of the PDF in order: its markup and what it is (for choosing the brief)."""

    markup: str
    kind: str  # heading, text, table, figure, output
    rows: int = 0
    section: int = 0  # the level-2 section it belongs to (0: before the first)


def _figure(output, figures: Path, root: Path, scratch: Path) -> str | None:
    name = (output.get("metadata", {}).get(FIGURE_METADATA) or {}).get("figure")
    svg = figures / f"{name}.svg" if name else None
    if svg is not None and svg.is_file():
        return image_markup("/" + svg.relative_to(root).as_posix(), svg_size(svg.read_text(encoding="utf-8")))
    data = output.get("data", {}).get("image/png")
    if not data:
        return None
    png = base64.b64decode(data if isinstance(data, str) else "".join(data))
    scratch.mkdir(parents=True, exist_ok=True)
    path = scratch / f"{uuid.uuid4().hex}.png"
    path.write_bytes(png)
    size = png_size(png)
    return image_markup("/" + path.relative_to(root).as_posix(), size)


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def cell_blocks(cell, lang: str, figures: Path, root: Path, scratch: Path) -> list[Block]:
    """The blocks one cell of an executed notebook shows, in order."""
    if set(cell.metadata.get("tags", [])) & set(SKIP_TAGS):
        return []
    if cell.cell_type == "markdown":
        return _markdown_blocks(cell.source, lang)
    if cell.cell_type != "code":
        return []
    blocks: list[Block] = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") == "stdout":
            lines = LINE_BREAK.join(string(line) for line in _text(output.get("text", "")).rstrip("\n").split("\n"))
            blocks.append(Block(f"#block(fill: luma(245), inset: 5pt, radius: 2pt, width: 100%, text(size: 8pt)[{lines}])",
                                "output"))
            continue
        data = output.get("data", {})
        if "image/png" in data or "image/svg+xml" in data:
            markup = _figure(output, figures, root, scratch)
            if markup:
                blocks.append(Block(markup, "figure"))
        elif "text/html" in data and "<table" in _text(data["text/html"]):
            for table in html_tables(_text(data["text/html"])):
                blocks.append(Block(table_markup(table), "table", rows=len(table.body)))
        elif "text/markdown" in data:
            blocks += _markdown_blocks(_text(data["text/markdown"]), lang)
    return blocks


def _markdown_blocks(markdown: str, lang: str) -> list[Block]:
    blocks = []
    for token in _markdown_parser()(markdown):
        markup = "\n".join(_blocks([token], lang))
        if not markup:
            continue
        if token["type"] == "heading":
            blocks.append(Block(markup, "heading", rows=token["attrs"]["level"]))
        else:
            blocks.append(Block(markup, "table" if token["type"] == "table" else "text"))
    return blocks


def notebook_blocks(nb, lang: str, figures: Path, root: Path, scratch: Path, *, brief: bool = False) -> list[Block]:
    """Every block of a reader's notebook, in order; for a brief, only the brief's cells."""
    cells = nb.cells
    tagged = [c for c in cells if BRIEF_TAG in c.metadata.get("tags", [])]
    if brief and tagged:
        title = [c for c in cells if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M)][:1]
        cells = [c for c in cells if c in title or c in tagged]
    blocks: list[Block] = []
    section = 0
    for cell in cells:
        for block in cell_blocks(cell, lang, figures, root, scratch):
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
    first = min((b.section for b in blocks if b.section > 0), default=0)
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


# ---------------------------------------------------------------------------------------
# The document


def page_number_markup(lang: str) -> str:
    """The footer's page number, e.g. 第3页，共4页 / Page 3 of 4, as Typst.

    Example:
        >>> page_number_markup("en")
        '#"Page "#counter(page).display()#" of "#counter(page).final().first()'
    """
    template = msg.text("report.pdf.page", lang, page="{page}", pages="{pages}")
    out = []
    for part in re.split(r"(\{page\}|\{pages\})", template):
        if part == "{page}":
            out.append("#counter(page).display()")
        elif part == "{pages}":
            out.append("#counter(page).final().first()")
        elif part:
            out.append(string(part))
    return "".join(out)


def document(blocks: list[Block], *, title: str, source_note: str, lang: str) -> str:
    """The whole Typst source of a report: page set-up, running header and footer, blocks."""
    check_lang(lang)
    header = (f"context {{ if counter(page).get().first() > 1 {{ set text(size: 7pt, fill: luma(110)); "
              f"[{string(title)}] }} }}")
    footer = (f"context {{ set text(size: 7pt, fill: luma(90)); "
              f"grid(columns: (1fr, auto), column-gutter: 8pt, [{string(source_note)}], [{page_number_markup(lang)}]) }}")
    setup = [
        f"#set document(title: {_quoted(title)}, author: \"qpanalysis\", date: none)",
        f"#set page({PAGE}, header: {header}, footer: {footer})",
        f'#set text(font: "{FONT}", size: {BODY_SIZE}, lang: "{lang}"{TEXT_OPTIONS[lang]})',
        "#set par(leading: 0.7em, spacing: 0.9em)",
        "#set heading(numbering: none)",
        "#show heading.where(level: 1): set text(size: 15pt)",
        "#show heading.where(level: 2): set text(size: 12pt)",
        "#show heading.where(level: 3): set text(size: 10.5pt)",
        "#show heading: set block(above: 1.2em, below: 0.6em)",
        f"#show raw: set text(font: ({', '.join(_quoted(f) for f in MONO_FONTS)}), size: 0.9em)",
        '#show link: set text(fill: rgb("#1f5fa8"))',
        "#set table(stroke: 0.4pt + luma(190), inset: (x: 3.5pt, y: 2.5pt))",
        "#show table.cell.where(y: 0): set text(weight: \"bold\")",
        "#set list(indent: 0.6em)",
        "#set enum(indent: 0.6em)",
    ]
    body = [block.markup for block in blocks]
    count = f"#context [#metadata(counter(page).final().first()) <{PAGES_LABEL}>]"
    return "\n".join(setup + body + [count]) + "\n"


def compile_pdf(source: str, target: Path, root: Path) -> int:
    """Compile Typst ``source`` into the PDF ``target``; return its number of pages.

    Paths in ``source`` starting with ``/`` are relative to ``root``; the source is written
    next to ``target`` as ``.typ`` while it compiles. Only the fonts shipped with the
    package (and the compiler's own) are used.

    Raises:
        RuntimeError: With the compiler's message, naming the target.
    """
    import json

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


def write_pdf(nb, target: Path, *, lang: str, title: str, source_note: str, figures: Path, root: Path,
              brief: bool = False) -> int:
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

    Returns:
        The number of pages.

    Raises:
        RuntimeError: When the compiler fails, or a brief cannot be made to fit its pages.
    """
    scratch = root / "_pdf_images" / uuid.uuid4().hex
    blocks = notebook_blocks(nb, lang, figures, root, scratch, brief=brief)
    while True:
        pages = compile_pdf(document(blocks, title=title, source_note=source_note, lang=lang), target, root)
        if not brief or pages <= BRIEF_MAX_PAGES:
            return pages
        # Too long: drop the last block of the brief that is not in its first section.
        first = min((b.section for b in blocks if b.section > 0), default=0)
        droppable = [i for i, b in enumerate(blocks) if b.section > first]
        if not droppable:
            raise RuntimeError(f"{target.name}: the brief's first section alone fills {pages} pages "
                               f"(at most {BRIEF_MAX_PAGES})")
        del blocks[droppable[-1]]
        while blocks and blocks[-1].kind == "heading":
            blocks.pop()


__all__ = ["string", "markdown_to_typst", "html_tables", "table_markup", "image_markup", "svg_size", "png_size",
           "Block", "cell_blocks", "notebook_blocks", "untagged_brief", "document", "compile_pdf", "write_pdf",
           "page_number_markup", "Table", "Cell"]
