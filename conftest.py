"""Test-wide set-up: notebooks run under nbval write their figures to a temporary folder."""

import os
import tempfile

# Set before any kernel starts, so kernels inherit it; figures/ in the checkout stays untouched.
os.environ.setdefault("QPANALYSIS_FIGURES_DIR", tempfile.mkdtemp(prefix="qpanalysis-figures-"))
os.environ.setdefault("QPANALYSIS_REPORTS_DIR", tempfile.mkdtemp(prefix="qpanalysis-reports-"))
# Scripts, not modules: importing setup.py would run a build.
collect_ignore = ["manage.py", "setup.py"]
