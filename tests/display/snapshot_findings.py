"""Every generated finding of every report, for the bundled list and each variant, as one JSON file.

Run before and after a change of the findings modules and compare the two files: every
difference should be an intended fix. ``python -m tests.display.snapshot_findings OUT.json``
(the variants are written to a temporary folder; nothing in the project changes).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import qpanalysis as qp
from qpanalysis.config import PROJECT_ROOT
from qpanalysis.display.findings import coverage, identity, investment, quality, quarterly, workload
from qpanalysis.reports import index
from tests import variants

LANGS = ("zh", "en")
QUARTERS = ("H1", "Q3", "Q4")
# The progress file of the bundled list (its task numbers are the bundled list's).
PROGRESS = PROJECT_ROOT / "tests" / "data" / "progress" / "progress_all_statuses.csv"


def _safe(func, *args, **kwargs):
    """A function's result, or the error it raised (a variant may refuse the bundled progress file)."""
    try:
        return func(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the snapshot records what happens, whatever it is
        return f"!{type(error).__name__}: {error}"


def findings(tl, lang: str) -> dict[str, object]:
    """Every finding of one list in one language, keyed ``report.section``."""
    out: dict[str, object] = {
        "identity.list_identity": identity.list_identity(tl, lang),
        "identity.source_note": identity.source_note(tl, lang),
        "identity.list_title": identity.list_title(tl, lang),
        "quality.name_lines": quality.name_lines(tl, lang),
    }
    for name, func in [("investment", investment.investment_findings), ("workload", workload.workload_findings),
                       ("coverage", coverage.coverage_findings), ("quality", quality.quality_findings)]:
        out.update({f"{name}.{key}": value for key, value in _safe(func, tl, lang).items()})
    for quarter in QUARTERS:
        for label, progress in (("none", None), ("progress", PROGRESS)):
            found = _safe(quarterly.quarterly_findings, tl, quarter, progress=progress, lang=lang)
            found = found if isinstance(found, dict) else {"error": found}
            out.update({f"quarterly.{quarter}.{label}.{key}": value for key, value in found.items()})
        out[f"quarterly.{quarter}.heading"] = quarterly.quarter_heading(tl, quarter, lang=lang)
    for quarter in (None, *QUARTERS):
        found = _safe(index.key_findings, tl, lang, quarter)
        out[f"index.key_findings.{quarter}"] = (
            [f"{f.anchor}: {f.text}" for f in found] if isinstance(found, list) else found)
    checked = _safe(index.checked_findings, tl, (lang,))
    out["index.checked_findings"] = (
        [f"{f.anchor}: {f.text}" for f in checked[lang]] if isinstance(checked, dict) else checked)
    return out


def snapshot() -> dict[str, dict[str, dict[str, object]]]:
    """list name → language → findings, for the bundled list and every variant."""
    lists = {"bundled": qp.load()}
    with tempfile.TemporaryDirectory() as folder:
        for name, path in variants.write_variants(folder).items():
            lists[name] = qp.load(path)
    return {name: {lang: findings(tl, lang) for lang in LANGS} for name, tl in lists.items()}


def main(out: str) -> None:
    Path(out).write_text(json.dumps(snapshot(), ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
