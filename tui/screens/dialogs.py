"""Yes/no questions asked before a change that deserves a moment's thought."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from smallwins.core.actions import CONFIRM
from smallwins.core.model import format_num
from smallwins.core.rules import LadderState, add, rung_text
from smallwins.core.words import count
from smallwins.tui.keys import bindings, key_of


class ConfirmDialog(ModalScreen[bool]):
    """A question with `y` for yes and `n` or escape for no.

    Enter answers nothing: a climb or an archive should be a deliberate `y`.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(CONFIRM)

    def __init__(self, title: str, body: str, yes: str, no: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.body = body
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.body, classes="dialog-body", markup=False)
            yes, no = key_of(self.app, "yes"), key_of(self.app, "no")
            yield Static(f"{yes}  {self.yes}     {no}  {self.no}", classes="dialog-keys",
                         markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ConfirmClimb(ConfirmDialog):
    """Principle 4: scale up only when the current rung feels automatic."""

    def __init__(self, state: LadderState) -> None:
        ladder = state.ladder
        higher = rung_text(ladder, add(state.target, ladder.step))
        super().__init__(
            "Ready to climb?",
            f"{state.hold_progress}/{ladder.hold} won days at {state.rung}.\n"
            f"Does it feel automatic, something you do without thinking?\n"
            f"If so, the next rung is {higher} (+{format_num(ladder.step)}).",
            yes="it's automatic, climb",
            no="not yet, keep this rung",
        )


class ConfirmArchive(ConfirmDialog):
    """Archiving takes a ladder off the screens; its votes stay counted."""

    def __init__(self, state: LadderState, show_key: str, unarchive_key: str) -> None:
        super().__init__(
            "Archive this ladder?",
            f"{state.rung}\n{state.ladder.identity}\n\n"
            f"It leaves the screens; its {count(state.votes, 'vote')} still count for the "
            f"identity, and its history is kept. To bring it back, any time: {show_key} on the "
            f"Ladders screen shows archived ladders, {unarchive_key} unarchives the selected "
            f"one (or `smallwins unarchive {state.id}`).",
            yes="archive",
            no="keep it",
        )
