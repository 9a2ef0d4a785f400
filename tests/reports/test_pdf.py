"""The A4 PDFs: a small executed notebook made by hand becomes a PDF that poppler reads back.

Checked as a reader would: the page size (pdfinfo), every font embedded (pdffonts), the
text on each page (pdftotext: headings, numbers, the table header repeated on the page a
table runs onto, page numbers, the source note), figures as vector drawings (pdfimages
finds no raster image when the notebook saved an SVG), and the quarterly brief cut to
four pages.
"""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from qpanalysis.display.tables import TABLE_MIMETYPE, table
from qpanalysis.reports.params import FIGURE_METADATA
from qpanalysis.reports.pdf import BRIEF_MAX_PAGES, BRIEF_TAG, write_pdf
from qpanalysis.reports.typst.document import compile_pdf, document
from qpanalysis.reports.typst.markdown import markdown_to_typst
from qpanalysis.reports.typst.tables import model_markup

TITLE = {"zh": "测试报告 · 某区2027年度任务清单", "en": "Test report · Some District 2027 task list"}
NOTE = {"zh": "数据来源：某区任务清单（原始文件 sha256 01234567…89abcdef）",
        "en": "Source: Some District task list (raw file sha256 01234567…89abcdef)"}
# A table long enough to run over a page: 120 rows of task numbers and amounts.
ROWS = 120


def _figure(folder: Path, name: str) -> bytes:
    """Save a small chart as SVG and PNG (as NotebookParams.save does); return the PNG."""
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["a", "b"], [3, 5])
    folder.mkdir(parents=True, exist_ok=True)
    fig.savefig(folder / f"{name}.svg")
    fig.savefig(folder / f"{name}.png")
    plt.close(fig)
    return (folder / f"{name}.png").read_bytes()


def _output_cell(*outputs, tags=()):
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = list(outputs)
    cell.metadata["tags"] = list(tags)
    return cell


def _table_output(lang: str):
    """A display table's output as a notebook holds it: IPython's formats of table() (its HTML, its model)."""
    from IPython.core.formatters import format_display_data

    frame = pd.DataFrame({"task_id": range(1, ROWS + 1), "investment_wan": [1234.5 * i for i in range(1, ROWS + 1)]})
    data, metadata = format_display_data(table(frame, lang))
    assert TABLE_MIMETYPE in data and "<table" in data["text/html"]
    output = nbformat.v4.new_output("display_data", data=data, metadata=metadata)
    return nbformat.reads(nbformat.writes(nbformat.v4.new_notebook(cells=[_output_cell(output)])),
                          as_version=4).cells[0].outputs[0]  # as saved in, and read from, a file


