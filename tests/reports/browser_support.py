"""Shared pieces of the report and browser tests: the session's notebook runs, one Chromium, a JupyterLab server.

The fixtures are session-scoped so that Chromium starts once for every page of the run.
The notebooks run end to end once per session on the bundled list (per language) and once on one variant:
the session fixtures ``generated_reports`` and ``variant_reports`` of tests/conftest.py call
the functions of the same name here, and every module shares their reports.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import manage  # the checkout's manage.py: which Debian packages the tests need

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
PYTHON = REPO / ".venv" / "bin" / "python"
# Screenshots for humans to look at; the folder is in .gitignore.
SCREENSHOTS = REPO / ".screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# URL schemes a report may load from: it has to open offline, from the file system alone.
# blob: URLs are made in memory by the page itself (the explorer's embedded table library).
OFFLINE_SCHEMES = ("file:", "data:", "blob:")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def chromium_path() -> str:
    """The Debian Chromium; where it or the CJK font is missing, a skip naming the packages.

    QPANALYSIS_BROWSER=off (set by ``manage.py test`` for a user without root who lacks
    them) skips too. On CI (CI=true) the browser tests must run, so there it fails loudly.
    """
    switched_off = os.environ.get(manage.BROWSER_SWITCH, "").lower() == "off"
    missing = [pkg for pkg in manage.missing_system_packages() if pkg in manage.BROWSER_PACKAGES]
    if switched_off or missing:
        why = f"{manage.BROWSER_SWITCH}=off" if switched_off else "missing " + " ".join(missing)
        hint = manage.install_hint(missing or manage.BROWSER_PACKAGES)
        if manage.on_ci():
            pytest.fail(
                f"CI must run the browser tests, but they cannot run here ({why}). Install the "
                f"Debian packages ({hint}) or run `python3 manage.py test` as root, which installs them.",
                pytrace=False,
            )
        pytest.skip(f"browser tests need Chromium and a CJK font ({why}); to run them: {hint}")
    return shutil.which("chromium")


def first_heading(notebook: Path) -> str:
    """The text of the first level-1 Markdown heading of a notebook, e.g. '投资分析 · Investment analysis'."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for line in source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    raise AssertionError(f"{notebook.name} has no '# ' heading in its Markdown cells")


def split_heading(heading: str) -> tuple[str, str]:
    """('投资分析', 'Investment analysis') from the bilingual '投资分析 · Investment analysis'."""
    zh, _, en = heading.partition(" · ")
    return zh.strip(), en.strip()


def figure_outputs(executed: Path) -> int:
    """How many raster figures (image/png or image/jpeg outputs) an executed notebook holds."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return sum(
        1
        for cell in nb["cells"] if cell["cell_type"] == "code"
        for out in cell.get("outputs", [])
        if {"image/png", "image/jpeg"} & set(out.get("data", {}))
    )


def cjk_share(text: str) -> float:
    """Share of CJK characters among CJK characters and Latin letters in ``text``."""
    cjk = len(CJK.findall(text))
    latin = sum(len(w) for w in LATIN_WORD.findall(text))
    return cjk / max(1, cjk + latin)


# --------------------------------------------------------------------------- reports


# The one run of the report notebooks on the bundled list that the session shares: every
# analysis notebook, and the quarterly report for one period with the made-up progress file
# (so that its progress sections are drawn too), in zh and en, with PDFs and the index. The
# other periods run the same notebook with another parameter; their findings are checked at
# the function level (tests/display/test_findings_quarterly.py).
RUN_QUARTERS = ("Q3",)
RUN_PROGRESS = REPO / "tests" / "data" / "progress" / "progress_all_statuses.csv"
# The bundled list's plan year (its title: 2026 年度…), which names the run's folders.
BUNDLED_PLAN_YEAR = 2026


def run_jobs():
    """The notebooks of the shared run on the bundled list, in run order."""
    from qpanalysis.reports import runner

    return runner.plan_jobs(BUNDLED_PLAN_YEAR, quarters=RUN_QUARTERS)


def generated_reports(folder: Path) -> Path:
    """Make the reports of the shared run on the bundled list (see ``RUN_QUARTERS``) in
    ``folder``/reports, figures in ``folder``/figures.

    Not a fixture: the session fixture of the same name (tests/reports/conftest.py) calls it,
    so that the run is made once for every test module that uses it.
    """
    from qpanalysis.reports import runner

    reports = folder / "reports"
    runner.run(reports_dir=reports, output=folder / "figures", show_progress=False, quarters=RUN_QUARTERS,
               progress=str(RUN_PROGRESS))
    return reports


# The variant list (tests/variants.py) whose reports the session makes end to end: every
# year moved on by one, two tasks dropped and the rest renumbered, every amount changed. The
# other variants are checked at the function level, where each report's facts and words are
# made (tests/display/test_findings_variants.py, tests/export/test_tables.py). Its quarterly
# report for one period is enough to run the notebook on it.
VARIANT = "next_year"
VARIANT_QUARTERS = ("Q3",)
# One language is enough to run every notebook on the variant: English, whose sentences
# (dates, counts, plurals) the package writes itself rather than quoting the list, and whose
# explorer tests/reports/test_explorer.py reads. The Chinese words of the variant's findings,
# titles and index are checked where they are made (tests/display/test_findings_variants.py,
# tests/reports/test_page.py, tests/reports/test_index.py); the Chinese reports run end to
# end on the bundled list and on the hostile list (tests/reports/test_hostile_reports.py).
VARIANT_LANGS = ("en",)


def variant_reports(folder: Path, source: Path) -> Path:
    """Make every report of a run on the variant list ``source`` (every notebook in
    ``VARIANT_LANGS``, HTML, PDF, downloads, the index) in ``folder``/reports, figures in
    ``folder``/figures; return ``folder``. Not a fixture: the session fixture of the same name calls it."""
    from qpanalysis.reports import runner

    runner.run(source=str(source), langs=VARIANT_LANGS, reports_dir=folder / "reports", output=folder / "figures",
               show_progress=False, quarters=VARIANT_QUARTERS)
    return folder


# --------------------------------------------------------------------------- browser


@dataclass
class PageVisit:
    """What one page load showed: the facts the tests assert on."""

    url: str
    ok: bool
    status: int | None
    ready_state: str
    h1: list[str]
    body_text: str
    output_text: str
    images: list[list]  # [complete, naturalWidth, naturalHeight, renderedWidth, src prefix]
    requests: list[str]
    page_errors: list[str]
    console_errors: list[str]
    scroll_width: int
    client_width: int
    screenshot: Path | None = None
    extra: dict = field(default_factory=dict)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """One Chromium with a fresh profile for the whole session, its pages opened one at a time."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            user_data_dir=str(profile), executable_path=executable, args=CHROMIUM_ARGS,
            headless=True, viewport=VIEWPORT, locale="zh-CN",
        )
        try:
            yield context
        finally:
            context.close()


