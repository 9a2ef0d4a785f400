"""Links of a published report: rewritten to resolve from its folder, and none but http(s) and relative ones in its HTML."""

from __future__ import annotations

import copy
import os
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

# A link from notebooks/ to a project folder: Markdown ``](../docs/…)`` and HTML
# ``href="../data/…"`` / ``src="../figures/…"``. The notebooks link so, to open in JupyterLab
# from notebooks/; an executed copy published in reports/<run>/<lang>/ needs another prefix.
PROJECT_LINK = re.compile(r'(\]\(|href="|src=")\.\./(?=(?:docs|data|figures|notebooks)/)')
# Output formats whose text may hold links.
LINKED_OUTPUTS = ("text/markdown", "text/html")


# A link to the caveats log (either language's Markdown file): a published page links the
# log's HTML page in its own language instead, inside the reports folder.
CAVEATS_LINK = re.compile(r'(\]\(|href=")\.\./docs/assumptions_and_caveats(?:\.zh)?\.md(?=[#)"])')
# The caveats pages beside the index, by language (written by qpanalysis.reports.index).
CAVEATS_PAGES = {"zh": "caveats.html", "en": "caveats_en.html"}
# Where a run keeps a copy of the list its reports link to, inside the reports folder:
# lists/<first 12 hex digits of its sha256>/<file name>.
LISTS_FOLDER = "lists"


def caveats_page_name(lang: str) -> str:
    """The caveats page of ``lang`` (the Chinese page for a language without a log of its own).

    Example:
        >>> caveats_page_name("en"), caveats_page_name("zh")
        ('caveats_en.html', 'caveats.html')
    """
    return CAVEATS_PAGES.get(lang, CAVEATS_PAGES["zh"])


def list_copy(sha256: str, name: str) -> str:
    """Where a list is copied in the reports folder, relative to it.

    Example:
        >>> list_copy("1970cfd1c6eda8fbefd902890df3fb0d", "list.txt")
        'lists/1970cfd1c6ed/list.txt'
    """
    return f"{LISTS_FOLDER}/{sha256[:12]}/{name}"


def rewrite(text: str, prefix: str, lang: str | None = None, to_reports: str | None = None,
            source: tuple[str, str] | None = None) -> str:
    """``text`` with every project link from notebooks/ made to resolve from a published page.

    Args:
        text: Markdown or HTML written in notebooks/.
        prefix: The relative path from the page's folder to the project folder.
        lang: The page's language: with ``to_reports``, caveats links go to its caveats page.
        to_reports: The relative path from the page's folder to the reports folder.
        source: ``(href as the notebook wrote it, copy relative to the reports folder)``: the
            link to the list the page was made from goes to its copy in the reports folder.

    Example:
        >>> rewrite("[说明](../docs/assumptions_and_caveats.md#town-basis)", "../../..")
        '[说明](../../../docs/assumptions_and_caveats.md#town-basis)'
        >>> rewrite("[说明](../docs/assumptions_and_caveats.md#town-basis)", "../../..", "zh", "../..")
        '[说明](../../caveats.html#town-basis)'
        >>> rewrite('<a href="../data/raw/list.txt">list.txt:53</a> (../docs/x.md)', "../..")
        '<a href="../../data/raw/list.txt">list.txt:53</a> (../docs/x.md)'
        >>> rewrite('<a href="../../tmp/l.txt">l.txt:5</a>', "../..", "en", "../..", ("../../tmp/l.txt", "lists/ab/l.txt"))
        '<a href="../../lists/ab/l.txt">l.txt:5</a>'
    """
    if to_reports is not None and lang is not None:
        text = CAVEATS_LINK.sub(lambda m: f"{m[1]}{to_reports}/{caveats_page_name(lang)}", text)
    if source is not None and to_reports is not None:
        written, copy_ = source
        text = text.replace(f'href="{written}"', f'href="{to_reports}/{copy_}"').replace(
            f"]({written})", f"]({to_reports}/{copy_})")
    return PROJECT_LINK.sub(lambda m: f"{m[1]}{prefix}/", text)


def prefix_for(folder: Path, root: Path) -> str:
    """The relative path from ``folder`` (where a notebook is published) to the project ``root``.

    Example:
        >>> prefix_for(Path("/p/reports/2026/zh"), Path("/p"))
        '../../..'
    """
    return Path(os.path.relpath(root, folder)).as_posix()


def _rewrite_source(text, prefix: str, **kwargs):
    if isinstance(text, list):
        return [rewrite(part, prefix, **kwargs) for part in text]
    return rewrite(text, prefix, **kwargs)


