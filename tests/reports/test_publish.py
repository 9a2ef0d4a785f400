"""Publishing a run from its staging folder: manifests in the planned order, report folders replaced whole, the run's own folders kept back."""

from __future__ import annotations

import json

from qpanalysis.reports import index, publish
from qpanalysis.reports.jobs import plan_jobs


def test_finished_report_folders_replace_the_old_ones_and_the_runs_own_folders_stay(tmp_path):
    staging, reports = tmp_path / "reports" / ".staging-x", tmp_path / "reports"
    (staging / "2026" / "zh").mkdir(parents=True)
    (staging / "2026" / "zh" / "new.html").write_text("new", encoding="utf-8")
    (staging / "_figures").mkdir()
    (staging / "kernel.json").write_text("{}", encoding="utf-8")  # a file at the staging root
    (reports / "2026" / "zh").mkdir(parents=True)
    (reports / "2026" / "zh" / "old.html").write_text("old", encoding="utf-8")
    (reports / "2025").mkdir()  # another run's folder: untouched

    published = publish.move_reports(staging, reports)

    assert published == [reports / "2026"]
    assert [p.name for p in (reports / "2026" / "zh").iterdir()] == ["new.html"]  # the old folder went whole
    assert sorted(p.name for p in reports.iterdir()) == [".staging-x", "2025", "2026"]  # no .old-… left
    assert sorted(p.name for p in staging.iterdir()) == ["_figures", "kernel.json"]


def test_figures_are_copied_and_counted(tmp_path):
    staged = tmp_path / "_figures"
    staged.mkdir()
    for name in ("b_en.svg", "a_en.png"):
        (staged / name).write_text(name, encoding="utf-8")
    copied = publish.copy_figures(staged, tmp_path / "figures" / "new")
    assert [p.name for p in copied] == ["a_en.png", "b_en.svg"]
    assert (tmp_path / "figures" / "new" / "b_en.svg").read_text(encoding="utf-8") == "b_en.svg"


def test_manifests_list_reports_in_the_planned_order_and_the_main_folder_has_the_downloads(tmp_path, bundled):
    planned = plan_jobs(2026, langs=("zh", "en"), quarters=("Q3",), notebooks=("01_investment.ipynb",
                                                                             "05_quarterly_report.ipynb"))
    made: dict[str, list[dict]] = {}
    for job in reversed(planned):  # finished in another order than planned
        (tmp_path / job.folder).mkdir(exist_ok=True)
        made.setdefault(job.folder, []).append({
            "notebook": job.notebook, "quarter": job.parameters.get("quarter"), "lang": job.lang, "title": job.label,
            "name_zh": job.notebook, "name_en": job.notebook, "html": f"{job.lang}/x.html", "pdf": None})

    publish.write_manifests(tmp_path, bundled, planned, made)

    main = json.loads((tmp_path / "2026" / index.MANIFEST).read_text(encoding="utf-8"))
    quarter = json.loads((tmp_path / "2026-Q3" / index.MANIFEST).read_text(encoding="utf-8"))
    assert [r["lang"] for r in main["reports"]] == ["zh", "en"]
    assert f"downloads/{bundled.source.stem}.xlsx" in main["downloads"]
    assert all((tmp_path / "2026" / path).is_file() for path in main["downloads"])
    assert quarter["downloads"] == [] and [r["lang"] for r in quarter["reports"]] == ["zh", "en"]
