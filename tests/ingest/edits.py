"""Edits of the bundled list's text for the loader tests: one cell changed, the title line left out."""

from __future__ import annotations

TASK_7_LINE, TASK_9_LINE = 17, 19  # lines of tasks 7 and 9 in the bundled file


def edit_cell(text: str, line: int, column: int, value: str) -> str:
    """``text`` with cell ``column`` (0-based) of line ``line`` (1-based) replaced by ``value``."""
    lines = text.split("\n")
    cells = lines[line - 1].split("\t")
    cells[column] = value
    lines[line - 1] = "\t".join(cells)
    return "\n".join(lines)


def without_title(text: str) -> str:
    """``text`` without its title line (### …)."""
    return "\n".join(line for line in text.split("\n") if not line.startswith("###"))
