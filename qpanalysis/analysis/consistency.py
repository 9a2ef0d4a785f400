"""Place names that disagree between a task's fields: one 单元, 片区, 村 or town in one field, another in the others."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from qpanalysis.codes import PLACE_KINDS
from qpanalysis.ingest.fields import header, period_fields
from qpanalysis.ingest.layout import COLUMNS
from qpanalysis.ingest.reference import Reference, load_reference

# The fields read for place names, as published: what the task is, where, and its steps.
# 资金来源 and 建设标准 are left out: they cite funding rules and documents (区分青西三镇加白鹤…)
# that name places the task does not work in.
FIELDS = (*map(header, ("name", "goal", "content", "scale", "scope")), *(f.header for f in period_fields().values()))
# Fields read as one: the milestones are successive steps of one piece of work, so one
# place in the H1 target and another in the Q3 target do not disagree.
FIELD_GROUPS = {field.header: "milestones" for field in period_fields().values()}
# The word that ends a name of each kind below the town; towns come from the reference.
SUFFIXES = {"unit": "单元", "area": "片区", "village": "村"}
# Kinds whose names must follow a town (练塘镇东庄村): 村 also ends common words (乡村, 农村,
# 行政村, 示范村), so a village without its town is not told from them.
AFTER_TOWN_ONLY = ("village",)
# A name's own part is the two characters before its suffix (山深单元, 商榻片区), after an
# optional town (金泽山深单元, 金泽镇商榻片区); a longer name is compared by its last two.
CORE = r"[\u4e00-\u9fff]{2}"
# Two-character words before 片区/单元 that describe rather than name (试点片区, 和美乡村片区,
# 设施农业片区), and characters of counting words (每个片区, 两个单元): not a name.
GENERIC_CORES = ("试点", "乡村", "农村", "农业", "设施", "和美", "示范", "重点", "相关", "首批", "各类", "区域", "城市")
COUNTING = re.compile(r"[个每各两几该本其全整]")


@lru_cache(maxsize=8)
def _patterns(forms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict[str, re.Pattern]]:
    towns = "|".join(re.escape(f) for f, _ in sorted(forms, key=lambda p: -len(p[0])))
    by_kind = {}
    for kind, suffix in SUFFIXES.items():
        town = f"(?P<town>{towns})" + ("" if kind in AFTER_TOWN_ONLY else "?")
        by_kind[kind] = re.compile(f"{town}(?P<core>{CORE})?{suffix}")
    return re.compile(towns), by_kind


def place_mentions(text: str, reference: Reference | None = None) -> list[tuple[str, str, str]]:
    """The place names a text mentions, as ``(kind, key, as written)``.

    Towns are the reference towns, by name or alias (key: the town). A unit, area or
    village is its two characters before 单元, 片区 or 村, after an optional town (key:
    those two characters, or the town for a name that is only a town, such as 练塘片区);
    descriptive words (试点片区) and counting words (每个片区) are not names, and a village
    counts only after its town.

    Example:
        >>> place_mentions("两个试点片区(金泽山深单元、白鹤曙光单元)")
        [('town', '金泽镇', '金泽镇'), ('town', '白鹤镇', '白鹤镇'), ('unit', '山深', '金泽山深单元'), ('unit', '曙光', '白鹤曙光单元')]
        >>> place_mentions("推进西岑单元首发区项目；练塘片区、金泽镇商榻片区")
        [('town', '练塘镇', '练塘镇'), ('town', '金泽镇', '金泽镇'), ('unit', '西岑', '西岑单元'), ('area', '练塘镇', '练塘片区'), ('area', '商榻', '金泽镇商榻片区')]
        >>> place_mentions("推进美丽乡村、行政村建设；每个片区一个试点片区")
        []
        >>> [m[1:] for m in place_mentions("练塘镇东庄村和农村") if m[0] == "village"]
        [('东庄', '练塘镇东庄村')]
    """
    forms = (reference or load_reference()).town_forms()
    town_pattern, by_kind = _patterns(tuple(sorted(forms.items())))
    found = [("town", forms[m.group()], forms[m.group()]) for m in town_pattern.finditer(text)]
    for kind, pattern in by_kind.items():
        for match in pattern.finditer(text):
            core, town = match["core"], match["town"]
            if core is None and town is None:
                continue
            if core is not None and (core in GENERIC_CORES or COUNTING.search(core)):
                continue
            # A core that is itself a town (赵巷徐泾片区) is compared as that town.
            found.append((kind, forms.get(core, core) if core else forms[town], match.group()))
    return found


def name_mentions(tasks: pd.DataFrame, reference: Reference | None = None) -> pd.DataFrame:
    """Every place name each task's fields mention.

    Args:
        tasks: The tasks table (published fields under their column names, see
            ``qpanalysis.ingest.layout.COLUMNS``), indexed by ``task_id`` or holding it.
        reference: Reference tables (towns and their aliases); the bundled ones by default.

    Returns:
        One row per task, field and place: ``task_id``, ``field`` (published header, in
        :data:`FIELDS` order), ``kind`` (:data:`qpanalysis.codes.PLACE_KINDS`), ``key``
        (what names are compared by) and ``place`` (as first written in that field).
    """
    reference = reference or load_reference()
    frame = tasks if "task_id" in tasks.columns else tasks.rename_axis("task_id").reset_index()
    rows = []
    for task in frame.to_dict("records"):
        for field in FIELDS:
            seen = set()
            for kind, key, written in place_mentions(str(task.get(COLUMNS[field]) or ""), reference):
                if (kind, key) not in seen:
                    seen.add((kind, key))
                    rows.append({"task_id": int(task["task_id"]), "field": field, "kind": kind, "key": key,
                                 "place": written})
    return pd.DataFrame(rows, columns=["task_id", "field", "kind", "key", "place"])


def name_disagreements(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of names of one kind that a task's fields never mention together.

    Two names of the same kind disagree when no field (milestones read as one, see
    :data:`FIELD_GROUPS`) mentions both: e.g. one unit in 建设规模 and another in every
    milestone. Names that share a field are both the task's places, however the others
    differ.

    Args:
        mentions: Output of :func:`name_mentions`.

    Returns:
        One row per pair, by task, kind and first field: ``task_id``, ``kind``, ``place``,
        ``fields`` (tuple of published headers), ``other_place``, ``other_fields``; the
        pair's first name is the one in the earlier field.

    Example:
        >>> m = pd.DataFrame({"task_id": [2, 2, 2, 2, 2],
        ...                   "field": ["建设规模", "建设规模", "上半年目标", "上半年目标", "第三季度目标"],
        ...                   "kind": ["unit"] * 5, "key": ["山深", "曙光", "西岑", "曙光", "西岑"],
        ...                   "place": ["金泽山深单元", "白鹤曙光单元", "西岑单元", "曙光单元", "西岑单元"]})
        >>> name_disagreements(m).drop(columns="task_id").values.tolist()
        [['unit', '金泽山深单元', ('建设规模',), '西岑单元', ('上半年目标', '第三季度目标')]]
    """
    columns = ["task_id", "kind", "place", "fields", "other_place", "other_fields"]
    order = {field: i for i, field in enumerate(FIELDS)}
    rows = []
    for (task_id, kind), group in mentions.groupby(["task_id", "kind"], sort=True):
        group = group.assign(_order=group["field"].map(order)).sort_values("_order", kind="stable")
        keys = list(dict.fromkeys(group["key"]))
        fields = {k: tuple(dict.fromkeys(group.loc[group["key"] == k, "field"])) for k in keys}
        placed = {k: group.loc[group["key"] == k, "place"].iloc[0] for k in keys}
        groups = {k: {FIELD_GROUPS.get(f, f) for f in fields[k]} for k in keys}
        for i, first in enumerate(keys):
            for second in keys[i + 1:]:
                if not groups[first] & groups[second]:
                    rows.append({"task_id": int(task_id), "kind": kind, "place": placed[first],
                                 "fields": fields[first], "other_place": placed[second],
                                 "other_fields": fields[second]})
    result = pd.DataFrame(rows, columns=columns)
    result["_kind"] = result["kind"].map({k: i for i, k in enumerate(PLACE_KINDS)})
    return result.sort_values(["task_id", "_kind"], kind="stable").drop(columns="_kind").reset_index(drop=True)


