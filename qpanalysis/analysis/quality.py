"""Data quality of a task list: problems explained, totals checked, raw against parsed values, completeness."""

from __future__ import annotations

import csv
import io
import unicodedata

import pandas as pd

from qpanalysis.ingest import parsing
from qpanalysis.ingest.targets import parse_target
from qpanalysis.ingest.build import COLUMNS

# Every problem kind the loader can report, with a plain-language explanation for readers
# who never saw the code: (Chinese, English). A kind missing here fails the tests, so a new
# check in the loader cannot reach a report unexplained.
PROBLEM_KINDS = {
    "alias": (
        "名称使用了简称或别称（如“政务办”），已按参考表读作规范名称（如“区政务办”）。",
        "A name was written as a short form or alias (e.g. 政务办); it was read as the canonical "
        "name from the reference tables (e.g. 区政务办).",
    ),
    "total-mismatch": (
        "建设目标中的合计数与建设规模中各街镇分解数之和不一致；两个数都按原文保留，未作修正。",
        "The total stated in the construction goal differs from the sum of the per-town figures "
        "in the construction scale; both numbers are kept as written, neither is corrected.",
    ),
    "date-outside-plan-year": (
        "计划完成时间不在清单年度内（如2026年清单中的“2025.11”）；按原文保留，可能是笔误或跨年任务。",
        "The planned completion month lies outside the plan year (e.g. 2025.11 in the 2026 list); "
        "it is kept as written and may be a typo or a task carried over from an earlier year.",
    ),
    "empty-field": (
        "必填字段为空，或涉及范围写作“/”，即任务没有指明任何地点。",
        "A field every task must fill is empty, or the scope is written “/”, so the task names no place.",
    ),
    "scope-breakdown-mismatch": (
        "建设规模按某些街镇分解，但涉及范围没有列出这些街镇。",
        "The construction scale breaks figures down by towns that the scope column does not name.",
    ),
    "missing-footer": (
        "清单末尾缺少“全区共涉及乡村建设任务N项”一行，无法核对任务总数。",
        "The closing line 全区共涉及乡村建设任务N项 (the task count) is missing, so the number "
        "of tasks cannot be checked.",
    ),
    "missing-title": (
        "缺少标题行，无法读出清单年度，已采用默认年度。",
        "There is no title line to state the plan year; the default plan year was assumed.",
    ),
    "number-without-unit": (
        "建设规模中的某个数字没有可识别的计量单位；数字已保留，单位记为空。",
        "A number in the construction scale has no recognised unit of measure; the number is kept "
        "with an empty unit.",
    ),
    "unclassified-funding": (
        "资金来源文字中没有可识别的资金层级（中央、市、区、镇、村或自筹）。",
        "The funding-source text names no recognised funding level (central, municipal, district, "
        "town, village or self-raised).",
    ),
    "milestone-regression": (
        "后一节点的百分比目标低于前一节点（进度倒退），可能是笔误。",
        "A later milestone sets a lower percentage than an earlier one (progress going backwards); "
        "probably a typo.",
    ),
    "no-english-name": (
        "任务名称在 data/reference/task_names.csv 中没有英文译名；英文图表显示中文原名。",
        "The task name has no English entry in data/reference/task_names.csv; English figures show "
        "the Chinese name.",
    ),
}

# The fields whose reading needs a rule, in the order of the published columns. Every
# other field (任务名称, 建设目标, …) is kept verbatim, so there is nothing to compare.
INTERPRETED_FIELDS = (
    "牵头部门", "建设规模", "资金来源", "总投资(万元)", "涉及范围", "计划完成时间",
    "上半年目标", "第三季度目标", "第四季度目标",
)
# Milestone period of each target column.
TARGET_FIELDS = {"上半年目标": "H1", "第三季度目标": "Q3", "第四季度目标": "Q4"}

