"""The report runner: how a failure is reported, how reports are published, how a run stops (its plan: test_jobs.py).

The notebook runs use tiny notebooks written into tmp_path (each kernel start costs ~2 s),
never the project's notebooks, and write into tmp_path, never reports/ or figures/.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import signal
import subprocess
import sys

import nbformat
import pytest
from tests import notebook_runs

import qpanalysis as qp
from qpanalysis.config import BUNDLED_LIST
from qpanalysis.reports import execute, jobs, runner
from qpanalysis.reports.kernels import QuietKernelManager
from qpanalysis.reports.execute import ReportError

PARAMETERS = 'lang = "zh"\noutput_dir = "."\nsource = None\nsource_sha256 = None'
# A name that appears in a code cell's source only, and the output that cell prints.
HIDDEN_NAME = "hidden_source_marker_xyz"
OK_CELLS = [
    f"{HIDDEN_NAME} = 6 * 7",
    f'print(f"answer={{{HIDDEN_NAME}}} lang={{lang}}")',
    'from pathlib import Path\nPath(output_dir, "figure.txt").write_text("figure")',
]
BAD_CELLS = ['raise ValueError("boom")']
# The two messages that used to follow every notebook of a run.
TRANSPORT_WARNING = "Kernel is running over TCP without encryption"
INTERRUPT_MESSAGE = "KeyboardInterrupt caught in kernel"
# A warning of the kernel's own logger that must still reach the terminal.
REAL_WARNING = "a real kernel warning, kept"
# Cells that make the race behind INTERRUPT_MESSAGE certain instead of likely: the kernel
# answers papermill's last request (kernel_info, after the last cell) and stays a second
# inside its handler, where ipykernel lets a SIGINT raise KeyboardInterrupt. A kernel
# manager that interrupts kernels it shuts down makes the kernel log INTERRUPT_MESSAGE.
LINGER_CELLS = [
    "import inspect, time\n"
    "from ipykernel.kernelapp import IPKernelApp\n"
    "kernel = get_ipython().kernel\n"
    "answer = kernel.shell_handlers['kernel_info_request']\n"
    "async def answer_then_linger(*args):\n"
    "    result = answer(*args)\n"
    "    if inspect.isawaitable(result):\n"
    "        await result\n"
    "    time.sleep(1)\n"
    "kernel.shell_handlers['kernel_info_request'] = answer_then_linger",
    f"IPKernelApp.instance().log.warning({REAL_WARNING!r})",
]


# A bilingual Markdown cell as the notebooks write them: each report keeps its language.
MARKDOWN = "# 测试报告 · Test report\n\n中文说明在这里。\n\nThe English explanation is here."


def _notebook(path, cells, markdown=None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    intro = [nbformat.v4.new_markdown_cell(markdown)] if markdown else []
    nb.cells = [*intro, parameters, *(nbformat.v4.new_code_cell(source) for source in cells)]
    nbformat.write(nb, path)


@pytest.fixture
def notebooks(tmp_path, monkeypatch):
    """A notebooks folder with ok.ipynb and bad.ipynb, used by the runner as its own."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "ok.ipynb", OK_CELLS, MARKDOWN)
    _notebook(folder / "bad.ipynb", BAD_CELLS)
    _notebook(folder / "linger.ipynb", LINGER_CELLS)
    monkeypatch.setattr(execute, "NOTEBOOKS_DIR", folder)
    monkeypatch.setattr(jobs, "ANALYSIS_NOTEBOOKS", ("ok.ipynb", "bad.ipynb", "linger.ipynb"))
    return folder


def _run(tmp_path, *names, show_progress=False, langs=("zh",)):
    return runner.run(
        langs=langs, notebooks=names, reports_dir=tmp_path / "reports", output=tmp_path / "figures",
        workers=2, show_progress=show_progress,
    )


# --- command line (planning: test_jobs.py) ----------------------------------------------


def test_cli_run_makes_pdfs_unless_told_not_to():
    from qpanalysis.__main__ import _parser

    assert _parser().parse_args(["run"]).pdf is True
    assert _parser().parse_args(["run", "--no-pdf"]).pdf is False


# --- running ----------------------------------------------------------------------------


