"""environment.yml (conda) and pyproject.toml (pip) must list the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names (add pairs here when one does).
CONDA_TO_PYPI: dict[str, str] = {"typst-py": "typst"}


def _requirement(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    return match[1].lower(), match[2].replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    return dict(_requirement(s) for s in specs)


def _environment() -> dict[str, str]:
    deps = {}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^  - ([A-Za-z0-9_.\-]+[^#]*?)\s*(#.*)?$", line)
        if match:
            name, version = _requirement(match[1])
            if name not in ("python", "pip"):
                deps[CONDA_TO_PYPI.get(name, name)] = version
    return deps


def test_environment_matches_pyproject():
    assert _environment() == _pyproject()


def test_python_version_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"python{project['requires-python']}" in (ROOT / "environment.yml").read_text(encoding="utf-8")
