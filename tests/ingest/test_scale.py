"""Direct tests of qpanalysis.ingest.scale: the figures of 建设规模, reading a column as reading its cells one by one, and the total a goal states."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpanalysis.ingest import scale
from tests.ingest.test_parsing import SCALE, TASK_ROWS, column


def test_parse_scales_on_the_bundled_list():
    cells = column(row[SCALE] for row in TASK_ROWS)
    figures, errors = scale.parse_scales(cells)
    assert errors.isna().all()
    by_task = figures.assign(task=figures.index + 1)
    # Task 7: 乡村停车场(点)建设(个): ten towns, 11+4+16+15+29+53+70+40+8+4 = 250.
    parking = by_task[by_task["task"] == 7]
    assert parking["town"].notna().all() and len(parking) == 10 and parking["quantity"].sum() == 250
    assert set(parking["metric"]) == {"乡村停车场(点)建设"} and set(parking["unit"]) == {"个"}
    # Task 10: four labelled totals separated by spaces, numbered 0…3.
    task10 = by_task[by_task["task"] == 10]
    assert task10["quantity"].tolist() == [5, 2, 10, 2] and task10["figure"].tolist() == [0, 1, 2, 3]
    assert task10["labelled"].all() and task10["town"].isna().all()
    # Task 5: 共5个乡村振兴示范村。 is prose.
    assert by_task.loc[by_task["task"] == 5, ["quantity", "unit", "labelled"]].values.tolist() == [[5.0, "个", False]]
    # The 13 tasks that write "/" state no number.
    assert len(set(range(1, 42)) - set(by_task["task"])) >= 13


def test_parse_scales_orders_labelled_figures_before_prose_and_skips_years():
    figures, errors = scale.parse_scales(column(["2026年建设3个驿站，道路(公里):赵巷镇1.5;白鹤镇2"]))
    assert errors.isna().all()
    # The prose before the first label gives 3 个 (2026年 is a year); the breakdown follows first.
    assert figures[["town", "quantity", "labelled"]].values.tolist() == [
        ["赵巷镇", 1.5, True], ["白鹤镇", 2.0, True], [None, 3.0, False],
    ]
    assert figures["figure"].tolist() == [0, 1, 2]
    assert figures["source_text"].tolist()[:2] == ["道路(公里):赵巷镇1.5;白鹤镇2"] * 2


def test_parse_scales_reports_the_first_bad_item_of_each_cell():
    figures, errors = scale.parse_scales(column(["路(公里):赵巷镇1、白鹤镇、徐泾", "桥(座):三", "/"]))
    assert errors.tolist()[:2] == [
        "in 路(公里): expected figures written TOWN NUMBER such as 赵巷镇11, found '白鹤镇'",
        "in 桥(座): expected figures written TOWN NUMBER such as 赵巷镇11, found '三'",
    ]
    assert pd.isna(errors.iloc[2])
    with pytest.raises(ValueError, match="found '白鹤镇'"):
        scale.parse_scale("路(公里):赵巷镇1、白鹤镇、徐泾")


def test_parse_scales_keeps_the_labels_of_the_series():
    figures, _ = scale.parse_scales(pd.Series(["甲(个):1", "/", "乙(个):赵巷镇2"], index=[7, 8, 9], dtype=object))
    assert figures.index.tolist() == [7, 9]


SCALE_ALPHABET = st.sampled_from(
    list("(（)）:：;；、,，。 0123456789.一两三个户公里%年") + ["赵巷镇", "徐泾镇", "指标", "建设", "共", "(个):", "(公里):", "2026年"]
)


@given(st.lists(st.lists(SCALE_ALPHABET, max_size=14).map("".join), min_size=1, max_size=6))
def test_reading_a_scale_column_equals_reading_each_cell(texts):
    figures, errors = scale.parse_scales(column(texts))
    for position, text in enumerate(texts):
        try:
            alone = scale.parse_scale(text)
        except ValueError as error:
            assert errors.iloc[position] == str(error)
            continue
        assert pd.isna(errors.iloc[position])
        rows = figures.loc[[position]] if position in figures.index else figures.iloc[0:0]
        assert [scale.Figure(*r) for r in rows[list(scale.FIGURE_COLUMNS[1:])].itertuples(index=False)] == alone


def test_stated_total_and_longest_common_substring():
    # Task 18's goal states both breakdown totals, in separate clauses.
    goal = next(row[3] for row in TASK_ROWS if row[0] == "18")
    assert scale.stated_total(goal, "新改建公共服务设施")[0] == 45
    assert scale.stated_total(goal, "家门口养老服务站")[0] == 8
    assert scale.stated_total("2026年完成改造。", "改造项目") is None  # a year is not a total
    assert scale.longest_common_substring("美丽庭院", "建设1000户乡村美丽庭院") == "美丽庭院"
    assert scale.longest_common_substring("abc", "xyz") == ""


def test_a_full_width_point_joins_the_digits_of_a_scale_figure():
    figures, errors = scale.parse_scales(column(["农村公路提档升级(公里):１２．５", "完成２．２公里改造"]))
    assert errors.isna().all()
    assert figures["quantity"].tolist() == [12.5, 2.2]  # not 12 and 5, nor 2 and 2


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=40))
def test_run_positions_is_cumcount_of_sorted_keys(keys):
    """run_positions numbers each element within its run, as pandas' groupby cumcount does on sorted keys."""
    import numpy as np

    ordered = np.sort(np.asarray(keys, dtype=int))
    expected = pd.Series(ordered).groupby(ordered).cumcount().to_numpy()
    assert scale.run_positions(ordered).tolist() == expected.tolist()


def test_figure_clauses_keep_the_clauses_that_state_a_figure_other_than_a_year():
    goal = "2026年,新建家门口养老服务站8个,提升水平;完善两个村的标识标牌。"
    clauses = scale.figure_clauses(goal)
    assert clauses == ["新建家门口养老服务站8个", "完善两个村的标识标牌"]
    # stated_total given the clauses found once reads the same total as from the goal itself
    assert scale.stated_total(goal, "家门口养老服务站", clauses=clauses) == scale.stated_total(goal, "家门口养老服务站")
    assert scale.stated_total(goal, "家门口养老服务站", clauses=clauses) == (8.0, "新建家门口养老服务站8个")


FILLER_PIECES = [*scale.LEADING_FILLER, *scale.TRAILING_FILLER, "乡村", "停车场", "的", " ", "个", "\n"]


@given(st.lists(st.sampled_from(FILLER_PIECES), max_size=6).map("".join).map(str.strip))
def test_strip_filler_is_the_filler_expression(text):  # on stripped text, as the prose reader gives it
    assert scale.strip_filler(text) == scale.FILLER.sub("", text)


def test_strip_filler_removes_filler_at_either_end_only():
    assert scale.strip_filler("预计完成乡村停车场共") == "乡村停车场"
    assert scale.strip_filler("乡村完成停车场") == "乡村完成停车场"  # filler inside the words stays
    assert scale.FILLER.pattern == r"^(共|完成|预计|实施|启动|建设|推进|开展|达到|保持|打造|约|以上|以下)+|(达到|约|为|共|预计|保持)+$"
