"""Direct tests of qpanalysis.ingest.parsing: each column parser."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

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


def test_holds_any_reads_a_column_as_each_text_alone():
    # The column is searched as one joined text; a text that holds the joining character
    # makes it look through each text alone, with the same answer (and a word is never
    # found across two texts: 市 ends one text and 级 starts the next).
    texts = ["市级财政", "区、镇", "/", "自筹市", "级资金", "镇村"]
    lists = [["市级", "市、"], ["区级", "区、"], ["镇村", "村级"], ["自筹"]]
    expected = [[any(word in text for word in words) for words in lists] for text in texts]
    assert parsing.holds_any(texts, lists).tolist() == expected
    odd = [*texts, "a" + parsing.COLUMN_JOIN + "市级"]
    assert parsing.holds_any(odd, lists).tolist() == [*expected, [True, False, False, False]]
    assert parsing.holds_any(texts, [[]]).tolist() == [[False]] * len(texts)


def test_parse_dues_gives_each_cell_the_reading_of_its_text():
    """A month written in many cells (read once as a distinct text) is read the same in each; an unreadable cell
    gets its own message, also among repeats."""
    texts = pd.Series(["2026.9", "2026.12", "2026.9", "2026年13月", "2026.9", "2026年13月"], index=[5, 6, 7, 8, 9, 10],
                      dtype=object)
    dues = parsing.parse_dues(texts)
    assert dues.index.tolist() == [5, 6, 7, 8, 9, 10]
    assert [str(d) for d in dues["due"]] == ["2026-09", "2026-12", "2026-09", "NaT", "2026-09", "NaT"]
    assert dues["error"].notna().tolist() == [False, False, False, True, False, True]
    assert dues["error"][8] == dues["error"][10] == (
        "expected a month written year.month such as 2026.12, found '2026年13月'")


def test_scope_bases_gives_each_cell_the_basis_of_its_text():
    """Scopes repeated over many tasks (each distinct text read once) keep their labels, order and bases."""
    texts = pd.Series(["11个街镇", "金泽镇", "/", "11个街镇", "相关街镇", "金泽镇", " / "], index=[3, 1, 4, 1, 5, 9, 2],
                      dtype=object)
    bases = parsing.scope_bases(texts)
    assert bases.index.tolist() == [3, 1, 4, 1, 5, 9, 2]
    assert bases.tolist() == ["district-wide", "explicit", "unspecified", "district-wide", "from-breakdown",
                              "explicit", "unspecified"]


def test_parse_investments_gives_each_cell_the_reading_of_its_text():
    """Amounts repeated over tasks (each distinct text read once) keep their labels; each bad cell has its message."""
    texts = pd.Series(["/", "约12", "三百", "/", "约12", "三百", "7"], index=[9, 8, 7, 6, 5, 4, 3], dtype=object)
    read = parsing.parse_investments(texts)
    assert read.index.tolist() == [9, 8, 7, 6, 5, 4, 3]
    assert read["investment_wan"].fillna(-1).tolist() == [-1, 12.0, -1, -1, 12.0, -1, 7.0]
    assert read["investment_is_approx"].tolist() == [False, True, False, False, True, False, False]
    assert read["error"].notna().tolist() == [False, False, True, False, False, True, False]
    assert read["error"][7] == read["error"][4] and read["error"][7].endswith("found '三百'")


def test_text_array_takes_as_the_str_column_a_table_infers():
    texts = ["白鹤镇", None, "/"]
    positions = [2, 0, 0, 1]
    taken = pd.Series(parsing.text_array(texts).take(positions))
    inferred = pd.Series(np.asarray(texts, dtype=object)[positions]).astype("str")
    pd.testing.assert_series_equal(taken, inferred)
    assert taken.dtype == "str" and taken.isna().tolist() == [False, False, False, True]


def test_repeated_text_is_the_str_column_a_table_infers():
    values = np.array(["个", None, "个", "", np.nan, "公里"], dtype=object)
    got = pd.Series(parsing.repeated_text(values))
    pd.testing.assert_series_equal(got, pd.Series(values).astype("str"))
    assert got.isna().tolist() == [False, True, False, False, True, False]


def test_distinct_texts_give_every_cell_back_in_order_of_first_appearance(bundled):
    # The bundled list's 41 due months: each cell is its distinct text at its code, and the
    # distinct texts are the column's own, each once, in order of first appearance.
    column = bundled.tasks["due_raw"]
    codes, distinct = parsing.distinct_texts(column)
    assert [distinct[c] for c in codes] == column.tolist()
    assert distinct == list(dict.fromkeys(column.tolist()))
    assert len(distinct) < len(column) == 41  # months repeat (2026.12 most of all)
