"""Reference tables (towns, departments, sections, task names), a user's own additions, and the name encoders."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from qpanalysis.codes import DEPARTMENT_KINDS, FUNDING_LEVELS
from qpanalysis.config import REFERENCE_DIR
from qpanalysis.errors import TaskListError
from qpanalysis.ingest.reading import decode

# Separator of the aliases column in the reference CSVs (a name never contains it).
ALIAS_SEPARATOR = "|"
# Reference files a user may put in a folder of their own (``qp.load(source,
# reference="my_reference/")``), each with the columns a row must fill, its key first. A
# user's row replaces the bundled row with the same key, other rows are added; the bundled
# file's other columns may be left out or empty.
USER_FILES = {
    "towns.csv": ("town", "town_en", "in_district"),
    "departments.csv": ("department", "department_en", "kind"),
    "sections.csv": ("section", "section_en"),
    "task_names.csv": ("name", "name_en", "name_en_short"),
    "funding_levels.csv": ("level", "level_zh", "level_en", "keywords"),
    "districts.csv": ("district", "district_en"),
}
# Columns of a user's file whose values come from a fixed vocabulary: the schemas and the
# analyses know only these department kinds and funding levels.
USER_VOCABULARIES = {
    ("departments.csv", "kind"): DEPARTMENT_KINDS,
    ("funding_levels.csv", "level"): FUNDING_LEVELS,
    ("towns.csv", "in_district"): ("True", "False"),
}
# The reference file that lists each kind of name the encoders check, for the message
# that tells a user how to add an unknown name.
ENCODER_FILES = {"town": "towns.csv", "department": "departments.csv"}


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
        qpanalysis.errors.TaskListError: x.txt, line 3, field 涉及范围: unknown town '上海镇'; known towns: 金泽镇
    """

    def __init__(self, kind: str, table: pd.DataFrame, code_column: str, advice: str = "") -> None:
        self.kind = kind
        self.advice = advice  # how to add a new name, appended to the unknown-name message
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
                + (f". {self.advice}" if self.advice else ""),
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
    # The districts a list's title may name (青浦区), with their English names.
    districts: pd.DataFrame | None = None
    # The user's own reference folder whose rows were merged in, if any (for messages).
    folder: Path | None = None
    # Reader-facing labels of codes, units, metrics and fields (labels.csv) and of table
    # columns (columns.csv), used by qpanalysis.display and the charts.
    labels: pd.DataFrame | None = None
    columns: pd.DataFrame | None = None

    @property
    def town_encoder(self) -> Encoder:
        return Encoder("town", self.towns, "town", self.advice("town"))

    @property
    def department_encoder(self) -> Encoder:
        return Encoder("department", self.departments, "department", self.advice("department"))

    def advice(self, kind: str) -> str:
        """How to make a new town or department known, for the unknown-name message.

        Example:
            >>> print(load_reference().advice("department").split(" with columns ")[0])
            To use a new department, add a row to departments.csv in a reference folder of your own
        """
        file = ENCODER_FILES[kind]
        required = USER_FILES[file]
        columns = getattr(self, file.removesuffix(".csv")).columns
        where = f"{file} in {self.folder}" if self.folder else f"{file} in a reference folder of your own"
        vocabularies = "".join(
            f"; {column} is one of {', '.join(values)}"
            for (name, column), values in USER_VOCABULARIES.items() if name == file
        )
        folder = f"{self.folder}/" if self.folder else "that folder/"
        return (
            f"To use a new {kind}, add a row to {where} with columns {', '.join(columns)} "
            f"(fill {', '.join(required)}{vocabularies}), and pass reference=\"{folder}\" to qp.load() "
            f"(--reference on the command line); a new spelling of a known {kind} goes in its aliases"
        )

    @property
    def district_towns(self) -> tuple[str, ...]:
        """The district's 11 towns and subdistricts (街镇), in reference order."""
        return tuple(self.towns.loc[self.towns["in_district"], "town"])

    def town_forms(self) -> dict[str, str]:
        """Every written form of a town (its name and its aliases) → the town.

        Example:
            >>> load_reference().town_forms()["金泽"]
            '金泽镇'
        """
        forms = {}
        for town, aliases in zip(self.towns["town"], self.towns["aliases"].fillna("")):
            forms[town] = town
            for alias in filter(None, (a.strip() for a in str(aliases).split(ALIAS_SEPARATOR))):
                forms.setdefault(alias, town)
        return forms

    def english(self, kind: str) -> dict[str, str]:
        """Chinese → English names for ``town``, ``department``, ``section``, ``task``, ``level`` or ``district``."""
        table, key, value = {
            "town": (self.towns, "town", "town_en"),
            "department": (self.departments, "department", "department_en"),
            "section": (self.sections, "section", "section_en"),
            "task": (self.task_names, "name", "name_en_short"),
            "task_full": (self.task_names, "name", "name_en"),
            "level": (self.funding_levels, "level", "level_en"),
            "district": (self.districts, "district", "district_en"),
        }[kind]
        return dict(zip(table[key], table[value]))


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
        districts=_read(directory, "districts.csv"),
        labels=_read(directory, "labels.csv"),
        columns=_read(directory, "columns.csv"),
    )


def _line(mask: pd.Series) -> int:
    """The file line of the first row where ``mask`` holds (line 1 is the header)."""
    return int(mask.to_numpy().argmax()) + 2