# Rule codes of ``interpretations`` with what they do, (Chinese, English). A row may carry
# several codes joined with RULE_JOIN, because one cell can need several rules.
RULES = {
    "none-marker": ("“/”表示无：不产生数值（总投资记为NaN）。", "“/” means none: no value is produced (investment becomes NaN)."),
    "empty-cell": ("单元格为空：不产生数值。", "The cell is empty: no value is produced."),
    "plain-number": ("按原文数字读取（单位万元）。", "The number is read as written (in 万元)."),
    "approx-prefix": ("“约”开头：数字照读，并标记为约数。", "A leading 约 (about): the number is kept and flagged approximate."),
    "year-month": ("“年.月”读作月度Period。", "year.month is read as a monthly Period."),
    "outside-plan-year": ("月份不在清单年度内，按原文保留。", "The month is outside the plan year and kept as written."),
    "canonical-name": ("名称与参考表中的规范名称一致。", "Every name is already the canonical one in the reference table."),
    "alias": ("简称/别称换成规范名称。", "A short form or alias is replaced by the canonical name."),
    "split-names": ("按“、”拆分成多个部门，第一个为牵头部门。", "Names separated by 、 are split; the first is the lead department."),
    "explicit": ("逐一列出的街镇。", "Towns listed by name."),
    "district-wide": ("“11个街镇”展开为全区11个街镇。", "“11个街镇” expands to all 11 towns and subdistricts."),
    "from-breakdown": ("“相关街镇”取建设规模分解数中的街镇。", "“相关街镇” takes the towns of the per-town breakdown in the scale."),
    "related-towns-unresolved": (
        "“相关街镇”但建设规模没有分街镇数：街镇未明确。",
        "“相关街镇” with no per-town breakdown in the scale: the towns stay unspecified.",
    ),
    "labelled-total": ("“指标(单位):数”读作一个合计值。", "“metric(unit):number” is read as one stated total."),
    "per-town-breakdown": ("“指标(单位):街镇数、…”读作分街镇数。", "“metric(unit):town number, …” is read as a per-town breakdown."),
    "prose-number": ("文字中的“数+单位”读作数量，指标取相邻文字。", "A number with a unit in prose is read as a quantity named by the words next to it."),
    "number-without-unit": ("文字中没有单位的数字，单位记为空。", "A number without a known unit; its unit is left empty."),
    "no-number": ("文字中没有数字：不产生数量。", "The text states no number: no quantity."),
    "keywords": ("按关键词识别资金层级（见funding_levels.csv）。", "Funding levels recognised by keyword (see funding_levels.csv)."),
    "unclassified": ("有文字但没有识别出资金层级。", "Text present, but no funding level recognised."),
    "completion-percent": ("“完成/进度…N%”读作完成百分比。", "“完成/进度 … N%” is read as a completion percentage."),
    "several-percents": ("同一节点有多个不同的完成百分比：不取单一目标值。", "Several different completion percentages in one cell: no single target."),
    "completion-quantity": ("“完成N+量词”读作完成数量。", "“完成 N + measure word” is read as a completed quantity."),
    "indicator-percent": ("不挂在进度词上的百分比是指标水平，不算完成进度。", "A percentage not tied to a progress word is an indicator level, not progress."),
    "qualitative": ("没有可读出的进度数字：定性目标。", "No progress number to read: a qualitative target."),
    "cumulative": ("含“累计”：累计值。", "Contains 累计: a running total."),
    "approx-target": ("目标数字前有“约”。", "约 (about) stands before the target number."),
    "whole-year": ("只填了上半年目标：该文字适用于全年。", "Only the H1 target is filled: its text applies to the whole year."),
}
RULE_JOIN = "+"

# Status of a cell for the completeness overview; "/" is the list's own word for "none",
# which is an answer, unlike a cell left empty.
STATUSES = ("filled", "none-marker", "empty")
# Fields shown in the completeness overview: every published column except the task number.
COMPLETENESS_FIELDS = tuple(h for h, c in COLUMNS.items() if c != "task_id")
# English names of the published column headers, for display.
FIELD_EN = {
    "任务名称": "Task name",
    "牵头部门": "Lead departments",
    "建设目标": "Construction goal",
    "建设内容": "Construction content",
    "建设规模": "Construction scale",
    "建设标准": "Construction standard",
    "资金来源": "Funding source",
    "总投资(万元)": "Total investment (10k yuan)",
    "涉及范围": "Scope (places)",
    "计划完成时间": "Planned completion",
    "上半年目标": "H1 target",
    "第三季度目标": "Q3 target",
    "第四季度目标": "Q4 target",
    "footer": "Footer line",
    "title": "Title line",
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).replace(" ", "")


