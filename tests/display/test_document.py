"""Tests of qpanalysis.display.document: the provenance every document carries."""

import pandas as pd

from qpanalysis.display.document import Provenance, footer_line, provenance_of, source_line


def test_provenance_is_the_lists_own(bundled, loaded):
    other = loaded["next_year"]
    mine, theirs = provenance_of(bundled, "1.2.3", "2026-10-08"), provenance_of(other, "1.2.3", "2026-10-08")
    assert mine.sha256 == bundled.sha256 and theirs.sha256 == other.sha256 != mine.sha256
    assert theirs.title.startswith("2027") and mine.generated == pd.Timestamp("2026-10-08")


def test_source_line_has_the_whole_checksum_and_the_footer_a_short_one():
    p = Provenance("清单", "list.txt", "0123456789abcdef" * 4, "1.2.3", pd.Timestamp("2026-10-08"))
    assert p.sha256 in source_line(p, "清单", "zh") and p.sha256 in source_line(p, "The list", "en")
    assert footer_line(p, "zh") == "源文件 sha256 01234567…89abcdef · qpanalysis 1.2.3 · 生成于2026年10月8日"
    assert footer_line(p, "en").endswith("generated 8 October 2026")
