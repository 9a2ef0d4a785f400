"""Parsers for the fields of one task row: investment, due month, names, scope, scale, funding."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

# "/" is how the published list says "none / not stated" in a cell.
NONE_MARKER = "/"
# 约 ("about") before an amount marks it as approximate; the number itself is kept as written.
APPROX_PREFIX = "约"
# A plain decimal number; anything else in 总投资(万元) is an error, never a guess.
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# The due month is written year.month, e.g. 2026.12 or 2026.9.
DUE_MONTH = re.compile(r"^(?P<year>\d{4})[.．/\-年](?P<month>\d{1,2})月?$")
# Names in 牵头部门 and 涉及范围 are separated by the enumeration comma 、 (or a comma).
NAME_SEPARATOR = re.compile(r"[、,，;；]")
# Scope wording that means "all eleven towns and subdistricts" (11个街镇, 11个街镇及所属村居).
DISTRICT_WIDE = re.compile(r"^(11|十一)个街镇")
# Scope wording that defers to the towns concerned without naming them.
RELATED_TOWNS = "相关街镇"
# A labelled figure in 建设规模: METRIC(UNIT):VALUES — the unit is the last bracket before
# the colon, so 乡村停车场(点)建设(个): gives metric 乡村停车场(点)建设 and unit 个.
LABELLED_FIGURE = re.compile(
    r"(?P<metric>[^\s:：。;；、,，]+?)[(（](?P<unit>[^()（）]+)[)）]\s*[:：]"
)
# One per-town figure of a breakdown, e.g. 赵巷镇11 or 香花桥街道 4.
TOWN_FIGURE = re.compile(r"^(?P<town>\D+?)\s*(?P<number>\d+(?:\.\d+)?)$")
# Separators between the figures of one breakdown.
FIGURE_SEPARATOR = re.compile(r"[;；、,，]")
# Chinese numerals that the scale and target texts use for small counts (两个试点片区).
CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# Units that follow a number in free text, longest first so 公里 wins over 里.
UNITS = ("平方米", "公里", "万元", "个村", "个", "座", "家", "处", "户", "人", "亩", "项", "条", "米", "分", "%")
# A number in free text with its unit; 4-digit numbers followed by 年 are years, not quantities.
FREE_FIGURE = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|[一二两三四五六七八九十])\s*(?P<unit>" + "|".join(UNITS) + r")"
)
YEAR = re.compile(r"\d{4}\s*年")
# A number with no unit from UNITS is still a number the text states; it is kept (unit "").
BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Clause boundaries inside one cell.
CLAUSE = re.compile(r"[，,。；;：:]")
# Words around a number that say nothing about what is counted.
FILLER = re.compile(r"^(共|完成|预计|实施|启动|建设|推进|开展|达到|保持|打造|约|以上|以下)+|(达到|约|为|共|预计|保持)+$")
# Units of a level (a percentage, a score) describe the words before them; counts the words after.
LEVEL_UNITS = ("%", "分")


@dataclass(frozen=True)
class Figure:
    """A number stated in 建设规模, with what it counts and (for breakdowns) its town."""

    metric: str
    unit: str
    quantity: float
    town: str | None
    source_text: str
    labelled: bool  # True for METRIC(UNIT): figures, False for numbers found in prose


@dataclass
class Scope:
    """The places a task reaches, as read from 涉及范围."""

    towns: list[str] = field(default_factory=list)
    basis: str = "unspecified"  # explicit / district-wide / from-breakdown / unspecified
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (as written, canonical)


def is_none(text: str) -> bool:
    """True for an empty cell or the none-marker "/".

    Example:
        >>> is_none("/"), is_none(""), is_none("0")
        (True, True, False)
    """
    return text.strip() in ("", NONE_MARKER)


def parse_investment(text: str) -> tuple[float, bool]:
    """Read 总投资(万元) into (amount in 万元, approximate?).

    Args:
        text: The cell as published.

    Returns:
        NaN for "/" or an empty cell; the amount otherwise, with True when it is
        prefixed 约.

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
    value = text.strip()
    if is_none(value):
        return float("nan"), False
    approx = value.startswith(APPROX_PREFIX)
    number = value[len(APPROX_PREFIX):].strip() if approx else value
    if not NUMBER.match(number):
        raise ValueError(
            f"expected an amount in 万元 such as 278138, 69.7, 约2808 or /, found {text!r}"
        )
    return float(number), approx


def parse_due(text: str) -> pd.Period:
    """Read 计划完成时间 (year.month) into a monthly Period.

    Example:
        >>> parse_due("2026.9")
        Period('2026-09', 'M')
        >>> parse_due("2026年13月")
        Traceback (most recent call last):
        ...
        ValueError: expected a month written year.month such as 2026.12, found '2026年13月'
    """
    match = DUE_MONTH.match(text.strip())
    month = int(match["month"]) if match else 0
    if not match or not 1 <= month <= 12:
        raise ValueError(f"expected a month written year.month such as 2026.12, found {text!r}")
    return pd.Period(year=int(match["year"]), month=month, freq="M")


