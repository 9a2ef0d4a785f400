"""Tests for qpanalysis.charts.quarterly: titles and bar texts from the message catalogue, per locale."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from qpanalysis.analysis import quarterly as q  # noqa: E402
from qpanalysis.charts import quarterly as charts  # noqa: E402
from qpanalysis.charts import style as figures  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(("lang", "title"), [
    ("zh", "第三季度末各任务应达到的进度（截至9月30日）"),
    ("en", "Expected progress at the end of the third quarter (30 Sep 2026)"),
])
def test_expected_progress_title_dates_the_comparison_in_each_language(bundled, lang, title):
    fig = charts.plot_expected_pct(q.expected_pct(bundled, "2026-09-30"), lang, "Q3", "2026-09-30")
    assert fig.axes[0].get_title(loc="left") == title
    assert figures.find_missing_glyphs(fig) == {}


@pytest.mark.parametrize(("lang", "text"), [("zh", "3/4 个"), ("en", "3 of 4 units")])
def test_a_quantity_target_is_written_as_done_of_total(bundled, lang, text):
    # Task 13's Q3 target: 3 of the year's 4 (个) 农村寄递物流体系 stations, as the source states.
    fig = charts.plot_expected_pct(q.expected_pct(bundled, "2026-09-30"), lang, "Q3", "2026-09-30")
    assert text in [t.get_text() for t in fig.axes[0].texts]


@pytest.mark.parametrize(("lang", "by", "title"), [
    ("zh", "section", "第三季度到期的里程碑（按板块）"),
    ("en", "lead_department", "Milestones due in the third quarter, by lead department"),
])
def test_milestones_due_title_names_the_quarter_and_the_grouping(bundled, lang, by, title):
    due = q.due_summary(q.milestones_due(bundled, "Q3"), by)
    fig = charts.plot_milestones_due(due, lang, by, "Q3")
    assert fig.axes[0].get_title(loc="left") == title
