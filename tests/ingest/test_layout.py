"""Reading the lines of a list one by one (qpanalysis.ingest.layout): what each line is, and the first line that fits no layout."""

from __future__ import annotations

from qpanalysis.config import BUNDLED_LIST
from qpanalysis.ingest.layout import classify
from qpanalysis.ingest.reading import read_source
from qpanalysis.ingest.reference import load_reference


def _classify(path=BUNDLED_LIST):
    return classify(read_source(path).rows, path, load_reference())


def test_the_lines_of_the_bundled_list():
    layout = _classify()
    kinds = layout.lines["kind"]
    # Counted in the raw file: 70 lines. The header row is repeated at the top of each of
    # its 9 pages (lines 5, 13, 21, 28, 35, 41, 50, 58, 64); the 11 blank lines are the 2
    # above the title (lines 1, 2), the one below it (4) and the one before each of the 8
    # repeated headers (12, 20, 27, 34, 40, 49, 57, 63).
    assert len(kinds) == 70 and layout.pending is None
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        "task": 41, "blank": 11, "header": 9, "section": 7, "title": 1, "footer": 1}
    assert (layout.title, layout.title_year, layout.title_line) == ("2026 年度青浦区乡村建设行动任务清单", 2026, 3)
    assert layout.footer == (41, 70)  # 全区共涉及乡村建设任务41项。 on line 70
    # Section rows on lines 6, 10, 16, 32, 42, 54, 61, numbered 一 … 七.
    assert layout.section_lines == {1: 6, 2: 10, 3: 16, 4: 32, 5: 42, 6: 54, 7: 61}
    assert layout.sections[1][1] == "片区化推进宜居宜业和美乡村建设"  # <b>二、…</b> without its tags


def test_task_rows_are_kept_with_their_line_and_section():
    layout = _classify()
    # Task 4 is on line 11, the first row under section 二 (line 10).
    assert layout.cells[3][0] == "4" and layout.task_lines[3] == 11
    assert layout.task_numbers == list(range(1, 42))  # 序号 read as numbers once, in file order: 1…41
    assert layout.sections[layout.task_sections[3]][0] == 2
    assert len(layout.cells[0]) == 14  # every published column, in COLUMNS order


def test_the_first_line_that_fits_no_layout_is_kept_not_raised(tmp_path):
    lines = BUNDLED_LIST.read_text(encoding="utf-8").split("\n")
    lines.insert(70, "附注：以上任务以正式文件为准")  # text after the footer (line 70)
    path = tmp_path / "tasks.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    layout = _classify(path)
    assert layout.pending is not None and layout.pending.line == 71
    assert "text after the footer on line 70" in str(layout.pending)
    assert len(layout.cells) == 41  # every task row above it was read
