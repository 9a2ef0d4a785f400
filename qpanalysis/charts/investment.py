"""Figures of the disclosed investment: by section, department, task (Pareto), town and disclosure."""

from __future__ import annotations

import matplotlib.ticker as mticker
import pandas as pd
from matplotlib import transforms as mtransforms
from matplotlib.transforms import offset_copy

from qpanalysis.charts import style as figures
from qpanalysis.codes import ALLOCATION_RULES as RULES, APPROX_SUFFIX, TOWN_BUCKETS as BUCKETS, Rule
from qpanalysis.display import labels as lb
from qpanalysis.display import messages as msg

# Unit of every amount: the list states them in 万元 (its label comes from data/reference).
AMOUNT_UNIT = "万元"
# One fixed colour per allocation rule, so every figure and paper reads the same. Equal
# splits get the orange that stands out: they are an assumption, not a fact of the list.
RULE_COLOURS = dict(zip(RULES, [figures.PALETTE[0], figures.PALETTE[2], figures.PALETTE[1],
                                figures.PALETTE[4], "#999999"]))
# Disclosed / not disclosed colours: blue for what is known, grey for the gap.
DISCLOSED_COLOUR = figures.PALETTE[0]
UNDISCLOSED_COLOUR = "#BBBBBB"
# Line widths of a wrapped section label: (full-width characters of East Asian text,
# letters of Latin text); see figures.fit_label.
WRAP_SECTION = (14, 30)
# Line widths of a department label: Chinese names have at most 12 characters per line.
WRAP_DEPARTMENT = (12, 30)
# Line widths of a task name under a Pareto bar: the bars are narrow.
WRAP_TASK = (6, 14)
# Line widths of the note under an investment figure: it spans the page width (175 mm) at 6.5 pt.
WRAP_NOTE = (72, 150)
# Distance (points) from the bottom of a panel to a legend under it: clears the tick labels and
# the axis label (about 9 + 12 points at the package style's font sizes).
LEGEND_OFFSET_PT = 30
# Tick label size of the Pareto tasks: Latin words are long, so a smaller size keeps them apart.
TASK_TICK_SIZE = (6.5, 6)


# One language rule for every chart module.
_lang = figures.lang_of


def undisclosed_tasks(n: int, lang: str) -> str:
    """How many tasks of a bar say "/": ``3项未披露`` or ``3 tasks undisclosed``.

    Example:
        >>> undisclosed_tasks(3, "zh"), undisclosed_tasks(1, "en"), undisclosed_tasks(12, "en")
        ('3项未披露', '1 task undisclosed', '12 tasks undisclosed')
    """
    return msg.text("chart.investment.undisclosed", lang, count=n)


def amount_label(value: float, lang: str, *, approx: bool = False, disclosed: int | None = None,
                 undisclosed: int = 0) -> str:
    """The label beside a bar of amounts: the amount, the tasks it adds up, and the tasks that say "/".

    An unknown amount (NaN: no task discloses one) has no bar and no figure, only the count
    of undisclosed tasks; it is never written as 0.

    Example:
        >>> amount_label(278138.0, "zh", disclosed=1, undisclosed=2)
        '278,138（1项）；2项未披露'
        >>> amount_label(float("nan"), "en", disclosed=0, undisclosed=5)
        '5 tasks undisclosed'
        >>> amount_label(71724.0, "en", approx=True, disclosed=2)
        '≈71,724 (2 tasks)'
    """
    parts = []
    if pd.notna(value):
        parts.append(format_wan(value, approx) + (msg.text("chart.investment.tasks", lang, count=disclosed) if disclosed else ""))
    if undisclosed:
        parts.append(undisclosed_tasks(undisclosed, lang))
    return msg.text("chart.investment.separator", lang).join(parts)


def format_wan(value: float, approx: bool = False) -> str:
    """Amount for a bar label: thousands separators, decimals only for small amounts; ≈ when approximate.

    Example:
        >>> format_wan(278138.0), format_wan(69.7), format_wan(23.2333), format_wan(0.0)
        ('278,138', '69.7', '23.23', '0')
        >>> format_wan(68916.0, approx=True)
        '≈68,916'
    """
    mark = lb.label("mark", "approx", "zh") if approx else ""
    if abs(value) >= 100:
        return f"{mark}{value:,.0f}"
    return mark + f"{value:,.2f}".rstrip("0").rstrip(".")


