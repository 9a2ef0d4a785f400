"""``qpanalysis compare OLD NEW``: the comparison notebook run for each language, published as HTML, A4 PDF and tables.

The notebook runs with the runner's machinery (:func:`qpanalysis.reports.execute.run_one`:
papermill, the reader's page, HTML and typst PDF) into a staging folder; only when every
language succeeded does ``reports/compare/<old-stem>-vs-<new-stem>/`` replace the previous one.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from qpanalysis.codes import LANGS
from qpanalysis.config import REPORTS_DIR
from qpanalysis.display import messages as msg
from qpanalysis.reports import execute, index, stopping
from qpanalysis.reports.jobs import Job
from qpanalysis.reports.execute import ReportError
from qpanalysis.reports.kernels import KernelRegistry, kernel_arguments
from qpanalysis.reports.params import check_langs, input_file, input_folder, output_folder
from qpanalysis.reports.page import list_name, report_name

COMPARE_NOTEBOOK = "06_compare.ipynb"
# Where comparisons go under the reports folder, one folder per pair of lists.
COMPARE_FOLDER = "compare"
# What the command line says of a comparison's warnings (the report says it in its language).
WARNINGS = {
    "identical-files": "the two files are identical: nothing changed",
    "different-districts": "the two lists are of different districts",
    "new-is-older": "the new list's plan year is before the old list's: were they given the wrong way round?",
}
# The comparison's tables, beside its pages.
TABLES_FOLDER = "tables"


def folder_name(old: Path, new: Path) -> str:
    """The folder of one comparison: ``<old-stem>-vs-<new-stem>``.

    Example:
        >>> folder_name(Path("a/2026_list.txt"), Path("b/2027_list.xlsx"))
        '2026_list-vs-2027_list'
    """
    return f"{Path(old).stem}-vs-{Path(new).stem}"


def titles(comparison):
    """(heading, lang) → the page's title and source note, naming both lists."""
    from qpanalysis.display.findings.identity import source_note

    def make(heading: str, lang: str) -> tuple[str, str]:
        lists = msg.text("report.compare.lists", lang, old=list_name(comparison.old, lang),
                         new=list_name(comparison.new, lang))
        title = msg.text("report.page.title", lang, report=report_name(heading, lang), list=lists,
                         language=msg.text("report.language", lang))
        return title, f"{source_note(comparison.old, lang)}\n{source_note(comparison.new, lang)}"

    return make


def manifest(comparison, folder: str, entries: list[dict], downloads: list[str]) -> dict:
    """The comparison folder's manifest (:func:`qpanalysis.reports.index.manifest` of the new list), naming both
    lists: the index page of a later ``qpanalysis run`` lists the comparison and links its pages."""
    content = index.manifest(comparison.new, folder, entries, downloads)
    content["list"] = {lang: msg.text("report.compare.lists", lang, old=list_name(comparison.old, lang),
                                      new=list_name(comparison.new, lang)) for lang in LANGS}
    content["compared_with"] = {"sha256": comparison.old.sha256, "source_file": comparison.old.source.name}
    return content


def check_compare(old, new, mapping=None, reports_dir=None, langs=LANGS, reference=None) -> dict:
    """Check the arguments (paths read from the caller's folder) and compare the lists, before any notebook runs.

    Raises:
        ArgumentError: Naming the argument (OLD, NEW, --mapping, --reports-dir, --lang).
        TaskListError: For a list or mapping file that cannot be read, or the same file twice.
    """
    from qpanalysis.analysis.compare import compare

    old, new = input_file(old, "OLD"), input_file(new, "NEW")
    mapping = input_file(mapping, "--mapping")
    reference = input_folder(reference, "--reference")
    reports_dir = output_folder(REPORTS_DIR if reports_dir is None else reports_dir, "--reports-dir")
    langs = check_langs(langs)
    comparison = compare(old, new, mapping, reference=reference)  # fails fast: file, line and field
    return {"old": old, "new": new, "mapping": mapping, "reference": reference, "reports_dir": reports_dir,
            "langs": langs, "comparison": comparison}


