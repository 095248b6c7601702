"""The store's intents for the evidence: a note on a marked day, a pause over a range.

A part of `Store` (tui/store.py), kept apart so that file keeps one job per
part.  Both go through the same door as every change (the ledger, relative
to what the person saw) and leave an undo record: a note is a change of the
day's mark; a pause changes many days, undone in one step (for every ladder
paused at once, one step too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from smallwins.core import changes
from smallwins.core.dates import format_day, humanize_days_ago
from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.ledger import Changed
from smallwins.core.model import Ladder
from smallwins.core.undo import Record, mark_record, marks_record
from smallwins.tui.news import elsewhere_words
from smallwins.tui.snapshot import Outcome

if TYPE_CHECKING:
    from collections.abc import Mapping

    from smallwins.core.rules import LadderState


class EvidenceIntents:
    """Notes and pauses; mixed into Store, whose door and undo stacks they use."""

    if TYPE_CHECKING:
        today: date
        states: dict[str, LadderState]

        @property
        def ladders(self) -> Mapping[str, Ladder]: ...
        def _run(self, action: Callable[[], Outcome]) -> Outcome: ...
        def _change(self, ladder_id: str, fn: Callable[[Ladder], Ladder],
                    elsewhere: Callable[[Ladder | None], str] | None = None) -> Changed: ...
        def _push(self, record: Record) -> None: ...

    def note(self, ladder_id: str, day: date, text: str) -> Outcome:
        """Write, change or (blank `text`) remove the one-line note of a marked day."""

        def go() -> Outcome:
            seen = self.ladders.get(ladder_id)
            if seen is None:
                raise BadInput(f"ladder {ladder_id!r} is gone")
            when = humanize_days_ago(day, self.today)
            if changes.set_note(seen, day, self.today, text, one_line=True) == seen:
                return Outcome(True, f"the note of {ladder_id} {when} is as it was",
                               ladder_id=ladder_id)

            def elsewhere(current: Ladder | None) -> str:
                return elsewhere_words(ladder_id, seen, current, day, self.today)

            done = self._change(
                ladder_id, lambda lad: changes.set_note(lad, day, self.today, text,
                                                        one_line=True), elsewhere)
            assert done.before is not None and done.after is not None
            old, new = done.before.marks.get(day), done.after.marks.get(day)
            self._push(mark_record(ladder_id, f"note of {ladder_id} {when}", day, old, new))
            words = "note removed" if new is None or new.note is None else "note saved"
            return Outcome(True, f"{words}: {ladder_id} {when}", ladder_id=ladder_id)

        return self._run(go)

    def pause(self, ladder_ids: Sequence[str], first: date, last: date,
              note: str | None = None) -> Outcome:
        """Rest every scheduled day from `first` to `last` (days ahead too) on each
        ladder; days already won stay won.  One undo takes the whole pause back."""

        def go() -> Outcome:
            ladders = [self.ladders[lid] for lid in ladder_ids if lid in self.ladders]
            if not ladders:
                raise BadInput("no ladder to pause")
            for ladder in ladders:
                changes.pause_days(ladder, first, last)  # a bad range says so first
                changes.pause(ladder, first, last, self.today, note)  # and a bad note
            if not any(changes.pause_days(lad, first, last) for lad in ladders):
                raise BadInput(f"no scheduled day from {format_day(first)} to "
                               f"{format_day(last)}: a day off the schedule needs no rest")
            span = f"{format_day(first)} to {format_day(last)}"
            rested, paused = 0, 0
            for ladder in ladders:
                after, count = changes.pause(ladder, first, last, self.today, note)
                if after == ladder:
                    continue
                done = self._change(ladder.id,
                                    lambda lad: changes.pause(lad, first, last, self.today,
                                                              note)[0])
                assert done.before is not None and done.after is not None
                self._push(marks_record(ladder.id, f"pause of {ladder.id}, {span}",
                                        done.before, done.after, follows=paused > 0))
                rested += count
                paused += 1
            if not paused:
                raise RuleRefused(f"nothing to pause, {span}: those days are already "
                                  "won or resting")
            who = ladders[0].id if len(ladders) == 1 else f"{paused} ladders"
            return Outcome(True, f"paused {who}, {span}: {rested} rest day(s), neither win "
                           "nor miss", ladder_id=ladders[0].id)

        return self._run(go)
