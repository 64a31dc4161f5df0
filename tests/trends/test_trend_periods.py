"""Month and quarter arithmetic, period labels, and the plan for reading a date window: whole
months from the summary plus or minus a few days from the answers must cover exactly the days
asked for."""

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspectie.trends.periods import (
    label,
    month_end,
    month_of,
    month_start,
    next_month,
    previous_month,
    quarter_end,
    quarter_of,
    quarter_of_month,
    quarter_start,
    span,
    window,
)

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))
LOW, HIGH = date(2022, 1, 1), date(2028, 12, 31)  # what "unbounded" stands for below


def test_quarters_and_labels() -> None:
    assert quarter_of(date(2026, 7, 1)) == 20263
    assert (quarter_start(20263), quarter_end(20263)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert quarter_end(20264) == date(2026, 12, 31)
    assert (label(20263, "quarter"), label(20263, "year"), label(20263, None)) == (
        "2026-K3",
        "2026",
        None,
    )
    assert span("2026-K1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert span("2026") == (date(2026, 1, 1), date(2026, 12, 31))
    for wrong in ("2026-K5", "2026-Q1", "26", "0000", "2026-K1 "):
        with pytest.raises(ValueError):
            span(wrong)


def test_months() -> None:
    assert month_of(date(2026, 7, 31)) == 202607
    assert (month_start(202602), month_end(202602)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month_end(202412) == date(2024, 12, 31)
    assert (next_month(202612), previous_month(202701), next_month(202603)) == (
        202701,
        202612,
        202604,
    )
    assert [quarter_of_month(202600 + m) for m in (1, 3, 4, 9, 10, 12)] == [
        20261,
        20261,
        20262,
        20263,
        20264,
        20264,
    ]


def test_the_first_and_last_days_of_the_calendar() -> None:
    assert month_end(999912) == quarter_end(99994) == date.max
    plan = window(date.min, date.max)
    assert (plan.first, plan.last, plan.days) == (101, 999912, ())
    plan = window(date(9999, 12, 2), date.max)
    assert (plan.first, plan.last) == (999912, 999912)
    assert plan.days == ((-1, date(9999, 12, 1), date(9999, 12, 1)),)


def covered(start: date | None, end: date | None) -> Counter[date]:
    """How often each day is counted by the plan (unbounded ends cut at LOW and HIGH)."""
    plan = window(start, end)
    days: Counter[date] = Counter()
    if plan.has_months:
        month = plan.first if plan.first is not None else month_of(LOW)
        last = plan.last if plan.last is not None else month_of(HIGH)
        while month <= last:
            day = month_start(month)
            while day <= month_end(month):
                days[day] += 1
                day += timedelta(days=1)
            month = next_month(month)
    for sign, first, last_day in plan.days:
        day = first
        while day <= last_day:
            days[day] += sign
            day += timedelta(days=1)
        assert (last_day - first).days < 15, "at most half a month from the answers"
    return Counter({day: n for day, n in days.items() if n != 0})


@given(DAYS | st.none(), DAYS | st.none())
def test_a_window_covers_exactly_its_days(start: date | None, end: date | None) -> None:
    days = covered(start, end)
    first, last = start or LOW, end or HIGH
    want = Counter(first + timedelta(days=n) for n in range((last - first).days + 1))
    assert days == want


def test_whole_months_read_no_answers() -> None:
    plan = window(date(2025, 1, 1), date(2026, 6, 30))
    assert (plan.first, plan.last, plan.days) == (202501, 202606, ())
    plan = window(date(2025, 2, 1), date(2025, 2, 28))
    assert (plan.first, plan.last, plan.days) == (202502, 202502, ())


def test_the_shorter_side_of_a_month_is_read_from_the_answers() -> None:
    plan = window(date(2025, 1, 4), date(2025, 5, 20))
    assert (plan.first, plan.last) == (202501, 202505)
    assert plan.days == (
        (-1, date(2025, 1, 1), date(2025, 1, 3)),
        (-1, date(2025, 5, 21), date(2025, 5, 31)),
    )
    plan = window(date(2025, 1, 20), date(2025, 5, 10))
    assert (plan.first, plan.last) == (202502, 202504)
    assert plan.days == (
        (1, date(2025, 1, 20), date(2025, 1, 31)),
        (1, date(2025, 5, 1), date(2025, 5, 10)),
    )
