"""Tests for qpanalysis.analysis.quality against the bundled 2026 list and made-up tables.

Expected numbers were worked out from the raw file
data/raw/2026_qingpu_rural_construction_tasks.txt (tab-separated; columns 1 序号 … 14 第四季度目标),
by reading the cells or counting them with awk, never by running the functions under test.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis.analysis import quality as q
from qpanalysis.codes import ProblemKind
from qpanalysis.config import BUNDLED_LIST
from qpanalysis.ingest.layout import COLUMNS

INGEST = Path(qp.__file__).parent / "ingest"
N_TASKS = 41


@pytest.fixture(scope="module")
def interp(tl):
    return q.interpretations(tl)


# --- problems ---------------------------------------------------------------------------


def test_every_problem_kind_on_the_bundled_list_is_explained(tl):
    kinds = set(tl.problems["kind"])
    assert kinds, "the bundled list has known problems (e.g. the 政务办 alias); none were reported"
    assert kinds <= set(q.PROBLEM_KINDS)
    for kind in kinds:
        zh, en = q.PROBLEM_KINDS[kind]
        assert zh.strip() and en.strip()


def test_every_kind_the_loader_can_emit_is_explained():
    # The kind is the third argument of problems.add(...) in the modules of ingest/ that build
    # the tables, a member of codes.ProblemKind; a new check added there must get an
    # explanation before it can reach a report.
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted(INGEST.glob("*.py")))
    emitted = set(re.findall(r'problems\.add\(\s*[^,]+?,\s*[^,]+?,\s*ProblemKind\.([A-Z_]+)\b', source, re.S))
    assert {"ALIAS", "TOTAL_MISMATCH", "MISSING_FOOTER", "NO_ENGLISH_NAME"} <= emitted  # the regex works
    assert {ProblemKind[name] for name in emitted} <= set(q.PROBLEM_KINDS)


def test_problem_kinds_are_the_documented_fourteen():
    # scope-from-text is recorded by qpanalysis.ingest.scope (a task placed district-wide by 整区);
    # repeated-name (a name written twice in a cell, read once) and formula (a spreadsheet
    # formula read as its saved value) by qpanalysis.ingest.tables.
    assert set(q.PROBLEM_KINDS) == {
        "alias", "repeated-name", "total-mismatch", "date-outside-plan-year", "empty-field",
        "scope-breakdown-mismatch", "missing-footer", "missing-title", "number-without-unit",
        "unclassified-funding", "milestone-regression", "no-english-name", "scope-from-text", "formula",
    }


def test_missing_title_and_footer_are_reported_and_explained(tmp_path):
    lines = BUNDLED_LIST.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("###") and not line.startswith("全区共涉及")]
    assert len(kept) == len(lines) - 2
    path = tmp_path / "no_title_no_footer.txt"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    report = q.problem_report(qp.load(path))
    assert {"missing-title", "missing-footer"} <= set(report["kind"])
    file_level = report[report["kind"].isin(["missing-title", "missing-footer"])]
    assert file_level["source_line"].isna().all()
    assert file_level["location"].eq("no_title_no_footer.txt").all()
    assert file_level["explanation_en"].str.len().gt(20).all()


def test_problem_report_links_each_problem_to_its_source_line(tl):
    report = q.problem_report(tl)
    raw_lines = BUNDLED_LIST.read_text(encoding="utf-8").splitlines()
    # Six problems in the 2026 list, read off the raw file:
    # line 30 task 16 牵头部门 "区规划资源局、建设管理委、区农业农村委" (建设管理委 is an alias)
    # line 38 task 21 牵头部门 "区民政局、政务办" (政务办 is an alias)
    # line 43 task 23 建设规模 112 + 311 + 200 + 378 = 1001 户, but 建设目标 says 1000 户
    # line 48 task 28 计划完成时间 2025.11 in the 2026 list
    # line 53 task 31 涉及范围 "/", and (the same line) its name 整区建设美丽乡村 places it
    #   district-wide: the basis is read from the text (scope-from-text)
    assert list(zip(report["kind"], report["task_id"], report["source_line"])) == [
        ("alias", 16, 30), ("alias", 21, 38), ("total-mismatch", 23, 43),
        ("date-outside-plan-year", 28, 48), ("empty-field", 31, 53), ("scope-from-text", 31, 53),
    ]
    for line, text in zip(report["source_line"], report["line_text"]):
        assert text == raw_lines[line - 1]
    cells = dict(zip(report["task_id"], report["raw_cell"]))
    assert cells[21] == "区民政局、政务办"
    assert cells[23] == "美丽庭院(户):赵巷镇112、徐泾镇311、练塘镇200、金泽镇378。"
    assert cells[28] == "2025.11"
    assert cells[31] == "/"
    assert report["location"].iloc[0] == "2026_qingpu_rural_construction_tasks.txt:30"


def test_problem_summary_counts_by_kind(tl):
    summary = q.problem_summary(tl)
    assert dict(zip(summary["kind"], summary["problems"])) == {
        "alias": 2, "total-mismatch": 1, "date-outside-plan-year": 1, "empty-field": 1, "scope-from-text": 1,
    }
    assert summary["problems"].sum() == len(tl.problems)


def test_unexplained_kind_is_refused():
    problems = pd.DataFrame({"task_id": [1], "field": ["x"], "kind": ["brand-new-check"], "detail": [""],
                             "source_line": [3]})
    with pytest.raises(ValueError, match="brand-new-check"):
        q.problem_summary(SimpleNamespace(problems=problems))


# --- totals ------------------------------------------------------------------------------


def test_totals_comparison_on_the_bundled_list(tl):
    table = q.totals_comparison(tl)
    by_task_metric = table.set_index(["task_id", "metric"])
    # Task 7 乡村停车场(点)建设(个): 11 + 4 + 16 + 15 + 29 + 53 + 70 + 40 + 8 + 4 = 250; goal 建设250个
    assert by_task_metric.loc[(7, "乡村停车场(点)建设"), "breakdown_sum"] == 250
    assert by_task_metric.loc[(7, "乡村停车场(点)建设"), "status"] == "agrees"
    # Task 18 新改建公共服务设施(个): 18 + 3 + 2 + 3 + 12 + 2 + 5 = 45; goal 45个
    assert by_task_metric.loc[(18, "新改建公共服务设施"), "difference"] == 0
    # Task 23 美丽庭院(户): 112 + 311 + 200 + 378 = 1001; goal 建设1000户 → +1
    row = by_task_metric.loc[(23, "美丽庭院")]
    assert (row["breakdown_sum"], row["stated_total"], row["difference"], row["status"]) == (1001, 1000, 1, "mismatch")
    # Six breakdowns: tasks 7, 8, 18 (two metrics), 23, 28; only task 23 disagrees.
    assert len(table) == 6
    assert (table["status"] == "mismatch").sum() == 1
    q.sanity_check_totals(table, tl.problems)


def test_sanity_check_totals_catches_an_unreported_mismatch():
    table = pd.DataFrame({"task_id": [5], "status": ["mismatch"]})
    problems = pd.DataFrame({"task_id": pd.array([], dtype="Int64"), "kind": pd.Series([], dtype=object)})
    with pytest.raises(ValueError, match=r"\[5\]"):
        q.sanity_check_totals(table, problems)


# --- interpretations ---------------------------------------------------------------------


def test_interpretations_has_one_row_per_task_and_listed_field(tl, interp):
    assert list(interp.columns) == ["task_id", "field", "raw", "parsed", "rule"]
    expected = {(t, f) for t in range(1, N_TASKS + 1) for f in q.INTERPRETED_FIELDS}
    assert set(zip(interp["task_id"], interp["field"])) == expected
    assert len(interp) == N_TASKS * 9  # 41 tasks × 9 fields = 369, no duplicates
    assert set(q.INTERPRETED_FIELDS) == {
        "总投资(万元)", "计划完成时间", "牵头部门", "涉及范围", "建设规模", "资金来源",
        "上半年目标", "第三季度目标", "第四季度目标",
    }


def _field(interp, field):
    return interp[interp["field"] == field].set_index("task_id")


def test_investment_interpretation(interp):
    inv = _field(interp, "总投资(万元)")
    # 9 tasks disclose an amount (3, 4, 6, 11, 14, 17, 27, 28, 36); 41 − 9 = 32 say "/".
    assert inv["rule"].value_counts().to_dict() == {"none-marker": 32, "plain-number": 7, "approx-prefix": 2}
    assert inv.loc[4, "raw"] == "约68916"
    assert inv.loc[4, "parsed"] == "68,916 万元 (approx)"
    assert inv.loc[28, "parsed"] == "830.14 万元"
    assert inv.loc[1, "parsed"] == "NaN"


def test_due_interpretation(interp):
    due = _field(interp, "计划完成时间")
    assert due.loc[28, "raw"] == "2025.11"
    assert due.loc[28, "parsed"] == "2025-11"
    assert due.loc[28, "rule"] == "year-month+outside-plan-year"
    assert due.loc[5, "parsed"] == "2026-09"  # raw 2026.9
    assert (due["rule"] == "year-month").sum() == 40


def test_department_interpretation(interp):
    dept = _field(interp, "牵头部门")
    assert set(dept.index[dept["rule"].str.contains("alias")]) == {16, 21}
    assert dept.loc[21, "raw"] == "区民政局、政务办"
    assert dept.loc[21, "parsed"] == "区民政局、区政务办 (written 政务办)"


def test_scope_interpretation(interp):
    scope = _field(interp, "涉及范围")
    # Raw 涉及范围: 13 × "11个街镇" + 1 × "11个街镇及所属村居" = 14 district-wide; 16 × 相关街镇, of which
    # tasks 7, 8, 18, 23 have a per-town 建设规模 breakdown → 4 from-breakdown, 12 unresolved;
    # explicit lists: 3 + 2 + 1 + 1 + 1 + 1 + 1 = 10; task 31 "/", district-wide by its name (整区).
    assert scope["rule"].value_counts().to_dict() == {
        "district-wide": 14, "related-towns-unresolved": 12, "explicit": 10, "from-breakdown": 4,
        "none-marker+district-wide-by-text": 1,
    }
    assert scope.loc[23, "parsed"] == "from-breakdown: 赵巷镇、徐泾镇、练塘镇、金泽镇"


def test_scale_interpretation(interp):
    scale = _field(interp, "建设规模")
    assert (scale["rule"] == "none-marker").sum() == 13  # 13 tasks write "/" in 建设规模
    assert scale.loc[23, "parsed"].startswith("美丽庭院 = Σ 1001 户 (4 towns:")
    assert scale.loc[11, "parsed"] == "老旧供水管网改造 = 2.2 公里"  # raw 老旧供水管网改造(公里):2.2
    assert scale.loc[11, "rule"] == "labelled-total"
    assert scale.loc[5, "rule"] == "prose-number"  # raw 共5个乡村振兴示范村。


def test_funding_interpretation(interp):
    funding = _field(interp, "资金来源")
    assert (funding["rule"] == "none-marker").sum() == 12  # 12 tasks write "/" in 资金来源
    assert funding.loc[6, "parsed"] == "central, municipal"  # raw 中央、市级财政
    assert funding.loc[37, "parsed"] == "town, village, self-raised"  # raw 镇级统筹、村级自筹


def test_target_interpretation(interp):
    h1, q3, q4 = (_field(interp, f) for f in ("上半年目标", "第三季度目标", "第四季度目标"))
    # Q3 and Q4 both empty in tasks 1 5 12 16 19 24 25 30 32 38 39 (awk on columns 13, 14).
    whole_year = {1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39}
    assert set(h1.index[h1["rule"].str.contains("whole-year")]) == whole_year
    assert set(q3.index[q3["rule"] == "empty-cell"]) == whole_year
    assert h1.loc[3, "parsed"] == "percent 20%"  # 进度达到20%
    assert h1.loc[4, "rule"] == "several-percents"  # 60% and 20% for two batches
    assert h1.loc[5, "parsed"] == "quantity 5 个; applies to the whole year"
    assert q3.loc[11, "parsed"] == "quantity 2.2 公里"  # 累计完成2.2公里
    assert "cumulative" in q3.loc[11, "rule"].split("+")
    assert q4.loc[11, "rule"] == "none-marker"  # Q4 of task 11 is "/"
    assert set(q4.index[q4["rule"].str.contains("indicator-percent")]) == {20, 35}


def test_rule_counts_count_every_rule_once_per_value(interp):
    counts = q.rule_counts(interp).set_index(["field", "rule"])["values"]
    assert counts[("总投资(万元)", "none-marker")] == 32
    assert counts[("上半年目标", "whole-year")] == 11
    # Every value carries at least one rule, so each field's counts reach the 41 tasks.
    per_field = counts.groupby(level="field").sum()
    assert (per_field >= N_TASKS).all()


def test_none_marker_is_explained_per_field(interp):
    # "/" is written in 建设规模 (13), 资金来源 (12), 总投资 (32), 涉及范围 (task 31) and
    # 第四季度目标 (task 11): each gets its own field's explanation, and only 总投资 speaks of
    # an amount (before, every one said "总投资记为NaN").
    table = q.rule_counts(interp)
    slash = table[table["rule"] == "none-marker"].set_index("field")
    assert slash["values"].to_dict() == {"建设规模": 13, "资金来源": 12, "总投资(万元)": 32, "涉及范围": 1,
                                         "第四季度目标": 1}
    for lang in ("zh", "en"):
        texts = slash[f"explanation_{lang}"]
        assert texts.is_unique, texts
        assert [f for f, text in texts.items() if "NaN" in text] == ["总投资(万元)"]
    assert "never 0" in slash.at["总投资(万元)", "explanation_en"] and "不记为0" in slash.at["总投资(万元)", "explanation_zh"]
    assert "整区" in slash.at["涉及范围", "explanation_zh"] and "unspecified" in slash.at["涉及范围", "explanation_en"]
    assert "Q4 milestone" in slash.at["第四季度目标", "explanation_en"] and "第四季度" in slash.at["第四季度目标", "explanation_zh"]
    assert "not stated" in slash.at["建设规模", "explanation_en"] and "not stated" in slash.at["资金来源", "explanation_en"]
    # rules other than "/" keep their one explanation whatever the field
    assert table.loc[table["rule"] == "approx-prefix", "explanation_en"].item() == q.RULES["approx-prefix"][1]


def test_every_interpreted_field_explains_its_slash_in_both_languages():
    assert set(q.NONE_MARKER_EXPLANATIONS) == set(q.INTERPRETED_FIELDS)
    for field, (zh, en) in q.NONE_MARKER_EXPLANATIONS.items():
        assert zh.startswith("“/”") and en.startswith("“/”"), field
        assert zh != q.RULES["none-marker"][0] and en != q.RULES["none-marker"][1]


def test_sanity_check_interpretations_finds_a_missing_row(interp):
    with pytest.raises(ValueError, match="lacks 1"):
        q.sanity_check_interpretations(interp.iloc[1:], range(1, N_TASKS + 1))
    bad = interp.copy()
    bad.loc[0, "rule"] = "guesswork"
    with pytest.raises(ValueError, match="guesswork"):
        q.sanity_check_interpretations(bad, range(1, N_TASKS + 1))


def test_interpretations_on_a_made_up_list():
    tasks = pd.DataFrame({
        "task_id": [1, 2], "investment_raw": ["约12.5", "/"], "investment_wan": [12.5, float("nan")],
        "investment_is_approx": [True, False], "due": pd.PeriodIndex(["2026-06", "2027-01"], freq="M"),
        "scale": ["路(公里):3", "/"], "funding_source": ["区级", "说明文字"], "scope": ["金泽", "11个街镇"],
        "due_raw": ["2026.6", "2027.1"], "name": ["a", "b"], "goal": ["", ""], "content": ["", ""],
        "departments_raw": ["区农业农村委", "区财政局、政务办"],
        "standard": ["", ""], "h1_target": ["完成50%", "完成30%"], "q3_target": ["", "完成20%"],
        "q4_target": ["", "/"],
    }).set_index("task_id", drop=False)
    tl = SimpleNamespace(
        tasks=tasks, plan_year=2026,
        departments=pd.DataFrame({"task_id": [1, 2, 2], "department": ["区农业农村委", "区财政局", "区政务办"],
                                  "raw_name": ["区农业农村委", "区财政局", "政务办"], "order": [1, 1, 2]}),
        towns=pd.DataFrame({"task_id": [1, 2], "town": ["金泽镇", "朱家角镇"], "basis": ["explicit", "district-wide"]}),
        quantities=pd.DataFrame({"task_id": [1], "metric": ["路"], "unit": ["公里"], "town": [None],
                                 "quantity": [3.0], "source_text": ["路(公里):3"], "labelled": [True]}),
        funding=pd.DataFrame({"task_id": [1], "level": ["district"]}),
        milestones=pd.DataFrame({
            "task_id": [1, 1, 1, 2, 2, 2], "period": ["H1", "Q3", "Q4"] * 2,
            "text": ["完成50%", "", "", "完成30%", "完成20%", "/"],
            "kind": ["percent", "none", "none", "percent", "percent", "none"],
            "target_pct": [50.0, None, None, 30.0, 20.0, None], "target_quantity": [None] * 6,
            "target_unit": [None] * 6, "applies_to": ["year", "period", "period", "period", "period", "period"],
            "pct_values": ["50", "", "", "30", "20", ""], "indicator_pct_values": [""] * 6,
            "cumulative": [False] * 6, "approx": [False] * 6,
        }),
        problems=pd.DataFrame({"task_id": [1], "field": ["涉及范围"], "kind": ["alias"], "detail": [""],
                               "source_line": [3]}),
        lines=pd.DataFrame({"line": [1], "kind": ["blank"], "task_id": [None], "text": [""]}),
    )
    out = q.interpretations(tl).set_index(["task_id", "field"])
    assert out.loc[(1, "总投资(万元)"), "parsed"] == "12.5 万元 (approx)"
    assert out.loc[(2, "计划完成时间"), "rule"] == "year-month+outside-plan-year"
    assert out.loc[(2, "牵头部门"), "raw"] == "区财政局、政务办"  # tasks.departments_raw, as written
    assert out.loc[(2, "牵头部门"), "rule"] == "alias+split-names"
    assert out.loc[(1, "涉及范围"), "rule"] == "explicit+alias"  # 金泽 → 金泽镇, an alias problem of task 1
    assert out.loc[(2, "涉及范围"), "rule"] == "district-wide"
    assert out.loc[(2, "资金来源"), "rule"] == "unclassified"
    assert out.loc[(1, "上半年目标"), "rule"] == "completion-percent+whole-year"
    assert out.loc[(2, "第四季度目标"), "rule"] == "none-marker"


# --- completeness ------------------------------------------------------------------------


def test_completeness_on_the_bundled_list(tl):
    table = q.completeness(q.field_status(tl)).set_index("field")
    # Counted with awk on the raw columns ("/" | empty): 建设规模 13|0, 资金来源 12|0, 总投资 32|0,
    # 涉及范围 1|0, 第三季度目标 0|11, 第四季度目标 1|11; every other field is filled in all 41 rows.
    assert table.loc["总投资(万元)", ["filled", "none_marker", "empty"]].tolist() == [9, 32, 0]  # 41 − 32 = 9
    assert table.loc["建设规模", ["filled", "none_marker", "empty"]].tolist() == [28, 13, 0]
    assert table.loc["资金来源", ["filled", "none_marker", "empty"]].tolist() == [29, 12, 0]
    assert table.loc["涉及范围", ["filled", "none_marker", "empty"]].tolist() == [40, 1, 0]
    assert table.loc["第三季度目标", ["filled", "none_marker", "empty"]].tolist() == [30, 0, 11]
    assert table.loc["第四季度目标", ["filled", "none_marker", "empty"]].tolist() == [29, 1, 11]  # 41 − 1 − 11
    assert table.loc["牵头部门", "filled"] == N_TASKS
    assert len(table) == 13  # every published column except 序号
    assert (table["tasks"] == N_TASKS).all()


def test_source_cells_are_the_published_cells(tl):
    cells = q.source_cells(tl).set_index(["task_id", "field"])["raw"]
    raw_lines = BUNDLED_LIST.read_text(encoding="utf-8").split("\n")
    assert cells[(16, "牵头部门")] == raw_lines[30 - 1].split("\t")[2] == "区规划资源局、建设管理委、区农业农村委"
    assert len(cells) == N_TASKS * 13  # every published column but 序号
    for column in ("scale", "funding_source", "investment_raw", "scope", "due_raw", "q4_target"):
        header = next(h for h, c in COLUMNS.items() if c == column)
        assert cells.xs(header, level="field").sort_index().tolist() == tl.tasks[column].tolist()
