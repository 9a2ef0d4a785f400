"""Text from a task list put into Markdown so that it shows as written and is never read as markup or HTML.

A task name, a department, a town or any text of the list may hold characters that
Markdown reads as markup: ``[x](javascript:…)`` would become a live link in the HTML
report, ``*…*`` emphasis, ``<script>`` an HTML element, ``# …`` or ``1. …`` at the start of
a bullet a heading or a list. Every sentence that puts list text into Markdown (the
findings of :mod:`qpanalysis.display.findings`, the reports' titles) passes it through
:func:`md` (or :func:`code` inside a code span):

- every character that Markdown reads as markup anywhere in a line gets a backslash: the
  inline syntax (emphasis, code, links, images, HTML, entities), GFM strikethrough and
  table cells, nbconvert's math (``$``, ``{}``, ``\\(``) and its links of bare URLs (``:``
  before ``//``); so does a first character that would start a block (a heading, quote
  or list: ``#``, ``>``, ``+``, ``-``, or the ``.`` or ``)`` after leading digits) and an
  opening bracket that could follow the report's own ``]``. These are CommonMark's backslash escapes, which
  every renderer of the package undoes: nbconvert and mistune in HTML (where ``<``, ``>``
  and ``&`` come out as ``&lt;``, ``&gt;`` and ``&amp;``), and mistune's tokens in the PDF,
  which then hold the characters themselves, without backslashes;
- a line break becomes a space: a bullet is one line, and HTML shows a line break inside
  a paragraph as a space anyway.

Other punctuation (``2025.11``, ``停车场(点)``) is left as written, so that the Markdown
stays readable; so are letters, digits, spaces and every non-ASCII character (Chinese
text, full-width punctuation).
"""

from __future__ import annotations

import re

# The characters Markdown may read as markup wherever they stand: inline syntax (\\ ` * _
# [ ] < > &), GFM strikethrough (~) and table cells (|), and nbconvert's math ($, and { }
# of \begin{…}). Each is written with a backslash, which CommonMark allows before any
# ASCII punctuation.
MARKDOWN_SPECIAL = frozenset("\\`*_[]<>&~$|{}")
# Brackets that nbconvert reads as math after a backslash (\( … \)): escaped there.
AFTER_BACKSLASH = frozenset("()")
# The colon of a bare URL: nbconvert makes "http://…" found in text a link, backslashes
# and all; escaped before "//".
URL_COLON = ":"
# First characters (after any spaces) that start a block, a heading, quote or list item,
# or, after the report's own "]", a link: escaped when the text starts with one.
BLOCK_STARTS = frozenset("#>+-(")
# Up to nine digits and "." or ")" before a space start an ordered list item: the "." or ")" is escaped.
ORDERED_ITEM = re.compile(r"\d{1,9}(?=[.)](?:\s|$))")
# Line breaks of any kind (CRLF, CR, LF, vertical tab, form feed, NEL, Unicode line and
# paragraph separators): a Markdown sentence is one line.
LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
# The backticks of a code span: a run longer than any in the text, so none closes it early.
BACKTICKS = re.compile(r"`+")


def md(text) -> str:
    r"""Text as Markdown that shows exactly this text: markup characters escaped, line breaks as spaces.

    Example:
        >>> print(md("[点我](javascript:alert(1))"))
        \[点我\](javascript:alert(1))
        >>> print(md("*强调*"), md("<script>"), md("a & b"), md("1. 第一"), md(" # 标题"), md("(x)"), md("-1"))
        \*强调\* \<script\> a \& b 1\. 第一  \# 标题 \(x) \-1
        >>> md("完善乡村停车场(点)"), md("2025.11"), md("改造(公里):2.2"), md("第一行\r\n第二行")
        ('完善乡村停车场(点)', '2025.11', '改造(公里):2.2', '第一行 第二行')
        >>> print(md("http://x.org"))
        http\://x.org
    """
    text = LINE_BREAK.sub(" ", str(text))
    escaped = "".join(
        "\\" + character if character in MARKDOWN_SPECIAL
        or (character in AFTER_BACKSLASH and text[i - 1:i] == "\\")
        or (character == URL_COLON and text[i + 1:i + 3] == "//")
        else character for i, character in enumerate(text)
    )
    lead = len(escaped) - len(escaped.lstrip())
    digits = ORDERED_ITEM.match(escaped, lead)
    if digits:
        cut = digits.end()  # 1. → 1\.
    elif escaped[lead:lead + 1] in BLOCK_STARTS:
        cut = lead  # # → \#
    else:
        return escaped
    return escaped[:cut] + "\\" + escaped[cut:]


def code(text) -> str:
    """Text as a Markdown code span that shows exactly this text, whatever backticks it holds.

    The span's backticks outnumber the longest run inside it; a space pads text that
    begins or ends with a backtick (CommonMark strips one such space from each side).

    Example:
        >>> print(code("list.txt"), code("a`b"), code("`x"))
        `list.txt` ``a`b`` `` `x ``
    """
    text = LINE_BREAK.sub(" ", str(text))
    fence = "`" * (max((len(run) for run in BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def show(markdown: str) -> None:
    """Show generated Markdown (findings, a list's identity) as a notebook cell's output.

    The reports' sentences are Markdown built by :mod:`qpanalysis.display.findings`, with
    list text escaped by :func:`md`; shown this way, nbconvert renders them as Markdown in
    the HTML report and the PDF reads them from the cell's ``text/markdown`` output.
    Outside a notebook, IPython prints the object's plain text.
    """
    from IPython.display import Markdown, display

    display(Markdown(markdown))


__all__ = ["md", "code", "show", "MARKDOWN_SPECIAL"]
