"""Hostile and sloppy command lines: each bad argument is one line naming the option, exit code 2, nothing written.

Each case runs ``qpanalysis`` (``main``) in a folder of its own (not the checkout's) with
relative paths, the runner's default output folders moved into that folder, so that a
file written before the refusal would be seen. No case gets as far as a notebook. Two
cases run as a real process too, for the terminal's view (no traceback, one line).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from qpanalysis import config
from qpanalysis.__main__ import main
from qpanalysis.reports import runner

# Task 11's 总投资 (line 23 of the bundled list) written in words: no amount.
BROKEN_AMOUNT = ("\t69.7\t", "\t六十九\t")
PROGRESS_HEADER = "task_id,name,lead_department,as_of,percent_done,quantity_done,quantity_unit,note\n"

# (id, arguments, exit code, words the one-line error holds). Paths are relative to the
# case's folder, which holds: afile (a file), adir/ and folder.txt/ (folders), notes.txt
# (a text file), ../lists/broken.txt (a list with a bad amount) and the progress files
# percent.csv (150 %), task99.csv (no such task) and empty.csv (0 bytes).
CASES = [
    # --lang
    ("lang-empty", ["run", "--lang", ""], 2, ["argument --lang", "no language given", "zh, en or zh,en"]),
    ("lang-fr", ["run", "--lang", "fr"], 2, ["argument --lang", "unknown language 'fr'"]),
    ("lang-one-bad", ["run", "--lang", "zh,fr"], 2, ["argument --lang", "'fr'"]),
    ("lang-commas", ["run", "--lang", ",,"], 2, ["argument --lang", "no language given"]),
    # --source
    ("source-missing", ["run", "--source", "missing.txt"], 2, ["--source", "no such file", "missing.txt"]),
    ("source-folder", ["run", "--source", "adir"], 2, ["--source", "adir is a folder, not a file"]),
    ("source-folder-named-txt", ["run", "--source", "folder.txt"], 2, ["--source", "folder.txt is a folder"]),
    ("source-empty", ["run", "--source", ""], 2, ["--source", "is empty"]),
    ("source-device", ["run", "--source", "/dev/null"], 2, ["--source", "/dev/null is not a regular file"]),
    ("source-bad-amount", ["run", "--source", "../lists/broken.txt"], 2,
     ["broken.txt", "line 23", "总投资(万元)", "六十九"]),
    ("source-not-a-list", ["run", "--source", "afile"], 2, ["afile", "unknown file type"]),
    ("export-source-folder", ["export", "--source", "adir"], 2, ["--source", "is a folder"]),
    ("export-source-bad-amount", ["export", "--source", "../lists/broken.txt"], 2, ["line 23", "总投资(万元)"]),
    ("template-source-missing", ["progress-template", "--source", "missing.txt"], 2, ["--source", "no such file"]),
    # --as-of
    ("as-of-garbage", ["run", "--as-of", "garbage"], 2, ["argument --as-of", "YYYY-MM-DD", "'garbage'"]),
    ("as-of-not-a-day", ["run", "--as-of", "2026-02-30"], 2, ["argument --as-of", "'2026-02-30'"]),
    ("as-of-slashes", ["run", "--as-of", "30/09/2026"], 2, ["argument --as-of", "YYYY-MM-DD"]),
    ("as-of-other-year", ["run", "--quarter", "Q3", "--as-of", "2025-09-30"], 2,
     ["--as-of", "2025-09-30", "plan year 2026"]),
    ("as-of-missing-value", ["run", "--as-of"], 2, ["argument --as-of", "expected one argument"]),
    ("template-as-of-other-year", ["progress-template", "--as-of", "2027-01-01"], 2, ["--as-of", "plan year 2026"]),
    ("template-as-of-garbage", ["progress-template", "--as-of", "soon"], 2, ["argument --as-of", "'soon'"]),
    ("template-quarter-q2", ["progress-template", "--quarter", "Q2"], 2, ["argument --quarter", "invalid choice: 'Q2'"]),
    ("template-lang-fr", ["progress-template", "--lang", "fr"], 2, ["argument --lang", "'fr'"]),
    # --workers
    ("workers-zero", ["run", "--workers", "0"], 2, ["argument --workers", "1 or more", "'0'"]),
    ("workers-negative", ["run", "--workers", "-2"], 2, ["argument --workers", "'-2'"]),
    ("workers-words", ["run", "--workers", "two"], 2, ["argument --workers", "'two'"]),
    # --figure-width: column, page or 60–200 mm
    ("figure-width-wide", ["run", "--figure-width", "300"], 2, ["argument --figure-width", "60 to 200", "'300'"]),
    ("figure-width-word", ["run", "--figure-width", "wide"], 2, ["argument --figure-width", "column, page", "'wide'"]),
    # --quarter (argparse's choices)
    ("quarter-q5", ["run", "--quarter", "Q5"], 2, ["argument --quarter", "invalid choice: 'Q5'", "H1", "Q4"]),
    ("quarter-lower-case", ["run", "--quarter", "q3"], 2, ["argument --quarter", "'q3'"]),
    # output folders under a file, or a file as a folder
    ("reports-dir-under-file", ["run", "--reports-dir", "afile/reports"], 2,
     ["--reports-dir", "cannot make the folder", "afile is a file"]),
    ("reports-dir-is-file", ["run", "--reports-dir", "afile"], 2, ["--reports-dir", "afile is a file, not a folder"]),
    ("output-under-file", ["run", "--output", "afile/figures"], 2, ["--output", "afile is a file"]),
    ("export-output-under-file", ["export", "--output", "afile/tables"], 2, ["--output", "afile is a file"]),
    ("template-output-under-file", ["progress-template", "--output", "afile/progress"], 2,
     ["--output", "afile is a file"]),
    ("template-output-is-file", ["progress-template", "--output", "afile"], 2, ["--output", "not a folder"]),
    # --progress: checked and read before the first notebook
    ("progress-missing", ["run", "--quarter", "Q3", "--progress", "missing.csv"], 2, ["--progress", "no such file"]),
    ("progress-folder", ["run", "--quarter", "Q3", "--progress", "adir"], 2, ["--progress", "is a folder"]),
    ("progress-not-csv", ["run", "--quarter", "Q3", "--progress", "notes.txt"], 2,
     ["--progress", "notes.txt is not a progress file", ".csv"]),
    ("progress-percent-150", ["run", "--quarter", "Q3", "--progress", "percent.csv"], 2,
     ["percent.csv", "line 2", "field percent_done", "'150'"]),
    ("progress-unknown-task", ["run", "--quarter", "Q3", "--progress", "task99.csv"], 2,
     ["task99.csv", "line 2", "field task_id", "99"]),
    ("progress-empty", ["run", "--quarter", "Q3", "--progress", "empty.csv"], 2, ["empty.csv", "empty"]),
    # --reference, --name
    ("reference-is-file", ["run", "--reference", "afile"], 2, ["--reference", "afile is a file, not a folder"]),
    ("export-reference-missing", ["export", "--reference", "nowhere"], 2, ["--reference", "no such folder"]),
    ("name-up-a-folder", ["run", "--name", "../elsewhere"], 2, ["--name", "plain folder name", "'../elsewhere'"]),
    ("name-hidden", ["run", "--name", ".staging-x"], 2, ["--name", "'.staging-x'"]),
    # the command itself
    ("unknown-option", ["run", "--sauce", "x"], 2, ["unrecognized arguments: --sauce x"]),
    ("no-command", [], 2, ["required: COMMAND"]),
    ("refresh-missing-notebook", ["refresh-notebooks", "missing.ipynb"], 2, ["notebooks", "no such file"]),
]


@pytest.fixture
def place(tmp_path, monkeypatch, bundled_text):
    """The case's folder (the current folder), with the files the cases name."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "afile").write_text("not a folder", encoding="utf-8")
    (work / "adir").mkdir()
    (work / "folder.txt").mkdir()
    (work / "notes.txt").write_text("progress notes", encoding="utf-8")
    (work / "percent.csv").write_text(PROGRESS_HEADER + "1,,,2026-09-30,150,,,\n", encoding="utf-8")
    (work / "task99.csv").write_text(PROGRESS_HEADER + "99,,,2026-09-30,50,,,\n", encoding="utf-8")
    (work / "empty.csv").write_bytes(b"")
    lists = tmp_path / "lists"
    lists.mkdir()
    assert bundled_text.count(BROKEN_AMOUNT[0]) == 1
    (lists / "broken.txt").write_text(bundled_text.replace(*BROKEN_AMOUNT), encoding="utf-8", newline="")
    # Default output folders inside tmp_path, where a premature write would show.
    monkeypatch.setattr(runner, "REPORTS_DIR", tmp_path / "default_reports")
    monkeypatch.setattr(runner, "FIGURES_DIR", tmp_path / "default_figures")
    monkeypatch.setattr(config, "EXPORTS_DIR", tmp_path / "default_exports")
    monkeypatch.chdir(work)
    return tmp_path


