"""Tests of qpanalysis.reports.docx: the quarterly brief as a Word document in the official layout."""

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from qpanalysis.analysis.brief import department_milestones, departments
from qpanalysis.display.findings.identity import name_in
from qpanalysis.reports.docx import MARGINS_MM, write_brief
from tests.programs import program

# Absolute: another test may have changed the working folder.
PROGRESS = Path(__file__).resolve().parents[1] / "data" / "progress" / "progress_all_statuses.csv"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module", params=["zh", "en"])
def written(request, bundled, tmp_path_factory):
    lang = request.param
    path = write_brief(bundled, "Q3", lang, tmp_path_factory.mktemp(lang) / f"brief_{lang}.docx",
                       progress=PROGRESS, generated="2026-10-08")
    return lang, path, docx.Document(path)


def _all_text(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_lists_every_lead_department_with_a_q3_milestone(written, bundled):
    lang, _, document = written
    expected = departments(department_milestones(bundled, "Q3"))["lead_department"]
    text = _all_text(document)
    missing = [d for d in expected if name_in("department", d, lang, markdown=False) not in text]
    assert len(expected) == 12 and missing == []
    assert len(document.tables) == 13  # 12 departments, then the tasks behind


def test_page_is_a4_with_official_margins(written):
    section = written[2].sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == MARGINS_MM["top"] and round(section.left_margin.mm) == MARGINS_MM["left"]


def test_fonts_by_name_heading_heiti_body_fangsong_latin_times(written):
    document = written[2]
    def fonts(paragraph):
        element = paragraph.runs[0]._element.rPr.find(f"{W}rFonts")
        return element.get(f"{W}eastAsia"), element.get(f"{W}ascii")
    heading = next(p for p in document.paragraphs if re.match(r"^(一、|1\. )", p.text))
    body = next(p for p in document.paragraphs if p.text.startswith(("本季度", "This quarter")))
    assert fonts(heading) == ("黑体", "Times New Roman")
    assert fonts(body) == ("仿宋", "Times New Roman")


def test_tables_have_three_rules_and_a_repeated_header(written):
    table = written[2].tables[0]
    def rule(cell, side):
        border = cell._tc.tcPr.find(f"{W}tcBorders").find(f"{W}{side}")
        return border.get(f"{W}val"), border.get(f"{W}sz")
    header, first, last = table.rows[0], table.rows[1], table.rows[-1]
    assert rule(header.cells[0], "top") == ("single", "12") and rule(header.cells[0], "bottom") == ("single", "6")
    assert rule(first.cells[0], "bottom")[0] == "nil" and rule(first.cells[0], "left")[0] == "nil"
    assert rule(last.cells[-1], "bottom") == ("single", "12")
    assert header._tr.trPr.find(f"{W}tblHeader") is not None
    assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in table.rows)
    widths = [c.width for c in header.cells]
    assert abs(sum(w.mm for w in widths) - (210 - 28 - 26)) < 1  # the table fills the text width
    # The two text columns (task, target) take most of the line; the task number is narrow.
    assert widths[1] + widths[2] > sum(widths, Mm(0)) / 2 and widths[0] < Mm(15)


def test_footer_has_page_number_field_and_provenance(written, bundled):
    lang, _, document = written
    footer = document.sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
    text = "\n".join(p.text for p in footer.paragraphs)
    assert bundled.sha256[:8] in text and "2026" in text


def test_metadata_says_what_list_version_and_when(written, bundled):
    props = written[2].core_properties
    assert props.keywords == f"sha256:{bundled.sha256}"
    assert props.created.date().isoformat() == "2026-10-08"
    assert props.author == "qpanalysis" and props.version


@pytest.mark.slow
def test_libreoffice_opens_the_brief_and_prints_every_department(written, tmp_path, bundled):
    lang, path, _ = written
    soffice = program("soffice", "libreoffice-writer", "opening the Word brief as an official would")
    pdftotext = program("pdftotext", "poppler-utils", "reading the brief's PDF")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / path.with_suffix(".pdf").name
    assert pdf.exists(), "LibreOffice could not open the brief"
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for department in departments(department_milestones(bundled, "Q3"))["lead_department"]:
        shown = name_in("department", department, lang, markdown=False)
        assert re.sub(r"\s+", "", shown) in flat
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert 2 <= int(re.search(r"Pages:\s+(\d+)", pages).group(1)) <= 6
    assert shutil.which("pdfinfo")
