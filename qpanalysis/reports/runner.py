"""Run the report notebooks with papermill, in parallel, and publish them (HTML, A4 PDF, index) only when all succeed."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path

from qpanalysis.codes import LANGS, PERIODS as QUARTERS
from qpanalysis.config import FIGURES_DIR, NOTEBOOKS_DIR, REPORTS_DIR
from qpanalysis.reports import index
from qpanalysis.reports.kernels import KernelRegistry, QuietKernelManager, kernel_arguments
from qpanalysis.reports.links import rewrite_notebook, safe_links
from qpanalysis.reports.params import (
    ArgumentError, check_as_of, check_folder_name, check_langs, check_workers, input_file, input_file_or_folder,
    input_folder, output_folder,
)
from qpanalysis.reports.page import first_heading, for_reader, page_title, report_name

# The analysis notebooks, run for every language on every run.
ANALYSIS_NOTEBOOKS = (
    "00_explore.ipynb",
    "01_investment.ipynb",
    "02_department_workload.ipynb",
    "03_town_coverage.ipynb",
    "04_data_quality.ipynb",
)
QUARTERLY_NOTEBOOK = "05_quarterly_report.ipynb"
# Reports written as HTML only. The explorer is a page to use (search, sort, unfold a
# task's card), not to print; its cards are in the xlsx and CSV downloads too.
HTML_ONLY = ("00_explore.ipynb",)
# The quarterly report's PDF is its brief (at most four pages), the others' the whole report.
BRIEF_NOTEBOOKS = (QUARTERLY_NOTEBOOK,)
# Kernels wait on I/O and on each other's start-up, not on Python in this process, so
# threads are enough; one per core keeps the kernels from fighting over CPUs.
DEFAULT_WORKERS = max(1, os.cpu_count() or 1)
KERNEL_NAME = "python3"
# The kernel manager of every run: jupyter_client's, without the SIGINT at shutdown that made
# kernels log "KeyboardInterrupt caught in kernel" (see qpanalysis.reports.kernels).
KERNEL_MANAGER = QuietKernelManager
# A kernel that dies before answering its first request lost the race for a port to
# another process starting at the same moment (on a busy machine); no cell has run, so the
# notebook is started again, up to this many times in all.
KERNEL_START_ATTEMPTS = 3
KERNEL_DID_NOT_START = "Kernel died before replying to kernel_info"
# nbconvert's lab template points <script> tags at a CDN for require.js and MathJax; the
# reports must open offline, and they use neither, so the URLs are blanked and the empty
# tags removed.
EMPTY_SCRIPT_TAG = re.compile(r'<script src="">\s*</script>\s*')
# The signals that stop a run cleanly: Ctrl-C, and what a service manager or `kill` sends.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# A stopped run asks its kernels to end (SIGTERM) and kills those still there after this
# many seconds; it waits at most STOP_WAIT seconds for its notebooks' threads before it
# removes the staging folder. A kernel's death is seen by nbclient within a second.
KERNEL_GRACE = 3.0
STOP_WAIT = 15.0
# What an interrupted run says: nothing was published.
INTERRUPTED = "interrupted; previous reports unchanged"
# The logger nbclient reports through when papermill runs it ("Kernel died while waiting
# for execute reply."): silent while a stopped run ends its kernels on purpose.
PAPERMILL_LOGGER = "papermill"


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, with which parameters, written where."""

    notebook: str
    folder: str  # the report folder under reports/, e.g. "2026" or "2026-Q3"
    lang: str
    parameters: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.folder}/{self.lang}/{self.notebook}"


class ReportError(RuntimeError):
    """A notebook failed; the message names the notebook, the cell and the error."""


class Interrupted(KeyboardInterrupt):
    """A run stopped by a signal (Ctrl-C, SIGTERM) before it published anything.

    Example:
        >>> exc = Interrupted(signal.SIGTERM)
        >>> str(exc), exc.exit_code
        ('interrupted; previous reports unchanged', 143)
    """

    def __init__(self, signum: int = signal.SIGINT) -> None:
        self.signum = signum
        super().__init__(INTERRUPTED)

    @property
    def exit_code(self) -> int:
        """The shell's code for a process ended by the signal: 128 + its number (130 for Ctrl-C)."""
        return 128 + int(self.signum)


