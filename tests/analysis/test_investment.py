"""Tests for qpanalysis.analysis.investment and qpanalysis.charts.investment."""

from __future__ import annotations

import math

import pytest

from qpanalysis.analysis import allocation as al
from qpanalysis.analysis import investment as inv
from qpanalysis.codes import TownBucket
from tests.analysis.toy import toy_tables

# The tasks of the bundled list that disclose 总投资(万元), read off the raw file by hand
# (task: amount as written, 涉及范围):
#   3: 278138 金泽镇 · 4: 约68916 练塘镇、赵巷镇、徐泾镇、金泽镇 · 6: 约2808 相关街镇
#   11: 69.7 重固镇、白鹤镇、练塘镇 · 14: 13 11个街镇 · 17: 140 相关街镇
#   27: 10478.4 金泽镇 · 28: 830.14 练塘镇、夏阳街道 (建设规模: 练塘镇1、夏阳街道1) · 36: 240 11个街镇
# 278138 + 68916 + 2808 + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 361633.24
DISCLOSED_TOTAL = 361633.24
DISCLOSED_TASKS = [3, 4, 6, 11, 14, 17, 27, 28, 36]


def test_disclosed_total(tl):
    assert inv.disclosed_total(tl) == pytest.approx(DISCLOSED_TOTAL)
    # added with math.fsum: exactly the two-decimal figure, no 361633.24000000005
    assert repr(inv.disclosed_total(tl)) == "361633.24"
    # 361633.24 万元 / 10000 = 36.163324 亿元
    assert inv.to_yi(inv.disclosed_total(tl)) == pytest.approx(36.163324)


def test_disclosure_counts_and_sums(tl):
    table = inv.investment_disclosure(tl).set_index("status")
    # 9 tasks give an amount, 41 - 9 = 32 say "/"; 约 on tasks 4 and 6 only
    assert table["tasks"].to_dict() == {"exact": 7, "approximate": 2, "not-disclosed": 32}
    # approximate: 68916 + 2808 = 71724
    assert table.at["approximate", "investment_wan"] == pytest.approx(71724)
    # exact: 278138 + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 289909.24
    assert table.at["exact", "investment_wan"] == pytest.approx(289909.24)
    assert math.isnan(table.at["not-disclosed", "investment_wan"])
    assert table["share_of_disclosed"].sum() == pytest.approx(1.0)


