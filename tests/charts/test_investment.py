"""Tests for qpanalysis.charts.investment: an unknown amount has no bar, never a zero one, and the
number of undisclosed tasks is written beside every bar.

Figures of the bundled list, by hand from its 总投资 column (see tests/analysis/test_investment.py):
tasks 3, 4, 6, 11, 14, 17, 27, 28, 36 disclose an amount; sections 4 (tasks 18–22) and 6
(tasks 32–35) none; section 1 (tasks 1–3) discloses task 3 (278138) and not tasks 1, 2.
"""

from __future__ import annotations

import csv

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from qpanalysis.analysis import allocation as al  # noqa: E402
from qpanalysis.analysis import investment as inv  # noqa: E402
from qpanalysis.charts import investment as ch  # noqa: E402
from qpanalysis.charts import style as figures  # noqa: E402
from qpanalysis.display.tables import labelled  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def undisclosed(loaded):
    return loaded["undisclosed"]


def bar_widths(ax) -> list[float]:
    return [patch.get_width() for patch in ax.patches]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def note(fig, lang: str = "en") -> str:
    """The text under a figure, its wrapped lines joined (Chinese lines break between characters)."""
    return " ".join(t.get_text() for t in fig.texts).replace("\n", "" if lang == "zh" else " ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_section_chart_draws_no_bar_where_nothing_is_disclosed(bundled, lang):
    figures.use_style(lang)
    fig = ch.plot_investment_by_section(inv.investment_by_section(bundled), lang)
    ax = fig.axes[0]
    # 7 sections, 2 of them (4 and 6) with no disclosed amount: 5 bars, none of zero width
    assert len(ax.patches) == 5 and min(bar_widths(ax)) > 0
    labels = texts(ax)
    if lang == "zh":
        # section 4: tasks 18–22 (5), section 6: tasks 32–35 (4); section 1: task 3 and 2 undisclosed
        assert "5项未披露" in labels and "4项未披露" in labels
        assert "278,138（1项）；2项未披露" in labels
        assert "不记为0" in note(fig, lang)
    else:
        assert "5 tasks undisclosed" in labels and "4 tasks undisclosed" in labels
        assert "278,138 (1 task); 2 tasks undisclosed" in labels
        assert "never counted as 0" in note(fig)
    assert not any(label.startswith("0") for label in labels)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_department_chart_says_how_many_departments_it_leaves_out(bundled, lang):
    figures.use_style(lang)
    fig = ch.plot_investment_by_department(inv.investment_by_department(bundled), lang)
    ax = fig.axes[0]
    # 6 lead departments disclose an amount; 17 − 6 = 11 lead only "/" tasks: 区卫生健康委 2
    # (tasks 20, 24), and 10 departments 1 each = 12 tasks
    assert len(ax.patches) == 6 and min(bar_widths(ax)) > 0
    # 区农业农村委: tasks 4, 6, 14 disclose 68916 + 2808 + 13 = ≈71,737; 15 − 3 = 12 say "/"
    expected = "≈71,737（3项）；12项未披露" if lang == "zh" else "≈71,737 (3 tasks); 12 tasks undisclosed"
    assert expected in texts(ax)
    assert ("另有11个牵头部门未画出：其牵头的12项任务都未披露金额" if lang == "zh"
            else "lead departments that disclose no amount for any task they lead: 11 (tasks: 12)") in note(fig, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_town_chart_lists_towns_only_undisclosed_tasks_reach_without_a_bar(bundled, lang):
    figures.use_style(lang)
    table = al.investment_by_town(al.allocate_investment_to_towns(bundled), bundled)
    fig = ch.plot_investment_by_town(table, lang)
    amounts, mix = fig.axes[0], fig.axes[1]
    assert min(bar_widths(amounts)) > 0 and min(bar_widths(mix)) > 0
    # rows, bottom to top; 华新镇 is reached only by tasks 7 and 18 (their breakdowns), both "/"
    rows = [t.get_text() for t in amounts.get_yticklabels()]
    huaxin = rows.index("华新镇" if lang == "zh" else "Huaxin Town")
    label = next(t for t in amounts.texts if round(t.xy[1]) == huaxin)
    assert label.get_text() == ("2项未披露" if lang == "zh" else "2 tasks undisclosed")
    assert label.xy[0] == 0
    # no bar is drawn in the row of a town with no disclosed amount
    assert not any(abs(p.get_y() + p.get_height() / 2 - huaxin) < 0.1 for p in amounts.patches)
    # 金泽镇: 278138 + 17229 + 10478.4 = ≈305,845; tasks 2 30 32 (scope) and 7 8 18 23 (breakdowns) say "/"
    assert ("≈305,845；7项未披露" if lang == "zh" else "≈305,845; 7 tasks undisclosed") in texts(amounts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_of_a_list_that_discloses_nothing(undisclosed, lang):
    figures.use_style(lang)
    sections = inv.investment_by_section(undisclosed)
    fig = ch.plot_investment_by_section(sections, lang)
    ax = fig.axes[0]
    assert len(ax.patches) == 0
    # every section says how many tasks it holds, all undisclosed: 3 3 11 5 9 4 6
    expected = [ch.undisclosed_tasks(n, lang) for n in (6, 4, 9, 5, 11, 3, 3)]  # drawn bottom (section 7) up
    assert texts(ax) == expected
    assert [t.get_text() for t in ax.get_xticklabels()] == []  # no scale without an amount
    table = al.investment_by_town(al.allocate_investment_to_towns(undisclosed), undisclosed)
    fig = ch.plot_investment_by_town(table, lang)
    assert len(fig.axes[0].patches) == 0 and fig.axes[0].get_legend() is None
    # district-wide: 15 tasks; no town named: 12 (both "/" everywhere in this variant)
    assert ch.undisclosed_tasks(15, lang) in texts(fig.axes[0]) and ch.undisclosed_tasks(12, lang) in texts(fig.axes[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figure_csvs_leave_unknown_amounts_empty(bundled, tmp_path, lang):
    # investment_by_section_<lang>.csv and investment_by_town_<lang>.csv, as params.save writes them
    figures.use_style(lang)
    sections = inv.investment_by_section(bundled)
    figures.save_figure(ch.plot_investment_by_section(sections, lang), "investment_by_section", labelled(sections, lang),
                        output_dir=tmp_path, formats=("png",))
    with open(tmp_path / "investment_by_section.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    amount = next(i for i, h in enumerate(header) if h.startswith("总投资" if lang == "zh" else "Investment"))
    share = len(header) - 1
    by_section = {row[0]: row for row in body}
    for section in ("4", "6"):  # no task discloses an amount: empty, not 0
        assert by_section[section][amount] == "" and by_section[section][share] == ""
    assert float(by_section["1"][amount]) == 278138
    town = al.investment_by_town(al.allocate_investment_to_towns(bundled), bundled)
    figures.save_figure(ch.plot_investment_by_town(town, lang), "investment_by_town", labelled(town, lang),
                        output_dir=tmp_path, formats=("png",))
    with open(tmp_path / "investment_by_town.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    numbers = [cell for row in rows[1:] for cell in row[1:7]]  # the five rules and the total
    assert "0" not in numbers and "0.0" not in numbers
    assert "" in numbers