class _Signals:
    """The run's handler of STOP_SIGNALS: raise Interrupted in the main thread, except while publishing."""

    def __init__(self) -> None:
        self.stopping = False  # set once Interrupted was raised: the clean-up is not interrupted
        self.publishing = False  # moving finished reports into place: finish first
        self.pending: int | None = None

    def __call__(self, signum, frame) -> None:
        if self.stopping:
            return
        if self.publishing:
            self.pending = signum
            return
        self.stopping = True
        raise Interrupted(signum)

    @contextlib.contextmanager
    def publishing_section(self):
        """Publishing (renames, the index) takes well under a second: a signal then lets it finish."""
        self.publishing = True
        try:
            yield
        finally:
            self.publishing = False
        if self.pending is not None:
            print(f"signal {signal.Signals(self.pending).name} arrived while publishing; the run was completed first",
                  file=sys.stderr)


@contextlib.contextmanager
def _stop_on_signals():
    """Install the run's handler of STOP_SIGNALS (main thread only), and restore the previous ones after."""
    handler = _Signals()
    if threading.current_thread() is not threading.main_thread():
        yield handler  # signals reach the main thread only; its own handlers stay
        return
    previous = {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}
    try:
        yield handler
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def plan_jobs(
    plan_year: int,
    langs=LANGS,
    quarter: str | None = None,
    progress: str | None = None,
    as_of: str | None = None,
    source: str | None = None,
    run_name: str | None = None,
    notebooks=None,
    quarters=None,
    source_sha256: str | None = None,
    reference: str | None = None,
) -> list[Job]:
    """The notebooks a run executes.

    Without ``quarter``: every analysis notebook, and the quarterly report for each of
    ``quarters`` (default every period: H1, Q3 and Q4). With ``quarter``: only that quarter's report.
    ``notebooks``, when given, keeps only the jobs of those notebook file names (e.g. for
    the benchmark). Every notebook is given ``source``, ``source_sha256`` and ``reference``.

    Example:
        >>> [j.label for j in plan_jobs(2026, langs=("zh",), quarter="Q3")]
        ['2026-Q3/zh/05_quarterly_report.ipynb']
        >>> len(plan_jobs(2026))
        16
    """
    common = {"source": source, "source_sha256": source_sha256, "reference": reference}
    jobs: list[Job] = []
    quarters = (quarter,) if quarter else tuple(QUARTERS if quarters is None else quarters)
    for lang in langs:
        if quarter is None:
            for notebook in ANALYSIS_NOTEBOOKS:
                jobs.append(Job(notebook, run_name or str(plan_year), lang, {**common, "lang": lang}))
        for q in quarters:
            params = {**common, "lang": lang, "quarter": q, "progress": progress, "as_of": as_of}
            jobs.append(Job(QUARTERLY_NOTEBOOK, f"{plan_year}-{q}", lang, params))
    if notebooks is not None:
        jobs = [job for job in jobs if job.notebook in set(notebooks)]
    return jobs


