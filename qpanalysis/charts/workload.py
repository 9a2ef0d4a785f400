"""Charts of department workload: tasks, investment, section heatmap, co-lead network and deadlines."""

from __future__ import annotations

import math

import matplotlib.patheffects as pe
import numpy as np
import pandas as pd
import seaborn as sns

from qpanalysis.charts import style as figures
from qpanalysis.charts.investment import AMOUNT_UNIT, add_investment_note, approx_flags, format_wan
from qpanalysis.display import labels as lb
from qpanalysis.display import messages as msg

# Line widths of a wrapped department label, (full-width characters of East Asian text,
# letters of Latin text): see figures.fit_label. Chinese names have at most 7 characters
# and fit on one line in bar charts; English names are long (up to 55 characters), so
# they use the short names of data/reference/departments.csv and wrap.
WRAP_DEPARTMENT = (8, 40)
# Heatmap rows are taller, so English names wrap onto two lines to leave the columns room.
WRAP_DEPARTMENT_HEATMAP = (8, 24)
# Node labels in the network are narrower: they sit next to the node, in a ring.
WRAP_NODE = (9, 16)
# The hub's label sits below it, between two spokes: narrower still.
WRAP_HUB = (8, 13)
# Section titles on the heatmap's column axis: 7 columns share the page width.
WRAP_SECTION = (5, 14)
# The note under the network spans the page.
WRAP_NETWORK_NOTE = (75, 140)
# Radii of the hub layout of the network: hub at the centre, its partners on the inner
# ring, their own partners on the outer ring. The gap leaves room for the inner labels.
RING_RADII = (1.0, 1.85)
# Colours: lead and co-lead are the two highest-contrast Okabe–Ito hues; the weighted
# figures use bluish green so they are not read as a third role.
COLOR_LEAD, COLOR_CO_LEAD, COLOR_WEIGHTED = figures.PALETTE[0], figures.PALETTE[1], figures.PALETTE[2]
# Colour of the marking of a due month outside the plan year (vermillion: warning).
COLOR_OUTSIDE = figures.PALETTE[3]


# One language rule for every chart module.
_lang = figures.lang_of


def _dept_labels(departments, lang: str, width: tuple[int, int] = WRAP_DEPARTMENT) -> list[str]:
    """Department names for an axis, wrapped: in full where every name fits on one line
    (Chinese names), else the short names (English names are long).

    Example:
        >>> _dept_labels(["区农业农村委", "区规划资源局"], "zh")
        ['区农业农村委', '区规划资源局']
    """
    width = figures.label_wrap(width)
    return [figures.fit_label(label, *width) for label in lb.names(departments, "department", lang)]


def plot_department_tasks(workload: pd.DataFrame, params_or_lang="zh"):
    """Horizontal stacked bars of tasks per department (lead, co-lead), with the weighted share.

    Args:
        workload: ``qpanalysis.analysis.workload.department_workload`` output.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
    """
    lang = _lang(params_or_lang)
    data = workload.sort_values("department_rank")
    n = len(data)
    fig, ax = figures.new_figure("page", aspect=max(0.45, 0.11 + 0.031 * n))
    y = np.arange(n)
    ax.barh(y, data["tasks_lead"], color=COLOR_LEAD, height=0.7, label=msg.text("chart.workload.tasks.lead", lang))
    ax.barh(y, data["tasks_co_lead"], left=data["tasks_lead"], color=COLOR_CO_LEAD, height=0.7,
            label=msg.text("chart.workload.tasks.co_lead", lang))
    ax.scatter(data["weighted_share"], y, marker="D", s=16, color="black", zorder=3,
               label=msg.text("chart.workload.tasks.weighted", lang))
    ax.scatter(data["equal_split_share"], y, marker="o", s=18, facecolor="white", edgecolor="black",
               linewidth=0.8, zorder=3, label=msg.text("chart.workload.tasks.equal_split", lang))
    for yi, total in zip(y, data["tasks_total"]):
        ax.text(total + 0.3, yi, f"{total}", va="center", fontsize=6.5, color="#333333")
    ax.set_yticks(y, _dept_labels(data["department"], lang))
    ax.invert_yaxis()
    ax.set_xlim(0, data["tasks_total"].max() + 2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(msg.text("chart.workload.axis.tasks", lang))
    ax.set_title(msg.text("chart.workload.tasks.title", lang, count=int(data["tasks_lead"].sum())))
    handles, labels = ax.get_legend_handles_labels()
    order = [2, 3, 0, 1]  # the two bars, then the two share markers
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="lower right")
    return fig


