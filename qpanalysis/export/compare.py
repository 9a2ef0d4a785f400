"""Write the tables of a comparison of two lists to xlsx (one sheet per table) and CSV, formula-safe."""

from __future__ import annotations

from pathlib import Path

from qpanalysis.export.safe import write_csv, write_sheets
from qpanalysis.export.tables import flat


def comparison_to_csv(comparison, folder: str | Path) -> list[Path]:
    """Write ``<table>.csv`` for every table of a comparison (matched, added, dropped, changed…).

    Formula-like text gets a leading ``'``, tuples of towns are joined with 、 (as :func:`qpanalysis.to_csv`).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv(flat(table), folder / f"{name}.csv") for name, table in comparison.tables().items()]


def comparison_to_excel(comparison, path: str | Path) -> Path:
    """Write every table of a comparison to its own sheet of one workbook (text never stored as a formula)."""
    return write_sheets({name: flat(table) for name, table in comparison.tables().items()}, path)