def _split_line(text: str, delimiter: str) -> list[str]:
    if delimiter == ",":
        return [c.strip() for c in next(csv.reader(io.StringIO(text)), [])]
    return [c.strip() for c in text.split(delimiter)]


def source_cells(tl) -> pd.DataFrame:
    """Every published cell of every task, as written, read back from the lines table.

    The tasks table keeps most cells verbatim, but not 牵头部门 (it is split into names).
    Each task line is split again with the header line above it. When the lines table
    cannot be split that way (e.g. a made-up table), the tasks table is used instead, and
    牵头部门 is rebuilt from the names as written, joined with 、.

    Args:
        tl: A TaskList (or an object with ``tasks``, ``departments`` and ``lines``).

    Returns:
        One row per task and field: task_id, field (the published header), raw.
    """
    records = _cells_from_lines(tl.lines)
    if records is not None and {r["task_id"] for r in records} == set(tl.tasks["task_id"]):
        return pd.DataFrame.from_records(records, columns=["task_id", "field", "raw"])
    raw_departments = (
        tl.departments.sort_values(["task_id", "order"]).groupby("task_id")["raw_name"].agg("、".join)
    )
    records = []
    for task_id, row in tl.tasks.set_index("task_id", drop=False).iterrows():
        for header in COMPLETENESS_FIELDS:
            column = COLUMNS[header]
            raw = raw_departments.get(task_id, "") if column == "departments_raw" else row[column]
            records.append({"task_id": int(task_id), "field": header, "raw": str(raw)})
    return pd.DataFrame.from_records(records, columns=["task_id", "field", "raw"])


def _cells_from_lines(lines: pd.DataFrame) -> list[dict] | None:
    folded = {_fold(h): h for h in COLUMNS}
    header: list[str | None] | None = None
    delimiter = "\t"
    records: list[dict] = []
    for row in lines.itertuples(index=False):
        if row.kind == "header":
            delimiter = "\t" if "\t" in row.text else ","
            header = [folded.get(_fold(c)) for c in _split_line(row.text, delimiter)]
        elif row.kind == "task":
            if header is None:
                return None
            cells = _split_line(row.text, delimiter)
            if len(cells) < len([h for h in header if h]):
                return None
            for name, cell in zip(header, cells):
                if name is not None and name != "序号":
                    records.append({"task_id": int(row.task_id), "field": name, "raw": cell})
    return records or None


def problem_report(tl) -> pd.DataFrame:
    """Every problem the loader reported, explained, with the source line it points to.

    Args:
        tl: A TaskList.

    Returns:
        One row per problem, sorted by kind and line: kind, task_id, field, detail,
        source_line, location (``file:line``), raw_cell (the cell of that field on that
        line, when the problem concerns a task cell), line_text (the whole line as
        read), explanation_zh, explanation_en.

    Raises:
        ValueError: If a kind has no explanation in PROBLEM_KINDS.
    """
    problems = tl.problems.copy()
    sanity_check_problem_kinds(problems)
    lines = tl.lines.set_index("line")["text"]
    cells = source_cells(tl).set_index(["task_id", "field"])["raw"]
    name = getattr(getattr(tl, "source", None), "name", "source")
    problems["location"] = problems["source_line"].map(lambda n: f"{name}:{n}" if pd.notna(n) else name)
    problems["raw_cell"] = [
        cells.get((int(t), f)) if pd.notna(t) and (int(t), f) in cells.index else None
        for t, f in zip(problems["task_id"], problems["field"])
    ]
    problems["line_text"] = problems["source_line"].map(lambda n: lines.get(int(n)) if pd.notna(n) else None)
    problems["explanation_zh"] = problems["kind"].map(lambda k: PROBLEM_KINDS[k][0])
    problems["explanation_en"] = problems["kind"].map(lambda k: PROBLEM_KINDS[k][1])
    columns = ["kind", "task_id", "field", "detail", "source_line", "location", "raw_cell", "line_text",
               "explanation_zh", "explanation_en"]
    order = {kind: i for i, kind in enumerate(PROBLEM_KINDS)}
    problems["_order"] = problems["kind"].map(order)
    return problems.sort_values(["_order", "source_line"], kind="stable")[columns].reset_index(drop=True)


