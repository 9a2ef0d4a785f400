"""Tests for qpanalysis.charts.coverage: tile maps coloured from 0 by the tasks that name each town."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from qpanalysis.analysis import coverage as cov  # noqa: E402
from qpanalysis.charts import coverage as charts  # noqa: E402
from qpanalysis.charts import style as figures  # noqa: E402
from qpanalysis.ingest.reference import load_reference  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def colour_bar(fig):
    """The colour bar's normalisation: (vmin, vmax)."""
    bar = next(ax for ax in fig.axes if ax.get_label() == "<colorbar>")
    mappable = bar._colorbar.mappable
    return mappable.norm.vmin, mappable.norm.vmax


def made_up_per_town(named):
    """tasks_per_town-like rows: every district town has 14 district-wide tasks plus ``named[town]``."""
    towns = list(load_reference().district_towns)
    rows = [{"town": t, "explicit": named.get(t, 0), "district_wide": 14, "from_breakdown": 0,
             "named": named.get(t, 0), "total": 14 + named.get(t, 0)} for t in towns]
    return pd.DataFrame(rows)


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_task_tile_map_colours_named_tasks_from_zero(lang):
    # 1 against 10 named tasks on top of 14 shared district-wide ones: the scale is 0–10, not
    # 15–24, so a town named once is not drawn as if nothing reached it.
    per_town = made_up_per_town({"盈浦街道": 1, "练塘镇": 10, "金泽镇": 10})
    fig = charts.plot_task_tile_map(per_town, lang)
    fig.draw_without_rendering()
    assert colour_bar(fig) == (0.0, 10.0)
    shown = " ".join(texts(fig))
    assert ("点名 1 项" if lang == "zh" else "named in 1") in shown
    assert ("共涉及 15 项" if lang == "zh" else "15 reaching it in all") in shown
    assert ("每个街镇另有14项全区任务" if lang == "zh" else "the 14 district-wide tasks") in shown
    assert figures.find_missing_glyphs(fig) == {}


def test_quantity_tile_map_starts_at_zero_and_picks_the_task(bundled):
    quantities = cov.town_quantities(bundled.quantities)
    # 家门口养老服务站 (task 18): 1 in each of 8 towns; a scale from the smallest value would be 1–1.
    fig = charts.plot_quantity_tile_map(quantities, "家门口养老服务站", "zh", task_id=18)
    fig.draw_without_rendering()
    assert colour_bar(fig) == (0.0, 1.0)
    with pytest.raises(ValueError, match="no per-town quantities"):
        charts.plot_quantity_tile_map(quantities, "家门口养老服务站", "zh", task_id=7)


def test_matrix_note_counts_sections_and_towns_of_the_list(bundled):
    cells = cov.coverage_cells(bundled.towns, bundled.tasks)
    note = " ".join(texts(charts.plot_coverage_matrix(cells, "zh")))
    # 7 sections; columns: the 11 district towns and 现代农业园区 (named by task 33)
    assert "横线分隔7个板块" in note and "全区11个街镇及现代农业园区" in note
    part = bundled.filter(section=1)  # tasks 1-3
    note = " ".join(texts(charts.plot_coverage_matrix(cov.coverage_cells(part.towns, part.tasks), "en")))
    assert "lines separate the 1 section (numbered" in note and "district's 11 towns" in note
