"""Parse the H1/Q3/Q4 target texts of the Qingpu rural construction task list."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qpanalysis.codes import NONE_MARKER, TargetKind
from qpanalysis.ingest import numerals
from qpanalysis.ingest.parsing import extract_all

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
# * ``parse_targets`` reads a whole column of cells at once (regex extraction over
#   the column); ``parse_target`` is the same reading for one cell.

# Cells that mean "no target this period" once stripped of white space: the list
# uses "/" as a filler, and empty / whitespace-only cells come from blank
# spreadsheet cells.  Compared on the NFKC copy, so a full-width "／" counts too.
NO_TARGET = ("", NONE_MARKER)

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

# Measure words that can follow a completed count.  Longest alternatives come
# first so that 万平方米 is not read as 米.  批 is deliberately absent: "一批"
# means "a batch of (some)", and "第二批" is an ordinal, neither is a count.
UNITS_RE = (
    r"万平方米|平方米|平方公里|公里|千米|米|公顷|亩|万元|元|吨|"
    r"个|座|处|家|所|条|项|户|台|套|间|栋|幢|名|人|次|场|村"
)

# Chinese numerals 1-99 (一 … 九十九, with 两 as a colloquial 2): see qpanalysis.ingest.numerals.
CN_NUM_RE = numerals.NUMERAL

# A completed quantity: the number must follow 完成 directly (累计完成 /
# 完成约 allowed) so scope counts ("3 个和美乡村片区开展…") and ordinals
# ("第二批") are not mistaken for targets.
QUANTITY_RE = re.compile(
    r"完成\s*(?P<approx>约)?\s*"
    r"(?P<num>[0-9]+(?:\.[0-9]+)?|" + CN_NUM_RE + r")\s*"
    r"(?P<unit>" + UNITS_RE + r")(?!性)"  # 一次性 = "one-off", not 1 次
)

# Completion and indicator percentages in one left-to-right scan: at each place the
# completion form (which starts at its progress word) is tried first, and any other
# percentage is an indicator level (task 20 Q4, task 35 Q4): a percentage is an
# indicator exactly when no completion match ends at its "%".
PCT_RE = re.compile(COMPLETION_PCT_RE.pattern + r"|(?P<indicator>[0-9]+(?:\.[0-9]+)?)\s*%")
# PCT_RE as a column is scanned with it: every match starts with 完, 进 or a digit, and a
# lookahead saying so lets the regex engine skip other characters quickly (the same
# matches and groups, in about 40% less time over a large list).
PCT_SCAN = re.compile(r"(?=[完进0-9])(?:" + PCT_RE.pattern + ")")

# The list marks running totals with 累计 ("累计完成1公里",
# "形象进度累计完成约60%"); that word alone decides ``cumulative``.
CUMULATIVE_RE = re.compile(r"累计")

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


TARGET_COLUMNS = tuple(ParsedTarget.__dataclass_fields__)


def _groups(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each run of equal cell positions (matches come cell by cell)."""
    starts = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]]) if len(cells) else np.empty(0, int)
    return starts, np.r_[starts[1:], len(cells)].astype(int)


