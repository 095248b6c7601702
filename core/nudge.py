"""What smallwins says before a miss, and while a pause lasts.

The method warns about one event above all: a miss on a rung that is still
consolidating drops it back.  After the config's `remind_at` time, on a day
with scheduled wins not yet done, `status`, `remind` and the open app say
so, and name the stake ("walk: a miss today drops back to 700").  While
every due ladder rests, they say until when ("paused until Fri 12 Dec").

Everything here is a pure function of the ladders' states, today and a
wall-clock reading passed in; nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from smallwins.core.dates import format_day, minutes_into_day
from smallwins.core.limits import MAX_PAUSE_DAYS
from smallwins.core.model import Rest, format_num
from smallwins.core.record import record
from smallwins.core.rules import LadderState, is_scheduled

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

WARN = "⚠"
"""The nudge's glyph: it reads without colour."""
PAUSED = "–"
"""The rest day's glyph, as on the Today screen."""


def remind_minutes(remind_at: tuple[int, int] | None, day_starts_at: int) -> int | None:
    """How far into the user's day the reminder falls (None: no reminders)."""
    if remind_at is None:
        return None
    return minutes_into_day(remind_at[0], remind_at[1], day_starts_at)


def is_past(hour: int, minute: int, remind_at: tuple[int, int] | None,
            day_starts_at: int) -> bool:
    """Whether the wall-clock time hour:minute is at or after the reminder, in the
    user's day: with a day that starts at 4 and `remind_at` 20:00, that is from
    20:00 until 4:00 the next morning."""
    threshold = remind_minutes(remind_at, day_starts_at)
    return threshold is not None and minutes_into_day(hour, minute, day_starts_at) >= threshold


def left_today(states: Iterable[LadderState]) -> list[LadderState]:
    """The ladders due today (scheduled, not resting) and not yet won."""
    return [s for s in states if s.scheduled_today and not s.rest_today and not s.done_today]


def at_stake(left: Iterable[LadderState]) -> list[LadderState]:
    """Of the ladders left today, those a miss would drop back (a consolidating rung)."""
    return [s for s in left if s.consolidating and s.previous_target is not None]


def stake_words(state: LadderState) -> str:
    """`walk: a miss today drops back to 700`."""
    assert state.previous_target is not None
    return f"{state.ladder.action}: a miss today drops back to " \
           f"{format_num(state.previous_target)}"


@record(slots=True)
class Nudge:
    """What is left today and what a miss would cost, as plain data (the status
    cache keeps it as text)."""

    left: int
    stakes: tuple[str, ...]
    """The stake words of each consolidating ladder left, in list order."""
    rungs: tuple[str, ...] = ()
    """Today's rungs of the ladders left (`walk 750 steps`), for `remind`."""

    def head(self) -> str:
        """The status line's head after the reminder time: `⚠ 1 left`, or the stake
        when the one ladder left is consolidating."""
        if self.left == 1 and self.stakes:
            return f"{WARN} {self.stakes[0]}"
        words = f"{WARN} {self.left} left"
        if self.stakes:
            words += f" · {self.stakes[0]}"
            if len(self.stakes) > 1:
                words += f" (+{len(self.stakes) - 1} more)"
        return words

    def line(self) -> str:
        """The line `smallwins remind` prints: what is left, and every stake."""
        wins = "1 win" if self.left == 1 else f"{self.left} wins"
        words = f"{WARN} {wins} left today: {', '.join(self.rungs)}"
        return " · ".join([words, *self.stakes])

    def as_json(self) -> dict[str, Any]:
        return {"left": self.left, "stakes": list(self.stakes)}


def nudge_of(states: Iterable[LadderState]) -> Nudge:
    left = left_today(states)
    return Nudge(len(left), tuple(stake_words(s) for s in at_stake(left)),
                 tuple(s.rung for s in left))


# ------------------------------------------------------------------ pauses


def pause_end(state: LadderState) -> date | None:
    """The last day of the rest days in a row that hold today (None: today is no
    rest day).  Unscheduled days between rest days do not end a pause."""
    ladder, today = state.ladder, state.today
    if not isinstance(ladder.marks.get(today), Rest):
        return None
    end = day = today
    for _ in range(MAX_PAUSE_DAYS + 7):
        day += timedelta(days=1)
        if not is_scheduled(ladder, day):
            continue
        if not isinstance(ladder.marks.get(day), Rest):
            break
        end = day
    return end


def paused_until(states: Sequence[LadderState]) -> date | None:
    """When every ladder scheduled today rests today: the day the first of them
    comes back from its rest days, less one (None otherwise)."""
    scheduled = [s for s in states if s.scheduled_today]
    if not scheduled or not all(s.rest_today for s in scheduled):
        return None
    ends = [end for end in (pause_end(s) for s in scheduled) if end is not None]
    return min(ends) if ends else None


def pause_words(until: date, today: date) -> str:
    """`paused until Fri 12 Dec`, or `rest day` when the rest ends today."""
    if until <= today:
        return "rest day"
    return f"paused until {format_day(until, with_year=until.year != today.year)}"
