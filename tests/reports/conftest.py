"""Fixtures shared by the report tests: the reports of one default run, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.reports import browser_support

# One Chromium for every test module of the session: Playwright's sync API cannot run two
# at once in one thread, so the fixture is registered here, not imported by each module.
browser_context = browser_support.browser_context


@pytest.fixture(scope="session", name="generated_reports")
def _generated_reports(tmp_path_factory) -> Path:
    """Every report of a default run on the bundled list (all notebooks, H1/Q3/Q4, zh and en,
    HTML and PDF, the index), made once for the session; the figures are in ``../figures``."""
    return browser_support.generated_reports(tmp_path_factory.mktemp("default-run"))
