"""Tests of qpanalysis.charts.quality: the data quality report's charts, on the bundled list."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from qpanalysis.analysis import quality as q  # noqa: E402
from qpanalysis.charts import quality as qc  # noqa: E402
from qpanalysis.charts import style as figures  # noqa: E402


@pytest.fixture(scope="module")
def tl(bundled):
    return bundled


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_draw_with_titles_and_no_missing_glyphs(tl, lang):
    status = q.field_status(tl)
    for fig in (
        qc.plot_totals(q.totals_comparison(tl), lang),
        qc.plot_completeness(q.completeness(status), lang),
        qc.plot_completeness_heatmap(status, lang),
    ):
        fig.draw_without_rendering()
        (ax,) = fig.axes
        assert ax.get_title(loc="left")
        assert ax.get_xlabel()
        assert figures.find_missing_glyphs(fig) == {}
        plt.close(fig)


def test_totals_chart_highlights_the_mismatch(tl):
    fig = qc.plot_totals(q.totals_comparison(tl), "en")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "diff. +1 households" in texts
    assert texts.count("agrees (diff. 0)") == 5
    plt.close(fig)
