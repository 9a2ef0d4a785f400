"""What the comparison of two lists (report 06, ``qpanalysis compare``) states, in the reader's language."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis.compare import WARN_IDENTICAL, WARN_NEW_IS_OLDER, WARN_OTHER_DISTRICT, district
from qpanalysis.analysis.compare.match import HOWS
from qpanalysis.display import messages as msg
from qpanalysis.display.findings.identity import list_title, name_in, task_ref
from qpanalysis.display.findings.words import _cap, bullets, count, join, month, number, wan
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import md
from qpanalysis.ingest.layout import FIELD_HEADER

# The fields whose change is told task by task (the others are counted, and listed in the table).
AMOUNT_FIELD = FIELD_HEADER["investment_raw"]
DUE_FIELD = FIELD_HEADER["due_raw"]
NAME_FIELD = FIELD_HEADER["name"]
TOWN_FIELDS = (FIELD_HEADER["scope"], FIELD_HEADER["scale"])
TARGET_FIELDS = (FIELD_HEADER["h1_target"], FIELD_HEADER["q3_target"], FIELD_HEADER["q4_target"])


def how_label(how: str, lang: str) -> str:
    """How a pair was matched, in words (a code of qpanalysis.analysis.compare.match.HOWS).

    Example:
        >>> how_label("split", "zh"), how_label("same-name", "en")
        ('拆分', 'the same name')
    """
    return msg.text({
        "same-name": "findings.compare.how.same-name", "similar-name": "findings.compare.how.similar-name",
        "split": "findings.compare.how.split", "merged": "findings.compare.how.merged",
        "mapping": "findings.compare.how.mapping",
    }[how], lang)


def multi_year_label(why: str, lang: str) -> str:
    """Why a pair is flagged multi-year, in words ("" for a pair not flagged)."""
    if not why:
        return ""
    return msg.text({"same-amount": "findings.compare.multi_year.same-amount",
                     "funding-spans-years": "findings.compare.multi_year.funding-spans-years"}[why], lang)


def shown_tables(c, lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The comparison's tables as a report shows them: codes in words; ``deadlines_targets``
    holds the changed 计划完成时间 and quarter targets only."""
    matched = c.matched.assign(how=c.matched["how"].map(lambda h: how_label(h, lang)),
                               multi_year=c.matched["multi_year"].map(lambda w: multi_year_label(w, lang)))
    timing = c.changed[c.changed["field"].isin((DUE_FIELD, *TARGET_FIELDS))]
    return {
        "matched": matched,
        "changed": c.changed[["old_id", "new_id", "field", "old", "new", "amount_delta_wan", "towns_added",
                              "towns_removed"]],
        "deadlines_targets": timing[["old_id", "new_id", "field", "old", "new", "months_moved", "old_target",
                                     "new_target", "target_unit"]],
    }


def _new_ref(c, task_id: int, lang: str) -> str:
    return msg.text("findings.compare.new_ref", lang, task_id=int(task_id), name=md(c.new.tasks.at[task_id, "name"]))


def _amount(value, lang: str) -> str:
    return msg.text("findings.compare.amount.none", lang) if pd.isna(value) else wan(value, lang)


def list_lines(c, lang: str = "zh") -> list[str]:
    """The two lists, and what the reader must know first (identical files, other districts, order)."""
    check_lang(lang)
    lines = [msg.text(
        "findings.compare.lists", lang, old=md(list_title(c.old, lang)), old_tasks=count(len(c.old.tasks), lang),
        old_file=c.old.source.name, new=md(list_title(c.new, lang)), new_tasks=count(len(c.new.tasks), lang),
        new_file=c.new.source.name,
    )]
    if WARN_IDENTICAL in c.warnings:
        lines.append(msg.text("findings.compare.warning.identical", lang))
    if WARN_OTHER_DISTRICT in c.warnings:
        lines.append(msg.text("findings.compare.warning.districts", lang,
                              old=name_in("district", district(c.old), lang),
                              new=name_in("district", district(c.new), lang)))
    if WARN_NEW_IS_OLDER in c.warnings:
        lines.append(msg.text("findings.compare.warning.older", lang, old=c.old.plan_year, new=c.new.plan_year))
    return lines


def _task_line(tl, row, lang: str, ref) -> str:
    return msg.text("findings.compare.task", lang, task=ref(row.task_id), section=name_in("section", row.section, lang),
                    lead=name_in("department", row.lead, lang), amount=_amount(row.investment_wan, lang))


