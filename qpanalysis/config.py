"""Paths and fixed facts of the project, in one place."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

# The package folder as importlib.resources finds it (pip installs packages unzipped, so it
# is a plain folder); everything shipped with the package is found from here.
PACKAGE_DIR = Path(resources.files(__package__ or "qpanalysis"))
# Noto Sans CJK SC (SIL OFL), shipped so that figures render Chinese with no system font.
FONTS_DIR = PACKAGE_DIR / "fonts"

# Files shipped with the package, as globs relative to the repository root. git keeps ONE
# copy of each, at the top of the repository; setup.py copies them into the wheel under
# the package folder, at the same relative paths, so that notebooks/ still links to
# ../docs/ and ../data/. data/processed/ is generated and never shipped.
SHIPPED_FILES = (
    "data/raw/*.txt",
    "data/raw/*.md",
    "data/reference/*.csv",
    "data/messages/*.po",
    "docs/assumptions_and_caveats*.md",
    "notebooks/*.ipynb",
)
# A wheel carries the shipped files inside the package; a checkout (and the editable
# install made from it, as manage.py makes) reads them where git keeps them.
IN_CHECKOUT = not (PACKAGE_DIR / "data" / "raw").is_dir()
# The repository root in a checkout; None for a package installed from a wheel.
PROJECT_ROOT = PACKAGE_DIR.parent if IN_CHECKOUT else None
# The folder holding data/, docs/ and notebooks/: the repository root or the package folder.
SHIPPED_ROOT = PACKAGE_DIR.parent if IN_CHECKOUT else PACKAGE_DIR

DATA_DIR = SHIPPED_ROOT / "data"
# Raw data is immutable: the package only ever reads from RAW_DIR.
RAW_DIR = DATA_DIR / "raw"
REFERENCE_DIR = DATA_DIR / "reference"
# The words of the reports, one gettext catalogue per language (qpanalysis.display.messages).
MESSAGES_DIR = DATA_DIR / "messages"
BUNDLED_LIST = RAW_DIR / "2026_qingpu_rural_construction_tasks.txt"
PROVENANCE_FILE = RAW_DIR / "PROVENANCE.md"
NOTEBOOKS_DIR = SHIPPED_ROOT / "notebooks"
CAVEATS_FILE = SHIPPED_ROOT / "docs" / "assumptions_and_caveats.md"
# The caveats log in each language, the same sections and anchors (tests/test_caveats_log.py).
CAVEATS_FILES = {"zh": SHIPPED_ROOT / "docs" / "assumptions_and_caveats.zh.md", "en": CAVEATS_FILE}

# Generated files go to the checkout's folders; an installed package writes them under the
# folder it is run from (never into site-packages). Reports and figures can be moved with
# environment variables, e.g. for a read-only checkout.
OUTPUT_ROOT = PROJECT_ROOT if IN_CHECKOUT else Path.cwd()
FIGURES_DIR = Path(os.environ.get("QPANALYSIS_FIGURES_DIR", OUTPUT_ROOT / "figures"))
REPORTS_DIR = Path(os.environ.get("QPANALYSIS_REPORTS_DIR", OUTPUT_ROOT / "reports"))
EXPORTS_DIR = OUTPUT_ROOT / "data" / "processed" if IN_CHECKOUT else OUTPUT_ROOT / "exports"
