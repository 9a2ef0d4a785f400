"""The notebooks on another list, end to end: each report states its own list's facts and none of the bundled list's.

The session runs every notebook once on one variant of the bundled list (tests/variants.py;
the fixture ``variant_reports`` of tests/conftest.py): next_year, where every year
moved on by one, tasks 3 and 28 are dropped and the rest renumbered, and every amount
changed, with 约 removed. One runner call makes every notebook in one language, English
(the quarterly report for Q3 only), with PDFs, downloads and the index. The Chinese words
of the variant are checked where they are made: its findings (identity, totals, no dropped
task, no stale year: tests/display/test_findings_variants.py), every report's title
(tests/reports/test_page.py) and its index page (tests/reports/test_index.py). The facts the reports
must state are read from the variant's text here, independently of qpanalysis: its plan
year, its number of tasks, its disclosed total. Nothing of the bundled list that the variant
lacks may appear: no dropped task's name, no stale year — in the HTML and PDF reports, the
figures' CSVs and the downloads. The other variants (rescoped, undisclosed, single_section)
are checked where their facts and words are made: tests/display/test_findings_variants.py,
tests/display/test_findings_investment.py, tests/reports/test_index.py and
tests/export/test_tables.py.
"""

from __future__ import annotations

import csv
import hashlib
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.reports.browser_support import VARIANT, VARIANT_LANGS, VARIANT_QUARTERS
from tests.variants import COLUMN, read_lines

from qpanalysis.reports import runner

# The quarterly report of the variant run (one period is enough to run the notebook), and its language.
QUARTERS = VARIANT_QUARTERS
LANGS = VARIANT_LANGS
DISTRICT = {"zh": "青浦区", "en": "Qingpu District"}
# The bundled list's plan year, and amounts only it discloses (its disclosed total and its
# largest task, task 3: 278138 万元): the undisclosed list states neither.
BUNDLED_YEAR = "2026"
BUNDLED_AMOUNTS = ("361,633.24", "278,138")
# Checksums and other hex strings can hold any four digits; they are not years.
HEX = re.compile(r"[0-9a-f]{8,}")
TITLE_YEAR = re.compile(r"(\d{4})\s*年度")


@dataclass(frozen=True)
class Facts:
    """What a list says, read from its text without qpanalysis."""

    plan_year: int
    title: str
    tasks: int
    names: tuple[str, ...]
    disclosed_total: float
    sha256: str
    text: str


