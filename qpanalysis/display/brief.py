"""The quarterly brief by lead department as a document: numbered headings, sentences and tables, in one language."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis import brief as facts
from qpanalysis.analysis import quarterly as qtr
from qpanalysis.codes import STATUSES, Reading, Status
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display import tables
from qpanalysis.display.document import Block, Document, footer_line, provenance_of, source_line
from qpanalysis.display.findings.identity import list_title, name_in
from qpanalysis.display.findings.quarterly import for_language, status_rule
from qpanalysis.display.findings.words import day, number

# The table name of the brief's tables in data/reference/columns.csv.
MILESTONES_TABLE = "brief_milestones"
BEHIND_TABLE = "brief_behind"
# Columns of a department's table, in order (``target`` replaces ``text`` in English). The
# milestone's period is named in its target cell only when it is not the quarter's own (an
# H1 text that is the whole year's target).
DEPARTMENT_COLUMNS = ["task_id", "name", "text", "due_raw", "reported", "status"]
BEHIND_COLUMNS = ["task_id", "name", "lead_department", "expected_share", "actual_share", "gap"]


def _heading(number_: int, title: str, lang: str) -> Block:
    return Block("heading1", msg.text("brief.heading.numbered", lang, numeral=labels.section_numeral(number_, lang),
                                      title=title))


def _subheading(number_: int, title: str, lang: str) -> Block:
    return Block("heading2", msg.text("brief.heading.sub", lang, numeral=labels.section_numeral(number_, lang),
                                      title=title))


def reported(row, lang: str) -> str:
    """A task's reported progress in words: ``45%（9月30日）``, ``2.2 km (30 Sep 2026)`` or ``—``.

    Example:
        >>> row = pd.Series({"percent_done": 45.0, "quantity_done": float("nan"), "quantity_unit": None,
        ...                  "progress_date": pd.Timestamp("2026-09-30")})
        >>> reported(row, "zh"), reported(row, "en")
        ('45%（9月30日）', '45% (30 Sep 2026)')
        >>> reported(row.replace({45.0: float("nan")}), "zh")
        '—'
    """
    if pd.notna(row["quantity_done"]):
        unit = row["quantity_unit"]
        unit = labels.label("unit", unit, lang) if isinstance(unit, str) and unit else ""
        value = msg.text("brief.progress.quantity", lang, quantity=number(row["quantity_done"]), unit=unit).strip()
    elif pd.notna(row["percent_done"]):
        value = msg.text("brief.progress.percent", lang, pct=number(row["percent_done"]))
    else:
        return labels.label("mark", "missing", lang)
    if pd.isna(row["progress_date"]):
        return value
    return msg.text("brief.progress.dated", lang, progress=value,
                    date=msg.date(row["progress_date"], lang, "format.date.day_month"))


def _department_frame(rows: pd.DataFrame, quarter: str, lang: str) -> pd.DataFrame:
    """A lead department's milestones as the columns its table shows, not yet formatted."""
    frame = rows.assign(reported=[reported(r, lang) for _, r in rows.iterrows()])
    frame = frame[DEPARTMENT_COLUMNS + ["kind", "target_pct", "target_quantity", "target_unit"]]
    frame = for_language(frame, lang).drop(columns="kind")
    target = "text" if "text" in frame else "target"
    other = (rows["period"] != quarter).to_numpy()
    frame.loc[other, target] = [
        msg.text("brief.target.other_period", lang, target=t, period=labels.label("period_name", p, lang))
        for t, p in zip(frame.loc[other, target], rows.loc[other, "period"])
    ]
    return frame


def _departments(due: pd.DataFrame, by_department: pd.DataFrame, quarter: str, lang: str):
    """(heading text, milestones not yet formatted) of each lead department with a milestone due, in order."""
    for row in by_department.itertuples(index=False):
        name = name_in("department", row.lead_department, lang, markdown=False)
        heading = msg.text("brief.department.heading", lang, department=name, count=row.n_milestones)
        yield heading, _department_frame(due.loc[due["lead_department"] == row.lead_department], quarter, lang)


def department_tables(tl, quarter: str, as_of=None, progress=None, lang: str = "zh", *,
                      reading: str = Reading.DEFAULT) -> list[tuple[str, tables.Table]]:
    """Each lead department's milestones due in the quarter as a report table (the brief's section 二).

    The same headings and tables as :func:`brief_document`, for a notebook: each table a
    :func:`qpanalysis.display.tables.table`, so that the report's PDF draws it.

    Example:
        >>> import qpanalysis as qp
        >>> found = department_tables(qp.load(), "Q3", lang="en")
        >>> found[0][0], found[0][1].model.columns[:2]
        ('Agriculture and Rural Affairs Commission (13 milestones)', ('Task no.', 'Task'))
    """
    labels.check_lang(lang)
    as_of = qtr.as_of_date(quarter, tl.plan_year, as_of)
    due = facts.department_milestones(tl, quarter, as_of, progress, reading)
    return [(heading, tables.table(frame, lang, of=MILESTONES_TABLE))
            for heading, frame in _departments(due, facts.departments(due), quarter, lang)]


