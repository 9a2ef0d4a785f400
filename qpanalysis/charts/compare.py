"""Charts of a comparison of two lists: a slope chart of tasks per section, old list against new."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from qpanalysis.charts import style as figures
from qpanalysis.display import messages as msg
from qpanalysis.display.findings.identity import name_in

# Colours by meaning (Okabe–Ito): more tasks blue, fewer vermillion, as many grey.
MORE, FEWER, SAME = figures.PALETTE[0], figures.PALETTE[3], "#8c8c8c"
# Labels closer than this share of the axis height are moved apart (they would overlap).
LABEL_GAP = 0.075


def spread(values, gap: float) -> list[float]:
    """Label positions near ``values``, at least ``gap`` apart, in the same order.

    Each crowded run of labels is pushed apart upwards, then every run is moved back down
    by its mean displacement (never closer than ``gap`` to the run below).

    Example:
        >>> spread([3, 3, 3, 10], 1)
        [2.0, 3.0, 4.0, 10.0]
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed: list[float] = []
    runs: list[list[int]] = []
    for k, i in enumerate(order):
        y = float(values[i])
        if placed and y < placed[-1] + gap:
            runs[-1].append(k)
        else:
            runs.append([k])
        placed.append(max(y, placed[-1] + gap) if placed else y)
    for run in runs:
        shift = sum(float(values[order[k]]) - placed[k] for k in run) / len(run)
        floor = placed[run[0] - 1] + gap if run[0] else -np.inf
        shift = max(shift, floor - placed[run[0]])
        for k in run:
            placed[k] += shift
    out = [0.0] * len(values)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


def plot_section_slopes(by_section: pd.DataFrame, old_side: str, new_side: str, params_or_lang="zh") -> plt.Figure:
    """Slope chart: tasks per section in the old list (left) and the new one (right).

    Args:
        by_section: ``Comparison.by_section``.
        old_side, new_side: The labels under the two ends (plan year and file).
    """
    lang = figures.lang_of(params_or_lang)
    fig, ax = figures.new_figure("page", aspect=0.75)
    table = by_section.reset_index(drop=True)
    top = max(int(table[["old_tasks", "new_tasks"]].to_numpy().max()), 1)
    gap = LABEL_GAP * (top + 1)
    right = spread(table["new_tasks"].astype(float).to_numpy(), gap)
    for k, row in table.iterrows():
        colour = MORE if row.tasks_change > 0 else FEWER if row.tasks_change < 0 else SAME
        ax.plot([0, 1], [row.old_tasks, row.new_tasks], color=colour, lw=1.8, marker="o", ms=4, zorder=3)
        name = name_in("section", row.section, lang, markdown=False)
        ax.text(1.04, right[k], f"{row.new_tasks}  {name}", ha="left", va="center",
                color=colour, fontsize="small")
    # The old counts at the left, once per value: sections with the same count share a label.
    for value in sorted(set(table["old_tasks"])):
        ax.text(-0.04, value, f"{value}", ha="right", va="center", color=SAME)
    ax.set_xlim(-0.12, 1.0)
    ax.set_ylim(0, top + 1)
    ax.set_xticks([0, 1], [old_side, new_side])
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_ylabel(msg.text("chart.axis.tasks", lang))
    ax.set_title(msg.text("chart.compare.slope.title", lang), loc="left")
    return fig


def side_label(tl, lang: str) -> str:
    """The label under one end of the slope chart: the list's plan year and file."""
    return msg.text("chart.compare.slope.side", lang, year=tl.plan_year, file=tl.source.name)
