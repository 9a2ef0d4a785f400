"""Reference tables and the alias encoder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis.ingest.reference import Encoder, load_reference, load_user_reference


@pytest.fixture(scope="module")
def ref():
    return load_reference()


def test_eleven_towns(ref):
    # 青浦区 has 8 towns (镇) and 3 subdistricts (街道).
    assert len(ref.district_towns) == 11
    assert ref.towns.loc[ref.towns["in_district"], "type"].value_counts().to_dict() == {"镇": 8, "街道": 3}


def test_tiles_are_unique(ref):
    tiles = ref.towns.dropna(subset=["tile_row"])[["tile_row", "tile_col"]]
    assert not tiles.duplicated().any()


def test_every_department_alias_maps_to_one_canonical_name(ref):
    encoder = ref.department_encoder
    assert encoder.encode("建设管理委").code == "区建设管理委"
    assert encoder.encode("政务办").code == "区政务办"
    assert encoder.encode("区水务局").alias_of is None


def test_unknown_name_raises(ref):
    with pytest.raises(qp.TaskListError, match="unknown department '区宇宙局'"):
        ref.department_encoder.encode("区宇宙局")


def test_alias_claimed_twice_is_refused():
    table = pd.DataFrame({"town": ["甲镇", "乙镇"], "aliases": ["甲", "甲"]})
    with pytest.raises(ValueError, match="claimed by two names"):
        Encoder("town", table, "town")


def test_english_names(ref):
    # Display names (with the Chinese kept for a name without English) are display.labels.names.
    assert ref.english("town")["金泽镇"] == "Jinze Town"
    assert ref.english("level")["central"] == "Central government"
    assert "未知" not in ref.english("town")


def test_every_task_name_has_english(ref, bundled):
    assert set(bundled.tasks["name"]) <= set(ref.task_names["name"])


# --- reference data of the user's own --------------------------------------------------

# Task 9 is on line 19 of data/raw; its cells 2 and 9 are 牵头部门 and 涉及范围.
TASK_9_LINE = 19
NEW_DEPARTMENT = "区城管执法局"
NEW_TOWN = "青浦工业园区"


def _list_with_new_names(bundled_text: str, tmp_path) -> Path:
    """The bundled list with task 9 led by a new department and reaching a new town."""
    lines = bundled_text.split("\n")
    cells = lines[TASK_9_LINE - 1].split("\t")
    assert cells[0] == "9"
    cells[2] = f"{NEW_DEPARTMENT}、区建设管理委"
    cells[9] = f"金泽镇、{NEW_TOWN}"
    lines[TASK_9_LINE - 1] = "\t".join(cells)
    path = tmp_path / "new_names.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _folder(tmp_path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    folder = tmp_path / "my_reference"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding=encoding)
    return folder


NEW_NAMES = {
    "departments.csv": f"department,department_en,aliases,kind\n{NEW_DEPARTMENT},District Urban Management Law Enforcement Bureau,城管执法局,government\n",
    "towns.csv": f"town,town_en,in_district\n{NEW_TOWN},Qingpu Industrial Park,False\n",
}


def test_unknown_department_says_how_to_add_it(bundled_text, tmp_path):
    with pytest.raises(qp.TaskListError) as info:
        qp.load(_list_with_new_names(bundled_text, tmp_path))
    err = info.value
    assert (err.line, err.field) == (TASK_9_LINE, "牵头部门")
    message = str(err)
    assert f"unknown department '{NEW_DEPARTMENT}'" in message
    assert "add a row to departments.csv in a reference folder of your own" in message
    assert "with columns department, department_en, aliases, kind" in message
    assert 'reference="that folder/"' in message and "--reference" in message


def test_user_reference_folder_adds_a_town_and_a_department(bundled, bundled_text, tmp_path):
    folder = _folder(tmp_path, NEW_NAMES)
    tl = qp.load(_list_with_new_names(bundled_text, tmp_path), reference=str(folder))
    assert tl.tasks.loc[9, ["lead_department", "lead_department_en"]].tolist() == [
        NEW_DEPARTMENT, "District Urban Management Law Enforcement Bureau"]
    task9 = tl.departments.loc[tl.departments["task_id"] == 9]
    assert task9[["department", "role", "kind"]].values.tolist() == [
        [NEW_DEPARTMENT, "lead", "government"], ["区建设管理委", "co-lead", "government"]]
    towns9 = tl.towns.loc[tl.towns["task_id"] == 9]
    assert towns9[["town", "town_en", "basis"]].values.tolist() == [
        ["金泽镇", "Jinze Town", "explicit"], [NEW_TOWN, "Qingpu Industrial Park", "explicit"]]
    # everything else is read with the bundled rows, as before
    others = tl.departments.loc[tl.departments["task_id"] != 9].reset_index(drop=True)
    expected = bundled.departments.loc[bundled.departments["task_id"] != 9].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, expected)
    # the new town is not one of the district's 街镇 (in_district False): 11个街镇 still means 11
    assert tl.towns.loc[tl.towns["basis"] == "district-wide", "town"].nunique() == 11


def test_user_rows_override_bundled_rows_by_key(tmp_path):
    folder = _folder(tmp_path, {
        # Excel's "CSV UTF-8" adds a BOM and writes booleans as TRUE/FALSE
        "departments.csv": "department,department_en,aliases,kind\n区水务局,Qingpu Water Authority,水务|水务局,government\n",
        "towns.csv": f"town,town_en,in_district\n{NEW_TOWN},Qingpu Industrial Park,FALSE\n",
    }, encoding="utf-8-sig")
    tl = qp.load(reference=folder)
    water = tl.departments.loc[tl.departments["department"] == "区水务局", "department_en"]
    assert len(water) > 0 and set(water) == {"Qingpu Water Authority"}
    reference = load_user_reference(folder)
    bundled = load_reference()
    # 区水务局 keeps its place; the new town comes after the bundled ones
    assert list(reference.departments["department"]) == list(bundled.departments["department"])
    assert list(reference.towns["town"]) == [*bundled.towns["town"], NEW_TOWN]
    assert reference.towns.dtypes.to_dict() == bundled.towns.dtypes.to_dict()  # tile_row stays Int64 …
    assert reference.department_encoder.encode("水务").code == "区水务局"
    assert reference.district_towns == bundled.district_towns
    advice = reference.advice("town")
    assert f"add a row to towns.csv in {folder} with columns town, town_en" in advice
    assert f'pass reference="{folder}/"' in advice


@pytest.mark.parametrize(
    ("files", "file", "line", "field", "words"),
    [
        ({"towns.csv": "town,town_english,in_district\n甲镇,Jia,False\n"}, "towns.csv", 1, "town_english", "unknown column"),
        ({"towns.csv": "town,town_en\n甲镇,Jia\n"}, "towns.csv", 1, "in_district", "missing column"),
        ({"departments.csv": "department,department_en,kind\n区甲局,,government\n"}, "departments.csv", 2,
         "department_en", "department_en is empty"),
        ({"departments.csv": "department,department_en,kind\n区甲局,A,government\n区乙局,B,party\n区甲局,C,party\n"},
         "departments.csv", 4, "department", "appears twice (first on line 2)"),
        ({"departments.csv": "department,department_en,kind\n区甲局,A,company\n"}, "departments.csv", 2, "kind",
         "kind must be one of government, party"),
        ({"towns.csv": "town,town_en,in_district\n甲镇,Jia,yes\n"}, "towns.csv", 2, "in_district", "must be one of True, False"),
        ({"towns.csv": "town,town_en,in_district,tile_row\n甲镇,Jia,False,1.5\n"}, "towns.csv", 2, "tile_row",
         "expected a whole number"),
        ({"funding_levels.csv": "level,level_zh,level_en,keywords\nprovincial,省级,Provincial,省级\n"},
         "funding_levels.csv", 2, "level", "level must be one of central"),
        # 金泽 is already an alias of 金泽镇
        ({"towns.csv": "town,town_en,aliases,in_district\n金泽新镇,Jinze New Town,金泽,False\n"}, "towns.csv", None,
         "aliases", "alias '金泽' is claimed by two names"),
    ],
)
def test_bad_user_reference_file(tmp_path, files, file, line, field, words):
    folder = _folder(tmp_path, files)
    with pytest.raises(qp.TaskListError) as info:
        qp.load(reference=folder)
    err = info.value
    assert (err.line, err.field) == (line, field)
    assert words in str(err) and str(folder / file) in str(err)


def test_reference_folder_must_exist_and_hold_a_reference_file(tmp_path):
    with pytest.raises(qp.TaskListError, match="no such reference folder"):
        qp.load(reference=tmp_path / "nowhere")
    folder = _folder(tmp_path, {"notes.txt": "我的笔记"})
    with pytest.raises(qp.TaskListError, match="holds none of towns.csv, departments.csv"):
        qp.load(reference=folder)


def test_command_line_reference(bundled_text, tmp_path, capsys):
    from qpanalysis.__main__ import main

    source = _list_with_new_names(bundled_text, tmp_path)
    folder = _folder(tmp_path, NEW_NAMES)
    assert main(["export", "--source", str(source), "--output", str(tmp_path / "out")]) == 2
    assert f"unknown department '{NEW_DEPARTMENT}'" in capsys.readouterr().err
    assert main(["export", "--source", str(source), "--reference", str(folder), "--output", str(tmp_path / "out")]) == 0
    departments = pd.read_csv(tmp_path / "out" / "csv" / "departments.csv", encoding="utf-8-sig")
    assert NEW_DEPARTMENT in set(departments["department"])
