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


# (function, list, arguments) → (the list, what the function returned); the list is kept so
# that its id is not reused. The lists are the session's (tests/conftest.py).
_FOUND: dict[tuple, tuple] = {}
# A figure as the findings write it: 361,633.24, 76.9%, 2.99, 15.
FIGURE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?%?")


def cached(func, tl, *args, **kwargs):
    """``func(tl, *args, **kwargs)``, computed once per session: many tests read the same findings
    of the same list (the findings are read, never changed).

    Example:
        >>> calls = []
        >>> def twice(tl, n):
        ...     calls.append(n)
        ...     return 2 * n
        >>> tl = object()
        >>> cached(twice, tl, 3), cached(twice, tl, 3), calls
        (6, 6, [3])
    """
    key = (func.__module__, func.__qualname__, id(tl), args, tuple(sorted(kwargs.items())))
    if key not in _FOUND:
        _FOUND[key] = (tl, func(tl, *args, **kwargs))
    return _FOUND[key][1]


def index_findings(tl, lang: str) -> list:
    """The index page's key findings of a list in ``lang``, as a run makes them (checked, both
    languages at once: :func:`qpanalysis.reports.index.checked_findings`), computed once per list."""
    from qpanalysis.reports.index import checked_findings

    return cached(checked_findings, tl, LANGS)[lang]


def figures(text: str) -> set[str]:
    """The figures a text states, as written.

    Example:
        >>> sorted(figures("- 任务3、4合计占96.0%；共361,633.24万元（36.16亿元）。"))
        ['3', '36.16', '361,633.24', '4', '96.0%']
        >>> sorted(figures("Jinze 20,000, Xujing 1:0.5."))
        ['0.5', '1', '20,000']
    """
    return set(FIGURE.findall(text))


def texts(tl, lang: str) -> dict[str, str]:
    """Every generated text for a list, by function and section (computed once per list and language)."""
    out = {"identity": cached(identity.list_identity, tl, lang), "source_note": cached(identity.source_note, tl, lang)}
    for name, func in [("investment", investment.investment_findings), ("workload", workload.workload_findings),
                       ("coverage", coverage.coverage_findings), ("quality", quality.quality_findings)]:
        out.update({f"{name}.{key}": value for key, value in cached(func, tl, lang).items()})
    for quarter in QUARTERS:
        found = cached(quarterly.quarterly_findings, tl, quarter, lang=lang)
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
