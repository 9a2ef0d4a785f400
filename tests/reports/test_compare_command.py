"""`qpanalysis compare` end to end: a next-year variant against the bundled list, from another folder with relative paths."""

from __future__ import annotations

import re

import pandas as pd
from tests.variants import write_variant

from qpanalysis.__main__ import main
from qpanalysis.config import BUNDLED_LIST


def test_compare_writes_pages_and_tables_that_list_exactly_the_dropped_and_added_tasks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.txt").write_bytes(BUNDLED_LIST.read_bytes())
    write_variant("compare_next_year", tmp_path).rename(tmp_path / "next.txt")
    assert main(["compare", "old.txt", "next.txt", "--reports-dir", "out"]) == 0
    folder = tmp_path / "out" / "compare" / "old-vs-next"
    for lang in ("zh", "en"):
        for suffix in ("html", "pdf", "ipynb"):
            assert (folder / lang / f"06_compare.{suffix}").stat().st_size > 0
        assert (folder / "figures" / f"compare_sections_{lang}.png").is_file()
    assert (folder / "tables" / "comparison.xlsx").is_file()
    dropped = pd.read_csv(folder / "tables" / "csv" / "dropped.csv", encoding="utf-8-sig")
    assert dropped["task_id"].tolist() == [8, 35]
    added = pd.read_csv(folder / "tables" / "csv" / "added.csv", encoding="utf-8-sig")
    assert added["name"].tolist() == ["建设生态清洁小流域"]
    changed = pd.read_csv(folder / "tables" / "csv" / "changed.csv", encoding="utf-8-sig", keep_default_na=False)
    # every change and no other: 13 names reworded (推进 → 持续推进), task 5's deadline,
    # task 11's towns, task 27's amount; years moved on by one are no change
    assert changed["field"].value_counts().to_dict() == {"任务名称": 13, "计划完成时间": 1, "涉及范围": 1, "总投资(万元)": 1}
    assert changed.loc[changed["field"] == "总投资(万元)", ["old_id", "old", "new"]].values.tolist() == [[27, "10478.4", "12000"]]
    assert changed.loc[changed["field"] == "涉及范围", ["old_id", "towns_added", "towns_removed"]].values.tolist() == [
        [11, "金泽镇", "练塘镇"]]
    html = (folder / "en" / "06_compare.html").read_text(encoding="utf-8")
    assert "due September 2026 → October 2027, 1 month later in its plan year" in html
    assert "towns added: Jinze Town; towns removed: Liantang Town" in html
    # the dropped list names tasks 8 and 35 and no other; the new list names one task
    dropped_part = html[html.index("not in the new one (dropped)"):html.index("of the new list is new")]
    assert re.findall(r"task (\d+) “", dropped_part) == ["8", "35"]
    added_part = html[html.index("of the new list is new"):]
    added_part = added_part[:added_part.index("</ul>")]
    assert re.findall(r"task (\d+) of the new list", added_part) == ["26"]
    assert "Comparison of two lists · Qingpu District 2026 task list → Qingpu District 2027 task list" in html
    # the index page of a later run lists the comparison and links its pages
    from qpanalysis import load
    from qpanalysis.reports import index

    manifests = index.read_manifests(tmp_path / "out")
    assert [m["folder"] for m in manifests] == ["compare/old-vs-next"]
    page = index.index_page(load(BUNDLED_LIST), manifests, "en", ("en",), [])
    assert 'href="compare/old-vs-next/en/06_compare.html"' in page
    assert "Qingpu District 2026 task list → Qingpu District 2027 task list" in page
