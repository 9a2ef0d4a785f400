"""Charts of town coverage: the task × town matrix, tasks per town, per-town quantities, tile maps."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from qpanalysis.charts import style as figures
from qpanalysis.analysis.coverage import BASIS_COLUMNS
from qpanalysis.codes import TOWN_BASES as BASES, Basis, TownBucket
from qpanalysis.display import labels as lb
from qpanalysis.display import messages as msg
from qpanalysis.ingest.reference import load_reference

# One Okabe–Ito colour per basis. District-wide links are the most numerous, so they get
# the light sky blue and leave the darker blue and green for the towns the list names.
BASIS_COLOURS = {
    Basis.EXPLICIT: figures.PALETTE[0],
    Basis.DISTRICT_WIDE: figures.PALETTE[4],
    Basis.FROM_BREAKDOWN: figures.PALETTE[2],
    Basis.UNSPECIFIED: figures.PALETTE[1],
}
# Empty matrix cells and the background of tile maps: light enough to recede behind data.
EMPTY_COLOUR = "#F0F0F0"
# Line widths of a panel title of the quantities chart, (full-width characters of East
# Asian text, letters of Latin text): see figures.fit_label.
WRAP_PANEL_TITLE = (17, 31)
# The same in a column figure, two panels a row.
WRAP_PANEL_TITLE_COLUMN = (10, 18)
# Line widths of a town's name in a tile: Chinese names (at most 6 characters) fit on one line.
WRAP_TILE_NAME = (6, 13)
# The same in a column figure, where a tile is about half as wide: names at 6 pt.
WRAP_TILE_NAME_COLUMN = (4, 12)


# One language rule for every chart module.
_lang = figures.lang_of


def town_labels(towns, lang: str) -> list[str]:
    """Display names of towns (and of the 未指明 column) in ``lang``, from data/reference/."""
    return lb.names(list(towns), "town", lang)


def _text_colour(rgba) -> str:
    """Black or white, whichever reads better on ``rgba`` (WCAG relative luminance)."""
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgba[:3])
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 else "white"


def _format(fmt, value) -> str:
    return fmt(value) if callable(fmt) else fmt.format(float(value))


def _footnote(fig, text: str) -> None:
    """A small note under the figure (the source note goes under it when saved).

    The layout is run once and then frozen, so that the note stays below everything else.
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    bbox = fig.get_tightbbox()
    width, height = fig.get_size_inches()
    fig.text(bbox.x0 / width, bbox.y0 / height, text, ha="left", va="top", fontsize=6.5, color="#333333", linespacing=1.45,
             transform=mpl.transforms.offset_copy(fig.transFigure, fig, y=-2, units="points"))


