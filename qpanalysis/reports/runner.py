"""Run the report notebooks with papermill, in parallel, and publish them (HTML, A4 PDF, index) only when all succeed.

The steps have modules of their own: the plan (:mod:`qpanalysis.reports.jobs`), one
notebook's execution and pages (:mod:`qpanalysis.reports.execute`), publishing from the
staging folder (:mod:`qpanalysis.reports.publish`) and stopping on a signal
(:mod:`qpanalysis.reports.stopping`); this module checks a run's arguments and runs the
notebooks on a pool of workers. The names a caller of a run needs (its jobs, its errors)
are importable from here too.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from qpanalysis.codes import LANGS, PERIODS as QUARTERS
from qpanalysis.config import FIGURES_DIR, REPORTS_DIR
from qpanalysis.reports import execute, index, publish
from qpanalysis.reports.execute import ReportError, run_one
from qpanalysis.reports.jobs import ANALYSIS_NOTEBOOKS, HTML_ONLY, QUARTERLY_NOTEBOOK, Inputs, Job, plan_jobs
from qpanalysis.reports.kernels import KernelRegistry, kernel_arguments
from qpanalysis.reports.params import (
    ArgumentError, check_as_of, check_figure_options, check_folder_name, check_langs, check_workers, input_file,
    input_file_or_folder, input_folder, output_folder,
)
from qpanalysis.reports.stopping import INTERRUPTED, Interrupted, stop_jobs, stop_on_signals

# Kernels wait on I/O and on each other's start-up, not on Python in this process, so
# threads are enough; one per core keeps the kernels from fighting over CPUs.
DEFAULT_WORKERS = max(1, os.cpu_count() or 1)
# The staging folder's folder of figures (a run's own folder: never published).
FIGURES_STAGING = "_figures"


def run_summary(jobs, seconds: float, published, figures_dir, figures: int, workers: int, index_page=None) -> str:
    """What a successful run prints under its progress bar: what ran, how long, where the results are.

    Example:
        >>> jobs = plan_jobs(2026, quarter="Q3")
        >>> print(run_summary(jobs, 12.345, [Path("reports/2026-Q3")], Path("figures"), 9, 2, Path("reports/index.html")))
        2 notebooks (zh, en) ran in 12.3 s, 2 at a time.
        reports: reports/2026-Q3
        figures: 9 files in figures
        index: reports/index.html
    """
    langs = ", ".join(dict.fromkeys(job.lang for job in jobs))
    lines = [
        f"{_count(len(jobs), 'notebook')} ({langs}) ran in {seconds:.1f} s, {min(workers, len(jobs))} at a time.",
        f"reports: {', '.join(str(p) for p in published)}",
        f"figures: {_count(figures, 'file')} in {figures_dir}",
    ]
    if index_page is not None:
        lines.append(f"index: {index_page}")
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def check_run(
    langs=LANGS,
    quarter: str | None = None,
    progress: str | None = None,
    as_of=None,
    source: str | None = None,
    output: str | Path | None = None,
    reports_dir: str | Path | None = None,
    run_name: str | None = None,
    workers: int = DEFAULT_WORKERS,
    quarters=None,
    reference: str | Path | None = None,
    figure_width: str | None = None,
    titles: bool = True,
    svg_text: bool = False,
    pdf_truetype: bool = False,
) -> dict:
    """Check a run's arguments, load its list and read its progress file, before any notebook runs or file is written.

    Paths are made absolute against the caller's current folder (the notebooks run in
    their own folder and get them absolute). Returns the checked arguments, with the
    loaded list as ``tl``.

    Raises:
        ArgumentError: Naming the option (``--source``, ``--as-of``…) and what is wrong.
        TaskListError: For a list or progress file that cannot be read: file, line and field.

    Example:
        >>> checked = check_run(langs=("en",), as_of="2026-09-30", quarter="Q3")
        >>> checked["langs"], checked["as_of"], checked["source"].is_absolute()
        (('en',), '2026-09-30', True)
        >>> check_run(as_of="2027-09-30")
        Traceback (most recent call last):
        ...
        qpanalysis.reports.params.ArgumentError: --as-of: 2027-09-30 is outside the list's plan year 2026; give a date in 2026
    """
    from qpanalysis.analysis.quarterly import PROGRESS_SUFFIXES
    from qpanalysis.config import BUNDLED_LIST
    from qpanalysis.errors import TaskListError
    from qpanalysis.ingest.progress import progress_files, read_progress
    from qpanalysis.ingest.tasklist import load

    source = input_file(source, "--source") or input_file(BUNDLED_LIST, "--source")
    reference = input_folder(reference, "--reference")
    progress = input_file_or_folder(progress, "--progress")  # a file, or a folder of department files
    if progress is not None and progress.is_dir():
        try:
            progress_files(progress)
        except TaskListError as exc:
            raise ArgumentError("--progress", f"{progress} {exc.reason}") from None
    elif progress is not None and progress.suffix.lower() not in PROGRESS_SUFFIXES:
        raise ArgumentError("--progress", f"{progress} is not a progress file ({', '.join(PROGRESS_SUFFIXES)}); "
                                          "make one with: qpanalysis progress-template")
    reports_dir = output_folder(REPORTS_DIR if reports_dir is None else reports_dir, "--reports-dir")
    figures_dir = output_folder(FIGURES_DIR if output is None else output, "--output")
    if quarter is not None and quarter not in QUARTERS:
        raise ArgumentError("--quarter", f"must be one of {', '.join(QUARTERS)}, not {quarter!r}")
    unknown = [q for q in quarters or () if q not in QUARTERS]
    if unknown:
        raise ArgumentError("quarters", f"must be among {QUARTERS}, not {unknown}")
    langs = check_langs(langs)
    workers = check_workers(workers)
    run_name = check_folder_name(run_name)
    try:
        check_figure_options(figure_width or "page", titles, svg_text, pdf_truetype, prefix="--")
    except ValueError as exc:
        option, _, reason = str(exc).partition(": ")
        raise ArgumentError(option, reason) from None
    figure = tuple((key, value) for key, value, default in (
        ("figure_width", figure_width, None), ("figure_titles", titles, True), ("svg_text", svg_text, False),
        ("pdf_truetype", pdf_truetype, False)) if value != default)
    tl = load(source, reference=reference)  # fails fast, with file, line and field, on a bad list
    when = check_as_of(as_of, tl.plan_year)
    if progress is not None:
        read_progress(progress, tl)  # the same reader and checks as the quarterly report's
    return {
        "tl": tl, "langs": langs, "quarter": quarter, "progress": progress,
        "as_of": when.isoformat() if when else None, "source": source, "reference": reference,
        "reports_dir": reports_dir, "figures_dir": figures_dir, "run_name": run_name, "workers": workers,
        "quarters": quarters, "figure": figure,
    }


def run(*, show_progress: bool = True, notebooks=None, pdf: bool = True, **arguments) -> list[Path]:
    """Execute the report notebooks and publish executed notebooks, code-free HTML, A4 PDFs and the index.

    Args:
        show_progress: Show a progress bar, then a summary of the run.
        notebooks: Run only these notebook file names (see :func:`plan_jobs`).
        pdf: Write the A4 PDFs (False: HTML only).
        **arguments: The run's options, by name, as :func:`check_run` takes them: ``langs``,
            ``quarter``, ``progress``, ``as_of``, ``source``, ``output`` (figures),
            ``reports_dir``, ``run_name``, ``workers``, ``quarters``, ``reference``.

    Every option is checked first (:func:`check_run`): relative paths are read from the
    caller's current folder, the list is loaded and the progress file read; each notebook
    is given the list's absolute path and sha256, and refuses a list with another one.

    Everything is written to a staging folder first. Only when every notebook has
    succeeded are the report folders moved into ``reports/`` and the figures copied to
    ``output`` (default ``figures/``); a failed run leaves the previous reports intact.
    ``quarters`` are the quarterly reports a run without ``quarter`` makes (default every
    period); ``reference`` is a folder of the user's reference tables (as for
    :func:`qpanalysis.load`).

    Each report's title and first heading name the report, the list and the language; the
    run's main folder (the analysis folder, else the quarter's) gets the list's tables as
    xlsx and CSV in ``downloads/``; each folder gets a manifest, and ``reports/`` the index
    page(s) and the caveats page (:mod:`qpanalysis.reports.index`).

    Ctrl-C or SIGTERM (when run in the main thread) stops the run within seconds: the
    notebooks not started are cancelled, the kernels stopped, the staging folder removed,
    and :class:`Interrupted` is raised; the previous reports are unchanged.

    Raises:
        ArgumentError: For a bad argument, naming its option.
        TaskListError: For a list or progress file that cannot be read.
        ReportError: Naming each failing notebook, its failing cell and the error.
        Interrupted: When stopped by SIGINT or SIGTERM.
    """
    with stop_on_signals() as signals:
        return _run(signals, check_run(**arguments), notebooks, pdf, show_progress)


def _run(signals, checked: dict, notebooks, pdf: bool, show_progress: bool) -> list[Path]:
    tl, langs, workers = checked["tl"], checked["langs"], checked["workers"]
    reports_dir, figures_dir = checked["reports_dir"], checked["figures_dir"]

    import papermill  # imported once per run: it costs about 1.4 s
    from tqdm.auto import tqdm

    # The index's sentences, made before any notebook runs: a list they cannot describe
    # fails in a second, not after every notebook.
    findings = index.checked_findings(tl, langs, checked["quarter"])
    inputs = Inputs(_text(checked["source"]), tl.sha256, _text(checked["reference"]), _text(checked["progress"]),
                    checked["as_of"], checked["figure"])
    if dict(checked["figure"]).get("pdf_truetype"):
        from qpanalysis.charts.fonts import truetype_copies

        truetype_copies()  # made once here (a minute or two the first time), not by every notebook at once
    jobs = plan_jobs(tl.plan_year, langs, checked["quarter"], quarters=checked["quarters"], notebooks=notebooks,
                     run_name=checked["run_name"], inputs=inputs)
    reports_dir.mkdir(parents=True, exist_ok=True)
    staging = reports_dir / f".staging-{uuid.uuid4().hex}"
    figures_staging = staging / FIGURES_STAGING
    figures_staging.mkdir(parents=True)
    kernel_args = kernel_arguments(staging)  # a file at the staging root: never published
    failures: list[str] = []
    made: dict[str, list[dict]] = {}
    started = time.perf_counter()
    registry = KernelRegistry()
    kernel_manager = registry.manager_class(execute.KERNEL_MANAGER)
    stop = threading.Event()
    futures: dict = {}
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        try:
            for job in jobs:
                futures[pool.submit(run_one, papermill, job, staging, figures_staging, kernel_args, tl, pdf,
                                    kernel_manager, stop)] = job
            with tqdm(total=len(jobs), desc="notebooks", unit="nb", disable=not show_progress) as bar:
                for future in as_completed(futures):
                    job = futures[future]
                    bar.set_postfix_str(job.label, refresh=False)
                    try:
                        made.setdefault(job.folder, []).append(future.result())
                    except ReportError as exc:
                        failures.append(str(exc))
                    bar.update()
        except BaseException:
            stop_jobs(futures, registry, stop, pool)
            raise
        pool.shutdown()
        if failures:
            raise ReportError(
                f"{len(failures)} of {len(jobs)} notebooks failed; the previous reports are unchanged:\n  "
                + "\n  ".join(sorted(failures))
            )
        publish.write_manifests(staging, tl, jobs, made)
        with signals.publishing_section():
            figures = publish.copy_figures(figures_staging, figures_dir)
            published = publish.move_reports(staging, reports_dir)
            publish.copy_list(reports_dir, tl)
            pages = index.write_index(reports_dir, tl, langs, findings)
    finally:
        signals.stopping = True  # a signal now would cut the clean-up short: it is ignored
        shutil.rmtree(staging, ignore_errors=True)
    if show_progress:
        print(run_summary(jobs, time.perf_counter() - started, published, figures_dir, len(figures), workers, pages[0]))
    return published


def _text(path: Path | None) -> str | None:
    """A path as a notebook parameter (papermill passes text)."""
    return None if path is None else str(path)


__all__ = ["run", "check_run", "run_summary", "DEFAULT_WORKERS", "ReportError", "Interrupted", "INTERRUPTED", "Job",
           "plan_jobs", "ANALYSIS_NOTEBOOKS", "QUARTERLY_NOTEBOOK", "HTML_ONLY"]
