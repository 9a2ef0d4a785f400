"""What the data quality report (04) states about the list."""

from __future__ import annotations

from qpanalysis.analysis import consistency as cons
from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import quality as qual
from qpanalysis.codes import (
    BASIS_DISTRICT_WIDE, BASIS_EXPLICIT, BASIS_FROM_BREAKDOWN, BASIS_UNSPECIFIED, LANGS, check,
)
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display.markup import md
from qpanalysis.display.findings.words import _cap, _t, bullets, count, join, number, task_ids, verb
from qpanalysis.display.findings.identity import metric_ref, name_in, task_ref

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
    check(lang, LANGS, "lang")
    problems = tl.problems
    if len(problems):
        summary = qual.problem_summary(tl)
        problem_lines = [_t(
            lang,
            f"读取时共发现{len(problems)}个问题，分{len(summary)}类，涉及{problems['task_id'].nunique()}项任务。",
            f"{len(problems)} problem{'' if len(problems) == 1 else 's'} found while reading, of "
            f"{msg.text('findings.count.kind', lang, count=len(summary))}, concerning {count(problems['task_id'].nunique(), lang)}.",
        )]
        for row in summary.itertuples():
            ids = sorted(int(t) for t in problems.loc[problems["kind"] == row.kind, "task_id"].dropna())
            where = _t(lang, f"（{task_ids(ids, lang)}）", f" ({task_ids(ids, lang)})") if ids else ""
            kind = labels.label("problem_kind", row.kind, lang)
            problem_lines.append(_t(lang, f"{kind}：{row.problems}个{where}。", f"{kind}: {row.problems}{where}."))
    else:
        problem_lines = [_t(lang, "读取时没有发现问题。", "No problem was found while reading.")]

    totals = qual.totals_comparison(tl)
    if len(totals):
        status = totals["status"].value_counts()
        total_lines = [_t(
            lang,
            f"共核对{len(totals)}个分街镇分解：{status.get('agrees', 0)}个与建设目标的合计一致，"
            f"{status.get('mismatch', 0)}个不一致，{status.get('no-stated-total', 0)}个建设目标没有写明合计。",
            f"{len(totals)} per-town breakdown{'' if len(totals) == 1 else 's'} checked against the goal's total: "
            f"agree {status.get('agrees', 0)}, disagree {status.get('mismatch', 0)}, no stated total "
            f"{status.get('no-stated-total', 0)}.",
        )]
        for r in totals[totals["status"] == "mismatch"].itertuples():
            metric = metric_ref(r.metric, r.unit, lang)
            total_lines.append(_t(
                lang, f"{task_ids([r.task_id], lang)} {metric}：分街镇数之和{number(r.breakdown_sum)}，"
                      f"建设目标写明{number(r.stated_total)}（差{r.difference:+,g}）。",
                f"{_cap(task_ids([r.task_id], lang))} {metric}: the per-town figures add up to {number(r.breakdown_sum)}, "
                f"the goal states {number(r.stated_total)} (difference {r.difference:+,g}).",
            ))
        sizes = totals.assign(size=totals[["breakdown_sum", "stated_total"]].astype(float).max(axis=1))
        sizes = sizes[sizes["size"] > 0]
        if len(sizes) >= 2 and sizes["size"].max() >= WIDE_RANGE * sizes["size"].min():
            small, big = sizes.loc[sizes["size"].idxmin()], sizes.loc[sizes["size"].idxmax()]
            total_lines.append(_t(
                lang,
                f"各指标的量级差别很大（从{metric_ref(small['metric'], small['unit'], lang)}的{number(small['size'])}"
                f"到{metric_ref(big['metric'], big['unit'], lang)}的{number(big['size'])}），因此图中横轴为对数刻度。",
                f"The metrics differ greatly in size (from {number(small['size'])} "
                f"{metric_ref(small['metric'], small['unit'], lang)} to {number(big['size'])} "
                f"{metric_ref(big['metric'], big['unit'], lang)}), so the chart's axis is logarithmic.",
            ))
    else:
        total_lines = [_t(lang, "建设规模中没有按街镇分解的数字，无需核对合计。",
                          "The scale breaks no figure down by town, so there is no total to check.")]

    interp = qual.interpretations(tl)
    counts = qual.rule_counts(interp).set_index(["field", "rule"])["values"]
    c = lambda field, rule: int(counts.get((field, rule), 0))  # noqa: E731
    amounts = c("总投资(万元)", "plain-number") + c("总投资(万元)", "approx-prefix")
    scope = cov.basis_counts(tl.towns)  # the one count the coverage report and the index page state too
    interpretation_lines = [
        _t(lang, f"逐项解读共{len(interp)}行（{interp['task_id'].nunique()}项任务×{interp['field'].nunique()}个字段）。",
           f"{len(interp)} readings ({count(interp['task_id'].nunique(), lang)} × "
           f"{msg.text('findings.count.field', lang, count=interp['field'].nunique())})."),
        _t(lang, f"{_field('总投资(万元)', lang)}：{amounts}个金额（其中{c('总投资(万元)', 'approx-prefix')}个约数），"
                 f"{c('总投资(万元)', 'none-marker')}个“/”为未披露，记为未知（NaN），不记为0。",
           f"{_field('总投资(万元)', lang)}: {msg.text('findings.count.amount', lang, count=amounts)} ({c('总投资(万元)', 'approx-prefix')} approximate); "
           f"{c('总投资(万元)', 'none-marker')} \"/\" (not disclosed) kept unknown (NaN), never 0."),
        _t(lang, f"{_field('涉及范围', lang)}：全区{scope[BASIS_DISTRICT_WIDE]}项，明确列出{scope[BASIS_EXPLICIT]}项，"
                 f"由分街镇数推得{scope[BASIS_FROM_BREAKDOWN]}项，未指明{scope[BASIS_UNSPECIFIED]}项。",
           f"{_field('涉及范围', lang)}: {scope[BASIS_DISTRICT_WIDE]} district-wide, {scope[BASIS_EXPLICIT]} "
           f"named, {scope[BASIS_FROM_BREAKDOWN]} from the breakdown, {scope[BASIS_UNSPECIFIED]} unspecified."),
        _t(lang, f"{_field('牵头部门', lang)}：{c('牵头部门', 'alias')}项任务用了简称或别称。",
           f"{_field('牵头部门', lang)}: {count(c('牵头部门', 'alias'), lang)} needed an alias."),
        _t(lang, f"{_field('上半年目标', lang)}：{c('上半年目标', 'whole-year')}项任务只填写了上半年目标，其文字视为全年目标。",
           f"{_field('上半年目标', lang)}: {count(c('上半年目标', 'whole-year'), lang)} "
           f"{verb(c('上半年目标', 'whole-year'), 'fills', 'fill')} in only the H1 target, "
           "read as the whole year's."),
    ]

    table = qual.completeness(qual.field_status(tl))
    gaps = table[(table["none_marker"] > 0) | (table["empty"] > 0)]
    completeness_lines = [_t(
        lang, f"{_field(r.field, lang)}：{r.filled}项填写，{r.none_marker}项写“/”，{r.empty}项空白（共{r.tasks}项）。",
        f"{_field(r.field, lang)}: {r.filled} filled, {r.none_marker} \"/\", {r.empty} empty (of {r.tasks}).",
    ) for r in gaps.itertuples()]
    complete = len(table) - len(gaps)
    completeness_lines.append(_t(lang, f"每项任务都填写了的字段：{complete}个（共{len(table)}个）。",
                                 f"Fields every task fills: {complete} of {len(table)}."))
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
        任务2（加强乡村风貌保护设计）：建设规模写“金泽山深单元”，而上半年目标、第三季度目标、第四季度目标写“西岑单元”，没有一个字段同时提到两者。
    """
    check(lang, LANGS, "lang")
    mentions = cons.name_mentions(tl.tasks)
    pairs = cons.name_disagreements(mentions)
    words = [labels.label("place_kind", k, lang) for k in cons.PLACE_KINDS]
    kinds = "、".join(words[:-1]) + "或" + words[-1] if lang == "zh" else ", ".join(words[:-1]) + " or " + words[-1]
    if pairs.empty:
        return [_t(lang, f"各项任务的字段之间没有互相矛盾的地名（{kinds}）。",
                   f"No task names one place ({kinds}) in some fields and another of the same kind in the others.")]
    lines = [_t(
        lang, f"{pairs['task_id'].nunique()}项任务的字段之间地名不一致，共{len(pairs)}处：一个字段写某个{kinds}，"
              "其他字段写另一个同类地名，且没有一个字段同时提到两者。这可能是笔误，也可能是同一地点的两种叫法，需对照原文核实。",
        f"{count(pairs['task_id'].nunique(), lang)} name{verb(pairs['task_id'].nunique(), 's', '')} places that "
        f"disagree between fields ({msg.text('findings.count.pair', lang, count=len(pairs))}): one field names a {kinds}, "
        "the others another of the same kind, and no field mentions both. It may be a typo or two names for one "
        "place: check against the source.",
    )]
    for row in pairs.itertuples():
        kind = labels.label("place_kind", row.kind, lang)
        lines.append(_t(
            lang, f"{task_ref(tl, row.task_id, lang)}：{_fields(row.fields, lang)}写“{md(row.place)}”，而"
                  f"{_fields(row.other_fields, lang)}写“{md(row.other_place)}”，没有一个字段同时提到两者。",
            f"{_cap(task_ref(tl, row.task_id, lang))}: the {_fields(row.fields, lang)} "
            f"{verb(len(row.fields), 'names', 'name')} one {kind} ({md(row.place)}), the "
            f"{_fields(row.other_fields, lang)} another ({md(row.other_place)}); no field mentions both.",
        ))
    return lines