def _notebook(lang: str, figures: Path, svg: bool = True):
    png = _figure(figures, f"chart_{lang}")
    if not svg:
        (figures / f"chart_{lang}.svg").unlink()
    image = nbformat.v4.new_output(
        "display_data", data={"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"},
        metadata={FIGURE_METADATA: {"figure": f"chart_{lang}"}},
    )
    heading = TITLE[lang]
    intro = "合计 **361,633.24** 万元。" if lang == "zh" else "In all **361,633.24** × 10,000 yuan."
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"# {heading}\n\n{intro}\n\n## 1. 表 · Table"),
        _output_cell(nbformat.v4.new_output("stream", name="stdout", text="tasks: 41\n")),
        _output_cell(_table_output(lang)),
        nbformat.v4.new_markdown_cell("## 2. 图"),
        _output_cell(image),
    ])


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _page_text(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def _write(tmp_path, lang: str, nb=None, svg: bool = True, brief: bool = False) -> tuple[Path, int]:
    figures = tmp_path / "_figures"
    nb = nb or _notebook(lang, figures, svg)
    target = tmp_path / f"report_{lang}.pdf"
    pages = write_pdf(nb, target, lang=lang, title=TITLE[lang], source_note=NOTE[lang], figures=figures,
                      root=tmp_path, brief=brief)
    return target, pages


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_pdf_is_a4_with_embedded_fonts_page_numbers_and_the_source_note(tmp_path, lang):
    pdf, pages = _write(tmp_path, lang)

    info = _pdfinfo(pdf)
    assert info["Page size"] == "595.276 x 841.89 pts (A4)"
    assert int(info["Pages"]) == pages >= 3  # 120 table rows alone fill more than two pages
    assert info["Title"] == TITLE[lang]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert any("NotoSansCJK" in line for line in fonts)
    first, second = _page_text(pdf, 1), _page_text(pdf, 2)
    assert "361,633.24" in first and "tasks: 41" in first
    page_label = {"zh": f"第1页，共{pages}页", "en": f"Page1of{pages}"}[lang]
    assert page_label in first.replace(" ", "")
    assert second  # the table runs onto page 2
    for page in range(1, pages + 1):
        assert "01234567…89abcdef" in _page_text(pdf, page)  # the source note on every page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_table_repeats_its_header_on_the_next_page(tmp_path, lang):
    pdf, _ = _write(tmp_path, lang)
    header = {"zh": "序号", "en": "Task no."}[lang]
    first, second = _page_text(pdf, 1), _page_text(pdf, 2)
    assert header in first and header in second
    # 1,234.5 × 120 = 148,140: the last row, right-aligned and rounded, is in the PDF.
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "148,140" in text


def test_figures_are_the_saved_svg_drawings_not_the_inline_png(tmp_path):
    vector, _ = _write(tmp_path / "vector", "en")
    raster, _ = _write(tmp_path / "raster", "en", svg=False)

    def images(pdf):
        out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
        return [line.split()[2] for line in out.splitlines()[2:]]  # the "type" column

    assert images(vector) == []  # the SVG is drawn as vector paths
    assert images(raster) == ["image", "smask"]  # without an SVG, the notebook's PNG (and its alpha)


def test_brief_keeps_the_tagged_cells_only_or_else_fits_four_pages(tmp_path):
    figures = tmp_path / "_figures"
    nb = _notebook("en", figures)
    # Untagged: the first section is kept whole even though its 120-row table fills pages;
    # later long sections are cut, and the brief fits BRIEF_MAX_PAGES.
    long_sections = [nbformat.v4.new_markdown_cell(f"## {i}. Section {i}\n\nText of section {i}.") for i in range(3, 9)]
    for cell in long_sections:
        nb.cells += [cell, _output_cell(_table_output("en"))]
    _, pages = _write(tmp_path, "en", nb=nb, brief=True)
    assert pages <= BRIEF_MAX_PAGES
    # Tagged: only the title and the tagged cells.
    tagged = _notebook("en", figures)
    tagged.cells[1].metadata["tags"] = [BRIEF_TAG]  # the printed line
    tagged.cells[4].metadata["tags"] = [BRIEF_TAG]  # the figure
    pdf, pages = _write(tmp_path / "tagged", "en", nb=tagged, brief=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert pages == 1
    assert "tasks: 41" in text and "Task no." not in text and "Test report" in text


def test_markup_characters_in_the_text_stay_text(tmp_path):
    # Typst markup (*, #, $, //, <label>, @ref) in a list's text must print as written, in
    # a sentence and in a table cell.
    text = "a *b* #c $d$ // e < f > @g [h] \\ i"
    cell = table(pd.DataFrame({"task_id": [31], "raw_cell": ["#x *y* [z] $w$ @v"]}), "en").model
    blocks = [markdown_to_typst(text.replace("*", "\\*"), "en"), model_markup(cell)]
    pdf = tmp_path / "markup.pdf"
    compile_pdf(document(blocks, title="t", source_note="n", lang="en"), pdf, tmp_path)
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "a *b* #c $d$ // e < f > @g [h] \\ i" in out
    assert "Cell as published" in out and "#x *y* [z] $w$ @v" in out


def _pages_of(pdf: Path, pages: int, marks: list[str]) -> dict[str, list[int]]:
    """The pages each mark is on."""
    texts = [_page_text(pdf, page) for page in range(1, pages + 1)]
    return {mark: [page for page, text in enumerate(texts, 1) if mark in text] for mark in marks}


@pytest.mark.parametrize("room_mm", [14, 26, 40, 48])
def test_a_table_never_starts_at_a_page_foot_with_fewer_than_three_rows_nor_splits_a_row(tmp_path, room_mm):
    # A table of 30 rows, each five lines high (a long text wraps), placed so that only
    # about room_mm is left on page 1 (less the space between blocks): the header and one or
    # two rows would fit there, three would not (a row is about 17 mm: 5 lines of 8pt text
    # and the cell margins; the header about 5 mm).
    from qpanalysis.display.tables import TableModel
    from qpanalysis.reports.typst.document import MARGIN_BOTTOM, MARGIN_TOP

    text = [f"r{r:02d}start " + "words of a target " * 30 + f"r{r:02d}end" for r in range(30)]
    model = TableModel(("No.", "Target"), tuple((str(r), t) for r, t in enumerate(text)), ("right", "left"),
                       (True, False))
    filler = f"#block(height: {297 - MARGIN_TOP - MARGIN_BOTTOM - room_mm}mm)[filler]"
    source = document([filler, model_markup(model)], title="t", source_note="s", lang="en")
    pdf = tmp_path / "t.pdf"
    pages = compile_pdf(source, pdf, tmp_path)

    where = _pages_of(pdf, pages, [f"r{r:02d}{end}" for r in range(30) for end in ("start", "end")])
    for r in range(30):
        assert where[f"r{r:02d}start"] == where[f"r{r:02d}end"], r  # the row is on one page
    first = where["r00start"]
    assert first == where["r02end"], where  # the first three rows start together
    assert "Target" in _page_text(pdf, first[0])  # under their header
