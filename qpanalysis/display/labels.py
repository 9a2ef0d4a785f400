"""What a reader sees for a code, a name, a unit or a column, in Chinese or English, read from data/reference/."""

from __future__ import annotations

import pandas as pd

from qpanalysis import codes
from qpanalysis.display import messages as msg
from qpanalysis.ingest.reference import Reference, load_reference

# Kinds of labels.csv that label a closed vocabulary of qpanalysis.codes: each code must have
# exactly one label, and a code without one is an error (a new code must be labelled first).
VOCABULARIES = {
    "boolean": ("True", "False"),
    "disclosure_status": codes.DISCLOSURE_STATUSES,
    "allocation_rule": codes.ALLOCATION_RULES + codes.SENSITIVITY_RULES,
    "allocation_scenario": codes.ALLOCATION_SCENARIOS,
    "town_basis": codes.TOWN_BASES,
    "town_basis_short": codes.TOWN_BASES,
    "role": codes.ROLES,
    "department_kind": codes.DEPARTMENT_KINDS,
    "period": codes.PERIODS,
    "period_name": codes.PERIODS,
    "applies_to": codes.APPLIES_TO,
    "target_kind": codes.TARGET_KINDS,
    "progress_status": codes.STATUSES,
    "reading": codes.READINGS,
    "completion_band": codes.COMPLETION_BANDS,
    "quarter_measure": codes.QUARTER_MEASURES,
    "cell_status": codes.CELL_STATUSES,
    "totals_status": codes.TOTALS_STATUSES,
    "line_kind": codes.LINE_KINDS,
    "problem_kind": codes.PROBLEM_KINDS,
    "problem_explanation": codes.PROBLEM_KINDS,
    "place_kind": codes.PLACE_KINDS,
    "reading_rule": codes.READING_RULES,
    "reading_rule_explanation": codes.READING_RULES,
}
# Names kept in the reference tables, by kind: (table, key column, {language: its column}).
# A name missing there is shown as written (a user's list may name new places).
# One English name per department in every table and figure: the short one ("Water Affairs
# Bureau", not "District Water Affairs Bureau"): every department of a district's list is a
# district department, so "District" tells the reader nothing, and the short names fit a
# chart's axis; the full names stay in departments.csv (department_en).
NAME_COLUMNS = {
    "town": ("towns", "town", {"zh": "town", "en": "town_en"}),
    "department": ("departments", "department", {"zh": "department", "en": "department_en_short"}),
    "department_short": ("departments", "department", {"zh": "department_short", "en": "department_en_short"}),
    "section": ("sections", "section", {"zh": "section", "en": "section_en"}),
    "task": ("task_names", "name", {"zh": "name", "en": "name_en_short"}),
    "task_full": ("task_names", "name", {"zh": "name", "en": "name_en"}),
    "funding_level": ("funding_levels", "level", {"zh": "level_zh", "en": "level_en"}),
}
# A name column a user's reference table may leave empty, and the column used instead.
FALLBACK_COLUMNS = {"department_short": "department", "department_en_short": "department_en"}
# The language the list is published in: its names are the originals, any other language's
# names are translations (tables add the original to them, see BILINGUAL_KINDS).
SOURCE_LANG = "zh"
# Kinds whose English label is a translation a reader may want to check against the
# published Chinese: tables show "English (中文)" for them.
BILINGUAL_KINDS = ("task", "task_full", "metric", "field")
# Separator of several codes in one cell (funding level combinations, reading rules).
CODE_JOIN = "+"


def check_lang(lang: str) -> str:
    """The one language check of the display: ``lang`` if it is a report language, else an error.

    Example:
        >>> check_lang("en")
        'en'
        >>> check_lang("fr")
        Traceback (most recent call last):
        ...
        ValueError: lang must be one of ('zh', 'en'), not 'fr'
    """
    codes.check(lang, codes.LANGS, "lang")
    return lang


def reads_source(lang: str) -> bool:
    """Whether a reader of ``lang`` reads the list's own language (:data:`SOURCE_LANG`).

    Names and texts as published are shown as written to such a reader; any other reader
    gets them translated, or flagged as untranslated. The one place this question is asked.

    Example:
        >>> reads_source("zh"), reads_source("en")
        (True, False)
    """
    return check_lang(lang) == SOURCE_LANG


def _labels(reference: Reference | None) -> pd.DataFrame:
    return (reference or load_reference()).labels


# Lookups built from a Reference's tables, once per Reference and key (the tables come from
# files and are never changed after loading; looking a label up by filtering a table for
# every cell of every table was a large part of drawing a report): id → (the Reference,
# held so that its id is not reused while cached; {key: lookup}).
_LOOKUPS: dict[int, tuple[Reference, dict]] = {}
# References a process keeps lookups for: the bundled one and a few user folders; more
# start the cache afresh.
CACHED_REFERENCES = 8


