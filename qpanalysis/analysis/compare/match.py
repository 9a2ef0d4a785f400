"""Which task of one list is which task of another: by name, by normalised name and lead or section, by a mapping file."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from qpanalysis.errors import TaskListError

# How a pair was matched (the `how` column): the same name; a name that differs only in
# years, a folded opening verb and punctuation, or is close to it (rapidfuzz), with the
# same lead department or section; a task whose name starts with the other's (split or
# merged); a pair from the user's mapping file.
HOW_SAME_NAME = "same-name"
HOW_SIMILAR_NAME = "similar-name"
HOW_SPLIT = "split"
HOW_MERGED = "merged"
HOW_MAPPING = "mapping"
HOWS = (HOW_SAME_NAME, HOW_SIMILAR_NAME, HOW_SPLIT, HOW_MERGED, HOW_MAPPING)
# Words that open a task name and say only that the work goes on: a task 推进X one year is
# 持续推进X or 深化X the next. Longest first, so that 持续推进 is folded whole.
FOLDED_OPENINGS = ("持续推进", "全面推进", "深入推进", "加快推进", "推进", "持续", "深化", "全面", "加快")
# Years in a name (2026年, 2026, 26年度) say which plan the task belongs to, not what it is.
NAME_YEAR = re.compile(r"(?<!\d)(?:20\d\d|\d\d(?=年度))(?:年度|年)?(?!\d)")
# Anything that is not a letter, a digit or a Chinese character: punctuation, quotes, brackets, spaces.
PUNCTUATION = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")
# A pair of normalised names at least this similar (rapidfuzz's ratio, 0–100) with the same
# lead department or section is a candidate; 85 lets a changed word in a ten-character name
# through and keeps 推进农村厕所革命 apart from 推进农村生活垃圾治理 (ratio 29).
MIN_SCORE = 85.0
# A candidate is taken only when no other candidate of either task comes within this many
# points of it: otherwise the pairs are listed as ambiguous, never chosen between.
AMBIGUITY_MARGIN = 5.0
# Columns of the tables made here.
MATCHED_COLUMNS = ["old_id", "new_id", "old_name", "new_name", "how", "score"]
AMBIGUOUS_COLUMNS = ["old_id", "new_id", "old_name", "new_name", "score"]
MAPPING_HEADER = ("old_id", "new_id")


def normalise(name: str) -> str:
    """A task name without years, opening words that only say the work goes on, and punctuation.

    Example:
        >>> normalise("持续推进“四好农村路”高质量发展"), normalise("推进“四好农村路”高质量发展")
        ('四好农村路高质量发展', '四好农村路高质量发展')
        >>> normalise("深化2027年度乡村治理积分制实践")
        '乡村治理积分制实践'
    """
    text = PUNCTUATION.sub("", NAME_YEAR.sub("", str(name)))
    for opening in FOLDED_OPENINGS:
        if text.startswith(opening) and len(text) > len(opening):
            return text[len(opening):]
    return text


def score(a: str, b: str) -> float:
    """How alike two normalised names are, 0–100 (rapidfuzz's normalised Indel similarity).

    Example:
        >>> score("农村厕所革命", "农村厕所革命"), round(score("农村厕所革命", "农村生活垃圾治理"))
        (100.0, 29)
    """
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def _pairs(rows: list[tuple], old, new, how: str) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["old_id", "new_id", "score"])
    table.insert(2, "old_name", table["old_id"].map(old.tasks["name"]))
    table.insert(3, "new_name", table["new_id"].map(new.tasks["name"]))
    table.insert(4, "how", how)
    return table[MATCHED_COLUMNS]


def read_mapping(path: str | Path, old, new) -> list[tuple[int, int]]:
    """The (old_id, new_id) pairs of a mapping file: a CSV file with the header ``old_id,new_id``.

    A task may appear on several lines (split: one old task, several new; merged: several
    old, one new). Every id must be a task of its list.

    Raises:
        TaskListError: Naming the file, the line and the column, for a missing header, an
            id that is not a whole number, or an id that is not a task of its list.
    """
    path = Path(path)
    pairs = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or tuple(c.strip() for c in rows[0]) != MAPPING_HEADER:
        raise TaskListError(f"expected the header {','.join(MAPPING_HEADER)}, found {','.join(rows[0]) if rows else 'nothing'}",
                            path=path, line=1)
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise TaskListError(f"expected 2 cells (old_id,new_id), found {len(row)}", path=path, line=line)
        ids = []
        for column, cell, tl in zip(MAPPING_HEADER, row, (old, new)):
            text = cell.strip()
            if not text.isdigit():
                raise TaskListError(f"expected a task number, found {cell!r}", path=path, line=line, field=column)
            if int(text) not in tl.tasks.index:
                raise TaskListError(f"{tl.source.name} has no task {int(text)} (its tasks are 1–{len(tl.tasks)})",
                                    path=path, line=line, field=column)
            ids.append(int(text))
        pairs.append(tuple(ids))
    return list(dict.fromkeys(pairs))


def _unique_names(tasks: pd.DataFrame, key) -> dict:
    """Key → task id, for keys only one task of the list has."""
    keys = tasks["name"].map(key)
    counts = keys.value_counts()
    return {k: int(i) for i, k in keys.items() if counts[k] == 1}


def _same_group(old_task, new_task) -> bool:
    return old_task["lead_department"] == new_task["lead_department"] or old_task["section"] == new_task["section"]


def match_tasks(old, new, mapping: list[tuple[int, int]] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The matched pairs and the ambiguous ones of two lists (tables ``matched`` and ``ambiguous``).

    In order, each step on the tasks still unmatched: the mapping pairs (``how`` =
    mapping); the same name, held by one task in each list (same-name); the same
    normalised name (:func:`normalise`) with the same lead department or section
    (similar-name, score 100); a new task's normalised name starting with an old one's,
    for two or more new tasks of the same lead or section (split), or the reverse (merged);
    normalised names at least MIN_SCORE alike with the same lead or section (similar-name),
    where no other candidate of either task comes within AMBIGUITY_MARGIN; the others with
    candidates are listed as ambiguous, not matched.

    Example:
        >>> import qpanalysis as qp
        >>> tl = qp.load()
        >>> matched, ambiguous = match_tasks(tl, tl)
        >>> len(matched), set(matched["how"]), len(ambiguous)
        (41, {'same-name'}, 0)
    """
    rows: list[pd.DataFrame] = []
    mapping = list(mapping or [])
    if mapping:
        rows.append(_pairs([(o, n, float("nan")) for o, n in mapping], old, new, HOW_MAPPING))
    old_left = [i for i in old.tasks.index if i not in {o for o, _ in mapping}]
    new_left = [i for i in new.tasks.index if i not in {n for _, n in mapping}]

    def take(pairs, how):
        if pairs:
            rows.append(_pairs(pairs, old, new, how))
            for o, n, _ in pairs:
                if o in old_left:
                    old_left.remove(o)
                if n in new_left:
                    new_left.remove(n)

    # the same name, one task on each side
    olds, news = _unique_names(old.tasks.loc[old_left], str), _unique_names(new.tasks.loc[new_left], str)
    take([(olds[k], news[k], 100.0) for k in olds if k in news], HOW_SAME_NAME)
    # the same normalised name and the same lead or section, one task on each side
    olds = _unique_names(old.tasks.loc[old_left], normalise)
    news = _unique_names(new.tasks.loc[new_left], normalise)
    take([(olds[k], news[k], 100.0) for k in olds if k in news
          and _same_group(old.tasks.loc[olds[k]], new.tasks.loc[news[k]])], HOW_SIMILAR_NAME)
    # split and merged: one name that starts two or more of the other list's names
    take(_containing(old, new, old_left, new_left), HOW_SPLIT)
    take([(o, n, s) for n, o, s in _containing(new, old, new_left, old_left)], HOW_MERGED)
    # close names: taken when clearly the best on both sides, else listed as ambiguous
    candidates = [
        (o, n, score(normalise(old.tasks.at[o, "name"]), normalise(new.tasks.at[n, "name"])))
        for o in old_left for n in new_left if _same_group(old.tasks.loc[o], new.tasks.loc[n])
    ]
    candidates = [c for c in candidates if c[2] >= MIN_SCORE]
    clear, unclear = [], []
    for o, n, s in candidates:
        rivals = [c[2] for c in candidates if (c[0] == o) != (c[1] == n)]
        (clear if all(r < s - AMBIGUITY_MARGIN for r in rivals) else unclear).append((o, n, s))
    take(clear, HOW_SIMILAR_NAME)
    matched = pd.concat(rows, ignore_index=True) if rows else _pairs([], old, new, HOW_SAME_NAME)
    ambiguous = _pairs(unclear, old, new, "")[AMBIGUOUS_COLUMNS]
    matched = matched.sort_values(["old_id", "new_id"], ignore_index=True)
    return matched.astype({"old_id": int, "new_id": int, "score": float}), ambiguous.astype(
        {"old_id": int, "new_id": int, "score": float}).sort_values(["old_id", "new_id"], ignore_index=True)


def _containing(one, other, one_left, other_left) -> list[tuple[int, int, float]]:
    """(one_id, other_id, score) for a task of ``one`` whose normalised name starts two or
    more unmatched names of ``other`` with the same lead or section, and only such a task."""
    pairs = []
    for i in one_left:
        stem = normalise(one.tasks.at[i, "name"])
        parts = [j for j in other_left if j not in {p[1] for p in pairs}
                 and normalise(other.tasks.at[j, "name"]).startswith(stem)
                 and normalise(other.tasks.at[j, "name"]) != stem
                 and _same_group(one.tasks.loc[i], other.tasks.loc[j])]
        if len(parts) >= 2:
            from rapidfuzz import fuzz

            pairs += [(i, j, float(fuzz.partial_ratio(stem, normalise(other.tasks.at[j, "name"])))) for j in parts]
    return pairs
