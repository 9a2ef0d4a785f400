"""Problems of a progress file: formulas read as their saved values, and fractions typed for percentages."""

from __future__ import annotations

import pandas as pd

from qpanalysis.ingest.progress import PROBLEM_COLUMNS, progress_problems, read_progress


def _write(tmp_path, body: str):
    path = tmp_path / "progress.csv"
    path.write_text("task_id,as_of,percent_done,quantity_done\n" + body, encoding="utf-8")
    return path


def test_a_fraction_among_percentages_is_listed_and_kept(bundled, tmp_path):
    # 0.9 among 30 and 60: probably 90 % typed as a fraction; it is read as 0.9 % all the same.
    progress = read_progress(_write(tmp_path, "1,2026-09-30,30,\n2,2026-09-30,0.9,\n3,2026-09-30,60,\n"), bundled)
    assert progress["percent_done"].tolist() == [30.0, 0.9, 60.0]
    problems = progress_problems(progress)
    assert list(problems.columns) == list(PROBLEM_COLUMNS)
    assert problems[["task_id", "field", "kind", "source_line"]].values.tolist() == [
        [2, "percent_done", "percent-as-fraction", 3]]
    assert problems["detail"].iloc[0].startswith("percent_done 0.9 is read as 0.9 %, but 2 other percentages")


def test_zeros_and_a_single_value_are_not_fractions(bundled, tmp_path):
    # 0 is 0 % either way; a file with one percentage has nothing to compare it with.
    progress = read_progress(_write(tmp_path, "1,2026-09-30,0,\n2,2026-09-30,0.5,\n"), bundled)
    assert progress_problems(progress).empty


def test_a_table_not_read_from_a_file_has_no_problems():
    assert list(progress_problems(pd.DataFrame({"task_id": [1]})).columns) == list(PROBLEM_COLUMNS)
