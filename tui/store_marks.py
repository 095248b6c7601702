"""The store's intents on one day's mark: check off, rest, and catching up.

A part of `Store` (tui/store.py), kept apart so that file keeps one job.  A
mark goes through the same door as every change (the ledger, relative to
what the person saw), leaves an undo record, and comes back in words: the
vote it earned and what it did to the rung.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from smallwins.core import catchup_file, changes
from smallwins.core.catchup import Question
from smallwins.core.dates import format_day, humanize_days_ago
from smallwins.core.errors import RuleRefused
from smallwins.core.model import Ladder, Rest, Win
from smallwins.core.undo import mark_record
from smallwins.tui.news import elsewhere_words, mark_news, mark_words, vote_words
from smallwins.tui.snapshot import Outcome

if TYPE_CHECKING:
    from collections.abc import Mapping

    from smallwins.core.catchup_file import Settled
    from smallwins.core.ledger import Changed, Ledger
    from smallwins.core.rules import LadderState
    from smallwins.core.undo import Record
    from smallwins.tui.snapshot import Snapshot


class MarkIntents:
    """Marks of a day; mixed into Store, whose door and undo stacks they use."""

    if TYPE_CHECKING:
        ledger: Ledger
        today: date
        states: dict[str, LadderState]
        settled: Settled
        snapshot: Snapshot

        @property
        def ladders(self) -> Mapping[str, Ladder]: ...
        def _notify(self, changed: frozenset[str] | None) -> None: ...
        def _run(self, action: Callable[[], Outcome]) -> Outcome: ...
        def _change(self, ladder_id: str, fn: Callable[[Ladder], Ladder],
                    elsewhere: Callable[[Ladder | None], str] | None = None) -> Changed: ...
        def _push(self, record: Record) -> None: ...

    def toggle_win(self, ladder_id: str, day: date | None = None) -> Outcome:
        """Check off `day` (default today), or un-check it if it was won as the person saw it."""
        day = self.today if day is None else day
        seen = self.ladders.get(ladder_id)
        was_won = seen is not None and isinstance(seen.marks.get(day), Win)
        known = self.states.get(ladder_id)

        def change(ladder: Ladder) -> Ladder:
            if was_won:
                return changes.clear_mark(ladder, day, self.today)
            return changes.mark_win(ladder, day, self.today, known=known)

        return self._run(lambda: self._mark_change(ladder_id, day, change))

    def rest(self, ladder_id: str, day: date | None = None) -> Outcome:
        """Declare `day` a rest day, or take the rest day back if it is one."""
        day = self.today if day is None else day

        def change(ladder: Ladder) -> Ladder:
            mark = ladder.marks.get(day)
            if isinstance(mark, Rest):
                return changes.clear_mark(ladder, day, self.today)
            if isinstance(mark, Win):
                raise RuleRefused(
                    f"{format_day(day)} is already a win for {ladder.id!r}: "
                    "un-check it first to make it a rest day"
                )
            return changes.mark_rest(ladder, day, self.today)

        return self._run(lambda: self._mark_change(ladder_id, day, change))

    def _mark_change(self, ladder_id: str, day: date,
                     change: Callable[[Ladder], Ladder]) -> Outcome:
        old_state = self.states.get(ladder_id)

        seen = self.ladders.get(ladder_id)

        def elsewhere(current: Ladder | None) -> str:
            return elsewhere_words(ladder_id, seen, current, day, self.today)

        done = self._change(ladder_id, change, elsewhere)
        assert done.before is not None and done.after is not None
        old_mark, new_mark = done.before.marks.get(day), done.after.marks.get(day)
        label = f"{mark_words(new_mark)} of {ladder_id} {humanize_days_ago(day, self.today)}"
        self._push(mark_record(ladder_id, label, day, old_mark, new_mark))
        new_state = self.states.get(ladder_id)
        words = [vote_words(new_state, day, new_mark), mark_news(old_state, new_state, day)]
        return Outcome(True, " · ".join(w for w in words if w), ladder_id=ladder_id)

    # ------------------------------------------------------------ catching up

    def catch_up_questions(self) -> tuple[Question, ...]:
        """The unanswered days to walk through now (what another process settled too)."""
        self.settled = catchup_file.read(self.ledger.path)
        self._notify(frozenset())
        return self.snapshot.catch_up

    def answer(self, ladder_id: str, day: date, won: bool) -> Outcome:
        """Catching up: `day` was won (or a rest day); refused if it was answered meanwhile."""

        def change(ladder: Ladder) -> Ladder:
            if day in ladder.marks:
                raise RuleRefused(f"{format_day(day)} of {ladder_id} was answered elsewhere "
                                  "meanwhile: left as it is")
            if won:
                return changes.mark_win(ladder, day, self.today)
            return changes.mark_rest(ladder, day, self.today)

        return self._run(lambda: self._mark_change(ladder_id, day, change))

    def leave_missed(self, ladder_id: str, day: date) -> Outcome:
        """Catching up: `day` stays a miss, on purpose; it is not asked about again."""
        self.settled = catchup_file.leave_missed(self.ledger.path, ladder_id, day, self.today)
        self._notify(frozenset())
        return Outcome(True, f"{format_day(day)} of {ladder_id} left as a miss",
                       ladder_id=ladder_id)
