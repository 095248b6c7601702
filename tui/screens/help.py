"""Every key of every screen, as bound now (after any remapping in config.toml).

The rows come from the table of actions (core/actions.py) through tui/keys.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from smallwins.core.actions import HELP
from smallwins.tui.keys import bindings, key_of

HELP_INTRO = (
    "Each win is a vote for who you are becoming. Hold a rung for its hold days, "
    "climb by the smallest step when it feels automatic, halve it when it feels hard."
)


class HelpScreen(ModalScreen[None]):
    """The key table by screen; escape, `?` or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(HELP)

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
            app = self.app
            yield Static(f"{key_of(app, 'close')} close · {key_of(app, 'down')}/"
                         f"{key_of(app, 'up')} scroll · {key_of(app, 'palette')} every "
                         "command by name", classes="dialog-keys", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
