"""The list's identity and names in the findings (display/findings/identity.py): hand-worked figures of the bundled list."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

import qpanalysis as qp
from qpanalysis.display.findings import identity


def test_identity_of_the_bundled_list(bundled):
    # Title line 3: "### 2026 年度青浦区乡村建设行动任务清单"; 41 task rows; sections 一…七.
    zh, en = identity.list_identity(bundled, "zh"), identity.list_identity(bundled, "en")
    assert "**2026 年度青浦区乡村建设行动任务清单**" in zh
    assert "区：青浦区；计划年度：2026年" in zh and "41项任务，分7个板块" in zh
    assert "1970cfd1c6eda8fbefd902890df3fb0d4ab4f515868ac2d9b135e6762be33314" in zh  # data/raw/PROVENANCE.md
    assert "**2026 Qingpu District Rural Construction Action Task List**" in en
    assert "District: Qingpu District; plan year: 2026" in en and "41 tasks in 7 sections" in en
    assert identity.source_note(bundled, "en").startswith("Source: 2026 Qingpu District Rural Construction Action Task List")
    assert identity.source_note(bundled, "zh").startswith("数据来源：2026 年度青浦区乡村建设行动任务清单")


def test_an_unknown_name_stays_chinese_and_is_flagged():
    assert identity.name_in("town", "新设镇", "en") == "新设镇 [no English name]"
    assert identity.name_in("department", "区新设局", "zh") == "区新设局"
    assert identity.metric_ref("新设指标", "个", "en").endswith("[no English name]")


def test_identity_of_a_list_without_a_title_line():
    # A list without a title line is called by its file name; it names no district.
    tl = SimpleNamespace(title="my_list", plan_year=2026, source=qp.config.BUNDLED_LIST.with_name("my_list.txt"),
                         sha256="ab" * 32, tasks=pd.DataFrame({"section_no": [1, 1, 2]}))
    assert identity.identify(tl).district is None
    assert identity.list_title(tl, "en") == "my_list"
    assert "Plan year: 2026" in identity.list_identity(tl, "en") and "District" not in identity.list_identity(tl, "en")
    chinese = SimpleNamespace(**{**vars(tl), "title": "某市乡村清单"})
    assert identity.list_title(chinese, "en") == "某市乡村清单 [no English title]"