def plot_department_investment(investment: pd.DataFrame, params_or_lang="zh"):
    """Disclosed investment per department under the report's one convention, with the sensitivity splits.

    Bars: the whole amount of the tasks a department leads (first-listed), as in the
    investment report; they add up to the disclosed total. Markers: the two sensitivity
    splits (weighted lead 2 : co-lead 1, and equal), which also reach co-leads. Amounts
    that include an approximate (约) figure are marked ≈.

    Args:
        investment: ``qpanalysis.analysis.workload.department_investment`` output.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
    """
    lang = _lang(params_or_lang)
    data = investment.reset_index(drop=True)
    n = len(data)
    fig, ax = figures.new_figure("page", aspect=max(0.42, 0.12 + 0.06 * n))
    y = np.arange(n)
    lead = data["lead_investment_wan"]
    known = lead.notna().to_numpy()  # a department leading no disclosed task gets no bar, not a zero one
    ax.barh(y[known], lead[known], height=0.6, color=COLOR_LEAD, label=msg.text("chart.workload.investment.lead", lang))
    ax.scatter(data["weighted_investment_wan"], y, marker="D", s=18, color=COLOR_WEIGHTED, edgecolor="black",
               linewidth=0.5, zorder=3, label=msg.text("chart.workload.investment.weighted", lang))
    ax.scatter(data["equal_split_investment_wan"], y, marker="o", s=18, facecolor="white", edgecolor="black",
               linewidth=0.8, zorder=3, label=msg.text("chart.workload.investment.equal_split", lang))
    top = float(np.nanmax(data[["lead_investment_wan", "weighted_investment_wan", "equal_split_investment_wan"]]
                          .to_numpy(dtype=float), initial=0.0))
    right = data[["lead_investment_wan", "weighted_investment_wan", "equal_split_investment_wan"]].max(axis=1)
    for yi, value, approx, end in zip(y, lead, approx_flags(data, "lead_investment_wan"), right):
        text = format_wan(value, approx) if pd.notna(value) else msg.text("chart.workload.investment.none", lang)
        ax.text(end + top * 0.015, yi, text, va="center", fontsize=6.5, color="#333333")
    ax.set_yticks(y, _dept_labels(data["department"], lang))
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.25 if top > 0 else 1)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(lb.with_unit(msg.text("chart.investment.axis.amount", lang), AMOUNT_UNIT, lang))
    ax.set_title(msg.text("chart.workload.investment.title", lang))
    ax.legend(loc="lower right")
    approx = any(approx_flags(data, "lead_investment_wan")) or any(approx_flags(data, "weighted_investment_wan"))
    add_investment_note(fig, lang, approx)
    return fig


def _count_grid(counts: pd.DataFrame, departments: list, by: str, columns) -> tuple[pd.DataFrame, list[list[str]]]:
    """Tasks per department (rows, in the order given) and ``by`` (columns), with each cell's text.

    A cell reads ``tasks`` (lead + co-lead), then the co-led ones in brackets when there are
    any: ``3``, ``5 (2)``; a cell with no task has no text.

    Example:
        >>> c = pd.DataFrame({"department": ["甲", "甲", "乙"], "section_no": [1, 2, 1],
        ...                   "tasks": [3, 5, 1], "tasks_co_lead": [0, 2, 1]})
        >>> total, text = _count_grid(c, ["甲", "乙"], "section_no", [1, 2])
        >>> total.to_numpy().tolist(), text
        ([[3, 5], [1, 0]], [['3', '5 (2)'], ['1 (1)', '']])
    """
    total, co = (counts.pivot_table(index="department", columns=by, values=value, aggfunc="sum", fill_value=0)
                 .reindex(index=departments, columns=columns, fill_value=0) for value in ("tasks", "tasks_co_lead"))
    annotations = [
        [("" if t == 0 else f"{t}" if c == 0 else f"{t} ({c})") for t, c in zip(trow, crow)]
        for trow, crow in zip(total.to_numpy(), co.to_numpy())
    ]
    return total, annotations