def disagreement_fields(mentions: pd.DataFrame, disagreements: pd.DataFrame) -> pd.DataFrame:
    """For each task and kind with names that disagree, what every field mentions of that kind.

    Args:
        mentions: Output of :func:`name_mentions`.
        disagreements: Output of :func:`name_disagreements`.

    Returns:
        ``task_id``, ``kind``, ``field``, ``places`` (the names as written, joined with 、),
        in :data:`FIELDS` order.

    Example:
        >>> m = pd.DataFrame({"task_id": [2, 2, 2], "field": ["建设规模", "建设规模", "上半年目标"],
        ...                   "kind": ["unit"] * 3, "key": ["山深", "曙光", "西岑"],
        ...                   "place": ["金泽山深单元", "白鹤曙光单元", "西岑单元"]})
        >>> disagreement_fields(m, name_disagreements(m))[["field", "places"]].values.tolist()
        [['建设规模', '金泽山深单元、白鹤曙光单元'], ['上半年目标', '西岑单元']]
    """
    columns = ["task_id", "kind", "field", "places"]
    pairs = disagreements[["task_id", "kind"]].drop_duplicates()
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    shown = mentions.merge(pairs, on=["task_id", "kind"])
    shown["_order"] = shown["field"].map({field: i for i, field in enumerate(FIELDS)})
    shown["_kind"] = shown["kind"].map({k: i for i, k in enumerate(PLACE_KINDS)})
    grouped = shown.groupby(["task_id", "_kind", "kind", "_order", "field"], sort=True)["place"].agg("、".join)
    return grouped.rename("places").reset_index()[columns]


def sanity_check_disagreements(mentions: pd.DataFrame, disagreements: pd.DataFrame) -> None:
    """Check that every pair names two different mentioned places of its kind that share no field group.

    Raises:
        ValueError: Saying which pair breaks the rule.
    """
    for row in disagreements.itertuples():
        task = mentions[(mentions["task_id"] == row.task_id) & (mentions["kind"] == row.kind)]
        first = task[task["place"] == row.place]
        second = task[task["place"] == row.other_place]
        if first.empty or second.empty:
            raise ValueError(f"task {row.task_id}: {row.place} or {row.other_place} is not among its mentions")
        if set(first["key"]) & set(second["key"]):
            raise ValueError(f"task {row.task_id}: {row.place} and {row.other_place} are the same place")
        groups = lambda rows: {FIELD_GROUPS.get(f, f) for f in rows["field"]}  # noqa: E731
        if groups(task[task["key"].isin(first["key"])]) & groups(task[task["key"].isin(second["key"])]):
            raise ValueError(f"task {row.task_id}: {row.place} and {row.other_place} share a field")
