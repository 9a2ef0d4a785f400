"""Tests of qpanalysis.reports.latex: escaping and the booktabs layout."""

import pandas as pd

from qpanalysis.reports.latex import alignment, booktabs, escape


def test_every_special_character_is_escaped_once():
    text = r"a&b%c$d#e_f{g}h~i^j\k"
    assert escape(text) == (r"a\&b\%c\$d\#e\_f\{g\}h\textasciitilde{}i\textasciicircum{}j\textbackslash{}k")


def test_list_text_cannot_inject_commands():
    t = pd.DataFrame({"名称": [r"\input{/etc/passwd}"], "n": ["1"]})
    tex = booktabs(t, "cap", "tab:x")
    assert r"\input{" not in tex and r"\textbackslash{}input\{/etc/passwd\}" in tex


def test_numbers_right_text_left_and_total_rule():
    t = pd.DataFrame({"a": ["甲", "合计"], "b": ["1,234.5", "—"]})
    assert alignment(t) == "lr"
    tex = booktabs(t, "cap", "tab:x", total_row=True)
    assert tex.index(r"\midrule", tex.index("甲")) < tex.index("合计")
