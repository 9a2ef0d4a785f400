"""Parse the H1/Q3/Q4 target texts of the Qingpu rural construction task list."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Classification rules (the test question for every number is: "does it say
# how much of *this task's* work is complete?"):
#
# * A percentage is a *completion* percentage only when it hangs directly off
#   a progress word: ``完成 N%``, ``完成率 N%``, ``进度 N%``, ``进度达到 N%``,
#   ``进度累计完成约 N%``.  Those are collected in ``pct_values``.
# * Every other percentage is an *indicator* level and goes to
#   ``indicator_pct_values`` only.  Two cases occur in the 2026 list:
#   - task 20 Q4 "人员比例达到70%": the share of village doctors holding a
#     licence; it is the level a statistic should reach, not progress.
#   - task 35 Q4 "经营性收入60万元以上村100%全覆盖": 100% is the share of
#     villages above the 600k-yuan income line (an outcome / coverage
#     metric).  It does not say how much of the task's work (the
#     village-by-village improvement plans and rectification) is done, and
#     the same cell goes on to set a separate deadline ("11月底前完成整改"),
#     so it is treated as an indicator and the cell is "qualitative".
# * A quantity is a number plus measure word directly after 完成 (optionally
#   累计完成 / 完成约): ``累计完成2.2公里``, ``完成2个…站点``, ``完成两个``.
#   Counts that only describe scope or outcomes without a completion verb
#   ("3 个和美乡村片区开展…", "获得16家…提名资格") are not quantities.
# * Precedence: a cell with any completion percentage is "percent"; else one
#   with a completion quantity is "quantity"; else a non-blank cell other
#   than "/" is "qualitative"; else "none".  Quantity fields are filled
#   whenever a quantity is found, even if the kind is "percent".
# * Matching runs on an NFKC-normalised copy (full-width ％ and digits become
#   ASCII); ``ParsedTarget.text`` is always the caller's original string.

KIND_PERCENT = "percent"
KIND_QUANTITY = "quantity"
KIND_QUALITATIVE = "qualitative"
KIND_NONE = "none"

# Cells that mean "no target this period": the list uses "/" as a filler, and
# empty / whitespace-only cells come from blank spreadsheet cells.  Matched on
# the NFKC copy, so a full-width "／" counts too.
NONE_RE = re.compile(r"^\s*/?\s*$")

# A completion percentage must be anchored to a progress word (完成 / 完成率 /
# 进度, optionally followed by 累计, 完成, 达到/达/为/至) so that indicator
# levels such as "比例达到70%" or coverage such as "村100%全覆盖" do not count.
# [0-9] rather than \d: after NFKC only ASCII digits should be numbers (\d
# would also accept e.g. Arabic-Indic digits).
COMPLETION_PCT_RE = re.compile(
    r"(?:完成率?|进度)"
    r"(?:累计)?(?:完成)?(?:达到|达|为|至)?\s*"
    r"(?P<approx>约)?\s*"
    r"(?P<num>[0-9]+(?:\.[0-9]+)?)\s*%"
)

# Any percentage at all; the ones not matched by COMPLETION_PCT_RE are the
# indicator levels (task 20 Q4, task 35 Q4).
ANY_PCT_RE = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?)\s*%")

# Measure words that can follow a completed count.  Longest alternatives come
# first so that 万平方米 is not read as 米.  批 is deliberately absent: "一批"
# means "a batch of (some)", and "第二批" is an ordinal, neither is a count.
UNITS_RE = (
    r"万平方米|平方米|平方公里|公里|千米|米|公顷|亩|万元|元|吨|"
    r"个|座|处|家|所|条|项|户|台|套|间|栋|幢|名|人|次|场|村"
)

# Chinese numerals 1-99 (一 … 九十九, with 两 as a colloquial 2).  Only the
# shapes a real count can take are accepted, so "十十" never parses.
CN_NUM_RE = r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]"

# A completed quantity: the number must follow 完成 directly (累计完成 /
# 完成约 allowed) so scope counts ("3 个和美乡村片区开展…") and ordinals
# ("第二批") are not mistaken for targets.
QUANTITY_RE = re.compile(
    r"完成\s*(?P<approx>约)?\s*"
    r"(?P<num>[0-9]+(?:\.[0-9]+)?|" + CN_NUM_RE + r")\s*"
    r"(?P<unit>" + UNITS_RE + r")(?!性)"  # 一次性 = "one-off", not 1 次
)

# The list marks running totals with 累计 ("累计完成1公里",
# "形象进度累计完成约60%"); that word alone decides ``cumulative``.
CUMULATIVE_RE = re.compile(r"累计")

_CN_DIGITS = {
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}


@dataclass(frozen=True)
class ParsedTarget:
    """A period target text and what it says about progress.

    Attributes:
        text: The original cell text, unchanged ("" when the cell was None).
        kind: "percent", "quantity", "qualitative" or "none".
        target_pct: The single completion percentage stated, or None when
            there is none or when several different ones are stated.
        pct_values: Every completion percentage, in order of appearance.
        target_quantity: The single completed quantity stated, or None.
        target_unit: Measure word of ``target_quantity`` (e.g. "公里").
        cumulative: True when the text says 累计.
        approx: True when 约 stands right before a target number.
        indicator_pct: The single non-completion percentage (an indicator
            level such as "比例达到70%"), or None.
        indicator_pct_values: Every non-completion percentage, in order.
    """

    text: str
    kind: str
    target_pct: float | None
    pct_values: tuple[float, ...]
    target_quantity: float | None
    target_unit: str | None
    cumulative: bool
    approx: bool
    indicator_pct: float | None = None
    indicator_pct_values: tuple[float, ...] = ()


def _cn_to_number(token: str) -> float:
    """Convert an Arabic or Chinese numeral (1-99) matched above to a float.

    Args:
        token: Text matched by the ``num`` group of QUANTITY_RE.

    Returns:
        The numeric value.

    Examples:
        >>> _cn_to_number("2.2"), _cn_to_number("两"), _cn_to_number("十")
        (2.2, 2.0, 10.0)
        >>> _cn_to_number("二十三"), _cn_to_number("十五")
        (23.0, 15.0)
    """
    if token[0].isascii():
        return float(token)
    if "十" not in token:
        return float(_CN_DIGITS[token])
    tens, _, ones = token.partition("十")
    return float(
        (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    )


def _single(values: tuple):
    """Return the one distinct value of ``values``, else None.

    Examples:
        >>> _single((20.0, 20.0)), _single((60.0, 20.0)), _single(())
        (20.0, None, None)
    """
    return values[0] if len(set(values)) == 1 else None


def parse_target(text: str | None) -> ParsedTarget:
    """Classify one H1/Q3/Q4 target text and extract its progress numbers.

    Args:
        text: The cell text; None, "", whitespace and "/" mean no target.

    Returns:
        A ParsedTarget; its ``text`` is the input unchanged ("" for None).

    Examples:
        >>> t = parse_target("完成20%")
        >>> t.kind, t.target_pct, t.pct_values
        ('percent', 20.0, (20.0,))
        >>> t = parse_target("形象进度累计完成约60%")
        >>> t.target_pct, t.cumulative, t.approx
        (60.0, True, True)
        >>> t = parse_target("第二批试点总体进度达到60%，第三批试点总体进度达到20%")
        >>> t.kind, t.target_pct, t.pct_values
        ('percent', None, (60.0, 20.0))
        >>> t = parse_target("累计完成2.2公里")
        >>> t.kind, t.target_quantity, t.target_unit, t.cumulative
        ('quantity', 2.2, '公里', True)
        >>> parse_target("完成两个站点改造").target_quantity
        2.0
        >>> t = parse_target("人员比例达到70%。")
        >>> t.kind, t.target_pct, t.indicator_pct
        ('qualitative', None, 70.0)
        >>> parse_target("项目审核认定").kind
        'qualitative'
        >>> parse_target("/").kind, parse_target(None).kind, parse_target(None).text
        ('none', 'none', '')
        >>> parse_target("完成２０％").target_pct
        20.0
    """
    original = "" if text is None else text
    norm = unicodedata.normalize("NFKC", original)
    if NONE_RE.match(norm):
        return ParsedTarget(
            text=original,
            kind=KIND_NONE,
            target_pct=None,
            pct_values=(),
            target_quantity=None,
            target_unit=None,
            cumulative=False,
            approx=False,
        )

    pct_matches = list(COMPLETION_PCT_RE.finditer(norm))
    pct_values = tuple(float(m["num"]) for m in pct_matches)
    # Completion percentages end where their "%" ends; any other "%" span is
    # an indicator level.
    completion_ends = {m.end() for m in pct_matches}
    indicator_values = tuple(
        float(m["num"])
        for m in ANY_PCT_RE.finditer(norm)
        if m.end() not in completion_ends
    )

    qty_matches = list(QUANTITY_RE.finditer(norm))
    quantities = tuple((_cn_to_number(m["num"]), m["unit"]) for m in qty_matches)
    quantity = _single(quantities)

    if pct_values:
        kind = KIND_PERCENT
    elif quantities:
        kind = KIND_QUANTITY
    else:
        kind = KIND_QUALITATIVE

    return ParsedTarget(
        text=original,
        kind=kind,
        target_pct=_single(pct_values),
        pct_values=pct_values,
        target_quantity=None if quantity is None else quantity[0],
        target_unit=None if quantity is None else quantity[1],
        cumulative=bool(CUMULATIVE_RE.search(norm)),
        approx=any(m["approx"] for m in pct_matches + qty_matches),
        indicator_pct=_single(indicator_values),
        indicator_pct_values=indicator_values,
    )
