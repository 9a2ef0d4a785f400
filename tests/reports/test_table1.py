"""Tests of qpanalysis.reports.table1: Table 1 written as xlsx, docx and LaTeX."""

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT

from qpanalysis.reports.table1 import write_table1


@pytest.fixture(scope="module")
def written(bundled, tmp_path_factory):
    folder = tmp_path_factory.mktemp("table1")
    return {p.name: p for p in write_table1(bundled, folder, generated="2026-10-08")}


def test_every_language_gets_three_files(written):
    assert sorted(written) == sorted(f"table1_{lang}.{ext}" for lang in ("zh", "en") for ext in ("xlsx", "docx", "tex"))


def test_workbook_has_numbers_empty_unknowns_and_no_formula(written):
    sheet = openpyxl.load_workbook(written["table1_en.xlsx"]).active
    header = [c.value for c in sheet[2]]
    rows = {r[1]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=3, max_row=10, values_only=True)}
    assert rows["Total"]["Tasks"] == 41 and rows["Total"]["Disclosed investment (10,000 yuan)"] == pytest.approx(361633.24)
    # Section 4 (Improve rural public service convenience) discloses nothing: an empty cell.
    section4 = next(r for r in rows.values() if r["No."] == 4)
    assert section4["Disclosed investment (10,000 yuan)"] is None and section4["Disclosing"] == 0
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_word_table_is_landscape_with_the_caption_and_notes(written):
    document = docx.Document(written["table1_zh.docx"])
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.paragraphs[0].text.startswith("表1 ")
    table = document.tables[0]
    assert len(table.rows) == 1 + 7 + 1 and table.rows[-1].cells[1].text == "合计"
    assert any("不是0" in p.text for p in document.paragraphs)


def test_latex_has_booktabs_rules_a_total_rule_and_escaped_text(written):
    tex = written["table1_en.tex"].read_text(encoding="utf-8")
    assert tex.count(r"\toprule") == 1 and tex.count(r"\bottomrule") == 1 and tex.count(r"\midrule") == 2
    assert r"\label{tab:qingpu-sections}" in tex and "≈361,633.24" in tex
    assert "10,000 yuan" in tex and "%" not in tex.replace(r"\%", "").split("\n", 1)[1]  # every % escaped
