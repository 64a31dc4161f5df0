"""Quarter labels and the plan for reading a date window: whole quarters from the summary plus
or minus a few days from the answers must cover exactly the days asked for."""

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspectie.trends.periods import (
    label,
    quarter_end,
    quarter_of,
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


def covered(start: date | None, end: date | None) -> Counter[date]:
    """How often each day is counted by the plan (unbounded ends cut at LOW and HIGH)."""
    plan = window(start, end)
    days: Counter[date] = Counter()
    if plan.has_quarters:
        quarter = plan.first if plan.first is not None else quarter_of(LOW)
        last = plan.last if plan.last is not None else quarter_of(HIGH)
        while quarter <= last:
            day = quarter_start(quarter)
            while day <= quarter_end(quarter):
                days[day] += 1
                day += timedelta(days=1)
            quarter = quarter_of(quarter_end(quarter) + timedelta(days=1))
    for sign, first, last_day in plan.days:
        day = first
        while day <= last_day:
            days[day] += sign
            day += timedelta(days=1)
        assert (last_day - first).days < 46, "at most half a quarter from the answers"
    return Counter({day: n for day, n in days.items() if n != 0})


@given(DAYS | st.none(), DAYS | st.none())
def test_a_window_covers_exactly_its_days(start: date | None, end: date | None) -> None:
    days = covered(start, end)
    first, last = start or LOW, end or HIGH
    want = Counter(first + timedelta(days=n) for n in range((last - first).days + 1))
    assert days == want


def test_whole_quarters_read_no_answers() -> None:
    plan = window(date(2025, 1, 1), date(2026, 6, 30))
    assert (plan.first, plan.last, plan.days) == (20251, 20262, ())
