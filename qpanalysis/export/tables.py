"""Write a TaskList to xlsx (one sheet per table) and to CSV files that Excel opens without running anything."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from qpanalysis.export.safe import write_csv, write_sheets
from qpanalysis.ingest.reference import load_reference

# The sheet (and CSV file) of the data dictionary, written next to the tables it describes.
DICTIONARY_NAME = "data_dictionary"


def flat(table: pd.DataFrame) -> pd.DataFrame:
    """Make a table writable to CSV/xlsx: tuples become 、-joined text, periods text, no index.

    Example:
        >>> flat(pd.DataFrame({"d": [("甲", "乙")], "p": pd.PeriodIndex(["2026-12"], freq="M")})).iloc[0].tolist()
        ['甲、乙', '2026-12']
    """
    out = table.reset_index(drop=True).copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.PeriodDtype):
            out[column] = series.astype(str)
        elif series.dtype == object and series.map(lambda v: isinstance(v, tuple)).any():
            out[column] = series.map(lambda v: "、".join(v) if isinstance(v, tuple) else v)
    return out


def _named_tables(tasklist) -> dict[str, pd.DataFrame]:
    tables = {name: flat(table) for name, table in tasklist.tables().items()}
    tables[DICTIONARY_NAME] = load_reference().dictionary
    return tables


def to_csv(tasklist, folder: str | Path) -> list[Path]:
    """Write ``<table>.csv`` for every table, UTF-8 with BOM.

    Text that a spreadsheet would run as a formula (beginning with = + - @, tab or CR) is
    written with a leading ``'`` (see ``qpanalysis.export.safe``); numbers stay numbers.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in _named_tables(tasklist).items():
        paths.append(write_csv(table, folder / f"{name}.csv"))
    return paths


def to_excel(tasklist, path: str | Path) -> Path:
    """Write every table to its own sheet of one workbook, with frozen headers.

    Text that a spreadsheet would run as a formula is stored as a string cell, never as a
    formula (see ``qpanalysis.export.safe``); numbers stay numbers.
    """
    return write_sheets(_named_tables(tasklist), path)