def problem_summary(tl) -> pd.DataFrame:
    """How many problems of each kind, with the explanation of the kind.

    Returns:
        kind, problems (count), tasks (distinct tasks concerned), explanation_zh,
        explanation_en; kinds in PROBLEM_KINDS order, only kinds that occur.

    Example:
        >>> from types import SimpleNamespace
        >>> p = pd.DataFrame({"task_id": [3, 3, 9], "field": ["牵头部门"] * 3, "kind": ["alias"] * 3,
        ...                   "detail": ["", "", ""], "source_line": [5, 5, 11]})
        >>> problem_summary(SimpleNamespace(problems=p))[["kind", "problems", "tasks"]].to_dict("records")
        [{'kind': 'alias', 'problems': 3, 'tasks': 2}]
    """
    problems = tl.problems
    sanity_check_problem_kinds(problems)
    counts = problems.groupby("kind").agg(problems=("kind", "size"), tasks=("task_id", "nunique"))
    kinds = [k for k in PROBLEM_KINDS if k in counts.index]
    out = counts.reindex(kinds).reset_index()
    out["explanation_zh"] = out["kind"].map(lambda k: PROBLEM_KINDS[k][0])
    out["explanation_en"] = out["kind"].map(lambda k: PROBLEM_KINDS[k][1])
    return out


def sanity_check_problem_kinds(problems: pd.DataFrame) -> None:
    """Raise when a problem kind has no plain-language explanation.

    Example:
        >>> sanity_check_problem_kinds(pd.DataFrame({"kind": ["alias", "mystery"]}))
        Traceback (most recent call last):
        ...
        ValueError: problem kind(s) ['mystery'] have no explanation in PROBLEM_KINDS; add one before reporting them
    """
    unknown = sorted(set(problems["kind"]) - set(PROBLEM_KINDS))
    if unknown:
        raise ValueError(
            f"problem kind(s) {unknown} have no explanation in PROBLEM_KINDS; add one before reporting them"
        )


def totals_comparison(tl) -> pd.DataFrame:
    """Stated totals against the sums of their per-town breakdowns.

    Returns:
        One row per task and breakdown metric: task_id, metric, unit, towns,
        breakdown_sum, stated_total, difference (breakdown_sum − stated_total, NaN when
        the goal states no total), status (``agrees``, ``mismatch`` or
        ``no-stated-total``), stated_text, source_line.

    Example:
        >>> from types import SimpleNamespace
        >>> t = pd.DataFrame({"task_id": [1, 2], "metric": ["美丽庭院", "停车场"], "unit": ["户", "个"],
        ...     "towns": [4, 2], "breakdown_sum": [1001.0, 5.0], "stated_total": [1000.0, None],
        ...     "stated_text": ["建设1000户", None], "agrees": pd.array([False, None], dtype="boolean"),
        ...     "source_line": [7, 8]})
        >>> totals_comparison(SimpleNamespace(totals=t))[["difference", "status"]].to_dict("records")
        [{'difference': 1.0, 'status': 'mismatch'}, {'difference': nan, 'status': 'no-stated-total'}]
    """
    totals = tl.totals.copy()
    totals["difference"] = totals["breakdown_sum"] - totals["stated_total"].astype(float)
    agrees = totals["agrees"].astype("boolean")
    totals["status"] = "no-stated-total"
    totals.loc[agrees.fillna(False).astype(bool), "status"] = "agrees"
    totals.loc[(~agrees).fillna(False).astype(bool), "status"] = "mismatch"
    columns = ["task_id", "metric", "unit", "towns", "breakdown_sum", "stated_total", "difference",
               "status", "stated_text", "source_line"]
    return totals[columns].reset_index(drop=True)