def test_failing_notebook_is_named_with_its_cell_and_error_and_old_reports_stay(tmp_path, notebooks):
    old = tmp_path / "reports" / "2026" / "zh" / "old.html"
    old.parent.mkdir(parents=True)
    old.write_text("<p>the previous report</p>", encoding="utf-8")

    with pytest.raises(ReportError) as failure:
        _run(tmp_path, "ok.ipynb", "bad.ipynb")

    message = str(failure.value)
    assert "1 of 2 notebooks failed" in message
    assert "2026/zh/bad.ipynb" in message
    # The raising cell is the second cell of bad.ipynb as its author sees it (papermill's
    # injected parameters cell is not counted).
    assert "cell 2" in message
    assert "ValueError: boom" in message
    assert "ok.ipynb" not in message
    # Nothing is published: the old report is untouched, ok.ipynb's result is discarded.
    assert old.read_text(encoding="utf-8") == "<p>the previous report</p>"
    assert sorted(p.name for p in old.parent.iterdir()) == ["old.html"]
    assert not list((tmp_path / "reports").glob(".staging-*"))
    assert not (tmp_path / "figures").exists()


def test_successful_run_replaces_the_folder_with_notebook_and_code_free_html(tmp_path, notebooks, bundled):
    old = tmp_path / "reports" / "2026" / "zh" / "old.html"
    old.parent.mkdir(parents=True)
    old.write_text("<p>the previous report</p>", encoding="utf-8")

    published = _run(tmp_path, "ok.ipynb", langs=("zh", "en"))

    folder = tmp_path / "reports" / "2026"
    assert published == [folder]
    assert sorted(p.name for p in (folder / "zh").iterdir()) == ["ok.html", "ok.ipynb", "ok.pdf"]
    executed = nbformat.read(folder / "zh" / "ok.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    html = (folder / "zh" / "ok.html").read_text(encoding="utf-8")
    assert "answer=42 lang=zh" in html  # the output is shown…
    assert HIDDEN_NAME not in html  # …the code is not
    # Title and first heading name the report, the list (district, plan year) and the
    # language; each report keeps the Markdown of its own language only.
    title = "测试报告 · 青浦区2026年度任务清单"
    assert f"<title>{title}</title>" in html and re.search(rf"<h1[^>]*>{re.escape(title)}", html)
    assert executed.metadata["title"] == title
    assert "中文说明在这里。" in html and "English explanation" not in html
    html_en = (folder / "en" / "ok.html").read_text(encoding="utf-8")
    assert "<title>Test report · Qingpu District 2026 task list</title>" in html_en
    assert "The English explanation is here." in html_en and "中文说明" not in html_en
    # Each report as an A4 PDF; the folder's manifest lists both, and the run's downloads.
    assert (folder / "en" / "ok.pdf").read_bytes().startswith(b"%PDF")
    manifest = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == bundled.sha256 and manifest["plan_year"] == 2026
    assert [(r["lang"], r["html"], r["pdf"]) for r in manifest["reports"]] == [
        ("zh", "zh/ok.html", "zh/ok.pdf"), ("en", "en/ok.html", "en/ok.pdf")]
    assert "downloads/2026_qingpu_rural_construction_tasks.xlsx" in manifest["downloads"]
    assert all((folder / path).is_file() for path in manifest["downloads"])
    # The index (first language) links both reports; the English index exists too.
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="2026/zh/ok.html"' in index and 'href="2026/en/ok.pdf"' in index
    assert (tmp_path / "reports" / "index_en.html").is_file() and (tmp_path / "reports" / "caveats.html").is_file()
    assert (tmp_path / "reports" / "caveats_en.html").is_file()
    assert not re.search(r"<script[^>]*\bsrc=[\"']https?://", html)
    assert "https://" not in "".join(re.findall(r"<script[^>]*>", html))
    assert not list((tmp_path / "reports").glob(".staging-*"))
    assert not list((tmp_path / "reports").glob(".old-*"))
    assert (tmp_path / "figures" / "figure.txt").read_text() == "figure"


def test_a_kernel_that_dies_before_its_first_reply_is_started_again(tmp_path, notebooks, bundled):
    # Two kernels starting at once may race for a port; the loser dies before any cell runs.
    calls = []

    class DyingOnce:
        @staticmethod
        def execute_notebook(source, output, **kwargs):
            calls.append(source)
            if len(calls) < execute.KERNEL_START_ATTEMPTS:
                raise RuntimeError(execute.KERNEL_DID_NOT_START)
            shutil.copy(source, output)

    class AlwaysDying:
        @staticmethod
        def execute_notebook(source, output, **kwargs):
            calls.append(source)
            raise RuntimeError(execute.KERNEL_DID_NOT_START)

    job = jobs.Job("ok.ipynb", "2026", "zh", {"lang": "zh"})
    staging = tmp_path / "reports" / ".staging"
    entry = execute.run_one(DyingOnce, job, staging, staging / "_figures", [], bundled)
    assert len(calls) == execute.KERNEL_START_ATTEMPTS
    assert entry["html"] == "zh/ok.html" and (staging / "2026" / "zh" / "ok.pdf").is_file()
    calls.clear()
    with pytest.raises(ReportError, match="before any cell ran: RuntimeError: Kernel died"):
        execute.run_one(AlwaysDying, job, staging, staging / "_figures", [], bundled)
    assert len(calls) == execute.KERNEL_START_ATTEMPTS


# --- a clean terminal -------------------------------------------------------------------


async def _signals_sent_at_shutdown(manager_class) -> list[int]:
    """Start a kernel with ``manager_class``, shut it down, and return the signals sent meanwhile."""
    # A generous wait, so that a kernel slowed down by a busy machine is not sent SIGTERM.
    manager = manager_class(kernel_name="python3", shutdown_wait_time=120)
    await manager.start_kernel()
    client = manager.client()
    client.start_channels()
    await client.wait_for_ready(timeout=120)  # listening, as a notebook's kernel is by its end
    client.stop_channels()
    sent = []
    send = manager.provisioner.send_signal

    async def record(signum):
        sent.append(signum)
        await send(signum)

    manager.provisioner.send_signal = record
    await manager.shutdown_kernel()
    assert not await manager.is_alive()
    return sent


def _in_own_loop(coroutine):
    """Run a coroutine with asyncio.run in a thread of its own: Playwright's browser tests
    leave an event loop running in the main thread of the test session."""
    import threading

    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", asyncio.run(coroutine)))
    thread.start()
    thread.join()
    return result["value"]


def test_jupyter_clients_manager_interrupts_a_kernel_it_shuts_down_the_runners_does_not():
    from jupyter_client.manager import AsyncKernelManager

    # The cause of the KeyboardInterrupt messages: a SIGINT before the shutdown request.
    assert _in_own_loop(_signals_sent_at_shutdown(AsyncKernelManager)) == [signal.SIGINT]
    # The runner's manager asks the kernel to shut down, and the kernel does, with no signal.
    assert _in_own_loop(_signals_sent_at_shutdown(QuietKernelManager)) == []
    assert execute.KERNEL_MANAGER is QuietKernelManager


@pytest.mark.parametrize("quiet", [True, False], ids=["runner", "jupyter-client-defaults"])
def test_successful_run_shows_one_bar_and_a_summary_and_no_kernel_noise(tmp_path, notebooks, capfd, monkeypatch, quiet):
    if not quiet:
        # The control: jupyter_client's own manager and no kernel configuration bring both
        # messages back, so the assertions below can see them.
        from jupyter_client.manager import AsyncKernelManager

        monkeypatch.setattr(execute, "KERNEL_MANAGER", AsyncKernelManager)
        monkeypatch.setattr(runner, "kernel_arguments", lambda folder: [])

    _run(tmp_path, "ok.ipynb", "linger.ipynb", show_progress=True)

    out, err = capfd.readouterr()  # file-descriptor level: the kernels' own output is here too
    terminal = out + err
    assert REAL_WARNING in err  # the kernel's logger still speaks
    if not quiet:
        assert terminal.count(TRANSPORT_WARNING) == 2  # one per kernel
        assert INTERRUPT_MESSAGE in terminal
        return
    assert TRANSPORT_WARNING not in terminal
    assert INTERRUPT_MESSAGE not in terminal
    # One progress bar (tqdm redraws it in place with \r), ending at 2 of 2, once the kernel's
    # warning, which broke into it, is taken out.
    bar = err.replace(f"[IPKernelApp] WARNING | {REAL_WARNING}\n", "")
    assert len([line for line in bar.split("\n") if "notebooks:" in line]) == 1
    assert "notebooks: 100%" in err and "2/2" in err
    summary, reports, figures, index = out.splitlines()
    assert re.fullmatch(r"2 notebooks \(zh\) ran in \d+\.\d s, 2 at a time\.", summary)
    assert reports == f"reports: {tmp_path / 'reports' / '2026'}"
    assert figures == f"figures: 1 file in {tmp_path / 'figures'}"  # ok.ipynb's figure.txt
    assert index == f"index: {tmp_path / 'reports' / 'index.html'}"
    # Apart from the bar, the kernel's own warning and the summary, nothing was printed.
    leftover = [line for line in terminal.replace("\r", "\n").splitlines()
                if line.strip() and "notebooks:" not in line and REAL_WARNING not in line and line not in out.splitlines()]
    assert leftover == []


def test_failing_run_names_the_notebook_cell_and_error_on_the_command_line(tmp_path, notebooks):
    # The command line runs in a subprocess (its own stderr, as a user sees it), with the
    # runner planning only ok.ipynb and bad.ipynb.
    script = "\n".join([
        "import sys",
        "from pathlib import Path",
        "from qpanalysis.reports import execute, jobs",
        "from qpanalysis.__main__ import main",
        f"execute.NOTEBOOKS_DIR = Path({str(notebooks)!r})",
        "jobs.ANALYSIS_NOTEBOOKS = ('ok.ipynb', 'bad.ipynb')",
        "jobs.QUARTERS = ()",
        f"sys.exit(main(['run', '--lang', 'zh', '--reports-dir', {str(tmp_path / 'reports')!r},"
        f" '--output', {str(tmp_path / 'figures')!r}, '--workers', '2']))",
    ])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)

    assert result.returncode == 1, result.stderr
    assert "error: 1 of 2 notebooks failed" in result.stderr
    assert "2026/zh/bad.ipynb failed at cell 2" in result.stderr
    assert "ValueError: boom" in result.stderr
    assert TRANSPORT_WARNING not in result.stderr + result.stdout
    assert INTERRUPT_MESSAGE not in result.stderr + result.stdout