def _files(folder) -> dict:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


@pytest.mark.parametrize(("args", "code", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_bad_argument_is_one_line_naming_it(place, capsys, monkeypatch, args, code, words):
    started = []
    monkeypatch.setattr(runner, "run_one", lambda *a, **k: started.append(a))  # no notebook may start
    before = _files(place)

    try:
        result = main(args)
    except SystemExit as exit_:  # argparse's own checks
        result = exit_.code

    out, err = capsys.readouterr()
    assert result == code, err
    assert err.endswith("\n") and err.count("\n") == 1, err  # one line
    assert "error:" in err and "Traceback" not in err
    for word in words:
        assert word in err, (word, err)
    assert out == ""
    assert started == []
    assert _files(place) == before  # nothing written, nothing removed


def test_every_path_and_value_option_has_a_case():
    """The table covers each option of run, export and progress-template that takes a value."""
    from qpanalysis.__main__ import _parser

    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices
    covered = {(case[1][0], arg) for case in CASES if case[1] for arg in case[1] if arg.startswith("--")}
    for command in ("run", "export", "progress-template"):
        options = {opt for action in commands[command]._actions if action.nargs != 0
                   for opt in action.option_strings}
        missing = {opt for opt in options if (command, opt) not in covered}
        # The export's --source folder, --output and --reference are covered above; run's
        # --name too. Nothing may be left without a hostile case.
        assert missing == set(), (command, missing)


@pytest.mark.parametrize("args, words", [
    (["run", "--source", "adir"], ["run: error: --source:", "is a folder"]),
    (["run", "--lang", ""], ["run: error: argument --lang: no language given"]),
], ids=["source-folder", "lang-empty"])
def test_the_command_prints_one_line_and_no_traceback(tmp_path, args, words):
    (tmp_path / "adir").mkdir()
    result = subprocess.run([sys.executable, "-m", "qpanalysis", *args], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("python -m qpanalysis ")
    for word in words:
        assert word in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir"]