def sanity_check_totals(comparison: pd.DataFrame, problems: pd.DataFrame) -> None:
    """Check that every mismatching total is reported as a total-mismatch problem and vice versa.

    Raises:
        ValueError: When the totals table and the problems table disagree.
    """
    mismatched = set(comparison.loc[comparison["status"] == "mismatch", "task_id"])
    reported = set(problems.loc[problems["kind"] == "total-mismatch", "task_id"].dropna().astype(int))
    if mismatched != reported:
        raise ValueError(
            f"tasks with a mismatching total {sorted(mismatched)} differ from the tasks the loader "
            f"reported as total-mismatch {sorted(reported)}"
        )


def _amount(value: float) -> str:
    """Format an amount without spurious decimals.

    Example:
        >>> _amount(278138.0), _amount(10478.4), _amount(830.14)
        ('278,138', '10,478.4', '830.14')
    """
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _join(rules: list[str]) -> str:
    return RULE_JOIN.join(dict.fromkeys(rules))


def _investment(task) -> tuple[str, str]:
    raw = str(task["investment_raw"]).strip()
    if raw == "":
        return "NaN", "empty-cell"
    if raw == parsing.NONE_MARKER:
        return "NaN", "none-marker"
    value = _amount(task["investment_wan"]) + " 万元"
    if task["investment_is_approx"]:
        return value + " (approx)", "approx-prefix"
    return value, "plain-number"


def _due(task, plan_year: int) -> tuple[str, str]:
    due = task["due"]
    rules = ["year-month"]
    if due.year != plan_year:
        rules.append("outside-plan-year")
    return str(due), _join(rules)


def _departments(rows: pd.DataFrame) -> tuple[str, str]:
    rows = rows.sort_values("order")
    names = [
        d if d == r else f"{d} (written {r})" for d, r in zip(rows["department"], rows["raw_name"])
    ]
    rules = ["alias" if (rows["department"] != rows["raw_name"]).any() else "canonical-name"]
    if len(rows) > 1:
        rules.append("split-names")
    return "、".join(names), _join(rules)


def _scope(raw: str, rows: pd.DataFrame) -> tuple[str, str]:
    towns = [t for t in rows["town"] if pd.notna(t)]
    basis = rows["basis"].iloc[0] if len(rows) else "unspecified"
    stated = raw.strip()
    if parsing.is_none(stated):
        return "no town (unspecified)", "none-marker" if stated else "empty-cell"
    if basis == "district-wide":
        return f"district-wide: {len(towns)} towns", "district-wide"
    if basis == "unspecified":
        return "no town (unspecified)", "related-towns-unresolved"
    rules = [basis]
    if basis == "explicit" and any(n not in towns for n in parsing.split_names(stated)):
        rules.append("alias")
    return f"{basis}: " + "、".join(towns), _join(rules)


def _scale(raw: str, rows: pd.DataFrame) -> tuple[str, str]:
    if parsing.is_none(raw):
        return "no quantity", "none-marker" if raw.strip() else "empty-cell"
    if rows.empty:
        return "no quantity", "no-number"
    parts, rules = [], []
    breakdown = rows[rows["town"].notna()]
    for (metric, unit), group in breakdown.groupby(["metric", "unit"], sort=False):
        towns = "、".join(f"{t} {q:g}" for t, q in zip(group["town"], group["quantity"]))
        parts.append(f"{metric} = Σ {group['quantity'].sum():g} {unit} ({len(group)} towns: {towns})")
        rules.append("per-town-breakdown")
    for row in rows[rows["town"].isna()].itertuples(index=False):
        labelled = parsing.LABELLED_FIGURE.search(row.source_text) is not None
        unit = row.unit if row.unit else "(no unit)"
        parts.append(f"{row.metric} = {row.quantity:g} {unit}")
        if not row.unit:
            rules.append("number-without-unit")
        rules.append("labelled-total" if labelled else "prose-number")
    return "; ".join(parts), _join(sorted(rules, key=list(RULES).index))


def _funding(raw: str, levels: list[str]) -> tuple[str, str]:
    if parsing.is_none(raw):
        return "no level", "none-marker" if raw.strip() else "empty-cell"
    if not levels:
        return "no level recognised", "unclassified"
    return ", ".join(levels), "keywords"


