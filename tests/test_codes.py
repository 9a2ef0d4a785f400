"""Tests of qpanalysis.codes: each vocabulary holds distinct codes, and a value outside one is refused by name."""

from __future__ import annotations

import pytest

from qpanalysis import codes

VOCABULARIES = {name: value for name, value in vars(codes).items()
                if name.isupper() and isinstance(value, tuple) and value and all(isinstance(v, str) for v in value)}


def test_every_vocabulary_holds_distinct_codes():
    assert {"LANGS", "PERIODS", "TOWN_BASES", "STATUSES", "PROBLEM_KINDS"} <= set(VOCABULARIES)
    repeated = {name: values for name, values in VOCABULARIES.items() if len(set(values)) != len(values)}
    assert repeated == {}


def test_the_period_tables_agree_with_the_periods():
    assert list(codes.PERIOD_MONTHS) == list(codes.PERIODS) == sorted(codes.PERIOD_ORDER, key=codes.PERIOD_ORDER.get)
    months = [m for first, last in codes.PERIOD_MONTHS.values() for m in (first, last)]
    assert months == sorted(months) and months[0] == 1 and months[-1] == 12  # H1, Q3, Q4 cover the year in order


@pytest.mark.parametrize("value", ["fr", "", None, "ZH"])
def test_check_refuses_a_value_outside_the_vocabulary_naming_it(value):
    with pytest.raises(ValueError, match=r"lang must be one of \('zh', 'en'\), not " + repr(repr(value))[1:-1]):
        codes.check(value, codes.LANGS, "lang")
    codes.check("en", codes.LANGS, "lang")
