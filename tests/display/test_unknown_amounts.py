"""Unknown is never zero: an amount no task discloses reads "—" in report tables and is empty in CSV and xlsx.

The bundled list's sections 4 (tasks 18–22) and 6 (tasks 32–35) and 11 of its 17 lead
departments disclose no amount (every one of their tasks says "/" in 总投资): before, the
investment report printed "0.00 / 0.0%" for them.
"""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from bs4 import BeautifulSoup

from qpanalysis.analysis import investment as inv
from qpanalysis.display.labels import label
from qpanalysis.display.tables import formatted, labelled
from qpanalysis.export.tables import to_csv, to_excel

# 区卫生健康委 (20, 24), 区发展改革委 (12), 区委宣传部 (40), 区委政法委 (39), 区委社会工作部 (38),
# 区应急局 (22), 区教育局 (19), 区文化旅游局 (41), 区民政局 (21), 区生态环境局 (31), 区邮政管理局 (13):
# lead departments whose tasks all say "/" in 总投资.
SILENT_DEPARTMENTS = {"区卫生健康委", "区发展改革委", "区委宣传部", "区委政法委", "区委社会工作部", "区应急局",
                      "区教育局", "区文化旅游局", "区民政局", "区生态环境局", "区邮政管理局"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_section_table_shows_a_dash_not_zero(bundled, lang):
    shown = formatted(inv.investment_by_section(bundled), lang)
    dash = label("mark", "missing", lang)
    amount = next(c for c in shown.columns if "万元" in c or "10,000 yuan" in c)
    share = shown.columns[-1]
    rows = shown.set_index(shown.columns[0])
    for section in ("4", "6"):
        assert rows.at[section, amount] == dash and rows.at[section, share] == dash
    assert "0" not in set(shown[amount]) and "0.00" not in set(shown[amount]) and "0.0" not in set(shown[share])
    assert rows.at["1", amount] == "278,138.00"  # task 3; two decimals because 222.70 etc. need them


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_department_table_shows_a_dash_for_the_eleven_silent_departments(bundled, lang):
    table = inv.investment_by_department(bundled)
    shown = formatted(table, lang, of="investment_by_department")
    dash = label("mark", "missing", lang)
    amount = next(c for c in shown.columns if "万元" in c or "10,000 yuan" in c)
    silent = table["department"].isin(SILENT_DEPARTMENTS).to_numpy()
    assert silent.sum() == 11
    assert (shown.loc[silent, amount] == dash).all() and (shown.loc[silent, shown.columns[-1]] == dash).all()
    assert (shown.loc[~silent, amount] != dash).all()
    # the count of undisclosed tasks sits beside the amount: 区卫生健康委 leads 2, both "/"
    data = labelled(table, lang, of="investment_by_department")
    not_disclosed = next(c for c in data.columns if c.startswith("未披露") or c.startswith("Tasks not"))
    assert data.loc[(table["department"] == "区卫生健康委").to_numpy(), not_disclosed].item() == 2


def test_undisclosed_amounts_are_empty_in_the_csv_and_xlsx_exports(bundled, tmp_path):
    # task 1's 总投资 is "/", task 3's is 278138
    to_csv(bundled, tmp_path / "csv")
    with (tmp_path / "csv" / "tasks.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, *records = list(csv.reader(handle))
    column = header.index("investment_wan")
    rows = {row[0]: row for row in records}
    assert rows["1"][column] == "" and float(rows["3"][column]) == 278138
    book = load_workbook(to_excel(bundled, tmp_path / "tasks.xlsx"), read_only=True)
    sheet = book["tasks"]
    cells = list(sheet.iter_rows(values_only=True))
    position = list(cells[0]).index("investment_wan")
    by_task = {row[list(cells[0]).index("task_id")]: row[position] for row in cells[1:]}
    assert by_task[1] is None and by_task[3] == 278138
    assert sum(v is None for v in by_task.values()) == 32  # 41 − 9 tasks say "/"


def test_the_investment_report_shows_a_dash_for_unknown_amounts(generated_reports):
    # The English investment report of the session's run on the bundled list (tests/reports/conftest.py).
    page = next(generated_reports.glob("*/en/01_investment.html")).read_text(encoding="utf-8")
    tables = {}
    for found in BeautifulSoup(page, "html.parser").find_all("table"):
        rows = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in found.find_all("tr")]
        tables[rows[0][0]] = rows
    sections = {row[0]: row for row in tables["Section no."][1:]}
    assert sections["4"][-2:] == ["—", "—"] and sections["6"][-2:] == ["—", "—"]  # amount, share
    departments = tables["Department"][1:]
    assert sum(row[-2:] == ["—", "—"] for row in departments) == 11
    for rows in (tables["Section no."], departments):
        # no amount reads 0 (a share may: 区建设管理委's 140 is 0.04% of the total, shown 0.0)
        assert not any(row[-2] in ("0", "0.0", "0.00") for row in rows[1:])
    with (generated_reports.parent / "figures" / "investment_by_section_en.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, *records = list(csv.reader(handle))
    by_section = {row[0]: dict(zip(header, row)) for row in records}
    amount = next(h for h in header if h.startswith("Investment ("))
    # sections 4 and 6: the amount and the share are empty cells, not 0
    assert [by_section[s][amount] for s in ("4", "6")] == ["", ""]
    assert [by_section[s][header[-1]] for s in ("4", "6")] == ["", ""]
    assert float(by_section["7"][amount]) == 240  # section 7 (tasks 36-41): task 36's 240 is its one disclosed amount
