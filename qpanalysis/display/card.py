"""One task as a whole (its card), and every task as one row of the explorer's table: labels from data/reference/."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from qpanalysis import codes
from qpanalysis.display import labels as lb
from qpanalysis.display import messages as msg
from qpanalysis.display import tables
from qpanalysis.ingest.layout import FIELD_HEADER
from qpanalysis.ingest.select import disclosure_status
from qpanalysis.ingest.tasklist import TaskList, register_card_maker

# The published fields a card shows, in the order of the list's columns. 牵头部门 is shown
# as written (the departments part gives the canonical names and roles).
CARD_FIELDS = tuple(column for column in FIELD_HEADER if column != "task_id")


def part_headings(lang: str) -> dict[str, str]:
    """The headings of the parts of a card in ``lang`` (the catalogue's ``card.part.…``),
    in the card's order; every label inside a part comes from data/reference/.

    Example:
        >>> part_headings("en")["towns"], part_headings("zh")["fields"]
        ('Towns and basis', '字段')
    """
    return {
        "fields": msg.text("card.part.fields", lang),
        "departments": msg.text("card.part.departments", lang),
        "towns": msg.text("card.part.towns", lang),
        "quantities": msg.text("card.part.quantities", lang),
        "totals": msg.text("card.part.totals", lang),
        "milestones": msg.text("card.part.milestones", lang),
        "funding": msg.text("card.part.funding", lang),
        "problems": msg.text("card.part.problems", lang),
    }


def _part_heading(key: str) -> str:
    """A part's heading in both languages."""
    return both(part_headings("zh")[key], part_headings("en")[key])
# The columns of each part, from the TaskList table of the same name (quantities gets
# in_breakdown, the opposite of is_total, which has a label).
PART_COLUMNS = {
    "departments": ["department", "role"],
    "towns": ["town", "basis"],
    "quantities": ["metric", "unit", "town", "quantity", "in_breakdown"],
    "totals": ["metric", "unit", "breakdown_sum", "stated_total", "agrees"],
    "milestones": ["period", "due_date", "text", "kind", "target_pct", "target_quantity", "target_unit", "applies_to"],
    "funding": ["level"],
    # The kind says what is wrong, in both languages; the card's other parts show the values
    # concerned (the loader's detail is an English sentence).
    "problems": ["field", "kind", "source_line"],
}
# Which columns.csv table labels a part's columns where the shared label does not fit: a
# problem's kind is not a target kind; a metric is quoted from 建设规模 as published.
PART_TABLES = {"problems": "problems", "quantities": "card", "totals": "card"}
# Layout of a card's tables: text flows left, long texts wrap, cells stay apart.
CARD_STYLE = (
    "<style>.qp-card table.qp-card-part th, .qp-card table.qp-card-part td {text-align: left;"
    " vertical-align: top; padding: 2px 8px;} .qp-card summary {cursor: pointer; padding: 2px 0;}</style>"
)
# Separator of the Chinese and English forms of one label or value.
BOTH = " · "
# The explorer's table, one row per task: its name in data/reference/columns.csv (for the
# labels that differ from the shared ones), its columns, and those that hold numbers.
EXPLORER_TABLE = "explorer"
EXPLORER_COLUMNS = ("task_id", "section", "name", "lead_department", "co_leads", "towns", "due",
                    "investment_wan", "status", "levels")
EXPLORER_NUMBERS = ("task_id", "investment_wan")


def both(zh: str, en: str) -> str:
    """A label or value in both languages, once when they read the same.

    An English name that already ends with its Chinese original in brackets (as tables
    show translated names) drops it, since the Chinese stands first.

    Example:
        >>> both("牵头", "Lead"), both("2026-06-30", "2026-06-30")
        ('牵头 · Lead', '2026-06-30')
        >>> both("美丽庭院", "Beautiful courtyards (美丽庭院)")
        '美丽庭院 · Beautiful courtyards'
    """
    en = en.removesuffix(f" ({zh})")
    return zh if en == zh else f"{zh}{BOTH}{en}"


def _bilingual(frame: pd.DataFrame, of: str | None) -> pd.DataFrame:
    """A table formatted in Chinese and in English, cell by cell and header by header."""
    zh, en = tables.formatted(frame, "zh", of=of), tables.formatted(frame, "en", of=of)
    return pd.DataFrame(
        [[both(a, b) for a, b in zip(row_zh, row_en)] for row_zh, row_en in zip(zh.to_numpy(), en.to_numpy())],
        columns=[both(a, b) for a, b in zip(zh.columns, en.columns)],
    )


@dataclass(frozen=True)
class Part:
    """One part of a card: a heading and a table (empty when the task has nothing of it)."""

    key: str
    heading: str
    table: pd.DataFrame


@dataclass(frozen=True)
class Card:
    """Everything the list says about one task; HTML in a notebook, plain text in a terminal.

    Attributes:
        task_id: The task's number.
        title: Its number and Chinese name; ``subtitle`` its English name.
        facts: (label, value) rows: section, source line.
        fields: (label, value) rows: every published field, as published.
        parts: Departments, towns, quantities, totals, milestones, funding levels, problems.
    """

    task_id: int
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    fields: tuple[tuple[str, str], ...]
    parts: tuple[Part, ...]

    def __str__(self) -> str:
        missing = lb.label("mark", "missing", "zh")
        lines = [self.title, self.subtitle, ""]
        lines += [f"{label}: {value}" for label, value in self.facts]
        lines += ["", f"== {_part_heading('fields')} =="]
        for label, value in self.fields:
            lines.append(label)
            lines += [f"    {text}" for text in value.splitlines() or [missing]]
        for part in self.parts:
            lines += ["", f"== {part.heading} =="]
            if part.table.empty:
                lines.append(f"    {missing}")
                continue
            lines.append("  " + " | ".join(part.table.columns))
            lines += ["  - " + " | ".join(row) for row in part.table.to_numpy().tolist()]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return self.html()

    def html(self, collapsed: bool = False) -> str:
        """The card as HTML; ``collapsed`` folds it under its title (a ``<details>`` element)."""
        e = html.escape
        cell = "text-align:left;vertical-align:top;white-space:pre-wrap"
        rows = "".join(
            f"<tr><th style='{cell};width:16em'>{e(label)}</th><td style='{cell}'>{e(value)}</td></tr>"
            for label, value in (*self.facts, *self.fields)
        )
        parts = []
        for part in self.parts:
            if part.table.empty:
                body = f"<p>{e(lb.label('mark', 'missing', 'zh'))}</p>"
            else:
                body = part.table.to_html(index=False, escape=True, classes="qp-card-part", border=0)
            parts.append(f"<h4 data-part='{e(part.key)}'>{e(part.heading)}</h4>{body}")
        body = f"<table class='qp-card-fields'>{rows}</table>{''.join(parts)}"
        if collapsed:  # folded under its title line
            subtitle = f"{BOTH}<i>{e(self.subtitle)}</i>" if self.subtitle else ""
            element, heading = "details", f"<summary><b>{e(self.title)}</b>{subtitle}</summary>"
        else:
            subtitle = f"<p><i>{e(self.subtitle)}</i></p>" if self.subtitle else ""
            element, heading = "div", f"<h3>{e(self.title)}</h3>{subtitle}"
        return (f"<{element} class='qp-card' data-task-id='{self.task_id}' style='text-align:left'>{CARD_STYLE}"
                f"{heading}{body}</{element}>")


def _label(kind: str, code: str) -> str:
    """A code's label from labels.csv in both languages."""
    return both(lb.label(kind, code, "zh"), lb.label(kind, code, "en"))


def _header(column: str) -> str:
    """A column's heading from columns.csv in both languages."""
    return both(tables.header(column, "zh"), tables.header(column, "en"))


def _rows(table: pd.DataFrame, task_id: int) -> pd.DataFrame:
    return table[table["task_id"] == task_id].reset_index(drop=True)


def _field_value(task: pd.Series, departments: pd.DataFrame, column: str) -> str:
    """A published field as written; 牵头部门 from the names as written, joined with 、 as
    published; 总投资 and 计划完成时间 also as read, after an arrow."""
    if column == "departments_raw":
        return "、".join(departments.sort_values("order")["raw_name"])
    value = "" if pd.isna(task[column]) else str(task[column])
    if column == "investment_raw" and not pd.isna(task["investment_wan"]):
        status = disclosure_status(task.to_frame().T).iloc[0]
        amount = tables.formatted(pd.DataFrame({"investment_wan": [task["investment_wan"]]}), "zh").iloc[0, 0]
        value += f" → {amount} 万元 ({_label('disclosure_status', status)})"
    if column == "due_raw":
        value += f" → {task['due']}"
    return value


def _part(tl: TaskList, key: str, task_id: int) -> Part:
    rows = _rows(getattr(tl, key), task_id)
    if key == "quantities":
        rows = rows.assign(in_breakdown=~rows["is_total"].astype(bool))
    frame = rows[PART_COLUMNS[key]]
    # A column the task leaves empty throughout (e.g. no quantity target) says nothing.
    frame = frame.loc[:, frame.notna().any()] if len(frame) else frame
    shown = _bilingual(frame, PART_TABLES.get(key)) if len(frame) else pd.DataFrame()
    return Part(key, _part_heading(key), shown)


def card(tl: TaskList, task_id: int) -> Card:
    """Everything about one task: every published field, its departments, towns, quantities,
    milestones, funding levels and problems, and the line it was read from.

    Field names, codes and names are shown in Chinese and English (labels from
    data/reference/); the texts stay as published. Also ``tl.card(task_id)``.

    Raises:
        ValueError: When the list has no such task.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> first = int(tl.tasks.index[0])
        >>> shown = card(tl, first)
        >>> shown.task_id == first, str(shown).splitlines()[0].startswith(f"{first}. ")
        (True, True)
    """
    if task_id not in tl.tasks.index:
        ids = ", ".join(str(i) for i in tl.tasks.index)
        raise ValueError(f"task {task_id!r} is not in this list; its tasks are {ids}")
    task = tl.tasks.loc[task_id]
    departments = _rows(tl.departments, task_id)
    facts = (
        (_header("section"),
         both(f"{task['section_no']} {task['section']}", lb.name(task["section"], "section", "en"))),
        (_header("source_line"), f"{task['source_line']} ({tl.source.name})"),
    )
    fields = tuple(
        (both(lb.name(FIELD_HEADER[column], "field", "zh"), lb.name(FIELD_HEADER[column], "field", "en")),
         _field_value(task, departments, column))
        for column in CARD_FIELDS
    )
    parts = tuple(_part(tl, key, task_id) for key in PART_COLUMNS)
    return Card(
        task_id=int(task_id),
        title=f"{task_id}. {task['name']}",
        subtitle=str(task["name_en"]) if pd.notna(task["name_en"]) else "",
        facts=facts,
        fields=fields,
        parts=parts,
    )


register_card_maker(card)


def cards(tl: TaskList) -> list[Card]:
    """The card of every task of the list, in task order."""
    return [card(tl, task_id) for task_id in tl.tasks.index]


def _towns_cell(rows: pd.DataFrame, lang: str) -> str:
    """The towns of one task for the explorer: the towns named, or the basis when none is."""
    named = rows.dropna(subset=["town"])
    named = named[named["basis"] != codes.Basis.DISTRICT_WIDE]
    parts = []
    if (rows["basis"] == codes.Basis.DISTRICT_WIDE).any():
        parts.append(lb.label("town_basis", codes.Basis.DISTRICT_WIDE, lang))
    if len(named):
        parts.append(lb.label("mark", "joiner", lang).join(lb.names(named["town"], "town", lang)))
    if not parts:
        parts.append(lb.label("town_basis", codes.Basis.UNSPECIFIED, lang))
    return lb.label("mark", "joiner", lang).join(parts)


def explorer_table(tl: TaskList, lang: str = "zh") -> pd.DataFrame:
    """Every task as one row, for the explorer: number, section, name, departments, towns,
    due month, investment, its disclosure and the funding levels, as text for ``lang``.

    Written so that an interactive table sorts each column right: numbers with thousands
    separators, months as ``2026-09`` and missing values as empty cells (a dash would make
    a column of numbers sort as text).

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> table = explorer_table(tl, "en")
        >>> len(table) == len(tl.tasks), list(table.columns)[:3]
        (True, ['Task no.', 'Section', 'Task'])
    """
    tasks = tl.tasks.reset_index(drop=True)
    joiner = lb.label("mark", "joiner", lang)
    co_leads = tl.departments[tl.departments["role"] == codes.Role.CO_LEAD].groupby("task_id")["department"]
    levels = tl.funding.groupby("task_id")["level"].agg(lambda s: lb.CODE_JOIN.join(s))
    towns = tl.towns.groupby("task_id")
    columns = {
        "task_id": tasks["task_id"],
        "section": tasks["section"],
        "name": tasks["name"],
        "lead_department": tasks["lead_department"],
        "co_leads": tasks["task_id"].map(lambda t: joiner.join(lb.names(co_leads.get_group(t), "department", lang))
                                         if t in co_leads.groups else ""),
        "towns": tasks["task_id"].map(lambda t: _towns_cell(towns.get_group(t), lang) if t in towns.groups else ""),
        "due": tasks["due"],
        "investment_wan": tasks["investment_wan"],
        "status": disclosure_status(tasks),
        "levels": tasks["task_id"].map(levels).fillna(codes.FUNDING_NONE),
    }
    frame = pd.DataFrame({column: columns[column] for column in EXPLORER_COLUMNS})
    shown = tables.formatted(frame, lang, of=EXPLORER_TABLE)
    shown = shown.replace(lb.label("mark", "missing", lang), "")
    due = tables.header("due", lang, EXPLORER_TABLE)
    shown[due] = tasks["due"].astype(str)
    return shown


def explorer_column_defs() -> list[dict]:
    """DataTables ``columnDefs`` for the explorer's table: numbers right, text left.

    Notebook styles right-align every table cell; DataTables' own classes put text back
    on the left.

    Example:
        >>> explorer_column_defs()[0]
        {'className': 'dt-right', 'targets': [0, 7]}
    """
    numbers = [i for i, column in enumerate(EXPLORER_COLUMNS) if column in EXPLORER_NUMBERS]
    text = [i for i, column in enumerate(EXPLORER_COLUMNS) if column not in EXPLORER_NUMBERS]
    return [{"className": "dt-right", "targets": numbers}, {"className": "dt-left", "targets": text}]


def explorer_choices(tl: TaskList, lang: str = "zh") -> dict[str, list[tuple[str, object]]]:
    """The values each filter of the explorer offers, as (label in ``lang``, value for ``tl.filter``),
    and under ``task`` the tasks whose card may be shown, as (number and name, task id).

    Only values that occur in the list are offered, in reference order (towns, funding
    levels, disclosure, roles) or in the list's order (departments by first appearance,
    sections, due months in time order, tasks).

    Example:
        >>> import qpanalysis as qp
        >>> choices = explorer_choices(qp.load(), "en")
        >>> sorted(choices)
        ['department', 'disclosure', 'due', 'level', 'role', 'section', 'task', 'town']
        >>> choices["disclosure"][0]
        ('Exact', 'exact')
    """
    reference_towns = list(lb.load_reference().towns["town"])
    present = list(dict.fromkeys(tl.towns["town"].dropna()))
    towns = [t for t in reference_towns if t in present] + [t for t in present if t not in reference_towns]
    departments = list(dict.fromkeys(tl.departments.sort_values(["task_id", "order"])["department"]))
    sections = tl.tasks.drop_duplicates("section_no").sort_values("section_no")
    months = sorted(tl.tasks["due"].dropna().unique())
    levels = [level for level in codes.FUNDING_LEVELS if level in set(tl.funding["level"])]
    statuses = set(disclosure_status(tl.tasks))
    return {
        "town": list(zip(lb.names(towns, "town", lang), towns)),
        "department": list(zip(lb.names(departments, "department", lang), departments)),
        "role": list(zip(lb.labels(codes.ROLES, "role", lang), codes.ROLES)),
        "section": [(f"{no} {label}", int(no)) for no, label in
                    zip(sections["section_no"], lb.names(sections["section"], "section", lang))],
        "due": [(tables.month_label(m, lang), str(m)) for m in months],
        "level": list(zip(lb.names(levels, "funding_level", lang), levels)),
        "disclosure": [(lb.label("disclosure_status", s, lang), s) for s in codes.DISCLOSURE_STATUSES if s in statuses],
        "task": [(f"{task_id}. {name}", int(task_id)) for task_id, name in
                 zip(tl.tasks.index, lb.names(tl.tasks["name"], "task_full", lang))],
    }


def explorer_words(lang: str) -> dict[str, str]:
    """The explorer's own words in ``lang``: the table's controls (DataTables ``language``
    option, under ``table``), the filters' "all" choice and the card picker's label.

    Example:
        >>> words = explorer_words("en")
        >>> words["all"], words["card"], words["table"]["info"]
        ('(all)', 'Task card', '_TOTAL_ tasks')
    """
    return {
        "table": {
            "search": msg.text("card.explorer.search", lang),
            "info": msg.text("card.explorer.info", lang),
            "infoEmpty": msg.text("card.explorer.info_empty", lang),
            "infoFiltered": msg.text("card.explorer.info_filtered", lang),
            "zeroRecords": msg.text("card.explorer.zero_records", lang),
        },
        "all": msg.text("card.explorer.all", lang),
        "card": msg.text("card.explorer.card", lang),
    }


def explorer_matches(count: int, lang: str) -> str:
    """How many tasks the explorer's filters let through, as HTML.

    Example:
        >>> explorer_matches(41, "zh"), explorer_matches(1, "en")
        ('<b>41</b> 项任务符合条件', '<b>1</b> task matches')
    """
    return msg.text("card.explorer.matches", lang, count=count, shown=f"<b>{count}</b>")


def explorer_cards_line(n_cards: int, lang: str) -> str:
    """The heading of the explorer's check of its cards and filters.

    Example:
        >>> explorer_cards_line(41, "en")
        'cards: 41; tasks reaching each town:'
    """
    return msg.text("card.explorer.cards_line", lang, cards=n_cards)
