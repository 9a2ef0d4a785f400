"""Data quality of a task list: problems explained, totals checked, raw against parsed values, completeness."""

from __future__ import annotations

import pandas as pd

from qpanalysis.codes import (
    CELL_STATUSES, NONE_MARKER, NUMERIC_KINDS, PROBLEM_KINDS as PROBLEM_KIND_CODES, READING_RULES, AppliesTo, Basis,
    CellStatus, Period, ProblemKind, ReadingRule, TargetKind, TotalsStatus,
)
from qpanalysis.ingest.fields import header, period_fields
from qpanalysis.ingest.layout import COLUMNS
from qpanalysis.ingest.milestones import VALUES_JOIN
from qpanalysis.ingest.reference import load_reference


def _explanations(kind: str, vocabulary: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Code → (Chinese, English) explanation, from data/reference/labels.csv, in vocabulary order."""
    labels = load_reference().labels
    rows = labels[labels["kind"] == kind].set_index("code")
    missing = [code for code in vocabulary if code not in rows.index]
    if missing:
        raise ValueError(f"data/reference/labels.csv explains no {kind} of {missing}")
    return {code: (rows.at[code, "zh"], rows.at[code, "en"]) for code in vocabulary}


# Every problem kind the loader can report (qpanalysis.codes.PROBLEM_KINDS), with a
# plain-language explanation for readers who never saw the code: (Chinese, English), from
# data/reference/labels.csv. A kind without one fails the tests, so a new check in the
# loader cannot reach a report unexplained.
PROBLEM_KINDS = _explanations("problem_explanation", PROBLEM_KIND_CODES)

# The fields whose reading needs a rule, in the order of the published columns. Every
# other field (任务名称, 建设目标, …) is kept verbatim, so there is nothing to compare.
# Milestone period of each target column.
TARGET_FIELDS = {field.header: period for period, field in period_fields().items()}
INTERPRETED_FIELDS = (
    *map(header, ("departments_raw", "scale", "funding_source", "investment_raw", "scope", "due_raw")),
    *TARGET_FIELDS,
)

# What "/" means in each interpreted field, (Chinese, English), from data/reference/labels.csv
# (kind none_marker_explanation): "/" in 总投资 is an undisclosed amount, kept unknown, in
# 涉及范围 no town named, in a target column no milestone. The rule table explains the
# none-marker rule of a field with its own entry, never with another field's.
NONE_MARKER_EXPLANATIONS = _explanations("none_marker_explanation", INTERPRETED_FIELDS)

# Rule codes of ``interpretations`` (qpanalysis.codes.READING_RULES) with what they do,
# (Chinese, English), from data/reference/labels.csv. A row may carry several codes joined
# with RULE_JOIN, because one cell can need several rules.
RULES = _explanations("reading_rule_explanation", READING_RULES)
RULE_JOIN = "+"

# Status of a cell for the completeness overview; "/" is the list's own word for "none",
# which is an answer, unlike a cell left empty.
STATUSES = CELL_STATUSES
# Fields shown in the completeness overview: every published column except the task number.
COMPLETENESS_FIELDS = tuple(h for h, c in COLUMNS.items() if c != "task_id")


def source_cells(tl) -> pd.DataFrame:
    """Every published cell of every task, as written: the tasks table keeps each one.

    Args:
        tl: A TaskList (or an object with a ``tasks`` table holding the published columns).

    Returns:
        One row per task and field of COMPLETENESS_FIELDS: task_id, field (the
        published header), raw; tasks in the tasks table's order, fields in published order.
    """
    headers = {COLUMNS[header]: header for header in COMPLETENESS_FIELDS}
    cells = tl.tasks[["task_id", *headers]].rename(columns=headers, errors="raise").reset_index(drop=True)
    long = cells.melt(id_vars="task_id", var_name="field", value_name="raw", ignore_index=False)
    long = long.rename_axis("_task").sort_index(kind="stable").reset_index(drop=True)
    return long.astype({"task_id": int, "field": object, "raw": object})


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
    totals["status"] = TotalsStatus.NO_STATED_TOTAL.value
    totals.loc[agrees.fillna(False).astype(bool), "status"] = TotalsStatus.AGREES.value
    totals.loc[(~agrees).fillna(False).astype(bool), "status"] = TotalsStatus.MISMATCH.value
    columns = ["task_id", "metric", "unit", "towns", "breakdown_sum", "stated_total", "difference",
               "status", "stated_text", "source_line"]
    return totals[columns].reset_index(drop=True)


def sanity_check_totals(comparison: pd.DataFrame, problems: pd.DataFrame) -> None:
    """Check that every mismatching total is reported as a total-mismatch problem and vice versa.

    Raises:
        ValueError: When the totals table and the problems table disagree.
    """
    mismatched = set(comparison.loc[comparison["status"] == TotalsStatus.MISMATCH, "task_id"])
    reported = set(problems.loc[problems["kind"] == ProblemKind.TOTAL_MISMATCH, "task_id"].dropna().astype(int))
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


def _none_rule(raw: str) -> str | None:
    """The rule of a cell that gives no value: "/" or empty; None for a filled cell."""
    rules = {CellStatus.NONE_MARKER: ReadingRule.NONE_MARKER, CellStatus.EMPTY: ReadingRule.EMPTY_CELL}
    return rules.get(cell_status(raw))


def _investment(task) -> tuple[str, str]:
    if _none_rule(task["investment_raw"]):
        return "NaN", _none_rule(task["investment_raw"])
    value = _amount(task["investment_wan"]) + " 万元"
    if task["investment_is_approx"]:
        return value + " (approx)", ReadingRule.APPROX_PREFIX
    return value, ReadingRule.PLAIN_NUMBER


def _due(task, plan_year: int) -> tuple[str, str]:
    due = task["due"]
    rules = [ReadingRule.YEAR_MONTH]
    if due.year != plan_year:
        rules.append(ReadingRule.OUTSIDE_PLAN_YEAR)
    return str(due), _join(rules)


def _departments(rows: pd.DataFrame) -> tuple[str, str]:
    rows = rows.sort_values("order")
    names = [
        d if d == r else f"{d} (written {r})" for d, r in zip(rows["department"], rows["raw_name"])
    ]
    rules = [ReadingRule.ALIAS if (rows["department"] != rows["raw_name"]).any() else ReadingRule.CANONICAL_NAME]
    if len(rows) > 1:
        rules.append(ReadingRule.SPLIT_NAMES)
    return "、".join(names), _join(rules)


def _scope(raw: str, rows: pd.DataFrame, alias: bool) -> tuple[str, str]:
    towns = [t for t in rows["town"] if pd.notna(t)]
    basis = rows["basis"].iloc[0] if len(rows) else Basis.UNSPECIFIED
    if _none_rule(raw) and basis == Basis.DISTRICT_WIDE:  # "/" or empty, but the text says 整区
        rules = [_none_rule(raw), ReadingRule.DISTRICT_WIDE_BY_TEXT]
        return f"district-wide (from the text): {len(towns)} towns", _join(rules)
    if _none_rule(raw):
        return "no town (unspecified)", _none_rule(raw)
    if basis == Basis.DISTRICT_WIDE:
        return f"district-wide: {len(towns)} towns", ReadingRule.DISTRICT_WIDE
    if basis == Basis.UNSPECIFIED:
        return "no town (unspecified)", ReadingRule.RELATED_TOWNS_UNRESOLVED
    rules = [basis]
    if basis == Basis.EXPLICIT and alias:
        rules.append(ReadingRule.ALIAS)
    return f"{basis}: " + "、".join(towns), _join(rules)


def _scale(raw: str, rows: pd.DataFrame) -> tuple[str, str]:
    if _none_rule(raw):
        return "no quantity", _none_rule(raw)
    if rows.empty:
        return "no quantity", ReadingRule.NO_NUMBER
    parts, rules = [], []
    breakdown = rows[rows["town"].notna()]
    for (metric, unit), group in breakdown.groupby(["metric", "unit"], sort=False):
        towns = "、".join(f"{t} {q:g}" for t, q in zip(group["town"], group["quantity"]))
        parts.append(f"{metric} = Σ {group['quantity'].sum():g} {unit} ({len(group)} towns: {towns})")
        rules.append(ReadingRule.PER_TOWN_BREAKDOWN)
    for row in rows[rows["town"].isna()].itertuples(index=False):
        unit = row.unit if row.unit else "(no unit)"
        parts.append(f"{row.metric} = {row.quantity:g} {unit}")
        if not row.unit:
            rules.append(ReadingRule.NUMBER_WITHOUT_UNIT)
        rules.append(ReadingRule.LABELLED_TOTAL if row.labelled else ReadingRule.PROSE_NUMBER)
    return "; ".join(parts), _join(sorted(rules, key=list(RULES).index))


def _funding(raw: str, levels: list[str]) -> tuple[str, str]:
    if _none_rule(raw):
        return "no level", _none_rule(raw)
    if not levels:
        return "no level recognised", ReadingRule.UNCLASSIFIED
    return ", ".join(levels), ReadingRule.KEYWORDS


def _percents(values: str) -> str:
    """The percentages a milestone lists ("60、20") for reading: "60% / 20%"."""
    return " / ".join(f"{v}%" for v in str(values).split(VALUES_JOIN) if v)


def _target(row) -> tuple[str, str]:
    rules: list[str] = []
    if row["kind"] == TargetKind.NONE:
        text = "none"
        rules.append(ReadingRule.EMPTY_CELL if not str(row["text"]).strip() else ReadingRule.NONE_MARKER)
        if not str(row["text"]).strip() and row["period"] != Period.H1:
            text = "none (the H1 text covers the year)"
    elif row["kind"] == TargetKind.PERCENT:
        if pd.notna(row["target_pct"]):
            text = f"percent {row['target_pct']:g}%"
            rules.append(ReadingRule.COMPLETION_PERCENT)
        else:
            text = "percent " + _percents(row["pct_values"]) + " (no single target)"
            rules.append(ReadingRule.SEVERAL_PERCENTS)
    elif row["kind"] == TargetKind.QUANTITY:
        if pd.notna(row["target_quantity"]):
            text = f"quantity {row['target_quantity']:g} {row['target_unit']}"
        else:
            text = "quantity (several, no single target)"
        rules.append(ReadingRule.COMPLETION_QUANTITY)
    else:
        text = "qualitative"
        rules.append(ReadingRule.QUALITATIVE)
    if row["indicator_pct_values"]:
        text += " (indicator " + _percents(row["indicator_pct_values"]) + ", not progress)"
        rules.append(ReadingRule.INDICATOR_PERCENT)
    if row["kind"] in NUMERIC_KINDS:
        if row["cumulative"]:
            rules.append(ReadingRule.CUMULATIVE)
        if row["approx"]:
            rules.append(ReadingRule.APPROX_TARGET)
    if row["applies_to"] == AppliesTo.YEAR:
        text += "; applies to the whole year"
        rules.append(ReadingRule.WHOLE_YEAR)
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
    problems = tl.problems
    scope_aliases = set(problems.loc[(problems["kind"] == ProblemKind.ALIAS) & (problems["field"] == header("scope")), "task_id"])
    records = []
    for task_id, task in tl.tasks.set_index("task_id", drop=False).iterrows():
        task_id = int(task_id)
        for field in INTERPRETED_FIELDS:
            raw = cells.get((task_id, field), "")
            column = COLUMNS[field]
            if column == "investment_raw":
                parsed, rule = _investment(task)
            elif column == "due_raw":
                parsed, rule = _due(task, tl.plan_year)
            elif column == "departments_raw":
                parsed, rule = _departments(departments[task_id])
            elif column == "scope":
                parsed, rule = _scope(raw, towns.get(task_id, tl.towns.iloc[0:0]), task_id in scope_aliases)
            elif column == "scale":
                parsed, rule = _scale(raw, quantities.get(task_id, empty_q))
            elif column == "funding_source":
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
    explained = [rule_explanation(f, r) for f, r in zip(counts["field"], counts["rule"])]
    counts["explanation_zh"] = [zh for zh, _ in explained]
    counts["explanation_en"] = [en for _, en in explained]
    return counts


def rule_explanation(field: str, rule: str) -> tuple[str, str]:
    """What a rule does to a value of a field, (Chinese, English): "/" is explained per field.

    Example:
        >>> rule_explanation("总投资(万元)", "none-marker")[1]
        '“/”: no amount is disclosed; it stays unknown (NaN), never 0.'
        >>> rule_explanation("第四季度目标", "none-marker")[1]
        '“/”: no Q4 milestone.'
        >>> rule_explanation("总投资(万元)", "approx-prefix")[0]
        '“约”开头：数字照读，并标记为约数。'
    """
    if rule == ReadingRule.NONE_MARKER and field in NONE_MARKER_EXPLANATIONS:
        return NONE_MARKER_EXPLANATIONS[field]
    return RULES[rule]


def cell_status(raw: str) -> str:
    """Whether a cell is filled, says "/" (none) or is empty.

    Example:
        >>> cell_status("2026.12"), cell_status(" / "), cell_status("")
        ('filled', 'none-marker', 'empty')
    """
    text = str(raw).strip()
    if not text:
        return CellStatus.EMPTY.value
    return (CellStatus.NONE_MARKER if text == NONE_MARKER else CellStatus.FILLED).value


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


__all__ = [
    "PROBLEM_KINDS", "RULES", "NONE_MARKER_EXPLANATIONS", "rule_explanation", "INTERPRETED_FIELDS", "STATUSES",
    "COMPLETENESS_FIELDS",
    "source_cells", "problem_report", "problem_summary", "sanity_check_problem_kinds",
    "totals_comparison", "sanity_check_totals", "interpretations", "sanity_check_interpretations",
    "rule_counts", "cell_status", "field_status", "completeness", "sanity_check_completeness",
]
