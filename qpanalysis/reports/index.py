"""The reports' front page: the list, its key findings with their caveats, every report and the downloads.

Each run writes, into its report folders, a manifest (``report.json``: the list's title
and checksum, and every report made in the folder), and into the reports folder:

- ``index.html`` (in the run's first language; ``index_<lang>.html`` for the others): the
  list's title and sha256, :data:`MOST_FINDINGS` key findings generated from the list by
  :mod:`qpanalysis.display.findings`, each linked to its entry in the caveats log, a link to
  every report of the list (HTML and PDF, in every language), the downloads (xlsx and CSV)
  and the report folders made from other lists;
- ``caveats.html``: the caveats log (``docs/assumptions_and_caveats.md``) as a page, so that
  each finding's link opens at its entry.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from qpanalysis.codes import LANGS, Period
from qpanalysis.config import CAVEATS_FILES
from qpanalysis import __version__
from qpanalysis.display import messages as msg
from qpanalysis.display.citation import citations
from qpanalysis.display.findings import coverage as coverage_findings, headlines, identity
from qpanalysis.display.findings import investment as investment_findings
from qpanalysis.display.findings import quality as quality_findings, quarterly as quarterly_findings
from qpanalysis.display.findings import workload as workload_findings
from qpanalysis.display.labels import check_lang
from qpanalysis.reports.links import CAVEATS_PAGES, caveats_page_name, safe_links
from qpanalysis.reports.page import list_name

# A run's manifest, in each report folder it publishes.
MANIFEST = "report.json"
# The caveats log as a page in each language, next to the index.
CAVEATS_PAGE = CAVEATS_PAGES["zh"]
# A link between the two caveats logs, as the Markdown files write it.
CAVEATS_FILE_LINK = re.compile(r'href="assumptions_and_caveats(\.zh)?\.md')
# Table 1 for a paper (qpanalysis.reports.table1), among a run's downloads.
TABLE1_STEM = "table1_"
# The downloads of a run, in its main report folder.
DOWNLOADS = "downloads"
# How many key findings the front page states at most, and at least (any list has at
# least this many of the candidates below that are not empty and not repeated).
MOST_FINDINGS = 10
FEWEST_FINDINGS = 8
# Candidate key findings, most important first: (findings function, section, caveat
# anchor in docs/assumptions_and_caveats.md). The first sentence of each section is taken;
# an empty section (a condition the list does not meet) or a repeated sentence is skipped.
# The page most often quoted states each headline with its convention (headlines: the
# disclosed total as multi-year project investment with ≈ and its approximate share, the
# milestones due under each reading, the towns' counts as lower bounds).
FINDINGS = (
    ("headline", "investment", "not-disclosed"),
    ("investment", "largest", "disclosed-investment-only"),
    ("investment", "towns", "town-allocation"),
    ("investment", "departments", "lead-department"),
    ("workload", "tasks", "lead-and-co-lead-departments"),
    ("coverage", "basis", "town-basis"),
    ("headline", "towns", "district-wide"),
    ("quality", "problems", "problems"),
    ("quarterly", "outside_plan_year", "outside-plan-year"),
    ("headline", "milestones", "milestone-due-dates"),
    ("quality", "totals", "totals"),
    ("investment", "funding", "funding-levels"),
    ("coverage", "unspecified", "unspecified-scope"),
    ("quality", "completeness", "none-marker-vs-empty"),
)
# The quarter whose sentences the front page states when the run made every quarter.
DEFAULT_QUARTER = Period.H1
# The caveats log rates rules with coloured circles; not every machine has an emoji font,
# so the page draws them as coloured dots.
RATINGS = {"🟢": ("green", "#1a7f37"), "🟡": ("amber", "#bf8700"), "🔴": ("red", "#cf222e")}
STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
html:lang(en) body { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; background: #fff; }
h1 { font-size: 1.6rem; margin: 0.4rem 0 1rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
dt { color: #555; } dd { margin: 0; overflow-wrap: anywhere; }
ol li { margin: 0.45rem 0; line-height: 1.55; }
a { color: #1f5fa8; } .caveat { font-size: 0.85em; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
th { background: #f3f5f8; } .lang { text-align: right; margin: 0; } code { font-size: 0.9em; }
"""


@dataclass(frozen=True)
class Finding:
    """One key finding: a Markdown sentence and the anchor of its caveat."""

    text: str
    anchor: str


def _first_line(bullets: str) -> str:
    line = next((line for line in bullets.splitlines() if line.strip()), "")
    return line[2:].strip() if line.startswith("- ") else line.strip()