def plot_coverage_matrix(cells: pd.DataFrame, params_or_lang="zh", *, width="page"):
    """Tasks (rows, by number) × towns (columns), each cell coloured by the basis of the link.

    Towns come in reference order (the 11 街镇, then 现代农业园区); tasks that name no
    town get a marker in a separate last column. Thin lines separate the sections.

    Args:
        cells: Output of :func:`qpanalysis.analysis.coverage.coverage_cells`.
        params_or_lang: NotebookParams or ``"zh"`` / ``"en"``.
        width: ``"page"`` or ``"column"`` (see ``figures.SIZES``) or inches.

    Returns:
        The matplotlib Figure.
    """
    from qpanalysis.analysis.coverage import coverage_matrix

    lang = _lang(params_or_lang)
    figures.use_style(lang)
    matrix = coverage_matrix(cells)
    towns = list(matrix.columns)
    reference = load_reference()
    district = set(reference.district_towns)
    # Column positions, with a gap before the towns outside the district and before 未指明.
    xs, x = [], 0.0
    for i, town in enumerate(towns):
        if i > 0 and (town == TownBucket.UNSPECIFIED or (town not in district and towns[i - 1] in district)):
            x += 0.4
        xs.append(x)
        x += 1.0
    tasks = cells.drop_duplicates("task_id").set_index("task_id").loc[matrix.index]
    row_labels = [f"{task_id}  {task}" for task_id, task in zip(matrix.index, lb.names(tasks["name"], "task", lang))]

    n_rows = len(matrix)
    fig_width = figures.SIZES[width][0] if isinstance(width, str) else float(width)
    height = 0.155 * n_rows + 1.9
    fig, ax = figures.new_figure(fig_width, aspect=height / fig_width)
    if not figures.is_page_wide(fig):  # a column holds the towns' columns or the tasks' names, not both
        row_labels = [str(task_id) for task_id in matrix.index]
    for r, task_id in enumerate(matrix.index):
        for c, town in enumerate(towns):
            basis = matrix.at[task_id, town]
            if town == TownBucket.UNSPECIFIED:
                ax.add_patch(Rectangle((xs[c], r), 1, 1, facecolor=EMPTY_COLOUR, edgecolor="white", linewidth=0.8))
                if pd.notna(basis):
                    ax.plot(xs[c] + 0.5, r + 0.5, marker="D", markersize=5, color=BASIS_COLOURS[Basis.UNSPECIFIED],
                            markeredgecolor="black", markeredgewidth=0.5)
                continue
            colour = BASIS_COLOURS[basis] if pd.notna(basis) else EMPTY_COLOUR
            ax.add_patch(Rectangle((xs[c], r), 1, 1, facecolor=colour, edgecolor="white", linewidth=0.8))
    # Section boundaries and section numbers on the right.
    sections = tasks["section_no"].to_numpy()
    right = xs[-1] + 1.0
    starts = [0] + [i for i in range(1, n_rows) if sections[i] != sections[i - 1]]
    for start, end in zip(starts, starts[1:] + [n_rows]):
        if start > 0:
            ax.plot([-0.1, right + 0.1], [start, start], color="#555555", linewidth=0.6, clip_on=False)
        number = int(sections[start])
        label = msg.text("chart.coverage.matrix.section", lang, numeral=lb.section_numeral(number, lang))
        ax.text(right + 0.25, (start + end) / 2, label, ha="left", va="center", fontsize=6.5, color="#555555")
    ax.set_xlim(-0.05, right + 0.05)
    ax.set_ylim(n_rows, 0)
    ax.set_aspect("auto")
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_yticks(np.arange(n_rows) + 0.5, row_labels, fontsize=6.3)
    ax.tick_params(axis="both", length=0, pad=2)
    ax.xaxis.tick_top()
    labels = town_labels(towns, lang)
    if all(map(figures.is_wide_text, labels)):  # Chinese names read top to bottom, one character a line
        ax.set_xticks(np.array(xs) + 0.5, ["\n".join(label) for label in labels], fontsize=6.8, linespacing=0.95)
    else:
        ax.set_xticks(np.array(xs) + 0.5, labels, rotation=90, fontsize=6.5)
    ax.set_title(msg.text("chart.coverage.matrix.title", lang), loc="left", pad=6)
    handles = [Patch(facecolor=BASIS_COLOURS[b], label=lb.label("town_basis", b, lang)) for b in BASES
               if b != Basis.UNSPECIFIED]
    handles.append(Line2D([], [], linestyle="none", marker="D", markersize=5, color=BASIS_COLOURS[Basis.UNSPECIFIED],
                          markeredgecolor="black", markeredgewidth=0.5,
                          label=lb.label("town_basis", Basis.UNSPECIFIED, lang)))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.005), ncols=2, fontsize=6.8,
              handlelength=1.2, columnspacing=1.5)
    n_sections, n_district = len(starts), len(district)
    others = [t for t in towns if t not in district and t != TownBucket.UNSPECIFIED]
    other = msg.text("chart.coverage.matrix.others", lang, towns=msg.join(town_labels(others, lang), lang)) if others else ""
    _footnote(fig, msg.text("chart.coverage.matrix.footnote", lang, count=n_sections, n_district=n_district, others=other))
    return fig


