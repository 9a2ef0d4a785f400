"""Every report's findings on each variant list (tests/variants.py): its own facts, and the language rules, in both languages."""

from __future__ import annotations

import re

import pytest

import qpanalysis as qp
from qpanalysis.display.findings import coverage, identity, investment, quality, quarterly
from tests import variants
from tests.display.findings_helpers import (
    LANGS, amounts, cached, check_language, everything, formatted, task_rows, title_line,
)


@pytest.mark.parametrize("name", list(variants.VARIANTS))
def test_every_variant_loads(variant_paths, loaded, name):
    # The loader's rules: task numbers 1…N, the footer's count, the headers (tests/variants.py).
    tl = loaded[name]
    assert list(tl.tasks["task_id"]) == list(range(1, len(task_rows(variant_paths[name])) + 1))


@pytest.mark.parametrize("lang", LANGS)
def test_language_rules_on_the_bundled_list(bundled, lang):
    check_language(bundled, lang)


@pytest.mark.parametrize("name", list(variants.VARIANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_language_rules_on_every_variant(loaded, name, lang):
    check_language(loaded[name], lang)


@pytest.mark.parametrize("name", list(variants.VARIANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_variant_states_its_own_identity_and_totals(variant_paths, loaded, name, lang):
    path, tl = variant_paths[name], loaded[name]
    rows = task_rows(path)
    title = title_line(path)
    year = re.match(r"\d{4}", title).group()
    n_sections = sum(1 for line in path.read_text(encoding="utf-8").split("\n") if variants.SECTION.match(line.split("\t")[0]))
    stated = cached(identity.list_identity, tl, lang)
    if lang == "zh":
        assert f"**{title}**" in stated and f"计划年度：{year}年" in stated
        assert f"{len(rows)}项任务，分{n_sections}个板块" in stated
    else:
        assert f"plan year: {year}" in stated and f"{len(rows)} tasks in {n_sections} section" in stated
    money = amounts(path)
    total_text = cached(investment.investment_findings, tl, lang)["total"]
    if money:
        total = sum(money.values())
        assert formatted(total) in total_text
        assert {"zh": f"来自{len(money)}项披露金额的任务", "en": f"from the {len(money)} task"}[lang] in total_text
    else:
        assert {"zh": f"全部{len(rows)}项任务都没有披露金额",
                "en": f"None of the {len(rows)} tasks discloses an amount"}[lang] in total_text


@pytest.mark.parametrize("name", list(variants.VARIANTS))
@pytest.mark.parametrize("lang", LANGS)
def test_variant_mentions_no_task_it_dropped(variant_paths, loaded, name, lang):
    bundled_names = {r["任务名称"] for r in task_rows(qp.config.BUNDLED_LIST)}
    dropped = bundled_names - {r["任务名称"] for r in task_rows(variant_paths[name])}
    text = everything(loaded[name], lang)
    assert not [n for n in dropped if n in text]


@pytest.mark.parametrize("lang", LANGS)
def test_next_year_states_no_stale_year(variant_paths, loaded, lang):
    # Every year moved on by one: the title says 2027, the due months 2027.9–2027.12; the
    # only task due outside the plan year (28, 2025.11) was dropped.
    text = everything(loaded["next_year"], lang)
    assert "2026" not in text
    assert "2027" in cached(identity.list_identity, loaded["next_year"], lang)
    dues = {r["计划完成时间"] for r in task_rows(variant_paths["next_year"])}
    assert {d.split(".")[0] for d in dues} == {"2027"}
    assert cached(quarterly.quarterly_findings, loaded["next_year"], "Q3", lang=lang)["outside_plan_year"] == ""


def test_single_section_list(loaded, variant_paths):
    tl = loaded["single_section"]
    rows = task_rows(variant_paths["single_section"])
    money = amounts(variant_paths["single_section"])
    (only,) = money  # only the third task of the first section states an amount
    zh = cached(investment.investment_findings, tl, "zh")
    assert f"只有任务{only}（{rows[only - 1]['任务名称']}）披露了金额（{formatted(money[only])}万元）" in zh["largest"]
    assert "合计占" not in zh["largest"]
    assert cached(quality.quality_findings, tl, "zh")["problems"] == "- 读取时没有发现问题。"
    assert cached(coverage.coverage_findings, tl, "zh")["quantities"] == "- 建设规模中没有按街镇分解的数量。"