def _findings_by_kind(tl, lang: str, quarter: str) -> dict[str, dict[str, str]]:
    return {
        "investment": investment_findings.investment_findings(tl, lang),
        "workload": workload_findings.workload_findings(tl, lang),
        "coverage": coverage_findings.coverage_findings(tl, lang),
        "quality": quality_findings.quality_findings(tl, lang),
        "quarterly": quarterly_findings.quarterly_findings(tl, quarter, lang=lang),
        "headline": headlines.headline_findings(tl, lang, quarter),
    }


def key_findings(tl, lang: str = "zh", quarter: str | None = None) -> list[Finding]:
    """The front page's key findings about a list, generated from it, with their caveats.

    Args:
        tl: A TaskList.
        lang: ``"zh"`` or ``"en"``.
        quarter: The quarter of the quarterly sentences (default :data:`DEFAULT_QUARTER`).

    Example:
        >>> import qpanalysis as qp
        >>> found = key_findings(qp.load(), "en")
        >>> len(found), found[0].anchor
        (10, 'not-disclosed')
        >>> print(found[0].text)  # doctest: +ELLIPSIS
        Disclosed investment: ≈3.62 billion yuan, mostly multi-year total project investment (not this year's spending), ...
    """
    check_lang(lang)
    sections = _findings_by_kind(tl, lang, quarter or DEFAULT_QUARTER)
    found: list[Finding] = []
    for kind, section, anchor in FINDINGS:
        text = _first_line(sections[kind].get(section, ""))
        if text and text not in {f.text for f in found}:
            found.append(Finding(text, anchor))
        if len(found) == MOST_FINDINGS:
            break
    return found


def sanity_check_findings(findings: list[Finding], anchors: set[str]) -> None:
    """Raise when the front page would state too few findings or link to a missing caveat.

    Example:
        >>> sanity_check_findings([Finding("a", "x")] * 8, {"y"})
        Traceback (most recent call last):
        ...
        ValueError: key findings link to caveats missing from the caveats log: ['x']
    """
    if not FEWEST_FINDINGS <= len(findings) <= MOST_FINDINGS:
        raise ValueError(f"{len(findings)} key findings; the front page states {FEWEST_FINDINGS} to {MOST_FINDINGS}")
    missing = sorted({f.anchor for f in findings} - anchors)
    if missing:
        raise ValueError(f"key findings link to caveats missing from the caveats log: {missing}")


# ---------------------------------------------------------------------------------------
# Markdown → HTML


def _markdown(text: str, inline: bool = False) -> str:
    import mistune

    rendered = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])(text)
    if inline:
        rendered = re.sub(r"^<p>(.*)</p>\s*$", r"\1", rendered.strip(), flags=re.S)
    return rendered


def caveat_anchors(markdown: str) -> set[str]:
    """The anchors (``<a id="…">``) of the caveats log.

    Example:
        >>> sorted(caveat_anchors('<a id="totals"></a><a id="problems"></a>\\n## 1. Totals'))
        ['problems', 'totals']
    """
    return set(re.findall(r'<a id="([^"]+)"', markdown))


def _page(title: str, lang: str, body: str) -> str:
    """A stand-alone page; any link in it that is not http(s), relative or an anchor is removed (defence in depth)."""
    return safe_links(
        f'<!DOCTYPE html>\n<html lang="{msg.text("report.html_lang", lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{html.escape(title)}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def caveats_page(markdown: str, lang: str = "en") -> str:
    """The caveats log as a stand-alone HTML page in ``lang`` (its anchors kept, links to the other log's page).

    Example:
        >>> page = caveats_page('# Log\\n\\n[中文版](assumptions_and_caveats.zh.md)\\n<a id="totals"></a>\\n## 1. Totals')
        >>> '<a id="totals"></a>' in page, '<title>Log</title>' in page, 'href="caveats.html"' in page
        (True, True, True)
    """
    heading = re.search(r"^# (.+)$", markdown, re.M)
    body = _markdown(markdown)
    body = CAVEATS_FILE_LINK.sub(lambda m: f'href="{caveats_page_name("zh" if m[1] else "en")}', body)
    for mark, (name, colour) in RATINGS.items():
        body = body.replace(mark, f'<span class="rating" style="color: {colour}" title="{name}">●</span>')
    return _page(heading[1].strip() if heading else "Caveats", lang, body)


# ---------------------------------------------------------------------------------------
# Manifests: what each report folder holds


def manifest(tl, folder: str, reports: list[dict], downloads: list[str] | None = None) -> dict:
    """A report folder's manifest: the list it was made from and the reports it holds.

    Args:
        tl: The TaskList of the run.
        folder: The folder's name under the reports folder (``2026``, ``2026-Q3``).
        reports: One entry per report: ``notebook``, ``quarter``, ``lang``, ``name_zh`` and
            ``name_en`` (the report's name in each language), ``title``, ``html`` and ``pdf``
            (paths relative to the folder; ``pdf`` None when none was made).
        downloads: Paths of the downloads, relative to the folder.
    """
    ident = identity.identify(tl)
    return {
        "folder": folder,
        "title": ident.title,
        "title_en": identity.list_title(tl, "en"),
        "list": {lang: list_name(tl, lang) for lang in LANGS},
        "sha256": ident.sha256,
        "plan_year": ident.plan_year,
        "source_file": ident.file,
        "reports": reports,
        "downloads": downloads or [],
    }


def write_manifest(path: Path, content: dict) -> Path:
    path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_manifests(reports_dir: Path) -> list[dict]:
    """Every manifest under ``reports_dir`` (one folder down, or two: ``compare/<pair>/``), by folder name."""
    found = []
    for path in sorted([*Path(reports_dir).glob(f"*/{MANIFEST}"), *Path(reports_dir).glob(f"*/*/{MANIFEST}")]):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):  # a half-written or foreign file: not a report folder of ours
            continue
    return found


