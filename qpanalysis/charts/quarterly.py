"""Charts of the quarterly report: milestones due, expected progress, progress status."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.transforms import offset_copy

from qpanalysis.charts import style as figures
from qpanalysis.analysis.quarterly import quarter_label
from qpanalysis.codes import (
    KIND_PERCENT,
    KIND_QUALITATIVE,
    KIND_QUANTITY,
    NUMERIC_KINDS,
    STATUS_AHEAD,
    STATUS_BEHIND,
    STATUS_DONE,
    STATUS_NO_DATA,
    STATUS_NO_TARGET,
    STATUS_ON_TRACK,
    STATUSES,
)
from qpanalysis.display import labels as lb

# One colour per status, the same in every chart and report, from the Okabe–Ito palette:
# green = done, blue = ahead, sky blue = on track, vermillion = behind (the one a reader
# must spot), reddish purple = no numeric target. "No data" is a neutral light grey, not a
# hue, so that missing reports recede behind the rated tasks.
STATUS_COLORS = {
    STATUS_DONE: figures.PALETTE[2],
    STATUS_AHEAD: figures.PALETTE[0],
    STATUS_ON_TRACK: figures.PALETTE[4],
    STATUS_BEHIND: figures.PALETTE[3],
    STATUS_NO_TARGET: figures.PALETTE[5],
    STATUS_NO_DATA: "#C8C8C8",
}
# Colours of the milestone kinds (numeric targets strong, qualitative texts muted).
KIND_COLORS = {KIND_PERCENT: figures.PALETTE[0], KIND_QUANTITY: figures.PALETTE[1], KIND_QUALITATIVE: "#B0B0B0"}
# Characters per line of a wrapped Chinese label / English label on the category axis.
WRAP_ZH = 12
WRAP_EN = 30
# Distance (points) from the bottom of the axes to the legend: clears the tick labels and the
# x-axis label (about 9 + 12 points at the package style's font sizes).
LEGEND_OFFSET_PT = 30
# Height of one bar row in inches; keeps 12–41 rows readable on a page-wide figure.
ROW_HEIGHT = 0.28


def _legend_below(fig, ax, ncols: int) -> None:
    """Legend centred under the x-axis label, a fixed distance below the axes so it never overlaps them."""
    anchor = offset_copy(ax.transAxes, fig, y=-LEGEND_OFFSET_PT, units="points")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=anchor, ncols=ncols, fontsize=7)


# One language rule for every chart module.
_lang, _t = figures.lang_of, figures.pick


def _group_labels(values: pd.Series, by: str, lang: str) -> list[str]:
    kind = "section" if by == "section" else "department"
    width = WRAP_ZH if lang == "zh" else WRAP_EN
    return [figures.wrap_label(v, width) for v in lb.names(values, kind, lang)]


def _figure(n_rows: int):
    width = figures.SIZES["page"][0]
    height = max(2.2, 1.1 + ROW_HEIGHT * n_rows)
    return figures.new_figure("page", aspect=height / width)


def plot_status_by(table: pd.DataFrame, params_or_lang, by: str = "lead_department", quarter: str | None = None):
    """Stacked horizontal bars: tasks per progress status for each department or section.

    Args:
        table: The tidy result of :func:`qpanalysis.analysis.quarterly.status_by`.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
        by: ``"lead_department"`` or ``"section"`` (the group column of ``table``).
        quarter: Named in the title when given.
    """
    lang = _lang(params_or_lang)
    keys = ["section_no", "section"] if by == "section" else [by]
    wide = table.pivot_table(index=keys, columns="status", values="n_tasks", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(STATUSES), fill_value=0)
    if by == "lead_department":  # most rated (not "no data") tasks on top, then most tasks
        rated = wide.drop(columns=STATUS_NO_DATA).sum(axis=1)
        wide = wide.assign(_r=rated, _t=wide.sum(axis=1)).sort_values(["_r", "_t"], ascending=False).drop(columns=["_r", "_t"])
    names = wide.index.get_level_values(keys[-1]).to_series()
    labels = _group_labels(names, by, lang)
    fig, ax = _figure(len(wide))
    y = np.arange(len(wide))
    left = np.zeros(len(wide))
    for status in STATUSES:
        values = wide[status].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=STATUS_COLORS[status], label=lb.label("progress_status", status, lang),
                edgecolor="white", linewidth=0.5, height=0.7)
        for yi, (l0, v) in enumerate(zip(left, values)):
            if v > 0 and status != STATUS_NO_DATA:
                ax.text(l0 + v / 2, yi, f"{int(v)}", ha="center", va="center", fontsize=6,
                        color="white" if status in (STATUS_AHEAD, STATUS_BEHIND, STATUS_DONE) else "black")
        left += values
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(_t(lang, "任务数（项）", "Tasks (number)"))
    ax.set_xlim(0, left.max() * 1.02 if left.max() else 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    group = _t(lang, "牵头部门", "lead department") if by == "lead_department" else _t(lang, "板块", "section")
    when = f"{quarter_label(quarter, lang)}" if quarter else ""
    ax.set_title(_t(lang, f"{when}各{group}任务进度状态", f"Progress status of tasks by {group}" + (f", {when}" if when else "")))
    _legend_below(fig, ax, 3)
    ax.grid(axis="y", visible=False)
    return fig


def plot_milestones_due(table: pd.DataFrame, params_or_lang, by: str = "section", quarter: str = "Q3"):
    """Stacked horizontal bars: milestones falling due in the quarter, by kind of target.

    Args:
        table: The result of :func:`qpanalysis.analysis.quarterly.due_summary`.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
        by: ``"section"`` or ``"lead_department"``.
        quarter: The quarter, for the title.
    """
    lang = _lang(params_or_lang)
    labels = _group_labels(table[by], by, lang)
    fig, ax = _figure(len(table))
    y = np.arange(len(table))
    left = np.zeros(len(table))
    for kind in (KIND_PERCENT, KIND_QUANTITY, KIND_QUALITATIVE):
        values = table[f"n_{kind}"].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=KIND_COLORS[kind], label=lb.label("target_kind", kind, lang),
                edgecolor="white", linewidth=0.5, height=0.7)
        left += values
    for yi, total in enumerate(left):
        ax.text(total + 0.15, yi, f"{int(total)}", va="center", fontsize=7)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() * 1.12 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(_t(lang, "到期里程碑数（个）", "Milestones due (number)"))
    group = _t(lang, "板块", "section") if by == "section" else _t(lang, "牵头部门", "lead department")
    ax.set_title(_t(lang, f"{quarter_label(quarter, lang)}到期的里程碑（按{group}）",
                    f"Milestones due in the {quarter_label(quarter, lang)}, by {group}"))
    _legend_below(fig, ax, 3)
    ax.grid(axis="y", visible=False)
    return fig


def plot_expected_pct(table: pd.DataFrame, params_or_lang, quarter: str = "Q3", as_of=None):
    """Horizontal bars: expected completion of each task with a numeric target at a date.

    Percent tasks show the expected percentage; quantity tasks the expected quantity as a
    share of their largest quantity target (hatched, with the quantity written beside).

    Args:
        table: The result of :func:`qpanalysis.analysis.quarterly.expected_pct`.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
        quarter: The quarter, for the title.
        as_of: The date, for the title.
    """
    lang = _lang(params_or_lang)
    data = table.loc[table["target_kind"].isin(NUMERIC_KINDS)].sort_values(["expected_share", "task_id"])
    width = WRAP_ZH + 4 if lang == "zh" else WRAP_EN
    labels = [figures.wrap_label(f"{t}. {n}" if lang == "en" else f"{t} {n}", width)
              for t, n in zip(data["task_id"], lb.names(data["name"], "task", lang))]
    fig, ax = _figure(len(data))
    y = np.arange(len(data))
    is_qty = (data["target_kind"] == KIND_QUANTITY).to_numpy()
    ax.barh(y[~is_qty], data["expected_share"].to_numpy()[~is_qty], color=figures.PALETTE[0], height=0.65,
            label=lb.label("target_kind", KIND_PERCENT, lang))
    ax.barh(y[is_qty], data["expected_share"].to_numpy()[is_qty], color="white", edgecolor=figures.PALETTE[1],
            hatch="////", height=0.65,
            label=lb.label("target_kind", KIND_QUANTITY, lang) + _t(lang, "（占全年数量的比例）", " (share of the year's quantity)"))
    for yi, row in zip(y, data.itertuples(index=False)):
        if row.target_kind == KIND_QUANTITY:
            text = f"{row.expected_quantity:g}/{row.final_quantity:g} {row.quantity_unit}" if lang == "zh" else \
                f"{row.expected_quantity:g} of {row.final_quantity:g} {lb.label('unit', row.quantity_unit, lang)}"
        else:
            text = f"{row.expected_share:g}%"
        ax.text(row.expected_share + 1.5, yi, text, va="center", fontsize=6.5)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(_t(lang, "应达到的完成度（%）", "Expected completion (%)"))
    when = "" if as_of is None else (f"（截至{pd.Timestamp(as_of).month}月{pd.Timestamp(as_of).day}日）" if lang == "zh"
                                     else f" ({pd.Timestamp(as_of):%d %b %Y})")
    ax.set_title(_t(lang, f"{quarter_label(quarter, lang)}末各任务应达到的进度{when}",
                    f"Expected progress at the end of the {quarter_label(quarter, lang)}{when}"))
    _legend_below(fig, ax, 2)
    ax.grid(axis="y", visible=False)
    return fig


def close(fig) -> None:
    """Close a figure that was not saved (e.g. in tests)."""
    plt.close(fig)
