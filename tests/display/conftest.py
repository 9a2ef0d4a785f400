"""Fixtures of the findings tests: the variant lists, written and loaded once per test module."""

from __future__ import annotations

import pytest

import qpanalysis as qp
from tests import variants


@pytest.fixture(scope="module")
def variant_paths(tmp_path_factory):
    return variants.write_variants(tmp_path_factory.mktemp("variants"))


class _Loaded(dict):
    """Variants loaded on first use, so that one list the loader refuses fails only its own tests."""

    def __init__(self, paths):
        super().__init__()
        self.paths = paths

    def __missing__(self, name):
        self[name] = qp.load(self.paths[name])
        return self[name]


@pytest.fixture(scope="module")
def loaded(variant_paths):
    return _Loaded(variant_paths)
