"""The sheet (and file) of each lead department in a progress workbook, and the template's column headers in both languages."""

from __future__ import annotations

import re
from functools import lru_cache

from qpanalysis.ingest.parsing import fold

# Excel refuses a sheet name longer than 31 characters, holding any of []:*?/\ or starting or
# ending with an apostrophe; it compares names without regard to case, and keeps "History"
# for itself. LibreOffice follows the same rules when it saves an xlsx file.
SHEET_TITLE_LIMIT = 31
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
RESERVED_TITLES = ("history",)
# Characters a file name may not hold on Windows (and "/" anywhere): replaced in the names of
# the per-department files.
FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# What stands for a forbidden character in a sheet or file name.
REPLACEMENT = "_"
# Words an English name cut short should not end with.
DANGLING_WORDS = ("and", "of", "the", "for")
# The columns.csv table that names the template's columns in each language.
TEMPLATE_TABLE = "progress_template"
# The languages of the template (the columns of columns.csv).
TEMPLATE_LANGS = ("zh", "en")


def sheet_title(name: str, taken=()) -> str:
    """A worksheet name Excel and LibreOffice accept for ``name``, different from every name in ``taken``.

    Forbidden characters become "_", the name is cut to 31 characters (at a space when one
    is near the end, so that English names keep whole words), and a name already taken (in
    any case) gets " (2)", " (3)"….

    Example:
        >>> sheet_title("区农业农村委"), sheet_title("A/B: C?")
        ('区农业农村委', 'A_B_ C_')
        >>> sheet_title("District Agriculture and Rural Affairs Commission")
        'District Agriculture and Rural'
        >>> sheet_title("Organization Department of the District Party Committee")
        'Organization Department'
        >>> sheet_title("区水务局", taken=["区水务局"]), sheet_title("History")
        ('区水务局 (2)', 'History (2)')
    """
    base = _cut(SHEET_FORBIDDEN.sub(REPLACEMENT, str(name)).strip().strip("'").strip(), SHEET_TITLE_LIMIT) or REPLACEMENT
    used = {t.casefold() for t in taken} | set(RESERVED_TITLES)
    title, number = base, 2
    while title.casefold() in used:
        suffix = f" ({number})"
        title = _cut(base, SHEET_TITLE_LIMIT - len(suffix)) + suffix
        number += 1
    return title


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, at the last space of its second half when there is one, without a
    dangling "and", "of" or "the"."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = limit if text[limit] == " " else cut.rfind(" ", limit // 2)
    words = (cut[:space] if space > 0 else cut).rstrip().split(" ")
    while len(words) > 1 and words[-1].casefold() in DANGLING_WORDS:
        words.pop()
    return " ".join(words)


def department_sheets(tl, lang: str = "zh") -> dict[str, str]:
    """Lead department → its sheet's name, in the order the list first names each department.

    A task belongs to its first lead department (``lead_department``), as the quarterly
    analysis counts it; the sheet is named by that department's name in ``lang``.

    Example:
        >>> import qpanalysis as qp
        >>> sheets = department_sheets(qp.load())
        >>> len(sheets), sheets["区农业农村委"]
        (17, '区农业农村委')
        >>> english = department_sheets(qp.load(), "en")  # short names, cut to 31 characters at a word
        >>> english["区委组织部"], english["区建设管理委"]
        ('Organization Department', 'Construction and Management')
    """
    # The list's own names, or their translation where the tasks table has a column for lang.
    column = f"lead_department_{lang}" if f"lead_department_{lang}" in tl.tasks else "lead_department"
    names = dict(zip(tl.tasks["lead_department"], tl.tasks[column]))  # in the list's order (dicts keep it)
    short = _short_names(lang)  # a short name of the bundled reference data, where it has one, fits a sheet better
    names = {department: short.get(department) or name for department, name in names.items()}
    titles: dict[str, str] = {}
    for department, name in names.items():
        titles[department] = sheet_title(name, titles.values())
    return titles


@lru_cache(maxsize=2)
def _short_names(lang: str) -> dict[str, str]:
    """Department → its short name in ``lang`` (departments.csv ``department_<lang>_short``), where given."""
    from qpanalysis.ingest.reference import load_reference

    table = load_reference().departments
    column = f"department_{lang}_short"
    if column not in table:
        return {}
    found = table.dropna(subset=[column])
    return dict(zip(found["department"], found[column]))


def sheet_departments(tl) -> dict[str, str]:
    """A department sheet's name (either language, folded to lower case) → its lead department.

    Example:
        >>> import qpanalysis as qp
        >>> found = sheet_departments(qp.load())
        >>> found["water affairs bureau"], found["区水务局"]
        ('区水务局', '区水务局')
    """
    return {title.casefold(): department for lang in TEMPLATE_LANGS
            for department, title in department_sheets(tl, lang).items()}


def file_stem(title: str) -> str:
    """The name of a department's own file (without suffix): its sheet name, safe on every system.

    Example:
        >>> file_stem("区水务局"), file_stem('A "B" | C')
        ('区水务局', 'A _B_ _ C')
    """
    return FILE_FORBIDDEN.sub(REPLACEMENT, title).strip(". ") or REPLACEMENT


@lru_cache(maxsize=1)
def template_headers() -> dict[str, dict[str, str]]:
    """Column → its header in each language (``{"zh": …, "en": …}``), from data/reference/columns.csv.

    Example:
        >>> template_headers()["percent_done"]
        {'zh': '完成进度（%）', 'en': 'Progress (%)'}
    """
    from qpanalysis.ingest.reference import load_reference

    table = load_reference().columns
    rows = table.loc[table["table"] == TEMPLATE_TABLE]
    return {column: {lang: row[lang] for lang in TEMPLATE_LANGS} for column, (_, row) in zip(rows["column"], rows.iterrows())}


def header_column(text: str) -> str | None:
    """The column a header of the template names, in either language (after folding, in any case), else None.

    Example:
        >>> header_column("完成进度(%)"), header_column(" progress (%) "), header_column("说明")
        ('percent_done', 'percent_done', None)
    """
    key = fold(text).casefold()
    for column, headers in template_headers().items():
        if key in {fold(h).casefold() for h in headers.values()}:
            return column
    return None
