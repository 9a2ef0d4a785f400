"""data/reference/fields.csv is the bundled list's header line, and the only place the package writes the published headers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from qpanalysis import codes
from qpanalysis.config import BUNDLED_LIST
from qpanalysis.ingest import fields, layout
from tests import source_trees

PACKAGE = Path(codes.__file__).parent


def _header_line(path: Path) -> list[str]:
    """The cells of the first line with a cell for every field: the header line as published."""
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) >= len(fields.fields()):
            return cells
    raise AssertionError(f"{path.name} has no header line")


def test_bundled_header_line_is_the_fields_in_order():
    assert _header_line(BUNDLED_LIST) == [f.header for f in fields.fields()]


def test_columns_and_periods():
    assert layout.COLUMNS == fields.columns() and layout.FIELD_HEADER == fields.headers()
    assert fields.header("investment_raw") == "总投资(万元)"  # as published, half-width brackets
    periods = fields.period_fields()
    assert list(periods) == list(codes.PERIODS)
    assert [f.column for f in periods.values()] == ["h1_target", "q3_target", "q4_target"]
    # The target fields are the last three of the header line, in period order.
    assert list(periods.values()) == list(fields.fields()[-3:])


@pytest.mark.parametrize(("text", "message"), [
    ("header,column,period\n序号,task_id,\n序号,name,\n上半年目标,h1_target,H1\n第三季度目标,q3_target,Q3\n"
     "第四季度目标,q4_target,Q4\n", "a header is given twice"),
    ("header,column,period\n上半年目标,h1_target,Q1\n", "unknown period 'Q1'"),
    ("header,column,period\n上半年目标,h1_target,H1\n第三季度目标,q3_target,Q3\n", "no target field of period Q4"),
])
def test_a_broken_fields_file_is_refused(tmp_path, monkeypatch, text, message):
    broken = tmp_path / "fields.csv"
    broken.write_text(text, encoding="utf-8")
    monkeypatch.setattr(fields, "FIELDS_FILE", broken)
    fields.fields.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            fields.fields()
    finally:
        fields.fields.cache_clear()


def test_no_module_writes_a_header_out():
    """Every module takes the published headers from ingest.fields (docstrings may quote them)."""
    headers = set(fields.columns())
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = source_trees.tree(path)
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(getattr(node, "body", None), list) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        found += [f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and node.value in headers and id(node) not in docstrings]
    assert not found, "\n".join(found)


def test_fields_file_is_shipped():
    """The wheel carries fields.csv (config.SHIPPED_FILES), so an installed package reads the same headers."""
    from fnmatch import fnmatch

    from qpanalysis.config import SHIPPED_FILES

    assert fields.FIELDS_FILE.is_file()
    assert any(fnmatch("data/reference/fields.csv", pattern) for pattern in SHIPPED_FILES)
