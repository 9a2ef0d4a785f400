"""List text put into Markdown shows as written in every renderer of the package, and is never markup.

The renderers: nbconvert's Markdown (the HTML reports, with its math and bare-URL links),
mistune as the index page uses it, and mistune's tokens as the PDF uses them (Typst).
"""

from __future__ import annotations

import re

import mistune
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from qpanalysis.display.markup import code, md, show
from qpanalysis.reports.typst.markdown import markdown_parser

# Where list text stands in a sentence: first in a bullet, after the report's words, and
# after the report's own "]" (the English "[no English name]" flag).
PREFIXES = ("- ", "- 任务3（", "- task 3 [no English name]")
# Elements that only markup could make: a list text must make none of them.
MARKUP_TAGS = ["a", "script", "em", "strong", "code", "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "ol", "img", "table", "hr", "pre", "input", "dl", "iframe", "style"]
HOSTILE = [
    "[点我](javascript:alert(1))", "*强调*", "_斜体_", "**粗**", "<script>alert(1)</script>", "<b>x</b>",
    '=HYPERLINK("http://x","y")', "http://x.y/z", "<http://x>", "a\\b", "\\*", "a & b", "&amp;", "&#106;",
    "# 标题", "1. 第一", "1) 第一", "> 引用", "+ x", "- y", "(javascript:x)", "$x$", "$$x$$", "\\(x\\)",
    "\\[x\\]", "\\begin{equation}x\\end{equation}", "~~删除~~", "a|b", "`code`", "```", "---", "***", "___",
    "[ ] 任务", "![图](javascript:x)", "[x]: javascript:y", "2025.11", "完善乡村停车场(点)", "＝1+2", "甲·乙",
]


def _text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def _markup(html: str) -> list[str]:
    return [tag.name for tag in BeautifulSoup(html, "html.parser").find_all(MARKUP_TAGS)]


def _pdf_text(markdown: str) -> str:
    """The text the PDF shows of a Markdown bullet: its mistune text tokens, joined."""
    out = []

    def walk(tokens):
        for token in tokens:
            if token["type"] == "text":
                out.append(token["raw"])
            elif token["type"] == "softbreak":
                out.append(" ")
            assert token["type"] in {"text", "list", "list_item", "block_text", "paragraph", "softbreak",
                                     "blank_line"}, token
            walk(token.get("children", []))

    walk(markdown_parser()(markdown))
    return " ".join("".join(out).split())


def _rendered(prefix: str, text: str) -> dict[str, str]:
    source = prefix + md(text) + " 尾"
    index = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    return {"nbconvert": markdown2html_mistune(source), "index": index(source), "pdf": source}


def _check(text: str) -> None:
    for prefix in PREFIXES:
        expected = " ".join((prefix[2:] + text + " 尾").split())
        for renderer, out in _rendered(prefix, text).items():
            if renderer == "pdf":
                assert _pdf_text(out) == expected, (prefix, text)
                continue
            assert _markup(out) == [], (renderer, prefix, text, out)
            assert _text(out) == expected, (renderer, prefix, text, out)
            assert len(BeautifulSoup(out, "html.parser").find_all("li")) == 1, (renderer, prefix, text, out)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_shows_as_written_and_makes_no_markup(text):
    _check(text)


def test_the_same_text_unescaped_would_be_markup():
    # The control: without md(), these are a live javascript: link, emphasis and a script.
    html = markdown2html_mistune("- [点我](javascript:alert(1)) *强调* <script>alert(1)</script>")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("a")["href"] == "javascript:alert(1)" and soup.find("em") and soup.find("script")


def test_chinese_text_and_ordinary_punctuation_are_left_alone():
    for text in ("推进全域土地综合整治", "完善乡村停车场(点)", "2025.11", "金泽镇、白鹤镇", "约1,000万元（试点）", "＝１＋２"):
        assert md(text) == text


def test_line_breaks_become_spaces_and_the_bullet_stays_one_line():
    assert md("风貌\r=1+2") == "风貌 =1+2"
    assert md("甲\n# 乙\r\n- 丙\u2028丁") == "甲 # 乙 - 丙 丁"
    _check("甲\n===\n乙")


def test_code_spans_hold_any_text():
    for text in ("list.txt", "a`b", "``x", "<script>", "*a*"):
        html = markdown2html_mistune(f"- file {code(text)} end")
        assert BeautifulSoup(html, "html.parser").find("code").get_text() == text


# Text built of the characters that matter: every ASCII punctuation mark, letters, digits,
# spaces, line breaks and Chinese.
CHARACTERS = st.sampled_from(list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + list("ab19 \r\n") + list("任务（）＝"))


@given(st.text(CHARACTERS, min_size=1, max_size=12))
def test_any_text_shows_as_written(text):
    if not text.strip():
        return
    _check(text)


def test_typst_gets_the_characters_without_backslashes():
    from qpanalysis.reports.typst.markdown import markdown_to_typst

    typst = markdown_to_typst("- " + md("[点我](javascript:alert(1)) *强调* <b> & 1.5"), "zh")
    assert re.sub(r'"#"', "", typst) == '#list(tight: true, [#"[点我](javascript:alert(1)) *强调* <b> & 1.5"])'


def test_show_displays_the_markdown_as_a_markdown_output(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects, **_: shown.extend(objects))
    show("- 任务3 \\*强调\\*")
    (output,) = shown
    # The cell's output is the text itself under text/markdown: what nbconvert renders and the PDF reads.
    assert output._repr_markdown_() == "- 任务3 \\*强调\\*"


# The findings that quote the hostile list's markup names (tests/variants.py): task 3, the
# largest amount, in the investment report; task 4, several percentages in one milestone,
# and task 28, due before the plan year, in the quarterly report. The hostile list runs end
# to end in Chinese (tests/reports/test_hostile_reports.py); here both languages, in the
# renderers the reports use. English quotes a name between “ ” followed by the report's own
# "[no English name]", a place Chinese has not.
QUOTED_IN_FINDINGS = {"investment": (3,), "quarterly": (4, 28)}


@pytest.fixture(scope="module")
def hostile_list(tmp_path_factory):
    import qpanalysis as qp
    from tests.variants import write_hostile

    return qp.load(write_hostile(tmp_path_factory.mktemp("hostile")))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_findings_quote_hostile_names_as_written_in_html_and_pdf(hostile_list, lang):
    from qpanalysis.display.findings import investment, quarterly
    from qpanalysis.reports.typst.markdown import markdown_to_typst
    from tests.variants import HOSTILE_NAMES

    def pdf_text(tokens) -> str:  # the text the PDF shows: mistune's text tokens, as the Typst writer reads them
        return "".join(t.get("raw", "") if t["type"] == "text" else " " if t["type"] == "softbreak"
                       else pdf_text(t.get("children", [])) + " " for t in tokens)

    found = {"investment": investment.investment_findings(hostile_list, lang),
             "quarterly": quarterly.quarterly_findings(hostile_list, "Q3", lang=lang)}
    for report, tasks in QUOTED_IN_FINDINGS.items():
        markdown = "\n\n".join(found[report].values())
        soup = BeautifulSoup(markdown2html_mistune(markdown), "html.parser")
        typst = markdown_to_typst(markdown, lang)
        pdf = " ".join(pdf_text(markdown_parser()(markdown)).split())
        for task in tasks:
            name = HOSTILE_NAMES[task]
            bullets = [li for li in soup.find_all("li") if name in " ".join(li.get_text().split())]
            assert bullets, (report, lang, name)
            assert [li for li in bullets if li.find(["a", "em", "script", "code"])] == [], (report, lang, name)
            assert name in pdf, (report, lang, name)
        text = " ".join(soup.get_text(" ").split())
        assert "\\[" not in text and "\\*" not in text and "\\<" not in text, (report, lang)
        assert not re.search(r"\\[\[\]*<>&_`]", typst), (report, lang)
