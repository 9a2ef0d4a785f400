"""Tests of qpanalysis.display.findings.words: the figures, lists and bullets the findings are written with, at their edges."""

from __future__ import annotations

import pytest

from qpanalysis.display.findings import words


@pytest.mark.parametrize(("value", "written"), [
    (0, "0"), (13.0, "13"), (69.7, "69.7"), (23.233333, "23.23"), (0.004, "0"), (1_080_545.88, "1,080,545.88"),
    (-60.0, "-60"),
])
def test_a_number_is_written_with_separators_and_at_most_two_decimals(value, written):
    # 69.7 / 3 = 23.2333… (task 11's equal split) is written 23.23; nothing is written "23.2333".
    assert words.number(value) == written


def test_a_share_rounds_to_one_decimal_and_keeps_it():
    # 278138 / 361633.24 = 0.76911… → 76.9%; an exact half keeps its decimal: 50.0%.
    assert [words.pct(s) for s in (278_138 / 361_633.24, 0.5, 0.0, 1.0)] == ["76.9%", "50.0%", "0.0%", "100.0%"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_list_names_every_item_once_in_order(lang):
    items = ["甲", "乙", "丙", "丁"]
    for n in range(1, 5):
        joined = words.join(items[:n], lang)
        positions = [joined.index(item) for item in items[:n]]
        assert positions == sorted(positions) and all(joined.count(item) == 1 for item in items[:n])
    assert words.task_ids([39, 1, 5], lang).count("39") == 1


def test_bullets_keep_every_non_empty_line_in_order():
    assert words.bullets([]) == ""
    assert words.bullets(["一", "", "二", "三"]).splitlines() == ["- 一", "- 二", "- 三"]
