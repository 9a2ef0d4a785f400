"""The package's layer rules (import-linter contracts in pyproject.toml) hold."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def _lint(config: Path) -> subprocess.CompletedProcess:
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename=sys.argv[1]))"
    return subprocess.run([sys.executable, "-c", code, str(config)], capture_output=True, text=True, cwd=ROOT)


def test_every_contract_is_kept():
    result = _lint(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("importer", "statement"),
    [
        ("qpanalysis/analysis/investment.py", "import qpanalysis.charts.style"),
        ("qpanalysis/ingest/parsing.py", "import matplotlib"),
        ("qpanalysis/charts/style.py", "import qpanalysis.reports.runner"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path, importer, statement):
    """The contracts are not vacuous: a copy of the package with one bad import fails them."""
    import shutil

    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "qpanalysis", copy / "qpanalysis", ignore=shutil.ignore_patterns("fonts", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / importer
    target.write_text(target.read_text(encoding="utf-8") + f"\n{statement}\n", encoding="utf-8")
    code = (
        "import sys; sys.path.insert(0, sys.argv[2]); from importlinter.cli import lint_imports;"
        "sys.exit(lint_imports(config_filename=sys.argv[1]))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(copy / "pyproject.toml"), str(copy)],
                            capture_output=True, text=True, cwd=copy)
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout or "broken" in result.stdout
