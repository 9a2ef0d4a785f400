"""The tables of a list (tasks, departments, towns, quantities, totals, funding, lines), each built over whole columns of the task rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qpanalysis.codes import Basis, ProblemKind, Role
from qpanalysis.errors import TaskListError
from qpanalysis.ingest import parsing
from qpanalysis.ingest import scope as text_scope
from qpanalysis.ingest.layout import FIELD_HEADER, FORMULA_COLUMNS, Layout
from qpanalysis.ingest.problems import Problems
from qpanalysis.ingest.select import disclosure_status
from qpanalysis.ingest.reference import Encoder
from qpanalysis.ingest.scale import figure_clauses, parse_scales, stated_total

# Fields that every task row must fill (a "/" counts as filled: it is the list's "none").
# The Q3 and Q4 targets may be empty: the H1 text then describes the whole year.
REQUIRED_FIELDS = (
    "name", "departments_raw", "goal", "content", "scale", "standard", "funding_source",
    "investment_raw", "scope", "due_raw", "h1_target",
)
# Fields where "/" leaves the task without something it needs: a task must reach somewhere.
NONE_IS_EMPTY = ("scope",)
# What a problem says of a repeated name that is read once (see ``drop_repeated``).
REPEATED = "written twice in the cell"


@dataclass
class Context:
    """What every table function needs: the task rows' cells, the reference tables, the problems so far."""

    layout: Layout
    cells: pd.DataFrame  # one row per task row, index 0…n-1 in file order
    problems: Problems
    plan_year: int | None = None

    def fail(self, row: int, message: str, column: str | None = None) -> TaskListError:
        return self.layout.error(message, int(self.cells.at[row, "source_line"]), column)

    def first(self, bad: pd.Series, messages: pd.Series, column: str) -> None:
        """Raise the message of the first task row where ``bad`` holds."""
        if bad.any():
            row = bad.idxmax()
            raise self.fail(row, messages[row], column)


def list_formulas(ctx: Context) -> None:
    """A formula whose saved value was read (a number cell of a spreadsheet) is a problem: the value is the file's, not recomputed."""
    formulas = [(row, column, detail) for row, column, detail in ctx.layout.formulas if row < len(ctx.cells)]
    for column in FORMULA_COLUMNS:
        found = [(row, detail) for row, of, detail in formulas if of == column]
        ctx.problems.add([row for row, _ in found], column, ProblemKind.FORMULA, [detail for _, detail in found])


def check_empty_fields(ctx: Context) -> None:
    """An empty required field, or a scope of "/", is a problem; the cell is kept as it is."""
    cells = ctx.cells  # read with their surrounding white space stripped (rows.Row)
    for column in REQUIRED_FIELDS:
        empty = np.flatnonzero(cells[column].to_numpy() == "")
        ctx.problems.add(empty, column, ProblemKind.EMPTY_FIELD, f"{FIELD_HEADER[column]} is empty")
    for column in NONE_IS_EMPTY:
        none = np.flatnonzero(cells[column].to_numpy() == parsing.NONE_MARKER)
        ctx.problems.add(none, column, ProblemKind.EMPTY_FIELD, f"{FIELD_HEADER[column]} is '/': the task names no place")


def read_investment(ctx: Context) -> pd.DataFrame:
    """总投资(万元) as an amount and an approximate flag; an unreadable amount is an error."""
    investment = parsing.parse_investments(ctx.cells["investment_raw"])
    ctx.first(investment["error"].notna(), investment["error"], "investment_raw")
    return investment


def read_due(ctx: Context) -> pd.Series:
    """计划完成时间 as a monthly Period; an unreadable month is an error."""
    due = parsing.parse_dues(ctx.cells["due_raw"])
    errors = due["error"].copy()
    for row, exc in ctx.layout.due_errors.items():
        if row < len(errors):
            errors[row] = exc.reason
    ctx.first(errors.notna(), errors, "due_raw")
    return due["due"]


