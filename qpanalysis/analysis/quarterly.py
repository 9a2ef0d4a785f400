"""Quarterly view of the list: milestones falling due, tasks reaching their due month, expected progress."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd

# The list's reporting periods (上半年目标 / 第三季度目标 / 第四季度目标) as (first month,
# last month) of the plan year. The list has no Q1/Q2 columns: its first milestone covers
# January–June, so "H1" is a reporting quarter in its own right here. PERIOD_ORDER breaks
# ties between milestones with the same due date (H1 before Q3 before Q4); a milestone of
# kind NO_TARGET_KIND (an empty or "/" cell) sets no target and never falls due.
from qpanalysis.codes import KIND_NONE as NO_TARGET_KIND, PERIOD_MONTHS as QUARTERS, PERIOD_ORDER
from qpanalysis.ingest.reference import load_reference

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


def quarter_start(quarter: str, plan_year: int) -> pd.Timestamp:
    """First day of a reporting quarter.

    Example:
        >>> quarter_start("Q4", 2026)
        Timestamp('2026-10-01 00:00:00')
    """
    _check_quarter(quarter)
    return pd.Timestamp(year=plan_year, month=QUARTERS[quarter][0], day=1)


def quarter_label(quarter: str, lang: str = "zh") -> str:
    """Reader-facing name of a quarter.

    Example:
        >>> quarter_label("Q3"), quarter_label("H1", "en")
        ('第三季度', 'first half-year')
    """
    _check_quarter(quarter)
    labels = load_reference().labels
    return labels.loc[(labels["kind"] == "period_name") & (labels["code"] == quarter), lang].item()


def date_label(date, lang: str = "zh") -> str:
    """A date as a reader writes it.

    Example:
        >>> date_label(pd.Timestamp("2026-09-30")), date_label(pd.Timestamp("2026-09-30"), "en")
        ('2026年9月30日', '30 September 2026')
    """
    date = pd.Timestamp(date)
    if lang == "zh":
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{date.day} {date.strftime('%B')} {date.year}"


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
        progress: Path to a progress file (.csv or .xlsx), or None.

    Returns:
        The quarter, ``as_of`` as a Timestamp, and the progress path (or None).

    Raises:
        ValueError: For an unknown quarter, an unreadable or out-of-year date, or a
            progress file that does not exist or is not .csv/.xlsx.

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
    if progress not in (None, ""):
        path = Path(progress)
        if path.suffix.lower() not in PROGRESS_SUFFIXES:
            raise ValueError(
                f"parameter progress must be a .csv or .xlsx progress file, not {str(path)!r}; "
                "create one with: python -m qpanalysis progress-template"
            )
        if not path.is_file():
            raise ValueError(f"parameter progress: no such file {str(path)!r}")
    return QuarterParameters(quarter, when, path)


def _task_columns(tl) -> pd.DataFrame:
    tasks = tl.tasks
    cols = ["section_no", "section", "name", "lead_department", "due_raw", "due"]
    return tasks[cols].rename_axis("task_id").reset_index()


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
        return "H1"
    if date.year > plan_year:
        return None
    for quarter, (first, last) in QUARTERS.items():
        if first <= date.month <= last:
            return quarter
    return None  # pragma: no cover - every month is in some quarter


def milestones_due(tl, quarter: str) -> pd.DataFrame:
    """Milestones falling due in a quarter, by their ``due_date``.

    A milestone falls due at the end of its period, or at the end of the task's due month
    when that is earlier (task 23 is due 2026.10, so its Q4 target falls due on 31 October);
    an H1 text that describes the whole year falls due at the year end or the due month.
    Empty or "/" cells (kind ``none``) set no target and never fall due.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.

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
    m = tl.milestones.loc[tl.milestones["kind"] != NO_TARGET_KIND].copy()
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
    total = int((tl.milestones["kind"] != NO_TARGET_KIND).sum())
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
        n_milestones, n_tasks, and n_percent / n_quantity / n_qualitative (milestones by kind).

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
    for kind in ("percent", "quantity", "qualitative"):
        col = f"n_{kind}"
        grouped[col] = kinds[kind] if kinds is not None and kind in kinds else 0
        grouped[col] = grouped[col].fillna(0).astype(int)
    out = grouped.reset_index()
    if by == "lead_department":
        out = out.sort_values(["n_milestones", "lead_department"], ascending=[False, True])
    return out.reset_index(drop=True)


