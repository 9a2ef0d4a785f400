"""The report runner: which jobs a run plans, how a failure is reported, how reports are published.

The notebook runs use tiny notebooks written into tmp_path (each kernel start costs ~2 s),
never the project's notebooks, and write into tmp_path, never reports/ or figures/.
"""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from qpanalysis.reports import runner
from qpanalysis.reports.runner import ReportError, plan_jobs

PARAMETERS = 'lang = "zh"\noutput_dir = "."\nsource = None'
# A name that appears in a code cell's source only, and the output that cell prints.
HIDDEN_NAME = "hidden_source_marker_xyz"
OK_CELLS = [
    f"{HIDDEN_NAME} = 6 * 7",
    f'print(f"answer={{{HIDDEN_NAME}}} lang={{lang}}")',
    'from pathlib import Path\nPath(output_dir, "figure.txt").write_text("figure")',
]
BAD_CELLS = ['raise ValueError("boom")']


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, *(nbformat.v4.new_code_cell(source) for source in cells)]
    nbformat.write(nb, path)


@pytest.fixture
def notebooks(tmp_path, monkeypatch):
    """A notebooks folder with ok.ipynb and bad.ipynb, used by the runner as its own."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "ok.ipynb", OK_CELLS)
    _notebook(folder / "bad.ipynb", BAD_CELLS)
    monkeypatch.setattr(runner, "NOTEBOOKS_DIR", folder)
    monkeypatch.setattr(runner, "ANALYSIS_NOTEBOOKS", ("ok.ipynb", "bad.ipynb"))
    return folder


def _run(tmp_path, *names):
    return runner.run(
        langs=("zh",), notebooks=names, reports_dir=tmp_path / "reports", output=tmp_path / "figures",
        workers=2, show_progress=False,
    )


# --- planning ---------------------------------------------------------------------------


def test_default_run_plans_every_analysis_notebook_and_each_quarter_per_language():
    labels = [job.label for job in plan_jobs(2026)]
    expected = []
    for lang in ("zh", "en"):
        expected += [
            f"2026/{lang}/01_investment.ipynb",
            f"2026/{lang}/02_department_workload.ipynb",
            f"2026/{lang}/03_town_coverage.ipynb",
            f"2026/{lang}/04_data_quality.ipynb",
            f"2026-H1/{lang}/05_quarterly_report.ipynb",
            f"2026-Q3/{lang}/05_quarterly_report.ipynb",
            f"2026-Q4/{lang}/05_quarterly_report.ipynb",
        ]
    assert labels == expected
    assert {job.folder for job in plan_jobs(2026)} == {"2026", "2026-H1", "2026-Q3", "2026-Q4"}


def test_quarter_run_plans_only_that_quarters_report():
    jobs = plan_jobs(2026, quarter="Q3", progress="p.csv", as_of="2026-09-30")
    assert [job.label for job in jobs] == [
        "2026-Q3/zh/05_quarterly_report.ipynb",
        "2026-Q3/en/05_quarterly_report.ipynb",
    ]
    assert {job.folder for job in jobs} == {"2026-Q3"}
    assert jobs[0].parameters == {
        "source": None, "lang": "zh", "quarter": "Q3", "progress": "p.csv", "as_of": "2026-09-30",
    }


def test_run_name_names_the_analysis_folder_and_notebooks_filters_jobs():
    jobs = plan_jobs(2026, langs=("en",), run_name="trial", notebooks=("01_investment.ipynb",))
    assert [job.label for job in jobs] == ["trial/en/01_investment.ipynb"]


# --- running ----------------------------------------------------------------------------


def test_failing_notebook_is_named_with_its_cell_and_error_and_old_reports_stay(tmp_path, notebooks):
    old = tmp_path / "reports" / "2026" / "zh" / "old.html"
    old.parent.mkdir(parents=True)
    old.write_text("<p>the previous report</p>", encoding="utf-8")

    with pytest.raises(ReportError) as failure:
        _run(tmp_path, "ok.ipynb", "bad.ipynb")

    message = str(failure.value)
    assert "1 of 2 notebooks failed" in message
    assert "2026/zh/bad.ipynb" in message
    # The raising cell is the second cell of bad.ipynb as its author sees it (papermill's
    # injected parameters cell is not counted).
    assert "cell 2" in message
    assert "ValueError: boom" in message
    assert "ok.ipynb" not in message
    # Nothing is published: the old report is untouched, ok.ipynb's result is discarded.
    assert old.read_text(encoding="utf-8") == "<p>the previous report</p>"
    assert sorted(p.name for p in old.parent.iterdir()) == ["old.html"]
    assert not list((tmp_path / "reports").glob(".staging-*"))
    assert not (tmp_path / "figures").exists()


def test_successful_run_replaces_the_folder_with_notebook_and_code_free_html(tmp_path, notebooks):
    old = tmp_path / "reports" / "2026" / "zh" / "old.html"
    old.parent.mkdir(parents=True)
    old.write_text("<p>the previous report</p>", encoding="utf-8")

    published = _run(tmp_path, "ok.ipynb")

    folder = tmp_path / "reports" / "2026"
    assert published == [folder]
    assert sorted(p.name for p in (folder / "zh").iterdir()) == ["ok.html", "ok.ipynb"]
    executed = nbformat.read(folder / "zh" / "ok.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    html = (folder / "zh" / "ok.html").read_text(encoding="utf-8")
    assert "answer=42 lang=zh" in html  # the output is shown…
    assert HIDDEN_NAME not in html  # …the code is not
    assert not re.search(r"<script[^>]*\bsrc=[\"']https?://", html)
    assert "https://" not in "".join(re.findall(r"<script[^>]*>", html))
    assert not list((tmp_path / "reports").glob(".staging-*"))
    assert not list((tmp_path / "reports").glob(".old-*"))
    assert (tmp_path / "figures" / "figure.txt").read_text() == "figure"


# --- command line -----------------------------------------------------------------------


def test_cli_rejects_an_unknown_quarter():
    result = subprocess.run(
        [sys.executable, "-m", "qpanalysis", "run", "--quarter", "Q5"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "--quarter" in result.stderr
    assert "invalid choice: 'Q5'" in result.stderr
    assert "H1" in result.stderr and "Q3" in result.stderr and "Q4" in result.stderr
