"""The problems table: the problems of one line in the order of the checks, the lines in the order of the source."""

from __future__ import annotations

import qpanalysis as qp
from tests.ingest.edits import TASK_7_LINE, edit_cell


def test_problems_of_one_line_follow_the_order_of_the_checks(bundled_text, write_list):
    text = edit_cell(bundled_text, TASK_7_LINE, 6, "")  # 建设标准 empty
    text = edit_cell(text, TASK_7_LINE, 2, "农业农村委、区规划资源局")  # an alias
    text = edit_cell(text, TASK_7_LINE, 7, "社会资本")  # no funding level
    text = edit_cell(text, TASK_7_LINE, 5, "另有3，停车场(个):赵巷11")  # an alias town, then a number without unit
    tl = qp.load(write_list(text))
    on_line = tl.problems[tl.problems["source_line"] == TASK_7_LINE]
    assert list(zip(on_line["kind"], on_line["field"])) == [
        ("empty-field", "建设标准"), ("alias", "牵头部门"), ("alias", "建设规模"),
        ("number-without-unit", "建设规模"),
        ("total-mismatch", "建设规模"),  # the goal still says 建设250个乡村停车场(点); the breakdown sums to 11
        ("unclassified-funding", "资金来源"),
    ]
    # The problems of the whole list stay in line order.
    lines = tl.problems["source_line"].dropna().tolist()
    assert lines == sorted(lines)