def _target(row) -> tuple[str, str]:
    parsed = parse_target(row["text"])
    rules: list[str] = []
    if row["kind"] == "none":
        text = "none"
        rules.append("empty-cell" if not str(row["text"]).strip() else "none-marker")
        if not str(row["text"]).strip() and row["period"] != "H1":
            text = "none (the H1 text covers the year)"
    elif row["kind"] == "percent":
        if pd.notna(row["target_pct"]):
            text = f"percent {row['target_pct']:g}%"
            rules.append("completion-percent")
        else:
            text = "percent " + " / ".join(f"{v:g}%" for v in parsed.pct_values) + " (no single target)"
            rules.append("several-percents")
    elif row["kind"] == "quantity":
        if pd.notna(row["target_quantity"]):
            text = f"quantity {row['target_quantity']:g} {row['target_unit']}"
        else:
            text = "quantity (several, no single target)"
        rules.append("completion-quantity")
    else:
        text = "qualitative"
        rules.append("qualitative")
    if parsed.indicator_pct_values:
        text += " (indicator " + " / ".join(f"{v:g}%" for v in parsed.indicator_pct_values) + ", not progress)"
        rules.append("indicator-percent")
    if row["kind"] in ("percent", "quantity"):
        if parsed.cumulative:
            rules.append("cumulative")
        if parsed.approx:
            rules.append("approx-target")
    if row["applies_to"] == "year":
        text += "; applies to the whole year"
        rules.append("whole-year")
    return text, _join(rules)


def interpretations(tl) -> pd.DataFrame:
    """Raw against parsed values for every field whose reading needed a rule.

    One row per task and field of INTERPRETED_FIELDS. ``raw`` is the cell as published;
    ``parsed`` is what the loader's tables hold for it, aggregated into one readable
    string; ``rule`` names the rule(s) applied, codes of RULES joined with ``+``.

    Args:
        tl: A TaskList.

    Returns:
        Columns task_id, field, raw, parsed, rule; tasks in order, fields in
        INTERPRETED_FIELDS order.
    """
    cells = source_cells(tl).set_index(["task_id", "field"])["raw"]
    departments = dict(tuple(tl.departments.groupby("task_id")))
    towns = dict(tuple(tl.towns.groupby("task_id")))
    quantities = dict(tuple(tl.quantities.groupby("task_id")))
    funding = tl.funding.groupby("task_id")["level"].agg(list).to_dict()
    milestones = tl.milestones.set_index(["task_id", "period"])
    empty_q = tl.quantities.iloc[0:0]
    records = []
    for task_id, task in tl.tasks.set_index("task_id", drop=False).iterrows():
        task_id = int(task_id)
        for field in INTERPRETED_FIELDS:
            raw = cells.get((task_id, field), "")
            if field == "总投资(万元)":
                parsed, rule = _investment(task)
            elif field == "计划完成时间":
                parsed, rule = _due(task, tl.plan_year)
            elif field == "牵头部门":
                parsed, rule = _departments(departments[task_id])
            elif field == "涉及范围":
                parsed, rule = _scope(raw, towns.get(task_id, tl.towns.iloc[0:0]))
            elif field == "建设规模":
                parsed, rule = _scale(raw, quantities.get(task_id, empty_q))
            elif field == "资金来源":
                parsed, rule = _funding(raw, funding.get(task_id, []))
            else:
                parsed, rule = _target(milestones.loc[(task_id, TARGET_FIELDS[field])].to_dict()
                                       | {"period": TARGET_FIELDS[field]})
            records.append({"task_id": task_id, "field": field, "raw": raw, "parsed": parsed, "rule": rule})
    out = pd.DataFrame.from_records(records, columns=["task_id", "field", "raw", "parsed", "rule"])
    sanity_check_interpretations(out, tl.tasks["task_id"])
    return out


