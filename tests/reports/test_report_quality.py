"""Blemishes a reader would see in the generated reports: every table, every sentence, every PDF, the index.

The reports are those of the session's one run on the bundled list (every notebook, the
quarterly report for Q3 with a progress file, zh and en, HTML and PDF; the session fixture
``generated_reports``). Every table of every
HTML report is read with BeautifulSoup and checked for cells a reader should not see
(NaN, None, True/False), a pandas row counter, snake_case headers, internal codes in
Chinese tables and numbers with more than two decimals; every text for English sentences
in Chinese reports and Chinese without its English in English reports; every PDF for its
headline numbers, embedded fonts and A4 pages; the index page for links that resolve.

A failure lists every blemish of the report with its table, row, column and cell, so that
the report's owner can find each one.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from tests.reports import browser_support
from tests.variants import HEADER

from qpanalysis.reports import runner

JOBS = browser_support.run_jobs()
LABELS = [job.label for job in JOBS]
PDF_LABELS = [job.label for job in JOBS if job.notebook not in runner.HTML_ONLY]
# What pandas shows for a missing or boolean value when nobody formatted it.
RAW_VALUES = {"nan", "NaN", "None", "True", "False", "<NA>", "NaT", "null", "inf", "-inf"}
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
# A code as the analysis tables hold it (exact, equal-split, on track, from-breakdown):
# lowercase ASCII words only. In a Chinese table every such cell is a code left unlabelled.
CODE = re.compile(r"[a-z][a-z0-9]*(?:[ _\-+][a-z0-9]+)*")
# A number shown with more than two decimals.
UNROUNDED = re.compile(r"[-−+]?[\d,]*\.\d{3,}\s*%?")
# The English half of a bilingual label ("区农业农村委 · District Agriculture …"): the label
# gives both languages, as the explorer's cards do; it is not an English sentence.
GLOSS = re.compile(r"\s·\s[A-Za-z][^·\u3400-\u9fff]*")
# Four Latin words in a row: an English sentence (or its start).
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’\-]*){3,}")
# File names, URLs and checksums are not English sentences.
NOT_WORDS = re.compile(r"\S+\.(?:txt|csv|xlsx|md|ipynb|html|pdf|py)\b|https?://\S+|\b[0-9a-f]{8,}\b")
# A run of Chinese (with the punctuation and digits inside it).
CJK_RUN = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff\u3000-\u303f\uff00-\uffef0-9·、，。；：“”（）()%/.\-]*")
# Headers of columns that quote the list as published: Chinese there is the source, not
# an untranslated label.
QUOTED_COLUMNS = re.compile(r"as published|\(Chinese\)|原文|source line", re.I)
# The fields of the published layout: a row headed by one of them shows the list's text.
SOURCE_FIELDS = HEADER[1:]
# Headline figures of the bundled list that each PDF states, worked out by hand from
# data/raw/2026_qingpu_rural_construction_tasks.txt:
# - investment: the 9 disclosed amounts (tasks 3, 4, 6, 11, 14, 17, 27, 28, 36) add up to
#   278138 + 68916 (约) + 2808 (约) + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 361,633.24 万元;
# - the list has 41 tasks (footer 全区共涉及乡村建设任务41项);
# - workload: 21 departments (tests/analysis/test_workload.py counts them);
# - quality: 6 problems (task 23's breakdown 1001 against a stated 1000, task 28's 2025.11,
#   the aliases 建设管理委 (task 16) and 政务办 (task 21), task 31's 涉及范围 "/" and its
#   reading as district-wide from 整区 in its name);
# - quarterly: 32 milestones due in H1, 30 in Q3 and 38 in Q4 (tests/analysis/test_quarterly.py);
#   with tests/data/progress/progress_all_statuses.csv on 30 September, 3 tasks behind (5, 8
#   and 23; tests/display/test_findings_quarterly.py).
HEADLINES = {
    "01_investment.ipynb": {"zh": [r"361,633\.24"], "en": [r"361,633\.24"]},
    "02_department_workload.ipynb": {"zh": [r"41\s*项任务", r"21\s*个部门"], "en": [r"41 tasks", r"21 departments"]},
    "03_town_coverage.ipynb": {"zh": [r"41\s*项"], "en": [r"41 (?:tasks|in all)"]},
    "04_data_quality.ipynb": {"zh": [r"6\s*个问题"], "en": [r"6 problems"]},
    "05_quarterly_report.ipynb": {
        "H1": {"zh": [r"32\s*个里程碑"], "en": [r"32 milestones"]},
        "Q3": {"zh": [r"30\s*个里程碑", r"滞后\s*3\s*项"], "en": [r"30 milestones", r"behind\s+3\b"]},
        "Q4": {"zh": [r"38\s*个里程碑"], "en": [r"38 milestones"]},
    },
}
# A4 in PostScript points, as pdfinfo prints it.
A4 = "595.276 x 841.89 pts (A4)"


# --------------------------------------------------------------------------- reading


@dataclass
class SeenTable:
    """One table of a report as a reader sees it: header texts and body rows of texts."""

    number: int
    headers: list[str]
    rows: list[list[str]]
    quoted: set[tuple[int, int]] = field(default_factory=set)  # (row, column) cells quoting the source

    def where(self, row: int, column: int) -> str:
        name = self.headers[column] if column < len(self.headers) else f"column {column + 1}"
        heads = " | ".join(self.headers[:3])
        return f"table {self.number} [{heads}] row {row + 1}, column '{name}'"


@dataclass
class SeenPage:
    """A report page: its tables and its prose, one string per block."""

    tables: list[SeenTable]
    blocks: list[str]


def _soup(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(["script", "style", "code", "template"]):
        tag.decompose()
    return soup


def _cell_text(cell) -> str:
    return re.sub(r"\s+", " ", cell.get_text(" ", strip=True)).strip()


@cache
def read_page(path: Path) -> SeenPage:
    soup = _soup(path)
    tables = []
    for number, element in enumerate(soup.find_all("table"), start=1):
        thead = element.find("thead")
        header_rows = thead.find_all("tr") if thead else []
        headers = [_cell_text(c) for c in header_rows[-1].find_all(["th", "td"])] if header_rows else []
        body = element.find("tbody") or element
        trs = [tr for tr in body.find_all("tr", recursive=False) if tr.find_parent("thead") is None]
        if not thead and trs and trs[0].find("td") is None:  # no <thead>: a first row of <th> is the header
            headers, trs = [_cell_text(c) for c in trs[0].find_all(["th", "td"])], trs[1:]
        rows = [[_cell_text(c) for c in tr.find_all(["th", "td"])] for tr in trs]
        quoted = {(r, c) for r in range(len(rows)) for c, h in enumerate(headers) if QUOTED_COLUMNS.search(h)}
        for r, tr in enumerate(trs):  # a task's card: a row headed by a field of the list shows its text;
            label = tr.find("th")     # so does a row whose label says it quotes (a list's title as published)
            if label is not None and (any(name in label.get_text() for name in SOURCE_FIELDS)
                                      or QUOTED_COLUMNS.search(label.get_text())):
                quoted |= {(r, c) for c in range(1, len(rows[r]))}
        tables.append(SeenTable(number, headers, rows, quoted))
    blocks = []
    for element in soup.find_all(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "summary",
                                  "figcaption", "caption"]):
        if element.find(["p", "li", "pre"]):  # a container: its children are blocks of their own
            continue
        text = _cell_text(element)
        if text:
            blocks.append(text)
    return SeenPage(tables, blocks)


def _html(reports: Path, label: str) -> Path:
    return (reports / label).with_suffix(".html")


def _lang(label: str) -> str:
    return label.split("/")[1]


def _report(blemishes: list[str], label: str, what: str) -> None:
    shown = blemishes[:60]
    more = f"\n  … and {len(blemishes) - len(shown)} more" if len(blemishes) > len(shown) else ""
    assert not blemishes, f"{label}: {len(blemishes)} {what}:\n  " + "\n  ".join(shown) + more


# --------------------------------------------------------------------------- checks (pure)


def raw_value_blemishes(table: SeenTable) -> list[str]:
    """Cells reading NaN, None, True, False… (unformatted missing or boolean values)."""
    return [f"{table.where(r, c)}: {cell!r}" for r, row in enumerate(table.rows) for c, cell in enumerate(row)
            if cell in RAW_VALUES]


def index_column_blemishes(table: SeenTable) -> list[str]:
    """A first column that is pandas' row counter: no header and 0, 1, 2… down the rows."""
    if len(table.rows) < 2 or (table.headers and table.headers[0]):
        return []
    first = [row[0] if row else "" for row in table.rows]
    if first == [str(i) for i in range(len(first))] or first == [str(i) for i in range(1, len(first) + 1)]:
        return [f"table {table.number} [{' | '.join(table.headers[:3])}]: an unlabelled row counter "
                f"{first[:3]}… as its first column"]
    return []


