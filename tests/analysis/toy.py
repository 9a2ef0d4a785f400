"""Small made-up task tables for the investment, allocation and sensitivity tests."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd


def toy_reference():
    """The bundled reference tables, with the made-up towns of :func:`toy_tables` (甲镇 alias 甲…)."""
    from qpanalysis.ingest.reference import load_reference

    bundled = load_reference()
    towns = pd.DataFrame({"town": ["甲镇", "乙镇", "丙镇"], "town_en": ["A", "B", "C"], "aliases": ["甲", "乙", "丙"],
                          "in_district": [True] * 3, "type": ["镇"] * 3, "area": ["东"] * 3})
    return replace(bundled, towns=towns)


def toy_tables():
    """Tasks, towns and quantities of seven made-up tasks, one for each allocation rule."""
    tasks = pd.DataFrame({
        "task_id": [1, 2, 3, 4, 5, 6, 7],
        "investment_wan": [100.0, 90.0, 60.0, 10.0, 5.0, None, 30.0],
        "investment_is_approx": [False, True, False, False, False, False, False],
    })
    towns = pd.DataFrame({
        "task_id": [1, 1, 2, 2, 2, 3, 4, 5, 6, 7, 7],
        "town": ["甲镇", "乙镇", "甲镇", "乙镇", "丙镇", "甲镇", None, "甲镇", "乙镇", "甲镇", "乙镇"],
        "basis": ["explicit", "explicit", "explicit", "explicit", "explicit", "explicit", "unspecified",
                  "district-wide", "explicit", "from-breakdown", "from-breakdown"],
    })
    # task 1: 甲 3, 乙 1 → 75 / 25; task 7: second metric only, first is 甲 1 乙 2 → 10 / 20;
    # a stated total (town None) never drives a split
    quantities = pd.DataFrame({
        "task_id": [1, 1, 1, 7, 7, 7, 7],
        "metric": ["站点", "站点", "站点", "停车场", "停车场", "公厕", "公厕"],
        "unit": ["个"] * 7,
        "town": ["甲镇", "乙镇", None, "甲镇", "乙镇", "甲镇", "乙镇"],
        "quantity": [3.0, 1.0, 4.0, 1.0, 2.0, 5.0, 5.0],
    })
    return tasks, towns, quantities
