"""Watching the data file and the wall clock, without waking an idle app for nothing.

A stat of the data file every few seconds reads it (in a thread) only when
another process wrote; a look at the wall clock every half minute, and a
one-shot timer aimed just past the next day boundary, move the app to a new
day.  Monotonic timers stand still while the machine sleeps and the wall
clock can jump (DST, NTP, a clock set by hand): the half-minute look is what
makes the switch certain, the timer what makes it prompt.  Neither repaints
when nothing changed.

A reminder (`remind_at` in the config) is one more one-shot timer, aimed at
that wall-clock time like the rollover and aimed again after each firing
and each new day: when it fires and wins are still due, one notice says
which, and what a miss would cost.  Nothing else wakes for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from textual import work
from textual.app import App
from textual.timer import Timer

from smallwins.core.errors import DataError
from smallwins.core.ledger import Loaded
from smallwins.core.storage import Signature
from smallwins.tui.store import Store

if TYPE_CHECKING:
    from smallwins.core.config import Config
    from smallwins.tui.clock import DayClock

POLL_SECONDS = 3.0
"""How often the data file is checked for another process's writes."""
ROLLOVER_SECONDS = 30.0
"""How often the wall clock is asked whether the user's day has changed."""
NEXT_DAY_MARGIN = 1.0
"""Seconds past the day boundary at which the one-shot timer fires, so it lands after it."""
REMINDER_SECONDS = 600.0
"""How long the reminder's notice stays: long enough to be seen on coming back."""


class Watching(App[Any]):
    """The file and clock watch of the app; `start_watching` from `on_mount`."""

    store: Store
    config: Config
    _until_next_day: Callable[[], float | None] | None
    _wall_clock: DayClock | None
    _next_day_timer: Timer | None = None
    _reminder_timer: Timer | None = None
    _reminded: date | None = None
    _bad_signature: Signature | None | Literal[False] = False

    def start_watching(self, poll_seconds: float, rollover_seconds: float) -> None:
        self.set_interval(poll_seconds, self._poll, name="data-poll")
        self.set_interval(rollover_seconds, self._check_rollover, name="rollover")
        # The day may have changed since the store was loaded, before the app started.
        if not self._check_rollover():
            self._aim_at_next_day()
            self._aim_reminder()

    def _poll(self) -> None:
        """Another process wrote? Read the file in a thread; redraw only on a change."""
        try:
            signature = self.store.check_signature()
        except DataError as exc:
            self._data_problem(None, str(exc))
            return
        if signature is False or signature == self._bad_signature:
            return
        self._reload(signature)

    @work(thread=True, exclusive=True, group="reload")
    def _reload(self, signature: Signature | None) -> None:
        try:
            found = self.store.read_changes()
        except DataError as exc:
            self.call_from_thread(self._data_problem, signature, str(exc))
            return
        self.call_from_thread(self._apply, found)

    def _apply(self, found: tuple[int, Loaded]) -> None:
        self._bad_signature = False
        self.store.apply_loaded(found)

    def _data_problem(self, signature: Signature | None, message: str) -> None:
        """Say once that the file became unusable; keep showing the last good state."""
        if signature != self._bad_signature:
            self._bad_signature = signature
            self.notify(f"the data file changed and cannot be read: {message}",
                        severity="error", timeout=30, markup=False)

    def _check_rollover(self) -> bool:
        """Has the user's day changed?  Move to it (one redraw) and aim at the next one."""
        if not self.store.set_today():
            return False
        self._aim_at_next_day()
        self._aim_reminder()
        return True

    def _aim_at_next_day(self) -> None:
        """Set a one-shot timer for just after the next day boundary (none for a fixed day)."""
        if self._next_day_timer is not None:
            self._next_day_timer.stop()
            self._next_day_timer = None
        seconds = self._until_next_day() if self._until_next_day is not None else None
        if seconds is not None:
            self._next_day_timer = self.set_timer(seconds + NEXT_DAY_MARGIN, self._on_next_day,
                                                  name="next-day")

    def _on_next_day(self) -> None:
        self._next_day_timer = None
        if not self._check_rollover():
            # Early (the wall clock was set back, or drifted from the monotonic one).
            self._aim_at_next_day()

    # ------------------------------------------------------------ reminder

    def _aim_reminder(self) -> None:
        """One one-shot timer at the next `remind_at` on the wall clock (none without one)."""
        if self._reminder_timer is not None:
            self._reminder_timer.stop()
            self._reminder_timer = None
        remind_at = self.config.remind_at
        if self._wall_clock is None or remind_at is None:
            return
        seconds = self._wall_clock.until_wall(*remind_at)
        self._reminder_timer = self.set_timer(seconds + NEXT_DAY_MARGIN, self._on_reminder,
                                              name="reminder")

    def _on_reminder(self) -> None:
        self._reminder_timer = None
        clock, remind_at = self._wall_clock, self.config.remind_at
        if clock is not None and remind_at is not None and clock.is_past(remind_at):
            self.remind()
        self._aim_reminder()  # the next one (or this one again, when it fired early)

    def remind(self) -> bool:
        """Say once a day what is still due and what a miss would cost; True if it did."""
        from smallwins.core.nudge import nudge_of

        today = self.store.today
        if self._reminded == today:
            return False
        nudge = nudge_of(self.store.states.values())
        if nudge.left == 0:
            return False
        self._reminded = today
        self.notify(nudge.line(), title="Before the day ends", severity="warning",
                    timeout=REMINDER_SECONDS, markup=False)
        return True
