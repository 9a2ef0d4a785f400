"""Tests for qpanalysis.charts.wrap: a label's layout follows its text's script, not the report's language."""

from __future__ import annotations

from qpanalysis.charts import wrap


def test_a_text_is_wide_when_most_of_its_letters_are_east_asian():
    assert wrap.is_wide_text("12 美丽庭院（户）")  # 2 digits, 7 wide characters
    assert not wrap.is_wide_text("≈ includes an approximate (约) amount")  # one wide character in 30
    assert not wrap.is_wide_text("   ")


def test_fit_label_wraps_chinese_by_characters_and_english_at_spaces():
    assert wrap.fit_label("各板块已披露总投资", 4, 30) == "各板块已\n披露总投\n资"
    # English quoting 约 is wrapped at spaces, not counted as Chinese (wrap_label would)
    assert wrap.fit_label("≈ includes an approximate (约) amount", 4, 12) == "≈ includes\nan\napproximate\n(约) amount"
    assert wrap.fit_label("first line\nsecond", 4, 30) == "first line\nsecond"


def test_by_script_chooses_the_layout_value_of_the_text():
    assert wrap.by_script("任务", "wide", "narrow") == "wide"
    assert wrap.by_script("Task", "wide", "narrow") == "narrow"
