"""Tests for qpanalysis.analysis.coverage and qpanalysis.charts.coverage.

Numbers about the bundled list were read off the raw file's 涉及范围 (scope) and
建设规模 (scale) columns by hand; the arithmetic is in the comments.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from qpanalysis.charts import style as figures  # noqa: E402
from qpanalysis.analysis import coverage as cov  # noqa: E402
from qpanalysis.charts import coverage as charts  # noqa: E402
from qpanalysis.codes import TownBucket  # noqa: E402
from qpanalysis.ingest.reference import load_reference  # noqa: E402

DISTRICT = ("朱家角镇", "练塘镇", "金泽镇", "赵巷镇", "徐泾镇", "华新镇", "重固镇", "白鹤镇", "夏阳街道", "盈浦街道", "香花桥街道")
PARK = "现代农业园区"

# Scope column of the raw list, by hand:
# 11个街镇 (or 11个街镇及所属村居, task 22): 1 12 14 20 22 24 25 26 35 36 38 39 40 41; and task
# 31, whose scope is "/" but whose name is 整区建设美丽乡村 (the whole district: qpanalysis.ingest.scope)
DISTRICT_WIDE = [1, 12, 14, 20, 22, 24, 25, 26, 31, 35, 36, 38, 39, 40, 41]
# Towns listed by name: 2 金泽/白鹤; 3 金泽; 4 练塘/赵巷/徐泾/金泽; 5 赵巷/重固/朱家角/练塘;
# 11 重固/白鹤/练塘; 27 金泽; 28 练塘/夏阳; 30 and 32 练塘/赵巷/徐泾/金泽; 33 白鹤/现代农业园区
EXPLICIT = [2, 3, 4, 5, 11, 27, 28, 30, 32, 33]
# 相关街镇 with a per-town 建设规模 breakdown: 7 (parking), 8 (signage), 18 (facilities +
# elderly care), 23 (courtyards)
FROM_BREAKDOWN = [7, 8, 18, 23]
# 相关街镇 with no breakdown
UNSPECIFIED_IDS = [6, 9, 10, 13, 15, 16, 17, 19, 21, 29, 34, 37]


@pytest.fixture(scope="module")
def cells(bundled):
    return cov.coverage_cells(bundled.towns, bundled.tasks)


@pytest.fixture(scope="module")
def quantities(bundled):
    return cov.town_quantities(bundled.quantities)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def made_up_cells(rows):
    """Cells from (task_id, town, basis) triples, with a section and a name for each task."""
    frame = pd.DataFrame(rows, columns=["task_id", "town", "basis"])
    frame["section_no"] = 1
    frame["name"] = frame["task_id"].map(lambda i: f"任务{i}")
    return frame[["task_id", "section_no", "name", "town", "basis"]]


# --- the bundled list -------------------------------------------------------------------



def test_tasks_by_basis(cells):
    table = cov.tasks_by_basis(cells).set_index("basis")
    assert list(table.index) == list(cov.BASES)
    assert table["tasks"].to_dict() == {
        "explicit": len(EXPLICIT), "district-wide": len(DISTRICT_WIDE),
        "from-breakdown": len(FROM_BREAKDOWN), "unspecified": len(UNSPECIFIED_IDS),
    }
    # explicit links: 2 + 1 + 4 + 4 + 3 + 1 + 2 + 4 + 4 + 2 = 27
    # district-wide: 15 tasks × 11 towns = 165
    # from-breakdown: task 7 names 10 towns, 8 names 9, 18 names 11 (7 facilities +
    #   the 4 more of elderly care: 徐泾 华新 夏阳 盈浦), 23 names 4: 10 + 9 + 11 + 4 = 34
    # unspecified: one cell per task = 12
    assert table["links"].to_dict() == {"explicit": 27, "district-wide": 165, "from-breakdown": 34, "unspecified": 12}


def test_each_task_on_its_hand_read_basis(cells):
    basis = cells.drop_duplicates("task_id").set_index("task_id")["basis"]
    for ids, name in ((DISTRICT_WIDE, "district-wide"), (EXPLICIT, "explicit"),
                      (FROM_BREAKDOWN, "from-breakdown"), (UNSPECIFIED_IDS, "unspecified")):
        assert set(basis[basis == name].index) == set(ids), name


def test_sanity_check_passes_on_bundled(cells):
    cov.sanity_check_coverage_cells(cells)


def test_coverage_matrix_layout_and_cells(cells):
    matrix = cov.coverage_matrix(cells)
    assert matrix.shape == (41, 13)  # 41 tasks; 11 街镇 + 现代农业园区 + 未指明
    assert list(matrix.columns) == [*DISTRICT, PARK, TownBucket.UNSPECIFIED]
    assert list(matrix.index) == list(range(1, 42))
    # Task 7 (parking) lists every district town but 盈浦街道.
    assert matrix.loc[7].isna().sum() == 3  # 盈浦街道, 现代农业园区, 未指明
    assert pd.isna(matrix.at[7, "盈浦街道"])
    assert matrix.at[33, PARK] == "explicit"
    # Task 31 (整区, scope "/") reaches the 11 街镇 as district-wide, not the park nor 未指明.
    assert (matrix.loc[31, list(DISTRICT)] == "district-wide").all()
    assert matrix.loc[31].notna().sum() == 11
    # Every unspecified task is in the 未指明 column and nowhere else.
    assert set(matrix.index[matrix[TownBucket.UNSPECIFIED].notna()]) == set(UNSPECIFIED_IDS)


def test_tasks_per_town_hand_counts(cells):
    # District-wide: 15 tasks (14 × 11个街镇 + task 31 整区) reach each of the 11 towns, none the park.
    # Explicit (EXPLICIT above): 金泽 2,3,4,27,30,32 = 6; 练塘 4,5,11,28,30,32 = 6;
    #   赵巷 4,5,30,32 = 4; 徐泾 4,30,32 = 3; 白鹤 2,11,33 = 3; 重固 5,11 = 2;
    #   朱家角 5 = 1; 夏阳 28 = 1; 现代农业园区 33 = 1; 华新, 盈浦, 香花桥 0.
    # From-breakdown: 7 names all but 盈浦; 8 all but 华新 and 盈浦; 18 all 11;
    #   23 赵巷 徐泾 练塘 金泽 → 赵巷 徐泾 练塘 金泽 4; 华新 2 (7, 18); 盈浦 1 (18); others 3.
    expected = {  # town: (explicit, district_wide, from_breakdown, total)
        "练塘镇": (6, 15, 4, 25),   # 6 + 15 + 4
        "金泽镇": (6, 15, 4, 25),   # 6 + 15 + 4
        "赵巷镇": (4, 15, 4, 23),   # 4 + 15 + 4
        "徐泾镇": (3, 15, 4, 22),   # 3 + 15 + 4
        "白鹤镇": (3, 15, 3, 21),   # 3 + 15 + 3
        "重固镇": (2, 15, 3, 20),   # 2 + 15 + 3
        "朱家角镇": (1, 15, 3, 19),  # 1 + 15 + 3
        "夏阳街道": (1, 15, 3, 19),  # 1 + 15 + 3
        "香花桥街道": (0, 15, 3, 18),  # 0 + 15 + 3
        "华新镇": (0, 15, 2, 17),   # 0 + 15 + 2
        "盈浦街道": (0, 15, 1, 16),  # 0 + 15 + 1
        PARK: (1, 0, 0, 1),
    }
    table = cov.tasks_per_town(cells)
    got = {row.town: (row.explicit, row.district_wide, row.from_breakdown, row.total) for row in table.itertuples()}
    assert got == expected
    # Sorted by total; the tie 练塘镇 / 金泽镇 keeps the reference order (练塘镇 is listed first).
    assert list(table["town"]) == list(expected)
    assert (table["named"] == table["explicit"] + table["from_breakdown"]).all()
    # Links to places: 27 + 165 + 34 = 226
    assert table["total"].sum() == 226


def test_yingpu_is_named_only_in_task_18(cells):
    named = cov.named_tasks(cells).set_index("town")
    # 盈浦 appears once in the raw file: 家门口养老服务站 … 盈浦街道1 (task 18).
    assert named.at["盈浦街道", "task_ids"] == (18,)
    assert named.at[PARK, "task_ids"] == (33,)
    # 华新镇: parking (7) and elderly care (18) only.
    assert named.at["华新镇", "task_ids"] == (7, 18)
    assert list(named.index) == list(load_reference().towns["town"])


def test_unspecified_tasks_and_task_31(bundled, cells):
    table = cov.unspecified_tasks(cells)
    assert list(table["task_id"]) == UNSPECIFIED_IDS
    # Task 31's scope stays "/" as published; its name places it district-wide.
    assert bundled.tasks.loc[31, "scope"] == "/"
    assert bundled.tasks.loc[31, "name"] == "整区建设美丽乡村"
    assert 31 not in set(table["task_id"])


def test_town_quantities_hand_figures(quantities):
    # 6 broken-down metrics × 11 district towns (no breakdown names the park) = 66 rows
    assert len(quantities) == 66
    wide = cov.town_quantity_table(quantities)
    assert list(wide.index) == list(DISTRICT)
    parking = wide["乡村停车场(点)建设"].to_dict()
    # 乡村停车场(点)建设(个):赵巷镇11;徐泾镇4;华新镇16;重固镇15;白鹤镇29;朱家角镇53;练塘镇70;金泽镇40;夏阳街道8;香花桥街道4
    assert parking == {"朱家角镇": 53, "练塘镇": 70, "金泽镇": 40, "赵巷镇": 11, "徐泾镇": 4, "华新镇": 16,
                       "重固镇": 15, "白鹤镇": 29, "夏阳街道": 8, "盈浦街道": 0, "香花桥街道": 4}
    sums = wide.sum().to_dict()
    assert sums == {
        "乡村停车场(点)建设": 250,  # 11 + 4 + 16 + 15 + 29 + 53 + 70 + 40 + 8 + 4 = 250
        "公共标识标牌": 25,  # 1 + 1 + 1 + 4 + 5 + 3 + 2 + 1 + 7 = 25
        "新改建公共服务设施": 45,  # 18 + 3 + 2 + 3 + 12 + 2 + 5 = 45
        "家门口养老服务站": 8,  # 8 towns × 1
        "美丽庭院": 1001,  # 112 + 311 + 200 + 378 = 1001 (建设目标 says 1000)
        "休闲森林公园": 2,  # 练塘镇 1 + 夏阳街道 1
    }
    # 盈浦街道 has a figure only for elderly-care stations (task 18).
    assert wide.loc["盈浦街道"].to_dict() == {m: (1 if m == "家门口养老服务站" else 0) for m in wide.columns}
    zero_named = quantities[(quantities["quantity"] == 0) & quantities["in_breakdown"]]
    assert zero_named.empty


def test_sanity_check_town_quantities(bundled, quantities):
    cov.sanity_check_town_quantities(quantities, bundled.totals)
    broken = quantities.copy()
    broken.loc[(broken["metric"] == "美丽庭院") & (broken["town"] == "金泽镇"), "quantity"] = 0.0
    with pytest.raises(ValueError, match="美丽庭院"):
        cov.sanity_check_town_quantities(broken, bundled.totals)


def test_breakdown_metrics_in_stated_order(quantities):
    metrics = cov.breakdown_metrics(quantities)
    # 建设规模 breakdowns by task: 7 parking (10 towns, 250), 8 signage (9, 25), 18 facilities
    # (7, 45) then elderly care (8, 8), 23 courtyards (4, 1001), 28 forest parks (2, 2)
    assert metrics[["task_id", "towns", "quantity"]].values.tolist() == [
        [7, 10, 250], [8, 9, 25], [18, 7, 45], [18, 8, 8], [23, 4, 1001], [28, 2, 2]]
    assert metrics["metric"].tolist()[2:4] == ["新改建公共服务设施", "家门口养老服务站"]


def test_town_tiles_unique_positions(cells):
    tiles = cov.town_tiles(cov.tasks_per_town(cells))
    placed = tiles.dropna(subset=["tile_row", "tile_col"])
    assert set(placed["town"]) == set(DISTRICT)
    assert not placed.duplicated(["tile_row", "tile_col"]).any()
    assert tiles.set_index("town").loc[PARK, ["tile_row", "tile_col"]].isna().all()


# --- made-up tables ---------------------------------------------------------------------


def test_coverage_cells_gives_unspecified_column():
    towns = pd.DataFrame({"task_id": [1, 1, 2], "town": ["金泽镇", "白鹤镇", None],
                          "basis": ["explicit", "explicit", "unspecified"]})
    tasks = pd.DataFrame({"task_id": [1, 2], "section_no": [1, 2], "name": ["甲", "乙"]},
                         index=pd.Index([1, 2], name="task_id"))
    cells = cov.coverage_cells(towns, tasks)
    assert cells["town"].tolist() == ["金泽镇", "白鹤镇", TownBucket.UNSPECIFIED]
    assert cells["name"].tolist() == ["甲", "甲", "乙"]
    cov.sanity_check_coverage_cells(cells)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(1, "金泽镇", "explicit"), (1, "白鹤镇", "from-breakdown")], "more than one basis"),
        ([(1, "金泽镇", "unspecified")], "未指明"),
        ([(1, TownBucket.UNSPECIFIED, "explicit")], "未指明"),
        ([(1, t, "district-wide") for t in DISTRICT[:-1]], "district's 11 towns"),
        ([(1, "金泽镇", "explicit"), (1, "金泽镇", "explicit")], "same town twice"),
        ([(1, "金泽镇", "guessed")], "unknown basis"),
    ],
)
def test_sanity_check_coverage_cells_catches(rows, message):
    with pytest.raises(ValueError, match=message):
        cov.sanity_check_coverage_cells(made_up_cells(rows))


def test_tasks_per_town_made_up_zero_rows_and_ties():
    cells = made_up_cells([(1, "香花桥街道", "explicit"), (2, "朱家角镇", "explicit"), (3, TownBucket.UNSPECIFIED, "unspecified")])
    table = cov.tasks_per_town(cells)
    # Tie at 1: 朱家角镇 comes before 香花桥街道 in the reference; then the zero rows.
    assert table["town"].tolist()[:2] == ["朱家角镇", "香花桥街道"]
    assert len(table) == 12 and table["total"].tolist()[2:] == [0] * 10


def test_town_quantities_fills_zeros_and_keeps_other_towns():
    q = pd.DataFrame({
        "task_id": [5, 5, 5], "metric": ["甲指标"] * 3, "unit": ["个"] * 3,
        "town": ["金泽镇", PARK, None], "quantity": [2.0, 3.0, 5.0],
    })
    table = cov.town_quantities(q)
    # 11 district towns + the park, which this breakdown names
    assert len(table) == 12 and table["town"].iloc[-1] == PARK
    assert table["quantity"].sum() == 5.0  # 2 + 3; the stated total 5 is not a town
    assert table["in_breakdown"].sum() == 2
    totals = pd.DataFrame({"task_id": [5], "metric": ["甲指标"], "unit": ["个"], "towns": [2], "breakdown_sum": [5.0]})
    cov.sanity_check_town_quantities(table, totals)


# --- charts -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_draw_without_missing_glyphs(lang, cells, quantities):
    per_town = cov.tasks_per_town(cells)
    made = {
        "matrix": charts.plot_coverage_matrix(cells, lang),
        "per_town": charts.plot_tasks_per_town(per_town, lang, unspecified=len(UNSPECIFIED_IDS)),
        "quantities": charts.plot_town_quantities(quantities, lang),
        "tiles": charts.plot_task_tile_map(per_town, lang),
        "parking": charts.plot_quantity_tile_map(quantities, "乡村停车场(点)建设", lang),
    }
    for name, fig in made.items():
        fig.draw_without_rendering()
        assert figures.find_missing_glyphs(fig) == {}, name
    matrix_ax = made["matrix"].axes[0]
    assert len(matrix_ax.get_yticklabels()) == 41
    assert len(matrix_ax.get_xticklabels()) == 13
    assert matrix_ax.get_yticklabels()[6].get_text() == ("7  完善乡村停车场(点)" if lang == "zh" else "7  Rural parking")
    texts = " ".join(t.get_text() for t in made["tiles"].findobj(matplotlib.text.Text))
    assert ("示意图" if lang == "zh" else "not to scale") in texts
    assert "N" in [t.get_text() for t in made["tiles"].findobj(matplotlib.text.Text)]
    bars = made["per_town"].axes[0].get_yticklabels()
    assert bars[0].get_text() == ("练塘镇" if lang == "zh" else "Liantang Town")
    assert len([ax for ax in made["quantities"].axes if ax.get_visible()]) == 6


def test_quantity_tile_map_rejects_unknown_metric(quantities):
    with pytest.raises(ValueError, match="no per-town quantities"):
        charts.plot_quantity_tile_map(quantities, "不存在", "zh")


def test_district_wide_by_text_names_the_task_whose_name_says_so(bundled, cells, loaded):
    # Task 31 整区建设美丽乡村: 涉及范围 "/", but its name says 整区 (the whole district) → district-wide by text.
    found = cov.district_wide_by_text(bundled.tasks, cells)
    assert found[["task_id", "field", "word"]].values.tolist() == [[31, "任务名称", "整区"]]
    # rescoped gives task 31 the scope 11个街镇: district-wide by its scope, so nothing is inferred from text.
    tl = loaded["rescoped"]
    assert cov.district_wide_by_text(tl.tasks, cov.coverage_cells(tl.towns, tl.tasks)).empty


def test_mentioned_towns_are_those_the_text_names_but_the_task_does_not(bundled, cells):
    # Task 14 推动数字乡村建设 (涉及范围 11个街镇, district-wide) names 练塘镇 and 重固镇 in its
    # goal/content/scale text: mentioned, not named. No other task's text names a town it does not name.
    assert cov.mentioned_towns(bundled.tasks, cells) == [(14, ["练塘镇", "重固镇"], "district-wide")]
