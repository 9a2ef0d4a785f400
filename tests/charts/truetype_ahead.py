"""The TrueType copies of the shipped font made ahead, in a child process, while the session's first tests run.

Converting the two shipped faces (65,535 glyphs each) takes about a minute of one core,
once per font (the copies are cached by the font file's SHA-256:
:func:`qpanalysis.charts.fonts.truetype_copy`). The whole suite runs its first minutes of
unit tests on one core, so a session that includes :data:`TEST` starts the conversion in
a child process as soon as collection ends, and runs that test last; the test waits for
the child (:func:`wait`) and then finds the copies made. The conversion is the package's
own and complete: if the child fails, the test makes the copies itself and fails there.

A pytest plugin: the root conftest.py registers it.
"""

from __future__ import annotations

import subprocess
import sys

# The test that draws a PDF with the TrueType copies (tests/charts/test_fonts.py).
TEST = "tests/charts/test_fonts.py::test_truetype_pdf_has_no_type3_fonts_and_draws_as_the_png_in_ghostscript_and_mupdf"
# What the child runs: the copies of every shipped face, where the package keeps them.
MAKE_COPIES = "from qpanalysis.charts.fonts import truetype_copies; truetype_copies()"

_child: subprocess.Popen | None = None


def _selected(items) -> list:
    return [item for item in items if item.nodeid == TEST]


def pytest_collection_modifyitems(config, items):
    """Run :data:`TEST` last, so that the conversion has the session's first minutes."""
    found = _selected(items)
    if found and len(items) > 1:
        items[:] = [item for item in items if item not in found] + found


def pytest_collection_finish(session):
    global _child
    if _child is None and _selected(session.items):
        _child = subprocess.Popen([sys.executable, "-c", MAKE_COPIES], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)


def wait() -> None:
    """Wait for the conversion started ahead, if any (the test then finds or makes the copies)."""
    if _child is not None:
        _child.wait()


def pytest_sessionfinish(session):
    """A session stopped early leaves no conversion running."""
    if _child is not None and _child.poll() is None:
        _child.terminate()
        _child.wait()
