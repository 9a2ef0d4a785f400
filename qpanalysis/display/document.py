"""A document for officials or a paper, in one language: title, source line, blocks of text and tables, provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from qpanalysis.display import messages as msg
from qpanalysis.display.findings.words import day
from qpanalysis.display.findings.identity import identify


@dataclass(frozen=True)
class Block:
    """One piece of the brief: a heading (level 1 or 2), a paragraph, a note or a table."""

    kind: str
    text: str = ""
    table: pd.DataFrame | None = None


@dataclass(frozen=True)
class Provenance:
    """Where a document comes from: the list, its checksum, the package version and when it was made."""

    title: str
    file: str
    sha256: str
    version: str
    generated: pd.Timestamp


@dataclass(frozen=True)
class Document:
    """A document in one language, ready for a writer (Word, PDF)."""

    lang: str
    title: str
    subtitle: str
    source: str
    footer: str
    provenance: Provenance
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    # Landscape pages, for a table too wide for portrait A4.
    landscape: bool = False
    # "official" (a brief for the bureaus, GB/T 9704) or "paper" (a table for a journal).
    layout: str = "official"


def provenance_of(tl, version: str, generated=None) -> Provenance:
    """Where a document about ``tl`` comes from; ``generated`` is today unless given.

    Example:
        >>> import qpanalysis as qp
        >>> p = provenance_of(qp.load(), "0.1.0", "2026-10-08")
        >>> p.file, p.sha256[:8], p.generated.date().isoformat()
        ('2026_qingpu_rural_construction_tasks.txt', '1970cfd1', '2026-10-08')
    """
    ident = identify(tl)
    generated = pd.Timestamp.now().normalize() if generated is None else pd.Timestamp(generated)
    return Provenance(title=ident.title, file=ident.file, sha256=ident.sha256, version=version, generated=generated)


def source_line(provenance: Provenance, title: str, lang: str) -> str:
    """The source line under a document's title: the list as published and its whole sha256.

    Example:
        >>> p = Provenance("清单", "list.txt", "ab" * 32, "0.1.0", pd.Timestamp("2026-10-08"))
        >>> source_line(p, "The list", "en")[:45]
        'Source: The list (file list.txt, SHA-256 abab'
    """
    return msg.text("document.source", lang, title=title, file=provenance.file, sha256=provenance.sha256)


def stamp(source: str, version: str, generated, lang: str) -> str:
    """A source line with the package version and the day made: the footer of every document and page.

    Example:
        >>> stamp("数据来源：清单（原始文件 sha256 1970cfd1…2be33314）", "0.1.0", "2026-10-08", "zh")
        '数据来源：清单（原始文件 sha256 1970cfd1…2be33314） · qpanalysis 0.1.0 · 生成于2026年10月8日'
    """
    return msg.text("document.provenance", lang, source=source, version=version, generated=day(generated, lang))


def footer_line(provenance: Provenance, lang: str) -> str:
    """The footer of every page of a brief: the list's checksum, the package version, the date made.

    Example:
        >>> p = Provenance("清单", "list.txt", "ab" * 32, "0.1.0", pd.Timestamp("2026-10-08"))
        >>> footer_line(p, "en")
        'source sha256 abababab…abababab · qpanalysis 0.1.0 · generated 8 October 2026'
    """
    checksum = provenance.sha256
    source = msg.text("document.checksum", lang, sha256=f"{checksum[:8]}…{checksum[-8:]}")
    return stamp(source, provenance.version, provenance.generated, lang)
