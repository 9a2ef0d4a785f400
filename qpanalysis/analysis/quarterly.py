"""Quarterly view of the list: milestones falling due, tasks reaching their due month, expected progress."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

# The list's reporting periods (上半年目标 / 第三季度目标 / 第四季度目标) as (first month,
# last month) of the plan year. The list has no Q1/Q2 columns: its first milestone covers
# January–June, so "H1" is a reporting quarter in its own right here. PERIOD_ORDER breaks
# ties between milestones with the same due date (H1 before Q3 before Q4); a milestone of
# kind TargetKind.NONE (an empty or "/" cell) sets no target and never falls due.
from qpanalysis.codes import PERIOD_MONTHS as QUARTERS, PERIOD_ORDER
from qpanalysis.codes import COMPLETION_BANDS, NUMERIC_KINDS, READINGS, AppliesTo, Period, Reading, TargetKind, check
from qpanalysis.ingest.milestones import VALUES_JOIN
from qpanalysis.ingest.reading import check_file

# Upper bound (percent, inclusive) of each band of expected completion; a band starts above
# the previous band's bound, and the first band holds exactly 0.
BAND_UPPER = dict(zip(COMPLETION_BANDS, (0.0, 25.0, 50.0, 75.0, 100.0)))

# Progress file types accepted by the notebook parameter ``progress``.
PROGRESS_SUFFIXES = (".csv", ".xlsx", ".xlsm")


class QuarterParameters(NamedTuple):
    """Checked quarterly-report parameters."""

    quarter: str
    as_of: pd.Timestamp
    progress: Path | None


def quarter_end(quarter: str, plan_year: int) -> pd.Timestamp:
    """Last day of a reporting quarter.

    Example:
        >>> quarter_end("Q3", 2026)
        Timestamp('2026-09-30 00:00:00')
        >>> quarter_end("H1", 2026).date()
        datetime.date(2026, 6, 30)
    """
    _check_quarter(quarter)
    month = QUARTERS[quarter][1]
    return pd.Period(year=plan_year, month=month, freq="M").to_timestamp(how="end").normalize()


def as_of_date(quarter: str, plan_year: int, as_of=None) -> pd.Timestamp:
    """The day progress is judged at: ``as_of`` as a date, or the quarter's last day when it is None or "".

    Example:
        >>> as_of_date("Q3", 2026), as_of_date("Q3", 2026, "2026-08-15 13:00")
        (Timestamp('2026-09-30 00:00:00'), Timestamp('2026-08-15 00:00:00'))
    """
    return quarter_end(quarter, plan_year) if as_of in (None, "") else pd.Timestamp(as_of).normalize()


def quarter_start(quarter: str, plan_year: int) -> pd.Timestamp:
    """First day of a reporting quarter.

    Example:
        >>> quarter_start("Q4", 2026)
        Timestamp('2026-10-01 00:00:00')
    """
    _check_quarter(quarter)
    return pd.Timestamp(year=plan_year, month=QUARTERS[quarter][0], day=1)


def _check_quarter(quarter) -> None:
    if quarter not in QUARTERS:
        raise ValueError(f"parameter quarter must be one of {tuple(QUARTERS)}, not {quarter!r}")


def validate_quarter_parameters(quarter, as_of, plan_year: int, progress=None) -> QuarterParameters:
    """Check the quarterly notebook's own parameters and raise a clear error for a bad value.

    Args:
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at (``"2026-09-30"``, a date, or None for the
            quarter's last day). Must lie in the plan year.
        plan_year: The task list's plan year.
        progress: Path to a progress file (.csv or .xlsx), a folder of them, or None.

    Returns:
        The quarter, ``as_of`` as a Timestamp, and the progress path (or None).

    Raises:
        ValueError: For an unknown quarter, an unreadable or out-of-year date, or a
            progress path that does not exist or is a file other than .csv/.xlsx.

    Example:
        >>> validate_quarter_parameters("Q3", None, 2026).as_of
        Timestamp('2026-09-30 00:00:00')
        >>> validate_quarter_parameters("Q2", None, 2026)
        Traceback (most recent call last):
        ...
        ValueError: parameter quarter must be one of ('H1', 'Q3', 'Q4'), not 'Q2'
        >>> validate_quarter_parameters("Q3", "2025-09-30", 2026)
        Traceback (most recent call last):
        ...
        ValueError: parameter as_of 2025-09-30 is outside the plan year 2026
    """
    _check_quarter(quarter)
    if as_of in (None, ""):
        when = quarter_end(quarter, plan_year)
    else:
        try:
            when = pd.Timestamp(as_of)
        except (ValueError, TypeError):
            raise ValueError(f"parameter as_of must be a date such as '{plan_year}-09-30', not {as_of!r}") from None
        if pd.isna(when):
            raise ValueError(f"parameter as_of must be a date such as '{plan_year}-09-30', not {as_of!r}")
        when = when.normalize()
        if when.year != plan_year:
            raise ValueError(f"parameter as_of {when.date()} is outside the plan year {plan_year}")
    path = None
    if progress not in (None, "") and Path(progress).is_dir():
        path = Path(progress)  # a folder of department files: read_progress checks what it holds
    elif progress not in (None, ""):
        path = Path(progress)
        if path.suffix.lower() not in PROGRESS_SUFFIXES:
            raise ValueError(
                f"parameter progress must be a .csv or .xlsx progress file, not {str(path)!r}; "
                "create one with: python -m qpanalysis progress-template"
            )
        check_file(path, field="progress")
    return QuarterParameters(quarter, when, path)


def _task_columns(tl) -> pd.DataFrame:
    tasks = tl.tasks
    cols = ["section_no", "section", "name", "lead_department", "due_raw", "due"]
    return tasks[cols].rename_axis("task_id").reset_index()


@lru_cache(maxsize=512)  # a list's due months are a few dozen; every reading asks for each again
def _month_end(period) -> pd.Timestamp:
    return pd.Period(period, "M").to_timestamp(how="end").normalize()


def due_month(tl, reading: str = Reading.DEFAULT) -> pd.Series:
    """Each task's due month (计划完成时间) under a reading, indexed by task_id.

    Under ``due-in-plan-year`` a due month before the plan year is read as the same month
    of the plan year (2025.11 → 2026.11); otherwise the month is as written.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> str(due_month(tl)[28]), str(due_month(tl, "due-in-plan-year")[28])
        ('2025-11', '2026-11')
    """
    check(reading, READINGS, "reading")
    due = tl.tasks["due"].rename_axis("task_id")
    if reading != Reading.DUE_IN_PLAN_YEAR:
        return due
    return due.map(lambda p: pd.Period(year=tl.plan_year, month=p.month, freq="M") if p.year < tl.plan_year else p)


def read_milestones(tl, reading: str = Reading.DEFAULT) -> pd.DataFrame:
    """The list's milestones with their due dates under one reading of the quarterly rules.

    The default is ``tl.milestones`` as loaded: an H1 text with Q3 and Q4 empty is the
    year's target (due at the year end or an earlier due month), and a due month is read
    as written. ``due-in-plan-year`` reads a due month before the plan year as the same
    month of the plan year; ``h1-literal`` reads an H1-only text as the H1 target (due at
    the end of June, or an earlier due month). Each alternative changes one rule only.

    Args:
        tl: A TaskList.
        reading: One of ``codes.READINGS``.

    Returns:
        The milestones table with ``due_date`` (and, for ``h1-literal``, ``applies_to``)
        as the reading gives them.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> def due(reading, task, period):
        ...     m = read_milestones(tl, reading)
        ...     return str(m.loc[(m["task_id"] == task) & (m["period"] == period), "due_date"].item().date())
        >>> due("default", 5, "H1"), due("h1-literal", 5, "H1")  # 完成5个…, due 2026.9
        ('2026-09-30', '2026-06-30')
        >>> due("default", 28, "Q3"), due("due-in-plan-year", 28, "Q3")  # due 2025.11 as written
        ('2025-11-30', '2026-09-30')
    """
    check(reading, READINGS, "reading")
    m = tl.milestones.copy()
    if reading == Reading.DEFAULT:
        return m
    ends = due_month(tl, reading).map(_month_end)
    due_end = m["task_id"].map(ends)
    if reading == Reading.DUE_IN_PLAN_YEAR:
        year_end = pd.Timestamp(year=tl.plan_year, month=12, day=31)
        effective = m["period_end"].where(m["applies_to"] != AppliesTo.YEAR, year_end)
        m["due_date"] = pd.concat([effective, due_end], axis=1).min(axis=1)
    elif reading == Reading.H1_LITERAL:
        whole = m["applies_to"] == AppliesTo.YEAR
        m.loc[whole, "due_date"] = pd.concat([m.loc[whole, "period_end"], due_end[whole]], axis=1).min(axis=1)
        m.loc[whole, "applies_to"] = AppliesTo.PERIOD.value
    m["due_date"] = pd.to_datetime(m["due_date"])
    return m


def quarter_of(due_date, plan_year: int) -> str | None:
    """The reporting quarter a due date falls in.

    A date before the plan year counts as due by the end of H1 (it is overdue from the
    start); a date after the plan year falls in no quarter.

    Example:
        >>> quarter_of(pd.Timestamp("2026-09-30"), 2026), quarter_of(pd.Timestamp("2025-11-30"), 2026)
        ('Q3', 'H1')
    """
    date = pd.Timestamp(due_date)
    if date.year < plan_year:
        return Period.H1
    if date.year > plan_year:
        return None
    for quarter, (first, last) in QUARTERS.items():
        if first <= date.month <= last:
            return quarter
    return None  # pragma: no cover - every month is in some quarter


def milestones_due(tl, quarter: str, reading: str = Reading.DEFAULT) -> pd.DataFrame:
    """Milestones falling due in a quarter, by their ``due_date``.

    A milestone falls due at the end of its period, or at the end of the task's due month
    when that is earlier (task 23 is due 2026.10, so its Q4 target falls due on 31 October);
    an H1 text that describes the whole year falls due at the year end or the due month.
    Empty or "/" cells (kind ``none``) set no target and never fall due.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        reading: One of ``codes.READINGS`` (see :func:`read_milestones`).

    Returns:
        One row per milestone: task_id, period, due_date, kind, text, target_pct,
        target_quantity, target_unit, applies_to, section_no, section, name,
        lead_department, due_raw and ``before_plan_year`` (the due date precedes the plan
        year, so it is counted in H1).

    Example:
        >>> import qpanalysis as qp
        >>> due = milestones_due(qp.load(), "Q3")
        >>> sorted(due.loc[due["period"] != "Q3", "task_id"])  # task 5: whole-year H1 text, due 2026.9
        [5]
    """
    _check_quarter(quarter)
    m = read_milestones(tl, reading)
    m = m.loc[m["kind"] != TargetKind.NONE].copy()
    m["quarter"] = [quarter_of(d, tl.plan_year) for d in m["due_date"]]
    m = m.loc[m["quarter"] == quarter].drop(columns="quarter")
    m["before_plan_year"] = m["due_date"].dt.year < tl.plan_year
    out = m.merge(_task_columns(tl).drop(columns="due"), on="task_id", how="left")
    out["_order"] = out["period"].map(PERIOD_ORDER)
    out = out.sort_values(["task_id", "_order"]).drop(columns="_order").reset_index(drop=True)
    cols = ["task_id", "name", "section_no", "section", "lead_department", "period", "applies_to",
            "due_raw", "due_date", "before_plan_year", "kind", "text", "target_pct", "target_quantity", "target_unit"]
    return out[cols]


def sanity_check_milestones_due(tl) -> None:
    """Every milestone with a target must fall due in exactly one quarter.

    Raises:
        AssertionError: When the quarters' milestones do not add up to all milestones with a target.

    Example:
        >>> import qpanalysis as qp
        >>> sanity_check_milestones_due(qp.load())
    """
    counts = {q: len(milestones_due(tl, q)) for q in QUARTERS}
    total = int((tl.milestones["kind"] != TargetKind.NONE).sum())
    if sum(counts.values()) != total:
        raise AssertionError(
            f"the quarters hold {sum(counts.values())} milestones ({counts}), but the list has {total} "
            "milestones with a target: some due date falls in no quarter (after the plan year?)"
        )


def due_summary(due: pd.DataFrame, by: str) -> pd.DataFrame:
    """Milestones due, counted by section or by lead department.

    Args:
        due: The result of :func:`milestones_due`.
        by: ``"section"`` or ``"lead_department"``.

    Returns:
        One row per group (sections in list order; departments by count, most first) with
        n_milestones, n_tasks, n_percent / n_quantity / n_qualitative (milestones by kind)
        and, when ``due`` says which milestones fall due before the plan year,
        n_before_plan_year (those milestones, counted in the total and flagged in charts)
        with n_percent_before_plan_year, n_quantity_before_plan_year and
        n_qualitative_before_plan_year (the same by kind, for the charts).

    Example:
        >>> due = pd.DataFrame({"task_id": [1, 1, 2], "section_no": [1, 1, 2], "section": ["甲", "甲", "乙"],
        ...                     "lead_department": ["A", "A", "B"], "kind": ["percent", "qualitative", "percent"]})
        >>> due_summary(due, "section")[["section", "n_milestones", "n_tasks", "n_percent"]].to_dict("records")
        [{'section': '甲', 'n_milestones': 2, 'n_tasks': 1, 'n_percent': 1}, {'section': '乙', 'n_milestones': 1, 'n_tasks': 1, 'n_percent': 1}]
    """
    if by not in ("section", "lead_department"):
        raise ValueError(f"by must be 'section' or 'lead_department', not {by!r}")
    keys = ["section_no", "section"] if by == "section" else ["lead_department"]
    kinds = pd.crosstab([due[k] for k in keys], due["kind"]) if len(due) else None
    grouped = due.groupby(keys, sort=True).agg(n_milestones=("task_id", "size"), n_tasks=("task_id", "nunique"))
    for kind in (TargetKind.PERCENT, TargetKind.QUANTITY, TargetKind.QUALITATIVE):
        col = f"n_{kind}"
        grouped[col] = kinds[kind] if kinds is not None and kind in kinds else 0
        grouped[col] = grouped[col].fillna(0).astype(int)
    if "before_plan_year" in due:
        grouped["n_before_plan_year"] = due.groupby(keys, sort=True)["before_plan_year"].sum().astype(int)
        early = due.loc[due["before_plan_year"].astype(bool)]
        for kind in (TargetKind.PERCENT, TargetKind.QUANTITY, TargetKind.QUALITATIVE):
            counts = early.loc[early["kind"] == kind].groupby(keys, sort=True).size()
            grouped[f"n_{kind}_before_plan_year"] = counts.reindex(grouped.index, fill_value=0).astype(int)
    out = grouped.reset_index()
    if by == "lead_department":
        out = out.sort_values(["n_milestones", "lead_department"], ascending=[False, True])
    return out.reset_index(drop=True)


def tasks_due_by(tl, quarter: str, reading: str = Reading.DEFAULT) -> pd.DataFrame:
    """Tasks whose planned completion month (计划完成时间) is in or before the quarter's end.

    ``before_plan_year`` flags a due month before the plan year (under the reading).

    Example:
        >>> import qpanalysis as qp
        >>> list(tasks_due_by(qp.load(), "Q3")["task_id"])  # 28 is due 2025.11, 5 is due 2026.9
        [28, 5]
        >>> list(tasks_due_by(qp.load(), "Q3", "due-in-plan-year")["task_id"])  # 28 read as 2026.11
        [5]
    """
    end = quarter_end(quarter, tl.plan_year)
    tasks = _task_columns(tl)
    tasks["due"] = tasks["task_id"].map(due_month(tl, reading))
    tasks["due_date"] = [_month_end(d) for d in tasks["due"]]
    out = tasks.loc[tasks["due_date"] <= end].drop(columns="due")
    out["before_plan_year"] = out["due_date"].dt.year < tl.plan_year
    return out.sort_values(["due_date", "task_id"]).reset_index(drop=True)


def whole_year_targets(tl) -> pd.DataFrame:
    """Tasks whose H1 text describes the whole year (their Q3 and Q4 cells are empty), under both readings.

    By default such a text falls due at the year end, or at the end of the task's due
    month when that is earlier, so it is counted in that quarter rather than in H1;
    ``literal_due_date`` and ``literal_quarter_due`` give the alternative reading, the
    text as the H1 target (due at the end of June, or an earlier due month).

    Example:
        >>> import qpanalysis as qp
        >>> t = whole_year_targets(qp.load())
        >>> len(t)  # tasks 1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39
        11
        >>> t.loc[t["task_id"] == 5, ["quarter_due", "literal_quarter_due"]].values.tolist()
        [['Q3', 'H1']]
    """
    m = tl.milestones.loc[tl.milestones["applies_to"] == AppliesTo.YEAR].copy()
    m["quarter_due"] = [quarter_of(d, tl.plan_year) for d in m["due_date"]]
    literal = read_milestones(tl, Reading.H1_LITERAL).loc[m.index, "due_date"]
    m["literal_due_date"] = literal
    m["literal_quarter_due"] = [quarter_of(d, tl.plan_year) for d in literal]
    out = m.merge(_task_columns(tl).drop(columns="due"), on="task_id", how="left")
    cols = ["task_id", "name", "section", "lead_department", "due_raw", "kind", "target_quantity", "target_unit",
            "due_date", "quarter_due", "literal_due_date", "literal_quarter_due", "text"]
    return out[cols].sort_values("task_id").reset_index(drop=True)


def outside_plan_year(tl) -> pd.DataFrame:
    """The tasks whose due month (计划完成时间) lies outside the plan year, as rows of ``tl.tasks``.

    Such a task is kept as written and flagged wherever it is counted; both the workload
    and the quarterly reports name it.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> outside = outside_plan_year(tl)
        >>> list(outside.index), [str(p) for p in outside["due"]]
        ([28], ['2025-11'])
    """
    tasks = tl.tasks
    return tasks[tasks["due"].map(lambda p: p.year) != tl.plan_year]


def several_percentages(tl) -> dict[int, tuple[float, ...]]:
    """The tasks whose percentage milestone states several different percentages, so no single target.

    The percentages are those the loader parsed (the milestones' ``pct_values``, joined by
    :data:`qpanalysis.ingest.build.VALUES_JOIN`), of the task's first such milestone.

    Example:
        >>> import qpanalysis as qp
        >>> several_percentages(qp.load())
        {4: (60.0, 20.0)}
    """
    m = tl.milestones
    several = m[(m["kind"] == TargetKind.PERCENT) & m["target_pct"].isna()]
    first = several.groupby("task_id", sort=True)["pct_values"].first()
    return {int(task_id): tuple(float(v) for v in str(text).split(VALUES_JOIN) if v)
            for task_id, text in first.items()}


def _ordered(milestones: pd.DataFrame) -> pd.DataFrame:
    m = milestones.copy()
    m["_order"] = m["period"].map(PERIOD_ORDER)
    return m.sort_values(["task_id", "due_date", "_order"])


def expected_pct(tl, as_of, reading: str = Reading.DEFAULT) -> pd.DataFrame:
    """Expected completion of every task at a date, from its milestones.

    The expected percentage is the target of the latest percent milestone whose
    ``due_date`` is on or before ``as_of`` (ties broken by period order), 0 before the
    first one falls due, and NaN for a task with no single percentage target. For quantity
    milestones the same rule gives an expected quantity. ``expected_share`` puts both on
    one scale: the expected percentage, or the expected quantity as a percentage of the
    task's largest quantity target.

    Args:
        tl: A TaskList.
        as_of: A date (Timestamp or ISO text).
        reading: One of ``codes.READINGS`` (see :func:`read_milestones`).

    Returns:
        One row per task: task_id, name, section, lead_department, due_raw,
        due_before_plan_year (the due month as written precedes the plan year), target_kind
        (``percent``, ``quantity`` or ``none``), expected_pct, expected_quantity,
        quantity_unit, final_pct, final_quantity, expected_share, from_period,
        from_due_date, from_text (the milestone the expectation comes from; empty before
        the first one), and qualitative_due (the latest milestone due by ``as_of`` is a
        qualitative text: the expectation counts that step as no progress).

    Example:
        >>> import qpanalysis as qp
        >>> e = expected_pct(qp.load(), "2026-09-30").set_index("task_id")
        >>> float(e.loc[7, "expected_pct"]), e.loc[7, "from_period"], float(e.loc[9, "expected_pct"])
        (50.0, 'Q3', 20.0)
        >>> bool(expected_pct(qp.load(), "2026-06-30").set_index("task_id").loc[9, "qualitative_due"])
        True
    """
    as_of = pd.Timestamp(as_of).normalize()
    # Each task's milestones as plain records, in due order, read once: filtering the table
    # again for every task made this the slowest step of a quarterly report.
    milestones: dict = {}
    for milestone in _ordered(read_milestones(tl, reading)).to_dict("records"):
        milestones.setdefault(milestone["task_id"], []).append(milestone)
    rows = []
    for task in _task_columns(tl).to_dict("records"):
        ms = milestones.get(task["task_id"], [])
        pct = [m for m in ms if pd.notna(m["target_pct"])]
        qty = [m for m in ms if pd.notna(m["target_quantity"]) and pd.isna(m["target_pct"])]
        row = {"task_id": task["task_id"], "name": task["name"], "section_no": task["section_no"],
               "section": task["section"], "lead_department": task["lead_department"], "due_raw": task["due_raw"],
               "due_before_plan_year": task["due"].year < tl.plan_year,
               "target_kind": TargetKind.NONE.value, "expected_pct": float("nan"), "expected_quantity": float("nan"),
               "quantity_unit": None, "final_pct": float("nan"), "final_quantity": float("nan"),
               "expected_share": float("nan"), "from_period": None, "from_due_date": pd.NaT, "from_text": None,
               "qualitative_due": False}
        source = None
        if pct:
            reached = [m for m in pct if m["due_date"] <= as_of]
            row.update(target_kind=TargetKind.PERCENT.value, final_pct=float(pct[-1]["target_pct"]))
            row["expected_pct"] = float(reached[-1]["target_pct"]) if reached else 0.0
            row["expected_share"] = row["expected_pct"]
            source = reached[-1] if reached else None
        elif qty:
            reached = [m for m in qty if m["due_date"] <= as_of]
            final = float(max(m["target_quantity"] for m in qty))
            row.update(target_kind=TargetKind.QUANTITY.value, final_quantity=final, quantity_unit=qty[-1]["target_unit"])
            row["expected_quantity"] = float(reached[-1]["target_quantity"]) if reached else 0.0
            row["expected_share"] = 100.0 * row["expected_quantity"] / final
            source = reached[-1] if reached else None
        if source is not None:
            row.update(from_period=source["period"], from_due_date=source["due_date"], from_text=source["text"])
        if row["target_kind"] != TargetKind.NONE:
            due = [m for m in ms if m["kind"] != TargetKind.NONE and m["due_date"] <= as_of]
            row["qualitative_due"] = bool(due) and due[-1]["kind"] == TargetKind.QUALITATIVE
        rows.append(row)
    out = pd.DataFrame(rows)
    out["from_due_date"] = pd.to_datetime(out["from_due_date"])
    out["due_before_plan_year"] = out["due_before_plan_year"].astype(bool)
    out["qualitative_due"] = out["qualitative_due"].astype(bool)
    return out


def completion_band(share: float) -> str | None:
    """The band of ``codes.COMPLETION_BANDS`` an expected completion (percent) falls in.

    Example:
        >>> [completion_band(v) for v in (0, 0.5, 25, 25.1, 75, 100, float("nan"))]
        ['0', '0-25', '0-25', '25-50', '50-75', '75-100', None]
    """
    if share is None or pd.isna(share):
        return None
    for band, upper in BAND_UPPER.items():
        if share <= upper:
            return band
    return COMPLETION_BANDS[-1]  # above 100 %: a target beyond the plan, still in the top band


def expected_bands(expected: pd.DataFrame) -> pd.DataFrame:
    """Tasks counted by band of expected completion, instead of an average over unlike tasks.

    Only tasks with a single numeric target (percent or quantity) have an expected
    completion; the others are left out, and the table says how many tasks it covers.

    Args:
        expected: The result of :func:`expected_pct`.

    Returns:
        One row per band of ``codes.COMPLETION_BANDS`` (empty bands included): band,
        n_tasks, n_percent, n_quantity, n_before_plan_year (tasks whose due month as
        written precedes the plan year) and task_ids (None for an empty band).

    Example:
        >>> e = pd.DataFrame({"task_id": [1, 2, 3, 4], "target_kind": ["percent", "quantity", "percent", "none"],
        ...                   "expected_share": [0.0, 60.0, 100.0, None], "due_before_plan_year": [False, False, True, False]})
        >>> expected_bands(e)[["band", "n_tasks", "n_before_plan_year", "task_ids"]].values.tolist()
        [['0', 1, 0, (1,)], ['0-25', 0, 0, None], ['25-50', 0, 0, None], ['50-75', 1, 0, (2,)], ['75-100', 1, 1, (3,)]]
    """
    numeric = expected.loc[expected["target_kind"].isin(NUMERIC_KINDS)].copy()
    numeric["band"] = [completion_band(v) for v in numeric["expected_share"]]
    rows = []
    for band in COMPLETION_BANDS:
        part = numeric.loc[numeric["band"] == band]
        rows.append({
            "band": band, "n_tasks": len(part),
            "n_percent": int((part["target_kind"] != TargetKind.QUANTITY).sum()),
            "n_quantity": int((part["target_kind"] == TargetKind.QUANTITY).sum()),
            "n_before_plan_year": int(part["due_before_plan_year"].sum()),
            "task_ids": tuple(int(t) for t in sorted(part["task_id"])) or None,
        })
    out = pd.DataFrame(rows)
    sanity_check_bands(out, len(numeric))
    return out


def sanity_check_bands(bands: pd.DataFrame, n_numeric: int) -> None:
    """The bands must hold every task with a numeric target exactly once.

    Example:
        >>> sanity_check_bands(pd.DataFrame({"n_tasks": [1, 2]}), 4)
        Traceback (most recent call last):
        ...
        AssertionError: the completion bands hold 3 tasks, but 4 tasks have a numeric target
    """
    if int(bands["n_tasks"].sum()) != n_numeric:
        raise AssertionError(f"the completion bands hold {int(bands['n_tasks'].sum())} tasks, "
                             f"but {n_numeric} tasks have a numeric target")
