"""Fixtures of the report tests: one Chromium for the session (the notebook runs they share are in tests/conftest.py)."""

from __future__ import annotations

from tests.reports import browser_support

# One Chromium for every test module of the session: Playwright's sync API cannot run two
# at once in one thread, so the fixture is registered here, not imported by each module.
browser_context = browser_support.browser_context