def tasks_due_by(tl, quarter: str) -> pd.DataFrame:
    """Tasks whose planned completion month (计划完成时间) is in or before the quarter's end.

    Example:
        >>> import qpanalysis as qp
        >>> list(tasks_due_by(qp.load(), "Q3")["task_id"])  # 28 is due 2025.11, 5 is due 2026.9
        [28, 5]
    """
    end = quarter_end(quarter, tl.plan_year)
    tasks = _task_columns(tl)
    tasks["due_date"] = [d.to_timestamp(how="end").normalize() for d in tasks["due"]]
    out = tasks.loc[tasks["due_date"] <= end].drop(columns="due")
    out["before_plan_year"] = out["due_date"].dt.year < tl.plan_year
    return out.sort_values(["due_date", "task_id"]).reset_index(drop=True)


def whole_year_targets(tl) -> pd.DataFrame:
    """Tasks whose H1 text describes the whole year (their Q3 and Q4 cells are empty).

    Such a text falls due at the year end, or at the end of the task's due month when that
    is earlier, so it is counted in that quarter rather than in H1.

    Example:
        >>> import qpanalysis as qp
        >>> len(whole_year_targets(qp.load()))  # tasks 1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39
        11
    """
    m = tl.milestones.loc[tl.milestones["applies_to"] == "year"].copy()
    m["quarter_due"] = [quarter_of(d, tl.plan_year) for d in m["due_date"]]
    out = m.merge(_task_columns(tl).drop(columns="due"), on="task_id", how="left")
    cols = ["task_id", "name", "section", "lead_department", "due_raw", "due_date", "quarter_due", "kind", "text"]
    return out[cols].sort_values("task_id").reset_index(drop=True)


def _ordered(milestones: pd.DataFrame) -> pd.DataFrame:
    m = milestones.copy()
    m["_order"] = m["period"].map(PERIOD_ORDER)
    return m.sort_values(["task_id", "due_date", "_order"])


def expected_pct(tl, as_of) -> pd.DataFrame:
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

    Returns:
        One row per task: task_id, name, section, lead_department, target_kind
        (``percent``, ``quantity`` or ``none``), expected_pct, expected_quantity,
        quantity_unit, final_pct, final_quantity, expected_share, from_period,
        from_due_date, from_text (the milestone the expectation comes from; empty before
        the first one).

    Example:
        >>> import qpanalysis as qp
        >>> e = expected_pct(qp.load(), "2026-09-30").set_index("task_id")
        >>> float(e.loc[7, "expected_pct"]), e.loc[7, "from_period"], float(e.loc[9, "expected_pct"])
        (50.0, 'Q3', 20.0)
    """
    as_of = pd.Timestamp(as_of).normalize()
    m = _ordered(tl.milestones)
    rows = []
    for task_id, task in _task_columns(tl).set_index("task_id").iterrows():
        ms = m.loc[m["task_id"] == task_id]
        pct = ms.loc[ms["target_pct"].notna()]
        qty = ms.loc[ms["target_quantity"].notna() & ms["target_pct"].isna()]
        row = {"task_id": task_id, "name": task["name"], "section_no": task["section_no"],
               "section": task["section"], "lead_department": task["lead_department"],
               "target_kind": "none", "expected_pct": float("nan"), "expected_quantity": float("nan"),
               "quantity_unit": None, "final_pct": float("nan"), "final_quantity": float("nan"),
               "expected_share": float("nan"), "from_period": None, "from_due_date": pd.NaT, "from_text": None}
        if len(pct):
            reached = pct.loc[pct["due_date"] <= as_of]
            row.update(target_kind="percent", final_pct=float(pct["target_pct"].iloc[-1]))
            row["expected_pct"] = float(reached["target_pct"].iloc[-1]) if len(reached) else 0.0
            row["expected_share"] = row["expected_pct"]
            source = reached.iloc[-1] if len(reached) else None
        elif len(qty):
            reached = qty.loc[qty["due_date"] <= as_of]
            final = float(qty["target_quantity"].max())
            row.update(target_kind="quantity", final_quantity=final, quantity_unit=qty["target_unit"].iloc[-1])
            row["expected_quantity"] = float(reached["target_quantity"].iloc[-1]) if len(reached) else 0.0
            row["expected_share"] = 100.0 * row["expected_quantity"] / final
            source = reached.iloc[-1] if len(reached) else None
        else:
            source = None
        if source is not None:
            row.update(from_period=source["period"], from_due_date=source["due_date"], from_text=source["text"])
        rows.append(row)
    out = pd.DataFrame(rows)
    out["from_due_date"] = pd.to_datetime(out["from_due_date"])
    return out
