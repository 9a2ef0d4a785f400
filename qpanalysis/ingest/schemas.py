"""Pandera schemas of the TaskList tables, checked every time a list is loaded."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from qpanalysis.codes import (
    APPLIES_TO, DEPARTMENT_KINDS, DISCLOSURE_STATUSES, FUNDING_LEVELS, LINE_KINDS, PERIODS, ROLES, TARGET_KINDS, TOWN_BASES, Basis, Role,
)
from qpanalysis.errors import TaskListError
from qpanalysis.ingest.fields import header, headers, period_fields

_text = Column(str)
_optional_text = Column(str, nullable=True)
_task_id = Column(int, Check.ge(1))
_optional_task_id = Column("Int64", Check.ge(1), nullable=True)
# A check of a whole table passes, by default, every row whose cells are all missing: pandera
# finds them by testing every cell of the table. No row of a table checked so has all its cells
# missing (its task_id is a number: an int column holds no missing value), so the checks of
# whole tables say ignore_na=False and skip that test (tests/ingest/test_schemas.py).

TASKS = DataFrameSchema(
    {
        "task_id": _task_id,
        "section_no": Column(int, Check.in_range(1, 10)),
        "section": _text,
        "section_en": _optional_text,
        "name": _text,  # an empty name is listed in problems (empty-field), kept as written
        "name_en": _optional_text,
        "departments_raw": _text,
        "departments": Column(object, Check(lambda s: s.map(lambda v: isinstance(v, tuple) and len(v) >= 1))),
        "lead_department": _text,
        "lead_department_en": _text,
        "goal": _text, "content": _text, "scale": _text, "standard": _text,
        "funding_source": _text, "investment_raw": _text,
        "investment_wan": Column(float, Check.ge(0), nullable=True),
        "investment_is_approx": Column(bool),
        "disclosure": Column(str, Check.isin(DISCLOSURE_STATUSES)),
        "scope": _text, "due_raw": _text,
        "due": Column(pd.PeriodDtype("M")),
        "h1_target": _text, "q3_target": _text, "q4_target": _text,
        "source_line": Column(int, Check.ge(1), unique=True),
    },
    index=pa.Index(int, name="task_id", unique=True),
    strict=True,
    ordered=True,
    checks=[Check(lambda df: df["lead_department"] == df["departments"].map(lambda d: d[0]),
                  error="lead_department is the first listed department", ignore_na=False)],
)

DEPARTMENTS = DataFrameSchema(
    {
        "task_id": _task_id, "department": _text, "department_en": _text,
        "role": Column(str, Check.isin(ROLES)), "order": Column(int, Check.ge(1)),
        "raw_name": _text, "kind": Column(str, Check.isin(DEPARTMENT_KINDS)),
    },
    strict=True, unique=["task_id", "department"],
    checks=[Check(lambda df: (df["order"] == 1) == (df["role"] == Role.LEAD), error="order 1 is the lead",
                  ignore_na=False)],
)

TOWNS = DataFrameSchema(
    {
        "task_id": _task_id, "town": _optional_text, "town_en": _optional_text,
        "basis": Column(str, Check.isin(TOWN_BASES)), "raw_scope": _text,
    },
    strict=True, unique=["task_id", "town"],
    checks=[Check(lambda df: df["town"].isna() == (df["basis"] == Basis.UNSPECIFIED),
                  error="only an unspecified row has no town", ignore_na=False)],
)

QUANTITIES = DataFrameSchema(
    {
        "task_id": _task_id, "metric": _text, "unit": _text, "town": _optional_text,
        "town_en": _optional_text, "quantity": Column(float, Check.ge(0)), "is_total": Column(bool),
        "source_text": _text, "labelled": Column(bool),
    },
    strict=True,
)

MILESTONES = DataFrameSchema(
    {
        "task_id": _task_id, "period": Column(str, Check.isin(PERIODS)),
        "period_end": Column("datetime64[ns]"), "due_date": Column("datetime64[ns]"),
        "text": _text, "kind": Column(str, Check.isin(TARGET_KINDS)),
        "target_pct": Column(float, Check.in_range(0, 100), nullable=True),
        "target_quantity": Column(float, Check.ge(0), nullable=True),
        "target_unit": _optional_text,
        "applies_to": Column(str, Check.isin(APPLIES_TO)),
        "pct_values": Column(str), "indicator_pct_values": Column(str),
        "cumulative": Column(bool), "approx": Column(bool),
    },
    strict=True, unique=["task_id", "period"],
)

FUNDING = DataFrameSchema(
    {"task_id": _task_id, "level": Column(str, Check.isin(FUNDING_LEVELS)), "level_en": _text, "text": _text},
    strict=True, unique=["task_id", "level"],
)

PROBLEMS = DataFrameSchema(
    {
        "task_id": _optional_task_id, "field": _text, "kind": _text, "detail": _text,
        "source_line": Column("Int64", Check.ge(1), nullable=True),
    },
    strict=True,
)

TOTALS = DataFrameSchema(
    {
        "task_id": _task_id, "metric": _text, "unit": _text, "towns": Column(int, Check.ge(1)),
        "breakdown_sum": Column(float), "stated_total": Column(float, nullable=True),
        "stated_text": _optional_text, "agrees": Column("boolean", nullable=True),
        "source_line": Column(int, Check.ge(1)),
    },
    strict=True,
)

LINES = DataFrameSchema(
    {
        "line": Column(int, Check.ge(1), unique=True), "kind": Column(str, Check.isin(LINE_KINDS)),
        "task_id": _optional_task_id, "text": Column(str),
    },
    strict=True,
)

SCHEMAS = {
    "tasks": TASKS, "departments": DEPARTMENTS, "towns": TOWNS, "quantities": QUANTITIES,
    "milestones": MILESTONES, "funding": FUNDING, "problems": PROBLEMS, "totals": TOTALS, "lines": LINES,
}

def _conform(frame: pd.DataFrame, schema: DataFrameSchema) -> pd.DataFrame:
    """The schema's columns in its order, text columns with pandas' str dtype (also when empty).

    pandera checks an object column value by value (and cannot tell the type of an empty
    one), so text is handed over as str.
    """
    frame = frame[list(schema.columns)]
    for column, spec in schema.columns.items():
        if str(spec.dtype) == "string[python]" and frame[column].dtype != "str":
            frame[column] = frame[column].astype("str")
    return frame


# The published field each table (or column) is read from, for the message of a failed check;
# a milestone's field is the column of its period.
TABLE_FIELDS = {
    "departments": header("departments_raw"), "towns": header("scope"), "quantities": header("scale"),
    "funding": header("funding_source"), "totals": header("scale"), "lines": None, "problems": None,
}
PERIOD_FIELDS = {period: field.header for period, field in period_fields().items()}


def schema_error(name: str, table: pd.DataFrame, errors, path, task_lines: dict[int, int]) -> TaskListError:
    """A pandera failure as a TaskListError naming the earliest source line and field it concerns.

    The loader's own checks come first and give the clear messages; this one is the last
    line of defence, so that a reading no check foresaw still names where to look.

    Args:
        name: The table that failed.
        table: The table as checked.
        errors: The ``pandera.errors.SchemaErrors``.
        path: The file read.
        task_lines: Task number → source line.
    """
    found = []
    for case in errors.failure_cases.itertuples(index=False):
        label, column = case.index, case.column
        line, field = None, TABLE_FIELDS.get(name, headers().get(column, column))
        if label is not None and label == label and label in table.index:
            row = table.loc[label]
            row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
            if "source_line" in table.columns and name != "problems":
                line = int(row["source_line"])
            elif "task_id" in table.columns and not pd.isna(row["task_id"]):
                line = task_lines.get(int(row["task_id"]))
            if name == "milestones":
                field = PERIOD_FIELDS.get(row["period"])
        found.append((line if line is not None else float("inf"), field, case))
    line, field, case = min(found, key=lambda item: item[0]) if found else (None, None, None)
    what = f"fails the check {case.check} on {case.column} (found {case.failure_case!r})" if case else "fails its checks"
    return TaskListError(
        f"the {name} table read from the list {what}: the loader cannot read the list as it stands; check the "
        "cell, and report the case if the cell looks right",
        path=path, line=None if line == float("inf") else line, field=field,
    )


def validate(tables: dict[str, pd.DataFrame], path=None) -> dict[str, pd.DataFrame]:
    """Check every table the loader built against its schema, replacing it in ``tables`` by the checked one.

    Each table is replaced as soon as it is checked, so that a large list is not held
    twice in memory.

    Raises:
        TaskListError: For the first table that fails a check, naming the earliest source
            line and field concerned (``schema_error``); pandera's report is never shown raw.
    """
    from pandera.errors import SchemaErrors

    for name, schema in SCHEMAS.items():
        try:
            # inplace: _conform's frame is a new one (a selection of the table's columns), so pandera
            # need not copy it before checking it.
            tables[name] = schema.validate(_conform(tables[name], schema), lazy=True, inplace=True)
        except SchemaErrors as errors:
            task_lines = dict(zip(tables["tasks"]["task_id"].tolist(), tables["tasks"]["source_line"].tolist()))
            raise schema_error(name, tables[name], errors, path, task_lines) from None
    return tables
