"""A report page for one reader: its title and first heading from the loaded list, and only its language's text.

The notebooks are bilingual for the analyst who opens them (each heading ``中文 · English``,
each explanation in both languages); a report is in one language. Before an executed
notebook becomes HTML or PDF, the runner keeps, in every Markdown cell, the text of the
report's language:

- a cell tagged ``lang-zh`` (``lang-en``) is kept only in Chinese (English) reports;
- otherwise each line is cut where it changes language — at `` · `` and after a Chinese
  full stop followed by Latin text — and each piece is Chinese, English or neither by its
  letters (code, link targets and HTML tags do not count); pieces of the other language
  are dropped, a line left with none of the report's language disappears, and a list
  item whose own line was dropped takes its indented continuation line instead.

Cells tagged ``developer`` (notebook parameters, commands, names in code) are for the analyst
who opens the notebook: no report shows them.

The page's title and first heading name the report and the list (district and plan year, from
the loaded list), in the report's language only; words come from the message catalogue
(``report.page.…``).
"""

from __future__ import annotations

import copy
import re

from qpanalysis.charts.wrap import is_wide_text
from qpanalysis.display.labels import quarter_name
from qpanalysis.codes import LANGS
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import md
from qpanalysis.display.findings.identity import identify, list_title, name_in

# Chinese characters, and Latin letters: what decides a piece's language.
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
# One Chinese character says about as much as a short English word: a piece is Chinese
# when its Chinese characters, counted this many times, reach its Latin letters. English
# sentences quoting a Chinese term (总投资, 11个街镇) stay English.
LATIN_PER_CJK = 3
# Text in brackets glosses the text around it ("全区（district-wide）", "due month
# (计划完成时间)"): it does not decide the language unless there is nothing else.
BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
# Parts of a Markdown line that are not prose: inline code, link targets, HTML tags.
NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]+>")
# The Markdown of a line before its text: indentation, heading marks, a bullet or number,
# a quote mark, and a section number ("## 1. ").
PREFIX = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)?(?:\d+(?:\.\d+)*\.?\s+(?=\S))?)")
# Where a line may change language: the bilingual separators " · " and " / ", a Chinese
# sentence end followed by Latin text (possibly bold or italic), and the end of a bold
# label ("**Caveats.** 金额…", "**Tasks led**：部门…").
CUT = re.compile(r"\s*·\s+|\s+/\s+|(?<=[。！？])\s*(?=(?:\*\*|\*|_)?[A-Za-z])|(?<=[.:：。]\*\*)\s+"
                 r"|(?<=\*\*)(?=[：:])")
# A link: its text may be bilingual too ("[关联依据 · basis](…)").
LINK_TEXT = re.compile(r"\[([^\[\]]*)\](?=\()")
# Punctuation that follows the previous piece without a space.
CLOSING = "：:，,。.;；)）"
# The separator put back between two kept pieces.
JOIN = " · "
# Cell tags that keep a cell in one language's reports only.
LANG_TAG = "lang-{lang}"
# The cell tag of text for the analyst only (parameters, commands, names in code): kept in
# the notebook, left out of every page and PDF.
DEVELOPER_TAG = "developer"
# Lines that are not prose and are kept whole: table rows and HTML blocks.
VERBATIM = re.compile(r"^\s*(\||<)")
FENCE = re.compile(r"^\s*(```|~~~)")


def language(text: str) -> str | None:
    """The language of a piece of Markdown: ``"zh"``, ``"en"`` or None when it has no letters.

    Example:
        >>> language("已披露总投资"), language("Disclosed total"), language("`tl.towns` (1)")
        ('zh', 'en', None)
        >>> language("amounts written with 约 are counted at face value")
        'en'
        >>> language("**明确列出（explicit）**：涉及范围逐一写出街镇名称；"), language("**全区（district-wide）**")
        ('zh', 'zh')
    """
    prose = NOT_PROSE.sub(" ", text)
    outside = BRACKETED.sub(" ", prose)
    if CJK.search(outside) or LATIN.search(outside):
        prose = outside
    cjk, latin = len(CJK.findall(prose)), len(LATIN.findall(prose))
    if not cjk and not latin:
        return None
    return "zh" if cjk * LATIN_PER_CJK >= latin else "en"


