"""Tests for qpanalysis.analysis.workload (and its charts) against the 2026 list and made-up tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpanalysis.analysis import workload as wl

# Department names as the raw list's 牵头部门 column gives them (aliases resolved:
# task 16 writes 建设管理委, task 21 writes 政务办).
AGRI, PLAN, BUILD, GREEN, WATER = "区农业农村委", "区规划资源局", "区建设管理委", "区绿化市容局", "区水务局"
FIN, DATA, CIVIL, HEALTH, ECO = "区财政局", "区数据局", "区民政局", "区卫生健康委", "区生态环境局"


@pytest.fixture(scope="module")
def workload(tl):
    return wl.department_workload(tl.departments).set_index("department")


@pytest.fixture(scope="module")
def investment(tl):
    return wl.department_investment(tl.departments, tl.tasks).set_index("department")


def _deps(rows):
    """Made-up departments table from (task_id, [departments in listed order])."""
    records = [
        {"task_id": task_id, "department": d, "role": "lead" if i == 0 else "co-lead"}
        for task_id, names in rows for i, d in enumerate(names)
    ]
    return pd.DataFrame(records)


# ---- made-up tables ----------------------------------------------------------------------

def test_shares_follow_the_two_to_one_rule():
    deps = _deps([(1, ["甲"]), (2, ["甲", "乙"]), (3, ["甲", "乙", "丙"])])
    shares = wl.task_shares(deps).set_index(["task_id", "department"])["share"]
    assert shares[(1, "甲")] == 1
    assert shares[(2, "甲")] == pytest.approx(2 / 3) and shares[(2, "乙")] == pytest.approx(1 / 3)
    assert shares[(3, "甲")] == pytest.approx(0.5) and shares[(3, "丙")] == pytest.approx(0.25)
    # the lead always gets more than any co-lead
    lead = wl.task_shares(deps).query("role == 'lead'").set_index("task_id")["share"]
    co = wl.task_shares(deps).query("role == 'co-lead'").groupby("task_id")["share"].max()
    assert (lead[co.index] > co).all()


def test_equal_split_is_the_same_function_with_equal_weights():
    deps = _deps([(1, ["甲", "乙", "丙"])])
    assert wl.task_shares(deps, **wl.EQUAL_SPLIT)["share"].tolist() == pytest.approx([1 / 3] * 3)


@given(st.lists(st.lists(st.sampled_from("甲乙丙丁戊"), min_size=1, max_size=4, unique=True), min_size=1, max_size=12),
       st.floats(0.1, 10), st.floats(0.1, 10))
def test_shares_always_sum_to_the_number_of_tasks(tasks, lead_weight, co_lead_weight):
    deps = _deps(list(enumerate(tasks, start=1)))
    shares = wl.task_shares(deps, lead_weight, co_lead_weight)
    wl.sanity_check_task_shares(shares)
    assert shares["share"].sum() == pytest.approx(len(tasks))
    table = wl.department_workload(deps)
    wl.sanity_check_workload(table, len(tasks))
    assert table["tasks_total"].sum() == sum(map(len, tasks))
    assert table["department_rank"].tolist() == list(range(1, len(table) + 1))


def test_sanity_checks_fail_in_plain_words():
    deps = _deps([(1, ["甲", "乙"])])
    shares = wl.task_shares(deps)
    shares.loc[0, "share"] = 0.9
    with pytest.raises(ValueError, match="do not sum to 1"):
        wl.sanity_check_task_shares(shares)
    two_leads = deps.assign(role="lead")
    with pytest.raises(ValueError, match="exactly one lead"):
        wl.sanity_check_task_shares(wl.task_shares(two_leads))
    table = wl.department_workload(deps)
    with pytest.raises(ValueError, match="every task must have exactly one lead"):
        wl.sanity_check_workload(table, 2)
    with pytest.raises(ValueError, match="unknown role"):
        wl.task_shares(deps.assign(role="helper"))


def test_investment_on_made_up_tasks():
    deps = _deps([(1, ["甲", "乙"]), (2, ["乙"]), (3, ["丙", "甲", "乙"])])
    tasks = pd.DataFrame({"investment_wan": [300.0, None, 100.0], "investment_is_approx": [True, False, False]},
                         index=pd.Index([1, 2, 3], name="task_id"))
    inv = wl.department_investment(deps, tasks).set_index("department")
    # 甲 leads task 1 (300) and co-leads task 3 (100): weighted 300*2/3 + 100*1/4 = 225
    assert inv.at["甲", "lead_investment_wan"] == 300
    assert inv.at["甲", "co_lead_investment_wan"] == 100
    assert inv.at["甲", "weighted_investment_wan"] == pytest.approx(225)
    # task 1 (300) is approximate: every amount that includes it is flagged, and only those
    assert inv.at["甲", "lead_investment_wan_approx"] and not inv.at["甲", "co_lead_investment_wan_approx"]
    assert not inv.at["丙", "lead_investment_wan_approx"]
    # 乙 leads only task 2 (no investment) and co-leads 1 and 3: 300*1/3 + 100*1/4 = 125
    # its amount as lead is unknown (task 2 says "/"), not 0
    assert math.isnan(inv.at["乙", "lead_investment_wan"]) and inv.at["乙", "co_lead_investment_tasks"] == 2
    assert inv.at["乙", "lead_investment_tasks"] == 0
    assert inv.at["乙", "weighted_investment_wan"] == pytest.approx(125)
    assert inv.at["乙", "co_lead_investment_wan_approx"] and inv.at["乙", "weighted_investment_wan_approx"]
    # one convention: largest amount as lead first (甲 300, 丙 100, 乙 unknown), not largest weighted
    assert list(inv.index) == ["甲", "丙", "乙"]
    wl.sanity_check_investment(inv.reset_index(), tasks)
    broken = inv.reset_index().assign(weighted_investment_wan=lambda t: t["weighted_investment_wan"] * 2)
    with pytest.raises(ValueError, match="attributed exactly once"):
        wl.sanity_check_investment(broken, tasks)


def test_deadlines_keep_a_month_outside_the_plan_year():
    deps = _deps([(1, ["甲"]), (2, ["甲", "乙"])])
    tasks = pd.DataFrame({"due": pd.PeriodIndex(["2025-11", "2026-12"], freq="M")},
                         index=pd.Index([1, 2], name="task_id"))
    table = wl.deadlines_by_month(deps, tasks, 2026)
    assert len(table) == 3
    outside = table[~table["in_plan_year"]]
    assert outside[["department", "tasks", "task_ids"]].values.tolist() == [["甲", 1, "1"]]
    assert str(outside["due"].iloc[0]) == "2025-11"
    matrix = wl.deadline_matrix(table)
    assert list(matrix.columns) == ["2025-11", "2026-12", "total"]
    assert matrix.loc["乙"].tolist() == [0, 1, 1]


# ---- the 2026 list, counted by hand from 牵头部门 in data/raw ------------------------------------

def test_every_task_has_one_lead_and_weights_sum_to_41(tl, workload):
    assert len(tl.tasks) == 41
    wl.sanity_check_workload(workload.reset_index(), 41)
    assert workload["weighted_share"].sum() == pytest.approx(41)
    assert workload["equal_split_share"].sum() == pytest.approx(41)
    # 12 tasks list more than one department: 1, 12, 16, 24, 7 (three each) and 4, 13, 14, 18,
    # 21, 26, 38 (two each): 5*2 + 7*1 = 17 co-lead listings
    assert workload["tasks_co_lead"].sum() == 17
    assert len(workload) == 21


def test_lead_and_co_lead_counts(workload):
    # 区农业农村委 leads 4, 5, 6, 7, 8, 14, 18, 23, 29, 30, 32, 33, 34, 35, 37 = 15
    # and co-leads 1, 12, 16, 24 = 4
    assert workload.loc[AGRI, ["tasks_lead", "tasks_co_lead", "tasks_total"]].tolist() == [15, 4, 19]
    # 区建设管理委 leads 9, 10, 15, 17 and co-leads 1, 12, 16 (16 written 建设管理委)
    assert workload.loc[BUILD, ["tasks_lead", "tasks_co_lead"]].tolist() == [4, 3]
    # 区规划资源局 leads 1, 2, 3, 16 and co-leads 7
    assert workload.loc[PLAN, ["tasks_lead", "tasks_co_lead"]].tolist() == [4, 1]
    # 区绿化市容局 leads 25, 28 and co-leads 7, 24
    assert workload.loc[GREEN, ["tasks_lead", "tasks_co_lead"]].tolist() == [2, 2]
    # 区数据局 only co-leads: 14 and 38
    assert workload.loc[DATA, ["tasks_lead", "tasks_co_lead"]].tolist() == [0, 2]
    # busiest first: 19, 7, 5, 4, 3 tasks
    assert workload.index[:5].tolist() == [AGRI, BUILD, PLAN, GREEN, WATER]


def test_weighted_shares(workload):
    # 区农业农村委: sole lead on 11 tasks (5, 6, 8, 23, 29, 30, 32-35, 37) = 11;
    # lead of a three-department task (7) = 0.5; lead of two-department tasks 4, 14, 18 = 3 * 2/3 = 2;
    # co-lead of three-department tasks 1, 12, 16, 24 = 4 * 0.25 = 1  ->  11 + 0.5 + 2 + 1 = 14.5
    assert workload.at[AGRI, "weighted_share"] == pytest.approx(14.5)
    # equal split: 11 + 1/3 (task 7) + 3 * 1/2 (4, 14, 18) + 4 * 1/3 (1, 12, 16, 24) = 14.1667
    assert workload.at[AGRI, "equal_split_share"] == pytest.approx(11 + 1 / 3 + 1.5 + 4 / 3)
    # 区建设管理委: sole lead 9, 10, 15, 17 = 4; co-lead of 1, 12, 16 (three each) = 0.75 -> 4.75
    assert workload.at[BUILD, "weighted_share"] == pytest.approx(4.75)
    # 区规划资源局: sole 2, 3 = 2; lead of 1, 16 = 2 * 0.5; co-lead of 7 = 0.25 -> 3.25
    assert workload.at[PLAN, "weighted_share"] == pytest.approx(3.25)
    # 区水务局: sole 11, 27 = 2; lead of 26 (with 区生态环境局) = 2/3 -> 2.6667
    assert workload.at[WATER, "weighted_share"] == pytest.approx(2 + 2 / 3)
    # 区财政局: co-lead of task 4 only = 1/3
    assert workload.at[FIN, "weighted_share"] == pytest.approx(1 / 3)
    # share of the 41 tasks: 14.5 / 41 = 35.37 %
    assert workload.at[AGRI, "weighted_share_pct"] == pytest.approx(100 * 14.5 / 41)


def test_investment_by_department(tl, investment):
    wl.sanity_check_investment(investment.reset_index(), tl.tasks)
    # lead: 区规划资源局 278138 (task 3); 区农业农村委 68916 + 2808 + 13 = 71737 (tasks 4, 6, 14);
    # 区水务局 69.7 + 10478.4 = 10548.1 (11, 27); 区绿化市容局 830.14 (28); 区委组织部 240 (36);
    # 区建设管理委 140 (17); sum 278138 + 71737 + 10548.1 + 830.14 + 240 + 140 = 361633.24
    assert investment.at[PLAN, "lead_investment_wan"] == pytest.approx(278138)
    assert investment.at[AGRI, "lead_investment_wan"] == pytest.approx(71737)
    assert investment.at[WATER, "lead_investment_wan"] == pytest.approx(10548.1)
    assert investment["lead_investment_wan"].sum() == pytest.approx(361633.24)
    # tasks 4 (约68916) and 6 (约2808) are approximate, both led by 区农业农村委; 区财政局 co-leads 4
    assert investment.at[AGRI, "lead_investment_wan_approx"] and investment.at[FIN, "co_lead_investment_wan_approx"]
    assert investment.at[FIN, "weighted_investment_wan_approx"] and not investment.at[PLAN, "lead_investment_wan_approx"]
    # the reports' one convention orders by the amount as lead: 278138, 71737, 10548.1, 830.14,
    # 240, 140, then the two co-leads without a lead amount by weighted: 区财政局 22972, 区数据局 13/3
    assert list(investment.index) == [PLAN, AGRI, WATER, GREEN, "区委组织部", BUILD, FIN, DATA]
    # co-lead (overlapping): 区财政局 on task 4 (68916), 区数据局 on task 14 (13)
    assert investment.at[FIN, "co_lead_investment_wan"] == pytest.approx(68916)
    assert investment.at[DATA, "co_lead_investment_wan"] == pytest.approx(13)
    assert investment["co_lead_investment_wan"].sum() == pytest.approx(68916 + 13)
    # weighted: 区农业农村委 68916 * 2/3 + 2808 + 13 * 2/3 = 45944 + 2808 + 8.667 = 48760.667
    assert investment.at[AGRI, "weighted_investment_wan"] == pytest.approx(48760 + 2 / 3)
    # 区财政局 68916 / 3 = 22972; equal split 68916 / 2 = 34458
    assert investment.at[FIN, "weighted_investment_wan"] == pytest.approx(22972)
    assert investment.at[FIN, "equal_split_investment_wan"] == pytest.approx(34458)
    assert investment["weighted_investment_wan"].sum() == pytest.approx(361633.24)
    # 8 departments are listed on a task with a disclosed investment
    assert len(investment) == 8


def test_section_department_counts(tl):
    counts = wl.section_department_counts(tl.departments, tl.tasks).set_index(["section_no", "department"])
    # section 三 (tasks 7-17): 区建设管理委 leads 9, 10, 15, 17, co-leads 12, 16 -> 6 (2)
    assert counts.loc[(3, BUILD), ["tasks", "tasks_co_lead"]].tolist() == [6, 2]
    # section 五 (23-31): 区农业农村委 leads 23, 29, 30, co-leads 24 -> 4 (1)
    assert counts.loc[(5, AGRI), ["tasks", "tasks_co_lead"]].tolist() == [4, 1]
    # section 一 (1-3): 区规划资源局 leads all three
    assert counts.loc[(1, PLAN), "tasks_lead"] == 3
    # every listing is counted once: 41 leads + 17 co-leads = 58
    assert counts["tasks"].sum() == 58


def test_co_lead_edges(tl):
    edges = wl.co_lead_edges(tl.departments)
    pairs = {frozenset((a, b)): (n, ids) for a, b, n, ids in edges.itertuples(index=False)}
    # 5 three-department tasks give 3 pairs each, 7 two-department tasks 1 each: 15 + 7 = 22
    assert edges["shared_tasks"].sum() == 22
    # 16 distinct pairs (counted from the task rows)
    assert len(edges) == 16
    assert pairs[frozenset((AGRI, PLAN))] == (3, "1, 7, 16")
    assert pairs[frozenset((AGRI, BUILD))] == (3, "1, 12, 16")
    assert pairs[frozenset((PLAN, BUILD))] == (2, "1, 16")
    assert pairs[frozenset((AGRI, GREEN))] == (2, "7, 24")
    assert pairs[frozenset((WATER, ECO))] == (1, "26")
    graph = wl.co_lead_graph(tl.departments)
    # six departments only ever lead alone: 教育局, 应急局, 区委组织部, 区委政法委, 区委宣传部, 文化旅游局
    assert sorted(n for n in graph.nodes if graph.degree(n) == 0) == sorted(
        ["区教育局", "区应急局", "区委组织部", "区委政法委", "区委宣传部", "区文化旅游局"])
    import networkx as nx

    assert nx.number_connected_components(graph.subgraph(n for n in graph if graph.degree(n))) == 3


def test_deadlines_2026(tl):
    table = wl.deadlines_by_month(tl.departments, tl.tasks, tl.plan_year)
    # task 28 (区绿化市容局, due 2025.11) is kept, outside the plan year
    outside = table[~table["in_plan_year"]]
    assert outside[["department", "task_ids"]].values.tolist() == [[GREEN, "28"]]
    assert tl.problems.query("kind == 'date-outside-plan-year'")["task_id"].tolist() == [28]
    matrix = wl.deadline_matrix(table)
    assert list(matrix.columns) == ["2025-11", "2026-09", "2026-10", "2026-11", "2026-12", "total"]
    # 区农业农村委: 5 (2026.9), 23 (2026.10), 7, 8, 18 (2026.11), the other 14 in 2026.12
    assert matrix.loc[AGRI].tolist() == [0, 1, 1, 3, 14, 19]
    # listings by month: 2026.11 holds tasks 7 (3 departments), 8 (1), 18 (2) = 6
    assert matrix["2026-11"].sum() == 6
    assert matrix["total"].sum() == 58


def test_charts_draw_both_languages(tl):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qpanalysis.charts import style as figures
    from qpanalysis.charts import workload as charts

    table = wl.department_workload(tl.departments)
    edges = wl.co_lead_edges(tl.departments)
    for lang in ("zh", "en"):
        figures.use_style(lang)
        fig = charts.plot_co_lead_network(edges, table, lang)
        ax = fig.axes[0]
        texts = [t.get_text() for t in ax.texts]
        # 15 departments with a partner are drawn, each labelled with its task count
        assert sum("(" in t or "（" in t for t in texts) == 15
        assert fig.axes[0].get_title(loc="left")
        plt.close(fig)
        fig = charts.plot_deadlines(wl.deadlines_by_month(tl.departments, tl.tasks, tl.plan_year), lang)
        labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
        assert any("2025" in label and ("计划年度外" in label or "outside" in label) for label in labels)
        plt.close(fig)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_investment_chart_shows_the_lead_convention_with_the_sensitivity_as_markers(tl, lang):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qpanalysis.charts import style as figures
    from qpanalysis.charts import workload as charts

    figures.use_style(lang)
    fig = charts.plot_department_investment(wl.department_investment(tl.departments, tl.tasks), lang)
    try:
        ax = fig.axes[0]
        # one bar per department that leads a disclosed task (6 of the 8 listed on one; 区财政局
        # and 区数据局 only co-lead: no bar, not a zero one), as lead: 区农业农村委's bar is
        # 68916 + 2808 + 13 = 71737, the same as in the investment report
        bars = {round(p.get_width(), 2) for p in ax.patches}
        assert len(ax.patches) == 6 and 71737 in bars and 48760.67 not in bars and min(bars) > 0
        texts = [t.get_text() for t in ax.texts]
        assert texts.count("未牵头披露金额的任务" if lang == "zh" else "leads no task with an amount") == 2
        assert "≈71,737" in texts and "278,138" in texts  # ≈: it includes 约68916 and 约2808
        labels = ax.get_legend_handles_labels()[1]
        assert sum(("敏感性" in label) or ("Sensitivity" in label) for label in labels) == 2
        notes = [t.get_text() for t in fig.texts]
        assert any(("项目总投资" in n) or ("total project investment" in n) for n in notes)
    finally:
        plt.close(fig)


def test_hub_layout_is_deterministic_and_puts_the_busiest_in_the_centre(tl):
    from qpanalysis.charts.workload import hub_layout

    first = hub_layout(wl.co_lead_graph(tl.departments))
    second = hub_layout(wl.co_lead_graph(tl.departments))
    assert first == second
    assert first[AGRI] == (0.0, 0.0)
    # its 8 partners (规划资源局, 建设管理委, 绿化市容局, 财政局, 发展改革委, 数据局, 民政局, 卫生健康委)
    # sit on the inner ring
    inner = [n for n, (x, y) in first.items() if math.isclose(math.hypot(x, y), 1.0)]
    assert len(inner) == 8
