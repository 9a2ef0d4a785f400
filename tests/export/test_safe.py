"""Exports are safe to open: text a spreadsheet would run as a formula is written as text, numbers stay numbers.

The list under test is the bundled list with hostile task names (``tests.variants.HOSTILE_NAMES``:
formulas, a formula behind a carriage return, a full-width ＝, a DDE command, Markdown and
HTML), written as CSV; every writer of the package (qp.to_excel, qp.to_csv, the progress
templates, the figure CSVs) must write them as text, and every CSV must keep one row per
row when read as a spreadsheet reads it: a bare CR or LF outside quotes ends a row.
"""

from __future__ import annotations

import csv
import os
import subprocess

import openpyxl
import pandas as pd
import pytest
from tests.variants import HOSTILE_NAMES, write_hostile

import qpanalysis as qp
from qpanalysis.export.progress_template import write_progress_template
from qpanalysis.export.safe import CSV_ENCODING, mark_text_cells, runs_as_formula, write_csv
from tests.programs import program

# The hostile names a spreadsheet would run as formulas: written with a leading ', stored
# in xlsx as quote-prefixed strings.
FORMULAS = {task: name for task, name in HOSTILE_NAMES.items() if runs_as_formula(name)}
# The names holding a line break, whose second line is a formula: one cell each, never two rows.
BROKEN = {task: name for task, name in HOSTILE_NAMES.items() if "\r" in name or "\n" in name}
# The CSV files the package writes for a list (qp.to_csv): one per table and the data dictionary.
CSV_TABLES = 10


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The bundled list with the hostile names, written as CSV, loaded and checked."""
    tl = qp.load(write_hostile(tmp_path_factory.mktemp("hostile")))
    assert {t: tl.tasks.loc[t, "name"] for t in HOSTILE_NAMES} == HOSTILE_NAMES
    # The fixture has what the tests need: formulas (= + and full-width ＝) and names with CR and LF.
    assert {2, 7} == set(BROKEN) and {1, 5, 6} == set(FORMULAS)
    return tl


def spreadsheet_rows(text: str) -> list[list[str]]:
    """CSV text read as a spreadsheet program reads it: a CR, LF or CRLF outside quotes ends a row.

    A field is quoted when it starts with ``"``; ``""`` inside quotes is one quote.
    """
    rows: list[list[str]] = []
    row: list[str] = []
    field: list[str] = []
    quoted, opened, index = False, False, 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == '"' and text[index + 1:index + 2] == '"':
                field.append('"')
                index += 1
            elif char == '"':
                quoted = False
            else:
                field.append(char)
        elif char == '"' and not field and not opened:
            quoted = opened = True
        elif char == ",":
            row.append("".join(field))
            field, opened = [], False
        elif char in "\r\n":
            row.append("".join(field))
            rows.append(row)
            row, field, opened = [], [], False
            if char == "\r" and text[index + 1:index + 2] == "\n":
                index += 1
        else:
            field.append(char)
        index += 1
    if field or row:
        row.append("".join(field))
        rows.append(row)
    return rows


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_safe_csv(path, rows: int | None = None) -> list[list[str]]:
    """Read a CSV as a spreadsheet does; assert it has ``rows`` data rows (as a CSV parser reads
    them) and that no cell would run as a formula. Returns the rows, header first."""
    read = spreadsheet_rows(path.read_bytes().decode(CSV_ENCODING))  # no newline translation
    with open(path, encoding=CSV_ENCODING, newline="") as handle:
        parsed = list(csv.reader(handle))
    assert read == parsed, f"{path.name}: a line break outside quotes splits a row"
    if rows is not None:
        assert len(read) == 1 + rows, path.name
    width = len(read[0])
    assert all(len(row) == width for row in read), path.name
    formulas = [cell for row in read for cell in row if runs_as_formula(cell) and not _is_number(cell)]
    assert not formulas, (path.name, formulas)
    return read


def _csv_rows(path) -> list[dict[str, str]]:
    """A CSV file read as text, exactly as a spreadsheet program sees its cells."""
    header, *rows = assert_safe_csv(path)
    return [dict(zip(header, row)) for row in rows]


def _sheet_rows(sheet) -> list[dict]:
    """An openpyxl sheet as {header: cell} per row."""
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


def test_the_reader_sees_the_attack_in_a_csv_written_as_pandas_writes_it(hostile, tmp_path):
    # The control: pandas' own CSV leaves the name with a bare CR unquoted, and a
    # spreadsheet starts a new row at it, with "=1+2" in its first cell.
    path = tmp_path / "plain.csv"
    hostile.tasks[["name"]].to_csv(path, encoding=CSV_ENCODING)
    rows = spreadsheet_rows(path.read_bytes().decode(CSV_ENCODING))
    assert len(rows) > 1 + len(hostile.tasks)
    assert ["=1+2"] in rows
    with pytest.raises(AssertionError):
        assert_safe_csv(path, len(hostile.tasks))


def test_to_excel_stores_every_payload_as_a_string_cell_and_numbers_as_numbers(hostile, tmp_path):
    path = qp.to_excel(hostile, tmp_path / "tasks.xlsx")

    book = openpyxl.load_workbook(path)  # not read-only: data_type is what was stored
    rows = {row["task_id"].value: row for row in _sheet_rows(book["tasks"])}
    for task, name in HOSTILE_NAMES.items():
        assert rows[task]["name"].data_type == "s"
        # openpyxl writing through lxml keeps a CR as &#13;; without lxml, XML reads it back as LF.
        assert rows[task]["name"].value in (name, name.replace("\r", "\n"))
        assert bool(rows[task]["name"].quotePrefix) == (task in FORMULAS), task
    # No cell of any sheet is a formula.
    assert not [c.coordinate for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    # Numbers stay numbers: task ids, and task 3's 278138 万元 (总投资 column of line 3 of the list).
    assert rows[3]["task_id"].data_type == "n"
    assert rows[3]["investment_wan"].data_type == "n"
    assert rows[3]["investment_wan"].value == 278138
    # Ordinary text is left alone: no quote prefix on task 8's name.
    assert rows[8]["name"].data_type == "s" and not rows[8]["name"].quotePrefix


def test_to_csv_quotes_every_text_field_and_marks_every_formula(hostile, tmp_path):
    paths = qp.to_csv(hostile, tmp_path / "csv")
    assert len(paths) == CSV_TABLES

    rows = {row["task_id"]: row for row in _csv_rows(tmp_path / "csv" / "tasks.csv")}
    assert len(rows) == len(hostile.tasks) == 41
    for task, name in HOSTILE_NAMES.items():
        assert rows[str(task)]["name"] == ("'" + name if task in FORMULAS else name)
    assert rows["3"]["investment_wan"] == "278138.0"
    assert rows["8"]["name"] == hostile.tasks.loc[8, "name"]  # ordinary text unchanged
    # Every file keeps one row per row of its table, and no cell of any runs as a formula.
    for path in paths:
        assert_safe_csv(path, len(pd.read_csv(path, encoding=CSV_ENCODING, keep_default_na=False)))
    # Text is quoted, numbers are not: the line of task 8 starts with a bare 8.
    text = (tmp_path / "csv" / "tasks.csv").read_bytes().decode(CSV_ENCODING)
    assert text.startswith('"task_id","section_no"') and "\n8," in text


def test_progress_templates_write_the_payloads_as_text(hostile, tmp_path):
    csv_path, xlsx_path = write_progress_template(hostile, tmp_path)

    rows = {row["task_id"]: row for row in _csv_rows(csv_path)}
    assert len(rows) == len(hostile.tasks)
    assert {t: rows[str(t)]["name"] for t in HOSTILE_NAMES} == {
        t: ("'" + n if t in FORMULAS else n) for t, n in HOSTILE_NAMES.items()}
    cells = {row["task_id"].value: row["name"] for row in _sheet_rows(openpyxl.load_workbook(xlsx_path).active)}
    # A CR inside a cell comes back as CR (openpyxl through lxml writes &#13;) or as LF (XML).
    assert {t: (cells[t].data_type, cells[t].value.replace("\r", "\n")) for t in HOSTILE_NAMES} == {
        t: ("s", n.replace("\r", "\n")) for t, n in HOSTILE_NAMES.items()}


def test_figure_csv_writes_the_payloads_as_text(hostile, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qpanalysis.charts.style import save_figure

    data = hostile.tasks.loc[list(HOSTILE_NAMES), ["name", "investment_wan"]].reset_index()
    fig, ax = plt.subplots()
    ax.bar(range(len(data)), data["task_id"])
    paths = save_figure(fig, "payloads", data, output_dir=tmp_path, formats=("png",))
    plt.close(fig)

    rows = _csv_rows(paths["csv"])
    assert [row["name"] for row in rows] == [("'" + n if t in FORMULAS else n) for t, n in HOSTILE_NAMES.items()]
    assert [row["task_id"] for row in rows] == [str(t) for t in HOSTILE_NAMES]


def test_the_export_and_progress_template_commands_write_safe_files(hostile, tmp_path, capsys):
    from qpanalysis.__main__ import main

    source = str(hostile.source)
    assert main(["export", "--source", source, "--output", str(tmp_path / "exports")]) == 0
    assert main(["progress-template", "--source", source, "--output", str(tmp_path / "template")]) == 0
    paths = sorted((tmp_path / "exports" / "csv").glob("*.csv")) + sorted((tmp_path / "template").glob("*.csv"))
    assert len(paths) == CSV_TABLES + 1
    for path in paths:
        assert_safe_csv(path, len(pd.read_csv(path, encoding=CSV_ENCODING, keep_default_na=False)))
    for path in [tmp_path / "exports" / "qingpu_tasks.xlsx", *(tmp_path / "template").glob("*.xlsx")]:
        book = openpyxl.load_workbook(path)
        assert not [c.coordinate for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    capsys.readouterr()


@pytest.mark.parametrize("text", [
    "=1+2", "+1", "-1+2", "@SUM(1)", "\t=1", "\rx", " =1+2", "\u3000=1+2", "\r\n=1+2", "\n@x", "\u200b=1",
    "＝1+2", "＋1", "－1", "＠A1", " ＝1",
])
def test_formula_like_text_is_marked_whatever_comes_before_its_first_visible_character(text, tmp_path):
    read = assert_safe_csv(write_csv(pd.DataFrame({"t": [text]}), tmp_path / "t.csv"), 1)
    assert read[1] == ["'" + text]

    sheet = openpyxl.Workbook().active
    sheet.append([text])
    assert mark_text_cells(sheet) == 1 and sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix


def test_negative_numbers_stay_numbers_and_text_that_computes_does_not(tmp_path):
    table = pd.DataFrame({"text": ["-1+2", "-", "路灯"], "number": [-1.5, -2.0, 3.0], "mixed": [-7, "-7", None]})

    lines = write_csv(table, tmp_path / "t.csv").read_text(encoding=CSV_ENCODING).splitlines()
    assert lines == ['"text","number","mixed"', "\"'-1+2\",-1.5,-7", "\"'-\",-2.0,\"'-7\"", '"路灯",3.0,""']

    sheet = openpyxl.Workbook().active
    sheet.append(["-1+2", -1.5, -7, "=1+2", "a=b"])
    assert mark_text_cells(sheet) == 2
    assert [(c.data_type, c.value) for c in sheet[1]] == [
        ("s", "-1+2"), ("n", -1.5), ("n", -7), ("s", "=1+2"), ("s", "a=b")]


def _soffice() -> str:
    return program("soffice", "libreoffice-calc", "open the exports")


def _convert(tmp_path, target: str, *paths, infilter: str | None = None):
    """Convert files with LibreOffice, headless, in its own profile (other soffice runs may be going on)."""
    profile = (tmp_path / "lo-profile").as_uri()
    command = [_soffice(), f"-env:UserInstallation={profile}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(tmp_path / "out"), *map(str, paths)]
    subprocess.run(command, check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})


# LibreOffice's CSV import options: comma-separated (44), fields quoted with " (34), UTF-8 (76).
CSV_IMPORT = "CSV:44,34,76"


@pytest.mark.slow
def test_libreoffice_evaluates_no_formula_in_an_exported_workbook(hostile, tmp_path):
    exported = qp.to_excel(hostile, tmp_path / "tasks.xlsx")
    # The control: the same payload stored as openpyxl stores it by default, a formula,
    # which LibreOffice evaluates to "y". It shows the check below could fail.
    control = openpyxl.Workbook()
    control.active.append(["name"])
    control.active.append([HOSTILE_NAMES[1]])
    control.save(tmp_path / "control.xlsx")

    _convert(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1", exported, tmp_path / "control.xlsx")

    with open(tmp_path / "out" / "control.csv", encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [["name"], ["y"]]
    # LibreOffice writes the first sheet, tasks: every payload is shown as written (a CR
    # inside a cell comes back as CR or LF, as the workbook stored it).
    with open(tmp_path / "out" / "tasks.csv", encoding="utf-8", newline="") as handle:
        rows = {row["task_id"]: row for row in csv.DictReader(handle)}
    assert {t: rows[str(t)]["name"].replace("\r", "\n") for t in HOSTILE_NAMES} == {
        t: n.replace("\r", "\n") for t, n in HOSTILE_NAMES.items()}
    assert float(rows["3"]["investment_wan"]) == 278138


@pytest.mark.slow
def test_libreoffice_opens_every_exported_csv_without_a_formula_or_a_split_row(hostile, tmp_path):
    paths = qp.to_csv(hostile, tmp_path / "csv")
    template, _ = write_progress_template(hostile, tmp_path / "template")
    # The control: pandas' own CSV of the names, which LibreOffice splits at the bare CR
    # and whose next row it computes as a formula.
    hostile.tasks[["name"]].reset_index().to_csv(tmp_path / "control.csv", index=False, encoding=CSV_ENCODING)
    tasks = tmp_path / "csv" / "tasks.csv"

    _convert(tmp_path, "xlsx", tasks, template, tmp_path / "control.csv", infilter=CSV_IMPORT)

    control = openpyxl.load_workbook(tmp_path / "out" / "control.xlsx").active
    assert control.max_row > 1 + len(hostile.tasks)
    assert [c.value for c in control["A"] if c.data_type == "f"] == ["=1+2"]
    for path in (tasks, template):
        sheet = openpyxl.load_workbook(tmp_path / "out" / f"{path.stem}.xlsx").active
        assert sheet.max_row == 1 + len(hostile.tasks), path.name
        assert not [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"], path.name
        rows = {row["task_id"].value: row["name"] for row in _sheet_rows(sheet)}
        assert {t: (rows[t].data_type, rows[t].value) for t in HOSTILE_NAMES} == {
            t: ("s", ("'" if t in FORMULAS else "") + n.replace("\r", "\n")) for t, n in HOSTILE_NAMES.items()}
        assert rows[3] is not None and sheet.cell(row=1, column=1).value == "task_id"
    # Numbers stay numbers: task 3's 278138 万元.
    sheet = openpyxl.load_workbook(tmp_path / "out" / "tasks.xlsx").active
    by_task = {row["task_id"].value: row for row in _sheet_rows(sheet)}
    assert (by_task[3]["investment_wan"].data_type, by_task[3]["investment_wan"].value) == ("n", 278138)
    assert len(paths) == CSV_TABLES