def plot_tasks_per_town(per_town: pd.DataFrame, params_or_lang="zh", *, unspecified: int | None = None,
                        width="page"):
    """Horizontal stacked bars: tasks reaching each town, split by basis, most first.

    Args:
        per_town: Output of :func:`qpanalysis.analysis.coverage.tasks_per_town`.
        params_or_lang: NotebookParams or ``"zh"`` / ``"en"``.
        unspecified: Number of tasks that name no town, for a note under the chart.
        width: ``"page"`` or ``"column"`` or inches.
    """
    lang = _lang(params_or_lang)
    figures.use_style(lang)
    data = per_town.sort_values("total", ascending=False, kind="stable")
    fig, ax = figures.new_figure(width, aspect=0.55)
    y = np.arange(len(data))
    left = np.zeros(len(data))
    # District-wide links are the same for all 11 towns: they go first, so the bars
    # differ only in the parts the list names.
    for basis in (Basis.DISTRICT_WIDE, Basis.FROM_BREAKDOWN, Basis.EXPLICIT):
        values = data[BASIS_COLUMNS[basis]].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=BASIS_COLOURS[basis], label=lb.label("town_basis", basis, lang), height=0.7,
                edgecolor="white", linewidth=0.5)
        left += values
    for yi, total in zip(y, data["total"]):
        ax.text(total + 0.3, yi, f"{total:d}", va="center", ha="left", fontsize=7)
    ax.set_yticks(y, town_labels(data["town"], lang))
    ax.invert_yaxis()
    ax.set_xlim(0, max(data["total"].max(), 1) * 1.1)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(msg.text("chart.axis.tasks", lang))
    ax.set_title(msg.text("chart.coverage.per_town.title", lang))
    ax.legend(loc="lower right", fontsize=6.8)
    if unspecified:
        _footnote(fig, msg.text("chart.coverage.per_town.unspecified", lang, count=unspecified))
    return fig


def plot_town_quantities(table: pd.DataFrame, params_or_lang="zh", *, ncols: int = 3, width="page"):
    """Small multiples: one panel per metric, towns on the vertical axis, bars for the quantity.

    Towns that a breakdown does not name show 0 (written in grey).

    Args:
        table: Output of :func:`qpanalysis.analysis.coverage.town_quantities`.
        params_or_lang: NotebookParams or ``"zh"`` / ``"en"``.
        ncols: Panels per row.
        width: ``"page"`` or ``"column"`` or inches.
    """
    lang = _lang(params_or_lang)
    figures.use_style(lang)
    metrics = list(dict.fromkeys(zip(table["task_id"], table["metric"], table["unit"])))
    towns = list(dict.fromkeys(table["town"]))
    narrow = figures.label_wrap(WRAP_PANEL_TITLE) != WRAP_PANEL_TITLE  # the run draws narrower than the page
    if narrow:
        ncols = min(ncols, 2)  # a column holds two panels beside the town names
    nrows = -(-len(metrics) // ncols)
    fig_width = figures.SIZES[width][0] if isinstance(width, str) else float(width)
    height = nrows * (0.16 * len(towns) + 0.75) + 0.5
    fig, axes = figures.new_figure(fig_width, aspect=height / fig_width, nrows=nrows, ncols=ncols,
                                   sharey=True, squeeze=False)
    labels = town_labels(towns, lang)
    y = np.arange(len(towns))
    for ax, (task_id, metric, unit) in zip(axes.flat, metrics):
        part = table[(table["task_id"] == task_id) & (table["metric"] == metric)].set_index("town").loc[towns]
        values = part["quantity"].to_numpy(dtype=float)
        ax.barh(y, values, color=figures.PALETTE[0], height=0.7)
        top = max(values.max(), 1.0)
        for yi, value, named in zip(y, values, part["in_breakdown"]):
            ax.text(value + top * 0.03, yi, f"{value:g}", va="center", ha="left", fontsize=6,
                    color="black" if named else "#888888")
        ax.set_xlim(0, top * 1.25)
        ax.set_yticks(y, labels)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelsize=6)
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=3 if narrow else 4, integer=True))
        title = msg.text("chart.coverage.quantities.panel", lang, task_id=task_id, metric=lb.metric_label(metric, unit, lang))
        wrap = WRAP_PANEL_TITLE_COLUMN if narrow else WRAP_PANEL_TITLE
        ax.set_title(figures.fit_label(title, *wrap), fontsize=7.5, loc="left")
    axes.flat[0].set_ylim(len(towns) - 0.5, -0.5)  # shared: first town on top in every panel
    for ax in list(axes.flat)[len(metrics):]:
        ax.set_visible(False)
    fig.suptitle(msg.text("chart.coverage.quantities.title", lang), x=0.0, ha="left", fontsize=9)
    _footnote(fig, msg.text("chart.coverage.quantities.zero", lang))
    return fig


