"""What the department workload report (02) states about the list."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis import investment as inv
from qpanalysis.analysis import quarterly as qtr
from qpanalysis.analysis import workload as wl
from qpanalysis.codes import LANGS, check
from qpanalysis.display import messages as msg
from qpanalysis.display.markup import md
from qpanalysis.display.findings.words import _cap, _t, bullets, count, join, month, pct, task_ids, verb, wan
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
    when = _t(lang, "早于", "before") if task["due"].year < tl.plan_year else _t(lang, "晚于", "after")
    return _t(
        lang,
        f"{task_ref(tl, task_id, lang)}的计划完成时间为“{md(task['due_raw'])}”，{when}计划年度{tl.plan_year}年。"
        "它按原文保留（不删除、不改动），单列并标出；可能是笔误，但清单没有说明。",
        f"{_cap(task_ref(tl, task_id, lang))} is due “{md(task['due_raw'])}”, {when} the plan year {tl.plan_year}. "
        "It is kept as written (not dropped, not changed) and marked; it may be a typo, but the list does not say.",
    )


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
        single = _t(lang, f"，全部来自{task_ref(tl, int(led.index[0]), lang)}",
                    f", all of it {task_ref(tl, int(led.index[0]), lang)}") if len(led) == 1 else ""
        lines.append(_t(
            lang,
            f"{dept}：牵头{count(row.lead_investment_tasks, lang)}披露金额的任务，{_amount(row, 'lead_investment_wan', lang)}"
            f"（{pct(row.lead_investment_wan / total)}）{single}；敏感性：加权{_amount(row, 'weighted_investment_wan', lang)}，"
            f"均分{_amount(row, 'equal_split_investment_wan', lang)}。",
            f"{dept}: leads {count(row.lead_investment_tasks, lang)} with an amount, "
            f"{_amount(row, 'lead_investment_wan', lang)} ({pct(row.lead_investment_wan / total)}){single}; sensitivity: "
            f"weighted {_amount(row, 'weighted_investment_wan', lang)}, equal split "
            f"{_amount(row, 'equal_split_investment_wan', lang)}.",
        ))
    co_lead_only = (investment["lead_investment_tasks"] == 0) & (investment["co_lead_investment_wan"] > 0)
    for row in investment[co_lead_only].itertuples():
        dept = name_in("department", row.department, lang)
        ids = sorted(int(t) for t in tasks.index[disclosed] if row.department in tasks.at[t, "departments"][1:])
        lines.append(_t(
            lang,
            f"{dept}不牵头任何披露金额的任务，按本报告口径名下为0；它共同牵头{task_ids(ids, lang)}"
            f"（{_amount(row, 'co_lead_investment_wan', lang)}），只在敏感性分摊中有金额：加权"
            f"{_amount(row, 'weighted_investment_wan', lang)}，均分{_amount(row, 'equal_split_investment_wan', lang)}。",
            f"{dept} leads no task with an amount, so it has none under the reports' convention; it co-leads "
            f"{task_ids(ids, lang)} ({_amount(row, 'co_lead_investment_wan', lang)}) and has an amount only in the "
            f"sensitivity splits: weighted {_amount(row, 'weighted_investment_wan', lang)}, equal split "
            f"{_amount(row, 'equal_split_investment_wan', lang)}.",
        ))
    # a department leading no disclosed task has nothing as lead: 0 in the gap between conventions
    gap = (investment["lead_investment_wan"].fillna(0.0) - investment["weighted_investment_wan"]).abs()
    if len(gap) and gap.max() > inv.TOLERANCE_WAN:
        row = next(investment.loc[[gap.idxmax()]].itertuples())
        dept = name_in("department", row.department, lang)
        lines.append(_t(
            lang,
            f"两种口径相差最大的是{dept}：按牵头计{_amount(row, 'lead_investment_wan', lang)}，"
            f"按加权敏感性计{_amount(row, 'weighted_investment_wan', lang)}。",
            f"The two conventions differ most for {dept}: {_amount(row, 'lead_investment_wan', lang)} as lead, "
            f"{_amount(row, 'weighted_investment_wan', lang)} in the weighted sensitivity split.",
        ))
    else:
        lines.append(_t(lang, "没有任务列出共同牵头部门并披露金额，因此敏感性分摊与按牵头计的金额相同。",
                        "No task with an amount lists a co-lead, so the sensitivity splits equal the amounts as lead."))
    return lines


def workload_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the workload report states, per section: ``tasks``, ``investment``, ``network``,
    ``deadlines`` and ``caveats`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(workload_findings(qp.load(), "en")["tasks"].splitlines()[0])
        - 41 tasks involve 21 departments; 12 tasks list several departments, with 17 co-lead listings.
    """
    check(lang, LANGS, "lang")
    tasks, departments = tl.tasks, tl.departments
    n = len(tasks)
    workload = wl.department_workload(departments)
    per_task = departments.groupby("task_id").size()
    multi, co_leads = int((per_task > 1).sum()), int(workload["tasks_co_lead"].sum())
    task_lines = [_t(
        lang,
        f"{n}项任务共涉及{len(workload)}个部门；{multi}项任务列出多个部门，共同牵头{co_leads}次。",
        f"{count(n, lang)} {verb(n, 'involves', 'involve')} {msg.text('findings.count.department', lang, count=len(workload))}; "
        f"{count(multi, lang)} {verb(multi, 'lists', 'list')} "
        f"several departments, with {co_leads} co-lead listing{'' if co_leads == 1 else 's'}.",
    )]
    for row in workload.head(TOP_DEPARTMENTS).itertuples():
        dept = name_in("department", row.department, lang)
        task_lines.append(_t(
            lang,
            f"{dept}：牵头{row.tasks_lead}项，共同牵头{row.tasks_co_lead}项，加权份额{row.weighted_share:.2f}"
            f"（占{row.weighted_share_pct:.1f}%），均分份额{row.equal_split_share:.2f}。",
            f"{dept}: leads {row.tasks_lead}, co-leads {row.tasks_co_lead}; weighted share {row.weighted_share:.2f} "
            f"({row.weighted_share_pct:.1f}%), equal-split share {row.equal_split_share:.2f}.",
        ))
    task_lines.append(_t(lang, f"加权份额与均分份额之和都等于任务数{n}。",
                         f"The weighted and the equal-split shares both add up to the {n} tasks."))

    disclosed = tasks["investment_wan"].notna()
    approx_ids = tasks.index[tasks["investment_is_approx"].astype(bool) & disclosed]
    if disclosed.any():
        approx_zh = f"，其中{task_ids(approx_ids, 'zh')}为约数（原文带“约”）" if len(approx_ids) else ""
        approx_en = f"; {task_ids(approx_ids, 'en')} approximate (约)" if len(approx_ids) else ""
        investment_lines = [_t(
            lang,
            f"{n}项任务中只有{int(disclosed.sum())}项披露了总投资，合计{wan(tasks['investment_wan'].sum(), lang)}{approx_zh}；"
            "未披露的任务不计为0，而是不在统计范围内。",
            f"Only {int(disclosed.sum())} of the {n} tasks {verb(int(disclosed.sum()), 'discloses', 'disclose')} "
            "a total investment, "
            f"{wan(tasks['investment_wan'].sum(), lang)} in all{approx_en}; tasks without one are left out, not "
            "counted as zero.",
        )]
        investment = wl.department_investment(departments, tasks)
        investment_lines += _department_investment_sentences(tl, investment, lang)
    else:
        investment_lines = [_t(lang, f"{n}项任务都没有披露总投资，因此各部门名下没有可统计的投资。",
                               f"None of the {n} tasks discloses a total investment, so no department has any to count.")]

    edges = wl.co_lead_edges(departments)
    if len(edges):
        groups = _groups(edges)
        linked = set().union(*groups)
        network_lines = [_t(
            lang,
            f"{len(edges)}对部门共同牵头过任务，共{int(edges['shared_tasks'].sum())}个部门对×任务；"
            f"{len(linked)}个部门有伙伴，分为{len(groups)}组。",
            f"{len(edges)} pair{'' if len(edges) == 1 else 's'} of departments share a task, "
            f"{int(edges['shared_tasks'].sum())} pair-task links; {msg.text('findings.count.department', lang, count=len(linked))} "
            f"{verb(len(linked), 'has', 'have')} a partner, in {msg.text('findings.count.group', lang, count=len(groups))}.",
        )]
        most = edges[edges["shared_tasks"] == edges["shared_tasks"].max()]
        if most["shared_tasks"].iloc[0] == 1:
            most = most.iloc[0:0]
            network_lines.append(_t(lang, "每对部门只共同牵头1项任务。", "No two departments share more than one task."))
        for row in most.itertuples():
            a, b = name_in("department", row.department_a, lang), name_in("department", row.department_b, lang)
            ids = [int(i) for i in row.task_ids.split(", ")]
            network_lines.append(_t(lang, f"最常共同牵头：{a}与{b}，{row.shared_tasks}项（{task_ids(ids, lang)}）。",
                                    f"Most shared: {a} and {b}, {count(row.shared_tasks, lang)} ({task_ids(ids, lang)})."))
        alone = sorted(set(workload["department"]) - linked)
        if alone:
            names = join([name_in("department", d, lang) for d in alone], lang)
            network_lines.append(_t(lang, f"只单独牵头的部门：{names}。", f"Departments that only lead alone: {names}."))
    else:
        network_lines = [_t(lang, "没有任务列出多个部门，因此没有共同牵头的部门。",
                            "No task lists more than one department, so no departments lead together.")]

    by_month = tasks["due"].value_counts().sort_index()
    deadline_lines = [_t(lang, "按计划完成月份的任务数：", "Tasks by due month: ") + _t(lang, "；", "; ").join(
        f"{month(m, lang)}{_t(lang, '：', ': ')}{count(int(k), lang)}" for m, k in by_month.items()
    ) + _t(lang, "。", ".")]
    outside = qtr.outside_plan_year(tl)
    deadline_lines += [_due_outside_sentence(tl, int(t), lang) for t in outside.index]

    caveat_lines = []
    aliased = departments[departments["raw_name"] != departments["department"]]
    for row in aliased.itertuples():
        caveat_lines.append(_t(
            lang, f"任务{row.task_id}的牵头部门写作“{md(row.raw_name)}”，按别名读为{md(row.department)}。",
            f"Task {row.task_id} writes a short form ({md(row.raw_name)}), read as {name_in('department', row.department, 'en')}.",
        ))
    caveat_lines.append(investment_lines[0])
    caveat_lines += [_t(lang, f"{task_ref(tl, int(t), lang)}的计划完成时间{md(tasks.at[t, 'due_raw'])}按原文保留并标出。",
                        f"The due month {md(tasks.at[t, 'due_raw'])} of {task_ref(tl, int(t), lang)} is kept as written and marked.")
                     for t in outside.index]
    return {
        "tasks": bullets(task_lines),
        "investment": bullets(investment_lines),
        "network": bullets(network_lines),
        "deadlines": bullets(deadline_lines),
        "caveats": bullets(caveat_lines),
    }
