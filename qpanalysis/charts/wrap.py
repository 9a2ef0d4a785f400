"""Labels wrapped to fit a chart: by character count for East Asian text, at spaces for Latin text."""

from __future__ import annotations

import re
import textwrap

from qpanalysis.widths import is_wide

# A text is laid out as East Asian (wrapped by character count, at the widths given for
# wide text) when at least this share of its visible characters are wide: an English
# label that quotes one Chinese word (约, "/") is still wrapped at its spaces.
WIDE_SHARE = 0.5


def is_wide_text(text: str) -> bool:
    """Whether a text is mostly wide East Asian characters (``unicodedata.east_asian_width`` W or F).

    The layout of a label (its wrap width, its font size) follows from its text, not
    from the language of the report.

    Example:
        >>> is_wide_text("各板块已披露总投资"), is_wide_text("Note: ≈ marks an amount stated as 约")
        (True, False)
        >>> is_wide_text("3 推进全域土地综合整治"), is_wide_text("")
        (True, False)
    """
    visible = [c for c in str(text) if not c.isspace()]
    return bool(visible) and sum(map(is_wide, visible)) >= WIDE_SHARE * len(visible)


def by_script(text: str, wide, narrow):
    """``wide`` for a mostly East Asian text, else ``narrow``: one layout value chosen by the text.

    Example:
        >>> by_script("任务数（项）", 6.5, 6), by_script("Number of tasks", 6.5, 6)
        (6.5, 6)
    """
    return wide if is_wide_text(text) else narrow


def fit_label(text: str, wide: int, narrow: int) -> str:
    """Wrap a label at ``wide`` full-width characters if it is mostly East Asian text, else at
    ``narrow`` characters, at spaces (see :func:`is_wide_text`, :func:`wrap_label`).

    Example:
        >>> fit_label("各牵头部门已披露总投资", 5, 12)
        '各牵头部门\\n已披露总投\\n资'
        >>> fit_label("Note: ≈ marks 约 amounts", 5, 12)
        'Note: ≈\\nmarks 约\\namounts'
    """
    return wrap_label(text, wide) if is_wide_text(text) else _wrap_at_spaces(text, narrow)


def _wrap_at_spaces(text: str, width: int) -> str:
    """Each paragraph of ``text`` wrapped at spaces (:func:`textwrap.wrap`), line breaks kept."""
    return "\n".join(line for para in str(text).split("\n")
                     for line in textwrap.wrap(para, width, break_on_hyphens=True) or [""])


# Characters that must not start a line (Chinese line-breaking rules).
_NO_LINE_START = set("，。、；：？！）》」』】〕…—·%,.;:?!)]}")
_TOKEN_RE = re.compile(r"[A-Za-z0-9.,%+\-/]+|\s+|.", re.S)


def wrap_label(text: str, width: int) -> str:
    """Wrap a tick or legend label onto several lines.

    Text containing Chinese is wrapped by character count (it has no spaces):
    ``width`` counts full-width characters, ASCII letters and digits count as
    half and are never split, and closing punctuation never starts a line.
    Other text is wrapped at spaces with :func:`textwrap.wrap` at ``width``
    characters. Existing line breaks are kept.

    Args:
        text: The label.
        width: Maximum line width (Chinese characters, or characters for
            English). Must be at least 1.

    Returns:
        The label with ``"\\n"`` inserted.

    Raises:
        ValueError: If ``width`` < 1.

    Examples:
        >>> wrap_label("青浦区乡村建设行动任务清单", 5)
        '青浦区乡村\\n建设行动任\\n务清单'
        >>> wrap_label("完成11个街镇的规划，推进建设", 6)
        '完成11个街镇\\n的规划，推进\\n建设'
        >>> wrap_label("Rural construction action task list", 12)
        'Rural\\nconstruction\\naction task\\nlist'
        >>> wrap_label("短标签", 10)
        '短标签'
    """
    if width < 1:
        raise ValueError(f"width must be >= 1, got {width!r}")
    lines: list[str] = []
    for para in str(text).split("\n"):
        if not any(is_wide(c) for c in para):
            lines.extend(textwrap.wrap(para, width, break_on_hyphens=True) or [""])
            continue
        line, used = "", 0.0
        for token in _TOKEN_RE.findall(para):
            size = sum(1.0 if is_wide(c) else 0.5 for c in token)
            if token.isspace() and not line:
                continue  # no leading spaces on a new line
            if line and used + size > width and token[0] not in _NO_LINE_START:
                lines.append(line.rstrip())
                line, used = "", 0.0
                if token.isspace():
                    continue
            line += token
            used += size
        lines.append(line.rstrip())
    return "\n".join(lines)
