"""Quarters and years as the trends name them, and how a date window is read from the summary.

Pure: no database. A quarter is kept as the integer ``year * 10 + quarter`` (``20263``) and
labelled ``2026-K3`` (K for *kwartaal*); a year is labelled ``2026``.
"""

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
    return quarter_start(next_quarter(quarter)) - timedelta(days=1)


def next_quarter(quarter: int) -> int:
    year, q = divmod(quarter, 10)
    return (year + 1) * 10 + 1 if q == 4 else quarter + 1


def previous_quarter(quarter: int) -> int:
    year, q = divmod(quarter, 10)
    return (year - 1) * 10 + 4 if q == 1 else quarter - 1


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
    """How the days from ``start`` to ``end`` are read: whole quarters ``first``..``last`` from
    the summary (either may be None: unbounded; ``first > last``: none), then day ranges from
    the answers, each added (+1) or taken off (-1).

    A window that starts or ends inside a quarter reads that quarter's days from the answers,
    or, when they are more than half of it, the whole quarter from the summary minus the days
    left out. So at most about 45 days at either end are read from the answers.
    """

    first: int | None
    last: int | None
    days: tuple[tuple[int, date, date], ...] = field(default=())

    @property
    def has_quarters(self) -> bool:
        return self.first is None or self.last is None or self.first <= self.last


def _length(start: date, end: date) -> int:
    return (end - start).days + 1


def window(start: date | None, end: date | None) -> Window:
    """Plan the reading of ``start``..``end`` (inclusive; None: unbounded)."""
    if start is not None and end is not None and start > end:
        return Window(1, 0)  # nothing
    days: list[tuple[int, date, date]] = []
    first = last = None
    if start is not None and end is not None and quarter_of(start) == quarter_of(end):
        quarter = quarter_of(start)
        q_start, q_end = quarter_start(quarter), quarter_end(quarter)
        inside = _length(start, end)
        if 2 * inside <= _length(q_start, q_end):
            return Window(1, 0, ((1, start, end),))
        if start > q_start:
            days.append((-1, q_start, start - timedelta(days=1)))
        if end < q_end:
            days.append((-1, end + timedelta(days=1), q_end))
        return Window(quarter, quarter, tuple(days))
    if start is not None:
        quarter = quarter_of(start)
        q_start, q_end = quarter_start(quarter), quarter_end(quarter)
        if start == q_start:
            first = quarter
        elif 2 * _length(start, q_end) <= _length(q_start, q_end):
            first = next_quarter(quarter)
            days.append((1, start, q_end))
        else:
            first = quarter
            days.append((-1, q_start, start - timedelta(days=1)))
    if end is not None:
        quarter = quarter_of(end)
        q_start, q_end = quarter_start(quarter), quarter_end(quarter)
        if end == q_end:
            last = quarter
        elif 2 * _length(q_start, end) <= _length(q_start, q_end):
            last = previous_quarter(quarter)
            days.append((1, q_start, end))
        else:
            last = quarter
            days.append((-1, end + timedelta(days=1), q_end))
    return Window(first, last, tuple(days))