def _heatmap(ax, matrix: np.ndarray, annotations: list[list[str]]):
    """Task counts as a seaborn heatmap, row 0 on top; cell (i, j) is centred at (j + 0.5, i + 0.5).

    A cell with no task is left white, not coloured as a count; each coloured cell carries
    its annotation, dark on light colours and white on dark ones (seaborn's choice by luminance).
    Returns the coloured mesh (for a colour bar) and the highest count.
    """
    vmax = max(1, int(matrix.max()))
    sns.heatmap(matrix, mask=matrix == 0, cmap=figures.SEQUENTIAL_CMAP, vmin=0.5, vmax=vmax + 0.5, cbar=False,
                annot=np.array(annotations, dtype=object), fmt="", annot_kws={"fontsize": 6.5},
                xticklabels=False, yticklabels=False, ax=ax)
    ax.set_xticks(np.arange(matrix.shape[1] + 1), minor=True)
    ax.set_yticks(np.arange(matrix.shape[0] + 1), minor=True)
    ax.set_axisbelow(False)  # the cell borders show over coloured cells as over white ones
    ax.grid(which="minor", color="#DDDDDD", linewidth=0.5)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax.collections[0], vmax


def _count_ticks(vmax: int) -> list[int]:
    """Whole-number colour-bar ticks: every count up to 8, else about six evenly spaced."""
    if vmax <= 8:
        return list(range(1, vmax + 1))
    step = math.ceil(vmax / 6)
    return [1] + list(range(step, vmax + 1, step))


def _month_label(month: pd.Period, lang: str) -> str:
    """Two-line month label: 2026年 / 9月, or Sep / 2026."""
    return msg.date(month.start_time, lang, "format.date.month_two_lines")


def plot_section_heatmap(counts: pd.DataFrame, params_or_lang="zh"):
    """Heatmap of tasks per section (columns) and department (rows, busiest on top).

    Cells show the tasks a department leads or co-leads in the section; the number of
    co-led tasks among them is given in brackets.

    Args:
        counts: ``qpanalysis.analysis.workload.section_department_counts`` output.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
    """
    lang = _lang(params_or_lang)
    departments = (counts.drop_duplicates("department").sort_values("department_rank")["department"].tolist())
    sections = counts.drop_duplicates("section_no").sort_values("section_no")
    total, annotations = _count_grid(counts, departments, "section_no", sections["section_no"])
    n = len(departments)
    fig, ax = figures.new_figure("page", aspect=max(0.5, 0.2 + 0.034 * n))
    image, vmax = _heatmap(ax, total.to_numpy(), annotations)
    titles = lb.names(sections["section"], "section", lang)
    xlabels = [
        figures.fit_label(msg.text("chart.workload.heatmap.section", lang, title=title,
                                   numeral=lb.section_numeral(no, lang)), *WRAP_SECTION)
        for no, title in zip(sections["section_no"], titles)
    ]
    ax.set_xticks(np.arange(len(xlabels)) + 0.5, xlabels, fontsize=6.5)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(n) + 0.5, _dept_labels(departments, lang, WRAP_DEPARTMENT_HEATMAP), linespacing=1.0)
    bar = fig.colorbar(image, ax=ax, shrink=0.5, aspect=18, pad=0.02, ticks=_count_ticks(vmax))
    bar.set_label(msg.text("chart.workload.axis.tasks", lang))
    bar.outline.set_visible(False)
    ax.set_xlabel(msg.text("chart.workload.heatmap.xlabel", lang))
    ax.set_ylabel(msg.text("chart.workload.heatmap.ylabel", lang))
    ax.set_title(msg.text("chart.workload.heatmap.title", lang), pad=8)
    return fig


