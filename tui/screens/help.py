"""Every key of every screen, as bound now (after any remapping in config.toml)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP_ROWS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Everywhere", ("today", "ladders", "heatmap"), "the Today, Ladders and Heatmap screens"),
    ("Everywhere", ("new",), "new ladder"),
    ("Everywhere", ("undo",), "undo the last change; again for the one before"),
    ("Everywhere", ("help",), "this help"),
    ("Everywhere", ("palette",), "command palette: every action by name, and themes"),
    ("Everywhere", ("quit",), "quit"),
    ("Today", ("down", "up"), "select the next / previous ladder (also ↓ ↑)"),
    ("Today", ("toggle",), "check off today's win, or un-check it"),
    ("Today", ("rest",), "rest day (ill, travelling): neither win nor miss"),
    ("Today", ("climb",), "climb a rung, once the hold is complete"),
    ("Today", ("edit",), "edit the selected ladder"),
    ("Today", ("=1 2 3",), "with no ladders yet: start from one of the examples"),
    ("Ladders", ("down", "up"), "select the next / previous ladder (also ↓ ↑)"),
    ("Ladders", ("climb",), "climb: asks whether the rung feels automatic"),
    ("Ladders", ("halve",), "halve the rung: this feels hard"),
    ("Ladders", ("edit",), "edit the ladder"),
    ("Ladders", ("archive",), "archive the ladder (asks first)"),
    ("Ladders", ("=shift+↓ ↑  J K",), "scroll the details"),
    ("Heatmap", ("up", "down"), "day before / day after (also ↑ ↓)"),
    ("Heatmap", ("=h l ← →",), "week before / week after"),
    ("Heatmap", ("toggle",), "backfill the day's win, or clear it"),
    ("Heatmap", ("rest",), "make the day a rest day, or take it back"),
    ("Heatmap", ("prev_year", "next_year"), "a year back / forward"),
    ("Heatmap", ("heatmap.view",), "next ladder; after the last, all ladders"),
    ("Forms", ("=enter",), "save"),
    ("Forms", ("=tab ↓ / ↑",), "next / previous field"),
    ("Forms", ("=esc",), "cancel, nothing is stored"),
    ("Questions", ("=y / n",), "yes / no (esc: no)"),
)
"""The help page: (section, binding ids or literal keys after "=", what they do).

Binding ids are shown with the key they are bound to now, after any remapping.
"""

HELP_INTRO = (
    "Each win is a vote for who you are becoming. Hold a rung for its hold days, "
    "climb by the smallest step when it feels automatic, halve it when it feels hard."
)


class HelpScreen(ModalScreen[None]):
    """The key table by screen; escape, `?` or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
        Binding("pagedown,space", "scroll(10)", "Page", show=False),
        Binding("pageup", "scroll(-10)", "Page", show=False),
    ]

    def __init__(self, rows: Sequence[tuple[str, str, str]]) -> None:
        super().__init__(classes="dialog")
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2, 0, 0))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        section = None
        for where, key, what in self.rows:
            if where != section:
                if section is not None:
                    table.add_row("", "")
                table.add_row(Text(where, style="bold underline"), "")
                section = where
            table.add_row(key, what)
        with Vertical(id="help-box", classes="dialog-box"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll", can_focus=False):
                yield Static(HELP_INTRO, classes="help-intro", markup=False)
                yield Static(table, id="help-table")
            yield Static("esc close · j/k scroll · ctrl+p every command by name",
                         classes="dialog-keys", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
