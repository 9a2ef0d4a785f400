"""One notebook of a run: executed with papermill (a kernel that dies at start is started again), then written as its reader's HTML and A4 PDF."""

from __future__ import annotations

import datetime
import os

import re
import threading
from pathlib import Path

from qpanalysis.codes import LANGS
from qpanalysis import __version__
from qpanalysis.display import document
from qpanalysis.config import NOTEBOOKS_DIR
from qpanalysis.reports.jobs import BRIEF_NOTEBOOKS, HTML_ONLY, Job

# The quarterly brief by lead department as a Word document, beside the quarterly report.
BRIEF_DOCX = "05_quarterly_brief.docx"
from qpanalysis.reports.kernels import QuietKernelManager
from qpanalysis.reports.links import rewrite_notebook, safe_links
from qpanalysis.reports.page import first_heading, for_reader, page_title, report_name
from qpanalysis.reports.publish import link_root
from qpanalysis.reports.links import list_copy

KERNEL_NAME = "python3"
# The kernel manager of every run: jupyter_client's, without the SIGINT at shutdown that made
# kernels log "KeyboardInterrupt caught in kernel" (see qpanalysis.reports.kernels).
KERNEL_MANAGER = QuietKernelManager
# A kernel that dies before answering its first request lost the race for a port to
# another process starting at the same moment (on a busy machine); no cell has run, so the
# notebook is started again, up to this many times in all.
KERNEL_START_ATTEMPTS = 3
KERNEL_DID_NOT_START = "Kernel died before replying to kernel_info"
# The cell tags papermill gives the cell of parameters it inserts, and the error cells it adds.
INJECTED_TAG, ERROR_CELL_TAG = "injected-parameters", "papermill-error-cell-tag"
# nbconvert's lab template points <script> tags at a CDN for require.js and MathJax; the
# reports must open offline, and they use neither, so the URLs are blanked and the empty
# tags removed.
EMPTY_SCRIPT_TAG = re.compile(r'<script src="">\s*</script>\s*')


class ReportError(RuntimeError):
    """A notebook failed; the message names the notebook, the cell and the error."""


def source_cell_index(executed: Path, index):
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
    cells = [c for c in cells if ERROR_CELL_TAG not in c.get("metadata", {}).get("tags", [])]
    for position, cell in enumerate(cells):
        if INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
            return index - 1 if position < index else index
    return index


def failure_message(job: Job, exc: Exception, cell_index=None) -> str:
    """What a failed notebook says: the job, the cell (as its author counts it) and the error."""
    cell = getattr(exc, "exec_count", None)
    index = getattr(exc, "cell_index", None) if cell_index is None else cell_index
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    where = f"cell {index + 1}" if isinstance(index, int) else "before any cell ran"
    if cell is not None:
        where += f" (execution count {cell})"
    return f"{job.label} failed at {where}: {ename}: {evalue}"


