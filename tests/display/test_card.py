"""A task's card (qp.card, tl.card) and the explorer's table and filter choices, on the bundled list.

Figures are read by hand from data/raw/2026_qingpu_rural_construction_tasks.txt.
"""

from __future__ import annotations

import re

import pytest
from tests.variants import VARIANTS

import qpanalysis as qp
from qpanalysis.display import card as cd
from qpanalysis.display.tables import header

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def courtyards(bundled):
    # Line 43: 23 推进乡村美丽庭院建设 | 区农业农村委 | 建设1000户乡村美丽庭院。| … |
    # 美丽庭院(户):赵巷镇112、徐泾镇311、练塘镇200、金泽镇378。| … | 区镇统筹安排 | / | 相关街镇 |
    # 2026.10 | 完成20% | 完成50% | 完成100%
    return qp.card(bundled, 23)


def test_card_shows_every_published_field_with_both_labels(courtyards):
    fields = dict(courtyards.fields)
    assert len(fields) == 13  # the 14 published columns less 序号, which heads the card
    assert fields["建设目标 · Construction goal"] == "建设1000户乡村美丽庭院。"
    assert fields["建设规模 · Construction scale"] == "美丽庭院(户):赵巷镇112、徐泾镇311、练塘镇200、金泽镇378。"
    assert fields["资金来源 · Funding source"] == "区镇统筹安排"
    assert fields["涉及范围 · Scope (places)"] == "相关街镇"
    assert fields["计划完成时间 · Planned completion"] == "2026.10 → 2026-10"
    assert fields["第四季度目标 · Q4 target"] == "完成100%"
    assert courtyards.title == "23. 推进乡村美丽庭院建设"
    facts = dict(courtyards.facts)
    assert facts["源文件行号 · Source line"] == "43 (2026_qingpu_rural_construction_tasks.txt)"
    assert facts["板块 · Section"].startswith("5 提高农村人居环境舒适度 · ")  # section 五


def test_card_parts(courtyards):
    parts = {part.key: part.table for part in courtyards.parts}
    assert list(parts["departments"].iloc[:, 1]) == ["牵头 · Lead"]
    # 相关街镇 with a breakdown naming four towns: each linked from the breakdown.
    towns = parts["towns"]
    assert [t.split(" · ")[0] for t in towns.iloc[:, 0]] == ["赵巷镇", "徐泾镇", "练塘镇", "金泽镇"]
    assert set(towns.iloc[:, 1]) == {"由建设规模分街镇数推得 · From per-town breakdown"}
    quantities = parts["quantities"]
    assert list(quantities["数量 · Quantity"]) == ["112", "311", "200", "378"]
    assert set(quantities["指标（原文） · Metric (as published)"]) == {"美丽庭院 · Beautiful courtyards"}
    # 112 + 311 + 200 + 378 = 1001 against the 1000 户 the goal states.
    totals = parts["totals"].iloc[0]
    assert totals["分街镇数之和 · Sum of per-town figures"] == "1,001"
    assert totals["目标合计数 · Stated total"] == "1,000"
    assert totals["一致 · Agrees"] == "否 · No"
    # 完成20% / 50% / 100%; the Q4 target falls due at the end of the due month 2026.10.
    milestones = parts["milestones"]
    assert list(milestones["目标（%） · Target (%)"]) == ["20", "50", "100"]
    assert list(milestones["到期日 · Falls due"]) == ["2026-06-30", "2026-09-30", "2026-10-31"]
    # 区镇统筹安排: district (区镇) and town (区镇, 镇统筹) levels.
    assert list(parts["funding"].iloc[:, 0]) == ["区级 · Qingpu district", "镇级 · Town / subdistrict"]
    assert parts["problems"].values.tolist() == [
        ["建设规模 · Construction scale", "合计数与分解数不一致 · Total differs from breakdown", "43"]
    ]


def test_card_keeps_names_as_written(bundled):
    # Line 30: 16 … 区规划资源局、建设管理委、区农业农村委: the second name lacks its 区 prefix.
    shown = bundled.card(16)
    assert dict(shown.fields)["牵头部门 · Lead departments"] == "区规划资源局、建设管理委、区农业农村委"
    departments = {part.key: part.table for part in shown.parts}["departments"]
    assert departments.iloc[1, 0].startswith("区建设管理委 · ")  # read as the canonical name
    assert list(departments.iloc[:, 1]) == ["牵头 · Lead", "共同牵头 · Co-lead", "共同牵头 · Co-lead"]
    problems = {part.key: part.table for part in shown.parts}["problems"]
    assert problems.values.tolist() == [["牵头部门 · Lead departments", "使用简称或别称 · Alias or short name", "30"]]


def test_card_reads_amounts_and_says_when_they_are_approximate(bundled):
    # Line 11: task 4, 总投资 约68916.
    assert dict(bundled.card(4).fields)["总投资(万元) · Total investment in 10,000 yuan"] == (
        "约68916 → 68,916 万元 (约数（约） · Approximate (约))"
    )