def hub_layout(graph) -> dict[str, tuple[float, float]]:
    """Deterministic positions for the co-lead network: the busiest department in the centre.

    The hub is the connected node with the best ``department_rank`` (1). Its partners sit
    on an inner ring, ordered so that partners of each other are neighbours, and turned
    so that one free slot stays straight below the hub (its label goes there);
    their other partners sit on an outer ring next to them; departments not connected to
    the hub (other components) are stacked in a column on the right. Departments with no
    partner get no position. No randomness is involved: the figure is the same on every run.

    Example:
        >>> import networkx as nx
        >>> g = nx.Graph([("a", "b"), ("a", "c"), ("c", "d")])
        >>> nx.set_node_attributes(g, {"a": 1, "b": 3, "c": 2, "d": 4}, "department_rank")
        >>> pos = hub_layout(g)
        >>> pos["a"], round(math.hypot(*pos["b"]), 2), round(math.hypot(*pos["d"]), 2)
        ((0.0, 0.0), 1.0, 1.85)
    """
    import networkx as nx

    rank = nx.get_node_attributes(graph, "department_rank")
    by_rank = sorted(graph.nodes, key=lambda n: (rank.get(n, math.inf), n))
    connected = [n for n in by_rank if graph.degree(n) > 0]
    if not connected:
        return {}
    hub = connected[0]
    ring1 = [n for n in connected if graph.has_edge(hub, n)]
    inner = graph.subgraph(ring1)

    def weight(a, b):
        return graph[a][b].get("weight", 1)

    # Walk the inner ring as chains: start at an end (fewest inner partners), step to the
    # strongest unplaced partner, restart when stuck; departments with no inner partner last.
    order: list[str] = []
    remaining = [n for n in ring1 if inner.degree(n) > 0]
    while remaining:
        node = min(remaining, key=lambda n: (inner.degree(n), -weight(hub, n), rank.get(n, math.inf), n))
        while node is not None:
            order.append(node)
            remaining.remove(node)
            nxt = [m for m in inner.neighbors(node) if m in remaining]
            node = max(nxt, key=lambda m: (weight(node, m), -rank.get(m, math.inf))) if nxt else None
    order += [n for n in ring1 if n not in order]

    pos: dict[str, tuple[float, float]] = {hub: (0.0, 0.0)}
    # One slot more than partners; the spare slot, straight below the hub, holds its label.
    step = 2 * math.pi / (len(order) + 1)
    angles = {}
    for i, node in enumerate(order):
        angles[node] = -math.pi / 2 - (i + 1) * step
        pos[node] = (RING_RADII[0] * math.cos(angles[node]), RING_RADII[0] * math.sin(angles[node]))
    component = nx.node_connected_component(graph, hub)
    placed_on: dict[str, int] = {}
    for node in [n for n in connected if n in component and n not in pos]:
        anchors = [m for m in graph.neighbors(node) if m in angles]
        anchor = min(anchors, key=order.index) if anchors else order[0]
        k = placed_on.get(anchor, 0)
        placed_on[anchor] = k + 1
        angles[node] = angles[anchor] + (0.3 + 0.3 * k) * step
        pos[node] = (RING_RADII[1] * math.cos(angles[node]), RING_RADII[1] * math.sin(angles[node]))
    components: list[list[str]] = []
    for node in connected:
        if node not in pos and not any(node in c for c in components):
            components.append(sorted(nx.node_connected_component(graph, node), key=lambda n: (rank.get(n, math.inf), n)))
    height = 0.7 * (sum(map(len, components)) - 1) + 0.3 * (len(components) - 1)
    y = height / 2  # centred on the hub
    for members in components:
        for node in members:
            pos[node] = (RING_RADII[1] + 0.9, y)
            y -= 0.7
        y -= 0.3
    return pos


