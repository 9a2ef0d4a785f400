"""Shared fixtures: the bundled list, loaded once, and helpers to write variants of it."""

from __future__ import annotations

from pathlib import Path

import pytest

import qpanalysis as qp
from qpanalysis.config import BUNDLED_LIST


@pytest.fixture(scope="session")
def bundled():
    """The bundled 2026 list, loaded once for the whole session."""
    return qp.load()


@pytest.fixture(scope="session")
def bundled_text() -> str:
    return BUNDLED_LIST.read_text(encoding="utf-8")


@pytest.fixture
def write_list(tmp_path):
    """Write text (str or bytes) as a list file and return its path."""

    def _write(content, name: str = "list.txt") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
        return path

    return _write
