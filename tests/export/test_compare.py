"""Tests of qpanalysis.export.compare: a comparison's tables as xlsx sheets and CSV files, formula-safe."""

import csv

import openpyxl
import pytest

import qpanalysis as qp
from qpanalysis.export.compare import comparison_to_csv, comparison_to_excel
from tests.variants import with_names, read_lines, render


@pytest.fixture(scope="module")
def comparison(bundled, tmp_path_factory):
    # The new list renames task 1 to a formula-like text: the exports must keep it as text.
    folder = tmp_path_factory.mktemp("lists")
    new = folder / "new.txt"
    new.write_text(render(with_names(read_lines(), {1: "=HYPERLINK(\"x\",\"y\")"})), encoding="utf-8")
    return qp.compare(bundled, qp.load(new))


def test_every_table_is_a_sheet_and_no_cell_is_a_formula(comparison, tmp_path):
    book = openpyxl.load_workbook(comparison_to_excel(comparison, tmp_path / "c.xlsx"))
    assert book.sheetnames == list(comparison.tables())
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    dropped = [r[0].value for r in book["dropped"].iter_rows(min_row=2)]
    added = [r[0].value for r in book["added"].iter_rows(min_row=2)]
    assert dropped == [1] and added == [1]  # the renamed task matches nothing


def test_csv_files_quote_the_formula_like_name(comparison, tmp_path):
    paths = comparison_to_csv(comparison, tmp_path / "csv")
    assert sorted(p.stem for p in paths) == sorted(comparison.tables())
    with open(tmp_path / "csv" / "added.csv", encoding="utf-8-sig", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert names == ["'=HYPERLINK(\"x\",\"y\")"]
