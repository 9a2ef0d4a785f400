"""manage.py on a machine without the Debian packages: every other test runs, the browser tests are skipped.

The decision is tested with a fake PATH (a folder of empty executables), a fake user id
and a fake font location; the skip itself by running pytest on a browser test with the
switch manage.py sets, or with a PATH where Chromium is missing. CI=true never skips.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import manage

ROOT = Path(__file__).resolve().parents[1]
USER_UID = 1000  # any uid but root's
EVERY_PACKAGE = ["chromium", "poppler-utils", "ghostscript", "mupdf-tools", "libreoffice-calc", "fonts-noto-cjk"]
# A browser test that needs nothing but Chromium before it starts: the fastest to skip.
BROWSER_TEST = "tests/reports/test_browser.py::test_jupyterlab_renders_notebook"


def _path(tmp_path: Path, *tools: str) -> str:
    """A PATH of one folder holding executables named ``tools`` (they are never run)."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for tool in tools:
        (folder / tool).write_text("#!/bin/sh\nexit 1\n")
        (folder / tool).chmod(0o755)
    return str(folder)


@pytest.fixture
def no_font(tmp_path) -> Path:
    return tmp_path / "absent" / "NotoSansCJK-Regular.ttc"


@pytest.fixture
def font(tmp_path) -> Path:
    path = tmp_path / "NotoSansCJK-Regular.ttc"
    path.write_bytes(b"font")
    return path


def test_missing_packages_follow_the_path_and_the_font_file(tmp_path, no_font, font):
    assert manage.missing_system_packages(_path(tmp_path), no_font) == EVERY_PACKAGE
    assert manage.missing_system_packages(_path(tmp_path, "chromium", "gs", "soffice"), font) == ["poppler-utils", "mupdf-tools"]


def test_a_user_without_root_gets_the_browser_tests_skipped_and_the_packages_named(tmp_path, no_font, capsys):
    env = manage.ensure_system_packages(path=_path(tmp_path, "apt-get"), uid=USER_UID, environ={}, font_file=no_font)
    assert env == {"QPANALYSIS_BROWSER": "off"}
    said = capsys.readouterr().out
    assert "sudo apt-get install " + " ".join(EVERY_PACKAGE) in said
    assert "browser tests will be reported as skipped" in said


def test_root_without_apt_get_is_treated_like_a_user(tmp_path, font):
    assert manage.ensure_system_packages(path=_path(tmp_path), uid=0, environ={}, font_file=font) == {"QPANALYSIS_BROWSER": "off"}


def test_missing_pdf_renderers_alone_keep_the_browser_tests(tmp_path, font, capsys):
    env = manage.ensure_system_packages(path=_path(tmp_path, "chromium"), uid=USER_UID, environ={}, font_file=font)
    assert env == {}
    assert "sudo apt-get install poppler-utils ghostscript mupdf-tools libreoffice-calc" in capsys.readouterr().out


def test_on_ci_missing_packages_stop_the_run_loudly(tmp_path, no_font):
    with pytest.raises(SystemExit, match=r"(?s)CI must run every test.*not root.*sudo apt-get install chromium"):
        manage.ensure_system_packages(path=_path(tmp_path, "apt-get"), uid=USER_UID, environ={"CI": "true"},
                                      font_file=no_font)


def test_root_with_apt_get_installs_what_is_missing():
    assert manage.system_packages_plan(["chromium", "fonts-noto-cjk"], uid=0, ci=True, has_apt=True) == (
        ["chromium", "fonts-noto-cjk"], False, "installing chromium fonts-noto-cjk with apt-get")
    assert manage.system_packages_plan([], uid=USER_UID, ci=True, has_apt=False) == ([], False, "")


def test_manage_test_hands_the_switch_to_pytest(monkeypatch):
    calls = []
    monkeypatch.setattr(manage, "ensure_venv", lambda extras: None)
    monkeypatch.setattr(manage, "ensure_system_packages", lambda: {"QPANALYSIS_BROWSER": "off"})
    monkeypatch.setattr(manage, "call", lambda *args, **kwargs: calls.append((args, kwargs)))
    manage.test(["-x"])
    ((args, kwargs),) = calls
    assert args == (manage.PYTHON, "-m", "pytest", "-x")
    assert kwargs["env"]["QPANALYSIS_BROWSER"] == "off"


# The environments the browser test is run in: manage.py's switch, Chromium off the PATH
# (an empty folder), and CI with the switch set, which must fail rather than skip.
RUNS = {
    "switch": {"QPANALYSIS_BROWSER": "off"},
    "no chromium": {"PATH": "{empty}"},
    "ci": {"CI": "true", "QPANALYSIS_BROWSER": "off"},
}


@pytest.fixture(scope="module")
def browser_runs(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """pytest run on BROWSER_TEST in each of RUNS, the runs started together (each takes seconds)."""
    empty = tmp_path_factory.mktemp("empty-path")
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "QPANALYSIS_BROWSER")}
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "pytest", BROWSER_TEST, "-q", "-rsE"], cwd=ROOT, text=True,
            env=base | {k: v.format(empty=empty) for k, v in changes.items()},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        for name, changes in RUNS.items()
    }
    return {name: subprocess.CompletedProcess(proc.args, proc.wait(timeout=600), proc.stdout.read(), "")
            for name, proc in started.items()}


def test_pytest_reports_the_browser_tests_as_skipped_with_the_packages_to_install(browser_runs):
    done = browser_runs["switch"]
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert "QPANALYSIS_BROWSER=off" in done.stdout and "sudo apt-get install chromium fonts-noto-cjk" in done.stdout


def test_pytest_skips_the_browser_tests_when_chromium_is_not_on_the_path(browser_runs):
    done = browser_runs["no chromium"]
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert "missing chromium" in done.stdout and "sudo apt-get install chromium" in done.stdout


def test_on_ci_pytest_fails_instead_of_skipping(browser_runs):
    done = browser_runs["ci"]
    assert done.returncode == 1, done.stdout
    assert "1 error" in done.stdout and "skipped" not in done.stdout
    assert "CI must run the browser tests" in done.stdout
