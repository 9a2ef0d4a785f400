"""One fact, one function: the district-wide / named / unspecified counts agree in every report.

The data quality report (04), the town coverage report (03), the index page and ``towns.csv``
all state how many tasks are district-wide, name their towns or name none. They take the
numbers from ``qpanalysis.analysis.coverage.basis_counts``; these tests read each report's
sentence and check that they agree, on the bundled list (figures by hand) and on a variant
(figures counted here from the variant's text with plain Python, not with the loader).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from qpanalysis.analysis import coverage as cov
from qpanalysis.display.findings import coverage, quality
from qpanalysis.export.tables import to_csv
from tests import variants
from tests.display.findings_helpers import cached, index_findings

# The bundled list's 涉及范围 column, by hand (see also tests/analysis/test_coverage.py):
# "11个街镇" in tasks 1 12 14 20 24 25 26 35 36 38 39 40 41 (13) and "11个街镇及所属村居" in
# task 22: 14 district-wide by the scope; task 31's scope is "/" but its name says 整区
# (整区建设美丽乡村): 14 + 1 = 15 district-wide. Towns named: 2 3 4 5 11 27 28 30 32 33 = 10.
# "相关街镇": 6 7 8 9 10 13 15 16 17 18 19 21 23 29 34 37 = 16, of which 7 8 18 23 break
# 建设规模 down by town: 4 from the breakdown, 16 − 4 = 12 unspecified. 15 + 10 + 4 + 12 = 41.
BUNDLED = {"explicit": 10, "district-wide": 15, "from-breakdown": 4, "unspecified": 12}

QUALITY_ZH = re.compile(r"涉及范围：全区(\d+)项，明确列出(\d+)项，由分街镇数推得(\d+)项，未指明(\d+)项")
QUALITY_EN = re.compile(r"Scope \(places\): (\d+) district-wide, (\d+) named, (\d+) from the breakdown, (\d+) unspecified")
COVERAGE_ZH = re.compile(r"明确列出街镇的任务(\d+)项.*全区任务(\d+)项.*分街镇数推得街镇的任务(\d+)项.*未指明街镇的任务(\d+)项")
COVERAGE_EN = re.compile(r"Towns named in the scope: (\d+) tasks?.*district-wide, all \d+ towns each: (\d+) tasks?.*"
                         r"breakdown of the scale: (\d+) tasks?.*no town specified: (\d+) tasks?")


def _quality(tl, lang):
    """(district-wide, named, from-breakdown, unspecified) as report 04 states them."""
    text = cached(quality.quality_findings, tl, lang)["interpretations"]
    found = (QUALITY_ZH if lang == "zh" else QUALITY_EN).search(text)
    assert found, text
    wide, named, breakdown, unspecified = map(int, found.groups())
    return {"explicit": named, "district-wide": wide, "from-breakdown": breakdown, "unspecified": unspecified}


def _coverage(text, lang):
    """The four counts as the coverage report's first basis sentence states them."""
    found = (COVERAGE_ZH if lang == "zh" else COVERAGE_EN).search(text)
    assert found, text
    named, wide, breakdown, unspecified = map(int, found.groups())
    return {"explicit": named, "district-wide": wide, "from-breakdown": breakdown, "unspecified": unspecified}


def _index(tl, lang):
    """The four counts as the index page's key finding about the town basis states them."""
    found = [f.text for f in index_findings(tl, lang) if f.anchor == "town-basis"]
    assert len(found) == 1
    return _coverage(found[0], lang)


def _towns_csv(tl, folder):
    """Tasks per basis in the exported towns.csv, counted with pandas from the file."""
    to_csv(tl, folder)
    towns = pd.read_csv(folder / "towns.csv", encoding="utf-8-sig")
    return towns.drop_duplicates("task_id")["basis"].value_counts().to_dict()


