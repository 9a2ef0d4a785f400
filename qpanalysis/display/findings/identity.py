"""The list and its parts by name: title, district, plan year, source, tasks, sections and metrics in the reader's language."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from qpanalysis.display import labels
from qpanalysis.ingest.layout import title_district
from qpanalysis.display import messages as msg
from qpanalysis.display.labels import check_lang
from qpanalysis.display.markup import code, md
from qpanalysis.ingest.reference import load_reference
from qpanalysis.display.findings.words import bullets, count

# The document kind a list's title names after its district, and its English name.
DOCUMENT_EN = {"乡村建设行动任务清单": "Rural Construction Action Task List"}

# The plan year in a title (<year> 年度) and the district the title names: the text
# ending in 区 before 乡村建设.
TITLE_YEAR = re.compile(r"(?P<year>\d{4})\s*年度\s*")


TITLE_DOCUMENT = re.compile("(?P<document>" + "|".join(map(re.escape, DOCUMENT_EN)) + r")\s*$")

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _english(kind: str, name: str) -> str | None:
    """The English name of a canonical name from data/reference/, or None when it has none."""
    if kind == "district":
        value = load_reference().english("district").get(name)
        return None if value is None or pd.isna(value) else str(value)
    english = labels.name(name, kind, "en")
    return None if english == name and CJK.search(name) else english


def _untranslated(name: str, lang: str) -> str:
    """A name in the list's language, flagged in any other (findings.name.untranslated)."""
    return name if labels.reads_source(lang) else msg.text("findings.name.untranslated", lang, name=name)


def name_in(kind: str, name: str, lang: str, *, markdown: bool = True) -> str:
    """A canonical name in ``lang``: English from data/reference/, else Chinese and flagged.

    Args:
        kind: ``town``, ``department``, ``task``, ``section``, ``metric``, ``field`` or
            ``district``.
        name: The canonical (Chinese) name.
        lang: ``"zh"`` or ``"en"``.
        markdown: Escape the name for Markdown (:func:`qpanalysis.display.markup.md`), as
            a sentence needs it; False for plain text (a page title).

    Example:
        >>> name_in("town", "金泽镇", "en"), name_in("town", "金泽镇", "zh")
        ('Jinze Town', '金泽镇')
        >>> name_in("town", "新镇", "en")
        '新镇 [no English name]'
        >>> print(name_in("town", "*新*镇", "zh"), name_in("town", "*新*镇", "zh", markdown=False))
        \\*新\\*镇 *新*镇
    """
    check_lang(lang)
    shown = md if markdown else str
    english = None if labels.reads_source(lang) else _english(kind, name)
    return shown(english) if english is not None else _untranslated(shown(name), lang)


def task_ref(tl, task_id: int, lang: str) -> str:
    """A task by number and name: 任务3（推进全域土地综合整治） or task 3 “…” (推进…).

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> task_ref(tl, 3, "zh")
        '任务3（推进全域土地综合整治）'
        >>> task_ref(tl, 3, "en")
        'task 3 “Comprehensive land consolidation” (推进全域土地综合整治)'
    """
    name = tl.tasks.at[task_id, "name"]
    english = None if labels.reads_source(lang) else _english("task", name)
    if english is None:
        return _untranslated(msg.text("findings.ref.task", lang, task_id=task_id, name=md(name)), lang)
    return msg.text("findings.ref.task", lang, task_id=task_id, name=md(english)) + msg.text(
        "findings.ref.original", lang, original=md(name))


def section_ref(tl, section_no: int, lang: str) -> str:
    """A section by number and title: 第四板块（…） or section 4 (…).

    Example:
        >>> import qpanalysis as qp
        >>> section_ref(qp.load(), 4, "en")
        'section 4 (Improve rural public service convenience)'
    """
    rows = tl.tasks.loc[tl.tasks["section_no"] == section_no]
    title, english = rows["section"].iloc[0], rows["section_en"].iloc[0]
    translated = not labels.reads_source(lang) and isinstance(english, str) and english
    return msg.text("findings.ref.section", lang, number=labels.section_numeral(int(section_no), lang),
                    title=md(english) if translated else _untranslated(md(title), lang))


def metric_ref(metric: str, unit: str | None, lang: str) -> str:
    """A 建设规模 metric with its unit; in English flagged when it has no English label.

    Example:
        >>> metric_ref("美丽庭院", "户", "en"), metric_ref("美丽庭院", "户", "zh")
        ('Beautiful courtyards (households)', '美丽庭院（户）')
        >>> metric_ref("新指标", "个", "en")
        '新指标（个） [no English name]'
    """
    label = labels.metric_label(metric, unit or None, lang)
    if CJK.search(label):  # no label in the reader's language: the list's own, flagged
        return _untranslated(md(labels.metric_label(metric, unit or None, labels.SOURCE_LANG)), lang)
    return md(label)


