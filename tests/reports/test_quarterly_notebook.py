"""Run the quarterly report notebook with the made-up progress file and check its key outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "05_quarterly_report.ipynb"
PROGRESS = ROOT / "tests" / "data" / "progress" / "progress_all_statuses.csv"


def _checked_outputs(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [
        "".join(o.get("text", "") for o in cell.outputs).strip()
        for cell in nb.cells
        if cell.cell_type == "code" and cell.source.startswith("# NBVAL_CHECK_OUTPUT")
    ]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    papermill = pytest.importorskip("papermill")
    out_dir = tmp_path_factory.mktemp("quarterly")
    output = out_dir / "quarterly_Q3.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(output), cwd=str(NOTEBOOK.parent), progress_bar=False, kernel_name="python3",
        parameters={"quarter": "Q3", "progress": str(PROGRESS), "output_dir": str(out_dir / "figures"),
                    "figure_formats": ["png"]},
    )
    return output, out_dir / "figures"


def test_status_counts(executed):
    outputs = _checked_outputs(executed[0])
    # worked out in tests/test_progress.py::test_status_counts_q3
    assert "status counts: done 3, ahead 3, on track 3, behind 3, no target 1, no data 28" in outputs
    # Q3: 29 Q3 texts (task 28's falls due in 2025) + task 5's whole-year text; tasks 5 and 28 due by 30 Sep
    assert outputs[0] == "Q3 as of 2026-09-30: 30 milestones due (15 with a percentage or quantity target) across 30 tasks"
    assert outputs[1] == "tasks reaching their due month by Q3 end: 2 of 41"
    # gaps: 5: 2/5 = 40 − 100; 8: 30 − 50; 23: 40 − 50; 7: 45 − 50
    assert outputs[-1].startswith("furthest behind: task 5 (-60.0 points, 区农业农村委), task 8 (-20.0 points")


def test_figures_named_by_quarter(executed):
    names = {p.name for p in executed[1].glob("*.png")}
    assert "quarterly_Q3_status_by_department_zh.png" in names
    assert "quarterly_Q3_status_by_section_zh.png" in names
    assert "quarterly_Q3_expected_pct_zh.png" in names
