"""Days and time (SPEC section 3): day arguments, the logical day, DST, weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from smallwins.core.dates import (
    WEEK_START_NAMES,
    DateError,
    format_day,
    humanize_days_ago,
    logical_day,
    next_rollover,
    parse_day,
    parse_week_start,
    resolve_today,
    week_start_of,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = UTC
TODAY = date(2026, 11, 29)  # a Sunday


def berlin(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=BERLIN, fold=fold)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# --- parse_day ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-04", date(2026, 11, 4)),
        ("2024-02-29", date(2024, 2, 29)),
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", date(2026, 11, 28)),
        ("-1", date(2026, 11, 28)),
        ("-0", TODAY),
        ("-30", date(2026, 10, 30)),
        (" -3 ", date(2026, 11, 26)),
    ],
)
def test_parse_day_accepts(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2026-13-01",
        "tomorrow?",
        "",
        "12/01/2026",
        "20261129",
        "2026-W48-7",
        "2026-1-1",
        "-",
        "-x",
        "+3",
        "-99999999999",
        "2026-11-29\nrm",
        # Shapes that int() would read but a date must not have.
        "2026/11-29",
        "202 -11-29",
        "2026-+1-29",
        "2026-1 -29",
        "2026-11-+9",
        "2026-11- 9",
        "\uff12\uff10\uff12\uff16-11-29",  # full-width digits
        "2026-\u0661\u0661-29",  # Arabic-Indic digits
        "2026-11-2\u0669",
        "-\u0661",
        "-\uff13",
    ],
)
def test_parse_day_refuses_with_one_line_that_says_what_to_write(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_day(text, TODAY)
    message = str(caught.value)
    assert repr(text) in message
    assert "YYYY-MM-DD" in message and "'today'" in message and "-N" in message
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)


# --- logical_day -------------------------------------------------------------


def test_day_starting_at_4_keeps_3_59_on_the_previous_day() -> None:
    assert logical_day(datetime(2026, 11, 29, 3, 59), 4) == date(2026, 11, 28)
    assert logical_day(datetime(2026, 11, 29, 4, 0), 4) == date(2026, 11, 29)
    assert logical_day(datetime(2026, 11, 29, 0, 0), 0) == date(2026, 11, 29)
    assert logical_day(datetime(2026, 11, 29, 23, 59), 23) == date(2026, 11, 29)
    assert logical_day(datetime(2026, 11, 29, 22, 59), 23) == date(2026, 11, 28)


def test_logical_day_crosses_month_and_year() -> None:
    assert logical_day(datetime(2027, 1, 1, 1, 0), 4) == date(2026, 12, 31)


@pytest.mark.parametrize("hour", [-1, 24, True])
def test_logical_day_refuses_impossible_hours(hour: int) -> None:
    with pytest.raises(ValueError):
        logical_day(datetime(2026, 11, 29, 12), hour)


@pytest.mark.parametrize(
    ("now", "day_starts_at", "expected"),
    [
        # Spring forward, 2026-03-29: 02:00 CET becomes 03:00 CEST.
        (berlin(2026, 3, 29, 1, 59), 4, date(2026, 3, 28)),
        (berlin(2026, 3, 29, 3, 0), 4, date(2026, 3, 28)),
        (berlin(2026, 3, 29, 3, 59), 4, date(2026, 3, 28)),
        # 02:00 UTC: four real hours earlier is still the 28th on the clock.
        (berlin(2026, 3, 29, 4, 0), 4, date(2026, 3, 29)),
        (berlin(2026, 3, 29, 1, 59), 2, date(2026, 3, 28)),
        (berlin(2026, 3, 29, 3, 0), 2, date(2026, 3, 29)),
        # Fall back, 2026-10-25: 03:00 CEST becomes 02:00 CET.
        (berlin(2026, 10, 25, 1, 59), 2, date(2026, 10, 24)),
        (berlin(2026, 10, 25, 2, 0), 2, date(2026, 10, 25)),
        (berlin(2026, 10, 25, 2, 30, fold=1), 2, date(2026, 10, 25)),
        (berlin(2026, 10, 25, 2, 30, fold=1), 4, date(2026, 10, 24)),
        (berlin(2026, 10, 25, 3, 59), 4, date(2026, 10, 24)),
        (berlin(2026, 10, 25, 4, 0), 4, date(2026, 10, 25)),
    ],
)
def test_logical_day_on_dst_days_follows_the_wall_clock(
    now: datetime, day_starts_at: int, expected: date
) -> None:
    assert logical_day(now, day_starts_at) == expected
    # The same instant seen from UTC must give the same day once made local.
    assert logical_day(now.astimezone(UTC).astimezone(BERLIN), day_starts_at) == expected


# --- next_rollover -----------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "day_starts_at", "expected_utc", "expected_wall"),
    [
        # Spring forward with the day starting at 4: 04:00 CEST.
        (berlin(2026, 3, 29, 1, 0), 4, utc(2026, 3, 29, 2), (3, 29, 4, 0)),
        (berlin(2026, 3, 29, 3, 30), 4, utc(2026, 3, 29, 2), (3, 29, 4, 0)),
        # 02:00 never happens: the day rolls at the jump, 03:00 CEST.
        (berlin(2026, 3, 29, 1, 30), 2, utc(2026, 3, 29, 1), (3, 29, 3, 0)),
        (berlin(2026, 3, 28, 23, 0), 2, utc(2026, 3, 29, 1), (3, 29, 3, 0)),
        # Standing on the rollover instant: the next one, a day later.
        (berlin(2026, 3, 29, 3, 0), 2, utc(2026, 3, 30, 0), (3, 30, 2, 0)),
        # Fall back with the day starting at 2: the first 02:00 (CEST) only.
        (berlin(2026, 10, 25, 1, 30), 2, utc(2026, 10, 25, 0), (10, 25, 2, 0)),
        (berlin(2026, 10, 25, 2, 30), 2, utc(2026, 10, 26, 1), (10, 26, 2, 0)),
        (berlin(2026, 10, 25, 2, 30, fold=1), 2, utc(2026, 10, 26, 1), (10, 26, 2, 0)),
        # Fall back with the day starting at 4: 04:00 CET, five real hours on.
        (berlin(2026, 10, 24, 23, 0), 4, utc(2026, 10, 25, 3), (10, 25, 4, 0)),
        (berlin(2026, 10, 25, 2, 30, fold=1), 4, utc(2026, 10, 25, 3), (10, 25, 4, 0)),
        (berlin(2026, 10, 25, 23, 0), 0, utc(2026, 10, 25, 23), (10, 26, 0, 0)),
    ],
)
def test_next_rollover_lands_on_the_right_local_instant(
    now: datetime, day_starts_at: int, expected_utc: datetime, expected_wall: tuple[int, ...]
) -> None:
    rollover = next_rollover(now, day_starts_at)
    assert rollover.tzinfo is not None
    assert rollover.astimezone(UTC) == expected_utc
    local = rollover.astimezone(BERLIN)
    assert (local.month, local.day, local.hour, local.minute) == expected_wall
    # A naive wall-clock `now` with the zone named gives the same instant.
    naive = next_rollover(now.replace(tzinfo=None), day_starts_at, "Europe/Berlin")
    assert naive.astimezone(UTC) == expected_utc


@pytest.mark.parametrize("day_starts_at", [0, 1, 2, 3, 4, 23])
@pytest.mark.parametrize("around", [date(2026, 3, 29), date(2026, 10, 25)])
def test_next_rollover_is_the_first_change_of_logical_day(
    day_starts_at: int, around: date
) -> None:
    start = datetime(around.year, around.month, around.day, tzinfo=UTC) - timedelta(days=2)
    for step in range(0, 4 * 24 * 60, 20):
        # Arithmetic in UTC: within one zone Python adds and compares wall times.
        instant = start + timedelta(minutes=step)
        now = instant.astimezone(BERLIN)
        rollover = next_rollover(now, day_starts_at).astimezone(UTC)
        assert timedelta(0) < rollover - instant <= timedelta(hours=25)
        before = (rollover - timedelta(seconds=1)).astimezone(BERLIN)
        day = logical_day(now, day_starts_at)
        assert logical_day(before, day_starts_at) == day
        assert logical_day(rollover.astimezone(BERLIN), day_starts_at) == day + timedelta(days=1)


def test_next_rollover_in_a_half_hour_gap_rolls_at_the_jump() -> None:
    # Lord Howe Island springs forward from 02:00 to 02:30.
    rollover = next_rollover(datetime(2026, 10, 4, 1, 0), 2, "Australia/Lord_Howe")
    assert (rollover.hour, rollover.minute) == (2, 30)
    assert rollover.utcoffset() == timedelta(hours=11)


def test_next_rollover_when_a_whole_day_is_skipped() -> None:
    # Samoa skipped 2011-12-30: 23:59:59 on the 29th (-10) was followed by
    # 00:00 on the 31st (+14).  The day changes at the jump, not at 04:00.
    rollover = next_rollover(datetime(2011, 12, 29, 12, 0), 4, "Pacific/Apia")
    assert rollover.astimezone(UTC) == utc(2011, 12, 30, 10)
    assert logical_day(rollover, 4) == date(2011, 12, 30)
    later = next_rollover(rollover, 4)
    assert (later.day, later.hour) == (31, 4)


def test_next_rollover_after_a_two_hour_fall_back() -> None:
    # Troll (Antarctica) falls back from 03:00 +02 to 01:00 +00 at 01:00 UTC.
    troll = ZoneInfo("Antarctica/Troll")
    now = datetime(2026, 10, 25, 2, 30, tzinfo=troll)  # +02, before the fall-back
    # The clock comes back up to 02:00 from 01:59:59: the day rolls again.
    assert next_rollover(now, 2).astimezone(UTC) == utc(2026, 10, 25, 2)
    # It lands on 01:00 without passing it, so a day starting at 1 rolls tomorrow.
    assert next_rollover(now, 1).astimezone(UTC) == utc(2026, 10, 26, 1)
    before = datetime(2026, 10, 25, 0, 30, tzinfo=troll)
    assert next_rollover(before, 2).astimezone(UTC) == utc(2026, 10, 25, 0)


def test_next_rollover_when_the_clock_goes_back_a_whole_day() -> None:
    # Sitka (Alaska), 1867: 15:30 on the 19th became 15:30 on the 18th, so the
    # 18th's 20:00 comes again after the morning of the 19th.
    now = datetime(1867, 10, 19, 10, 0, tzinfo=ZoneInfo("America/Sitka"))
    rollover = next_rollover(now, 20)
    assert (rollover.day, rollover.hour) == (18, 20)
    assert rollover.astimezone(UTC) == datetime(1867, 10, 19, 5, 1, 13, tzinfo=UTC)


@pytest.mark.parametrize("hour", [-1, 24])
def test_next_rollover_refuses_impossible_hours(hour: int) -> None:
    with pytest.raises(ValueError, match="0-23"):
        next_rollover(datetime(2026, 11, 29, 12, tzinfo=UTC), hour)


def test_next_rollover_without_zone_rules_uses_todays_offset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pendulum

    def unreadable() -> None:
        raise RuntimeError("no zone")

    monkeypatch.setattr(pendulum, "local_timezone", unreadable)
    rollover = next_rollover(datetime(2026, 6, 1, 12, 0), 4)
    assert rollover.tzinfo is not None
    local = rollover.replace(tzinfo=None)
    assert (local.date(), local.hour, local.minute) == (date(2026, 6, 2), 4, 0)


def test_next_rollover_of_a_naive_time_uses_the_system_zone() -> None:
    now = datetime(2026, 6, 1, 12, 0)
    rollover = next_rollover(now, 4)
    assert rollover.tzinfo is not None
    local = rollover.replace(tzinfo=None)
    assert (local.date(), local.hour, local.minute) == (date(2026, 6, 2), 4, 0)


# --- resolve_today -----------------------------------------------------------


def test_resolve_today_takes_the_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMALLWINS_TODAY", "2020-01-01")
    assert resolve_today("2026-11-29", 4) == date(2026, 11, 29)


def test_resolve_today_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMALLWINS_TODAY", "2026-03-29")
    assert resolve_today(None, 4, now=datetime(2030, 1, 1, 1, 0)) == date(2026, 3, 29)


def test_resolve_today_uses_the_clock_and_day_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMALLWINS_TODAY", raising=False)
    assert resolve_today(None, 4, now=datetime(2026, 11, 29, 3, 59)) == date(2026, 11, 28)
    assert resolve_today(None, 4, now=datetime(2026, 11, 29, 4, 0)) == date(2026, 11, 29)
    before = date.today()
    today = resolve_today(None, 0)
    assert before <= today <= date.today()


@pytest.mark.parametrize(
    "bad", ["today", "2026-02-30", "29.11.2026", "", "20261129", "2026-+1-29", "202 -11-29"]
)
def test_resolve_today_refuses_a_bad_override(bad: str) -> None:
    with pytest.raises(DateError, match="^bad --today ") as caught:
        resolve_today(bad, 0)
    assert "YYYY-MM-DD" in str(caught.value)


def test_resolve_today_names_a_bad_environment_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMALLWINS_TODAY", "yesterday")
    with pytest.raises(DateError, match="SMALLWINS_TODAY.*'yesterday'"):
        resolve_today(None, 0)


# --- weeks -------------------------------------------------------------------


def test_week_start_names() -> None:
    assert WEEK_START_NAMES[0] == "monday" and WEEK_START_NAMES[6] == "sunday"
    assert [parse_week_start(name) for name in WEEK_START_NAMES] == list(range(7))
    assert parse_week_start(" Sunday ") == 6
    assert parse_week_start("tue") == 1


@pytest.mark.parametrize("bad", ["funday", "", "mo", "7"])
def test_parse_week_start_refuses_other_words(bad: str) -> None:
    with pytest.raises(DateError, match="monday"):
        parse_week_start(bad)


@pytest.mark.parametrize(
    ("day", "monday_start", "sunday_start"),
    [
        (date(2026, 11, 29), date(2026, 11, 23), date(2026, 11, 29)),  # a Sunday
        (date(2026, 11, 30), date(2026, 11, 30), date(2026, 11, 29)),  # a Monday
        (date(2026, 11, 28), date(2026, 11, 23), date(2026, 11, 22)),  # a Saturday
        (date(2027, 1, 1), date(2026, 12, 28), date(2026, 12, 27)),  # over New Year
    ],
)
def test_week_start_of(day: date, monday_start: date, sunday_start: date) -> None:
    assert week_start_of(day, 0) == monday_start
    assert week_start_of(day, 6) == sunday_start


# --- humanize_days_ago ---------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (TODAY, "today"),
        (date(2026, 11, 28), "yesterday"),
        (date(2026, 11, 26), "3 days ago"),
        (date(2026, 11, 27), "2 days ago"),
        (date(2026, 11, 23), "6 days ago"),
        (date(2026, 11, 22), "on Sun 22 Nov"),  # a week ago is a day, not a count
        (date(2026, 11, 4), "on Wed 4 Nov"),
        (date(2025, 11, 4), "on Tue 4 Nov 2025"),
        (date(2026, 11, 30), "tomorrow"),
    ],
)
def test_humanize_days_ago(day: date, text: str) -> None:
    assert humanize_days_ago(day, TODAY) == text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 1, 1), "Thu 1 Jan"),
        (date(2026, 2, 2), "Mon 2 Feb"),
        (date(2026, 3, 3), "Tue 3 Mar"),
        (date(2026, 4, 4), "Sat 4 Apr"),
        (date(2026, 5, 5), "Tue 5 May"),
        (date(2026, 6, 6), "Sat 6 Jun"),
        (date(2026, 7, 7), "Tue 7 Jul"),
        (date(2026, 8, 8), "Sat 8 Aug"),
        (date(2026, 9, 9), "Wed 9 Sep"),
        (date(2026, 10, 10), "Sat 10 Oct"),
        (date(2026, 11, 13), "Fri 13 Nov"),
        (date(2026, 12, 27), "Sun 27 Dec"),
    ],
)
def test_format_day_in_english_whatever_the_locale(day: date, text: str) -> None:
    assert format_day(day) == text
    assert format_day(day, with_year=True) == f"{text} 2026"


# SPEC section 8: the days smallwins keeps -------------------------------------------


@pytest.mark.parametrize("text", ["1970-01-01", "2199-12-31"])
def test_the_first_and_the_last_day_kept_are_days(text: str) -> None:
    assert parse_day(text, date(2199, 12, 31)) == date.fromisoformat(text)
    assert resolve_today(text, 0) == date.fromisoformat(text)


@pytest.mark.parametrize("text", ["1969-12-31", "2200-01-01", "0001-01-01", "9999-12-31"])
def test_a_day_outside_the_days_kept_is_refused(text: str) -> None:
    with pytest.raises(DateError, match=f"^'{text}' is outside the days smallwins keeps "
                       r"\(1970-01-01 to 2199-12-31\)$"):
        parse_day(text, TODAY)
    with pytest.raises(DateError, match=f"^--today {text} is outside the days smallwins "
                       "keeps"):
        resolve_today(text, 0)


def test_yesterday_of_the_first_day_there_is_is_a_refusal_not_an_overflow() -> None:
    with pytest.raises(DateError, match="^'yesterday' is outside the days smallwins keeps"):
        parse_day("yesterday", date.min)
    with pytest.raises(DateError, match="^'yesterday' is outside the days smallwins keeps"):
        parse_day("yesterday", date(1970, 1, 1))