def lookup(reference: Reference | None, key, build):
    """``build(reference)``, computed once per Reference and ``key`` (callers must not change the result).

    Example:
        >>> calls = []
        >>> def build(ref):
        ...     calls.append(1)
        ...     return len(ref.towns)
        >>> lookup(None, "towns-count-example", build) == lookup(None, "towns-count-example", build), len(calls)
        (True, 1)
    """
    reference = reference or load_reference()
    held = _LOOKUPS.get(id(reference))
    if held is None or held[0] is not reference:
        if len(_LOOKUPS) >= CACHED_REFERENCES:
            _LOOKUPS.clear()
        held = _LOOKUPS[id(reference)] = (reference, {})
    found = held[1]
    if key not in found:
        found[key] = build(reference)
    return found[key]


def _label_maps(reference: Reference | None) -> dict[tuple[str, str], dict[str, str]]:
    """(kind, language) → {code: label} for every kind of labels.csv, built once per Reference."""

    def build(ref: Reference) -> dict[tuple[str, str], dict[str, str]]:
        table = ref.labels
        return {(kind, lang): dict(zip(rows["code"], rows[lang]))
                for kind, rows in table.groupby("kind", sort=False) for lang in codes.LANGS}

    return lookup(reference, "label_maps", build)


def label_map(kind: str, lang: str, reference: Reference | None = None) -> dict[str, str]:
    """Every code of one kind of labels.csv with its label in ``lang``.

    Example:
        >>> label_map("role", "en")
        {'lead': 'Lead', 'co-lead': 'Co-lead'}
    """
    return dict(_label_map(kind, lang, reference))


def _label_map(kind: str, lang: str, reference: Reference | None) -> dict[str, str]:
    """:func:`label_map` as cached: not to be changed."""
    check_lang(lang)
    mapping = _label_maps(reference).get((kind, lang))
    if mapping is None:
        raise ValueError(f"data/reference/labels.csv has no labels of kind {kind!r}")
    return mapping


def label(kind: str, code, lang: str, reference: Reference | None = None) -> str:
    """The label of one code in ``lang``; an unknown code of a closed vocabulary is an error.

    Example:
        >>> label("progress_status", "behind", "zh"), label("unit", "万元", "en")
        ('滞后', '10,000 yuan')
        >>> label("progress_status", "late", "en")
        Traceback (most recent call last):
        ...
        ValueError: 'late' has no label of kind 'progress_status' in data/reference/labels.csv
    """
    mapping = _label_map(kind, lang, reference)
    key = str(code)
    if key in mapping:
        return mapping[key]
    if kind in VOCABULARIES:
        raise ValueError(f"{code!r} has no label of kind {kind!r} in data/reference/labels.csv")
    return key  # an open kind (unit, metric, field): shown as written


def labels(values, kind: str, lang: str, reference: Reference | None = None) -> list[str]:
    """Labels of many codes (see :func:`label`), e.g. for a legend.

    Example:
        >>> labels(["filled", "empty"], "cell_status", "en")
        ['Filled', 'Empty']
    """
    return [label(kind, v, lang, reference) for v in values]


def names(values, kind: str, lang: str, *, original: bool = False,
          reference: Reference | None = None) -> list[str]:
    """Display names of towns, departments, sections, tasks, funding levels, metrics or fields.

    Chinese names are shown as they are (short forms for ``department_short``); English
    names come from the reference tables, or from labels.csv for the two town buckets
    (全区, 未指明), the funding combination ``none``, metrics and fields. A name without
    an English entry keeps its Chinese form rather than disappearing.

    Args:
        values: Canonical names (or codes).
        kind: ``town``, ``department``, ``department_short``, ``section``, ``task``,
            ``task_full``, ``funding_level``, ``metric``, ``field`` or ``unit``.
        lang: ``"zh"`` or ``"en"``.
        original: In English, add the Chinese original in brackets for translated names
            of :data:`BILINGUAL_KINDS` (tables do, charts do not).
        reference: Reference tables; the bundled ones by default.

    Example:
        >>> names(["区委组织部", "区水务局"], "department_short", "en")
        ['Organization Department', 'Water Affairs Bureau']
        >>> names(["金泽镇", "全区", "新镇"], "town", "en")
        ['Jinze Town', 'District-wide (not attributable)', '新镇']
        >>> names(["美丽庭院"], "metric", "en", original=True)
        ['Beautiful courtyards (美丽庭院)']
    """
    check_lang(lang)
    mapping = lookup(reference, ("names", kind, lang), lambda ref: _name_map(ref, kind, lang))
    out = []
    for value in values:
        shown = mapping.get(value, value)
        if original and not reads_source(lang) and kind in BILINGUAL_KINDS and shown != value:
            shown = f"{shown} ({value})"
        out.append(shown)
    return out


def _name_map(reference: Reference, kind: str, lang: str) -> dict[str, str]:
    """Name (or code) → its display name in ``lang``, for :func:`names`."""
    mapping: dict[str, str] = {}
    if kind in NAME_COLUMNS:
        table_name, key, columns = NAME_COLUMNS[kind]
        table = getattr(reference, table_name)
        fallback = FALLBACK_COLUMNS.get(columns[lang])
        for row in table.to_dict("records"):
            text = row[columns[lang]]
            if pd.isna(text) and fallback is not None:  # a user's row without a short form
                text = row[fallback]
            if pd.notna(text):
                mapping[row[key]] = str(text)
    mapping.update(_label_maps(reference).get((kind, lang), {}))
    return mapping


