"""Properties of the user's days (SPEC section 3) that hold for any day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallwins.core.dates import (
    DateError,
    format_day,
    humanize_days_ago,
    logical_day,
    minutes_into_day,
    parse_day,
    week_start_of,
)

# SPEC section 8: days from 1970-01-01 to 2199-12-31.
days = st.dates(min_value=date(1970, 1, 1), max_value=date(2199, 12, 31))
other_digits = st.characters(categories=["Nd"], exclude_characters="0123456789")


@given(days, days)
def test_a_day_written_as_yyyy_mm_dd_reads_back_as_itself(day: date, today: date) -> None:
    assert parse_day(day.isoformat(), today) == day
    assert parse_day(f"  {day.isoformat()} ", today) == day


@given(days, st.integers(0, 20_000))
def test_minus_n_is_n_days_before_today(today: date, n: int) -> None:
    if today.toordinal() - n < date(1970, 1, 1).toordinal():
        with pytest.raises(DateError, match="outside the days smallwins keeps"):
            parse_day(f"-{n}", today)
        return
    assert parse_day(f"-{n}", today) == today - timedelta(days=n)


@given(days, st.integers(0, 7), other_digits)
def test_a_digit_of_another_script_is_refused(day: date, position: int, digit: str) -> None:
    """int() reads any script's digits; a day is typed with ASCII digits only."""
    text = day.isoformat()
    index = [i for i, c in enumerate(text) if c.isdigit()][position]
    with pytest.raises(DateError):
        parse_day(text[:index] + digit + text[index + 1:], day)
    with pytest.raises(DateError):
        parse_day(f"-{digit}", day)


@given(days, st.integers(-3, 400))
def test_days_ago_in_words(today: date, ago: int) -> None:
    day = today - timedelta(days=ago)
    text = humanize_days_ago(day, today)
    if ago == 0:
        assert text == "today"
    elif ago == 1:
        assert text == "yesterday"
    elif ago == -1:
        assert text == "tomorrow"
    elif 2 <= ago <= 6:
        assert text == f"{ago} days ago"
    else:
        assert text == "on " + format_day(day, with_year=day.year != today.year)


@given(days, st.integers(0, 6))
def test_a_week_starts_on_its_start_day_at_most_six_days_before(day: date, start: int) -> None:
    first = week_start_of(day, start)
    assert first.weekday() == start
    assert timedelta(0) <= day - first <= timedelta(days=6)


@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2199, 12, 31)),
       st.integers(0, 23))
def test_before_the_day_start_it_is_still_yesterday(now: datetime, hour: int) -> None:
    expected = now.date() if now.hour >= hour else now.date() - timedelta(days=1)
    assert logical_day(now, hour) == expected


def test_minutes_into_a_day_that_starts_at_four() -> None:
    # SPEC section 3: the day runs from its start hour to the same hour next morning.
    assert minutes_into_day(4, 0, 4) == 0
    assert minutes_into_day(20, 0, 4) == 960
    assert minutes_into_day(20, 30, 4) == 990
    assert minutes_into_day(2, 0, 4) == 1320
    assert minutes_into_day(3, 59, 4) == 1439
    assert minutes_into_day(23, 59, 0) == 1439


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 23))
def test_minutes_into_a_day_count_on_a_clock_that_wraps_at_its_start(
        hour: int, minute: int, starts: int) -> None:
    minutes = minutes_into_day(hour, minute, starts)
    assert 0 <= minutes < 24 * 60
    assert (starts * 60 + minutes) % (24 * 60) == hour * 60 + minute
