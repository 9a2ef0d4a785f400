"""Variant task lists written from the bundled one, to check that reports state each list's own facts.

Each variant is derived from the text of the bundled list (read, never modified) and
written to a folder the test chooses; every variant loads without error:

- ``next_year``: every year moved on by one (title, due months, years in the texts),
  tasks 3 and 28 dropped and the rest renumbered (footer count updated), every amount
  changed and 约 removed;
- ``rescoped``: scopes and per-town breakdowns changed, and the sixth section removed
  with all its tasks (later sections renumbered);
- ``undisclosed``: no disclosed investment at all ("/" in every 总投资 cell);
- ``single_section``: only the first section and its tasks.

The changes name tasks of the bundled list by their published numbers: these are test
fixtures, written for that list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from qpanalysis.config import BUNDLED_LIST

# Column positions of the published layout (the header row of the bundled list).
HEADER = ("序号", "任务名称", "牵头部门", "建设目标", "建设内容", "建设规模", "建设标准", "资金来源",
          "总投资(万元)", "涉及范围", "计划完成时间", "上半年目标", "第三季度目标", "第四季度目标")
COLUMN = {name: index for index, name in enumerate(HEADER)}
# Cells whose years are the dates of published documents (standards, notices): they do not
# move when the plan moves on a year.
FIXED_YEAR_COLUMNS = ("建设标准",)
# A year in the text: four digits starting 20, not part of a longer number or a standard's
# code (GBT45290-2025 keeps its year), or two digits before 年度 (26年度).
YEAR = re.compile(r"(?<![\d\-])20\d\d(?!\d)")
SHORT_YEAR = re.compile(r"(?<![\d])(\d\d)(?=年度)")
SECTION = re.compile(r"^(?P<open><b>)?(?P<numeral>[一二三四五六七八九十])、(?P<title>.+?)(?P<close></b>)?$")
FOOTER = re.compile(r"^全区共涉及乡村建设任务(?P<count>\d+)项。$")
NUMERALS = "一二三四五六七八九十"

# next_year: the tasks dropped, and how amounts change (× 1.1, and task 27 three times as
# large, so that no task is more than three quarters of the new total).
NEXT_YEAR_DROPPED = (3, 28)
NEXT_YEAR_FACTOR = 1.1
NEXT_YEAR_FACTORS = {27: 3.0}
# rescoped: the section removed with its tasks, and the cells changed (by published task
# number): new scopes, and breakdowns rewritten.
RESCOPED_DROPPED_SECTION = 6
RESCOPED_CELLS = {
    (4, "涉及范围"): "练塘镇、金泽镇",
    (27, "涉及范围"): "朱家角镇",
    (31, "涉及范围"): "11个街镇",
}
RESCOPED_REPLACEMENTS = {
    # task 7's parking lots: 练塘镇's 70 go to 盈浦街道 (the total stays 250)
    (7, "建设规模"): ("练塘镇70", "盈浦街道70"),
    # task 23's courtyards: 378 → 377, so the breakdown adds up to the stated 1000
    (23, "建设规模"): ("金泽镇378", "金泽镇377"),
}
# single_section: the section kept.
SINGLE_SECTION = 1


@dataclass(frozen=True)
class Line:
    """One line of the list: its kind and its tab-separated cells."""

    kind: str  # blank, title, header, section, task, footer
    cells: tuple[str, ...]

    @property
    def task_id(self) -> int:
        return int(self.cells[0])

    def cell(self, column: str) -> str:
        return self.cells[COLUMN[column]]

    def with_cell(self, column: str, value: str) -> Line:
        cells = list(self.cells)
        cells[COLUMN[column]] = value
        return replace(self, cells=tuple(cells))


def read_lines(text: str | None = None) -> list[Line]:
    """The lines of a list in the published layout (the bundled list by default)."""
    text = BUNDLED_LIST.read_text(encoding="utf-8") if text is None else text
    lines = []
    for raw in text.split("\n"):
        cells = tuple(raw.split("\t"))
        first = cells[0].strip()
        if not raw.strip():
            kind = "blank"
        elif first.startswith("#"):
            kind = "title"
        elif first == "序号":
            kind = "header"
        elif SECTION.match(first):
            kind = "section"
        elif FOOTER.match(first):
            kind = "footer"
        elif first.isdigit():
            kind = "task"
        else:
            raise ValueError(f"unexpected line in the bundled list: {raw[:40]!r}")
        lines.append(Line(kind, cells))
    return lines


def render(lines: list[Line]) -> str:
    return "\n".join("\t".join(line.cells) for line in lines)


def section_of(lines: list[Line]) -> dict[int, int]:
    """Task number → number of its section."""
    out, current = {}, 0
    for line in lines:
        if line.kind == "section":
            current = NUMERALS.index(SECTION.match(line.cells[0])["numeral"]) + 1
        elif line.kind == "task":
            out[line.task_id] = current
    return out


def drop_tasks(lines: list[Line], dropped) -> list[Line]:
    """Remove tasks, then any section left without a task; renumber tasks and sections, update the footer."""
    dropped = set(dropped)
    kept = [line for line in lines if not (line.kind == "task" and line.task_id in dropped)]
    # a section row followed by no task before the next section (or the footer) is removed
    out = []
    for index, line in enumerate(kept):
        if line.kind == "section":
            following = next((n for n in kept[index + 1:] if n.kind in ("task", "section", "footer")), None)
            if following is None or following.kind != "task":
                continue
        out.append(line)
    renumbered, task_no, section_no = [], 0, 0
    for line in out:
        if line.kind == "task":
            task_no += 1
            line = replace(line, cells=(str(task_no),) + line.cells[1:])
        elif line.kind == "section":
            section_no += 1
            match = SECTION.match(line.cells[0])
            first = f"{match['open'] or ''}{NUMERALS[section_no - 1]}、{match['title']}{match['close'] or ''}"
            line = replace(line, cells=(first,) + line.cells[1:])
        elif line.kind == "footer":
            line = replace(line, cells=(f"全区共涉及乡村建设任务{task_no}项。",) + line.cells[1:])
        renumbered.append(line)
    return renumbered


def _move_years(text: str) -> str:
    text = YEAR.sub(lambda m: str(int(m.group()) + 1), text)
    return SHORT_YEAR.sub(lambda m: f"{int(m.group(1)) + 1:02d}", text)


def _amount(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def next_year(lines: list[Line]) -> list[Line]:
    """Every year moved on by one; tasks 3 and 28 dropped; amounts changed and 约 removed."""
    out = []
    for line in lines:
        if line.kind == "title":
            line = replace(line, cells=tuple(_move_years(c) for c in line.cells))
        elif line.kind == "task":
            cells = [c if HEADER[i] in FIXED_YEAR_COLUMNS else _move_years(c) for i, c in enumerate(line.cells)]
            line = replace(line, cells=tuple(cells))
            raw = line.cell("总投资(万元)").strip()
            if raw != "/":
                amount = float(raw.removeprefix("约")) * NEXT_YEAR_FACTORS.get(line.task_id, NEXT_YEAR_FACTOR)
                line = line.with_cell("总投资(万元)", _amount(amount))
        out.append(line)
    return drop_tasks(out, NEXT_YEAR_DROPPED)


def rescoped(lines: list[Line]) -> list[Line]:
    """Scopes and per-town breakdowns changed; the sixth section removed with all its tasks."""
    out = []
    for line in lines:
        if line.kind == "task":
            for (task_id, column), value in RESCOPED_CELLS.items():
                if line.task_id == task_id:
                    line = line.with_cell(column, value)
            for (task_id, column), (old, new) in RESCOPED_REPLACEMENTS.items():
                if line.task_id == task_id:
                    assert old in line.cell(column), (task_id, column, old)
                    line = line.with_cell(column, line.cell(column).replace(old, new))
        out.append(line)
    sections = section_of(lines)
    return drop_tasks(out, [t for t, s in sections.items() if s == RESCOPED_DROPPED_SECTION])


def undisclosed(lines: list[Line]) -> list[Line]:
    """No task discloses an amount: "/" in every 总投资 cell."""
    return [line.with_cell("总投资(万元)", "/") if line.kind == "task" else line for line in lines]


def single_section(lines: list[Line]) -> list[Line]:
    """Only the first section and its tasks."""
    sections = section_of(lines)
    return drop_tasks(lines, [t for t, s in sections.items() if s != SINGLE_SECTION])


VARIANTS = {
    "next_year": next_year,
    "rescoped": rescoped,
    "undisclosed": undisclosed,
    "single_section": single_section,
}


def write_variant(name: str, directory: str | Path) -> Path:
    """Write one variant of the bundled list (VARIANTS, or COMPARE_VARIANTS to compare with it) as
    ``<directory>/<name>.txt`` and return its path; ``compare_same`` is the bundled file byte for byte."""
    path = Path(directory) / f"{name}.txt"
    make = {**VARIANTS, **COMPARE_VARIANTS}[name]
    path.write_text(BUNDLED_LIST.read_text(encoding="utf-8") if make is None else render(make(read_lines())),
                    encoding="utf-8")
    return path


def write_variants(directory: str | Path) -> dict[str, Path]:
    """Write every variant into ``directory``."""
    return {name: write_variant(name, directory) for name in VARIANTS}


# ---------------------------------------------------------------------------------------
# hostile: the bundled list with task names an attacker would write, as a CSV file (a CSV
# cell, unlike a line of the text layout, may hold a carriage return).

# Task number → the name it gets: a Markdown link to javascript:, Markdown emphasis, an HTML
# script, a spreadsheet formula with a link, a name holding a carriage return followed by a
# formula (a spreadsheet that ends a row at a bare CR starts the next with it), a formula
# behind a full-width ＝, a DDE command, a name holding a line feed and an @-formula, and
# one that math renderers would read (Markdown math, matplotlib's mathtext).
# Tasks 3, 4 and 28 are named in the reports' findings (the largest amount; several
# percentages in one milestone; a due month before the plan year); task 27 discloses an
# amount, so its name is drawn in the investment charts.
HOSTILE_NAMES = {
    3: "[点我](javascript:alert(1))",
    4: "*强调*",
    28: "<script>alert(1)</script>",
    1: '=HYPERLINK("http://x","y")',
    2: "风貌\r=1+2",
    5: "＝1+2",
    6: "+cmd|' /C calc'!A0",
    7: "停车\n@SUM(1)",
    27: "投资$\\frac{1}{$元",
}


def with_names(lines: list[Line], names: dict[int, str]) -> list[Line]:
    """The lines with the 任务名称 cell of the given tasks replaced."""
    return [line.with_cell("任务名称", names[line.task_id]) if line.kind == "task" and line.task_id in names else line
            for line in lines]


def write_csv_list(lines: list[Line], path: str | Path) -> Path:
    """Write lines as a CSV task list (UTF-8; every field holding a comma, quote, CR or LF quoted)."""
    import csv

    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(line.cells for line in lines)
    return path


def write_hostile(directory: str | Path, names: dict[int, str] | None = None) -> Path:
    """Write the bundled list with hostile task names (:data:`HOSTILE_NAMES`) as ``<directory>/hostile.csv``."""
    return write_csv_list(with_names(read_lines(), HOSTILE_NAMES if names is None else names),
                          Path(directory) / "hostile.csv")


# ---------------------------------------------------------------------------------------
# Pairs for comparing two lists (qp.compare), each to be set beside the bundled list. Task
# numbers below are the bundled list's.

# compare_next_year: the next plan year (every year moved on by one, as next_year), with
# tasks 8 and 35 dropped and the rest renumbered, one new task after task 26, every name
# opening with 推进 reworded 持续推进, task 27's amount, task 5's deadline and task 11's
# towns changed.
NEXT_DROPPED = (8, 35)
NEXT_NEW_AFTER = 26
NEXT_NEW_NAME = "建设生态清洁小流域"
NEXT_NEW_CELLS = {
    "任务名称": NEXT_NEW_NAME, "牵头部门": "区水务局", "建设目标": "建成生态清洁小流域3条。",
    "建设内容": "开展河道整治和水土保持。", "建设规模": "/", "建设标准": "/", "资金来源": "区镇统筹安排",
    "总投资(万元)": "1500", "涉及范围": "练塘镇", "计划完成时间": "2027.12",
    "上半年目标": "完成方案编制。", "第三季度目标": "开工建设。", "第四季度目标": "建成3条。",
}
NEXT_AMOUNT = (27, "10478.4", "12000")
NEXT_DEADLINE = (5, "2026.9", "2027.10")  # one month later in its plan year
NEXT_TOWNS = (11, "重固镇、白鹤镇、练塘镇", "重固镇、白鹤镇、金泽镇")  # 练塘镇 out, 金泽镇 in
# compare_mid_year: the same plan year and numbers; one amount, one town added, one target raised.
MID_AMOUNT = (11, "69.7", "85")
MID_TOWN = (2, "金泽镇、白鹤镇", "金泽镇、白鹤镇、练塘镇")
MID_TARGET = (3, "上半年目标", "20%", "25%")
# compare_split: task 24 split in two tasks of the same lead department and section.
SPLIT_TASK = 24
SPLIT_NAMES = ("推进农村厕所革命（户厕）", "推进农村厕所革命（公厕）")


def _set(lines: list[Line], task_id: int, column: str, old: str, new: str) -> list[Line]:
    out = []
    for line in lines:
        if line.kind == "task" and line.task_id == task_id:
            assert line.cell(column) == old, (task_id, column, line.cell(column))
            line = line.with_cell(column, new)
        out.append(line)
    return out


def compare_next_year(lines: list[Line]) -> list[Line]:
    """The next plan year of the bundled list, renumbered, with the changes of NEXT_… (see above)."""
    lines = _set(lines, *NEXT_AMOUNT[:1], "总投资(万元)", *NEXT_AMOUNT[1:])
    lines = _set(lines, NEXT_TOWNS[0], "涉及范围", *NEXT_TOWNS[1:])
    out = []
    for line in lines:
        if line.kind == "title":
            line = replace(line, cells=tuple(_move_years(c) for c in line.cells))
        elif line.kind == "task":
            cells = [c if HEADER[i] in FIXED_YEAR_COLUMNS else _move_years(c) for i, c in enumerate(line.cells)]
            line = replace(line, cells=tuple(cells))
            if line.cell("任务名称").startswith("推进"):
                line = line.with_cell("任务名称", "持续" + line.cell("任务名称"))
        out.append(line)
        if line.kind == "task" and line.task_id == NEXT_NEW_AFTER:
            new = Line("task", ("0",) + ("",) * (len(HEADER) - 1))
            for column, value in NEXT_NEW_CELLS.items():
                new = new.with_cell(column, value)
            out.append(new)
    out = _set(out, NEXT_DEADLINE[0], "计划完成时间", _move_years(NEXT_DEADLINE[1]), NEXT_DEADLINE[2])
    return drop_tasks(out, NEXT_DROPPED)


def compare_mid_year(lines: list[Line]) -> list[Line]:
    """A revision of the bundled list in its own year: one amount, one town added, one target raised."""
    lines = _set(lines, MID_AMOUNT[0], "总投资(万元)", *MID_AMOUNT[1:])
    lines = _set(lines, MID_TOWN[0], "涉及范围", *MID_TOWN[1:])
    task_id, column, old, new = MID_TARGET
    target = next(line for line in lines if line.kind == "task" and line.task_id == task_id).cell(column)
    return _set(lines, task_id, column, target, target.replace(old, new))


def compare_split(lines: list[Line]) -> list[Line]:
    """The bundled list with task 24 split in two (SPLIT_NAMES), renumbered."""
    out = []
    for line in lines:
        if line.kind == "task" and line.task_id == SPLIT_TASK:
            out += [replace(line.with_cell("任务名称", name), cells=("0",) + line.with_cell("任务名称", name).cells[1:])
                    for name in SPLIT_NAMES]
            continue
        out.append(line)
    return drop_tasks(out, ())


COMPARE_VARIANTS = {
    "compare_next_year": compare_next_year,
    "compare_mid_year": compare_mid_year,
    "compare_split": compare_split,
    "compare_same": None,  # the bundled list as it is, in another file
}

