"""The app's intents for archiving: archive after asking, show the archived, bring one back.

A part of `SmallWinsApp` (tui/app.py), kept apart so that file keeps its
size; the keys come from the table of actions like every other (`archive`,
`show_archived`, `unarchive`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from smallwins.tui.screens.base import MainScreen
    from smallwins.tui.snapshot import Outcome
    from smallwins.tui.store import Store


class ArchiveActions(App[Any]):
    """`action_archive`, `action_show_archived` and `action_unarchive`, mixed into
    SmallWinsApp."""

    if TYPE_CHECKING:
        store: Store

        def _target(self) -> tuple[str, date] | None: ...
        def key_display(self, action_id: str) -> str: ...
        def report(self, outcome: Outcome) -> None: ...
        def main_screen(self) -> MainScreen | None: ...

    def action_archive(self) -> None:
        """Archive the selected ladder, after asking."""
        target = self._target()
        if not target:
            return
        ladder_id = target[0]

        def answered(yes: bool | None) -> None:
            if yes:
                self.report(self.store.archive(ladder_id))

        from smallwins.tui.screens.dialogs import ConfirmArchive

        self.push_screen(ConfirmArchive(self.store.states[ladder_id],
                                        self.key_display("show_archived"),
                                        self.key_display("unarchive")), answered)

    def action_show_archived(self) -> None:
        """The Ladders screen with its archived ladders shown too (or hidden again)."""
        if self.current_mode != "ladders":
            self.switch_mode("ladders")
            self.call_after_refresh(self._toggle_archived)
        else:
            self._toggle_archived()

    def _toggle_archived(self) -> None:
        from smallwins.tui.screens.ladders import LaddersScreen

        screen = self.main_screen()
        if isinstance(screen, LaddersScreen):
            shown = screen.toggle_archived()
            if shown and not self.store.loaded.archived():
                self.notify("no archived ladders: archiving one keeps it here, its votes "
                            "counted", markup=False)

    def action_unarchive(self) -> None:
        """Bring back the archived ladder selected on the Ladders screen."""
        screen = self.main_screen()
        ladder_id = screen.archived_selected() if screen is not None else None
        if ladder_id is None:
            self.notify(f"select an archived ladder first: {self.key_display('show_archived')}"
                        " on the Ladders screen shows them", severity="warning", markup=False)
            return
        self.report(self.store.archive(ladder_id, archived=False))
