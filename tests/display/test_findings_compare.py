"""The comparison's sentences (display/findings/compare.py) in both languages, and the command's one-line errors."""

from __future__ import annotations

import contextlib
import re

import pytest
from tests.display.findings_helpers import cached
from tests.variants import write_variant

import qpanalysis as qp
from qpanalysis.__main__ import main
from qpanalysis.config import BUNDLED_LIST
from qpanalysis.display.findings.compare import compare_findings, shown_tables


@pytest.fixture(scope="module")
def mid_year(bundled, compare_paths):
    return cached(qp.compare, bundled, compare_paths["compare_mid_year"])


def test_the_changes_are_said_in_both_languages(mid_year):
    zh, en = compare_findings(mid_year, "zh")["changes"], compare_findings(mid_year, "en")["changes"]
    assert "任务11（提升农村供水安全保障能力）：总投资 69.7万元 → 85万元（+15.3）" in zh
    assert "新增街镇：练塘镇" in zh and "上半年目标 20% → 25%" in zh
    assert "total investment 69.7 × 10,000 yuan → 85 × 10,000 yuan (+15.3)" in en
    assert "towns added: Liantang Town" in en and "H1 target 20% → 25%" in en
    assert zh.startswith("- 匹配的任务中有3项发生变化") and en.startswith("- 3 matched tasks changed")


def test_dropped_and_added_tasks_are_named(bundled, compare_paths):
    c = cached(qp.compare, bundled, compare_paths["compare_next_year"])
    text = compare_findings(c, "en")["matching"]
    assert "2 tasks of the old list are not in the new one" in text
    assert "task 8 “Rural public signage”" in text and "task 35 “Rural collective economy”" in text
    assert "1 task of the new list is new" in text and "建设生态清洁小流域" in text
    timing = shown_tables(c, "en")["deadlines_targets"]
    assert timing[["old_id", "field", "months_moved"]].values.tolist() == [[5, "计划完成时间", 1.0]]


def test_identical_files_are_said_first(bundled, compare_paths):
    c = cached(qp.compare, bundled, compare_paths["compare_same"])
    assert "**The two files are identical**" in compare_findings(c, "en")["lists"]
    assert compare_findings(c, "zh")["changes"] == "- 匹配的任务没有任何字段发生变化。"


@pytest.mark.parametrize(("args", "words"), [
    (["missing.txt", "new.txt"], ["OLD", "no such file"]),
    ([str(BUNDLED_LIST), str(BUNDLED_LIST)], ["the same file is given as the old and the new list"]),
    ([str(BUNDLED_LIST), "next.txt", "--mapping", "pairs.csv"], ["pairs.csv, line 2, field old_id", "has no task 77"]),
    ([str(BUNDLED_LIST), "next.txt", "--lang", "fr"], ["--lang", "unknown language 'fr'"]),
])
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, monkeypatch, capsys, args, words):
    monkeypatch.chdir(tmp_path)
    write_variant("compare_next_year", tmp_path).rename(tmp_path / "next.txt")
    (tmp_path / "pairs.csv").write_text("old_id,new_id\n77,1\n", encoding="utf-8")
    with pytest.raises(SystemExit) if "--lang" in args else contextlib.nullcontext():
        code = main(["compare", *args])
        assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and all(w in err for w in words), err
    assert not (tmp_path / "reports").exists()



def test_split_and_merged_tasks_are_said(bundled, compare_paths):
    split = compare_paths["compare_split"]
    text = compare_findings(cached(qp.compare, bundled, split), "zh")["matching"]
    assert "任务24（推进农村厕所革命）拆分为新清单任务24（推进农村厕所革命（户厕））、新清单任务25（推进农村厕所革命（公厕））" in text
    text = compare_findings(qp.compare(split, bundled), "en")["matching"]
    assert "are merged into task 24 of the new list “推进农村厕所革命”" in text


def test_names_from_a_hostile_list_are_escaped(bundled, tmp_path):
    from tests.variants import write_hostile

    c = qp.compare(bundled, write_hostile(tmp_path))
    text = "\n".join(compare_findings(c, "en").values())
    # the brackets are escaped: Markdown shows the name as written, no link
    assert "\\[点我\\](javascript:alert(1))" in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)
