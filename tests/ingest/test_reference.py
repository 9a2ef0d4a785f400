"""Reference tables and the alias encoder."""

from __future__ import annotations

import pandas as pd
import pytest

import qpanalysis as qp
from qpanalysis.ingest.reference import Encoder, load_reference


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


def test_english_labels(ref):
    labels = ref.label(pd.Series(["金泽镇", "未知"]), "town", "en").tolist()
    assert labels == ["Jinze Town", "未知"]
    assert ref.label(pd.Series(["central"]), "level", "zh").tolist() == ["中央"]
    with pytest.raises(ValueError):
        ref.label(pd.Series(["金泽镇"]), "town", "fr")


def test_every_task_name_has_english(ref, bundled):
    assert set(bundled.tasks["name"]) <= set(ref.task_names["name"])
