"""Tests for qpanalysis.charts.workload: the words of each chart in both languages, and what is drawn.

Figures of the bundled list, counted by hand from 牵头部门 in data/raw (see
tests/analysis/test_workload.py): 41 tasks, each with one lead department; 21 departments;
12 tasks list more than one department, 17 co-lead listings in all.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from qpanalysis.analysis import workload as wl  # noqa: E402
from qpanalysis.charts import workload as wc  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


@pytest.mark.parametrize(("lang", "title", "xlabel"), [
    ("zh", "各部门牵头与共同牵头的任务数（共41项任务）", "任务数（项）"),
    ("en", "Tasks per department (41 tasks in all)", "Tasks (number)"),
])
def test_department_tasks_titles_the_tasks_and_draws_a_bar_per_department(bundled, lang, title, xlabel):
    workload = wl.department_workload(bundled.departments)
    ax = wc.plot_department_tasks(workload, lang).axes[0]
    assert ax.get_title(loc="left") == title and ax.get_xlabel() == xlabel
    lead, co_lead = ax.containers  # two stacked bar series, one bar per department each
    assert len(lead) == len(co_lead) == 21
    assert sum(bar.get_width() for bar in lead) == 41  # every task has one lead
    assert sum(bar.get_width() for bar in co_lead) == 17


def test_department_labels_are_full_chinese_names_and_short_english_ones(bundled):
    workload = wl.department_workload(bundled.departments)
    zh = [t.get_text() for t in wc.plot_department_tasks(workload, "zh").axes[0].get_yticklabels()]
    en = [t.get_text() for t in wc.plot_department_tasks(workload, "en").axes[0].get_yticklabels()]
    assert zh[0] == "区农业农村委"  # the busiest department on top
    # The one English name of every table and figure: the short name of data/reference/departments.csv
    # (not "District Agriculture and Rural Affairs Commission").
    assert en[0] == "Agriculture and Rural Affairs Commission"


@pytest.mark.parametrize(("lang", "first_column", "title"), [
    ("zh", "一、强化乡\n村规划引领\n先导", "各板块的部门任务分布"),
    ("en", "1. Strengthen\nrural planning\nguidance", "Tasks by section and department"),
])
def test_section_heatmap_numbers_the_sections_as_each_language_writes_them(bundled, lang, first_column, title):
    counts = wl.section_department_counts(bundled.departments, bundled.tasks)
    ax = wc.plot_section_heatmap(counts, lang).axes[0]
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert len(columns) == 7 and columns[0] == first_column  # section 1, wrapped at 5 characters or 14 letters
    assert ax.get_title(loc="left") == title


@pytest.mark.parametrize(("lang", "outside", "december"), [
    ("zh", "2025年\n11月\n（计划年度外）", "2026年\n12月"),
    ("en", "Nov\n2025\n(outside plan year)", "Dec\n2026"),
])
def test_deadlines_mark_the_month_outside_the_plan_year(bundled, lang, outside, december):
    deadlines = wl.deadlines_by_month(bundled.departments, bundled.tasks, bundled.plan_year)
    ax = wc.plot_deadlines(deadlines, lang).axes[0]
    columns = [t.get_text() for t in ax.get_xticklabels()]
    assert columns[0] == outside and columns[-1] == december


@pytest.mark.parametrize(("lang", "one", "note_end"), [
    ("zh", "共同牵头1项任务", "个部门只单独牵头，未画出。"),
    ("en", "1 shared task", "departments that only lead alone\nare not shown."),
])
def test_network_legend_counts_shared_tasks_in_each_language(bundled, lang, one, note_end):
    workload = wl.department_workload(bundled.departments)
    fig = wc.plot_co_lead_network(wl.co_lead_edges(bundled.departments), workload, lang)
    legend = fig.axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[2] == one
    assert legend.get_title().get_text().endswith(note_end)


@pytest.mark.parametrize(("lang", "title", "none"), [
    ("zh", "各部门牵头任务的已披露投资（与投资报告同一口径）", "未牵头披露金额的任务"),
    ("en", "Disclosed investment of the tasks each department leads (as in the investment report)",
     "leads no task with an amount"),
])
def test_department_investment_writes_no_amount_where_none_is_disclosed(bundled, lang, title, none):
    investment = wl.department_investment(bundled.departments, bundled.tasks)
    fig = wc.plot_department_investment(investment, lang)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == title
    unknown = int(investment["lead_investment_wan"].isna().sum())
    assert unknown > 0 and _texts(fig).count(none) == unknown
    assert len(ax.patches) == len(investment) - unknown  # no bar for an unknown amount


def test_deadlines_heatmap_colours_and_numbers_only_the_cells_with_a_task(bundled):
    deadlines = wl.deadlines_by_month(bundled.departments, bundled.tasks, bundled.plan_year)
    ax = wc.plot_deadlines(deadlines, "en").axes[0]
    cells = ax.collections[0].get_array().reshape(21, 5)  # seaborn's mesh: 21 departments × 5 due months
    # 41 lead listings + 17 co-lead listings, each counted once in its task's due month.
    assert cells.sum() == 58
    # Task 28 (due 2025.11) is led by 区绿化市容局, the 4th busiest department; the
    # busiest, 区农业农村委, has no task due that month: its cell is left white, not a 0.
    assert cells[3, 0] == 1 and cells.mask[0, 0]
    numbers = [t.get_text() for t in ax.texts if t.get_text()]
    assert len(numbers) == cells.count()  # one number per coloured cell, none on an empty one
