"""Text in Typst source as strings, so that nothing in it (``#``, ``*``, ``[``, ``$``, ``@``…) is read as markup."""

from __future__ import annotations

# Typst's forced line break, between printed lines.
LINE_BREAK = " \\ "


def _escaped(text: str) -> str:
    """Text inside a Typst string literal: the backslash and the double quote escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")


def string(text: str) -> str:
    r"""Text as a Typst string inserted into markup: nothing in it is read as markup.

    Inside a Typst string only the backslash and the double quote are special; a line
    break becomes a space (a cell or a paragraph is one line).

    Example:
        >>> print(string('a *b* "c" \\ #d\nnext'))
        #"a *b* \"c\" \\ #d next"
    """
    return f'#"{_escaped(text).replace(chr(10), " ")}"'


def quoted(text: str) -> str:
    r"""Text as a Typst string literal in code (an argument such as a path or raw text); line breaks kept.

    Example:
        >>> print(quoted("/_figures/a b.svg"), quoted('x = "1"\ny'))
        "/_figures/a b.svg" "x = \"1\"\ny"
    """
    return '"' + _escaped(text).replace("\n", "\\n") + '"'


def content(markup: str) -> str:
    """Markup as a Typst content block.

    Example:
        >>> content(string("x"))
        '[#"x"]'
    """
    return f"[{markup}]"


def lines(text: str) -> str:
    r"""Printed lines as markup: each line a string, joined by forced line breaks.

    Example:
        >>> print(lines("tasks: 41\n#2"))
        #"tasks: 41" \ #"#2"
    """
    return LINE_BREAK.join(string(line) for line in text.split("\n"))


__all__ = ["string", "quoted", "content", "lines", "LINE_BREAK"]
