"""Remake the xlsx files of this folder with LibreOffice Calc, as a researcher would save them.

Run from the repository root: ``.venv/bin/python tests/data/spreadsheets/make_spreadsheets.py``
(needs ``soffice`` from libreoffice-calc). Each file is what Calc writes when it opens the
text and saves it as xlsx; the tests read the committed files, so they need no LibreOffice.

- ``list_calc.xlsx``: the bundled list opened as tab-separated UTF-8 text with Calc's
  defaults: 序号, 总投资(万元) and 计划完成时间 become number cells in General format,
  so task 23's 2026.10 is stored as the number 2026.1.
- ``list_calc_text_months.xlsx``: the same, with column 11 (计划完成时间) imported as Text,
  as the error message for the first file advises.
- ``progress_calc.xlsx``: ``progress_typed.csv`` opened with Calc's defaults: 90% becomes
  the number 0.9 with a percentage format, and 2026-09-30 a date cell.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLED_LIST = HERE.parents[2] / "data" / "raw" / "2026_qingpu_rural_construction_tasks.txt"
# Calc's text import options: separator (9 = tab, 44 = comma), text delimiter (34 = "),
# character set (76 = UTF-8), first line, then column/type pairs (2 = Text).
TAB_TEXT = "Text - txt - csv (StarCalc):9,34,76,1"
COMMA_TEXT = "Text - txt - csv (StarCalc):44,34,76,1"
FILES = {
    "list_calc.xlsx": (BUNDLED_LIST, TAB_TEXT),
    "list_calc_text_months.xlsx": (BUNDLED_LIST, TAB_TEXT + ",11/2"),
    "progress_calc.xlsx": (HERE / "progress_typed.csv", COMMA_TEXT),
}


def convert(source: Path, options: str, target: Path) -> None:
    """Open ``source`` in headless Calc with the import ``options`` and save it as ``target``."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        copy = work / f"{target.stem}{source.suffix}"
        shutil.copyfile(source, copy)
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
             "--convert-to", "xlsx", f"--infilter={options}", "--outdir", str(work), str(copy)],
            check=True, capture_output=True,
        )
        shutil.copyfile(work / f"{target.stem}.xlsx", target)


if __name__ == "__main__":
    for name, (source, options) in FILES.items():
        convert(source, options, HERE / name)
        print(f"wrote {HERE / name}")
