"""Direct tests of qpanalysis.ingest.parsing: each column parser, and that reading a column equals reading its cells one by one."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qpanalysis.config import BUNDLED_LIST
from qpanalysis.ingest import parsing

RAW_LINES = BUNDLED_LIST.read_text(encoding="utf-8").split("\n")
# Task rows of the bundled file: 14 tab-separated cells, the first a task number.
TASK_ROWS = [line.split("\t") for line in RAW_LINES if line.split("\t")[0].isdigit()]
SCALE, FUNDING, INVESTMENT, SCOPE, DUE = 5, 7, 8, 9, 10  # 0-based columns of the published layout


def column(texts) -> pd.Series:
    return pd.Series(list(texts), dtype=object)


# --- fold -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("总投资（万元）", "总投资(万元)"),  # full-width brackets
        ("序\u3000号", "序号"),  # ideographic space folds to a space, which is removed
        (" 完成 ２０％ ", "完成20%"),  # full-width digits and per cent sign, spaces
        ("序号\t", "序号"),  # surrounding white space
        ("ﬁ", "fi"),  # a compatibility ligature: NFKC, not just full-width forms
        (2026, "2026"),  # a spreadsheet number
    ],
)
def test_fold(text, folded):
    assert parsing.fold(text) == folded


# --- investment and due month --------------------------------------------------------------


def test_parse_investments_reads_every_form_of_the_bundled_list():
    cells = column(row[INVESTMENT] for row in TASK_ROWS)
    read = parsing.parse_investments(cells)
    # 9 amounts (tasks 3 4 6 11 14 17 27 28 36), 32 "/"; 约 on tasks 4 and 6.
    assert read["error"].isna().all()
    assert read["investment_wan"].notna().sum() == 9
    assert math.isclose(read["investment_wan"].sum(), 361633.24)  # 278138+68916+2808+69.7+13+140+10478.4+830.14+240
    assert read.index[read["investment_is_approx"]].tolist() == [3, 5]  # 0-based: tasks 4 and 6


def test_parse_investments_names_the_bad_cell_and_keeps_the_others():
    read = parsing.parse_investments(column(["12", "约 3.5", "约", "12万", "/", ""]))
    assert read["investment_wan"].tolist()[:2] == [12.0, 3.5]
    assert read["investment_is_approx"].tolist() == [False, True, False, False, False, False]
    assert read["error"].notna().tolist() == [False, False, True, True, False, False]
    assert read.loc[3, "error"] == "expected an amount in 万元 such as 278138, 69.7, 约2808 or /, found '12万'"


def test_parse_dues_reads_year_month_and_refuses_a_bad_month():
    read = parsing.parse_dues(column(["2026.9", "2026年12月", "2025.11", "2026.13", "2026", "明年"]))
    assert read["due"].iloc[:3].astype(str).tolist() == ["2026-09", "2026-12", "2025-11"]
    assert read["due"].iloc[3:].isna().all()
    assert read["error"].notna().tolist() == [False, False, False, True, True, True]
    assert "found '2026.13'" in read.loc[3, "error"]


def test_scalar_parsers_raise_what_the_column_parsers_report():
    with pytest.raises(ValueError, match="found '三百'"):
        parsing.parse_investment("三百")
    with pytest.raises(ValueError, match="found '2026.0'"):
        parsing.parse_due("2026.0")
    assert parsing.parse_due("2026.10") == pd.Period("2026-10", "M")


# --- names, scope, funding -----------------------------------------------------------------


def test_split_names_keeps_order_and_drops_empty_names():
    names = parsing.split_names(column(["区民政局、政务办", "区水务局；区财政局，区教育局", " 、 ", "区数据局"]))
    assert names.index.tolist() == [0, 0, 1, 1, 1, 3]  # cell 2 names nobody
    assert names["order"].tolist() == [1, 2, 1, 2, 3, 1]
    assert names["name"].tolist() == ["区民政局", "政务办", "区水务局", "区财政局", "区教育局", "区数据局"]


def test_scope_bases_of_the_bundled_list():
    bases = parsing.scope_bases(column(row[SCOPE] for row in TASK_ROWS)).value_counts().to_dict()
    # 14 tasks say 11个街镇(…); 16 say 相关街镇; 10 name towns; task 31 says "/".
    assert bases == {"district-wide": 14, "from-breakdown": 16, "explicit": 10, "unspecified": 1}


def test_funding_levels_in_keyword_order_and_none_for_slash():
    keywords = {"central": ["中央"], "municipal": ["市级", "市、"], "town": ["镇级", "街镇"], "self-raised": ["自筹"]}
    levels = parsing.funding_levels(column(["街镇自筹、中央", "/", "市、区、镇", "社会资本"]), keywords)
    assert list(zip(levels.index, levels["level"])) == [
        (0, "central"), (0, "town"), (0, "self-raised"), (2, "municipal"),
    ]


def test_none_cells():
    assert parsing.none_cells(column(["/", " / ", "", "0", "无"])).tolist() == [True, True, True, False, False]


# --- scale ---------------------------------------------------------------------------------


def test_parse_scales_on_the_bundled_list():
    cells = column(row[SCALE] for row in TASK_ROWS)
    figures, errors = parsing.parse_scales(cells)
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
    figures, errors = parsing.parse_scales(column(["2026年建设3个驿站，道路(公里):赵巷镇1.5;白鹤镇2"]))
    assert errors.isna().all()
    # The prose before the first label gives 3 个 (2026年 is a year); the breakdown follows first.
    assert figures[["town", "quantity", "labelled"]].values.tolist() == [
        ["赵巷镇", 1.5, True], ["白鹤镇", 2.0, True], [None, 3.0, False],
    ]
    assert figures["figure"].tolist() == [0, 1, 2]
    assert figures["source_text"].tolist()[:2] == ["道路(公里):赵巷镇1.5;白鹤镇2"] * 2


def test_parse_scales_reports_the_first_bad_item_of_each_cell():
    figures, errors = parsing.parse_scales(column(["路(公里):赵巷镇1、白鹤镇、徐泾", "桥(座):三", "/"]))
    assert errors.tolist()[:2] == [
        "in 路(公里): expected figures written TOWN NUMBER such as 赵巷镇11, found '白鹤镇'",
        "in 桥(座): expected figures written TOWN NUMBER such as 赵巷镇11, found '三'",
    ]
    assert pd.isna(errors.iloc[2])
    with pytest.raises(ValueError, match="found '白鹤镇'"):
        parsing.parse_scale("路(公里):赵巷镇1、白鹤镇、徐泾")


def test_parse_scales_keeps_the_labels_of_the_series():
    figures, _ = parsing.parse_scales(pd.Series(["甲(个):1", "/", "乙(个):赵巷镇2"], index=[7, 8, 9], dtype=object))
    assert figures.index.tolist() == [7, 9]


SCALE_ALPHABET = st.sampled_from(
    list("(（)）:：;；、,，。 0123456789.一两三个户公里%年") + ["赵巷镇", "徐泾镇", "指标", "建设", "共", "(个):", "(公里):", "2026年"]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(SCALE_ALPHABET, max_size=14).map("".join), min_size=1, max_size=6))
def test_reading_a_scale_column_equals_reading_each_cell(texts):
    figures, errors = parsing.parse_scales(column(texts))
    for position, text in enumerate(texts):
        try:
            alone = parsing.parse_scale(text)
        except ValueError as error:
            assert errors.iloc[position] == str(error)
            continue
        assert pd.isna(errors.iloc[position])
        rows = figures.loc[[position]] if position in figures.index else figures.iloc[0:0]
        assert [parsing.Figure(*r) for r in rows[list(parsing.FIGURE_COLUMNS[1:])].itertuples(index=False)] == alone


# --- totals --------------------------------------------------------------------------------


def test_stated_total_and_longest_common_substring():
    # Task 18's goal states both breakdown totals, in separate clauses.
    goal = next(row[3] for row in TASK_ROWS if row[0] == "18")
    assert parsing.stated_total(goal, "新改建公共服务设施")[0] == 45
    assert parsing.stated_total(goal, "家门口养老服务站")[0] == 8
    assert parsing.stated_total("2026年完成改造。", "改造项目") is None  # a year is not a total
    assert parsing.longest_common_substring("美丽庭院", "建设1000户乡村美丽庭院") == "美丽庭院"
    assert parsing.longest_common_substring("abc", "xyz") == ""


# --- helpers -------------------------------------------------------------------------------


def test_extract_all_flattens_matches_in_text_order():
    cells, groups = parsing.extract_all(["x1y2", "", "z3"], re.compile(r"(?P<letter>[a-z])(?P<digit>\d)?"))
    assert cells.tolist() == [0, 0, 2]
    assert groups["letter"].tolist() == ["x", "y", "z"]
    assert groups["digit"].tolist() == ["1", "2", "3"]
    cells, groups = parsing.extract_all([], re.compile(r"(?P<a>a)"))
    assert len(cells) == 0 and len(groups["a"]) == 0


def test_runs():
    run, place = parsing._runs(np.array([1, 0, 2]))
    assert run.tolist() == [0, 2, 2] and place.tolist() == [0, 0, 1]


# --- figures too large to read, full-width points, towns named among the 11 ------------------


def test_amounts_at_the_limit_of_fifteen_digits():
    read = parsing.parse_investments(column(["9" * 15, "1" + "0" * 15, "9" * 310, "约１２．５"]))
    assert read["investment_wan"].tolist()[0] == 999_999_999_999_999.0
    assert read["investment_wan"].isna().tolist() == [False, True, True, False]
    assert read["investment_wan"].iloc[3] == 12.5 and read["investment_is_approx"].tolist() == [False, False, False, True]
    assert [isinstance(e, str) and "at most 15 digits" in e for e in read["error"]] == [False, True, True, False]
    assert not np.isinf(read["investment_wan"]).any()


def test_a_full_width_point_joins_the_digits_of_a_scale_figure():
    figures, errors = parsing.parse_scales(column(["农村公路提档升级(公里):１２．５", "完成２．２公里改造"]))
    assert errors.isna().all()
    assert figures["quantity"].tolist() == [12.5, 2.2]  # not 12 and 5, nor 2 and 2


@pytest.mark.parametrize(
    ("scope", "basis", "named"),
    [
        ("11个街镇中的金泽镇、白鹤镇", "explicit", "金泽镇、白鹤镇"),
        ("十一个街镇中金泽镇", "explicit", "金泽镇"),
        ("11个街镇其中：练塘镇", "explicit", "练塘镇"),
        ("11个街镇及所属村居", "district-wide", None),  # all eleven, as before
        ("11个街镇", "district-wide", None),
    ],
)
def test_scope_naming_some_of_the_eleven_towns(scope, basis, named):
    assert parsing.scope_bases(column([scope])).tolist() == [basis]
    if named is not None:
        assert parsing.scope_names(column([scope])).tolist() == [named]
