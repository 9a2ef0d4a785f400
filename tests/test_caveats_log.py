"""The caveats log in Chinese matches the English one section by section, and every anchor the package links to exists in both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from qpanalysis.reports.index import FINDINGS, caveat_anchors

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "docs" / "assumptions_and_caveats.md"
ZH = ROOT / "docs" / "assumptions_and_caveats.zh.md"
# A section: its line of anchors, then its heading "## <number>. <title> · <ratings>".
SECTION = re.compile(r'^((?:<a id="[^"]+"></a>)+)\n## (\S+)\. (.+)$', re.M)
RATING = re.compile("[🟢🟡🔴]")
# Task numbers as each language lists them: "tasks 7, 8, 18 (2026.11) and 23" and
# "任务7、8、18（2026.11）和23"; a parenthesis after a number is skipped, not read.
TASKS = {
    "en": re.compile(r"\b[Tt]asks? (\d+(?:\s*\([^)]*\))?(?:(?:, and |, | and )\d+(?:\s*\([^)]*\))?)*)"),
    "zh": re.compile(r"任务(\d+(?:（[^）]*）)?(?:(?:、|和)\d+(?:（[^）]*）)?)*)"),
}
PARENTHESIS = re.compile(r"\([^)]*\)|（[^）]*）")
# Links from code and notebooks into the log: "assumptions_and_caveats.md#town-basis".
LINK = re.compile(r"assumptions_and_caveats\.md#([a-z0-9-]+)")
# Prose of a section, for its language: inline code, HTML tags and link targets removed.
CODE = re.compile(r"`[^`]*`|<[^>]+>|\]\([^)]*\)")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
# A section of the Chinese log is Chinese when CJK characters are more than this share of
# its letters (CJK and Latin). The English sections, Chinese terms and all, stay below it
# (highest 0.12, section 13); the Chinese ones are above 0.9.
MIN_CJK_SHARE = 0.3


@dataclass(frozen=True)
class Section:
    anchors: tuple[str, ...]
    number: str
    heading: str
    body: str

    @property
    def ratings(self) -> tuple[str, ...]:
        return tuple(RATING.findall(self.heading))


def sections(text: str) -> list[Section]:
    """The numbered sections of a caveats log, in order, each with its anchors and body."""
    found = list(SECTION.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [Section(tuple(re.findall(r'id="([^"]+)"', m[1])), m[2], m[3], text[m.end():end])
            for m, end in zip(found, ends)]


def task_numbers(text: str, lang: str) -> set[int]:
    return {int(n) for listed in TASKS[lang].findall(text) for n in re.findall(r"\d+", PARENTHESIS.sub("", listed))}


def cjk_share(text: str) -> float:
    prose = CODE.sub("", text)
    cjk, latin = len(CJK.findall(prose)), len(LATIN.findall(prose))
    return cjk / max(1, cjk + latin)


@pytest.fixture(scope="module")
def logs() -> dict[str, str]:
    return {"en": EN.read_text(encoding="utf-8"), "zh": ZH.read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def pairs(logs) -> list[tuple[Section, Section]]:
    en, zh = sections(logs["en"]), sections(logs["zh"])
    assert len(en) == len(zh)
    return list(zip(en, zh))


def test_the_parser_reads_sections_task_numbers_and_language():
    text = ('<a id="a"></a><a id="b"></a>\n## 2a. Title · quality 🟡 impact 🔴\n\n- tasks 7, 8 (x) and 23; task 5.\n'
            '<a id="c"></a>\n## 3. 标题 · 质量 🟢 影响 🟢\n\n- 任务7、8（2026.11）和23；任务数\n')
    first, second = sections(text)
    assert (first.anchors, first.number, first.ratings) == (("a", "b"), "2a", ("🟡", "🔴"))
    assert (second.anchors, second.number, second.ratings) == (("c",), "3", ("🟢", "🟢"))
    assert task_numbers(first.body, "en") == {5, 7, 8, 23} and task_numbers(second.body, "zh") == {7, 8, 23}
    assert cjk_share(first.body) < MIN_CJK_SHARE < cjk_share(second.body)


def test_both_logs_have_the_21_sections_in_the_same_order(pairs):
    # 1, 2, 2a, 3, 4, 5, 0, 6a, 6, 7, 8, 8a, 9, 10, 10a, 11 to 16: 21 sections as the English log numbers them.
    numbers = [en.number for en, _ in pairs]
    assert numbers == ["1", "2", "2a", "3", "4", "5", "0", "6a", "6", "7", "8", "8a", "9", "10", "10a",
                       "11", "12", "13", "14", "15", "16"]
    assert [zh.number for _, zh in pairs] == numbers


def test_the_same_anchors_in_the_same_order(logs, pairs):
    for en, zh in pairs:
        assert zh.anchors == en.anchors, f"section {en.number}"
    # No anchor lies outside a section line, and none is repeated.
    for lang, text in logs.items():
        listed = [a for en, zh in pairs for a in (en if lang == "en" else zh).anchors]
        assert len(listed) == len(set(listed)) == len(caveat_anchors(text)), lang


def test_the_same_ratings_per_section(pairs):
    for en, zh in pairs:
        assert len(en.ratings) == 2, f"section {en.number}: {en.heading}"
        assert zh.ratings == en.ratings, f"section {en.number}"
        assert "quality" in en.heading and "质量" in zh.heading and "影响" in zh.heading


def test_the_same_task_numbers_per_section(pairs):
    for en, zh in pairs:
        assert task_numbers(zh.body, "zh") == task_numbers(en.body, "en"), f"section {en.number}"
    # Section 4 lists the 11 tasks whose target is given under H1 only; a dropped one would show.
    by_number = {en.number: (en, zh) for en, zh in pairs}
    assert task_numbers(by_number["4"][1].body, "zh") == {1, 5, 12, 16, 19, 24, 25, 30, 32, 38, 39}


def test_every_section_of_the_chinese_log_is_in_chinese(logs, pairs):
    for en, zh in pairs:
        assert cjk_share(zh.heading + zh.body) > MIN_CJK_SHARE, f"section {zh.number} reads as English"
        assert cjk_share(en.heading + en.body) < MIN_CJK_SHARE, f"section {en.number} of the English log"
    intro = logs["zh"][:SECTION.search(logs["zh"]).start()]
    assert cjk_share(intro.replace("[English version]", "")) > MIN_CJK_SHARE


def _linked_anchors() -> dict[str, set[str]]:
    """Anchor → the files that link to it: the package's code, the notebooks, the README, the key findings."""
    linked: dict[str, set[str]] = {}
    for path in [*ROOT.joinpath("qpanalysis").rglob("*.py"), *ROOT.joinpath("notebooks").glob("*.ipynb"), ROOT / "README.md"]:
        for anchor in LINK.findall(path.read_text(encoding="utf-8")):
            linked.setdefault(anchor, set()).add(str(path.relative_to(ROOT)))
    for _, _, anchor in FINDINGS:
        linked.setdefault(anchor, set()).add("qpanalysis/reports/index.py FINDINGS")
    return linked


def test_every_anchor_the_package_links_to_exists_in_both_logs(logs):
    linked = _linked_anchors()
    # The notebooks alone link to some thirty entries; the key findings to 14.
    assert len(linked) >= 30
    for lang, text in logs.items():
        missing = {anchor: sorted(where) for anchor, where in linked.items() if anchor not in caveat_anchors(text)}
        assert not missing, f"{lang} log lacks anchors linked from: {missing}"


def test_each_log_links_to_the_other(logs):
    assert logs["en"].splitlines()[0] == "[中文版](assumptions_and_caveats.zh.md)"
    assert logs["zh"].splitlines()[0] == "[English version](assumptions_and_caveats.md)"
