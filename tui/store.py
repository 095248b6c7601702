"""The app's memory between the use-case layer and the screens.

Screens never touch the data file: they ask the store for a change (check off,
rest, climb, halve, create, edit, archive, undo, redo) and redraw from the
immutable `Snapshot` the store hands to its listeners afterwards.  The store
holds snapshots, listeners, the undo and redo stacks, and the file watch;
every read and write goes through the ledger (core/ledger.py).

A change is relative to what the person saw: the ladder as this app last
showed it goes along, and when the file holds something else (another pane,
a `smallwins done` script) nothing is applied, the store reloads and says
what happened.  Only the changed ladder is replayed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from smallwins.core import catchup_file, changes, rules
from smallwins.core.catchup import Question, questions
from smallwins.core.config import Config
from smallwins.core.dates import format_day, humanize_days_ago
from smallwins.core.errors import BadInput, DataError, RuleRefused, SmallwinsError
from smallwins.core.ledger import (
    Changed,
    ChangedElsewhere,
    Ledger,
    Loaded,
    display_order,
    identity_totals,
)
from smallwins.core.model import Ladder, Rest, Win
from smallwins.core.rules import LadderState
from smallwins.core.storage import Signature
from smallwins.core.undo import (
    Record,
    archive_record,
    create_record,
    edit_record,
    event_record,
    mark_record,
)
from smallwins.core.words import count
from smallwins.tui.history import History
from smallwins.tui.news import elsewhere_words, mark_news, mark_words, vote_words
from smallwins.tui.snapshot import Outcome, Snapshot
from smallwins.tui.store_evidence import EvidenceIntents

Severity = Literal["information", "warning", "error"]


class Store(EvidenceIntents):
    """The ladders of one data file, their states on `today`, and the undo stacks.

    Notes and pauses are intents of tui/store_evidence.py.
    """

    def __init__(self, ledger: Ledger, clock: Callable[[], date],
                 config: Config | None = None) -> None:
        self.ledger = ledger
        self.clock = clock
        self.config = config or Config()
        self.today: date = clock()
        self.loaded: Loaded = ledger.load()
        self.states: dict[str, LadderState] = {}
        self._seen: Signature | None = self.loaded.signature
        self._generation = 0
        self._version = 0
        self.history = History()
        self._listeners: list[Callable[[Snapshot], None]] = []
        self._archived: dict[str, LadderState] = {}
        self.settled = catchup_file.read(ledger.path)
        """What catching up has settled (core/catchup_file.py), as last read or written."""
        self._recompute_all()
        self.snapshot: Snapshot = self._make_snapshot(None)

    @property
    def ladders(self) -> Mapping[str, Ladder]:
        """Every ladder as this app last saw it, archived ones too."""
        return self.loaded.ladders

    # ------------------------------------------------------------ listening

    def listen(self, callback: Callable[[Snapshot], None]) -> None:
        """Call `callback` with every new snapshot."""
        self._listeners.append(callback)

    def _notify(self, changed: frozenset[str] | None) -> None:
        self.snapshot = self._make_snapshot(changed)
        for callback in list(self._listeners):
            callback(self.snapshot)

    def _make_snapshot(self, changed: frozenset[str] | None) -> Snapshot:
        self._version += 1
        totals = identity_totals(self.ladders.values(), self.today, self.states)
        return Snapshot(self._version, self.today, MappingProxyType(dict(self.states)),
                        MappingProxyType(totals), changed, self._catch_up())

    def _catch_up(self) -> tuple[Question, ...]:
        """The days to offer catching up on; with none left, the days before today are
        settled (written beside the data file, so they are not asked about again)."""
        ladders = [state.ladder for state in self.states.values()]
        found = questions(ladders, self.today, settled=self.settled.day,
                          left=self.settled.left, states=self.states)
        if not found and ladders and self.settled.day != self.today:
            self.settled = catchup_file.settle(self.ledger.path, self.today)
        return tuple(found)

    # ------------------------------------------------------------- reading

    def state(self, ladder_id: str | None) -> LadderState | None:
        return None if ladder_id is None else self.states.get(ladder_id)

    def archived_states(self) -> list[LadderState]:
        """The archived ladders' states today, replayed only when someone looks at them."""
        found: list[LadderState] = []
        for ladder in self.loaded.archived():
            state = self._archived.get(ladder.id)
            if state is None or state.ladder is not ladder or state.today != self.today:
                state = self._archived[ladder.id] = rules.replay(ladder, self.today)
            found.append(state)
        return found

    @property
    def can_undo(self) -> bool:
        return self.history.next_undo() is not None

    @property
    def undo_label(self) -> str | None:
        """What `undo` would take back, in words, or None."""
        record = self.history.next_undo()
        return record.label if record else None

    @property
    def undo_question(self) -> str | None:
        """The question to ask before the next undo, when it removes something made."""
        record = self.history.next_undo()
        return record.ask_first if record else None

    def _recompute(self, ladder_id: str) -> None:
        """Replay one ladder; keep `states` in display order when membership changes."""
        ladder = self.ladders.get(ladder_id)
        was_active = ladder_id in self.states
        if ladder is None or ladder.archived:
            self.states.pop(ladder_id, None)
            return
        self.states[ladder_id] = rules.replay(ladder, self.today)
        if not was_active:
            self._reorder()

    def _reorder(self) -> None:
        self.states = {lad.id: self.states[lad.id] for lad in display_order(self.ladders.values())
                       if lad.id in self.states}

    def _recompute_all(self) -> None:
        self.states = {lad.id: rules.replay(lad, self.today)
                       for lad in display_order(self.ladders.values())}

    # ----------------------------------------------- changes from elsewhere

    def check_signature(self) -> Signature | None | Literal[False]:
        """The file's new signature if another write happened since the last look, else False.

        A stat and nothing more: cheap enough for a timer every few seconds.
        """
        signature = self.ledger.signature()
        return False if signature == self._seen else signature

    def read_changes(self) -> tuple[int, Loaded]:
        """Read and parse the file; safe to run in a worker thread (changes nothing here)."""
        return self._generation, self.ledger.load(reuse=self.loaded)

    def apply_loaded(self, found: tuple[int, Loaded]) -> bool:
        """Take in what `read_changes` found; True if anything the screens show changed.

        A change made by this app while the file was being read makes the
        result stale: it is dropped, and the next look reads the file again.
        """
        generation, loaded = found
        if generation != self._generation:
            return False
        before_ladders = self.ladders
        self.loaded = loaded
        self._seen = loaded.signature
        changed = {lid for lid in set(before_ladders) | set(loaded.ladders)
                   if before_ladders.get(lid) is not loaded.ladders.get(lid)
                   and before_ladders.get(lid) != loaded.ladders.get(lid)}
        if not changed:
            return False
        self.settled = catchup_file.read(self.ledger.path)
        before = tuple(self.states)
        for lid in changed:
            self._recompute(lid)
        self._reorder()
        self._notify(frozenset(changed) if tuple(self.states) == before else None)
        return True

    def refresh_if_changed(self) -> bool:
        """Reload when another process wrote the file; True if the screens need redrawing."""
        if self.check_signature() is False:
            return False
        return self.apply_loaded(self.read_changes())

    def set_today(self, day: date | None = None) -> bool:
        """Move to a new day (from the clock unless given); True if it changed."""
        day = self.clock() if day is None else day
        if day == self.today:
            return False
        self.today = day
        self.settled = catchup_file.read(self.ledger.path)
        self._recompute_all()
        self._notify(None)
        return True

    # ------------------------------------------------------------- changes

    def _stored(self, changed: Changed) -> None:
        """Bring one ladder up to date after this app wrote it, and tell the screens."""
        self._generation += 1
        lid = changed.ladder_id
        ladders = dict(self.ladders)
        hashes = dict(self.loaded.hashes)
        if changed.after is None or changed.blob_hash is None:
            ladders.pop(lid, None)
            hashes.pop(lid, None)
        else:
            ladders[lid] = changed.after
            hashes[lid] = changed.blob_hash
        in_sync = changed.in_sync and changed.signature is not None
        # Nobody else wrote since we last looked: what we hold is the whole
        # file, so the poll need not read back our own write.
        self.loaded = Loaded(changed.signature if in_sync else self.loaded.signature,
                             ladders, hashes)
        before = tuple(self.states)
        self._recompute(lid)
        if in_sync:
            self._seen = changed.signature
            self._write_status()
        self._notify(frozenset({lid}) if tuple(self.states) == before else None)

    def _write_status(self) -> None:
        """Refresh the status line's cache: a tmux bar never recomputes after a change here."""
        from smallwins.core import status

        status.cache_states(str(self.ledger.path), self.config, self.today,
                            self.states.values(), self._seen)

    def _run(self, action: Callable[[], Outcome]) -> Outcome:
        """Run an intent; refusals and bad input come back as messages, not exceptions."""
        try:
            return action()
        except ChangedElsewhere as exc:
            self.refresh_if_changed()
            return Outcome(False, str(exc), "warning")
        except DataError as exc:
            return Outcome(False, f"not saved: {exc}", "error")
        except RuleRefused as exc:
            return Outcome(False, str(exc), "warning")
        except (BadInput, SmallwinsError) as exc:
            return Outcome(False, str(exc), "error")

    def _change(self, ladder_id: str, fn: Callable[[Ladder], Ladder],
                elsewhere: Callable[[Ladder | None], str] | None = None) -> Changed:
        """Apply `fn` to the ladder as the person saw it; ChangedElsewhere if the file moved on."""
        seen = self.ladders.get(ladder_id)
        if seen is None:
            raise BadInput(f"ladder {ladder_id!r} is not in {self.ledger.path}")
        with self._saying_what_happened(ladder_id, elsewhere):
            changed = self.ledger.change(ladder_id, fn, seen=seen,
                                         seen_hash=self.loaded.hashes.get(ladder_id),
                                         since=self._seen)
        self._stored(changed)
        return changed

    @contextmanager
    def _saying_what_happened(self, ladder_id: str,
                              elsewhere: Callable[[Ladder | None], str] | None = None
                              ) -> Iterator[None]:
        """ChangedElsewhere in words of what the other process did (today's mark, if
        that is what changed: "walk was just checked off elsewhere")."""
        seen = self.ladders.get(ladder_id)
        try:
            yield
        except ChangedElsewhere as exc:
            words = elsewhere(exc.current) if elsewhere is not None else elsewhere_words(
                ladder_id, seen, exc.current, self.today, self.today)
            raise ChangedElsewhere(words, exc.current) from None

    def _push(self, record: Record) -> None:
        self.history.push(record)

    def toggle_win(self, ladder_id: str, day: date | None = None) -> Outcome:
        """Check off `day` (default today), or un-check it if it was won as the person saw it."""
        day = self.today if day is None else day
        seen = self.ladders.get(ladder_id)
        was_won = seen is not None and isinstance(seen.marks.get(day), Win)

        def change(ladder: Ladder) -> Ladder:
            if was_won:
                return changes.clear_mark(ladder, day, self.today)
            return changes.mark_win(ladder, day, self.today)

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

    # ------------------------------------------------------------ undo, redo

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
