"""The line at the top of every screen: where you are, how to get elsewhere, which day.

It shows the day, never the time: a clock would repaint every second while
the app sits idle in a tmux pane.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from smallwins.core.dates import format_day

NARROW = 56
"""Below this width the app's name is left out and the day is shortened."""


class TopBar(Widget):
    """`smallwins  1 Today  2 Ladders  3 Heatmap            Sun 29 Nov`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "topbar--name",
        "topbar--tab",
        "topbar--current",
        "topbar--key",
        "topbar--day",
    }

    DEFAULT_CSS = """
    TopBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
    }
    TopBar > .topbar--name { color: $primary; text-style: bold; }
    TopBar > .topbar--tab { color: $text-muted; }
    TopBar > .topbar--current { color: $foreground; text-style: bold reverse; }
    TopBar > .topbar--key { color: $accent; }
    TopBar > .topbar--day { color: $foreground; }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current
        self.tabs: Sequence[tuple[str, str, str]] = ()
        self.day: date | None = None

    def show(self, tabs: Sequence[tuple[str, str, str]], day: date) -> None:
        """Set the tabs as (mode, key, label) and the day; repaint only on a change."""
        tabs = tuple(tabs)
        if tabs != self.tabs or day != self.day:
            self.tabs, self.day = tabs, day
            self.refresh()

    def render(self) -> RenderableType:
        style = self.get_component_rich_style
        narrow = self.size.width < NARROW
        left = Text("" if narrow else " smallwins ", style=style("topbar--name"),
                    no_wrap=True, overflow="ellipsis")
        # When every label does not fit, the other screens show their keys alone.
        room = self.size.width - (len(left) + 8)
        full = sum(len(key) + len(label) + 2 for _, key, label in self.tabs) + 2
        for mode, key, label in self.tabs:
            left.append(" ")
            if mode == self.current:
                left.append(f" {key} {label} ", style=style("topbar--current"))
            else:
                left.append(key, style=style("topbar--key"))
                if full <= room:
                    left.append(f" {label}", style=style("topbar--tab"))
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        words = ""
        if self.day is not None:
            words = format_day(self.day)
            words = (words.split(" ", 1)[1] if narrow else words) + " "
        day = Text(words, style=style("topbar--day"))
        grid.add_row(left, day)
        return grid
