"""From a run's staging folder to the published reports, once every notebook succeeded: manifests, downloads, report folders, figures, linked files.

A run writes everything under ``reports/.staging-<id>/``: one folder per report folder
(``2026``, ``2026-Q3``…) and the run's own folders, whose names start with ``_`` (the
figures, images for the PDFs), which are never published.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from qpanalysis.codes import LANGS
from qpanalysis.reports import index
from qpanalysis.reports.links import list_copy

# The first character of the staging folder's own folders: never published.
RUN_OWN = "_"


def link_root(final_folder: Path) -> Path:
    """The folder the reports' links to docs/ and data/ lead to: the checkout, or (installed,
    no checkout) the reports folder, where :func:`copy_linked_files` puts the linked files."""
    from qpanalysis.config import PROJECT_ROOT

    return PROJECT_ROOT or final_folder.parents[1]


def downloads(tl, folder: Path, langs=LANGS) -> list[str]:
    """Write the list's tables as xlsx and CSV, and Table 1 for a paper (xlsx, docx, LaTeX per language),
    into ``folder``/downloads; return their paths in ``folder``."""
    from qpanalysis.export.tables import to_csv, to_excel

    from qpanalysis.reports.table1 import write_table1

    out = folder / index.DOWNLOADS
    workbook = to_excel(tl, out / f"{tl.source.stem}.xlsx")
    tables = to_csv(tl, out / "csv")
    table1 = write_table1(tl, out / "table1", langs)
    return [p.relative_to(folder).as_posix() for p in [workbook, *tables, *table1]]


def write_manifests(staging: Path, tl, jobs, made: dict[str, list[dict]]) -> None:
    """Write each report folder's manifest, its reports in the order planned; the run's main
    folder (the first planned: the analysis folder, else the quarter's) gets the downloads too."""
    order = {job.label: position for position, job in enumerate(jobs)}
    folders = list(dict.fromkeys(job.folder for job in jobs))
    for folder in folders:
        entries = sorted(made.get(folder, []), key=lambda e: order[f"{folder}/{e['lang']}/{e['notebook']}"])
        files = downloads(tl, staging / folder, tuple(dict.fromkeys(job.lang for job in jobs))) if folder == folders[0] else []
        index.write_manifest(staging / folder / index.MANIFEST, index.manifest(tl, folder, entries, files))


def copy_figures(figures_staging: Path, figures_dir: Path) -> list[Path]:
    """Copy the run's figures into ``figures_dir``; return the files copied (their staged paths)."""
    figures_dir.mkdir(parents=True, exist_ok=True)
    figures = sorted(figures_staging.iterdir())
    for path in figures:
        shutil.copy2(path, figures_dir / path.name)
    return figures


def move_reports(staging: Path, reports_dir: Path) -> list[Path]:
    """Move each finished report folder into place, replacing the old one only now."""
    published = []
    for folder in sorted(p for p in staging.iterdir() if p.is_dir() and not p.name.startswith(RUN_OWN)):
        target = reports_dir / folder.name
        old = reports_dir / f".old-{uuid.uuid4().hex}"
        if target.exists():
            target.rename(old)
        folder.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        published.append(target)
    return published


def copy_list(reports_dir: Path, tl) -> Path:
    """Copy the list the reports were made from into the reports folder, where their links to
    its lines lead (:func:`qpanalysis.reports.links.list_copy`), so that the folder travels whole."""
    target = Path(reports_dir) / list_copy(tl.sha256, Path(tl.source).name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(tl.source, target)
    return target


__all__ = ["link_root", "downloads", "write_manifests", "copy_figures", "move_reports", "copy_list"]
