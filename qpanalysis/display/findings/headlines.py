"""What the reports' front page states about the list: each headline with the convention it rests on."""

from __future__ import annotations

from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import investment as inv
from qpanalysis.analysis import quarter_summary as qs
from qpanalysis.analysis import quarterly as qtr
from qpanalysis.codes import Basis, Period, Reading
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import md
from qpanalysis.display.findings.identity import name_in
from qpanalysis.display.findings.words import big_amount, bullets, count, join, pct, rounded_big, task_ids
from qpanalysis.ingest.reference import load_reference


def investment_headline(tl, lang: str = "zh") -> str:
    """The disclosed total as a headline: multi-year project investment, ≈ and the approximate share.

    A total that includes an amount given as approximate (约) is stated with ≈ and to
    three significant figures in the larger unit (:func:`rounded_big`); an exact total as
    the report states it.

    Example:
        >>> import qpanalysis as qp
        >>> print(investment_headline(qp.load(), "zh"))  # doctest: +ELLIPSIS
        已披露总投资≈36.2亿元，多为多年合计的项目总投资（非年度支出），其中19.8%为“约”数；来自9项...
    """
    check_lang(lang)
    disclosure = inv.investment_disclosure(tl).set_index("status")
    n_exact, n_approx = int(disclosure.at["exact", "tasks"]), int(disclosure.at["approximate", "tasks"])
    n_none = int(disclosure.at["not-disclosed", "tasks"])
    if not n_exact + n_approx:
        return msg.text("findings.investment.none", lang, n=len(tl.tasks))
    total = inv.disclosed_total(tl)
    if n_approx:
        amount = rounded_big(total, lang)
        approx = msg.text("findings.headline.investment.approx", lang,
                          share=pct(float(disclosure.at["approximate", "share_of_disclosed"])))
    else:
        amount, approx = big_amount(total, lang), ""
    return msg.text(
        "findings.headline.investment", lang, total=amount, approx=approx, n=len(tl.tasks),
        disclosed=msg.text("findings.investment.total.disclosed", lang, count=n_exact + n_approx),
        none=msg.text("findings.investment.total.none", lang, count=n_none),
    )


def _reading_result(default: dict, other: dict, lang: str) -> str:
    """What one other reading makes of the quarter's milestones and tasks (or that it changes nothing)."""
    keys = ("n_milestones_due", "n_tasks_with_milestones_due")
    if all(default[k] == other[k] for k in keys):
        return msg.text("findings.headline.milestones.unchanged", lang)
    return msg.text("findings.headline.milestones.changed", lang, count=other["n_milestones_due"],
                    tasks=count(other["n_tasks_with_milestones_due"], lang))


def milestones_headline(tl, quarter: str = Period.H1, lang: str = "zh") -> str:
    """The quarter's milestones due as a headline: the default reading, and what each other reading makes of it.

    Example:
        >>> import qpanalysis as qp
        >>> print(milestones_headline(qp.load(), "H1", "zh"))
        按默认解读，上半年共有32个里程碑到期，涉及30项任务；若把只填写上半年目标的11项任务按字面读作上半年目标，则为43个里程碑、41项任务；若把任务28的计划完成时间读作计划年度的同一月份（2025.11 → 2026.11），则为30个里程碑、30项任务。
    """
    check_lang(lang)
    numbers = {reading: qs.summary(tl, quarter, reading=reading)
               for reading in (Reading.DEFAULT, Reading.H1_LITERAL, Reading.DUE_IN_PLAN_YEAR)}
    default = numbers[Reading.DEFAULT]
    clauses = []
    h1_only = qtr.whole_year_targets(tl)
    if len(h1_only):
        clauses.append(msg.text("findings.headline.milestones.h1_only", lang, count=len(h1_only),
                                result=_reading_result(default, numbers[Reading.H1_LITERAL], lang)))
    early = qtr.outside_plan_year(tl)
    early = early[[p.year < tl.plan_year for p in early["due"]]]
    if len(early):
        moved = join([f"{md(raw)} → {tl.plan_year}.{p.month}" for raw, p in zip(early["due_raw"], early["due"])], lang)
        clauses.append(msg.text("findings.headline.milestones.early", lang, tasks=task_ids(early.index, lang),
                                moved=moved, result=_reading_result(default, numbers[Reading.DUE_IN_PLAN_YEAR], lang)))
    return msg.text("findings.headline.milestones", lang, count=default["n_milestones_due"],
                    quarter=labels.quarter_name(quarter, lang), tasks=count(default["n_tasks_with_milestones_due"], lang),
                    readings="".join(clauses))


def towns_headline(tl, lang: str = "zh") -> str:
    """Tasks per town as a headline: the most and the fewest, how many of those are district-wide, and
    that the counts are lower bounds when some tasks name no town.

    Example:
        >>> import qpanalysis as qp
        >>> print(towns_headline(qp.load(), "zh"))
        涉及任务最多的街镇：练塘镇、金泽镇（各25项）；最少：盈浦街道（16项，其中15项为全区任务）。这些是下限：另有12项任务未指明街镇，不计入任何街镇。
    """
    check_lang(lang)
    district = list(load_reference().district_towns)
    cells = cov.coverage_cells(tl.towns, tl.tasks)
    per_town = cov.tasks_per_town(cells)
    in_district = per_town[per_town["town"].isin(district)]
    if in_district.empty or not in_district["total"].max():
        return ""
    top = in_district[in_district["total"] == in_district["total"].max()]
    low = in_district[in_district["total"] == in_district["total"].min()]
    each = msg.text("findings.coverage.towns.each", lang)
    names = lambda rows: join([name_in("town", t, lang) for t in rows["town"]], lang)  # noqa: E731
    wide = int(low["district_wide"].min())
    of_wide = msg.text("findings.headline.towns.of_wide", lang, count=wide) if wide else ""
    unspecified = cov.basis_counts(tl.towns)[Basis.UNSPECIFIED]
    bound = msg.text("findings.headline.towns.lower_bound", lang, count=unspecified) if unspecified else ""
    return msg.text("findings.headline.towns", lang, top=names(top), top_n=int(top["total"].iloc[0]),
                    each_top=each if len(top) > 1 else "", low=names(low), low_n=int(low["total"].iloc[0]),
                    each_low=each if len(low) > 1 else "", of_wide=of_wide, bound=bound)


def headline_findings(tl, lang: str = "zh", quarter: str = Period.H1) -> dict[str, str]:
    """The front page's headlines, per topic: ``investment``, ``milestones`` (of ``quarter``) and
    ``towns`` (Markdown bullet lists of one sentence, empty when the list has nothing to say).

    Example:
        >>> import qpanalysis as qp
        >>> sorted(headline_findings(qp.load(), "en"))
        ['investment', 'milestones', 'towns']
    """
    return {
        "investment": bullets([investment_headline(tl, lang)]),
        "milestones": bullets([milestones_headline(tl, quarter, lang)]),
        "towns": bullets([towns_headline(tl, lang)]),
    }


__all__ = ["headline_findings", "investment_headline", "milestones_headline", "towns_headline"]
