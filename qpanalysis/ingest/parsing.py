"""Parsers for the fields of task rows, one column at a time: investment, due month, names, scope, funding (建设规模 is read in ingest/scale.py)."""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from operator import methodcaller

import numpy as np
import pandas as pd

from qpanalysis.codes import NONE_MARKER, Basis
from qpanalysis.ingest.numerals import chinese_numeral

# 约 ("about") before an amount marks it as approximate; the number itself is kept as written.
APPROX_PREFIX = "约"
# A plain decimal number; anything else in 总投资(万元) is an error, never a guess. An amount
# is matched after NFKC folding, so that full-width digits and the full-width point (１２．５)
# read as they do in every other field.
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# The largest figure the list may state: 15 digits before the point. A spreadsheet keeps 15
# significant digits, and a longer number is a slip (or an attack) whose float is rounded,
# or infinite from 309 digits on, and would then be summed and exported as 'inf'.
MAX_DIGITS = 15
LARGEST = 10.0**MAX_DIGITS
TOO_LARGE = f"a figure of the list has at most {MAX_DIGITS} digits before the decimal point"
# A full-width decimal point between digits (１２．５, 12．5): read as "." in figures, as NFKC would.
FULL_WIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")
# The due month is written year.month, e.g. 2026.12 or 2026.9.
DUE_MONTH = re.compile(r"^(?P<year>\d{4})[.．/\-年](?P<month>\d{1,2})月?$")
# Names in 牵头部门 and 涉及范围, and the figures of a breakdown in 建设规模, are separated by
# the enumeration comma 、, or by a comma or semicolon (ASCII or full-width).
SEPARATORS = ("、", ",", "，", ";", "；")
# The number of towns and subdistricts (街镇) of the district, as the scope wording writes it.
DISTRICT_TOWN_COUNT = 11
ALL_TOWNS = rf"(?:{DISTRICT_TOWN_COUNT}|{chinese_numeral(DISTRICT_TOWN_COUNT)})个街镇"
# Scope wording that means "all eleven towns and subdistricts" (11个街镇, 11个街镇及所属村居).
DISTRICT_WIDE = re.compile(rf"^{ALL_TOWNS}")
# … unless it goes on to name some of them (11个街镇中的金泽镇、白鹤镇: "of the 11 towns, 金泽镇
# and 白鹤镇"): the scope then names those towns, and only they are read.
NAMED_AMONG = re.compile(rf"^{ALL_TOWNS}(?:之中|当中|其中|中)的?\s*[:：]?\s*(?=\S)")
# Scope wording that defers to the towns concerned without naming them.
RELATED_TOWNS = "相关街镇"


def fold(text) -> str:
    """The form in which headers and names are compared; values stay as published.

    NFKC folding turns full-width brackets, digits, letters and the ideographic space
    into their ASCII forms; then every ASCII space is removed and surrounding white
    space (tabs, line breaks) stripped. Used for the list's headers (build), progress
    file headers and numbers (progress) and header cells read back (quality).

    Example:
        >>> fold("总投资（万元）")
        '总投资(万元)'
        >>> fold(" 完成 ２０％ ")
        '完成20%'
        >>> fold("序\\u3000号\\t")
        '序号'
        >>> fold(12)
        '12'
    """
    return unicodedata.normalize("NFKC", str(text)).replace(" ", "").strip()


# Joins the texts of a column so that a regex scans them in one pass (no cell holds it).
COLUMN_JOIN = "\x00"


