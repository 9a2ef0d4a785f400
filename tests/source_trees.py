"""The package's source parsed once per session, for the tests that read its code (each parses every module)."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def parsed(source: str) -> ast.Module:
    """The syntax tree of ``source``, parsed once per text (shared: read it, never change it).

    Example:
        >>> parsed("x = 1") is parsed("x = 1"), type(parsed("x = 1").body[0]).__name__
        (True, 'Assign')
    """
    return ast.parse(source)


def tree(path: Path) -> ast.Module:
    """The syntax tree of a module file, as it is now (see :func:`parsed`)."""
    return parsed(Path(path).read_text(encoding="utf-8"))
