"""The explorer notebook as researchers use it: in JupyterLab (filters, card) and as an offline HTML report.

JupyterLab runs in headless Chromium on a copy of notebooks/00_explore.ipynb in a temporary
folder, in Chinese, the language the notebook is committed in (the English labels of its
filters and cards are checked where they are made, tests/display/test_card.py, and in the
English explorer page below); the HTML reports and the executed notebook on another list
are those of the session's runs (``generated_reports``, ``variant_reports``: tests/conftest.py;
``browser_context``: tests/reports/conftest.py). Screenshots for humans go to .screenshots/ (gitignored).
"""

from __future__ import annotations

import json
import re
import time

import nbformat
import pytest
from tests import notebook_runs
from tests.reports.browser_support import NOTEBOOKS, OFFLINE_SCHEMES, SCREENSHOTS, JupyterLab

from qpanalysis.display.card import explorer_choices, explorer_table
from qpanalysis.display.tables import header

NOTEBOOK = "00_explore.ipynb"
# The tasks reaching 练塘镇, counted by hand in tests/ingest/test_select.py: 15 district-wide
# (14 with 涉及范围 11个街镇, and task 31 whose name says 整区), 6 naming it in 涉及范围
# (4, 5, 11, 28, 30, 32) and 4 naming it in a per-town breakdown of 建设规模 (7, 8, 18, 23): 25.
TOWN = "练塘镇"
TOWN_TASKS = 25
TOWN_LABEL = {"zh": "练塘镇", "en": "Liantang Town"}
# Task 23 reaches 练塘镇 (练塘镇200); its card shows its goal as published (line 43).
CARD_TASK = 23
CARD_TEXT = "建设1000户乡村美丽庭院。"
# Milliseconds to wait for JupyterLab, the kernel and the widgets (not a timed assertion:
# only how long to wait before giving up).
WAIT_MS = 120_000


