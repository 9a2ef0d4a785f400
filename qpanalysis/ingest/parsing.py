"""Parsers for the fields of task rows, one column at a time: investment, due month, names, scope, scale, funding."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from qpanalysis.codes import NONE_MARKER

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
# Scope wording that means "all eleven towns and subdistricts" (11个街镇, 11个街镇及所属村居).
DISTRICT_WIDE = re.compile(r"^(11|十一)个街镇")
# … unless it goes on to name some of them (11个街镇中的金泽镇、白鹤镇: "of the 11 towns, 金泽镇
# and 白鹤镇"): the scope then names those towns, and only they are read.
NAMED_AMONG = re.compile(r"^(?:11|十一)个街镇(?:之中|当中|其中|中)的?\s*[:：]?\s*(?=\S)")
# Scope wording that defers to the towns concerned without naming them.
RELATED_TOWNS = "相关街镇"
# The label of a figure in 建设规模: METRIC(UNIT): — the unit is the last bracket before the
# colon, so 乡村停车场(点)建设(个): gives metric 乡村停车场(点)建设 and unit 个.
LABELLED_FIGURE = re.compile(r"(?P<metric>[^\s:：。;；、,，]+?)[(（](?P<unit>[^()（）]+)[)）]\s*[:：]")
# The same, whole label captured: splitting a cell on it gives [prose, label, metric, unit,
# values, label, metric, unit, values, …], each label's values running to the next label.
LABEL_SPLIT = re.compile(r"(" + LABELLED_FIGURE.pattern + r")")
# One per-town figure of a breakdown, e.g. 赵巷镇11 or 香花桥街道 4.
TOWN_FIGURE = re.compile(r"^(?P<town>\D+?)\s*(?P<number>\d+(?:\.\d+)?)$")
# Chinese numerals that the scale and target texts use for small counts (两个试点片区).
CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# Units that follow a number in free text, longest first so 公里 wins over 里.
UNITS = ("平方米", "公里", "万元", "个村", "个", "座", "家", "处", "户", "人", "亩", "项", "条", "米", "分", "%")
# A number in free text with its unit; 4-digit numbers followed by 年 are years, not quantities.
FREE_FIGURE = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|[一二两三四五六七八九十])\s*(?P<unit>" + "|".join(UNITS) + r")"
)
# Prose that may state a figure: only these cells go through the (per-cell) prose reader.
MAY_STATE_A_FIGURE = re.compile(r"[\d一二两三四五六七八九十]")
YEAR = re.compile(r"\d{4}\s*年")
# A number with no unit from UNITS is still a number the text states; it is kept (unit "").
BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Clause boundaries inside one cell.
CLAUSE = re.compile(r"[，,。；;：:]")
# Words around a number that say nothing about what is counted.
FILLER = re.compile(r"^(共|完成|预计|实施|启动|建设|推进|开展|达到|保持|打造|约|以上|以下)+|(达到|约|为|共|预计|保持)+$")
# Units of a level (a percentage, a score) describe the words before them; counts the words after.
LEVEL_UNITS = ("%", "分")
# Columns of the figures table that parse_scales returns, in order.
FIGURE_COLUMNS = ("figure", "metric", "unit", "quantity", "town", "source_text", "labelled")


@dataclass(frozen=True)
class Figure:
    """A number stated in 建设规模, with what it counts and (for breakdowns) its town."""

    metric: str
    unit: str
    quantity: float
    town: str | None
    source_text: str
    labelled: bool  # True for METRIC(UNIT): figures, False for numbers found in prose


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
    if any(COLUMN_JOIN in text for text in texts):
        found = [list(pattern.finditer(text)) for text in texts]
        cells = np.repeat(np.arange(len(texts)), [len(f) for f in found])
        matches = list(chain.from_iterable(found))
    else:
        lengths = np.fromiter(map(len, texts), dtype=int, count=len(texts)) + len(COLUMN_JOIN)
        starts = np.cumsum(lengths) - lengths
        matches = list(pattern.finditer(COLUMN_JOIN.join(texts)))
        positions = np.fromiter((m.start() for m in matches), dtype=int, count=len(matches))
        cells = np.searchsorted(starts, positions, side="right") - 1
    table = np.empty((len(matches), pattern.groups), dtype=object)
    if matches:
        table[:] = [m.groups("") for m in matches]
    return cells.astype(int), {name: table[:, index - 1] for name, index in pattern.groupindex.items()}


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
    return pd.Series(_none_array(texts.tolist()), index=texts.index)


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
    value = [text.strip() for text in texts.tolist()]
    none = np.array([v in ("", NONE_MARKER) for v in value], dtype=bool)
    approx = np.array([v.startswith(APPROX_PREFIX) for v in value], dtype=bool) & ~none
    number = [v[len(APPROX_PREFIX):].strip() if a else v for v, a in zip(value, approx)]
    number = [v if v.isascii() else unicodedata.normalize("NFKC", v) for v in number]
    readable = np.array([NUMBER.match(v) is not None for v in number], dtype=bool) & ~none
    bad = ~readable & ~none
    amount = np.full(len(value), np.nan)
    amount[readable] = [float(number[i]) for i in np.flatnonzero(readable)]
    error = np.full(len(value), np.nan, dtype=object)
    error[bad] = [f"expected an amount in 万元 such as 278138, 69.7, 约2808 or /, found {texts.iloc[i]!r}"
                  for i in np.flatnonzero(bad)]
    huge = too_large(amount)
    error[huge] = [f"the amount {shown(number[i])} is too large: {TOO_LARGE}" for i in np.flatnonzero(huge)]
    amount[huge] = np.nan
    bad |= huge
    return pd.DataFrame({"investment_wan": amount, "investment_is_approx": approx & ~bad, "error": error},
                        index=texts.index)


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
    matches = [DUE_MONTH.match(text.strip()) for text in texts.tolist()]
    year = np.array([int(m["year"]) if m else 0 for m in matches])
    month = np.array([int(m["month"]) if m else 0 for m in matches])
    good = (month >= 1) & (month <= 12)
    # A monthly Period counts months from January 1970; NaT where unreadable.
    ordinals = np.where(good, (year - 1970) * 12 + month - 1, pd.NaT.value)
    due = pd.Series(pd.PeriodIndex.from_ordinals(ordinals, freq="M"), index=texts.index)
    error = np.full(len(matches), np.nan, dtype=object)
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
    value = [text.strip() for text in texts.tolist()]
    basis = [
        "unspecified" if v in ("", NONE_MARKER)
        else "district-wide" if DISTRICT_WIDE.match(v) and not NAMED_AMONG.match(v)
        else "from-breakdown" if v == RELATED_TOWNS
        else "explicit"
        for v in value
    ]
    return pd.Series(basis, index=texts.index, dtype=object)


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
    none = _none_array(value)
    named = np.column_stack([
        np.array([pattern.search(v) is not None for v in value], dtype=bool) & ~none
        for pattern in (re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!)")
                        for words in keywords.values())
    ]) if keywords else np.zeros((len(value), 0), dtype=bool)
    cells, levels = np.nonzero(named)  # row-major: cell order, then level order
    return pd.DataFrame({"level": np.array(list(keywords), dtype=object)[levels]}, index=texts.index[cells])


def _number(text: str) -> float:
    return float(CHINESE_DIGITS[text]) if text in CHINESE_DIGITS else float(text)


def _metric_from_prose(clause: str, start: int, end: int, previous: str, unit: str = "") -> str:
    after = FILLER.sub("", clause[end:].strip()).strip("的 ")
    before = FILLER.sub("", clause[:start].strip()).strip("的 ")
    for candidate in (before, after) if unit in LEVEL_UNITS else (after, before):
        if candidate:
            return candidate
    return FILLER.sub("", previous.strip()) or clause.strip()


def parse_scales(texts: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Find every number that each 建设规模 cell states.

    Labelled figures ``METRIC(UNIT):...`` give one figure for a single total, or one per
    town for a breakdown ``TOWN NUMBER、TOWN NUMBER…``; they are extracted from the whole
    column at once (``extract_all``) and split into items as arrays. The prose before the
    first label (the whole cell when there is no label) gives one figure per number, with
    the metric taken from the words next to the number: that reading is done cell by
    cell, and only for prose that holds a digit or a Chinese numeral. Town names are
    returned as written: the caller encodes them.

    Args:
        texts: The cells as published.

    Returns:
        ``(figures, errors)``. ``figures`` has one row per figure, indexed by the label
        of its cell, in cell order (labelled figures first, then those found in prose),
        with the columns of FIGURE_COLUMNS (``figure`` numbers the figures of a cell from
        0; ``town`` is None for a total). ``errors`` is indexed like ``texts``: why a cell
        cannot be read (a breakdown item that is not TOWN NUMBER), else NaN.

    Example:
        >>> figures, errors = parse_scales(pd.Series(["美丽庭院(户):赵巷镇112、徐泾镇311。", "共5个示范村", "路(公里):三"]))
        >>> figures.index.tolist(), figures[["metric", "unit", "town", "quantity"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
        ([0, 0, 1], [['美丽庭院', '户', '赵巷镇', 112.0], ['美丽庭院', '户', '徐泾镇', 311.0],
                     ['示范村', '个', None, 5.0]])
        >>> errors.tolist()
        [nan, nan, "in 路(公里): expected figures written TOWN NUMBER such as 赵巷镇11, found '三'"]
    """
    cells = fold_points([str(text) for text in texts.tolist()])
    stated = np.flatnonzero(~_none_array(cells))
    # A label needs a colon: only those cells are split on labels.
    split = {i: LABEL_SPLIT.split(cells[i]) for i in stated if ":" in cells[i] or "：" in cells[i]}
    labelled, errors = _labelled_figures(split, len(cells))
    prose = [(i, split[i][0] if i in split else cells[i]) for i in stated]
    found = [(i, *f) for i, text in prose if MAY_STATE_A_FIGURE.search(text) for f in _prose_figures(text)]
    cell, metric, unit, quantity, source = zip(*found) if found else ((),) * 5
    in_prose = {
        "cell": np.array(cell, dtype=int), "part": np.ones(len(found), dtype=int), "metric": list(metric),
        "unit": list(unit), "quantity": np.array(quantity, dtype=float), "town": [None] * len(found),
        "source_text": list(source), "labelled": np.zeros(len(found), dtype=bool),
    }
    figures = pd.concat([pd.DataFrame(labelled), pd.DataFrame(in_prose)], ignore_index=True)
    figures = figures.sort_values(["cell", "part"], kind="stable")
    figures.index = texts.index[figures["cell"].to_numpy(dtype=int)]
    figures["figure"] = figures.groupby("cell").cumcount().to_numpy()
    figures = figures.astype({"quantity": float, "labelled": bool, "metric": object, "unit": object,
                              "town": object, "source_text": object})
    figures["town"] = figures["town"].where(figures["town"].notna(), None)  # a total has no town
    return figures[list(FIGURE_COLUMNS)], pd.Series(errors, index=texts.index, dtype=object)


