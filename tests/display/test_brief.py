"""Tests of qpanalysis.display.brief: the quarterly brief by lead department, as a document in each language."""

import re
from pathlib import Path

import pytest

from qpanalysis.display.brief import brief_document, reported

# Absolute: another test may have changed the working folder.
PROGRESS = Path(__file__).resolve().parents[1] / "data" / "progress" / "progress_all_statuses.csv"


@pytest.fixture(scope="module", params=["zh", "en"])
def document(request, bundled):
    return brief_document(bundled, "Q3", progress=PROGRESS, lang=request.param, version="9.9.9", generated="2026-10-08")


def _texts(doc, kind):
    return [b.text for b in doc.blocks if b.kind == kind]


def test_headings_are_numbered_in_the_official_order(bundled):
    zh = brief_document(bundled, "Q3", lang="zh", generated="2026-10-08")
    en = brief_document(bundled, "Q3", lang="en", generated="2026-10-08")
    assert _texts(zh, "heading1") == ["一、总体情况", "二、各牵头部门本季度到期的里程碑", "三、进度滞后的任务", "四、说明"]
    assert _texts(en, "heading1")[0] == "1. Summary"
    # Twelve departments: （一） … （十二）, numerals past ten written out too.
    assert [t.split("）")[0] + "）" for t in _texts(zh, "heading2")][-3:] == ["（十）", "（十一）", "（十二）"]


def test_every_department_with_a_milestone_has_a_heading_and_a_table(document):
    # 12 lead departments have a Q3 milestone (tests/analysis/test_brief.py): 12 tables of
    # milestones and, with the progress file, one table of the 3 tasks behind.
    assert len(_texts(document, "heading2")) == 12
    tables = [b.table for b in document.blocks if b.kind == "table"]
    assert len(tables) == 13
    assert sum(len(t) for t in tables[:12]) == 30
    assert tables[-1].iloc[:, 0].tolist() == ["5", "8", "23"]


def test_department_names_and_counts_agree_in_english(bundled):
    en = brief_document(bundled, "Q3", lang="en", generated="2026-10-08")
    headings = _texts(en, "heading2")
    assert headings[0] == "(1) Agriculture and Rural Affairs Commission (13 milestones)"
    assert headings[-1].endswith("(1 milestone)")  # singular for one


def test_summary_counts_statuses_of_the_tasks_due(bundled):
    # Of the 30 tasks with a Q3 milestone: done 10, 11, 31 (3); ahead 9, 27, 29 (3); on track 3,
    # 7, 13 (3); behind 5, 8, 23 (3); no numeric target 4 (1); no data the other 17.
    zh = brief_document(bundled, "Q3", progress=PROGRESS, lang="zh", generated="2026-10-08")
    summary = _texts(zh, "paragraph")[1]
    assert "已完成3项、超前3项、正常推进3项、滞后3项、无量化目标1项和无数据17项" in summary


def test_unreported_progress_is_a_dash_never_zero(document):
    table = next(b.table for b in document.blocks if b.kind == "table")
    status = table.iloc[:, -1]
    progress = table.iloc[:, -2]
    unreported = progress[status.isin(["无数据", "No data"])]
    assert len(unreported) == 7 and set(unreported) == {"—"}


def test_no_developer_text_in_the_document(document):
    words = " ".join([document.title, document.subtitle, document.source, document.footer]
                     + [b.text for b in document.blocks]
                     + [" ".join(b.table.astype(str).values.ravel()) + " ".join(b.table.columns)
                        for b in document.blocks if b.table is not None])
    for developer in ("tl.", "as_of", "output_dir", "figure_formats", "source_sha256", "qpanalysis run"):
        assert developer not in words
    assert not re.search(r"\b(nan|NaN|None|NaT)\b", words)


def test_provenance_names_the_list_version_and_date(document):
    assert re.search(r"1970cfd1c6eda8fb\w+2be33314", document.source)  # the whole sha256
    assert "9.9.9" in document.footer and "2026" in document.footer
    assert document.provenance.sha256.startswith("1970cfd1") and document.provenance.version == "9.9.9"


def test_reported_progress_in_words():
    import pandas as pd

    row = pd.Series({"percent_done": float("nan"), "quantity_done": 2.2, "quantity_unit": "公里",
                     "progress_date": pd.NaT})
    assert reported(row, "zh") == "2.2公里"
    assert reported(row, "en") == "2.2 km"
