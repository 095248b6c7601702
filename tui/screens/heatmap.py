"""Heatmap: one ladder's year (intensity = rung) or all ladders' (share of wins),
with a day cursor to backfill a forgotten win or clear a wrong one.

`v` cycles through the ladders one by one and then all of them together.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from datetime import date, timedelta
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from smallwins.core.dates import format_day
from smallwins.core.heatmap import heatmap_all, heatmap_one, weeks_window
from smallwins.core.model import Rest, Win, format_num
from smallwins.core.rules import LadderState, is_scheduled, rung_text
from smallwins.tui.screens.base import MainScreen
from smallwins.tui.store import Snapshot
from smallwins.tui.widgets.heatmap import HeatmapWidget
from smallwins.tui.widgets.ladder_list import DONE, OFF, REST, TODO

SHORT = 20
"""Below this height the heatmap screen drops its blank lines."""

ALL = "*all*"
"""The view of every ladder together."""


class LadderHeatmap(HeatmapWidget, inherit_bindings=False):
    """The heatmap with this app's keys: ids from config.toml and a short footer.

    Its actions only use the widget's public cursor and messages.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_cursor_day", "Done", id="toggle"),
        Binding("k", "step(-1)", "Day before", id="up", show=False),
        Binding("up", "step(-1)", "Day before", show=False),
        Binding("j", "step(1)", "Day after", id="down", show=False),
        Binding("down", "step(1)", "Day after", show=False),
        Binding("h,left", "step(-7)", "Week before", show=False),
        Binding("l,right", "step(7)", "Week after", show=False),
        # One footer entry for both year keys; after a remap each shows its own key.
        Binding("left_square_bracket", "step(-364)", "Year", id="prev_year", key_display="[ ]"),
        Binding("right_square_bracket", "step(364)", "Year on", id="next_year", show=False),
    ]

    def action_step(self, days: int) -> None:
        """Move the cursor by `days` (a year is 52 weeks: the weekday row stays)."""
        with suppress(OverflowError):  # the first or last day a date can be
            self.cursor = self.cursor + timedelta(days=days)

    def action_toggle_cursor_day(self) -> None:
        """Ask for the cursor day's win to be toggled; the screen asks the store."""
        self.post_message(self.DayToggled(self, self.cursor))


