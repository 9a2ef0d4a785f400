"""How to cite a list and the package: GB/T 7714-2015 and APA 7, formed from the list's own identity."""

from __future__ import annotations

import pandas as pd


from qpanalysis.display import messages as msg
from qpanalysis.display.findings.words import day
from qpanalysis.display.findings.identity import identify, list_title, name_in

# The citation styles the index offers, each one catalogue entry per language.
STYLES = ("gbt7714", "apa")


def citations(tl, lang: str, version: str, accessed=None) -> dict[str, str]:
    """The suggested citations of the list and of the package, in each style.

    The publisher is the district the title names (or the title itself when it names
    none); the year is the plan year; the access date is today unless given.

    Example:
        >>> import qpanalysis as qp
        >>> c = citations(qp.load(), "zh", "0.1.0", accessed="2026-10-08")
        >>> print(c["gbt7714"])  # doctest: +NORMALIZE_WHITESPACE
        [1] 青浦区. 2026 年度青浦区乡村建设行动任务清单[DB]. 2026（文件 sha256 1970cfd1…2be33314）[2026-10-08].
        [2] qpanalysis 开发者. qpanalysis：乡村建设行动任务清单分析工具：0.1.0[CP]. 2026[2026-10-08].
        >>> print(citations(qp.load(), "en", "0.1.0", accessed="2026-10-08")["apa"])  # doctest: +NORMALIZE_WHITESPACE
        Qingpu District. (2026). 2026 Qingpu District Rural Construction Action Task List [Data set]
        (file sha256 1970cfd1…2be33314). Retrieved 8 October 2026.
        qpanalysis developers. (2026). qpanalysis: Analysis of rural construction action task lists
        (Version 0.1.0) [Computer software]. Retrieved 8 October 2026.
    """
    ident = identify(tl)
    accessed = pd.Timestamp.now().normalize() if accessed is None else pd.Timestamp(accessed)
    publisher = name_in("district", ident.district, lang, markdown=False) if ident.district else list_title(tl, lang)
    values = {
        "publisher": publisher, "title": list_title(tl, lang), "year": ident.plan_year,
        "sha256": f"{ident.sha256[:8]}…{ident.sha256[-8:]}", "version": version,
        "iso_date": accessed.date().isoformat(), "date": day(accessed, lang),
        "released": accessed.year,
    }
    return {
        "gbt7714": msg.text("citation.gbt7714", lang, **values),
        "apa": msg.text("citation.apa", lang, **values),
    }