def matching_lines(c, lang: str = "zh") -> list[str]:
    """How many tasks carry over and how they were matched; the dropped, new, split, merged and ambiguous tasks.

    Example:
        >>> import qpanalysis as qp
        >>> from qpanalysis.analysis.compare import compare
        >>> print(matching_lines(compare(qp.load(), qp.load(), check_files=False), "en")[0])
        41 tasks of the old list are found in the new one: 41 by the same name.
    """
    check_lang(lang)
    m = c.matched
    hows = m.drop_duplicates("old_id")["how"].value_counts()
    lines = [msg.text("findings.compare.matched", lang, count=int(m["old_id"].nunique()), hows=join(
        [msg.text("findings.compare.how", lang, count=int(hows[h]), how=how_label(h, lang)) for h in HOWS if h in hows],
        lang))]
    # One task matched with several (split or merged, by the matcher or by the mapping file).
    for side, other in (("old_id", "new_id"), ("new_id", "old_id")):
        for key, group in m[m[side].duplicated(keep=False)].groupby(side):
            if side == "old_id":
                parts = join([_new_ref(c, n, lang) for n in group[other]], lang)
                lines.append(msg.text("findings.compare.split", lang, old=task_ref(c.old, key, lang), parts=parts))
            else:
                parts = join([task_ref(c.old, o, lang) for o in group[other]], lang)
                lines.append(msg.text("findings.compare.merged", lang, new=_new_ref(c, key, lang), parts=parts))
    if len(c.dropped):
        lines.append(msg.text("findings.compare.dropped.count", lang, count=len(c.dropped)))
        lines += ["  - " + _task_line(c.old, r, lang, lambda i: task_ref(c.old, i, lang)) for r in c.dropped.itertuples()]
    else:
        lines.append(msg.text("findings.compare.dropped.none", lang))
    if len(c.added):
        lines.append(msg.text("findings.compare.added.count", lang, count=len(c.added)))
        lines += ["  - " + _task_line(c.new, r, lang, lambda i: _new_ref(c, i, lang)) for r in c.added.itertuples()]
    else:
        lines.append(msg.text("findings.compare.added.none", lang))
    if len(c.ambiguous):
        lines.append(msg.text("findings.compare.ambiguous.count", lang, count=len(c.ambiguous)))
        lines += ["  - " + msg.text("findings.compare.ambiguous.pair", lang, old=task_ref(c.old, r.old_id, lang),
                                    new=_new_ref(c, r.new_id, lang), score=f"{r.score:.0f}")
                  for r in c.ambiguous.itertuples()]
    return lines


def _change_line(c, row, lang: str) -> str | None:
    """One sentence for a changed name, amount, deadline, set of towns or target number; None for another field."""
    task = _cap(task_ref(c.old, row.old_id, lang))
    field = name_in("field", row.field, lang)
    if row.field == NAME_FIELD:
        return msg.text("findings.compare.change.renamed", lang, task=task, name=md(row.new))
    if row.field == AMOUNT_FIELD:
        if pd.isna(row.amount_delta_wan):
            return msg.text("findings.compare.change.amount_unknown", lang, task=task, old=md(row.old), new=md(row.new))
        old, new = c.old.tasks.loc[row.old_id], c.new.tasks.loc[row.new_id]
        return msg.text("findings.compare.change.amount", lang, task=task,
                        old=wan(old["investment_wan"], lang, approx=bool(old["investment_is_approx"])),
                        new=wan(new["investment_wan"], lang, approx=bool(new["investment_is_approx"])),
                        delta=msg.signed(round(row.amount_delta_wan, 2), lang))
    if row.field == DUE_FIELD and pd.notna(row.months_moved):
        moved = int(row.months_moved)
        direction = msg.text("findings.compare.word.later" if moved > 0 else "findings.compare.word.earlier", lang)
        return msg.text("findings.compare.change.due", lang, count=abs(moved), task=task,
                        old=month(c.old.tasks.at[row.old_id, "due"], lang),
                        new=month(c.new.tasks.at[row.new_id, "due"], lang), moved=abs(moved), direction=direction)
    if row.field in TOWN_FIELDS and (row.towns_added or row.towns_removed):
        names = lambda towns: join([name_in("town", t, lang) for t in towns], lang)  # noqa: E731
        added = msg.text("findings.compare.change.towns_added", lang, towns=names(row.towns_added)) if row.towns_added else ""
        removed = msg.text("findings.compare.change.towns_removed", lang,
                           towns=names(row.towns_removed)) if row.towns_removed else ""
        return msg.text("findings.compare.change.towns", lang, task=task, field=field, old=md(row.old), new=md(row.new),
                        added=added, removed=removed)
    if row.field in TARGET_FIELDS:
        unit = "" if pd.isna(row.target_unit) or row.target_unit is None else (
            "%" if row.target_unit == "%" else f" {row.target_unit}")
        if pd.notna(row.old_target) and pd.notna(row.new_target) and row.old_target != row.new_target:
            return msg.text("findings.compare.change.target", lang, task=task, field=field,
                            old=f"{number(row.old_target)}{unit}", new=f"{number(row.new_target)}{unit}")
        return msg.text("findings.compare.change.target_text", lang, task=task, field=field)
    return None


