"""The message catalogues: every id in every language with the same placeholders, and every id in use."""

from __future__ import annotations

import ast
import re

import pytest

from qpanalysis.config import MESSAGES_DIR, PACKAGE_DIR
from qpanalysis.display import messages as msg
from tests import source_trees

CJK = re.compile(r"[\u4e00-\u9fff]")
LANGS = sorted(p.stem for p in MESSAGES_DIR.glob("*.po"))
# Calls whose first (or third, for dates) argument is a message id.
ID_CALLS = {"text": 0, "date": 2}


def _ids_used_in_code() -> dict[str, str]:
    """Every literal message id passed to messages.text / messages.date in the package → where."""
    used = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(source_trees.tree(path)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ID_CALLS or getattr(node.func.value, "id", None) != "msg":
                continue
            argument = node.args[ID_CALLS[node.func.attr]] if len(node.args) > ID_CALLS[node.func.attr] else None
            # `"a" if … else "b"` chooses between two ids: both are used.
            for constant in ast.walk(argument) if argument is not None else ():
                if isinstance(constant, ast.Constant) and isinstance(constant.value, str) and "." in constant.value:
                    used[constant.value] = f"{path.relative_to(PACKAGE_DIR.parent)}:{node.lineno}"
    return used


def test_both_report_languages_have_a_catalogue():
    assert {"zh", "en"} <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalogue_has_the_same_ids_with_the_same_placeholders(lang):
    reference = msg.catalogue("en")
    other = msg.catalogue(lang)
    assert set(other) == set(reference), set(other) ^ set(reference)
    for message_id, text in reference.items():
        assert msg.placeholders(other[message_id]) == msg.placeholders(text), message_id


def test_every_id_the_code_uses_is_in_the_catalogue_and_every_catalogue_id_is_used():
    used = _ids_used_in_code()
    assert len(used) >= 45  # the quality, quarterly and coverage charts use 49
    missing = {i: where for i, where in used.items() if i not in msg.catalogue("en")}
    assert not missing
    assert set(msg.catalogue("en")) - set(used) == set()


def test_words_come_out_filled_in_each_language():
    assert msg.text("chart.quarterly.due.title", "zh", quarter="第三季度", group="板块") == "第三季度到期的里程碑（按板块）"
    assert msg.text("chart.quarterly.due.title", "en", quarter="third quarter", group="section") == (
        "Milestones due in the third quarter, by section")


def test_an_unfilled_placeholder_or_unknown_language_is_an_error_naming_it():
    with pytest.raises(msg.MessageError, match=r"needs \['group', 'quarter'\]"):
        msg.text("chart.quarterly.due.title", "en")
    with pytest.raises(msg.MessageError, match="no message catalogue for language 'fr'"):
        msg.text("chart.axis.tasks", "fr")


def test_numbers_and_dates_follow_each_locale():
    assert msg.number(361633.24, "en") == "361,633.24"
    assert msg.signed(-2, "zh") == "-2"
    assert msg.date("2026-12-31", "zh", "format.date.day_month") == "12月31日"
    assert msg.date("2026-12-31", "en", "format.date.day_month") == "31 Dec 2026"


def test_a_third_language_is_one_more_file(tmp_path):
    english = msg.catalogue_path("en").read_text(encoding="utf-8")
    (tmp_path / "fr.po").write_text(english.replace("Language: en", "Language: fr"), encoding="utf-8")
    assert msg.locale("fr", tmp_path) == "fr"
    assert msg.catalogue("fr", tmp_path)["chart.axis.tasks"] == "Number of tasks"


def test_a_text_left_empty_is_refused(tmp_path):
    english = msg.catalogue_path("en").read_text(encoding="utf-8")
    emptied = re.sub(r'(msgid "chart.axis.tasks"\nmsgstr )"[^"]*"', r'\1""', english)
    (tmp_path / "en.po").write_text(emptied, encoding="utf-8")
    with pytest.raises(msg.MessageError, match="'chart.axis.tasks' has no text"):
        msg.catalogue("en", tmp_path)


def _cjk_literals_in_calls(source: str) -> list[str]:
    """Chinese string literals (f-strings included) passed to a call: words that belong in the catalogue."""
    found = set()
    for node in ast.walk(source_trees.parsed(source)):
        if isinstance(node, ast.Call):
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                for constant in ast.walk(argument):
                    if isinstance(constant, ast.Constant) and isinstance(constant.value, str) and CJK.search(constant.value):
                        found.add(constant.value)
    return sorted(found)


def test_the_check_finds_a_sentence_pair():
    assert _cjk_literals_in_calls('ax.set_title(_t(lang, f"{n}项任务", f"{n} tasks"))') == ["项任务"]


MIGRATED = ("charts/quality.py", "charts/quarterly.py", "charts/coverage.py", "charts/investment.py",
            "charts/workload.py", "charts/style.py", "reports/index.py", "reports/page.py", "reports/params.py",
            "reports/pdf.py", "reports/typst/document.py", "display/labels.py", "display/tables.py", "display/card.py")


@pytest.mark.parametrize("name", MIGRATED)
def test_the_migrated_modules_hold_no_sentence_pair_and_no_language_branch(name):
    source = (PACKAGE_DIR / name).read_text(encoding="utf-8")
    assert not re.search(r"\b_t\(|\.t\(|\bpick\(|lang == \"|lang == '", source), name
    assert _cjk_literals_in_calls(source) == [], name


def _language_branches(source: str) -> list[int]:
    """Lines that compare ``lang`` with == or != to one language (a string, or a constant such as
    LIST_LANGUAGE): code that words things one way for that language and another way for the rest.
    Comparing ``lang`` with another variable (the other languages of a run) is not a branch."""
    lines = []
    for node in ast.walk(source_trees.parsed(source)):
        if not (isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops)):
            continue
        sides = (node.left, *node.comparators)
        one_language = any((isinstance(s, ast.Constant) and isinstance(s.value, str))
                           or (isinstance(s, ast.Name) and s.id.isupper()) for s in sides)
        if one_language and any(isinstance(s, ast.Name) and s.id == "lang" for s in sides):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_check_finds_a_language_branch():
    source = 'x = 1 if lang == "zh" else 2\nif LIST_LANGUAGE != lang:\n    pass\ny = [o for o in LANGS if o != lang]'
    assert _language_branches(source) == [1, 2]


def test_no_module_of_the_package_branches_on_the_language():
    # The catalogue, a lookup keyed by language or labels.reads_source decides, never `lang == …`.
    found = {str(path.relative_to(PACKAGE_DIR)): lines for path in sorted(PACKAGE_DIR.rglob("*.py"))
             if (lines := _language_branches(path.read_text(encoding="utf-8")))}
    assert found == {}
