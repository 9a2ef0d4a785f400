"""Charts of the quarterly report: milestones due, expected progress, progress status."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.transforms import offset_copy

from qpanalysis.charts import style as figures
from qpanalysis.codes import NUMERIC_KINDS, STATUSES, Period, Reading, Status, TargetKind
from qpanalysis.display import labels as lb
from qpanalysis.display import messages as msg
from qpanalysis.display.findings.quarterly import EARLY_DUE_MARK, early_due_note

# One colour per status, the same in every chart and report, from the Okabe–Ito palette:
# green = done, blue = ahead, sky blue = on track, vermillion = behind (the one a reader
# must spot), reddish purple = no numeric target. "No data" is a neutral light grey, not a
# hue, so that missing reports recede behind the rated tasks.
STATUS_COLORS = {
    Status.DONE: figures.PALETTE[2],
    Status.AHEAD: figures.PALETTE[0],
    Status.ON_TRACK: figures.PALETTE[4],
    Status.BEHIND: figures.PALETTE[3],
    Status.NO_TARGET: figures.PALETTE[5],
    Status.NO_DATA: "#C8C8C8",
}
# Colours of the milestone kinds (numeric targets strong, qualitative texts muted).
KIND_COLORS = {TargetKind.PERCENT: figures.PALETTE[0], TargetKind.QUANTITY: figures.PALETTE[1],
               TargetKind.QUALITATIVE: "#B0B0B0"}
# Line widths of a wrapped label on the category axis: (full-width characters of East
# Asian text, letters of Latin text), see figures.fit_label; task labels get 4 more
# characters of East Asian text.
WRAP = (12, 30)
WRAP_TASK = (16, 30)
# Distance (points) from the bottom of the axes to the legend: clears the tick labels and the
# x-axis label (about 9 + 12 points at the package style's font sizes).
LEGEND_OFFSET_PT = 30
# Height of one bar row in inches; keeps 12–41 rows readable on a page-wide figure.
ROW_HEIGHT = 0.28
# A task due before the plan year (as written): a light fill with a dense hatch, so it reads
# as "not like the others" in colour and in black and white.
EARLY_DUE_STYLE = {"color": "#EEEEEE", "edgecolor": "#777777", "hatch": "xx", "linewidth": 0.4}
# Markers of the expected completion under an alternative reading (hollow, drawn over the bars).
READING_MARKERS = {Reading.DUE_IN_PLAN_YEAR: ("o", figures.PALETTE[3]), Reading.H1_LITERAL: ("D", figures.PALETTE[5])}
# Line widths of the note under a chart (it spans the figure's width).
NOTE_WRAP = (58, 110)


def _legend_below(fig, ax, ncols: int, bars_first: bool = False):
    """Legend centred under the x-axis label, a fixed distance below the axes so it never overlaps them.

    With ``bars_first`` the bars' entries come before the markers' (matplotlib lists
    scatter markers first).
    """
    anchor = offset_copy(ax.transAxes, fig, y=-LEGEND_OFFSET_PT, units="points")
    handles, labels = ax.get_legend_handles_labels()
    if bars_first:
        order = sorted(range(len(handles)), key=lambda i: not hasattr(handles[i], "patches"))
        handles, labels = [handles[i] for i in order], [labels[i] for i in order]
    return ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=anchor,
                     ncols=ncols, fontsize=7)


def _note_below(ax, legend, text: str, lang: str) -> None:
    """A note under the legend, from the figure's left edge: it moves with the legend, so it never overlaps it."""
    wrapped = figures.fit_label(text, *figures.scaled_wrap(NOTE_WRAP, ax.figure))
    ax.annotate(wrapped, xy=(0.02, 0), xycoords=("figure fraction", legend), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=6.5, color="#333333",
                annotation_clip=False)


def _early(table: pd.DataFrame, column: str) -> pd.Series:
    """Which rows count a task due before the plan year (False when the table does not say)."""
    if column not in table:
        return pd.Series(False, index=table.index)
    values = table[column]
    return values.astype(bool) if values.dtype == bool else values.fillna(0).astype(float) > 0


