"""Tests of qpanalysis.display.citation and the CITATION.cff at the root."""

import re
import tomllib
from pathlib import Path

import pytest

import qpanalysis as qp
from qpanalysis.display.citation import citations

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_citations_name_the_list_its_checksum_and_the_version(bundled, lang):
    for text in citations(bundled, lang, "9.9.9", accessed="2026-10-08").values():
        assert "1970cfd1…2be33314" in text and "9.9.9" in text
        assert text.count("\n") == 1  # the list, then the package


def test_gbt7714_marks_database_and_software_with_access_dates(bundled):
    text = citations(bundled, "zh", "0.1.0", accessed="2026-10-08")["gbt7714"]
    assert re.search(r"^\[1\] 青浦区\. 2026 年度青浦区乡村建设行动任务清单\[DB\]\. 2026", text)
    assert "[CP]" in text and text.count("[2026-10-08]") == 2


def test_another_list_is_cited_by_its_own_title(loaded):
    tl = loaded["next_year"]
    apa = citations(tl, "en", "0.1.0", accessed="2027-10-08")["apa"]
    assert "(2027). 2027 Qingpu District" in apa and "2026" not in apa


def test_citation_cff_matches_the_package(bundled):
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f'version: "{version}"' in cff and version == qp.__version__
    assert bundled.sha256 in cff
