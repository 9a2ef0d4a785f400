"""The milestones table: every percentage of a target and its flags."""

from __future__ import annotations

import pandas as pd


def test_milestones_keep_every_percentage_and_flag(bundled):
    m = bundled.milestones.set_index(["task_id", "period"])
    # Task 4 H1: 第二批…进度达到60%，第三批…进度达到20% → two completion percentages, no single target.
    assert m.loc[(4, "H1"), "pct_values"] == "60、20" and pd.isna(m.loc[(4, "H1"), "target_pct"])
    # Task 20 Q4: 人员比例达到70% is an indicator level, not progress.
    assert (m.loc[(20, "Q4"), "indicator_pct_values"], m.loc[(20, "Q4"), "pct_values"]) == ("70", "")
    # Task 27 H1: 形象进度累计完成约60% → cumulative and approximate.
    assert m.loc[(27, "H1"), ["cumulative", "approx"]].tolist() == [True, True]
    assert not m.loc[(7, "H1"), ["cumulative", "approx"]].any()  # 完成20%
