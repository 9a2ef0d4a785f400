"""Every report notebook has the agreed shape, and papermill can read all of its parameters."""

from __future__ import annotations

import re

import nbformat
import pytest
from papermill.translators import PythonTranslator

from qpanalysis.config import NOTEBOOKS_DIR
from qpanalysis.reports.runner import ANALYSIS_NOTEBOOKS, QUARTERLY_NOTEBOOK

NOTEBOOKS = [*ANALYSIS_NOTEBOOKS, QUARTERLY_NOTEBOOK]
SHARED_PARAMETERS = {"source", "lang", "output_dir", "figure_formats"}


@pytest.fixture(params=NOTEBOOKS)
def notebook(request):
    return nbformat.read(NOTEBOOKS_DIR / request.param, as_version=4)


def test_one_h1(notebook):
    h1 = [line for c in notebook.cells if c.cell_type == "markdown" for line in c.source.splitlines()
          if re.match(r"^# ", line)]
    assert len(h1) == 1


def test_parameters_are_readable_by_papermill(notebook):
    index = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", []))
    names = {p.name for p in PythonTranslator.inspect(notebook.cells[index])}
    # A comment papermill cannot parse hides the parameter: it is then "unknown" at run time.
    assert SHARED_PARAMETERS <= names
    assert len(names) == len(notebook.cells[index].source.strip().splitlines())
    assert "validate" in notebook.cells[index + 1].source  # the next cell checks them


def test_committed_notebooks_carry_no_images_or_machine_paths(notebook):
    text = nbformat.writes(notebook)
    assert "image/png" not in text
    assert "/tmp/" not in text and "/work/" not in text and "/home/" not in text
