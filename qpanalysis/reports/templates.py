"""Progress templates per lead department: one workbook with a sheet per department, or a file each, in Chinese or English."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd

from qpanalysis.analysis.quarterly import quarter_end
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.export.progress_template import (
    COLUMN_HELP, INPUT_COLUMNS, PERIOD_TARGET_COLUMNS, DepartmentSheet, department_tasks, write_department_book,
)
from qpanalysis.ingest.department_sheets import department_sheets, file_stem, template_headers

# The name of a department, and of a task, in each language of the template: the list's
# Chinese names, or their English names from the reference data (the target texts stay as
# published, in Chinese).
NAME_COLUMNS = {"zh": ("lead_department", "name"), "en": ("lead_department_en", "name_en")}


def template_name(plan_year: int, quarter: str | None, lang: str) -> str:
    """The name of a department workbook (without suffix), or of the folder of department files.

    Example:
        >>> template_name(2026, "Q3", "zh"), template_name(2026, None, "en")
        ('progress_2026_Q3_zh', 'progress_2026_en')
    """
    return "_".join(["progress", str(plan_year), *([quarter] if quarter else []), lang])


def _headers(quarter: str | None, lang: str) -> dict[str, str]:
    """Column → header: the template's columns from columns.csv, the target columns from the catalogue."""
    headers = {column: words[lang] for column, words in template_headers().items()}
    if quarter:
        headers["target"] = msg.text("template.header.target_due", lang, quarter=labels.quarter_name(quarter, lang))
    else:
        for period, column in PERIOD_TARGET_COLUMNS.items():
            headers[column] = msg.text("template.header.target", lang, period=labels.quarter_name(period, lang))
    return headers


def _target_text(text: str, period: str, quarter: str, lang: str) -> str:
    """The target cell of a task: the text falling due in the quarter, said where it was published, or that none does."""
    if not text:
        return msg.text("template.target.none", lang)
    if period and period != quarter and "," not in period:
        return msg.text("template.target.from_period", lang, text=text, period=labels.quarter_name(period, lang))
    return text


def department_sheets_for(tl, quarter: str | None = None, lang: str = "zh", as_of=None) -> list[DepartmentSheet]:
    """Each lead department's sheet in ``lang``: its tasks, their due month and target text, and the cells to fill.

    Args:
        tl: A TaskList.
        quarter: The quarter whose target texts are shown (and whose end prefills the date);
            None: the three period targets, and no date prefilled.
        lang: ``"zh"`` or ``"en"``.
        as_of: A date to prefill instead of the quarter's end.

    Example:
        >>> import qpanalysis as qp
        >>> sheets = department_sheets_for(qp.load(), "Q3")
        >>> len(sheets), sheets[0].title, len(sheets[0].rows)
        (17, '区规划资源局', 4)
        >>> list(sheets[0].headers.values())[:4]
        ['序号', '任务名称', '计划完成时间', '第三季度到期目标']
    """
    when = pd.Timestamp(as_of).date() if as_of not in (None, "") else (
        quarter_end(quarter, tl.plan_year).date() if quarter else None)
    rows = department_tasks(tl, quarter)
    department_names, task_names = NAME_COLUMNS[lang]
    rows["name"] = rows["task_id"].map(tl.tasks[task_names]).to_numpy()
    if quarter:
        rows["target"] = [_target_text(t, p, quarter, lang) for t, p in zip(rows["target"], rows["target_period"])]
    shown = ["task_id", "name", "due_raw", *(["target"] if quarter else PERIOD_TARGET_COLUMNS.values())]
    rows = rows.assign(as_of=when or "", percent_done="", quantity_done="", note="")[shown + list(INPUT_COLUMNS)]
    headers = {column: _headers(quarter, lang)[column] for column in rows.columns}
    inputs = msg.join([headers[c] for c in INPUT_COLUMNS], lang)
    display_names = dict(zip(tl.tasks["lead_department"], tl.tasks[department_names]))
    leads = department_tasks(tl)["lead_department"]
    sheets = []
    for department, title in department_sheets(tl, lang).items():
        own = rows.loc[(leads == department).to_numpy()].reset_index(drop=True)
        name = display_names[department]
        heading = (msg.text("template.title.quarter", lang, department=name, year=tl.plan_year,
                            quarter=labels.quarter_name(quarter, lang)) if quarter else
                   msg.text("template.title.year", lang, department=name, year=tl.plan_year))
        note = msg.text("template.note", lang, department=name, count=len(own), inputs=inputs, year=tl.plan_year)
        sheets.append(DepartmentSheet(title, heading, note, headers, own))
    return sheets


def _help_words(plan_year: int, lang: str) -> tuple[dict, dict]:
    """The input prompts (title, text) and error messages of the checked columns, in ``lang``."""
    example = datetime.date(plan_year, 9, 30).isoformat()
    unit = template_headers()["quantity_unit"][lang]
    prompts = {
        "as_of": (msg.text("template.prompt.as_of.title", lang),
                  msg.text("template.prompt.as_of", lang, year=plan_year, example=example)),
        "percent_done": (msg.text("template.prompt.percent_done.title", lang),
                         msg.text("template.prompt.percent_done", lang)),
        "quantity_done": (msg.text("template.prompt.quantity_done.title", lang),
                          msg.text("template.prompt.quantity_done", lang, unit=unit)),
    }
    errors = {
        "as_of": msg.text("template.error.as_of", lang, year=plan_year, example=example),
        "percent_done": msg.text("template.error.percent_done", lang),
        "quantity_done": msg.text("template.error.quantity_done", lang),
    }
    assert set(prompts) == set(errors) == set(COLUMN_HELP)
    return prompts, errors


def write_department_templates(tl, folder, quarter: str | None = None, lang: str = "zh", as_of=None,
                               per_department: bool = False) -> list[Path]:
    """Write the department workbook ``progress_<year>[_<quarter>]_<lang>.xlsx``, and on request a file per department.

    Args:
        tl: A TaskList.
        folder: Where to write (created if needed).
        quarter: The quarter whose target texts the sheets show (None: all three periods).
        lang: ``"zh"`` or ``"en"``: headers, notes, prompts and sheet names.
        as_of: A date to prefill instead of the quarter's end.
        per_department: Also write a folder of the same name holding one workbook per lead
            department, named after it (``区水务局.xlsx``).

    Returns:
        The workbook's path, then the department files' paths.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sheets = department_sheets_for(tl, quarter, lang, as_of)
    prompts, errors = _help_words(tl.plan_year, lang)
    name = template_name(tl.plan_year, quarter, lang)
    written = [write_department_book(sheets, folder / f"{name}.xlsx", tl.plan_year, prompts, errors)]
    if per_department:
        own_folder = folder / name
        own_folder.mkdir(exist_ok=True)
        written += [write_department_book([sheet], own_folder / f"{file_stem(sheet.title)}.xlsx", tl.plan_year,
                                          prompts, errors) for sheet in sheets]
    return written
