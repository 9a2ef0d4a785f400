"""The town coverage report's findings (display/findings/coverage.py): the facts they state, worked out by hand, shown in both languages; a variant's own.

The fact objects of qpanalysis.analysis.coverage are checked against figures worked out
from data/raw/…txt (the arithmetic is in the comments), then the findings are checked to
state them in each language; a few whole sentences are kept as snapshots of the wording.
"""

from __future__ import annotations

import re

import pytest

from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import quality as qual
from qpanalysis.display.findings import coverage
from tests.display.findings_helpers import LANGS, cached, everything, figures, task_rows

# How each language names the towns and places the findings below mention.
NAMES = {
    "zh": {"练塘镇": "练塘镇", "金泽镇": "金泽镇", "盈浦街道": "盈浦街道", "重固镇": "重固镇", "现代农业园区": "现代农业园区"},
    "en": {"练塘镇": "Liantang Town", "金泽镇": "Jinze Town", "盈浦街道": "Yingpu Subdistrict", "重固镇": "Chonggu Town",
           "现代农业园区": "Modern Agricultural Park"},
}


@pytest.fixture(scope="module")
def cells(bundled):
    return cov.coverage_cells(bundled.towns, bundled.tasks)


def _found(tl, lang: str) -> dict[str, str]:
    return cached(coverage.coverage_findings, tl, lang)


def test_towns_reached_on_the_bundled_list(bundled, cells):
    # District-wide: the 14 tasks of 11个街镇 + task 31 (scope "/", named 整区建设美丽乡村) = 15,
    # 15 × 11 = 165 links. 练塘镇: 15 district-wide + named in scope by 4, 5, 11, 28, 30, 32 (6)
    # + in the breakdowns of 7, 8, 18, 23 (4) = 25; 金泽镇: 15 + 2, 3, 4, 27, 30, 32 (6) + 7, 8,
    # 18, 23 (4) = 25; 盈浦街道: 15 + the breakdown of 18 = 16, named by 1 task against 10.
    per_town = cov.tasks_per_town(cells).set_index("town")
    assert per_town.loc[["练塘镇", "金泽镇", "盈浦街道"], "total"].tolist() == [25, 25, 16]
    district = per_town.drop("现代农业园区")
    assert (district["total"].min(), district["total"].max()) == (16, 25)
    assert (district["named"].min(), district["named"].max()) == (1, 10)
    basis = cov.tasks_by_basis(cells).set_index("basis")
    assert basis.loc["district-wide"].tolist() == [15, 165]
    found = cov.district_wide_by_text(bundled.tasks, cells)
    assert found[["task_id", "field", "word"]].values.tolist() == [[31, "任务名称", "整区"]]
    for lang in LANGS:
        towns, basis_text = _found(bundled, lang)["towns"], _found(bundled, lang)["basis"]
        assert {"25", "16", "16–25", "1–10"} <= figures(towns) | set(re.findall(r"\d+–\d+", towns)), lang
        assert all(NAMES[lang][t] in towns for t in ("练塘镇", "金泽镇", "盈浦街道")), lang
        assert {"15", "165", "11", "31"} <= figures(basis_text), lang
        assert "整区" in basis_text, lang
    # snapshots of the wording
    zh = _found(bundled, "zh")
    assert "涉及任务最多的街镇：练塘镇、金泽镇（各25项）；最少：盈浦街道（16项）" in zh["towns"]
    assert "任务31（整区建设美丽乡村）的涉及范围没有指明地点（“/”），但任务名称写“整区”" in zh["basis"]


def test_unspecified_and_named_only_in_breakdowns_on_the_bundled_list(bundled, cells):
    # "相关街镇" in 16 tasks, of which 7, 8, 18, 23 break 建设规模 down by town: 12 name no town.
    # 盈浦街道 is never in a scope, only in task 18's breakdown (家门口养老服务站 1); 现代农业园区
    # is named by task 33 alone and is not one of the 11 towns.
    unspecified = cov.unspecified_tasks(cells)["task_id"].tolist()
    assert unspecified == [6, 9, 10, 13, 15, 16, 17, 19, 21, 29, 34, 37]
    named = cov.named_tasks(cells).set_index("town")["task_ids"]
    assert named["盈浦街道"] == (18,) and named["现代农业园区"] == (33,)
    links = cells[cells["town"] == "盈浦街道"]
    assert set(links.loc[links["task_id"] == 18, "basis"]) == {"from-breakdown"}
    for lang in LANGS:
        found = _found(bundled, lang)
        assert {str(t) for t in unspecified} | {"12"} <= figures(found["unspecified"]), lang
        assert "31" not in figures(found["unspecified"]), lang  # task 31 is district-wide by its name
        assert NAMES[lang]["盈浦街道"] in found["named"] and "18" in figures(found["named"]), lang
        assert NAMES[lang]["现代农业园区"] in found["named"] and "33" in figures(found["named"]), lang