@dataclass(frozen=True)
class Identity:
    """What a report says about the list it describes, all read from the list."""

    title: str  # the title line as written, else the file name
    title_en: str | None  # None when no English title can be formed
    district: str | None  # the district the title names, if any
    district_en: str | None
    plan_year: int
    file: str
    sha256: str
    n_tasks: int
    n_sections: int


def identify(tl) -> Identity:
    """The list's identity: title (and its English), district, plan year, file and checksum.

    The district is the text ending in 区 before 乡村建设 in the title; the English title
    is formed as "<year> <district> Rural Construction Action Task List" when the title
    has that shape and the district has an English name in data/reference/districts.csv.
    A title without Chinese (a file name) is its own English title.

    Example:
        >>> import qpanalysis as qp
        >>> i = identify(qp.load())
        >>> i.district, i.district_en, i.plan_year, i.title_en
        ('青浦区', 'Qingpu District', 2026, '2026 Qingpu District Rural Construction Action Task List')
    """
    title = tl.title
    rest = TITLE_YEAR.sub("", title, count=1)
    district = title_district(title)
    district_en = _english("district", district) if district else None
    year = TITLE_YEAR.search(title)
    document = TITLE_DOCUMENT.search(rest)
    if not CJK.search(title):
        title_en = title
    elif year and district_en and document and rest.startswith(district):
        title_en = f"{year['year']} {district_en} {DOCUMENT_EN[document['document']]}"
    else:
        title_en = None
    return Identity(
        title=title, title_en=title_en, district=district, district_en=district_en,
        plan_year=int(tl.plan_year), file=tl.source.name, sha256=tl.sha256,
        n_tasks=len(tl.tasks), n_sections=int(tl.tasks["section_no"].nunique()),
    )


def list_title(tl, lang: str = "zh") -> str:
    """The list's title in ``lang`` (English flagged when it cannot be formed).

    Example:
        >>> import qpanalysis as qp
        >>> list_title(qp.load(), "en")
        '2026 Qingpu District Rural Construction Action Task List'
    """
    check_lang(lang)
    ident = identify(tl)
    if labels.reads_source(lang) or ident.title_en == ident.title:
        return ident.title
    return ident.title_en or msg.text("findings.title.untranslated", lang, title=ident.title)


def source_note(tl, lang: str = "zh") -> str:
    """The source line of figures and reports: the list's title in ``lang`` and its checksum.

    Example:
        >>> import qpanalysis as qp
        >>> source_note(qp.load(), "zh")
        '数据来源：2026 年度青浦区乡村建设行动任务清单（原始文件 sha256 1970cfd1…2be33314）'
        >>> source_note(qp.load(), "en")
        'Source: 2026 Qingpu District Rural Construction Action Task List (raw file sha256 1970cfd1…2be33314)'
    """
    return labels.source_note(list_title(tl, lang), tl.sha256, lang)


def list_identity(tl, lang: str = "zh") -> str:
    """What the report describes: title, district, plan year, size, source file and checksum.

    Example:
        >>> import qpanalysis as qp
        >>> print(list_identity(qp.load(), "en"))  # doctest: +ELLIPSIS
        - List: **2026 Qingpu District Rural Construction Action Task List** (2026 年度青浦区乡村建设行动任务清单)
        - District: Qingpu District; plan year: 2026
        - 41 tasks in 7 sections
        - Source file: `2026_qingpu_rural_construction_tasks.txt`, sha256 `1970cfd1...2be33314`
    """
    check_lang(lang)
    i = identify(tl)
    title = list_title(tl, lang)
    original = msg.text("findings.ref.original", lang, original=md(i.title)) if title != i.title else ""
    where = (msg.text("findings.identity.district_year", lang, district=name_in("district", i.district, lang),
                      year=i.plan_year)
             if i.district else msg.text("findings.identity.year", lang, year=i.plan_year))
    return bullets([
        msg.text("findings.identity.list", lang, title=md(title)) + original,
        where,
        msg.text("findings.identity.size", lang, tasks=count(i.n_tasks, lang),
                 sections=msg.text("findings.count.section", lang, count=i.n_sections)),
        msg.text("findings.identity.source", lang, file=code(i.file), sha256=i.sha256),
    ])