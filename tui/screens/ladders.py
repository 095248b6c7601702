"""Ladders: pick a ladder on the left, see all of it on the right; climb, halve,
edit, archive, and bring archived ladders back.  Below 60 columns the picker
sits above the details."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from smallwins.core.actions import LADDERS
from smallwins.core.rules import LadderState
from smallwins.tui.keys import bindings
from smallwins.tui.screens.base import MainScreen
from smallwins.tui.snapshot import Snapshot
from smallwins.tui.widgets.ladder_detail import LadderDetail
from smallwins.tui.widgets.ladder_list import LadderList, NameRow

NARROW = 60


class LaddersScreen(MainScreen):
    """Identity and votes, rung and level history, checklist, projection, schedule, hold.

    Archived ladders can be shown too (`show_archived`), after the active
    ones and marked ⊘ "archived"; one of them selected can be unarchived.
    The ladder keys keep acting on active ladders only: an archived one is
    selected here alone, never for the other screens.
    """

    MODE = "ladders"
    BINDINGS: ClassVar[list[BindingType]] = bindings(LADDERS)

    def __init__(self) -> None:
        super().__init__()
        self.showing_archived = False
        self._archived_id: str | None = None
        self._followed: str | None = None
        """The list's selection as last taken (`_follow_list`)."""

    def compose_body(self) -> Iterator[Widget]:
        with Horizontal(id="ladders-body"):
            yield LadderList(NameRow, id="ladder-list")
            with VerticalScroll(id="detail-scroll", can_focus=False):
                yield LadderDetail(id="detail")
        yield Static(f"No ladders yet: press {self.smallwins.key_display('new')} to start one.",
                     id="ladders-empty", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def _states(self, snapshot: Snapshot) -> list[LadderState]:
        states = list(snapshot.states.values())
        if self.showing_archived:
            states += self.smallwins.store.archived_states()
        return states

    def draw(self, snapshot: Snapshot, changed: frozenset[str] | None) -> None:
        states = self._states(snapshot)
        self.set_class(not states, "-empty")
        if not states:
            archived = len(self.smallwins.store.loaded.archived())
            key = self.smallwins.key_display
            words = (f"No active ladders: {key('show_archived')} shows the {archived} "
                     f"archived, {key('new')} starts a new one." if archived else
                     f"No ladders yet: press {key('new')} to start one.")
            self.query_one("#ladders-empty", Static).update(words)
        if self._archived_id is not None and not any(
                s.id == self._archived_id and s.ladder.archived for s in states):
            # Brought back (it is selected as an active ladder now) or gone.
            if self._archived_id in snapshot.states:
                self.smallwins.selected_id = self._archived_id
            self._archived_id = None
            self.app.refresh_bindings()
        select = self._archived_id or self.smallwins.selected_id
        self.query_one(LadderList).show(states, changed, select=select)
        self._show_detail(snapshot)

    def _show_detail(self, snapshot: Snapshot) -> None:
        state: LadderState | None
        if self._archived_id is not None:
            state = next((s for s in self.smallwins.store.archived_states()
                          if s.id == self._archived_id), None)
        else:
            state = snapshot.states.get(self.smallwins.selected_id or "")
        total = snapshot.identity_total(state) if state is not None else 0
        self.query_one(LadderDetail).show(state, total)

    def toggle_archived(self) -> bool:
        """Show the archived ladders too, or hide them again; True when shown."""
        self.showing_archived = not self.showing_archived
        if not self.showing_archived:
            self._archived_id = None
        self._redraw(self.smallwins.store.snapshot, None)
        self.app.refresh_bindings()
        return self.showing_archived

    def archived_selected(self) -> str | None:
        """The archived ladder selected here, if one is."""
        return self._archived_id

    def selection(self) -> tuple[str | None, date]:
        return (self._archived_id or self.smallwins.selected_id, self.smallwins.store.today)

    def why_no_ladder(self) -> str | None:
        if self._archived_id is None:
            return None
        return (f"{self._archived_id} is archived: "
                f"{self.smallwins.key_display('unarchive')} brings it back first")

    def follow_selection(self, ladder_id: str | None) -> None:
        ladders = self.query_one(LadderList)
        if ladder_id in ladders.rows:  # a new ladder is selected when its row is drawn
            ladders.move_to(ladder_id)

    def on_ladder_list_selected(self, message: LadderList.Selected) -> None:
        self._follow_list()

    def _follow_list(self) -> None:
        """Take the list's selection as the one the ladder keys act on.  The list is
        asked where it is now: its message can trail the key that moved it, and a
        key read in the same breath (keys typed fast over SSH come together) must
        act on the row it moved to."""
        ladders = self.query_one(LadderList)
        ladder_id = ladders.selected_id
        if ladder_id == self._followed:
            return
        self._followed = ladder_id
        row = ladders.rows.get(ladder_id or "")
        archived = row is not None and row.state.ladder.archived
        was = self._archived_id
        if archived:
            self._archived_id = ladder_id
        else:
            self._archived_id = None
            self.smallwins.selected_id = ladder_id
        if (was is None) != (self._archived_id is None):
            self.app.refresh_bindings()  # archive or unarchive, in the footer
        self.query_one("#detail-scroll", VerticalScroll).scroll_home(animate=False)
        self._show_detail(self.smallwins.store.snapshot)

    def action_move(self, delta: int) -> None:
        self.query_one(LadderList).move(delta)
        self._follow_list()  # now, not when the list's message comes

    def action_scroll_detail(self, lines: int) -> None:
        self.query_one("#detail-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