def _none_array(texts: list[str]) -> np.ndarray:
    """``is_none`` of each text, as an array."""
    none = ("", NONE_MARKER)
    return np.fromiter((text.strip() in none for text in texts), dtype=bool, count=len(texts))


def _labelled_figures(split: dict[int, list[str]], n: int) -> tuple[dict, list]:
    """The labelled figures of cells split on their labels, and the first unreadable breakdown item of each cell."""
    segment_cell = np.array([i for i, pieces in split.items() for _ in range(len(pieces) // 4)], dtype=int)
    label, metric, unit, raw_values = (
        [piece for pieces in split.values() for piece in pieces[start::4]] for start in (1, 2, 3, 4)
    )
    metric = [m.strip() for m in metric]
    unit = [u.strip() for u in unit]
    values = [v.strip().rstrip("。.;； ") for v in raw_values]
    source = np.array([(a + b).strip() for a, b in zip(label, raw_values)], dtype=object)
    total = np.array([NUMBER.match(v) is not None for v in values], dtype=bool)
    items = _split(pd.Series(np.where(total, "", np.array(values, dtype=object)), dtype=object))
    item_segment, item_order = items.index.to_numpy(), items["order"].to_numpy() - 1
    flat = items["name"].tolist()
    parts = [TOWN_FIGURE.match(item) for item in flat]
    errors = [np.nan] * n
    for segment_no, item, part in zip(item_segment, flat, parts):
        cell = segment_cell[segment_no]
        if part is None and not isinstance(errors[cell], str):
            errors[cell] = (f"in {metric[segment_no]}({unit[segment_no]}): expected figures written TOWN NUMBER "
                            f"such as 赵巷镇11, found {item!r}")
    good = np.array([part is not None for part in parts], dtype=bool)
    totals = np.flatnonzero(total)
    segment_no = np.concatenate([totals, item_segment[good]]).astype(int)
    order = np.lexsort((np.concatenate([np.zeros(len(totals), int), item_order[good]]), segment_no))
    segment_no = segment_no[order]
    quantity = np.concatenate([
        np.array([values[s] for s in totals], dtype=float),
        np.array([part["number"] for part in parts if part is not None], dtype=float),
    ])[order]
    town = np.array([None] * len(totals) + [part["town"].strip() for part in parts if part is not None],
                    dtype=object)[order]
    return {
        "cell": segment_cell[segment_no], "part": np.zeros(len(segment_no), dtype=int),
        "metric": np.array(metric, dtype=object)[segment_no], "unit": np.array(unit, dtype=object)[segment_no],
        "quantity": quantity, "town": town, "source_text": source[segment_no],
        "labelled": np.ones(len(segment_no), dtype=bool),
    }, errors


def parse_scale(text: str) -> list[Figure]:
    """Find every number that one 建设规模 cell states; see ``parse_scales``.

    Raises:
        ValueError: When a breakdown item is not written TOWN NUMBER.

    Example:
        >>> [(f.metric, f.unit, f.town, f.quantity) for f in parse_scale("美丽庭院(户):赵巷镇112、徐泾镇311。")]
        [('美丽庭院', '户', '赵巷镇', 112.0), ('美丽庭院', '户', '徐泾镇', 311.0)]
        >>> [(f.metric, f.unit, f.quantity) for f in parse_scale("村内C级道路整治(公里):5 4-5类危险村桥整治(座):2")]
        [('村内C级道路整治', '公里', 5.0), ('4-5类危险村桥整治', '座', 2.0)]
        >>> [(f.metric, f.unit, f.quantity) for f in parse_scale("开展乡村CEO培训，预计35人。")]
        [('乡村CEO培训', '人', 35.0)]
        >>> [(f.metric, f.unit, f.quantity) for f in parse_scale("两个试点片区(金泽山深单元、白鹤曙光单元)")]
        [('试点片区(金泽山深单元、白鹤曙光单元)', '个', 2.0)]
    """
    figures, errors = parse_scales(pd.Series([text], dtype=object))
    if errors.notna().any():
        raise ValueError(errors.dropna().iloc[0])
    return [Figure(*row) for row in figures[list(FIGURE_COLUMNS[1:])].itertuples(index=False)]


def _prose_figures(prose: str) -> list[tuple[str, str, float, str]]:
    """The numbers of one text in prose, as (metric, unit, quantity, clause): a number with a unit, else a
    bare number (unit ""); never a year."""
    figures = []
    previous = ""
    for clause in CLAUSE.split(prose):
        if MAY_STATE_A_FIGURE.search(clause):
            source = clause.strip()
            taken = bytearray(len(clause) + 1)  # 1 where a year or an earlier figure stands
            for match in YEAR.finditer(clause):
                taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
            for match in FREE_FIGURE.finditer(clause):
                if taken[match.start()]:
                    continue
                taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
                metric = _metric_from_prose(clause, match.start(), match.end(), previous, match["unit"])
                figures.append((metric, match["unit"], _number(match["number"]), source))
            for match in BARE_NUMBER.finditer(clause):
                if taken[match.start()]:
                    continue
                metric = _metric_from_prose(clause, match.start(), match.end(), previous)
                figures.append((metric, "", float(match.group()), source))
        if clause.strip():
            previous = clause
    return figures


def longest_common_substring(a: str, b: str) -> str:
    """The longest run of characters that two strings share.

    Example:
        >>> longest_common_substring("乡村停车场(点)建设", "建设250个乡村停车场(点)")
        '乡村停车场(点)'
    """
    best = ""
    in_b = set(b)
    for i in range(len(a)):
        if a[i] not in in_b:  # no run starts here
            continue
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def stated_total(goal: str, metric: str, minimum_overlap: int = 3) -> tuple[float, str] | None:
    """Find the total that 建设目标 states for a breakdown's metric.

    The clause of the goal that shares the longest run (at least ``minimum_overlap``
    characters) with the metric is taken, and the number nearest that run is its total.

    Example:
        >>> stated_total("建设1000户乡村美丽庭院。", "美丽庭院")
        (1000.0, '建设1000户乡村美丽庭院')
        >>> stated_total("完成新改建公共服务设施45个,新建家门口养老服务站8个,促进升级。", "家门口养老服务站")
        (8.0, '新建家门口养老服务站8个')
        >>> stated_total("加强乡村公共标识标牌引导,完善25个乡村的各类公共标识标牌。", "公共标识标牌")
        (25.0, '完善25个乡村的各类公共标识标牌')
        >>> stated_total("提升水平。", "美丽庭院") is None
        True
    """
    best: tuple[int, str, str] | None = None
    for clause in CLAUSE.split(goal):
        overlap = longest_common_substring(metric, clause)
        if len(overlap) < minimum_overlap or (best is not None and len(overlap) <= best[0]):
            continue
        if any(not YEAR.match(clause, m.start()) for m in FREE_FIGURE.finditer(clause)):  # a number, not a year
            best = (len(overlap), clause.strip(), overlap)
    if best is None:
        return None
    _, clause, overlap = best
    anchor = clause.find(overlap)
    numbers = [m for m in FREE_FIGURE.finditer(clause) if not YEAR.match(clause, m.start())]
    if not numbers:
        return None
    nearest = min(numbers, key=lambda m: min(abs(m.start() - anchor), abs(m.end() - anchor)))
    return _number(nearest["number"]), clause