def write_html(page, target: Path) -> Path:
    """Write a reader's notebook (:func:`qpanalysis.reports.page.for_reader`) as code-free HTML."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", exclude_input=True, exclude_input_prompt=True,
        exclude_output_prompt=True, mathjax_url="", require_js_url="",
    )
    body, _ = exporter.from_notebook_node(page)
    target.write_text(safe_links(EMPTY_SCRIPT_TAG.sub("", body)), encoding="utf-8")  # no javascript: link
    return target


def with_footer(page, note: str):
    """A copy of a reader's notebook ending with ``note`` as a small footer line (the HTML page's footer)."""
    import copy

    import nbformat

    from qpanalysis.display.markup import md

    out = copy.deepcopy(page)
    out.cells.append(nbformat.v4.new_markdown_cell(f"---\n\n<small>{md(note)}</small>"))
    return out


def _check_not_stopped(stop: threading.Event | None, job: Job) -> None:
    if stop is not None and stop.is_set():
        raise ReportError(f"{job.label}: the run was stopped")


def execute(papermill, job: Job, executed: Path, parameters: dict, kernel_args: list[str], kernel_manager=None,
            stop: threading.Event | None = None) -> None:
    """Execute the job's notebook into ``executed``, starting it again when its kernel died at start.

    Raises:
        ReportError: Naming the notebook, the failing cell and the error.
    """
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            papermill.execute_notebook(
                str(NOTEBOOKS_DIR / job.notebook), str(executed), parameters=parameters,
                kernel_name=KERNEL_NAME, cwd=str(NOTEBOOKS_DIR), progress_bar=False,
                log_output=False, request_save_on_cell_execute=False,
                kernel_manager_class=kernel_manager or KERNEL_MANAGER, extra_arguments=kernel_args,
            )
            return
        except Exception as exc:  # papermill raises its own error type for a failing cell
            _check_not_stopped(stop, job)
            if attempt < KERNEL_START_ATTEMPTS and KERNEL_DID_NOT_START in str(exc):
                continue
            index = source_cell_index(executed, getattr(exc, "cell_index", None))
            raise ReportError(failure_message(job, exc, index)) from exc


def run_one(papermill, job: Job, staging: Path, figures_out: Path, kernel_args: list[str], tl,
            pdf: bool = True, kernel_manager=None, stop: threading.Event | None = None, titles=None) -> dict:
    """Execute one notebook, then write its reader's HTML (and PDF); return its manifest entry.

    ``kernel_manager`` is the kernel manager class (default KERNEL_MANAGER); once ``stop``
    is set, the job does nothing more (the run was interrupted). ``titles``, when given,
    makes the page's title and source note from (heading, lang) instead of ``tl`` (a
    comparison of two lists).
    """
    import nbformat

    _check_not_stopped(stop, job)
    folder = staging / job.folder / job.lang
    folder.mkdir(parents=True, exist_ok=True)
    executed = folder / job.notebook
    parameters = {k: v for k, v in job.parameters.items() if v is not None}
    parameters["output_dir"] = str(figures_out)
    execute(papermill, job, executed, parameters, kernel_args, kernel_manager, stop)
    # Links from notebooks/ are made to resolve from the folder the report is published in,
    # in the executed notebook as in its HTML; those to the caveats log and to the list stay
    # inside the reports folder (its caveats pages, its copy of the list).
    _check_not_stopped(stop, job)
    final_folder = staging.parent / job.folder / job.lang
    source = (os.path.relpath(tl.source, NOTEBOOKS_DIR), list_copy(tl.sha256, Path(tl.source).name))
    nb = rewrite_notebook(nbformat.read(executed, as_version=4), final_folder, link_root(final_folder), job.lang,
                          staging.parent, source)
    heading = first_heading(nb) or Path(job.notebook).stem
    quarter = job.parameters.get("quarter")
    title = page_title(tl, heading, job.lang, quarter) if titles is None else titles(heading, job.lang)[0]
    nb.metadata["title"] = title
    nbformat.write(nb, executed)
    page = for_reader(nb, job.lang, title)
    from qpanalysis.display.findings.identity import source_note

    # Every page and PDF says what list, what version and when: the source line (list and
    # checksum) with the package version and the day it was made.
    note = source_note(tl, job.lang) if titles is None else titles(heading, job.lang)[1]
    today = datetime.date.today()
    stamp = document.stamp(note, __version__, today, job.lang)
    html = write_html(with_footer(page, stamp), executed.with_suffix(".html"))
    pdf_path = None
    if pdf and job.notebook not in HTML_ONLY:
        from qpanalysis.reports.pdf import write_pdf

        pdf_path = executed.with_suffix(".pdf")
        _check_not_stopped(stop, job)
        try:
            write_pdf(page, pdf_path, lang=job.lang, title=title, source_note=stamp, date=today,
                      keywords=(f"sha256:{tl.sha256}", f"qpanalysis {__version__}"),
                      figures=figures_out, root=staging, brief=job.notebook in BRIEF_NOTEBOOKS)
        except (RuntimeError, ValueError) as exc:  # the compiler's error, a malformed table model
            raise ReportError(f"{job.label}: {exc}") from exc
    docx_path = None
    if job.notebook in BRIEF_NOTEBOOKS and quarter:  # the brief by lead department, for the bureaus, in Word
        from qpanalysis.reports.docx import write_brief

        _check_not_stopped(stop, job)
        docx_path = write_brief(tl, quarter, job.lang, executed.with_name(BRIEF_DOCX),
                                as_of=job.parameters.get("as_of"), progress=job.parameters.get("progress"))
    return {
        "notebook": job.notebook, "quarter": quarter, "lang": job.lang, "title": title,
        **{f"name_{lang}": report_name(heading, lang, quarter) for lang in LANGS},
        "html": html.relative_to(folder.parent).as_posix(),
        "pdf": pdf_path.relative_to(folder.parent).as_posix() if pdf_path else None,
        "docx": docx_path.relative_to(folder.parent).as_posix() if docx_path else None,
    }


__all__ = ["run_one", "execute", "write_html", "failure_message", "source_cell_index", "ReportError",
           "KERNEL_NAME", "KERNEL_MANAGER"]
