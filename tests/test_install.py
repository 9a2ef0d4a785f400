"""The package as a researcher installs it: sdist → wheel → a fresh venv, used from an empty folder.

The sdist is built from a copy of the checkout's files (what git tracks or would track),
the wheel from the sdist, both offline with this venv's setuptools (the build
requirements are in the test extra). The fresh venv gets the wheel with ``--no-deps``;
its dependencies come from this venv through a .pth file (and a link to this venv's
share/jupyter for their data files), so nothing is downloaded, and the wheel's
qpanalysis comes first on the path. Every command then runs from an empty
folder outside the checkout, with the test-wide QPANALYSIS_* folders unset.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from qpanalysis import config
from tests import notebook_runs

ROOT = Path(__file__).resolve().parents[1]
# Variables that would send outputs elsewhere or import the checkout instead of the wheel.
SCRUBBED_ENV = ("QPANALYSIS_FIGURES_DIR", "QPANALYSIS_REPORTS_DIR", "PYTHONPATH", "PYTHONHOME")
# The bundled list's footer says 全区共涉及乡村建设任务41项 and its section rows run 一、 to 七、.
BUNDLED_TASKS, BUNDLED_SECTIONS = 41, 7


def _shipped(root: Path) -> list[Path]:
    """The files under ``root`` that config.SHIPPED_FILES names, relative to ``root``."""
    return sorted(p.relative_to(root) for pattern in config.SHIPPED_FILES for p in root.glob(pattern))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """An sdist built from a copy of the checkout, and the wheel built from that sdist."""
    tmp = tmp_path_factory.mktemp("build")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    src = tmp / "src"
    for name in filter(None, listed):
        if (ROOT / name).is_file():  # a tracked file deleted in the work tree is not copied
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    # Exports a user made in the checkout: generated, so they must stay out of the package.
    (src / "data" / "processed").mkdir(parents=True)
    (src / "data" / "processed" / "tasks.csv").write_text("generated\n", encoding="utf-8")
    dist = tmp / "dist"
    code = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    sdist = dist / _run([sys.executable, "-c", code, dist], cwd=src).stdout.strip().splitlines()[-1]
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "--no-cache-dir", "--quiet", "--wheel-dir", dist, sdist], cwd=tmp)
    (wheel,) = dist.glob("qpanalysis-*.whl")
    return {"src": src, "sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def venv(built, tmp_path_factory) -> Path:
    """A fresh venv (no system site-packages) with the wheel installed and this venv's packages visible."""
    target = tmp_path_factory.mktemp("fresh") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", target])
    python = target / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
          "--no-cache-dir", "--quiet", built["wheel"]])
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    # Added after the wheel's site-packages, so its qpanalysis wins over the checkout's editable one.
    (site / "zz_test_dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    # The dependencies' data files (nbconvert's templates, the python3 kernelspec), which an
    # install with dependencies would put under the venv's share/jupyter.
    (target / "share").mkdir(exist_ok=True)
    (target / "share" / "jupyter").symlink_to(Path(sys.prefix) / "share" / "jupyter", target_is_directory=True)
    return target


def _user(venv: Path, folder: Path, *args) -> subprocess.CompletedProcess:
    """Run a command of the fresh venv from ``folder``, as a user outside the checkout would."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    folder.mkdir(parents=True, exist_ok=True)
    return _run(args, cwd=folder, env=env, timeout=900)


def test_build_requirements_are_in_the_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(project["build-system"]["requires"]) <= set(project["project"]["optional-dependencies"]["test"])


def test_sdist_carries_the_shipped_files_and_no_generated_data(built):
    with tarfile.open(built["sdist"]) as sdist:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in sdist.getnames()}
    shipped = [p.as_posix() for p in _shipped(built["src"])]
    for needed in (config.BUNDLED_LIST, config.PROVENANCE_FILE, *config.CAVEATS_FILES.values()):
        assert needed.relative_to(ROOT).as_posix() in shipped
    assert [p for p in shipped if p not in names] == []
    assert [n for n in names if n.startswith("data/processed")] == []


def test_wheel_carries_one_identical_copy_of_each_shipped_file(built):
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = set(wheel.namelist())
        for rel in _shipped(built["src"]):  # the copy built from: others may be editing the checkout
            name = f"qpanalysis/{rel.as_posix()}"
            assert name in names, f"{name} is not in the wheel"
            assert _sha256(wheel.read(name)) == _sha256((built["src"] / rel).read_bytes()), name
    for font in ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf", "OFL.txt"):
        assert f"qpanalysis/fonts/{font}" in names
    assert [n for n in names if not n.startswith(("qpanalysis/", "qpanalysis-"))] == []
    assert [n for n in names if "processed" in n] == []
    notebooks = {n for n in names if n.endswith(".ipynb")}
    assert notebooks == {f"qpanalysis/notebooks/{p.name}" for p in (built["src"] / "notebooks").glob("*.ipynb")}


def test_installed_package_loads_the_bundled_list_from_any_folder(venv, tmp_path):
    code = (
        "import json, qpanalysis as qp; from qpanalysis import config; tl = qp.load();"
        "print(json.dumps({'file': qp.__file__, 'checkout': config.IN_CHECKOUT, 'list': str(config.BUNDLED_LIST),"
        " 'tasks': len(tl.tasks), 'sections': int(tl.tasks['section_no'].nunique()),"
        " 'exports': str(config.EXPORTS_DIR), 'reports': str(config.REPORTS_DIR)}))"
    )
    seen = json.loads(_user(venv, tmp_path / "empty", venv / "bin" / "python", "-c", code).stdout)
    assert Path(seen["file"]).is_relative_to(venv), seen["file"]
    assert Path(seen["list"]).is_relative_to(venv) and seen["checkout"] is False
    assert (seen["tasks"], seen["sections"]) == (BUNDLED_TASKS, BUNDLED_SECTIONS)
    assert seen["exports"] == str(tmp_path / "empty" / "exports")
    assert seen["reports"] == str(tmp_path / "empty" / "reports")


def test_console_command_explains_every_sub_command(venv, tmp_path):
    main_help = _user(venv, tmp_path, "qpanalysis", "--help").stdout
    for command in ("run", "export", "progress-template", "refresh-notebooks", "paths"):
        assert command in main_help
        assert "examples:" in _user(venv, tmp_path, "qpanalysis", command, "--help").stdout
    assert "under the current folder" in main_help
    module_help = _user(venv, tmp_path, venv / "bin" / "python", "-m", "qpanalysis", "--help").stdout
    assert module_help.startswith("usage: python -m qpanalysis")


def test_export_lands_in_the_current_folder(venv, tmp_path):
    folder = tmp_path / "empty"
    _user(venv, folder, "qpanalysis", "export")
    assert sorted(p.name for p in folder.iterdir()) == ["exports"]
    tasks = (folder / "exports" / "csv" / "tasks.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(tasks) == 1 + BUNDLED_TASKS  # header + one row per task (no field has a line break)
    assert (folder / "exports" / "qingpu_tasks.xlsx").stat().st_size > 0


def test_report_lands_in_the_current_folder_with_working_links(built, venv, tmp_path):
    folder = tmp_path / "empty"
    (package,) = venv.glob("lib/python*/site-packages/qpanalysis")
    before = sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts)
    _user(venv, folder, "qpanalysis", "run", "--lang", "en", "--quarter", "Q3", "--workers", "1")
    notebook_runs.record("child process")  # the Q3 report, in the fresh venv
    assert sorted(p.name for p in folder.iterdir()) == ["figures", "reports"]
    # The kernels run in the package's notebooks/ folder; nothing may be written there.
    assert sorted(p for p in package.rglob("*") if "__pycache__" not in p.parts) == before
    (html,) = (folder / "reports").glob("*-Q3/en/05_quarterly_report.html")
    assert html.with_suffix(".ipynb").is_file()
    assert list((folder / "figures").glob("*_en.png")), "no figure written"
    # The caveats log is a page beside the index, in the report's language (caveats_en.html).
    assert (folder / "reports" / "caveats_en.html").is_file() and (folder / "reports" / "caveats.html").is_file()
    text = html.read_text(encoding="utf-8")
    links = [h for h in re.findall(r'href="([^"#][^"]*)"', text) if not urlparse(h).scheme]
    assert any("caveats_en.html#" in h for h in links), "the report links to no caveat"
    broken = [h for h in links if not (html.parent / unquote(h.split("#")[0])).resolve().exists()]
    assert broken == []
    assert "site-packages" not in text and str(venv) not in text
