"""The vocabularies of qpanalysis.codes: unique codes, a label for each, the schemas' allowed values, and no code written out elsewhere."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pandas as pd
import pytest

from qpanalysis import codes
from qpanalysis.config import REFERENCE_DIR
from qpanalysis.display import labels
from qpanalysis.ingest import schemas
from tests import source_trees

PACKAGE = Path(codes.__file__).parent
# Vocabularies whose codes no reader sees as such, so labels.csv has no kind for them:
# each with the place its words come from instead.
UNLABELLED = {
    codes.Lang: "a report's language is chosen, never shown as a code",
    codes.FigureFormat: "file extensions of the saved figures",
    codes.FundingLevel: "labelled in funding_levels.csv (level_zh, level_en), a reference table a user may extend",
    codes.ProgressProblemKind: "progress-file problems are explained in their own sentences of the catalogue",
}
# (schema, column) → the vocabulary its isin check must allow, exactly.
SCHEMA_VOCABULARIES = {
    ("departments", "role"): codes.Role,
    ("departments", "kind"): codes.DepartmentKind,
    ("towns", "basis"): codes.Basis,
    ("milestones", "period"): codes.Period,
    ("milestones", "kind"): codes.TargetKind,
    ("milestones", "applies_to"): codes.AppliesTo,
    ("funding", "level"): codes.FundingLevel,
    ("lines", "kind"): codes.LineKind,
    ("tasks", "disclosure"): codes.Disclosure,
}
# The vocabularies no module but codes.py may write out as literal strings.
GUARDED = (codes.Basis, codes.Role, codes.TargetKind, codes.AppliesTo, codes.Disclosure, codes.Status,
           codes.Reading, codes.Period, codes.Rule, codes.SensitivityRule, codes.Scenario, codes.TotalsStatus,
           codes.ProblemKind, codes.ProgressProblemKind, codes.QuarterMeasure, codes.CellStatus, codes.ReadingRule)
# Not guarded: LineKind (its codes title, header, section, task are also common words and
# column names) and CompletionBand ("0" is any zero).
# Literal strings that equal a guarded code but are something else, by module: (module, value) → why.
NOT_CODES = {
    ("analysis/coverage.py", "quantity"): "the quantity column of quantities and of the tables built from it",
    ("charts/coverage.py", "quantity"): "the quantity column the town tiles are coloured by",
    ("charts/coverage.py", "none"): "matplotlib's names: layout engine 'none', linestyle 'none'",
    ("charts/quarterly.py", "none"): "matplotlib's facecolors='none' (hollow markers)",
    ("reports/typst/document.py", "none"): "Typst's none (a PDF without a date)",
    ("charts/save.py", "none"): "matplotlib's layout engine 'none' and svg.fonttype 'none' (text kept as text)",
    ("charts/workload.py", "none"): "matplotlib's edgecolor 'none'",
    ("analysis/quality.py", "period"): "the period column of milestones, in a row of it",
    ("charts/quality.py", "filled"): "a column of the completeness table (analysis.quality)",
    ("charts/quality.py", "empty"): "a column of the completeness table (analysis.quality)",
    ("analysis/quality.py", "none"): "the reading shown for an empty target ('none')",
    ("analysis/quality.py", "qualitative"): "the reading shown for a qualitative target ('qualitative')",
    ("analysis/compare/__init__.py", "lead"): "the lead column of the added and dropped tables (issue 17's name)",
    ("export/progress_template.py", "period"): "the period column of milestones, pivoted into columns",
}


def _vocabularies() -> list[type[codes.Code]]:
    return [value for value in vars(codes).values()
            if isinstance(value, type) and issubclass(value, codes.Code) and value is not codes.Code]


def test_every_vocabulary_is_listed_once():
    assert sorted(v.__name__ for v in _vocabularies()) == sorted(v.__name__ for v in codes.VOCABULARIES)
    assert len(set(codes.VOCABULARIES)) == len(codes.VOCABULARIES)


@pytest.mark.parametrize("vocabulary", codes.VOCABULARIES, ids=lambda v: v.__name__)
def test_codes_are_unique_plain_strings(vocabulary):
    values = [member.value for member in vocabulary]
    assert len(values) == len(set(values)), f"{vocabulary.__name__} repeats a code"
    assert all(type(value) is str and value == value.strip() and value for value in values)
    # A member is its code wherever it goes: compared, formatted, printed in a list.
    first = next(iter(vocabulary))
    assert first == first.value and f"{first}" == first.value and repr([first]) == repr([first.value])


def test_ordered_tuples_are_the_vocabularies():
    for name, vocabulary in (("TOWN_BASES", codes.Basis), ("STATUSES", codes.Status), ("PERIODS", codes.Period),
                             ("TARGET_KINDS", codes.TargetKind), ("READINGS", codes.Reading)):
        assert getattr(codes, name) == tuple(vocabulary), name


def test_labelled_vocabularies_cover_every_enum():
    """Every vocabulary a reader sees has a kind of labels.csv that labels exactly its codes."""
    labelled = {tuple(values) for values in labels.VOCABULARIES.values()}
    for vocabulary in codes.VOCABULARIES:
        if vocabulary in UNLABELLED or vocabulary in (codes.Rule, codes.SensitivityRule, codes.TownBucket):
            continue
        assert tuple(vocabulary) in labelled, f"{vocabulary.__name__} has no kind in display.labels.VOCABULARIES"
    rules = labels.VOCABULARIES["allocation_rule"]
    assert set(rules) == {*codes.Rule, *codes.SensitivityRule}


def test_every_code_has_both_labels():
    with (REFERENCE_DIR / "labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = {(row["kind"], row["code"]): row for row in csv.DictReader(handle)}
    for kind, values in labels.VOCABULARIES.items():
        for code in values:
            row = rows.get((kind, str(code)))
            assert row is not None, f"labels.csv has no {kind} label for {code!r}"
            assert row["zh"].strip() and row["en"].strip(), f"{kind} {code!r} lacks a label in one language"
    for bucket in codes.TownBucket:  # the two town buckets are labelled as towns
        assert rows[("town", bucket.value)]["en"].strip()


@pytest.mark.parametrize(("table", "column"), SCHEMA_VOCABULARIES, ids="{0[0]}.{0[1]}".format)
def test_schema_allows_exactly_the_vocabulary(table, column):
    vocabulary = SCHEMA_VOCABULARIES[(table, column)]
    checks = [c for c in schemas.SCHEMAS[table].columns[column].checks if c.name == "isin"]
    assert len(checks) == 1
    assert sorted(checks[0].statistics["allowed_values"]) == sorted(m.value for m in vocabulary)
    one_column = schemas.pa.DataFrameSchema({column: schemas.SCHEMAS[table].columns[column]})
    one_column.validate(pd.DataFrame({column: [m.value for m in vocabulary]}))  # every code passes
    with pytest.raises(schemas.pa.errors.SchemaError):
        one_column.validate(pd.DataFrame({column: ["not-a-code"]}))


def _string_constants(path: Path):
    """Every string constant of a module but its docstrings, subscript keys (``df["period"]``), and the
    strings of a list, tuple, set or dict's keys that also hold a string other than a guarded code
    (columns, or catalogue and anchor ids, such as ``["task_id", "period"]``)."""
    tree = source_trees.tree(path)
    skipped = set()
    guarded = {m.value for v in GUARDED for m in v}
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skipped.add(id(body[0].value))
        if isinstance(node, ast.Subscript):  # df["quantity"], df.loc[rows, "quantity"]
            skipped.update(id(e) for e in (node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]))
        if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            strings = [e for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if any(e.value not in guarded for e in strings):
                skipped.update(id(e) for e in strings)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            yield node


def test_no_code_is_written_out_outside_codes():
    guarded = {m.value: v.__name__ for v in GUARDED for m in v}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module == "codes.py":
            continue
        for node in _string_constants(path):
            if node.value in guarded and (module, node.value) not in NOT_CODES:
                found.append(f"{module}:{node.lineno} {node.value!r} (use codes.{guarded[node.value]})")
    assert not found, "\n".join(found)


def test_not_codes_allowlist_is_needed():
    """Every allowance above still matches a literal, so the list cannot outgrow the code."""
    seen = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        seen.update((module, node.value) for node in _string_constants(path))
    assert set(NOT_CODES) <= seen, sorted(set(NOT_CODES) - seen)


def test_the_period_tables_agree_with_the_periods():
    assert list(codes.PERIOD_MONTHS) == list(codes.PERIODS) == sorted(codes.PERIOD_ORDER, key=codes.PERIOD_ORDER.get)
    months = [m for first, last in codes.PERIOD_MONTHS.values() for m in (first, last)]
    assert months == sorted(months) and months[0] == 1 and months[-1] == 12  # H1, Q3, Q4 cover the year in order


@pytest.mark.parametrize("value", ["fr", "", None, "ZH"])
def test_check_refuses_a_value_outside_the_vocabulary_naming_it(value):
    with pytest.raises(ValueError, match=r"lang must be one of \('zh', 'en'\), not " + repr(repr(value))[1:-1]):
        codes.check(value, codes.LANGS, "lang")
    codes.check("en", codes.LANGS, "lang")
