"""Hostile and sloppy inputs, one table: each gives the right table, or a TaskListError naming its line and field.

Every case writes a file (a task list as text, CSV or xlsx, or a progress file) made from
the bundled list by one change, and states its outcome: ``Loads(read, expected)`` (the
value a reader of the source expects) or ``Refused(line, field, words)`` (the error's
line and field attributes, and words of its message). Workbooks are made with openpyxl,
which writes formulas without the value a spreadsheet program saves for them; a saved
value is added to the file as Excel and LibreOffice write it (``saved_values``). A few
workbooks are made by LibreOffice itself from a CSV file (marked slow). A property test
then mutates cells of the bundled list at random.

Lines of the bundled file used below: the header is line 5, section 一 line 6, section 三
line 16, task 7 line 17 (its 总投资 is "/", its goal 建设250个乡村停车场(点)), task 9 line 19,
section 四 line 32, task 23 line 43 (due 2026.10), the footer line 70.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qpanalysis as qp
from qpanalysis.config import BUNDLED_LIST
from qpanalysis.ingest.progress import progress_problems, read_progress
from tests.programs import program

LINES = BUNDLED_LIST.read_text(encoding="utf-8").split("\n")
HEADER = LINES[4].split("\t")
COLUMN = {header: index for index, header in enumerate(HEADER)}
TASK_7, TASK_9, TASK_23 = 17, 19, 43
SECTION_3, SECTION_4, FOOTER = 16, 32, 70
AMOUNT, NAME, DEPARTMENTS, SCOPE = "总投资(万元)", "任务名称", "牵头部门", "涉及范围"
H1, Q4, GOAL, SCALE, DUE = "上半年目标", "第四季度目标", "建设目标", "建设规模", "计划完成时间"
SPREADSHEETS = Path(__file__).parent / "data" / "spreadsheets"


# --- what a case expects -------------------------------------------------------------------


@dataclass(frozen=True)
class Loads:
    """The file loads, and ``read(result)`` equals ``expected`` (result: a TaskList, or a progress table)."""

    read: Callable
    expected: object


@dataclass(frozen=True)
class Refused:
    """The file is refused with a TaskListError of this line and field, whose message holds ``words``."""

    line: int | None
    field: str | None
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], Path]  # writes the file into a folder, returns its path
    outcome: Loads | Refused
    progress: bool = False  # a progress file, read against the bundled list
    slow: bool = False  # made by LibreOffice


# --- making files --------------------------------------------------------------------------


def rows(*edits: Callable[[list[list[str]]], None]) -> list[list[str]]:
    """The bundled list's lines as cells, with ``edits`` applied in place."""
    table = [line.split("\t") for line in LINES]
    for edit in edits:
        edit(table)
    return table


def cell(line: int, header: str, value: str):
    def edit(table):
        table[line - 1][COLUMN[header]] = value
    return edit


def line_text(line: int, value: str | None):
    """Replace line ``line`` by ``value`` (one cell), or delete it (None)."""
    def edit(table):
        if value is None:
            del table[line - 1]
        else:
            table[line - 1] = [value]
    return edit


def replace_in(line: int, header: str, old: str, new: str):
    def edit(table):
        assert old in table[line - 1][COLUMN[header]]
        table[line - 1][COLUMN[header]] = table[line - 1][COLUMN[header]].replace(old, new)
    return edit


def text_file(table_or_bytes, name: str = "list.txt", encoding: str = "utf-8"):
    def make(folder: Path) -> Path:
        path = folder / name
        content = table_or_bytes if isinstance(table_or_bytes, (bytes, str)) else "\n".join(
            "\t".join(cells) for cells in table_or_bytes)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path
    return make


