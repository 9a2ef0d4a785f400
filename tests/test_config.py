"""Tests of qpanalysis.config: where a checkout keeps what the package reads, and what a wheel ships."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from qpanalysis import config


def test_a_checkout_reads_the_shipped_files_where_git_keeps_them():
    root = Path(__file__).resolve().parents[1]
    assert config.IN_CHECKOUT and config.PROJECT_ROOT == config.SHIPPED_ROOT == root
    assert config.BUNDLED_LIST.parent == root / "data" / "raw" and config.BUNDLED_LIST.is_file()
    assert config.NOTEBOOKS_DIR == root / "notebooks"
    assert config.CAVEATS_FILE == root / "docs" / "assumptions_and_caveats.md"
    assert config.EXPORTS_DIR == root / "data" / "processed"
    shipped = {path for pattern in config.SHIPPED_FILES for path in root.glob(pattern)}
    assert all(list(root.glob(pattern)) for pattern in config.SHIPPED_FILES)
    # What load() and the reports read is shipped in the wheel.
    needed = {config.BUNDLED_LIST, config.PROVENANCE_FILE, *config.CAVEATS_FILES.values(),
              *config.REFERENCE_DIR.glob("*.csv"), *config.MESSAGES_DIR.glob("*.po"), *config.NOTEBOOKS_DIR.glob("*.ipynb")}
    assert needed - shipped == set()
    assert not any("processed" in path.parts for path in shipped)


def test_the_output_folders_follow_the_environment(tmp_path):
    # The session sets QPANALYSIS_FIGURES_DIR and QPANALYSIS_REPORTS_DIR (conftest.py); a fresh
    # interpreter reads the variables once, at import.
    env = {**os.environ, "QPANALYSIS_FIGURES_DIR": str(tmp_path / "f"), "QPANALYSIS_REPORTS_DIR": str(tmp_path / "r")}
    code = "from qpanalysis import config; print(config.FIGURES_DIR); print(config.REPORTS_DIR)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [str(tmp_path / "f"), str(tmp_path / "r")]
    assert config.FIGURES_DIR == Path(os.environ["QPANALYSIS_FIGURES_DIR"]) != config.PROJECT_ROOT / "figures"
