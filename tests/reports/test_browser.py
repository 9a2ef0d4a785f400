"""The generated HTML reports, and the notebooks in JupyterLab, as a browser shows them.

The session's one run of the runner on the bundled list (every analysis notebook, the
quarterly report for Q3 with a progress file, in zh and en; the fixture ``generated_reports``)
is made once into a temporary folder; one headless Chromium then opens
every HTML report from the file system and checks that it loads offline, shows its heading
in the right language and decodes every figure. A last test opens a notebook in a local
JupyterLab. Screenshots for humans go to .screenshots/ (gitignored).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from tests.reports import browser_support
from tests.reports.browser_support import (  # noqa: F401  (fixtures are used by name)
    NOTEBOOKS,
    OFFLINE_SCHEMES,
    REPO,
    SCREENSHOTS,
    JupyterLab,
    cjk_share,
    figure_outputs,
    first_heading,
    split_heading,
    visit,
)


JOBS = browser_support.run_jobs()
LABELS = [job.label for job in JOBS]
# An English label that each en report prints in its outputs (not only in the bilingual
# Markdown), for the notebooks whose outputs are known.
EN_LABELS = {
    "01_investment.ipynb": ["disclosed total"],
    "04_data_quality.ipynb": ["Explanation"],
}


def _html(reports: Path, label: str) -> Path:
    return (reports / label).with_suffix(".html")


@pytest.fixture(scope="session")
def visits(browser_context, generated_reports):
    """Each report page opened once, in run order; the first zh and en pages are screenshotted."""
    cache: dict = {}
    shot_langs: set[str] = set()

    def get(label: str):
        if label not in cache:
            job = JOBS[LABELS.index(label)]
            html = _html(generated_reports, label)
            assert html.is_file(), f"the runner wrote no HTML for {label}"
            shot = None
            if job.lang not in shot_langs:
                shot_langs.add(job.lang)
                shot = SCREENSHOTS / f"report_{job.lang}_{Path(job.notebook).stem}.png"
            cache[label] = visit(browser_context, html.as_uri(), screenshot=shot)
        return cache[label]

    return get


def test_every_planned_report_is_generated(generated_reports):
    # Report pages sit in <folder>/<lang>/; the index and caveats pages at the top.
    found = sorted(str(p.relative_to(generated_reports).with_suffix(".ipynb"))
                   for p in generated_reports.glob("*/*/*.html"))
    assert found == sorted(LABELS)
    assert sorted(p.name for p in generated_reports.glob("*.html")) == ["caveats.html", "caveats_en.html", "index.html", "index_en.html"]


@pytest.mark.parametrize("label", LABELS)
def test_report_opens_offline_with_heading_and_figures(label, visits, generated_reports):
    job = JOBS[LABELS.index(label)]
    page = visits(label)

    assert page.ok, f"{label}: navigation answered {page.status}"
    assert page.ready_state == "complete"
    assert not page.page_errors, f"{label}: JavaScript errors: {page.page_errors}"

    # Offline: nothing but the file itself and inline data: URLs is loaded.
    remote = [u for u in page.requests if not u.startswith(OFFLINE_SCHEMES)]
    assert not remote, f"{label} requested non-file URLs (the reports must open offline): {remote}"

    # The heading of the source notebook, in the page's language.
    zh, en = split_heading(first_heading(NOTEBOOKS / job.notebook))
    headings = [h.strip() for h in page.h1 if h.strip()]
    assert headings, f"{label}: no non-empty <h1>"
    if job.lang == "zh":
        assert any(zh in h for h in headings), f"{label}: {zh!r} not in the <h1>s {headings}"
    else:
        wanted = en or zh
        assert any(wanted in h for h in headings), f"{label}: {wanted!r} not in the <h1>s {headings}"
        for text in EN_LABELS.get(job.notebook, []):
            assert text in page.output_text, f"{label}: English label {text!r} not in the outputs"

    # Every image decoded, and at least one per figure in the executed notebook.
    broken = [img for img in page.images if not (img[0] and img[1] > 0 and img[2] > 0)]
    assert not broken, f"{label}: images not decoded (complete, width, height, shown width, src): {broken}"
    expected = figure_outputs(_html(generated_reports, label).with_suffix(".ipynb"))
    assert len(page.images) >= expected, f"{label}: {len(page.images)} <img> for {expected} figure outputs"
    hidden = [img for img in page.images if img[3] <= 0]
    assert not hidden, f"{label}: images shown with zero width: {hidden}"

    if page.screenshot is not None:
        assert page.screenshot.stat().st_size > 10_000


@pytest.mark.parametrize("label", [job.label for job in JOBS if job.lang == "en"])
def test_en_report_outputs_are_in_english(label, visits):
    """The en outputs (tables, printed lines, figure captions) carry less Chinese than the zh ones."""
    zh_label = label.replace("/en/", "/zh/")
    en_page, zh_page = visits(label), visits(zh_label)
    if not zh_page.output_text.strip():
        pytest.skip(f"{zh_label} has no text outputs to compare")
    assert en_page.output_text != zh_page.output_text, f"{label}: same outputs as {zh_label}"
    en_share, zh_share = cjk_share(en_page.output_text), cjk_share(zh_page.output_text)
    assert en_share < zh_share, f"{label}: CJK share {en_share:.2f} is not below the zh report's {zh_share:.2f}"


def test_report_relative_links_resolve(generated_reports):
    broken = set()
    for html in generated_reports.rglob("*.html"):
        for href in re.findall(r'href="([^"#][^"]*)"', html.read_text(encoding="utf-8")):
            if urlparse(href).scheme:  # http:, mailto:, data: ...
                continue
            target = (html.parent / unquote(href.split("#")[0])).resolve()
            if not target.exists():
                broken.add(f"{html.relative_to(generated_reports)} → {href}")
    assert not broken, "links to missing files:\n  " + "\n  ".join(sorted(broken))


def test_every_link_resolves_inside_a_copied_reports_folder(generated_reports, tmp_path):
    # A district office zips the reports folder and mails it: every relative href and src of
    # every page must lead to a file inside the copy (caveats pages, the copy of the list,
    # other reports), never to the checkout it was made in.
    copy = tmp_path / "mailed"
    shutil.copytree(generated_reports, copy)
    outside, missing, checked = set(), set(), 0
    for page in copy.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"#][^"]*)"', text):
            if urlparse(href).scheme:  # http(s): and embedded data: images
                continue
            checked += 1
            target = (page.parent / unquote(href.split("#")[0])).resolve()
            if not target.is_relative_to(copy.resolve()):
                outside.add(f"{page.relative_to(copy)} → {href}")
            elif not target.exists():
                missing.add(f"{page.relative_to(copy)} → {href}")
    assert checked > 100  # caveat links, source lines, index links
    assert not outside, "links leaving the reports folder:\n  " + "\n  ".join(sorted(outside))
    assert not missing, "links to missing files:\n  " + "\n  ".join(sorted(missing))


def test_reports_show_no_build_paths(generated_reports):
    leaks = sorted(
        str(html.relative_to(generated_reports))
        for html in generated_reports.rglob("*.html")
        if ".staging-" in html.read_text(encoding="utf-8") or "PosixPath(" in html.read_text(encoding="utf-8")
    )
    assert not leaks, "reports showing build-machine paths: " + ", ".join(leaks)


def test_jupyterlab_renders_notebook(browser_context, tmp_path):
    notebook = "01_investment.ipynb"
    heading = first_heading(NOTEBOOKS / notebook)
    with JupyterLab(REPO, tmp_path) as lab:
        page = browser_context.new_page()
        remote: list[str] = []
        page.on("request", lambda r: remote.append(r.url)
                if not r.url.startswith((lab.base, "data:", "blob:")) else None)
        try:
            page.goto(lab.url(f"/lab/tree/notebooks/{notebook}"), wait_until="domcontentloaded", timeout=60_000)
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(state="visible", timeout=60_000)
            h1 = page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first
            h1.wait_for(state="visible", timeout=60_000)
            # Let the kernel indicator and the rest of the first screen settle before the picture.
            page.wait_for_timeout(1_000)
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "jupyterlab.png"))
            shown = h1.inner_text().replace("¶", "").strip()
            assert heading in shown or split_heading(heading)[0] in shown, f"{shown!r} is not {heading!r}"
            assert not remote, f"JupyterLab made requests off this machine: {remote}"
        finally:
            page.close()


@pytest.mark.parametrize("page", ["index.html", "index_en.html"])
def test_index_page_opens_offline_with_the_list_its_findings_and_every_report(page, browser_context, generated_reports,
                                                                              bundled):
    from qpanalysis.reports.page import list_name

    lang = "zh" if page == "index.html" else "en"
    shot = SCREENSHOTS / f"index_{lang}.png"
    seen = visit(browser_context, (generated_reports / page).as_uri(), screenshot=shot)
    assert seen.ok and seen.ready_state == "complete" and not seen.page_errors
    remote = [u for u in seen.requests if not u.startswith(OFFLINE_SCHEMES)]
    assert not remote, f"{page} requested non-file URLs: {remote}"
    assert any(list_name(bundled, lang) in h for h in seen.h1), seen.h1
    assert bundled.sha256 in seen.body_text
    # The findings (an ordered list), then one row per report with its web page and PDF.
    assert 8 <= seen.body_text.count("（注意事项）" if lang == "zh" else "(caveat)") <= 10
    assert seen.scroll_width <= seen.client_width, f"{page} scrolls sideways"