def extract_all(texts: list[str], pattern: re.Pattern) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Every match of ``pattern`` in a column of texts, as arrays.

    The lean counterpart of ``Series.str.extractall``: the texts are joined with
    COLUMN_JOIN and scanned in one pass, and each match is traced back to its text by its
    position. The pattern must not be anchored (^, $) and must not match COLUMN_JOIN, so
    that no match runs from one text into the next; a column that holds COLUMN_JOIN is
    scanned text by text instead.

    Returns:
        The position (in ``texts``) of the text of each match, in text order, and the
        text each named group matched ("" where the group took no part).

    Example:
        >>> cells, groups = extract_all(["a1b22", "", "c3"], re.compile(r"(?P<letter>[a-z])(?P<digits>\\d+)"))
        >>> cells.tolist(), groups["letter"].tolist(), groups["digits"].tolist()
        ([0, 0, 2], ['a', 'b', 'c'], ['1', '22', '3'])
    """
    joined = COLUMN_JOIN.join(texts)
    if joined.count(COLUMN_JOIN) > max(len(texts) - 1, 0):  # a text holds COLUMN_JOIN
        found = [list(pattern.finditer(text)) for text in texts]
        cells = np.repeat(np.arange(len(texts)), [len(f) for f in found])
        matches = list(chain.from_iterable(found))
    else:
        lengths = np.fromiter(map(len, texts), dtype=int, count=len(texts)) + len(COLUMN_JOIN)
        starts = np.cumsum(lengths) - lengths
        matches = list(pattern.finditer(joined))
        positions = np.fromiter(map(MATCH_START, matches), dtype=int, count=len(matches))
        cells = np.searchsorted(starts, positions, side="right") - 1
    table = np.empty((len(matches), pattern.groups), dtype=object)
    if matches:
        table[:] = list(map(ALL_GROUPS, matches))
    return cells.astype(int), {name: table[:, index - 1] for name, index in pattern.groupindex.items()}


# Read the matches of a column through map(), without a Python function call per match.
MATCH_START, ALL_GROUPS = re.Match.start, methodcaller("groups", "")
STRIP = methodcaller("strip")


def distinct_texts(texts: pd.Series) -> tuple[np.ndarray, list[str]]:
    """The distinct texts of a column, in order of first appearance, and each cell's position among them.

    A column that repeats a few texts (months, amounts, scopes) is read once per distinct
    text; ``result[codes]`` gives every cell its reading.

    Example:
        >>> codes, distinct = distinct_texts(pd.Series(["2026.12", "2026.9", "2026.12"]))
        >>> codes.tolist(), distinct
        ([0, 1, 0], ['2026.12', '2026.9'])
    """
    codes, distinct = pd.factorize(np.asarray(texts.tolist(), dtype=object), use_na_sentinel=False)
    return codes, distinct.tolist()


def is_none(text: str) -> bool:
    """True for an empty cell or the none-marker "/".

    Example:
        >>> is_none("/"), is_none(""), is_none("0")
        (True, True, False)
    """
    return text.strip() in ("", NONE_MARKER)


def none_cells(texts: pd.Series) -> pd.Series:
    """``is_none`` for a column of cells.

    Example:
        >>> none_cells(pd.Series([" / ", "", "0"], dtype=object)).tolist()
        [True, True, False]
    """
    return pd.Series(none_array(texts.tolist()), index=texts.index)


def too_large(values) -> np.ndarray:
    """Where a figure is beyond LARGEST (or infinite): it cannot be read without losing digits.

    Example:
        >>> too_large(np.array([1e14, 1e15, np.inf, np.nan])).tolist()
        [False, True, True, False]
    """
    values = np.asarray(values, dtype=float)
    return ~np.isnan(values) & ~(np.abs(values) < LARGEST)


def fold_points(texts: list[str]) -> list[str]:
    """Texts with each full-width point between digits as ".", so that 12．5 is one number.

    Example:
        >>> fold_points(["约１２．５公里", "第一．二", "12.5"])
        ['约１２.５公里', '第一．二', '12.5']
    """
    return [FULL_WIDTH_POINT.sub(".", text) if "．" in text else text for text in texts]


def parse_investments(texts: pd.Series) -> pd.DataFrame:
    """Read a column of 总投资(万元) cells.

    Args:
        texts: The cells as published.

    Returns:
        Indexed like ``texts``: ``investment_wan`` (NaN for "/" or an empty cell),
        ``investment_is_approx`` (prefixed 约) and ``error`` (the reason a cell cannot be
        read, else NaN): a cell that is not a number, or an amount beyond LARGEST.

    Example:
        >>> parse_investments(pd.Series(["约68916", "/", "三百", "１２．５"], dtype=object)).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
        {'investment_wan': [68916.0, nan, nan, 12.5], 'investment_is_approx': [True, False, False, False],
         'error': [nan, nan, "expected an amount in 万元 such as 278138, 69.7, 约2808 or /, found '三百'", nan]}
        >>> parse_investments(pd.Series(["9" * 310], dtype=object))["error"].iloc[0][:60]
        "the amount '99999999999999999999…' (310 digits) is too large"
    """
    # Amounts repeat from task to task (/, round sums): each distinct text is read once.
    codes, written = distinct_texts(texts)
    value = [text.strip() for text in written]
    none = np.array([v in ("", NONE_MARKER) for v in value], dtype=bool)
    approx = np.array([v.startswith(APPROX_PREFIX) for v in value], dtype=bool) & ~none
    number = [v[len(APPROX_PREFIX):].strip() if a else v for v, a in zip(value, approx)]
    number = [v if v.isascii() else unicodedata.normalize("NFKC", v) for v in number]
    readable = np.array([NUMBER.match(v) is not None for v in number], dtype=bool) & ~none
    bad = ~readable & ~none
    amount = np.full(len(value), np.nan)
    amount[readable] = [float(number[i]) for i in np.flatnonzero(readable)]
    error = np.full(len(value), np.nan, dtype=object)
    error[bad] = [f"expected an amount in 万元 such as 278138, 69.7, 约2808 or /, found {written[i]!r}"
                  for i in np.flatnonzero(bad)]
    huge = too_large(amount)
    error[huge] = [f"the amount {shown(number[i])} is too large: {TOO_LARGE}" for i in np.flatnonzero(huge)]
    amount[huge] = np.nan
    bad |= huge
    return pd.DataFrame({"investment_wan": amount[codes], "investment_is_approx": (approx & ~bad)[codes],
                         "error": error[codes]}, index=texts.index)


def shown(text: str, width: int = 20) -> str:
    """A cell's text for a message, cut short with its length when long.

    Example:
        >>> shown("12"), shown("9" * 30)
        ("'12'", "'99999999999999999999…' (30 digits)")
    """
    if len(text) <= width:
        return repr(text)
    return f"'{text[:width]}…' ({len(text)} {'digits' if text.isdigit() else 'characters'})"


def parse_investment(text: str) -> tuple[float, bool]:
    """Read one 总投资(万元) cell into (amount in 万元, approximate?); see ``parse_investments``.

    Raises:
        ValueError: When the text is not a number (the caller adds file and line).

    Example:
        >>> parse_investment("约68916")
        (68916.0, True)
        >>> parse_investment("69.7")
        (69.7, False)
        >>> parse_investment("/")
        (nan, False)
        >>> parse_investment("三百")
        Traceback (most recent call last):
        ...
        ValueError: expected an amount in 万元 such as 278138, 69.7, 约2808 or /, found '三百'
    """
    (amount, approx, error), = parse_investments(pd.Series([text], dtype=object)).itertuples(index=False)
    if isinstance(error, str):
        raise ValueError(error)
    return float(amount), bool(approx)


def parse_dues(texts: pd.Series) -> pd.DataFrame:
    """Read a column of 计划完成时间 cells (year.month) into monthly Periods.

    Returns:
        Indexed like ``texts``: ``due`` (a monthly Period, NaT where unreadable) and
        ``error`` (the reason, else NaN).

    Example:
        >>> parse_dues(pd.Series(["2026.9", "2026年13月"], dtype=object)).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
        {'due': [Period('2026-09', 'M'), NaT],
         'error': [nan, "expected a month written year.month such as 2026.12, found '2026年13月'"]}
    """
    # A list writes a few dozen months at most: each distinct text is read once, and its reading
    # given to every cell that holds it.
    codes, distinct = distinct_texts(texts)
    matches = [DUE_MONTH.match(text.strip()) for text in distinct]
    year = np.array([int(m["year"]) if m else 0 for m in matches], dtype=int)[codes]
    month = np.array([int(m["month"]) if m else 0 for m in matches], dtype=int)[codes]
    good = (month >= 1) & (month <= 12)
    # A monthly Period counts months from January 1970; NaT where unreadable.
    ordinals = np.where(good, (year - 1970) * 12 + month - 1, pd.NaT.value)
    due = pd.Series(pd.PeriodIndex.from_ordinals(ordinals, freq="M"), index=texts.index)
    error = np.full(len(texts), np.nan, dtype=object)
    error[~good] = [f"expected a month written year.month such as 2026.12, found {texts.iloc[i]!r}"
                    for i in np.flatnonzero(~good)]
    return pd.DataFrame({"due": due, "error": error}, index=texts.index)


def parse_due(text: str) -> pd.Period:
    """Read one 计划完成时间 cell; see ``parse_dues``.

    Example:
        >>> parse_due("2026.9")
        Period('2026-09', 'M')
        >>> parse_due("2026年13月")
        Traceback (most recent call last):
        ...
        ValueError: expected a month written year.month such as 2026.12, found '2026年13月'
    """
    (due, error), = parse_dues(pd.Series([text], dtype=object)).itertuples(index=False)
    if isinstance(error, str):
        raise ValueError(error)
    return due


def _runs(counts: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """For items that come in runs of ``counts``: the run of each item and its 0-based place in it.

    Example:
        >>> [a.tolist() for a in _runs([2, 0, 3])]
        [[0, 0, 2, 2, 2], [0, 1, 0, 1, 2]]
    """
    counts = np.asarray(counts, dtype=int)
    run = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return run, np.arange(len(run)) - starts[run]


def split_names(texts: pd.Series) -> pd.DataFrame:
    """Split lists of names written with 、 into one row per name.

    Returns:
        Indexed by the label of the cell each name comes from, in cell order: ``order``
        (1-based position in its cell) and ``name`` (stripped). A cell without a name
        gives no row.

    Example:
        >>> split_names(pd.Series(["区民政局、政务办", "/", " 、"], dtype=object))
           order  name
        0      1  区民政局
        0      2   政务办
        1      1     /
    """
    return _split(texts)


def _split(texts: pd.Series) -> pd.DataFrame:
    """The non-empty stripped pieces of each text between SEPARATORS, one row each (see ``split_names``)."""
    first, *others = SEPARATORS
    pieces = texts.tolist()
    joined = COLUMN_JOIN.join(pieces)
    if pieces and joined.count(COLUMN_JOIN) == len(pieces) - 1:  # each separator replaced in one pass over the column
        for separator in others:
            joined = joined.replace(separator, first)
        pieces = joined.split(COLUMN_JOIN)
    else:
        for separator in others:
            pieces = [text.replace(separator, first) for text in pieces]
    pieces = [text.split(first) for text in pieces]
    cells, _ = _runs([len(p) for p in pieces])
    names = np.array([piece.strip() for each in pieces for piece in each], dtype=object)
    kept = names != ""
    cells = cells[kept]
    _, order = _runs(np.bincount(cells, minlength=len(pieces)))
    return pd.DataFrame({"order": order + 1, "name": names[kept]}, index=texts.index[cells])


def scope_bases(texts: pd.Series) -> pd.Series:
    """How each 涉及范围 cell names its places: explicit, district-wide, from-breakdown or unspecified.

    A cell that starts 11个街镇 but goes on to name some of them (11个街镇中的金泽镇) is
    explicit: ``scope_names`` gives the names.

    Example:
        >>> scope_bases(pd.Series(["11个街镇及所属村居", "相关街镇", "金泽镇、白鹤镇", "/", "11个街镇中的金泽镇"],
        ...                       dtype=object)).tolist()
        ['district-wide', 'from-breakdown', 'explicit', 'unspecified', 'explicit']
    """
    unspecified, district_wide, from_breakdown, explicit = (
        Basis.UNSPECIFIED.value, Basis.DISTRICT_WIDE.value, Basis.FROM_BREAKDOWN.value, Basis.EXPLICIT.value
    )  # an enum member's value is looked up once, not once per cell
    district, named_among = DISTRICT_WIDE.match, NAMED_AMONG.match
    # Tasks share scopes (11个街镇, the same few towns): each distinct cell is read once.
    codes, distinct = distinct_texts(texts)
    value = [text.strip() for text in distinct]
    basis = [
        unspecified if v in ("", NONE_MARKER)
        else district_wide if district(v) and not named_among(v)
        else from_breakdown if v == RELATED_TOWNS
        else explicit
        for v in value
    ]
    return pd.Series(np.asarray(basis, dtype=object)[codes], index=texts.index, dtype=object)


def scope_names(texts: pd.Series) -> pd.Series:
    """The part of each explicit 涉及范围 cell that names places: 11个街镇中的金泽镇 names 金泽镇.

    Example:
        >>> scope_names(pd.Series(["11个街镇中的金泽镇、白鹤镇", "金泽镇"], dtype=object)).tolist()
        ['金泽镇、白鹤镇', '金泽镇']
    """
    return pd.Series([NAMED_AMONG.sub("", text.strip(), count=1) if "个街镇" in text else text for text in texts.tolist()],
                     index=texts.index, dtype=object)


def funding_levels(texts: pd.Series, keywords: dict[str, list[str]]) -> pd.DataFrame:
    """The levels of government (or self-funding) that each 资金来源 cell names, by keyword.

    Args:
        texts: The 资金来源 cells.
        keywords: level → Chinese substrings that name it (from funding_levels.csv), in
            the order the levels are listed.

    Returns:
        One row per cell and level named, indexed by the cell's label, in cell order and
        then in the order of ``keywords``: ``level``. "/" and empty cells name none.

    Example:
        >>> keywords = {"central": ["中央"], "municipal": ["市级"], "town": ["镇级", "街镇"]}
        >>> funding_levels(pd.Series(["中央、市级财政", "/", "街镇自筹"], dtype=object), keywords)
               level
        0    central
        0  municipal
        2       town
    """
    value = texts.tolist()
    named = holds_any(value, list(keywords.values()))
    named &= ~none_array(value)[:, np.newaxis]
    cells, levels = np.nonzero(named)  # row-major: cell order, then level order
    return pd.DataFrame({"level": np.array(list(keywords), dtype=object)[levels]}, index=texts.index[cells])


def holds_any(texts: list[str], word_lists: list[list[str]]) -> np.ndarray:
    """Whether each text holds one of the words of each list, as a (texts, lists) array.

    Each word is looked for as plain text, once over the whole column joined with
    COLUMN_JOIN (a search for a literal is far quicker than a pattern of alternatives); a
    column or a word that holds COLUMN_JOIN is looked through text by text instead.

    Example:
        >>> holds_any(["中央、市级财政", "/", "街镇自筹"], [["中央"], ["市级", "市、"], ["镇级", "街镇"]]).tolist()
        [[True, True, False], [False, False, False], [False, False, True]]
    """
    found = np.zeros((len(texts), len(word_lists)), dtype=bool)
    joined = COLUMN_JOIN.join(texts)
    if joined.count(COLUMN_JOIN) > max(len(texts) - 1, 0) or any(COLUMN_JOIN in w for ws in word_lists for w in ws):
        for column, words in enumerate(word_lists):
            found[:, column] = [any(word in text for word in words if word) for text in texts]
        return found
    lengths = np.fromiter(map(len, texts), dtype=int, count=len(texts)) + len(COLUMN_JOIN)
    starts = np.cumsum(lengths) - lengths
    for column, words in enumerate(word_lists):
        for word in filter(None, words):
            positions = np.fromiter(map(MATCH_START, re.finditer(re.escape(word), joined)), dtype=int)
            found[np.searchsorted(starts, positions, side="right") - 1, column] = True
    return found


def none_array(texts: list[str]) -> np.ndarray:
    """``is_none`` of each text, as an array (read through map(), without a Python call per text).

    Example:
        >>> none_array([" / ", "", "赵巷镇", "/1"]).tolist()
        [True, True, False, False]
    """
    is_none = frozenset(("", NONE_MARKER)).__contains__
    return np.fromiter(map(is_none, map(STRIP, texts)), dtype=bool, count=len(texts))


def text_array(values) -> pd.api.extensions.ExtensionArray:
    """Texts as an array of pandas' str dtype (None becomes NaN), as a table's text column holds them.

    A column that repeats a few texts many times (a task's 涉及范围 on each of its towns, the
    name of a period on each milestone) is made by ``text_array(texts).take(positions)``: pandas
    then checks each distinct text once, not each row again when the table is built.

    Example:
        >>> column = text_array(["赵巷镇", None]).take([0, 1, 0])
        >>> column.dtype == "str", column.tolist()
        (True, ['赵巷镇', nan, '赵巷镇'])
    """
    return pd.array(np.asarray(values, dtype=object), dtype="str")


def repeated_text(values) -> pd.api.extensions.ExtensionArray:
    """A column of a few distinct texts, each repeated over many rows, as an array of pandas' str dtype.

    The distinct texts are found (``pd.factorize``) and converted once (``text_array``);
    None (or NaN) becomes NaN, as when a table's column is made str.

    Example:
        >>> column = repeated_text(["percent", None, "percent", "none"])
        >>> column.dtype == "str", column.tolist()
        (True, ['percent', nan, 'percent', 'none'])
    """
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return text_array(uniques).take(codes, allow_fill=True)