def plot_tile_map(tiles: pd.DataFrame, params_or_lang="zh", *, value: str, title: str, value_text,
                  colorbar_label: str, detail: str | None = None, detail_text=None, note: str | None = None,
                  width="page", vmin: float = 0.0):
    """Schematic tile map of the district: one square per town at its reference tile position.

    Rows run north → south and columns west → east (``tile_row`` / ``tile_col`` of
    ``data/reference/towns.csv``). It is a schematic, not to scale; towns without a tile
    (现代农业园区) are listed under the map.

    Args:
        tiles: A table with ``town``, ``tile_row``, ``tile_col`` and the ``value`` column,
            e.g. :func:`qpanalysis.analysis.coverage.town_tiles` of ``tasks_per_town``.
        params_or_lang: NotebookParams or ``"zh"`` / ``"en"``.
        value: Column that colours the tiles and is written large.
        title: The figure title (already in the right language).
        value_text: Format of the large number, e.g. ``"{:g} 项"``, or a function of the value.
        colorbar_label: Label of the colour bar, with unit.
        detail: Optional column written small under the number.
        detail_text: Format of that detail, e.g. ``"点名 {:g} 项"``, or a function of it.
        note: Text added to the note under the map (after the schematic disclaimer).
        width: ``"page"`` or ``"column"`` or inches.
        vmin: Lower end of the colour scale: 0 by default, so that a colour's depth is in
            proportion to the value (a scale starting at the smallest value makes a small
            difference look like all or nothing).
    """
    lang = _lang(params_or_lang)
    figures.use_style(lang)
    placed = tiles[tiles["tile_row"].notna() & tiles["tile_col"].notna()]
    offmap = tiles[~tiles.index.isin(placed.index)]
    n_rows = int(placed["tile_row"].max()) + 1
    n_cols = int(placed["tile_col"].max()) + 1
    fig_width = figures.SIZES[width][0] if isinstance(width, str) else float(width)
    fig, ax = figures.new_figure(fig_width, aspect=(n_rows + 0.9) / (n_cols + 0.9))
    values = placed[value].astype(float)
    norm = mpl.colors.Normalize(vmin=vmin, vmax=max(values.max(), vmin))
    if norm.vmin == norm.vmax:
        norm.vmax = norm.vmin + 1
    cmap = mpl.colormaps[figures.SEQUENTIAL_CMAP]
    names = dict(zip(placed["town"], town_labels(placed["town"], lang)))
    # In a column a tile is about half as wide: the name smaller, the numbers bare (the note says what they count).
    narrow = not figures.is_page_wide(fig)
    for _, row in placed.iterrows():
        r, c = int(row["tile_row"]), int(row["tile_col"])
        colour = cmap(norm(float(row[value])))
        ax.add_patch(Rectangle((c + 0.03, r + 0.03), 0.94, 0.94, facecolor=colour, edgecolor="white", linewidth=1))
        ink = _text_colour(colour)
        name = figures.fit_label(names[row["town"]], *(WRAP_TILE_NAME_COLUMN if narrow else WRAP_TILE_NAME))
        ax.text(c + 0.5, r + 0.22, name, ha="center", va="center", fontsize=6 if narrow else 7, color=ink,
                linespacing=0.95)
        shown = f"{float(row[value]):,g}" if narrow else _format(value_text, row[value])
        ax.text(c + 0.5, r + 0.58, shown, ha="center", va="center", fontsize=9 if narrow else 10,
                fontweight="bold", color=ink)
        if detail is not None:
            shown = f"({float(row[detail]):,g})" if narrow else _format(detail_text, row[detail])
            ax.text(c + 0.5, r + 0.84, shown, ha="center", va="center", fontsize=6 if narrow else 6.3, color=ink)
    # Compass in the top-left corner (an empty tile in the bundled layout).
    occupied = set(zip(placed["tile_row"].astype(int), placed["tile_col"].astype(int)))
    corner = 0 if (0, 0) not in occupied else n_cols - 1
    ax.text(corner + 0.5, 0.22, "N", ha="center", va="center", fontsize=10, fontweight="bold", color="#333333")
    ax.annotate("", xy=(corner + 0.5, 0.34), xytext=(corner + 0.5, 0.8),
                arrowprops={"arrowstyle": "-|>", "color": "#333333", "linewidth": 1.2})
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title)
    bar = fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.7, pad=0.02, aspect=18,
                       location="bottom" if narrow else "right")  # below in a column: the tiles take the width
    bar.set_label(colorbar_label)
    bar.outline.set_visible(False)
    bar.ax.tick_params(labelsize=6.5)
    text = msg.text("chart.coverage.tile.schematic", lang)
    if len(offmap):
        text += "\n" + msg.text("chart.coverage.tile.offmap", lang, towns=msg.join(town_labels(offmap["town"], lang), lang),
                                amounts=msg.join((_format(value_text, v) for v in offmap[value]), lang))
    if note:
        text += "\n" + note
    _footnote(fig, text)
    return fig


