"""Shared by the findings tests: every generated text of a list, and a variant read independently of the loader.

Figures of the bundled list are worked out by hand from data/raw/…txt (the arithmetic is
in the tests' comments). Figures of the variants (tests/variants.py) are computed with a few
lines of plain Python, never with the functions under test.
"""

from __future__ import annotations

import re

from qpanalysis.display.findings import coverage, identity, investment, quality, quarterly, workload
from tests import variants

LANGS = ("zh", "en")
QUARTERS = ("H1", "Q3", "Q4")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def texts(tl, lang: str) -> dict[str, str]:
    """Every generated text for a list, by function and section."""
    out = {"identity": identity.list_identity(tl, lang), "source_note": identity.source_note(tl, lang)}
    for name, func in [("investment", investment.investment_findings), ("workload", workload.workload_findings),
                       ("coverage", coverage.coverage_findings), ("quality", quality.quality_findings)]:
        out.update({f"{name}.{key}": value for key, value in func(tl, lang).items()})
    for quarter in QUARTERS:
        found = quarterly.quarterly_findings(tl, quarter, lang=lang)
        out.update({f"quarterly.{quarter}.{key}": value for key, value in found.items()})
    return out


def everything(tl, lang: str) -> str:
    return "\n".join(texts(tl, lang).values())


def task_rows(path) -> list[dict[str, str]]:
    """The task rows of a list file in the published layout, as header → cell."""
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        if cells[0].isdigit() and len(cells) == len(variants.HEADER):
            rows.append(dict(zip(variants.HEADER, cells)))
    return rows


def amount(row) -> float | None:
    raw = row["总投资(万元)"].strip()
    return None if raw == "/" else float(raw.removeprefix("约"))


def amounts(path) -> dict[int, float]:
    return {int(r["序号"]): amount(r) for r in task_rows(path) if amount(r) is not None}


def title_line(path) -> str:
    return next(line for line in path.read_text(encoding="utf-8").split("\n") if line.startswith("#")).lstrip("# ")


def formatted(value: float) -> str:
    """A number as a reader reads it: thousands separators, no trailing zeros."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def english_leftovers(text: str) -> list[str]:
    """CJK left in English text once originals in brackets, flagged names and code are removed."""
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\S+ \[no English name\]", "", text)
    while re.search(r"[(（][^()（）]*[)）]", text):
        text = re.sub(r"[(（][^()（）]*[)）]", "", text)
    return CJK.findall(text)


def check_language(tl, lang):
    for key, text in texts(tl, lang).items():
        if lang == "en":
            assert not english_leftovers(text), (key, text)
            assert "万元" not in text and "Wan" not in text and "10k" not in text, (key, text)
        else:
            outside_code = re.sub(r"`[^`]*`", "", text)
            assert not re.search(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}", outside_code), (key, text)
