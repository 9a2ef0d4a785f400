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
# Debian packages for the browser and PDF checks of the test suite, by the program each
# provides. The PDF renderers are each compared when present; the browser tests need Chromium.
SYSTEM_PACKAGES = {
    "chromium": "chromium",
    "pdftoppm": "poppler-utils",
    "gs": "ghostscript",
    "mutool": "mupdf-tools",
    # LibreOffice opens exported workbooks in the formula-safety test, as a user would.
    "soffice": "libreoffice-calc",
}
# Packages known by a file rather than a program: LibreOffice's Writer (which opens the Word
# briefs in tests/reports/test_docx.py, as an official would) adds no program of its own.
SYSTEM_FILE_PACKAGES = {"libreoffice-writer": Path("/usr/lib/libreoffice/program/libswlo.so")}
# A system CJK font, because Chromium does not see the fonts shipped with the package.
SYSTEM_FONT_PACKAGE = "fonts-noto-cjk"
SYSTEM_FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# Without these the browser tests cannot run: they are skipped (never on CI) when missing.
BROWSER_PACKAGES = ("chromium", SYSTEM_FONT_PACKAGE)
# Environment variable that tells the test suite to skip the browser tests
# (tests/reports/browser_support.py reads it); CI=true overrides it with a failure.
BROWSER_SWITCH = "QPANALYSIS_BROWSER"


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


def on_ci(environ=os.environ) -> bool:
    """Whether this is a CI run (CI=true, as CI services set it): nothing may be skipped there."""
    return environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing_system_packages(path: str | None = None, font_file: Path = SYSTEM_FONT_FILE) -> list[str]:
    """Debian packages whose program is not on ``path`` (default PATH) or whose file (font, Writer) is absent."""
    missing = [pkg for tool, pkg in SYSTEM_PACKAGES.items() if shutil.which(tool, path=path) is None]
    missing += [pkg for pkg, file in SYSTEM_FILE_PACKAGES.items() if not file.exists()]
    if not Path(font_file).exists():
        missing.append(SYSTEM_FONT_PACKAGE)
    return missing


def install_hint(packages) -> str:
    """The command a user without root runs, e.g. ``sudo apt-get install chromium fonts-noto-cjk``."""
    return "sudo apt-get install " + " ".join(packages)


def system_packages_plan(missing: list[str], uid: int, ci: bool, has_apt: bool) -> tuple[list[str], bool, str]:
    """Decide what to do about missing Debian packages: (install now, skip browser tests, message).

    Root with apt-get installs them. Anyone else gets every other test, the browser tests
    reported as skipped and the packages to install named, except on CI, which must run
    every test and so stops here, loudly.
    """
    if not missing:
        return [], False, ""
    if uid == 0 and has_apt:
        return missing, False, "installing " + " ".join(missing) + " with apt-get"
    if ci:
        raise SystemExit(
            "[manage] CI must run every test, but these Debian packages are missing and cannot be "
            f"installed here ({'no apt-get' if not has_apt else 'not root'}): " + " ".join(missing)
            + f"\n         install them ({install_hint(missing)}) in the CI image or run CI as root"
        )
    skip_browser = any(pkg in BROWSER_PACKAGES for pkg in missing)
    what = "the browser tests will be reported as skipped" if skip_browser else (
        "the PDF checks use only the renderers present")
    return [], skip_browser, (
        f"missing Debian packages: {' '.join(missing)}; {what}. To run everything: "
        f"{install_hint(missing)}, then run again"
    )


def ensure_system_packages(
    path: str | None = None, uid: int | None = None, environ=os.environ, font_file: Path = SYSTEM_FONT_FILE,
) -> dict[str, str]:
    """Install missing system packages as root; otherwise say which are missing.

    Returns the environment variables for pytest: ``QPANALYSIS_BROWSER=off`` when the
    browser tests must be skipped. ``path``, ``uid``, ``environ`` and ``font_file`` stand in
    for PATH, the user id, the environment and the font's location (for the tests).
    """
    uid = (os.geteuid() if hasattr(os, "geteuid") else -1) if uid is None else uid
    has_apt = shutil.which("apt-get", path=path) is not None
    install, skip_browser, message = system_packages_plan(
        missing_system_packages(path, font_file), uid, on_ci(environ), has_apt)
    if message:
        say(message)
    if install:
        env = {**environ, "DEBIAN_FRONTEND": "noninteractive"}
        call("apt-get", "update", "-qq", env=env)
        call("apt-get", "install", "-y", "-qq", "--no-install-recommends", *install, env=env)
        still = missing_system_packages(path, font_file)
        if still:
            raise SystemExit(f"[manage] apt-get ran but these are still missing: {' '.join(still)}")
    return {BROWSER_SWITCH: "off"} if skip_browser else {}


def reports(extra: list[str]) -> None:
    ensure_venv("")
    call(PYTHON, "-m", "qpanalysis", "export", cwd=ROOT)
    call(PYTHON, "-m", "qpanalysis", "run", *extra, cwd=ROOT)


def test(extra: list[str]) -> None:
    ensure_venv("test")
    env = {**os.environ, **ensure_system_packages()}
    call(PYTHON, "-m", "pytest", *extra, cwd=ROOT, env=env)


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
