"""Sheet names of the department templates: accepted by Excel and LibreOffice, unique, and found again by the reader."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from qpanalysis.ingest.department_sheets import (
    SHEET_TITLE_LIMIT, department_sheets, file_stem, header_column, sheet_departments, sheet_title,
)


def _list(*pairs: tuple[str, str]):
    """A stand-in list whose tasks are led by the given (Chinese, English) departments, one task each."""
    tasks = pd.DataFrame(pairs, columns=["lead_department", "lead_department_en"], index=range(1, len(pairs) + 1))
    return SimpleNamespace(tasks=tasks)


@pytest.mark.parametrize("name", ["区[试点]:办公室*?/\\", "'引号'", "A" * 40, "history", "   "])
def test_every_title_is_one_excel_accepts(name):
    title = sheet_title(name)
    assert 0 < len(title) <= SHEET_TITLE_LIMIT
    assert not set("[]:*?/\\") & set(title) and not title.startswith("'") and not title.endswith("'")
    assert title.casefold() != "history"


def test_long_names_cut_alike_are_kept_apart_and_found_again():
    # The first 31 characters of both English names are the same: the second gets " (2)".
    same_start = "District Committee for Rural Affairs and "
    tl = _list(("区甲委", same_start + "Roads"), ("区乙委", same_start + "Water"), ("区丙委", "Data Bureau"))
    english = department_sheets(tl, "en")
    assert english == {"区甲委": "District Committee for Rural", "区乙委": "District Committee (2)",
                       "区丙委": "Data Bureau"}
    assert len({t.casefold() for t in english.values()}) == 3
    found = sheet_departments(tl)
    assert found["district committee (2)"] == "区乙委" and found["区甲委"] == "区甲委"


def test_a_department_leading_several_tasks_has_one_sheet():
    tl = _list(("区水务局", "District Water Affairs Bureau"), ("区教育局", "District Education Bureau"),
               ("区水务局", "District Water Affairs Bureau"))
    assert list(department_sheets(tl)) == ["区水务局", "区教育局"]  # in the order the list first names them


def test_file_names_are_safe_on_every_system():
    assert file_stem('区"试点"<办>|') == "区_试点__办__"
    assert file_stem("...") == "_"


def test_headers_are_known_in_either_language_whatever_the_width_or_case():
    assert header_column("完成进度（%）") == header_column("PROGRESS (%)") == "percent_done"
    assert header_column("填报日期") == header_column("Date reported") == "as_of"
    assert header_column("第三季度到期目标") is None  # the read-only target text is not read
