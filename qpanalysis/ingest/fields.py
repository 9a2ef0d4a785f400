"""The published fields of a task list, in order, read once from data/reference/fields.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from qpanalysis.codes import PERIODS, Period
from qpanalysis.config import REFERENCE_DIR

# The one place the published headers are written: header as published (half-width
# brackets, as parsing.fold leaves them), the column of ``tasks`` holding the cell as
# written, and the milestone period of a target column. English labels are in labels.csv
# (kind ``field``), like every other label.
FIELDS_FILE = REFERENCE_DIR / "fields.csv"


@dataclass(frozen=True)
class Field:
    """One published field: its header, the column of ``tasks`` it is read into, its period (targets only)."""

    header: str
    column: str
    period: Period | None = None


@cache
def fields() -> tuple[Field, ...]:
    """Every published field, in the order of the list's header line.

    Raises:
        ValueError: When fields.csv repeats a header, a column or a period, or names an unknown period.

    Example:
        >>> fields()[0], len(fields())
        (Field(header='序号', column='task_id', period=None), 14)
        >>> fields()[-1].period
        'Q4'
    """
    with FIELDS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        period = row["period"].strip() or None
        if period is not None and period not in PERIODS:
            raise ValueError(f"{FIELDS_FILE.name}: unknown period {period!r} of {row['header']!r}; "
                             f"expected one of {', '.join(PERIODS)}")
        found.append(Field(row["header"].strip(), row["column"].strip(), Period(period) if period else None))
    for what in ("header", "column", "period"):
        values = [getattr(f, what) for f in found if getattr(f, what) is not None]
        if len(values) != len(set(values)):
            raise ValueError(f"{FIELDS_FILE.name}: a {what} is given twice")
    missing = [period for period in PERIODS if period not in {f.period for f in found}]
    if missing:
        raise ValueError(f"{FIELDS_FILE.name}: no target field of period {', '.join(missing)}")
    return tuple(found)


@cache
def columns() -> dict[str, str]:
    """Published header → column of ``tasks``, in the order of the header line.

    Example:
        >>> columns()["总投资(万元)"]
        'investment_raw'
    """
    return {f.header: f.column for f in fields()}


@cache
def headers() -> dict[str, str]:
    """Column of ``tasks`` → published header.

    Example:
        >>> headers()["due_raw"]
        '计划完成时间'
    """
    return {f.column: f.header for f in fields()}


def header(column: str) -> str:
    """The published header of one column of ``tasks``.

    Example:
        >>> header("scope")
        '涉及范围'
    """
    return headers()[column]


@cache
def period_fields() -> dict[Period, Field]:
    """Milestone period → its published target field, in period order.

    Example:
        >>> {period: field.header for period, field in period_fields().items()}
        {'H1': '上半年目标', 'Q3': '第三季度目标', 'Q4': '第四季度目标'}
    """
    by_period = {f.period: f for f in fields() if f.period is not None}
    return {period: by_period[period] for period in PERIODS}
