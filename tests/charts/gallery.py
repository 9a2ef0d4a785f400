"""Every chart the report notebooks draw, made from a loaded list as the notebooks make them (names as saved)."""

from __future__ import annotations

from pathlib import Path

from qpanalysis.analysis import allocation as al
from qpanalysis.analysis import compare as cmp
from qpanalysis.analysis import coverage as cov
from qpanalysis.analysis import investment as inv
from qpanalysis.analysis import progress as prog
from qpanalysis.analysis import quality as q
from qpanalysis.analysis import quarterly as qt
from qpanalysis.analysis import workload as wl
from qpanalysis.charts import compare as cmpc
from qpanalysis.charts import coverage as covc
from qpanalysis.charts import investment as ch
from qpanalysis.charts import quality as qc
from qpanalysis.charts import quarterly as qcharts
from qpanalysis.charts import workload as wc
from qpanalysis.codes import READINGS, Reading
from qpanalysis.ingest.progress import read_progress

# A progress file with a task in every status (tests/data/progress).
PROGRESS = Path(__file__).parents[1] / "data" / "progress" / "progress_all_statuses.csv"


def charts(tl, lang: str):
    """``(name, draw)`` for every chart of the notebooks; ``draw()`` returns ``(figure, plotted data)``."""
    by_section = inv.investment_by_section(tl)
    by_department = inv.investment_by_department(tl)
    allocation = al.allocate_investment_to_towns(tl)
    workload = wl.department_workload(tl.departments)
    cells = cov.coverage_cells(tl.towns, tl.tasks)
    per_town = cov.tasks_per_town(cells)
    unspecified = int(cov.tasks_by_basis(cells).set_index("basis").at["unspecified", "tasks"])
    quantities = cov.town_quantities(tl.quantities)
    status = q.field_status(tl)
    by_reading = {reading: qt.expected_pct(tl, "2026-09-30", reading) for reading in READINGS}
    due = qt.milestones_due(tl, "Q3")
    comparison = prog.compare(tl, read_progress(PROGRESS, tl), "2026-09-30")
    edges = wl.co_lead_edges(tl.departments)
    found = [
        ("investment_by_section", lambda: (ch.plot_investment_by_section(by_section, lang), by_section)),
        ("investment_disclosure_by_section", lambda: (ch.plot_disclosure_by_section(by_section, lang), by_section)),
        ("investment_by_department", lambda: (ch.plot_investment_by_department(by_department, lang), by_department)),
        ("investment_pareto_tasks", lambda: (ch.plot_pareto(inv.largest_tasks(tl), lang), inv.largest_tasks(tl))),
        ("investment_by_town", lambda: (ch.plot_investment_by_town(al.investment_by_town(allocation, tl), lang),
                                        al.investment_by_town(allocation, tl))),
        ("workload_tasks_by_department", lambda: (wc.plot_department_tasks(workload, lang), workload)),
        ("workload_investment_by_department", lambda: (
            wc.plot_department_investment(wl.department_investment(tl.departments, tl.tasks), lang), workload)),
        ("workload_section_heatmap", lambda: (
            wc.plot_section_heatmap(wl.section_department_counts(tl.departments, tl.tasks), lang), workload)),
        ("workload_co_lead_network", lambda: (wc.plot_co_lead_network(edges, workload, lang), edges)),
        ("workload_deadlines_by_month", lambda: (
            wc.plot_deadlines(wl.deadlines_by_month(tl.departments, tl.tasks, tl.plan_year), lang), workload)),
        ("coverage_matrix", lambda: (covc.plot_coverage_matrix(cells, lang), cells)),
        ("coverage_tasks_per_town", lambda: (covc.plot_tasks_per_town(per_town, lang, unspecified=unspecified),
                                             per_town)),
        ("coverage_quantities", lambda: (covc.plot_town_quantities(quantities, lang), quantities)),
        ("coverage_tile_tasks", lambda: (covc.plot_task_tile_map(per_town, lang), per_town)),
        ("coverage_tile_quantity_1", lambda: (
            covc.plot_quantity_tile_map(quantities, quantities["metric"].iloc[0], lang,
                                        task_id=int(quantities["task_id"].iloc[0])), quantities)),
        ("quality_totals", lambda: (qc.plot_totals(q.totals_comparison(tl), lang), q.totals_comparison(tl))),
        ("quality_completeness", lambda: (qc.plot_completeness(q.completeness(status), lang), status)),
        ("quality_completeness_grid", lambda: (qc.plot_completeness_heatmap(status, lang), status)),
        ("quarterly_Q3_expected_pct", lambda: (
            qcharts.plot_expected_pct(by_reading[Reading.DEFAULT], lang, "Q3", "2026-09-30", alternatives=by_reading),
            by_reading[Reading.DEFAULT])),
        ("quarterly_Q3_milestones_due_by_section", lambda: (
            qcharts.plot_milestones_due(qt.due_summary(due, "section"), lang, "section", "Q3"), due)),
        ("quarterly_Q3_milestones_due_by_department", lambda: (
            qcharts.plot_milestones_due(qt.due_summary(due, "lead_department"), lang, "lead_department", "Q3"), due)),
        ("quarterly_Q3_status_by_department", lambda: (
            qcharts.plot_status_by(prog.status_by(comparison, "lead_department"), lang, "lead_department", "Q3"),
            comparison)),
        ("quarterly_Q3_status_by_section", lambda: (
            qcharts.plot_status_by(prog.status_by(comparison, "section"), lang, "section", "Q3"), comparison)),
        ("compare_sections", lambda: (
            cmpc.plot_section_slopes(cmp.compare(tl, tl, check_files=False).by_section, "old", "new", lang), workload)),
    ]
    return found