def _by_text(path):
    """Tasks per basis of a variant, from its text: 11个街镇 or "/" with 整区/全区 in the task's
    own text is district-wide, 相关街镇 with "<town><number>" in 建设规模 is from the breakdown,
    相关街镇 without one is unspecified, anything else names its towns."""
    towns = "|".join(["朱家角", "练塘", "金泽", "赵巷", "徐泾", "华新", "重固", "白鹤", "夏阳", "盈浦", "香花桥"])
    counts = dict.fromkeys(BUNDLED, 0)
    for line in path.read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        if not (cells[0].isdigit() and len(cells) == len(variants.HEADER)):
            continue
        row = dict(zip(variants.HEADER, cells))
        scope = row["涉及范围"].strip()
        text = "".join(row[f] for f in ("任务名称", "建设目标", "建设内容", "建设规模"))
        if scope.startswith("11个街镇") or (scope in ("", "/") and ("整区" in text or "全区" in text)):
            counts["district-wide"] += 1
        elif scope == "相关街镇":
            has_breakdown = re.search(rf"(?:{towns})(?:镇|街道)?\s*\d", row["建设规模"])
            counts["from-breakdown" if has_breakdown else "unspecified"] += 1
        elif scope in ("", "/"):
            counts["unspecified"] += 1
        else:
            counts["explicit"] += 1
    return counts


def test_basis_counts_of_the_bundled_list(bundled):
    assert cov.basis_counts(bundled.towns) == BUNDLED
    assert sum(BUNDLED.values()) == len(bundled.tasks) == 41


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quality_coverage_and_index_state_the_same_counts_on_the_bundled_list(bundled, lang):
    # Before: report 04 said 全区14项 / 未指明13项 (it counted task 31's "/" as unspecified).
    assert _quality(bundled, lang) == BUNDLED
    assert _coverage(cached(coverage.coverage_findings, bundled, lang)["basis"], lang) == BUNDLED
    assert _index(bundled, lang) == BUNDLED


def test_towns_csv_counts_the_same(bundled, tmp_path):
    assert _towns_csv(bundled, tmp_path) == {b: n for b, n in BUNDLED.items() if n}


@pytest.mark.parametrize("name", ["rescoped", "next_year"])
def test_every_report_states_the_variants_own_counts(variant_paths, loaded, tmp_path, name):
    # rescoped: section 6 (tasks 32 explicit, 33 explicit, 34 相关街镇 without breakdown, 35
    # 11个街镇) removed and task 31's scope written 11个街镇: 15 − 1 = 14 district-wide, 10 − 2 = 8
    # named, 4 from the breakdown, 12 − 1 = 11 unspecified (37 tasks). next_year: tasks 3 and 28
    # (both named) dropped: 15, 8, 4, 12 (39 tasks). Checked here against the variant's own text.
    expected = {
        "rescoped": {"explicit": 8, "district-wide": 14, "from-breakdown": 4, "unspecified": 11},
        "next_year": {"explicit": 8, "district-wide": 15, "from-breakdown": 4, "unspecified": 12},
    }[name]
    assert _by_text(variant_paths[name]) == expected
    tl = loaded[name]
    assert cov.basis_counts(tl.towns) == expected
    for lang in ("zh", "en"):
        assert _quality(tl, lang) == expected
        assert _coverage(cached(coverage.coverage_findings, tl, lang)["basis"], lang) == expected
        assert _index(tl, lang) == expected
    assert _towns_csv(tl, tmp_path / "csv") == {b: n for b, n in expected.items() if n}


def test_a_slash_scope_whose_text_says_whole_district_is_district_wide_in_report_04(bundled):
    from qpanalysis.analysis import quality as q

    interp = q.interpretations(bundled).set_index(["task_id", "field"])
    # task 31: 涉及范围 "/", task name 整区建设美丽乡村
    assert interp.loc[(31, "涉及范围"), "raw"] == "/"
    assert interp.loc[(31, "涉及范围"), "rule"] == "none-marker+district-wide-by-text"
    assert interp.loc[(31, "涉及范围"), "parsed"] == "district-wide (from the text): 11 towns"


def test_basis_counts_refuses_a_task_on_two_bases():
    links = pd.DataFrame({"task_id": [1, 1], "town": ["甲", "乙"], "basis": ["explicit", "district-wide"]})
    with pytest.raises(ValueError, match=r"tasks \[1\]"):
        cov.basis_counts(links)
