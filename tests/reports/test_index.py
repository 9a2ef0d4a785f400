"""The index page's content: key findings generated from the list, each linked to its caveat."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from tests.display.findings_helpers import LANGS, cached, index_findings
from tests.variants import HOSTILE_NAMES, write_hostile

import qpanalysis as qp
from qpanalysis.config import CAVEATS_FILE
from qpanalysis.reports.index import (
    FEWEST_FINDINGS,
    MOST_FINDINGS,
    caveat_anchors,
    caveats_page,
    checked_findings,
    Finding,
    index_page,
    manifest,
)

ANCHORS = caveat_anchors(CAVEATS_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bundled_findings_lead_with_the_disclosed_total_and_link_existing_caveats(bundled, lang):
    found = index_findings(bundled, lang)
    assert len(found) == MOST_FINDINGS
    assert len({f.text for f in found}) == len(found)
    assert {f.anchor for f in found} <= ANCHORS
    # 278138 + 约68916 + 约2808 + 69.7 + 13 + 140 + 10478.4 + 830.14 + 240 = 361,633.24 万元, with 约:
    # ≈36.2 亿元 (≈3.62 billion yuan), 19.8 % of it approximate (tests/display/test_headlines.py)
    assert {"zh": "≈36.2亿元", "en": "≈3.62 billion yuan"}[lang] in found[0].text and "19.8%" in found[0].text
    assert found[0].anchor == "not-disclosed"
    # task 28's due month 2025.11, before the plan year: stated, linked to its caveat
    outside = [f for f in found if f.anchor == "outside-plan-year"]
    assert len(outside) == 1 and "2025.11" in outside[0].text


@pytest.mark.parametrize("name", ["next_year", "rescoped", "undisclosed", "single_section"])
def test_every_variant_gets_eight_to_ten_findings_of_its_own(loaded, name):
    tl = loaded[name]
    for lang, found in cached(checked_findings, tl, LANGS).items():
        assert FEWEST_FINDINGS <= len(found) <= MOST_FINDINGS, (name, lang, len(found))
        texts = " ".join(f.text for f in found)
        if name == "undisclosed":
            assert "361,633.24" not in texts and "278,138" not in texts and "36.2" not in texts and "3.62" not in texts
        if name == "next_year":
            # Task 28 (the only due month outside the plan year) is dropped: no such sentence,
            # and no finding states the bundled plan year.
            assert "outside-plan-year" not in {f.anchor for f in found}
            assert "2026" not in texts


def test_index_page_lists_the_lists_folders_and_the_other_lists_apart(bundled, loaded):
    other = loaded["rescoped"]
    entry = {"notebook": "01_investment.ipynb", "quarter": None, "lang": "zh", "title": "t",
             "name_zh": "投资分析", "name_en": "Investment analysis", "html": "zh/01_investment.html",
             "pdf": "zh/01_investment.pdf"}
    manifests = [manifest(bundled, "2026", [entry], ["downloads/x.xlsx", "downloads/csv/tasks.csv"]),
                 manifest(other, "trial", [entry])]
    page = index_page(bundled, manifests, "zh", ("zh", "en"), index_findings(bundled, "zh"))
    soup = BeautifulSoup(page, "html.parser")
    assert soup.title.get_text() == "青浦区2026年度任务清单：报告与下载"
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert "2026/zh/01_investment.pdf" in hrefs and "2026/downloads/x.xlsx" in hrefs
    assert hrefs[0] == "index_en.html"
    # The rescoped list's folder is listed apart, under its own checksum.
    others = soup.find_all("h2")[-1]
    assert others.get_text() == "其他报告文件夹"
    assert other.sha256[:12] in others.find_next("ul").get_text()
    assert len(soup.select("ol > li")) == MOST_FINDINGS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_variants_index_page_states_its_own_list_and_nothing_of_the_bundled_one(loaded, variant_paths, lang):
    # The variant's end-to-end run makes the index in English only (tests/reports/test_variants.py);
    # here the page in both languages, from next_year's findings. Its facts read from its text
    # without qpanalysis: the title's 2027, its 39 task rows (41 − tasks 3 and 28), the sum of
    # its amounts, its checksum; nothing of the bundled list it lacks: no dropped task's name,
    # no 2026 but the run's own stamps (the day it was made, the package's citation year).
    from tests.display.findings_helpers import amounts, formatted, task_rows
    from tests.reports.test_variants import read_facts, stale

    tl, path = loaded["next_year"], variant_paths["next_year"]
    facts = read_facts(path)
    soup = BeautifulSoup(index_page(tl, [], lang, ("zh", "en"), index_findings(tl, lang)), "html.parser")
    text = " ".join(soup.get_text(" ").split())
    assert facts.plan_year == 2027 and "2027" in soup.h1.get_text() and facts.sha256 in text
    assert {"zh": f"{facts.tasks}项任务", "en": f"{facts.tasks} tasks"}[lang] in text
    assert facts.tasks == len(task_rows(path)) == 39
    assert formatted(sum(amounts(path).values())) in text
    bundled_names = {row["任务名称"] for row in task_rows(qp.config.BUNDLED_LIST)}
    assert not [name for name in bundled_names - set(facts.names) if name in text]
    assert stale(text, facts.text, "2026") == []


def test_caveats_page_keeps_every_anchor_and_draws_the_ratings():
    page = caveats_page(CAVEATS_FILE.read_text(encoding="utf-8"))
    ids = set(re.findall(r'<a id="([^"]+)"', page))
    assert ids == ANCHORS
    assert "🟢" not in page and 'title="green"' in page


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The bundled list with hostile task names (tests/variants.py), and its findings in both languages."""
    tl = qp.load(write_hostile(tmp_path_factory.mktemp("hostile")))
    return tl, checked_findings(tl, ("zh", "en"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_names_from_the_list_are_shown_as_written_never_as_links_or_markup(hostile, lang):
    tl, found = hostile
    page = index_page(tl, [], lang, ("zh", "en"), found[lang])
    soup = BeautifulSoup(page, "html.parser")
    findings = soup.select("ol > li")
    # Task 3, the largest amount (278,138 万元, 76.9% of the disclosed total), is named in the
    # second finding: its name, a Markdown link to javascript:, is text.
    assert HOSTILE_NAMES[3] in findings[1].get_text()
    # Each finding links to its caveat only; the page holds no script and no link but to its own files.
    caveats = {"zh": "caveats.html", "en": "caveats_en.html"}[lang]  # the caveats log in the page's language
    assert [[a["href"].split("#")[0] for a in li.find_all("a")] for li in findings] == [[caveats]] * len(findings)
    assert soup.find("script") is None
    assert {a["href"].split("#")[0] for a in soup.find_all(href=True)} == {caveats, "index.html" if lang == "en"
                                                                           else "index_en.html"}


def test_the_index_page_drops_a_javascript_link_whatever_makes_it(bundled):
    # Defence in depth: a finding whose Markdown holds a live link (as no finding does, since
    # the list's text is escaped) loses its href on the page; its text stays.
    hostile = [Finding('<a href="javascript:alert(1)">点我</a> 与 [文档](https://example.org)', "totals")]
    soup = BeautifulSoup(index_page(bundled, [], "zh", ("zh",), hostile), "html.parser")
    links = soup.select("ol > li a")
    assert [(a.get_text(), a.get("href")) for a in links] == [
        ("点我", None), ("文档", "https://example.org"), ("（注意事项）", "caveats.html#totals")]


@pytest.mark.parametrize(("lang", "html_lang", "headings", "caveat"), [
    ("zh", "zh-CN", ["主要发现", "报告", "下载", "引用方式"], "（注意事项）"),
    ("en", "en", ["Key findings", "Reports", "Downloads", "How to cite"], "(caveat)"),
])
def test_the_index_words_come_in_the_page_language(bundled, lang, html_lang, headings, caveat):
    page = index_page(bundled, [manifest(bundled, "2026", [], ["downloads/x.xlsx"])], lang, ("zh", "en"),
                      index_findings(bundled, lang))
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == html_lang
    assert [h.get_text() for h in soup.find_all("h2")] == headings
    assert {a.get_text() for a in soup.select("ol > li a.caveat")} == {caveat}
    # 41 tasks in 7 sections, from the bundled list's 序号 and section headings
    assert ("41项任务，分7个板块" if lang == "zh" else "41 tasks in 7 sections") in soup.find("dl").get_text()
    # The suggested citations name the list's checksum and the package version, in both styles.
    cited = [dd.get_text() for dd in soup.select("dd.citation")]
    assert len(cited) == 2 and all("1970cfd1…2be33314" in c and qp.__version__ in c for c in cited)
