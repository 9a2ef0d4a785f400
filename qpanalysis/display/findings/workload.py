"""What the department workload report (02) states about the list."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis import allocation as alloc
from qpanalysis.analysis import investment as inv
from qpanalysis.analysis import quarterly as qtr
from qpanalysis.analysis import workload as wl
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import md
from qpanalysis.display.findings.words import _cap, bullets, count, join, month, pct, task_ids, wan
from qpanalysis.display.findings.identity import name_in, task_ref

# How many departments the workload sections name (the busiest first).
TOP_DEPARTMENTS = 3


def _groups(edges: pd.DataFrame) -> list[set]:
    """Connected groups of departments joined by shared tasks."""
    groups: list[set] = []
    for a, b in zip(edges["department_a"], edges["department_b"]):
        touching = [g for g in groups if a in g or b in g]
        merged = {a, b}.union(*touching)
        groups = [g for g in groups if g not in touching] + [merged]
    return groups


def _due_outside_sentence(tl, task_id: int, lang: str) -> str:
    task = tl.tasks.loc[task_id]
    relation = msg.text("findings.word.before" if task["due"].year < tl.plan_year else "findings.word.after", lang)
    return msg.text("findings.workload.due_outside", lang, task=_cap(task_ref(tl, task_id, lang)),
                    due=md(task["due_raw"]), relation=relation, year=tl.plan_year)


def _amount(row, column: str, lang: str) -> str:
    """An amount of a row of ``department_investment``, with 约/about when it includes an approximate one."""
    return wan(getattr(row, column), lang, approx=bool(getattr(row, inv.approx_column(column))))


def _department_investment_sentences(tl, investment: pd.DataFrame, lang: str) -> list[str]:
    """Investment per department under the reports' one convention (the lead), then the sensitivity."""
    tasks = tl.tasks
    disclosed = tasks["investment_wan"].notna()
    total = float(tasks["investment_wan"].sum())
    lines = []
    for row in investment[investment["lead_investment_wan"] > 0].head(TOP_DEPARTMENTS).itertuples():
        dept = name_in("department", row.department, lang)
        led = tasks[(tasks["lead_department"] == row.department) & disclosed]
        single = msg.text("findings.workload.investment.single", lang,
                          task=task_ref(tl, int(led.index[0]), lang)) if len(led) == 1 else ""
        lines.append(msg.text(
            "findings.workload.investment.lead", lang, dept=dept, tasks=count(row.lead_investment_tasks, lang),
            lead=_amount(row, "lead_investment_wan", lang), share=pct(row.lead_investment_wan / total), single=single,
            weighted=_amount(row, "weighted_investment_wan", lang), equal=_amount(row, "equal_split_investment_wan", lang),
        ))
    co_lead_only = (investment["lead_investment_tasks"] == 0) & (investment["co_lead_investment_wan"] > 0)
    for row in investment[co_lead_only].itertuples():
        dept = name_in("department", row.department, lang)
        ids = sorted(int(t) for t in tasks.index[disclosed] if row.department in tasks.at[t, "departments"][1:])
        lines.append(msg.text(
            "findings.workload.investment.co_lead_only", lang, dept=dept, tasks=task_ids(ids, lang),
            co_lead=_amount(row, "co_lead_investment_wan", lang), weighted=_amount(row, "weighted_investment_wan", lang),
            equal=_amount(row, "equal_split_investment_wan", lang),
        ))
    # a department leading no disclosed task has nothing as lead: 0 in the gap between conventions
    gap = (investment["lead_investment_wan"].fillna(0.0) - investment["weighted_investment_wan"]).abs()
    if len(gap) and gap.max() > alloc.TOLERANCE_WAN:
        row = next(investment.loc[[gap.idxmax()]].itertuples())
        lines.append(msg.text(
            "findings.workload.investment.gap", lang, dept=name_in("department", row.department, lang),
            lead=_amount(row, "lead_investment_wan", lang), weighted=_amount(row, "weighted_investment_wan", lang),
        ))
    else:
        lines.append(msg.text("findings.workload.investment.no_co_lead", lang))
    return lines


