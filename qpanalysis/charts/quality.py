"""Charts of data quality: stated totals against breakdown sums, and field completeness."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from qpanalysis.charts import style as figures
from qpanalysis.codes import CELL_STATUSES as STATUSES, CellStatus, TotalsStatus
from qpanalysis.display import labels as lb
from qpanalysis.display import messages as msg

# Colours by meaning, from the Okabe–Ito palette: agreement is blue, a mismatch is
# vermillion (the palette's alarm colour); "/" is orange so that it reads as "answered,
# but none" between filled (blue) and empty (reddish purple).
AGREE_COLOUR = figures.PALETTE[0]
MISMATCH_COLOUR = figures.PALETTE[3]
STATUS_COLOURS = {CellStatus.FILLED: figures.PALETTE[0], CellStatus.NONE_MARKER: figures.PALETTE[1],
                  CellStatus.EMPTY: figures.PALETTE[5]}
# Line widths of a task's metric on the totals chart, (full-width characters of East Asian
# text, letters of Latin text): see figures.fit_label.
WRAP_TICK = (14, 30)


# One language rule for every chart module.
_lang = figures.lang_of


def _legend_on_top(ax, handles) -> None:
    """One-row legend between the title and the plot.

    Not ``fig.legend(loc="outside lower center")``: save_figure crops with
    bbox_inches="tight" after adding the source note below everything, and a figure
    legend is anchored to the (cropped) figure box, so it slides down onto the note.
    """
    ncols = len(handles) if figures.is_page_wide(ax.figure) else 1  # a column: one entry a row
    rows = -(-len(handles) // ncols)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=ncols,
              borderaxespad=0.3, handlelength=1.4, columnspacing=1.5)
    ax.set_title(ax.get_title(loc="left"), loc="left", pad=8 + 12 * rows)


def _plain_log_ticks(ax, low: float, high: float, steps=(1, 2, 5)) -> None:
    """Ticks 1, 2, 5, 10, 20, 50, … (``steps`` in each decade) written as plain numbers on a log axis."""
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

    ticks = [m * 10**e for e in range(-1, 7) for m in steps if low <= m * 10**e <= high]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}" if v >= 1 else f"{v:g}")
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())


def plot_totals(table: pd.DataFrame, params_or_lang="zh") -> plt.Figure:
    """Dot plot: each breakdown's stated total against the sum of its per-town figures.

    One row per task and metric. The stated total is an open circle, the breakdown sum a
    filled dot; rows that disagree are shaded and drawn in vermillion, and the difference
    (sum − stated) is written at the right of every row. The x axis is logarithmic because
    the metrics count very different things (2 parks, 1,000 households).

    Args:
        table: The output of ``analysis.quality.totals_comparison``.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.

    Returns:
        The figure.
    """
    lang = _lang(params_or_lang)
    figures.use_style(lang)
    if table.empty:
        raise ValueError("no per-town breakdowns to compare: the totals table is empty")
    data = table.reset_index(drop=True).iloc[::-1].reset_index(drop=True)  # first task on top
    ticks = [figures.fit_label(f"{task_id}. {lb.metric_label(metric, unit, lang)}", *WRAP_TICK)
             for task_id, metric, unit in zip(data["task_id"], data["metric"], data["unit"])]
    height = max(2.2, 0.42 * len(data) + 1.0)
    fig, ax = figures.new_figure("page", aspect=height / figures.SIZES["page"][0])
    y = np.arange(len(data))
    for i, row in data.iterrows():
        colour = MISMATCH_COLOUR if row["status"] == TotalsStatus.MISMATCH else AGREE_COLOUR
        if row["status"] == TotalsStatus.MISMATCH:
            ax.axhspan(i - 0.45, i + 0.45, color=MISMATCH_COLOUR, alpha=0.10, lw=0, zorder=0)
        if pd.notna(row["stated_total"]):
            ax.plot([row["stated_total"], row["breakdown_sum"]], [i, i], color=colour, lw=1, zorder=2)
            ax.scatter(row["stated_total"], i, s=70, facecolors="white", edgecolors=colour, linewidths=1.4, zorder=3)
        ax.scatter(row["breakdown_sum"], i, s=22, color=colour, zorder=4)
    ax.set_xscale("log")
    xmax = max(data["breakdown_sum"].max(), data["stated_total"].astype(float).max(skipna=True) or 0)
    xmin = min(data["breakdown_sum"].min(), data["stated_total"].astype(float).min(skipna=True) or xmax)
    ax.set_xlim(xmin / 1.8, xmax * 2.2)
    # A column figure has room for one tick a decade.
    _plain_log_ticks(ax, xmin / 1.8, xmax * 2.2, (1, 2, 5) if figures.is_page_wide(fig) else (1,))
    ax.set_yticks(y, ticks)
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.grid(axis="y", visible=False)
    for tick, status in zip(ax.get_yticklabels(), data["status"]):
        if status == TotalsStatus.MISMATCH:
            tick.set_color(MISMATCH_COLOUR)
            tick.set_fontweight("bold")
    # The difference, in a column right of the plot area.
    for i, row in data.iterrows():
        if row["status"] == TotalsStatus.NO_STATED_TOTAL:
            text, colour, weight = msg.text("chart.quality.no_stated_total", lang), "#666666", "normal"
        elif row["status"] == TotalsStatus.MISMATCH:
            unit = lb.label("unit", row["unit"], lang)
            text = msg.text("chart.quality.difference", lang, difference=msg.signed(row["difference"], lang), unit=unit)
            colour, weight = MISMATCH_COLOUR, "bold"
        else:
            text, colour, weight = msg.text("chart.quality.agrees", lang), "#666666", "normal"
        ax.annotate(text, xy=(1.0, i), xycoords=("axes fraction", "data"), xytext=(6, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=7, color=colour,
                    fontweight=weight, annotation_clip=False)
    ax.set_xlabel(msg.text("chart.quality.totals.xlabel", lang))
    ax.set_title(msg.text("chart.quality.totals.title", lang))
    handles = [
        plt.Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor="#333333",
                   markersize=7, label=msg.text("chart.quality.totals.stated", lang)),
        plt.Line2D([], [], ls="", marker="o", color="#333333", markersize=4,
                   label=msg.text("chart.quality.totals.breakdown_sum", lang)),
        Patch(facecolor=MISMATCH_COLOUR, alpha=0.25, label=msg.text("chart.quality.totals.mismatch", lang)),
    ]
    _legend_on_top(ax, handles)
    return fig


def plot_completeness(table: pd.DataFrame, params_or_lang="zh") -> plt.Figure:
    """Stacked horizontal bars: per field, how many tasks fill it, write "/" or leave it empty.

    Args:
        table: The output of ``analysis.quality.completeness``.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.

    Returns:
        The figure.
    """
    lang = _lang(params_or_lang)
    figures.use_style(lang)
    data = table.iloc[::-1].reset_index(drop=True)  # published order, top to bottom
    ticks = lb.names(data["field"], "field", lang)
    fig, ax = figures.new_figure("page", aspect=0.55)
    left = np.zeros(len(data))
    y = np.arange(len(data))
    columns = {CellStatus.FILLED: "filled", CellStatus.NONE_MARKER: "none_marker", CellStatus.EMPTY: "empty"}
    for status in STATUSES:
        values = data[columns[status]].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=STATUS_COLOURS[status], height=0.7,
                label=lb.label("cell_status", status, lang))
        for yi, (start, value) in enumerate(zip(left, values)):
            if value >= 1:  # a one-task segment is still wide enough for one digit
                text_colour = "white" if status != CellStatus.NONE_MARKER else "black"
                ax.text(start + value / 2, yi, f"{value:.0f}", ha="center", va="center", fontsize=6.5,
                        color=text_colour)
        left += values
    ax.set_yticks(y, ticks)
    ax.set_xlim(0, left.max())
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(msg.text("chart.axis.tasks", lang))
    ax.set_title(msg.text("chart.quality.completeness.title", lang))
    _legend_on_top(ax, ax.get_legend_handles_labels()[0])
    return fig


def plot_completeness_heatmap(status: pd.DataFrame, params_or_lang="zh") -> plt.Figure:
    """Grid of fields × tasks coloured by whether each cell is filled, "/" or empty.

    Args:
        status: The output of ``analysis.quality.field_status``.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.

    Returns:
        The figure.
    """
    lang = _lang(params_or_lang)
    figures.use_style(lang)
    fields = list(dict.fromkeys(status["field"]))
    tasks = sorted(status["task_id"].unique())
    codes = {s: i for i, s in enumerate(STATUSES)}
    grid = (
        status.assign(code=status["status"].map(codes))
        .pivot(index="field", columns="task_id", values="code")
        .reindex(index=fields, columns=tasks)
    )
    fig, ax = figures.new_figure("page", aspect=0.5)
    cmap = ListedColormap([STATUS_COLOURS[s] for s in STATUSES])
    # One colour per status code (0, 1, 2: each code in the middle of its band); cell (i, j) centred at (j + 0.5, i + 0.5).
    sns.heatmap(grid.to_numpy(dtype=float), cmap=cmap, vmin=-0.5, vmax=len(STATUSES) - 0.5, cbar=False,
                xticklabels=False, yticklabels=False, ax=ax)
    ax.yaxis.set_ticks_position("left")  # seaborn hides the ticks with the spines; the field names keep theirs
    ax.set_yticks(np.arange(len(fields)) + 0.5, lb.names(fields, "field", lang), rotation=0)
    ax.set_xticks(np.arange(len(tasks)) + 0.5, [str(t) for t in tasks], fontsize=6)
    ax.set_xticks(np.arange(len(tasks) + 1), minor=True)
    ax.set_yticks(np.arange(len(fields) + 1), minor=True)
    ax.grid(False)
    ax.set_axisbelow(False)  # white lines between the cells, over the colours
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(axis="x", length=0, pad=2)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(msg.text("chart.axis.task_number", lang))
    ax.set_title(msg.text("chart.quality.heatmap.title", lang))
    handles = [Patch(facecolor=STATUS_COLOURS[s], label=text)
               for s, text in zip(STATUSES, lb.labels(STATUSES, "cell_status", lang))]
    _legend_on_top(ax, handles)
    return fig