def plan_year(ctx: Context, due: pd.Series) -> tuple[int, str | None]:
    """The year the title states; else the most common year of the due months, with the reason.

    Returns:
        The plan year, and the detail of the ``missing-title`` problem when no title line
        states the year (None when one does). On a tie the earliest of the most common
        years is taken.
    """
    layout = ctx.layout
    if layout.title_year is not None:
        return layout.title_year, None
    years = due.dt.year.value_counts()
    year = int(years[years == years.max()].index.min())
    if layout.title_line is None:
        why = "no title line states the plan year"
    else:
        why = f"the title line {layout.title!r} states no plan year"
    return year, (f"{why}; {year} assumed: the most common year of 计划完成时间 "
                  f"({years[year]} of {len(due)} tasks)")


def check_plan_year(ctx: Context, due: pd.Series) -> None:
    """A due month outside the plan year is a problem; the month is kept as written."""
    outside = due.dt.year.ne(ctx.plan_year)
    raw = ctx.cells.loc[outside, "due_raw"]
    ctx.problems.add(
        raw.index, "due_raw", ProblemKind.DATE_OUTSIDE_PLAN_YEAR,
        raw.map(lambda text: f"due {text!r} is outside the plan year {ctx.plan_year}; kept as written"),
    )


def encode(ctx: Context, names: pd.DataFrame, encoder: Encoder, column: str) -> pd.Series:
    """Canonical names for ``names`` (one row per name, indexed by task row); aliases are problems.

    Each distinct name is looked up once in the encoder (the names come from a closed
    vocabulary) and the answer spread to its rows. An unknown name is an error on the
    first row that writes it.
    """
    written = names["name"].to_numpy(dtype=object)
    which, distinct = pd.factorize(written)
    encoded = [encoder.encode(name) if name in encoder else None for name in distinct]
    unknown = np.array([e is None for e in encoded], dtype=bool)[which]
    if unknown.any():
        first = unknown.argmax()
        encoder.encode(written[first], path=ctx.layout.path, field=FIELD_HEADER[column],
                       line=int(ctx.cells.at[names.index[first], "source_line"]))
    codes = np.array([e.code for e in encoded], dtype=object)[which] if len(written) else written
    alias = np.array([e.alias_of is not None for e in encoded], dtype=bool)[which] if len(written) else unknown
    ctx.problems.add(
        names.index[alias], column, ProblemKind.ALIAS,
        [f"{encoder.kind} written {n!r}; read as the canonical {c!r}" for n, c in zip(written[alias], codes[alias])],
        sub=names["order"].to_numpy()[alias],
    )
    return pd.Series(codes, index=names.index, dtype=object)


def drop_repeated(ctx: Context, names: pd.DataFrame, codes: pd.Series, column: str, kind: str
                  ) -> tuple[pd.DataFrame, pd.Series]:
    """Names a cell writes twice (区水务局、区水务局, or 区水务局、水务局 by an alias) read once, each repeat a problem.

    The first mention keeps its place (the first department listed leads); each later one
    is dropped and listed as a problem of kind ``repeated-name``, and the names left are
    numbered 1, 2, … again.

    Args:
        names: One row per name (``split_names``), indexed by task row.
        codes: The canonical name of each, indexed alike.
        column: The field the names come from.
        kind: What the names are (``department``, ``town``), for the problem detail.

    Returns:
        ``names`` and ``codes`` without the repeats.
    """
    rows = names.index.to_numpy()
    pairs = pd.DataFrame({"row": rows, "code": codes.to_numpy()})
    again = pairs.duplicated().to_numpy()
    if not again.any():
        return names, codes
    written = names["name"].to_numpy(dtype=object)
    first = pd.Series(written).groupby([rows, pairs["code"].to_numpy()]).transform("first").to_numpy(dtype=object)
    ctx.problems.add(
        rows[again], column, ProblemKind.REPEATED_NAME,
        [f"{kind} {code!r} {REPEATED}" + (f" (as {one!r} and {other!r})" if one != other else "")
         + "; read once, where first named"
         for code, one, other in zip(pairs["code"][again], first[again], written[again])],
        sub=names["order"].to_numpy()[again], with_previous=True,
    )
    kept = names[~again]
    kept = kept.assign(order=kept.groupby(level=0).cumcount().to_numpy() + 1)
    return kept, codes[~again]


