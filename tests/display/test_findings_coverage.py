"""The town coverage report's findings (display/findings/coverage.py): the bundled list's hand-worked figures and a variant's own."""

from __future__ import annotations

import re

from qpanalysis.display.findings import coverage
from tests.display.findings_helpers import everything, task_rows


def test_coverage_of_the_bundled_list(bundled):
    # District-wide: the 14 tasks of 11个街镇 + task 31 (scope "/", named 整区建设美丽乡村) = 15.
    # 练塘镇: 15 district-wide + named in scope by 4, 5, 11, 28, 30, 32 (6) + in the breakdowns
    # of 7, 8, 18, 23 (4) = 25; 金泽镇: 15 + 2, 3, 4, 27, 30, 32 (6) + 8, 18, 23, 7 (4) = 25;
    # 盈浦街道: 15 + breakdown of 18 = 16, named by 1 against 10. Task 23's courtyards: 112 + 311
    # + 200 + 378 = 1001 against the goal's 1000. Parking (task 7): 11+4+16+15+29+53+70+40+8+4
    # = 250, most 练塘镇 70, 盈浦街道 not listed.
    zh = coverage.coverage_findings(bundled, "zh")
    assert "涉及任务最多的街镇：练塘镇、金泽镇（各25项）；最少：盈浦街道（16项）" in zh["towns"]
    assert "全区任务15项（每项计全部11个街镇，共165个关联）" in zh["basis"]
    assert "任务31（整区建设美丽乡村）的涉及范围没有指明地点（“/”），但任务名称写“整区”" in zh["basis"]
    assert "这一依据是从文字推断的" in zh["basis"] and "任务31按文字（“整区”）推断为全区任务" in zh["caveats"]
    assert "任务31" not in zh["unspecified"] and "这12项的涉及范围为“相关街镇”" in zh["unspecified"]
    assert "点名最少的是盈浦街道（1项），最多的是练塘镇、金泽镇（10项）；加上每个街镇都有的15项全区任务，分别为16项和25项" \
        in zh["tiles"]
    assert "盈浦街道只出现在建设规模的分街镇数中（任务18：家门口养老服务站（个） 1）" in zh["named"]
    assert "现代农业园区只由任务33点名" in zh["named"]
    assert "美丽庭院（户）分街镇数合计1,001，而建设目标写1,000" in zh["quantities"]
    assert "乡村停车场(点)建设（个）（任务7）：合计250；最多的是练塘镇（70）；未列入分解、记为0：盈浦街道" in zh["tiles"]
    assert "任务14（推动数字乡村建设）的建设目标、内容或规模提到练塘镇、重固镇" in zh["caveats"]


def test_rescoped_states_its_own_breakdowns(variant_paths, loaded):
    tl = loaded["rescoped"]
    parking = next(r for r in task_rows(variant_paths["rescoped"]) if r["任务名称"] == "完善乡村停车场(点)")
    figures = {part[:-len(n)]: int(n) for part in parking["建设规模"].split(":", 1)[1].rstrip("。").split(";")
               for n in [re.search(r"\d+$", part).group()]}
    town, most = max(figures.items(), key=lambda kv: kv[1])
    tiles = coverage.coverage_findings(tl, "zh")["tiles"]
    assert f"（任务{parking['序号']}）：合计{sum(figures.values())}；最多的是{town}（{most}）" in tiles
    assert "未列入分解、记为0：练塘镇" in tiles  # 练塘镇's 70 went to 盈浦街道
    courtyards = next(r for r in task_rows(variant_paths["rescoped"]) if r["任务名称"] == "推进乡村美丽庭院建设")
    total = sum(int(n) for n in re.findall(r"\d+", courtyards["建设规模"].split(":", 1)[1]))
    assert total == 1000
    text = everything(tl, "zh")
    assert "1,001" not in text and "total-mismatch" not in text  # the breakdown now adds up
    assert "现代农业园区" not in text  # named only by a task of the removed section
    assert "empty-field" not in text  # no scope is "/" any more
