"""Report pages for one reader: titles from the loaded list, and only the reader's language."""

from __future__ import annotations

import nbformat
import pytest

import qpanalysis as qp
from qpanalysis.config import NOTEBOOKS_DIR
from qpanalysis.reports.page import first_heading, for_reader, in_language, language, list_name, page_title

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_titles_come_from_the_loaded_list(loaded, bundled):
    next_year = loaded["next_year"]
    assert page_title(next_year, "投资分析 · Investment analysis", "zh") == "投资分析 · 青浦区2027年度任务清单"
    assert page_title(next_year, "季度进度报告 · Quarterly progress report", "en", "Q4") == (
        "Quarterly progress report (fourth quarter) · Qingpu District 2027 task list")
    assert list_name(bundled, "en") == "Qingpu District 2026 task list"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_reports_title_names_a_variants_district_and_plan_year(loaded, lang):
    # The variant's end-to-end run is in English (tests/reports/test_variants.py); every
    # report's <title> and <h1> are this title, in either language: 2027 (its title line:
    # 2027 年度青浦区…), never the bundled list's 2026.
    next_year = loaded["next_year"]
    district = {"zh": "青浦区", "en": "Qingpu District"}[lang]
    for path in NOTEBOOKS:
        heading = first_heading(nbformat.read(path, as_version=4))
        for quarter in (None, "Q3"):
            title = page_title(next_year, heading, lang, quarter)
            assert "2027" in title and district in title and "2026" not in title, (path.name, title)


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


def test_a_title_from_the_list_is_a_plain_title_and_an_escaped_heading(tmp_path, bundled_text):
    # No district in the title line: the list is named by its title, which holds markup.
    body = bundled_text.replace("### 2026 年度青浦区乡村建设行动任务清单", "### [点我](javascript:alert(1)) *清单*", 1)
    path = tmp_path / "list.txt"
    path.write_text(body, encoding="utf-8")
    tl = qp.load(path)
    title = page_title(tl, "投资分析 · Investment analysis", "zh")
    assert "[点我](javascript:alert(1)) *清单*" in title  # <title>, PDF header, manifest: plain text
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 投资分析 · Investment analysis")])
    heading = for_reader(nb, "zh", title).cells[0].source
    assert heading.startswith("# 投资分析 · \\[点我\\](javascript:alert(1)) \\*清单\\*")

    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markdown2html_mistune(heading), "html.parser")
    assert soup.h1.get_text().startswith(title) and soup.h1.find(["em", "strong"]) is None
    assert [a["href"][:1] for a in soup.find_all("a")] == ["#"]  # only nbconvert's anchor link


def test_the_runner_writes_no_javascript_link_into_a_report(tmp_path):
    from bs4 import BeautifulSoup

    from qpanalysis.reports.execute import write_html

    # Outputs as a notebook could make them if list text reached them unescaped: a raw link,
    # a Markdown link, an iframe; and what must stay: a https link, a relative one, a figure.
    figure = "iVBORw0KGgo="
    outputs = [
        nbformat.v4.new_output("display_data", {"text/html": '<a href="javascript:alert(1)">甲</a>'
                                                              '<a href=" JAVA&#x09;SCRIPT:alert(2)">乙</a>'
                                                              '<iframe src="data:text/html,x"></iframe>'}),
        nbformat.v4.new_output("display_data", {"text/markdown": "[丙](javascript:alert(3)) [丁](https://example.org)"
                                                                 " [戊](../docs/a.md#b)"}),
        nbformat.v4.new_output("display_data", {"image/png": figure}),
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=outputs)])
    html = write_html(nb, tmp_path / "page.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    anchors = {a.get_text(): a.get("href") for a in soup.find_all("a") if a.get_text() in "甲乙丙丁戊"}
    assert anchors == {"甲": None, "乙": None, "丙": None, "丁": "https://example.org", "戊": "../docs/a.md#b"}
    assert soup.find("iframe").get("src") is None
    assert soup.find("img", src=f"data:image/png;base64,{figure}") is not None
    assert not [t for t in soup.find_all(True) for v in t.attrs.values() if "javascript" in str(v).lower()]
