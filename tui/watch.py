"""Watching the data file and the wall clock, without waking an idle app for nothing.

A stat of the data file every few seconds reads it (in a thread) only when
another process wrote; a look at the wall clock every half minute, and a
one-shot timer aimed just past the next day boundary, move the app to a new
day.  Monotonic timers stand still while the machine sleeps and the wall
clock can jump (DST, NTP, a clock set by hand): the half-minute look is what
makes the switch certain, the timer what makes it prompt.  Neither repaints
when nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from textual import work
from textual.app import App
from textual.timer import Timer

from smallwins.core.errors import DataError
from smallwins.core.ledger import Loaded
from smallwins.core.storage import Signature
from smallwins.tui.store import Store

POLL_SECONDS = 3.0
"""How often the data file is checked for another process's writes."""
ROLLOVER_SECONDS = 30.0
"""How often the wall clock is asked whether the user's day has changed."""
NEXT_DAY_MARGIN = 1.0
"""Seconds past the day boundary at which the one-shot timer fires, so it lands after it."""


class Watching(App[Any]):
    """The file and clock watch of the app; `start_watching` from `on_mount`."""

    store: Store
    _until_next_day: Callable[[], float | None] | None
    _next_day_timer: Timer | None = None
    _bad_signature: Signature | None | Literal[False] = False

    def start_watching(self, poll_seconds: float, rollover_seconds: float) -> None:
        self.set_interval(poll_seconds, self._poll, name="data-poll")
        self.set_interval(rollover_seconds, self._check_rollover, name="rollover")
        # The day may have changed since the store was loaded, before the app started.
        if not self._check_rollover():
            self._aim_at_next_day()

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
