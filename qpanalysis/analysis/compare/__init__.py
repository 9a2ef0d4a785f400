"""Two task lists compared: which tasks are new, dropped, carried over with changes, or multi-year projects listed again.

``compare(old, new)`` matches the tasks of the two lists without trusting their numbers
(:mod:`.match`), lists every changed field of each matched task (:mod:`.changes`) and
sets the two lists side by side by section, lead department and town (:mod:`.summary`).
Facts only: the words are in ``qpanalysis.display.findings.compare``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qpanalysis.ingest.layout import title_district

from qpanalysis.analysis.compare.changes import changed_fields, multi_year
from qpanalysis.analysis.compare.match import HOWS, match_tasks, read_mapping
from qpanalysis.analysis.compare.summary import side_by_side, towns_reached
from qpanalysis.errors import TaskListError

# What a comparison warns about (Comparison.warnings): the two files hold the same bytes;
# their titles name different districts; the "new" list's plan year is before the old one's.
WARN_IDENTICAL = "identical-files"
WARN_OTHER_DISTRICT = "different-districts"
WARN_NEW_IS_OLDER = "new-is-older"
# Columns of the added and dropped tables.
TASK_COLUMNS = ["task_id", "name", "section", "lead", "investment_raw", "investment_wan"]

__all__ = ["Comparison", "compare", "HOWS"]


@dataclass(frozen=True)
class Comparison:
    """Two lists compared: the lists, and one table per fact.

    Attributes:
        old, new: The two TaskLists.
        matched: old_id, new_id, old_name, new_name, how (match.HOWS), score (0–100; NaN for
            a mapping), multi_year ("" or why the pair looks like one project listed twice).
        added, dropped: The tasks of the new (old) list with no match and no ambiguous
            candidate: task_id, name, section, lead, investment_raw, investment_wan.
        changed: One row per one-to-one matched task and changed field (see
            :func:`qpanalysis.analysis.compare.changes.changed_fields`).
        ambiguous: Candidate pairs that were not chosen between: old_id, new_id, names, score.
        by_section, by_department: Tasks and disclosed investment in both lists, with the changes.
        towns: Tasks reaching each town in both lists.
        warnings: Codes of what the reader must know first (WARN_…).
        mapping: The mapping file used, or None.
    """

    old: object
    new: object
    matched: pd.DataFrame
    added: pd.DataFrame
    dropped: pd.DataFrame
    changed: pd.DataFrame
    ambiguous: pd.DataFrame
    by_section: pd.DataFrame
    by_department: pd.DataFrame
    towns: pd.DataFrame
    warnings: tuple[str, ...] = ()
    mapping: Path | None = field(default=None)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in a fixed order (for exports)."""
        return {name: getattr(self, name) for name in (
            "matched", "added", "dropped", "changed", "ambiguous", "by_section", "by_department", "towns")}


def district(tl) -> str | None:
    """The district a list's title names, or None.

    Example:
        >>> import qpanalysis as qp
        >>> district(qp.load())
        '青浦区'
    """
    return title_district(tl.title)


def _load(value, reference):
    from qpanalysis.ingest.tasklist import TaskList, load

    return value if isinstance(value, TaskList) else load(value, reference=reference)


def _unmatched(tl, ids) -> pd.DataFrame:
    tasks = tl.tasks.loc[sorted(ids)].reset_index(drop="task_id" in tl.tasks.columns)
    return tasks.rename(columns={"lead_department": "lead"})[TASK_COLUMNS]


def warnings_of(old, new, *, same_file: bool = False) -> tuple[str, ...]:
    """What a reader must know before reading a comparison of ``old`` and ``new`` (WARN_ codes).

    Raises:
        TaskListError: When both are the same file (unless ``same_file``): there is nothing to compare.

    Example:
        >>> import qpanalysis as qp
        >>> warnings_of(qp.load(), qp.load())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qpanalysis.errors.TaskListError: ...2026_qingpu_rural_construction_tasks.txt: the same file is given as the old and the new list; give two lists to compare
    """
    if not same_file and Path(old.source).resolve() == Path(new.source).resolve():
        raise TaskListError("the same file is given as the old and the new list; give two lists to compare",
                            path=new.source)
    found = []
    if old.sha256 == new.sha256:
        found.append(WARN_IDENTICAL)
    if district(old) and district(new) and district(old) != district(new):
        found.append(WARN_OTHER_DISTRICT)
    if int(new.plan_year) < int(old.plan_year):
        found.append(WARN_NEW_IS_OLDER)
    return tuple(found)


def compare(old, new, mapping=None, *, reference=None, check_files: bool = True) -> Comparison:
    """Compare two task lists (each a path or a loaded TaskList).

    Args:
        old, new: The earlier and the later list.
        mapping: A CSV file with the header ``old_id,new_id`` whose pairs override the
            matcher (a task on several lines is split or merged), or a list of pairs.
        reference: Reference tables for lists given as paths.
        check_files: Refuse the same file given twice (:func:`warnings_of`); False to
            compare a list with itself (a demonstration, a check).

    Raises:
        TaskListError: For a list that cannot be read, the same file given twice, or a
            mapping file naming a task that does not exist (file, line and column).

    Example:
        >>> import qpanalysis as qp
        >>> c = compare(qp.load(), qp.load(), check_files=False)
        >>> len(c.matched), len(c.added), len(c.dropped), len(c.changed)
        (41, 0, 0, 0)
    """
    old, new = _load(old, reference), _load(new, reference)
    warnings = warnings_of(old, new, same_file=not check_files)
    path = None
    if mapping is not None and not isinstance(mapping, (list, tuple)):
        path = Path(mapping)
        mapping = read_mapping(path, old, new)
    matched, ambiguous = match_tasks(old, new, mapping)
    matched = matched.assign(multi_year=multi_year(old, new, matched))
    seen_old = set(matched["old_id"]) | set(ambiguous["old_id"])
    seen_new = set(matched["new_id"]) | set(ambiguous["new_id"])
    return Comparison(
        old=old, new=new, matched=matched,
        added=_unmatched(new, set(new.tasks.index) - seen_new),
        dropped=_unmatched(old, set(old.tasks.index) - seen_old),
        changed=changed_fields(old, new, matched),
        ambiguous=ambiguous,
        by_section=side_by_side(old.tasks, new.tasks, "section"),
        by_department=side_by_side(old.tasks, new.tasks, "lead_department"),
        towns=towns_reached(old, new),
        warnings=warnings, mapping=path,
    )