def snake_case_blemishes(table: SeenTable) -> list[str]:
    return [f"table {table.number}: snake_case header {h!r}" for h in table.headers if SNAKE_CASE.search(h)]


def code_blemishes(table: SeenTable) -> list[str]:
    """Cells of a Chinese table that are internal codes (lowercase ASCII words)."""
    return [f"{table.where(r, c)}: code {cell!r}" for r, row in enumerate(table.rows) for c, cell in enumerate(row)
            if CODE.fullmatch(cell) and (r, c) not in table.quoted]


def unrounded_blemishes(table: SeenTable) -> list[str]:
    return [f"{table.where(r, c)}: {cell!r}" for r, row in enumerate(table.rows) for c, cell in enumerate(row)
            if UNROUNDED.fullmatch(cell)]


def english_in_chinese(text: str) -> list[str]:
    """English sentences (four Latin words in a row) in a text of a Chinese report.

    Example:
        >>> english_in_chinese("已披露总投资（万元）：361,633.24。See the table below for details.")
        ['See the table below for details']
        >>> english_in_chinese("来源文件：2026_qingpu_rural_construction_tasks.txt，sha256 1970cfd1")
        []
        >>> english_in_chinese("区农业农村委 · District Agriculture and Rural Affairs Commission")  # a bilingual label
        []
    """
    text = GLOSS.sub(" ", NOT_WORDS.sub(" ", text))
    return [m.group() for m in ENGLISH_RUN.finditer(text)]


