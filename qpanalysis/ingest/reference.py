"""Reference tables (towns, departments, sections, task names) and the name encoders."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from qpanalysis.config import REFERENCE_DIR
from qpanalysis.errors import TaskListError

# Separator of the aliases column in the reference CSVs (a name never contains it).
ALIAS_SEPARATOR = "|"
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Encoded:
    """The canonical form of a name, and whether an alias was needed to reach it."""

    code: str
    alias_of: str | None = None  # the name as written, when it was an alias


class Encoder:
    """Map known names and aliases to one canonical name; refuse unknown names.

    Modelled on PUDL's ``Encoder``: every accepted spelling is listed in the
    reference data, and anything else raises instead of passing through.

    Args:
        kind: What is encoded, for messages (e.g. ``"department"``).
        table: Reference table with the canonical name in ``code_column`` and
            ``|``-separated alternative spellings in ``aliases``.
        code_column: Column holding the canonical names.

    Example:
        >>> table = pd.DataFrame({"town": ["金泽镇"], "aliases": ["金泽"]})
        >>> enc = Encoder("town", table, "town")
        >>> enc.encode("金泽镇")
        Encoded(code='金泽镇', alias_of=None)
        >>> enc.encode("金泽")
        Encoded(code='金泽镇', alias_of='金泽')
        >>> enc.encode("上海镇", path="x.txt", line=3, field="涉及范围")
        Traceback (most recent call last):
        ...
        qpanalysis.errors.TaskListError: x.txt, line 3, field 涉及范围: unknown town '上海镇'; known towns: 金泽镇 (add new names or aliases to data/reference)
    """

    def __init__(self, kind: str, table: pd.DataFrame, code_column: str) -> None:
        self.kind = kind
        self.codes: tuple[str, ...] = tuple(table[code_column])
        self._lookup: dict[str, str] = {code: code for code in self.codes}
        for code, aliases in zip(table[code_column], table["aliases"].fillna("")):
            for alias in filter(None, (a.strip() for a in str(aliases).split(ALIAS_SEPARATOR))):
                if alias in self._lookup and self._lookup[alias] != code:
                    raise ValueError(f"{kind} alias {alias!r} is claimed by two names")
                self._lookup[alias] = code

    def __contains__(self, name: str) -> bool:
        return name in self._lookup

    def encode(
        self,
        name: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> Encoded:
        """Return the canonical name, or raise TaskListError for an unknown one."""
        code = self._lookup.get(name)
        if code is None:
            raise TaskListError(
                f"unknown {self.kind} {name!r}; known {self.kind}s: {'、'.join(self.codes)}"
                " (add new names or aliases to data/reference)",
                path=path,
                line=line,
                field=field,
            )
        return Encoded(code, None if code == name else name)


@dataclass(frozen=True)
class Reference:
    """All reference tables, read from ``data/reference``."""

    towns: pd.DataFrame
    departments: pd.DataFrame
    sections: pd.DataFrame
    task_names: pd.DataFrame
    funding_levels: pd.DataFrame
    dictionary: pd.DataFrame

    @property
    def town_encoder(self) -> Encoder:
        return Encoder("town", self.towns, "town")

    @property
    def department_encoder(self) -> Encoder:
        return Encoder("department", self.departments, "department")

    @property
    def district_towns(self) -> tuple[str, ...]:
        """The district's 11 towns and subdistricts (街镇), in reference order."""
        return tuple(self.towns.loc[self.towns["in_district"], "town"])

    def english(self, kind: str) -> dict[str, str]:
        """Chinese → English names for ``town``, ``department``, ``section``, ``task`` or ``level``."""
        table, key, value = {
            "town": (self.towns, "town", "town_en"),
            "department": (self.departments, "department", "department_en"),
            "section": (self.sections, "section", "section_en"),
            "task": (self.task_names, "name", "name_en_short"),
            "task_full": (self.task_names, "name", "name_en"),
            "level": (self.funding_levels, "level", "level_en"),
        }[kind]
        return dict(zip(table[key], table[value]))

    def label(self, values: pd.Series, kind: str, lang: str = "zh") -> pd.Series:
        """Translate a column of canonical names for display in ``lang``.

        Chinese names are returned as they are; a name without an English entry
        keeps its Chinese form rather than disappearing.
        """
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
        if lang == "zh":
            if kind == "level":
                return values.map(dict(zip(self.funding_levels["level"], self.funding_levels["level_zh"])))
            return values
        mapping = self.english(kind)
        return values.map(lambda v: mapping.get(v, v))


def _read(directory: Path, name: str, **kwargs) -> pd.DataFrame:
    return pd.read_csv(directory / name, encoding="utf-8", keep_default_na=False, na_values=[""], **kwargs)


@lru_cache(maxsize=4)
def load_reference(directory: Path = REFERENCE_DIR) -> Reference:
    """Read the reference tables once per process."""
    towns = _read(directory, "towns.csv", dtype={"tile_row": "Int64", "tile_col": "Int64"})
    towns["in_district"] = towns["in_district"].astype(str).eq("True")
    return Reference(
        towns=towns,
        departments=_read(directory, "departments.csv"),
        sections=_read(directory, "sections.csv"),
        task_names=_read(directory, "task_names.csv"),
        funding_levels=_read(directory, "funding_levels.csv"),
        dictionary=_read(directory, "data_dictionary.csv"),
    )
