"""Markdown (of the notebooks' cells and outputs) as Typst: headings, paragraphs, lists, code, quotes and tables.

Text becomes Typst strings (:func:`qpanalysis.reports.typst.text.string`), so nothing a
list holds is read as Typst markup; links to other files become plain text (a PDF travels
without its folder), links to the web stay links; inline HTML (anchors) shows nothing.
"""

from __future__ import annotations

from qpanalysis.display.labels import check_lang
from qpanalysis.reports.typst.tables import Cell, Table, table_markup
from qpanalysis.reports.typst.text import LINE_BREAK, content, quoted, string
from qpanalysis.widths import is_wide

# Markdown's inline emphasis and the Typst function that sets it.
INLINE_FUNCTIONS = {"strong": "strong", "emphasis": "emph", "strikethrough": "strike"}
# URL schemes a PDF may link to; links to files beside the report become plain text.
LINK_SCHEMES = ("http://", "https://", "mailto:")
# The rule under a thematic break (---).
RULE = "#line(length: 100%, stroke: 0.4pt + luma(180))"


def markdown_parser():
    """mistune's Markdown parser as the PDF reads Markdown: tokens (no HTML), with tables and strikethrough."""
    import mistune

    return mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])


def _plain(token) -> str:
    """The text of an inline token and its children, without markup."""
    return token.get("raw") or "".join(_plain(child) for child in token.get("children", []))


def break_is_space(before: str, after: str) -> bool:
    """Whether a line break in the source reads as a space: not between two wide East Asian
    characters, which are written without spaces (the CSS Text rule for segment breaks).

    Example:
        >>> break_is_space("任务", "共计"), break_is_space("tasks", "in all"), break_is_space("总投资", "is")
        (False, True, True)
    """
    return not (before and after and is_wide(before[-1]) and is_wide(after[0]))


def _children(token) -> str:
    return inline(token.get("children", []))


def _emphasis(token) -> str:
    return f"#{INLINE_FUNCTIONS[token['type']]}{content(_children(token))}"


def _link(token) -> str:
    url = token.get("attrs", {}).get("url", "")
    return f"#link({quoted(url)}){content(_children(token))}" if url.startswith(LINK_SCHEMES) else _children(token)


# Inline token → its Typst (a soft break depends on its neighbours: see inline()).
INLINE = {
    "text": lambda token: string(token["raw"]),
    **{kind: _emphasis for kind in INLINE_FUNCTIONS},
    "codespan": lambda token: f"#raw({quoted(token['raw'])})",
    "link": _link,
    "image": _children,
    "linebreak": lambda token: LINE_BREAK,
}


def inline(tokens) -> str:
    """Inline tokens (mistune's) as Typst markup; a soft line break is a space except between Chinese characters."""
    out = []
    for position, token in enumerate(tokens):
        if token["type"] == "softbreak":
            before = _plain(tokens[position - 1]) if position else ""
            after = _plain(tokens[position + 1]) if position + 1 < len(tokens) else ""
            out.append(string(" ") if break_is_space(before, after) else "")
        elif token["type"] in INLINE:
            out.append(INLINE[token["type"]](token))
    return "".join(out)


def _list(token) -> str:
    items = ", ".join(content("\n".join(blocks(item["children"]))) for item in token["children"])
    if token["attrs"].get("ordered"):
        return f"#enum(tight: true, start: {token['attrs'].get('start', 1) or 1}, {items})"
    return f"#list(tight: true, {items})"


def markdown_table(token) -> Table:
    """A Markdown table token as the PDF lays it out, cells as inline markup, right-aligned columns kept."""
    table = Table()
    for part in token["children"]:
        head = part["type"] == "table_head"
        rows = [part["children"]] if head else [row["children"] for row in part["children"]]
        for cells in rows:
            (table.header if head else table.body).append([Cell(inline(cell["children"])) for cell in cells])
            table.right |= {i for i, cell in enumerate(cells) if cell["attrs"].get("align") == "right"}
    return table


# Block token → its Typst; blank lines and HTML blocks (anchors) show nothing.
BLOCKS = {
    "heading": lambda token: f"#heading(level: {token['attrs']['level']}){content(_children(token))}",
    "paragraph": lambda token: f"#par{content(_children(token))}",
    "block_text": _children,
    "list": _list,
    "block_code": lambda token: f"#raw(block: true, {quoted(token['raw'].rstrip())})",
    "block_quote": lambda token: f"#quote(block: true){content(chr(10).join(blocks(token['children'])))}",
    "thematic_break": lambda token: RULE,
    "table": lambda token: table_markup(markdown_table(token)),
}


def blocks(tokens) -> list[str]:
    """Block tokens (mistune's) as Typst markup, one string a block."""
    return [BLOCKS[token["type"]](token) for token in tokens if token["type"] in BLOCKS]


def top_blocks(markdown: str) -> list[tuple[str, int, str]]:
    """The top-level blocks of Markdown as ``(kind, heading level or 0, Typst markup)``.

    ``kind`` is ``"heading"``, ``"table"`` or ``"text"``; blocks that show nothing are left out.

    Example:
        >>> for block in top_blocks("## 2. 图\\n\\n共*41*项\\n\\n| a |\\n|--:|\\n| 1 |"):
        ...     print(block)
        ('heading', 2, '#heading(level: 2)[#"2. 图"]')
        ('text', 0, '#par[#"共"#emph[#"41"]#"项"]')
        ('table', 0, '#block(breakable: false, width: 100%, text(size: 8pt, table(columns: 1, align: (right,), table.header(repeat: true, [#strong[#"a"]]), [#"1"])))')
    """
    out = []
    for token in markdown_parser()(markdown):
        markup = "\n".join(blocks([token]))
        if not markup:
            continue
        kind = token["type"] if token["type"] in ("heading", "table") else "text"
        out.append((kind, token["attrs"]["level"] if kind == "heading" else 0, markup))
    return out


def markdown_to_typst(markdown: str, lang: str) -> str:
    """Markdown as Typst markup (text as strings, so nothing in it is read as markup).

    Example:
        >>> print(markdown_to_typst("## 1. 总额\\n\\n**约**数 `x` [说明](../docs/a.md#b)", "zh"))
        #heading(level: 2)[#"1. 总额"]
        #par[#strong[#"约"]#"数 "#raw("x")#" "#"说明"]
    """
    check_lang(lang)
    return "\n".join(blocks(markdown_parser()(markdown)))


__all__ = ["markdown_to_typst", "markdown_parser", "top_blocks", "inline", "blocks", "markdown_table", "break_is_space"]
