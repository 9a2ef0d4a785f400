"""Words shared by the findings: numbers, amounts, counts, lists, months and bullet lists in the reader's language."""

from __future__ import annotations

import pandas as pd

from qpanalysis.analysis import investment as inv
from qpanalysis.display import labels

# Yuan per 万元, and yuan per billion: English totals also give billions of yuan.
YUAN_PER_WAN = 10_000

YUAN_PER_BILLION = 1_000_000_000


def number(value: float) -> str:
    """A number with thousands separators and no spurious decimals.

    Example:
        >>> number(278138.0), number(10478.4), number(361633.24), number(0.5)
        ('278,138', '10,478.4', '361,633.24', '0.5')
    """
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def wan(amount: float, lang: str, *, approx: bool = False) -> str:
    """An amount in 万元, written for ``lang`` (English: "× 10,000 yuan").

    Example:
        >>> wan(68916, "zh", approx=True), wan(68916, "en", approx=True)
        ('约68,916万元', 'about 68,916 × 10,000 yuan')
    """
    if lang == "zh":
        return f"{'约' if approx else ''}{number(amount)}万元"
    return f"{'about ' if approx else ''}{number(amount)} × {labels.label('unit', '万元', 'en')}"


def big_amount(amount: float, lang: str) -> str:
    """A total in 万元 with its size in 亿元 (Chinese) or billions of yuan (English).

    Example:
        >>> big_amount(361633.24, "zh"), big_amount(361633.24, "en")
        ('361,633.24万元（36.16亿元）', '361,633.24 × 10,000 yuan (3.62 billion yuan)')
    """
    if lang == "zh":
        return f"{wan(amount, lang)}（{inv.to_yi(amount):,.2f}亿元）"
    return f"{wan(amount, lang)} ({amount * YUAN_PER_WAN / YUAN_PER_BILLION:,.2f} billion yuan)"


def pct(share: float) -> str:
    """A share as a percentage with one decimal.

    Example:
        >>> pct(0.769112)
        '76.9%'
    """
    return f"{share:.1%}"


def count(n: int, lang: str, zh_unit: str = "项", en_word: str = "task") -> str:
    """A count with its measure word: 9项 or 9 tasks (1 task).

    Example:
        >>> count(9, "zh"), count(9, "en"), count(1, "en"), count(3, "en", "个", "department")
        ('9项', '9 tasks', '1 task', '3 departments')
    """
    if lang == "zh":
        return f"{n}{zh_unit}"
    return f"{n} {en_word}{'' if n == 1 else 's'}"


def verb(n: int, one: str, many: str) -> str:
    """An English verb that agrees with a count.

    Example:
        >>> verb(1, "states", "state"), verb(9, "states", "state")
        ('states', 'state')
    """
    return one if n == 1 else many


def join(items, lang: str) -> str:
    """Join names as a reader lists them: 甲、乙 or a, b and c.

    Example:
        >>> join(["甲", "乙", "丙"], "zh"), join(["a", "b", "c"], "en"), join(["a"], "en")
        ('甲、乙、丙', 'a, b and c', 'a')
    """
    items = [str(i) for i in items]
    if lang == "zh":
        return "、".join(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def task_ids(ids, lang: str) -> str:
    """Task numbers: 任务4、6 or tasks 4 and 6 (task 4).

    Example:
        >>> task_ids([4, 6], "zh"), task_ids([4, 6], "en"), task_ids([28], "en")
        ('任务4、6', 'tasks 4 and 6', 'task 28')
    """
    ids = [int(i) for i in ids]
    if lang == "zh":
        return "任务" + "、".join(map(str, ids))
    return ("task " if len(ids) == 1 else "tasks ") + join(ids, lang)


def month(period, lang: str) -> str:
    """A due month: 2030年12月 or December 2030.

    Example:
        >>> month(pd.Period("2030-12", "M"), "zh"), month(pd.Period("2030-12", "M"), "en")
        ('2030年12月', 'December 2030')
    """
    period = pd.Period(period, "M")
    return f"{period.year}年{period.month}月" if lang == "zh" else f"{period.strftime('%B')} {period.year}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def bullets(lines) -> str:
    """Lines as a Markdown bullet list (empty lines dropped).

    Example:
        >>> print(bullets(["a", "", "b"]))
        - a
        - b
    """
    return "\n".join(f"- {line}" for line in lines if line)


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en