def departments_table(ctx: Context) -> pd.DataFrame:
    """One row per task and lead department, in the order the cell names them (a repeat read once)."""
    names = parsing.split_names(ctx.cells["departments_raw"])
    codes = encode(ctx, names, ctx.layout.reference.department_encoder, "departments_raw")
    names, codes = drop_repeated(ctx, names, codes, "departments_raw", "department")
    missing = ~ctx.cells.index.isin(names.index)
    ctx.first(pd.Series(missing, index=ctx.cells.index), pd.Series("no lead department", index=ctx.cells.index),
              "departments_raw")
    info = ctx.layout.reference.departments.set_index("department")
    rows = names.index.to_numpy(dtype=int)
    return pd.DataFrame({
        "row": rows,
        "task_id": ctx.cells["task_id"].to_numpy()[rows],
        "department": codes.to_numpy(),
        "department_en": codes.map(info["department_en"]).to_numpy(),
        "role": np.where(names["order"].to_numpy() == 1, Role.LEAD.value, Role.CO_LEAD.value).astype(object),
        "order": names["order"].to_numpy(),
        "raw_name": names["name"].to_numpy(),
        "kind": codes.map(info["kind"]).to_numpy(),
    })




def quantities_table(ctx: Context) -> pd.DataFrame:
    """Every number that 建设规模 states, with the town of a breakdown figure encoded."""
    figures, errors = parse_scales(ctx.cells["scale"])
    huge = figures[parsing.too_large(figures["quantity"].to_numpy())]
    huge = huge[~huge.index.duplicated()]
    errors = errors.where(errors.notna() | ~errors.index.isin(huge.index),
                          huge["source_text"].map(lambda text: f"the number in {text[:40]!r} is too large: "
                                                               f"{parsing.TOO_LARGE}").reindex(errors.index))
    ctx.first(errors.notna(), errors, "scale")
    figures = figures.rename_axis("row").reset_index()
    breakdown = figures["town"].notna()
    names = pd.DataFrame(
        {"name": figures["town"][breakdown].to_numpy(), "order": figures["figure"][breakdown].to_numpy() * 2},
        index=figures["row"][breakdown].to_numpy(),
    )
    town = figures["town"].astype(object).where(breakdown, None)
    town[breakdown] = encode(ctx, names, ctx.layout.reference.town_encoder, "scale").to_numpy()
    # A town given twice in one breakdown (赵巷镇11;赵巷镇12, or once by its alias) has no one
    # figure: summing or picking one would be a silent guess.
    # Only breakdown figures have a town: a total (town None) never equals one of them.
    keys = pd.DataFrame({"row": figures["row"], "metric": figures["metric"], "unit": figures["unit"],
                         "town": town})[breakdown]
    twice = keys[keys.duplicated(["row", "metric", "unit", "town"], keep=False)]
    if len(twice):
        first = twice[twice["row"] == twice["row"].min()].iloc[0]
        given = figures.loc[twice.index[(twice["row"] == first["row"]) & (twice["town"] == first["town"])], "quantity"]
        raise ctx.fail(int(first["row"]), f"{first['town']} is given {len(given)} times in the breakdown "
                       f"{first['metric']}({first['unit']}) ({'、'.join(f'{q:g}' for q in given)}); give each town once",
                       "scale")
    # A figure's alias and its missing unit are listed together, figure by figure.
    no_unit = figures[figures["unit"].eq("")]
    ctx.problems.add(
        no_unit["row"], "scale", ProblemKind.NUMBER_WITHOUT_UNIT,
        [f"the number {q:g} in {s!r} has no known unit" for q, s in zip(no_unit["quantity"], no_unit["source_text"])],
        sub=no_unit["figure"].to_numpy() * 2 + 1, with_previous=True,
    )
    rows = figures["row"].to_numpy(dtype=int)
    return pd.DataFrame({
        "row": rows,
        "task_id": ctx.cells["task_id"].to_numpy()[rows],
        "metric": figures["metric"].to_numpy(),
        "unit": parsing.repeated_text(figures["unit"]),
        **town_columns(town, ctx.layout.reference.english("town")),
        "quantity": figures["quantity"].to_numpy(dtype=float),
        "is_total": ~breakdown.to_numpy(),
        "source_text": figures["source_text"].to_numpy(),
        "labelled": figures["labelled"].to_numpy(dtype=bool),
    })


