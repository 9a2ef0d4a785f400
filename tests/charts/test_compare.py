"""Tests for qpanalysis.charts.compare: the slope chart of tasks per section, old list against new."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from tests.display.findings_helpers import cached  # noqa: E402

import qpanalysis as qp  # noqa: E402
from qpanalysis.charts import compare as charts  # noqa: E402
from qpanalysis.charts import style as figures  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_is_labelled_once_without_overlaps_or_missing_glyphs(bundled, compare_paths, lang):
    c = cached(qp.compare, bundled, compare_paths["compare_next_year"])
    figures.use_style(lang)
    fig = charts.plot_section_slopes(c.by_section, charts.side_label(c.old, lang), charts.side_label(c.new, lang), lang)
    assert figures.find_missing_glyphs(fig) == {}
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_position()[0] > 1]
    # seven sections, three of them with 3 tasks in the new list (产业 4 → 3, two others 3 → 3)
    assert len(labels) == 7
    assert sorted(t.get_text().split()[0] for t in labels) == ["10", "10", "3", "3", "3", "5", "6"]
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    # the left labels: each old count once (3, 4, 5, 6, 9, 11)
    assert sorted(int(t.get_text()) for t in ax.texts if t.get_position()[0] < 0) == [3, 4, 5, 6, 9, 11]


def test_labels_are_spread_apart_and_stay_near_their_values():
    assert charts.spread([3, 3, 3, 10], 1) == [2.0, 3.0, 4.0, 10.0]
    assert charts.spread([5, 1], 1) == [5.0, 1.0]  # order kept, nothing moved when apart
    placed = charts.spread([0, 0.2, 0.4, 0.6], 1)
    assert all(b - a >= 1 - 1e-9 for a, b in zip(placed, placed[1:]))
