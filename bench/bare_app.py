"""The reference every terminal budget is measured against: a bare Textual app.

A Header, one Static text and a Footer, with `q` to quit like smallwins and
`space` flipping one glyph, so a key-to-repaint and the bytes one small
repaint sends have a floor to compare with.  It reads no data and runs no
timers: whatever smallwins costs above this is smallwins' own.

Run: python bench/bare_app.py (it takes no arguments).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

TEXT = "bare Textual app"
"""The words the benchmark waits for on the first frame."""
GLYPHS = ("○", "✔")
"""What `space` flips between: the same glyphs smallwins uses for a check-off."""


class BareApp(App[None]):
    """The least a Textual app can be and still look like an app."""

    TITLE = "bare"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "flip", "Flip"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._text(), id="text")
        yield Footer()

    def _text(self) -> str:
        return f"{GLYPHS[self.done]} {TEXT}"

    def action_flip(self) -> None:
        self.done = not self.done
        self.query_one("#text", Static).update(self._text())


if __name__ == "__main__":
    BareApp().run()
