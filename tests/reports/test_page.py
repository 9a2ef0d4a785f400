"""Report pages for one reader: titles from the loaded list, and only the reader's language."""

from __future__ import annotations

import nbformat
import pytest
from tests.variants import write_variant

import qpanalysis as qp
from qpanalysis.config import NOTEBOOKS_DIR
from qpanalysis.reports.page import first_heading, for_reader, in_language, language, list_name, page_title

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_titles_come_from_the_loaded_list(tmp_path, bundled):
    next_year = qp.load(write_variant("next_year", tmp_path))
    assert page_title(next_year, "投资分析 · Investment analysis", "zh") == "投资分析 · 青浦区2027年度任务清单 · 中文"
    assert page_title(next_year, "季度进度报告 · Quarterly progress report", "en", "Q4") == (
        "Quarterly progress report (fourth quarter) · Qingpu District 2027 task list · English")
    assert list_name(bundled, "en") == "Qingpu District 2026 task list"


def test_a_list_without_a_district_is_named_by_its_title_and_plan_year(tmp_path, bundled_text):
    # The title line gone, the list is named by its file and plan year (the default, 2026).
    body = "\n".join(line for line in bundled_text.split("\n") if not line.startswith("#"))
    path = tmp_path / "my_list.txt"
    path.write_text(body, encoding="utf-8")
    tl = qp.load(path)
    assert list_name(tl, "zh") == f"{tl.title}（{tl.plan_year}年度）"
    assert page_title(tl, "数据质量 · Data quality", "en").startswith("Data quality · ")


def test_a_district_without_an_english_name_is_flagged_not_left_in_chinese(tmp_path, bundled_text):
    path = tmp_path / "other.txt"
    path.write_text(bundled_text.replace("青浦区乡村建设", "某某区乡村建设", 1), encoding="utf-8")
    assert list_name(qp.load(path), "en") == "某某区 [no English name] 2026 task list"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_language_keeps_its_half_of_every_bilingual_heading(path):
    nb = nbformat.read(path, as_version=4)
    zh, _, en = first_heading(nb).partition(" · ")
    assert in_language(f"# {zh} · {en}", "zh") == f"# {zh}"
    assert in_language(f"# {zh} · {en}", "en") == f"# {en}"
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for lang, other in (("zh", "en"), ("en", "zh")):
            kept = in_language(cell.source, lang)
            # No line of the kept text is in the other language as a whole.
            wrong = [line for line in kept.splitlines() if line.strip() and language(line) == other
                     and not line.lstrip().startswith("|")]
            assert not wrong, f"{path.name}: {lang} keeps {wrong}"


def test_reader_page_drops_the_other_languages_cells_and_keeps_the_executed_one_whole(bundled):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 投资分析 · Investment analysis\n\n说明。\n\nExplained."),
        nbformat.v4.new_markdown_cell("只在中文版。", metadata={"tags": ["lang-zh"]}),
        nbformat.v4.new_code_cell("print(1)"),
    ])
    title = page_title(bundled, first_heading(nb), "en")
    page = for_reader(nb, "en", title)
    assert [c.cell_type for c in page.cells] == ["markdown", "code"]
    assert page.cells[0].source == f"# {title}\n\nExplained."
    assert page.metadata["title"] == title
    assert nb.cells[0].source.startswith("# 投资分析 · Investment analysis")  # the original is untouched
