"""The builder: the first bad line of the file is the one reported, and a list needs task rows."""

from __future__ import annotations

import pytest

import qpanalysis as qp
from qpanalysis.ingest.layout import COLUMNS
from tests.ingest.edits import TASK_7_LINE, TASK_9_LINE, edit_cell

# --- the first bad line is the one reported --------------------------------------------------


@pytest.mark.parametrize(
    ("edits", "line", "field"),
    [
        # Investment is checked before departments, but the department error is on an earlier line.
        ([(TASK_9_LINE, 8, "约三百"), (TASK_7_LINE, 2, "区宇宙局")], TASK_7_LINE, "牵头部门"),
        ([(TASK_9_LINE, 2, "区宇宙局"), (TASK_7_LINE, 8, "约三百")], TASK_7_LINE, "总投资(万元)"),
        # One line, two errors: the check a line-by-line reading meets first wins.
        ([(TASK_7_LINE, 9, "浦东新区"), (TASK_7_LINE, 10, "2026.13")], TASK_7_LINE, "计划完成时间"),
        # A bad town in the scope of line 17 comes before a bad breakdown town on line 19.
        ([(TASK_9_LINE, 5, "路(公里):安亭镇3"), (TASK_7_LINE, 9, "浦东新区")], TASK_7_LINE, "涉及范围"),
        # A field error before a duplicate task number, and after one.
        ([(TASK_9_LINE, 0, "6"), (TASK_7_LINE, 8, "x")], TASK_7_LINE, "总投资(万元)"),
        ([(TASK_7_LINE, 0, "6"), (TASK_9_LINE, 8, "x")], TASK_7_LINE, "序号"),
    ],
)
def test_the_first_bad_line_is_reported(bundled_text, write_list, edits, line, field):
    text = bundled_text
    for edit_line, column, value in edits:
        text = edit_cell(text, edit_line, column, value)
    with pytest.raises(qp.TaskListError) as info:
        qp.load(write_list(text))
    assert (info.value.line, info.value.field) == (line, field)


def test_no_task_rows_is_an_error(write_list):
    header = "\t".join(COLUMNS)
    with pytest.raises(qp.TaskListError, match="no task rows found"):
        qp.load(write_list(f"### 2026 年度清单\n{header}\n"))
