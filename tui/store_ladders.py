"""The store's intents on a whole ladder: climb, halve, archive, create, edit.

A part of `Store` (tui/store.py), kept apart so that file keeps one job.
Each goes through the same door as every change (the ledger, relative to
what the person saw), leaves an undo record, and says what it did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from smallwins.core import changes
from smallwins.core.model import Ladder
from smallwins.core.undo import archive_record, create_record, edit_record, event_record
from smallwins.core.words import count
from smallwins.tui.snapshot import Outcome

if TYPE_CHECKING:
    from smallwins.core.ledger import Changed, Ledger
    from smallwins.core.rules import LadderState
    from smallwins.core.storage import Signature
    from smallwins.core.undo import Record


class LadderIntents:
    """Rungs, archiving, new and edited ladders; mixed into Store, whose door and undo
    stacks they use."""

    if TYPE_CHECKING:
        ledger: Ledger
        today: date
        states: dict[str, LadderState]
        _seen: Signature | None

        @property
        def ladders(self) -> Mapping[str, Ladder]: ...
        def _run(self, action: Callable[[], Outcome]) -> Outcome: ...
        def _change(self, ladder_id: str, fn: Callable[[Ladder], Ladder],
                    elsewhere: Callable[[Ladder | None], str] | None = None) -> Changed: ...
        def _stored(self, changed: Changed) -> None: ...
        def _push(self, record: Record) -> None: ...
        def _saying_what_happened(
            self, ladder_id: str, elsewhere: Callable[[Ladder | None], str] | None = None
        ) -> AbstractContextManager[None]: ...

    # ------------------------------------------------- rungs and archiving

    def climb(self, ladder_id: str) -> Outcome:
        """Step up one rung; refused with the progress when the hold is not complete."""

        def go() -> Outcome:
            done = self._change(ladder_id, lambda lad: changes.climb(lad, self.today))
            assert done.before is not None and done.after is not None
            self._push(event_record(ladder_id, f"climb of {ladder_id}", done.after.events[-1],
                                    done.after))
            return Outcome(True, f"climbed to {self.states[ladder_id].rung}: hold it "
                           f"{count(done.before.hold, 'won day')} and it is yours",
                           ladder_id=ladder_id)

        return self._run(go)

    def halve(self, ladder_id: str) -> Outcome:
        """"This feels hard": cut the target in half; a halved rung never drops back."""

        def go() -> Outcome:
            done = self._change(ladder_id, lambda lad: changes.halve(lad, self.today))
            assert done.after is not None
            self._push(event_record(ladder_id, f"halving of {ladder_id}", done.after.events[-1],
                                    done.after))
            return Outcome(True, f"halved to {self.states[ladder_id].rung}: still a vote, "
                           "every time", ladder_id=ladder_id)

        return self._run(go)

    def archive(self, ladder_id: str, archived: bool = True) -> Outcome:
        """Put a ladder away (it leaves the screens, its votes still count), or bring it back."""

        def go() -> Outcome:
            seen = self.ladders.get(ladder_id)
            with self._saying_what_happened(ladder_id):
                changed = self.ledger.set_archived(ladder_id, archived, seen=seen,
                                                   since=self._seen)
            self._stored(changed)
            verb = "archiving" if archived else "unarchiving"
            self._push(archive_record(ladder_id, f"{verb} of {ladder_id}", archived))
            words = "archived" if archived else "brought back"
            return Outcome(True, f"{words} {ladder_id}; its votes still count",
                           ladder_id=ladder_id)

        return self._run(go)

    # -------------------------------------------------- new and edited ladders

    def validate(self, fields: Mapping[str, Any]) -> tuple[Ladder, list[str]]:
        """A ladder as `create(**fields)` would make it, with its warnings (R10).

        Raises BadInput with the engine's own message, so the form says exactly
        what the command line says.
        """
        return self.ledger.validate_new(fields, self.today, self.ladders)

    def create(self, **fields: Any) -> Outcome:
        """Start a new ladder today; the outcome carries the two-minute warning."""

        def go() -> Outcome:
            changed, warnings = self.ledger.create(fields, self.today, since=self._seen)
            self._stored(changed)
            assert changed.after is not None
            self._push(create_record(changed.after, f"new ladder {changed.ladder_id}"))
            message = f"new ladder: {self.states[changed.ladder_id].rung}, today"
            if warnings:
                return Outcome(True, f"{message}. {' '.join(warnings)}", "warning",
                               changed.ladder_id)
            return Outcome(True, message, ladder_id=changed.ladder_id)

        return self._run(go)

    def validate_edit(self, ladder_id: str, fields: Mapping[str, Any]) -> tuple[Ladder, list[str]]:
        """The ladder as `edit` would leave it, checked by the same rules as a new one."""
        return changes.edited(self.ladders[ladder_id], fields, self.today)

    def edit(self, ladder_id: str, **fields: Any) -> Outcome:
        """Change a ladder's words, step, hold, schedule or today's target (`target`)."""

        def go() -> Outcome:
            seen = self.ladders.get(ladder_id)
            with self._saying_what_happened(ladder_id):
                changed = self.ledger.edit(ladder_id, fields, self.today, seen=seen,
                                           since=self._seen)
            self._stored(changed)
            assert changed.before is not None and changed.after is not None
            if changed.before == changed.after:
                return Outcome(True, "nothing to save: no field changed", ladder_id=ladder_id)
            self._push(edit_record(changed.before, changed.after, f"edit of {ladder_id}"))
            return Outcome(True, f"saved {ladder_id}", ladder_id=ladder_id)

        return self._run(go)
