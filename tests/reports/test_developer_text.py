"""No developer text in what readers get: no parameter name, shell command or name in code in any page, PDF or docx."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

import qpanalysis as qp
from qpanalysis.config import NOTEBOOKS_DIR
from qpanalysis.display import messages as msg
from qpanalysis.display.brief import department_tables
from qpanalysis.display.tables import TABLE_MIMETYPE
from qpanalysis.reports.page import DEVELOPER_TAG, first_heading, for_reader, page_title
from qpanalysis.reports.pdf import BRIEF_MAX_PAGES, write_pdf

# What only a developer should read: the notebooks' parameter names, the names of the
# progress file's columns, shell commands, and names in code (tl.towns, params.lang, qp.load).
DEVELOPER_TEXT = re.compile(
    r"output_dir|figure_formats|source_sha256|\bas_of\b|percent_done|quantity_done"
    r"|python -m|qpanalysis run|qpanalysis progress-template|pip install|\btl\.|\bparams\.|\bqp\.")
# A message's placeholder, filled before any reader sees it.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("0*.ipynb"))
LANGS = ("zh", "en")


def developer_text(text: str) -> list[str]:
    """Each piece of developer text in ``text``, with a little context."""
    return [text[max(0, m.start() - 40):m.end() + 20] for m in DEVELOPER_TEXT.finditer(text)]


def html_text(markup: str) -> str:
    """The text a browser shows of a page (no script, no style)."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_pattern_finds_what_it_is_for():
    found = developer_text("参数：`output_dir`；运行 `python -m qpanalysis run --quarter Q3`；`tl.towns` 为每项任务…")
    assert len(found) == 4  # output_dir, python -m, qpanalysis run, tl.
    assert developer_text("As of 30 September 2026, total investment (万元); the settlement of Qingpu.") == []


def test_the_message_catalogue_holds_no_developer_text():
    # Every sentence of every report, page and brief is a message of the catalogue (its
    # placeholders, {as_of} say, are filled before a reader sees it).
    for lang in LANGS:
        texts = msg.catalogue(lang)
        found = {key: developer_text(PLACEHOLDER.sub("", " ".join([value] if isinstance(value, str) else value)))
                 for key, value in texts.items()}
        assert {key: pieces for key, pieces in found.items() if pieces} == {}, lang


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_notebooks_show_readers_no_developer_text(bundled, path, lang):
    nb = nbformat.read(path, as_version=4)
    heading = first_heading(nb)
    page = for_reader(nb, lang, page_title(bundled, heading, lang))
    shown = "\n".join(cell.source for cell in page.cells if cell.cell_type == "markdown")
    assert developer_text(shown) == []
    # The developer text is still in the notebook, for its analyst, and out of the page.
    assert not [cell for cell in page.cells if DEVELOPER_TAG in cell.metadata.get("tags", [])]
    # The title names the report and the list in one language, without naming the language.
    other = {"zh": "English", "en": "中文"}[lang]
    assert msg.text("report.language", lang) not in page.metadata["title"] and other not in page.metadata["title"]


def test_the_notebooks_keep_their_developer_text_in_tagged_cells():
    # The quarterly notebook's parameters and the coverage notebook's tl.towns are there for the analyst.
    for name, expected in (("05_quarterly_report.ipynb", "figure_formats"), ("03_town_coverage.ipynb", "tl.towns")):
        nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        tagged = [c.source for c in nb.cells if DEVELOPER_TAG in c.metadata.get("tags", [])]
        assert any(expected in source for source in tagged), name


def _executed_notebook(tl, lang: str) -> nbformat.NotebookNode:
    """A small executed notebook in ``lang`` about ``tl``: a bilingual page, a developer cell, and outputs readers see."""
    from IPython.core.formatters import format_display_data

    tables = department_tables(tl, "Q3", lang=lang)
    data, metadata = format_display_data(tables[0][1])
    table_cell = nbformat.v4.new_code_cell("display(department_table)")
    table_cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    printed = nbformat.v4.new_code_cell("print(summary)")
    printed.outputs = [nbformat.v4.new_output("stream", name="stdout", text="41项任务\n")]
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 季度进度报告 · Quarterly progress report\n\n说明。\n\nExplained."),
        nbformat.v4.new_markdown_cell("参数：`quarter`、`as_of`、`output_dir`、`figure_formats`。\n\n"
                                      "Parameters: `output_dir`, `figure_formats`; run `python -m qpanalysis run`.",
                                      metadata={"tags": [DEVELOPER_TAG]}),
        printed,
        nbformat.v4.new_markdown_cell(f"### {tables[0][0]}"),
        table_cell,
    ])


