"""Labels come from data/reference/ and vocabularies from qpanalysis.codes, once each."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis import codes
from qpanalysis.analysis import coverage as cov
from qpanalysis.display import labels as lb
from qpanalysis.ingest.reference import load_reference
from tests import source_trees

PACKAGE = Path(qp.__file__).parent
# Every vocabulary of qpanalysis.codes (a tuple of string codes).
VOCABULARIES = {
    name: set(value) for name, value in vars(codes).items()
    if name.isupper() and isinstance(value, tuple) and len(value) > 1 and all(isinstance(v, str) for v in value)
}
# Modules whose display text is this engineer's: no label dicts ({"zh": …, "en": …}) in them.
LABEL_FREE = [*sorted((PACKAGE / "analysis").glob("*.py")), *sorted((PACKAGE / "charts").glob("*.py")),
              PACKAGE / "reports" / "params.py", PACKAGE / "display" / "tables.py", PACKAGE / "display" / "labels.py"]


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def test_every_code_of_every_vocabulary_has_one_label_in_each_language(ref):
    lb.sanity_check_labels(ref)
    assert lb.labels(codes.STATUSES, "progress_status", "zh") == ["已完成", "超前", "正常推进", "滞后", "无量化目标", "无数据"]
    assert lb.label("period", "Q3", "en") == "Q3 (Jul–Sep)"


def test_a_missing_label_is_reported(ref):
    broken = ref.labels[~((ref.labels["kind"] == "town_basis") & (ref.labels["code"] == "explicit"))]
    with pytest.raises(ValueError, match=r"town_basis: unlabelled codes \['explicit'\]"):
        lb.sanity_check_labels(SimpleNamespace(labels=broken))


def test_units_have_one_english_rendering(ref, bundled):
    units = ref.labels[ref.labels["kind"] == "unit"]
    assert not units["code"].duplicated().any()
    assert lb.label("unit", "万元", "en") == "10,000 yuan"
    assert lb.label("unit", "个", "en") == "units"
    # Every unit the bundled list states in 建设规模 (个, 个村, 公里, 座, %, 人, 家, 户, 分, 亩) is labelled.
    stated = set(bundled.quantities["unit"].dropna()) - {""}
    assert stated <= set(units["code"]), stated - set(units["code"])


def test_every_breakdown_metric_has_an_english_name(ref, bundled):
    # The six per-town breakdowns of 建设规模: tasks 7, 8, 18 (two metrics), 23 and 28.
    quantities = cov.town_quantities(bundled.quantities)
    metrics = list(dict.fromkeys(quantities["metric"]))
    assert len(metrics) == 6
    english = lb.names(metrics, "metric", "en")
    assert all(not re.search(r"[\u4e00-\u9fff]", e) for e in english), english
    assert lb.metric_label("美丽庭院", "户", "en") == "Beautiful courtyards (households)"
    assert lb.metric_label("美丽庭院", "户", "zh") == "美丽庭院（户）"
    assert lb.metric_label("没有译名", "座", "en") == "没有译名 (structures)"


def test_every_published_field_has_an_english_name(ref):
    from qpanalysis.ingest.layout import COLUMNS

    english = lb.names(list(COLUMNS), "field", "en")
    assert all(not re.search(r"[\u4e00-\u9fff]", e) for e in english), english
    assert lb.name("总投资(万元)", "field", "en", original=True) == "Total investment in 10,000 yuan (总投资(万元))"


def test_short_department_names_come_from_the_reference_table(ref):
    departments = ref.departments
    assert departments["department_en_short"].notna().all() and departments["department_short"].notna().all()
    # The short English name is the full one without the district qualifier, never a new name.
    for full, short in zip(departments["department_en"], departments["department_en_short"]):
        assert short in full and not short.startswith("District ") and "Party Committee" not in short, short
    assert lb.names(["区委组织部", "区农业农村委"], "department_short", "zh") == ["组织部", "农业农村委"]
    # A department a user adds without short names falls back to its full names.
    extra = pd.concat([departments, pd.DataFrame({"department": ["区新局"], "department_en": ["District New Bureau"]})])
    user = SimpleNamespace(departments=extra, labels=ref.labels)
    assert lb.names(["区新局"], "department_short", "en", reference=user) == ["District New Bureau"]


def test_town_buckets_and_funding_combinations(ref):
    assert lb.names(["夏阳街道", codes.TownBucket.UNSPECIFIED], "town", "en") == [
        "Xiayang Subdistrict", "No town specified"]
    assert lb.names([codes.TownBucket.DISTRICT_WIDE], "town", "zh") == ["全区（不分街镇）"]
    from qpanalysis.display.tables import formatted

    shown = formatted(pd.DataFrame({"levels": ["central+municipal", codes.FUNDING_NONE]}), "en")
    assert shown["Funding levels named"].tolist() == ["Central government + Shanghai municipal", "No level stated"]
    shown = formatted(pd.DataFrame({"levels": ["municipal+district+town"]}), "zh")
    assert shown.iloc[0, 0] == "市级＋区级＋镇级"


def test_source_note_names_the_loaded_list(bundled):
    tl = bundled
    # The bundled file's title line is "### 2026 年度青浦区乡村建设行动任务清单"; its sha256 is in PROVENANCE.md.
    assert lb.source_note(tl.title, tl.sha256, "zh") == (
        "数据来源：2026 年度青浦区乡村建设行动任务清单（原始文件 sha256 1970cfd1…2be33314）")
    assert lb.source_note("2027 年度某区任务清单", "ab" * 32, "en") == (
        "Source: 2027 年度某区任务清单 (raw file sha256 abababab…abababab)")


def test_quarter_names_for_sentences():
    assert [lb.quarter_name(p, "en") for p in codes.PERIODS] == ["first half-year", "third quarter", "fourth quarter"]
    assert lb.quarter_name("H1", "zh") == "上半年"


def _module_assignments(path: Path):
    for node in ast.walk(source_trees.tree(path)):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            yield node.value


def _strings(node) -> list[str] | None:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts]
    return None


def test_vocabularies_are_defined_only_in_codes():
    # Outside qpanalysis.codes and the reader (ingest/), no module spells out a vocabulary of
    # two codes or more (languages, periods, statuses, bases, rules, formats…): it imports it.
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "codes.py" or "ingest" in path.parts:
            continue
        for value in _module_assignments(path):
            strings = _strings(value)
            if not strings or len(strings) < 2:
                continue
            for name, vocabulary in VOCABULARIES.items():
                if set(strings) <= vocabulary:
                    offenders.append(f"{path.relative_to(PACKAGE)}: {strings} (use qpanalysis.codes.{name})")
    assert not offenders, offenders


def test_no_label_dictionaries_in_python():
    # Display labels live in data/reference/*.csv: no {"zh": …, "en": …} dict, no table of
    # English units or names, no second display helper in the analysis modules.
    offenders = []
    for path in LABEL_FREE:
        text = path.read_text(encoding="utf-8")
        for value in _module_assignments(path):
            if isinstance(value, ast.Dict):  # widths per language ({"zh": 8, "en": 40}) are not labels
                keys = {k.value for k in value.keys if isinstance(k, ast.Constant)}
                texts = [v for v in value.values if isinstance(v, (ast.Constant, ast.Dict)) and not (
                    isinstance(v, ast.Constant) and isinstance(v.value, (int, float)))]
                if {"zh", "en"} <= keys and texts:
                    offenders.append(f"{path.name}: a zh/en label dict at line {value.lineno}")
        for pattern in ("UNIT_EN", "METRIC_EN", "FIELD_EN", "_LABELS = ", "Wan yuan", "10k yuan", "10k CNY",
                        "def display_table", "def for_display", "SOURCE_NOTE"):
            if pattern in text:
                offenders.append(f"{path.name}: {pattern}")
    assert not offenders, offenders


def test_one_language_check_for_the_display():
    assert lb.check_lang("zh") == "zh"
    with pytest.raises(ValueError, match="lang must be one of"):
        lb.check_lang("fr")


def test_section_numbers_and_units_are_written_as_each_language_writes_them():
    assert [lb.section_numeral(n, "zh") for n in (1, 7, 10, 11, 30, 31)] == ["一", "七", "十", "十一", "三十", "31"]
    assert [lb.section_numeral(n, "en") for n in (1, 7, 11)] == ["1", "7", "11"]
    assert lb.with_unit("已披露总投资", "万元", "zh") == "已披露总投资（万元）"
    assert lb.with_unit("Disclosed investment", "万元", "en") == "Disclosed investment (10,000 yuan)"


def test_names_pick_the_column_of_the_language_and_only_translations_show_the_original():
    # 区委组织部's short Chinese name differs from the key, but it is the original, not a translation.
    assert lb.names(["区委组织部"], "department_short", "zh", original=True) == lb.names(
        ["区委组织部"], "department_short", "zh")
    assert lb.names(["美丽庭院"], "metric", "en", original=True) == ["Beautiful courtyards (美丽庭院)"]