def sanity_check_interpretations(interp: pd.DataFrame, task_ids) -> None:
    """Check one row per task × interpreted field, each with a known rule.

    Raises:
        ValueError: With the missing, duplicated or unknown entries.
    """
    expected = {(int(t), f) for t in task_ids for f in INTERPRETED_FIELDS}
    seen = list(zip(interp["task_id"].astype(int), interp["field"]))
    if len(seen) != len(set(seen)):
        raise ValueError("interpretations has more than one row for some task and field")
    missing = expected - set(seen)
    if missing:
        raise ValueError(f"interpretations lacks {len(missing)} task × field rows, e.g. {sorted(missing)[:3]}")
    unknown = {r for rules in interp["rule"] for r in rules.split(RULE_JOIN)} - set(RULES)
    if unknown:
        raise ValueError(f"unknown rule code(s) {sorted(unknown)}; describe them in RULES")


def rule_counts(interp: pd.DataFrame) -> pd.DataFrame:
    """How many values each rule touched, per field.

    A value read with several rules counts once for each of them, so the counts of a
    field can add up to more than the number of tasks.

    Returns:
        field, rule, values, explanation_zh, explanation_en; fields in
        INTERPRETED_FIELDS order, rules in RULES order.

    Example:
        >>> interp = pd.DataFrame({"task_id": [1, 2, 3], "field": ["总投资(万元)"] * 3,
        ...     "raw": ["/", "约5", "/"], "parsed": ["", "", ""],
        ...     "rule": ["none-marker", "approx-prefix", "none-marker"]})
        >>> rule_counts(interp)[["rule", "values"]].to_dict("records")
        [{'rule': 'none-marker', 'values': 2}, {'rule': 'approx-prefix', 'values': 1}]
    """
    exploded = interp.assign(rule=interp["rule"].str.split(RULE_JOIN)).explode("rule")
    counts = exploded.groupby(["field", "rule"]).size().rename("values").reset_index()
    field_order = {f: i for i, f in enumerate(INTERPRETED_FIELDS)}
    rule_order = {r: i for i, r in enumerate(RULES)}
    counts = counts.sort_values(
        ["field", "rule"], key=lambda s: s.map(field_order if s.name == "field" else rule_order)
    ).reset_index(drop=True)
    counts["explanation_zh"] = counts["rule"].map(lambda r: RULES[r][0])
    counts["explanation_en"] = counts["rule"].map(lambda r: RULES[r][1])
    return counts


def cell_status(raw: str) -> str:
    """Whether a cell is filled, says "/" (none) or is empty.

    Example:
        >>> cell_status("2026.12"), cell_status(" / "), cell_status("")
        ('filled', 'none-marker', 'empty')
    """
    text = str(raw).strip()
    if not text:
        return "empty"
    return "none-marker" if text == parsing.NONE_MARKER else "filled"


def field_status(tl) -> pd.DataFrame:
    """The status of every task's cell in every published field.

    Returns:
        task_id, field, status (one of STATUSES); fields in published order.
    """
    cells = source_cells(tl)
    cells = cells[cells["field"].isin(COMPLETENESS_FIELDS)].copy()
    cells["status"] = cells["raw"].map(cell_status)
    order = {f: i for i, f in enumerate(COMPLETENESS_FIELDS)}
    cells = cells.sort_values(["task_id", "field"], key=lambda s: s.map(order) if s.name == "field" else s)
    return cells[["task_id", "field", "status"]].reset_index(drop=True)


def completeness(status: pd.DataFrame) -> pd.DataFrame:
    """How many tasks fill each field, write "/" or leave it empty.

    Args:
        status: The output of ``field_status``.

    Returns:
        One row per field (published order): field, filled, none_marker, empty, tasks.

    Example:
        >>> s = pd.DataFrame({"task_id": [1, 2, 1, 2], "field": ["资金来源", "资金来源", "涉及范围", "涉及范围"],
        ...                   "status": ["filled", "none-marker", "filled", "empty"]})
        >>> completeness(s).to_dict("records")
        [{'field': '资金来源', 'filled': 1, 'none_marker': 1, 'empty': 0, 'tasks': 2}, {'field': '涉及范围', 'filled': 1, 'none_marker': 0, 'empty': 1, 'tasks': 2}]
    """
    counts = pd.crosstab(status["field"], status["status"]).reindex(columns=list(STATUSES), fill_value=0)
    fields = [f for f in COMPLETENESS_FIELDS if f in counts.index]
    counts = counts.reindex(fields)
    counts.columns = [c.replace("-", "_") for c in counts.columns]
    counts.columns.name = None
    counts["tasks"] = counts.sum(axis=1)
    out = counts.rename_axis("field").reset_index()
    for column in ("filled", "none_marker", "empty", "tasks"):
        out[column] = out[column].astype(int)
    sanity_check_completeness(out, status["task_id"].nunique())
    return out


