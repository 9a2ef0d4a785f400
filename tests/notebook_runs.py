"""How many notebooks the test session executed: the report notebooks by how they ran (papermill, nbval, a child process, JupyterLab), and the small notebooks tests write.

conftest.py wraps ``papermill.execute_notebook`` with :func:`counting` when the session
runs slow tests, records each notebook nbval runs, and prints :func:`summary` at the end;
a test that makes a report notebook run elsewhere (a child process, a browser) calls
:func:`record`.
"""

from __future__ import annotations

import functools
import threading
from collections import Counter
from pathlib import Path

# How → executions of the package's report notebooks (notebooks/*.ipynb).
RUNS: Counter[str] = Counter()
# Executions of the small notebooks tests write (e.g. the runner's tests).
TEST_NOTEBOOKS: Counter[str] = Counter()
# The runner executes notebooks from several threads at once.
_LOCK = threading.Lock()


def record(how: str, n: int = 1) -> None:
    """Count ``n`` executions of report notebooks made by ``how`` (not doctested: it would count in the session's total)."""
    with _LOCK:
        RUNS[how] += n


def counting(execute, report_notebooks: Path):
    """``execute`` (papermill's ``execute_notebook``), counting each call: as a report notebook
    when its input is in ``report_notebooks``, else as a test's own notebook."""
    if getattr(execute, "counts_executions", False):
        return execute
    folder = Path(report_notebooks).resolve()

    @functools.wraps(execute)
    def wrapper(input_path, *args, **kwargs):
        if Path(input_path).resolve().parent == folder:
            record("papermill")
        else:
            with _LOCK:
                TEST_NOTEBOOKS["papermill"] += 1
        return execute(input_path, *args, **kwargs)

    wrapper.counts_executions = True
    return wrapper


def summary(runs: Counter[str] | None = None, test_notebooks: Counter[str] | None = None) -> str:
    """The line the session prints: report notebooks executed, in all and by how; then the tests' own notebooks.

    Example:
        >>> summary(Counter({"papermill": 24, "nbval": 6}), Counter({"papermill": 9}))
        'notebook executions: 30 (papermill 24, nbval 6); small test notebooks: 9'
        >>> summary(Counter(), Counter())
        'notebook executions: 0'
    """
    runs = RUNS if runs is None else runs
    test_notebooks = TEST_NOTEBOOKS if test_notebooks is None else test_notebooks
    parts = ", ".join(f"{how} {n}" for how, n in runs.most_common() if n)
    line = f"notebook executions: {sum(runs.values())}" + (f" ({parts})" if parts else "")
    if sum(test_notebooks.values()):
        line += f"; small test notebooks: {sum(test_notebooks.values())}"
    return line
