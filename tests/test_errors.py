"""Tests of qpanalysis.errors: TaskListError names what it knows of the place, keeps each part, and is what load() raises."""

from __future__ import annotations

import pytest

import qpanalysis as qp
from qpanalysis.errors import TaskListError


def test_the_message_names_only_the_parts_given():
    assert str(TaskListError("empty file")) == "<input>: empty file"
    assert str(TaskListError("empty file", path="a.txt")) == "a.txt: empty file"
    assert str(TaskListError("not a number", path="a.xlsx", field="总投资(万元)")) == "a.xlsx, field 总投资(万元): not a number"
    error = TaskListError("bad", path="b.txt", line=3, field="序号")
    assert (error.path, error.line, error.field, error.reason) == ("b.txt", 3, "序号", "bad")


def test_load_raises_it_naming_file_line_and_field(write_list, bundled_text):
    # Line 11 of the bundled list is task 4's row; its 总投资 cell 约68916 made 约六万.
    lines = bundled_text.split("\n")
    assert lines[10].startswith("4\t") and "\t约68916\t" in lines[10]
    lines[10] = lines[10].replace("\t约68916\t", "\t约六万\t")
    path = write_list("\n".join(lines))
    with pytest.raises(TaskListError) as raised:
        qp.load(path)
    assert (raised.value.path, raised.value.line, raised.value.field) == (str(path), 11, "总投资(万元)")
    assert str(raised.value).startswith(f"{path}, line 11, field 总投资(万元): ")
