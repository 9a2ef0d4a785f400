"""Test-wide set-up: temporary output folders, the slow marker of the fast tier, Hypothesis profiles, the bundled list shared by doctests, and the count of notebook executions."""

import copy
import gc
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from tests import notebook_runs

# Set before any kernel starts, so kernels inherit it; figures/ in the checkout stays untouched.
os.environ.setdefault("QPANALYSIS_FIGURES_DIR", tempfile.mkdtemp(prefix="qpanalysis-figures-"))
os.environ.setdefault("QPANALYSIS_REPORTS_DIR", tempfile.mkdtemp(prefix="qpanalysis-reports-"))
# Scripts, not modules: importing setup.py would run a build.
collect_ignore = ["manage.py", "setup.py"]
# The TrueType copies of the shipped font, made in a child process while the first tests run.
pytest_plugins = ["tests.charts.truetype_ahead"]

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
SLOW_FIXTURES = {"generated_reports", "variant_reports", "browser_context", "browser_runs", "notebooks", "venv",
                 "built"}

# Hypothesis examples per property test. The whole suite and CI (CI=true) run Hypothesis's
# default 100; the fast tier (`-m "not slow"` off CI) runs a fifth of them, so that every
# property is still tried on fresh examples each run. No deadline: a loaded machine is not
# a failing test. No example database: nothing is written into the checkout.
FAST_EXAMPLES = 20
settings.register_profile("full", deadline=None, database=None)
settings.register_profile("fast", parent=settings.get_profile("full"), max_examples=FAST_EXAMPLES)


# Allocations between two collections of the youngest objects (Python's default is 700):
# see pytest_collection_finish.
GC_YOUNG = 50_000


def _fast_tier(config) -> bool:
    """Whether the run leaves the slow tests out (``-m "not slow"``) and is not on CI."""
    on_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    return not on_ci and bool(re.search(r"\bnot\s+slow\b", config.getoption("markexpr") or ""))


def pytest_configure(config):
    # The youngest objects are collected after GC_YOUNG allocations, not 700 (pandas and the
    # imports allocate hundreds of thousands a second), so that older ones are walked less often.
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
    # Before the test modules are imported: their @settings take unset values from the profile.
    if config.getoption("--hypothesis-profile", None) is None:
        settings.load_profile("fast" if _fast_tier(config) else "full")


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


def pytest_collection_finish(session):
    # Only a session that runs slow tests pays for importing papermill (about 1.4 s): the
    # runner and the tests call papermill.execute_notebook through the module, so each call
    # is counted.
    if any(item.get_closest_marker("slow") for item in session.items):
        import papermill

        from qpanalysis.config import NOTEBOOKS_DIR

        papermill.execute_notebook = notebook_runs.counting(papermill.execute_notebook, NOTEBOOKS_DIR)
    # What collection imported (pandas, matplotlib, Hypothesis, the package and the tests:
    # millions of objects that live as long as the session) is left out of the garbage
    # collector's passes, which otherwise walk all of it some thirty times a run.
    gc.collect()
    gc.freeze()


# The package's examples start from ``qp.load()``, the bundled list: about 70 of them, each
# reading and checking the same file again. In the doctests outside the loader's own
# (ingest/, whose examples are about loading), ``qp.load()`` without arguments gives a
# copy of the bundled list loaded once for the session, so an example that changed its
# list would change no other. The examples read as written and run as written.
LOADER_DOCTESTS = ROOT / "qpanalysis" / "ingest"
_BUNDLED: list = []


def _bundled_copy(load):
    if not _BUNDLED:
        _BUNDLED.append(load())
    return copy.deepcopy(_BUNDLED[0])


@pytest.fixture(autouse=True)
def _doctests_share_the_bundled_list(request, monkeypatch):
    item = request.node
    if type(item).__name__ != "DoctestItem" or Path(str(item.fspath)).resolve().is_relative_to(LOADER_DOCTESTS):
        return
    import qpanalysis  # here, not at the top: the output folders above must be set first

    load = qpanalysis.load

    def shared_load(*args, **kwargs):
        return load(*args, **kwargs) if args or kwargs else _bundled_copy(load)

    monkeypatch.setattr(qpanalysis, "load", shared_load)


_NBVAL_NOTEBOOKS: set[str] = set()


def pytest_runtest_setup(item):
    if type(item).__module__.startswith("nbval") and str(item.fspath) not in _NBVAL_NOTEBOOKS:
        _NBVAL_NOTEBOOKS.add(str(item.fspath))  # nbval runs a notebook's cells in one kernel
        notebook_runs.record("nbval")


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(notebook_runs.summary())