def split_names(text: str) -> list[str]:
    """Split a list of names written with 、.

    Example:
        >>> split_names("区民政局、政务办")
        ['区民政局', '政务办']
    """
    return [name.strip() for name in NAME_SEPARATOR.split(text) if name.strip()]


def _number(text: str) -> float:
    return float(CHINESE_DIGITS[text]) if text in CHINESE_DIGITS else float(text)


def _metric_from_prose(clause: str, start: int, end: int, previous: str, unit: str = "") -> str:
    after = FILLER.sub("", clause[end:].strip()).strip("的 ")
    before = FILLER.sub("", clause[:start].strip()).strip("的 ")
    for candidate in (before, after) if unit in LEVEL_UNITS else (after, before):
        if candidate:
            return candidate
    return FILLER.sub("", previous.strip()) or clause.strip()


def parse_scale(text: str) -> list[Figure]:
    """Find every number that 建设规模 states.

    Labelled figures ``METRIC(UNIT):...`` give one Figure for a single total or one per
    town for a breakdown; numbers in prose give one Figure each, with the metric taken
    from the words next to the number. Town names are returned as written: the caller
    encodes them.

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
    figures: list[Figure] = []
    if is_none(text):
        return figures
    labelled = list(LABELLED_FIGURE.finditer(text))
    prose_parts: list[str] = []
    cursor = 0
    for index, match in enumerate(labelled):
        prose_parts.append(text[cursor:match.start()])
        stop = labelled[index + 1].start() if index + 1 < len(labelled) else len(text)
        values = text[match.end():stop].strip().rstrip("。.;； ")
        cursor = stop
        metric, unit = match["metric"].strip(), match["unit"].strip()
        source = text[match.start():stop].strip()
        if NUMBER.match(values):
            figures.append(Figure(metric, unit, float(values), None, source, True))
            continue
        for item in filter(None, (v.strip() for v in FIGURE_SEPARATOR.split(values))):
            town_match = TOWN_FIGURE.match(item)
            if not town_match:
                raise ValueError(
                    f"in {metric}({unit}): expected figures written TOWN NUMBER such as 赵巷镇11, found {item!r}"
                )
            figures.append(
                Figure(metric, unit, float(town_match["number"]), town_match["town"].strip(), source, True)
            )
    prose_parts.append(text[cursor:])
    for prose in prose_parts:
        figures.extend(_prose_figures(prose))
    return figures


def _prose_figures(prose: str) -> list[Figure]:
    figures = []
    clauses = CLAUSE.split(prose)
    previous = ""
    for clause in clauses:
        taken: list[tuple[int, int]] = [m.span() for m in YEAR.finditer(clause)]
        for match in FREE_FIGURE.finditer(clause):
            if any(a <= match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            metric = _metric_from_prose(clause, match.start(), match.end(), previous, match["unit"])
            figures.append(
                Figure(metric, match["unit"], _number(match["number"]), None, clause.strip(), False)
            )
        for match in BARE_NUMBER.finditer(clause):
            if any(a <= match.start() < b for a, b in taken):
                continue
            metric = _metric_from_prose(clause, match.start(), match.end(), previous)
            figures.append(Figure(metric, "", float(match.group()), None, clause.strip(), False))
        if clause.strip():
            previous = clause
    return figures


def parse_scope_text(text: str) -> tuple[str, list[str]]:
    """Classify 涉及范围 and return (basis, names as written).

    Example:
        >>> parse_scope_text("11个街镇及所属村居")
        ('district-wide', [])
        >>> parse_scope_text("相关街镇")
        ('from-breakdown', [])
        >>> parse_scope_text("金泽镇、白鹤镇")
        ('explicit', ['金泽镇', '白鹤镇'])
        >>> parse_scope_text("/")
        ('unspecified', [])
    """
    value = text.strip()
    if is_none(value):
        return "unspecified", []
    if DISTRICT_WIDE.match(value):
        return "district-wide", []
    if value == RELATED_TOWNS:
        return "from-breakdown", []
    return "explicit", split_names(value)


def funding_levels(text: str, keywords: dict[str, list[str]]) -> list[str]:
    """Levels of government (or self-funding) named in 资金来源, by keyword.

    Args:
        text: The 资金来源 cell.
        keywords: level → Chinese substrings that name it (from funding_levels.csv).

    Example:
        >>> funding_levels("中央、市级财政", {"central": ["中央"], "municipal": ["市级"], "town": ["镇级"]})
        ['central', 'municipal']
    """
    if is_none(text):
        return []
    return [level for level, words in keywords.items() if any(word in text for word in words)]


def normalise_for_matching(text: str) -> str:
    """NFKC-fold full-width characters, for matching only (values stay as published)."""
    return unicodedata.normalize("NFKC", text)


def longest_common_substring(a: str, b: str) -> str:
    """The longest run of characters that two strings share.

    Example:
        >>> longest_common_substring("乡村停车场(点)建设", "建设250个乡村停车场(点)")
        '乡村停车场(点)'
    """
    best = ""
    for i in range(len(a)):
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
        has_number = any(not YEAR.match(clause, m.start()) for m in FREE_FIGURE.finditer(clause))
        if has_number and len(overlap) >= minimum_overlap and (best is None or len(overlap) > best[0]):
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
