"""Exports are safe to open: text a spreadsheet would run as a formula is written as text, numbers stay numbers.

The list under test is the bundled list with the names of tasks 1–4 replaced by four
classic CSV-injection payloads; every writer of the package (qp.to_excel, qp.to_csv, the
progress templates, the figure CSVs) must write them as text.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

import manage  # the checkout's manage.py: whether this is CI
import qpanalysis as qp
from qpanalysis.config import BUNDLED_LIST
from qpanalysis.export.progress_template import write_progress_template
from qpanalysis.export.safe import CSV_ENCODING, mark_text_cells, write_csv

# Task number → the name it gets: a formula with a link, a DDE command, an @-function and
# an arithmetic expression (a spreadsheet would show "y", run a program, 1 and 1).
PAYLOADS = {
    1: '=HYPERLINK("http://x","y")',
    2: "+cmd|' /C calc'!A0",
    3: "@SUM(1)",
    4: "-1+2",
}


def _with_names(text: str, names: dict[int, str]) -> str:
    """The list text with the 任务名称 cell of the given task rows replaced."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        cells = line.split("\t")
        if cells[0].strip().isdigit() and int(cells[0]) in names:
            cells[1] = names[int(cells[0])]
            lines[index] = "\t".join(cells)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The bundled list with the four payloads as task names, written, loaded and checked."""
    text = BUNDLED_LIST.read_text(encoding="utf-8")
    changed = _with_names(text, PAYLOADS)
    # Exactly four lines changed: the payloads replaced the names, nothing else moved.
    assert sum(a != b for a, b in zip(text.split("\n"), changed.split("\n"))) == 4
    path = tmp_path_factory.mktemp("hostile") / "list.txt"
    path.write_text(changed, encoding="utf-8", newline="")
    tl = qp.load(path)
    assert {t: tl.tasks.loc[t, "name"] for t in PAYLOADS} == PAYLOADS
    return tl


def _csv_rows(path) -> list[dict[str, str]]:
    """A CSV file read as text, exactly as a spreadsheet program sees its cells."""
    with open(path, encoding=CSV_ENCODING, newline="") as handle:
        return list(csv.DictReader(handle))


def _sheet_rows(sheet) -> list[dict]:
    """An openpyxl sheet as {header: cell} per row."""
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


def test_to_excel_stores_every_payload_as_a_string_cell_and_numbers_as_numbers(hostile, tmp_path):
    path = qp.to_excel(hostile, tmp_path / "tasks.xlsx")

    book = openpyxl.load_workbook(path)  # not read-only: data_type is what was stored
    rows = {row["task_id"].value: row for row in _sheet_rows(book["tasks"])}
    for task, name in PAYLOADS.items():
        assert rows[task]["name"].data_type == "s"
        assert rows[task]["name"].value == name
        assert rows[task]["name"].quotePrefix
    # No cell of any sheet is a formula.
    assert not [c.coordinate for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    # Numbers stay numbers: task ids, and task 3's 278138 万元 (总投资 column of line 3 of the list).
    assert rows[3]["task_id"].data_type == "n"
    assert rows[3]["investment_wan"].data_type == "n"
    assert rows[3]["investment_wan"].value == 278138
    # Ordinary text is left alone: no quote prefix on task 5's name.
    assert rows[5]["name"].data_type == "s" and not rows[5]["name"].quotePrefix


def test_to_csv_quotes_every_payload_and_leaves_numbers_bare(hostile, tmp_path):
    paths = qp.to_csv(hostile, tmp_path / "csv")

    rows = {row["task_id"]: row for row in _csv_rows(tmp_path / "csv" / "tasks.csv")}
    for task, name in PAYLOADS.items():
        assert rows[str(task)]["name"] == "'" + name
    assert rows["3"]["investment_wan"] == "278138.0"
    assert rows["5"]["name"] == hostile.tasks.loc[5, "name"]  # ordinary text unchanged
    # The payload travels into other tables too (the raw source lines), and nowhere does
    # a cell begin with a formula character.
    for path in paths:
        for row in _csv_rows(path):
            for value in row.values():
                assert not value.startswith(("=", "+", "@", "\t", "\r")), (path.name, value)


def test_progress_templates_write_the_payloads_as_text(hostile, tmp_path):
    csv_path, xlsx_path = write_progress_template(hostile, tmp_path)

    rows = {row["task_id"]: row for row in _csv_rows(csv_path)}
    assert {t: rows[str(t)]["name"] for t in PAYLOADS} == {t: "'" + n for t, n in PAYLOADS.items()}
    cells = {row["task_id"].value: row["name"] for row in _sheet_rows(openpyxl.load_workbook(xlsx_path).active)}
    assert {t: (cells[t].data_type, cells[t].value) for t in PAYLOADS} == {t: ("s", n) for t, n in PAYLOADS.items()}


def test_figure_csv_writes_the_payloads_as_text(hostile, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qpanalysis.charts.style import save_figure

    data = hostile.tasks.loc[list(PAYLOADS), ["name", "investment_wan"]].reset_index()
    fig, ax = plt.subplots()
    ax.bar(range(len(data)), data["task_id"])
    paths = save_figure(fig, "payloads", data, output_dir=tmp_path, formats=("png",))
    plt.close(fig)

    rows = _csv_rows(paths["csv"])
    assert [row["name"] for row in rows] == ["'" + name for name in PAYLOADS.values()]
    assert [row["task_id"] for row in rows] == ["1", "2", "3", "4"]


def test_negative_numbers_stay_numbers_and_text_that_computes_does_not(tmp_path):
    table = pd.DataFrame({"text": ["-1+2", "-", "路灯"], "number": [-1.5, -2.0, 3.0], "mixed": [-7, "-7", None]})

    lines = write_csv(table, tmp_path / "t.csv").read_text(encoding=CSV_ENCODING).splitlines()
    assert lines == ["text,number,mixed", "'-1+2,-1.5,-7", "'-,-2.0,'-7", "路灯,3.0,"]

    sheet = openpyxl.Workbook().active
    sheet.append(["-1+2", -1.5, -7, "=1+2"])
    assert mark_text_cells(sheet) == 2
    assert [(c.data_type, c.value) for c in sheet[1]] == [("s", "-1+2"), ("n", -1.5), ("n", -7), ("s", "=1+2")]


def _soffice() -> str:
    """LibreOffice's soffice; on CI it must be there, elsewhere its absence is a skip naming the package."""
    found = shutil.which("soffice")
    if found is None:
        message = "LibreOffice (Debian package libreoffice-calc) is needed to open the exports"
        if manage.on_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


def test_libreoffice_evaluates_no_formula_in_an_exported_workbook(hostile, tmp_path):
    exported = qp.to_excel(hostile, tmp_path / "tasks.xlsx")
    # The control: the same payload stored as openpyxl stores it by default, a formula,
    # which LibreOffice evaluates to "y". It shows the check below could fail.
    control = openpyxl.Workbook()
    control.active.append(["name"])
    control.active.append([PAYLOADS[1]])
    control.save(tmp_path / "control.xlsx")

    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: other soffice runs may be going on
    subprocess.run(
        [_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path / "out"),
         str(exported), str(tmp_path / "control.xlsx")],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )

    with open(tmp_path / "out" / "control.csv", encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [["name"], ["y"]]
    # LibreOffice writes the first sheet, tasks: every payload is shown as written.
    with open(tmp_path / "out" / "tasks.csv", encoding="utf-8", newline="") as handle:
        rows = {row["task_id"]: row for row in csv.DictReader(handle)}
    assert {t: rows[str(t)]["name"] for t in PAYLOADS} == PAYLOADS
    assert float(rows["3"]["investment_wan"]) == 278138
