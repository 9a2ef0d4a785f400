"""Tests for qpanalysis.ingest.scope: a task whose scope names no place but whose text says 整区 is district-wide.

The bundled list, by hand: task 31's 涉及范围 is "/" and its name is 整区建设美丽乡村 (its goal,
content and scale say 整区 too). No other task has a scope that names no place.
"""

from __future__ import annotations

import pandas as pd
import pytest

from qpanalysis.codes import PROBLEM_KINDS
from qpanalysis.ingest import scope
from qpanalysis.ingest.reference import load_reference


def test_bundled_task_31_is_the_one_task_placed_by_its_text(bundled):
    placed = scope.district_wide_by_text(bundled.tasks)
    assert placed[["task_id", "field", "word", "text"]].values.tolist() == [[31, "任务名称", "整区", "整区建设美丽乡村"]]


def test_scope_that_names_places_is_never_read_from_the_text():
    # 相关街镇 (the towns concerned), named towns and 11个街镇 keep their reading, 整区 or not.
    for cell in ("相关街镇", "金泽镇", "11个街镇"):
        assert scope.district_word(cell, {"name": "整区建设美丽乡村"}) is None
    assert scope.district_word(" / ", {"goal": "全区推进"}) == ("goal", "全区")
    assert scope.district_word("/", {"standard": "整区"}) is None  # 建设标准 is not read


def test_apply_text_scope_on_made_up_records():
    district = list(load_reference().district_towns)
    town_en = load_reference().english("town")
    tasks = [
        {"task_id": 1, "scope": "/", "name": "甲", "goal": "推动整区建成美丽乡村。", "source_line": 5},
        {"task_id": 2, "scope": "/", "name": "乙", "goal": "完善机制。", "source_line": 6},
    ]
    towns = [{"task_id": i, "town": None, "town_en": None, "basis": "unspecified", "raw_scope": "/"} for i in (1, 2)]
    problems = [{"task_id": 1, "field": "涉及范围", "kind": "empty-field", "detail": "…", "source_line": 5}]
    new_towns, new_problems = scope.apply_text_scope(tasks, towns, problems, district, town_en)
    # task 1: its one empty row becomes 11 district-wide rows; task 2 (no 整区/全区) keeps its row
    assert [(t["task_id"], t["basis"]) for t in new_towns] == [(1, "district-wide")] * 11 + [(2, "unspecified")]
    assert [t["town"] for t in new_towns[:11]] == district
    assert new_towns[0]["town_en"] == town_en[district[0]]
    # the empty-field problem stays; one scope-from-text problem is added, on the task's line
    assert [(p["task_id"], p["kind"], p["source_line"]) for p in new_problems] == [
        (1, "empty-field", 5), (1, "scope-from-text", 5)]
    assert "建设目标 says 整区" in new_problems[1]["detail"]
    assert len(towns) == 2 and len(problems) == 1  # inputs untouched


def test_problem_kind_is_a_known_and_explained_kind():
    from qpanalysis.analysis import quality

    assert scope.PROBLEM_KIND in PROBLEM_KINDS
    zh, en = quality.PROBLEM_KINDS[scope.PROBLEM_KIND]
    assert "整区" in zh and "inferred from the text" in en


def test_district_wide_by_text_on_an_empty_table():
    empty = pd.DataFrame(columns=["task_id", "scope", "name", "goal", "content", "scale"])
    assert scope.district_wide_by_text(empty).empty


# --- the towns table, once load() applies the rule (qpanalysis/ingest/tables.py) -----------


def test_loaded_task_31_is_district_wide_with_the_basis_flagged(bundled):
    towns = bundled.towns[bundled.towns["task_id"] == 31]
    assert list(towns["town"]) == list(load_reference().district_towns)
    assert set(towns["basis"]) == {"district-wide"}
    flagged = bundled.problems[bundled.problems["kind"] == scope.PROBLEM_KIND]
    assert flagged[["task_id", "field", "source_line"]].values.tolist() == [[31, "涉及范围", 53]]
    assert "任务名称 says 整区" in flagged["detail"].item()


@pytest.mark.parametrize(("variant", "placed"), [("rescoped", []), ("next_year", [29])])
def test_variants_place_by_text_only_a_scope_that_names_no_place(variant, placed, loaded):
    # rescoped writes 11个街镇 into task 31's scope; next_year drops tasks 3 and 28, so task 31
    # (scope "/") is renumbered 29.
    tl = loaded[variant]
    assert scope.district_wide_by_text(tl.tasks)["task_id"].tolist() == placed


def test_mention_district_sieves_exactly_the_tasks_district_word_would_read(bundled):
    # Every task of the bundled list, as if its scope named no place: the sieve keeps a task
    # exactly when district_word finds a word. By hand (grep of the source): 整区 or 全区 stands in
    # 建设目标 of task 12, of 31 (and its name, 建设内容, 建设规模) and in 建设目标 and 建设内容 of task 38.
    tasks = bundled.tasks
    found = scope.mention_district(tasks)
    read = [scope.district_word("/", record) is not None for record in tasks.to_dict("records")]
    assert found.tolist() == read
    assert tasks.index[found].tolist() == [12, 31, 38]