def plot_task_tile_map(per_town: pd.DataFrame, params_or_lang="zh", *, width="page"):
    """Tile map of the tasks that name each town, coloured from 0, with all the tasks reaching it.

    District-wide tasks count the same for every town of the district, so they would only
    lift every tile by the same amount: the colour and the large number are the tasks that
    name the town (in their scope or a per-town breakdown), on a scale from 0; the small
    number is every task reaching the town, district-wide ones included.

    Args:
        per_town: Output of :func:`qpanalysis.analysis.coverage.tasks_per_town`.
        params_or_lang: NotebookParams or ``"zh"`` / ``"en"``.
        width: ``"page"`` or ``"column"`` or inches.
    """
    from qpanalysis.analysis.coverage import town_tiles

    lang = _lang(params_or_lang)
    district_wide = int(per_town["district_wide"].max()) if len(per_town) else 0
    note = msg.text("chart.coverage.tile.named.note", lang)
    if district_wide:
        note += "\n" + msg.text("chart.coverage.tile.named.every_town", lang, count=district_wide)
    return plot_tile_map(
        town_tiles(per_town), lang, value="named", detail="total", width=width, vmin=0,
        title=msg.text("chart.coverage.tile.named.title", lang),
        value_text=lambda v: msg.text("chart.coverage.tile.named.value", lang, count=msg.number(v, lang)),
        detail_text=lambda v: msg.text("chart.coverage.tile.named.detail", lang, count=msg.number(v, lang)),
        colorbar_label=msg.text("chart.coverage.tile.named.colorbar", lang),
        note=note,
    )


def plot_quantity_tile_map(table: pd.DataFrame, metric: str, params_or_lang="zh", *, task_id: int | None = None,
                           width="page"):
    """Tile map of one per-town quantity of the scale, on a colour scale from 0.

    Args:
        table: Output of :func:`qpanalysis.analysis.coverage.town_quantities`.
        metric: The metric as published (one of ``table["metric"]``).
        params_or_lang: NotebookParams or ``"zh"`` / ``"en"``.
        task_id: The task whose breakdown to show, when several tasks break the metric down.
        width: ``"page"`` or ``"column"`` or inches.
    """
    from qpanalysis.analysis.coverage import town_tiles

    lang = _lang(params_or_lang)
    part = table[(table["metric"] == metric) & ((table["task_id"] == task_id) if task_id is not None else True)]
    if part.empty:
        raise ValueError(f"no per-town quantities for the metric {metric!r}")
    unit = part["unit"].iloc[0]
    task_id = int(part["task_id"].iloc[0])
    part = part[part["task_id"] == task_id]
    zero = part.loc[~part["in_breakdown"], "town"]
    note = None
    if len(zero):
        note = msg.text("chart.coverage.tile.quantity.zero", lang, towns=msg.join(town_labels(zero, lang), lang))
    return plot_tile_map(
        town_tiles(part), lang, value="quantity", width=width, vmin=0,
        title=msg.text("chart.coverage.tile.quantity.title", lang, metric=lb.metric_label(metric, None, lang),
                       task_id=task_id),
        value_text="{:g}", colorbar_label=lb.metric_label(metric, unit, lang), note=note,
    )
