"""Malformed lists raise TaskListError naming the file, the line and the field."""

from __future__ import annotations

import pytest

import qpanalysis as qp

TASK_7_LINE = 17  # 7\t完善乡村停车场(点)… is on line 17 of the bundled file


def _edit(text: str, line: int, edit) -> str:
    lines = text.split("\n")
    lines[line - 1] = edit(lines[line - 1])
    return "\n".join(lines)


def _cell(index: int, value: str):
    def edit(line: str) -> str:
        cells = line.split("\t")
        cells[index] = value
        return "\t".join(cells)

    return edit


CASES = {
    "row with a cell too many": (
        lambda t: _edit(t, TASK_7_LINE, lambda l: l + "\textra"), TASK_7_LINE, None, "expected 14 tab-separated cells"),
    "row with a cell missing": (
        lambda t: _edit(t, TASK_7_LINE, lambda l: l.rsplit("\t", 1)[0]), TASK_7_LINE, None, "found 13"),
    "unknown header": (
        lambda t: _edit(t, 5, _cell(1, "任务名")), 5, "任务名", "unknown header '任务名'"),
    "missing header": (
        lambda t: _edit(t, 5, lambda l: "\t".join(l.split("\t")[:-1])), 5, None, "missing header(s) 第四季度目标"),
    "duplicate task number": (
        lambda t: _edit(t, TASK_7_LINE, _cell(0, "6")), TASK_7_LINE, "序号", "duplicate task number 6 (first on line 15)"),
    "missing task number": (
        lambda t: _edit(t, TASK_7_LINE, _cell(0, "70")), TASK_7_LINE, "序号", "missing [7]; task number 70 is out of sequence"),
    "task number not a number": (
        lambda t: _edit(t, TASK_7_LINE, _cell(0, "7a")), TASK_7_LINE, "序号", "expected a task number, found '7a'"),
    "footer count disagrees": (
        lambda t: t.replace("全区共涉及乡村建设任务41项", "全区共涉及乡村建设任务40项"), 70, "footer",
        "the footer states 40 tasks, but the list has 41 task rows"),
    "investment not a number": (
        lambda t: _edit(t, TASK_7_LINE, _cell(8, "约三百")), TASK_7_LINE, "总投资(万元)", "found '约三百'"),
    "unknown department": (
        lambda t: _edit(t, TASK_7_LINE, _cell(2, "区农业农村委、区宇宙局")), TASK_7_LINE, "牵头部门",
        "unknown department '区宇宙局'"),
    "unknown town in scope": (
        lambda t: _edit(t, 19, _cell(9, "金泽镇、浦东新区")), 19, "涉及范围", "unknown town '浦东新区'"),
    "unknown town in breakdown": (
        lambda t: _edit(t, TASK_7_LINE, lambda l: l.replace("赵巷镇11", "安亭镇11")), TASK_7_LINE, "建设规模",
        "unknown town '安亭镇'"),
    "bad due month": (
        lambda t: _edit(t, TASK_7_LINE, _cell(10, "2026.13")), TASK_7_LINE, "计划完成时间", "year.month"),
    "task before header": (
        lambda t: "\n".join(l for i, l in enumerate(t.split("\n"), 1) if i != 5), 6, None,
        "expected a title line or the header row"),
    "text after footer": (lambda t: t + "\n附件1", 71, None, "text after the footer"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_names_file_line_and_field(case, bundled_text, write_list):
    corrupt, line, field, message = CASES[case]
    path = write_list(corrupt(bundled_text))
    with pytest.raises(qp.TaskListError) as info:
        qp.load(path)
    error = info.value
    assert isinstance(error, ValueError)
    assert str(path) in str(error)
    assert error.line == line
    if line is not None:
        assert f"line {line}" in str(error)
    assert error.field == field
    if field is not None:
        assert f"field {field}" in str(error)
    assert message in str(error)


def test_unrecognised_line_after_header(bundled_text, write_list):
    path = write_list(_edit(bundled_text, 16, lambda l: "备注：以上为草案"))  # line 16 was blank
    with pytest.raises(qp.TaskListError, match=r"line 16: unrecognised line '备注：以上为草案'"):
        qp.load(path)


def test_a_spreadsheet_row_keeps_its_row_number(bundled_text, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    for line in _edit(bundled_text, TASK_7_LINE, _cell(8, "abc")).split("\n"):
        book.active.append([c if c else None for c in line.split("\t")])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(qp.TaskListError, match=rf"bad.xlsx, line {TASK_7_LINE}, field 总投资\(万元\)"):
        qp.load(path)


def test_missing_footer_is_a_problem_not_an_error(bundled_text, write_list):
    path = write_list(bundled_text.replace("全区共涉及乡村建设任务41项。", ""))
    loaded = qp.load(path)
    assert len(loaded.tasks) == 41
    assert "missing-footer" in set(loaded.problems["kind"])


def test_empty_required_field_is_a_problem(bundled_text, write_list):
    loaded = qp.load(write_list(_edit(bundled_text, TASK_7_LINE, _cell(6, ""))))
    row = loaded.problems[(loaded.problems["task_id"] == 7) & (loaded.problems["kind"] == "empty-field")]
    assert row["field"].tolist() == ["建设标准"]
    assert loaded.tasks.loc[7, "standard"] == ""  # kept as it is


def test_header_with_full_width_brackets_is_the_same_header(bundled, bundled_text, write_list):
    loaded = qp.load(write_list(bundled_text.replace("总投资(万元)", "总投资（万元）")))
    assert loaded.tasks["investment_wan"].sum() == bundled.tasks["investment_wan"].sum()


def test_columns_are_found_by_header_not_position(bundled, bundled_text, write_list):
    # Swap two columns (牵头部门 and 建设目标) in every header and task row.
    def swap(line: str) -> str:
        cells = line.split("\t")
        if len(cells) == 14:
            cells[2], cells[3] = cells[3], cells[2]
        return "\t".join(cells)

    loaded = qp.load(write_list("\n".join(swap(l) for l in bundled_text.split("\n"))))
    assert loaded.tasks["departments"].equals(bundled.tasks["departments"])
    assert loaded.tasks["goal"].equals(bundled.tasks["goal"])
