"""Every kind of table the reports show, rendered in both languages, reads as a publishable table.

The tables are the ones notebooks 01–05 display and save next to their figures, built from
the bundled list (and, for the progress tables, tests/data/progress/progress_all_statuses.csv).
Expected cells were worked out from data/raw/2026_qingpu_rural_construction_tasks.txt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import allocation as al
from qpanalysis.analysis import investment as inv
from qpanalysis.analysis import sensitivity as sens
from qpanalysis.analysis import progress as prog
from qpanalysis.analysis import quality as q
from qpanalysis.analysis import quarterly as qt
from qpanalysis.analysis import workload as wl
from qpanalysis.codes import APPROX_SUFFIX, LANGS
from qpanalysis.display import tables
from qpanalysis.display.tables import formatted, labelled, table
from qpanalysis.ingest.progress import read_progress
from tests.display.findings_helpers import cached

PROGRESS = Path(__file__).parents[1] / "data" / "progress" / "progress_all_statuses.csv"
# Cells a reader must never see in a report table.
# Header of interpretations' "parsed" column, free text written by the analysis.
PARSED = {"zh": "解析结果", "en": "Parsed"}
RAW_CELLS = {"nan", "NaN", "None", "True", "False", "<NA>", "NaT", "none"}
# Internal codes that must not reach a reader in either language (statuses, bases, rules,
# kinds, periods, roles…): a cell equal to one of them, or made of them joined by "+".
CODES = {
    "exact", "approximate", "not-disclosed", "single-town", "proportional", "equal-split", "district-wide",
    "unattributed", "explicit", "from-breakdown", "unspecified", "lead", "co-lead", "percent", "quantity",
    "qualitative", "period", "year", "agrees", "mismatch", "no-stated-total", "alias", "filled", "none-marker",
    "empty", "H1", "Q3", "Q4", "done", "ahead", "on track", "behind", "no target", "no data", "municipal",
    "district", "town", "central", "village", "self-raised", "whole-year", "split-names", "plain-number",
}


def report_tables(tl) -> dict[str, tuple[pd.DataFrame, dict]]:
    """Every table the report notebooks display or save for a figure: name → (frame, table() options)."""
    cells = cov.coverage_cells(tl.towns, tl.tasks)
    quantities = cov.town_quantities(tl.quantities)
    allocation = al.allocate_investment_to_towns(tl)
    scenarios = sens.allocation_scenarios(tl)
    departments, tasks = tl.departments, tl.tasks
    deadlines = wl.deadlines_by_month(departments, tasks, tl.plan_year)
    sections = wl.section_department_counts(departments, tasks)
    interp = q.interpretations(tl)
    due = qt.milestones_due(tl, "Q3")
    comparison = prog.compare(tl, read_progress(PROGRESS, tl), "2026-09-30")
    per_town = cov.tasks_per_town(cells)
    report = q.problem_report(tl)
    return {
        # 01 investment
        "investment_disclosure": (inv.investment_disclosure(tl), {"of": "investment_disclosure"}),
        "investment_by_section": (inv.investment_by_section(tl), {}),
        "investment_by_department": (inv.investment_by_department(tl), {"of": "investment_by_department"}),
        "investment_by_funding_level": (inv.investment_by_funding_level(tl), {}),
        "funding_level_combinations": (inv.funding_level_combinations(tl), {"of": "funding_level_combinations"}),
        "largest_tasks": (inv.largest_tasks(tl), {}),
        "allocation": (allocation, {"of": "allocate_investment_to_towns"}),
        "investment_by_town": (al.investment_by_town(allocation), {}),
        "formula_split": (sens.formula_split(tl, allocation), {"of": "formula_split"}),
        "allocation_sensitivity": (sens.allocation_sensitivity(scenarios, inv.disclosed_total(tl)),
                                   {"of": "allocation_sensitivity"}),
        "town_sensitivity": (sens.town_sensitivity(scenarios), {"of": "town_sensitivity"}),
        # 02 workload
        "department_workload": (wl.department_workload(departments), {}),
        "department_investment": (wl.department_investment(departments, tasks), {}),
        "section_department_counts": (sections, {}),
        "section_department_matrix": (wl.section_department_matrix(sections), {"of": "section_department_matrix"}),
        "co_lead_edges": (wl.co_lead_edges(departments), {}),
        "problems": (tl.problems, {"of": "problems"}),
        "deadlines_by_month": (deadlines, {}),
        "deadline_matrix": (wl.deadline_matrix(deadlines), {"of": "deadline_matrix"}),
        # 03 coverage
        "tasks_by_basis": (cov.tasks_by_basis(cells), {}),
        "unspecified_tasks": (cov.unspecified_tasks(cells), {}),
        "coverage_cells": (cells, {}),
        "coverage_matrix": (cov.coverage_matrix(cells), {"of": "coverage_matrix"}),
        "tasks_per_town": (per_town, {}),
        "named_tasks": (cov.named_tasks(cells), {"of": "named_tasks"}),
        "town_quantities": (quantities, {}),
        "town_quantity_table": (cov.town_quantity_table(quantities),
                                {"of": "town_quantity_table", "units": cov.metric_units(quantities)}),
        "town_tiles": (cov.town_tiles(per_town), {}),
        # 04 quality
        "problem_summary": (q.problem_summary(tl), {"of": "problems"}),
        "problem_report": (report, {"of": "problems"}),
        "totals_comparison": (q.totals_comparison(tl), {"of": "totals_comparison"}),
        "rule_counts": (q.rule_counts(interp), {"of": "rule_counts"}),
        "interpretations": (interp, {"of": "interpretations"}),
        "completeness": (q.completeness(q.field_status(tl)), {}),
        "field_status": (q.field_status(tl), {"of": "field_status"}),
        # 05 quarterly
        "due_by_section": (qt.due_summary(due, "section"), {}),
        "due_by_department": (qt.due_summary(due, "lead_department"), {}),
        "milestones_due": (due, {}),
        "tasks_due_by": (qt.tasks_due_by(tl, "Q3"), {}),
        "expected_pct": (qt.expected_pct(tl, "2026-09-30"), {}),
        "whole_year_targets": (qt.whole_year_targets(tl), {}),
        "milestones": (tl.milestones, {}),
        "comparison": (comparison, {}),
        "furthest_behind": (prog.furthest_behind(comparison, 10), {}),
        "status_by_department": (prog.status_by(comparison, "lead_department"), {}),
        "status_by_section": (prog.status_by(comparison, "section"), {}),
    }


@pytest.fixture(scope="module")
def tl(bundled):
    return bundled


@pytest.fixture(scope="module")
def every_table(tl):
    return cached(report_tables, tl)  # tests/reports/test_typst.py lays out the same tables


@pytest.fixture(scope="module")
def rendered(every_table):
    return {(key, lang): formatted(frame, lang, **options)
            for key, (frame, options) in every_table.items() for lang in LANGS}


def _cell_texts(shown: pd.DataFrame) -> list[str]:
    return [str(v) for v in shown.to_numpy().ravel()]


def test_every_kind_of_table_is_covered(every_table):
    # 46 tables: 11 of notebook 01, 8 of 02, 9 of 03, 7 of 04, 11 of 05 (with a progress file).
    assert len(every_table) == 46
    assert all(len(frame) for frame, _ in every_table.values())


@pytest.mark.parametrize("lang", LANGS)
def test_no_raw_values_snake_case_or_row_counter(every_table, rendered, lang):
    for key, (frame, _) in every_table.items():
        shown = rendered[key, lang]
        # The loader's own reading of a cell (interpretations' "parsed", e.g. "NaN" for a "/"
        # investment) is analysis output written in English, shown as it is.
        raw = sorted({c for c in _cell_texts(shown.drop(columns=[PARSED[lang]], errors="ignore")) if c in RAW_CELLS})
        assert not raw, f"{key} ({lang}) shows {raw}"
        snake = [c for c in shown.columns if re.search(r"[A-Za-z]+_[A-Za-z]+", str(c))]
        assert not snake, f"{key} ({lang}) has snake_case headers {snake}"
        # No pandas row counter: the first column is a labelled column of the table, and a
        # named index (task, town, department) became one.
        # A flag column of approximate amounts (…_approx) is shown as ≈ on its amounts, not as a column.
        assert len(shown.columns) == len(frame.columns) + sum(n is not None for n in frame.index.names) - sum(
            str(c).endswith("_en") for c in frame.columns) - sum(str(c).endswith(APPROX_SUFFIX) for c in frame.columns)
        assert shown.index.equals(pd.RangeIndex(len(frame)))
        tables.sanity_check_table(shown.drop(columns=[PARSED[lang]], errors="ignore"))


@pytest.mark.parametrize("lang", LANGS)
def test_no_internal_codes_in_cells(rendered, lang):
    for (key, table_lang), shown in rendered.items():
        if table_lang != lang:
            continue
        for column in shown.columns:
            if re.search(r"原文|Chinese|As published|published|Detail|说明|Location|位置|Parsed|解析", column):
                continue  # text as written in the source, or the loader's own notes
            codes = {c for c in shown[column].astype(str) if c in CODES or all(p in CODES for p in c.split("+"))}
            assert not codes, f"{key} ({lang}) column {column!r} shows codes {sorted(codes)}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_chinese_headers_in_english_and_no_english_codes_in_chinese(rendered, lang):
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for (key, table_lang), shown in rendered.items():
        if table_lang != lang:
            continue
        for column in shown.columns:
            if lang == "en":
                # Chinese only in brackets: units such as 万元 are translated, originals bracketed.
                outside = re.sub(r"\([^)]*\)", "", column)
                assert not cjk.search(outside) or key in ("coverage_matrix", "town_quantity_table"), (key, column)
            else:
                assert cjk.search(column) or column.isdigit(), (key, column)


def test_investment_disclosure_numbers_are_formatted(every_table):
    # From column 9 of the raw file: 9 tasks disclose an amount, 2 of them 约 (task 4 约68916 and
    # task 6 约2808: 71,724 万元); 32 say "/". The disclosed total is 278138 + 68916 + 2808 + 69.7
    # + 13 + 140 + 10478.4 + 830.14 + 240 = 361,633.24 万元, so 约 is 71,724 / 361,633.24 = 19.83 %.
    frame, options = every_table["investment_disclosure"]
    zh = formatted(frame, "zh", **options)
    assert zh.columns.tolist() == ["披露情况", "任务数", "总投资（万元）", "占已披露总额（%）"]
    # Every amount of the column has two decimals, because 289,909.24 needs them; the sum of
    # the approximate amounts is marked ≈.
    assert zh.iloc[1].tolist() == ["约数（约）", "2", "≈71,724.00", "19.8"]
    assert zh.iloc[2].tolist() == ["未披露（“/”）", "32", "—", "—"]
    en = formatted(frame, "en", **options)
    assert en.columns.tolist() == ["Disclosure", "Tasks", "Investment (10,000 yuan)", "Share of disclosed total (%)"]
    assert en.iloc[0].tolist() == ["Exact", "7", "289,909.24", "80.2"]  # 361,633.24 − 71,724


def test_every_amount_column_says_10000_yuan_in_english(rendered):
    headers = {c for (key, lang), shown in rendered.items() if lang == "en" for c in shown.columns}
    assert not {h for h in headers if re.search(r"Wan yuan|10k|CNY|万元", h)}
    assert "Investment (10,000 yuan)" in headers and "Allocated (10,000 yuan)" in headers


def test_booleans_and_missing_values(every_table):
    frame, options = every_table["largest_tasks"]
    zh = formatted(frame, "zh", **options)
    en = formatted(frame, "en", **options)
    # Tasks 4 (约68916) and 6 (约2808) are approximate: their amounts are marked ≈ and the
    # flag column is not shown; task 3 (278138) is the largest, 76.9 % of 361,633.24.
    assert zh.loc[zh["序号"] == "6", "总投资（万元）"].item() == "≈2,808.00"
    assert en.loc[en["Task no."] == "4", "Investment (10,000 yuan)"].item() == "≈68,916.00"
    assert not any("约数" in c or "pprox" in c for c in list(zh.columns) + list(en.columns))
    assert zh.iloc[0][["排名", "序号", "总投资（万元）", "占已披露总额（%）"]].tolist() == ["1", "3", "278,138.00", "76.9"]
    # in data files (a figure's CSV) the flag stays a labelled yes/no column next to the number
    data = labelled(frame, "en", **options)
    assert data.loc[data["Task no."] == 4, "Investment (10,000 yuan): includes an approximate (≈) amount"].item() == "Yes"
    totals, options = every_table["totals_comparison"]
    shown = formatted(totals, "en", **options)
    # Task 23 states 1000 courtyards but its towns add up to 1001; tasks 7, 8, 18 (×2), 28 agree.
    assert shown["Check"].tolist() == ["Agrees", "Agrees", "Agrees", "Agrees", "Mismatch", "Agrees"]
    assert shown.loc[shown["Check"] == "Mismatch", "Difference (sum − stated)"].item() == "1"


def test_english_names_keep_the_chinese_original_where_useful(every_table):
    frame, options = every_table["unspecified_tasks"]
    en = formatted(frame, "en", **options)
    # 16 tasks say 相关街镇 (column 10), 4 of them with a per-town breakdown (7, 8, 18, 23); task 31
    # says "/" but its name says 整区 (the whole district), so it is district-wide: 16 - 4 = 12.
    assert len(en) == 16 - 4 and en["Task no."].tolist()[:3] == ["6", "9", "10"]
    assert en.loc[en["Task no."] == "6", "Task"].item() == "Case-by-case public projects (开展农村公益事业建设一事一议项目建设)"
    wide, options = every_table["town_quantity_table"]
    en = formatted(wide, "en", **options)
    assert en.columns[0] == "Town" and "Beautiful courtyards (households)" in en.columns
    # 金泽镇 has 378 of task 23's courtyards.
    assert en.loc[en["Town"] == "Jinze Town", "Beautiful courtyards (households)"].item() == "378"


def test_wide_tables_label_their_value_columns(every_table):
    frame, options = every_table["coverage_matrix"]
    zh = formatted(frame, "zh", **options)
    en = formatted(frame, "en", **options)
    assert zh.columns[0] == "序号" and zh.columns[-1] == "未指明街镇"
    assert en.columns[-1] == "No town specified"
    # Task 6 (相关街镇, no breakdown) sits in the last column; task 31 (scope "/", 整区 in its
    # name) reaches every town district-wide, as task 1 does.
    assert en.loc[en["Task no."] == "6", "No town specified"].item() == "None named"
    assert en.loc[en["Task no."] == "31", "No town specified"].item() == "—"
    assert en.loc[en["Task no."] == "31", "Jinze Town"].item() == "District"
    assert zh.loc[zh["序号"] == "1", "金泽镇"].item() == "全区"
    assert en.loc[en["Task no."] == "1", "Modern Agricultural Park"].item() == "—"
    deadlines, options = every_table["deadline_matrix"]
    en = formatted(deadlines, "en", **options)
    assert en.columns[0] == "Department" and "Nov 2025" in en.columns and en.columns[-1] == "Total"
    sections, options = every_table["section_department_matrix"]
    assert formatted(sections, "zh", **options).columns[1:4].tolist() == ["板块1", "板块2", "板块3"]


def test_percentages_are_rounded_to_a_tenth(every_table):
    frame, options = every_table["department_workload"]
    shown = formatted(frame, "en", **options)
    # 区农业农村委 leads or co-leads most tasks; every share has at most two decimals.
    assert shown.iloc[0]["Department"] == "Agriculture and Rural Affairs Commission"  # the name figures use too
    assert all(re.fullmatch(r"\d+\.\d", v) for v in shown["Weighted share of all tasks (%)"])
    assert all(re.fullmatch(r"\d+(\.\d{1,2})?", v) for v in shown["Weighted task share"])


def test_styler_hides_the_index_and_aligns_numbers_right(every_table):
    frame, options = every_table["investment_by_section"]
    styled = table(frame, "zh", **options)
    html = styled.to_html()
    assert "row_heading" not in html  # no index column
    assert "text-align: right" in html and "text-align: left" in html
    assert "板块" in html and "nan" not in html
    assert repr(styled).splitlines()[0].split()[:2] == ["板块序号", "板块"]
    # The same table renders to the same HTML (stable ids), so committed notebooks do not churn.
    assert table(frame, "zh", **options).to_html() == html


def test_links_and_escaping():
    frame = pd.DataFrame({"task_id": [1], "location": ["list.txt:5"], "detail": ["<b>x</b>"]})
    html = table(frame, "en", of="problems", links={"location": ["list.txt"]}).to_html()
    assert '<a href="list.txt" target="_blank">list.txt:5</a>' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_labelled_keeps_numbers_for_csv(every_table):
    frame, options = every_table["investment_by_section"]
    data = labelled(frame, "en", **options)
    assert data.columns.tolist()[:3] == ["Section no.", "Section", "Tasks"]
    assert data["Section"].iloc[0] == "Strengthen rural planning guidance"
    assert pd.api.types.is_numeric_dtype(data["Investment (10,000 yuan)"])
    assert data["Investment (10,000 yuan)"].sum() == pytest.approx(361633.24)
    assert data["Share of disclosed total (%)"].sum() == pytest.approx(100)
    zh = labelled(frame, "zh", **options)
    assert zh.columns[1] == "板块" and zh["板块"].iloc[0] == "强化乡村规划引领先导"


def test_unlabelled_column_and_unknown_code_are_errors():
    with pytest.raises(ValueError, match="column 'mystery' has no label"):
        formatted(pd.DataFrame({"mystery": [1]}), "zh")
    with pytest.raises(ValueError, match="'late' has no label of kind 'progress_status'"):
        formatted(pd.DataFrame({"status": ["late"]}), "en")
    with pytest.raises(ValueError, match="lang must be one of"):
        formatted(pd.DataFrame({"tasks": [1]}), "fr")


def _decimals_shown(cell: str) -> int | None:
    """The decimals of a number as shown (≈ and thousands separators allowed); None for other text."""
    match = re.fullmatch(r"≈?-?[\d,]+(?:\.(\d+))?", cell)
    return None if match is None else len(match.group(1) or "")


def test_amounts_in_one_table_share_one_number_of_decimals(every_table):
    # By town and rule, from the raw file: Jinze Town alone is named by task 3 (278,138) and
    # task 27 (10,478.4): 288,616.4; Liantang Town gets half of task 28's 830.14 by its scale
    # breakdown: 415.07, which needs two decimals, so every amount of the table has two,
    # the district-wide 13 + 240 = 253 and the unattributed ≈2,948 (约2,808 + 140) too.
    frame, options = every_table["investment_by_town"]
    shown = formatted(frame, "en", **options).set_index("Town")
    assert shown.loc["Jinze Town"].tolist()[:3] == ["288,616.40", "—", "≈17,229.00"]
    assert shown.loc["Liantang Town", "Proportional (10,000 yuan)"] == "415.07"
    assert shown.loc["District-wide (not attributable)", "District-wide (not split; 10,000 yuan)"] == "253.00"
    assert shown.loc["No town specified", "Unattributed (10,000 yuan)"] == "≈2,948.00"
    # The sensitivity table: 68,985.7 (task 4's 约68,916 + task 11's 69.7 split equally) beside
    # 358,432.24 reads 68,985.70; its percentages keep their one decimal.
    frame, options = every_table["allocation_sensitivity"]
    row = formatted(frame, "en", **options).iloc[0]
    assert row["Attributed by assumption (10,000 yuan)"] == "≈68,985.70"
    assert row["Attributed by assumption (%)"] == "19.1"


@pytest.mark.parametrize("lang", LANGS)
def test_every_column_and_every_unit_of_a_table_has_one_number_of_decimals(every_table, lang):
    unit = {"zh": "万元）", "en": "10,000 yuan)"}[lang]
    for key, (frame, options) in every_table.items():
        model = table(frame, lang, **options).model
        amounts = set()
        for position, column in enumerate(model.columns):
            if model.align[position] != "right":  # text (a target as published, say) is not formatted
                continue
            digits = {_decimals_shown(row[position]) for row in model.rows} - {None}
            assert len(digits) <= 1, (key, column, digits)  # one number of decimals per column
            if column.endswith(unit):
                amounts |= digits
        assert len(amounts) <= 1, (key, amounts)  # and one for all the table's amounts
