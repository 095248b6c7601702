"""A floor for the memory of smallwins' design: a plain Textual app with three screens.

Like smallwins it has three screens (Textual modes, `1` `2` `3`), each a top
line, a list of rows that `j` and `k` move through and `space` marks, and a
line of keys; but each row is a plain `Static` of text, and it reads no data.
What smallwins holds above this is its own code, its widgets' content and its
data, not the three screens Textual keeps for it.  `make profile` runs it
through the same keys as smallwins and the bare app (bench/phases.py `against`);
it is no budget's reference.

Run: python bench/three_screens.py (it takes no arguments).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

ROWS = 20
"""Rows on each screen: the ladders of the typical data set."""
MODES = ("one", "two", "three")


class ListScreen(Screen[None]):
    """A top line, `ROWS` rows of text with one selected, and a line of keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Down"),
        Binding("k", "move(-1)", "Up"),
        Binding("space", "mark", "Mark"),
    ]
    DEFAULT_CSS = """
    ListScreen .row { height: 1; }
    ListScreen .-selected { background: $accent; }
    """

    def __init__(self, mode: str) -> None:
        super().__init__(name=mode)
        self.selected = 0
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(f"three screens: {self.name}", id="top")
        with VerticalScroll():
            for row in range(ROWS):
                yield Static(self._text(row), classes="row", id=f"row-{row}")
        yield Static("1 2 3 screens · j k move · space mark · q quit", id="keys")

    def on_mount(self) -> None:
        self._row(0).add_class("-selected")

    def _row(self, row: int) -> Static:
        return self.query_one(f"#row-{row}", Static)

    def _text(self, row: int) -> str:
        glyph = "✔" if row in self.marked else "○"
        return f"{glyph} row {row + 1:2d}  one small win a day   streak {row * 7:3d}"

    def action_move(self, by: int) -> None:
        self._row(self.selected).remove_class("-selected")
        self.selected = (self.selected + by) % ROWS
        self._row(self.selected).add_class("-selected")

    def action_mark(self) -> None:
        self.marked ^= {self.selected}
        self._row(self.selected).update(self._text(self.selected))


class ThreeScreensApp(App[None]):
    """Three `ListScreen`s, one per mode."""

    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        mode: partial(ListScreen, mode) for mode in MODES}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(key), f"app.switch_mode('{mode}')", mode.title())
          for key, mode in enumerate(MODES, 1)),
        Binding("q", "quit", "Quit"),
    ]

    def on_mount(self) -> None:
        self.switch_mode(MODES[0])


if __name__ == "__main__":
    ThreeScreensApp().run()
