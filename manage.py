#!/usr/bin/env python3
"""Set up and run the project with nothing but python3 and pip: ``python3 manage.py reports|test|bench``."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
# The install is redone only when what it depends on changes.
STAMP = VENV / ".qpanalysis-install"
# Debian packages for the browser and PDF checks of the test suite: a system CJK font is
# needed because Chromium does not see fonts installed with pip.
SYSTEM_PACKAGES = {
    "chromium": "chromium",
    "pdftoppm": "poppler-utils",
    "gs": "ghostscript",
    "mutool": "mupdf-tools",
}
SYSTEM_FONT_PACKAGE = "fonts-noto-cjk"
SYSTEM_FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def say(message: str) -> None:
    print(f"[manage] {message}", flush=True)


def call(*args, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_venv(extras: str) -> None:
    """Create .venv if missing and install the package (with ``extras``) when needed."""
    if not PYTHON.exists():
        say("creating .venv")
        try:
            call(sys.executable, "-m", "venv", VENV)
        except subprocess.CalledProcessError:
            # Some distributions ship python3 without the venv module; virtualenv from pip works.
            shutil.rmtree(VENV, ignore_errors=True)
            call(sys.executable, "-m", "pip", "install", "--user", "--quiet", "virtualenv")
            call(sys.executable, "-m", "virtualenv", VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say(f"installing qpanalysis[{extras}] into .venv (first run takes a few minutes)")
    call(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    call(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]" if extras else ".", cwd=ROOT)
    STAMP.write_text(wanted)


def ensure_system_packages() -> None:
    """Install Chromium, a CJK system font and PDF renderers with apt when they are missing."""
    missing = [pkg for tool, pkg in SYSTEM_PACKAGES.items() if shutil.which(tool) is None]
    if not SYSTEM_FONT_FILE.exists():
        missing.append(SYSTEM_FONT_PACKAGE)
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise SystemExit(
            "[manage] the browser and PDF tests need these Debian packages: " + " ".join(missing)
            + "\n         install them (sudo apt-get install " + " ".join(missing) + ") and run again"
        )
    say("installing " + " ".join(missing) + " with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    call("apt-get", "update", "-qq", env=env)
    call("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def reports(extra: list[str]) -> None:
    ensure_venv("")
    call(PYTHON, "-m", "qpanalysis", "export", cwd=ROOT)
    call(PYTHON, "-m", "qpanalysis", "run", *extra, cwd=ROOT)


def test(extra: list[str]) -> None:
    ensure_venv("test")
    ensure_system_packages()
    call(PYTHON, "-m", "pytest", *extra, cwd=ROOT)


def bench(extra: list[str]) -> None:
    ensure_venv("test")
    call(PYTHON, ROOT / "benchmarks" / "bench.py", *extra, cwd=ROOT)


COMMANDS = {"reports": reports, "test": test, "bench": bench}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        raise SystemExit(f"usage: python3 manage.py {{{'|'.join(COMMANDS)}}} [extra arguments]")
    try:
        COMMANDS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        raise SystemExit(exc.returncode) from None


if __name__ == "__main__":
    main()
