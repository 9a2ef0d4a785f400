"""Tests for qpanalysis.analysis.allocation: the town each task's disclosed investment is attributed to."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpanalysis.analysis import allocation as al
from qpanalysis.codes import TownBucket
from tests.analysis.test_investment import DISCLOSED_TOTAL  # worked out there from the raw list
from tests.analysis.toy import toy_tables


def test_allocation_rules(allocation, tl):
    rules = allocation.groupby("task_id")["rule"].agg(lambda s: set(s)).to_dict()
    assert rules == {
        3: {"single-town"}, 4: {"equal-split"}, 6: {"unattributed"}, 11: {"equal-split"},
        14: {"district-wide"}, 17: {"unattributed"}, 27: {"single-town"}, 28: {"proportional"},
        36: {"district-wide"},
    }
    assert allocation.columns[:5].tolist() == ["task_id", "town", "share", "allocated_wan", "rule"]
    task4 = allocation[allocation["task_id"] == 4].set_index("town")["allocated_wan"]
    assert sorted(task4.index) == sorted(["练塘镇", "赵巷镇", "徐泾镇", "金泽镇"])
    assert task4.tolist() == pytest.approx([68916 / 4] * 4)  # 17229 each
    task28 = allocation[allocation["task_id"] == 28].set_index("town")["allocated_wan"]
    assert task28.to_dict() == pytest.approx({"练塘镇": 415.07, "夏阳街道": 415.07})  # 830.14 × 1/2
    assert allocation.loc[allocation["task_id"] == 28, "basis_metric"].unique().tolist() == ["休闲森林公园"]
    al.sanity_check_allocation(allocation, tl)


def test_investment_by_town(allocation):
    table = al.investment_by_town(allocation).set_index("town")
    # 金泽镇: 278138 (task 3) + 17229 (task 4) + 10478.4 (task 27) = 305845.4
    assert table.at["金泽镇", "total_wan"] == pytest.approx(305845.4)
    assert table.at["金泽镇", "single-town"] == pytest.approx(278138 + 10478.4)
    assert table.at["金泽镇", "equal-split"] == pytest.approx(17229)
    # 练塘镇: 17229 (task 4) + 69.7/3 (task 11) + 415.07 (task 28) = 17667.3033…
    assert table.at["练塘镇", "total_wan"] == pytest.approx(17229 + 69.7 / 3 + 415.07)
    assert table.at["重固镇", "total_wan"] == pytest.approx(69.7 / 3)
    assert table.at["夏阳街道", "proportional"] == pytest.approx(415.07)
    assert table.at[TownBucket.DISTRICT_WIDE, "total_wan"] == pytest.approx(13 + 240)  # tasks 14, 36
    assert table.at[TownBucket.UNSPECIFIED, "total_wan"] == pytest.approx(2808 + 140)  # tasks 6, 17
    assert table["total_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table.index[-2:].tolist() == list(al.BUCKETS)
    assert "华新镇" not in table.index  # no disclosed task reaches it except district-wide ones
    # a rule that put no money in a town leaves its cell empty, not 0
    assert math.isnan(table.at["金泽镇", "district-wide"]) and math.isnan(table.at["全区", "single-town"])
    assert not (table[list(al.RULES)] == 0).any().any()


def test_investment_by_town_counts_the_undisclosed_tasks(tl, allocation):
    table = al.investment_by_town(allocation, tl).set_index("town")
    # Tasks saying "/" that name 金泽镇: in 涉及范围 2, 30, 32; in a per-town breakdown 7, 8,
    # 18, 23 → 7. 华新镇: only in the breakdowns of 7 and 18 → 2, and no disclosed amount
    # reaches it: its total is unknown (NaN), not 0. District-wide: 15 tasks − 14 and 36 = 13.
    # No town named: 12 tasks − 6 and 17 = 10.
    assert table.at["金泽镇", "tasks_not_disclosed"] == 7
    assert table.at["金泽镇", "total_wan"] == pytest.approx(305845.4)
    assert table.at["华新镇", "tasks_not_disclosed"] == 2 and math.isnan(table.at["华新镇", "total_wan"])
    assert table.at[TownBucket.DISTRICT_WIDE, "tasks_not_disclosed"] == 13
    assert table.at[TownBucket.UNSPECIFIED, "tasks_not_disclosed"] == 10
    # every town any task reaches is listed: the 11 towns, 现代农业园区 (task 33) and the buckets
    assert len(table) == 11 + 1 + 2
    assert table["total_wan"].sum() == pytest.approx(DISCLOSED_TOTAL)
    assert table.index[-2:].tolist() == list(al.BUCKETS)
    unknown = table.drop(list(al.BUCKETS))["total_wan"].isna()
    assert unknown.tolist() == sorted(unknown.tolist())  # the unknown totals after the known ones
    assert not table.filter(like="_approx").isna().any().any()


def test_allocation_on_made_up_tables():
    tasks, towns, quantities = toy_tables()
    alloc = al.allocate_investment_to_towns(tasks, towns, quantities)
    got = {(r.task_id, r.town): (r.rule, r.allocated_wan) for r in alloc.itertuples()}
    assert got == {
        (1, "甲镇"): ("proportional", pytest.approx(75.0)),
        (1, "乙镇"): ("proportional", pytest.approx(25.0)),
        (2, "甲镇"): ("equal-split", pytest.approx(30.0)),
        (2, "乙镇"): ("equal-split", pytest.approx(30.0)),
        (2, "丙镇"): ("equal-split", pytest.approx(30.0)),
        (3, "甲镇"): ("single-town", pytest.approx(60.0)),
        (4, TownBucket.UNSPECIFIED): ("unattributed", pytest.approx(10.0)),
        (5, TownBucket.DISTRICT_WIDE): ("district-wide", pytest.approx(5.0)),
        (7, "甲镇"): ("proportional", pytest.approx(10.0)),
        (7, "乙镇"): ("proportional", pytest.approx(20.0)),
    }
    assert 6 not in set(alloc["task_id"])  # "/" is not allocated
    al.sanity_check_allocation(alloc, tasks)
    by_town = al.investment_by_town(alloc).set_index("town")
    assert by_town.at["甲镇", "total_wan"] == pytest.approx(75 + 30 + 60 + 10)


def test_breakdown_outside_named_towns_is_ignored():
    tasks = pd.DataFrame({"task_id": [1], "investment_wan": [40.0], "investment_is_approx": [False]})
    towns = pd.DataFrame({"task_id": [1, 1], "town": ["甲镇", "乙镇"], "basis": ["explicit", "explicit"]})
    quantities = pd.DataFrame({"task_id": [1], "metric": ["站点"], "unit": ["个"], "town": ["丙镇"],
                               "quantity": [7.0]})
    alloc = al.allocate_investment_to_towns(tasks, towns, quantities)
    assert set(alloc["rule"]) == {"equal-split"}
    assert alloc["allocated_wan"].tolist() == [20.0, 20.0]


def test_mixed_basis_is_refused():
    tasks = pd.DataFrame({"task_id": [1], "investment_wan": [1.0], "investment_is_approx": [False]})
    towns = pd.DataFrame({"task_id": [1, 1], "town": ["甲镇", "乙镇"], "basis": ["explicit", "district-wide"]})
    quantities = pd.DataFrame(columns=["task_id", "metric", "unit", "town", "quantity"])
    with pytest.raises(ValueError, match="task 1: its towns disagree on the basis"):
        al.allocate_investment_to_towns(tasks, towns, quantities)


def test_sanity_check_catches_errors():
    tasks, towns, quantities = toy_tables()
    alloc = al.allocate_investment_to_towns(tasks, towns, quantities)
    with pytest.raises(ValueError, match="task 3: 66 万元 allocated, but the list states 60 万元"):
        broken = alloc.copy()
        broken.loc[broken["task_id"] == 3, "allocated_wan"] = 66.0
        al.sanity_check_allocation(broken, tasks)
    with pytest.raises(ValueError, match=r"tasks \[2\] have a disclosed amount but no allocation row"):
        al.sanity_check_allocation(alloc[alloc["task_id"] != 2], tasks)


@given(
    amounts=st.lists(st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)), min_size=1, max_size=8),
    n_towns=st.lists(st.integers(0, 4), min_size=8, max_size=8),
    weights=st.lists(st.integers(0, 9), min_size=32, max_size=32),
)
def test_allocation_always_adds_up(amounts, n_towns, weights):
    """Whatever the towns and breakdowns, allocated amounts sum to each disclosed amount."""
    names = ["甲镇", "乙镇", "丙镇", "丁镇"]
    tasks = pd.DataFrame({"task_id": range(1, len(amounts) + 1),
                          "investment_wan": [math.nan if a is None else a for a in amounts],
                          "investment_is_approx": False})
    town_rows, quantity_rows = [], []
    for task_id in tasks["task_id"]:
        k = n_towns[task_id - 1]
        for j in range(k):
            town_rows.append({"task_id": task_id, "town": names[j], "basis": "explicit"})
            quantity_rows.append({"task_id": task_id, "metric": "m", "unit": "个", "town": names[j],
                                  "quantity": float(weights[(task_id - 1) * 4 + j])})
        if k == 0:
            town_rows.append({"task_id": task_id, "town": None, "basis": "unspecified"})
    towns = pd.DataFrame(town_rows)
    quantities = pd.DataFrame(quantity_rows, columns=["task_id", "metric", "unit", "town", "quantity"])
    alloc = al.allocate_investment_to_towns(tasks, towns, quantities)
    al.sanity_check_allocation(alloc, tasks)
    assert al.investment_by_town(alloc)["total_wan"].sum() == pytest.approx(
        tasks["investment_wan"].sum(), rel=1e-9, abs=1e-6)
