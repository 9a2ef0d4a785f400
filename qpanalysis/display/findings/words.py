"""Words shared by the findings: numbers, amounts, counts, lists, months and bullet lists in the reader's language."""

from __future__ import annotations

import pandas as pd

from qpanalysis.display import messages as msg


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
    amount = number(amount)
    return msg.text("findings.amount.wan_approx", lang, amount=amount) if approx else msg.text(
        "findings.amount.wan", lang, amount=amount)


def big_amount(amount: float, lang: str) -> str:
    """A total in 万元 with its size in 亿元 (Chinese) or billions of yuan (English).

    Example:
        >>> big_amount(361633.24, "zh"), big_amount(361633.24, "en")
        ('361,633.24万元（36.16亿元）', '361,633.24 × 10,000 yuan (3.62 billion yuan)')
    """
    # The larger unit is the reader's: 亿元 (10,000 万元) in Chinese, billions of yuan (100,000 万元) in English.
    big = amount / float(msg.text("format.amount.wan_per_big", lang))
    return msg.text("findings.amount.big", lang, amount=wan(amount, lang), big=f"{big:,.2f}")


# A total that includes an amount given as approximate (约68,916) is known to about this
# many significant figures: ≈36.2亿元, not 361,633.24万元.
SIGNIFICANT = 3


def rounded_big(amount: float, lang: str) -> str:
    """A total that includes an approximate amount: ≈, in 亿元 or billions of yuan, to :data:`SIGNIFICANT` figures.

    Example:
        >>> rounded_big(361633.24, "zh"), rounded_big(361633.24, "en"), rounded_big(4_321_000, "zh")
        ('≈36.2亿元', '≈3.62 billion yuan', '≈432亿元')
    """
    big = amount / float(msg.text("format.amount.wan_per_big", lang))
    whole = len(str(int(abs(big)))) if abs(big) >= 1 else 1
    return msg.text("findings.amount.big_rounded", lang, big=f"{big:,.{max(0, SIGNIFICANT - whole)}f}")


def pct(share: float) -> str:
    """A share as a percentage with one decimal.

    Example:
        >>> pct(0.769112)
        '76.9%'
    """
    return f"{share:.1%}"


def count(n: int, lang: str) -> str:
    """A count of tasks with its measure word: 9项 or 9 tasks (1 task).

    Example:
        >>> count(9, "zh"), count(9, "en"), count(1, "en")
        ('9项', '9 tasks', '1 task')
    """
    return msg.text("findings.count.task", lang, count=n)



def join(items, lang: str) -> str:
    """Join names as a reader lists them: 甲、乙 or a, b and c.

    Example:
        >>> join(["甲", "乙", "丙"], "zh"), join(["a", "b", "c"], "en"), join(["a"], "en")
        ('甲、乙、丙', 'a, b and c', 'a')
    """
    items = [str(i) for i in items]
    head = _head(items[:-1], lang)
    return msg.text("format.list.and.end", lang, head=head, item=items[-1]) if head else "".join(items)


def join_or(items, lang: str) -> str:
    """Join alternatives: 甲、乙或丙 or a, b or c.

    Example:
        >>> join_or(["甲", "乙", "丙"], "zh"), join_or(["a", "b", "c"], "en")
        ('甲、乙或丙', 'a, b or c')
    """
    items = [str(i) for i in items]
    head = _head(items[:-1], lang)
    return msg.text("format.list.or.end", lang, head=head, item=items[-1]) if head else "".join(items)


def _head(items: list[str], lang: str) -> str:
    """All but the last item of a list, joined (empty for none)."""
    joined = items[0] if items else ""
    for item in items[1:]:
        joined = msg.text("format.list.middle", lang, head=joined, item=item)
    return joined


def task_ids(ids, lang: str) -> str:
    """Task numbers: 任务4、6 or tasks 4 and 6 (task 4).

    Example:
        >>> task_ids([4, 6], "zh"), task_ids([4, 6], "en"), task_ids([28], "en")
        ('任务4、6', 'tasks 4 and 6', 'task 28')
    """
    ids = [int(i) for i in ids]
    return msg.text("findings.word.task_ids", lang, count=len(ids), ids=join(ids, lang))


def month(period, lang: str) -> str:
    """A due month: 2030年12月 or December 2030.

    Example:
        >>> month(pd.Period("2030-12", "M"), "zh"), month(pd.Period("2030-12", "M"), "en")
        ('2030年12月', 'December 2030')
    """
    return msg.date(pd.Period(period, "M").to_timestamp(), lang, "format.date.month")


def day(value, lang: str) -> str:
    """A date in a sentence: 2026年9月30日 or 30 September 2026 (format.date.long).

    Example:
        >>> day("2026-09-30", "zh"), day(pd.Timestamp("2026-06-30"), "en")
        ('2026年9月30日', '30 June 2026')
    """
    return msg.date(value, lang, "format.date.long")


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
