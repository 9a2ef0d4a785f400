"""The index page's headlines: each with its convention, rounded to what the list supports, on the bundled list and its variants."""

from __future__ import annotations

import pytest

from qpanalysis.analysis import coverage as cov
from qpanalysis.display.findings.headlines import investment_headline, milestones_headline, towns_headline
from qpanalysis.display.findings.words import rounded_big
from tests.display.findings_helpers import index_findings


def test_the_disclosed_total_is_multi_year_approximate_and_rounded(bundled):
    # 278138 + 约68916 + 约2808 + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 361,633.24 万元,
    # of which 约68,916 + 约2,808 = 71,724 is approximate: 71,724 / 361,633.24 = 19.83 %;
    # 361,633.24 万元 = 36.16 亿元 = 3.616 billion yuan, to three figures ≈36.2 亿元, ≈3.62 billion.
    zh, en = investment_headline(bundled, "zh"), investment_headline(bundled, "en")
    assert zh.startswith("已披露总投资≈36.2亿元，多为多年合计的项目总投资（非年度支出），其中19.8%为“约”数")
    assert "≈3.62 billion yuan, mostly multi-year total project investment" in en and "19.8% of it" in en
    assert "361,633.24" not in zh + en  # two decimals of a sum that includes 约68,916 claim too much
    assert "9项披露金额的任务" in zh and "32项任务未披露金额" in zh and "共41项" in zh


def test_rounding_keeps_three_figures():
    assert rounded_big(361633.24, "zh") == "≈36.2亿元"
    assert rounded_big(12_345_678, "zh") == "≈1,235亿元"  # 1,234.6亿元: no decimal to give
    assert rounded_big(5_000, "en") == "≈0.05 billion yuan"


def test_the_milestones_due_say_the_default_reading_and_what_the_others_make_of_it(bundled):
    # H1 by default: 32 milestones of 30 tasks. Read literally, the H1 texts of the 11 tasks with
    # only an H1 target (1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39) fall due in H1 too: 32 + 11 = 43
    # milestones, 30 + 11 = 41 tasks. Task 28's 2025.11 read as 2026.11 moves its Q3 and Q4
    # milestones (due 2025.11, counted in H1) out of H1: 32 - 2 = 30 milestones, still 30 tasks.
    zh = milestones_headline(bundled, "H1", "zh")
    assert zh.startswith("按默认解读，上半年共有32个里程碑到期，涉及30项任务；")
    assert "只填写上半年目标的11项任务按字面读作上半年目标，则为43个里程碑、41项任务" in zh
    assert "任务28的计划完成时间读作计划年度的同一月份（2025.11 → 2026.11），则为30个里程碑、30项任务" in zh
    en = milestones_headline(bundled, "H1", "en")
    assert en.startswith("Under the default reading, 32 milestones fall due in the first half-year, across 30 tasks")
    assert "11 tasks that have only an H1 target" in en and "43 milestones across 41 tasks" in en


def test_the_fewest_tasks_are_a_lower_bound_and_mostly_district_wide(bundled):
    # 盈浦街道: 15 district-wide tasks + 1 naming it = 16; 10 + 15 + 4 + 12 = 41 tasks, 12 naming no town.
    zh = towns_headline(bundled, "zh")
    assert "最少：盈浦街道（16项，其中15项为全区任务）" in zh and "另有12项任务未指明街镇" in zh and "下限" in zh
    en = towns_headline(bundled, "en")
    assert "fewest: Yingpu Subdistrict (16, 15 of them district-wide)" in en and "12 more tasks name no town" in en


def test_the_index_states_the_headlines(bundled):
    texts = {f.anchor: f.text for f in index_findings(bundled, "en")}
    assert texts["not-disclosed"] == investment_headline(bundled, "en")
    assert texts["district-wide"] == towns_headline(bundled, "en")
    assert texts["milestone-due-dates"] == milestones_headline(bundled, "H1", "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_list_without_amounts_claims_no_share_and_no_total(loaded, lang):
    tl = loaded["undisclosed"]
    text = investment_headline(tl, lang)
    assert "%" not in text and "≈" not in text and "约" not in text.replace("（原文均为“/”）", "")
    assert "41" in text


def test_an_exact_total_is_stated_as_it_is(loaded):
    # next_year: every amount changed and 约 removed, tasks 3 and 28 dropped: an exact sum,
    # stated with its decimals and without ≈; no due month before the plan year to read otherwise.
    tl = loaded["next_year"]
    assert not tl.tasks["investment_is_approx"].any()
    text = investment_headline(tl, "zh")
    assert "≈" not in text and "“约”数" not in text and "万元（" in text
    milestones = milestones_headline(tl, "H1", "zh")
    assert "计划完成时间读作" not in milestones and "2025.11" not in milestones


def test_the_lower_bound_counts_the_variants_own_unspecified_tasks(loaded):
    tl = loaded["rescoped"]
    unspecified = cov.basis_counts(tl.towns)["unspecified"]
    text = towns_headline(tl, "zh")
    assert (f"另有{unspecified}项任务未指明街镇" in text) == bool(unspecified)
