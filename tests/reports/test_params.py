"""Tests for qpanalysis.reports.params: the notebook parameters, checked before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from qpanalysis.config import BUNDLED_LIST
from qpanalysis.reports.params import NotebookParams, check_langs


def test_languages_are_checked_once_each_in_the_order_given():
    assert check_langs(["en", "zh", "en"]) == ("en", "zh")
    with pytest.raises(Exception, match="fr"):
        check_langs(["zh", "fr"])


def test_figure_names_carry_the_language_so_both_coexist():
    zh = NotebookParams(BUNDLED_LIST, "zh", Path("."), ("png",)).figure_name("tasks_by_town")
    en = NotebookParams(BUNDLED_LIST, "en", Path("."), ("png",)).figure_name("tasks_by_town")
    assert zh != en and zh.startswith("tasks_by_town") and "en" in en.removeprefix("tasks_by_town")


def test_parameters_pick_no_words():
    # Words come from the message catalogue (qpanalysis.display.messages), never from the parameters.
    assert not hasattr(NotebookParams, "t")


def test_figure_options_reach_the_saved_files_through_the_notebook_parameters(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from PIL import Image

    from qpanalysis.charts import style
    from qpanalysis.charts.investment import plot_disclosure_by_section
    from qpanalysis.analysis.investment import investment_by_section
    from qpanalysis.reports.params import setup, validate_parameters

    try:
        for lang in ("zh", "en"):
            params = validate_parameters(lang=lang, output_dir=tmp_path, figure_formats=["png"],
                                         figure_width="column", figure_titles=False)
            setup(params)
            tl = params.load()
            table = investment_by_section(tl)
            params.save(plot_disclosure_by_section(table, params), "disclosure", table, tl, show=False)
            caption = (tmp_path / f"disclosure_{lang}.caption.txt").read_text(encoding="utf-8").splitlines()
            png = Image.open(tmp_path / f"disclosure_{lang}.png")
            # The title is the caption's first line, and the PNG's Title; the source line names the list's sha256.
            assert caption[0] == png.text["Title"] and tl.sha256[:8] in caption[1]
            assert png.text["Source"] == f"sha256:{tl.sha256}"
            assert abs(png.size[0] / 300 * 25.4 - 85) <= 0.5  # 85 mm at 300 dpi
    finally:
        style.use_style("zh", width=None)
    assert (tmp_path / "disclosure_zh.caption.txt").read_text(encoding="utf-8").startswith("各板块")


def test_figure_options_are_checked_with_the_option_named():
    from qpanalysis.reports.params import check_figure_options, validate_parameters

    assert check_figure_options(" Column ").width == "column"
    assert check_figure_options("200").width == "200"
    with pytest.raises(ValueError, match="^--figure-width: must be column, page or a width in mm from 60 to 200"):
        check_figure_options("59", prefix="--")
    with pytest.raises(ValueError, match="parameter figure_titles must be True or False"):
        validate_parameters(figure_titles="no")
