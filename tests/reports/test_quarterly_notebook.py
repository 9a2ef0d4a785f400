"""The quarterly report notebook, executed: its structure, its key outputs and its language.

The notebooks are those of the session's run on the bundled list (the fixture
``generated_reports``): the Q3 report with the made-up progress file, in zh and en. Figures
are the bundled list's, worked out by hand in tests/analysis/test_quarterly.py and
tests/display/test_findings_quarterly.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "05_quarterly_report.ipynb"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
BRIEF = "brief"


def _text(output) -> str:
    if "text" in output:
        return "".join(output["text"])
    data = output.get("data", {})
    return "".join(data.get("text/markdown") or data.get("text/plain") or "")


def _outputs(cell) -> str:
    return "\n".join(_text(o) for o in cell.get("outputs", []))


def _checked_outputs(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [_outputs(cell).strip() for cell in nb.cells
            if cell.cell_type == "code" and cell.source.startswith("# NBVAL_CHECK_OUTPUT")]


def _executed(generated_reports: Path, lang: str) -> tuple[Path, Path]:
    """The executed Q3 notebook of the session's run in ``lang``, and the run's figures folder."""
    (notebook,) = generated_reports.glob(f"*-Q3/{lang}/{NOTEBOOK.name}")
    return notebook, generated_reports.parent / "figures"


@pytest.fixture(scope="module")
def executed(generated_reports):
    return _executed(generated_reports, "zh")


@pytest.fixture(scope="module")
def executed_en(generated_reports):
    return _executed(generated_reports, "en")


def test_summary_and_tasks_behind(executed):
    summary, departments, behind, sensitivity, expected = _checked_outputs(executed[0])
    # the 30 milestones by lead department: 区农业农村委 leads 13 of them (display.brief.department_tables)
    assert "### 区农业农村委（13项）" in departments and "### 区建设管理委（4项）" in departments
    # Q3: 29 Q3 texts (task 28's falls due in 2025) + task 5's whole-year text; tasks 5 and 28 due by 30 Sep
    assert "第三季度共有30个里程碑到期，涉及30项任务：百分比目标12个，数量目标3个，定性目标15个" in summary
    assert "已完成3项，超前3项，正常推进3项，滞后3项，无量化目标1项，无数据28项" in summary
    # gaps: 5: 2/5 = 40 − 100; 8: 30 − 50; 23: 40 − 50; 7: 45 − 50
    assert "滞后（低于应达进度超过5个百分点）的任务3项" in behind
    assert "任务5（开展乡村振兴示范村发展评价）-60.0个百分点（牵头部门区农业农村委）；任务8" in behind
    # sensitivity: 30 milestones due; 31 with task 28 read as 2026.11 (its Q3 text); 29 with
    # task 5's H1-only text read as an H1 target
    row = next(line for line in sensitivity.splitlines() if line.strip().startswith("到期里程碑"))
    assert row.split()[1:] == ["30", "31", "29"]
    assert "进度状态：滞后（项）" in sensitivity
    assert "平均完成度" not in summary + expected and "不取平均值" in summary  # bands, not a mean
    assert "大于75%至100%" in expected


def test_the_brief_comes_first_and_in_order(executed):
    nb = nbformat.read(executed[0], as_version=4)
    tagged = [i for i, cell in enumerate(nb.cells) if BRIEF in cell.metadata.get("tags", [])]
    untagged_after = [i for i, cell in enumerate(nb.cells) if i > tagged[0] and BRIEF not in cell.metadata.get("tags", [])
                      and "parameters" not in cell.metadata.get("tags", []) and "developer" not in cell.metadata.get("tags", [])
                      and "injected-parameters" not in
                      cell.metadata.get("tags", []) and "validate_parameters(" not in cell.source]
    assert max(tagged) < min(untagged_after), "the brief's cells must come before the details"
    headings = [line for i in tagged if nb.cells[i].cell_type == "markdown"
                for line in nb.cells[i].source.splitlines() if line.startswith("## ")]
    assert headings == ["## 摘要 · Summary", "## 各牵头部门本季度到期的里程碑 · Milestones due by lead department",
                        "## 进度落后的任务 · Tasks behind", "## 主要图表 · Key figures", "## 敏感性 · Sensitivity"]
    images = [o for i in tagged for o in nb.cells[i].get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2  # expected progress, and status by department (a progress file was given)


def test_figures_named_by_quarter(executed):
    names = {p.name for p in executed[1].glob("*.png")}
    assert "quarterly_Q3_status_by_department_zh.png" in names
    assert "quarterly_Q3_status_by_section_zh.png" in names
    assert "quarterly_Q3_expected_pct_zh.png" in names


def test_english_report(executed_en):
    output, figures = executed_en
    nb = nbformat.read(output, as_version=4)
    text = "\n".join(_outputs(cell) for cell in nb.cells if cell.cell_type == "code")
    # Q3: 30 milestones as written; 31 with task 28's 2025.11 read as 2026.11 (its Q3 text);
    # 29 with the 11 H1-only texts read literally (task 5's, due 2026.9, leaves Q3).
    assert "30 milestones fall due in the third quarter, across 30 tasks" in text
    assert "milestones due: 31 instead of 30" in text and "milestones due: 29 instead of 30" in text
    assert "done 3, ahead 3, on track 3, behind 3, no numeric target 1, no data 28" in text
    # no Chinese outside a name's original in brackets (tables' text/plain and the sentences)
    leftovers = []
    for line in text.splitlines():
        stripped = line
        while re.search(r"[(（][^()（）]*[)）]", stripped):
            stripped = re.sub(r"[(（][^()（）]*[)）]", "", stripped)
        if CJK.search(stripped):
            leftovers.append(line)
    assert not leftovers, leftovers[:5]
    assert "quarterly_Q3_expected_pct_en.png" in {p.name for p in figures.glob("*.png")}


def test_the_notebook_states_no_fact_of_the_bundled_list():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    source = "\n".join(cell.source for cell in nb.cells)
    assert not re.findall(r"20\d\d", source)  # no literal year
    assert not re.findall(r"任务\s*\d|[Tt]asks? \d", source)  # no task number
    assert "青浦" not in source and "Qingpu" not in source