def approx_flags(table: pd.DataFrame, column: str) -> list[bool]:
    """Per row, whether ``column`` includes an approximate (约) amount (its ``…_approx`` flag).

    Example:
        >>> approx_flags(pd.DataFrame({"a": [1, 2], "a_approx": [True, False]}), "a")
        [True, False]
        >>> approx_flags(pd.DataFrame({"a": [1]}), "a")
        [False]
    """
    flag = f"{column}{APPROX_SUFFIX}"
    if flag not in table:
        return [False] * len(table)
    return [bool(v) for v in table[flag].fillna(False)]


def add_investment_note(fig, lang: str, approx: bool = True, unknown: bool = False, extra=()):
    """Write under a figure of amounts what 总投资 is, what ≈ marks (``approx``) and that an
    unknown amount has no bar (``unknown``), then any ``extra`` parts.

    The note sits below everything drawn so far; :func:`qpanalysis.charts.style.save_figure`
    puts the source line under it.
    """
    parts = [msg.text("chart.investment.note.total_investment", lang)]
    if approx:
        parts.append(msg.text("chart.investment.note.approx", lang))
    if unknown:
        parts.append(msg.text("chart.investment.note.unknown_amount", lang))
    parts.extend(extra)
    text = msg.text("chart.investment.note", lang, parts=msg.text("chart.investment.separator", lang).join(parts))
    fig.draw_without_rendering()
    bbox = fig.get_tightbbox()
    width, height = fig.get_size_inches()
    # English is wrapped at spaces even where it quotes a Chinese word (约): the share of
    # wide characters, not their presence, decides
    wrapped = figures.fit_label(text, *figures.scaled_wrap(WRAP_NOTE, fig))
    return fig.text(bbox.x0 / width, bbox.y0 / height, wrapped,
                    transform=offset_copy(fig.transFigure, fig, y=-4, units="points"),
                    ha="left", va="top", fontsize=6.5, color="#444444")


