"""Town coverage: which tasks reach which town, on what basis, and the per-town quantities."""

from __future__ import annotations

import pandas as pd

# TOWN_BASES: from the most to the least specific; charts and tables keep this order.
from qpanalysis.codes import TOWN_BASES as BASES, Basis, TownBucket
from qpanalysis.ingest import scope as text_scope
from qpanalysis.ingest.reference import Reference, load_reference

# Column names for the bases in result tables: English snake_case, as all result columns.
BASIS_COLUMNS = {basis: basis.replace("-", "_") for basis in BASES}
# Bases where the list itself names the town (not a blanket 11个街镇 and not 相关街镇 alone).
NAMED_BASES = (Basis.EXPLICIT, Basis.FROM_BREAKDOWN)
# A task that names no town (相关街镇 without a per-town breakdown, or "/") is held in the
# towns table as one row with town NA; coverage tables put it in the TownBucket.UNSPECIFIED (未指明) column.


def town_order(towns: pd.DataFrame | None = None, reference: Reference | None = None) -> list[str]:
    """Towns in reference order (the 11 街镇, then 现代农业园区), then any others named in ``towns``.

    Example:
        >>> order = town_order()
        >>> len(order), order[0], order[-1]
        (12, '朱家角镇', '现代农业园区')
    """
    reference = reference or load_reference()
    order = list(reference.towns["town"])
    if towns is not None:
        order += [t for t in towns["town"].dropna().unique() if t not in order]
    return order