def run_compare(old, new, mapping=None, reports_dir=None, langs=LANGS, reference=None, pdf: bool = True,
                show_progress: bool = True) -> Path:
    """Compare two lists and publish the pages (HTML, A4 PDF, executed notebook per language) and the tables.

    Writes ``<reports_dir>/compare/<old-stem>-vs-<new-stem>/{zh,en}/06_compare.{html,pdf,ipynb}``,
    its figures in ``figures/`` and ``tables/comparison.xlsx`` with ``tables/csv/<table>.csv``.
    Returns the comparison's folder.

    Raises:
        ArgumentError, TaskListError: As :func:`check_compare`, before anything is written.
        ReportError: Naming the failing notebook and cell; the previous comparison is kept.
    """
    import papermill

    from qpanalysis.export.compare import comparison_to_csv, comparison_to_excel

    checked = check_compare(old, new, mapping, reports_dir, langs, reference)
    c, reports_dir = checked["comparison"], checked["reports_dir"]
    name = folder_name(checked["old"], checked["new"])
    parameters = {"old": str(checked["old"]), "new": str(checked["new"]), "old_sha256": c.old.sha256,
                  "new_sha256": c.new.sha256, "mapping": _text(checked["mapping"]),
                  "reference": _text(checked["reference"])}
    jobs = [Job(COMPARE_NOTEBOOK, f"{COMPARE_FOLDER}/{name}", lang, {**parameters, "lang": lang})
            for lang in checked["langs"]]
    started = time.perf_counter()
    (reports_dir / COMPARE_FOLDER).mkdir(parents=True, exist_ok=True)
    staging = reports_dir / f".staging-{uuid.uuid4().hex}"
    figures = staging / COMPARE_FOLDER / name / "figures"
    figures.mkdir(parents=True)
    registry = KernelRegistry()
    stop = threading.Event()
    # The notebooks run in worker threads, as a run's do, so that Ctrl-C or SIGTERM reaches
    # the main thread at once: the kernels are stopped (stopping.stop_jobs), the staging folder
    # goes, the previous comparison stays (stopping.Interrupted, exit code 130 or 143).
    with stopping.stop_on_signals() as signals, _staged(staging):
        pool = ThreadPoolExecutor(max_workers=len(jobs))
        futures = {pool.submit(execute.run_one, papermill, job, staging, figures, kernel_arguments(staging), c.new,
                               pdf, registry.manager_class(execute.KERNEL_MANAGER), stop, titles(c)): job
                   for job in jobs}
        try:
            wait(futures)
        except BaseException:
            stopping.stop_jobs(futures, registry, stop, pool)
            raise
        pool.shutdown()
        failures = [str(f.exception()) for f in futures if f.exception() is not None]
        if failures:
            raise ReportError("the comparison failed; the previous one is unchanged:\n  " + "\n  ".join(failures))
        entries = [f.result() for f in futures]
        out = staging / COMPARE_FOLDER / name
        written = [comparison_to_excel(c, out / TABLES_FOLDER / "comparison.xlsx"),
                   *comparison_to_csv(c, out / TABLES_FOLDER / "csv")]
        index.write_manifest(out / index.MANIFEST, manifest(c, f"{COMPARE_FOLDER}/{name}", entries,
                                                              [written[0].relative_to(out).as_posix()]))
        target = reports_dir / COMPARE_FOLDER / name
        previous = reports_dir / COMPARE_FOLDER / f".old-{uuid.uuid4().hex}"
        with signals.publishing_section():
            if target.exists():
                target.rename(previous)
            (staging / COMPARE_FOLDER / name).rename(target)
            shutil.rmtree(previous, ignore_errors=True)
    for warning in c.warnings:
        print(f"warning: {WARNINGS[warning]}", file=sys.stderr)
    if show_progress:
        print(f"compared {c.old.source.name} and {c.new.source.name}: {c.matched['old_id'].nunique()} matched, "
              f"{len(c.dropped)} dropped, {len(c.added)} added, {c.changed['old_id'].nunique()} changed, "
              f"{len(c.ambiguous)} ambiguous ({', '.join(checked['langs'])}, {time.perf_counter() - started:.1f} s)\n"
              f"reports: {target}")
    return target


@contextlib.contextmanager
def _staged(staging: Path):
    """Remove the staging folder at the end, whatever happened (its finished comparison was moved out)."""
    try:
        yield
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _text(path: Path | None) -> str | None:
    return None if path is None else str(path)