def rewrite_notebook(nb, folder: Path, root: Path, lang: str | None = None, reports_dir: Path | None = None,
                     source: tuple[str, str] | None = None):
    """A copy of an executed notebook whose project links resolve from ``folder``.

    Markdown cells and the Markdown and HTML outputs of code cells (tables with links to the
    source file, generated findings) are rewritten; code and everything else are kept. Given
    ``lang`` and ``reports_dir``, links to the caveats log and (with ``source``) to the list
    stay inside the reports folder, so that it can be copied or zipped as it is.

    Args:
        nb: The executed notebook (an ``nbformat`` node, or a dict of the same shape).
        folder: The folder the notebook is published in, e.g. ``reports/2026/zh``.
        root: The project folder holding docs/, data/ and figures/ (or the copy of them
            next to the reports, when the package is installed).
        lang: The report's language.
        reports_dir: The reports folder the page is published in.
        source: See :func:`rewrite`.

    Example:
        >>> nb = {"cells": [{"cell_type": "markdown", "source": "[a](../docs/a.md)"},
        ...                 {"cell_type": "code", "source": "x = '../docs/a.md'", "outputs": [
        ...                     {"output_type": "display_data", "data": {"text/markdown": "[b](../docs/b.md)"}}]}]}
        >>> out = rewrite_notebook(nb, Path("/p/reports/2026/en"), Path("/p"))
        >>> out["cells"][0]["source"], out["cells"][1]["source"], out["cells"][1]["outputs"][0]["data"]["text/markdown"]
        ('[a](../../../docs/a.md)', "x = '../docs/a.md'", '[b](../../../docs/b.md)')
    """
    prefix = prefix_for(Path(folder), Path(root))
    to_reports = prefix_for(Path(folder), Path(reports_dir)) if reports_dir is not None else None
    kwargs = {"lang": lang, "to_reports": to_reports, "source": source}
    out = copy.deepcopy(nb)
    for cell in out["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = _rewrite_source(cell["source"], prefix, **kwargs)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for kind in LINKED_OUTPUTS:
                if kind in data:
                    data[kind] = _rewrite_source(data[kind], prefix, **kwargs)
    return out


# ---------------------------------------------------------------------------------------
# Defence in depth: no link of a published page runs code or leaves for another scheme.
# Text from the list is escaped before it enters Markdown (qpanalysis.display.markup); should
# anything still reach a page's HTML as a link, the page keeps it only if it is safe.

# Attributes whose value a browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
                            "cite", "longdesc", "manifest", "srcset", "ping"})
# The schemes a report may link to; a URL without a scheme (relative, "#anchor", "//host")
# stays as well.
SAFE_SCHEMES = frozenset({"http", "https"})
# Images embedded in the page (nbconvert embeds every figure as a data: URL of an <img>).
DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)
# A URL's scheme, after what browsers ignore: leading spaces and control characters, and
# tabs and line breaks anywhere ("java\tscript:" is javascript:).
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
IGNORED_IN_URL = re.compile(r"[\t\n\r]")
LEADING_IGNORED = "".join(map(chr, range(0x21)))
# An srcset's candidates: "a.png 1x, b.png 2x".
SRCSET_SPLIT = re.compile(r",\s+")


def safe_url(url: str, attribute: str = "href", tag: str = "a") -> bool:
    r"""Whether a URL may stay in a report: http(s), relative or an anchor (an <img>'s data:image too).

    ``url`` is the attribute's value as the browser reads it (character references
    already decoded).

    Example:
        >>> [safe_url(u) for u in ["https://x.org", "../docs/a.md#b", "#top", "//cdn.org/x.js", "a:b/c.html"]]
        [True, True, True, True, False]
        >>> [safe_url(u) for u in ["javascript:alert(1)", " JaVa\tScRiPt:x", "vbscript:x", "data:text/html,x", "mailto:a@b"]]
        [False, False, False, False, False]
        >>> safe_url("data:image/png;base64,AAAA", "src", "img"), safe_url("data:image/png;base64,AAAA", "href", "a")
        (True, False)
    """
    value = IGNORED_IN_URL.sub("", url).lstrip(LEADING_IGNORED)
    if attribute == "srcset":
        return all(safe_url(part.strip().split(" ")[0], "src", tag) for part in SRCSET_SPLIT.split(value) if part.strip())
    if tag == "img" and attribute == "src" and DATA_IMAGE.match(value):
        return True
    scheme = SCHEME.match(value)
    if scheme is None:
        return True
    # "a:b/c.html" is a scheme to a browser, but "a/b:c" is a relative path.
    return scheme.group(1).lower() in SAFE_SCHEMES


class _LinkFinder(HTMLParser):
    """Start tags with an unsafe URL attribute: their position and the tag rebuilt without it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, str]] = []

    def _tag(self, tag, attrs, closed: bool):
        bad = [name for name, value in attrs
               if name in URL_ATTRIBUTES and value is not None and not safe_url(value, name, tag)]
        if not bad:
            return
        kept = "".join(f" {name}" if value is None else f' {name}="{escape(value)}"'
                       for name, value in attrs if name not in bad)
        self.found.append((self.getpos(), self.get_starttag_text(), f"<{tag}{kept}{' /' if closed else ''}>"))

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, True)


def safe_links(html: str) -> str:
    """The HTML with every URL attribute that is not http(s), relative or an anchor removed.

    ``href``, ``src``, ``action`` and the like (:data:`URL_ATTRIBUTES`) are checked with
    :func:`safe_url`; a tag with an unsafe one is written again without it (its element
    and text stay), and the rest of the page is left byte for byte. Script and style
    contents are not markup and are left alone.

    Example:
        >>> safe_links('<p><a href="javascript:alert(1)" title="x">点我</a> <a href="../a.html">a</a></p>')
        '<p><a title="x">点我</a> <a href="../a.html">a</a></p>'
        >>> safe_links('<img src="data:image/png;base64,AA"><iframe src="&#106;avascript:x"></iframe>')
        '<img src="data:image/png;base64,AA"><iframe></iframe>'
    """
    finder = _LinkFinder()
    finder.feed(html)
    finder.close()
    if not finder.found:
        return html
    starts = [0]
    for line in html.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out, done = [], 0
    for (line, offset), raw, rebuilt in finder.found:
        position = starts[line - 1] + offset
        assert html.startswith(raw, position), (position, raw)
        out += [html[done:position], rebuilt]
        done = position + len(raw)
    out.append(html[done:])
    return "".join(out)


def unsafe_links(html: str) -> list[str]:
    """The start tags of an HTML page holding a URL that :func:`safe_links` would remove.

    Example:
        >>> unsafe_links('<a href="javascript:x">a</a><a href="https://x.org">b</a>')
        ['<a href="javascript:x">']
    """
    finder = _LinkFinder()
    finder.feed(html)
    finder.close()
    return [raw for _, raw, _ in finder.found]
