"""Tests of qpanalysis.widths: the one measure of how wide a text prints, used by PDF tables, chart labels and spreadsheet rows."""

from hypothesis import given
from hypothesis import strategies as st

from qpanalysis.widths import display_width, is_wide


def test_a_department_name_and_a_due_month_from_the_list():
    # 区农业农村委: 6 Chinese characters × 2 = 12; "2026.10": 7 ASCII characters × 1 = 7;
    # "（区水务局）": 2 full-width brackets + 4 characters, each 2 = 12.
    assert display_width("区农业农村委") == 12
    assert display_width("2026.10") == 7
    assert display_width("（区水务局）") == 12


def test_non_text_values_are_measured_as_printed():
    # 71724.5 prints as "71724.5": 7 columns; None as "None": 4.
    assert display_width(71724.5) == 7
    assert display_width(None) == 4


@given(st.text(max_size=40), st.text(max_size=40))
def test_width_adds_up_and_lies_between_the_length_and_twice_it(a, b):
    assert display_width(a + b) == display_width(a) + display_width(b)
    assert len(a) <= display_width(a) <= 2 * len(a)
    assert display_width(a) == len(a) + sum(map(is_wide, a))
