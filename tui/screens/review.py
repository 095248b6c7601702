"""Review: the votes of a week, a month or a year, per identity, with a picture of
each ladder's climb.  `v` changes the length of the period, `[` and `]` go
back and forth in time (never past the period holding today).

The review is worked out when the screen is on view and something changed
(a check-off elsewhere marks it out of date; it is recomputed on return).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from smallwins.core.actions import REVIEW
from smallwins.core.review import PERIODS, Period, period_of, review, shifted
from smallwins.tui.keys import bindings
from smallwins.tui.screens.base import MainScreen
from smallwins.tui.snapshot import Snapshot
from smallwins.tui.widgets.review import ReviewWidget

SHORT = 20
"""Below this height the review drops its top margin."""


class ReviewScreen(MainScreen):
    """One period's review; its keys choose the period and scroll."""

    MODE = "review"
    BINDINGS: ClassVar[list[BindingType]] = bindings(REVIEW)

    def __init__(self) -> None:
        super().__init__()
        self.kind = PERIODS[0]
        self.back = 0
        """How many periods before the one holding today."""

    def compose_body(self) -> Iterator[Widget]:
        with VerticalScroll(id="review-scroll", can_focus=False):
            yield ReviewWidget(id="review")
        yield Static(f"No ladders yet: press {self.smallwins.key_display('new')} to start one.",
                     id="review-empty", markup=False)

    def period(self) -> Period:
        """The period on view."""
        store = self.smallwins.store
        week_starts_on = self.smallwins.config.week_starts_on
        current = period_of(self.kind, store.today, store.today, week_starts_on)
        return shifted(current, -self.back, store.today, week_starts_on)

    def draw(self, snapshot: Snapshot, changed: frozenset[str] | None) -> None:
        store = self.smallwins.store
        self.set_class(not store.ladders, "-empty")
        self.query_one(ReviewWidget).show(review(store.ladders.values(), self.period(),
                                                 snapshot.today))

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")
        self.query_one(ReviewWidget).refresh(layout=True)

    def _again(self, home: bool) -> None:
        self.draw(self.smallwins.store.snapshot, None)
        if home:
            self.query_one("#review-scroll", VerticalScroll).scroll_home(animate=False)

    def action_cycle_period(self) -> None:
        """A week, a month, a year, then a week again, each holding today."""
        self.kind = PERIODS[(PERIODS.index(self.kind) + 1) % len(PERIODS)]
        self.back = 0
        self._again(home=True)

    def action_shift(self, steps: int) -> None:
        """The period before (negative) or after; never beyond the one holding today."""
        back = max(0, self.back - steps)
        if back == self.back:
            self.notify("this is the period holding today: the review looks back",
                        severity="information", markup=False)
            return
        ladders = self.smallwins.store.ladders.values()
        earliest = min((lad.start_day for lad in ladders), default=None)
        if steps < 0 and (earliest is None or self.period().first <= earliest):
            self.notify("nothing earlier: no ladder had begun before this period",
                        severity="information", markup=False)
            return
        self.back = back
        self._again(home=True)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#review-scroll", VerticalScroll).scroll_relative(y=lines,
                                                                         animate=False)
