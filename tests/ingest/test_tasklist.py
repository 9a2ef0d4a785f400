"""Figures of the bundled 2026 list, each worked out by hand from the source file."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import qpanalysis as qp


def test_task_count_and_shape(bundled):
    # Task rows are numbered 1…41 and the footer says 全区共涉及乡村建设任务41项。
    assert bundled.tasks.shape[0] == 41
    assert list(bundled.tasks.index) == list(range(1, 42))
    assert bundled.plan_year == 2026  # title: ### 2026 年度青浦区乡村建设行动任务清单


def test_tasks_per_section(bundled):
    # 一 tasks 1–3; 二 4–6; 三 7–17; 四 18–22; 五 23–31; 六 32–35; 七 36–41
    # 3 + 3 + 11 + 5 + 9 + 4 + 6 = 41
    counts = bundled.tasks.groupby("section_no").size().to_dict()
    assert counts == {1: 3, 2: 3, 3: 11, 4: 5, 5: 9, 6: 4, 7: 6}
    assert bundled.tasks.loc[7, "section"] == "提高农村基础设施完备度"


def test_every_line_accounted_for(bundled, bundled_text):
    # 70 lines: 1 title, 9 header rows, 7 section rows, 41 tasks, 1 footer, 11 blank lines.
    kinds = bundled.lines["kind"].value_counts().to_dict()
    assert kinds == {"task": 41, "blank": 11, "header": 9, "section": 7, "title": 1, "footer": 1}
    assert len(bundled.lines) == len(bundled_text.split("\n")) == 70
    # Lines 1–2 blank, 3 the title, 4 blank, 5 the header, 6 section 一, 7 task 1.
    assert bundled.tasks.loc[1, "source_line"] == 7
    assert bundled_text.split("\n")[7 - 1].startswith("1\t强化规划引领")


def test_source_line_points_at_the_task(bundled, bundled_text):
    lines = bundled_text.split("\n")
    for task_id, row in bundled.tasks.iterrows():
        assert lines[row["source_line"] - 1].split("\t")[0] == str(task_id)


def test_investment_sums(bundled):
    tasks = bundled.tasks
    disclosed = tasks["investment_wan"].dropna()
    # Amounts stated: task 3 278138; 4 约68916; 6 约2808; 11 69.7; 14 13; 17 140;
    # 27 10478.4; 28 830.14; 36 240. The other 32 tasks say "/".
    assert sorted(disclosed.index) == [3, 4, 6, 11, 14, 17, 27, 28, 36]
    # 278138 + 68916 + 2808 + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 361633.24
    assert math.isclose(disclosed.sum(), 361633.24)
    approx = tasks.loc[tasks["investment_is_approx"], "investment_wan"]
    # 约68916 + 约2808 = 71724
    assert sorted(approx.index) == [4, 6] and approx.sum() == 71724
    by_section = tasks.groupby("section_no")["investment_wan"].sum(min_count=1)
    # 一: 278138; 二: 68916 + 2808 = 71724; 三: 69.7 + 13 + 140 = 222.7;
    # 五: 10478.4 + 830.14 = 11308.54; 七: 240; 四 and 六 disclose nothing.
    assert by_section[1] == 278138
    assert by_section[2] == 71724
    assert math.isclose(by_section[3], 222.7)
    assert math.isclose(by_section[5], 11308.54)
    assert by_section[7] == 240
    assert pd.isna(by_section[4]) and pd.isna(by_section[6])
    assert tasks.loc[4, "investment_raw"] == "约68916"  # the raw text is kept


def test_departments(bundled):
    deps = bundled.departments
    # Tasks with three departments: 1, 7, 12, 16, 24 (5 × 3 = 15 rows);
    # with two: 4, 13, 14, 18, 21, 26, 38 (7 × 2 = 14 rows); the other 29 tasks one each.
    # 15 + 14 + 29 = 58 rows.
    assert len(deps) == 58
    assert deps.groupby("task_id").size().value_counts().to_dict() == {1: 29, 2: 7, 3: 5}
    assert deps["department"].nunique() == 21
    lead = deps[deps["role"] == "lead"]["department"].value_counts()
    co = deps[deps["role"] == "co-lead"]["department"].value_counts()
    # 区农业农村委 leads tasks 4 5 6 7 8 14 18 23 29 30 32 33 34 35 37 (15) and is
    # co-lead on 1, 12, 16, 24 (4).
    assert lead["区农业农村委"] == 15 and co["区农业农村委"] == 4
    # 区建设管理委 leads 9, 10, 15, 17 and co-leads 1, 12 and 16 (written 建设管理委 there).
    assert lead["区建设管理委"] == 4 and co["区建设管理委"] == 3
    # 区规划资源局 leads 1, 2, 3, 16 and co-leads 7.
    assert lead["区规划资源局"] == 4 and co["区规划资源局"] == 1
    assert bundled.tasks.loc[16, "departments"] == ("区规划资源局", "区建设管理委", "区农业农村委")
    assert bundled.tasks.loc[21, "lead_department"] == "区民政局"
    assert deps.set_index(["task_id", "department"]).loc[(21, "区政务办"), "raw_name"] == "政务办"


def test_towns_by_basis(bundled):
    towns = bundled.towns
    per_basis = towns.groupby("basis")["task_id"].nunique().to_dict()
    # 11个街镇 (incl. 11个街镇及所属村居, task 22): tasks 1 12 14 20 22 24 25 26 35 36 38 39 40 41 = 14,
    #   plus task 31 (scope "/", named 整区建设美丽乡村: district-wide by its text) = 15
    # 相关街镇 with a per-town breakdown: tasks 7, 8, 18, 23 = 4
    # explicit names: tasks 2 3 4 5 11 27 28 30 32 33 = 10
    # 相关街镇 without breakdown: 6 9 10 13 15 16 17 19 21 29 34 37 = 12
    assert per_basis == {"district-wide": 15, "from-breakdown": 4, "explicit": 10, "unspecified": 12}
    # rows: 15 × 11 + (10 + 9 + 11 + 4) + (2+1+4+4+3+1+2+4+4+2) + 12 = 165 + 34 + 27 + 12 = 238
    assert len(towns) == 238
    # Task 18's two breakdowns together name all 11 街镇 (盈浦街道 only in the elderly-care one).
    assert towns[towns["task_id"] == 18]["town"].nunique() == 11
    assert set(towns[towns["task_id"] == 33]["town"]) == {"白鹤镇", "现代农业园区"}
    # Task 31 reaches the 11 街镇 (not 现代农业园区), its scope kept as published.
    task_31 = towns[towns["task_id"] == 31]
    assert len(task_31) == 11 and set(task_31["basis"]) == {"district-wide"}
    assert "现代农业园区" not in set(task_31["town"]) and set(task_31["raw_scope"]) == {"/"}


def test_per_town_breakdown_sums(bundled):
    q = bundled.quantities.dropna(subset=["town"])
    sums = q.groupby(["task_id", "metric"])["quantity"].sum()
    # Task 7 parking: 11+4+16+15+29+53+70+40+8+4 = 250
    assert sums[(7, "乡村停车场(点)建设")] == 250
    # Task 8 signage villages: 1+1+1+4+5+3+2+1+7 = 25
    assert sums[(8, "公共标识标牌")] == 25
    # Task 18 facilities: 18+3+2+3+12+2+5 = 45; elderly-care stations: 8 × 1 = 8
    assert sums[(18, "新改建公共服务设施")] == 45
    assert sums[(18, "家门口养老服务站")] == 8
    # Task 23 courtyards: 112+311+200+378 = 1001, while the goal says 1000
    assert sums[(23, "美丽庭院")] == 1001
    # Task 28 forest parks: 1+1 = 2
    assert sums[(28, "休闲森林公园")] == 2


def test_totals_against_goal(bundled):
    totals = bundled.totals.set_index(["task_id", "metric"])
    assert totals.loc[(23, "美丽庭院"), "stated_total"] == 1000  # 建设1000户乡村美丽庭院
    assert not totals.loc[(23, "美丽庭院"), "agrees"]
    # 250, 25, 45, 8 and 2 agree with their goals.
    assert totals["agrees"].sum() == 5


def test_quantities_without_towns(bundled):
    q = bundled.quantities.set_index(["task_id", "metric"])
    assert q.loc[(11, "老旧供水管网改造"), "quantity"] == 2.2  # 老旧供水管网改造(公里):2.2
    assert q.loc[(11, "老旧供水管网改造"), "unit"] == "公里"
    assert q.loc[(9, "农村公路提档升级"), "quantity"] == 20
    # Task 10 has four labelled figures separated by spaces: 5 公里, 2 公里, 10 个, 2 座.
    assert bundled.quantities[bundled.quantities["task_id"] == 10]["quantity"].tolist() == [5, 2, 10, 2]
    # Task 33: 11 亩, 55.40 亩, 两座 = 2 座
    assert bundled.quantities[bundled.quantities["task_id"] == 33]["quantity"].tolist() == [11, 55.4, 2]


def test_problems(bundled):
    problems = bundled.problems
    found = sorted(zip(problems["task_id"], problems["kind"]))
    assert found == [
        (16, "alias"),  # 建设管理委 → 区建设管理委
        (21, "alias"),  # 政务办 → 区政务办
        (23, "total-mismatch"),  # 1000 stated, 1001 in the breakdown
        (28, "date-outside-plan-year"),  # 计划完成时间 2025.11
        (31, "empty-field"),  # 涉及范围 "/"
        (31, "scope-from-text"),  # … but 任务名称 整区建设美丽乡村: district-wide by its text
    ]
    # The raw value stays in tasks.
    assert bundled.tasks.loc[28, "due"] == pd.Period("2025-11", "M")
    assert bundled.tasks.loc[28, "due_raw"] == "2025.11"
    assert (problems["source_line"] == problems["task_id"].map(bundled.tasks["source_line"])).all()


def test_due_months(bundled):
    due = bundled.tasks["due"].astype(str).value_counts().to_dict()
    # 2026.9: task 5; 2026.10: task 23; 2026.11: tasks 7, 8, 18; 2025.11: task 28; others 2026.12
    assert due == {"2026-12": 35, "2026-11": 3, "2026-10": 1, "2026-09": 1, "2025-11": 1}


def test_milestones(bundled):
    m = bundled.milestones
    assert len(m) == 41 * 3
    year = m[m["applies_to"] == "year"]
    # Only an H1 text: tasks 1 5 12 16 19 24 25 30 32 38 39
    assert sorted(year["task_id"]) == [1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39]
    m = m.set_index(["task_id", "period"])
    assert m.loc[(7, "Q3"), "target_pct"] == 50  # 完成50%
    assert m.loc[(27, "H1"), "target_pct"] == 60  # 形象进度累计完成约60%
    assert m.loc[(11, "Q3"), "target_quantity"] == 2.2  # 累计完成2.2公里
    # Task 7 is due 2026.11, so its Q4 target falls due on 30 November, not 31 December.
    assert m.loc[(7, "Q4"), "due_date"] == pd.Timestamp("2026-11-30")
    # Task 5 (only H1, due 2026.9) is due on 30 September.
    assert m.loc[(5, "H1"), "due_date"] == pd.Timestamp("2026-09-30")


def test_funding_levels(bundled):
    f = bundled.funding
    # 资金来源 is "/" for tasks 1 5 13 16 19 20 22 35 38 39 40 41 (12 tasks): no level.
    assert set(range(1, 42)) - set(f["task_id"]) == {1, 5, 13, 16, 19, 20, 22, 35, 38, 39, 40, 41}
    assert set(f[f["task_id"] == 6]["level"]) == {"central", "municipal"}  # 中央、市级财政
    assert set(f[f["task_id"] == 11]["level"]) == {"town", "self-raised"}  # 街镇自筹
    assert set(f[f["task_id"] == 36]["level"]) == {"central"}  # 中央财政衔接资金


def test_english_names(bundled):
    assert bundled.tasks["name_en"].notna().all()
    assert bundled.tasks["section_en"].notna().all()
    assert bundled.towns.dropna(subset=["town"])["town_en"].notna().all()
    assert bundled.departments["department_en"].notna().all()


@pytest.mark.parametrize("table", ["tasks", "departments", "towns", "quantities", "milestones", "funding", "problems", "totals", "lines"])
def test_tables_have_documented_columns(bundled, table):
    from qpanalysis.ingest.reference import load_reference

    dictionary = load_reference().dictionary
    documented = set(dictionary.loc[dictionary["table"] == table, "column"])
    assert set(getattr(bundled, table).columns) <= documented


def test_title_comes_from_the_title_line_else_the_file_name(bundled, bundled_text, write_list):
    # Line 3 of the bundled file reads "### 2026 年度青浦区乡村建设行动任务清单".
    assert bundled.title == "2026 年度青浦区乡村建设行动任务清单"
    without_title = "\n".join(line for line in bundled_text.split("\n") if not line.startswith("###"))
    tl = qp.load(write_list(without_title, "青浦清单修订版.txt"))
    assert tl.title == "青浦清单修订版"
