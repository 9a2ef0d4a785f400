"""The one error type that bad input raises."""

from __future__ import annotations

from pathlib import Path


class TaskListError(ValueError):
    """A task list (or progress file) that cannot be read as published.

    The message names the file, the line (or spreadsheet row), the column or
    field, and what was expected, so that a researcher can fix their own file.

    Args:
        message: What is wrong and what was expected.
        path: The file being read.
        line: 1-based line number (text, CSV) or row number (xlsx).
        field: The column header or field name concerned.

    Example:
        >>> err = TaskListError("expected a number, found '约x'", path="list.txt", line=7, field="总投资(万元)")
        >>> str(err)
        "list.txt, line 7, field 总投资(万元): expected a number, found '约x'"
        >>> isinstance(err, ValueError)
        True
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.reason = message
        where = [self.path or "<input>"]
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field}")
        super().__init__(f"{', '.join(where)}: {message}")
