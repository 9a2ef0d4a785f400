"""The problems table: every inconsistency the loader finds in a list, in the order a line-by-line reading meets them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qpanalysis.codes import PROBLEM_KINDS
from qpanalysis.ingest.layout import FIELD_HEADER


class Problems:
    """The problems found so far; each ``add`` is one check over the whole column.

    They are listed as a line-by-line reading meets them: by source line, then in the
    order the checks run, then by ``sub`` (e.g. the position of a name in its cell).
    """

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, rows, column: str, kind: str, detail, sub=0, *, with_previous: bool = False) -> None:
        """Record problems of ``kind`` in ``column`` for the task rows ``rows`` (None: the whole file).

        ``with_previous`` sorts these among the previous check's problems of a row, by ``sub``.
        """
        if rows is None:
            part = pd.DataFrame({"row": [np.nan], "detail": [detail], "sub": [sub]})
        else:
            part = pd.DataFrame({"row": np.asarray(rows, dtype=float), "detail": detail, "sub": sub})
        part["kind"] = str(kind)  # the plain code, also when given a codes.ProblemKind
        part["field"] = FIELD_HEADER.get(column, column)
        part["check"] = len(self.parts) - (1 if with_previous and self.parts else 0)
        self.parts.append(part)

    def table(self, cells: pd.DataFrame) -> pd.DataFrame:
        """The problems table, with each task row's number and source line."""
        parts = [p for p in self.parts if len(p)]
        if not parts:
            parts = [pd.DataFrame(columns=["row", "detail", "sub", "kind", "field", "check"])]
        found = pd.concat(parts, ignore_index=True)
        found = found.sort_values(["row", "check", "sub"], kind="stable", na_position="last")
        sanity_check_problem_kinds(found["kind"])
        rows = found["row"].to_numpy(dtype=float)
        known = ~np.isnan(rows)
        positions = rows[known].astype(int)
        task_id, source_line = (
            pd.arrays.IntegerArray(_placed(cells[column].to_numpy(dtype="int64"), positions, known), ~known)
            for column in ("task_id", "source_line")
        )  # NA for a problem of the whole file
        return pd.DataFrame({
            "task_id": task_id, "field": found["field"].astype(object).to_numpy(),
            "kind": found["kind"].astype(object).to_numpy(), "detail": found["detail"].astype(object).to_numpy(),
            "source_line": source_line,
        })


def _placed(values: np.ndarray, positions: np.ndarray, known: np.ndarray) -> np.ndarray:
    """``values[positions]`` where ``known`` holds, 0 elsewhere.

    Example:
        >>> _placed(np.array([7, 8, 9]), np.array([2, 0]), np.array([True, False, True])).tolist()
        [9, 0, 7]
    """
    placed = np.zeros(len(known), dtype="int64")
    placed[known] = values[positions]
    return placed


def sanity_check_problem_kinds(kinds: pd.Series) -> None:
    """Refuse a problem kind that codes.PROBLEM_KINDS does not list (and reports cannot explain).

    Example:
        >>> sanity_check_problem_kinds(pd.Series(["alias", "guess"]))
        Traceback (most recent call last):
        ...
        ValueError: the loader reported problem kind(s) ['guess'], which codes.PROBLEM_KINDS does not list
    """
    unknown = sorted(set(kinds.unique()) - set(PROBLEM_KINDS))  # the few distinct kinds, not every row
    if unknown:
        raise ValueError(f"the loader reported problem kind(s) {unknown}, which codes.PROBLEM_KINDS does not list")
