"""From a run's staging folder to the published reports, once every notebook succeeded: manifests, downloads, report folders, figures, linked files.

A run writes everything under ``reports/.staging-<id>/``: one folder per report folder
(``2026``, ``2026-Q3``…) and the run's own folders, whose names start with ``_`` (the
figures, images for the PDFs), which are never published.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from qpanalysis.reports import index

# The first character of the staging folder's own folders: never published.
RUN_OWN = "_"


def link_root(final_folder: Path) -> Path:
    """The folder the reports' links to docs/ and data/ lead to: the checkout, or (installed,
    no checkout) the reports folder, where :func:`copy_linked_files` puts the linked files."""
    from qpanalysis.config import PROJECT_ROOT

    return PROJECT_ROOT or final_folder.parents[1]


def downloads(tl, folder: Path) -> list[str]:
    """Write the list's tables as xlsx and CSV into ``folder``/downloads; return their paths in ``folder``."""
    from qpanalysis.export.tables import to_csv, to_excel

    out = folder / index.DOWNLOADS
    workbook = to_excel(tl, out / f"{tl.source.stem}.xlsx")
    tables = to_csv(tl, out / "csv")
    return [p.relative_to(folder).as_posix() for p in [workbook, *tables]]


def write_manifests(staging: Path, tl, jobs, made: dict[str, list[dict]]) -> None:
    """Write each report folder's manifest, its reports in the order planned; the run's main
    folder (the first planned: the analysis folder, else the quarter's) gets the downloads too."""
    order = {job.label: position for position, job in enumerate(jobs)}
    folders = list(dict.fromkeys(job.folder for job in jobs))
    for folder in folders:
        entries = sorted(made.get(folder, []), key=lambda e: order[f"{folder}/{e['lang']}/{e['notebook']}"])
        files = downloads(tl, staging / folder) if folder == folders[0] else []
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


def copy_linked_files(reports_dir: Path) -> None:
    """Installed (no checkout), copy the files the reports link to into ``reports_dir``."""
    from qpanalysis.config import PROJECT_ROOT, REPORT_LINKED_FILES, SHIPPED_ROOT

    if PROJECT_ROOT is not None:
        return
    for path in REPORT_LINKED_FILES:
        target = reports_dir / path.relative_to(SHIPPED_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


__all__ = ["link_root", "downloads", "write_manifests", "copy_figures", "move_reports", "copy_linked_files"]
