"""What the three main screens (Textual modes) share: the top bar, the footer, redraws.

A screen redraws from the store's snapshots.  A screen that is not on view
only notes that it is out of date and redraws when it comes back, so a
check-off costs one screen's repaint, not three.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from smallwins.tui.snapshot import Snapshot
from smallwins.tui.widgets.topbar import TopBar

NARROW = 60
"""Below this width the footer leaves out the command palette's key (help lists it)."""

if TYPE_CHECKING:
    from smallwins.tui.app import SmallWinsApp


class MainScreen(Screen[None]):
    """A top bar, the screen's own body and the footer; redrawn from snapshots."""

    MODE: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__(id=f"{self.MODE}-screen")
        self._stale = False

    @property
    def smallwins(self) -> SmallWinsApp:
        from smallwins.tui.app import SmallWinsApp

        return cast(SmallWinsApp, self.app)

    def compose(self) -> ComposeResult:
        yield TopBar(self.MODE)
        yield from self.compose_body()
        yield Footer(compact=True)

    def compose_body(self) -> Iterator[Widget]:
        """The screen's own widgets, between the top bar and the footer."""
        yield from ()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(Footer).show_command_palette = event.size.width >= NARROW

    def on_mount(self) -> None:
        self.smallwins.store_changed.subscribe(self, self._on_snapshot)
        self._redraw(self.smallwins.store.snapshot, None)

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        if self.is_current:
            self._redraw(snapshot, snapshot.changed)
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._redraw(self.smallwins.store.snapshot, None)
        self.follow_selection(self.smallwins.selected_id)

    def _redraw(self, snapshot: Snapshot, changed: frozenset[str] | None) -> None:
        self.query_one(TopBar).show(self.smallwins.tabs(), snapshot.today)
        self.draw(snapshot, changed)

    def draw(self, snapshot: Snapshot, changed: frozenset[str] | None) -> None:
        """Show `snapshot`; when `changed` is not None only those ladders changed."""

    def follow_selection(self, ladder_id: str | None) -> None:
        """Select the ladder selected on another screen."""

    def selection(self) -> tuple[str | None, date]:
        """The ladder and the day that the ladder keys act on here."""
        return self.smallwins.selected_id, self.smallwins.store.today

    def why_no_ladder(self) -> str | None:
        """Why the ladder keys have nothing to act on here, when the screen knows best."""
        return None
