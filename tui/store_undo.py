"""The store's undo and redo: take back the changes made in this app, or make them again.

A part of `Store` (tui/store.py), kept apart so that file keeps one job.
The records (core/undo.py) sit on the stacks of tui/history.py; each is
applied through the ledger, which checks that nothing else changed the
ladder since.  Changes made in one go (a pause of several ladders) are
undone and redone in one step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smallwins.core.errors import DataError, RuleRefused
from smallwins.tui.snapshot import Outcome

if TYPE_CHECKING:
    from smallwins.core.ledger import Changed, Ledger
    from smallwins.core.storage import Signature
    from smallwins.tui.history import History


class UndoIntents:
    """Undo and redo; mixed into Store, whose door and stacks they use."""

    if TYPE_CHECKING:
        ledger: Ledger
        history: History
        _seen: Signature | None

        def _stored(self, changed: Changed) -> None: ...
        def refresh_if_changed(self) -> bool: ...

    @property
    def undo_question(self) -> str | None:
        """The question to ask before the next undo, when it removes something made."""
        record = self.history.next_undo()
        return record.ask_first if record else None

    def undo(self) -> Outcome:
        """Take back the last change made in this app (repeatable, newest first)."""
        return self._step(undo=True)

    def redo(self) -> Outcome:
        """Make the last undone change again (repeatable, as many as were undone)."""
        return self._step(undo=False)

    def _step(self, undo: bool) -> Outcome:
        """Undo or redo one change, and with it the changes made in the same go."""
        outcome = self._step_one(undo)
        steps = 1
        while outcome.ok and self._joined():
            more = self._step_one(undo)
            if not more.ok:
                return more
            steps += 1
        if steps > 1:
            return Outcome(True, f"{outcome.message} and {steps - 1} more made with it",
                           ladder_id=outcome.ladder_id)
        return outcome

    def _joined(self) -> bool:
        """After an undo, the record just undone; after a redo, the next one to redo:
        made in one go with the one before it, so the step goes on."""
        record = self.history.next_redo()
        return record is not None and record.follows

    def _step_one(self, undo: bool) -> Outcome:
        verb = "undo" if undo else "redo"
        record = self.history.take(undo)
        if record is None:
            return Outcome(False, f"nothing to {verb}", "information")
        try:
            apply = self.ledger.undo if undo else self.ledger.redo
            changed = apply(record, since=self._seen)
        except DataError as exc:
            self.history.settle(record, undo, applied=False)  # try again later
            return Outcome(False, f"not {verb}ne: {exc}", "error")
        except RuleRefused as exc:
            self.refresh_if_changed()
            return Outcome(False, f"cannot {verb} the {record.label}: {exc}", "warning")
        self._stored(changed)
        self.history.settle(record, undo, applied=True)
        return Outcome(True, f"{verb}ne: {record.label}", ladder_id=record.ladder_id)
