"""Write an empty progress file for a task list, as CSV and as an xlsx workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from qpanalysis.ingest.progress import PROGRESS_COLUMNS, final_units


def write_progress_template(tl, folder, as_of=None) -> tuple[Path, Path]:
    """Write an empty progress file, one row per task, as CSV (UTF-8 with BOM) and XLSX.

    Args:
        tl: A TaskList.
        folder: Where to write ``progress_template_<year>.csv`` and ``.xlsx`` (created if needed).
        as_of: Optional date to prefill in the as_of column (e.g. the quarter end).

    Returns:
        The CSV path and the XLSX path.
    """
    import openpyxl  # only the xlsx template needs it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    units = final_units(tl)
    when = "" if as_of in (None, "") else pd.Timestamp(as_of).date().isoformat()
    tasks = tl.tasks
    table = pd.DataFrame({
        "task_id": tasks.index.astype(int),
        "name": tasks["name"].to_numpy(),
        "lead_department": tasks["lead_department"].to_numpy(),
        "as_of": when,
        "percent_done": "",
        "quantity_done": "",
        "quantity_unit": [units.get(int(t), "") for t in tasks.index],
        "note": "",
    })[list(PROGRESS_COLUMNS)]
    stem = f"progress_template_{tl.plan_year}"
    csv_path = folder / f"{stem}.csv"
    table.to_csv(csv_path, index=False, encoding="utf-8-sig")

    xlsx_path = folder / f"{stem}.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "progress"
    sheet.append(list(PROGRESS_COLUMNS))
    for record in table.itertuples(index=False):
        sheet.append([v if v != "" else None for v in record])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = {"task_id": 8, "name": 40, "lead_department": 16, "as_of": 12, "percent_done": 13,
              "quantity_done": 14, "quantity_unit": 14, "note": 40}
    for index, column in enumerate(PROGRESS_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[column]
    sheet.freeze_panes = "A2"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def progress_template_main(folder=None, source=None, as_of=None) -> tuple[Path, Path]:
    """Command-line entry: write the progress template for a task list and say where.

    Args:
        folder: Output folder; the current directory when None.
        source: A task list path; None for the bundled list.
        as_of: Optional date to prefill.
    """
    from qpanalysis.ingest.tasklist import load

    paths = write_progress_template(load(source), Path(folder) if folder else Path.cwd(), as_of=as_of)
    for path in paths:
        print(f"wrote {path}")
    return paths


