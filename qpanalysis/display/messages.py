"""The words of the reports: one gettext catalogue per language (data/messages/<lang>.po), read with Babel.

Every sentence, label and heading has an id (``chart.quality.title``) and, in each
language's catalogue, a text with named placeholders (``差 {difference} {unit}``).
Code chooses an id and hands over the facts; it never holds the words. Numbers and dates
are formatted per locale with Babel, with the patterns the catalogue gives, so that
adding a language is adding a file: ``data/messages/<lang>.po``.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from qpanalysis.config import MESSAGES_DIR

# A number with its sign, as a difference is written (+1, -3.5).
SIGNED_PATTERN = "+#,##0.###;-#,##0.###"


class MessageError(KeyError):
    """An id missing from a catalogue, or a placeholder the caller did not fill."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


def catalogue_path(lang: str, folder: Path = MESSAGES_DIR) -> Path:
    """The catalogue file of a language: ``data/messages/<lang>.po``."""
    return Path(folder) / f"{lang}.po"


@lru_cache(maxsize=None)
def _read(lang: str, folder: Path = MESSAGES_DIR) -> tuple[str, dict[str, str | tuple[str, ...]], object]:
    """(locale, id → text or plural forms, the catalogue's plural rule: count → form index)."""
    import gettext

    from babel.messages.pofile import read_po

    path = catalogue_path(lang, folder)
    if not path.is_file():
        raise MessageError(f"no message catalogue for language {lang!r}: {path} is missing")
    with path.open("rb") as handle:
        read = read_po(handle)
    if read.locale is None:
        raise MessageError(f"{path}: the header names no Language (a locale such as zh_CN)")
    texts = {}
    for message in read:
        if not message.id:  # the header entry
            continue
        # A plural entry (msgid_plural, msgstr[0], msgstr[1] …) is keyed by its msgid.
        key = message.id[0] if message.pluralizable else message.id
        if not all(message.string) if message.pluralizable else not message.string:
            raise MessageError(f"{path}: message {key!r} has no text")
        texts[key] = tuple(message.string) if message.pluralizable else message.string
    return str(read.locale), texts, gettext.c2py(read.plural_expr)


def catalogue(lang: str, folder: Path = MESSAGES_DIR) -> dict[str, str | tuple[str, ...]]:
    """Id → text of one language's catalogue (read once); a plural entry has one text per plural form.

    Raises:
        MessageError: For a language with no catalogue file, or an id without a text.

    Example:
        >>> catalogue("en")["chart.axis.tasks"]
        'Number of tasks'
    """
    return _read(lang, folder)[1]


def locale(lang: str, folder: Path = MESSAGES_DIR) -> str:
    """The Babel (CLDR) locale a catalogue's header names: digits, separators and month names.

    Example:
        >>> locale("zh"), locale("en")
        ('zh_Hans_CN', 'en')
    """
    return _read(lang, folder)[0]


def placeholders(text: str | tuple[str, ...]) -> set[str]:
    """The named placeholders of a text (of all the plural forms of a plural entry).

    Example:
        >>> sorted(placeholders("差 {difference} {unit}"))
        ['difference', 'unit']
        >>> sorted(placeholders(("{count} section", "the {count} sections")))
        ['count']
    """
    forms = (text,) if isinstance(text, str) else text
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def text(message_id: str, lang: str, /, **values) -> str:
    """The text of ``message_id`` in ``lang``, its placeholders filled with ``values``.

    Values are inserted as given: format numbers and dates first with :func:`number`,
    :func:`signed` and :func:`date`. A plural entry chooses its form by ``count`` (an
    int), with the plural rule of the catalogue's header.

    Raises:
        MessageError: For an unknown id or language, or a placeholder left unfilled.

    Example:
        >>> text("chart.quality.difference", "zh", difference="+1", unit="户")
        '差 +1 户'
        >>> text("chart.quality.difference", "en", difference="+1", unit="households")
        'diff. +1 households'
        >>> text("chart.nope", "en")
        Traceback (most recent call last):
        ...
        qpanalysis.display.messages.MessageError: no message 'chart.nope' in the en catalogue
    """
    texts = catalogue(lang)
    if message_id not in texts:
        raise MessageError(f"no message {message_id!r} in the {lang} catalogue")
    template = texts[message_id]
    missing = placeholders(template) - set(values)
    if not isinstance(template, str):
        if "count" not in values:
            missing.add("count")
        else:
            template = template[_read(lang)[2](int(values["count"]))]
    if missing:
        raise MessageError(f"message {message_id!r} needs {sorted(missing)}")
    return template.format(**values)


def join(items, lang: str) -> str:
    """Items as a list in ``lang`` (Babel, CLDR): ``A、B和C``, ``A, B, and C``.

    Example:
        >>> join(["赵巷镇", "徐泾镇", "练塘镇"], "zh"), join(["Zhaoxiang", "Xujing"], "en")
        ('赵巷镇、徐泾镇和练塘镇', 'Zhaoxiang and Xujing')
    """
    from babel.lists import format_list

    return format_list(list(items), locale=locale(lang))


def number(value: float, lang: str, pattern: str | None = None) -> str:
    """A number written the way ``lang`` writes it (Babel, CLDR), with an optional pattern.

    Example:
        >>> number(278138, "zh"), number(69.7, "en"), number(0.5, "en", "0.00")
        ('278,138', '69.7', '0.50')
    """
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=locale(lang))


def signed(value: float, lang: str) -> str:
    """A difference with its sign: ``+1``, ``-3.5``.

    Example:
        >>> signed(1, "zh"), signed(-3.5, "en"), signed(1200, "en")
        ('+1', '-3.5', '+1,200')
    """
    return number(value, lang, SIGNED_PATTERN)


def date(value, lang: str, pattern_id: str) -> str:
    """A date written with the pattern the catalogue gives under ``pattern_id``.

    Example:
        >>> date("2026-09-30", "zh", "format.date.day_month"), date("2026-09-30", "en", "format.date.day_month")
        ('9月30日', '30 Sep 2026')
    """
    import pandas as pd
    from babel.dates import format_date

    return format_date(pd.Timestamp(value).date(), text(pattern_id, lang), locale=locale(lang))
