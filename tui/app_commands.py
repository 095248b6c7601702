"""What the app offers now: its keys as bound, which actions apply, the command palette.

A part of `SmallWinsApp` (tui/app.py), kept apart so that file keeps its
size.  Everything here is read from the table of actions (core/actions.py)
and the keys remapped by the config.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from smallwins.core.actions import DEFAULT_KEYS, NO_KEY
from smallwins.tui.keys import help_rows, method_of, needing_a_ladder, palette_rows

if TYPE_CHECKING:
    from smallwins.tui.screens.base import MainScreen
    from smallwins.tui.store import Store

MODES_IN_ORDER = (("today", "Today"), ("ladders", "Ladders"), ("heatmap", "Heatmap"),
                  ("review", "Review"))


class Commands(App[Any]):
    """Keys, help rows, the actions that apply now and the palette, mixed into SmallWinsApp."""

    _NEED_LADDER = needing_a_ladder()

    if TYPE_CHECKING:
        store: Store
        _keys: dict[str, str]
        file_themes: list[str]

        def main_screen(self) -> MainScreen | None: ...

    def key_display(self, action_id: str) -> str:
        """The key bound to `action_id` now, as people write it (`?`, `^p`, `space`).

        An action left without a key (its default given to another in [keys]) is
        reached through the command palette: its key is the palette's, so "press
        ^p to start one" still reads and still leads there.
        """
        keys = self._keys.get(action_id) or DEFAULT_KEYS.get(action_id) or action_id
        if keys == NO_KEY:
            return "" if action_id == "palette" else self.key_display("palette")
        return " ".join(self.get_key_display(Binding(key.strip(), "")) for key in
                        keys.split(","))

    def tabs(self) -> list[tuple[str, str, str]]:
        """The screens with their keys, for the top bar."""
        return [(mode, self.key_display(mode), label) for mode, label in MODES_IN_ORDER]

    def help_rows(self) -> list[tuple[str, str, str]]:
        return help_rows(self.key_display)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("archive", "unarchive"):
            # One of the two, by the ladder selected on the Ladders screen.
            screen = self.main_screen()
            archived = screen is not None and screen.archived_selected() is not None
            return archived if action == "unarchive" else (not archived
                                                           and bool(self.store.states))
        if action in self._NEED_LADDER:
            return bool(self.store.states)
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for row in palette_rows():
            if not row.run.startswith("app.") or self.check_action(method_of(row.run),
                                                                   ()) is False:
                continue  # not offered where it would do nothing (unarchive, no ladders)
            words = f"{row.help} ({self.key_display(row.id)})"
            yield SystemCommand(row.palette, words,
                                lambda run=row.run: self.run_action(run))
        for name in self.file_themes:
            yield SystemCommand(f"Theme: {name}", "use this theme and remember it",
                                lambda name=name: self._set_theme(name))
        # Textual's own "Theme" command would be a second theme menu.
        yield from (command for command in super().get_system_commands(screen)
                    if command.title != "Theme")

    def _set_theme(self, name: str) -> None:
        self.theme = name
