"""The notebooks a run plans: every analysis notebook and each quarter's report, per language, with their parameters."""

from __future__ import annotations

from qpanalysis.reports import jobs
from qpanalysis.reports.jobs import Inputs, plan_jobs


def test_default_run_plans_every_analysis_notebook_and_each_quarter_per_language():
    labels = [job.label for job in plan_jobs(2026)]
    expected = []
    for lang in ("zh", "en"):
        expected += [
            f"2026/{lang}/00_explore.ipynb",
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
    inputs = Inputs(source="/l.txt", source_sha256="ab" * 32, progress="/p.csv", as_of="2026-09-30")
    planned = plan_jobs(2026, quarter="Q3", inputs=inputs)
    assert [job.label for job in planned] == [
        "2026-Q3/zh/05_quarterly_report.ipynb",
        "2026-Q3/en/05_quarterly_report.ipynb",
    ]
    assert {job.folder for job in planned} == {"2026-Q3"}
    assert planned[0].parameters == {
        "source": "/l.txt", "source_sha256": "ab" * 32, "reference": None, "lang": "zh", "quarter": "Q3",
        "progress": "/p.csv", "as_of": "2026-09-30",
    }


def test_quarters_choose_the_quarterly_reports_made_with_the_analysis_notebooks():
    labels = [job.label for job in plan_jobs(2027, langs=("en",), quarters=("Q3",))]
    assert labels == [f"2027/en/{nb}" for nb in jobs.ANALYSIS_NOTEBOOKS] + ["2027-Q3/en/05_quarterly_report.ipynb"]


def test_run_name_names_the_analysis_folder_and_notebooks_filters_jobs():
    planned = plan_jobs(2026, langs=("en",), run_name="trial", notebooks=("01_investment.ipynb",))
    assert [job.label for job in planned] == ["trial/en/01_investment.ipynb"]


def test_only_the_quarterly_report_is_given_the_progress_file_and_its_date():
    inputs = Inputs(source="/l.txt", source_sha256="ab" * 32, progress="/p.csv", as_of="2026-09-30")
    planned = plan_jobs(2026, langs=("en",), quarters=("Q3",), inputs=inputs)
    *analysis, quarterly = planned
    assert len(analysis) == len(jobs.ANALYSIS_NOTEBOOKS)
    for job in analysis:
        assert job.parameters == {"source": "/l.txt", "source_sha256": "ab" * 32, "reference": None, "lang": "en"}
    assert quarterly.notebook == jobs.QUARTERLY_NOTEBOOK
    assert (quarterly.parameters["progress"], quarterly.parameters["as_of"]) == ("/p.csv", "2026-09-30")


def test_figure_options_given_on_the_command_line_reach_every_notebook():
    from qpanalysis.reports.runner import check_run

    checked = check_run(langs=("en",), figure_width="column", titles=False)
    assert dict(checked["figure"]) == {"figure_width": "column", "figure_titles": False}
    jobs = plan_jobs(2026, ("en",), inputs=Inputs(figure=checked["figure"]))
    assert all(job.parameters["figure_width"] == "column" for job in jobs)
    assert check_run(langs=("en",))["figure"] == ()  # the notebooks' defaults
