"""Package-level promises: light import, the public API, exports, paths in a checkout, the command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd

import qpanalysis as qp
from qpanalysis import config
from qpanalysis.__main__ import main, paths


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


def test_error_is_a_value_error():
    assert issubclass(qp.TaskListError, ValueError)


def test_to_excel_writes_one_sheet_per_table(bundled, tmp_path):
    path = qp.to_excel(bundled, tmp_path / "tasks.xlsx")
    sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert sheets == [*bundled.tables(), "data_dictionary"]
    tasks = pd.read_excel(path, sheet_name="tasks")
    assert len(tasks) == 41
    assert tasks.loc[tasks["task_id"] == 16, "departments"].item() == "区规划资源局、区建设管理委、区农业农村委"


def test_to_csv_is_utf8_with_bom(bundled, tmp_path):
    paths = qp.to_csv(bundled, tmp_path)
    assert {p.stem for p in paths} == {*bundled.tables(), "data_dictionary"}
    for path in paths:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    towns = pd.read_csv(tmp_path / "towns.csv", encoding="utf-8-sig")
    assert len(towns) == len(bundled.towns)


def test_data_dictionary_is_bilingual():
    from qpanalysis.ingest.reference import load_reference

    dictionary = load_reference().dictionary
    assert dictionary[["description_zh", "description_en"]].notna().all().all()


def test_a_checkout_reads_the_shipped_files_where_git_keeps_them():
    root = Path(__file__).resolve().parents[1]
    assert config.IN_CHECKOUT and config.PROJECT_ROOT == config.SHIPPED_ROOT == root
    assert config.BUNDLED_LIST.parent == root / "data" / "raw" and config.BUNDLED_LIST.is_file()
    assert config.NOTEBOOKS_DIR == root / "notebooks"
    assert config.CAVEATS_FILE == root / "docs" / "assumptions_and_caveats.md"
    assert config.EXPORTS_DIR == root / "data" / "processed"
    shipped = {path for pattern in config.SHIPPED_FILES for path in root.glob(pattern)}
    assert all(list(root.glob(pattern)) for pattern in config.SHIPPED_FILES)
    # What load() and the reports read is shipped in the wheel.
    needed = {config.BUNDLED_LIST, config.PROVENANCE_FILE, *config.CAVEATS_FILES.values(),
              *config.REFERENCE_DIR.glob("*.csv"), *config.MESSAGES_DIR.glob("*.po"), *config.NOTEBOOKS_DIR.glob("*.ipynb")}
    assert needed - shipped == set()
    assert not any("processed" in path.parts for path in shipped)


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
