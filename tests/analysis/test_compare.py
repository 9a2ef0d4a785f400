"""qp.compare on pairs of lists made from the bundled one (tests/variants.py); expected tables written by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from tests.display.findings_helpers import cached
from tests.variants import NEXT_NEW_NAME, read_lines, render, with_names

import qpanalysis as qp
from qpanalysis.analysis.compare.changes import same_text, shift_years
from qpanalysis.analysis.compare.match import normalise
from qpanalysis.config import BUNDLED_LIST


@pytest.fixture(scope="module")
def next_year(compare_paths):
    # Both lists as paths: compare loads them itself.
    return qp.compare(BUNDLED_LIST, compare_paths["compare_next_year"])


def _rows(table: pd.DataFrame, columns) -> set[tuple]:
    return set(table[list(columns)].itertuples(index=False, name=None))


# The bundled tasks whose names open with 推进, reworded 持续推进 in compare_next_year (35 is
# dropped), and their numbers there: tasks 8 and 35 dropped (one fewer after 8, two after
# 35) and one new task after 26 (one more after 26): 9 → 8, 27 → 27, 40 → 39.
RENAMED = {3: 3, 4: 4, 9: 8, 10: 9, 13: 12, 15: 14, 17: 16, 23: 22, 24: 23, 25: 24, 28: 28, 30: 30, 40: 39}


def test_next_year_finds_exactly_the_dropped_and_added_tasks(next_year):
    assert next_year.dropped["task_id"].tolist() == [8, 35]
    assert next_year.dropped["name"].tolist() == ["完善乡村公共标识标牌", "推进农村集体经济高质量发展"]
    assert next_year.added[["task_id", "name", "lead", "investment_wan"]].values.tolist() == [
        [26, NEXT_NEW_NAME, "区水务局", 1500.0]]
    assert len(next_year.matched) == 41 - 2 and next_year.ambiguous.empty
    # renumbered: the pairs are found by name, not by number
    assert set(RENAMED.items()) <= _rows(next_year.matched, ["old_id", "new_id"])
    assert (4, 4) in _rows(next_year.matched, ["old_id", "new_id"])
    how = next_year.matched.set_index("old_id")["how"]
    assert set(how[list(RENAMED)]) == {"similar-name"}
    assert (how.drop(list(RENAMED)) == "same-name").all()


def test_next_year_lists_every_change_and_no_false_one(next_year):
    ch = next_year.changed
    expected = {(o, n, "任务名称") for o, n in RENAMED.items()} | {
        (5, 5, "计划完成时间"), (27, 27, "总投资(万元)"), (11, 10, "涉及范围")}
    # every year in every text moved on by one, and that is no change
    assert _rows(ch, ["old_id", "new_id", "field"]) == expected
    amount = ch[ch["field"] == "总投资(万元)"].iloc[0]
    assert (amount["old"], amount["new"]) == ("10478.4", "12000")
    assert amount["amount_delta_wan"] == pytest.approx(12000 - 10478.4)  # 1521.6
    due = ch[ch["field"] == "计划完成时间"].iloc[0]
    # 2026.9 → 2027.10: 13 calendar months, one month later in its own plan year
    assert (due["old"], due["new"], due["months_moved"]) == ("2026.9", "2027.10", 1.0)
    towns = ch[ch["field"] == "涉及范围"].iloc[0]
    assert (towns["towns_added"], towns["towns_removed"]) == (("金泽镇",), ("练塘镇",))


def test_next_year_flags_the_amounts_listed_again(next_year):
    # The bundled tasks that disclose an amount: 3, 4, 6, 11, 14, 17, 27, 28, 36; all but 27
    # (12000 for 10478.4) are the same in the next year's list.
    flagged = next_year.matched[next_year.matched["multi_year"] != ""]
    assert flagged["old_id"].tolist() == [3, 4, 6, 11, 14, 17, 28, 36]
    assert set(flagged["multi_year"]) == {"same-amount"}


def test_next_year_side_by_side_by_section(next_year):
    s = next_year.by_section.set_index("section")
    # 8 left 基础设施 (11 → 10), 35 left 产业 (4 → 3), the new task joined 人居环境 (9 → 10)
    assert s.loc["提高农村基础设施完备度", ["old_tasks", "new_tasks"]].tolist() == [11, 10]
    assert s.loc["提升乡村产业发展水平", ["old_tasks", "new_tasks"]].tolist() == [4, 3]
    assert s.loc["提高农村人居环境舒适度", ["old_tasks", "new_tasks"]].tolist() == [9, 10]
    # 人居环境 discloses 10478.4 (27) + 830.14 (28) = 11308.54, then 12000 + 830.14 + 1500 = 14330.14
    assert s.loc["提高农村人居环境舒适度", ["old_investment_wan", "new_investment_wan"]].tolist() == pytest.approx(
        [11308.54, 14330.14])
    # 产业 discloses nothing in either list: unknown, not 0
    assert s.loc["提升乡村产业发展水平", ["old_investment_wan", "new_investment_wan"]].isna().all()


def test_mid_year_revision_lists_the_amount_the_town_and_the_target(bundled, compare_paths):
    c = cached(qp.compare, bundled, compare_paths["compare_mid_year"])
    assert c.added.empty and c.dropped.empty and (c.matched["how"] == "same-name").all()
    ch = c.changed.set_index("field")
    assert sorted(ch.index) == sorted(["涉及范围", "上半年目标", "总投资(万元)"])
    assert ch.loc["总投资(万元)", ["old_id", "old", "new"]].tolist() == [11, "69.7", "85"]
    assert ch.loc["总投资(万元)", "amount_delta_wan"] == pytest.approx(15.3)  # 85 − 69.7
    assert ch.loc["涉及范围", ["old_id", "towns_added", "towns_removed"]].tolist() == [2, ("练塘镇",), ()]
    assert ch.loc["上半年目标", ["old_id", "old_target", "new_target", "target_unit"]].tolist() == [3, 20.0, 25.0, "%"]
    # one plan year: a revision, nothing is a multi-year project
    assert (c.matched["multi_year"] == "").all()
    assert c.towns.set_index("town").loc["练塘镇", ["old_tasks", "new_tasks"]].tolist() == [25, 26]


def test_a_split_task_is_one_to_many(bundled, compare_paths):
    c = cached(qp.compare, bundled, compare_paths["compare_split"])
    split = c.matched[c.matched["how"] == "split"]
    assert _rows(split, ["old_id", "new_id"]) == {(24, 24), (24, 25)}
    assert c.added.empty and c.dropped.empty and c.changed.empty
    assert (c.matched.loc[c.matched["old_id"] > 24, "new_id"] == c.matched.loc[c.matched["old_id"] > 24, "old_id"] + 1).all()


def test_the_same_list_twice_changes_nothing(bundled, compare_paths):
    c = cached(qp.compare, bundled, compare_paths["compare_same"])
    assert c.warnings == ("identical-files",)
    assert len(c.matched) == 41 and c.added.empty and c.dropped.empty and c.changed.empty
    assert (c.by_section["tasks_change"] == 0).all() and (c.towns["tasks_change"] == 0).all()


def test_the_same_file_twice_is_refused():
    with pytest.raises(qp.TaskListError, match="the same file is given as the old and the new list"):
        qp.compare(BUNDLED_LIST, BUNDLED_LIST)


def test_lists_of_two_districts_are_said_so(bundled, tmp_path, bundled_text):
    other = tmp_path / "other.txt"
    other.write_text(bundled_text.replace("青浦区乡村建设", "松江区乡村建设", 1), encoding="utf-8")
    assert qp.compare(bundled, other).warnings == ("different-districts",)


def test_close_names_with_two_candidates_are_listed_not_guessed(bundled, tmp_path):
    # 推进农村厕所革命 (24) could be 加强农村厕所革命 or 推动农村厕所革命: both 86% alike
    # (6 of 8 characters after folding), both in its section.
    path = tmp_path / "ambiguous.txt"
    path.write_text(render(with_names(read_lines(), {24: "加强农村厕所革命", 25: "推动农村厕所革命"})), encoding="utf-8")
    c = qp.compare(bundled, path)
    assert _rows(c.ambiguous, ["old_id", "new_id"]) == {(24, 24), (24, 25)}
    assert 24 not in set(c.matched["old_id"]) and c.added.empty
    assert c.dropped["task_id"].tolist() == [25]  # 推进农村生活垃圾治理 is no longer there


def test_a_mapping_file_overrides_the_matcher(bundled, compare_paths, tmp_path):
    mapping = tmp_path / "pairs.csv"
    mapping.write_text("old_id,new_id\n8,26\n", encoding="utf-8")
    c = qp.compare(bundled, compare_paths["compare_next_year"], mapping)
    assert c.matched.set_index("old_id").loc[8, ["new_id", "how"]].tolist() == [26, "mapping"]
    assert c.dropped["task_id"].tolist() == [35] and c.added.empty


def test_a_mapping_naming_a_missing_task_names_the_file_and_line(bundled, compare_paths, tmp_path):
    new = compare_paths["compare_next_year"]
    mapping = tmp_path / "pairs.csv"
    mapping.write_text("old_id,new_id\n1,1\n2,99\n", encoding="utf-8")
    with pytest.raises(qp.TaskListError, match=r"pairs\.csv, line 3, field new_id: compare_next_year\.txt has no task 99"):
        qp.compare(bundled, new, mapping)
    mapping.write_text("old,new\n1,1\n", encoding="utf-8")
    with pytest.raises(qp.TaskListError, match=r"pairs\.csv, line 1: expected the header old_id,new_id"):
        qp.compare(bundled, new, mapping)


def test_loaded_lists_are_compared_as_given(bundled, next_year):
    c = qp.compare(bundled, next_year.new)
    assert c.dropped["task_id"].tolist() == [8, 35]


@pytest.mark.parametrize(("name", "expected"), [
    ("持续推进农村厕所革命", "农村厕所革命"),
    ("深化“2026年”乡村治理积分制实践", "乡村治理积分制实践"),
    ("推进", "推进"),  # a name that is only the opening word keeps it
])
def test_normalised_names(name, expected):
    assert normalise(name) == expected


def test_years_move_with_the_plan_but_standards_keep_theirs():
    assert shift_years("完成2025年度项目，GB/T 45290-2025", 1) == "完成2026年度项目，GB/T 45290-2025"
    assert same_text("2026年完成20%", "2027年完成20%", 1)
    assert same_text("执行2024年版标准", "执行2024年版标准", 1)  # unchanged as written
    assert not same_text("2026年完成20%", "2027年完成30%", 1)


def test_two_tasks_in_one_are_merged(bundled, compare_paths):
    # the split list as the old one, the bundled list as the new: 24 and 25 merge into 24
    c = qp.compare(compare_paths["compare_split"], bundled)
    merged = c.matched[c.matched["how"] == "merged"]
    assert _rows(merged, ["old_id", "new_id"]) == {(24, 24), (25, 24)}
    assert c.added.empty and c.dropped.empty


def test_a_mapping_may_split_a_task(bundled, compare_paths, tmp_path):
    mapping = tmp_path / "pairs.csv"
    mapping.write_text("old_id,new_id\n24,24\n24,25\n", encoding="utf-8")
    c = qp.compare(bundled, compare_paths["compare_split"], mapping)
    assert _rows(c.matched[c.matched["old_id"] == 24], ["new_id", "how"]) == {(24, "mapping"), (25, "mapping")}
