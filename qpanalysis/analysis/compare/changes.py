"""What changed in a matched task, field by field, with the parsed difference where one exists."""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from qpanalysis.ingest.fields import period_fields
from qpanalysis.ingest.numerals import NUMERAL

from qpanalysis.ingest.layout import FIELD_HEADER

# The fields compared, by column of tl.tasks, in the published order; each row of the
# `changed` table names its field by the published header (ingest.layout.FIELD_HEADER,
# the headers the loader reads). 序号 is not compared: lists are renumbered every year.
COMPARED_COLUMNS = ("name", "departments_raw", "goal", "content", "scale", "standard", "funding_source",
                    "investment_raw", "scope", "due_raw", "h1_target", "q3_target", "q4_target")
# The milestone period of each target column.
TARGET_PERIODS = {field.column: period for period, field in period_fields().items()}
# A year in a text (2026, not part of a longer number or of a standard's code GBT45290-2025),
# or two digits before 年度 (26年度): moved by the difference of the plan years before two
# texts are compared, so that a list for the next year does not change every text.
YEAR = re.compile(r"(?<![\d\-])20\d\d(?!\d)")
SHORT_YEAR = re.compile(r"(?<!\d)(\d\d)(?=年度)")
# 资金来源 wording that says the money spans years: 分两年拨付, 跨年度, 多年, 2025-2027.
SPANS_YEARS = re.compile(rf"分(?:{NUMERAL}|\d+)年|跨年|多年|20\d\d\s*[-—–~至到]\s*20\d\d")
# Why a matched task is flagged multi-year (the `multi_year` column): the same disclosed
# 总投资 in both lists, or a 资金来源 that spans years.
MULTI_YEAR_SAME_AMOUNT = "same-amount"
MULTI_YEAR_FUNDING = "funding-spans-years"
CHANGED_COLUMNS = ["old_id", "new_id", "field", "old", "new", "amount_delta_wan", "months_moved",
                   "towns_added", "towns_removed", "old_target", "new_target", "target_unit"]


def shift_years(text: str, years: int) -> str:
    """``text`` with every year moved on by ``years`` (2026 → 2027, 26年度 → 27年度).

    Example:
        >>> shift_years("完成2025年度项目建设，启动26年度储备，执行GBT45290-2025", 1)
        '完成2026年度项目建设，启动27年度储备，执行GBT45290-2025'
    """
    if not years:
        return text
    text = YEAR.sub(lambda m: str(int(m.group()) + years), text)
    return SHORT_YEAR.sub(lambda m: f"{(int(m.group(1)) + years) % 100:02d}", text)


def same_text(old: str, new: str, years: int) -> bool:
    """Whether two cells say the same: as written, or once the old one's years move by ``years``.

    Example:
        >>> same_text("2026.12", "2027.12", 1), same_text("完成20%", "完成30%", 1)
        (True, False)
    """
    old, new = str(old).strip(), str(new).strip()
    return old == new or shift_years(old, years) == new


def months_moved(old_due, new_due, years: int) -> float:
    """Months a deadline moved, counted in each list's own plan year (a next year's 2027.12 for 2026.12 is 0).

    Example:
        >>> months_moved(pd.Period("2026-12", "M"), pd.Period("2027-09", "M"), 1)
        -3
    """
    if pd.isna(old_due) or pd.isna(new_due):
        return float("nan")
    return (new_due - old_due).n - 12 * years


# What a period without a milestone row targets: no number, no unit.
NO_TARGET = (float("nan"), None)


def _target_of(row: dict) -> tuple[float, str | None]:
    """The number a milestone targets (a percentage, else a quantity) and its unit ('%' or the unit)."""
    if pd.notna(row["target_pct"]):
        return float(row["target_pct"]), "%"
    if pd.notna(row["target_quantity"]):
        return float(row["target_quantity"]), row["target_unit"] if pd.notna(row["target_unit"]) else None
    return float("nan"), None


class _Facts(NamedTuple):
    """A list's towns by task and targets by (task, period), looked up once per comparison, not per field."""

    towns: dict[int, set[str]]
    targets: dict[tuple[int, str], tuple[float, str | None]]


def _facts(tl) -> _Facts:
    towns: dict[int, set[str]] = {}
    for task_id, town in zip(tl.towns["task_id"], tl.towns["town"]):
        if pd.notna(town):
            towns.setdefault(task_id, set()).add(town)
    targets: dict[tuple[int, str], tuple[float, str | None]] = {}
    for row in tl.milestones.to_dict("records"):
        targets.setdefault((row["task_id"], row["period"]), _target_of(row))  # a task's first row of a period
    return _Facts(towns, targets)


