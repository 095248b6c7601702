"""What the three main screens (Textual modes) share: the top bar, the message line,
the footer, redraws.

A screen redraws from the store's snapshots.  A screen that is not on view
only notes that it is out of date and redraws when it comes back, so a
check-off costs one screen's repaint, not three.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget

from smallwins.tui.screens.compositor import CellCompositor
from smallwins.tui.snapshot import Snapshot
from smallwins.tui.widgets.keybar import KeyBar
from smallwins.tui.widgets.message_line import MessageLine
from smallwins.tui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from smallwins.tui.app import SmallWinsApp


class MainScreen(Screen[None]):
    """A top bar, the screen's own body, the message line and the footer; redrawn
    from snapshots."""

    MODE: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__(id=f"{self.MODE}-screen")
        # A partial repaint sends the cells that changed, not the line up to them.
        self._compositor = CellCompositor()
        self._stale = False

    @property
    def smallwins(self) -> SmallWinsApp:
        from smallwins.tui.app import SmallWinsApp

        return cast(SmallWinsApp, self.app)

    def _compositor_refresh(self) -> None:
        """Paint what changed; nothing while the app holds repaints back.

        Textual opens the first screen while it holds repaints back at start
        (`batch_update`): it renders that frame, drops it and counts its cells
        as painted, so the first frame sent held only what changed after (the
        list) and the top bar came a repaint later.  Rendering nothing here
        keeps every cell to paint: the first frame sent is the whole screen
        (tests/tui/test_first_frame.py).  Textual is pinned exactly.
        """
        if self.app._batch_count:
            return
        super()._compositor_refresh()

    def compose(self) -> ComposeResult:
        yield TopBar(self.MODE)
        yield from self.compose_body()
        yield MessageLine()
        yield KeyBar()

    def compose_body(self) -> Iterator[Widget]:
        """The screen's own widgets, between the top bar and the footer."""
        yield from ()

    def archived_selected(self) -> str | None:
        """The archived ladder selected on this screen (only Ladders shows them)."""
        return None

    def on_mount(self) -> None:
        self.smallwins.store_changed.subscribe(self, self._on_snapshot)
        self._redraw(self.smallwins.store.snapshot, None)
        self.smallwins.say_pending(self)

    def say(self, text: str, severity: str = "information", timeout: float = 6.0) -> None:
        """Answer in the message line, in place of the message before."""
        self.query_one(MessageLine).say(text, severity, timeout)

    def clear_message(self) -> None:
        """The next key: the message goes, unless the key answers in its place."""
        self.query_one(MessageLine).clear_soon()

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        if self.is_current:
            self._redraw(snapshot, snapshot.changed)
        else:
            self._stale = True

    def on_screen_suspend(self) -> None:
        """Hidden by another main screen, let go of the lines rendered for view (Textual
        keeps each widget's, a megabyte for a screen): the screen shown reuses that
        memory, and this one renders its lines again when it is back on view."""
        shown = self.app.screen
        if shown is not self and isinstance(shown, MainScreen):  # not a dialog over it
            for widget in self.walk_children():
                widget.refresh()

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
