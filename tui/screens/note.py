"""A one-line note on a marked day: the evidence a win is ("walked to the station
instead of the bus"), or the reason for a rest day.

The dialog only edits text; the store saves it (an undoable change of the
day's mark) and says what was wrong, if anything, without closing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from smallwins.core.actions import FORM
from smallwins.tui.keys import bindings, key_of
from smallwins.tui.snapshot import Outcome

NOTE_LENGTH = 500
"""The most a note typed in the app holds: a line of evidence, not a diary page."""


class NoteDialog(ModalScreen[str | None]):
    """Write or edit the note; enter saves, escape leaves it as it was, blank removes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(FORM)

    def __init__(self, title: str, about: str, text: str,
                 save: Callable[[str], Outcome]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.about = about
        self.text = text
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.about, classes="dialog-body", markup=False)
            box = Input(value=self.text, placeholder="what happened: the evidence of this vote",
                        id="note-text", compact=True, select_on_focus=False,
                        max_length=NOTE_LENGTH)
            box.cursor_blink = False
            yield box
            yield Static("", id="note-error", markup=False)
            cancel = key_of(self.app, "cancel")
            yield Static(f"enter save · {cancel} cancel · empty removes the note",
                         classes="dialog-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one("#note-error", Static).display = False

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        outcome = self.save(self.query_one("#note-text", Input).value)
        if not outcome.ok:
            error = self.query_one("#note-error", Static)
            error.update(f"✗ {outcome.message}")
            error.display = True
            return
        if outcome.message:
            self.notify(outcome.message, severity=outcome.severity, markup=False)
        self.dismiss(outcome.ladder_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