def csv_text(table, delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(table)
    return out.getvalue()


def csv_file(table, name: str = "list.csv", delimiter: str = ",", encoding: str = "utf-8-sig"):
    return text_file(csv_text(table, delimiter), name, encoding)


def unquoted(table) -> list[list[str]]:
    """The cells with ASCII commas and quotes made full-width, so that a CSV writer quotes no cell."""
    return [[c.replace(",", "，").replace('"', "＂") for c in cells] for cells in table]


def raw_csv(table, *edits: tuple[int, str, Callable[[str], str]], name: str = "list.csv"):
    """A CSV file of ``table`` (no cell quoted) whose cells are edited as raw CSV text: (line, header, edit)."""
    def make(folder: Path) -> Path:
        lines = csv_text(unquoted(table)).split("\n")
        for line, header, edit in edits:
            cells = lines[line - 1].split(",")
            cells[COLUMN[header]] = edit(cells[COLUMN[header]])
            lines[line - 1] = ",".join(cells)
        path = folder / name
        path.write_text("\n".join(lines), encoding="utf-8")
        return path
    return make


def workbook(table, *, cells: dict[str, object] | None = None, saved: dict[str, str] | None = None,
             sheets: tuple[str, ...] = (), first_sheet: list[list] | None = None, name: str = "list.xlsx"):
    """An xlsx workbook of ``table`` (empty cells left empty), made with openpyxl.

    Args:
        cells: Cells set after the table is written, e.g. {"I17": "=100+200"} (openpyxl
            stores a text that starts with "=" as a formula, without a saved value).
        saved: Values saved for formula cells, as a spreadsheet program saves them
            ({"I17": "300"}; a value in quotes is saved as text).
        sheets: Names of sheets put before the table's sheet (a cover sheet).
        first_sheet: The rows of the first of those sheets.
    """
    import openpyxl

    def make(folder: Path) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        if sheets:
            sheet.title = sheets[0]
            for row in first_sheet or []:
                sheet.append(row)
            for extra in sheets[1:]:
                book.create_sheet(extra)
            sheet = book.create_sheet("清单")
        for line in table:
            sheet.append([value if value else None for value in line])
        for ref, value in (cells or {}).items():
            sheet[ref] = value
        path = folder / name
        book.save(path)
        if saved:
            saved_values(path, saved, sheet=book.index(sheet) + 1)
        return path
    return make


def saved_values(path: Path, values: dict[str, str], sheet: int = 1) -> None:
    """Add to formula cells the value a spreadsheet program saves with each (openpyxl writes an empty
    ``<v />``, or ``<v></v>`` when it writes through lxml)."""
    member = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(path) as book:
        members = {info.filename: book.read(info.filename) for info in book.infolist()}
    xml = members[member].decode("utf-8")
    for ref, value in values.items():
        text = value.startswith('"')
        pattern = re.compile(rf'<c r="{ref}"([^>]*)>(<f>.*?</f>)(?:<v\s*/>|<v></v>)')
        assert pattern.search(xml), ref
        attributes = ' t="str"' if text else ""
        xml = pattern.sub(lambda m: f'<c r="{ref}"{m[1]}{attributes}>{m[2]}<v>{value.strip(chr(34))}</v>', xml)
    members[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            book.writestr(name, data)


def text_cell(ref: str, value: str):
    """A workbook edit storing ``value`` as text even when it starts with "=" (as a cell typed '=1+2)."""
    def edit(sheet):
        sheet[ref].value = value
        sheet[ref].data_type = "s"
    return edit


def workbook_with(table, *edits, name: str = "list.xlsx"):
    import openpyxl

    def make(folder: Path) -> Path:
        book = openpyxl.Workbook()
        for line in table:
            book.active.append([value if value else None for value in line])
        for edit in edits:
            edit(book.active)
        path = folder / name
        book.save(path)
        return path
    return make


def _make_spreadsheets():
    spec = importlib.util.spec_from_file_location("make_spreadsheets", SPREADSHEETS / "make_spreadsheets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def calc_from_csv(table, *, months_as_text: bool = True, name: str = "calc.xlsx"):
    """A workbook saved by LibreOffice Calc from a CSV file of ``table``: a cell "=…" becomes a formula with its value.

    ``months_as_text`` imports column 11 (计划完成时间) as text, as the loader's message
    advises; otherwise Calc stores 2026.10 as the number 2026.1.
    """
    def make(folder: Path) -> Path:
        spreadsheets = _make_spreadsheets()
        source = folder / "calc_source.csv"
        source.write_text(csv_text(table), encoding="utf-8")
        options = spreadsheets.COMMA_TEXT + (",11/2" if months_as_text else "")
        spreadsheets.convert(source, options, folder / name)
        return folder / name
    return make


# --- progress files ------------------------------------------------------------------------

PROGRESS_HEADER = ["task_id", "name", "lead_department", "as_of", "percent_done", "quantity_done", "quantity_unit",
                   "note"]


def progress_rows(*percents: str, date: str = "2026-09-30") -> list[list[str]]:
    """A progress table: tasks 1, 2, 3… with the percentages given."""
    return [PROGRESS_HEADER] + [[str(task), "", "", date, percent, "", "", ""]
                                for task, percent in enumerate(percents, start=1)]


def progress_csv(table, name: str = "progress.csv", delimiter: str = ","):
    return csv_file(table, name, delimiter, encoding="utf-8")


def progress_book(table, *, numbers: dict[str, tuple[float, str]] | None = None, cells: dict[str, str] | None = None,
                  saved: dict[str, str] | None = None, name: str = "progress.xlsx", sheets: tuple[str, ...] = ()):
    """A progress workbook; ``numbers`` puts number cells with a number format ({"E2": (0.9, "General")})."""
    import openpyxl

    def make(folder: Path) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        if sheets:
            sheet.title = sheets[0]
            sheet = book.create_sheet("进度")
        for line in table:
            sheet.append([value if value else None for value in line])
        for ref, (value, number_format) in (numbers or {}).items():
            sheet[ref] = value
            sheet[ref].number_format = number_format
        for ref, value in (cells or {}).items():
            sheet[ref] = value
        path = folder / name
        book.save(path)
        if saved:
            saved_values(path, saved)
        return path
    return make


def percents(table: pd.DataFrame) -> list[float]:
    return table["percent_done"].tolist()


def problem_kinds(result) -> list[tuple]:
    problems = result.problems if hasattr(result, "problems") else progress_problems(result)
    return [(None if pd.isna(t) else int(t), f, k) for t, f, k in zip(problems["task_id"], problems["field"],
                                                                         problems["kind"])]


def new_problems(tl) -> list[tuple]:
    """The problems beyond the bundled list's six (aliases of tasks 16 and 21, task 23's total,
    task 28's 2025.11, task 31's "/" and its 整区 reading)."""
    bundled = {(16, DEPARTMENTS, "alias"), (21, DEPARTMENTS, "alias"), (23, SCALE, "total-mismatch"),
               (28, DUE, "date-outside-plan-year"), (31, SCOPE, "empty-field"), (31, SCOPE, "scope-from-text")}
    return [p for p in problem_kinds(tl) if p not in bundled]


def towns_of(task_id: int):
    return lambda tl: tl.towns.loc[tl.towns["task_id"] == task_id, ["town", "basis"]].values.tolist()


def departments_of(task_id: int):
    return lambda tl: tl.departments.loc[tl.departments["task_id"] == task_id,
                                         ["department", "role", "order"]].values.tolist()


def task(task_id: int, column: str):
    return lambda tl: tl.tasks.loc[task_id, column]


def details(kind: str):
    """The details of the problems of ``kind`` (of a TaskList, or of a progress table)."""
    def read(result):
        problems = result.problems if hasattr(result, "problems") else progress_problems(result)
        return problems.loc[problems["kind"] == kind, "detail"].tolist()
    return read


BIG5_TEXT = ("序號\t任務名稱\t牽頭部門\t建設目標\n"
             "1\t強化規劃引領\t區規劃資源局、區農業農村委\t按照國土空間規劃，為各類鄉村振興項目提供空間保障。\n")
HUGE = "9" * 310  # float("9" * 310) is inf

# --- the cases -----------------------------------------------------------------------------

CASES: dict[str, Case] = {
    # Encodings and line endings: the same 41 tasks.
    "text utf-8 with BOM": Case(text_file(rows(), encoding="utf-8-sig"), Loads(lambda tl: len(tl.tasks), 41)),
    "text gb18030": Case(text_file(rows(), encoding="gb18030"), Loads(lambda tl: len(tl.tasks), 41)),
    "text CRLF": Case(text_file("\r\n".join(LINES)), Loads(lambda tl: len(tl.tasks), 41)),
    "text CR only": Case(text_file("\r".join(LINES)), Loads(lambda tl: tl.tasks.loc[7, "source_line"], TASK_7)),
    "binary bytes": Case(text_file(b"\x81\x30\xff\xff\x00"), Refused(1, None, ("neither UTF-8 nor GB18030",))),
    "Big5 text": Case(text_file(BIG5_TEXT.encode("big5")), Refused(1, None, ("Big5", "save it as UTF-8"))),
    # Amounts.
    "amount in words": Case(text_file(rows(cell(TASK_7, AMOUNT, "约三百"))), Refused(TASK_7, AMOUNT, ("'约三百'",))),
    "amount with a unit": Case(text_file(rows(cell(TASK_7, AMOUNT, "12万"))), Refused(TASK_7, AMOUNT, ("'12万'",))),
    "negative amount": Case(text_file(rows(cell(TASK_7, AMOUNT, "-5"))), Refused(TASK_7, AMOUNT, ("'-5'",))),
    "310-digit amount (inf as a float)": Case(text_file(rows(cell(TASK_7, AMOUNT, HUGE))),
                                             Refused(TASK_7, AMOUNT, ("310 digits", "too large"))),
    "16-digit amount": Case(text_file(rows(cell(TASK_7, AMOUNT, "1" + "0" * 15))),
                            Refused(TASK_7, AMOUNT, ("at most 15 digits",))),
    "15-digit amount": Case(text_file(rows(cell(TASK_7, AMOUNT, "9" * 15))),
                            Loads(task(7, "investment_wan"), 999_999_999_999_999.0)),
    "full-width digits": Case(text_file(rows(cell(TASK_7, AMOUNT, "约１２５"))),
                              Loads(lambda tl: tl.tasks.loc[7, ["investment_wan", "investment_is_approx"]].tolist(),
                                    [125.0, True])),
    "full-width decimal point": Case(text_file(rows(cell(TASK_7, AMOUNT, "１２．５"))),
                                     Loads(task(7, "investment_wan"), 12.5)),
    # Months.
    "month 13": Case(text_file(rows(cell(TASK_7, DUE, "2026.13"))), Refused(TASK_7, DUE, ("year.month",))),
    "month in Chinese": Case(text_file(rows(cell(TASK_7, DUE, "2026年9月"))),
                             Loads(task(7, "due"), pd.Period("2026-09", "M"))),
    "month in full-width": Case(text_file(rows(cell(TASK_7, DUE, "２０２６．９"))),
                                Loads(task(7, "due"), pd.Period("2026-09", "M"))),
    # Line structure.
    "a cell too many": Case(text_file(rows(lambda t: t[TASK_7 - 1].append("x"))),
                            Refused(TASK_7, None, ("expected 14 tab-separated cells", "found 15"))),
    "a cell missing": Case(text_file(rows(lambda t: t[TASK_7 - 1].pop())), Refused(TASK_7, None, ("found 13",))),
    "duplicate task number": Case(text_file(rows(cell(TASK_7, "序号", "6"))),
                                  Refused(TASK_7, "序号", ("duplicate task number 6",))),
    "400-digit task number": Case(text_file(rows(cell(TASK_7, "序号", "7" * 400))),
                                  Refused(TASK_7, "序号", ("expected a task number",))),
    "footer count wrong": Case(text_file(rows(line_text(FOOTER, "全区共涉及乡村建设任务40项。"))),
                               Refused(FOOTER, "footer", ("states 40 tasks",))),
    "text after the footer": Case(text_file(rows(lambda t: t.append(["附件1"]))),
                                  Refused(FOOTER + 1, None, ("text after the footer",))),
    "a bare CR inside a name": Case(text_file(rows(cell(TASK_7, NAME, "完善乡村\r停车场"))),
                                    Refused(TASK_7, None, ("expected 14 tab-separated cells", "found 2"))),
    "header only": Case(text_file("序号\t任务名称\n"), Refused(1, None, ("missing header(s)",))),
    "empty file": Case(text_file(""), Refused(None, None, ("no task rows found",))),
    # Sections: a deleted row would file its tasks under the section before, silently.
    "section row deleted": Case(text_file(rows(line_text(SECTION_3, None))),
                                Refused(SECTION_4 - 1, None, ("section 四 follows section 二", "三 is missing"))),
    "sections 三 and 四 swapped": Case(
        text_file(rows(line_text(SECTION_3, "<b>四、提高农村公共服务便利度</b>"),
                       line_text(SECTION_4, "<b>三、提高农村基础设施完备度</b>"))),
        Refused(SECTION_3, None, ("section 四 follows section 二", "section 三 is missing"))),
    "section 三 numbered 四": Case(
        text_file(rows(line_text(SECTION_3, "<b>四、提高农村基础设施完备度</b>"))),
        Refused(SECTION_3, None, ("section 四 follows section 二", "expected section 三"))),
    "section number repeated": Case(
        text_file(rows(line_text(SECTION_4, "<b>三、提高农村公共服务便利度</b>"))),
        Refused(SECTION_4, None, ("section 三 appears twice (first on line 16)",))),
    "first section not 一": Case(text_file(rows(line_text(6, "<b>二、强化乡村规划引领先导</b>"))),
                                 Refused(6, None, ("follows the header", "expected section 一"))),
    # Names.
    "HTML in a name": Case(text_file(rows(cell(TASK_7, NAME, "<script>alert(1)</script>"))),
                           Loads(task(7, "name"), "<script>alert(1)</script>")),
    "formula-like name": Case(text_file(rows(cell(TASK_7, NAME, "=HYPERLINK(\"http://x\")"))),
                              Loads(task(7, "name"), "=HYPERLINK(\"http://x\")")),
    "unknown department": Case(text_file(rows(cell(TASK_7, DEPARTMENTS, "区宇宙局"))),
                               Refused(TASK_7, DEPARTMENTS, ("unknown department '区宇宙局'",))),
    "department written twice": Case(
        text_file(rows(cell(TASK_7, DEPARTMENTS, "区农业农村委、区规划资源局、区农业农村委"))),
        Loads(lambda tl: (departments_of(7)(tl), new_problems(tl)),
              ([["区农业农村委", "lead", 1], ["区规划资源局", "co-lead", 2]], [(7, DEPARTMENTS, "repeated-name")]))),
    "department and its alias": Case(
        text_file(rows(cell(TASK_7, DEPARTMENTS, "区水务局、水务局"))),
        Loads(lambda tl: (departments_of(7)(tl), new_problems(tl)),
              ([["区水务局", "lead", 1]], [(7, DEPARTMENTS, "alias"), (7, DEPARTMENTS, "repeated-name")]))),
    # 赵巷镇 given twice in task 23's 美丽庭院 breakdown: summing (112 + 50) or picking one would be a guess.
    "town given twice in a breakdown": Case(
        text_file(rows(replace_in(TASK_23, SCALE, "赵巷镇112、", "赵巷镇112、赵巷镇50、"))),
        Refused(TASK_23, SCALE, ("赵巷镇 is given 2 times in the breakdown 美丽庭院(户) (112、50)", "give each town once"))),
    "town given twice in a breakdown, once by its alias": Case(
        text_file(rows(replace_in(TASK_23, SCALE, "赵巷镇112、", "赵巷镇112、赵巷50、"))),
        Refused(TASK_23, SCALE, ("赵巷镇 is given 2 times",))),
    "town written twice": Case(
        text_file(rows(cell(TASK_9, SCOPE, "金泽镇、白鹤镇、金泽镇"))),
        Loads(lambda tl: (towns_of(9)(tl), details("repeated-name")(tl)),
              ([["金泽镇", "explicit"], ["白鹤镇", "explicit"]],
               ["town '金泽镇' written twice in the cell; read once, where first named"]))),
    "town and its alias": Case(
        text_file(rows(cell(TASK_9, SCOPE, "金泽镇、金泽"))),
        Loads(lambda tl: (towns_of(9)(tl), details("repeated-name")(tl)),
              ([["金泽镇", "explicit"]],
               ["town '金泽镇' written twice in the cell (as '金泽镇' and '金泽'); read once, where first named"]))),
    "some of the 11 towns": Case(
        text_file(rows(cell(TASK_9, SCOPE, "11个街镇中的金泽镇、白鹤镇"))),
        Loads(towns_of(9), [["金泽镇", "explicit"], ["白鹤镇", "explicit"]])),
    "all 11 towns": Case(text_file(rows(cell(TASK_9, SCOPE, "11个街镇及所属村居"))),
                         Loads(lambda tl: len(towns_of(9)(tl)), 11)),
    # Targets.
    "indicator of 150%": Case(text_file(rows(cell(TASK_7, H1, "达到150%"))),
                              Loads(lambda tl: tl.milestones.loc[(tl.milestones["task_id"] == 7)
                                                                 & (tl.milestones["period"] == "H1"),
                                                                 ["kind", "indicator_pct_values"]].values.tolist(),
                                    [["qualitative", "150"]])),
    "completion of 150%": Case(text_file(rows(cell(TASK_7, H1, "完成150%"))),
                               Refused(TASK_7, H1, ("150% in '完成150%' is more than 100%",))),
    "progress of 150% in Q4": Case(text_file(rows(cell(TASK_7, Q4, "进度达到150%"))), Refused(TASK_7, Q4, ("150%",))),
    "310-digit quantity target": Case(text_file(rows(cell(TASK_7, Q4, f"完成{HUGE}个"))),
                                      Refused(TASK_7, Q4, ("too large",))),
    "310-digit figure in the scale": Case(text_file(rows(replace_in(TASK_7, SCALE, "赵巷镇11", f"赵巷镇{HUGE}"))),
                                          Refused(TASK_7, SCALE, ("too large",))),
    "310-digit total in the goal": Case(text_file(rows(replace_in(TASK_7, GOAL, "250", HUGE))),
                                        Refused(TASK_7, GOAL, ("too large",))),
    # Files.
    "a folder": Case(lambda folder: folder, Refused(None, None, ("is a folder, not a file",))),
    "no such file": Case(lambda folder: folder / "missing.txt", Refused(None, None, ("no such file",))),
    "unknown suffix": Case(text_file("x", name="list.pdf"), Refused(None, None, ("unknown file type .pdf",))),
    # CSV.
    "CSV": Case(csv_file(rows()), Loads(lambda tl: (len(tl.tasks), len(tl.problems)), (41, 6))),
    "CSV in GB18030": Case(csv_file(rows(), encoding="gb18030"), Loads(lambda tl: len(tl.tasks), 41)),
    "semicolon CSV": Case(csv_file(rows(), delimiter=";"), Refused(5, None, ("semicolon-separated",))),
    "tab text named .csv": Case(text_file(rows(), name="list.csv"), Refused(5, None, ("tab-separated", ".txt"))),
    "CSV quote never closed": Case(raw_csv(rows(), (TASK_7, NAME, lambda c: '"' + c)),
                                   Refused(TASK_7, None, ("never closed", "unbalanced"))),
    "CSV text after a closing quote": Case(raw_csv(rows(), (TASK_7, NAME, lambda c: f'"{c}"x')),
                                           Refused(TASK_7, None, ("more text follows",))),
    # Two stray quotes: the first (line 17) opens a cell that the second (line 19, after
    # 推进四好农村路) closes: lines 17–19 read as one row of 14 cells, whose name holds task 8's row.
    "CSV quote opened and closed lines later": Case(
        raw_csv(rows(), (TASK_7, NAME, lambda c: '"' + c), (TASK_9, NAME, lambda c: '推进四好农村路"')),
        Refused(TASK_7, None, ("runs over lines 17–19", "whole rows", "unbalanced"))),
    "CSV quote inside an unquoted cell": Case(raw_csv(rows(), (TASK_7, NAME, lambda c: c + '"x')),
                                              Loads(task(7, "name"), '完善乡村停车场(点)"x')),
    "CSV cell of 200,000 characters": Case(csv_file(rows(cell(TASK_7, GOAL, "长" * 200_000))),
                                           Loads(lambda tl: len(tl.tasks.loc[7, "goal"]), 200_000)),
    "CSV line breaks in a quoted cell": Case(csv_file(rows(cell(TASK_7, NAME, "完善乡村\r\n停车场"))),
                                             Loads(lambda tl: (tl.tasks.loc[7, "name"], tl.tasks.loc[8, "source_line"]),
                                                   ("完善乡村\r\n停车场", TASK_7 + 2))),
    "CSV full-width decimal point": Case(csv_file(rows(cell(TASK_7, AMOUNT, "69．7"))),
                                         Loads(task(7, "investment_wan"), 69.7)),
    # xlsx made with openpyxl.
    "xlsx": Case(workbook(rows()), Loads(lambda tl: (len(tl.tasks), len(tl.problems)), (41, 6))),
    "xlsx formula without a value in 总投资": Case(workbook(rows(), cells={"I17": "=100+200"}),
                                                Refused(TASK_7, AMOUNT, ("cell I17", "=100+200", "no value saved"))),
    "xlsx formula without a value in 任务名称": Case(workbook(rows(), cells={"B17": '="完善"&"停车场"'}),
                                                 Refused(TASK_7, NAME, ("cell B17", "no value saved"))),
    "xlsx formula without a value in 序号": Case(workbook(rows(), cells={"A17": "=A15+1"}),
                                              Refused(TASK_7, "序号", ("cell A17",))),
    "xlsx formula with a value in 总投资": Case(
        workbook(rows(), cells={"I17": "=100+200"}, saved={"I17": "300"}),
        Loads(lambda tl: (tl.tasks.loc[7, "investment_wan"], details("formula")(tl)),
              (300.0, ["sheet 1, cell I17 holds the formula =100+200; the value the file saved for it, '300', "
                       "was read"]))),
    "xlsx formula with a value in 序号": Case(
        workbook(rows(), cells={"A17": "=A15+1"}, saved={"A17": "7"}),
        Loads(lambda tl: (tl.tasks.loc[7, "name"], new_problems(tl)), ("完善乡村停车场(点)", [(7, "序号", "formula")]))),
    "xlsx formula giving the month 2026.1": Case(
        workbook(rows(), cells={"K17": "=2026+0.1"}, saved={"K17": "2026.1"}),
        Refused(TASK_7, DUE, ("cell K17 holds the number 2026.1",))),
    "xlsx formula with a text value in 任务名称": Case(
        workbook(rows(), cells={"B17": '="完善"&"停车场"'}, saved={"B17": '"完善停车场"'}),
        Refused(TASK_7, NAME, ("cell B17", "read as written text"))),
    "xlsx formula in the title": Case(workbook(rows(), cells={"A3": '="2026年度"'}, saved={"A3": '"2026年度"'}),
                                      Refused(3, None, ("cell A3", "not a task row"))),
    "xlsx formula giving nothing in an unused row": Case(
        workbook(rows(), cells={"B72": '=IF(A72="","",A72)'}, saved={"B72": '""'}),
        Loads(lambda tl: len(tl.tasks), 41)),
    "xlsx text that looks like a formula": Case(workbook_with(rows(), text_cell("B17", "=1+2")),
                                                Loads(task(7, "name"), "=1+2")),
    "xlsx 1e20 in 总投资": Case(workbook(rows(), cells={"I17": 1e20}), Refused(TASK_7, AMOUNT, ("too large",))),
    "xlsx HTML in a name": Case(workbook(rows(cell(TASK_7, NAME, "<b>停车</b>"))), Loads(task(7, "name"), "<b>停车</b>")),
    "xlsx value beyond the header": Case(workbook(rows(), cells={"O17": "备注"}),
                                         Refused(TASK_7, None, ("expected 14 cells", "found 15"))),
    "xlsx data on the second sheet": Case(
        workbook(rows(), sheets=("封面",), name="two_sheets.xlsx"),
        Refused(None, None, ("no task rows found", "'封面'", "data is on sheet '清单'"))),
    "xlsx cover sheet with a title": Case(
        workbook(rows(), sheets=("说明",), first_sheet=[["2026年度任务清单说明"]]),
        Refused(None, None, ("only the first sheet", "'说明'", "data is on sheet '清单'"))),
    "xlsx month as the number 2026.1": Case(workbook(rows(), cells={"K43": 2026.1}),
                                           Refused(TASK_23, DUE, ("January (2026.1) or October (2026.10)",))),
    "not a workbook": Case(text_file("序号", name="list.xlsx"), Refused(None, None, ("cannot open as an xlsx",))),
    # xlsx saved by LibreOffice Calc from a CSV file.
    "Calc: formula in 总投资": Case(
        calc_from_csv(rows(cell(TASK_7, AMOUNT, "=100+200"))),
        Loads(lambda tl: (tl.tasks.loc[7, "investment_wan"], new_problems(tl)), (300.0, [(7, AMOUNT, "formula")])),
        slow=True),
    "Calc: formula in 任务名称": Case(calc_from_csv(rows(cell(TASK_7, NAME, '="完善"&"停车场"'))),
                                  Refused(TASK_7, NAME, ("read as written text",)), slow=True),
    "Calc: months with its defaults": Case(calc_from_csv(rows(), months_as_text=False),
                                          Refused(TASK_23, DUE, ("cell K43 holds the number 2026.1",)), slow=True),
    "Calc: progress with a formula": Case(
        calc_from_csv(progress_rows("=0.5*100", "30", "60"), name="progress.xlsx"),
        Loads(lambda p: (percents(p), problem_kinds(p)), ([50.0, 30.0, 60.0], [(1, "percent_done", "formula")])),
        progress=True, slow=True),
    # Progress files.
    "progress 0.9 among larger percentages": Case(
        progress_csv(progress_rows("0.9", "30", "60")),
        Loads(lambda p: (percents(p), problem_kinds(p)),
              ([0.9, 30.0, 60.0], [(1, "percent_done", "percent-as-fraction")])),
        progress=True),
    "progress 0.9% typed with %": Case(progress_csv(progress_rows("0.9%", "30", "60")),
                                       Loads(problem_kinds, []), progress=True),
    "progress in fractions throughout": Case(progress_csv(progress_rows("0.2", "0.5", "1")),
                                             Loads(lambda p: (percents(p), problem_kinds(p)), ([0.2, 0.5, 1.0], [])),
                                             progress=True),
    "progress 0.9 in a General cell": Case(
        progress_book(progress_rows("", "30", "60"), numbers={"E2": (0.9, "General")}),
        Loads(lambda p: (percents(p), problem_kinds(p)),
              ([0.9, 30.0, 60.0], [(1, "percent_done", "percent-as-fraction")])),
        progress=True),
    "progress 0.9 in a percentage cell": Case(
        progress_book(progress_rows("", "30", "60"), numbers={"E2": (0.9, "0%")}),
        Loads(lambda p: (percents(p), problem_kinds(p)), ([90.0, 30.0, 60.0], [])), progress=True),
    "progress formula without a value": Case(progress_book(progress_rows("", "30"), cells={"E2": "=B9*100"}),
                                             Refused(2, "percent_done", ("cell E2", "no value saved")), progress=True),
    "progress formula with a value": Case(
        progress_book(progress_rows("", "30"), cells={"E2": "=45+5"}, saved={"E2": "50"}),
        Loads(lambda p: (percents(p), problem_kinds(p)), ([50.0, 30.0], [(1, "percent_done", "formula")])),
        progress=True),
    "progress formula in the note": Case(
        progress_book(progress_rows("20"), cells={"H2": '="ok"'}, saved={"H2": '"ok"'}),
        Refused(2, "note", ("text column",)), progress=True),
    "progress formula in an unread column": Case(
        progress_book(progress_rows("20"), cells={"B2": "=VLOOKUP(A2,清单!A:B,2,0)"}),
        Loads(percents, [20.0]), progress=True),
    "progress 310-digit percentage": Case(progress_csv(progress_rows(HUGE)),
                                          Refused(2, "percent_done", ("too large",)), progress=True),
    "progress 150%": Case(progress_csv(progress_rows("150")), Refused(2, "percent_done", ("between 0 and 100",)),
                          progress=True),
    "progress full-width percentage": Case(progress_csv(progress_rows("９０．５％")), Loads(percents, [90.5]),
                                           progress=True),
    "progress 400-digit task id": Case(
        progress_csv([PROGRESS_HEADER, ["7" * 400, "", "", "2026-09-30", "5", "", "", ""]]),
        Refused(2, "task_id", ("unknown task id 77777777777777777777…",)), progress=True),
    "progress date of another year": Case(progress_csv(progress_rows("20", date="2025-09-30")),
                                          Refused(2, "as_of", ("outside the plan year",)), progress=True),
    "progress semicolon CSV": Case(progress_csv(progress_rows("20", "30"), delimiter=";"),
                                   Refused(1, None, ("semicolon-separated",)), progress=True),
    "progress on the second sheet": Case(progress_book(progress_rows("20"), sheets=("说明",)),
                                         Refused(None, None, ("empty", "data is on sheet '进度'")), progress=True),
    "progress a folder": Case(lambda folder: folder, Refused(None, None, ("is a folder",)), progress=True),
}


def _param(name: str):
    return pytest.param(name, id=name, marks=[pytest.mark.slow] if CASES[name].slow else [])


def test_the_table_holds_sixty_cases_of_every_kind():
    kinds = {"text": 0, "csv": 0, "xlsx": 0, "calc": 0, "progress": 0}
    for name, case in CASES.items():
        assert isinstance(case.outcome, (Loads, Refused)), name
        kinds["progress" if case.progress else "calc" if case.slow else "xlsx" if "xlsx" in name
              else "csv" if "CSV" in name else "text"] += 1
    assert len(CASES) >= 60 and all(kinds.values()), kinds


@pytest.mark.parametrize("name", [_param(name) for name in CASES])
def test_hostile_input(name, bundled, tmp_path):
    case = CASES[name]
    if case.slow:
        program("soffice", "libreoffice-calc", "make the LibreOffice spreadsheets")
    path = case.make(tmp_path)
    load = (lambda p: read_progress(p, bundled)) if case.progress else qp.load
    if isinstance(case.outcome, Refused):
        with pytest.raises(qp.TaskListError) as info:
            load(path)
        error = info.value
        assert (error.line, error.field) == (case.outcome.line, case.outcome.field), str(error)
        assert str(path) in str(error)
        for word in case.outcome.words:
            assert word in error.reason, (word, str(error))
    else:
        result = load(path)
        assert case.outcome.read(result) == case.outcome.expected


# --- random changes to the cells of the bundled list ---------------------------------------

TASK_LINES = [number for number, line in enumerate(LINES, start=1) if re.match(r"^\d+\t", line)]
FORMULA_LIKE = ("=1+2", "+A1", "-1", "@SUM(A1)", "＝1", "=cmd|' /C calc'!A0")
cell_text = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,3})?", fullmatch=True),
    st.from_regex(r"[０-９]{1,4}(．[０-９]{1,2})?", fullmatch=True),
    st.just(""), st.just("/"), st.just("约"),
    st.integers(300, 400).map(lambda n: "9" * n),
    st.sampled_from(FORMULA_LIKE),
    st.sampled_from(["完成\r\n50%", "金泽镇\n白鹤镇", "a\rb", "完成150%", "11个街镇中的金泽镇", "区水务局、水务局"]),
)
change = st.tuples(st.sampled_from(TASK_LINES), st.integers(0, len(HEADER) - 1), cell_text)


def _no_inf(tl) -> None:
    for name, table in tl.tables().items():
        numbers = table.select_dtypes("number")
        assert np.isfinite(numbers.to_numpy(dtype=float, na_value=0.0)).all(), name
        for column in table.columns[table.dtypes == object]:
            assert not any(isinstance(v, float) and math.isinf(v) for v in table[column]), (name, column)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(change, min_size=1, max_size=3), as_csv=st.booleans())
def test_mutated_cells_load_or_raise_tasklisterror(tmp_path_factory, changes, as_csv):
    table = rows(*(cell(line, HEADER[column], value) for line, column, value in changes))
    folder = tmp_path_factory.mktemp("mutated")
    path = (csv_file(table) if as_csv else text_file(table))(folder)
    try:
        tl = qp.load(path)
    except qp.TaskListError as error:
        assert str(path) in str(error)
        return
    _no_inf(tl)
    assert tl.tasks["investment_wan"].dropna().lt(1e15).all()