def plot_co_lead_network(edges: pd.DataFrame, workload: pd.DataFrame, params_or_lang="zh"):
    """Network of departments listed on the same task; node area = tasks, edge width = shared tasks.

    Departments that never share a task are not drawn; the figure note says how many.

    Args:
        edges: ``qpanalysis.analysis.workload.co_lead_edges`` output.
        workload: ``qpanalysis.analysis.workload.department_workload`` output (node sizes).
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
    """
    import networkx as nx
    from matplotlib.lines import Line2D

    lang = _lang(params_or_lang)
    graph = nx.Graph()
    for row in workload.to_dict("records"):
        graph.add_node(row["department"], **{k: v for k, v in row.items() if k != "department"})
    for row in edges.itertuples(index=False):
        graph.add_edge(row.department_a, row.department_b, weight=int(row.shared_tasks))
    pos = hub_layout(graph)
    nodes = [n for n in graph.nodes if n in pos]
    alone = [n for n in graph.nodes if n not in pos]

    fig, ax = figures.new_figure("page", aspect=0.68)
    ax.set_aspect("equal")
    ax.axis("off")
    tasks = nx.get_node_attributes(graph, "tasks_total")
    rank = nx.get_node_attributes(graph, "department_rank")
    max_w = max((d["weight"] for _, _, d in graph.edges(data=True)), default=1)
    for a, b, d in sorted(graph.edges(data=True), key=lambda e: e[2]["weight"]):
        w = d["weight"]
        ax.plot(*zip(pos[a], pos[b]), color="#555555" if w > 1 else "#999999",
                linewidth=0.8 + 2.2 * (w - 1) / max(max_w - 1, 1), zorder=1, solid_capstyle="round")
        if w > 1:
            if rank.get(a, 0) > rank.get(b, 0):
                a, b = b, a
            # 60 % of the way out from the busier department, clear of the hub's label
            mx, my = pos[a][0] + 0.6 * (pos[b][0] - pos[a][0]), pos[a][1] + 0.6 * (pos[b][1] - pos[a][1])
            ax.text(mx, my, str(w), fontsize=6.5, ha="center", va="center", zorder=4,
                    bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": "#555555", "linewidth": 0.5})
    # Inches per data unit: 1 on a page-wide figure; a narrower figure draws the same layout
    # smaller, so the markers (sized in points) shrink with it.
    scale = fig.get_size_inches()[0] / figures.SIZES["page"][0]
    size = {n: (60 + 55 * tasks.get(n, 1)) * scale**2 for n in nodes}
    hub = min(nodes, key=lambda n: graph.nodes[n].get("department_rank", math.inf)) if nodes else None
    colors = [COLOR_LEAD if graph.nodes[n].get("tasks_lead", 0) >= graph.nodes[n].get("tasks_co_lead", 0)
              else COLOR_CO_LEAD for n in nodes]
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=[size[n] for n in nodes], c=colors,
               zorder=2, edgecolors="white", linewidths=0.8)
    short = lb.names(nodes, "department", lang)
    halo = [pe.withStroke(linewidth=2.2, foreground="white")]
    for node, name in zip(nodes, short):
        x, y = pos[node]
        text = figures.fit_label(msg.text("chart.workload.network.node", lang, name=name, tasks=tasks.get(node, 0)),
                                 *(WRAP_NODE if node != hub else WRAP_HUB))
        # radius of the marker in data units: sqrt(area)/2 points, ~1 data unit per inch here
        radius = math.sqrt(size[node]) / 2 / 72 / scale
        if node == hub:
            ax.text(x, y - radius - 0.06, text, ha="center", va="top", fontsize=7, zorder=5, fontweight="bold",
                    linespacing=1.1, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                                           "alpha": 0.9})
            continue
        if x > RING_RADII[1] + 0.5:  # the column of separate components on the right
            ax.text(x + radius + 0.08, y, text, ha="left", va="center", fontsize=6.5, zorder=5,
                    path_effects=halo, linespacing=1.1)
            continue
        r = math.hypot(x, y)
        ux, uy = x / r, y / r
        gap = radius + 0.06
        ha = "center" if abs(ux) < 0.3 else ("left" if ux > 0 else "right")
        va = "center" if abs(uy) < 0.5 else ("bottom" if uy > 0 else "top")
        ax.text(x + gap * ux, y + gap * uy, text, ha=ha, va=va, fontsize=6.5, zorder=5, path_effects=halo,
                linespacing=1.1)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.9, max(xs) + 1.3)
    ax.set_ylim(min(ys) - 0.5, max(ys) + 0.5)
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=6, color=COLOR_LEAD,
               label=msg.text("chart.workload.network.mostly_lead", lang)),
        Line2D([], [], marker="o", linestyle="", markersize=6, color=COLOR_CO_LEAD,
               label=msg.text("chart.workload.network.mostly_co_lead", lang)),
        Line2D([], [], color="#999999", linewidth=0.8, label=msg.text("chart.workload.network.shared", lang, count=1)),
        Line2D([], [], color="#555555", linewidth=3.0,
               label=msg.text("chart.workload.network.shared", lang, count=max_w)),
    ]
    ax.set_title(msg.text("chart.workload.network.title", lang))
    note = msg.text("chart.workload.network.note", lang, count=len(alone))
    # Legend and note go under the drawing, where they cannot cover a node or a label.
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.0), ncol=4 if figures.is_page_wide(fig) else 2,
                       fontsize=6.5, title=figures.fit_label(note, *figures.scaled_wrap(WRAP_NETWORK_NOTE, fig, 0.9)),
                       title_fontsize=6,
                       borderaxespad=0.2, handlelength=2.2)
    legend.set_alignment("left")
    legend.get_title().set_color("#444444")
    return fig