def chinese_in_english(text: str) -> list[str]:
    """Chinese in a text of an English report that is neither inside brackets (the original
    after an English name) nor followed by its English in brackets.

    Example:
        >>> chinese_in_english("Task 3 “Land consolidation” (推进全域土地综合整治): 278,138")
        []
        >>> chinese_in_english("盈浦街道 (Yingpu Subdistrict) appears once"), chinese_in_english("上半年 · H1")
        ([], [])
        >>> chinese_in_english("Lead department: 区农业农村委")
        ['区农业农村委']
    """
    found = []
    for match in CJK_RUN.finditer(text):
        before, after = text[:match.start()], text[match.end():]
        inside = (before.count("(") + before.count("（") + before.count("[")
                  > before.count(")") + before.count("）") + before.count("]"))
        glossed = re.match(r"\s*[(（·]\s*[A-Za-z]", after) is not None
        if not inside and not glossed:
            found.append(match.group().strip("（）()“”：:，, "))
    return [f for f in found if f]


def pdf_fonts(path: Path) -> list[list[str]]:
    """pdffonts' rows: name, type, encoding, emb, sub, uni, object, generation."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --------------------------------------------------------------------------- tables


TABLE_CHECKS = {
    "raw values (NaN, None, True, False)": raw_value_blemishes,
    "row counters": index_column_blemishes,
    "snake_case headers": snake_case_blemishes,
    "numbers with more than two decimals": unrounded_blemishes,
}


@pytest.mark.parametrize("check", list(TABLE_CHECKS))
@pytest.mark.parametrize("label", LABELS)
def test_tables_show_no_raw_values_counters_snake_case_or_long_decimals(label, check, generated_reports):
    page = read_page(_html(generated_reports, label))
    blemishes = [b for table in page.tables for b in TABLE_CHECKS[check](table)]
    _report(blemishes, label, check)


@pytest.mark.parametrize("label", [label for label in LABELS if _lang(label) == "zh"])
def test_chinese_tables_show_no_internal_codes(label, generated_reports):
    page = read_page(_html(generated_reports, label))
    _report([b for table in page.tables for b in code_blemishes(table)], label, "internal codes in tables")


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize("label", [label for label in LABELS if _lang(label) == "zh"])
def test_chinese_reports_have_no_english_sentences(label, generated_reports):
    page = read_page(_html(generated_reports, label))
    texts = page.blocks + [cell for table in page.tables for row in [table.headers, *table.rows] for cell in row]
    found = sorted({f"{run!r} in {text[:80]!r}" for text in texts for run in english_in_chinese(text)})
    _report(found, label, "English sentences")


@pytest.mark.parametrize("label", [label for label in LABELS if _lang(label) == "en"])
def test_english_reports_have_no_untranslated_chinese(label, generated_reports):
    page = read_page(_html(generated_reports, label))
    texts = list(page.blocks) + [cell for table in page.tables for cell in table.headers]
    texts += [cell for table in page.tables for r, row in enumerate(table.rows) for c, cell in enumerate(row)
              if (r, c) not in table.quoted]
    found = sorted({f"{run!r} in {text[:80]!r}" for text in texts for run in chinese_in_english(text)})
    _report(found, label, "untranslated Chinese texts")


# --------------------------------------------------------------------------- PDFs


@pytest.mark.parametrize("label", PDF_LABELS)
def test_pdf_is_a4_with_every_font_embedded(label, generated_reports):
    pdf = _html(generated_reports, label).with_suffix(".pdf")
    assert pdf.is_file(), f"{label}: no PDF"
    info = pdf_info(pdf)
    assert info["Page size"] == A4, f"{label}: page size {info['Page size']}"
    fonts = pdf_fonts(pdf)
    assert fonts, f"{label}: no fonts"
    # The column after the encoding (Identity-H, or a named encoding) says "yes" when embedded.
    loose = [row[0] for row in fonts if "no" in row[-5:-2]]
    assert not loose, f"{label}: fonts not embedded: {loose}"
    if label.endswith(runner.QUARTERLY_NOTEBOOK):
        assert int(info["Pages"]) <= 4, f"{label}: the brief has {info['Pages']} pages"


@pytest.mark.parametrize("label", PDF_LABELS)
def test_pdf_states_its_headline_numbers_title_and_source(label, generated_reports, bundled):
    job = JOBS[LABELS.index(label)]
    text = pdf_text(_html(generated_reports, label).with_suffix(".pdf"))
    flat = re.sub(r"\s+", "", text)
    tl = bundled
    from qpanalysis.reports.page import list_name

    assert re.sub(r"\s+", "", list_name(tl, job.lang)) in flat, f"{label}: the list's name is not in the PDF"
    assert tl.sha256[:8] in text, f"{label}: the source note (checksum) is not in the PDF"
    expected = HEADLINES.get(job.notebook, {})
    if job.notebook == runner.QUARTERLY_NOTEBOOK:
        expected = expected.get(job.parameters["quarter"], {})
    missing = [pattern for pattern in expected.get(job.lang, []) if not re.search(pattern, text)]
    assert not missing, f"{label}: the PDF does not state {missing}"


# --------------------------------------------------------------------------- index


def _links(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.find_all("a", href=True)]


@cache
def _ids(path: Path) -> set[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)}


@pytest.mark.parametrize("page", ["index.html", "index_en.html"])
def test_index_links_resolve_to_files_and_anchors(page, generated_reports):
    path = generated_reports / page
    broken = []
    for href in _links(path):
        if urlparse(href).scheme:
            broken.append(f"{href} (the index links off this machine)")
            continue
        target, _, anchor = unquote(href).partition("#")
        file = (path.parent / target).resolve()
        if not file.is_file():
            broken.append(f"{href} (no such file)")
        elif anchor and anchor not in _ids(file):
            broken.append(f"{href} (no anchor #{anchor} in {target})")
    _report(broken, page, "broken links")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_index_states_the_list_findings_and_every_report_in_both_languages(lang, generated_reports, bundled):
    page = generated_reports / ("index.html" if lang == "zh" else "index_en.html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tl = bundled
    text = soup.get_text(" ")
    assert tl.sha256 in text
    findings = soup.select("ol > li")
    assert 8 <= len(findings) <= 10
    caveats = "caveats.html" if lang == "zh" else "caveats_en.html"  # the caveats log in the page's language
    assert all(li.find("a", href=re.compile(rf"^{re.escape(caveats)}#.+")) for li in findings)
    # 361,633.24 万元 (hand-worked in HEADLINES above) includes 约 amounts: the headline rounds it to
    # what the inputs support, ≈36.2 亿元 = ≈3.62 billion yuan.
    assert ("≈36.2亿元" if lang == "zh" else "≈3.62 billion yuan") in findings[0].get_text()
    links = set(_links(page))
    for label in LABELS:
        for lang_ in ("zh", "en"):
            other = label.replace(f"/{_lang(label)}/", f"/{lang_}/")
            assert str(Path(other).with_suffix(".html")) in links, f"the index does not link {other}"
            if label in PDF_LABELS:
                assert str(Path(other).with_suffix(".pdf")) in links, f"the index does not link {other} as PDF"
    assert any(href.endswith(".xlsx") for href in links) and any(href.endswith("/tasks.csv") for href in links)