def coverage_cells(towns: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """One row per task and town it reaches; a task that names no town gets the town 未指明.

    Args:
        towns: The TaskList ``towns`` table.
        tasks: The TaskList ``tasks`` table (for section and name).

    Returns:
        Columns ``task_id``, ``section_no``, ``name``, ``town``, ``basis``, sorted by task.

    Example:
        >>> towns = pd.DataFrame({"task_id": [1, 2], "town": ["金泽镇", None],
        ...                       "basis": ["explicit", "unspecified"]})
        >>> tasks = pd.DataFrame({"section_no": [1, 1], "name": ["甲", "乙"]},
        ...                      index=pd.Index([1, 2], name="task_id"))
        >>> coverage_cells(towns, tasks)[["task_id", "town", "basis"]].values.tolist()
        [[1, '金泽镇', 'explicit'], [2, '未指明', 'unspecified']]
    """
    cells = towns[["task_id", "town", "basis"]].copy()
    cells["town"] = cells["town"].fillna(TownBucket.UNSPECIFIED)
    # The tasks table is indexed by task_id and may also hold it as a column.
    info = tasks if "task_id" in tasks.columns else tasks.rename_axis("task_id").reset_index()
    info = info[["task_id", "section_no", "name"]].reset_index(drop=True)
    cells = cells.merge(info, on="task_id", how="left", validate="many_to_one")
    cells = cells[["task_id", "section_no", "name", "town", "basis"]].sort_values("task_id", kind="stable")
    return cells.reset_index(drop=True)


def sanity_check_coverage_cells(cells: pd.DataFrame, reference: Reference | None = None) -> None:
    """Check the invariants of ``coverage_cells``; raise ValueError saying which one fails.

    Every task has one basis; a task that names no town has exactly one cell, 未指明;
    a district-wide task reaches every one of the district's towns; no town appears twice.
    """
    reference = reference or load_reference()
    bases = cells.groupby("task_id")["basis"].nunique()
    if (bases != 1).any():
        raise ValueError(f"tasks {list(bases.index[bases != 1])} are linked to towns on more than one basis")
    unknown = set(cells["basis"]) - set(BASES)
    if unknown:
        raise ValueError(f"unknown basis {sorted(unknown)}; expected one of {BASES}")
    duplicated = cells.duplicated(["task_id", "town"])
    if duplicated.any():
        raise ValueError(f"tasks {sorted(set(cells.loc[duplicated, 'task_id']))} reach the same town twice")
    unspecified = cells[cells["basis"] == Basis.UNSPECIFIED]
    if (unspecified["town"] != TownBucket.UNSPECIFIED).any() or unspecified["task_id"].duplicated().any():
        raise ValueError("a task with unspecified scope must have exactly one cell, in the 未指明 column")
    if ((cells["town"] == TownBucket.UNSPECIFIED) & (cells["basis"] != Basis.UNSPECIFIED)).any():
        raise ValueError("only tasks with unspecified scope may sit in the 未指明 column")
    district = set(reference.district_towns)
    for task_id, group in cells[cells["basis"] == Basis.DISTRICT_WIDE].groupby("task_id"):
        if set(group["town"]) != district:
            raise ValueError(f"district-wide task {task_id} does not reach exactly the district's {len(district)} towns")


def coverage_matrix(cells: pd.DataFrame, reference: Reference | None = None) -> pd.DataFrame:
    """The task × town matrix of bases: one row per task, one column per town, then 未指明.

    Args:
        cells: Output of :func:`coverage_cells`.
        reference: Reference tables giving the town order; the bundled ones by default.

    Returns:
        Index ``task_id`` (ascending); columns the towns in reference order and 未指明;
        values the basis, NA where the task does not reach the town.

    Example:
        >>> cells = pd.DataFrame({"task_id": [1, 2], "town": ["金泽镇", TownBucket.UNSPECIFIED],
        ...                       "basis": ["explicit", "unspecified"]})
        >>> m = coverage_matrix(cells)
        >>> m.loc[1, "金泽镇"], m.loc[2, TownBucket.UNSPECIFIED], m.shape
        ('explicit', 'unspecified', (2, 13))
    """
    known = town_order(reference=reference)
    extra = [t for t in cells["town"].unique() if t not in known and t != TownBucket.UNSPECIFIED]
    columns = known + extra + [TownBucket.UNSPECIFIED]
    matrix = cells.pivot(index="task_id", columns="town", values="basis")
    matrix = matrix.reindex(columns=columns).sort_index()
    matrix.columns.name = "town"
    return matrix


def basis_counts(links: pd.DataFrame) -> dict[str, int]:
    """How many tasks reach towns on each basis: the one count of district-wide, named and unspecified tasks.

    Every report that states these numbers (town coverage, data quality, the index page)
    takes them from here, and ``towns.csv`` is the table they are counted in, so they
    agree everywhere. A task has one basis, so the counts add up to the number of tasks.

    Args:
        links: The TaskList ``towns`` table (as exported to ``towns.csv``) or
            :func:`coverage_cells`: any table with ``task_id`` and ``basis``.

    Returns:
        Basis → number of tasks, for every basis of :data:`BASES` in that order (zeros
        included).

    Raises:
        ValueError: When a task is linked on more than one basis.

    Example:
        >>> links = pd.DataFrame({"task_id": [1, 1, 2, 3], "town": ["甲", "乙", None, "甲"],
        ...                       "basis": ["district-wide", "district-wide", "unspecified", "explicit"]})
        >>> basis_counts(links)
        {'explicit': 1, 'district-wide': 1, 'from-breakdown': 0, 'unspecified': 1}
    """
    bases = links.groupby("task_id")["basis"].nunique()
    if (bases > 1).any():
        raise ValueError(f"tasks {list(bases.index[bases > 1])} are linked to towns on more than one basis")
    tasks = links.drop_duplicates("task_id").groupby("basis")["task_id"].size()
    return {basis: int(tasks.get(basis, 0)) for basis in BASES}


def tasks_by_basis(cells: pd.DataFrame) -> pd.DataFrame:
    """How many tasks reach towns on each basis, and how many task–town links that makes.

    Returns:
        Columns ``basis``, ``tasks``, ``links`` (task–town pairs; 1 per unspecified task),
        one row per basis in :data:`BASES` order, zero rows included.

    Example:
        >>> cells = pd.DataFrame({"task_id": [1, 1, 2], "town": ["甲", "乙", TownBucket.UNSPECIFIED],
        ...                       "basis": ["explicit", "explicit", "unspecified"]})
        >>> tasks_by_basis(cells).values.tolist()
        [['explicit', 1, 2], ['district-wide', 0, 0], ['from-breakdown', 0, 0], ['unspecified', 1, 1]]
    """
    links = cells.groupby("basis")["task_id"].size().reindex(list(BASES), fill_value=0)
    tasks = basis_counts(cells)
    table = pd.DataFrame({"basis": list(BASES), "tasks": [tasks[b] for b in BASES], "links": links.to_list()})
    return table.astype({"tasks": int, "links": int})


def tasks_per_town(cells: pd.DataFrame, reference: Reference | None = None) -> pd.DataFrame:
    """Tasks reaching each town, by basis, sorted by the total (most first).

    Every town in the reference is listed, with zeros where no task reaches it; ties keep
    the reference order. Tasks with unspecified scope reach no known town and are left out.

    Returns:
        Columns ``town``, ``explicit``, ``district_wide``, ``from_breakdown``, ``named``
        (explicit + from_breakdown: tasks that name the town) and ``total``.

    Example:
        >>> cells = pd.DataFrame({"task_id": [1, 2, 2, 3], "town": ["金泽镇", "金泽镇", "白鹤镇", "未指明"],
        ...                       "basis": ["explicit", "from-breakdown", "from-breakdown", "unspecified"]})
        >>> t = tasks_per_town(cells)
        >>> t.iloc[0]["town"], t.iloc[0].drop("town").astype(int).tolist()
        ('金泽镇', [1, 0, 1, 2, 2])
        >>> int(t["total"].sum()), len(t)
        (3, 12)
    """
    placed = cells[cells["town"] != TownBucket.UNSPECIFIED]
    counts = pd.crosstab(placed["town"], placed["basis"])
    counts = counts.reindex(columns=[b for b in BASES if b != Basis.UNSPECIFIED], fill_value=0)
    order = town_order(placed, reference)
    counts = counts.reindex(order, fill_value=0).rename(columns=BASIS_COLUMNS)
    counts["named"] = counts["explicit"] + counts["from_breakdown"]
    counts["total"] = counts[["explicit", "district_wide", "from_breakdown"]].sum(axis=1)
    counts = counts.rename_axis("town").reset_index()
    counts["_order"] = range(len(counts))
    counts = counts.sort_values(["total", "_order"], ascending=[False, True]).drop(columns="_order")
    counts.columns.name = None
    return counts.reset_index(drop=True).astype({c: int for c in counts.columns if c != "town"})


def unspecified_tasks(cells: pd.DataFrame) -> pd.DataFrame:
    """Tasks that name no town: ``task_id`` and ``name``, ascending."""
    rows = cells.loc[cells["basis"] == Basis.UNSPECIFIED, ["task_id", "name"]]
    return rows.drop_duplicates("task_id").sort_values("task_id").reset_index(drop=True)


def named_tasks(cells: pd.DataFrame, reference: Reference | None = None) -> pd.DataFrame:
    """The tasks that name each town, explicitly in 涉及范围 or in a per-town 建设规模 breakdown.

    District-wide tasks (11个街镇) are not counted: they name no town in particular.

    Returns:
        Columns ``town``, ``task_ids`` (tuple, ascending) and ``tasks`` (their number),
        one row per town in reference order, zero rows included.

    Example:
        >>> cells = pd.DataFrame({"task_id": [18, 1], "town": ["盈浦街道", "盈浦街道"],
        ...                       "basis": ["from-breakdown", "district-wide"]})
        >>> row = named_tasks(cells).set_index("town").loc["盈浦街道"]
        >>> row["task_ids"], int(row["tasks"])
        ((18,), 1)
    """
    named = cells[cells["basis"].isin(NAMED_BASES)]
    ids = named.groupby("town")["task_id"].agg(lambda s: tuple(sorted(int(i) for i in s.unique())))
    order = town_order(named, reference)
    ids = ids.reindex(order).map(lambda v: v if isinstance(v, tuple) else ())
    result = ids.rename("task_ids").rename_axis("town").reset_index()
    result["tasks"] = result["task_ids"].map(len)
    return result


def district_wide_by_text(tasks: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """The tasks counted as district-wide because their text, not their scope, says so.

    Only those the coverage cells do count as district-wide: a list loaded without the
    rule keeps them unspecified, and then there is nothing to state.

    Args:
        tasks: The tasks table.
        cells: :func:`coverage_cells` of the list.

    Returns:
        :func:`qpanalysis.ingest.scope.district_wide_by_text` rows (``task_id``, ``field``,
        ``word``, ``text``) of the tasks the cells count as district-wide.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> found = district_wide_by_text(tl.tasks, coverage_cells(tl.towns, tl.tasks))
        >>> found[["task_id", "field", "word"]].values.tolist()
        [[31, '任务名称', '整区']]
    """
    found = text_scope.district_wide_by_text(tasks)
    wide = set(cells.loc[cells["basis"] == Basis.DISTRICT_WIDE, "task_id"])
    return found[found["task_id"].isin(wide)].reset_index(drop=True)


def mentioned_towns(tasks: pd.DataFrame, cells: pd.DataFrame, reference: Reference | None = None,
                    ) -> list[tuple[int, list[str], str]]:
    """Tasks whose goal, content or scale text names a town that the task does not name.

    A task names a town in its scope or its per-town breakdown; a district-wide task names
    none in particular.

    Args:
        tasks: The tasks table.
        cells: :func:`coverage_cells` of the list.
        reference: The reference data (default: the bundled one).

    Returns:
        (task number, the towns its text mentions in the reference's order, the task's basis).

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> mentioned_towns(tl.tasks, coverage_cells(tl.towns, tl.tasks))
        [(14, ['练塘镇', '重固镇'], 'district-wide')]
    """
    towns = list((reference or load_reference()).towns["town"])
    named = cells[cells["basis"].isin(NAMED_BASES)].groupby("task_id")["town"].agg(set)
    basis = cells.groupby("task_id")["basis"].first()
    found = []
    for task_id, task in tasks.iterrows():
        text = " ".join(str(task[f]) for f in ("goal", "content", "scale"))
        extra = [t for t in towns if t in text and t not in named.get(task_id, set())]
        if extra:
            found.append((int(task_id), extra, basis[task_id]))
    return found


def town_quantities(quantities: pd.DataFrame, reference: Reference | None = None) -> pd.DataFrame:
    """Per-town quantities of every metric that 建设规模 breaks down by town, zeros filled in.

    Each metric is listed for every district town (and any other town a breakdown names),
    in reference order; a town the breakdown does not name gets quantity 0 and
    ``in_breakdown`` False. Metrics keep the order in which the list states them.

    Args:
        quantities: The TaskList ``quantities`` table.
        reference: Reference tables; the bundled ones by default.

    Returns:
        Columns ``task_id``, ``metric``, ``unit``, ``town``, ``quantity``, ``in_breakdown``.

    Example:
        >>> q = pd.DataFrame({"task_id": [7, 7], "metric": ["停车场", "停车场"], "unit": ["个", "个"],
        ...                   "town": ["金泽镇", None], "quantity": [40.0, 40.0]})
        >>> t = town_quantities(q)
        >>> len(t), float(t["quantity"].sum()), bool(t.loc[t["town"] == "金泽镇", "in_breakdown"].item())
        (11, 40.0, True)
    """
    reference = reference or load_reference()
    parts = quantities[quantities["town"].notna()]
    district = list(reference.district_towns)
    towns = district + [t for t in town_order(parts, reference) if t in set(parts["town"]) and t not in district]
    metrics = parts[["task_id", "metric", "unit"]].drop_duplicates()
    grid = metrics.merge(pd.DataFrame({"town": towns}), how="cross")
    stated = parts[["task_id", "metric", "unit", "town", "quantity"]]
    grid = grid.merge(stated, on=["task_id", "metric", "unit", "town"], how="left", validate="one_to_one")
    grid["in_breakdown"] = grid["quantity"].notna()
    grid["quantity"] = grid["quantity"].fillna(0.0).astype(float)
    return grid[["task_id", "metric", "unit", "town", "quantity", "in_breakdown"]].reset_index(drop=True)


def sanity_check_town_quantities(table: pd.DataFrame, totals: pd.DataFrame) -> None:
    """Check that the filled-in per-town quantities add up to each breakdown's own sum.

    Args:
        table: Output of :func:`town_quantities`.
        totals: The TaskList ``totals`` table (``breakdown_sum`` per task and metric).

    Raises:
        ValueError: When zeros were filled in where a figure was stated, a figure was
            lost, or a metric is missing.
    """
    found = breakdown_metrics(table).set_index(["task_id", "metric", "unit"])
    sums, named = found["quantity"], found["towns"]
    expected = totals.set_index(["task_id", "metric", "unit"])
    if set(sums.index) != set(expected.index):
        raise ValueError("the per-town quantities and the totals table list different metrics")
    for key, total in sums.items():
        if abs(total - expected.at[key, "breakdown_sum"]) > 1e-9:
            raise ValueError(f"{key[1]}: the towns add up to {total:g}, but the breakdown sums to "
                             f"{expected.at[key, 'breakdown_sum']:g}")
        if named[key] != expected.at[key, "towns"]:
            raise ValueError(f"{key[1]}: {named[key]} towns carry a figure, but the breakdown names {expected.at[key, 'towns']}")


def breakdown_metrics(table: pd.DataFrame) -> pd.DataFrame:
    """The metrics that 建设规模 breaks down by town, one row each, in the order the list states them.

    Args:
        table: Output of :func:`town_quantities`.

    Returns:
        Columns ``task_id``, ``metric``, ``unit``, ``towns`` (how many towns the breakdown
        names) and ``quantity`` (its sum).

    Example:
        >>> t = pd.DataFrame({"task_id": [7, 7, 8], "metric": ["停车场", "停车场", "标牌"], "unit": ["个", "个", "个"],
        ...                   "town": ["甲", "乙", "甲"], "quantity": [3.0, 0.0, 2.0],
        ...                   "in_breakdown": [True, False, True]})
        >>> breakdown_metrics(t).values.tolist()
        [[7, '停车场', '个', 1, 3.0], [8, '标牌', '个', 1, 2.0]]
    """
    grouped = table.groupby(["task_id", "metric", "unit"], sort=False)
    result = grouped.agg(towns=("in_breakdown", "sum"), quantity=("quantity", "sum")).reset_index()
    return result.astype({"towns": int, "quantity": float})


def town_quantity_table(table: pd.DataFrame) -> pd.DataFrame:
    """The per-town quantities as a wide table: one row per town, one column per metric.

    Args:
        table: Output of :func:`town_quantities`.

    Returns:
        Index ``town`` (in the order of ``table``); columns the metrics as published.

    Example:
        >>> t = pd.DataFrame({"task_id": [7, 7], "metric": ["停车场"] * 2, "unit": ["个"] * 2,
        ...                   "town": ["甲", "乙"], "quantity": [3.0, 0.0], "in_breakdown": [True, False]})
        >>> float(town_quantity_table(t).loc["乙", "停车场"])
        0.0
    """
    wide = table.pivot(index="town", columns="metric", values="quantity")
    wide = wide.reindex(index=list(dict.fromkeys(table["town"])), columns=list(dict.fromkeys(table["metric"])))
    wide.columns.name = None
    return wide


def town_tiles(values: pd.DataFrame, reference: Reference | None = None) -> pd.DataFrame:
    """Add each town's schematic tile position (``tile_row`` north→south, ``tile_col`` west→east).

    Args:
        values: A table with a ``town`` column (e.g. :func:`tasks_per_town`).
        reference: Reference tables holding the tile positions.

    Returns:
        ``values`` with ``tile_row`` and ``tile_col`` added (NA for a town without a tile,
        such as 现代农业园区, which is not one of the 11 街镇).

    Example:
        >>> town_tiles(pd.DataFrame({"town": ["金泽镇"]}))[["tile_row", "tile_col"]].values.tolist()
        [[2, 0]]
    """
    reference = reference or load_reference()
    tiles = reference.towns[["town", "tile_row", "tile_col"]]
    return values.merge(tiles, on="town", how="left", validate="many_to_one")


def metric_units(table: pd.DataFrame) -> dict[str, str]:
    """Metric → unit of :func:`town_quantities` output (the wide :func:`town_quantity_table` loses the units).

    Example:
        >>> metric_units(pd.DataFrame({"metric": ["美丽庭院"], "unit": ["户"]}))
        {'美丽庭院': '户'}
    """
    return dict(zip(table["metric"], table["unit"]))
