"""How wide a text prints: a Chinese character or full-width sign takes two columns, other characters one."""

from __future__ import annotations

import unicodedata

# Unicode's East Asian Width classes of the characters that print two columns wide: Wide
# (Chinese characters, 、。) and Fullwidth (（）：，％ and full-width letters).
WIDE_CLASSES = ("W", "F")


def is_wide(char: str) -> bool:
    """Whether one character prints two columns wide.

    Example:
        >>> is_wide("区"), is_wide("（"), is_wide("a"), is_wide("%")
        (True, True, False, False)
    """
    return unicodedata.east_asian_width(char) in WIDE_CLASSES


def display_width(text) -> int:
    """Width of a text in half-width columns: a Chinese character or full-width sign counts two.

    Example:
        >>> display_width("2026.12"), display_width("区水务局"), display_width("完成20%"), display_width("")
        (7, 8, 7, 0)
    """
    return sum(2 if is_wide(c) else 1 for c in str(text))
