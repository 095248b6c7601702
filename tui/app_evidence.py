"""The app's intents for the evidence: a note on the selected day, a pause.

A part of `SmallWinsApp` (tui/app.py), kept apart so that file keeps its
size; the keys come from the table of actions like every other (`note`,
`pause`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import App

from smallwins.core.dates import format_day
from smallwins.core.model import Win
from smallwins.core.rules import rung_text
from smallwins.tui.snapshot import Outcome

if TYPE_CHECKING:
    from smallwins.tui.store import Store


class EvidenceActions(App[Any]):
    """`action_note` and `action_pause`, mixed into SmallWinsApp."""

    if TYPE_CHECKING:
        store: Store

        def _target(self) -> tuple[str, date] | None: ...
        def key_display(self, action_id: str) -> str: ...
        def _form_closed(self, ladder_id: str | None) -> None: ...

    def action_note(self) -> None:
        """Write or edit the note of the selected ladder's selected day."""
        target = self._target()
        if not target:
            return
        ladder_id, day = target
        ladder = self.store.ladders[ladder_id]
        mark = ladder.marks.get(day)
        when = format_day(day, with_year=day.year != self.store.today.year)
        if mark is None:
            self.notify(f"{when} is not marked on {ladder_id}: a note is the evidence of a "
                        f"win or the reason for a rest day. Check it off "
                        f"({self.key_display('toggle')}) or rest ({self.key_display('rest')}) "
                        "first", severity="warning", markup=False)
            return
        if isinstance(mark, Win):
            about = f"{when} · ✔ won, {rung_text(ladder, mark.target)}"
        else:
            about = f"{when} · – rest day of {ladder.action}"
        about += f"\n{ladder.identity}"
        verb = "Edit the note" if mark.note else "A note"

        def save(text: str) -> Outcome:
            return self.store.note(ladder_id, day, text)

        from smallwins.tui.screens.note import NoteDialog

        self.push_screen(NoteDialog(f"{verb} for {ladder_id}", about, mark.note or "", save),
                         self._form_closed)

    def action_pause(self) -> None:
        """Rest days from one day to another, for the selected ladder or every ladder."""
        target = self._target()
        if not target:
            return
        ladder = self.store.ladders[target[0]]
        active = [self.store.ladders[lid] for lid in self.store.states]

        def save(ids: Sequence[str], first: date, last: date, note: str | None) -> Outcome:
            return self.store.pause(ids, first, last, note)

        from smallwins.tui.screens.pause import PauseForm

        self.push_screen(PauseForm(ladder, active, self.store.today, save), self._form_closed)

