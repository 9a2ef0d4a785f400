"""Tests of qpanalysis.display.table1: Table 1's words in each language."""

import pytest

from qpanalysis.display.table1 import table1_caption, table1_formatted, table1_labelled, table1_notes


@pytest.mark.parametrize("lang, total, dash", [("zh", "合计", "—"), ("en", "Total", "—")])
def test_total_row_is_named_and_unknown_is_a_dash(bundled, lang, total, dash):
    t = table1_formatted(bundled, lang)
    assert t.iloc[-1, 1] == total and t.iloc[-1, 0] == ""
    # Sections 4 and 6 disclose no amount: a dash, never 0; section 2's sum includes 约 (≈).
    amounts = t.iloc[:, 4].tolist()
    assert amounts[3] == amounts[5] == dash
    assert amounts[1] == "≈71,724.00" and amounts[-1] == "≈361,633.24"


def test_spreadsheet_keeps_numbers_and_leaves_unknown_empty(bundled):
    t = table1_labelled(bundled, "en")
    amounts = t["Disclosed investment (10,000 yuan)"]
    assert amounts.iloc[0] == 278138.0 and amounts.iloc[3] != amounts.iloc[3]  # NaN
    assert t["First due"].iloc[1] == "2026.9"  # text, not the number 2026.9


def test_caption_and_notes_in_both_languages(bundled):
    assert table1_caption(bundled, "zh").startswith("表1 2026 年度青浦区乡村建设行动任务清单")
    assert all(len(table1_notes(lang)) == 4 for lang in ("zh", "en"))
    assert "not 0" in table1_notes("en")[1] and "不是0" in table1_notes("zh")[1]