def plot_deadlines(deadlines: pd.DataFrame, params_or_lang="zh"):
    """Heatmap of tasks per department (rows) and due month (columns); months outside the plan year marked.

    Args:
        deadlines: ``qpanalysis.analysis.workload.deadlines_by_month`` output.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
    """
    lang = _lang(params_or_lang)
    departments = deadlines.drop_duplicates("department").sort_values("department_rank")["department"].tolist()
    months = sorted(deadlines["due"].unique())
    total, annotations = _count_grid(deadlines, departments, "due", months)
    outside = deadlines.drop_duplicates("due").set_index("due")["in_plan_year"].reindex(months).eq(False).tolist()
    n = len(departments)
    fig, ax = figures.new_figure("page", aspect=max(0.5, 0.2 + 0.028 * n))
    image, vmax = _heatmap(ax, total.to_numpy(), annotations)
    xlabels = []
    for month, out in zip(months, outside):
        label = _month_label(month, lang)
        if out:
            label += "\n" + msg.text("chart.workload.deadlines.outside", lang)
        xlabels.append(label)
    ax.set_xticks(np.arange(len(months)) + 0.5, xlabels, fontsize=6.5)
    ax.xaxis.tick_top()
    for j, (tick, out) in enumerate(zip(ax.get_xticklabels(), outside)):
        if out:
            tick.set_color(COLOR_OUTSIDE)
            ax.add_patch(__import__("matplotlib").patches.Rectangle(
                (j, 0), 1, n, fill=False, edgecolor=COLOR_OUTSIDE, linewidth=1.2, zorder=3))
    ax.set_yticks(np.arange(n) + 0.5, _dept_labels(departments, lang))
    bar = fig.colorbar(image, ax=ax, shrink=0.4, aspect=15, pad=0.03, ticks=_count_ticks(vmax))
    bar.set_label(msg.text("chart.workload.axis.tasks", lang))
    bar.outline.set_visible(False)
    ax.set_xlabel(msg.text("chart.workload.deadlines.xlabel", lang))
    ax.set_title(msg.text("chart.workload.deadlines.title", lang), pad=8)
    return fig
