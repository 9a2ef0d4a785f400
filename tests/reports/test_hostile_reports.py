"""Reports of a list with hostile task names: every name shown as written, no live link or script, every CSV safe.

``tests.variants.write_hostile`` writes the bundled list as CSV with nine hostile task
names (a Markdown link to javascript:, Markdown emphasis, an HTML script, spreadsheet
formulas, a formula behind a carriage return or a line feed, a full-width ＝, and math
that Markdown and matplotlib would read, on a task drawn in the charts). One runner
call makes the investment report and the Q3 quarterly report in Chinese (two notebooks,
with their PDFs), with the downloads and the index. The English findings quote the same
names through the same escaping, checked in the renderers the reports use, HTML and PDF
(tests/display/test_markup.py); the English reports run end to end on the bundled list
and on a variant (tests/reports/test_variants.py). Then:

- no page holds a link or source that is not http(s), relative or an anchor, and no
  script from the list;
- every name the report's findings quote (task 3, the largest amount, in the investment
  report; task 4, several percentages in one milestone, and task 28, due before the plan
  year, in the quarterly report) is in a bullet of the findings, as written, and is
  neither a link nor emphasis; every hostile name a page shows is shown as written; so
  does the PDF, without the backslashes of the Markdown escapes;
- every CSV the run wrote (downloads and figures) is read as a spreadsheet reads it: one
  row per table row, no cell that would run as a formula; the workbook holds no formula.
"""

from __future__ import annotations

import re
import subprocess

import openpyxl
import pytest
from bs4 import BeautifulSoup
from tests.export.test_safe import assert_safe_csv
from tests.variants import HOSTILE_NAMES, write_hostile

from qpanalysis.reports import runner
from qpanalysis.reports.links import unsafe_links
from tests.programs import program

NOTEBOOKS = ("01_investment.ipynb", "05_quarterly_report.ipynb")
# One language end to end (the other's findings: tests/display/test_markup.py).
LANGS = ("zh",)
# Report page → the tasks its findings name (see the module docstring).
NAMED_IN_FINDINGS = {"2026/{lang}/01_investment.html": (3,), "2026-Q3/{lang}/05_quarterly_report.html": (4, 28)}
# The PDFs quote fewer: the quarterly report's PDF is its brief, whose summary names task 28
# (due before the plan year) but not task 4.
NAMED_IN_PDF = {"2026/{lang}/01_investment.html": (3,), "2026-Q3/{lang}/05_quarterly_report.html": (28,)}
# Names that would be markup, and the script the list holds.
MARKUP_NAMES = (3, 4, 28)
SCRIPT = "alert(1)"

pytestmark = pytest.mark.slow


def _plain(text: str) -> str:
    """Text with every run of whitespace one space, as a browser shows it."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-run")
    source = write_hostile(folder)
    runner.run(langs=LANGS, source=str(source), reports_dir=folder / "reports", output=folder / "figures",
               notebooks=list(NOTEBOOKS), quarters=["Q3"], pdf=True, show_progress=False)
    return folder


def _pages(folder) -> dict[str, BeautifulSoup]:
    reports = folder / "reports"
    return {path.relative_to(reports).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in sorted(reports.rglob("*.html"))}


def test_no_page_holds_a_javascript_link_or_the_lists_script(hostile_run):
    pages = _pages(hostile_run)
    expected = {page.format(lang=lang) for page in NAMED_IN_FINDINGS for lang in LANGS}
    assert expected <= set(pages) and "index.html" in pages
    for name, soup in pages.items():
        html = str(soup)
        assert unsafe_links(html) == [], name
        values = [str(v) for tag in soup.find_all(True) for v in tag.attrs.values()]
        assert not [v for v in values if re.search(r"^\s*(javascript|vbscript|data:text)", v, re.I)], name
        assert not [s for s in soup.find_all("script") if SCRIPT in s.get_text()], name


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", NAMED_IN_FINDINGS)
def test_the_findings_quote_each_name_as_written_and_as_text(hostile_run, page, lang):
    soup = _pages(hostile_run)[page.format(lang=lang)]
    for task in NAMED_IN_FINDINGS[page]:
        name = HOSTILE_NAMES[task]
        bullets = [li for li in soup.find_all("li") if name in _plain(li.get_text())]
        assert bullets, (page, lang, name)
        for li in bullets:
            assert li.find(["a", "em", "script", "code"]) is None, (page, lang, str(li)[:300])


@pytest.mark.parametrize("lang", LANGS)
def test_every_name_a_page_shows_is_shown_as_written(hostile_run, lang):
    for page in NAMED_IN_FINDINGS:
        soup = _pages(hostile_run)[page.format(lang=lang)]
        text = _plain(soup.get_text(" "))
        shown = [task for task, name in HOSTILE_NAMES.items() if _plain(name) in text]
        # Every markup name is shown where its findings quote it; the quarterly tables list
        # every task with a milestone due in Q3, among them tasks 1–7.
        assert set(NAMED_IN_FINDINGS[page]) <= set(shown), (page, lang, shown)
        # No name is shown mangled: each time its words show, the whole name shows around them
        # (not a link's text alone, not the emphasis stripped).
        for task, words in ((3, "点我"), (4, "强调"), (28, "<script>")):
            assert text.count(words) == text.count(HOSTILE_NAMES[task]), (page, lang, task)
        assert "\\[" not in text and "\\*" not in text and "\\<" not in text, page
    quarterly = _plain(_pages(hostile_run)[f"2026-Q3/{lang}/05_quarterly_report.html"].get_text(" "))
    assert {task for task, name in HOSTILE_NAMES.items() if _plain(name) in quarterly} == set(HOSTILE_NAMES)


def test_every_csv_of_the_run_is_safe_to_open(hostile_run):
    downloads = hostile_run / "reports" / "2026" / "downloads"
    paths = sorted(downloads.rglob("*.csv")) + sorted((hostile_run / "figures").glob("*.csv"))
    assert len(paths) > 10
    for path in paths:
        assert_safe_csv(path)
    tasks = assert_safe_csv(downloads / "csv" / "tasks.csv", 41)
    names = {row[0]: row[tasks[0].index("name")] for row in tasks[1:]}
    assert {t: names[str(t)] for t in HOSTILE_NAMES} == {
        t: ("'" + n if n[0] in "=+＝" else n) for t, n in HOSTILE_NAMES.items()}
    (workbook,) = downloads.glob("*.xlsx")
    book = openpyxl.load_workbook(workbook)
    assert not [c.coordinate for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]


def _pdftotext() -> str:
    return program("pdftotext", "poppler-utils", "read the PDFs")


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdfs_show_each_name_as_written_without_escapes(hostile_run, lang):
    for page, tasks in NAMED_IN_PDF.items():
        pdf = hostile_run / "reports" / page.format(lang=lang).replace(".html", ".pdf")
        text = subprocess.run([_pdftotext(), str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        for task in tasks:
            assert HOSTILE_NAMES[task] in text, (pdf.name, lang, task)
        assert not re.search(r"\\[\[\]*<>&_`]", text), (pdf.name, lang)