def _all_same(same: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each run, whether every match in it equals the run's first (so the run states one value).

    Example:
        >>> _all_same(np.array([True, True, False, True]), np.array([0, 2])).tolist()
        [True, False]
    """
    return np.logical_and.reduceat(same, starts) if len(starts) else np.empty(0, bool)


def _values(cells: np.ndarray, numbers: np.ndarray, n: int) -> tuple[list, np.ndarray]:
    """Every number of each of ``n`` cells as a tuple (in order), and the single distinct one (else NaN)."""
    starts, ends = _groups(cells)
    tuples: list = [()] * n
    values = numbers.tolist()  # Python floats, sliced as a list: no numpy scalar per match
    for cell, start, end in zip(cells[starts].tolist(), starts.tolist(), ends.tolist()):
        tuples[cell] = tuple(values[start:end])
    single = np.full(n, np.nan)
    same = _all_same(numbers == numbers[np.repeat(starts, ends - starts)], starts)
    single[cells[starts]] = np.where(same, numbers[starts], np.nan)
    return tuples, single


def parse_targets(texts: pd.Series) -> pd.DataFrame:
    """Classify a column of H1/Q3/Q4 target texts and extract their progress numbers.

    The rules are those of the module comment. Each regex runs once per cell that can
    hold a match at all (a "%" for percentages, 完成 for quantities), through
    ``parsing.extract_all``; the matches are then gathered per cell with numpy.

    Args:
        texts: The cells; None, "", whitespace and "/" mean no target.

    Returns:
        Indexed like ``texts``, the columns of TARGET_COLUMNS (the fields of
        ParsedTarget): ``text`` ("" for None), ``kind``, ``target_pct``,
        ``pct_values`` (tuple), ``target_quantity``, ``target_unit``, ``cumulative``,
        ``approx``, ``indicator_pct``, ``indicator_pct_values`` (tuple); NaN where
        ParsedTarget has None.

    Example:
        >>> t = parse_targets(pd.Series(["完成20%", "第二批进度达到60%，第三批进度达到20%", "累计完成2.2公里", "/"]))
        >>> t[["kind", "target_pct", "pct_values", "target_quantity", "cumulative"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
        [['percent', 20.0, (20.0,), nan, False], ['percent', nan, (60.0, 20.0), nan, False],
         ['quantity', nan, (), 2.2, True], ['none', nan, (), nan, False]]
    """
    n = len(texts)
    original = ["" if t is None or t != t else t for t in texts.tolist()]  # None / NaN: no target
    norm = _nfkc(original)
    some = np.array([t.strip() not in NO_TARGET for t in norm], dtype=bool)

    with_pct = np.flatnonzero(some & np.array(["%" in t for t in norm], dtype=bool))
    cells, pct = extract_all([norm[i] for i in with_pct], PCT_SCAN)
    cells = with_pct[cells]
    completion = pct["num"] != ""
    indicator = pct["indicator"] != ""
    pct_values, target_pct = _values(cells[completion], pct["num"][completion].astype(float), n)
    indicator_values, indicator_pct = _values(cells[indicator], pct["indicator"][indicator].astype(float), n)

    with_done = np.flatnonzero(some & np.array(["完成" in t for t in norm], dtype=bool))
    qty_cells, qty = extract_all([norm[i] for i in with_done], QUANTITY_RE)
    qty_cells = with_done[qty_cells]
    amount = np.array([numerals.number(v) for v in qty["num"]], dtype=float)
    unit = qty["unit"]
    starts, ends = _groups(qty_cells)
    first = np.repeat(starts, ends - starts)
    same = _all_same((amount == amount[first]) & (unit == unit[first]), starts)
    target_quantity = np.full(n, np.nan)
    target_unit = np.full(n, np.nan, dtype=object)
    target_quantity[qty_cells[starts]] = np.where(same, amount[starts], np.nan)
    target_unit[qty_cells[starts]] = np.where(same, unit[starts], np.nan)

    approx = np.zeros(n, dtype=bool)
    approx[cells[(pct["approx"] != "") & completion]] = True
    approx[qty_cells[qty["approx"] != ""]] = True
    kind = np.where(some, TargetKind.QUALITATIVE.value, TargetKind.NONE.value).astype(object)
    kind[qty_cells] = TargetKind.QUANTITY.value
    kind[cells[completion]] = TargetKind.PERCENT.value
    return pd.DataFrame({
        "text": np.array(original, dtype=object),
        "kind": kind,
        "target_pct": target_pct,
        "pct_values": pd.Series(pct_values, index=texts.index, dtype=object),
        "target_quantity": target_quantity,
        "target_unit": target_unit,
        "cumulative": some & np.array(["累计" in t for t in norm], dtype=bool),
        "approx": approx,
        "indicator_pct": indicator_pct,
        "indicator_pct_values": pd.Series(indicator_values, index=texts.index, dtype=object),
    }, index=texts.index)


# Full-width punctuation that the list writes everywhere, with the ASCII form NFKC gives
# it. Replacing these first (a fast scan) leaves NFKC itself for the few texts that hold
# other compatibility characters (full-width digits, ％, ligatures…); the result is the
# same, since none of these characters combines with a neighbour.
FULL_WIDTH_PUNCTUATION = (("，", ","), ("（", "("), ("）", ")"), ("；", ";"), ("：", ":"), ("！", "!"), ("？", "?"))
# Joins all texts for that scan, so that it runs once over one string; when a text holds
# it, each text is scanned on its own.
CELL_SEPARATOR = "\x00"


def _nfkc(texts: list[str]) -> list[str]:
    """NFKC-folded texts, doing the full normalisation only where it can change something.

    Example:
        >>> _nfkc(["完成20%", "完成２０％（约）", "第二批，进度达到60%"])
        ['完成20%', '完成20%(约)', '第二批,进度达到60%']
        >>> _nfkc(["完成20%", "第二批，进度达到60%"])  # the whole column is in NFKC form once punctuation is replaced
        ['完成20%', '第二批,进度达到60%']
    """
    joined = CELL_SEPARATOR.join(texts)
    if texts and joined.count(CELL_SEPARATOR) == len(texts) - 1:  # one scan of all texts for the usual punctuation
        for full_width, ascii_form in FULL_WIDTH_PUNCTUATION:
            joined = joined.replace(full_width, ascii_form)
        texts = joined.split(CELL_SEPARATOR)
        # CELL_SEPARATOR neither composes nor decomposes: the joined texts are in NFKC form
        # exactly when each text is, and then one check of the whole column settles it.
        if unicodedata.is_normalized("NFKC", joined):
            return texts
    is_normalized = unicodedata.is_normalized
    return [text if is_normalized("NFKC", text) else _fold_one(text) for text in texts]


def _fold_one(text: str) -> str:
    for full_width, ascii_form in FULL_WIDTH_PUNCTUATION:
        text = text.replace(full_width, ascii_form)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


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
    (row,) = parse_targets(pd.Series([text], dtype=object)).to_dict("records")
    return ParsedTarget(**{name: _plain(value) for name, value in row.items()})


def _plain(value):
    """A Python value for ParsedTarget: numpy scalars unwrapped, NaN as None."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and value != value else value