def _marked(label: str, early: bool) -> str:
    return f"{label}{EARLY_DUE_MARK}" if early else label


# One language rule for every chart module.
_lang = figures.lang_of


def _group_word(by: str, lang: str) -> str:
    """What a chart's bars are grouped by, for its title: 板块 / section, 牵头部门 / lead department."""
    return msg.text("chart.group.section" if by == "section" else "chart.group.lead_department", lang)


def _finish_bars(ax, legend, early, lang: str) -> None:
    """Under the legend, the note on tasks due before the plan year when a bar counts one; no grid across the bars."""
    if early.any():
        _note_below(ax, legend, early_due_note((), (), lang), lang)
    ax.grid(axis="y", visible=False)


def _group_labels(values: pd.Series, by: str, lang: str) -> list[str]:
    kind = "section" if by == "section" else "department"
    return [figures.fit_label(v, *figures.label_wrap(WRAP)) for v in lb.names(values, kind, lang)]


def _figure(n_rows: int):
    width = figures.SIZES["page"][0]
    # Narrower than the page, labels wrap onto more lines: rows get taller.
    row = ROW_HEIGHT if figures.label_wrap(WRAP) == WRAP else ROW_HEIGHT * 1.5
    height = max(2.2, 1.1 + row * n_rows)
    return figures.new_figure("page", aspect=height / width)


