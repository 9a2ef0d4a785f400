"""The raw list is unchanged: its checksum matches the one recorded in PROVENANCE.md."""

import hashlib
import re

from qpanalysis.config import BUNDLED_LIST, PROVENANCE_FILE


def test_raw_file_matches_recorded_checksum():
    recorded = re.search(r"sha256 \| `([0-9a-f]{64})`", PROVENANCE_FILE.read_text(encoding="utf-8"))[1]
    assert hashlib.sha256(BUNDLED_LIST.read_bytes()).hexdigest() == recorded


def test_loaded_tasklist_reports_the_checksum(bundled):
    assert bundled.sha256 == hashlib.sha256(BUNDLED_LIST.read_bytes()).hexdigest()
