"""Package-level promises: light import, the data dictionary, and a test file for every module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Modules whose tests live elsewhere than tests/<subpackage>/test_<module>.py: the command
# line (__main__) in tests/test_main.py; display/findings/<report>.py in
# tests/display/test_findings_<report>.py, next to the other display tests.
TEST_FILE = {
    "qpanalysis/__main__.py": "tests/test_main.py",
    # A subpackage of one job is tested by one file, named after it.
    **{f"qpanalysis/analysis/compare/{m}.py": "tests/analysis/test_compare.py" for m in ("changes", "match", "summary")},
    **{f"qpanalysis/reports/typst/{m}.py": "tests/reports/test_typst.py"
       for m in ("document", "figures", "markdown", "tables", "text")},
    # The comparison command is tested end to end (a slow test: it runs notebook 06).
    "qpanalysis/reports/compare.py": "tests/reports/test_compare_command.py",
    # One notebook run (papermill, its page and PDF) is what the runner's tests run.
    "qpanalysis/reports/execute.py": "tests/reports/test_runner.py",
}


def test_loading_and_analysing_does_not_pull_heavy_libraries():
    """The one test of the "no heavy imports" rule at run time (the import-linter contracts
    check the source): loading a list and running every analysis imports no plotting or
    notebook machinery, so a researcher's script starts fast."""
    code = (
        "import sys, pkgutil, importlib, qpanalysis, qpanalysis.analysis as a;"
        "[importlib.import_module('qpanalysis.analysis.' + m.name) for m in pkgutil.iter_modules(a.__path__)];"
        "import qpanalysis.export.progress_template; qpanalysis.load();"
        "heavy = [m for m in ('matplotlib', 'seaborn', 'papermill', 'nbconvert', 'nbclient') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_data_dictionary_is_bilingual():
    from qpanalysis.ingest.reference import load_reference

    dictionary = load_reference().dictionary
    assert dictionary[["description_zh", "description_en"]].notna().all().all()


def _test_file(module: Path) -> str:
    relative = module.relative_to(ROOT).as_posix()
    if relative in TEST_FILE:
        return TEST_FILE[relative]
    parts = module.relative_to(ROOT / "qpanalysis").parts
    if parts[:2] == ("display", "findings"):
        return f"tests/display/test_findings_{module.stem}.py"
    return "/".join(("tests", *parts[:-1], f"test_{module.stem}.py"))


def test_every_module_has_its_test_file():
    modules = [p for p in sorted((ROOT / "qpanalysis").rglob("*.py")) if p.name != "__init__.py"]
    assert len(modules) > 40
    missing = [f"{m.relative_to(ROOT)} → {_test_file(m)}" for m in modules if not (ROOT / _test_file(m)).is_file()]
    assert missing == []