def workload_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the workload report states, per section: ``tasks``, ``investment``, ``network``,
    ``deadlines`` and ``caveats`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(workload_findings(qp.load(), "en")["tasks"].splitlines()[0])
        - 41 tasks involve 21 departments; 12 tasks list several departments, with 17 co-lead listings.
    """
    check_lang(lang)
    tasks, departments = tl.tasks, tl.departments
    n = len(tasks)
    workload = wl.department_workload(departments)
    per_task = departments.groupby("task_id").size()
    multi, co_leads = int((per_task > 1).sum()), int(workload["tasks_co_lead"].sum())
    task_lines = [msg.text(
        "findings.workload.tasks.summary", lang,
        involve=msg.text("findings.workload.tasks.involve", lang, count=n,
                         departments=msg.text("findings.count.department", lang, count=len(workload))),
        several=msg.text("findings.workload.tasks.several", lang, count=multi),
        co_leads=msg.text("findings.workload.tasks.co_leads", lang, count=co_leads),
    )]
    for row in workload.head(TOP_DEPARTMENTS).itertuples():
        task_lines.append(msg.text(
            "findings.workload.tasks.department", lang, dept=name_in("department", row.department, lang),
            lead=row.tasks_lead, co_lead=row.tasks_co_lead, weighted=f"{row.weighted_share:.2f}",
            weighted_pct=f"{row.weighted_share_pct:.1f}", equal=f"{row.equal_split_share:.2f}",
        ))
    task_lines.append(msg.text("findings.workload.tasks.shares_add_up", lang, n=n))

    disclosed = tasks["investment_wan"].notna()
    approx_ids = tasks.index[tasks["investment_is_approx"].astype(bool) & disclosed]
    if disclosed.any():
        approx = msg.text("findings.workload.investment.approx", lang,
                          tasks=task_ids(approx_ids, lang)) if len(approx_ids) else ""
        investment_lines = [msg.text(
            "findings.workload.investment.disclosed", lang, count=int(disclosed.sum()), n=n,
            total=wan(tasks["investment_wan"].sum(), lang), approx=approx,
        )]
        investment = wl.department_investment(departments, tasks)
        investment_lines += _department_investment_sentences(tl, investment, lang)
    else:
        investment_lines = [msg.text("findings.workload.investment.none", lang, n=n)]

    edges = wl.co_lead_edges(departments)
    if len(edges):
        groups = _groups(edges)
        linked = set().union(*groups)
        network_lines = [msg.text(
            "findings.workload.network.summary", lang,
            pairs=msg.text("findings.workload.network.pairs", lang, count=len(edges),
                           links=int(edges["shared_tasks"].sum())),
            linked=msg.text("findings.workload.network.linked", lang, count=len(linked),
                            groups=msg.text("findings.count.group", lang, count=len(groups))),
        )]
        most = edges[edges["shared_tasks"] == edges["shared_tasks"].max()]
        if most["shared_tasks"].iloc[0] == 1:
            most = most.iloc[0:0]
            network_lines.append(msg.text("findings.workload.network.one_each", lang))
        for row in most.itertuples():
            ids = [int(i) for i in row.task_ids.split(", ")]
            network_lines.append(msg.text(
                "findings.workload.network.most", lang, a=name_in("department", row.department_a, lang),
                b=name_in("department", row.department_b, lang), shared=count(row.shared_tasks, lang),
                tasks=task_ids(ids, lang),
            ))
        alone = sorted(set(workload["department"]) - linked)
        if alone:
            names = join([name_in("department", d, lang) for d in alone], lang)
            network_lines.append(msg.text("findings.workload.network.alone", lang, names=names))
    else:
        network_lines = [msg.text("findings.workload.network.none", lang)]

    by_month = tasks["due"].value_counts().sort_index()
    months = msg.text("findings.workload.deadlines.separator", lang).join(
        msg.text("findings.workload.deadlines.month", lang, month=month(m, lang), tasks=count(int(k), lang))
        for m, k in by_month.items()
    )
    deadline_lines = [msg.text("findings.workload.deadlines.by_month", lang, months=months)]
    outside = qtr.outside_plan_year(tl)
    deadline_lines += [_due_outside_sentence(tl, int(t), lang) for t in outside.index]

    caveat_lines = []
    aliased = departments[departments["raw_name"] != departments["department"]]
    for row in aliased.itertuples():
        caveat_lines.append(msg.text(
            "findings.workload.caveats.alias", lang, task_id=row.task_id, raw=md(row.raw_name),
            dept=name_in("department", row.department, lang),
        ))
    caveat_lines.append(investment_lines[0])
    caveat_lines += [msg.text("findings.workload.caveats.outside", lang, due=md(tasks.at[t, "due_raw"]),
                              task=task_ref(tl, int(t), lang)) for t in outside.index]
    return {
        "tasks": bullets(task_lines),
        "investment": bullets(investment_lines),
        "network": bullets(network_lines),
        "deadlines": bullets(deadline_lines),
        "caveats": bullets(caveat_lines),
    }
