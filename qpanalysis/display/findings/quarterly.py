"""What the quarterly report (05) states about the list."""

from __future__ import annotations

import re

import pandas as pd

from qpanalysis.analysis import progress as qprogress
from qpanalysis.analysis import quarter_summary as qs
from qpanalysis.analysis import quarterly as qtr
from qpanalysis.codes import (
    COMPLETION_BANDS, NUMERIC_KINDS, READINGS, Period, ProgressProblemKind, Reading, Status, TargetKind,
)
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import code, md
from qpanalysis.ingest.progress import progress_problems
from qpanalysis.display.findings.words import _cap, bullets, count, day, join, number, task_ids
from qpanalysis.display.findings.identity import list_title, name_in, task_ref

# How many tasks the quarterly "furthest behind" sentence names.
FURTHEST_BEHIND = 5
# How many tasks a sentence names one by one; beyond that it only counts them.
FEW_TASKS = 5
# The mark of a task whose due month precedes the plan year, in charts, tables' notes and
# sentences: such a task is flagged wherever it is counted.
EARLY_DUE_MARK = "‡"
# Columns holding Chinese text as published (milestone texts, progress notes): an English
# table replaces the milestone text by its parsed target and leaves the others out.
CHINESE_TEXT_COLUMNS = ("text", "from_text", "note")


def _measure_name(code: str, lang: str) -> str:
    """A headline number's label for a sentence: without the unit in brackets or the leading ellipsis."""
    text = labels.label("quarter_measure", code, lang)
    return re.sub(r"（[^（）]*）$", "", text).removeprefix("… ").strip()


def _flagged_ref(tl, task_id: int, lang: str) -> str:
    early = tl.tasks.at[task_id, "due"].year < tl.plan_year
    return task_ref(tl, task_id, lang) + (EARLY_DUE_MARK if early else "")


def _refs(tl, ids, lang: str) -> str:
    return join([_flagged_ref(tl, int(t), lang) for t in ids], lang)


def target_description(kind: str, target_pct, target_quantity, target_unit, lang: str) -> str | None:
    """A milestone's target in words a reader of ``lang`` can read (English tables show it for the Chinese text).

    Example:
        >>> target_description("percent", 50.0, None, None, "en"), target_description("quantity", None, 2.2, "公里", "en")
        ('50% complete', '2.2 km')
        >>> target_description("percent", None, None, None, "en"), target_description("qualitative", None, None, None, "zh")
        ('several percentages (no single target)', '定性目标')
        >>> target_description("qualitative", None, None, None, "en")
        'text in Chinese only'
    """
    check_lang(lang)
    if kind == TargetKind.PERCENT and pd.notna(target_pct):
        return msg.text("findings.quarterly.target.percent", lang, pct=f"{target_pct:g}")
    if kind == TargetKind.PERCENT:
        return msg.text("findings.quarterly.target.several", lang)
    if kind == TargetKind.QUANTITY and pd.notna(target_quantity):
        unit = labels.label("unit", target_unit, lang) if isinstance(target_unit, str) and target_unit else ""
        return msg.text("findings.quarterly.target.quantity", lang, quantity=number(target_quantity), unit=unit).strip()
    if kind == TargetKind.QUALITATIVE:
        return msg.text("findings.quarterly.target.qualitative", lang)
    return None


