"""The funding formula a 资金来源 text states (an amount per area, matching ratios by group of towns) and the areas (片区) a text names."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from qpanalysis.ingest import numerals
from qpanalysis.ingest.reference import load_reference

# An amount per area in 资金来源: "10000万元/试点", "10000万元/个片区", or "每个试点10000万元".
PER_AREA_AFTER = re.compile(r"(?P<amount>\d+(?:\.\d+)?)\s*万元\s*/\s*(?:每?个)?(?P<per>试点片区|试点|片区)")
PER_AREA_BEFORE = re.compile(r"每个?(?P<per>试点片区|试点|片区)[^0-9，,；;。]{0,8}?(?P<amount>\d+(?:\.\d+)?)\s*万元")
# Matching ratios by group of towns, in the order the groups are named:
# "区分青西三镇加白鹤和青东四镇，分别以1:1和1:0.5配套".
MATCHING_BY_GROUP = re.compile(
    r"区分(?P<groups>[^，,；;。]+?)[，,]?\s*分别(?:以|按)(?P<ratios>[0-9.:：和、及与]+?)(?:的?比例)?配套")
# One matching ratio for every town: "按1:1配套", "按1:0.5的比例配套".
MATCHING_ALL = re.compile(r"按(?P<ratio>\d+(?:\.\d+)?[:：]\d+(?:\.\d+)?)(?:的?比例)?配套")
RATIO = re.compile(r"(?P<a>\d+(?:\.\d+)?)[:：](?P<b>\d+(?:\.\d+)?)")
# Words that join the groups of a matching clause, and the parts of one group.
GROUP_SEPARATOR = re.compile(r"和|与")
PART_SEPARATOR = re.compile(r"以及|加|及|、")
# A group of towns named by area, count and kind (青西三镇, 青东四镇), resolved with the
# ``area`` and ``type`` columns of data/reference/towns.csv; the count must agree.
TOWN_GROUP = re.compile(r"^(?P<area>[\u4e00-\u9fff]+?)(?P<n>[" + numerals.ONE_CHARACTER + r"]|\d+)个?(?P<kind>镇|街道|街镇)$")
GROUP_KINDS = {"镇": ("镇",), "街道": ("街道",), "街镇": ("镇", "街道")}
# An area (片区) named in 建设规模 or 建设内容: the words before 片区, between separators.
AREA = re.compile(r"[^、，,；;。（）()\s:：]+?片区")


@dataclass(frozen=True)
class FundingFormula:
    """How a task's 资金来源 says its money is raised: an amount per area, and matching ratios.

    Attributes:
        per_area_wan: The amount (万元) given for each area, e.g. 10000 per pilot area.
        per: What the amount is given per, as written (试点, 片区…).
        groups: ``(towns, ratio)`` for each group of towns the matching clause names, in
            the order written; ``ratio`` is the matching amount per unit of the per-area
            amount (1:0.5 → 0.5).
        default_ratio: The ratio of a town in no group: the one ratio stated for every
            town, else 0 (no matching is stated for it).
    """

    per_area_wan: float
    per: str
    groups: tuple[tuple[tuple[str, ...], float], ...]
    default_ratio: float

    def ratio(self, town: str) -> float:
        """The matching ratio of a town (the first group that holds it)."""
        for towns, ratio in self.groups:
            if town in towns:
                return ratio
        return self.default_ratio

    def weight(self, towns) -> float:
        """What one area of these towns receives by the formula: the amount with its matching.

        An area whose towns have different ratios takes their mean.
        """
        ratios = [self.ratio(t) for t in towns]
        return self.per_area_wan * (1 + sum(ratios) / len(ratios))


def _number(text: str) -> int:
    return int(text) if text[:1].isdigit() else numerals.chinese_int(text)


def _ratio(text: str) -> float:
    found = RATIO.fullmatch(text.strip())
    if found is None or float(found["a"]) == 0:
        raise ValueError(f"not a ratio: {text!r}")
    return float(found["b"]) / float(found["a"])


def _group_towns(part: str, reference) -> tuple[str, ...] | None:
    """The towns a part of a matching clause names: one town (白鹤), or a group (青西三镇)."""
    names = reference.town_forms()
    if part in names:
        return (names[part],)
    found = TOWN_GROUP.match(part)
    towns = reference.towns
    if found is None or not {"area", "type"} <= set(towns.columns):
        return None
    chosen = towns[(towns["area"] == found["area"]) & towns["type"].isin(GROUP_KINDS[found["kind"]])]
    return tuple(chosen["town"]) if len(chosen) == _number(found["n"]) else None


def parse_funding_formula(text, reference=None) -> FundingFormula | None:
    """Read a funding formula from 资金来源: an amount per area and, if stated, matching ratios.

    Groups of towns are read with data/reference/towns.csv: a town's name or alias (白鹤),
    or an area, a count and a kind (青西三镇 = the 3 towns whose ``area`` is 青西). A text
    without an amount per area, or whose groups or ratios cannot all be read, has no
    formula (None): the sensitivity table then shows no funding-formula row for it.

    Args:
        text: The 资金来源 text of a task.
        reference: Reference tables; the bundled ones by default.

    Example:
        >>> text = ("市级财政10000万元/试点(分两年拨付)；区级财政按市级补助，区分青西三镇加白鹤和青东四镇，"
        ...         "分别以1:1和1:0.5配套，镇级财政根据实际情况配套。")
        >>> f = parse_funding_formula(text)
        >>> f.per_area_wan, f.per, f.default_ratio
        (10000.0, '试点', 0.0)
        >>> [(towns, ratio) for towns, ratio in f.groups]
        [(('朱家角镇', '练塘镇', '金泽镇', '白鹤镇'), 1.0), (('赵巷镇', '徐泾镇', '华新镇', '重固镇'), 0.5)]
        >>> f.weight(["练塘镇"]), f.weight(["赵巷镇", "徐泾镇"]), f.weight(["夏阳街道"])
        (20000.0, 15000.0, 10000.0)
        >>> parse_funding_formula("每个片区补助500万元，区级按1:0.5比例配套").weight(["金泽镇"])
        750.0
        >>> parse_funding_formula("市、区、镇") is None, parse_funding_formula("/") is None
        (True, True)
        >>> parse_funding_formula("市级10000万元/试点，区分青北五镇和青东四镇，分别以1:1和1:0.5配套") is None
        True
    """
    text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    reference = reference or load_reference()
    amount = PER_AREA_AFTER.search(text) or PER_AREA_BEFORE.search(text)
    if amount is None:
        return None
    groups: list[tuple[tuple[str, ...], float]] = []
    default_ratio = 0.0
    by_group = MATCHING_BY_GROUP.search(text)
    if by_group is not None:
        names = [g.strip() for g in GROUP_SEPARATOR.split(by_group["groups"]) if g.strip()]
        ratios = [r.strip() for r in GROUP_SEPARATOR.split(by_group["ratios"].replace("、", "和")) if r.strip()]
        if len(names) != len(ratios):
            return None
        for name, ratio in zip(names, ratios):
            towns: list[str] = []
            for part in filter(None, (p.strip() for p in PART_SEPARATOR.split(name))):
                found = _group_towns(part, reference)
                if found is None:
                    return None
                towns += [t for t in found if t not in towns]
            try:
                groups.append((tuple(towns), _ratio(ratio)))
            except ValueError:
                return None
    elif (for_all := MATCHING_ALL.search(text)) is not None:
        default_ratio = _ratio(for_all["ratio"])
    return FundingFormula(float(amount["amount"]), amount["per"], tuple(groups), default_ratio)


def parse_areas(text, towns, reference=None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The areas (片区) a text names, each with the towns among ``towns`` it covers.

    An area covers a town when its name holds the town's name or alias (赵巷徐泾片区
    covers 赵巷镇 and 徐泾镇); an area that covers none of ``towns`` is left out.

    Example:
        >>> parse_areas("3个试点片区(练塘片区、赵巷徐泾片区、金泽片区)。", ["练塘镇", "赵巷镇", "徐泾镇", "金泽镇"])
        (('练塘片区', ('练塘镇',)), ('赵巷徐泾片区', ('赵巷镇', '徐泾镇')), ('金泽片区', ('金泽镇',)))
        >>> parse_areas("老旧供水管网改造(公里):2.2", ["重固镇", "白鹤镇"])
        ()
    """
    text = "" if not isinstance(text, str) else text
    names = sorted((reference or load_reference()).town_forms().items(), key=lambda kv: -len(kv[0]))
    found: list[tuple[str, tuple[str, ...]]] = []
    for match in AREA.finditer(text):
        area, positions = match.group(), {}
        for name, town in names:
            at = area.find(name)
            if at >= 0 and town in towns and town not in positions:
                positions[town] = at
        covered = tuple(sorted(positions, key=positions.get))
        if covered and all(covered != c for _, c in found):
            found.append((area, covered))
    return tuple(found)

