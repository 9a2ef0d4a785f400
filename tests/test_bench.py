"""The benchmark's synthetic lists: loadable, and no row like another, so that nothing remembered from one row serves the next."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import qpanalysis as qp

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(bench, tmp_path_factory):
    return qp.load(bench.write_synthetic(tmp_path_factory.mktemp("bench"), 410))


def test_a_synthetic_list_loads_with_every_task(synthetic):
    assert len(synthetic.tasks) == 410 and list(synthetic.tasks.index) == list(range(1, 411))
    assert synthetic.plan_year == 2026
    # 410 = 10 × 41: each real task is a template ten times, under its own section.
    assert synthetic.tasks.groupby("section_no").size().to_dict() == {1: 30, 2: 30, 3: 110, 4: 50, 5: 90, 6: 40, 7: 60}


def test_rows_vary_in_every_field_the_loader_reads(synthetic):
    tasks = synthetic.tasks
    for column in ("name", "goal", "scale", "h1_target", "q4_target"):
        # Only cells that state something can vary: "/" stays "/".
        stated = tasks.loc[~tasks[column].isin(["/", ""]), column]
        assert stated.nunique() > 0.9 * len(stated), column
    assert tasks["investment_wan"].dropna().nunique() == tasks["investment_wan"].notna().sum()
    # Departments come from a closed list, so a single one repeats; combinations do not.
    several = tasks.loc[tasks["departments_raw"].str.contains("、"), "departments_raw"]
    assert len(several) == 120 and several.nunique() > 0.8 * len(several)  # 12 of 41 tasks name several
    assert tasks["due"].nunique() >= 6  # months 6…12 drawn afresh
    # Breakdown towns are drawn afresh too: the ten copies of task 7 do not share one set of towns.
    towns = synthetic.quantities.dropna(subset=["town"]).groupby("task_id")["town"].agg(frozenset)
    assert towns.nunique() > 0.5 * len(towns)


def test_goals_state_the_new_breakdown_sums(synthetic):
    # The goal's total is set to the new sum, and nudged by 1 about one time in ten.
    totals = synthetic.totals.dropna(subset=["stated_total"])
    assert len(totals) > 30
    assert 0.75 < totals["agrees"].astype(bool).mean() < 1


def test_the_same_seed_gives_the_same_list(bench):
    assert bench.synthetic_text(60) == bench.synthetic_text(60)
    assert bench.synthetic_text(60, seed=1) != bench.synthetic_text(60)