def sanity_check_completeness(table: pd.DataFrame, n_tasks: int) -> None:
    """Check that filled + "/" + empty counts every task once in every field.

    Example:
        >>> bad = pd.DataFrame({"field": ["涉及范围"], "filled": [1], "none_marker": [0], "empty": [0], "tasks": [1]})
        >>> sanity_check_completeness(bad, 2)
        Traceback (most recent call last):
        ...
        ValueError: field(s) ['涉及范围'] do not count each of the 2 tasks exactly once
    """
    total = table["filled"] + table["none_marker"] + table["empty"]
    wrong = table.loc[total != n_tasks, "field"].tolist()
    if wrong:
        raise ValueError(f"field(s) {wrong} do not count each of the {n_tasks} tasks exactly once")


def field_label(fields: pd.Series, lang: str = "zh") -> pd.Series:
    """Display names of published headers: Chinese as published, or English.

    Example:
        >>> field_label(pd.Series(["总投资(万元)"]), "en").tolist()
        ['Total investment (10k yuan)']
    """
    if lang == "zh":
        return fields
    return fields.map(lambda f: FIELD_EN.get(f, f))


# Column headers of this module's tables for display, (Chinese, English).
COLUMN_LABELS = {
    "kind": ("问题类型", "Kind"), "task_id": ("任务序号", "Task"), "field": ("字段", "Field"),
    "detail": ("说明", "Detail"), "source_line": ("行号", "Line"), "location": ("位置", "Location"),
    "raw_cell": ("原文单元格", "Cell as published"), "line_text": ("原文整行", "Line as published"),
    "explanation": ("解释", "Explanation"), "problems": ("问题数", "Problems"), "tasks": ("任务数", "Tasks"),
    "metric": ("指标", "Metric"), "unit": ("单位", "Unit"), "towns": ("街镇数", "Towns"),
    "breakdown_sum": ("分街镇数之和", "Sum of per-town figures"), "stated_total": ("目标合计数", "Stated total"),
    "difference": ("差（和−合计）", "Difference (sum − stated)"), "status": ("核对结果", "Check"),
    "stated_text": ("目标原文", "Goal text"), "raw": ("原文", "As published"), "parsed": ("解析结果", "Parsed"),
    "rule": ("规则", "Rule"), "values": ("值的个数", "Values"), "filled": ("已填写", "Filled"),
    "none_marker": ("填“/”", 'Written "/"'), "empty": ("空白", "Empty"),
}


def for_display(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A copy for display: one explanation column in ``lang``, fields and headers translated.

    Example:
        >>> t = pd.DataFrame({"field": ["涉及范围"], "explanation_zh": ["中"], "explanation_en": ["E"]})
        >>> for_display(t, "en").to_dict("records")
        [{'Field': 'Scope (places)', 'Explanation': 'E'}]
    """
    out = table.copy()
    if "explanation_zh" in out.columns:
        out["explanation"] = out[f"explanation_{lang}"]
        out = out.drop(columns=["explanation_zh", "explanation_en"])
    if "field" in out.columns:
        out["field"] = field_label(out["field"], lang)
    index = 0 if lang == "zh" else 1
    return out.rename(columns={c: labels[index] for c, labels in COLUMN_LABELS.items()})


__all__ = [
    "PROBLEM_KINDS", "RULES", "INTERPRETED_FIELDS", "STATUSES", "COMPLETENESS_FIELDS", "FIELD_EN",
    "source_cells", "problem_report", "problem_summary", "sanity_check_problem_kinds",
    "totals_comparison", "sanity_check_totals", "interpretations", "sanity_check_interpretations",
    "rule_counts", "cell_status", "field_status", "completeness", "sanity_check_completeness", "field_label",
    "COLUMN_LABELS", "for_display",
]
