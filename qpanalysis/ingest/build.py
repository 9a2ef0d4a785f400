"""Build the records of every TaskList table from the rows of a task list file."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from qpanalysis.config import DEFAULT_PLAN_YEAR
from qpanalysis.errors import TaskListError
from qpanalysis.ingest import parsing
from qpanalysis.ingest.reading import Row, month_text
from qpanalysis.ingest.reference import Reference
from qpanalysis.ingest.targets import parse_target

# Published header → column name. Applied strictly: an unknown header is an error, and
# every one of these must be present. Headers are matched after NFKC folding so that
# 总投资（万元） with full-width brackets is the same header.
COLUMNS = {
    "序号": "task_id",
    "任务名称": "name",
    "牵头部门": "departments_raw",
    "建设目标": "goal",
    "建设内容": "content",
    "建设规模": "scale",
    "建设标准": "standard",
    "资金来源": "funding_source",
    "总投资(万元)": "investment_raw",
    "涉及范围": "scope",
    "计划完成时间": "due_raw",
    "上半年目标": "h1_target",
    "第三季度目标": "q3_target",
    "第四季度目标": "q4_target",
}
FIELD_HEADER = {column: header for header, column in COLUMNS.items()}
# A section row: 一、强化乡村规划引领先导, optionally wrapped in <b>…</b> as published.
SECTION_ROW = re.compile(r"^(?:<b>)?\s*(?P<numeral>[一二三四五六七八九十]+)[、.．]\s*(?P<title>.+?)\s*(?:</b>)?$")
SECTION_NUMERALS = "一二三四五六七八九十"
# The footer states how many tasks the list holds; it must agree with the rows.
FOOTER_ROW = re.compile(r"^全区共涉及乡村建设任务\s*(?P<count>\d+)\s*项。?$")
# The plan year as the title states it (### 2026 年度青浦区乡村建设行动任务清单).
TITLE_YEAR = re.compile(r"(?P<year>\d{4})\s*年度")
# Markdown heading marks and <b> tags around the title line, which are not part of the title.
TITLE_MARKUP = re.compile(r"^#+\s*|</?b>")
TASK_NUMBER = re.compile(r"^\d+$")
# Milestone periods and the month in which each ends.
PERIODS = {"H1": ("h1_target", 6), "Q3": ("q3_target", 9), "Q4": ("q4_target", 12)}
# Fields that every task row must fill (a "/" counts as filled: it is the list's "none").
# The Q3 and Q4 targets may be empty: the H1 text then describes the whole year.
REQUIRED_FIELDS = (
    "name", "departments_raw", "goal", "content", "scale", "standard", "funding_source",
    "investment_raw", "scope", "due_raw", "h1_target",
)
# Fields where "/" leaves the task without something it needs: a task must reach somewhere.
NONE_IS_EMPTY = ("scope",)


@dataclass
class Builder:
    """Collects rows for every table while the source is read line by line."""

    path: Path
    reference: Reference
    plan_year: int = DEFAULT_PLAN_YEAR
    title: str | None = None
    tasks: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    towns: list[dict] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)
    funding: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    month_ends: dict = field(default_factory=dict, repr=False)
    due_months: dict = field(default_factory=dict, repr=False)

    def error(self, message: str, line: int | None = None, column: str | None = None) -> TaskListError:
        return TaskListError(message, path=self.path, line=line, field=FIELD_HEADER.get(column, column))

    def problem(self, task_id: int | None, column: str, kind: str, detail: str, line: int | None) -> None:
        self.problems.append(
            {"task_id": task_id, "field": FIELD_HEADER.get(column, column), "kind": kind, "detail": detail, "source_line": line}
        )

    # Lookups built from the reference tables once per load, on first use, rather than
    # once per task row (rebuilding them per row made load() ~3 ms per task).
    @cached_property
    def department_encoder(self):
        return self.reference.department_encoder

    @cached_property
    def town_encoder(self):
        return self.reference.town_encoder

    @cached_property
    def department_info(self) -> dict[str, tuple]:
        """department → (department_en, kind)."""
        table = self.reference.departments
        return dict(zip(table["department"], zip(table["department_en"], table["kind"])))

    @cached_property
    def town_en(self) -> dict[str, str]:
        return self.reference.english("town")

    @cached_property
    def level_en(self) -> dict[str, str]:
        return self.reference.english("level")

    @cached_property
    def names_en(self) -> dict[str, str]:
        return dict(zip(self.reference.task_names["name"], self.reference.task_names["name_en"]))

    @cached_property
    def funding_keywords(self) -> dict[str, list[str]]:
        levels = self.reference.funding_levels
        return {
            level: [w for w in str(words).split("|") if w]
            for level, words in zip(levels["level"], levels["keywords"])
        }

    @cached_property
    def district_towns(self) -> tuple[str, ...]:
        return self.reference.district_towns

    def month_end(self, period: pd.Period) -> pd.Timestamp:
        """The last day of a monthly period, memoised: a list has only a few distinct months."""
        end = self.month_ends.get(period)
        if end is None:
            end = self.month_ends[period] = period.to_timestamp(how="end").normalize()
        return end

    def parse_due(self, text: str) -> pd.Period:
        """``parsing.parse_due``, memoised by text: a list states only a few distinct months."""
        due = self.due_months.get(text)
        if due is None:
            due = self.due_months[text] = parsing.parse_due(text)
        return due

    def plan_month_end(self, month: int) -> pd.Timestamp:
        """The last day of ``month`` in the plan year (memoised like ``month_end``)."""
        key = ("plan-month", self.plan_year, month)
        end = self.month_ends.get(key)
        if end is None:
            end = self.month_ends[key] = self.month_end(pd.Period(year=self.plan_year, month=month, freq="M"))
        return end

    def plan_year_end(self) -> pd.Timestamp:
        """31 December of the plan year (memoised)."""
        key = ("plan-year-end", self.plan_year)
        end = self.month_ends.get(key)
        if end is None:
            end = self.month_ends[key] = pd.Timestamp(year=self.plan_year, month=12, day=31)
        return end


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def _read_header(builder: Builder, row: Row) -> dict[str, int]:
    positions: dict[str, int] = {}
    folded = {_fold(h): h for h in COLUMNS}
    for index, cell in enumerate(row.cells):
        if not cell:
            if index == len(row.cells) - 1 and index > 0:
                raise builder.error(f"empty header cell in column {index + 1}", row.line)
            raise builder.error(f"empty header cell in column {index + 1}", row.line)
        header = folded.get(_fold(cell))
        if header is None:
            raise builder.error(
                f"unknown header {cell!r} in column {index + 1}; expected the headers "
                + "、".join(COLUMNS),
                row.line,
                cell,
            )
        if COLUMNS[header] in positions:
            raise builder.error(f"header {header!r} appears twice", row.line, header)
        positions[COLUMNS[header]] = index
    missing = [h for h, c in COLUMNS.items() if c not in positions]
    if missing:
        raise builder.error("missing header(s) " + "、".join(missing), row.line)
    return positions


def _only_first_cell(row: Row) -> bool:
    return bool(row.cells) and bool(row.cells[0]) and not any(row.cells[1:])


def _section(builder: Builder, row: Row) -> tuple[int, str, str | None]:
    match = SECTION_ROW.match(row.cells[0])
    numeral = match["numeral"]
    if len(numeral) != 1:
        raise builder.error(f"section number {numeral!r} is not between 一 and 十", row.line)
    number = SECTION_NUMERALS.index(numeral) + 1
    title = match["title"]
    sections = builder.reference.sections
    known = sections.loc[sections["section"] == title, "section_en"]
    return number, title, (known.iloc[0] if len(known) else None)


def _encode_list(builder, task_id, line, column, names, encoder):
    """Encode names, recording every alias that was needed as a problem."""
    codes = []
    for name in names:
        encoded = encoder.encode(name, path=builder.path, line=line, field=FIELD_HEADER[column])
        if encoded.alias_of is not None:
            builder.problem(
                task_id, column, "alias",
                f"{encoder.kind} written {encoded.alias_of!r}; read as the canonical {encoded.code!r}",
                line,
            )
        codes.append(encoded.code)
    return codes


def _add_task(builder: Builder, row: Row, positions: dict[str, int], section: tuple) -> None:
    line = row.line
    values = {column: row.cells[index] for column, index in positions.items()}
    task_id = int(values["task_id"])
    for column in REQUIRED_FIELDS:
        if not values[column].strip():
            builder.problem(task_id, column, "empty-field", f"{FIELD_HEADER[column]} is empty", line)
    for column in NONE_IS_EMPTY:
        if values[column].strip() == parsing.NONE_MARKER:
            builder.problem(task_id, column, "empty-field", f"{FIELD_HEADER[column]} is '/': the task names no place", line)

    # Investment, due month
    try:
        investment, approx = parsing.parse_investment(values["investment_raw"])
    except ValueError as exc:
        raise builder.error(str(exc), line, "investment_raw") from None
    values["due_raw"] = month_text(row, positions["due_raw"], path=builder.path, field=FIELD_HEADER["due_raw"])
    try:
        due = builder.parse_due(values["due_raw"])
    except ValueError as exc:
        raise builder.error(str(exc), line, "due_raw") from None
    if due.year != builder.plan_year:
        builder.problem(
            task_id, "due_raw", "date-outside-plan-year",
            f"due {values['due_raw']!r} is outside the plan year {builder.plan_year}; kept as written", line,
        )

    # Departments
    departments = _encode_list(
        builder, task_id, line, "departments_raw", parsing.split_names(values["departments_raw"]),
        builder.department_encoder,
    )
    if not departments:
        raise builder.error("no lead department", line, "departments_raw")
    department_info = builder.department_info
    raw_names = parsing.split_names(values["departments_raw"])
    for order, (department, raw) in enumerate(zip(departments, raw_names), start=1):
        builder.departments.append({
            "task_id": task_id, "department": department,
            "department_en": department_info[department][0],
            "role": "lead" if order == 1 else "co-lead", "order": order, "raw_name": raw,
            "kind": department_info[department][1],
        })

    # Scale: every stated number
    try:
        figures = parsing.parse_scale(values["scale"])
    except ValueError as exc:
        raise builder.error(str(exc), line, "scale") from None
    town_en = builder.town_en
    breakdown_towns: list[str] = []
    for figure in figures:
        town = None
        if figure.town is not None:
            (town,) = _encode_list(builder, task_id, line, "scale", [figure.town], builder.town_encoder)
            if town not in breakdown_towns:
                breakdown_towns.append(town)
        if figure.unit == "":
            builder.problem(task_id, "scale", "number-without-unit",
                            f"the number {figure.quantity:g} in {figure.source_text!r} has no known unit", line)
        builder.quantities.append({
            "task_id": task_id, "metric": figure.metric, "unit": figure.unit, "town": town,
            "town_en": town_en.get(town) if town else None, "quantity": figure.quantity,
            "is_total": town is None, "source_text": figure.source_text,
        })
    _check_totals(builder, task_id, line, values["goal"], figures)

    # Scope → towns
    basis, names = parsing.parse_scope_text(values["scope"])
    towns = _encode_list(builder, task_id, line, "scope", names, builder.town_encoder)
    if basis == "district-wide":
        towns = list(builder.district_towns)
    elif basis == "from-breakdown":
        towns = breakdown_towns
        if not towns:
            basis = "unspecified"
    elif basis == "explicit":
        outside = [t for t in breakdown_towns if t not in towns]
        if outside:
            builder.problem(task_id, "scope", "scope-breakdown-mismatch",
                            f"建设规模 breaks down by {'、'.join(outside)}, which 涉及范围 does not name", line)
    for town in towns or [None]:
        builder.towns.append({
            "task_id": task_id, "town": town, "town_en": town_en.get(town) if town else None,
            "basis": basis if town else "unspecified", "raw_scope": values["scope"],
        })

    # Funding levels
    levels = parsing.funding_levels(values["funding_source"], builder.funding_keywords)
    if not levels and not parsing.is_none(values["funding_source"]):
        builder.problem(task_id, "funding_source", "unclassified-funding",
                        f"no funding level recognised in {values['funding_source']!r}", line)
    level_en = builder.level_en
    for level in levels:
        builder.funding.append({"task_id": task_id, "level": level, "level_en": level_en[level],
                                "text": values["funding_source"]})

    # Milestones
    whole_year = not values["q3_target"].strip() and not values["q4_target"].strip()
    due_end = builder.month_end(due)
    previous_pct = None
    for period, (column, month) in PERIODS.items():
        parsed = parse_target(values[column])
        period_end = builder.plan_month_end(month)
        applies_to = "year" if (whole_year and period == "H1") else "period"
        effective_end = builder.plan_year_end() if applies_to == "year" else period_end
        builder.milestones.append({
            "task_id": task_id, "period": period, "period_end": period_end,
            "due_date": min(effective_end, due_end), "text": values[column], "kind": parsed.kind,
            "target_pct": parsed.target_pct, "target_quantity": parsed.target_quantity,
            "target_unit": parsed.target_unit, "applies_to": applies_to,
        })
        if parsed.target_pct is not None:
            if previous_pct is not None and parsed.target_pct < previous_pct:
                builder.problem(task_id, column, "milestone-regression",
                                f"{period} target {parsed.target_pct:g}% is below the earlier {previous_pct:g}%", line)
            previous_pct = parsed.target_pct

    names_en = builder.names_en
    if values["name"] not in names_en:
        builder.problem(task_id, "name", "no-english-name", "the task name has no English entry in data/reference/task_names.csv", line)
    section_no, section_title, section_en = section
    lead = departments[0]
    builder.tasks.append({
        "task_id": task_id, "section_no": section_no, "section": section_title, "section_en": section_en,
        "name": values["name"], "name_en": names_en.get(values["name"]),
        "departments": tuple(departments), "lead_department": lead,
        "lead_department_en": department_info[lead][0],
        "goal": values["goal"], "content": values["content"], "scale": values["scale"],
        "standard": values["standard"], "funding_source": values["funding_source"],
        "investment_raw": values["investment_raw"], "investment_wan": investment,
        "investment_is_approx": approx, "scope": values["scope"], "due_raw": values["due_raw"],
        "due": due, "h1_target": values["h1_target"], "q3_target": values["q3_target"],
        "q4_target": values["q4_target"], "source_line": line,
    })


def _check_totals(builder: Builder, task_id: int, line: int, goal: str, figures: list) -> None:
    """Compare each per-town breakdown with the total that 建设目标 states for it."""
    by_metric: dict[tuple[str, str], list] = {}
    for figure in figures:
        if figure.town is not None:
            by_metric.setdefault((figure.metric, figure.unit), []).append(figure)
    for (metric, unit), parts in by_metric.items():
        total = sum(p.quantity for p in parts)
        stated = parsing.stated_total(goal, metric)
        agrees = None if stated is None else math.isclose(stated[0], total)
        builder.totals.append({
            "task_id": task_id, "metric": metric, "unit": unit, "towns": len(parts),
            "breakdown_sum": total, "stated_total": stated[0] if stated else None,
            "stated_text": stated[1] if stated else None, "agrees": agrees, "source_line": line,
        })
        if agrees is False:
            builder.problem(
                task_id, "scale", "total-mismatch",
                f"{metric}({unit}): the per-town figures sum to {total:g}, but 建设目标 states "
                f"{stated[0]:g} ({stated[1]}); both kept as written",
                line,
            )


def classify(builder: Builder, rows: list[Row]) -> None:
    positions: dict[str, int] | None = None
    width = 0
    section = None
    seen_title = False
    footer: tuple[int, int] | None = None
    first_line_of: dict[int, int] = {}
    for row in rows:
        kind, task_id = None, None
        if row.padded and positions is not None and 1 < len(row.cells) < width:
            # A spreadsheet does not store trailing empty cells: restore them.
            row = row.padded_to(width)
        joined = "".join(row.cells)
        if row.is_blank:
            kind = "blank"
        elif footer is not None:
            raise builder.error(f"text after the footer on line {footer[1]}: {joined[:40]!r}", row.line)
        elif _fold(row.cells[0]) == _fold("序号"):
            kind, positions, width = "header", _read_header(builder, row), len(row.cells)
        elif _only_first_cell(row) and FOOTER_ROW.match(row.cells[0]):
            kind, footer = "footer", (int(FOOTER_ROW.match(row.cells[0])["count"]), row.line)
        elif _only_first_cell(row) and SECTION_ROW.match(row.cells[0]):
            kind, section = "section", _section(builder, row)
        elif _only_first_cell(row) and positions is None:
            kind = "title"
            seen_title = True
            if builder.title is None:
                builder.title = TITLE_MARKUP.sub("", row.cells[0]).strip() or None
            match = TITLE_YEAR.search(row.cells[0])
            if match and not builder.tasks:
                builder.plan_year = int(match["year"])
        elif positions is None:
            raise builder.error(
                "expected a title line or the header row (序号, 任务名称, …) before any task", row.line
            )
        elif _only_first_cell(row):
            raise builder.error(
                f"unrecognised line {joined[:40]!r}: expected a section row (一、…), a task row or the "
                "footer 全区共涉及乡村建设任务N项", row.line,
            )
        elif len(row.cells) != width:
            raise builder.error(
                f"expected {width} tab-separated cells as in the header, found {len(row.cells)}", row.line
            )
        elif not TASK_NUMBER.match(row.cells[positions["task_id"]]):
            raise builder.error(
                f"expected a task number, found {row.cells[positions['task_id']]!r}", row.line, "task_id"
            )
        else:
            if section is None:
                raise builder.error("task row before any section row (一、…)", row.line)
            kind = "task"
            task_id = int(row.cells[positions["task_id"]])
            if task_id in first_line_of:
                raise builder.error(
                    f"duplicate task number {task_id} (first on line {first_line_of[task_id]})", row.line, "task_id"
                )
            first_line_of[task_id] = row.line
            _add_task(builder, row, positions, section)
        builder.lines.append({"line": row.line, "kind": kind, "task_id": task_id, "text": row.raw})
    _check_numbering(builder, footer, seen_title)


def _check_numbering(builder: Builder, footer, seen_title) -> None:
    numbers = sorted(t["task_id"] for t in builder.tasks)
    if not numbers:
        raise builder.error("no task rows found")
    expected = set(range(1, len(numbers) + 1))
    if set(numbers) != expected:
        missing = sorted(expected - set(numbers))
        unexpected = [t for t in builder.tasks if t["task_id"] not in expected]
        first = min(unexpected, key=lambda t: t["source_line"])
        raise builder.error(
            f"task numbers must run 1…{len(numbers)} without gaps: missing {missing[:10]}; "
            f"task number {first['task_id']} is out of sequence",
            first["source_line"], "task_id",
        )
    if footer is None:
        builder.problem(None, "footer", "missing-footer", "no footer line 全区共涉及乡村建设任务N项 states the task count", None)
    elif footer[0] != len(numbers):
        raise builder.error(f"the footer states {footer[0]} tasks, but the list has {len(numbers)} task rows", footer[1], "footer")
    if not seen_title:
        builder.problem(None, "title", "missing-title",
                        f"no title line states the plan year; {builder.plan_year} assumed", None)