def totals_table(ctx: Context, quantities: pd.DataFrame) -> pd.DataFrame:
    """Each per-town breakdown against the total that 建设目标 states for its metric.

    Finding the stated total matches the metric's words against the goal's clauses
    (``stated_total``), once per breakdown: only tasks with a breakdown need it.
    """
    breakdown = quantities[quantities["town"].notna()]
    groups = (
        breakdown.groupby(["row", "metric", "unit"], sort=False)["quantity"]
        .agg(towns="size", breakdown_sum="sum").reset_index()
    )
    goals = parsing.fold_points(ctx.cells["goal"].to_numpy()[groups["row"].to_numpy(dtype=int)].tolist())
    clauses = {goal: figure_clauses(goal) for goal in dict.fromkeys(goals)}  # once per goal, for all its breakdowns
    stated = [stated_total(goal, metric, clauses=clauses[goal]) for goal, metric in zip(goals, groups["metric"])]
    groups["stated_total"] = pd.array([s[0] if s else np.nan for s in stated], dtype=float)
    huge = parsing.too_large(groups["stated_total"].to_numpy(dtype=float, na_value=np.nan))
    if huge.any():
        row = int(groups["row"][huge].min())
        text = next(s[1] for s, r, h in zip(stated, groups["row"], huge) if h and r == row)
        raise ctx.fail(row, f"the total in {text[:40]!r} is too large: {parsing.TOO_LARGE}", "goal")
    groups["stated_text"] = pd.Series([s[1] if s else None for s in stated], index=groups.index, dtype=object)
    difference = (groups["breakdown_sum"] - groups["stated_total"]).abs()
    scale = np.maximum(groups["breakdown_sum"].abs(), groups["stated_total"].abs())
    groups["agrees"] = pd.array((difference <= 1e-9 * scale).to_numpy(), dtype="boolean")  # math.isclose
    groups.loc[groups["stated_total"].isna(), "agrees"] = pd.NA
    mismatch = groups[groups["agrees"].eq(False).fillna(False).astype(bool)]
    ctx.problems.add(
        mismatch["row"], "scale", ProblemKind.TOTAL_MISMATCH,
        [f"{m}({u}): the per-town figures sum to {total:g}, but 建设目标 states {s:g} ({text}); both kept as written"
         for m, u, total, s, text in zip(mismatch["metric"], mismatch["unit"], mismatch["breakdown_sum"],
                                         mismatch["stated_total"], mismatch["stated_text"])],
        sub=groups.groupby("row").cumcount()[mismatch.index].to_numpy(),
    )
    rows = groups["row"].to_numpy(dtype=int)
    groups["task_id"] = ctx.cells["task_id"].to_numpy()[rows]
    groups["source_line"] = ctx.cells["source_line"].to_numpy()[rows]
    return groups


def towns_table(ctx: Context, quantities: pd.DataFrame) -> pd.DataFrame:
    """One row per task and place: named in 涉及范围, all towns (11个街镇), or those of a breakdown (相关街镇).

    A town named twice in 涉及范围 is read once (``drop_repeated``); 11个街镇中的金泽镇 names 金泽镇.
    """
    cells = ctx.cells
    basis = parsing.scope_bases(cells["scope"])
    names = parsing.split_names(parsing.scope_names(cells["scope"][basis.eq(Basis.EXPLICIT)]))
    names, codes = drop_repeated(ctx, names, encode(ctx, names, ctx.layout.reference.town_encoder, "scope"),
                                 "scope", "town")
    explicit = pd.DataFrame({
        "row": names.index.to_numpy(dtype=int), "town": codes.to_numpy(),
        "order": names["order"].to_numpy(), "basis": Basis.EXPLICIT.value,
    })
    breakdown = quantities.loc[quantities["town"].notna(), ["row", "town"]].drop_duplicates()
    breakdown = breakdown.assign(order=breakdown.groupby("row").cumcount() + 1)
    in_explicit = breakdown[breakdown["row"].isin(explicit["row"])]
    named = pd.MultiIndex.from_frame(explicit[["row", "town"]])
    outside = in_explicit[~pd.MultiIndex.from_frame(in_explicit[["row", "town"]]).isin(named)]
    outside = towns_by_row(outside["row"].tolist(), outside["town"].tolist())
    ctx.problems.add(list(outside), "scope", ProblemKind.SCOPE_BREAKDOWN_MISMATCH,
                     [f"建设规模 breaks down by {'、'.join(towns)}, which 涉及范围 does not name"
                      for towns in outside.values()])
    from_breakdown = breakdown[breakdown["row"].isin(cells.index[basis.eq(Basis.FROM_BREAKDOWN)])].assign(
        basis=Basis.FROM_BREAKDOWN.value
    )
    district = ctx.layout.reference.district_towns
    wide = cells.index[basis.eq(Basis.DISTRICT_WIDE)].to_numpy()
    district_wide = pd.DataFrame({
        "row": np.repeat(wide, len(district)), "town": np.tile(np.asarray(district, dtype=object), len(wide)),
        "order": np.tile(np.arange(1, len(district) + 1), len(wide)), "basis": Basis.DISTRICT_WIDE.value,
    })
    placed = pd.concat([explicit, from_breakdown, district_wide, placed_by_text(ctx, basis)], ignore_index=True)
    unplaced = cells.index.difference(placed["row"])
    none = pd.DataFrame({"row": unplaced, "town": None, "order": 0, "basis": Basis.UNSPECIFIED.value})
    towns = pd.concat([placed, none], ignore_index=True)
    towns = towns.take(np.lexsort((towns["order"].to_numpy(), towns["row"].to_numpy())))  # by row, then order; stable
    rows = towns["row"].to_numpy(dtype=int)
    return pd.DataFrame({
        "row": rows,
        "task_id": cells["task_id"].to_numpy()[rows],
        **town_columns(towns["town"], ctx.layout.reference.english("town")),
        "basis": parsing.repeated_text(towns["basis"]),
        "raw_scope": parsing.text_array(cells["scope"]).take(rows),
    })


