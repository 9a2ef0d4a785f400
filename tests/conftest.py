"""Shared fixtures: the bundled list and the variant lists, each written and loaded once per session; the notebook runs the session shares; helpers to write lists."""

from __future__ import annotations

from pathlib import Path

import pytest

import qpanalysis as qp
from qpanalysis.config import BUNDLED_LIST
from tests import variants


@pytest.fixture(scope="session")
def bundled():
    """The bundled 2026 list, loaded once for the whole session (tests read it, never change it)."""
    return qp.load()


@pytest.fixture(scope="session")
def bundled_text() -> str:
    return BUNDLED_LIST.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def variant_paths(tmp_path_factory) -> dict[str, Path]:
    """Every variant of tests/variants.py, written once for the session: name → path."""
    return variants.write_variants(tmp_path_factory.mktemp("variants"))


class _Loaded(dict):
    """Variants loaded on first use, so that one list the loader refuses fails only its own tests."""

    def __init__(self, paths):
        super().__init__()
        self.paths = paths

    def __missing__(self, name):
        self[name] = qp.load(self.paths[name])
        return self[name]


@pytest.fixture(scope="session")
def loaded(variant_paths) -> dict:
    """The variant lists, each loaded once for the session: name → TaskList (tests read them, never change them)."""
    return _Loaded(variant_paths)


@pytest.fixture(scope="session")
def compare_paths(tmp_path_factory) -> dict[str, Path]:
    """Every list of tests/variants.py's COMPARE_VARIANTS, written once for the session: name → path."""
    folder = tmp_path_factory.mktemp("compare")
    return {name: variants.write_variant(name, folder) for name in variants.COMPARE_VARIANTS}


@pytest.fixture(scope="session")
def generated_reports(tmp_path_factory) -> Path:
    """The reports of the session's one run of the notebooks on the bundled list (every analysis
    notebook and the Q3 report with a progress file, zh and en, HTML and PDF, the index; see
    tests/reports/browser_support.py); the figures are in ``../figures``."""
    from tests.reports import browser_support

    return browser_support.generated_reports(tmp_path_factory.mktemp("bundled-run"))


@pytest.fixture(scope="session")
def variant_reports(tmp_path_factory, variant_paths) -> Path:
    """The session's one run of every notebook on a variant list (``browser_support.VARIANT``,
    in one language: ``browser_support.VARIANT_LANGS``): the folder holding its ``reports`` and ``figures``."""
    from tests.reports import browser_support

    variant = browser_support.VARIANT
    return browser_support.variant_reports(tmp_path_factory.mktemp(f"{variant}-run"), variant_paths[variant])


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
