"""A row of a source file (qpanalysis.ingest.rows)."""

from __future__ import annotations

from qpanalysis.ingest.rows import Row


def test_row_padding_keeps_number_formats():
    row = Row(43, ("23", "x", "2026.1"), "", padded=True, number_formats=(None, None, "General"))
    padded = row.padded_to(5)
    assert padded.cells == ("23", "x", "2026.1", "", "")
    assert padded.number_format(2) == "General" and padded.number_format(4) is None