def town_columns(towns: pd.Series, english: dict[str, str]) -> dict[str, pd.api.extensions.ExtensionArray]:
    """The ``town`` and ``town_en`` columns of a table, as str arrays: each distinct town converted and translated once.

    A town without an English name (and a missing town) has a missing ``town_en``, as ``Series.map`` gives.

    Example:
        >>> columns = town_columns(pd.Series(["赵巷镇", None, "赵巷镇"]), {"赵巷镇": "Zhaoxiang"})
        >>> columns["town"].tolist(), columns["town_en"].tolist()
        (['赵巷镇', nan, '赵巷镇'], ['Zhaoxiang', nan, 'Zhaoxiang'])
    """
    codes, names = pd.factorize(towns.to_numpy(dtype=object))
    return {
        "town": parsing.text_array(names).take(codes, allow_fill=True),
        "town_en": parsing.text_array(pd.Series(names, dtype=object).map(english)).take(codes, allow_fill=True),
    }


def towns_by_row(rows: list[int], towns: list[str]) -> dict[int, list[str]]:
    """The towns of each row, rows in order of first appearance, towns in order (``groupby(sort=False)``).

    Example:
        >>> towns_by_row([4, 2, 4], ["赵巷镇", "白鹤镇", "徐泾镇"])
        {4: ['赵巷镇', '徐泾镇'], 2: ['白鹤镇']}
    """
    grouped: dict[int, list[str]] = {}
    for row, town in zip(rows, towns):
        grouped.setdefault(row, []).append(town)
    return grouped


def placed_by_text(ctx: Context, basis: pd.Series) -> pd.DataFrame:
    """The district's towns for a task whose 涉及范围 names no place but whose text says 整区 or 全区.

    The rule, and the problem that says the basis was read from the text, are those of
    ``qpanalysis.ingest.scope``; only the tasks whose scope names no place ("/" or empty)
    are handed to it.
    """
    cells, reference = ctx.cells, ctx.layout.reference
    # parsing.scope_bases reads a cell as unspecified exactly when it is "/" or empty (parsing.is_none);
    # only a task whose text names the whole district can be placed by it.
    candidates = cells[basis.eq(Basis.UNSPECIFIED).to_numpy()]
    candidates = candidates[text_scope.mention_district(candidates)]
    tasks = candidates[["task_id", "scope", *text_scope.TEXT_FIELDS, "source_line"]].to_dict("records")
    unplaced = [{"task_id": t["task_id"], "town": None, "town_en": None, "basis": Basis.UNSPECIFIED.value,
                 "raw_scope": t["scope"]} for t in tasks]
    towns, problems = text_scope.apply_text_scope(tasks, unplaced, [], reference.district_towns,
                                                  reference.english("town"))
    row_of = dict(zip(candidates["task_id"], candidates.index))
    placed = pd.DataFrame([t for t in towns if t["town"] is not None], columns=["task_id", "town", "basis"])
    placed.insert(0, "row", placed["task_id"].map(row_of).astype(int))
    ctx.problems.add([row_of[p["task_id"]] for p in problems], "scope", text_scope.PROBLEM_KIND,
                     [p["detail"] for p in problems])
    return placed.assign(order=placed.groupby("row").cumcount() + 1).drop(columns="task_id")


