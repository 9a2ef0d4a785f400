"""Chinese numerals are read (and written) by qpanalysis.ingest.numerals alone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from qpanalysis import codes
from qpanalysis.ingest import layout, numerals, parsing
from qpanalysis.ingest.funding_formula import TOWN_GROUP
from qpanalysis.ingest.scale import parse_scale
from qpanalysis.ingest.targets import parse_target
from tests import source_trees

PACKAGE = Path(codes.__file__).parent


def test_round_trip_1_to_99():
    assert [numerals.chinese_int(numerals.chinese_numeral(n)) for n in range(1, 100)] == list(range(1, 100))
    assert numerals.chinese_numeral(11) == "十一" and numerals.chinese_numeral(90) == "九十"


@pytest.mark.parametrize("text", ["", "十十", "零", "一百", "二二", "十两", "11", "第二", " 三"])
def test_anything_but_one_numeral_is_refused(text):
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        numerals.chinese_int(text)


@pytest.mark.parametrize("value", [0, 100, -3, 2.0, True])
def test_only_1_to_99_are_written(value):
    with pytest.raises(ValueError):
        numerals.chinese_numeral(value)


def test_every_reader_uses_it():
    assert parse_target("完成二十三个站点").target_quantity == 23  # targets: 1-99
    assert parse_target("完成两个").target_quantity == 2
    assert [f.quantity for f in parse_scale("两个试点片区")] == [2.0]  # scale: one character
    assert TOWN_GROUP.match("青西三镇")["n"] == "三"
    assert parsing.DISTRICT_WIDE.match("十一个街镇及所属村居") and parsing.DISTRICT_WIDE.match("11个街镇")
    assert layout.SECTION_ROW.match("<b>十、某板块</b>")["numeral"] == "十"


def test_no_other_module_spells_the_digits():
    """A run of three numeral characters (一二三, 五六七 …) in a string constant is a numeral table of its own."""
    run = re.compile("[" + numerals.DIGITS + "两十]{3,}")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "numerals.py":
            continue
        for node in ast.walk(source_trees.tree(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found += [f"{path.relative_to(PACKAGE)}:{node.lineno} {m}" for m in run.findall(node.value)
                          if len(set(m)) >= 3]
    assert not found, "\n".join(found)


def test_section_headings_write_what_the_loader_reads():
    """The Chinese catalogue's section numerals (display.labels.section_numeral) are the numerals
    the section rows are read with, so a heading names a section as the list does."""
    from qpanalysis.display import labels, messages

    written = messages.text("format.section_numerals", "zh").split()
    assert written == [numerals.chinese_numeral(n) for n in range(1, len(written) + 1)]
    assert [numerals.chinese_int(labels.section_numeral(n, "zh")) for n in range(1, 11)] == list(range(1, 11))
