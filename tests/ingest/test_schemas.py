"""Each schema of qpanalysis.ingest.schemas accepts the bundled list's table and rejects a broken copy with a plain message."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from qpanalysis.errors import TaskListError
from qpanalysis.ingest import schemas


def _set(column, value, row=0):
    def corrupt(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.iloc[row, frame.columns.get_loc(column)] = value
        return frame

    return corrupt


def _duplicate_first_row(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([frame, frame.iloc[[0]]], ignore_index=True)


# table → (how to break it, words the message must contain)
BROKEN = {
    "tasks": (_set("investment_wan", -5.0), ["investment_wan", "greater_than_or_equal_to(0)", "-5.0"]),
    "departments": (_set("role", "boss"), ["role", "isin", "boss"]),
    "towns": (_set("basis", "somewhere"), ["basis", "isin", "somewhere"]),
    "quantities": (_set("quantity", -1.0), ["quantity", "greater_than_or_equal_to(0)"]),
    "milestones": (_set("target_pct", 120.0, row=6), ["target_pct", "in_range(0, 100)", "120.0"]),
    "funding": (_duplicate_first_row, ["task_id", "level", "not unique"]),
    "problems": (_set("source_line", 0), ["source_line", "greater_than_or_equal_to(1)"]),
    "totals": (_set("towns", 0), ["towns", "greater_than_or_equal_to(1)"]),
    "lines": (_set("kind", "poem"), ["kind", "isin", "poem"]),
}


def test_every_schema_is_covered():
    assert set(BROKEN) == set(schemas.SCHEMAS)


@pytest.mark.parametrize("name", list(BROKEN))
def test_schema_rejects_a_broken_table_naming_column_and_check(bundled, name):
    corrupt, words = BROKEN[name]
    with pytest.raises(pa.errors.SchemaErrors) as info:
        schemas.SCHEMAS[name].validate(corrupt(getattr(bundled, name)), lazy=True)
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)


def test_table_level_checks_say_what_is_wrong_in_words(bundled):
    tasks = bundled.tasks.copy()
    tasks["lead_department"] = tasks["lead_department"].where(tasks["task_id"] != 21, "区财政局")
    with pytest.raises(pa.errors.SchemaErrors, match="lead_department is the first listed department"):
        schemas.TASKS.validate(tasks, lazy=True)
    towns = bundled.towns.copy()
    towns.loc[towns["task_id"] == 9, "basis"] = "explicit"  # task 9: 相关街镇 without a breakdown, so no town
    with pytest.raises(pa.errors.SchemaErrors, match="only an unspecified row has no town"):
        schemas.TOWNS.validate(towns, lazy=True)


def test_validate_checks_every_table_and_accepts_an_empty_one(bundled):
    tables = {name: getattr(bundled, name) for name in schemas.SCHEMAS}
    tables["problems"] = tables["problems"].iloc[0:0].astype({"field": object, "kind": object, "detail": object})
    checked = schemas.validate(tables)
    assert checked["problems"].empty
    assert str(checked["problems"]["kind"].dtype) == "str"  # an empty text column still carries text's dtype
    tables = {name: getattr(bundled, name) for name in schemas.SCHEMAS} | {"lines": _set("kind", "poem")(bundled.lines)}
    # validate() translates pandera's report: a TaskListError naming the table, check and value
    with pytest.raises(TaskListError, match=r"the lines table .* fails the check isin.* on kind \(found 'poem'\)"):
        schemas.validate(tables)


def test_a_failed_check_names_the_source_line_and_field(bundled):
    # Task 7 (line 17 of the bundled file) given a completion target of 120% in Q3: the
    # milestone's row names the period's column and the task's line.
    milestones = bundled.milestones.copy()
    row = milestones.index[(milestones["task_id"] == 7) & (milestones["period"] == "Q3")][0]
    milestones.loc[row, "target_pct"] = 120.0
    tables = {name: getattr(bundled, name) for name in schemas.SCHEMAS} | {"milestones": milestones}
    with pytest.raises(TaskListError) as info:
        schemas.validate(tables, "list.txt")
    assert (info.value.path, info.value.line, info.value.field) == ("list.txt", 17, "第三季度目标")
    assert "in_range(0, 100)" in info.value.reason and "120.0" in info.value.reason


@pytest.mark.parametrize("name", [name for name, schema in schemas.SCHEMAS.items() if schema.checks])
def test_a_whole_table_check_has_no_all_missing_row_to_pass(name):
    # A whole-table check passes a row whose cells are all missing unless ignore_na=False;
    # these checks say so (finding such rows tests every cell of a large table). They lose
    # nothing: the table has a column of plain int dtype, which holds no missing value, so
    # no row of a table that passes its schema can have every cell missing.
    schema = schemas.SCHEMAS[name]
    assert all(check.ignore_na is False for check in schema.checks)
    assert any(str(column.dtype) == "int64" and not column.nullable for column in schema.columns.values())
    # pandera itself refuses a missing value in such a column (here as float NaN)
    frame = pd.DataFrame({"task_id": [1.0, float("nan")]})
    with pytest.raises(pa.errors.SchemaErrors):
        pa.DataFrameSchema({"task_id": schema.columns["task_id"]}).validate(frame, lazy=True)

