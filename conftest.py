"""Test-wide set-up: figures of nbval runs go to a temporary folder; slow tests are marked for the fast tier."""

import os
import tempfile
from pathlib import Path

import pytest

# Set before any kernel starts, so kernels inherit it; figures/ in the checkout stays untouched.
os.environ.setdefault("QPANALYSIS_FIGURES_DIR", tempfile.mkdtemp(prefix="qpanalysis-figures-"))
os.environ.setdefault("QPANALYSIS_REPORTS_DIR", tempfile.mkdtemp(prefix="qpanalysis-reports-"))
# Scripts, not modules: importing setup.py would run a build.
collect_ignore = ["manage.py", "setup.py"]

ROOT = Path(__file__).resolve().parent
# Test modules every test of which executes notebooks, drives a browser, builds a wheel or
# starts LibreOffice: `pytest -m "not slow"` (the fast tier) leaves them out.
SLOW_MODULES = {
    "tests/test_install.py",
    "tests/reports/test_browser.py",
    "tests/reports/test_explorer.py",
    "tests/reports/test_notebooks.py",
    "tests/reports/test_pdf.py",
    "tests/reports/test_quarterly_notebook.py",
    "tests/reports/test_report_quality.py",
    "tests/reports/test_variants.py",
    "tests/reports/test_compare_command.py",
}
# Fixtures that start kernels, Chromium, pytest in a subprocess or a fresh venv: any test
# using one is slow, wherever it lives.
SLOW_FIXTURES = {"generated_reports", "browser_context", "browser_runs", "notebooks", "venv", "built"}


def _is_slow(item) -> bool:
    if type(item).__module__.startswith("nbval"):  # a cell of a committed notebook
        return True
    path = Path(str(item.fspath)).resolve()
    try:
        relative = path.relative_to(ROOT).as_posix()
    except ValueError:
        return False
    return relative in SLOW_MODULES or bool(SLOW_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)
