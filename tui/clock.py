"""The user's day as the app sees it: fixed by `--today`, else read off the wall clock.

`now` gives POSIX seconds and `tz` names the zone (None: the system's), so
tests can put the clock anywhere, DST changes included, and never wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime

from smallwins.core.dates import logical_day, next_rollover, next_wall_time
from smallwins.core.nudge import is_past
from smallwins.core.record import record


@record
class DayClock:
    """The user's day: fixed by `--today`, else read off the local wall clock.

    `now` gives POSIX seconds and `tz` names the zone (None: the system's),
    so tests can put the clock anywhere, DST changes included, and never wait.
    """

    day_starts_at: int = 0
    fixed: date | None = None
    now: Callable[[], float] = time.time
    tz: str | None = None

    def _wall(self, seconds: float) -> datetime:
        """The local wall-clock reading (naive) at POSIX time `seconds`."""
        if self.tz is None:
            return datetime.fromtimestamp(seconds)  # noqa: DTZ006 - local wall clock
        from zoneinfo import ZoneInfo

        return datetime.fromtimestamp(seconds, ZoneInfo(self.tz)).replace(tzinfo=None)

    def today(self) -> date:
        """The user's day now, asked afresh every time (a fixed day stays fixed)."""
        if self.fixed is not None:
            return self.fixed
        return logical_day(self._wall(self.now()), self.day_starts_at)

    def until_next_day(self) -> float | None:
        """Seconds until the user's day changes, or None when the day is fixed."""
        if self.fixed is not None:
            return None
        seconds = self.now()
        boundary = next_rollover(self._wall(seconds), self.day_starts_at, self.tz)
        return max(0.0, boundary.timestamp() - seconds)

    def until_wall(self, hour: int, minute: int) -> float:
        """Seconds until the local wall clock next reads hour:minute (the reminder).

        Whatever the fixed day, the time of day is the wall clock's.
        """
        seconds = self.now()
        moment = next_wall_time(self._wall(seconds), hour, minute, self.tz)
        return max(0.0, moment.timestamp() - seconds)

    def is_past(self, at: tuple[int, int]) -> bool:
        """Whether the wall clock is at or past `at` in the user's day (which runs
        from `day_starts_at` to the same hour the next morning)."""
        wall = self._wall(self.now())
        return is_past(wall.hour, wall.minute, at, self.day_starts_at)