def for_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A quarterly table for readers of ``lang``: in English, no Chinese text as published.

    A milestone's parsed target (``target_pct``, ``target_quantity``, ``target_unit``)
    and its ``text`` become one column: the Chinese report quotes the text as published;
    the English one shows the parsed ``target`` (see :func:`target_description`) and
    leaves out ``from_text`` and ``note``, which have no translation.

    Example:
        >>> t = pd.DataFrame({"task_id": [7], "kind": ["percent"], "target_pct": [50.0], "target_quantity": [None],
        ...                   "target_unit": [None], "text": ["完成50%"], "note": ["备注"]})
        >>> list(for_language(t, "en").columns), for_language(t, "en")["target"].tolist()
        (['task_id', 'kind', 'target'], ['50% complete'])
        >>> list(for_language(t, "zh").columns)
        ['task_id', 'kind', 'text', 'note']
    """
    check_lang(lang)
    helpers = [c for c in ("target_pct", "target_quantity", "target_unit") if c in frame]
    if labels.reads_source(lang):  # the text as published is in the reader's language
        return frame.drop(columns=helpers) if "text" in frame else frame
    out = frame.copy()
    if "text" in out:
        kinds = out["kind"] if "kind" in out else pd.Series(TargetKind.QUALITATIVE.value, index=out.index)
        column = lambda name: out[name] if name in out else pd.Series(None, index=out.index)  # noqa: E731
        out.insert(list(out.columns).index("text"), "target", [
            target_description(k, p, q, u, lang)
            for k, p, q, u in zip(kinds, column("target_pct"), column("target_quantity"), column("target_unit"))
        ])
        out = out.drop(columns=helpers)
    return out.drop(columns=[c for c in CHINESE_TEXT_COLUMNS if c in out])


def early_due_note(ids, due_raws, lang: str) -> str:
    """The note under a chart or table that counts tasks due before the plan year (marked ‡).

    Example:
        >>> early_due_note([28], ["2025.11"], "en")  # doctest: +NORMALIZE_WHITESPACE
        '‡ Due month before the plan year (task 28: 2025.11). Read as written, every milestone of such a task
        fell due before the year began, so it is expected at its last target all year; the sensitivity table
        shows the numbers with the month read in the plan year.'
        >>> early_due_note((), (), "zh")[:18]
        '‡ 计划完成时间早于计划年度。按原文'
    """
    check_lang(lang)
    which = join([msg.text("findings.quarterly.early_due.item", lang, task=task_ids([t], lang), due=raw)
                  for t, raw in zip(ids, due_raws)], lang) if len(ids) else ""
    where = msg.text("findings.quarterly.early_due.where", lang, tasks=which) if which else ""
    return msg.text("findings.quarterly.early_due.note", lang, mark=EARLY_DUE_MARK, where=where)

def quarter_heading(tl, quarter: str, as_of=None, lang: str = "zh") -> str:
    """The report's subtitle: the list, the period and the date progress is judged at.

    Example:
        >>> import qpanalysis as qp
        >>> quarter_heading(qp.load(), "Q3", lang="en")
        '## 2026 Qingpu District Rural Construction Action Task List: third quarter, as of 30 September 2026'
    """
    check_lang(lang)
    as_of = qtr.as_of_date(quarter, tl.plan_year, as_of)
    when = day(as_of, lang)
    return msg.text("findings.quarterly.heading", lang, title=md(list_title(tl, lang)),
                    quarter=labels.quarter_name(quarter, lang), when=when)

def _status_counts(c: dict, lang: str) -> str:
    return msg.text("findings.quarterly.status.separator", lang).join(
        msg.text("findings.quarterly.status.item", lang, status=labels.label("progress_status", s, lang).lower(), n=n)
        for s, n in c.items())


def _summary_lines(tl, s: dict, alt: dict, expected: pd.DataFrame, lang: str) -> list[str]:
    quarter = labels.quarter_name(s["quarter"], lang)
    when = day(s["as_of"], lang)
    n = s["n_tasks"]
    lines = []
    if s["n_milestones_due"]:
        targets = msg.text("findings.quarterly.summary.targets", lang, count=s["n_milestones_qualitative"],
                           percent=s["n_milestones_percent"], quantity=s["n_milestones_quantity"])
        lines.append(msg.text("findings.quarterly.summary.due", lang, count=s["n_milestones_due"], quarter=quarter,
                              tasks=count(s["n_tasks_with_milestones_due"], lang), targets=targets))
    else:
        lines.append(msg.text("findings.quarterly.summary.none_due", lang, quarter=quarter))
    if s["n_milestones_before_plan_year"]:
        early = qtr.milestones_due(tl, s["quarter"])
        ids = sorted(early.loc[early["before_plan_year"], "task_id"].unique())
        lines.append(msg.text("findings.quarterly.summary.before_plan_year", lang,
                              count=s["n_milestones_before_plan_year"], tasks=_refs(tl, ids, lang), quarter=quarter))

    due = qtr.tasks_due_by(tl, s["quarter"])
    k = len(due)
    if k == n:
        lines.append(msg.text("findings.quarterly.summary.all_complete_by", lang, n=n, quarter=quarter))
    elif k == 0:
        lines.append(msg.text("findings.quarterly.summary.none_complete_by", lang, quarter=quarter))
    else:
        named = ""
        if k <= FEW_TASKS:
            items = msg.text("findings.quarterly.separator", lang).join(
                msg.text("findings.quarterly.summary.named_item", lang, task=_flagged_ref(tl, int(r.task_id), lang),
                         due=md(r.due_raw)) for r in due.itertuples())
            named = msg.text("findings.quarterly.summary.named", lang, tasks=items)
        lines.append(msg.text("findings.quarterly.summary.some_complete_by", lang, count=k, n=n, quarter=quarter,
                              named=named))

    e = s["n_tasks_expected"]
    if e:
        lines.append(msg.text("findings.quarterly.summary.expected", lang, e=e, n=n, percent=s["n_tasks_pct"],
                              quantity=s["n_tasks_quantity"], rest=n - e))
        bands = msg.text("findings.quarterly.bands.separator", lang).join(
            msg.text("findings.quarterly.bands.item_zero" if band == COMPLETION_BANDS[0] else "findings.quarterly.bands.item",
                     lang, band=labels.label("completion_band", band, lang), n=v)
            for band, v in s["bands"].items())
        early = expected[expected["due_before_plan_year"] & expected["target_kind"].isin(NUMERIC_KINDS)]
        flagged = "".join(msg.text(
            "findings.quarterly.bands.flagged", lang, task=_flagged_ref(tl, int(r.task_id), lang),
            band=labels.label("completion_band", qtr.completion_band(r.expected_share), lang),
        ) for r in early.itertuples())
        lines.append(msg.text("findings.quarterly.bands.summary", lang, when=when, count=e, bands=bands, flagged=flagged))
    else:
        lines.append(msg.text("findings.quarterly.summary.no_expected", lang))

    if s["n_h1_only"]:
        m, m_alt = s["n_milestones_due"], alt["n_milestones_due"]
        change = (msg.text("findings.quarterly.summary.h1_change", lang, quarter=quarter, before=m, count=m_alt)
                  if m != m_alt else msg.text("findings.quarterly.summary.h1_no_change", lang, quarter=quarter))
        lines.append(msg.text("findings.quarterly.summary.h1_only", lang, count=s["n_h1_only"], change=change))

    if "status_counts" in s:
        lines.append(msg.text("findings.quarterly.summary.progress", lang, when=when,
                              rows=msg.text("findings.count.row", lang, count=s["n_progress_rows"]),
                              counts=_status_counts(s["status_counts"], lang)))
    else:
        lines.append(msg.text("findings.quarterly.summary.no_progress", lang))
    return lines


def _expected_lines(tl, expected: pd.DataFrame, when: str, lang: str) -> list[str]:
    lines = []
    for task_id, pcts in qtr.several_percentages(tl).items():
        lines.append(msg.text("findings.quarterly.expected.several", lang, task=_cap(task_ref(tl, int(task_id), lang)),
                              values=join([f"{v:g}%" for v in pcts], lang)))
    zero_steps = expected[expected["qualitative_due"]]
    if len(zero_steps):
        lines.append(msg.text(
            "findings.quarterly.expected.qualitative_due", lang, count=len(zero_steps),
            tasks=_refs(tl, zero_steps["task_id"], lang), when=when,
            values=join(sorted({f"{v:g}%" for v in zero_steps["expected_share"]}), lang),
        ))
    early = expected[expected["due_before_plan_year"] & expected["target_kind"].isin(NUMERIC_KINDS)]
    for row in early.itertuples():
        lines.append(msg.text(
            "findings.quarterly.expected.early", lang, task=_cap(_flagged_ref(tl, int(row.task_id), lang)),
            due=md(row.due_raw), share=f"{row.expected_share:g}", mark=EARLY_DUE_MARK,
        ))
    return lines

def _changes(default: dict, alternative: dict, lang: str) -> str:
    changed = [(code, default[code], alternative[code]) for code in default if default[code] != alternative.get(code)]
    return msg.text("findings.quarterly.separator", lang).join(
        msg.text("findings.quarterly.readings.change", lang, measure=_measure_name(c, lang).lower(), before=a, after=b)
        for c, a, b in changed)


def _reading_result(changes: str, quarter: str, lang: str) -> str:
    """What an alternative reading changes, or that it changes no headline number of the quarter."""
    if changes:
        return msg.text("findings.quarterly.readings.changes", lang, changes=changes)
    return msg.text("findings.quarterly.readings.unchanged", lang, quarter=labels.quarter_name(quarter, lang))


def _reading_lines(tl, quarter: str, numbers: dict, lang: str) -> list[str]:
    default = qs.measures(numbers[Reading.DEFAULT])
    lines = []
    early = qtr.outside_plan_year(tl)
    early = early[[p.year < tl.plan_year for p in early["due"]]]
    if early.empty:
        lines.append(msg.text("findings.quarterly.readings.no_early", lang))
    else:
        moved = join([f"{md(raw)} → {tl.plan_year}.{p.month}" for raw, p in zip(early["due_raw"], early["due"])], lang)
        changes = _changes(default, qs.measures(numbers[Reading.DUE_IN_PLAN_YEAR]), lang)
        lines.append(msg.text("findings.quarterly.readings.early", lang, tasks=_refs(tl, early.index, lang), moved=moved,
                              result=_reading_result(changes, quarter, lang)))
    h1_only = qtr.whole_year_targets(tl)
    if h1_only.empty:
        lines.append(msg.text("findings.quarterly.readings.no_h1_only", lang))
    else:
        changes = _changes(default, qs.measures(numbers[Reading.H1_LITERAL]), lang)
        lines.append(msg.text("findings.quarterly.readings.h1_only", lang, count=len(h1_only),
                              ids=task_ids(h1_only["task_id"], lang), result=_reading_result(changes, quarter, lang)))
    return lines


def _h1_only_lines(tl, lang: str) -> list[str]:
    table = qtr.whole_year_targets(tl)
    if table.empty:
        return [msg.text("findings.quarterly.h1.none", lang)]
    first = qtr.milestones_due(tl, Period.H1)
    literal = qtr.milestones_due(tl, Period.H1, Reading.H1_LITERAL)
    a, b = first["task_id"].nunique(), literal["task_id"].nunique()
    added = sorted(set(literal["task_id"]) - set(first["task_id"]))
    lines = [msg.text(
        "findings.quarterly.h1.summary", lang,
        default=msg.text("findings.quarterly.h1.default", lang, count=a),
        literal=msg.text("findings.quarterly.h1.literal", lang, count=b),
        added=msg.text("findings.quarterly.h1.added", lang, count=len(added), tasks=task_ids(added, lang)) if added else "",
    )]
    h1_end = qtr.quarter_end(Period.H1, tl.plan_year)
    default = qtr.expected_pct(tl, h1_end).set_index("task_id")
    read = qtr.expected_pct(tl, h1_end, Reading.H1_LITERAL).set_index("task_id")
    end = day(h1_end, lang)
    for row in table[table["kind"].isin(NUMERIC_KINDS)].itertuples():
        before, after = default.loc[row.task_id, "expected_share"], read.loc[row.task_id, "expected_share"]
        target = target_description(row.kind, default.loc[row.task_id, "final_pct"], row.target_quantity,
                                    row.target_unit, lang)
        lines.append(msg.text(
            "findings.quarterly.h1.task", lang, task=_cap(_flagged_ref(tl, int(row.task_id), lang)), target=md(target),
            end=end, after=f"{after:g}", due=day(row.due_date, lang), before=f"{before:g}",
        ))
    return lines

def status_rule(lang: str = "zh") -> str:
    """How a task's progress is rated, with the tolerance the package uses.

    Example:
        >>> "±5个百分点" in status_rule("zh"), "±5 percentage points" in status_rule("en")
        (True, True)
    """
    check_lang(lang)
    tol = f"{qprogress.TOLERANCE:g}"
    return msg.text("findings.quarterly.status_rule", lang, tolerance=tol)

def _behind_lines(tl, comparison, quarter: str, when: str, lang: str) -> list[str]:
    if comparison is None:
        return [msg.text("findings.quarterly.behind.no_progress", lang)]
    n_behind = int((comparison["status"] == Status.BEHIND).sum())
    behind = qprogress.furthest_behind(comparison, FURTHEST_BEHIND)
    lines = [msg.text("findings.quarterly.behind.count", lang, count=n_behind, when=when,
                      tolerance=f"{qprogress.TOLERANCE:g}")]
    if behind.empty:
        lines.append(msg.text("findings.quarterly.behind.none", lang, when=when))
    else:
        tasks = msg.text("findings.quarterly.separator", lang).join(
            msg.text("findings.quarterly.behind.item", lang, task=_flagged_ref(tl, int(t), lang), gap=f"{g:+.1f}",
                     dept=name_in("department", d, lang))
            for t, d, g in zip(behind["task_id"], behind["lead_department"], behind["gap"])
        )
        lines.append(msg.text("findings.quarterly.behind.list", lang, tasks=tasks))
    return lines

def _progress_problem_lines(tl, progress, lang: str) -> list[str]:
    """One sentence per doubtful value of a progress file (its line, task and what to check), from the catalogue."""
    if progress is None:
        return []
    lines = []
    for problem in progress_problems(progress).itertuples(index=False):
        values = {"line": int(problem.source_line), "task": task_ref(tl, int(problem.task_id), lang),
                  "field": code(problem.field)}
        if problem.kind == ProgressProblemKind.PERCENT_AS_FRACTION:
            value = progress.loc[progress["source_line"] == problem.source_line, "percent_done"].iloc[0]
            lines.append(msg.text("quarterly.progress_problem.fraction", lang, value=msg.number(value, lang),
                                  percent=msg.number(value * 100, lang), **values))
        else:
            lines.append(msg.text("quarterly.progress_problem.formula", lang, **values))
    return lines


def quarterly_findings(tl, quarter: str, as_of=None, progress=None, lang: str = "zh") -> dict[str, str]:
    """What the quarterly report states, as Markdown bullet lists by section.

    Keys: ``summary`` (the headline numbers), ``behind`` (the tasks behind, or how to
    give a progress file), ``progress_problems`` (values of the progress file to check:
    a percentage that may be a fraction, a formula read as its saved value; empty when none), ``expected`` (what the expected completions rest on),
    ``readings`` (what each alternative reading changes), ``h1_only`` (the H1 figures
    under both readings of H1-only targets), ``outside_plan_year`` (due months outside
    the plan year; empty when there are none) and ``status_rule``. A sentence that holds
    only under a condition appears only when the list meets it.

    Args:
        tl: A TaskList.
        quarter: ``"H1"``, ``"Q3"`` or ``"Q4"``.
        as_of: The date progress is judged at; None for the quarter's last day.
        progress: A progress table (:func:`qpanalysis.ingest.progress.read_progress`), the
            path of a progress file, or None.
        lang: ``"zh"`` or ``"en"``.

    Example:
        >>> import qpanalysis as qp
        >>> print(quarterly_findings(qp.load(), "Q3", lang="en")["expected"].splitlines()[0])
        - Task 4 “Harmonious village clusters” (推进宜居宜业和美乡村片区建设) states several different percentages in one milestone (60% and 20%), so it has no single expected completion.
    """
    check_lang(lang)
    as_of = qtr.as_of_date(quarter, tl.plan_year, as_of)
    progress = qs.progress_table(tl, progress)
    numbers = {reading: qs.summary(tl, quarter, as_of, progress, reading) for reading in READINGS}
    headline = numbers[Reading.DEFAULT]
    expected = qtr.expected_pct(tl, as_of)
    when = day(as_of, lang)

    outside_lines = []
    for task_id in qtr.outside_plan_year(tl).index:
        task = tl.tasks.loc[task_id]
        ms = tl.milestones[(tl.milestones["task_id"] == task_id) & (tl.milestones["kind"] != TargetKind.NONE)]
        before = task["due"].year < tl.plan_year
        due = msg.text("findings.quarterly.outside.due", lang, task=_cap(_flagged_ref(tl, int(task_id), lang)),
                       due=md(task["due_raw"]), year=tl.plan_year,
                       relation=msg.text("findings.word.before" if before else "findings.word.after", lang))
        pcts = ms["target_pct"].dropna()
        typo = msg.text("findings.quarterly.outside.typo", lang,
                        periods=join([labels.quarter_name(p, lang) for p in ms["period"]], lang),
                        values=join([f"{v:g}%" for v in pcts], lang)) if len(pcts) == len(ms) and len(ms) else ""
        dates = sorted(set(ms["due_date"]))
        quarters = sorted({qtr.quarter_of(d, tl.plan_year) for d in dates} - {None}, key=list(qtr.QUARTERS).index)
        as_written = msg.text(
            "findings.quarterly.outside.as_written", lang, dates=join([day(d, lang) for d in dates], lang),
            quarters=join([labels.quarter_name(q, lang) for q in quarters], lang), mark=EARLY_DUE_MARK,
            share=f"{expected.set_index('task_id').at[task_id, 'expected_share']:g}",
        ) if before and dates else ""
        outside_lines.append(msg.text("findings.quarterly.outside.sentence", lang, due=due, typo=typo,
                                      as_written=as_written))

    comparison = qprogress.compare(tl, progress, as_of) if progress is not None else None
    return {
        "progress_problems": bullets(_progress_problem_lines(tl, progress, lang)),
        "summary": bullets(_summary_lines(tl, headline, numbers[Reading.H1_LITERAL], expected, lang)),
        "behind": bullets(_behind_lines(tl, comparison, quarter, when, lang)),
        "expected": bullets(_expected_lines(tl, expected, when, lang)),
        "readings": bullets(_reading_lines(tl, quarter, numbers, lang)),
        "h1_only": bullets(_h1_only_lines(tl, lang)),
        "outside_plan_year": bullets(outside_lines),
        "status_rule": status_rule(lang),
    }
