"""Table 1 of a paper in one language: headers, the total row's name, the caption and the notes from the catalogue."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis.table1 import table1
from qpanalysis.display import labels
from qpanalysis.display import messages as msg
from qpanalysis.display import tables
from qpanalysis.display.findings.identity import list_title

# The table's name in data/reference/columns.csv.
TABLE = "table1"


def _with_total_name(frame: pd.DataFrame, column: str, lang: str) -> pd.DataFrame:
    out = frame.copy()
    out.iloc[-1, out.columns.get_loc(column)] = msg.text("table1.total", lang)
    return out


def table1_formatted(tl, lang: str) -> pd.DataFrame:
    """Table 1 as text for reading in ``lang``: "—" where no amount is disclosed, ≈ where one is approximate.

    Example:
        >>> import qpanalysis as qp
        >>> t = table1_formatted(qp.load(), "en")
        >>> t.iloc[-1, :4].tolist(), t.iloc[3, 4]  # the total row; section 4 discloses no amount
        (['', 'Total', '41', '9'], '—')
    """
    labels.check_lang(lang)
    shown = tables.formatted(table1(tl), lang, of=TABLE)
    shown.iloc[-1, 0] = ""  # the total row has no section number
    return _with_total_name(shown, shown.columns[1], lang)


def table1_table(tl, lang: str) -> tables.Table:
    """Table 1 as a report shows it (HTML in the notebook, the same model in the PDF), its total row named.

    Example:
        >>> import qpanalysis as qp
        >>> t = table1_table(qp.load(), "zh")
        >>> t.model.rows[-1][:4], t.model.rows[3][4]  # the total row; section 4 discloses no amount
        (('', '合计', '41', '9'), '—')
    """
    labels.check_lang(lang)
    shown = tables.table(table1(tl), lang, of=TABLE)
    total = msg.text("table1.total", lang)
    last = len(shown.data) - 1
    shown.data.iloc[last, 0], shown.data.iloc[last, 1] = "", total
    rows = list(shown.model.rows)
    rows[-1] = ("", total, *rows[-1][2:])
    shown.model = tables.TableModel(shown.model.columns, tuple(rows), shown.model.align, shown.model.nowrap)
    return shown


def table1_labelled(tl, lang: str) -> pd.DataFrame:
    """Table 1 as data for a spreadsheet in ``lang``: numbers stay numbers, unknown amounts stay empty.

    Example:
        >>> import qpanalysis as qp
        >>> t = table1_labelled(qp.load(), "zh")
        >>> bool(pd.isna(t.iloc[3]["已披露总投资（万元）"])), t.iloc[-1]["板块"]
        (True, '合计')
    """
    labels.check_lang(lang)
    shown = tables.labelled(table1(tl), lang, of=TABLE)
    return _with_total_name(shown, shown.columns[1], lang)


def table1_caption(tl, lang: str) -> str:
    """The caption of Table 1: what it describes.

    Example:
        >>> import qpanalysis as qp
        >>> table1_caption(qp.load(), "en")
        'Table 1. The 2026 Qingpu District Rural Construction Action Task List by section'
    """
    return msg.text("table1.caption", lang, title=list_title(tl, lang))


def table1_notes(lang: str) -> list[str]:
    """The notes under Table 1: the conventions a reader needs to quote it.

    Example:
        >>> len(table1_notes("zh")), table1_notes("en")[1][:30]
        (4, '“—”: no task of the section di')
    """
    labels.check_lang(lang)
    return [msg.text("table1.note.investment", lang), msg.text("table1.note.unknown", lang),
            msg.text("table1.note.distinct", lang), msg.text("table1.note.targets", lang)]