# --- command line -----------------------------------------------------------------------


def test_cli_rejects_an_unknown_quarter():
    result = subprocess.run(
        [sys.executable, "-m", "qpanalysis", "run", "--quarter", "Q5"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "--quarter" in result.stderr
    assert "invalid choice: 'Q5'" in result.stderr
    assert "H1" in result.stderr and "Q3" in result.stderr and "Q4" in result.stderr


# --- paths: relative to the caller, absolute for the notebooks --------------------------

# A cell that shows what a notebook was given and whether, from the notebooks' folder it
# runs in, the source is found.
ECHO_CELLS = [
    "from pathlib import Path\n"
    "import hashlib\n"
    'print(f"source={source}")\n'
    'print(f"sha={source_sha256} matches={hashlib.sha256(Path(source).read_bytes()).hexdigest() == source_sha256}")',
]
# Task 11 (提升农村供水安全保障能力) states 总投资 69.7 (万元); the copy states 1069.7, so the
# disclosed total becomes 361,633.24 + 1,000 = 362,633.24 (万元).
BUNDLED_AMOUNT, MODIFIED_AMOUNT = "\t69.7\t", "\t1069.7\t"


def _modified_copy(folder, bundled_text, name="list.txt"):
    """The bundled list with task 11's 总投资 raised by 1,000 (万元), written into ``folder``."""
    assert bundled_text.count(BUNDLED_AMOUNT) == 1
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(bundled_text.replace(BUNDLED_AMOUNT, MODIFIED_AMOUNT), encoding="utf-8", newline="")
    return path


def _sha256(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_the_runner_api_reads_relative_paths_from_the_callers_folder(tmp_path, notebooks, monkeypatch, bundled_text, bundled):
    _notebook(notebooks / "echo.ipynb", ECHO_CELLS)
    monkeypatch.setattr(jobs, "ANALYSIS_NOTEBOOKS", ("echo.ipynb",))
    copy = _modified_copy(tmp_path / "x", bundled_text)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)

    [published] = runner.run(langs=("en",), source="../x/list.txt", reports_dir="out/reports", output="out/figures",
                             notebooks=["echo.ipynb"], pdf=False, show_progress=False, workers=1)

    assert published == work / "out" / "reports" / "2026"
    executed = nbformat.read(published / "en" / "echo.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    # The notebook, run in the notebooks' folder, was given the copy's absolute path and
    # its checksum, and finds that file there.
    assert f"source={copy}\n" in printed
    assert f"sha={_sha256(copy)} matches=True" in printed
    manifest = json.loads((published / "report.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == _sha256(copy) != bundled.sha256


def test_a_notebook_refuses_a_list_other_than_the_one_announced(tmp_path, bundled_text, bundled):
    from qpanalysis.reports.params import validate_parameters

    copy = _modified_copy(tmp_path, bundled_text)
    announced = bundled.sha256  # the bundled list's, as if the file had been swapped
    params = validate_parameters(source=str(copy), lang="en", source_sha256=announced)
    with pytest.raises(qp.TaskListError) as refused:
        params.load()
    message = str(refused.value)
    assert str(copy) in message and "source_sha256" in message
    assert _sha256(copy) in message and announced in message  # both checksums, in full
    assert validate_parameters(source=str(copy), source_sha256=_sha256(copy)).load().sha256 == _sha256(copy)
    with pytest.raises(ValueError, match="source_sha256 must be 64"):
        validate_parameters(source=str(copy), source_sha256="abc")


def _progress_file(folder, list_path):
    """A progress file for the list: task 11 at 2.2 公里 (its Q3 target) on 2026-09-30, the other tasks empty."""
    from qpanalysis.export.progress_template import template_table
    from qpanalysis.export.safe import write_csv

    table = template_table(qp.load(list_path), as_of="2026-09-30")
    table["as_of"] = table["as_of"].map(lambda d: d.isoformat())
    table.loc[table["task_id"] == 11, "quantity_done"] = "2.2"
    return write_csv(table, folder / "progress.csv")


@pytest.mark.slow
def test_a_run_from_another_folder_with_relative_paths_reports_on_the_given_list(tmp_path, bundled_text, bundled):
    # One notebook (the Q3 report, which reads the progress file too), English, no PDF: the
    # command line in a subprocess whose current folder is not the checkout's, with every
    # path relative. The copy is laid out as in a checkout (data/raw/, the bundled file's
    # name), so that ../data/raw/… read from the notebooks' folder would be the bundled list itself.
    copy = _modified_copy(tmp_path / "data" / "raw", bundled_text, name=BUNDLED_LIST.name)
    progress = _progress_file(tmp_path / "data", copy)
    work = tmp_path / "work"
    work.mkdir()
    command = [sys.executable, "-m", "qpanalysis", "run", "--quarter", "Q3", "--lang", "en", "--no-pdf",
               "--source", f"../data/raw/{BUNDLED_LIST.name}", "--progress", "../data/progress.csv",
               "--as-of", "2026-09-30", "--reports-dir", "out/reports", "--output", "out/figures"]
    result = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    notebook_runs.record("child process")  # the Q3 report

    reports = work / "out" / "reports"
    sha = _sha256(copy)
    quarterly = (reports / "2026-Q3" / "en" / "05_quarterly_report.html").read_text(encoding="utf-8")
    index_page = (reports / "index.html").read_text(encoding="utf-8")
    # The index, the downloads and the report describe the copy: its checksum; the index
    # its total, 361,633.24 + 1,000 (task 11's amount raised) = 362,633.24 万元 ≈ 3.63 billion
    # yuan (the bundled list's: ≈3.62).
    for page in (quarterly, index_page):
        assert sha in page and bundled.sha256 not in page
    assert "≈3.63 billion yuan" in index_page and "3.62 billion" not in index_page
    # The progress file, found from the caller's folder, was read: task 11 has reached
    # its Q3 target (2.2 公里); the 40 other rows give no figure.
    assert "From the progress file (41 rows), on 30 September 2026: done 1," in quarterly
    assert "no data 40." in quarterly
    workbook = reports / "2026-Q3" / "downloads" / f"{BUNDLED_LIST.stem}.xlsx"
    import pandas as pd

    tasks = pd.read_excel(workbook, sheet_name="tasks")
    assert tasks.loc[tasks["task_id"] == 11, "investment_wan"].item() == 1069.7
    # The notebook was given absolute paths: the copy, its checksum, the progress file.
    executed = nbformat.read(reports / "2026-Q3" / "en" / "05_quarterly_report.ipynb", as_version=4)
    injected = next(c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert f"source = {str(copy)!r}" in injected.source.replace('"', "'")
    assert f"source_sha256 = '{sha}'" in injected.source.replace('"', "'")
    assert f"progress = {str(progress)!r}" in injected.source.replace('"', "'")
    # Figures went to the relative --output, under the caller's folder.
    assert any((work / "out" / "figures").glob("quarterly_Q3_*_en.png"))


def test_a_bad_progress_file_stops_the_run_before_any_notebook(tmp_path, monkeypatch):
    bad = tmp_path / "progress.csv"
    bad.write_text("task_id,as_of,percent_done,quantity_done\n99,2026-09-30,50,\n", encoding="utf-8")
    started = []
    monkeypatch.setattr(runner, "run_one", lambda *args, **kwargs: started.append(args))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(qp.TaskListError) as refused:
        runner.run(langs=("en",), quarter="Q3", progress="progress.csv", reports_dir="reports", output="figures",
                   show_progress=False)
    assert str(refused.value).startswith(f"{bad}, line 2, field task_id:")
    assert started == [] and sorted(p.name for p in tmp_path.iterdir()) == ["progress.csv"]


# --- interrupting a run -----------------------------------------------------------------

# The generous bound on how long a stopped run may take to exit (a test timeout, not a
# measurement): the runner ends its kernels at once and waits at most stopping.STOP_WAIT.
STOP_TIMEOUT = 30
# How long to wait for the run's first kernel: loading, planning and the first kernel's start.
START_TIMEOUT = 180


def _tree(folder) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``folder``."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def _kernels(process) -> list:
    """The kernel processes a run has started."""
    import psutil

    found = []
    for child in process.children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_run_and_leaves_the_previous_reports(tmp_path, signum):
    import time

    import psutil

    reports = tmp_path / "reports"
    previous = reports / "2026" / "en"
    previous.mkdir(parents=True)
    (previous / "01_investment.html").write_text("<p>the previous report</p>", encoding="utf-8")
    (reports / "2026" / "report.json").write_text("{}", encoding="utf-8")
    (reports / "index.html").write_text("<p>the previous index</p>", encoding="utf-8")
    before = _tree(reports)
    run = subprocess.Popen(
        [sys.executable, "-m", "qpanalysis", "run", "--no-pdf", "--lang", "en", "--reports-dir", "reports",
         "--output", "figures", "--workers", "2"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        process = psutil.Process(run.pid)
        deadline = time.monotonic() + START_TIMEOUT
        # Poll until the staging folder exists and a notebook's kernel has started.
        while not (list(reports.glob(".staging-*")) and _kernels(process)):
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline, "no kernel started"
            time.sleep(0.2)
        kernels = _kernels(process)
        run.send_signal(signum)
        out, err = run.communicate(timeout=STOP_TIMEOUT)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()

    assert run.returncode == 128 + signum, err
    assert err.strip().splitlines()[-1] == "interrupted; previous reports unchanged"
    assert "Traceback" not in err and "Kernel died" not in err
    assert out == ""
    assert not list(reports.glob(".staging-*"))
    assert _tree(reports) == before  # byte for byte
    assert not (tmp_path / "figures").exists()
    _, alive = psutil.wait_procs(kernels, timeout=10)
    assert alive == []
    # Nor any kernel the run started after the poll saw the first ones: jupyter_client
    # gives each kernel its parent's process id in JPY_PARENT_PID.
    assert _children_left(run.pid) == []


def _children_left(parent_pid: int, wait: float = 10) -> list:
    """Kernel processes still running that the process ``parent_pid`` started (polled up to ``wait`` seconds)."""
    import time

    import psutil

    def left():
        found = []
        for process in psutil.process_iter(["cmdline"]):
            try:
                if ("ipykernel" in " ".join(process.info["cmdline"] or ())
                        and process.environ().get("JPY_PARENT_PID") == str(parent_pid)):
                    found.append(process.pid)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return found

    deadline = time.monotonic() + wait
    while (found := left()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def test_a_runs_paths_are_read_from_the_callers_folder_before_anything_is_written(tmp_path, monkeypatch, bundled_text):
    copy = _modified_copy(tmp_path / "x", bundled_text)
    progress = _progress_file(tmp_path / "x", copy)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")

    checked = runner.check_run(source="../x/list.txt", progress="../x/progress.csv", reports_dir="out/reports",
                               output="out/figures", as_of="2026-09-30", quarter="Q3")

    assert checked["source"] == copy and checked["progress"] == progress
    assert checked["reports_dir"] == tmp_path / "work" / "out" / "reports"
    assert checked["figures_dir"] == tmp_path / "work" / "out" / "figures"
    assert checked["tl"].sha256 == _sha256(copy)
    assert checked["tl"].tasks.loc[11, "investment_wan"] == 1069.7
    assert list((tmp_path / "work").iterdir()) == []  # checked, not made
