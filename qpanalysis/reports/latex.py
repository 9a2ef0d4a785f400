"""A table as LaTeX with booktabs rules, for a paper: caption, label, notes, every character of the list escaped."""

from __future__ import annotations

import re

import pandas as pd

from qpanalysis.reports.columns import numeric_columns

# LaTeX's special characters and what stands for each in text. Chinese text needs xeCJK
# (or ctex) in the paper's preamble; the table says so in a comment.
SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(map(re.escape, SPECIAL)))


def escape(text) -> str:
    r"""Text as LaTeX typesets it literally.

    Example:
        >>> escape("50% & $x_1$ {#}")
        '50\\% \\& \\$x\\_1\\$ \\{\\#\\}'
        >>> escape("C:\\a~b^c")
        'C:\\textbackslash{}a\\textasciitilde{}b\\textasciicircum{}c'
    """
    return _SPECIAL_RE.sub(lambda m: SPECIAL[m.group(0)], str(text))


def alignment(frame: pd.DataFrame) -> str:
    """Column alignment: ``r`` for columns of numbers (a dash for unknown counts as one), ``l`` otherwise.

    Example:
        >>> alignment(pd.DataFrame({"a": ["甲", "乙"], "b": ["1,234.5", "—"], "c": ["≈71,724.00", "3"]}))
        'lrr'
    """
    return "".join("r" if numeric else "l" for numeric in numeric_columns(frame))


def booktabs(frame: pd.DataFrame, caption: str, label: str, notes=(), *, total_row: bool = False) -> str:
    r"""A formatted table (every cell text) as a LaTeX ``table`` with booktabs rules.

    Args:
        frame: The table as shown (headers and cells as text).
        caption: The caption, set above the table as journals do.
        label: The ``\label`` for cross-references.
        notes: Notes set under the table, in a footnotesize paragraph.
        total_row: Set a rule above the last row (a total).

    Example:
        >>> t = pd.DataFrame({"板块": ["甲", "合计"], "投资（万元）": ["1,234.50", "—"]})
        >>> print(booktabs(t, "表1 示例", "tab:one", ["“—”：未披露。"], total_row=True))  # doctest: +NORMALIZE_WHITESPACE
        % Needs \usepackage{booktabs} and, for Chinese, \usepackage{xeCJK} (XeLaTeX) or ctex.
        \begin{table}[htbp]
        \centering
        \caption{表1 示例}
        \label{tab:one}
        \begin{tabular}{lr}
        \toprule
        板块 & 投资（万元） \\
        \midrule
        甲 & 1,234.50 \\
        \midrule
        合计 & — \\
        \bottomrule
        \end{tabular}
        \par\smallskip\footnotesize “—”：未披露。
        \end{table}
    """
    lines = [
        r"% Needs \usepackage{booktabs} and, for Chinese, \usepackage{xeCJK} (XeLaTeX) or ctex.",
        r"\begin{table}[htbp]", r"\centering", rf"\caption{{{escape(caption)}}}", rf"\label{{{label}}}",
        rf"\begin{{tabular}}{{{alignment(frame)}}}", r"\toprule",
        " & ".join(escape(c) for c in frame.columns) + r" \\", r"\midrule",
    ]
    rows = [" & ".join(escape(v) for v in row) + r" \\" for row in frame.astype(str).values.tolist()]
    if total_row and len(rows) > 1:
        rows.insert(len(rows) - 1, r"\midrule")
    lines += rows + [r"\bottomrule", r"\end{tabular}"]
    if notes:
        lines.append(r"\par\smallskip\footnotesize " + " ".join(escape(n) for n in notes))
    lines.append(r"\end{table}")
    return "\n".join(lines) + "\n"
