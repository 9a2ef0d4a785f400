"""Select tasks by town, department, section, due month, funding level or disclosure, and cut every table to them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from qpanalysis.codes import DISCLOSURE_STATUSES, FUNDING_LEVELS, ROLES, Disclosure
from qpanalysis.ingest.parsing import parse_due

# The criteria of a selection, in the order they are applied and described. Several
# criteria must all hold; several values of one criterion are alternatives.
CRITERIA = ("town", "department", "role", "section", "due", "due_by", "level", "disclosure")
# Tables that also hold rows about no task (task_id empty): problems of the whole file
# (e.g. a missing footer) and the lines that are not task rows (title, headers, sections,
# blanks, footer). A selection keeps those rows, so the file around the kept tasks stays whole.
TABLES_WITH_FILE_ROWS = ("problems", "lines")


def _values(value, what: str) -> tuple:
    """One value or several: a string (or number, or month) is one value, a list several.

    Example:
        >>> _values("练塘镇", "town"), _values(["练塘镇", "金泽镇"], "town")
        (('练塘镇',), ('练塘镇', '金泽镇'))
    """
    if isinstance(value, (str, int, pd.Period)) or not isinstance(value, Iterable):
        return (value,)
    values = tuple(value)
    if not values:
        raise ValueError(f"{what}: give at least one value (or None for any)")
    return values


def _check_known(values: tuple, known: Iterable, what: str) -> None:
    known = list(dict.fromkeys(k for k in known if not pd.isna(k)))
    unknown = [v for v in values if v not in known]
    if unknown:
        shown = "、".join(str(k) for k in known)
        raise ValueError(f"unknown {what} {unknown!r}; known {what}s: {shown}")


def month(value) -> pd.Period:
    """Read a month given as ``2026.9`` (as the list writes it), ``2026-09`` or a Period.

    Example:
        >>> month("2026.9"), month("2026-09"), month(pd.Period("2026-09", "M"))
        (Period('2026-09', 'M'), Period('2026-09', 'M'), Period('2026-09', 'M'))
        >>> month("September")
        Traceback (most recent call last):
        ...
        ValueError: a month is written 2026.9, 2026-09 or given as a pandas Period, not 'September'
    """
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    text = str(value).strip()
    for candidate in (text, text.replace("-", ".")):
        try:
            return parse_due(candidate)
        except ValueError:
            continue
    raise ValueError(f"a month is written 2026.9, 2026-09 or given as a pandas Period, not {value!r}")


def disclosure_status(tasks: pd.DataFrame) -> pd.Series:
    """Per task: ``exact``, ``approximate`` (约) or ``not-disclosed`` ("/") investment.

    The loader sets it once, as the ``disclosure`` column of ``tasks``; a table without that
    column (a selection of columns, a toy table) gets it from the amount and its 约 flag.

    Example:
        >>> tasks = pd.DataFrame({"investment_wan": [30.0, None, 10.0],
        ...                       "investment_is_approx": [False, False, True]})
        >>> disclosure_status(tasks).tolist()
        ['exact', 'not-disclosed', 'approximate']
        >>> import qpanalysis as qp
        >>> qp.load().tasks["disclosure"].value_counts().to_dict()  # 9 amounts, 2 of them 约; 32 "/"
        {'not-disclosed': 32, 'exact': 7, 'approximate': 2}
    """
    if "disclosure" in tasks:
        return tasks["disclosure"]
    approx = tasks["investment_is_approx"].fillna(False).astype(bool)
    status = pd.Series(Disclosure.EXACT.value, index=tasks.index, dtype="object")
    status[approx] = Disclosure.APPROXIMATE.value
    status[tasks["investment_wan"].isna()] = Disclosure.NONE.value
    return status


def tasks_reaching(towns: pd.DataFrame, town, known=()) -> set[int]:
    """Tasks whose towns table names any of ``town``, on any basis (named, district-wide, breakdown).

    Args:
        towns: The towns table.
        town: A canonical town name, or several.
        known: More names that are valid though no task may reach them (e.g. the
            reference towns); an unknown name raises instead of selecting nothing.

    Example:
        >>> towns = pd.DataFrame({"task_id": [1, 1, 2, 3], "town": ["练塘镇", "金泽镇", "金泽镇", None]})
        >>> sorted(tasks_reaching(towns, "金泽镇")), sorted(tasks_reaching(towns, ["练塘镇", "金泽镇"]))
        ([1, 2], [1, 2])
    """
    wanted = _values(town, "town")
    _check_known(wanted, [*towns["town"], *known], "town")
    return set(towns.loc[towns["town"].isin(wanted), "task_id"])


def tasks_of_department(departments: pd.DataFrame, department, role=None, known=()) -> set[int]:
    """Tasks that ``department`` leads or co-leads (only one role with ``role``).

    Example:
        >>> deps = pd.DataFrame({"task_id": [1, 1, 2], "department": ["区水务局", "区财政局", "区财政局"],
        ...                      "role": ["lead", "co-lead", "lead"]})
        >>> sorted(tasks_of_department(deps, "区财政局")), sorted(tasks_of_department(deps, "区财政局", "lead"))
        ([1, 2], [2])
    """
    rows = departments
    if department is not None:
        wanted = _values(department, "department")
        _check_known(wanted, [*departments["department"], *known], "department")
        rows = rows[rows["department"].isin(wanted)]
    if role is not None:
        roles = _values(role, "role")
        _check_known(roles, ROLES, "role")
        rows = rows[rows["role"].isin(roles)]
    return set(rows["task_id"])


def tasks_in_section(tasks: pd.DataFrame, section) -> set[int]:
    """Tasks of a section, given by its number, its Chinese title or its English title.

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2], "section_no": [1, 2], "section": ["甲", "乙"],
        ...                       "section_en": ["A", "B"]})
        >>> sorted(tasks_in_section(tasks, 2)), sorted(tasks_in_section(tasks, ["甲", "B"]))
        ([2], [1, 2])
    """
    wanted = _values(section, "section")
    _check_known(wanted, [*tasks["section_no"], *tasks["section"], *tasks["section_en"]], "section")
    hit = tasks["section_no"].isin(wanted) | tasks["section"].isin(wanted) | tasks["section_en"].isin(wanted)
    return set(tasks.loc[hit, "task_id"])


def tasks_due(tasks: pd.DataFrame, due=None, due_by=None) -> set[int]:
    """Tasks planned to finish in a month (``due``) or in or before a month (``due_by``).

    Example:
        >>> tasks = pd.DataFrame({"task_id": [1, 2, 3],
        ...                       "due": pd.PeriodIndex(["2026-09", "2026-11", "2026-12"], freq="M")})
        >>> sorted(tasks_due(tasks, due="2026.11")), sorted(tasks_due(tasks, due_by="2026.11"))
        ([2], [1, 2])
    """
    hit = pd.Series(True, index=tasks.index)
    if due is not None:
        hit &= tasks["due"].isin([month(v) for v in _values(due, "due")])
    if due_by is not None:
        hit &= tasks["due"] <= month(due_by)
    return set(tasks.loc[hit, "task_id"])


def tasks_funded_by(funding: pd.DataFrame, level) -> set[int]:
    """Tasks whose 资金来源 names any of the funding levels ``level`` (codes such as ``town``).

    Example:
        >>> funding = pd.DataFrame({"task_id": [1, 1, 2], "level": ["municipal", "town", "district"]})
        >>> sorted(tasks_funded_by(funding, "town")), sorted(tasks_funded_by(funding, ["town", "district"]))
        ([1], [1, 2])
    """
    wanted = _values(level, "funding level")
    _check_known(wanted, FUNDING_LEVELS, "funding level")
    return set(funding.loc[funding["level"].isin(wanted), "task_id"])


def tasks_with_disclosure(tasks: pd.DataFrame, disclosure) -> set[int]:
    """Tasks whose investment is disclosed as ``disclosure`` (exact, approximate or not-disclosed)."""
    wanted = _values(disclosure, "disclosure")
    _check_known(wanted, DISCLOSURE_STATUSES, "disclosure")
    return set(tasks.loc[disclosure_status(tasks).isin(wanted), "task_id"])


def select_tasks(
    tables: Mapping[str, pd.DataFrame],
    known: Mapping[str, Iterable] | None = None,
    **criteria,
) -> list[int]:
    """The task ids that meet every criterion given (None means any), in task order.

    Args:
        tables: The tables of a TaskList by name (``tasks``, ``towns``, ``departments``, ``funding``…).
        known: Extra valid names per criterion (``town``, ``department``) that no task
            may name, e.g. from the reference tables.
        **criteria: Any of ``CRITERIA``: ``town``, ``department`` (lead or co-lead),
            ``role`` (with or without ``department``), ``section`` (number or title),
            ``due`` (month), ``due_by`` (month), ``level`` (funding level code) and
            ``disclosure`` (exact / approximate / not-disclosed). Each takes one value or
            a list of alternatives.

    Raises:
        ValueError: For an unknown criterion or a value the list and the reference do not know.
    """
    unknown = set(criteria) - set(CRITERIA)
    if unknown:
        raise ValueError(f"unknown criteria {sorted(unknown)}; a selection takes {CRITERIA}")
    known = known or {}
    tasks = tables["tasks"]
    chosen = set(tasks["task_id"])
    if criteria.get("town") is not None:
        chosen &= tasks_reaching(tables["towns"], criteria["town"], known.get("town", ()))
    if criteria.get("department") is not None or criteria.get("role") is not None:
        chosen &= tasks_of_department(tables["departments"], criteria.get("department"), criteria.get("role"),
                                      known.get("department", ()))
    if criteria.get("section") is not None:
        chosen &= tasks_in_section(tasks, criteria["section"])
    if criteria.get("due") is not None or criteria.get("due_by") is not None:
        chosen &= tasks_due(tasks, criteria.get("due"), criteria.get("due_by"))
    if criteria.get("level") is not None:
        chosen &= tasks_funded_by(tables["funding"], criteria["level"])
    if criteria.get("disclosure") is not None:
        chosen &= tasks_with_disclosure(tasks, criteria["disclosure"])
    return [task_id for task_id in tasks["task_id"] if task_id in chosen]


def restrict(tables: Mapping[str, pd.DataFrame], task_ids: Iterable[int]) -> dict[str, pd.DataFrame]:
    """Every table cut down to the rows of ``task_ids`` (and, in problems and lines, the rows of no task).

    The tasks table keeps its task_id index; the other tables are renumbered from 0.

    Example:
        >>> tables = {"tasks": pd.DataFrame({"task_id": [1, 2]}, index=pd.Index([1, 2], name="task_id")),
        ...           "lines": pd.DataFrame({"line": [1, 2, 3], "task_id": pd.array([None, 1, 2], "Int64")})}
        >>> cut = restrict(tables, [2])
        >>> cut["tasks"].index.tolist(), cut["lines"]["line"].tolist()
        ([2], [1, 3])
    """
    keep = set(task_ids)
    out = {}
    for name, table in tables.items():
        rows = table["task_id"].isin(keep)
        if name in TABLES_WITH_FILE_ROWS:
            rows |= table["task_id"].isna()
        rows = rows.to_numpy(dtype=bool)
        out[name] = table[rows] if name == "tasks" else table[rows].reset_index(drop=True)
    return out


def sanity_check_restricted(whole: Mapping[str, pd.DataFrame], part: Mapping[str, pd.DataFrame]) -> None:
    """Check that ``part`` holds, in every table, exactly the rows of ``whole`` for its tasks.

    Raises:
        AssertionError: Naming the table whose rows went missing or do not belong.
    """
    kept = set(part["tasks"]["task_id"])
    for name, table in whole.items():
        ids = table["task_id"]
        expected = int(ids.isin(kept).sum() + (ids.isna().sum() if name in TABLES_WITH_FILE_ROWS else 0))
        assert len(part[name]) == expected, (
            f"{name}: the selection holds {len(part[name])} rows, but the list has {expected} for its tasks"
        )
        stray = set(part[name]["task_id"].dropna()) - kept
        assert not stray, f"{name}: rows of tasks {sorted(stray)} that the selection does not hold"
