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

This file holds the state and the door every intent goes through; the
intents themselves are parts of `Store` in files of their own:
tui/store_marks.py (check off, rest, catching up), tui/store_ladders.py
(climb, halve, archive, create, edit), tui/store_evidence.py (notes,
pauses) and tui/store_undo.py (undo, redo).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from types import MappingProxyType
from typing import Literal

from smallwins.core import catchup_file, rules
from smallwins.core.catchup import Memo, Question, questions
from smallwins.core.config import Config
from smallwins.core.errors import BadInput, DataError, RuleRefused, SmallwinsError
from smallwins.core.ledger import (
    Changed,
    ChangedElsewhere,
    Ledger,
    Loaded,
    display_order,
    identity_totals,
)
from smallwins.core.model import Ladder
from smallwins.core.rules import LadderState
from smallwins.core.storage import Signature
from smallwins.core.undo import Record
from smallwins.tui.history import History
from smallwins.tui.news import elsewhere_words
from smallwins.tui.snapshot import Outcome, Snapshot
from smallwins.tui.store_evidence import EvidenceIntents
from smallwins.tui.store_ladders import LadderIntents
from smallwins.tui.store_marks import MarkIntents
from smallwins.tui.store_undo import UndoIntents


class Store(MarkIntents, LadderIntents, EvidenceIntents, UndoIntents):
    """The ladders of one data file, their states on `today`, and the undo stacks.

    The intents are its parts: marks, ladders, evidence, undo (see above).
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
        self._asked: Memo = {}  # the catch-up questions of each ladder, until it changes
        self.settled = catchup_file.read(ledger.path)
        """What catching up has settled (core/catchup_file.py), as last read or written."""
        self.defer_status: Callable[[Callable[[], None]], object] | None = None
        """Where a write of the status cache is put off to (the app: after the repaint)."""
        self._status_due = False
        opening = self._opening_carries()
        self._recompute_all(opening)
        self.opened_from_cache = opening is not None and all(
            lid in opening or state.carry is None for lid, state in self.states.items())
        """Every ladder with days behind it began at the status cache's carry."""
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
                          left=self.settled.left, states=self.states, memo=self._asked)
        if not found and ladders and self.settled.day != self.today:
            self.settled = catchup_file.settle(self.ledger.path, self.today)
        return tuple(found)

    # ------------------------------------------------------------- reading

    def archived_states(self) -> list[LadderState]:
        """The archived ladders' states today, replayed only when someone looks at them."""
        found: list[LadderState] = []
        for ladder in self.loaded.archived():
            state = self._archived.get(ladder.id)
            if state is None or state.ladder is not ladder or state.today != self.today:
                state = self._archived[ladder.id] = rules.replay(ladder, self.today)
            found.append(state)
        return found

    def _recompute(self, ladder_id: str) -> None:
        """Replay one ladder; keep `states` in display order when membership changes."""
        ladder = self.ladders.get(ladder_id)
        was_active = ladder_id in self.states
        if ladder is None or ladder.archived:
            self.states.pop(ladder_id, None)
            return
        self.states[ladder_id] = self._replay(ladder)
        if not was_active:
            self._reorder()

    def _reorder(self) -> None:
        self.states = {lad.id: self.states[lad.id] for lad in display_order(self.ladders.values())
                       if lad.id in self.states}

    def _recompute_all(self, opening: Mapping[str, rules.Carry] | None = None) -> None:
        self.states = {lad.id: self._replay(lad, opening)
                       for lad in display_order(self.ladders.values())}

    def _replay(self, ladder: Ladder,
                opening: Mapping[str, rules.Carry] | None = None) -> LadderState:
        """The ladder's state today, resumed from its last state's carry where the rules
        and the days before it are unchanged: a check-off or a new day replays a day.
        On opening, the carry comes from the status cache (`opening`)."""
        known = self.states.get(ladder.id)
        if known is not None:
            carry = rules.resumable(known, ladder)
        else:
            carry = None if opening is None else opening.get(ladder.id)
            if carry is not None:  # from the cache (core/opening.py has imported this)
                from smallwins.core.level_history import resumed

                return resumed(ladder, self.today, carry)  # its levels as read
        return rules.replay(ladder, self.today, carry)

    def _opening_carries(self) -> dict[str, rules.Carry] | None:
        """Where each ladder's replay may begin on opening: the carries of the status
        cache, when it was written for this very file (core/opening.py).  Years
        of history are then not replayed again each time the app opens."""
        from smallwins.core.opening import carries, opening_lines

        found = opening_lines(str(self.ledger.path), self.loaded.signature)
        if found is None:
            return None
        return carries(*found, self.loaded.ladders)

    def cache_status(self) -> None:
        """Write the status cache for the file as this app read it, when nothing has
        written it since: the next opening, and the next `smallwins status`, start
        from it.  The app calls this once, shortly after opening without it."""
        if self._seen is not None and self._seen == self.ledger.signature():
            self._write_status()

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
        """Refresh the status line's cache: a tmux bar never recomputes after a change here.

        With `defer_status` set (the app), the write is put off until the repaint
        has gone out: a check-off shows first.  A `status` call in between finds
        the cache stale and computes the line from the file, as after any write.
        """
        if self.defer_status is None:
            self._write_status_now()
        elif not self._status_due:
            self._status_due = True
            self.defer_status(self.flush_status)

    def flush_status(self) -> None:
        """Write the status cache now if a write is waiting (the app, as it closes)."""
        if self._status_due:
            self._status_due = False
            self._write_status_now()

    def _write_status_now(self) -> None:
        from smallwins.core.opening import cache_states

        cache_states(str(self.ledger.path), self.config, self.today, self.states.values(),
                     self._seen)

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