def _cuts(text: str) -> list[tuple[str, str]]:
    """``(separator before, piece)`` of a line's text cut where it may change language.

    No cut falls inside a link's text; a cut inside bold text closes the bold before it
    and opens it again after.
    """
    bounds, separators = [0], [""]
    for match in CUT.finditer(text):
        before = text[:match.start()]
        if before.count("[") > before.count("]"):
            continue
        bounds += [match.start(), match.end()]
        separators.append(match.group())
    bounds.append(len(text))
    pieces = []
    for index, separator in enumerate(separators):
        start, end = bounds[2 * index], bounds[2 * index + 1]
        piece = text[start:end]
        inside = text[:start].count("**") % 2 == 1
        if inside:
            piece = "**" + piece
        if text[:end].count("**") % 2 == 1:
            piece += "**"
        if piece.strip() and piece.strip() != "****":
            pieces.append((separator, piece))
    return pieces


def _link_text(text: str, lang: str) -> str:
    """A link's text in ``lang`` when it gives both languages, else as written."""
    kept = [piece.strip() for _, piece in _cuts(text) if language(piece) in (None, lang)]
    return JOIN.join(kept) if kept else text


def _line(line: str, lang: str) -> str | None:
    """One Markdown line in ``lang``: None when it has none of that language's text."""
    if not line.strip() or VERBATIM.match(line):
        return line
    line = LINK_TEXT.sub(lambda m: f"[{_link_text(m.group(1), lang)}]", line)
    prefix = PREFIX.match(line).group(1)
    pieces = _cuts(line[len(prefix):])
    kinds = [language(piece) for _, piece in pieces]
    if all(kind in (None, lang) for kind in kinds):
        return line
    if not any(kind == lang for kind in kinds):
        return None
    text, previous = "", -2
    for index, ((separator, piece), kind) in enumerate(zip(pieces, kinds)):
        if kind not in (None, lang):
            continue
        piece = piece.strip()
        if text and previous == index - 1 and separator.strip() in ("·", "/"):
            text += JOIN
        elif text and not (is_wide_text(text[-1]) and is_wide_text(piece[:1])) and piece[:1] not in CLOSING:
            text += " "
        text += piece
        previous = index
    return prefix + text


def in_language(markdown: str, lang: str) -> str:
    """The Markdown of a bilingual cell as a reader of ``lang`` sees it.

    Example:
        >>> cell = "## 1. 已披露总投资 · Disclosed total\\n\\n总额为披露金额之和。\\n\\nThe total of the stated amounts."
        >>> print(in_language(cell, "en"))
        ## 1. Disclosed total
        <BLANKLINE>
        The total of the stated amounts.
        >>> print(in_language("**注意 · Caveats.** 金额未知。Amounts are unknown.", "zh"))
        **注意** 金额未知。
        >>> print(in_language("- **牵头 · Lead**：第一个部门。\\n  The first department.\\n- 其余 · The others", "en"))
        - **Lead**
          The first department.
        - The others
    """
    check_lang(lang)
    out: list[str] = []
    pending: str | None = None  # the bullet of a list item whose own text was dropped
    fenced = False
    for line in markdown.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        shown = _line(line, lang)
        prefix = PREFIX.match(line).group(1)
        is_item = bool(re.match(r"^\s*([-*+]|\d+[.)])\s", prefix))
        continuation = bool(line[:1].isspace()) and not is_item and line.strip()
        if pending is not None and continuation:
            if shown is not None:
                out.append(pending + shown.strip())
                pending = None
            continue
        pending = None
        if shown is None:
            if is_item:
                pending = prefix
            continue
        if is_item and shown.strip() == prefix.strip():
            pending = prefix
            continue
        out.append(shown)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def report_name(heading: str, lang: str, quarter: str | None = None) -> str:
    """The report's name in ``lang`` from a notebook's bilingual first heading (and its quarter).

    Example:
        >>> report_name("季度进度报告 · Quarterly progress report", "en", "Q3")
        'Quarterly progress report (third quarter)'
        >>> report_name("投资分析 · Investment analysis", "zh")
        '投资分析'
    """
    # The heading names the report in the languages of codes.LANGS, in that order; a
    # language it does not name gets the first name.
    names = [part.strip() for part in heading.split(" · ", len(LANGS) - 1)]
    position = LANGS.index(check_lang(lang))
    name = names[position] if position < len(names) and names[position] else names[0]
    if quarter:
        name = msg.text("report.page.name_with_quarter", lang, name=name, quarter=quarter_name(quarter, lang))
    return name


