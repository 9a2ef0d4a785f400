"""Paths and fixed facts of the project, in one place."""

from __future__ import annotations

import os
from pathlib import Path

# The package directory; everything shipped with the package is found from here.
PACKAGE_DIR = Path(__file__).resolve().parent
# Noto Sans CJK SC (SIL OFL), shipped so that figures render Chinese with no system font.
FONTS_DIR = PACKAGE_DIR / "fonts"
# The repository root (one level up). Reports and figures go here when run from a checkout.
PROJECT_ROOT = PACKAGE_DIR.parent

DATA_DIR = PROJECT_ROOT / "data"
# Raw data is immutable: the package only ever reads from RAW_DIR.
RAW_DIR = DATA_DIR / "raw"
REFERENCE_DIR = DATA_DIR / "reference"
BUNDLED_LIST = RAW_DIR / "2026_qingpu_rural_construction_tasks.txt"
PROVENANCE_FILE = RAW_DIR / "PROVENANCE.md"

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
# Output folders can be moved with environment variables, e.g. for a read-only checkout.
FIGURES_DIR = Path(os.environ.get("QPANALYSIS_FIGURES_DIR", PROJECT_ROOT / "figures"))
REPORTS_DIR = Path(os.environ.get("QPANALYSIS_REPORTS_DIR", PROJECT_ROOT / "reports"))
EXPORTS_DIR = PROJECT_ROOT / "data" / "processed"
CAVEATS_FILE = PROJECT_ROOT / "docs" / "assumptions_and_caveats.md"

# Used when a list has no title line that states its plan year.
DEFAULT_PLAN_YEAR = 2026

SOURCE_TITLE = {
    "zh": "2026年度青浦区乡村建设行动任务清单",
    "en": "2026 Qingpu District Rural Construction Action Task List",
}
