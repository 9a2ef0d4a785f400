"""Scope read from a task's text: a task whose 涉及范围 names no place but whose text says 整区 is district-wide."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from qpanalysis.codes import Basis, ProblemKind
from qpanalysis.ingest import parsing
from qpanalysis.ingest.fields import header

# Words that say "the whole district" (整区建设美丽乡村, 全区各村): a task whose text uses
# one is meant for every town of the district, whatever its 涉及范围 cell says.
DISTRICT_WORDS = ("整区", "全区")
# Fields that describe the task itself, in the published order; 建设标准 (documents cited)
# and the milestones (steps of the work) are not read for its place.
TEXT_FIELDS = ("name", "goal", "content", "scale")
# Published headers of those fields, for problem details a reader can find in the source.
FIELD_HEADERS = {column: header(column) for column in TEXT_FIELDS}
# The problem kind recorded for every task placed by its text (qpanalysis.codes.PROBLEM_KINDS).
PROBLEM_KIND = ProblemKind.SCOPE_FROM_TEXT.value


def district_word(scope: str, fields: Mapping[str, str]) -> tuple[str, str] | None:
    """The field and word by which a task's text places it district-wide, or None.

    Only a scope cell that names no place at all (empty or "/") is read from the text: a
    scope that names towns, says 11个街镇 or 相关街镇 (the towns concerned) keeps its reading.

    Args:
        scope: The 涉及范围 cell as published.
        fields: The task's ``name``, ``goal``, ``content`` and ``scale`` cells.

    Returns:
        ``(field, word)`` of the first of :data:`TEXT_FIELDS` that holds one of
        :data:`DISTRICT_WORDS`, or None.

    Example:
        >>> district_word("/", {"name": "整区建设美丽乡村", "goal": "完成自评估。"})
        ('name', '整区')
        >>> district_word("", {"name": "某任务", "content": "指导全区各村开展工作。"})
        ('content', '全区')
        >>> district_word("相关街镇", {"name": "整区建设美丽乡村"}) is None
        True
        >>> district_word("/", {"name": "完善乡村公共标识标牌"}) is None
        True
    """
    if not parsing.is_none(scope):
        return None
    for field in TEXT_FIELDS:
        text = str(fields.get(field) or "")
        for word in DISTRICT_WORDS:
            if word in text:
                return field, word
    return None


def mention_district(texts: pd.DataFrame) -> np.ndarray:
    """Whether each row's :data:`TEXT_FIELDS` hold one of :data:`DISTRICT_WORDS` (a first sieve for ``district_word``).

    Example:
        >>> mention_district(pd.DataFrame({"name": ["整区建设", "某任务"], "goal": ["", "全区各村"],
        ...                                "content": ["", ""], "scale": ["", ""]})).tolist()
        [True, True]
        >>> mention_district(pd.DataFrame({"name": ["区级任务"], "goal": [""], "content": [""], "scale": [None]})).tolist()
        [False]
    """
    found = np.zeros(len(texts), dtype=bool)
    for field in TEXT_FIELDS:
        found |= parsing.holds_any([str(text or "") for text in texts[field].tolist()], [list(DISTRICT_WORDS)])[:, 0]
    return found


def district_wide_by_text(tasks: pd.DataFrame | Iterable[Mapping]) -> pd.DataFrame:
    """The tasks that their text, not their scope, places district-wide.

    Args:
        tasks: The tasks table (or its records): ``task_id``, ``scope`` and the
            :data:`TEXT_FIELDS`.

    Returns:
        One row per such task, by task number: ``task_id``, ``field`` (the published
        header of the field that says so), ``word`` and ``text`` (that field's cell).

    Example:
        >>> tasks = pd.DataFrame({"task_id": [30, 31, 32], "scope": ["相关街镇", "/", "金泽镇"],
        ...                       "name": ["整区推进", "整区建设美丽乡村", "全区示范"],
        ...                       "goal": ["", "", ""], "content": ["", "", ""], "scale": ["", "", ""]})
        >>> district_wide_by_text(tasks)[["task_id", "field", "word"]].values.tolist()
        [[31, '任务名称', '整区']]
    """
    if isinstance(tasks, pd.DataFrame):  # the tasks table is indexed by task_id and may also hold it as a column
        frame = tasks if "task_id" in tasks.columns else tasks.rename_axis("task_id").reset_index()
        records = frame.to_dict("records")
    else:
        records = list(tasks)
    rows = []
    for task in records:
        found = district_word(str(task.get("scope") or ""), task)
        if found is not None:
            field, word = found
            rows.append({"task_id": int(task["task_id"]), "field": FIELD_HEADERS[field], "word": word,
                         "text": str(task[field])})
    frame = pd.DataFrame(rows, columns=["task_id", "field", "word", "text"])
    return frame.sort_values("task_id", kind="stable").reset_index(drop=True)


def apply_text_scope(tasks: list[dict], towns: list[dict], problems: list[dict],
                     district_towns: Iterable[str], town_en: Mapping[str, str]) -> tuple[list[dict], list[dict]]:
    """The towns and problems records once the tasks that their text places district-wide are placed.

    Each such task's single row with no town is replaced, in place, by one row per district
    town with ``basis = district-wide`` (its ``raw_scope`` stays as published), and a
    problem of kind :data:`PROBLEM_KIND` says that the basis was inferred from the text. The
    inputs are not modified.

    Args:
        tasks: Task records (``task_id``, ``scope``, the :data:`TEXT_FIELDS`, ``source_line``).
        towns: Town records (``task_id``, ``town``, ``town_en``, ``basis``, ``raw_scope``).
        problems: Problem records (``task_id``, ``field``, ``kind``, ``detail``, ``source_line``).
        district_towns: The district's towns, in reference order.
        town_en: Town → English name.

    Returns:
        ``(towns, problems)``: new lists.

    Example:
        >>> tasks = [{"task_id": 1, "scope": "/", "name": "整区建设美丽乡村", "source_line": 9},
        ...          {"task_id": 2, "scope": "金泽镇", "name": "整区推进", "source_line": 10}]
        >>> towns = [{"task_id": 1, "town": None, "town_en": None, "basis": "unspecified", "raw_scope": "/"},
        ...          {"task_id": 2, "town": "金泽镇", "town_en": "Jinze Town", "basis": "explicit", "raw_scope": "金泽镇"}]
        >>> new_towns, new_problems = apply_text_scope(tasks, towns, [], ["金泽镇", "白鹤镇"],
        ...                                            {"金泽镇": "Jinze Town", "白鹤镇": "Baihe Town"})
        >>> [(t["task_id"], t["town"], t["basis"]) for t in new_towns]
        [(1, '金泽镇', 'district-wide'), (1, '白鹤镇', 'district-wide'), (2, '金泽镇', 'explicit')]
        >>> new_problems[0]["kind"], new_problems[0]["field"], new_problems[0]["source_line"]
        ('scope-from-text', '涉及范围', 9)
    """
    placed = district_wide_by_text(tasks).set_index("task_id")
    if placed.empty:
        return list(towns), list(problems)
    district = list(district_towns)
    lines = {int(t["task_id"]): t.get("source_line") for t in tasks}
    placed_ids = set(placed.index.tolist())
    new_towns: list[dict] = []
    for row in towns:
        task_id = int(row["task_id"])
        if task_id in placed_ids and row["basis"] == Basis.UNSPECIFIED:
            new_towns += [{**row, "town": town, "town_en": town_en.get(town), "basis": Basis.DISTRICT_WIDE.value}
                          for town in district]
        else:
            new_towns.append(row)
    new_problems = list(problems)
    for task_id, field, word in zip(placed.index.tolist(), placed["field"].tolist(), placed["word"].tolist()):
        new_problems.append({
            "task_id": int(task_id), "field": header("scope"), "kind": PROBLEM_KIND,
            "detail": f"涉及范围 names no place, but {field} says {word} (the whole district): "
                      f"read as district-wide, all {len(district)} towns; the basis is inferred from the text",
            "source_line": lines.get(int(task_id)),
        })
    return new_towns, new_problems
