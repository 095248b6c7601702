"""Ladders: pick a ladder on the left, see all of it on the right; climb, halve,
edit, archive.  Below 60 columns the picker sits above the details."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from smallwins.core.actions import LADDERS
from smallwins.tui.keys import bindings
from smallwins.tui.screens.base import MainScreen
from smallwins.tui.snapshot import Snapshot
from smallwins.tui.widgets.ladder_detail import LadderDetail
from smallwins.tui.widgets.ladder_list import LadderList, NameRow

NARROW = 60


class LaddersScreen(MainScreen):
    """Identity and votes, rung and level history, checklist, projection, schedule, hold."""

    MODE = "ladders"
    BINDINGS: ClassVar[list[BindingType]] = bindings(LADDERS)

    def compose_body(self) -> Iterator[Widget]:
        with Horizontal(id="ladders-body"):
            yield LadderList(NameRow, id="ladder-list")
            with VerticalScroll(id="detail-scroll", can_focus=False):
                yield LadderDetail(id="detail")
        yield Static(f"No ladders yet: press {self.smallwins.key_display('new')} to start one.",
                     id="ladders-empty", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def draw(self, snapshot: Snapshot, changed: frozenset[str] | None) -> None:
        states = list(snapshot.states.values())
        self.set_class(not states, "-empty")
        self.query_one(LadderList).show(states, changed, select=self.smallwins.selected_id)
        self._show_detail(snapshot)

    def _show_detail(self, snapshot: Snapshot) -> None:
        state = snapshot.states.get(self.smallwins.selected_id or "")
        total = snapshot.identity_total(state) if state is not None else 0
        self.query_one(LadderDetail).show(state, total)

    def follow_selection(self, ladder_id: str | None) -> None:
        ladders = self.query_one(LadderList)
        if ladder_id in ladders.rows:  # a new ladder is selected when its row is drawn
            ladders.move_to(ladder_id)

    def on_ladder_list_selected(self, message: LadderList.Selected) -> None:
        self.smallwins.selected_id = message.ladder_id
        self.query_one("#detail-scroll", VerticalScroll).scroll_home(animate=False)
        self._show_detail(self.smallwins.store.snapshot)

    def action_move(self, delta: int) -> None:
        self.query_one(LadderList).move(delta)

    def action_scroll_detail(self, lines: int) -> None:
        self.query_one("#detail-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