def funding_table(ctx: Context) -> pd.DataFrame:
    """The levels that 资金来源 names; a text that names none is a problem."""
    text = ctx.cells["funding_source"]
    levels = ctx.layout.reference.funding_levels
    keywords = {level: [w for w in str(words).split("|") if w] for level, words in zip(levels["level"], levels["keywords"])}
    named = parsing.funding_levels(text, keywords)
    unclassified = ~text.index.isin(named.index) & ~parsing.none_cells(text)
    ctx.problems.add(text.index[unclassified], "funding_source", ProblemKind.UNCLASSIFIED_FUNDING,
                     text[unclassified].map(lambda t: f"no funding level recognised in {t!r}"))
    rows = named.index.to_numpy(dtype=int)
    return pd.DataFrame({
        "row": rows,
        "task_id": ctx.cells["task_id"].to_numpy()[rows],
        "level": named["level"].to_numpy(),
        "level_en": named["level"].map(ctx.layout.reference.english("level")).to_numpy(),
        "text": text.to_numpy()[rows],
    })


def tasks_table(ctx: Context, departments: pd.DataFrame, investment: pd.DataFrame, due: pd.Series) -> pd.DataFrame:
    """One row per task: every cell as published, with its section, names, amount and month read."""
    cells, layout = ctx.cells, ctx.layout
    names_en = dict(zip(layout.reference.task_names["name"], layout.reference.task_names["name_en"]))
    unnamed = ~cells["name"].isin(names_en.keys())
    ctx.problems.add(cells.index[unnamed], "name", ProblemKind.NO_ENGLISH_NAME,
                     "the task name has no English entry in data/reference/task_names.csv")
    section = cells["section"].to_numpy()
    numbers, titles, titles_en = (np.asarray(values, dtype=object) for values in zip(*layout.sections))
    codes = departments["department"].tolist()  # sliced as a list: a numpy slice per task costs far more
    starts = np.flatnonzero(departments["order"].to_numpy() == 1)
    ends = np.append(starts[1:], len(codes))
    lead = departments.iloc[starts]
    tasks = pd.DataFrame({
        "task_id": cells["task_id"].to_numpy(),
        "section_no": numbers[section].astype(int),
        "section": titles[section],
        "section_en": titles_en[section],
        "name": cells["name"].to_numpy(),
        "name_en": cells["name"].map(names_en).to_numpy(dtype=object),
        "departments_raw": cells["departments_raw"].to_numpy(),
        "departments": [tuple(codes[a:b]) for a, b in zip(starts.tolist(), ends.tolist())],
        "lead_department": lead["department"].to_numpy(),
        "lead_department_en": lead["department_en"].to_numpy(),
        **{column: cells[column].to_numpy() for column in ("goal", "content", "scale", "standard", "funding_source",
                                                            "investment_raw")},
        "investment_wan": investment["investment_wan"].to_numpy(dtype=float),
        "investment_is_approx": investment["investment_is_approx"].to_numpy(dtype=bool),
        "disclosure": disclosure_status(investment).to_numpy(dtype=object),
        "scope": cells["scope"].to_numpy(),
        "due_raw": cells["due_raw"].to_numpy(),
        "due": due.array,
        **{column: cells[column].to_numpy() for column in ("h1_target", "q3_target", "q4_target")},
        "source_line": cells["source_line"].to_numpy(),
    })
    return tasks.set_index("task_id", drop=False).sort_index()


def lines_table(layout: Layout) -> pd.DataFrame:
    """Every line of the source and what it was read as."""
    lines = layout.lines
    return pd.DataFrame({
        "line": np.asarray(lines["line"], dtype=int),
        "kind": np.asarray(lines["kind"], dtype=object),
        "task_id": pd.array(lines["task_id"], dtype="Int64"),
        "text": np.asarray(lines["text"], dtype=object),
    })