@pytest.mark.parametrize("lang", LANGS)
def test_an_executed_notebook_becomes_a_page_and_pdf_without_developer_text(bundled, tmp_path, lang):
    from qpanalysis.reports.execute import write_html

    nb = _executed_notebook(bundled, lang)
    assert developer_text(nbformat.writes(nb))  # the notebook holds some, for its analyst
    title = page_title(bundled, first_heading(nb), lang)
    page = for_reader(nb, lang, title)
    html_page = write_html(page, tmp_path / "page.html").read_text(encoding="utf-8")
    assert developer_text(html_text(html_page)) == []
    assert "41项任务" in html_text(html_page)  # the outputs readers see are kept
    (tmp_path / "figures").mkdir()
    pdf = tmp_path / "page.pdf"
    write_pdf(page, pdf, lang=lang, title=title, source_note="source", figures=tmp_path / "figures", root=tmp_path)
    text = pdf_text(pdf)
    assert developer_text(text) == []
    department = {"zh": "区农业农村委（13项）", "en": "Agriculture and Rural Affairs Commission (13 milestones)"}
    assert department[lang].replace(" ", "") in re.sub(r"\s+", "", text)
    assert "推进宜居宜业和美乡村片区建设" in re.sub(r"\s+", "", text)  # a task of its table, drawn from its model
    assert TABLE_MIMETYPE in page.cells[-1].outputs[0]["data"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_word_brief_holds_no_developer_text(bundled, tmp_path, lang):
    from qpanalysis.reports.docx import write_brief

    path = write_brief(bundled, "Q3", lang, tmp_path / f"brief_{lang}.docx")
    text = docx_text(path)
    assert developer_text(text) == []
    assert all(heading.split("（")[0].split(" (")[0] in text for heading, _ in department_tables(bundled, "Q3", lang=lang))


def test_the_brief_by_department_lists_each_lead_department_with_a_milestone_due(bundled):
    # Q3 of the bundled list: 30 milestones due (findings.quarterly.summary.due), 13 of
    # them led by 区农业农村委; every milestone is in exactly one department's table.
    found = department_tables(bundled, "Q3", lang="zh")
    assert found[0][0] == "区农业农村委（13项）"
    assert sum(len(t.model.rows) for _, t in found) == 30
    assert len({heading for heading, _ in found}) == len(found) == 12


def test_every_report_of_a_run_is_free_of_developer_text(generated_reports):
    """Every page, PDF and Word brief of a default run (slow: uses the run's reports)."""
    found = {}
    for path in sorted(generated_reports.rglob("*")):
        if path.suffix == ".html":
            text = html_text(path.read_text(encoding="utf-8"))
        elif path.suffix == ".pdf":
            text = pdf_text(path)
        elif path.suffix == ".docx":
            text = docx_text(path)
        else:
            continue
        if developer_text(text):
            found[path.relative_to(generated_reports).as_posix()] = developer_text(text)[:3]
    assert found == {}
    # The quarterly brief PDF names every lead department with a milestone due, in at most four pages.
    for lang in LANGS:
        brief = next(generated_reports.glob(f"*-Q3/{lang}/05_quarterly_report.pdf"))
        text = re.sub(r"\s+", "", pdf_text(brief))
        names = [re.sub(r"\s+", "", re.split(r"（| \(", heading)[0])
                 for heading, _ in department_tables(qp.load(), "Q3", lang=lang)]
        assert [name for name in names if name not in text] == [], lang
        info = subprocess.run(["pdfinfo", str(brief)], capture_output=True, text=True, check=True).stdout
        assert int(re.search(r"Pages:\s+(\d+)", info)[1]) <= BRIEF_MAX_PAGES
