"""TaskList.filter and ingest/select.py: selections of the bundled list, counted by hand from the source file."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qpanalysis.ingest import select
from qpanalysis.ingest.schemas import SCHEMAS

# Tasks whose 涉及范围 is 11个街镇 (task 22: 11个街镇及所属村居): district-wide, so they reach
# every town: 1, 12, 14, 20, 22, 24, 25, 26, 35, 36, 38, 39, 40, 41 (14 tasks); task 31
# (整区建设美丽乡村, scope "/") is district-wide by its text (整区). 15 tasks.
DISTRICT_WIDE = [1, 12, 14, 20, 22, 24, 25, 26, 31, 35, 36, 38, 39, 40, 41]


def test_tasks_reaching_liantang(bundled):
    # 练塘镇 is named in 涉及范围 by tasks 4, 5, 11, 28, 30 and 32 (6 tasks); tasks 7 (练塘镇70),
    # 8 (练塘镇3), 18 (练塘镇12) and 23 (练塘镇200) say 相关街镇 and name it in the per-town
    # breakdown of 建设规模 (4 tasks); the 15 district-wide tasks reach it too.
    # 15 + 6 + 4 = 25 tasks.
    part = bundled.filter(town="练塘镇")
    assert sorted(part.tasks.index) == sorted(DISTRICT_WIDE + [4, 5, 11, 28, 30, 32] + [7, 8, 18, 23])
    assert len(part.tasks) == 25
    basis = part.towns[part.towns["town"] == "练塘镇"].groupby("basis")["task_id"].apply(sorted).to_dict()
    assert basis == {
        "district-wide": DISTRICT_WIDE, "explicit": [4, 5, 11, 28, 30, 32], "from-breakdown": [7, 8, 18, 23],
    }


def test_every_table_is_restricted_consistently(bundled):
    part = bundled.filter(town="练塘镇")
    # towns: the 15 district-wide tasks have 11 rows each (165); the named ones 4 (task 4:
    # 练塘、赵巷、徐泾、金泽) + 4 (task 5) + 3 (task 11) + 2 (task 28) + 4 (task 30) + 4 (task 32) = 21;
    # the breakdowns 10 (task 7) + 9 (task 8) + 11 (task 18: the union of its two
    # breakdowns) + 4 (task 23) = 34. 165 + 21 + 34 = 220.
    assert len(part.towns) == 220
    # Three milestones (H1, Q3, Q4) per task: 3 × 25 = 75.
    assert len(part.milestones) == 75
    # Problems of the kept tasks: 23 (total-mismatch, 1001 vs 1000 户), 28 (due 2025.11) and
    # 31 twice (its scope is "/": empty-field; read as district-wide from 整区: scope-from-text).
    assert sorted(part.problems["task_id"]) == [23, 28, 31, 31]
    # Lines: the 70 lines less the 41 task rows plus the 25 kept = 54; non-task lines stay.
    assert len(part.lines) == 70 - 41 + 25
    assert part.lines["kind"].value_counts()["header"] == 9
    for name, table in part.tables().items():
        ids = set(table["task_id"].dropna())
        assert ids <= set(part.tasks.index), name
        SCHEMAS[name].validate(table)  # a selection is still a valid TaskList
    select.sanity_check_restricted(bundled.tables(), part.tables())


def test_the_summary_of_a_selection(bundled):
    part = bundled.filter(town="练塘镇")
    # Investment disclosed by the 25 tasks: 4 约68916, 11 69.7, 14 13, 28 830.14, 36 240
    # = 70068.84 万元 in 5 tasks (task 31 says "/").
    assert math.isclose(part.tasks["investment_wan"].sum(), 70068.84)
    assert "70,068.84 in 5 of 25 tasks" in repr(part)
    assert "town='练塘镇'" in repr(part)
    assert part.selection == (("town", "练塘镇"),)
    assert bundled.selection == ()


def test_department_lead_or_co_lead(bundled):
    # 区绿化市容局 in 牵头部门: task 7 (third of three), 24 (second of three), 25 and 28 (alone).
    assert sorted(bundled.filter(department="区绿化市容局").tasks.index) == [7, 24, 25, 28]
    assert sorted(bundled.filter(department="区绿化市容局", role="lead").tasks.index) == [25, 28]
    assert sorted(bundled.filter(department="区绿化市容局", role="co-lead").tasks.index) == [7, 24]
    # 区财政局 only co-leads task 4 (区农业农村委、区财政局).
    assert list(bundled.filter(department="区财政局").tasks.index) == [4]
    assert bundled.filter(department="区财政局", role="lead").tasks.empty
    # Several departments are alternatives: 区水务局 leads 11, 26, 27; 区数据局 co-leads 14, 38.
    assert list(bundled.filter(department=["区水务局", "区数据局"]).tasks.index) == [11, 14, 26, 27, 38]


def test_section_due_funding_and_disclosure(bundled):
    # Section 二 holds tasks 4–6; it may be given by number or title.
    assert list(bundled.filter(section=2).tasks.index) == [4, 5, 6]
    assert list(bundled.filter(section="片区化推进宜居宜业和美乡村建设").tasks.index) == [4, 5, 6]
    # 计划完成时间 2026.11: tasks 7, 8, 18 (task 28 says 2025.11, another year).
    assert list(bundled.filter(due="2026.11").tasks.index) == [7, 8, 18]
    # Due by 2026.10: task 5 (2026.9), 23 (2026.10), 28 (2025.11).
    assert list(bundled.filter(due_by="2026-10").tasks.index) == [5, 23, 28]
    # 资金来源 naming 中央: 6 (中央、市级财政), 33 (中央资金), 36 (中央财政衔接资金).
    assert list(bundled.filter(level="central").tasks.index) == [6, 33, 36]
    # 总投资 written 约…: tasks 4 and 6; exact amounts: 3, 11, 14, 17, 27, 28, 36; "/": the other 32.
    assert list(bundled.filter(disclosure="approximate").tasks.index) == [4, 6]
    assert list(bundled.filter(disclosure="exact").tasks.index) == [3, 11, 14, 17, 27, 28, 36]
    assert len(bundled.filter(disclosure="not-disclosed").tasks) == 41 - 2 - 7


def test_criteria_combine_and_chain(bundled):
    # Tasks reaching 练塘镇 with an exact amount: 11, 14, 28, 36 (task 4 is 约68916).
    both = bundled.filter(town="练塘镇", disclosure="exact")
    assert list(both.tasks.index) == [11, 14, 28, 36]
    chained = bundled.filter(town="练塘镇").filter(disclosure="exact")
    for name in both.tables():
        pd.testing.assert_frame_equal(both.tables()[name], chained.tables()[name])
    assert chained.selection == (("town", "练塘镇"), ("disclosure", "exact"))
    # No criterion: the whole list.
    assert len(bundled.filter().tasks) == 41


def test_unknown_names_raise_instead_of_selecting_nothing(bundled):
    with pytest.raises(ValueError, match="unknown town \\['练塘'\\]"):
        bundled.filter(town="练塘")
    with pytest.raises(ValueError, match="unknown department"):
        bundled.filter(department="区财政")
    with pytest.raises(ValueError, match="unknown funding level"):
        bundled.filter(level="provincial")
    with pytest.raises(ValueError, match="unknown disclosure"):
        bundled.filter(disclosure="secret")
    with pytest.raises(ValueError, match="unknown section"):
        bundled.filter(section=8)
    with pytest.raises(ValueError, match="a month is written"):
        bundled.filter(due_by="late 2026")
    with pytest.raises(ValueError, match="unknown criteria"):
        select.select_tasks(bundled.tables(), district="青浦区")


def test_a_reference_town_no_task_reaches_selects_nothing():
    # Known to the reference but named by no task of this made-up list: an empty selection.
    tables = {
        "tasks": pd.DataFrame({"task_id": [1]}),
        "towns": pd.DataFrame({"task_id": [1], "town": ["金泽镇"]}),
    }
    assert select.select_tasks(tables, known={"town": ["练塘镇"]}, town="练塘镇") == []


def test_an_empty_selection_is_a_valid_list(bundled):
    # Section 一 (tasks 1–3) states no approximate amount (约 only in tasks 4 and 6).
    empty = bundled.filter(section=1, disclosure="approximate")
    assert empty.tasks.empty and empty.towns.empty and empty.milestones.empty
    assert len(empty.lines) == 70 - 41  # every line that is not a task row
    for name, table in empty.tables().items():
        SCHEMAS[name].validate(table)
    assert "0.00 in 0 of 0 tasks" in repr(empty)
