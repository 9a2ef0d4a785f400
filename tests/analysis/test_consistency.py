"""Tests for qpanalysis.analysis.consistency: place names that disagree between a task's fields.

The bundled list was read by hand for every …单元, …片区, …村 and town name in the fields
read (任务名称, 建设目标, 建设内容, 建设规模, 涉及范围 and the three milestones).
"""

from __future__ import annotations

import pandas as pd
import pytest

from qpanalysis.analysis import consistency as c


@pytest.fixture(scope="module")
def mentions(bundled):
    return c.name_mentions(bundled.tasks)


def made_up_tasks(rows):
    """A tasks table from {field header: text} dicts, task numbers from 1, every other field empty."""
    records = []
    for task_id, fields in enumerate(rows, start=1):
        record = {column: "" for column in c.COLUMNS.values()}
        record.update({c.COLUMNS[header]: text for header, text in fields.items()})
        record["task_id"] = task_id
        records.append(record)
    return pd.DataFrame(records).set_index("task_id")


# --- the bundled list -------------------------------------------------------------------


def test_bundled_units_and_areas_by_hand(mentions):
    named = mentions[mentions["kind"] != "town"]
    # 单元 and 片区 names in the read fields (descriptive 试点片区 / 和美乡村片区 / 设施农业片区 /
    # 每个片区 left out):
    #   task 2: 建设规模 金泽山深单元、白鹤曙光单元; each milestone 西岑单元、曙光单元 → 2 + 3 × 2 = 8
    #   task 3: 建设目标 and 建设规模 金泽镇商榻片区, each milestone 金泽商榻片区 → 5
    #   task 4: 建设规模 练塘片区、赵巷徐泾片区、金泽片区 → 3
    assert named.groupby("task_id").size().to_dict() == {2: 8, 3: 5, 4: 3}
    assert set(named.loc[named["task_id"] == 3, "key"]) == {"商榻"}
    assert set(named.loc[named["task_id"] == 4, "key"]) == {"练塘镇", "徐泾镇", "金泽镇"}


def test_bundled_task_2_is_the_one_disagreement(mentions):
    found = c.name_disagreements(mentions)
    c.sanity_check_disagreements(mentions, found)
    # Task 2: 山深 only in 建设规模, 西岑 only in the milestones; 曙光 is in both, so it
    # agrees with each. Task 3's 金泽镇商榻片区 / 金泽商榻片区 is one area written two ways.
    assert found.values.tolist() == [[2, "unit", "金泽山深单元", ("建设规模",), "西岑单元",
                                      ("上半年目标", "第三季度目标", "第四季度目标")]]
    shown = c.disagreement_fields(mentions, found)
    assert shown["places"].tolist() == ["金泽山深单元、白鹤曙光单元"] + ["西岑单元、曙光单元"] * 3


def test_bundled_towns_agree_between_fields(mentions):
    towns = mentions[mentions["kind"] == "town"]
    # Task 33: 建设规模 白鹤草莓植物工厂…现代农业园区稼帆项目; 涉及范围 白鹤镇、现代农业园区;
    # H1 白鹤草莓数智植物工厂…现代农业园区首发项目; Q3 and Q4 农业园区首发项目 (an alias of
    # 现代农业园区); 资金来源 (由白鹤镇…) is not read.
    task_33 = towns[towns["task_id"] == 33].groupby("field")["key"].agg(set).to_dict()
    both = {"白鹤镇", "现代农业园区"}
    assert task_33 == {"建设规模": both, "涉及范围": both, "上半年目标": both,
                       "第三季度目标": {"现代农业园区"}, "第四季度目标": {"现代农业园区"}}
    assert c.name_disagreements(towns).empty


def test_rescoped_variant_keeps_the_task_2_disagreement(loaded):
    # The rescoped list changes scopes and breakdowns, not task 2's texts.
    tl = loaded["rescoped"]
    found = c.name_disagreements(c.name_mentions(tl.tasks))
    assert found[["task_id", "place", "other_place"]].values.tolist() == [[2, "金泽山深单元", "西岑单元"]]


# --- made-up lists ----------------------------------------------------------------------


def test_made_up_list_finds_each_kind():
    tasks = made_up_tasks([
        {"建设规模": "东区片区", "上半年目标": "完成西区片区"},            # area: 东区 vs 西区
        {"涉及范围": "金泽镇", "第三季度目标": "推进练塘镇工作"},          # town: 金泽镇 vs 练塘镇
        {"建设目标": "练塘镇东庄村", "建设内容": "练塘镇西庄村"},          # village: 东庄 vs 西庄
        {"建设规模": "甲乙单元、丙丁单元", "上半年目标": "甲乙单元"},      # agree: 甲乙 in both
        {"上半年目标": "甲乙单元", "第四季度目标": "丙丁单元"},            # agree: one milestone group
        {"建设内容": "推进乡村、农村、行政村", "建设规模": "每个片区"},     # no names at all
    ])
    mentions = c.name_mentions(tasks)
    found = c.name_disagreements(mentions)
    c.sanity_check_disagreements(mentions, found)
    assert found[["task_id", "kind", "place", "other_place"]].values.tolist() == [
        [1, "area", "东区片区", "西区片区"],
        [2, "town", "金泽镇", "练塘镇"],
        [3, "village", "练塘镇东庄村", "练塘镇西庄村"],
    ]
    assert set(mentions["task_id"]) == {1, 2, 3, 4, 5}


def test_made_up_list_without_names_has_no_table():
    tasks = made_up_tasks([{"建设内容": "全面推进和美乡村试点片区建设"}])
    mentions = c.name_mentions(tasks)
    assert mentions.empty
    assert c.name_disagreements(mentions).empty
    assert c.disagreement_fields(mentions, c.name_disagreements(mentions)).empty


def test_sanity_check_catches_a_pair_that_shares_a_field():
    mentions = pd.DataFrame({"task_id": [1, 1], "field": ["建设规模", "建设规模"], "kind": ["unit", "unit"],
                             "key": ["甲乙", "丙丁"], "place": ["甲乙单元", "丙丁单元"]})
    bad = pd.DataFrame([{"task_id": 1, "kind": "unit", "place": "甲乙单元", "fields": ("建设规模",),
                         "other_place": "丙丁单元", "other_fields": ("建设规模",)}])
    with pytest.raises(ValueError, match="share a field"):
        c.sanity_check_disagreements(mentions, bad)
