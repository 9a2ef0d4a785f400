"""How wide each column of a printed table is, and which columns hold numbers, from the cells as shown."""

from __future__ import annotations

import re

import pandas as pd

from qpanalysis.widths import display_width

# A cell that is a number as formatted (1,234.5, ≈71,724.00, -60, 50%, 2026.12): set
# right-aligned and never broken across lines. A dash (unknown) or an empty cell fits any column.
NUMBER = re.compile(r"^[≈~]?[-+]?[\d,]+(\.\d+)?%?$")
UNKNOWN_CELLS = ("", "—")
# What a cell's margins take, in mm (Word's default 1.9 mm a side, and a little air).
PADDING_MM = 4.0
# A text column needing at most this many half-width characters keeps its width; wider text
# columns share what is left in proportion to their need, down to their header's width.
NARROW_UNITS = 12
# Headers are set in bold, which is about this much wider than the regular weight.
BOLD_FACTOR = 1.15
# Width of one half-width character in mm per point of font size (half an em; 1 pt = 0.3528 mm).
UNIT_MM_PER_PT = 0.3528 / 2


def header_width(header: str) -> int:
    """The narrowest a header may be: an English word does not break, Chinese may wrap onto two lines.

    Example:
        >>> header_width("Expected completion (%)"), header_width("计划完成时间"), header_width("District-wide"), header_width("任务数")
        (10, 6, 9, 4)
    """
    words = re.findall(r"[^\s-]+-?", header) or [""]  # a hyphenated word may break after its hyphen
    # Chinese on two lines: half the characters, rounded up to whole ones (two half-widths each).
    return max(display_width(word) if word.isascii() else -(-display_width(word) // 4) * 2 for word in words)


def numeric_columns(frame: pd.DataFrame) -> list[bool]:
    """For each column, whether every known cell is a number as formatted.

    Example:
        >>> numeric_columns(pd.DataFrame({"a": ["甲", "乙"], "b": ["1,234.5", "—"], "c": ["≈71,724.00", "3"]}))
        [False, True, True]
    """
    def numeric(column: pd.Series) -> bool:
        values = [str(v) for v in column if str(v) not in UNKNOWN_CELLS]
        return bool(values) and all(NUMBER.match(v) for v in values)
    return [numeric(frame.iloc[:, i]) for i in range(frame.shape[1])]


def _needs(frame: pd.DataFrame, pad: float) -> tuple[list[bool], list[float], list[float]]:
    """For each column (in half-width units, ``pad`` included): whether it holds numbers,
    the width it needs and the narrowest it may be."""
    numeric = numeric_columns(frame)
    needs, minimums = [], []
    for position, column in enumerate(frame.columns):
        cells = pd.Series([display_width(v) for v in frame.iloc[:, position]], dtype=float)
        head = header_width(str(column)) * BOLD_FACTOR
        if numeric[position]:
            need = max(float(cells.max()), head) + pad
            needs.append(need)
            minimums.append(need)
        else:
            needs.append(max(float(cells.quantile(0.9)) if len(cells) else 0.0, head) + pad)
            minimums.append(head + pad)
    return numeric, needs, minimums


def fits(frame: pd.DataFrame, width_mm: float, size_pt: float = 10.5, padding_mm: float = PADDING_MM) -> bool:
    """Whether a table fits ``width_mm`` with no header word broken and no number wrapped.

    Example:
        >>> frame = pd.DataFrame({"Xianghuaqiao Subdistrict": ["Breakdown"], "Total (10,000 yuan)": ["≈305,845.40"]})
        >>> fits(frame, 40, 7, 2.5), fits(frame, 30, 7, 2.5)  # (12 × 1.15 + 11) × 1.235 mm + 2 × 2.5 mm = 35.6 mm
        (True, False)
    """
    unit = size_pt * UNIT_MM_PER_PT
    return sum(_needs(frame, padding_mm / unit)[2]) * unit <= width_mm


def natural_widths(frame: pd.DataFrame, size_pt: float = 10.5, padding_mm: float = PADDING_MM) -> list[float]:
    """The width in mm of each column with its every cell and its header on one line.

    Example:
        >>> natural_widths(pd.DataFrame({"任务数": ["12"], "Town": ["Jinze Town"]}), 8, 2.5)  # 6 × 1.15 and 10 units of 1.411 mm, + 2.5 mm
        [12.2, 16.6]
    """
    unit = size_pt * UNIT_MM_PER_PT
    return [round(max([display_width(v) for v in frame.iloc[:, position]] + [display_width(column) * BOLD_FACTOR])
                  * unit + padding_mm, 1) for position, column in enumerate(frame.columns)]


def column_widths(frame: pd.DataFrame, width_mm: float, size_pt: float = 10.5,
                  padding_mm: float = PADDING_MM) -> list[float]:
    """Widths in mm of a table's columns, from their content, filling ``width_mm``.

    A column of numbers is as wide as its widest number (numbers never wrap); a narrow
    text column gets what its cells need (their 90th percentile: a rare long cell wraps);
    the wide text columns share the rest in proportion to their need, none narrower than
    its header allows. When even the minimums do not fit, every column shrinks in
    proportion (the table then needs a landscape page: see :func:`fits`). ``padding_mm``
    is what a cell's margins take.

    Example:
        >>> frame = pd.DataFrame({"序号": ["4", "12"], "节点目标原文": ["完成首批和美乡村试点建设任务" * 3, "完成50%"],
        ...                       "状态": ["滞后", "无数据"]})
        >>> column_widths(frame, 156)  # 序号: bold header 2 × 1.15 units of 1.852 mm + 4 mm; 状态: p90 5.8 units + 4 mm
        [8.3, 133.0, 14.7]
    """
    unit = size_pt * UNIT_MM_PER_PT
    pad = padding_mm / unit
    numeric, needs, minimums = _needs(frame, pad)
    fixed = [num or need <= NARROW_UNITS + pad for num, need in zip(numeric, needs)]
    total = width_mm / unit
    if sum(minimums) >= total:  # nothing fits: shrink everything alike
        return [round(float(total * n / sum(needs) * unit), 1) for n in needs]
    widths = [need if keep else 0.0 for need, keep in zip(needs, fixed)]
    flexible = [i for i, keep in enumerate(fixed) if not keep]
    if not flexible and sum(widths) <= total:  # all columns keep their need: the rest goes to them alike
        return [round(float(w * total / sum(widths) * unit), 1) for w in widths]
    while True:  # share the rest; a column below its minimum gets the minimum, then share again
        rest = total - sum(widths[i] for i in range(len(widths)) if i not in flexible)
        share = sum(needs[i] for i in flexible)
        short = [i for i in flexible if rest * needs[i] / share < minimums[i]]
        if not short or sum(minimums) > total:
            break
        for i in short:
            widths[i] = minimums[i]
            flexible.remove(i)
        if not flexible:
            break
    for i in flexible:
        widths[i] = rest * needs[i] / share
    return [round(float(w * unit), 1) for w in _within(widths, minimums, total)]


def _within(widths: list[float], minimums: list[float], total: float) -> list[float]:
    """Widths that add up to no more than ``total``: what is too much is taken from the
    columns above their minimum, in proportion to what they have above it.

    Example:
        >>> _within([10.0, 30.0, 20.0], [10.0, 10.0, 15.0], 50)  # 10 too much; 20 and 5 above the minimums
        [10.0, 22.0, 18.0]
    """
    over = sum(widths) - total
    slack = [max(w - m, 0.0) for w, m in zip(widths, minimums)]
    if over <= 0 or not sum(slack):
        return widths
    return [w - min(over, sum(slack)) * s / sum(slack) for w, s in zip(widths, slack)]


def shared_widths(frames, width_mm: float, size_pt: float = 10.5) -> dict[tuple, list[float]]:
    """One set of column widths for all tables with the same columns, so that they line up.

    Example:
        >>> a, b = pd.DataFrame({"序号": ["4"], "目标": ["完成"]}), pd.DataFrame({"序号": ["40"], "目标": ["完成50%"]})
        >>> shared_widths([a, b], 100) == {("序号", "目标"): column_widths(pd.concat([a, b]), 100)}
        True
    """
    groups: dict[tuple, list[pd.DataFrame]] = {}
    for frame in frames:
        groups.setdefault(tuple(frame.columns), []).append(frame)
    return {columns: column_widths(pd.concat(group, ignore_index=True), width_mm, size_pt)
            for columns, group in groups.items()}