def test_by_section(tl):
    table = inv.investment_by_section(tl).set_index("section_no")
    # sections 一…七 hold tasks 1-3, 4-6, 7-17, 18-22, 23-31, 32-35, 36-41
    assert table["tasks"].tolist() == [3, 3, 11, 5, 9, 4, 6]
    assert table["tasks_disclosed"].tolist() == [1, 2, 3, 0, 2, 0, 1]
    assert table["tasks_not_disclosed"].tolist() == [2, 1, 8, 5, 7, 4, 5]
    assert table.columns[1:4].tolist() == ["tasks", "tasks_disclosed", "tasks_not_disclosed"]
    # sums keep SUM_DIGITS significant digits: 10478.4 + 830.14 is 11308.54, not 11308.539999999999
    assert repr(float(table.at[5, "investment_wan"])) == "11308.54"
    expected = {
        1: 278138,  # task 3
        2: 68916 + 2808,  # tasks 4, 6 = 71724
        3: 69.7 + 13 + 140,  # tasks 11, 14, 17 = 222.7
        5: 10478.4 + 830.14,  # tasks 27, 28 = 11308.54
        7: 240,  # task 36
    }
    for section_no, amount in expected.items():
        assert table.at[section_no, "investment_wan"] == pytest.approx(amount)
    # sections 4 (tasks 18-22) and 6 (tasks 32-35) disclose nothing: unknown, not 0
    assert table.loc[[4, 6], ["investment_wan", "share"]].isna().all().all()
    assert table["investment_wan"].isna().sum() == 2
    assert table["investment_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)


def test_by_lead_department(tl):
    table = inv.investment_by_department(tl).set_index("department")
    # first-listed 牵头部门 of the disclosed tasks
    assert table.at["区规划资源局", "investment_wan"] == pytest.approx(278138)  # task 3
    assert table.at["区农业农村委", "investment_wan"] == pytest.approx(68916 + 2808 + 13)  # 4, 6, 14 = 71737
    assert table.at["区水务局", "investment_wan"] == pytest.approx(69.7 + 10478.4)  # 11, 27 = 10548.1
    assert table.at["区绿化市容局", "investment_wan"] == pytest.approx(830.14)  # 28
    assert table.at["区委组织部", "investment_wan"] == pytest.approx(240)  # 36
    assert table.at["区建设管理委", "investment_wan"] == pytest.approx(140)  # 17
    assert table.at["区农业农村委", "tasks_disclosed"] == 3
    # 区农业农村委 leads 15 tasks (4 5 6 7 8 14 18 23 29 30 32 33 34 35 37): 15 − 3 = 12 say "/"
    assert table.at["区农业农村委", "tasks_not_disclosed"] == 12
    assert (table["investment_wan"] > 0).sum() == 6
    # the other 17 − 6 = 11 lead departments lead only tasks that say "/": unknown, not 0, listed last
    unknown = table[table["investment_wan"].isna()]
    assert len(unknown) == 11 and unknown["share"].isna().all()
    assert (unknown["tasks_not_disclosed"] == unknown["tasks"]).all()
    assert table.index[-11:].tolist() == unknown.index.tolist()
    assert table["investment_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table["tasks"].sum() == 41
    assert table.index[0] == "区规划资源局"  # sorted by amount


def test_by_funding_level_overlaps(tl):
    table = inv.investment_by_funding_level(tl).set_index("level")
    # 资金来源 of the disclosed tasks: 3 市、区、镇; 4 市级…区级…镇级; 6 中央、市级; 11 街镇自筹;
    # 14 区级资金; 17 市级…区级; 27 市水利专项，区镇; 28 市、区财政; 36 中央财政衔接资金
    assert table.at["central", "investment_naming_wan"] == pytest.approx(2808 + 240)  # 6, 36
    # municipal: 3, 4, 6, 17, 27, 28 = 278138 + 68916 + 2808 + 140 + 10478.4 + 830.14 = 361310.54
    assert table.at["municipal", "investment_naming_wan"] == pytest.approx(361310.54)
    # district: 3, 4, 14, 17, 27, 28 = 278138 + 68916 + 13 + 140 + 10478.4 + 830.14 = 358515.54
    assert table.at["district", "investment_naming_wan"] == pytest.approx(358515.54)
    # town: 3, 4, 11, 27 = 278138 + 68916 + 69.7 + 10478.4 = 357602.1
    assert table.at["town", "investment_naming_wan"] == pytest.approx(357602.1)
    assert table.at["self-raised", "investment_naming_wan"] == pytest.approx(69.7)  # 11
    # village: 镇村统筹安排 (task 30) and 镇级统筹、村级自筹 (task 37), neither disclosed: unknown, not 0
    assert table.at["village", "tasks_naming"] == 2 and table.at["village", "tasks_naming_disclosed"] == 0
    assert math.isnan(table.at["village", "investment_naming_wan"])
    # town only: one task (8, 镇统筹安排), undisclosed: unknown, not 0
    assert table.at["town", "tasks_sole"] == 1 and table.at["town", "tasks_sole_disclosed"] == 0
    assert math.isnan(table.at["town", "investment_sole_wan"])
    assert table.at["municipal", "tasks_naming_disclosed"] == 6
    # sole level: 14 (district only, 13) and 36 (central only, 240)
    assert table.at["district", "investment_sole_wan"] == pytest.approx(13)
    assert table.at["central", "investment_sole_wan"] == pytest.approx(240)
    # the amounts overlap: their sum is far above the disclosed total
    assert table["investment_naming_wan"].sum() > DISCLOSED_TOTAL


def test_funding_combinations_add_up(tl):
    table = inv.funding_level_combinations(tl).set_index("levels")
    assert table["investment_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table["tasks"].sum() == 41
    # 3, 4, 27: 278138 + 68916 + 10478.4 = 357532.4
    assert table.at["municipal+district+town", "investment_wan"] == pytest.approx(357532.4)
    assert table.at["municipal+district+town", "task_ids"] == "3, 4, 27"
    assert table.at["municipal+district", "investment_wan"] == pytest.approx(140 + 830.14)  # 17, 28
    # 资金来源 "/" on tasks 1, 5, 13, 16, 19, 20, 22, 35, 38, 39, 40, 41, none disclosed
    assert table.at[inv.NO_LEVEL, "tasks"] == 12
    assert table.at[inv.NO_LEVEL, "tasks_not_disclosed"] == 12
    assert math.isnan(table.at[inv.NO_LEVEL, "investment_wan"])
    # district only: 14 (区级资金, 13) and 26 (相关区根据实际情况配套, "/"): the disclosed sum, 1 undisclosed
    assert table.loc["district", ["tasks", "tasks_disclosed", "tasks_not_disclosed"]].tolist() == [2, 1, 1]
    assert table.at["district", "investment_wan"] == 13
    assert (table["tasks_disclosed"] + table["tasks_not_disclosed"] == table["tasks"]).all()
    assert table["investment_wan"].isna().tolist() == [False] * 6 + [True] * 8  # unknown last


def test_funding_overlap(tl):
    overlap = inv.funding_overlap(tl)
    # 3048 + 361310.54 + 358515.54 + 357602.1 + 0 + 69.7 = 1080545.88
    assert overlap["sum_over_levels_wan"] == pytest.approx(1080545.88)
    assert overlap["overlap_factor"] == pytest.approx(1080545.88 / DISCLOSED_TOTAL)
    # multi-level disclosed tasks: 3, 4, 6, 11, 17, 27, 28 (only 14 and 36 name one level)
    assert overlap["disclosed_tasks_multi_level"] == 7


def test_largest_tasks(tl):
    table = inv.largest_tasks(tl)
    assert table["task_id"].tolist() == [3, 4, 27, 6, 28, 36, 17, 11, 14]
    # 278138 / 361633.24 = 0.76912
    assert table.at[0, "share"] == pytest.approx(278138 / DISCLOSED_TOTAL)
    assert table.at[0, "share"] > 0.75
    # (278138 + 68916) / 361633.24 = 0.95968
    assert table.at[1, "cumulative_share"] == pytest.approx(347054 / DISCLOSED_TOTAL)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert table["cumulative_share"].is_monotonic_increasing
    assert table.loc[table["investment_wan_approx"], "task_id"].tolist() == [4, 6]


def test_every_amount_is_flagged_when_it_includes_an_approximate_one(tl, allocation):
    # 约 on tasks 4 (约68916; section 2, 区农业农村委, 市级/区级/镇级, towns 练塘 赵巷 徐泾 金泽)
    # and 6 (约2808; section 2, 区农业农村委, 中央/市级, 相关街镇 → unattributed).
    sections = inv.investment_by_section(tl).set_index("section_no")["investment_wan_approx"]
    assert sections[sections].index.tolist() == [2]
    departments = inv.investment_by_department(tl).set_index("department")["investment_wan_approx"]
    assert departments[departments].index.tolist() == ["区农业农村委"]
    levels = inv.investment_by_funding_level(tl).set_index("level")
    # central: 6 (约) and 36; village names no disclosed task; district is named by 4 (约)
    assert levels.loc["central", "investment_naming_wan_approx"] and levels.loc["district", "investment_naming_wan_approx"]
    assert not levels.loc["village", "investment_naming_wan_approx"]
    # sole levels: only 14 (district, 13) and 36 (central, 240), both exact
    assert not levels["investment_sole_wan_approx"].any()
    combos = inv.funding_level_combinations(tl).set_index("levels")["investment_wan_approx"]
    assert combos[combos].index.tolist() == ["municipal+district+town", "central+municipal"]
    disclosure = inv.investment_disclosure(tl).set_index("status")["investment_wan_approx"]
    assert disclosure.to_dict() == {"exact": False, "approximate": True, "not-disclosed": False}
    assert allocation.loc[allocation["allocated_wan_approx"], "task_id"].unique().tolist() == [4, 6]
    by_town = al.investment_by_town(allocation).set_index("town")
    # 金泽镇: 278138 exact (single town) + 17229 of task 4 (equal split): only its equal-split
    # amount and its total include an approximate figure
    assert by_town.loc["金泽镇", "equal-split_approx"] and by_town.loc["金泽镇", "total_wan_approx"]
    assert not by_town.loc["金泽镇", "single-town_approx"]
    assert not by_town.loc["重固镇", "total_wan_approx"]  # task 11's 69.7 / 3 only
    assert by_town.loc[TownBucket.UNSPECIFIED, "total_wan_approx"]  # task 6
    assert not by_town.loc[TownBucket.DISTRICT_WIDE, "total_wan_approx"]  # tasks 14 and 36


# ---- unknown amounts ------------------------------------------------------------------------


def test_unknown_amounts_on_the_undisclosed_variant(variant_lists):
    # "/" in every 总投资 cell: every group's amount and share is unknown, none is 0
    tl = variant_lists["undisclosed"]
    assert math.isnan(inv.disclosed_total(tl))
    for table in (inv.investment_by_section(tl), inv.investment_by_department(tl),
                  inv.funding_level_combinations(tl)):
        assert table["investment_wan"].isna().all()
        assert (table["tasks_not_disclosed"] == table["tasks"]).all()
    levels = inv.investment_by_funding_level(tl)
    assert levels[["investment_naming_wan", "investment_sole_wan"]].isna().all().all()
    by_town = al.investment_by_town(al.allocate_investment_to_towns(tl), tl).set_index("town")
    assert by_town["total_wan"].isna().all()
    assert by_town.at[TownBucket.DISTRICT_WIDE, "tasks_not_disclosed"] == 15
    assert by_town.at[TownBucket.UNSPECIFIED, "tasks_not_disclosed"] == 12


@pytest.fixture(scope="module")
def variant_lists(loaded):
    return {name: loaded[name] for name in ("next_year", "rescoped", "undisclosed")}


# ---- small made-up tables ---------------------------------------------------------------


def test_disclosure_on_made_up_tables():
    tasks, _, _ = toy_tables()
    table = inv.investment_disclosure(tasks).set_index("status")
    assert table["tasks"].to_dict() == {"exact": 5, "approximate": 1, "not-disclosed": 1}
    assert table.at["exact", "investment_wan"] == 100 + 60 + 10 + 5 + 30


# ---- charts -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_render_without_missing_glyphs(tl, allocation, lang, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qpanalysis.charts import style as figures
    from qpanalysis.charts import investment as ch

    figures.use_style(lang)
    sections = inv.investment_by_section(tl)
    built = {
        "section": (ch.plot_investment_by_section(sections, lang), sections),
        "department": (ch.plot_investment_by_department(inv.investment_by_department(tl), lang), sections),
        "pareto": (ch.plot_pareto(inv.largest_tasks(tl), lang), sections),
        "town": (ch.plot_investment_by_town(al.investment_by_town(allocation), lang), sections),
        "disclosure": (ch.plot_disclosure_by_section(sections, lang), sections),
    }
    try:
        for name, (fig, data) in built.items():
            assert fig.axes[0].get_title(loc="left") or fig.get_suptitle(), name
            paths = figures.save_figure(fig, f"inv_{name}", data, output_dir=tmp_path, formats=("png",))
            assert paths["png"].stat().st_size > 0
        pareto = built["pareto"][0]
        ticks = [t.get_text() for t in pareto.axes[0].get_xticklabels()]
        assert ticks[0].startswith("3\n")
        if lang == "en":
            assert "Comprehensive land consolidation" in ticks[0].replace("\n", " ")
        # the department chart leaves out the departments with nothing disclosed
        assert len(built["department"][0].axes[0].patches) == 6
        # ≈ marks what includes an approximate amount: tasks 4 (约68916) and 6 (约2808), so
        # section 2 (71724), and 金泽镇 (305845.4 with task 4's 17229); a note says what ≈
        # and 总投资 mean under every figure of amounts
        values = [t.get_text() for t in pareto.axes[0].texts]
        assert "≈68,916" in values and "≈2,808" in values and "278,138" in values
        assert any(t.get_text().startswith("≈71,724") for t in built["section"][0].axes[0].texts)
        assert "≈305,845" in [t.get_text() for t in built["town"][0].axes[0].texts]
        for name, (fig, _) in built.items():
            if name != "disclosure":
                notes = " ".join(t.get_text() for t in fig.texts)
                assert ("项目总投资" in notes and "约数" in notes) or ("total project investment" in notes.replace("\n", " ")), name
    finally:
        plt.close("all")


def test_chart_rejects_unknown_language(tl):
    from qpanalysis.charts import investment as ch

    with pytest.raises(ValueError, match="lang must be one of .*not 'fr'"):
        ch.plot_disclosure_by_section(inv.investment_by_section(tl), "fr")
