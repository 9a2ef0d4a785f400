"""Fixtures of the investment, allocation and sensitivity tests: the bundled list and its town allocation."""

from __future__ import annotations

import pytest

from qpanalysis.analysis import allocation as al


@pytest.fixture(scope="module")
def tl(bundled):
    """The bundled list (the session's ``bundled``), under the name the analysis tests use."""
    return bundled


@pytest.fixture(scope="module")
def allocation(tl):
    """The town allocation of the bundled list's disclosed investment."""
    return al.allocate_investment_to_towns(tl)
