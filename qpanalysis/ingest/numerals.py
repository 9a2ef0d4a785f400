"""Chinese numerals as the lists write them (一 … 九十九, 两 for 2): read into numbers, and written from them."""

from __future__ import annotations

import re

# The digits 1-9. 两 is the colloquial 2 of counts (两个试点片区); it is read but never written.
DIGITS = "一二三四五六七八九"
COLLOQUIAL = {"两": 2}
TEN = "十"
# Every character a numeral of 1-10 may be, for regular expressions that look for a
# small count written in one character (两个, 十个).
ONE_CHARACTER = DIGITS + "两" + TEN
# A numeral of 1-99 as the lists write counts, for use inside larger regular expressions:
# only the shapes a count takes (二十三, 十五, 三十, 七; 两 also as tens), so 十十 never matches.
NUMERAL = rf"[{DIGITS}两]?{TEN}[{DIGITS}]?|[{DIGITS}两]"
_NUMERAL = re.compile(NUMERAL)
_VALUES = {digit: value for value, digit in enumerate(DIGITS, start=1)} | COLLOQUIAL


def chinese_int(text: str) -> int:
    """The number a Chinese numeral of 1-99 writes.

    Args:
        text: The numeral alone (一, 十, 十五, 二十三, 两).

    Raises:
        ValueError: When ``text`` is not one numeral of 1-99 (Arabic digits included).

    Example:
        >>> chinese_int("七"), chinese_int("十"), chinese_int("十一"), chinese_int("二十三"), chinese_int("两")
        (7, 10, 11, 23, 2)
        >>> chinese_int("十十")
        Traceback (most recent call last):
        ...
        ValueError: not a Chinese numeral of 1-99: '十十'
    """
    if not isinstance(text, str) or not _NUMERAL.fullmatch(text):
        raise ValueError(f"not a Chinese numeral of 1-99: {text!r}")
    tens, ten, ones = text.partition(TEN)
    if not ten:
        return _VALUES[text]
    return (_VALUES[tens] if tens else 1) * 10 + (_VALUES[ones] if ones else 0)


def number(text: str) -> float:
    """A count as the lists write it: digits (2, 2.2, also full-width) or a Chinese numeral of 1-99.

    Example:
        >>> number("2.2"), number("３"), number("两"), number("十五")
        (2.2, 3.0, 2.0, 15.0)
    """
    return float(text) if text[:1].isdigit() else float(chinese_int(text))


def chinese_numeral(value: int) -> str:
    """A number of 1-99 as a Chinese numeral: the inverse of :func:`chinese_int`.

    Raises:
        ValueError: For a number outside 1-99.

    Example:
        >>> chinese_numeral(1), chinese_numeral(10), chinese_numeral(11), chinese_numeral(40)
        ('一', '十', '十一', '四十')
        >>> all(chinese_int(chinese_numeral(n)) == n for n in range(1, 100))
        True
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99:
        raise ValueError(f"only 1-99 are written as a Chinese numeral here, not {value!r}")
    tens, ones = divmod(value, 10)
    digit = DIGITS[ones - 1] if ones else ""
    if not tens:
        return digit
    return (DIGITS[tens - 1] if tens > 1 else "") + TEN + digit