def _summary(tl, due: pd.DataFrame, by_department: pd.DataFrame, with_progress: bool, lang: str) -> list[Block]:
    blocks = [Block("paragraph", msg.text(
        "brief.summary.due", lang,
        milestones=msg.text("brief.count.milestones", lang, count=len(due)),
        tasks=msg.text("brief.count.tasks", lang, count=due["task_id"].nunique()),
        departments=msg.text("brief.count.departments", lang, count=len(by_department)),
    ))]
    if not with_progress:
        blocks.append(Block("paragraph", msg.text("brief.summary.no_progress", lang)))
        return blocks
    statuses = due.drop_duplicates("task_id")["status"].value_counts()
    counts = [msg.text("brief.summary.status_count", lang, status=labels.label("progress_status", s, lang),
                       n=number(int(statuses[s]))) for s in STATUSES if statuses.get(s, 0)]
    blocks.append(Block("paragraph", msg.text("brief.summary.statuses", lang, counts=msg.join(counts, lang))))
    waiting = by_department.loc[by_department["n_no_data"] > 0, "lead_department"]
    if len(waiting):
        names = [name_in("department", d, lang, markdown=False) for d in waiting]
        blocks.append(Block("paragraph", msg.text("brief.summary.waiting", lang, count=len(names),
                                                  departments=msg.join(names, lang))))
    return blocks


def brief_document(tl, quarter: str, as_of=None, progress=None, lang: str = "zh", *,
                   reading: str = Reading.DEFAULT, version: str = "", generated=None) -> Document:
    """The quarterly brief of ``tl`` in ``lang``: a summary, each lead department's milestones, the tasks behind.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at; None for the quarter's last day.
        progress: A progress table or file, or None.
        lang: ``"zh"`` or ``"en"``.
        reading: One of ``codes.READINGS``.
        version: The package version, for the provenance line.
        generated: When the brief is made (today by default).

    Example:
        >>> import qpanalysis as qp
        >>> doc = brief_document(qp.load(), "Q3", lang="zh", version="0.1.0", generated="2026-10-08")
        >>> [b.text for b in doc.blocks if b.kind == "heading1"]
        ['一、总体情况', '二、各牵头部门本季度到期的里程碑', '三、进度滞后的任务', '四、说明']
        >>> [b.text for b in doc.blocks if b.kind == "heading2"][:2]
        ['（一）区农业农村委（13项）', '（二）区建设管理委（4项）']
    """
    labels.check_lang(lang)
    as_of = qtr.as_of_date(quarter, tl.plan_year, as_of)
    due = facts.department_milestones(tl, quarter, as_of, progress, reading)
    facts.sanity_check_brief(due, tl, quarter, reading)
    by_department = facts.departments(due)
    with_progress = progress is not None
    provenance = provenance_of(tl, version, generated)
    title = list_title(tl, lang)
    blocks = [_heading(1, msg.text("brief.heading.summary", lang), lang),
              *_summary(tl, due, by_department, with_progress, lang),
              _heading(2, msg.text("brief.heading.departments", lang), lang)]
    if due.empty:
        blocks.append(Block("paragraph", msg.text("brief.departments.none", lang)))
    for k, (heading, frame) in enumerate(_departments(due, by_department, quarter, lang), start=1):
        blocks.append(_subheading(k, heading, lang))
        blocks.append(Block("table", table=tables.formatted(frame, lang, of=MILESTONES_TABLE)))
    blocks.append(_heading(3, msg.text("brief.heading.behind", lang), lang))
    late = facts.behind(tl, quarter, as_of, progress, reading)
    if not with_progress:
        blocks.append(Block("paragraph", msg.text("brief.behind.no_progress", lang)))
    elif late.empty:
        blocks.append(Block("paragraph", msg.text("brief.behind.none", lang)))
    else:
        blocks.append(Block("table", table=tables.formatted(late[BEHIND_COLUMNS], lang, of=BEHIND_TABLE)))
    blocks += [_heading(4, msg.text("brief.heading.notes", lang), lang),
               Block("note", msg.text("brief.note.due", lang)),
               Block("note", status_rule(lang)),
               Block("note", msg.text("brief.note.no_data", lang, no_data=labels.label("progress_status", Status.NO_DATA, lang)))]
    return Document(
        lang=lang,
        title=msg.text("brief.title", lang, title=title, quarter=labels.quarter_name(quarter, lang)),
        subtitle=msg.text("brief.subtitle", lang, as_of=day(as_of, lang)),
        source=source_line(provenance, title, lang),
        footer=footer_line(provenance, lang),
        provenance=provenance,
        blocks=tuple(blocks),
    )
