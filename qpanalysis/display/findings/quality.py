"""What the data quality report (04) states about the list."""

from __future__ import annotations

from qpanalysis.analysis import consistency as cons
from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import quality as qual
from qpanalysis.codes import Basis, Period, ReadingRule, TotalsStatus
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import md
from qpanalysis.display.findings.words import _cap, bullets, count, join, join_or, number, task_ids
from qpanalysis.display.findings.identity import metric_ref, name_in, task_ref
from qpanalysis.ingest.fields import header, period_fields

# Stated totals that differ by this factor or more are "very different in size" (the
# reason the totals chart uses a log axis).
WIDE_RANGE = 100


def _field(field: str, lang: str) -> str:
    return name_in("field", field, lang)


def quality_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the data quality report states, per section: ``problems``, ``totals``,
    ``interpretations`` and ``completeness`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(quality_findings(qp.load())["totals"].splitlines()[0])
        - 共核对6个分街镇分解：5个与建设目标的合计一致，1个不一致，0个建设目标没有写明合计。
    """
    check_lang(lang)
    problems = tl.problems
    if len(problems):
        summary = qual.problem_summary(tl)
        problem_lines = [msg.text(
            "findings.quality.problems.found", lang, count=len(problems),
            kinds=msg.text("findings.count.kind", lang, count=len(summary)),
            tasks=count(problems["task_id"].nunique(), lang),
        )]
        for row in summary.itertuples():
            ids = sorted(int(t) for t in problems.loc[problems["kind"] == row.kind, "task_id"].dropna())
            where = msg.text("findings.quality.problems.where", lang, tasks=task_ids(ids, lang)) if ids else ""
            kind = labels.label("problem_kind", row.kind, lang)
            problem_lines.append(msg.text("findings.quality.problems.kind", lang, kind=kind, n=row.problems, where=where))
    else:
        problem_lines = [msg.text("findings.quality.problems.none", lang)]

    totals = qual.totals_comparison(tl)
    if len(totals):
        status = totals["status"].value_counts()
        total_lines = [msg.text(
            "findings.quality.totals.checked", lang, count=len(totals), agrees=status.get(TotalsStatus.AGREES, 0),
            mismatch=status.get(TotalsStatus.MISMATCH, 0),
            no_total=status.get(TotalsStatus.NO_STATED_TOTAL, 0),
        )]
        for r in totals[totals["status"] == TotalsStatus.MISMATCH].itertuples():
            total_lines.append(msg.text(
                "findings.quality.totals.mismatch", lang, task=_cap(task_ids([r.task_id], lang)),
                metric=metric_ref(r.metric, r.unit, lang), sum=number(r.breakdown_sum),
                stated=number(r.stated_total), difference=f"{r.difference:+,g}",
            ))
        sizes = totals.assign(size=totals[["breakdown_sum", "stated_total"]].astype(float).max(axis=1))
        sizes = sizes[sizes["size"] > 0]
        if len(sizes) >= 2 and sizes["size"].max() >= WIDE_RANGE * sizes["size"].min():
            small, big = sizes.loc[sizes["size"].idxmin()], sizes.loc[sizes["size"].idxmax()]
            total_lines.append(msg.text(
                "findings.quality.totals.wide_range", lang,
                small_metric=metric_ref(small["metric"], small["unit"], lang), small=number(small["size"]),
                big_metric=metric_ref(big["metric"], big["unit"], lang), big=number(big["size"]),
            ))
    else:
        total_lines = [msg.text("findings.quality.totals.none", lang)]

    interp = qual.interpretations(tl)
    counts = qual.rule_counts(interp).set_index(["field", "rule"])["values"]
    c = lambda field, rule: int(counts.get((field, rule), 0))  # noqa: E731
    investment, scope_field, departments_field = header("investment_raw"), header("scope"), header("departments_raw")
    whole_year_field = period_fields()[Period.H1].header
    amounts = c(investment, ReadingRule.PLAIN_NUMBER) + c(investment, ReadingRule.APPROX_PREFIX)
    scope = cov.basis_counts(tl.towns)  # the one count the coverage report and the index page state too
    interpretation_lines = [
        msg.text("findings.quality.readings.count", lang, rows=len(interp),
                 tasks=count(interp["task_id"].nunique(), lang),
                 fields=msg.text("findings.count.field", lang, count=interp["field"].nunique())),
        msg.text("findings.quality.readings.amounts", lang, field=_field(investment, lang),
                 amounts=msg.text("findings.count.amount", lang, count=amounts),
                 approx=c(investment, ReadingRule.APPROX_PREFIX),
                 undisclosed=c(investment, ReadingRule.NONE_MARKER)),
        msg.text("findings.quality.readings.scope", lang, field=_field(scope_field, lang),
                 district_wide=scope[Basis.DISTRICT_WIDE], explicit=scope[Basis.EXPLICIT],
                 from_breakdown=scope[Basis.FROM_BREAKDOWN], unspecified=scope[Basis.UNSPECIFIED]),
        msg.text("findings.quality.readings.alias", lang, field=_field(departments_field, lang),
                 count=c(departments_field, ReadingRule.ALIAS)),
        msg.text("findings.quality.readings.whole_year", lang, field=_field(whole_year_field, lang),
                 count=c(whole_year_field, ReadingRule.WHOLE_YEAR)),
    ]

    table = qual.completeness(qual.field_status(tl))
    gaps = table[(table["none_marker"] > 0) | (table["empty"] > 0)]
    completeness_lines = [msg.text(
        "findings.quality.completeness.field", lang, field=_field(r.field, lang), filled=r.filled,
        none_marker=r.none_marker, empty=r.empty, tasks=r.tasks,
    ) for r in gaps.itertuples()]
    complete = len(table) - len(gaps)
    completeness_lines.append(msg.text("findings.quality.completeness.complete", lang, complete=complete,
                                       fields=len(table)))
    return {
        "problems": bullets(problem_lines),
        "totals": bullets(total_lines),
        "names": bullets(name_lines(tl, lang)),
        "interpretations": bullets(interpretation_lines),
        "completeness": bullets(completeness_lines),
    }


def _fields(fields, lang: str) -> str:
    return join([name_in("field", f, lang) for f in fields], lang)


def name_lines(tl, lang: str = "zh") -> list[str]:
    """Sentences on place names that disagree between a task's fields (:mod:`qpanalysis.analysis.consistency`).

    Example:
        >>> import qpanalysis as qp
        >>> print(name_lines(qp.load(), "zh")[1])
        任务2（加强乡村风貌保护设计）：建设规模写“金泽山深单元”，而上半年目标、第三季度目标、第四季度目标写另一单元“西岑单元”，没有一个字段同时提到两者。
    """
    check_lang(lang)
    mentions = cons.name_mentions(tl.tasks)
    pairs = cons.name_disagreements(mentions)
    kinds = join_or([labels.label("place_kind", k, lang) for k in cons.PLACE_KINDS], lang)
    if pairs.empty:
        return [msg.text("findings.quality.names.none", lang, kinds=kinds)]
    lines = [msg.text(
        "findings.quality.names.found", lang, count=pairs["task_id"].nunique(),
        pairs=msg.text("findings.count.pair", lang, count=len(pairs)), kinds=kinds,
    )]
    for row in pairs.itertuples():
        lines.append(msg.text(
            "findings.quality.names.pair", lang, count=len(row.fields), task=_cap(task_ref(tl, row.task_id, lang)),
            fields=_fields(row.fields, lang), place=md(row.place), kind=labels.label("place_kind", row.kind, lang),
            other_fields=_fields(row.other_fields, lang), other_place=md(row.other_place),
        ))
    return lines