def read_user_file(path: Path, bundled: pd.DataFrame) -> pd.DataFrame:
    """Read and check one of a user's reference files against the bundled table's columns.

    Args:
        path: ``towns.csv``, ``departments.csv``… (UTF-8 with or without BOM, or GB18030).
        bundled: The bundled table of the same name: its columns are the allowed ones.

    Returns:
        The rows, with the bundled table's columns (absent ones empty) and dtypes.

    Raises:
        TaskListError: Naming the file, line and column, for an unknown or missing
            column, an empty required cell, a key given twice, a value outside its
            vocabulary, or a number that is not a whole number.
    """
    required = USER_FILES[path.name]
    key = required[0]
    try:
        table = pd.read_csv(io.StringIO(decode(path.read_bytes(), path)), dtype=str, keep_default_na=False,
                            na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise TaskListError(f"cannot read as a CSV table ({exc})", path=path) from None
    table = table.rename(columns=str.strip).apply(lambda column: column.str.strip())
    wrong_columns = [c for c in table.columns if c not in bundled.columns] or [c for c in required if c not in table]
    if wrong_columns:
        what = "unknown" if wrong_columns[0] in table else "missing"
        raise TaskListError(
            f"{what} column {wrong_columns[0]!r}; expected the columns {', '.join(bundled.columns)} "
            f"(only {', '.join(required)} must be filled)", path=path, line=1, field=wrong_columns[0],
        )
    for column in required:
        if table[column].isna().any():
            raise TaskListError(f"{column} is empty", path=path, line=_line(table[column].isna()), field=column)
    repeated = table[key].duplicated()
    if repeated.any():
        value = table.loc[repeated, key].iloc[0]
        raise TaskListError(f"{key} {value!r} appears twice (first on line {_line(table[key] == value)})",
                            path=path, line=_line(repeated), field=key)
    for (name, column), allowed in USER_VOCABULARIES.items():
        if name == path.name and column in table:
            values = table[column].str.capitalize() if column == "in_district" else table[column]
            if not values.isin(allowed).all():
                wrong = ~values.isin(allowed)
                raise TaskListError(f"{column} must be one of {', '.join(allowed)}, found {table.loc[wrong, column].iloc[0]!r}",
                                    path=path, line=_line(wrong), field=column)
            table[column] = values.eq("True") if column == "in_district" else values
    for column in [c for c in table.columns if pd.api.types.is_integer_dtype(bundled[c])]:
        numbers = pd.to_numeric(table[column], errors="coerce")
        wrong = table[column].notna() & (numbers.isna() | (numbers % 1 != 0))
        if wrong.any():
            raise TaskListError(f"expected a whole number, found {table.loc[wrong, column].iloc[0]!r}",
                                path=path, line=_line(wrong), field=column)
        table[column] = numbers.astype("Int64")
    # The bundled dtypes, with integer columns nullable: a user's row may leave them empty.
    dtypes = {c: "Int64" if pd.api.types.is_integer_dtype(bundled[c]) else bundled[c].dtype for c in bundled.columns}
    return table.reindex(columns=bundled.columns).astype(dtypes)


def merge_reference(bundled: pd.DataFrame, user: pd.DataFrame, key: str) -> pd.DataFrame:
    """The bundled rows with the user's rows in place of those with the same key, then the new ones.

    Example:
        >>> bundled = pd.DataFrame({"town": ["甲镇", "乙镇"], "town_en": ["Jia", "Yi"]})
        >>> user = pd.DataFrame({"town": ["丙镇", "甲镇"], "town_en": ["Bing", "Jia Town"]})
        >>> merge_reference(bundled, user, "town").values.tolist()
        [['甲镇', 'Jia Town'], ['乙镇', 'Yi'], ['丙镇', 'Bing']]
    """
    order = list(dict.fromkeys([*bundled[key], *user[key]]))
    kept = bundled.loc[~bundled[key].isin(user[key])]
    merged = pd.concat([kept, user], ignore_index=True).set_index(key).loc[order].reset_index()
    return merged[list(bundled.columns)]


def load_user_reference(folder: str | Path) -> Reference:
    """The bundled reference tables extended (or overridden) by the files in a user's folder.

    Args:
        folder: A folder holding any of ``towns.csv``, ``departments.csv``, ``sections.csv``,
            ``task_names.csv``, ``funding_levels.csv`` and ``districts.csv``, with the
            bundled files' columns. Other files in it are ignored, so a copy of
            ``data/reference`` is a good start. The files are read on every call, so an
            edit shows at the next ``load()``.

    Raises:
        TaskListError: For a missing folder, a folder with none of these files, or a bad
            file (see ``read_user_file``), or an alias that two names claim.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise TaskListError("no such reference folder; expected a folder holding any of " + ", ".join(USER_FILES),
                            path=folder)
    files = [folder / name for name in USER_FILES if (folder / name).is_file()]
    if not files:
        raise TaskListError("the reference folder holds none of " + ", ".join(USER_FILES), path=folder)
    bundled = load_reference()
    tables = {}
    for path in files:
        attribute = path.stem
        base = getattr(bundled, attribute)
        tables[attribute] = merge_reference(base, read_user_file(path, base), USER_FILES[path.name][0])
    reference = replace(bundled, folder=folder, **tables)
    for kind, file in ENCODER_FILES.items():
        try:
            getattr(reference, f"{kind}_encoder")
        except ValueError as exc:
            raise TaskListError(str(exc), path=folder / file, field="aliases") from None
    return reference


def reference_for(reference: Reference | str | Path | None) -> Reference:
    """The reference tables ``load()`` uses: the bundled ones, a given Reference, or a user's folder merged in."""
    if reference is None:
        return load_reference()
    if isinstance(reference, Reference):
        return reference
    return load_user_reference(reference)