def name(value, kind: str, lang: str, **kwargs) -> str:
    """One display name (see :func:`names`).

    Example:
        >>> name("区农业农村委", "department", "en")
        'Agriculture and Rural Affairs Commission'
    """
    return names([value], kind, lang, **kwargs)[0]


def quarter_name(quarter: str, lang: str, reference: Reference | None = None) -> str:
    """A reporting period (``H1``, ``Q3``, ``Q4``) as a sentence or title names it (labels.csv, period_name).

    Example:
        >>> quarter_name("Q3", "zh"), quarter_name("H1", "en")
        ('第三季度', 'first half-year')
        >>> quarter_name("Q1", "en")
        Traceback (most recent call last):
        ...
        ValueError: 'Q1' has no label of kind 'period_name' in data/reference/labels.csv
    """
    return label("period_name", quarter, lang, reference)


def section_numeral(number: int, lang: str) -> str:
    """A section's number as ``lang`` writes it in a heading (format.section_numerals: 一 … 三十),
    in digits past the numerals the catalogue gives.

    Example:
        >>> section_numeral(3, "zh"), section_numeral(3, "en"), section_numeral(12, "zh"), section_numeral(31, "zh")
        ('三', '3', '十二', '31')
    """
    numerals = msg.text("format.section_numerals", lang).split()
    return numerals[number - 1] if 1 <= number <= len(numerals) else msg.number(number, lang)


def with_unit(text: str, unit: str | None, lang: str, reference: Reference | None = None) -> str:
    """A heading with its unit: ``总投资（万元）`` or ``Investment (10,000 yuan)``.

    A heading that already ends with a bracket gets the unit inside it.

    Example:
        >>> with_unit("已披露总投资", "万元", "zh"), with_unit("Investment", "万元", "en")
        ('已披露总投资（万元）', 'Investment (10,000 yuan)')
        >>> with_unit("均分投资（敏感性）", "万元", "zh"), with_unit("Allocated (equal split)", "万元", "en")
        ('均分投资（敏感性；万元）', 'Allocated (equal split; 10,000 yuan)')
        >>> with_unit("Tasks", None, "en")
        'Tasks'
    """
    if not unit:
        return text
    shown = label("unit", unit, lang, reference)
    for closing in ("）", ")"):
        if text.endswith(closing):
            return f"{text[:-1]}{'；' if closing == '）' else '; '}{shown}{closing}"
    return msg.text("format.with_unit", lang, text=text, unit=shown)


def metric_label(metric: str, unit: str | None, lang: str, reference: Reference | None = None) -> str:
    """A 建设规模 metric with its unit: ``美丽庭院（户）`` or ``Beautiful courtyards (households)``.

    Example:
        >>> metric_label("乡村停车场(点)建设", "个", "en")
        'Rural parking lots (units)'
        >>> metric_label("新指标", "座", "en")
        '新指标 (structures)'
    """
    return with_unit(name(metric, "metric", lang, reference=reference), unit, lang, reference)


def source_note(title: str, sha256: str, lang: str, reference: Reference | None = None) -> str:
    """The source line of a figure or a report page: a list's title and the checksum of its raw file.

    The title is given as the reader should see it
    (:func:`qpanalysis.display.findings.identity.source_note` passes the list's title in ``lang``).

    Example:
        >>> source_note("某年度任务清单", "0123456789abcdef" * 4, "en")
        'Source: 某年度任务清单 (raw file sha256 01234567…89abcdef)'
    """
    checksum = f"{sha256[:8]}…{sha256[-8:]}"
    return label("note", "source", lang, reference).format(title=title, sha256=checksum)


def sanity_check_labels(reference: Reference | None = None) -> None:
    """Check that every code of every vocabulary has exactly one label in both languages.

    Raises:
        ValueError: Naming the kinds with missing, extra, repeated or empty labels.

    Example:
        >>> sanity_check_labels()
    """
    table = _labels(reference)
    problems = []
    repeated = table[table.duplicated(["kind", "code"], keep=False)]
    if len(repeated):
        problems.append(f"repeated labels: {sorted(set(zip(repeated['kind'], repeated['code'])))}")
    empty = table[table[["zh", "en"]].isna().any(axis=1)]
    if len(empty):
        problems.append(f"empty labels: {sorted(set(zip(empty['kind'], empty['code'])))}")
    for kind, vocabulary in VOCABULARIES.items():
        labelled = set(table.loc[table["kind"] == kind, "code"])
        missing, extra = set(vocabulary) - labelled, labelled - set(vocabulary)
        if missing or extra:
            problems.append(f"{kind}: unlabelled codes {sorted(missing)}, labels of unknown codes {sorted(extra)}")
    if problems:
        raise ValueError("data/reference/labels.csv: " + "; ".join(problems))
