"""The user's days: parsing day arguments, the logical day, rollover and weeks.

The user's day is a local calendar date whose start may be moved past midnight
(`day_starts_at`, e.g. 4 for night owls).  The shift is applied to the local
wall-clock hour, never by subtracting hours, so check-ins on DST days land on
the day the user saw on the clock.

`smallwins status` imports this module on every tmux refresh: only the
standard library's `datetime` and `os` are loaded at import time; time zone
support is imported by `next_rollover` alone.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, tzinfo

from smallwins.core.errors import BadInput

WEEK_START_NAMES: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

# Fixed English names: strftime's %a/%b follow the C locale and may vary.
_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

TODAY_ENV = "SMALLWINS_TODAY"

FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2199, 12, 31)
"""The days smallwins keeps (SPEC section 8): today, a day marked, a start, a stored day."""


class DateError(BadInput):
    """A day or week start that cannot be understood (bad input: exit code 2).

    The message is one line: what was wrong and what to write instead.
    """


def _strict_iso(text: str) -> date | None:
    """The date of a strict `YYYY-MM-DD`, or None.

    `date.fromisoformat` also takes `20261129` and `2026-W48-7`; a day typed
    by the user or stored in a file must have exactly one spelling.
    """
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    digits = text[:4] + text[5:7] + text[8:]
    if not (digits.isascii() and digits.isdigit()):
        return None
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None


def parse_day(text: str, today: date) -> date:
    """The day meant by `YYYY-MM-DD`, `today`, `yesterday` or `-N` (N days ago),
    within the days smallwins keeps (core/limits.py)."""
    return _kept(_parse_day(text, today), repr(text.strip()))


def _kept(day: date, label: str) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateError(f"{label} is outside the days smallwins keeps "
                        f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")
    return day


def _parse_day(text: str, today: date) -> date:
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1) if today > date.min else date.min
    if word.startswith("-") and word[1:].isascii() and word[1:].isdigit():
        try:
            return today - timedelta(days=int(word[1:]))
        except OverflowError:
            pass
    else:
        day = _strict_iso(word)
        if day is not None:
            return day
    raise DateError(
        f"bad date {text!r}: use YYYY-MM-DD (e.g. {today.isoformat()}), "
        "'today', 'yesterday' or -N"
    )


def _check_hour(day_starts_at: int) -> None:
    if isinstance(day_starts_at, bool) or not isinstance(day_starts_at, int) \
            or not 0 <= day_starts_at <= 23:
        raise ValueError(f"day_starts_at must be a whole hour 0-23, got {day_starts_at!r}")


def logical_day(now: datetime, day_starts_at: int) -> date:
    """The user's day at local wall-clock time `now`.

    Before `day_starts_at` o'clock it is still the previous calendar day.
    """
    _check_hour(day_starts_at)
    if now.hour < day_starts_at:
        return now.date() - timedelta(days=1)
    return now.date()


def resolve_today(
    override: str | None, day_starts_at: int, now: datetime | None = None
) -> date:
    """Today for this run: a fixed `--today`/`SMALLWINS_TODAY`, else the clock.

    `override` is the `--today` value; when it is None the environment is
    read here.  A fixed day must be a strict YYYY-MM-DD; `day_starts_at` does
    not apply to it.  `now` (local wall clock) defaults to `datetime.now()`.
    """
    source = "--today"
    if override is None:
        override = os.environ.get(TODAY_ENV) or None
        source = TODAY_ENV
    if override is not None:
        day = _strict_iso(override.strip())
        if day is None:
            raise DateError(
                f"bad {source} {override!r}: use a real date as YYYY-MM-DD, "
                "e.g. 2026-11-29"
            )
        return _kept(day, f"{source} {override.strip()}")
    if now is None:
        now = datetime.now()  # noqa: DTZ005 - the local wall clock is the point
    return logical_day(now, day_starts_at)


def _local_zone() -> tzinfo:
    """The system's time zone, with its DST rules (not just today's offset)."""
    try:
        import pendulum

        return pendulum.local_timezone()
    except Exception:  # an unreadable or odd TZ setting: today's offset will do
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None
        return zone


def _zone_of(now: datetime, tz: str | None) -> tzinfo:
    if tz is not None:
        from zoneinfo import ZoneInfo

        return ZoneInfo(tz)
    if now.tzinfo is not None:
        return now.tzinfo
    return _local_zone()


def _wall(ts: float, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(ts, zone).replace(tzinfo=None)


def _first_instant_at(wall: datetime, zone: tzinfo) -> float:
    """The first instant whose local wall clock reads `wall` or later.

    Usually the instant of `wall` itself (its first occurrence when the clock
    falls back).  When `wall` is skipped by a spring-forward gap it is the
    moment of the jump, found by bisection between the two readings of `wall`.
    """
    early = wall.replace(tzinfo=zone, fold=0).timestamp()
    if _wall(early, zone) == wall:
        return early
    # In a gap, fold=1 reads `wall` with the later (larger) offset: before the jump.
    lo = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    hi = int(early) + 1
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if _wall(mid, zone) >= wall:
            hi = mid
        else:
            lo = mid
    return float(hi)


def next_rollover(now: datetime, day_starts_at: int, tz: str | None = None) -> datetime:
    """The next instant after `now` at which the user's logical day changes.

    That is the next time the local wall clock reaches `day_starts_at`:00;
    when a spring-forward gap skips that time, the first instant after it.
    `now` may be aware or naive; a naive `now` is wall-clock time in `tz`
    (an IANA name), else in the system's zone.  The result is aware, in that
    zone; measure time to it in UTC or with `.timestamp()`, since Python
    subtracts two datetimes of one zone by their wall clocks.
    """
    _check_hour(day_starts_at)
    return next_wall_time(now, day_starts_at, 0, tz)


def next_wall_time(now: datetime, hour: int, minute: int, tz: str | None = None) -> datetime:
    """The next instant after `now` at which the local wall clock reaches hour:minute
    (the day's rollover, a reminder); in a spring-forward gap, the first instant
    after it.  `now` and `tz` as for `next_rollover`; the result is aware."""
    zone = _zone_of(now, tz)
    local = now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone)
    start = local.timestamp()
    best: float | None = None
    for offset in range(-1, 3):
        wall = datetime.combine(local.date() + timedelta(days=offset), datetime.min.time())
        wall = wall.replace(hour=hour, minute=minute)
        candidates = {_first_instant_at(wall, zone)}
        # A fall-back can show `wall` a second time; that counts only if the
        # clock was before it a second earlier (otherwise the day is unchanged).
        candidates.add(wall.replace(tzinfo=zone, fold=1).timestamp())
        for ts in candidates:
            if ts <= start or (best is not None and ts >= best):
                continue
            if _wall(ts, zone) >= wall and _wall(ts - 1, zone) < wall:
                best = ts
    assert best is not None  # a wall-clock time occurs at least once in three days
    return datetime.fromtimestamp(best, zone)


def minutes_into_day(hour: int, minute: int, day_starts_at: int) -> int:
    """How far into the user's day the wall-clock time hour:minute lies, in minutes.

    The day runs from `day_starts_at`:00 to the same hour the next morning, so
    with a day that starts at 4, 20:00 is 960 minutes in and 02:00 is 1320.
    """
    return ((hour - day_starts_at) % 24) * 60 + minute


def parse_week_start(name: str) -> int:
    """The weekday number (0 = Monday) of a week start like `monday` or `sun`."""
    word = name.strip().lower() if isinstance(name, str) else ""
    for number, full in enumerate(WEEK_START_NAMES):
        if word and (word == full or word == full[:3]):
            return number
    raise DateError(
        f"bad week start {name!r}: use a weekday name, one of "
        + ", ".join(WEEK_START_NAMES)
    )


def week_start_of(day: date, week_starts_on: int) -> date:
    """The first day of the week holding `day`, weeks starting on `week_starts_on`."""
    return day - timedelta(days=(day.weekday() - week_starts_on) % 7)


def format_day(day: date, with_year: bool = False) -> str:
    """A short, locale-independent day like `Mon 4 Nov` (or `Mon 4 Nov 2024`)."""
    text = f"{_DAY_ABBR[day.weekday()]} {day.day} {_MONTH_ABBR[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def humanize_days_ago(day: date, today: date) -> str:
    """`today`, `yesterday`, `3 days ago`, or `on Mon 4 Nov` for older days.

    The year is added when it is not today's year; a future day reads
    `tomorrow` or `on <day>`.
    """
    ago = (today - day).days
    if ago == 0:
        return "today"
    if ago == 1:
        return "yesterday"
    if ago == -1:
        return "tomorrow"
    if 1 < ago < 7:
        return f"{ago} days ago"
    return "on " + format_day(day, with_year=day.year != today.year)
