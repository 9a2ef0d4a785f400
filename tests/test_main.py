"""Tests of qpanalysis.__main__, the command line: what each command prints and returns (the runner and export are stubbed where they would write)."""

from __future__ import annotations

import qpanalysis as qp
from qpanalysis import config
from qpanalysis.__main__ import main, paths


def test_paths_command_names_what_the_package_reads(capsys):
    assert main(["paths"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = {name: path for name, path in paths().items()
             if any(line.startswith(name) and line.endswith(f" {path}") for line in lines)}
    assert len(shown) == len(lines) == 7
    for path in (config.BUNDLED_LIST, config.REFERENCE_DIR, config.NOTEBOOKS_DIR, config.CAVEATS_FILE):
        assert path in shown.values() and path.exists()
    assert shown["exports"] == config.EXPORTS_DIR


def test_refresh_notebooks_outside_a_checkout_wants_the_files_named(monkeypatch, capsys):
    monkeypatch.setattr(config, "IN_CHECKOUT", False)
    assert main(["refresh-notebooks"]) == 2
    assert "give the notebook files" in capsys.readouterr().err


def test_an_interrupted_command_says_so_in_one_line(monkeypatch, capsys, tmp_path):
    import signal

    from qpanalysis.reports import runner

    def interrupted(*args, **kwargs):
        raise runner.Interrupted(signal.SIGTERM)

    monkeypatch.setattr(runner, "run", interrupted)
    assert main(["run"]) == 143  # 128 + SIGTERM, as a shell reports a process ended by it
    assert capsys.readouterr().err == "interrupted; previous reports unchanged\n"

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(qp, "to_csv", ctrl_c)
    assert main(["export", "--output", str(tmp_path)]) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_a_write_that_fails_is_one_line_naming_the_file(monkeypatch, capsys, tmp_path):
    def refused(tasklist, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(qp, "to_csv", refused)
    assert main(["export", "--output", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Permission denied" in err and str(tmp_path / "csv") in err


def test_run_is_given_the_options_as_typed(monkeypatch):
    # The runner resolves the paths against the caller's folder (tests/reports/test_runner.py).
    from qpanalysis.reports import runner

    given = {}
    monkeypatch.setattr(runner, "run", lambda **kwargs: given.update(kwargs))
    assert main(["run", "--source", "l.txt", "--reference", "ref", "--as-of", "2026-09-30", "--workers", "3",
                 "--lang", "en,zh,en"]) == 0
    assert (given["source"], given["reference"], given["workers"], given["langs"]) == ("l.txt", "ref", 3, ("en", "zh"))
    assert str(given["as_of"]) == "2026-09-30"