class HeatmapScreen(MainScreen):
    """The heatmap of the selected ladder or of all, with its streaks and votes."""

    MODE = "heatmap"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "cycle_view", "View", id="heatmap.view"),
        Binding("r", "rest", "Rest", id="rest"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: str | None = None
        self._range: tuple[date, date] | None = None

    def compose_body(self) -> Iterator[Widget]:
        with VerticalScroll(id="heat-body", can_focus=False):
            yield Static(id="heat-title", markup=False)
            yield Static(id="heat-day", markup=False)
            today = self.smallwins.store.today
            yield LadderHeatmap(today, week_starts_on=self.smallwins.config.week_starts_on,
                                id="heatmap")
        yield Static(id="heat-empty", markup=False)

    # -------------------------------------------------------------- drawing

    def _state(self, snapshot: Snapshot) -> LadderState | None:
        return None if self.view in (None, ALL) else snapshot.states.get(self.view or "")

    def draw(self, snapshot: Snapshot, changed: frozenset[str] | None) -> None:
        states = snapshot.states
        self.set_class(not states, "-empty")
        if not states:
            self.query_one("#heat-empty", Static).update(
                f"No ladders yet: press {self.smallwins.key_display('new')} to start one."
            )
            return
        if self.view != ALL and self.view not in states:
            selected = self.smallwins.selected_id
            self.view = selected if selected in states else next(iter(states))
        heatmap = self.query_one(LadderHeatmap)
        if heatmap.today != snapshot.today:
            heatmap.today = snapshot.today
            changed = None
        if changed is None or self.view == ALL or self.view in changed:
            self._fill(snapshot)
        self._describe(snapshot)

    def _fill(self, snapshot: Snapshot) -> None:
        """Compute the cells for the window on view, with room for a wider terminal."""
        heatmap = self.query_one(LadderHeatmap)
        weeks = max(heatmap.weeks, self.app.size.width // 2 + 1)
        first, last = weeks_window(heatmap.end, weeks, heatmap.week_starts_on)
        self._range = (first, last)
        state = self._state(snapshot)
        if state is not None:
            heatmap.earliest = state.ladder.start_day
            heatmap.days = heatmap_one(state, first, last)
        else:
            states = list(snapshot.states.values())
            heatmap.earliest = min((s.ladder.start_day for s in states), default=None)
            heatmap.days = heatmap_all(states, first, last)

    def _describe(self, snapshot: Snapshot) -> None:
        """The line about the ladder (or all) and the line about the cursor's day."""
        heatmap = self.query_one(LadderHeatmap)
        state = self._state(snapshot)
        states = list(snapshot.states.values())
        if state is not None:
            title = (f"{state.rung} · streak {state.streak} · longest {state.longest_streak}"
                     f" · {format_num(state.votes)} votes"
                     f" (identity {format_num(snapshot.identity_total(state))})")
        else:
            votes = sum(s.votes for s in states)
            best = max(states, key=lambda s: s.longest_streak)
            title = (f"All {len(states)} ladders · {format_num(votes)} votes"
                     f" · longest streak {best.longest_streak} ({best.ladder.action})")
        self.query_one("#heat-title", Static).update(title)
        self.query_one("#heat-day", Static).update(self._day_words(heatmap.cursor, snapshot))

    def _day_words(self, day: date, snapshot: Snapshot) -> str:
        when = format_day(day, with_year=day.year != snapshot.today.year)
        state = self._state(snapshot)
        if state is None:
            states = list(snapshot.states.values())
            due = [s for s in states if is_scheduled(s.ladder, day)]
            won = sum(1 for s in states if isinstance(s.ladder.marks.get(day), Win))
            return f"{when}: {won} won of {len(due)} scheduled · v: one ladder to backfill"
        ladder = state.ladder
        mark = ladder.marks.get(day)
        if day < ladder.start_day:
            return f"{when}: before this ladder started"
        if isinstance(mark, Win):
            return f"{when}: {DONE} won, {rung_text(ladder, mark.target)} · space clears"
        if isinstance(mark, Rest):
            return f"{when}: {REST} rest day · r takes it back"
        if not is_scheduled(ladder, day):
            return f"{when}: {OFF} not scheduled · space: a bonus vote"
        if day == snapshot.today:
            return f"{when}: {TODO} not yet · space checks it off"
        return f"{when}: {TODO} missed · space backfills it"

    # --------------------------------------------------------------- events

    def on_heatmap_widget_cursor_moved(self, message: HeatmapWidget.CursorMoved) -> None:
        snapshot = self.smallwins.store.snapshot
        if not snapshot.states:
            return
        first, last = self.query_one(LadderHeatmap).window
        if self._range is None or first < self._range[0] or last > self._range[1]:
            self._fill(snapshot)
        self.query_one("#heat-day", Static).update(self._day_words(message.day, snapshot))

    def on_heatmap_widget_day_toggled(self, message: HeatmapWidget.DayToggled) -> None:
        if not self.smallwins.store.states:
            return
        if self.view in (None, ALL):
            self.notify("All ladders are on view: press v for one ladder to check off a day",
                        severity="warning", markup=False)
            return
        self.smallwins.report(self.smallwins.store.toggle_win(self.view, message.day))

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")
        if self.smallwins.store.snapshot.states:
            self.call_after_refresh(self._fill, self.smallwins.store.snapshot)
        # On a short terminal the legend goes below the fold, never the day's words.
        self.call_after_refresh(self._to_top)

    def _to_top(self) -> None:
        self.query_one("#heat-body", VerticalScroll).scroll_home(animate=False)

    # -------------------------------------------------------------- actions

    def action_cycle_view(self) -> None:
        """One ladder after another, then all of them, then the first again."""
        order = [*self.smallwins.store.snapshot.states, ALL]
        current = order.index(self.view) if self.view in order else -1
        self.view = order[(current + 1) % len(order)]
        if self.view != ALL:
            self.smallwins.selected_id = self.view
        self._fill(self.smallwins.store.snapshot)
        self._describe(self.smallwins.store.snapshot)

    def action_rest(self) -> None:
        if not self.smallwins.store.states:
            return
        if self.view in (None, ALL):
            self.notify("Pick one ladder with v to mark a rest day", severity="warning",
                        markup=False)
            return
        day = self.query_one(LadderHeatmap).cursor
        self.smallwins.report(self.smallwins.store.rest(self.view, day))

    def follow_selection(self, ladder_id: str | None) -> None:
        snapshot = self.smallwins.store.snapshot
        if self.view != ALL and ladder_id in snapshot.states and ladder_id != self.view:
            self.view = ladder_id
            self._fill(snapshot)
            self._describe(snapshot)

    def selection(self) -> tuple[str | None, date]:
        heatmap = self.query_one(LadderHeatmap)
        view = None if self.view in (None, ALL) else self.view
        return view, heatmap.cursor