def task_changes(old, new, old_id: int, new_id: int, facts: tuple[_Facts, _Facts] | None = None) -> list[dict]:
    """The changed fields of one matched pair, one dict per field (the `changed` table's rows).

    ``facts`` are the two lists' towns and targets (:func:`_facts`), when the caller
    compares many pairs of the same lists.
    """
    years = int(new.plan_year) - int(old.plan_year)
    old_facts, new_facts = facts or (_facts(old), _facts(new))
    a, b = old.tasks.loc[old_id], new.tasks.loc[new_id]
    old_towns, new_towns = old_facts.towns.get(old_id, set()), new_facts.towns.get(new_id, set())
    # A change of towns is told on the 涉及范围 row, or on the 建设规模 row when the scope
    # reads the same (the towns then come from the per-town breakdown).
    towns_on = "scope" if not same_text(a["scope"], b["scope"], years) else "scale"
    rows = []
    for column in COMPARED_COLUMNS:
        text_changed = not same_text(a[column], b[column], years)
        towns_here = old_towns != new_towns and column == towns_on
        row = {"old_id": old_id, "new_id": new_id, "field": FIELD_HEADER[column], "old": a[column], "new": b[column]}
        if column == "investment_raw":
            delta = b["investment_wan"] - a["investment_wan"]
            text_changed = text_changed and not (pd.notna(delta) and delta == 0 and a["investment_is_approx"] == b["investment_is_approx"])
            row["amount_delta_wan"] = delta
        if column == "due_raw":
            row["months_moved"] = months_moved(a["due"], b["due"], years)
            text_changed = text_changed and row["months_moved"] != 0
        if towns_here:
            row["towns_added"] = tuple(sorted(new_towns - old_towns))
            row["towns_removed"] = tuple(sorted(old_towns - new_towns))
        if column in TARGET_PERIODS:
            period = TARGET_PERIODS[column]
            (row["old_target"], unit_a), (row["new_target"], unit_b) = (
                old_facts.targets.get((old_id, period), NO_TARGET), new_facts.targets.get((new_id, period), NO_TARGET))
            row["target_unit"] = unit_b or unit_a
        if text_changed or towns_here:
            rows.append(row)
    return rows


def changed_fields(old, new, matched: pd.DataFrame) -> pd.DataFrame:
    """One row per one-to-one matched task and changed field (split and merged tasks are not compared field by field).

    Columns: old_id, new_id, field (the published header), old and new as written, and the
    parsed difference where one exists: amount_delta_wan (总投资, NaN when either is "/"),
    months_moved (计划完成时间, in each list's plan year), towns_added and towns_removed
    (涉及范围, or 建设规模 when its per-town breakdown changed the towns), old_target,
    new_target and target_unit (the number a quarter's target states, % or a unit).

    Example:
        >>> import qpanalysis as qp
        >>> from qpanalysis.analysis.compare.match import match_tasks
        >>> tl = qp.load()
        >>> len(changed_fields(tl, tl, match_tasks(tl, tl)[0]))
        0
    """
    one_to_one = matched[~matched["old_id"].duplicated(keep=False) & ~matched["new_id"].duplicated(keep=False)]
    facts = (_facts(old), _facts(new))
    rows = [r for p in one_to_one.itertuples() for r in task_changes(old, new, p.old_id, p.new_id, facts)]
    table = pd.DataFrame(rows, columns=CHANGED_COLUMNS)
    for column in ("amount_delta_wan", "months_moved", "old_target", "new_target"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
    for column in ("towns_added", "towns_removed"):
        table[column] = table[column].map(lambda v: v if isinstance(v, tuple) else ())
    return table.astype({"old_id": int, "new_id": int})


def multi_year(old, new, matched: pd.DataFrame) -> pd.Series:
    """Why each matched pair looks like one multi-year project listed twice, or "" (aligned with ``matched``).

    The same disclosed 总投资 in both lists (MULTI_YEAR_SAME_AMOUNT), or a 资金来源 in
    either that spans years (MULTI_YEAR_FUNDING): their amounts should not be added up.
    Two lists of the same plan year (a revision) flag nothing: they are one plan.
    """
    if int(old.plan_year) == int(new.plan_year):
        return pd.Series("", index=matched.index, dtype=object)

    def why(pair) -> str:
        a, b = old.tasks.loc[pair.old_id], new.tasks.loc[pair.new_id]
        if pd.notna(a["investment_wan"]) and a["investment_wan"] == b["investment_wan"]:
            return MULTI_YEAR_SAME_AMOUNT
        if SPANS_YEARS.search(str(a["funding_source"])) or SPANS_YEARS.search(str(b["funding_source"])):
            return MULTI_YEAR_FUNDING
        return ""

    return pd.Series([why(p) for p in matched.itertuples()], index=matched.index, dtype=object)
