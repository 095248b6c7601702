"""Heatmap: one ladder's year (intensity = rung) or all ladders' (share of wins),
with a day cursor to backfill a forgotten win or clear a wrong one.

`v` cycles through the ladders one by one and then all of them together.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from smallwins.core.actions import HEATMAP
from smallwins.core.dates import format_day
from smallwins.core.heatmap import heatmap_all, heatmap_one, weeks_window
from smallwins.core.model import Rest, Win, format_num
from smallwins.core.notes import one_line
from smallwins.core.rules import LadderState, is_scheduled, rung_text
from smallwins.core.words import count
from smallwins.tui.fit import fit_parts
from smallwins.tui.keys import bindings, needing_a_ladder
from smallwins.tui.screens.base import MainScreen
from smallwins.tui.snapshot import Snapshot
from smallwins.tui.widgets.heatmap import MARKER_GLYPHS, YEAR_WEEKS, HeatmapWidget
from smallwins.tui.widgets.ladder_list import DONE, OFF, REST, TODO
from smallwins.tui.widgets.lines import TextLine

SHORT = 20
"""Below this height the heatmap screen drops its blank lines."""

ALL = "*all*"
"""The view of every ladder together."""


class HeatmapScreen(MainScreen):
    """The heatmap of the selected ladder or of all, with its streaks and votes."""

    MODE = "heatmap"
    BINDINGS: ClassVar[list[BindingType]] = bindings(HEATMAP)
    _NEED_LADDER = needing_a_ladder(HEATMAP)

    def __init__(self) -> None:
        super().__init__()
        self.view: str | None = None
        self._range: tuple[date, date] | None = None
        self._followed: tuple[date, Snapshot] | None = None
        """The cursor's day and the data its words were last shown for (`_follow_cursor`)."""

    def compose_body(self) -> Iterator[Widget]:
        with VerticalScroll(id="heat-body", can_focus=False):
            yield TextLine(id="heat-title")
            yield TextLine(id="heat-day")
            today = self.smallwins.store.today
            yield HeatmapWidget(today, week_starts_on=self.smallwins.config.week_starts_on,
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
        heatmap = self.query_one(HeatmapWidget)
        if heatmap.today != snapshot.today:
            heatmap.today = snapshot.today
            changed = None
        if changed is None or self.view == ALL or self.view in changed:
            self._fill(snapshot)
        self._describe(snapshot)

    def _fill(self, snapshot: Snapshot) -> None:
        """Compute the cells for the window on view, with room for a wider terminal."""
        heatmap = self.query_one(HeatmapWidget)
        # A year more than is on view: room to grow taller or move a little unrecomputed.
        shown, _ = heatmap.window
        weeks = (heatmap.end - shown).days // 7 + 1 + YEAR_WEEKS
        first, last = weeks_window(heatmap.end, weeks, heatmap.week_starts_on)
        self._range = (first, last)
        state = self._state(snapshot)
        heatmap.share = heatmap.markers_on_cursor_row = state is None
        if state is not None:
            heatmap.earliest = state.ladder.start_day
            heatmap.days = heatmap_one(state, first, last)
        else:
            states = list(snapshot.states.values())
            heatmap.earliest = min((s.ladder.start_day for s in states), default=None)
            heatmap.days = heatmap_all(states, first, last)

    def _describe(self, snapshot: Snapshot) -> None:
        """The line about the ladder (or all) and the line about the cursor's day."""
        heatmap = self.query_one(HeatmapWidget)
        state = self._state(snapshot)
        states = list(snapshot.states.values())
        if state is not None:
            parts = [state.rung, f"streak {state.streak}",
                     count(state.votes, "vote"),
                     f"identity {format_num(snapshot.identity_total(state))}",
                     f"longest {state.longest_streak}"]
        else:
            votes = sum(s.votes for s in states)
            best = max(states, key=lambda s: s.longest_streak)
            parts = [f"All {count(len(states), 'ladder')}", count(votes, "vote"),
                     f"longest streak {best.longest_streak} ({best.ladder.action})"]
        self.query_one("#heat-title", TextLine).update(fit_parts(parts, self._line_width()))
        self._show_day_words(heatmap.cursor, snapshot)

    def _line_width(self) -> int:
        """Columns of the title and day lines (the body's padding taken off)."""
        return max(1, self.size.width - 2)

    def _show_day_words(self, day: date, snapshot: Snapshot) -> None:
        words = fit_parts(self._day_words(day, snapshot).split(" · "), self._line_width())
        self.query_one("#heat-day", TextLine).update(words)

    def _day_words(self, day: date, snapshot: Snapshot) -> str:
        key = self.smallwins.key_display
        when = format_day(day, with_year=day.year != snapshot.today.year)
        state = self._state(snapshot)
        if state is None:
            states = list(snapshot.states.values())
            due = [s for s in states if is_scheduled(s.ladder, day)]
            won = sum(1 for s in states if isinstance(s.ladder.marks.get(day), Win))
            changes = [f"{MARKER_GLYPHS[lv.reason]} {s.ladder.action}" for s in states
                       for lv in s.levels if lv.day == day and lv.reason in MARKER_GLYPHS]
            news = f" · {', '.join(changes)}" if changes else ""
            return (f"{when}: {won} won of {len(due)} scheduled{news} · "
                    f"{key('view')}: one ladder to backfill")
        ladder = state.ladder
        mark = ladder.marks.get(day)
        toggle = key("toggle")
        if day < ladder.start_day:
            return f"{when}: before this ladder started"
        if isinstance(mark, Win):
            words = f"{when}: {DONE} won, {rung_text(ladder, mark.target)}"
            if mark.note:
                return f"{words} · “{one_line(mark.note)}”"
            return f"{words} · {toggle} clears · {key('note')} adds a note"
        if isinstance(mark, Rest):
            if mark.note:
                return f"{when}: {REST} rest day · “{one_line(mark.note)}”"
            return f"{when}: {REST} rest day · {key('rest')} takes it back"
        if not is_scheduled(ladder, day):
            return f"{when}: {OFF} not scheduled · {toggle}: a bonus vote"
        if day == snapshot.today:
            return f"{when}: {TODO} not yet · {toggle} checks it off"
        return f"{when}: {TODO} missed · {toggle} backfills it"

    # --------------------------------------------------------------- events

    def on_heatmap_widget_cursor_moved(self, message: HeatmapWidget.CursorMoved) -> None:
        self._follow_cursor(message.day)

    def _follow_cursor(self, day: date) -> None:
        """Show the cursor's day: its words, and the days around it when the window moved
        past what was filled.  Done at once for a key (`action_move`), so the words come
        in the same repaint as the cursor; the widget's message for the same day and the
        same data then has nothing left to do."""
        snapshot = self.smallwins.store.snapshot
        if not snapshot.states or self._followed == (day, snapshot):
            return
        self._followed = (day, snapshot)
        first, last = self.query_one(HeatmapWidget).window
        if self._range is None or first < self._range[0] or last > self._range[1]:
            self._fill(snapshot)
        self._show_day_words(day, snapshot)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")
        if self.smallwins.store.snapshot.states:
            self.call_after_refresh(self._fill, self.smallwins.store.snapshot)
            self.call_after_refresh(self._describe, self.smallwins.store.snapshot)
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

    def action_move(self, days: int) -> None:
        """Move the day cursor (the heatmap keeps focus, its keys are the screen's)."""
        heatmap = self.query_one(HeatmapWidget)
        heatmap.move(days)
        self._follow_cursor(heatmap.cursor)  # now, not when the widget's message comes

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._NEED_LADDER:
            return bool(self.smallwins.store.states)
        return True

    def follow_selection(self, ladder_id: str | None) -> None:
        snapshot = self.smallwins.store.snapshot
        if self.view != ALL and ladder_id in snapshot.states and ladder_id != self.view:
            self.view = ladder_id
            self._fill(snapshot)
            self._describe(snapshot)

    def selection(self) -> tuple[str | None, date]:
        heatmap = self.query_one(HeatmapWidget)
        view = None if self.view in (None, ALL) else self.view
        return view, heatmap.cursor

    def why_no_ladder(self) -> str | None:
        if self.smallwins.store.states and self.view in (None, ALL):
            key = self.smallwins.key_display("view")
            return f"all ladders are on view: press {key} for one ladder to mark a day"
        return None