def visit(context, url: str, screenshot: Path | None = None, timeout_ms: int = 30_000) -> PageVisit:
    """Open ``url`` in a new page of ``context``, wait for it and every image, and record what it shows."""
    page = context.new_page()
    requests: list[str] = []
    page_errors: list[str] = []
    console_errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    try:
        response = page.goto(url, wait_until="load", timeout=timeout_ms)
        page.wait_for_function(
            "document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)",
            timeout=timeout_ms,
        )
        # Let scripts that run after load (e.g. the template's Mermaid loader) make their requests.
        page.wait_for_timeout(200)
        images = page.evaluate(
            "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight,"
            " i.getBoundingClientRect().width, i.src.slice(0, 30)])"
        )
        result = PageVisit(
            url=url,
            ok=response is not None and (response.ok or response.status == 0),
            status=None if response is None else response.status,
            ready_state=page.evaluate("document.readyState"),
            h1=page.locator("h1").all_inner_texts(),
            body_text=page.locator("body").inner_text(),
            output_text="\n".join(page.locator(".jp-OutputArea-output").all_inner_texts()),
            images=images,
            requests=requests,
            page_errors=page_errors,
            console_errors=console_errors,
            scroll_width=page.evaluate("document.scrollingElement.scrollWidth"),
            client_width=page.evaluate("document.scrollingElement.clientWidth"),
        )
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
            result.screenshot = screenshot
        return result
    finally:
        page.close()


# --------------------------------------------------------------------------- JupyterLab


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """A JupyterLab server on a free local port, with its own config/runtime dirs, stopped on exit.

    Only the process started here (and its process group) is stopped; kernels that the
    browser started are shut down through the REST API first.
    """

    def __init__(self, root: Path, tmp: Path, startup_timeout: float = 90):
        self.root = root
        self.tmp = tmp
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.log = tmp / "jupyterlab.log"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def api(self, path: str, method: str = "GET", timeout: float = 5):
        request = urllib.request.Request(self.url(path), method=method)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def __enter__(self) -> JupyterLab:
        config = self.tmp / "config"
        runtime = self.tmp / "runtime"
        config.mkdir(parents=True, exist_ok=True)
        runtime.mkdir(parents=True, exist_ok=True)
        # The language-server extension would write .virtual_documents/ into the checkout.
        (config / "jupyter_server_config.json").write_text(
            json.dumps({"ServerApp": {"jpserver_extensions": {"jupyter_lsp": False}}})
        )
        # The data dir stays the default one so the venv's python3 kernelspec is found;
        # user settings, workspaces and the runtime files go to the temporary folder.
        # No "get notified about Jupyter news?" toast over the notebook in the screenshot.
        notification = self.tmp / "user-settings" / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True, exist_ok=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_RUNTIME_DIR": str(runtime)}
        args = [
            str(PYTHON), "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}", "--ServerApp.open_browser=False",
            "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={self.tmp / 'user-settings'}",
            f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
            "--NotebookNotary.db_file=:memory:",
            # Absolute, so opening a notebook leaves no .ipynb_checkpoints/ in the checkout.
            f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # e.g. in a container
            args.append("--allow-root")
        log = self.log.open("wb")
        self.proc = subprocess.Popen(args, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"JupyterLab exited with {self.proc.returncode}:\n{self.log_text()}")
            try:
                self.api("/api/status", timeout=2)
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise AssertionError(f"JupyterLab did not answer within {self.startup_timeout} s:\n{self.log_text()}")
            time.sleep(0.25)

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""

    def shutdown_kernels(self) -> None:
        with contextlib.suppress(Exception):
            for session in self.api("/api/sessions") or []:
                with contextlib.suppress(Exception):
                    self.api(f"/api/sessions/{session['id']}", method="DELETE", timeout=15)
        with contextlib.suppress(Exception):
            for kernel in self.api("/api/kernels") or []:
                with contextlib.suppress(Exception):
                    self.api(f"/api/kernels/{kernel['id']}", method="DELETE", timeout=15)

    def __exit__(self, *exc) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.shutdown_kernels()
        pgid = self.proc.pid  # start_new_session=True: the server leads its own process group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=5)