def test_breakdowns_and_mentions_on_the_bundled_list(bundled):
    # Task 23's courtyards: 112 + 311 + 200 + 378 = 1001 against the goal's 1000. Parking (task
    # 7): 11+4+16+15+29+53+70+40+8+4 = 250 in 10 towns, most 练塘镇 70, 盈浦街道 not listed (0).
    # Task 14 (涉及范围 11个街镇) names 练塘镇 and 重固镇 in its texts: mentioned, not named.
    metrics = cov.breakdown_metrics(cov.town_quantities(bundled.quantities)).set_index(["task_id", "metric"])
    assert metrics.loc[(23, "美丽庭院"), "quantity"] == 1001 and metrics.loc[(7, "乡村停车场(点)建设"), "towns"] == 10
    parking = cov.town_quantities(bundled.quantities).query("task_id == 7").set_index("town")
    assert parking["quantity"].sum() == 250 and parking["quantity"].idxmax() == "练塘镇"
    assert parking.at["练塘镇", "quantity"] == 70 and not parking.at["盈浦街道", "in_breakdown"]
    totals = qual.totals_comparison(bundled).set_index("task_id")
    assert totals.loc[23, ["breakdown_sum", "stated_total", "status"]].tolist() == [1001, 1000, "mismatch"]
    assert cov.mentioned_towns(bundled.tasks, cov.coverage_cells(bundled.towns, bundled.tasks)) == [
        (14, ["练塘镇", "重固镇"], "district-wide")]
    for lang in LANGS:
        found = _found(bundled, lang)
        assert {"1,001", "1,000", "23"} <= figures(found["quantities"]), lang
        assert {"250", "70", "7"} <= figures(found["tiles"]) and NAMES[lang]["盈浦街道"] in found["tiles"], lang
        assert "14" in figures(found["caveats"]), lang
        assert NAMES[lang]["练塘镇"] in found["caveats"] and NAMES[lang]["重固镇"] in found["caveats"], lang
    # snapshot of the wording
    assert "乡村停车场(点)建设（个）（任务7）：合计250；最多的是练塘镇（70）；未列入分解、记为0：盈浦街道" in \
        _found(bundled, "zh")["tiles"]


def test_rescoped_states_its_own_breakdowns(variant_paths, loaded):
    tl = loaded["rescoped"]
    parking = next(r for r in task_rows(variant_paths["rescoped"]) if r["任务名称"] == "完善乡村停车场(点)")
    figures_by_town = {part[:-len(n)]: int(n) for part in parking["建设规模"].split(":", 1)[1].rstrip("。").split(";")
                       for n in [re.search(r"\d+$", part).group()]}
    town, most = max(figures_by_town.items(), key=lambda kv: kv[1])
    quantities = cov.town_quantities(tl.quantities).query(f"task_id == {parking['序号']}").set_index("town")
    assert quantities["quantity"].sum() == sum(figures_by_town.values()) and quantities["quantity"].idxmax() == town
    assert not quantities.at["练塘镇", "in_breakdown"]  # 练塘镇's 70 went to 盈浦街道
    tiles = _found(tl, "zh")["tiles"]
    assert f"（任务{parking['序号']}）：合计{sum(figures_by_town.values())}；最多的是{town}（{most}）" in tiles
    assert "未列入分解、记为0：练塘镇" in tiles
    courtyards = next(r for r in task_rows(variant_paths["rescoped"]) if r["任务名称"] == "推进乡村美丽庭院建设")
    total = sum(int(n) for n in re.findall(r"\d+", courtyards["建设规模"].split(":", 1)[1]))
    assert total == 1000
    text = everything(tl, "zh")
    assert "1,001" not in text and "total-mismatch" not in text  # the breakdown now adds up
    assert "现代农业园区" not in text  # named only by a task of the removed section
    assert "empty-field" not in text  # no scope is "/" any more
