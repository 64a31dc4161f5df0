"""Months, quarters and years as the trends keep and name them, and how a date window is read
from the summary.

Pure: no database. The summary counts per month, kept as the integer ``year * 100 + month``
(``202607``). A quarter is the integer ``year * 10 + quarter`` (``20263``), labelled
``2026-K3`` (K for *kwartaal*); a year is labelled ``2026``.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

PERIODS: Final = {"quarter": "Kwartaal", "year": "Jaar"}

_QUARTER_LABEL = re.compile(r"^(\d{4})-K([1-4])$")
_YEAR_LABEL = re.compile(r"^(\d{4})$")


def quarter_of(day: date) -> int:
    return day.year * 10 + (day.month - 1) // 3 + 1


def quarter_start(quarter: int) -> date:
    year, q = divmod(quarter, 10)
    return date(year, 3 * q - 2, 1)


def quarter_end(quarter: int) -> date:
    year, q = divmod(quarter, 10)
    # Not the next quarter's start minus a day: there is none after 9999-K4.
    return month_end(year * 100 + 3 * q)


def next_quarter(quarter: int) -> int:
    year, q = divmod(quarter, 10)
    return (year + 1) * 10 + 1 if q == 4 else quarter + 1


def month_of(day: date) -> int:
    return day.year * 100 + day.month


def month_start(month: int) -> date:
    return date(month // 100, month % 100, 1)


def month_end(month: int) -> date:
    year, m = divmod(month, 100)
    return date(year, m, calendar.monthrange(year, m)[1])


def next_month(month: int) -> int:
    year, m = divmod(month, 100)
    return (year + 1) * 100 + 1 if m == 12 else month + 1


def previous_month(month: int) -> int:
    year, m = divmod(month, 100)
    return (year - 1) * 100 + 12 if m == 1 else month - 1


def quarter_of_month(month: int) -> int:
    """The quarter a month (``202607``) falls in (``20263``)."""
    year, m = divmod(month, 100)
    return year * 10 + (m + 2) // 3


def label(quarter: int, period: str | None) -> str | None:
    """The label of the period ``quarter`` falls in: ``2026-K3``, ``2026``, or None (no split)."""
    if period is None:
        return None
    year, q = divmod(quarter, 10)
    return f"{year}-K{q}" if period == "quarter" else str(year)


def span(period_label: str) -> tuple[date, date]:
    """First and last day of a period label (``2026-K3`` or ``2026``); ValueError otherwise."""
    found = _QUARTER_LABEL.match(period_label)
    if found:
        quarter = int(found[1]) * 10 + int(found[2])
        return quarter_start(quarter), quarter_end(quarter)
    found = _YEAR_LABEL.match(period_label)
    if found and int(found[1]) >= 1:
        year = int(found[1])
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"unknown period {period_label!r}: use 2026-K3 or 2026")


@dataclass(frozen=True)
class Window:
    """How the days from ``start`` to ``end`` are read: whole months ``first``..``last`` from
    the summary (either may be None: unbounded; ``first > last``: none), then day ranges from
    the answers, each added (+1) or taken off (-1).

    A window that starts or ends inside a month reads that month's days from the answers, or,
    when they are more than half of it, the whole month from the summary minus the days left
    out. So at most 15 days at either end are read from the answers.
    """

    first: int | None
    last: int | None
    days: tuple[tuple[int, date, date], ...] = field(default=())

    @property
    def has_months(self) -> bool:
        return self.first is None or self.last is None or self.first <= self.last


def _length(start: date, end: date) -> int:
    return (end - start).days + 1


def window(start: date | None, end: date | None) -> Window:
    """Plan the reading of ``start``..``end`` (inclusive; None: unbounded)."""
    if start is not None and end is not None and start > end:
        return Window(1, 0)  # nothing
    days: list[tuple[int, date, date]] = []
    first = last = None
    if start is not None and end is not None and month_of(start) == month_of(end):
        month = month_of(start)
        m_start, m_end = month_start(month), month_end(month)
        inside = _length(start, end)
        if 2 * inside <= _length(m_start, m_end):
            return Window(1, 0, ((1, start, end),))
        if start > m_start:
            days.append((-1, m_start, start - timedelta(days=1)))
        if end < m_end:
            days.append((-1, end + timedelta(days=1), m_end))
        return Window(month, month, tuple(days))
    if start is not None:
        month = month_of(start)
        m_start, m_end = month_start(month), month_end(month)
        if start == m_start:
            first = month
        elif 2 * _length(start, m_end) <= _length(m_start, m_end):
            first = next_month(month)
            days.append((1, start, m_end))
        else:
            first = month
            days.append((-1, m_start, start - timedelta(days=1)))
    if end is not None:
        month = month_of(end)
        m_start, m_end = month_start(month), month_end(month)
        if end == m_end:
            last = month
        elif 2 * _length(m_start, end) <= _length(m_start, m_end):
            last = previous_month(month)
            days.append((1, m_start, end))
        else:
            last = month
            days.append((-1, end + timedelta(days=1), m_end))
    return Window(first, last, tuple(days))
