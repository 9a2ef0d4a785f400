"""Tests of qpanalysis.reports.links: project links rewritten for the folder a report is published in, and no unsafe link on a page."""

from __future__ import annotations

from pathlib import Path

from qpanalysis.reports.links import rewrite, rewrite_notebook, safe_links, unsafe_links


def test_only_links_to_the_project_folders_are_rewritten():
    text = ("[a](../docs/a.md) [b](../src/b.py) [c](https://example.org/../docs/c) "
            '<img src="../figures/x.png"> <a href="../notebooks/01_investment.ipynb">n</a> ../data/raw/list.txt')
    assert rewrite(text, "../../..") == (
        "[a](../../../docs/a.md) [b](../src/b.py) [c](https://example.org/../docs/c) "
        '<img src="../../../figures/x.png"> <a href="../../../notebooks/01_investment.ipynb">n</a> ../data/raw/list.txt')


def test_rewriting_a_notebook_leaves_the_executed_one_as_it_was():
    nb = {"cells": [{"cell_type": "markdown", "source": ["[a](../docs/a.md)\n", "text"]},
                    {"cell_type": "code", "source": "x", "outputs": [
                        {"output_type": "display_data", "data": {"text/html": '<a href="../data/raw/l.txt">l</a>',
                                                                 "text/plain": "../docs/kept.md"}}]}]}
    out = rewrite_notebook(nb, Path("/p/reports/2026-Q3/en"), Path("/p"))
    assert out["cells"][0]["source"] == ["[a](../../../docs/a.md)\n", "text"]
    data = out["cells"][1]["outputs"][0]["data"]
    assert data["text/html"] == '<a href="../../../data/raw/l.txt">l</a>' and data["text/plain"] == "../docs/kept.md"
    assert nb["cells"][0]["source"] == ["[a](../docs/a.md)\n", "text"]  # a copy was changed, not the notebook


def test_unsafe_links_are_removed_wherever_they_are_and_the_rest_is_kept_byte_for_byte():
    page = ('<html>\n<body>\n  <p>一 <a href="https://example.org">ok</a></p>\n'
            '  <p><a class="x" href="&#x6A;avascript:alert(1)">点我</a>\n'
            '  <img srcset="a.png 1x, javascript:b 2x" alt="图"><form action="vbscript:x"></form></p>\n'
            "<script>var u = 'javascript:kept-as-code';</script>\n</body>\n</html>\n")
    cleaned = safe_links(page)
    assert unsafe_links(cleaned) == []
    assert len(unsafe_links(page)) == 3
    assert cleaned == page.replace(' href="&#x6A;avascript:alert(1)"', "").replace(
        ' srcset="a.png 1x, javascript:b 2x"', "").replace(' action="vbscript:x"', "")
