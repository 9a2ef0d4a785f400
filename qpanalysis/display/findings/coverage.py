"""What the town coverage report (03) states about the list."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import quality as qual
from qpanalysis.codes import LANGS, TOWN_BASES, TOWN_UNSPECIFIED, check
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display.markup import md
from qpanalysis.ingest.reference import load_reference
from qpanalysis.display.findings.words import _cap, _t, bullets, count, join, number, task_ids, verb
from qpanalysis.display.findings.identity import metric_ref, name_in, task_ref

# English of the scope words that name no town in particular.
SCOPE_EN = {"相关街镇": "the towns concerned"}


def coverage_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the town coverage report states, per section: ``basis``, ``unspecified``,
    ``towns``, ``named``, ``quantities``, ``tiles`` and ``caveats`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(coverage_findings(qp.load(), "en")["quantities"].splitlines()[1])
        - Task 7 Rural parking lots (units): 250 in 10 towns; the goal states 250.
    """
    check(lang, LANGS, "lang")
    ref = load_reference()
    district = list(ref.district_towns)
    n_district = len(district)
    cells = cov.coverage_cells(tl.towns, tl.tasks)
    by_basis = cov.tasks_by_basis(cells).set_index("basis")
    n = cov.basis_counts(tl.towns)  # the one count the quality report and the index page state too
    links = {b: int(by_basis.at[b, "links"]) for b in TOWN_BASES}
    outside = [t for t in cov.town_order(cells[cells["town"] != TOWN_UNSPECIFIED]) if t not in district
               and t in set(cells["town"])]
    named = cov.named_tasks(cells).set_index("town")["task_ids"]

    basis_lines = [_t(
        lang,
        f"涉及范围明确列出街镇的任务{n['explicit']}项（{links['explicit']}个任务–街镇关联）；"
        f"全区任务{n['district-wide']}项（每项计全部{n_district}个街镇，共{links['district-wide']}个关联）；"
        f"由建设规模分街镇数推得街镇的任务{n['from-breakdown']}项（{links['from-breakdown']}个关联）；"
        f"未指明街镇的任务{n['unspecified']}项。共{len(tl.tasks)}项。",
        f"Towns named in the scope: {count(n['explicit'], lang)} ({links['explicit']} task-town links); district-wide, "
        f"all {n_district} towns each: {count(n['district-wide'], lang)} "
        f"({links['district-wide']} links); towns from a per-town breakdown of the scale: "
        f"{count(n['from-breakdown'], lang)} ({links['from-breakdown']} links); no town specified: "
        f"{count(n['unspecified'], lang)}. {len(tl.tasks)} in all.",
    )]
    by_text = cov.district_wide_by_text(tl.tasks, cells)
    for row in by_text.itertuples():
        basis_lines.append(_t(
            lang, f"{task_ref(tl, row.task_id, lang)}的涉及范围没有指明地点（“{md(tl.tasks.at[row.task_id, 'scope'])}”），"
                  f"但{md(row.field)}写“{md(row.word)}”，因此按全区任务计入全部{n_district}个街镇；这一依据是从文字推断的。",
            f"{_cap(task_ref(tl, row.task_id, lang))} names no place in its scope, but its "
            f"{name_in('field', row.field, 'en').lower()} says “the whole district” ({md(row.word)}), so it counts as district-wide, "
            f"in all {n_district} towns: a basis inferred from the text.",
        ))
    for place in outside:
        basis_lines.append(_t(
            lang, f"{md(place)}（{task_ids(named[place], lang)}）不属于全区{n_district}个街镇，全区任务不计入它。",
            f"{name_in('town', place, lang)} ({task_ids(named[place], lang)}) is not one of the district's "
            f"{n_district} towns, so district-wide tasks do not count for it.",
        ))

    unspecified = cov.unspecified_tasks(cells)
    if len(unspecified):
        unspecified_lines = [_t(lang, f"未指明街镇的任务共{len(unspecified)}项：{task_ids(unspecified['task_id'], lang)}。",
                                f"{count(len(unspecified), lang)} name no town: {task_ids(unspecified['task_id'], lang)}.")]
        scope = tl.tasks.loc[unspecified["task_id"], "scope"].str.strip()
        slash = scope.index[scope == "/"]
        empty = labels.label("problem_kind", "empty-field", lang)
        for task_id in slash:
            unspecified_lines.append(_t(
                lang, f"{task_ref(tl, int(task_id), lang)}的涉及范围为“/”，读取时记为问题（{empty}）。",
                f"{_cap(task_ref(tl, int(task_id), lang))} has the scope \"/\", recorded as a problem ({empty}).",
            ))
        related = scope[scope != "/"]
        if len(related):
            words = related.unique()
            known = len(words) == 1 and words[0] in SCOPE_EN
            unspecified_lines.append(_t(
                lang,
                f"{'其余' if len(slash) else '这'}{len(related)}项的涉及范围为{join([f'“{md(w)}”' for w in words], lang)}，"
                "而建设规模没有按街镇分解。",
                (f"{'The other' if len(slash) else 'All'} {len(related)} say “{SCOPE_EN[words[0]]}” ({md(words[0])})" if known
                 else f"{'The other' if len(slash) else 'All'} {len(related)} give a scope that names no town")
                + " and break nothing down by town in the scale.",
            ))
    else:
        unspecified_lines = [_t(lang, "每项任务都落到了具体街镇。", "Every task reaches at least one named town.")]

    per_town = cov.tasks_per_town(cells)
    in_district = per_town[per_town["town"].isin(district)]
    top = in_district[in_district["total"] == in_district["total"].max()]
    low = in_district[in_district["total"] == in_district["total"].min()]
    town_names = lambda rows: join([name_in("town", t, lang) for t in rows["town"]], lang)  # noqa: E731
    each_zh, each_en = ("各" if len(top) > 1 else ""), (" each" if len(top) > 1 else "")
    low_zh, low_en = ("各" if len(low) > 1 else ""), (" each" if len(low) > 1 else "")
    town_lines = [
        _t(lang, f"涉及任务最多的街镇：{town_names(top)}（{each_zh}{top['total'].iloc[0]}项）；"
                 f"最少：{town_names(low)}（{low_zh}{low['total'].iloc[0]}项）。",
           f"Most tasks: {town_names(top)} ({top['total'].iloc[0]}{each_en}); "
           f"fewest: {town_names(low)} ({low['total'].iloc[0]}{low_en})."),
        _t(lang, f"全区{n_district}个街镇的任务数在{in_district['total'].min()}–{in_district['total'].max()}项之间；"
                 f"其中点名该街镇的任务为{in_district['named'].min()}–{in_district['named'].max()}项。",
           f"Across the district's {n_district} towns: {in_district['total'].min()}–{in_district['total'].max()} "
           f"tasks each; tasks naming the town: {in_district['named'].min()}–{in_district['named'].max()}."),
    ]
    if n["district-wide"]:
        town_lines.append(_t(
            lang, f"{n['district-wide']}项全区任务对{n_district}个街镇各计一次，因此街镇之间的差别全部来自点名的任务。",
            f"The {count(n['district-wide'], lang)} that {verb(n['district-wide'], 'is', 'are')} district-wide "
            f"{verb(n['district-wide'], 'counts', 'count')} once for each of the {n_district} "
            "towns, so every difference between towns comes from the tasks that name them.",
        ))
    lower_bound = _t(
        lang, f"未指明街镇的{n['unspecified']}项任务不计入任何街镇，因此各街镇的任务数是下限。",
        f"The {count(n['unspecified'], lang)} that {verb(n['unspecified'], 'names', 'name')} no town "
        f"{verb(n['unspecified'], 'counts', 'count')} for none, so the per-town counts are lower bounds.",
    ) if n["unspecified"] else ""
    town_lines.append(lower_bound)
    for place in outside:
        total = int(per_town.set_index("town").at[place, "total"])
        town_lines.append(_t(lang, f"{md(place)}：{total}项任务。", f"{name_in('town', place, lang)}: {count(total, lang)}."))

    explicit = cells[cells["basis"] == "explicit"].groupby("town")["task_id"].agg(set)
    parts = tl.quantities[tl.quantities["town"].notna()]
    named_lines, unnamed = [], []
    for town in district:
        if town in explicit.index:
            continue
        rows = parts[parts["town"] == town]
        town_name = name_in("town", town, lang)
        if rows.empty:
            unnamed.append(town)
            continue
        where = _t(lang, "；", "; ").join(
            f"{task_ids([r.task_id], lang)}：{metric_ref(r.metric, r.unit, lang)} {number(r.quantity)}"
            if lang == "zh" else f"{task_ids([r.task_id], lang)}: {metric_ref(r.metric, r.unit, lang)} {number(r.quantity)}"
            for r in rows.itertuples()
        )
        named_lines.append(_t(lang, f"{md(town)}只出现在建设规模的分街镇数中（{where}），涉及范围从未列出它。",
                              f"{town_name} appears only in per-town breakdowns of the scale ({where}); no scope names it."))
    if unnamed:
        names = join([name_in("town", t, lang) for t in unnamed], lang)
        named_lines.append(_t(
            lang, f"没有任务点名{names}：" + (f"{'它们' if len(unnamed) > 1 else '它'}只经由全区任务计入。"
                                           if n["district-wide"] else "没有任务涉及。"),
            f"No task names {names}: "
            + (f"{verb(len(unnamed), 'it counts', 'they count')} only through district-wide tasks."
               if n["district-wide"] else f"no task reaches {verb(len(unnamed), 'it', 'them')}."),
        ))
    for place in outside:
        named_lines.append(_t(
            lang, f"{md(place)}只由{task_ids(named[place], lang)}点名，不属于全区{n_district}个街镇，因此全区任务不计入它。",
            f"{name_in('town', place, lang)} is named only by {task_ids(named[place], lang)} and is not one of the "
            f"district's {n_district} towns, so no district-wide task counts for it.",
        ))
    if not named_lines:
        named_lines.append(_t(lang, f"全区{n_district}个街镇都至少在一项任务的涉及范围中被列出。",
                              f"Each of the district's {n_district} towns is named in the scope of at least one task."))

    totals = qual.totals_comparison(tl)
    if len(totals):
        metrics = _t(lang, "、", ", ").join(
            f"{metric_ref(r.metric, r.unit, lang)}（{task_ids([r.task_id], lang)}）" if lang == "zh"
            else f"{metric_ref(r.metric, r.unit, lang)} ({task_ids([r.task_id], lang)})"
            for r in totals.itertuples()
        )
        quantity_lines = [_t(lang, f"建设规模按街镇分解的指标共{len(totals)}项：{metrics}。",
                             f"The scale breaks {msg.text('findings.count.metric', lang, count=len(totals))} down by town: {metrics}.")]
        for r in totals.itertuples():
            metric = metric_ref(r.metric, r.unit, lang)
            stated = (_t(lang, f"建设目标写明{number(r.stated_total)}", f"the goal states {number(r.stated_total)}")
                      if pd.notna(r.stated_total) else _t(lang, "建设目标没有写明合计", "the goal states no total"))
            quantity_lines.append(_t(
                lang, f"{task_ids([r.task_id], lang)} {metric}：{r.towns}个街镇合计{number(r.breakdown_sum)}；{stated}。",
                f"{_cap(task_ids([r.task_id], lang))} {metric}: {number(r.breakdown_sum)} in "
                f"{msg.text('findings.count.town', lang, count=r.towns)}; {stated}.",
            ))
        mismatches = [_t(
            lang, f"{task_ids([r.task_id], lang)}的{metric_ref(r.metric, r.unit, lang)}分街镇数合计"
                  f"{number(r.breakdown_sum)}，而建设目标写{number(r.stated_total)}；两者均按原文保留。",
            f"{_cap(task_ids([r.task_id], lang))}'s {metric_ref(r.metric, r.unit, lang)} add up to "
            f"{number(r.breakdown_sum)} by town, while the goal states {number(r.stated_total)}; both are kept as published.",
        ) for r in totals[totals["status"] == "mismatch"].itertuples()]
        quantity_lines += mismatches
    else:
        mismatches = []
        quantity_lines = [_t(lang, "建设规模中没有按街镇分解的数量。", "The scale breaks no quantity down by town.")]

    tile_lines = [_t(lang, "任务数示意图按点名各街镇的任务数着色，色阶从0开始。",
                     "The task tile map is coloured by the tasks that name each town, on a scale from 0.")]
    few = in_district[in_district["named"] == in_district["named"].min()]
    many = in_district[in_district["named"] == in_district["named"].max()]
    if len(in_district) > 1 and in_district["named"].min() != in_district["named"].max():
        named_min, named_max = int(few["named"].iloc[0]), int(many["named"].iloc[0])
        tile_lines.append(_t(
            lang, f"点名最少的是{town_names(few)}（{named_min}项），最多的是{town_names(many)}（{named_max}项）"
                  + (f"；加上每个街镇都有的{n['district-wide']}项全区任务，分别为{named_min + n['district-wide']}项和"
                     f"{named_max + n['district-wide']}项。" if n["district-wide"] else "。"),
            f"Fewest tasks naming the town: {town_names(few)} ({named_min}); most: {town_names(many)} ({named_max})"
            + (f"; with the {count(n['district-wide'], lang)} that every town shares as district-wide, "
               f"{named_min + n['district-wide']} and {named_max + n['district-wide']}." if n["district-wide"] else "."),
        ))
    no_tile = ref.towns.loc[ref.towns["tile_row"].isna(), "town"]
    shown = [t for t in outside if t in set(no_tile)]
    if shown:
        tile_lines.append(_t(lang, f"{join(map(md, shown), lang)}没有方块位置，在图注中列出。",
                             f"{join([name_in('town', t, lang) for t in shown], lang)} has no tile and is listed in the note."))
    quantities = cov.town_quantities(tl.quantities)
    for (task_id, metric, unit), part in quantities.groupby(["task_id", "metric", "unit"], sort=False):
        values = part.set_index("town")["quantity"]
        missing = [t for t in part.loc[~part["in_breakdown"], "town"] if t in district]
        listed = values[part.set_index("town")["in_breakdown"]]
        most = listed[listed == listed.max()].index
        sentence = _t(
            lang,
            f"{metric_ref(metric, unit, lang)}（{task_ids([task_id], lang)}）：合计{number(values.sum())}；",
            f"{metric_ref(metric, unit, lang)} ({task_ids([task_id], lang)}): {number(values.sum())} in all; ",
        ) + (_t(
            lang, f"列入分解的{len(listed)}个街镇各{number(listed.max())}",
            f"{number(listed.max())} in each of the {len(listed)} towns of the breakdown",
        ) if len(most) == len(listed) else _t(
            lang, f"最多的是{join(map(md, most), lang)}（{number(listed.max())}）",
            f"most in {join([name_in('town', t, lang) for t in most], lang)} ({number(listed.max())})",
        ))
        if missing:
            sentence += _t(lang, f"；未列入分解、记为0：{join(map(md, missing), lang)}",
                           f"; not in the breakdown, shown as 0: {join([name_in('town', t, lang) for t in missing], lang)}")
        tile_lines.append(sentence + _t(lang, "。", "."))

    caveat_lines = []
    for task_id, towns, basis in cov.mentioned_towns(tl.tasks, cells):
        names = join([name_in("town", t, lang) for t in towns], lang)
        ref_task = task_ref(tl, task_id, lang)
        if basis == "district-wide":
            caveat_lines.append(_t(
                lang, f"{ref_task}的建设目标、内容或规模提到{names}，但该任务按“{n_district}个街镇”计为全区任务，不算点名这些街镇。",
                f"{_cap(ref_task)} mentions {names} in its goal, content or scale, but it counts as district-wide "
                "from its scope, not as naming these towns.",
            ))
        else:
            caveat_lines.append(_t(
                lang, f"{ref_task}的建设目标、内容或规模提到{names}，但涉及范围和分街镇数没有列出，因此不计入。",
                f"{_cap(ref_task)} mentions {names} in its goal, content or scale, but neither its scope nor a "
                "per-town breakdown names them, so they are not counted.",
            ))
    if len(by_text):
        caveat_lines.append(_t(
            lang, f"{task_ids(by_text['task_id'], lang)}按文字（{'、'.join(f'“{md(w)}”' for w in by_text['word'].unique())}）"
                  "推断为全区任务，原文的涉及范围没有指明地点。",
            f"{_cap(task_ids(by_text['task_id'], lang))} {verb(len(by_text), 'counts', 'count')} as district-wide "
            f"from the words of the text ({', '.join(map(md, by_text['word'].unique()))}: the whole district); the scope as "
            "published names no place.",
        ))
    caveat_lines += [lower_bound, *mismatches]

    return {
        "basis": bullets(basis_lines),
        "unspecified": bullets(unspecified_lines),
        "towns": bullets(town_lines),
        "named": bullets(named_lines),
        "quantities": bullets(quantity_lines),
        "tiles": bullets(tile_lines),
        "caveats": bullets(caveat_lines),
    }