def change_lines(c, lang: str = "zh") -> list[str]:
    """How many matched tasks changed which fields, then every changed name, amount, deadline, town set and target.

    Example:
        >>> import qpanalysis as qp
        >>> from qpanalysis.analysis.compare import compare
        >>> change_lines(compare(qp.load(), qp.load(), check_files=False), "en")
        ['No matched task changed a field.']
    """
    check_lang(lang)
    ch = c.changed
    if ch.empty:
        return [msg.text("findings.compare.changes.none", lang)]
    per_field = ch.groupby("field", sort=False)["old_id"].nunique()
    order = [f for f in FIELD_HEADER.values() if f in per_field.index]
    fields = join([msg.text("findings.compare.changes.field", lang, count=int(per_field[f]),
                            field=name_in("field", f, lang)) for f in order], lang)
    lines = [msg.text("findings.compare.changes.count", lang, count=int(ch["old_id"].nunique()), fields=fields)]
    told = [_change_line(c, r, lang) for r in ch.sort_values("old_id", kind="stable").itertuples()]
    return lines + ["  - " + line for line in told if line]


def multi_year_lines(c, lang: str = "zh") -> list[str]:
    """The carried-over tasks whose amounts must not be added up (same 总投资, or funding spanning years)."""
    check_lang(lang)
    flagged = c.matched[c.matched["multi_year"] != ""]
    if flagged.empty:
        return [msg.text("findings.compare.multi_year.none", lang)]
    return [msg.text("findings.compare.multi_year", lang, count=len(flagged),
                     tasks=join([task_ref(c.old, i, lang) for i in flagged["old_id"]], lang))]


def section_lines(c, lang: str = "zh") -> list[str]:
    """Each section whose number of tasks or disclosed investment changed."""
    check_lang(lang)
    table = c.by_section
    moved = table[(table["tasks_change"] != 0) | (table["old_investment_wan"].fillna(-1) != table["new_investment_wan"].fillna(-1))]
    if moved.empty:
        return [msg.text("findings.compare.section.same", lang)]
    return [msg.text("findings.compare.section", lang, section=name_in("section", r.section, lang), old=r.old_tasks,
                     new=r.new_tasks, change=msg.signed(r.tasks_change, lang),
                     old_amount=_amount(r.old_investment_wan, lang), new_amount=_amount(r.new_investment_wan, lang))
            for r in moved.itertuples()]


def town_lines(c, lang: str = "zh") -> list[str]:
    """Each town reached by more or fewer tasks than before."""
    check_lang(lang)
    moved = c.towns[c.towns["tasks_change"] != 0]
    if moved.empty:
        return [msg.text("findings.compare.towns.same", lang)]
    return [msg.text("findings.compare.towns", lang, town=name_in("town", r.town, lang), old=r.old_tasks, new=r.new_tasks)
            for r in moved.itertuples()]


def compare_findings(c, lang: str = "zh") -> dict[str, str]:
    """Every sentence of the comparison report, per part: ``lists``, ``matching``, ``changes``,
    ``multi_year``, ``sections`` and ``towns`` (Markdown bullet lists)."""
    return {
        "lists": bullets(list_lines(c, lang)),
        "matching": bullets(matching_lines(c, lang)).replace("\n-   - ", "\n  - "),
        "changes": bullets(change_lines(c, lang)).replace("\n-   - ", "\n  - "),
        "multi_year": bullets(multi_year_lines(c, lang)),
        "sections": bullets(section_lines(c, lang)),
        "towns": bullets(town_lines(c, lang)),
    }