def _amount_axis(ax, lang: str, axis: str = "x", known: bool = True) -> None:
    """Label the amount axis; with no ``known`` amount at all it has no scale, so no ticks."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    if not known:
        target.set_major_locator(mticker.NullLocator())
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)(lb.with_unit(msg.text("chart.investment.axis.amount", lang),
                                                                AMOUNT_UNIT, lang))


def _barh_values(ax, positions, values, right_edge, texts=None, room: float = 1.22) -> None:
    """Write each bar's value just right of it (at 0 where the amount is unknown: no bar);
    the axis is widened by ``room`` to make room for the longest label."""
    for y, value, text in zip(positions, values, texts or [format_wan(v) for v in values]):
        ax.annotate(text, (value if pd.notna(value) else 0.0, y), xytext=(3, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=6.5, color="#333333" if pd.notna(value) else "#666666")
    ax.set_xlim(0, right_edge * room if pd.notna(right_edge) and right_edge > 0 else 1)


def _known_bars(ax, positions, values, **style) -> None:
    """Horizontal bars of the known amounts only: an unknown (NaN) amount gets no bar, not a zero one."""
    known = [(y, v) for y, v in zip(positions, values) if pd.notna(v)]
    if known:
        ax.barh([y for y, _ in known], [v for _, v in known], **style)


def _amount_bars(fig, ax, data: pd.DataFrame, labels, undisclosed, lang: str, *, title: str, extra=()) -> None:
    """Horizontal bars of ``investment_wan``, one per row of ``data`` (bottom to top), with the
    figure's words: each bar's label (amount, tasks it adds up, ``undisclosed`` tasks saying "/"),
    the amount axis, ``title`` and the note under the figure. An unknown amount gets no bar and
    no figure, only its count of undisclosed tasks.
    """
    y = range(len(data))
    amounts = data["investment_wan"]
    _known_bars(ax, y, amounts, color=DISCLOSED_COLOUR, height=0.65)
    approx = approx_flags(data, "investment_wan")
    texts = [amount_label(v, lang, approx=a, disclosed=d, undisclosed=n)
             for v, d, n, a in zip(amounts, data["tasks_disclosed"], undisclosed, approx)]
    _barh_values(ax, y, amounts, amounts.max(), texts, room=1.5)
    ax.set_yticks(list(y), labels)
    ax.grid(axis="y", visible=False)
    ax.set_ylim(-0.6, max(len(data), 1) - 0.4)
    _amount_axis(ax, lang, known=bool(amounts.notna().any()))
    ax.set_title(title)
    add_investment_note(fig, lang, any(approx), unknown=bool(amounts.isna().any()), extra=extra)


def task_labels(tasks: pd.DataFrame, lang: str, width: tuple[int, int] | None = None) -> pd.Series:
    """``"3 推进全域土地综合整治"`` (zh) or ``"3 Comprehensive land consolidation"`` (en).

    With ``width`` (East Asian, Latin line widths: figures.fit_label), the number goes on a
    line of its own and the name is wrapped.
    """
    shown = pd.Series(lb.names(tasks["name"], "task", lang), index=tasks.index)
    if width is None:
        return tasks["task_id"].astype(str) + " " + shown
    return tasks["task_id"].astype(str) + "\n" + shown.map(lambda n: figures.fit_label(n, *width))


def section_labels(sections: pd.DataFrame, lang: str) -> pd.Series:
    """Section number and title in ``lang`` (``"1 强化乡村规划引领先导"``)."""
    shown = pd.Series(lb.names(sections["section"], "section", lang), index=sections.index)
    return sections["section_no"].astype(str) + " " + shown


def plot_investment_by_section(table: pd.DataFrame, params_or_lang):
    """Horizontal bars of disclosed investment per section (from ``investment_by_section``)."""
    lang = _lang(params_or_lang)
    fig, ax = figures.new_figure("page", aspect=0.5)
    data = table.sort_values("section_no", ascending=False)
    labels = [figures.fit_label(s, *figures.label_wrap(WRAP_SECTION)) for s in section_labels(data, lang)]
    _amount_bars(fig, ax, data, labels, data["tasks_not_disclosed"], lang,
                 title=msg.text("chart.investment.section.title", lang))
    return fig


def plot_investment_by_department(table: pd.DataFrame, params_or_lang, *, disclosed_only: bool = True):
    """Horizontal bars of disclosed investment per lead department (``investment_by_department``)."""
    lang = _lang(params_or_lang)
    unknown = table["investment_wan"].isna()
    data = table[~unknown] if disclosed_only else table
    data = data.iloc[::-1]
    fig, ax = figures.new_figure("page", aspect=0.12 + 0.075 * max(len(data), 1))
    labels = [figures.fit_label(n, *figures.label_wrap(WRAP_DEPARTMENT)) for n in lb.names(data["department"], "department", lang)]
    silent = data["tasks_not_disclosed"] if "tasks_not_disclosed" in data else [0] * len(data)
    left_out = table[unknown] if disclosed_only else table.iloc[0:0]
    extra = [msg.text("chart.investment.note.undisclosed_departments", lang, departments=len(left_out),
                      tasks=int(left_out["tasks"].sum()))] if len(left_out) else []
    _amount_bars(fig, ax, data, labels, silent, lang, title=msg.text("chart.investment.department.title", lang),
                 extra=extra)
    return fig


def plot_pareto(table: pd.DataFrame, params_or_lang):
    """Pareto view of the tasks with a disclosed amount (``largest_tasks``): bars and cumulative share."""
    lang = _lang(params_or_lang)
    fig, ax = figures.new_figure("page", aspect=0.62)
    x = list(range(len(table)))
    labels = list(task_labels(table, lang, width=WRAP_TASK))
    narrow = not figures.is_page_wide(fig)
    if narrow:  # a column has room under each bar for the task's number only (the names are in the table)
        labels = [str(task_id) for task_id in table["task_id"]]
    bars = ax.bar(x, table["investment_wan"], color=DISCLOSED_COLOUR, width=0.7)
    for rect, value, approx in zip(bars, table["investment_wan"], approx_flags(table, "investment_wan")):
        text = format_wan(value, approx)
        ax.annotate(text, (rect.get_x() + rect.get_width() / 2, value), xytext=(0, 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=6.5,
                    rotation=90 if narrow else 0)
    ax.set_xticks(x, labels)
    ax.tick_params(axis="x", labelsize=figures.by_script("".join(labels), *TASK_TICK_SIZE))
    ax.set_xlim(-0.5, len(table) - 0.5)
    ax.grid(axis="x", visible=False)
    ax.set_ylim(0, table["investment_wan"].max() * 1.12)
    _amount_axis(ax, lang, axis="y")
    ax.set_xlabel(msg.text("chart.investment.pareto.xlabel", lang))
    share = ax.twinx()
    share.plot(x, table["cumulative_share"] * 100, color=figures.PALETTE[3], marker="o", markersize=3,
               linewidth=1.2, label=msg.text("chart.investment.pareto.cumulative", lang))
    share.set_ylim(0, 105)
    share.yaxis.set_major_formatter(mticker.PercentFormatter(decimals=0))
    share.set_ylabel(msg.text("chart.investment.pareto.cumulative_axis", lang))
    share.spines["right"].set_visible(True)
    share.grid(False)
    first = table.iloc[0]
    share.annotate(
        msg.text("chart.investment.pareto.first", lang, task_id=first["task_id"],
                 share=msg.number(first["share"] * 100, lang, "0.0")),
        (0, first["cumulative_share"] * 100), xytext=(0.42, first["cumulative_share"] * 100 - 2),
        textcoords="data", fontsize=7,
        color=figures.PALETTE[3], va="top",
    )
    ax.set_title(msg.text("chart.investment.pareto.title", lang))
    add_investment_note(fig, lang, any(approx_flags(table, "investment_wan")))
    return fig


def plot_investment_by_town(table: pd.DataFrame, params_or_lang):
    """Allocated investment per town, stacked by allocation rule, with each town's mix of rules.

    The left panel shows amounts (万元); the right one the share of each town's amount
    that each rule put there, so a reader sees what rests on an equal split even where
    the bar is too short to see.

    Args:
        table: Output of ``investment_by_town`` (towns, then the two buckets).
        params_or_lang: NotebookParams or ``"zh"``/``"en"``.
    """
    lang = _lang(params_or_lang)
    data = table.iloc[::-1].reset_index(drop=True)
    if figures.label_wrap(WRAP_SECTION) == WRAP_SECTION:  # page wide: the panels side by side
        fig, (ax, mix) = figures.new_figure("page", aspect=0.2 + 0.055 * len(data), ncols=2, sharey=True,
                                            gridspec_kw={"width_ratios": [2.3, 1]})
    else:  # narrower (a column): the amounts above, the mix of rules below, each as wide as the figure
        height = 2 * (0.8 + 0.24 * len(data))
        fig, (ax, mix) = figures.new_figure("page", aspect=height / figures.SIZES["page"][0], nrows=2, sharey=True)
    y = list(range(len(data)))
    rules = [r for r in RULES if r in data and (data[r] > 0).any()]
    left = pd.Series(0.0, index=data.index)
    share_left = pd.Series(0.0, index=data.index)
    total = data["total_wan"].where(data["total_wan"] > 0)
    for rule in rules:
        style = {"color": RULE_COLOURS[rule], "height": 0.65, "edgecolor": "white", "linewidth": 0.3,
                 "hatch": "///" if rule == Rule.EQUAL_SPLIT else None}
        drawn = data[rule].notna()  # a rule that put no money in a town draws nothing there
        ax.barh([y[i] for i in data.index[drawn]], data.loc[drawn, rule], left=left[drawn],
                label=lb.label("allocation_rule", rule, lang), **style)
        share = data[rule] / total * 100
        mix.barh([y[i] for i in data.index[drawn]], share[drawn], left=share_left[drawn], **style)
        left = left + data[rule].fillna(0.0)
        share_left = share_left + share.fillna(0.0)
    silent = data["tasks_not_disclosed"] if "tasks_not_disclosed" in data else [0] * len(data)
    _barh_values(ax, y, data["total_wan"], data["total_wan"].max(),
                 [amount_label(v, lang, approx=a, undisclosed=n)
                  for v, a, n in zip(data["total_wan"], approx_flags(data, "total_wan"), silent)],
                 room=1.4 if "tasks_not_disclosed" in data else 1.22)
    ax.set_yticks(y, lb.names(data["town"], "town", lang))
    buckets = data["town"].isin(BUCKETS)
    if buckets.any() and (~buckets).any():
        for axis in (ax, mix):
            axis.axhline(buckets[buckets].index.max() + 0.5, color="#666666", linewidth=0.6, linestyle="--")
    for axis in (ax, mix):
        axis.grid(axis="y", visible=False)
    side_by_side = mix.get_position().y0 == ax.get_position().y0
    # The amount panel is narrow: few ticks, no collisions (fewer still in a column, where the labels take half).
    ax.xaxis.set_major_locator(mticker.MaxNLocator(5 if side_by_side else 2))
    _amount_axis(ax, lang, known=bool(data["total_wan"].notna().any()))
    ax.set_ylim(-0.6, len(data) - 0.4)
    mix.set_xlim(0, 100)
    mix.xaxis.set_major_locator(mticker.MultipleLocator(50))
    mix.xaxis.set_major_formatter(mticker.PercentFormatter(decimals=0))
    mix.set_xlabel(msg.text("chart.investment.town.mix_axis", lang))
    mix.tick_params(axis="y", left=False)
    # Inside the amount panel, where only the short bars of the smaller towns are: a
    # figure-level legend below the axes collides with the source note save_figure adds.
    if rules and side_by_side:
        ax.legend(title=msg.text("chart.investment.town.legend", lang), loc="center right")
    elif rules:  # in a column the amount panel has no room inside: under the lower panel's axis label, from the left
        below = mtransforms.blended_transform_factory(
            fig.transFigure, mtransforms.offset_copy(mix.transAxes, fig, y=-LEGEND_OFFSET_PT, units="points"))
        mix.legend(*ax.get_legend_handles_labels(), title=msg.text("chart.investment.town.legend", lang),
                   loc="upper left", bbox_to_anchor=(0.01, 0), bbox_transform=below, alignment="left")
    fig.suptitle(msg.text("chart.investment.town.title", lang), x=0.01, ha="left", fontsize=9)
    add_investment_note(fig, lang, any(approx_flags(data, "total_wan")), unknown=bool(data["total_wan"].isna().any()))
    return fig


def plot_disclosure_by_section(table: pd.DataFrame, params_or_lang):
    """Stacked horizontal bars: tasks that disclose an amount and tasks that do not, per section."""
    lang = _lang(params_or_lang)
    fig, ax = figures.new_figure("page", aspect=0.5)
    data = table.sort_values("section_no", ascending=False)
    labels = [figures.fit_label(s, *figures.label_wrap(WRAP_SECTION)) for s in section_labels(data, lang)]
    y = list(range(len(data)))
    ax.barh(y, data["tasks_disclosed"], color=DISCLOSED_COLOUR, height=0.65,
            label=msg.text("chart.investment.disclosure.disclosed", lang))
    ax.barh(y, data["tasks_not_disclosed"], left=data["tasks_disclosed"], color=UNDISCLOSED_COLOUR, height=0.65,
            label=msg.text("chart.investment.disclosure.undisclosed", lang))
    for yy, d, n in zip(y, data["tasks_disclosed"], data["tasks_not_disclosed"]):
        if d:
            ax.text(d / 2, yy, str(d), ha="center", va="center", color="white", fontsize=6.5)
        if n:
            ax.text(d + n / 2, yy, str(n), ha="center", va="center", color="#222222", fontsize=6.5)
    ax.set_yticks(y, labels)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.set_xlabel(msg.text("chart.axis.tasks", lang))
    ax.legend(loc="lower right")
    ax.set_title(msg.text("chart.investment.disclosure.title", lang))
    return fig