def _with_lang(lang: str) -> dict:
    """The explorer notebook with its ``lang`` parameter set, as papermill would."""
    nb = json.loads((NOTEBOOKS / NOTEBOOK).read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    source = "".join(cell["source"])
    cell["source"] = re.sub(r'^lang = "zh"', f'lang = "{lang}"', source, flags=re.M)
    assert f'lang = "{lang}"' in cell["source"]
    return nb


def _row_count(page, selector: str) -> int:
    return page.locator(f"{selector} tbody tr").count()


def _kernel_ready(lab: JupyterLab) -> bool:
    """One kernel, idle, with the page connected to it.

    Under load the page's first websocket to a kernel that is still starting can fail
    (jupyter_server issue 1265) and JupyterLab then starts another kernel, dropping the
    cells queued on the first; so the cells are run only once the connection holds.
    """
    kernels = lab.api("/api/kernels") or []
    return len(kernels) == 1 and kernels[0]["execution_state"] == "idle" and kernels[0]["connections"] >= 1


def _wait_in_lab(page, condition, what: str) -> None:
    """Wait until ``condition`` (JavaScript, or a function of no argument) holds, accepting
    JupyterLab's kernel dialog meanwhile: when a kernel's start fails, JupyterLab asks which
    kernel to use, and the default (Python 3) is the answer."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not (condition() if callable(condition) else page.evaluate(condition)):
        accept = page.locator(".jp-Dialog .jp-mod-accept")
        if accept.count():
            accept.first.click()
        if time.monotonic() > deadline:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "explorer_jupyterlab_failed.png"))
            raise AssertionError(f"JupyterLab never showed {what} (waited {WAIT_MS / 1000:.0f} s); "
                                 f"see {SCREENSHOTS / 'explorer_jupyterlab_failed.png'}")
        page.wait_for_timeout(500)


@pytest.fixture(scope="module")
def bundled_list(bundled):
    return bundled


@pytest.mark.parametrize("lang", ["zh"])
def test_explorer_in_jupyterlab_filters_by_town_and_shows_a_card(lang, browser_context, bundled_list, tmp_path):
    expected = len(bundled_list.filter(town=TOWN).tasks)
    assert expected == TOWN_TASKS
    root = tmp_path / "root"
    root.mkdir()
    (root / NOTEBOOK).write_text(json.dumps(_with_lang(lang), ensure_ascii=False), encoding="utf-8")
    with JupyterLab(root, tmp_path / "lab") as lab:
        page = browser_context.new_page()
        remote: list[str] = []
        page.on("request", lambda r: remote.append(r.url)
                if not r.url.startswith((lab.base, "data:", "blob:")) else None)
        try:
            page.goto(lab.url(f"/lab/tree/{NOTEBOOK}"), wait_until="domcontentloaded", timeout=WAIT_MS)
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(state="visible", timeout=WAIT_MS)
            _wait_in_lab(page, lambda: _kernel_ready(lab), "a connected, idle kernel")
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

            table = ".qp-explorer-table table.dataTable"
            _wait_in_lab(page, f"document.querySelectorAll('{table} tbody tr').length === {len(bundled_list.tasks)}",
                         "the explorer's table of every task")
            notebook_runs.record("JupyterLab")  # every cell ran: the table is drawn
            explorer = page.locator(".qp-explorer")
            explorer.scroll_into_view_if_needed()
            # Choose the town: the table keeps exactly the tasks tl.filter(town=...) keeps.
            explorer.locator(".qp-filter-town select").select_option(label=TOWN_LABEL[lang])
            page.wait_for_function(f"document.querySelectorAll('{table} tbody tr').length === {expected}",
                                   timeout=WAIT_MS)
            assert _row_count(page, table) == expected
            first_cells = page.locator(f"{table} tbody tr td:first-child").all_inner_texts()
            assert [int(c) for c in first_cells] == list(bundled_list.filter(town=TOWN).tasks.index)

            # Pick a task: its card renders, with its Chinese text as published.
            picker = explorer.locator(".qp-pick select")
            label = {task: label for label, task in explorer_choices(bundled_list, lang)["task"]}[CARD_TASK]
            picker.select_option(label=label)
            card = explorer.locator(f".qp-explorer-card .qp-card[data-task-id='{CARD_TASK}']")
            card.wait_for(state="visible", timeout=WAIT_MS)
            assert CARD_TEXT in card.inner_text()
            assert "建设目标 · Construction goal" in card.inner_text()

            explorer.scroll_into_view_if_needed()
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"explorer_jupyterlab_{lang}.png"))
            card.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"explorer_jupyterlab_{lang}_card.png"))
            assert not remote, f"JupyterLab made requests off this machine: {remote}"
        finally:
            page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exported_explorer_searches_and_sorts_offline(lang, browser_context, generated_reports, bundled_list):
    html = generated_reports / str(bundled_list.plan_year) / lang / NOTEBOOK.replace(".ipynb", ".html")
    assert html.is_file(), "the runner exported no explorer HTML"
    table = "table#explore_tasks"
    browser_context.set_offline(True)
    page = browser_context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(html.as_uri(), wait_until="load")
        page.locator(f"{table}.dataTable").wait_for(timeout=WAIT_MS)
        assert _row_count(page, table) == len(bundled_list.tasks)

        # Search: the rows left are those with the text in a cell. Names of the town in the
        # table: 4, 5, 11, 28, 30, 32 (scope) and 7, 8, 18, 23 (breakdown) = 10 rows; the
        # district-wide tasks read 全区 / District-wide.
        query = TOWN_LABEL[lang]
        shown = explorer_table(bundled_list, lang)
        expected = int(shown.apply(lambda row: row.str.contains(query, regex=False).any(), axis=1).sum())
        assert expected == 10
        page.locator("input[type=search]").first.fill(query)
        page.wait_for_function(f"document.querySelectorAll('{table} tbody tr').length === {expected}",
                               timeout=WAIT_MS)
        ids = [int(c) for c in page.locator(f"{table} tbody tr td:first-child").all_inner_texts()]
        assert ids == [4, 5, 7, 8, 11, 18, 23, 28, 30, 32]
        SCREENSHOTS.mkdir(exist_ok=True)
        page.locator(table).scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"explorer_html_{lang}_search.png"))

        # Sort: two clicks on the investment heading's sort button put the largest amount
        # first (task 3, 278138 万元, the largest of the nine amounts stated).
        page.locator("input[type=search]").first.fill("")
        button = page.locator(".dt-scroll-head th", has_text=header("investment_wan", lang)).locator(".dt-column-order")
        button.click()
        button.click()
        page.wait_for_function(f"document.querySelector('{table} tbody tr td').innerText.trim() === '3'",
                               timeout=WAIT_MS)
        assert page.locator(f"{table} tbody tr td").nth(7).inner_text().strip() == "278,138.00"

        # Every task's card is in the report, folded; one opens to its Chinese text.
        cards = page.locator("details.qp-card")
        assert cards.count() == len(bundled_list.tasks)
        card = page.locator(f"details.qp-card[data-task-id='{CARD_TASK}']")
        card.locator("summary").click()
        assert CARD_TEXT in card.inner_text()

        remote = [u for u in requests if not u.startswith(OFFLINE_SCHEMES)]
        assert not remote, f"the exported explorer requested: {remote}"
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        page.close()
        browser_context.set_offline(False)


def test_explorer_opens_on_another_list(variant_reports, loaded):
    """The explorer runs on any list (the session's variant run, tests/conftest.py, in
    English) and reports that list's own numbers."""
    from tests.reports.browser_support import VARIANT

    other = loaded[VARIANT]
    (executed,) = (variant_reports / "reports").glob(f"*/en/{NOTEBOOK}")
    cells = nbformat.read(executed, as_version=4).cells
    checked = ["".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in c.outputs)
               for c in cells if c.cell_type == "code" and c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    summary, counts = checked
    assert re.search(rf"^\s+tasks\s+{len(other.tasks)}$", summary, re.M), summary
    assert f"cards: {len(other.tasks)};" in counts
    for label, town in explorer_choices(other, "en")["town"]:
        assert f"  {label}: {len(other.filter(town=town).tasks)}" in counts
