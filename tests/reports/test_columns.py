"""Tests of qpanalysis.reports.columns: column widths from the cells as shown."""

import pandas as pd
import pytest

from qpanalysis.reports.columns import column_widths, header_width, numeric_columns
from qpanalysis.widths import display_width


def test_widths_fill_the_line_and_numbers_never_shrink_below_their_widest_cell():
    frame = pd.DataFrame({"任务名称": ["推进宜居宜业和美乡村片区建设" * 2] * 3, "总投资（万元）": ["≈361,633.24", "—", "5"]})
    widths = column_widths(frame, 120, 10.5)
    assert sum(widths) == pytest.approx(120, abs=0.2)
    # ≈361,633.24 is 11 half-widths of 1.852 mm (20.4 mm) plus 4 mm of margins.
    assert widths[1] >= 24.3


def test_headers_do_not_break_inside_an_english_word():
    assert header_width("Descriptive targets") == display_width("Descriptive")
    assert header_width("计划完成时间") == 6


def test_a_dash_or_empty_cell_keeps_a_column_numeric():
    assert numeric_columns(pd.DataFrame({"a": ["—", "", "3"], "b": ["—", "x", "3"]})) == [True, False]