def plot_status_by(table: pd.DataFrame, params_or_lang, by: str = "lead_department", quarter: str | None = None):
    """Stacked horizontal bars: tasks per progress status for each department or section.

    A group that counts a task due before the plan year is marked ‡, with a note under
    the legend: read as written, such a task is expected at its last target all year.

    Args:
        table: The tidy result of :func:`qpanalysis.analysis.progress.status_by`.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
        by: ``"lead_department"`` or ``"section"`` (the group column of ``table``).
        quarter: Named in the title when given.
    """
    lang = _lang(params_or_lang)
    keys = ["section_no", "section"] if by == "section" else [by]
    wide = table.pivot_table(index=keys, columns="status", values="n_tasks", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=list(STATUSES), fill_value=0)
    early = table.assign(_e=_early(table, "n_before_plan_year")).groupby(keys)["_e"].any().reindex(wide.index)
    if by == "lead_department":  # most rated (not "no data") tasks on top, then most tasks
        rated = wide.drop(columns=Status.NO_DATA).sum(axis=1)
        order = wide.assign(_r=rated, _t=wide.sum(axis=1)).sort_values(["_r", "_t"], ascending=False).index
        wide, early = wide.loc[order], early.loc[order]
    names = wide.index.get_level_values(keys[-1]).to_series()
    labels = [_marked(label, bool(e)) for label, e in zip(_group_labels(names, by, lang), early)]
    fig, ax = _figure(len(wide))
    y = np.arange(len(wide))
    left = np.zeros(len(wide))
    for status in STATUSES:
        values = wide[status].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=STATUS_COLORS[status], label=lb.label("progress_status", status, lang),
                edgecolor="white", linewidth=0.5, height=0.7)
        for yi, (l0, v) in enumerate(zip(left, values)):
            if v > 0 and status != Status.NO_DATA:
                ax.text(l0 + v / 2, yi, f"{int(v)}", ha="center", va="center", fontsize=6,
                        color="white" if status in (Status.AHEAD, Status.BEHIND, Status.DONE) else "black")
        left += values
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(msg.text("chart.axis.tasks", lang))
    ax.set_xlim(0, left.max() * 1.02 if left.max() else 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    group = _group_word(by, lang)
    if quarter:
        ax.set_title(msg.text("chart.quarterly.status.title_quarter", lang, group=group, quarter=lb.quarter_name(quarter, lang)))
    else:
        ax.set_title(msg.text("chart.quarterly.status.title", lang, group=group))
    _finish_bars(ax, _legend_below(fig, ax, 3), early, lang)
    return fig


def plot_milestones_due(table: pd.DataFrame, params_or_lang, by: str = "section", quarter: str = Period.Q3):
    """Stacked horizontal bars: milestones falling due in the quarter, by kind of target.

    Milestones counted only because their task's due month precedes the plan year are
    outlined and hatched at the end of their bar, the group is marked ‡, and a note
    under the legend says why.

    Args:
        table: The result of :func:`qpanalysis.analysis.quarterly.due_summary`.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
        by: ``"section"`` or ``"lead_department"``.
        quarter: The quarter, for the title.
    """
    lang = _lang(params_or_lang)
    early = _early(table, "n_before_plan_year").to_numpy()
    labels = [_marked(label, e) for label, e in zip(_group_labels(table[by], by, lang), early)]
    fig, ax = _figure(len(table))
    y = np.arange(len(table))
    left = np.zeros(len(table))
    for kind in (TargetKind.PERCENT, TargetKind.QUANTITY, TargetKind.QUALITATIVE):
        values = table[f"n_{kind}"].to_numpy(dtype=float)
        flagged = table[f"n_{kind}_before_plan_year"].to_numpy(dtype=float) if early.any() else np.zeros(len(table))
        ax.barh(y, values - flagged, left=left, color=KIND_COLORS[kind], label=lb.label("target_kind", kind, lang),
                edgecolor="white", linewidth=0.5, height=0.7)
        if flagged.any():  # the kind's colour, cross-hatched: counted here only because of the due month
            ax.barh(y, flagged, left=left + values - flagged, color=KIND_COLORS[kind], hatch="xx",
                    edgecolor="white", linewidth=0.5, height=0.7)
        left += values
    if early.any():
        ax.barh([0], [0], color="#EEEEEE", edgecolor="#777777", hatch="xx", linewidth=0.4,
                label=msg.text("chart.quarterly.due.early", lang, mark=EARLY_DUE_MARK))
    for yi, total in enumerate(left):
        ax.text(total + 0.15, yi, f"{int(total)}", va="center", fontsize=7)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() * 1.12 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(msg.text("chart.quarterly.due.xlabel", lang))
    ax.set_title(msg.text("chart.quarterly.due.title", lang, quarter=lb.quarter_name(quarter, lang),
                          group=_group_word(by, lang)))
    _finish_bars(ax, _legend_below(fig, ax, 2 if early.any() else 3), early, lang)
    return fig


def _alternative_shares(data: pd.DataFrame, alternatives: dict | None) -> dict[str, pd.Series]:
    """Expected shares under each alternative reading, where they differ from the plotted (default) ones."""
    out = {}
    for reading, table in (alternatives or {}).items():
        if reading == Reading.DEFAULT:
            continue
        other = table.set_index("task_id")["expected_share"].reindex(data["task_id"]).to_numpy()
        differs = ~np.isclose(other, data["expected_share"].to_numpy(), equal_nan=True) & ~np.isnan(other)
        out[reading] = pd.Series(np.where(differs, other, np.nan), index=data.index)
    return out


def plot_expected_pct(table: pd.DataFrame, params_or_lang, quarter: str = Period.Q3, as_of=None,
                      alternatives: dict | None = None):
    """Horizontal bars: expected completion of each task with a numeric target at a date.

    Percent tasks show the expected percentage; quantity tasks the expected quantity as a
    share of their largest quantity target (hatched, with the quantity written beside).
    A task due before the plan year (``due_before_plan_year``) is never ranked with the
    others: it is drawn apart at the bottom, grey and cross-hatched, marked ‡, with a note
    under the legend. Where an alternative reading of the rules gives another expected
    completion, a hollow marker shows it beside the bar.

    Args:
        table: The result of :func:`qpanalysis.analysis.quarterly.expected_pct`.
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
        quarter: The quarter, for the title.
        as_of: The date, for the title.
        alternatives: Reading code → the result of ``expected_pct`` under that reading
            (``codes.READINGS``); the default reading is the bars and is skipped here.
    """
    lang = _lang(params_or_lang)
    data = table.loc[table["target_kind"].isin(NUMERIC_KINDS)].copy()
    data["_early"] = _early(data, "due_before_plan_year")
    # Early tasks first (they are drawn at the bottom), then the others by expected completion, largest on top.
    data = data.sort_values(["_early", "expected_share", "task_id"], ascending=[False, True, True])
    early = data["_early"].to_numpy()
    labels = [_marked(figures.fit_label(msg.text("chart.task_label", lang, task_id=t, name=n), *figures.label_wrap(WRAP_TASK)), e)
              for t, n, e in zip(data["task_id"], lb.names(data["name"], "task", lang), early)]
    fig, ax = _figure(len(data))
    y = np.arange(len(data))
    is_qty = (data["target_kind"] == TargetKind.QUANTITY).to_numpy()
    share = data["expected_share"].to_numpy()
    plain = ~early
    ax.barh(y[plain & ~is_qty], share[plain & ~is_qty], color=figures.PALETTE[0], height=0.65,
            label=lb.label("target_kind", TargetKind.PERCENT, lang))
    ax.barh(y[plain & is_qty], share[plain & is_qty], color="white", edgecolor=figures.PALETTE[1],
            hatch="////", height=0.65,
            label=msg.text("chart.quarterly.expected.quantity_kind", lang,
                           kind=lb.label("target_kind", TargetKind.QUANTITY, lang)))
    if early.any():
        ax.barh(y[early], share[early], height=0.65, **EARLY_DUE_STYLE,
                label=msg.text("chart.quarterly.expected.early", lang, mark=EARLY_DUE_MARK))
        ax.axhline(early.sum() - 0.5, color="#888888", linewidth=0.6, linestyle="--")
    for yi, row in zip(y, data.itertuples(index=False)):
        if row.target_kind == TargetKind.QUANTITY:
            text = msg.text("chart.quarterly.expected.quantity_of", lang, done=msg.number(row.expected_quantity, lang),
                            total=msg.number(row.final_quantity, lang), unit=lb.label("unit", row.quantity_unit, lang))
        else:
            text = f"{row.expected_share:g}%"
        ax.text(row.expected_share + 1.5, yi, text, va="center", fontsize=6.5)
    for reading, values in _alternative_shares(data, alternatives).items():
        shown = values.notna().to_numpy()
        if shown.any():
            marker, colour = READING_MARKERS[reading]
            ax.scatter(values.to_numpy()[shown], y[shown], marker=marker, s=22, facecolors="none", edgecolors=colour,
                       linewidths=1.1, zorder=3, label=msg.text("chart.quarterly.expected.alternative", lang,
                                                              reading=lb.label("reading", reading, lang)))
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(msg.text("chart.quarterly.expected.xlabel", lang))
    if as_of is None:
        ax.set_title(msg.text("chart.quarterly.expected.title", lang, quarter=lb.quarter_name(quarter, lang)))
    else:
        ax.set_title(msg.text("chart.quarterly.expected.title_as_of", lang, quarter=lb.quarter_name(quarter, lang),
                              date=msg.date(as_of, lang, "format.date.day_month")))
    n_entries = len(ax.get_legend_handles_labels()[0])
    legend = _legend_below(fig, ax, 2 if n_entries <= 3 else 1, bars_first=True)
    if early.any():
        flagged = data.loc[data["_early"]]
        raws = flagged["due_raw"] if "due_raw" in flagged else [""] * len(flagged)
        _note_below(ax, legend, early_due_note(flagged["task_id"].tolist(), list(raws), lang), lang)
    ax.grid(axis="y", visible=False)
    return fig


def close(fig) -> None:
    """Close a figure that was not saved (e.g. in tests)."""
    plt.close(fig)
