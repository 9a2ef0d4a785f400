"""Headline numbers of a quarterly report and the summary a reader can quote."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis.progress import compare
from qpanalysis.analysis.quarterly import (
    _check_quarter, date_label, expected_pct, milestones_due, quarter_end, quarter_label, tasks_due_by,
)
from qpanalysis.codes import NUMERIC_KINDS, STATUSES
from qpanalysis.ingest.progress import read_progress


def summary(tl, quarter: str, as_of=None, progress=None) -> dict:
    """Headline numbers for the one-page summary of a quarterly report.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at; None for the quarter's last day.
        progress: A progress table from :func:`qpanalysis.progress.read_progress`, a path
            to a progress file, or None.

    Returns:
        A dict with quarter, as_of, n_milestones_due, n_milestones_numeric (percent or
        quantity), n_tasks_with_milestones_due, n_tasks_due (due month by quarter end),
        n_tasks_pct (tasks with a percentage target), n_tasks_quantity, mean_expected_pct
        (over tasks with a percentage target), n_whole_year, n_before_plan_year; with
        progress also n_progress_rows and status_counts (every status, in order).

    Example:
        >>> import qpanalysis as qp
        >>> s = summary(qp.load(), "Q3")
        >>> s["n_milestones_due"], s["n_tasks_due"], s["n_tasks_pct"]
        (30, 2, 12)
    """
    _check_quarter(quarter)
    as_of = quarter_end(quarter, tl.plan_year) if as_of in (None, "") else pd.Timestamp(as_of).normalize()
    due = milestones_due(tl, quarter)
    expected = expected_pct(tl, as_of)
    pct = expected.loc[expected["target_kind"] == "percent", "expected_pct"]
    out = {
        "quarter": quarter,
        "as_of": as_of,
        "n_milestones_due": len(due),
        "n_milestones_numeric": int(due["kind"].isin(NUMERIC_KINDS).sum()),
        "n_tasks_with_milestones_due": int(due["task_id"].nunique()),
        "n_tasks_due": len(tasks_due_by(tl, quarter)),
        "n_tasks": len(tl.tasks),
        "n_tasks_pct": int((expected["target_kind"] == "percent").sum()),
        "n_tasks_quantity": int((expected["target_kind"] == "quantity").sum()),
        "mean_expected_pct": float(pct.mean()) if len(pct) else float("nan"),
        "n_whole_year": int((tl.milestones["applies_to"] == "year").sum()),
        "n_before_plan_year": int(due["before_plan_year"].sum()),
    }
    if progress is not None:
        table = progress if isinstance(progress, pd.DataFrame) else read_progress(progress, tl)
        comparison = compare(tl, table, as_of)
        counts = comparison["status"].value_counts()
        out["n_progress_rows"] = len(table)
        out["status_counts"] = {s: int(counts.get(s, 0)) for s in STATUSES}
    return out


def summary_text(s: dict, lang: str = "zh") -> str:
    """The one-page summary as Markdown a reader can quote, from :func:`summary`'s numbers.

    Example:
        >>> import qpanalysis as qp
        >>> "截至2026年9月30日，第三季度共有30个里程碑到期" in summary_text(summary(qp.load(), "Q3"))
        True
    """
    q, when = s["quarter"], date_label(s["as_of"], lang)
    mean = s["mean_expected_pct"]
    if lang == "zh":
        lines = [
            f"截至{when}，{quarter_label(q)}共有{s['n_milestones_due']}个里程碑到期"
            f"（涉及{s['n_tasks_with_milestones_due']}项任务），其中{s['n_milestones_numeric']}个有可量化的百分比或数量目标，"
            f"其余为定性描述。",
            f"全部{s['n_tasks']}项任务中，计划完成时间在{quarter_label(q)}末或之前的有{s['n_tasks_due']}项。",
            f"有百分比目标的{s['n_tasks_pct']}项任务，按节点目标在{when}应达到的平均完成度为{mean:.1f}%；"
            f"另有{s['n_tasks_quantity']}项任务以数量为目标。",
            f"{s['n_whole_year']}项任务只填写了上半年目标，其文字视为全年目标，在年底（或更早的计划完成月）到期。",
        ]
        if s["n_before_plan_year"]:
            lines.append(f"另有{s['n_before_plan_year']}个里程碑因计划完成时间早于{s['as_of'].year}年而计入上半年，见下文说明。")
        if "status_counts" in s:
            c = s["status_counts"]
            lines.append(
                f"根据进度填报（{s['n_progress_rows']}行）：已完成{c['done']}项，超前{c['ahead']}项，"
                f"正常推进{c['on track']}项，滞后{c['behind']}项，无量化目标可比{c['no target']}项，无数据{c['no data']}项。"
            )
        else:
            lines.append("本报告未提供进度填报文件，因此只列出应达到的进度，不评价实际进度。")
    else:
        lines = [
            f"As of {when}, {s['n_milestones_due']} milestones fall due in the {quarter_label(q, 'en')} "
            f"(across {s['n_tasks_with_milestones_due']} tasks); {s['n_milestones_numeric']} of them state a percentage "
            "or quantity target, the rest are qualitative.",
            f"Of all {s['n_tasks']} tasks, {s['n_tasks_due']} reach their planned completion month by the end of the "
            f"{quarter_label(q, 'en')}.",
            f"The {s['n_tasks_pct']} tasks with percentage targets should on average be {mean:.1f}% complete by {when}; "
            f"{s['n_tasks_quantity']} further tasks have quantity targets.",
            f"{s['n_whole_year']} tasks fill in only the first-half target; that text is read as the whole-year target "
            "and falls due at the year end (or an earlier due month).",
        ]
        if s["n_before_plan_year"]:
            lines.append(f"{s['n_before_plan_year']} milestones are counted in H1 because the task's due month precedes "
                         f"{s['as_of'].year}; see the note below.")
        if "status_counts" in s:
            c = s["status_counts"]
            lines.append(
                f"From the progress report ({s['n_progress_rows']} rows): {c['done']} done, {c['ahead']} ahead, "
                f"{c['on track']} on track, {c['behind']} behind, {c['no target']} without a numeric target to compare "
                f"with, {c['no data']} without data."
            )
        else:
            lines.append("No progress file was given, so this report lists expected progress only and rates no task.")
    return "\n".join(f"- {line}" for line in lines)
