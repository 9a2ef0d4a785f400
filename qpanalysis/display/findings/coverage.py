"""What the town coverage report (03) states about the list."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import quality as qual
from qpanalysis.codes import TOWN_BASES, Basis, ProblemKind, TotalsStatus, TownBucket
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import md
from qpanalysis.ingest.reference import load_reference
from qpanalysis.display.findings.words import _cap, bullets, count, join, number, task_ids
from qpanalysis.display.findings.identity import metric_ref, name_in, task_ref

# The scope word that names no town in particular, as the bundled list writes it: the reports
# explain it (findings.coverage.scope.towns_concerned); any other such word is quoted as written.
TOWNS_CONCERNED = "相关街镇"


def coverage_findings(tl, lang: str = "zh") -> dict[str, str]:
    """What the town coverage report states, per section: ``basis``, ``unspecified``,
    ``towns``, ``named``, ``quantities``, ``tiles`` and ``caveats`` (Markdown bullet lists).

    Example:
        >>> import qpanalysis as qp
        >>> print(coverage_findings(qp.load(), "en")["quantities"].splitlines()[1])
        - Task 7 Rural parking lots (units): 250 in 10 towns; the goal states 250.
    """
    check_lang(lang)
    ref = load_reference()
    district = list(ref.district_towns)
    n_district = len(district)
    cells = cov.coverage_cells(tl.towns, tl.tasks)
    by_basis = cov.tasks_by_basis(cells).set_index("basis")
    n = cov.basis_counts(tl.towns)  # the one count the quality report and the index page state too
    links = {b: int(by_basis.at[b, "links"]) for b in TOWN_BASES}
    outside = [t for t in cov.town_order(cells[cells["town"] != TownBucket.UNSPECIFIED]) if t not in district
               and t in set(cells["town"])]
    named = cov.named_tasks(cells).set_index("town")["task_ids"]

    basis_lines = [msg.text(
        "findings.coverage.basis.summary", lang,
        explicit=count(n["explicit"], lang), explicit_links=links["explicit"],
        wide=count(n["district-wide"], lang), wide_links=links["district-wide"], n_district=n_district,
        breakdown=count(n["from-breakdown"], lang), breakdown_links=links["from-breakdown"],
        unspecified=count(n["unspecified"], lang), total=len(tl.tasks),
    )]
    by_text = cov.district_wide_by_text(tl.tasks, cells)
    for row in by_text.itertuples():
        basis_lines.append(msg.text(
            "findings.coverage.basis.by_text", lang, task=_cap(task_ref(tl, row.task_id, lang)),
            scope=md(tl.tasks.at[row.task_id, "scope"]), field=name_in("field", row.field, lang).lower(),
            word=md(row.word), n_district=n_district,
        ))
    for place in outside:
        basis_lines.append(msg.text("findings.coverage.basis.outside", lang, place=name_in("town", place, lang),
                                    tasks=task_ids(named[place], lang), n_district=n_district))

    unspecified = cov.unspecified_tasks(cells)
    if len(unspecified):
        unspecified_lines = [msg.text("findings.coverage.unspecified.tasks", lang, count=len(unspecified),
                                      tasks=task_ids(unspecified["task_id"], lang))]
        scope = tl.tasks.loc[unspecified["task_id"], "scope"].str.strip()
        slash = scope.index[scope == "/"]
        empty = labels.label("problem_kind", ProblemKind.EMPTY_FIELD, lang)
        for task_id in slash:
            unspecified_lines.append(msg.text("findings.coverage.unspecified.slash", lang,
                                              task=_cap(task_ref(tl, int(task_id), lang)), empty=empty))
        related = scope[scope != "/"]
        if len(related):
            words = list(related.unique())
            head = msg.text("findings.coverage.unspecified.others" if len(slash) else "findings.coverage.unspecified.all",
                            lang)
            if words == [TOWNS_CONCERNED]:
                scopes = msg.text("findings.coverage.scope.towns_concerned", lang, word=md(TOWNS_CONCERNED))
                unspecified_lines.append(msg.text("findings.coverage.unspecified.related_known", lang, head=head,
                                                  n=len(related), scopes=scopes))
            else:
                scopes = join([f"“{md(w)}”" for w in words], lang)
                unspecified_lines.append(msg.text("findings.coverage.unspecified.related_other", lang, head=head,
                                                  n=len(related), scopes=scopes))
    else:
        unspecified_lines = [msg.text("findings.coverage.unspecified.none", lang)]

    per_town = cov.tasks_per_town(cells)
    in_district = per_town[per_town["town"].isin(district)]
    top = in_district[in_district["total"] == in_district["total"].max()]
    low = in_district[in_district["total"] == in_district["total"].min()]
    town_names = lambda rows: join([name_in("town", t, lang) for t in rows["town"]], lang)  # noqa: E731
    each = msg.text("findings.coverage.towns.each", lang)
    town_lines = [
        msg.text("findings.coverage.towns.most_fewest", lang, top=town_names(top), top_n=top["total"].iloc[0],
                 each_top=each if len(top) > 1 else "", low=town_names(low), low_n=low["total"].iloc[0],
                 each_low=each if len(low) > 1 else ""),
        msg.text("findings.coverage.towns.range", lang, n_district=n_district, min=in_district["total"].min(),
                 max=in_district["total"].max(), named_min=in_district["named"].min(),
                 named_max=in_district["named"].max()),
    ]
    if n["district-wide"]:
        town_lines.append(msg.text("findings.coverage.towns.district_wide", lang, count=n["district-wide"],
                                   n_district=n_district))
    lower_bound = msg.text("findings.coverage.towns.lower_bound", lang,
                           count=n["unspecified"]) if n["unspecified"] else ""
    town_lines.append(lower_bound)
    for place in outside:
        total = int(per_town.set_index("town").at[place, "total"])
        town_lines.append(msg.text("findings.coverage.towns.outside", lang, place=name_in("town", place, lang),
                                   tasks=count(total, lang)))

    explicit = cells[cells["basis"] == Basis.EXPLICIT].groupby("town")["task_id"].agg(set)
    parts = tl.quantities[tl.quantities["town"].notna()]
    named_lines, unnamed = [], []
    for town in district:
        if town in explicit.index:
            continue
        rows = parts[parts["town"] == town]
        if rows.empty:
            unnamed.append(town)
            continue
        where = msg.text("findings.coverage.named.separator", lang).join(
            msg.text("findings.coverage.named.part", lang, task=task_ids([r.task_id], lang),
                     metric=metric_ref(r.metric, r.unit, lang), quantity=number(r.quantity))
            for r in rows.itertuples()
        )
        named_lines.append(msg.text("findings.coverage.named.breakdown_only", lang, town=name_in("town", town, lang),
                                    where=where))
    if unnamed:
        names = join([name_in("town", t, lang) for t in unnamed], lang)
        named_lines.append(msg.text(
            "findings.coverage.named.unnamed_wide" if n["district-wide"] else "findings.coverage.named.unnamed_none",
            lang, count=len(unnamed), names=names))
    for place in outside:
        named_lines.append(msg.text("findings.coverage.named.outside", lang, place=name_in("town", place, lang),
                                    tasks=task_ids(named[place], lang), n_district=n_district))
    if not named_lines:
        named_lines.append(msg.text("findings.coverage.named.all", lang, n_district=n_district))

    totals = qual.totals_comparison(tl)
    if len(totals):
        metrics = msg.text("findings.coverage.quantities.separator", lang).join(
            msg.text("findings.coverage.quantities.metric", lang, metric=metric_ref(r.metric, r.unit, lang),
                     tasks=task_ids([r.task_id], lang))
            for r in totals.itertuples()
        )
        quantity_lines = [msg.text("findings.coverage.quantities.metrics", lang, count=len(totals), metrics=metrics)]
        for r in totals.itertuples():
            stated = (msg.text("findings.coverage.quantities.stated", lang, total=number(r.stated_total))
                      if pd.notna(r.stated_total) else msg.text("findings.coverage.quantities.no_total", lang))
            quantity_lines.append(msg.text(
                "findings.coverage.quantities.breakdown", lang, task=_cap(task_ids([r.task_id], lang)),
                metric=metric_ref(r.metric, r.unit, lang), sum=number(r.breakdown_sum),
                towns=msg.text("findings.count.town", lang, count=r.towns), stated=stated,
            ))
        mismatches = [msg.text(
            "findings.coverage.quantities.mismatch", lang, task=_cap(task_ids([r.task_id], lang)),
            metric=metric_ref(r.metric, r.unit, lang), sum=number(r.breakdown_sum), stated=number(r.stated_total),
        ) for r in totals[totals["status"] == TotalsStatus.MISMATCH].itertuples()]
        quantity_lines += mismatches
    else:
        mismatches = []
        quantity_lines = [msg.text("findings.coverage.quantities.none", lang)]

    tile_lines = [msg.text("findings.coverage.tiles.scale", lang)]
    few = in_district[in_district["named"] == in_district["named"].min()]
    many = in_district[in_district["named"] == in_district["named"].max()]
    if len(in_district) > 1 and in_district["named"].min() != in_district["named"].max():
        named_min, named_max = int(few["named"].iloc[0]), int(many["named"].iloc[0])
        with_wide = msg.text(
            "findings.coverage.tiles.with_wide", lang, wide=count(n["district-wide"], lang),
            low=named_min + n["district-wide"], high=named_max + n["district-wide"],
        ) if n["district-wide"] else ""
        tile_lines.append(msg.text("findings.coverage.tiles.range", lang, few=town_names(few), min=named_min,
                                   many=town_names(many), max=named_max, with_wide=with_wide))
    no_tile = ref.towns.loc[ref.towns["tile_row"].isna(), "town"]
    shown = [t for t in outside if t in set(no_tile)]
    if shown:
        tile_lines.append(msg.text("findings.coverage.tiles.no_tile", lang,
                                   names=join([name_in("town", t, lang) for t in shown], lang)))
    quantities = cov.town_quantities(tl.quantities)
    for (task_id, metric, unit), part in quantities.groupby(["task_id", "metric", "unit"], sort=False):
        values = part.set_index("town")["quantity"]
        missing = [t for t in part.loc[~part["in_breakdown"], "town"] if t in district]
        listed = values[part.set_index("town")["in_breakdown"]]
        most = listed[listed == listed.max()].index
        spread = (msg.text("findings.coverage.tiles.equal", lang, n=len(listed), max=number(listed.max()))
                  if len(most) == len(listed) else
                  msg.text("findings.coverage.tiles.most", lang, towns=join([name_in("town", t, lang) for t in most], lang),
                           max=number(listed.max())))
        not_listed = msg.text("findings.coverage.tiles.missing", lang,
                              towns=join([name_in("town", t, lang) for t in missing], lang)) if missing else ""
        tile_lines.append(msg.text(
            "findings.coverage.tiles.quantity", lang, metric=metric_ref(metric, unit, lang),
            task=task_ids([task_id], lang), total=number(values.sum()), spread=spread, missing=not_listed,
        ))

    caveat_lines = []
    for task_id, towns, basis in cov.mentioned_towns(tl.tasks, cells):
        names = join([name_in("town", t, lang) for t in towns], lang)
        caveat_lines.append(msg.text(
            "findings.coverage.caveats.mentioned_wide" if basis == Basis.DISTRICT_WIDE
            else "findings.coverage.caveats.mentioned_other",
            lang, task=_cap(task_ref(tl, task_id, lang)), names=names, n_district=n_district,
        ))
    if len(by_text):
        caveat_lines.append(msg.text(
            "findings.coverage.caveats.by_text", lang, count=len(by_text),
            tasks=_cap(task_ids(by_text["task_id"], lang)),
            words=join([f"“{md(w)}”" for w in by_text["word"].unique()], lang),
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