def list_name(tl, lang: str) -> str:
    """The list a report describes, by district and plan year, from the loaded list.

    Example:
        >>> import qpanalysis as qp
        >>> list_name(qp.load(), "zh"), list_name(qp.load(), "en")
        ('青浦区2026年度任务清单', 'Qingpu District 2026 task list')
    """
    ident = identify(tl)
    if ident.district:
        district = name_in("district", ident.district, lang, markdown=False)
        return msg.text("report.page.list_with_district", lang, district=district, year=ident.plan_year)
    return msg.text("report.page.list_without_district", lang, title=list_title(tl, lang), year=ident.plan_year)


def page_title(tl, heading: str, lang: str, quarter: str | None = None) -> str:
    """A report's title and first heading: the report and the list, in ``lang`` only.

    Example:
        >>> import qpanalysis as qp
        >>> page_title(qp.load(), "投资分析 · Investment analysis", "en")
        'Investment analysis · Qingpu District 2026 task list'
        >>> page_title(qp.load(), "季度进度报告 · Quarterly progress report", "zh", "H1")
        '季度进度报告（上半年） · 青浦区2026年度任务清单'
    """
    return msg.text("report.page.title", lang, report=report_name(heading, check_lang(lang), quarter),
                    list=list_name(tl, lang))


def first_heading(nb) -> str | None:
    """The text of a notebook's first level-1 Markdown heading, or None.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 数据质量 · Data quality\\n\\ntext")])
        >>> first_heading(nb)
        '数据质量 · Data quality'
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return None


def for_reader(nb, lang: str, title: str):
    """A copy of an executed notebook as a reader of ``lang`` sees it, titled ``title``.

    The title goes into the notebook's metadata (nbconvert's page ``<title>``) and, escaped
    for Markdown (it may quote the list's title), replaces the text of the first level-1
    heading; every Markdown cell keeps only ``lang``'s text, and cells tagged for the other
    language or :data:`DEVELOPER_TAG`, or left empty, go.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[
        ...     nbformat.v4.new_markdown_cell("# 数据质量 · Data quality\\n\\n说明。\\n\\nExplained."),
        ...     nbformat.v4.new_markdown_cell("Only English.", metadata={"tags": ["lang-en"]}),
        ...     nbformat.v4.new_markdown_cell("`tl.problems`", metadata={"tags": ["developer"]})])
        >>> page = for_reader(nb, "zh", "数据质量 · 某区2027年度任务清单")
        >>> page.metadata["title"], [c.source for c in page.cells]
        ('数据质量 · 某区2027年度任务清单', ['# 数据质量 · 某区2027年度任务清单\\n\\n说明。'])
    """
    check_lang(lang)
    page = copy.deepcopy(nb)
    page.metadata["title"] = title
    other = [LANG_TAG.format(lang=other) for other in LANGS if other != lang] + [DEVELOPER_TAG]
    cells, titled = [], False
    for cell in page.cells:
        if set(cell.metadata.get("tags", [])) & set(other):
            continue
        if cell.cell_type == "markdown":
            source = in_language(cell.source, lang)
            if not titled and re.search(r"^# ", source, re.M):
                source = re.sub(r"^# .*$", lambda _: f"# {md(title)}", source, count=1, flags=re.M)
                titled = True
            cell.source = source
            if not source.strip():
                continue
        cells.append(cell)
    page.cells = cells
    return page


__all__ = ["language", "in_language", "report_name", "list_name", "page_title", "first_heading", "for_reader",
           "DEVELOPER_TAG"]
