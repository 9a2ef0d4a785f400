"""Tests for qpanalysis.reports.params: the notebook parameters, checked before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from qpanalysis.config import BUNDLED_LIST
from qpanalysis.reports.params import NotebookParams, check_langs


def test_languages_are_checked_once_each_in_the_order_given():
    assert check_langs(["en", "zh", "en"]) == ("en", "zh")
    with pytest.raises(Exception, match="fr"):
        check_langs(["zh", "fr"])


def test_figure_names_carry_the_language_so_both_coexist():
    zh = NotebookParams(BUNDLED_LIST, "zh", Path("."), ("png",)).figure_name("tasks_by_town")
    en = NotebookParams(BUNDLED_LIST, "en", Path("."), ("png",)).figure_name("tasks_by_town")
    assert zh != en and zh.startswith("tasks_by_town") and "en" in en.removeprefix("tasks_by_town")


def test_parameters_pick_no_words():
    # Words come from the message catalogue (qpanalysis.display.messages), never from the parameters.
    assert not hasattr(NotebookParams, "t")