def read_facts(path: Path) -> Facts:
    """The plan year, title, task names and disclosed total of a list in the published layout."""
    text = path.read_text(encoding="utf-8")
    title = next(line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#"))
    rows = [line.split("\t") for line in text.splitlines() if line.split("\t")[0].strip().isdigit()]
    amounts = [row[COLUMN["总投资(万元)"]].strip().removeprefix("约") for row in rows]
    return Facts(
        plan_year=int(TITLE_YEAR.search(title)[1]), title=title, tasks=len(rows),
        names=tuple(row[COLUMN["任务名称"]].strip() for row in rows),
        disclosed_total=sum(float(a) for a in amounts if a != "/"),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(), text=text,
    )


def amount_forms(value: float) -> set[str]:
    """How a report may write an amount: 361,633.24 (or 1,234.5 / 1,234.50 / 1,234).

    Example:
        >>> sorted(amount_forms(1234.5))
        ['1,234.5', '1,234.50']
    """
    two = f"{value:,.2f}"
    return {two, two.rstrip("0").rstrip(".")}


@dataclass(frozen=True)
class Run:
    name: str
    source: Path
    reports: Path
    figures: Path
    facts: Facts
    absent_names: tuple[str, ...]  # bundled task names nowhere in the variant's text


@pytest.fixture(scope="module")
def run(variant_reports, variant_paths) -> Run:
    """The session's runner call on the variant: every notebook in ``LANGS``, HTML, PDF, index."""
    source = variant_paths[VARIANT]
    facts = read_facts(source)
    bundled = [line.cell("任务名称").strip() for line in read_lines() if line.kind == "task"]
    return Run(VARIANT, source, variant_reports / "reports", variant_reports / "figures", facts,
               tuple(n for n in bundled if n not in facts.text))


def _jobs(run: Run) -> list[runner.Job]:
    return runner.plan_jobs(run.facts.plan_year, LANGS, quarters=QUARTERS)


@cache
def _page_strings(path: Path) -> tuple[str, ...]:
    """The text nodes of an HTML page a reader sees (no scripts, no styles)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    return tuple(soup.stripped_strings)


def _page_text(path: Path) -> str:
    return " ".join(_page_strings(path))


@cache
def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pdf_pieces(path: Path) -> tuple[str, ...]:
    """The PDF's text in pieces: its lines cut where the layout leaves a gap (table cells)."""
    return tuple(piece for line in _pdf_text(path).splitlines() for piece in re.split(r"\s{2,}", line) if piece)


def _csv_cells(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return tuple(cell for row in csv.reader(handle) for cell in row)


def _texts(run: Run) -> dict[str, tuple[str, ...]]:
    """Every text a reader of the run gets, as its pieces (text nodes, PDF cells, CSV cells): report pages,
    PDFs, the index, figure CSVs and downloads. The caveats page is the project's log of
    rules, whose entries say what is specific to the bundled list: it is not checked."""
    texts = {}
    for path in sorted(run.reports.rglob("*.html")):
        if not path.name.startswith("caveats"):
            texts[str(path.relative_to(run.reports))] = _page_strings(path)
    for path in sorted(run.reports.rglob("*.pdf")):
        texts[str(path.relative_to(run.reports))] = _pdf_pieces(path)
    for path in sorted([*run.figures.glob("*.csv"), *run.reports.rglob("downloads/**/*.csv")]):
        texts[str(path)] = _csv_cells(path)
    return texts


def _stamps() -> re.Pattern:
    """What a run writes about itself, not about the list: the day it was made (page footers,
    "生成于…" / "generated …", which a PDF may cut into pieces), citations' access dates and the
    package's own year in the suggested citation. Today's year may be the bundled list's plan
    year; these are not statements about the list."""
    import datetime

    today = datetime.date.today()
    return re.compile("|".join([
        rf"(?:生成于|检索于){today.year}", rf"(?:generated|Retrieved)\d{{1,2}}[A-Za-z]+{today.year}",
        re.escape(f"[{today.isoformat()}]"),
        rf"qpanalysis(?:开发者|developers)\.[（(]{today.year}[)）]", rf"\[CP\]\.{today.year}",
    ]))


def stale(text: str, source: str, year: str) -> list[str]:
    """Places where ``text`` (one text node or line) writes ``year`` other than by quoting ``source``.

    A year is a quotation when it appears in the source with the same three characters
    before it, or the same three after it (spaces ignored: a PDF's text puts spaces
    between Chinese characters, and a table cell may touch its neighbour on one side);
    anything else is a statement about that year.

    Example:
        >>> stale("完成2026年度项目建设；截至2026年6月30日", "完成2026年度项目建设。", "2026")
        ['；截至2026年6月']
        >>> stale("5 完成 2026 年度 15 个", "\t完成2026年度15个一事一议项目", "2026")
        []
        >>> stale("As of 30 June 2026", "", "2026")
        ['une2026']
    """
    flat = _stamps().sub("", re.sub(r"\s+", "", HEX.sub(" ", text)))
    quoted = re.sub(r"\s+", "", source)
    found = []
    for match in re.finditer(year, flat):
        before, after = flat[max(0, match.start() - 3):match.end()], flat[match.start():match.end() + 3]
        if before not in quoted and after not in quoted:
            found.append(flat[max(0, match.start() - 3):match.end() + 3])
    return found


# --------------------------------------------------------------------------- its own facts


def test_every_report_is_titled_with_the_lists_district_plan_year_and_language(run):
    wrong = []
    for job in _jobs(run):
        html = (run.reports / job.label).with_suffix(".html")
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        title, h1 = soup.title.get_text(), soup.find("h1").get_text()
        for where, text in (("<title>", title), ("<h1>", h1)):
            if str(run.facts.plan_year) not in text or DISTRICT[job.lang] not in text:
                wrong.append(f"{job.label} {where}: {text!r}")
    assert not wrong, f"{run.name}: reports not titled with plan year {run.facts.plan_year}:\n  " + "\n  ".join(wrong)


def test_every_report_states_the_lists_number_of_tasks(run):
    n = run.facts.tasks
    missing = []
    for job in _jobs(run):
        text = _page_text((run.reports / job.label).with_suffix(".html"))
        # 41项任务, 任务41项, 共41项, or the explorer's list-at-a-glance row 任务 · tasks | 41
        wanted = (rf"{n}\s*项任务|任务\s*{n}\s*项|共\s*{n}\s*项|任务 · tasks\s+{n}\b" if job.lang == "zh"
                  else rf"\b{n} tasks\b")
        if not re.search(wanted, text):
            missing.append(job.label)
    assert not missing, f"{run.name}: reports that do not state its {n} tasks:\n  " + "\n  ".join(missing)


def test_investment_report_and_index_state_the_lists_disclosed_total(run):
    total = run.facts.disclosed_total
    places = {}
    for lang in LANGS:
        folder = run.reports / str(run.facts.plan_year) / lang
        places[f"{lang} HTML"] = _page_text(folder / "01_investment.html")
        places[f"{lang} PDF"] = _pdf_text(folder / "01_investment.pdf")
    places["index"] = _page_text(run.reports / "index.html")
    if total == 0:
        # Nothing disclosed: no amount of the bundled list, and the count of tasks saying "/".
        wrong = [f"{where} states {amount}" for where, text in places.items() for amount in BUNDLED_AMOUNTS
                 if amount in text]
        wrong += [f"{where} does not state {run.facts.tasks} (every task says '/')" for where, text in places.items()
                  if str(run.facts.tasks) not in text]
    else:
        forms = amount_forms(total)
        wrong = [f"{where} does not state {sorted(forms)}" for where, text in places.items()
                 if not any(form in text for form in forms)]
    assert not wrong, f"{run.name}: disclosed total {total:,.2f}:\n  " + "\n  ".join(wrong)


def test_index_names_the_list_with_its_checksum_and_links_every_report(run):
    index = run.reports / "index.html"
    text = _page_text(index)
    assert run.facts.sha256 in text
    assert str(run.facts.plan_year) in BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser").h1.get_text()
    hrefs = {a["href"] for a in BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True)}
    for job in _jobs(run):
        assert str(Path(job.label).with_suffix(".html")) in hrefs, job.label
        if job.notebook not in runner.HTML_ONLY:
            assert str(Path(job.label).with_suffix(".pdf")) in hrefs, job.label
            pdf = (run.reports / job.label).with_suffix(".pdf")
            assert pdf.is_file()
            if job.notebook == runner.QUARTERLY_NOTEBOOK:  # the brief: at most four pages
                info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
                assert int(re.search(r"Pages:\s+(\d+)", info)[1]) <= 4, job.label


# --------------------------------------------------------------------------- nothing of the bundled list


def test_nothing_of_the_bundled_list_that_it_lacks_appears_anywhere(run):
    # undisclosed keeps every task; the other variants drop some (tests/variants.py).
    assert bool(run.absent_names) == (run.name != "undisclosed"), run.name
    texts = _texts(run)
    found = [f"{where}: task name {name}" for where, pieces in texts.items() for name in run.absent_names
             if name in " ".join(pieces)]
    if run.name == "next_year":  # every year moved on: the bundled plan year only in quotations
        found += [f"{where}: '{BUNDLED_YEAR}' in …{context}…" for where, pieces in texts.items() for piece in pieces
                  for context in stale(piece, run.facts.text, BUNDLED_YEAR)]
    if run.facts.disclosed_total == 0:  # nothing disclosed: no amount of the bundled list
        found += [f"{where}: amount {amount}" for where, pieces in texts.items() for amount in BUNDLED_AMOUNTS
                  if amount in " ".join(pieces)]
    shown = "\n  ".join(found[:80]) + (f"\n  … and {len(found) - 80} more" if len(found) > 80 else "")
    assert not found, f"{run.name}: facts of the bundled list it does not have:\n  {shown}"