def _source_cell_index(executed: Path, index):
    """Count the failing cell as in the source notebook, not the executed one.

    papermill inserts an ``injected-parameters`` cell into the executed notebook; a cell
    after it is one further down there than in the notebook its author opens. (The
    error-marker cells papermill adds on failure come after ``cell_index`` was taken.)
    """
    if not isinstance(index, int):
        return index
    import nbformat

    try:
        cells = nbformat.read(executed, as_version=4).cells
    except Exception:  # no executed notebook was written: keep papermill's count
        return index
    cells = [c for c in cells if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    for position, cell in enumerate(cells):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            return index - 1 if position < index else index
    return index


def _failure_message(job: Job, exc: Exception, cell_index=None) -> str:
    cell = getattr(exc, "exec_count", None)
    index = getattr(exc, "cell_index", None) if cell_index is None else cell_index
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    where = f"cell {index + 1}" if isinstance(index, int) else "before any cell ran"
    if cell is not None:
        where += f" (execution count {cell})"
    return f"{job.label} failed at {where}: {ename}: {evalue}"


def _link_root(final_folder: Path) -> Path:
    """The folder the reports' links to docs/ and data/ lead to: the checkout, or (installed,
    no checkout) the reports folder, where _copy_linked_files puts the linked files."""
    from qpanalysis.config import PROJECT_ROOT

    return PROJECT_ROOT or final_folder.parents[1]


def _html(page, target: Path) -> Path:
    """Write a reader's notebook (:func:`qpanalysis.reports.page.for_reader`) as code-free HTML."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", exclude_input=True, exclude_input_prompt=True,
        exclude_output_prompt=True, mathjax_url="", require_js_url="",
    )
    body, _ = exporter.from_notebook_node(page)
    target.write_text(safe_links(EMPTY_SCRIPT_TAG.sub("", body)), encoding="utf-8")  # no javascript: link
    return target


def _check_not_stopped(stop: threading.Event | None, job: Job) -> None:
    if stop is not None and stop.is_set():
        raise ReportError(f"{job.label}: the run was stopped")


def _run_one(papermill, job: Job, staging: Path, figures_out: Path, kernel_args: list[str], tl,
             pdf: bool = True, kernel_manager=None, stop: threading.Event | None = None) -> dict:
    """Execute one notebook, then write its reader's HTML (and PDF); return its manifest entry.

    ``kernel_manager`` is the kernel manager class (default KERNEL_MANAGER); once ``stop``
    is set, the job does nothing more (the run was interrupted).
    """
    import nbformat

    _check_not_stopped(stop, job)
    folder = staging / job.folder / job.lang
    folder.mkdir(parents=True, exist_ok=True)
    executed = folder / job.notebook
    parameters = {k: v for k, v in job.parameters.items() if v is not None}
    parameters["output_dir"] = str(figures_out)
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            papermill.execute_notebook(
                str(NOTEBOOKS_DIR / job.notebook), str(executed), parameters=parameters,
                kernel_name=KERNEL_NAME, cwd=str(NOTEBOOKS_DIR), progress_bar=False,
                log_output=False, request_save_on_cell_execute=False,
                kernel_manager_class=kernel_manager or KERNEL_MANAGER, extra_arguments=kernel_args,
            )
            break
        except Exception as exc:  # papermill raises its own error type for a failing cell
            _check_not_stopped(stop, job)
            if attempt < KERNEL_START_ATTEMPTS and KERNEL_DID_NOT_START in str(exc):
                continue
            index_ = _source_cell_index(executed, getattr(exc, "cell_index", None))
            raise ReportError(_failure_message(job, exc, index_)) from exc
    # Links from notebooks/ (../docs/…) are made to resolve from the folder the report is
    # published in, in the executed notebook as in its HTML.
    _check_not_stopped(stop, job)
    final_folder = staging.parent / job.folder / job.lang
    nb = rewrite_notebook(nbformat.read(executed, as_version=4), final_folder, _link_root(final_folder))
    heading = first_heading(nb) or Path(job.notebook).stem
    quarter = job.parameters.get("quarter")
    title = page_title(tl, heading, job.lang, quarter)
    nb.metadata["title"] = title
    nbformat.write(nb, executed)
    page = for_reader(nb, job.lang, title)
    html = _html(page, executed.with_suffix(".html"))
    pdf_path = None
    if pdf and job.notebook not in HTML_ONLY:
        from qpanalysis.display.findings.identity import source_note
        from qpanalysis.reports.pdf import write_pdf

        pdf_path = executed.with_suffix(".pdf")
        _check_not_stopped(stop, job)
        try:
            write_pdf(page, pdf_path, lang=job.lang, title=title, source_note=source_note(tl, job.lang),
                      figures=figures_out, root=staging, brief=job.notebook in BRIEF_NOTEBOOKS)
        except RuntimeError as exc:
            raise ReportError(f"{job.label}: {exc}") from exc
    return {
        "notebook": job.notebook, "quarter": quarter, "lang": job.lang, "title": title,
        **{f"name_{lang}": report_name(heading, lang, quarter) for lang in LANGS},
        "html": html.relative_to(folder.parent).as_posix(),
        "pdf": pdf_path.relative_to(folder.parent).as_posix() if pdf_path else None,
    }


def _downloads(tl, folder: Path) -> list[str]:
    """Write the list's tables as xlsx and CSV into ``folder``/downloads; return their paths in ``folder``."""
    from qpanalysis.export.tables import to_csv, to_excel

    out = folder / index.DOWNLOADS
    workbook = to_excel(tl, out / f"{tl.source.stem}.xlsx")
    tables = to_csv(tl, out / "csv")
    return [p.relative_to(folder).as_posix() for p in [workbook, *tables]]


def _copy_linked_files(reports_dir: Path) -> None:
    """Installed (no checkout), copy the files the reports link to into ``reports_dir``."""
    from qpanalysis.config import PROJECT_ROOT, REPORT_LINKED_FILES, SHIPPED_ROOT

    if PROJECT_ROOT is not None:
        return
    for path in REPORT_LINKED_FILES:
        target = reports_dir / path.relative_to(SHIPPED_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


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


def _publish(staging: Path, reports_dir: Path) -> list[Path]:
    """Move each finished report folder into place, replacing the old one only now."""
    published = []
    # Folders starting with "_" are the run's own (figures, images for the PDFs): never published.
    for folder in sorted(p for p in staging.iterdir() if p.is_dir() and not p.name.startswith("_")):
        target = reports_dir / folder.name
        old = reports_dir / f".old-{uuid.uuid4().hex}"
        if target.exists():
            target.rename(old)
        folder.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        published.append(target)
    return published


def _stop_jobs(futures, registry: KernelRegistry, stop: threading.Event, pool: ThreadPoolExecutor) -> None:
    """Stop an interrupted run's notebooks: cancel those not started, end the kernels, wait for the threads.

    The kernels are sent SIGTERM, and SIGKILL after KERNEL_GRACE seconds; a notebook whose
    kernel died fails within a second, and its thread ends. After STOP_WAIT seconds the
    run stops waiting (a thread still writing only writes into the staging folder).
    """
    stop.set()
    pool.shutdown(wait=False, cancel_futures=True)
    started = time.monotonic()
    logger = logging.getLogger(PAPERMILL_LOGGER)
    silence = logging.Filter(name="\0")  # a name no logger has: drops every record
    logger.addFilter(silence)
    try:
        registry.stop(signal.SIGTERM)
        killed = False
        while True:
            running = [f for f in futures if not f.done()]
            elapsed = time.monotonic() - started
            if not running or elapsed > STOP_WAIT:
                return
            if not killed and elapsed > KERNEL_GRACE:
                registry.stop(signal.SIGKILL)
                killed = True
            wait(running, timeout=0.2)
    finally:
        logger.removeFilter(silence)


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
    tl = load(source, reference=reference)  # fails fast, with file, line and field, on a bad list
    when = check_as_of(as_of, tl.plan_year)
    if progress is not None:
        read_progress(progress, tl)  # the same reader and checks as the quarterly report's
    return {
        "tl": tl, "langs": langs, "quarter": quarter, "progress": progress,
        "as_of": when.isoformat() if when else None, "source": source, "reference": reference,
        "reports_dir": reports_dir, "figures_dir": figures_dir, "run_name": run_name, "workers": workers,
        "quarters": quarters,
    }


def run(
    langs=LANGS,
    quarter: str | None = None,
    progress: str | None = None,
    as_of: str | None = None,
    source: str | None = None,
    output: str | Path | None = None,
    reports_dir: str | Path | None = None,
    run_name: str | None = None,
    workers: int = DEFAULT_WORKERS,
    show_progress: bool = True,
    notebooks=None,
    pdf: bool = True,
    quarters=None,
    reference: str | Path | None = None,
) -> list[Path]:
    """Execute the report notebooks and publish executed notebooks, code-free HTML, A4 PDFs and the index.

    Every argument is checked first (:func:`check_run`): relative paths are read from the
    caller's current folder, the list is loaded and the progress file read; each notebook
    is given the list's absolute path and sha256, and refuses a list with another one.

    Everything is written to a staging folder first. Only when every notebook has
    succeeded are the report folders moved into ``reports/`` and the figures copied to
    ``output`` (default ``figures/``); a failed run leaves the previous reports intact.
    ``notebooks`` restricts the run to those notebook file names (see ``plan_jobs``);
    ``pdf=False`` skips the PDFs; ``quarters`` are the quarterly reports a run without
    ``quarter`` makes (default every period); ``reference`` is a folder of the user's
    reference tables (as for :func:`qpanalysis.load`).

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
    with _stop_on_signals() as signals:
        return _run(signals, langs, quarter, progress, as_of, source, output, reports_dir, run_name, workers,
                    show_progress, notebooks, pdf, quarters, reference)


def _run(signals, langs, quarter, progress, as_of, source, output, reports_dir, run_name, workers,
         show_progress, notebooks, pdf, quarters, reference) -> list[Path]:
    checked = check_run(langs, quarter, progress, as_of, source, output, reports_dir, run_name, workers, quarters,
                        reference)
    tl, langs, workers = checked["tl"], checked["langs"], checked["workers"]
    reports_dir, figures_dir = checked["reports_dir"], checked["figures_dir"]

    import papermill  # imported once per run: it costs about 1.4 s
    from tqdm.auto import tqdm

    # The index's sentences, made before any notebook runs: a list they cannot describe
    # fails in a second, not after every notebook.
    findings = index.checked_findings(tl, langs, quarter)
    jobs = plan_jobs(
        tl.plan_year, langs, quarter, _text(checked["progress"]), checked["as_of"], _text(checked["source"]),
        checked["run_name"], notebooks, quarters, source_sha256=tl.sha256, reference=_text(checked["reference"]),
    )
    reports_dir.mkdir(parents=True, exist_ok=True)
    staging = reports_dir / f".staging-{uuid.uuid4().hex}"
    figures_staging = staging / "_figures"
    figures_staging.mkdir(parents=True)
    kernel_args = kernel_arguments(staging)  # a file at the staging root: never published
    failures: list[str] = []
    made: dict[str, list[dict]] = {}
    started = time.perf_counter()
    registry = KernelRegistry()
    kernel_manager = registry.manager_class(KERNEL_MANAGER)
    stop = threading.Event()
    futures: dict = {}
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        try:
            for job in jobs:
                futures[pool.submit(_run_one, papermill, job, staging, figures_staging, kernel_args, tl, pdf,
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
            _stop_jobs(futures, registry, stop, pool)
            raise
        pool.shutdown()
        if failures:
            raise ReportError(
                f"{len(failures)} of {len(jobs)} notebooks failed; the previous reports are unchanged:\n  "
                + "\n  ".join(sorted(failures))
            )
        order = {job.label: position for position, job in enumerate(jobs)}
        folders = list(dict.fromkeys(job.folder for job in jobs))
        for folder in folders:
            entries = sorted(made.get(folder, []), key=lambda e: order[f"{folder}/{e['lang']}/{e['notebook']}"])
            downloads = _downloads(tl, staging / folder) if folder == folders[0] else []
            index.write_manifest(staging / folder / index.MANIFEST, index.manifest(tl, folder, entries, downloads))
        with signals.publishing_section():
            figures_dir.mkdir(parents=True, exist_ok=True)
            figures = sorted(figures_staging.iterdir())
            for path in figures:
                shutil.copy2(path, figures_dir / path.name)
            published = _publish(staging, reports_dir)
            _copy_linked_files(reports_dir)
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