# ---------------------------------------------------------------------------------------
# The index page


def index_name(lang: str, langs) -> str:
    """The index page's file name in ``lang``: ``index.html`` for the run's first language.

    Example:
        >>> index_name("zh", ("zh", "en")), index_name("en", ("zh", "en")), index_name("en", ("en",))
        ('index.html', 'index_en.html', 'index.html')
    """
    return {tuple(langs)[0]: "index.html"}.get(lang, f"index_{lang}.html")


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


def _report_rows(folders: list[dict], lang: str, langs) -> str:
    heads = "".join(f"<th>{html.escape(msg.text('report.language', other))}</th>" for other in langs)
    rows = []
    for entry in folders:
        by_notebook: dict[tuple, dict[str, dict]] = {}
        for report in entry["reports"]:
            by_notebook.setdefault((report["notebook"], report.get("quarter")), {})[report["lang"]] = report
        for versions in by_notebook.values():
            name = (versions.get(lang) or next(iter(versions.values())))["name_" + lang]
            cells = []
            for other in langs:
                report = versions.get(other)
                if report is None:
                    cells.append("<td>—</td>")
                    continue
                links = [_link(f"{entry['folder']}/{report['html']}", msg.text("report.index.html", lang))]
                if report.get("pdf"):
                    links.append(_link(f"{entry['folder']}/{report['pdf']}", msg.text("report.index.pdf", lang)))
                if report.get("docx"):
                    links.append(_link(f"{entry['folder']}/{report['docx']}", msg.text("report.index.docx", lang)))
                cells.append(f"<td>{' · '.join(links)}</td>")
            rows.append(f"<tr><td>{html.escape(name)}</td><td><code>{html.escape(entry['folder'])}</code></td>"
                        + "".join(cells) + "</tr>")
    return (f"<table><thead><tr><th>{html.escape(msg.text('report.index.report', lang))}</th>"
            f"<th>{html.escape(msg.text('report.index.folder', lang))}</th>{heads}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def checked_findings(tl, langs, quarter: str | None = None) -> dict[str, list[Finding]]:
    """The key findings in every language of a run, checked (:func:`sanity_check_findings`).

    Example:
        >>> import qpanalysis as qp
        >>> {lang: len(found) for lang, found in checked_findings(qp.load(), ("en",)).items()}
        {'en': 10}
    """
    anchors = set.intersection(*(caveat_anchors(path.read_text(encoding="utf-8")) for path in CAVEATS_FILES.values()))
    found = {lang: key_findings(tl, lang, quarter) for lang in langs}
    for findings in found.values():
        sanity_check_findings(findings, anchors)
    return found


def index_page(tl, manifests: list[dict], lang: str, langs, findings: list[Finding]) -> str:
    """The front page in ``lang`` for the list ``tl``, from the report folders' manifests.

    Folders made from ``tl`` (same checksum) are linked with their reports; folders made
    from other lists are listed under their own list's name.
    """
    check_lang(lang)
    ident = identity.identify(tl)
    ours = [m for m in manifests if m.get("sha256") == ident.sha256]
    others = [m for m in manifests if m.get("sha256") != ident.sha256]
    title = msg.text("report.index.title", lang, list=list_name(tl, lang))
    switch = " · ".join(_link(index_name(other, langs), msg.text("report.language", other))
                        for other in langs if other != lang)
    parts = [f'<p class="lang">{switch}</p>' if switch else "", f"<h1>{html.escape(title)}</h1>"]
    parts.append(
        "<dl>"
        f"<dt>{html.escape(msg.text('report.index.list', lang))}</dt><dd>{html.escape(identity.list_title(tl, lang))}</dd>"
        f"<dt>{html.escape(msg.text('report.index.checksum', lang))}</dt><dd><code>{html.escape(ident.sha256)}</code> "
        f"(<code>{html.escape(ident.file)}</code>)</dd>"
        f"<dt></dt><dd>{html.escape(msg.text('report.index.tasks', lang, tasks=ident.n_tasks, sections=ident.n_sections))}</dd>"
        "</dl>"
    )
    caveat = html.escape(msg.text("report.index.caveat", lang))
    items = "".join(
        f"<li>{_markdown(f.text, inline=True)} "
        f'<a class="caveat" href="{caveats_page_name(lang)}#{html.escape(f.anchor)}">{caveat}</a></li>'
        for f in findings
    )
    parts.append(f"<h2>{html.escape(msg.text('report.index.key_findings', lang))}</h2><ol>{items}</ol>")
    parts.append(f"<h2>{html.escape(msg.text('report.index.reports', lang))}</h2>{_report_rows(ours, lang, langs)}")
    downloads = []
    for entry in ours:
        files = entry.get("downloads", [])
        table1 = [p for p in files if Path(p).name.startswith(TABLE1_STEM)]
        files = [p for p in files if p not in table1]
        for kind, paths in ((msg.text("report.index.workbook", lang), [p for p in files if p.endswith(".xlsx")]),
                            (msg.text("report.index.csv", lang), [p for p in files if p.endswith(".csv")]),
                            (msg.text("report.index.table1", lang), table1)):
            if paths:
                links = " · ".join(_link(f"{entry['folder']}/{path}", Path(path).name) for path in paths)
                downloads.append(f"<li>{html.escape(kind)}: {links}</li>")
    downloads.append(f"<li>{_link(caveats_page_name(lang), msg.text('report.index.caveats_log', lang))}</li>")
    parts.append(f"<h2>{html.escape(msg.text('report.index.downloads', lang))}</h2><ul>{''.join(downloads)}</ul>")
    cited = citations(tl, lang, __version__)
    parts.append(f"<h2>{html.escape(msg.text('report.index.cite', lang))}</h2><dl>"
                 f"<dt>{html.escape(msg.text('report.index.cite.gbt7714', lang))}</dt>"
                 f"<dd class=\"citation\">{html.escape(cited['gbt7714']).replace(chr(10), '<br>')}</dd>"
                 f"<dt>{html.escape(msg.text('report.index.cite.apa', lang))}</dt>"
                 f"<dd class=\"citation\">{html.escape(cited['apa']).replace(chr(10), '<br>')}</dd></dl>")
    if others:
        rows = "".join(
            f"<li><code>{html.escape(m['folder'])}</code>: {html.escape(m.get('list', {}).get(lang) or m.get('title', ''))}"
            f" (sha256 <code>{html.escape(m.get('sha256', '')[:12])}…</code>): "
            + " · ".join(_link(f"{m['folder']}/{r['html']}", r.get("name_" + lang) or r["notebook"])
                         for r in m.get("reports", []) if r["lang"] == lang)
            + "</li>"
            for m in others
        )
        parts.append(f"<h2>{html.escape(msg.text('report.index.other_folders', lang))}</h2><ul>{rows}</ul>")
    return _page(title, lang, "\n".join(p for p in parts if p))


def write_index(reports_dir: Path, tl, langs, findings: dict[str, list[Finding]]) -> list[Path]:
    """Write the caveats pages (zh, en) and the index page in every language of the run; return the index pages.

    Args:
        reports_dir: The reports folder (its report folders hold the manifests).
        tl: The run's TaskList.
        langs: The run's languages, the first one's page being ``index.html``.
        findings: Language → key findings (:func:`checked_findings`).
    """
    reports_dir = Path(reports_dir)
    for log_lang, path in CAVEATS_FILES.items():  # both pages: each links the other
        (reports_dir / caveats_page_name(log_lang)).write_text(
            caveats_page(path.read_text(encoding="utf-8"), log_lang), encoding="utf-8")
    manifests = read_manifests(reports_dir)
    written = []
    for lang in langs:
        path = reports_dir / index_name(lang, langs)
        path.write_text(index_page(tl, manifests, lang, langs, findings[lang]), encoding="utf-8")
        written.append(path)
    return written


__all__ = ["Finding", "key_findings", "checked_findings", "sanity_check_findings", "caveat_anchors", "caveats_page", "manifest",
           "write_manifest", "read_manifests", "index_name", "index_page", "write_index", "MANIFEST", "DOWNLOADS"]
