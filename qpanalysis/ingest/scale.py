"""建设规模: every figure a scale cell states (labelled METRIC(UNIT): figures and numbers in prose), and the total a goal states for a breakdown."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qpanalysis.ingest import numerals
from qpanalysis.ingest.parsing import NUMBER, fold_points, none_array, split_names

# The label of a figure in 建设规模: METRIC(UNIT): — the unit is the last bracket before the
# colon, so 乡村停车场(点)建设(个): gives metric 乡村停车场(点)建设 and unit 个.
LABELLED_FIGURE = re.compile(r"(?P<metric>[^\s:：。;；、,，]+?)[(（](?P<unit>[^()（）]+)[)）]\s*[:：]")
# The same, whole label captured: splitting a cell on it gives [prose, label, metric, unit,
# values, label, metric, unit, values, …], each label's values running to the next label.
LABEL_SPLIT = re.compile(r"(" + LABELLED_FIGURE.pattern + r")")
# One per-town figure of a breakdown, e.g. 赵巷镇11 or 香花桥街道 4.
TOWN_FIGURE = re.compile(r"^(?P<town>\D+?)\s*(?P<number>\d+(?:\.\d+)?)$")
# Units that follow a number in free text, longest first so 公里 wins over 里.
UNITS = ("平方米", "公里", "万元", "个村", "个", "座", "家", "处", "户", "人", "亩", "项", "条", "米", "分", "%")
# A number in free text with its unit; 4-digit numbers followed by 年 are years, not quantities.
FREE_FIGURE = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|[" + numerals.ONE_CHARACTER + r"])\s*(?P<unit>" + "|".join(UNITS) + r")"
)
# Prose that may state a figure: only these cells go through the (per-cell) prose reader.
MAY_STATE_A_FIGURE = re.compile(r"[\d" + numerals.ONE_CHARACTER + r"]")
YEAR = re.compile(r"\d{4}\s*年")
YEAR_MARK = "年"  # the character every YEAR match holds
# A number with no unit from UNITS is still a number the text states; it is kept (unit "").
BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Clause boundaries inside one cell.
CLAUSE = re.compile(r"[，,。；;：:]")
# Words around a number that say nothing about what is counted: those a metric may start with, and end with.
LEADING_FILLER = ("共", "完成", "预计", "实施", "启动", "建设", "推进", "开展", "达到", "保持", "打造", "约", "以上", "以下")
TRAILING_FILLER = ("达到", "约", "为", "共", "预计", "保持")
FILLER = re.compile("^(" + "|".join(LEADING_FILLER) + ")+|(" + "|".join(TRAILING_FILLER) + ")+$")
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


def _number(text: str) -> float:
    return numerals.number(text)


def strip_filler(text: str) -> str:
    """``text`` (stripped of white space) without the filler words it starts or ends with (``FILLER``).

    Most words next to a number neither start nor end with filler: two cheap tests of
    the ends spare them the regular expression.

    Example:
        >>> strip_filler("完成建设乡村停车场约"), strip_filler("乡村停车场")
        ('乡村停车场', '乡村停车场')
    """
    if text.startswith(LEADING_FILLER) or text.endswith(TRAILING_FILLER):
        return FILLER.sub("", text)
    return text


def _metric_from_prose(clause: str, start: int, end: int, previous: str, unit: str = "") -> str:
    before, after = clause[:start], clause[end:]
    for side in (before, after) if unit in LEVEL_UNITS else (after, before):  # the second only if the first is bare
        candidate = strip_filler(side.strip()).strip("的 ")
        if candidate:
            return candidate
    return strip_filler(previous.strip()) or clause.strip()


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
    stated = np.flatnonzero(~none_array(cells))
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
    cell = figures["cell"].to_numpy(dtype=int)
    figures = figures.take(np.lexsort((figures["part"].to_numpy(), cell)))  # by cell, then part; stable
    cell = figures["cell"].to_numpy(dtype=int)
    figures.index = texts.index[cell]
    figures["figure"] = run_positions(cell)
    figures = figures.astype({"quantity": float, "labelled": bool, "metric": object, "unit": object,
                              "town": object, "source_text": object})
    figures["town"] = figures["town"].where(figures["town"].notna(), None)  # a total has no town
    return figures[list(FIGURE_COLUMNS)], pd.Series(errors, index=texts.index, dtype=object)


def run_positions(keys: np.ndarray) -> np.ndarray:
    """The position of each element within its run of equal keys, from 0 (``groupby(...).cumcount()`` of sorted keys).

    Example:
        >>> run_positions(np.array([0, 0, 0, 2, 5, 5])).tolist()
        [0, 1, 2, 0, 0, 1]
    """
    index = np.arange(len(keys))
    starts = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.empty(0, dtype=bool)
    return index - np.maximum.accumulate(np.where(starts, index, 0))


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
    items = split_names(pd.Series(np.where(total, "", np.array(values, dtype=object)), dtype=object))
    item_segment, item_order = items.index.to_numpy(), items["order"].to_numpy() - 1
    flat = items["name"].tolist()
    parts = [TOWN_FIGURE.match(item) for item in flat]
    errors = [np.nan] * n
    good = np.array([part is not None for part in parts], dtype=bool)
    for index in np.flatnonzero(~good).tolist():  # the unreadable items, in order: the first of each cell is kept
        segment_no = item_segment[index]
        cell = segment_cell[segment_no]
        if not isinstance(errors[cell], str):
            errors[cell] = (f"in {metric[segment_no]}({unit[segment_no]}): expected figures written TOWN NUMBER "
                            f"such as 赵巷镇11, found {flat[index]!r}")
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
    may_state, years, free_figures, bare_numbers = (
        MAY_STATE_A_FIGURE.search, YEAR.finditer, FREE_FIGURE.finditer, BARE_NUMBER.finditer
    )  # looked up once: this runs for every cell of prose
    for clause in CLAUSE.split(prose):
        if may_state(clause):
            source = clause.strip()
            taken = bytearray(len(clause) + 1)  # 1 where a year or an earlier figure stands
            if YEAR_MARK in clause:  # a year needs its 年: most clauses have none to scan for
                for match in years(clause):
                    start, end = match.span()
                    taken[start:end] = b"\x01" * (end - start)
            for match in free_figures(clause):
                start, end = match.span()
                if taken[start]:
                    continue
                taken[start:end] = b"\x01" * (end - start)
                unit = match["unit"]
                figures.append((_metric_from_prose(clause, start, end, previous, unit), unit,
                                _number(match["number"]), source))
            for match in bare_numbers(clause):
                start, end = match.span()
                if taken[start]:
                    continue
                figures.append((_metric_from_prose(clause, start, end, previous), "", float(match.group()), source))
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


def figure_clauses(goal: str) -> list[str]:
    """The clauses of a 建设目标 that state a figure other than a year: those that may hold a stated total.

    Example:
        >>> figure_clauses("2026年完成新改建设施45个,提升水平。")
        ['2026年完成新改建设施45个']
        >>> figure_clauses("2026年提升水平。")
        []
    """
    # A figure needs a digit or a numeral: that cheap test comes first.
    return [clause for clause in CLAUSE.split(goal) if MAY_STATE_A_FIGURE.search(clause) and any(
        not YEAR.match(clause, m.start()) for m in FREE_FIGURE.finditer(clause)
    )]


def stated_total(goal: str, metric: str, minimum_overlap: int = 3, *,
                 clauses: list[str] | None = None) -> tuple[float, str] | None:
    """Find the total that 建设目标 states for a breakdown's metric.

    The clause of the goal that shares the longest run (at least ``minimum_overlap``
    characters) with the metric is taken, and the number nearest that run is its total.
    Only clauses that state a figure other than a year may hold the total
    (``figure_clauses``); a caller that asks about several metrics of one goal passes them
    as ``clauses``, found once.

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
    for clause in figure_clauses(goal) if clauses is None else clauses:
        overlap = longest_common_substring(metric, clause)
        if len(overlap) >= minimum_overlap and (best is None or len(overlap) > best[0]):
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