def test_card_as_text_and_html(bundled, courtyards):
    text = str(courtyards)
    assert text == repr(courtyards) == str(bundled.card(23))
    assert text.splitlines()[:2] == ["23. 推进乡村美丽庭院建设", courtyards.subtitle]
    assert "建设1000户乡村美丽庭院。" in text
    assert not re.search(r"\b(nan|None|NaN|True|False)\b", text)
    page = courtyards._repr_html_()
    assert "data-task-id='23'" in page and "建设1000户乡村美丽庭院。" in page
    assert page.count("<h4") == len(cd.part_headings("en")) - 1  # every part but the fields table
    assert courtyards.html(collapsed=True).startswith("<details")


def test_card_of_a_task_not_in_the_list(bundled):
    with pytest.raises(ValueError, match="task 42 is not in this list"):
        bundled.card(42)
    part = bundled.filter(section=2)  # tasks 4–6
    assert part.card(5).title.startswith("5. ")
    with pytest.raises(ValueError, match="its tasks are 4, 5, 6"):
        part.card(23)


def test_explorer_table(bundled):
    zh, en = cd.explorer_table(bundled, "zh"), cd.explorer_table(bundled, "en")
    assert len(zh) == len(en) == 41
    targets = [t for defs in cd.explorer_column_defs() for t in defs["targets"]]
    assert zh.shape[1] == len(cd.EXPLORER_COLUMNS) == len(targets)
    row3 = zh.iloc[2]  # task 3: 278138 万元, 金泽镇, 市、区、镇
    assert row3[header("investment_wan", "zh")] == "278,138.00"
    assert row3[header("towns", "zh", "explorer")] == "金泽镇"
    assert row3[header("levels", "zh")] == "市级＋区级＋镇级"
    assert row3[header("due", "zh")] == "2026-12"
    row1 = en.iloc[0]  # task 1: 11个街镇, investment "/", three departments
    assert row1[header("towns", "en", "explorer")] == "District-wide (all towns)"
    assert row1[header("investment_wan", "en")] == ""
    assert row1[header("status", "en", "explorer")] == 'Not disclosed ("/")'
    assert row1[header("co_leads", "en", "explorer")] == (
        "Agriculture and Rural Affairs Commission, Construction and Management Commission"
    )
    # In English no department, town or funding level is left in Chinese.
    for column in ("lead_department", "co_leads", "towns", "levels"):
        heading = header(column, "en", "explorer")
        assert not any(CJK.search(v) for v in en[heading]), column


def test_explorer_choices_are_what_filter_accepts(bundled):
    choices = cd.explorer_choices(bundled, "en")
    # 12 places: the 11 towns (reached by the district-wide tasks) and 现代农业园区 (task 33).
    assert len(choices["town"]) == 12
    assert ("Liantang Town", "练塘镇") in choices["town"]
    assert len(choices["department"]) == 21  # counted in tests/ingest/test_select.py
    assert [value for _, value in choices["section"]] == [1, 2, 3, 4, 5, 6, 7]
    assert [value for _, value in choices["due"]] == ["2025-11", "2026-09", "2026-10", "2026-11", "2026-12"]
    assert choices["task"][22] == ("23. Advance construction of beautiful rural courtyards", 23)
    for name, options in choices.items():
        if name == "task":  # the card picker, not a filter
            continue
        for _, value in options:
            assert len(bundled.filter(**{name: value}).tasks) >= 1, (name, value)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_cards_and_explorer_on_other_lists(variant, loaded):
    tl = loaded[variant]
    for lang in ("zh", "en"):
        assert len(cd.explorer_table(tl, lang)) == len(tl.tasks)
        choices = cd.explorer_choices(tl, lang)
        assert [task_id for _, task_id in choices["task"]] == list(tl.tasks.index)
        for _, town in choices["town"]:
            reaching = set(tl.towns.loc[tl.towns["town"] == town, "task_id"])
            assert set(tl.filter(town=town).tasks.index) == reaching
    # The first and last task of every section: renumbered (next_year), rescoped, without an
    # amount (undisclosed). Every card of a variant is drawn end to end by the explorer
    # notebook of the session's variant run (tests/reports/test_explorer.py).
    ends = tl.tasks.groupby("section_no")["task_id"].agg(["first", "last"])
    sample = sorted(set(ends["first"]) | set(ends["last"]))
    shown = [cd.card(tl, task_id) for task_id in sample]
    assert [c.task_id for c in shown] == sample
    assert all(c.title.startswith(f"{c.task_id}. ") and c.title in c.html() and c.title in str(c) for c in shown)


@pytest.mark.parametrize(("lang", "all_", "matches", "info"), [
    ("zh", "（全部）", "<b>41</b> 项任务符合条件", "共 _TOTAL_ 项任务"),
    ("en", "(all)", "<b>41</b> tasks match", "_TOTAL_ tasks"),
])
def test_the_explorer_words_come_in_the_notebook_language(lang, all_, matches, info):
    words = cd.explorer_words(lang)
    assert words["all"] == all_ and words["table"]["info"] == info
    assert cd.explorer_matches(41, lang) == matches
    assert cd.explorer_matches(1, "en") == "<b>1</b> task matches"


def test_card_part_headings_are_in_both_languages(bundled):
    shown = cd.card(bundled, 3)
    assert [p.heading for p in shown.parts][:2] == ["部门及角色 · Departments and roles", "涉及街镇及依据 · Towns and basis"]
