"""The app's messages: one line at the foot of the screen on view, never a stack of toasts.

A part of `SmallWinsApp` (tui/app.py), kept apart so that file keeps its
size.  Every message, the app's own and Textual's, goes through `notify`
here; a key clears the line before it acts, so what it says replaces the
message before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import App
from textual.notifications import SeverityLevel

if TYPE_CHECKING:
    from smallwins.tui.screens.base import MainScreen

SAID_KEPT = 50
"""How many of the latest messages the app remembers."""


class Messages(App[Any]):
    """`notify`, the messages waiting for a screen, and a key clearing the line."""

    if TYPE_CHECKING:
        said: list[str]
        _pending: list[tuple[str, SeverityLevel, float]]

        def main_screen(self) -> MainScreen | None: ...

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every message goes to the message line of the screen on view, in place of
        the one before: no stack of toasts over the list (Textual's own messages too)."""
        text = Text.from_markup(message).plain if markup else message
        if title:
            text = f"{title}: {text}"
        if timeout is None:
            timeout = 6.0 if severity == "information" else 12.0
        self.said = [*self.said[-(SAID_KEPT - 1):], text]
        screen = self.main_screen()
        if screen is None or not screen.is_mounted:
            self._pending.append((text, severity, timeout))
            return
        screen.say(text, severity, timeout)

    def say_pending(self, screen: MainScreen) -> None:
        """Messages that came before any screen could show them (e.g. theme warnings)."""
        pending, self._pending = self._pending, []
        for text, severity, timeout in pending:
            screen.say(text, severity, timeout)

    async def on_event(self, event: events.Event) -> None:
        # A key clears the message before it acts: what it says replaces the message.
        if isinstance(event, events.Key):
            screen = self.main_screen()
            if screen is not None and screen.is_mounted:
                screen.clear_message()
        await super().on_event(event)
