"""The one place between the rules engine, the data file and the screens.

Screens never touch the data file: they ask the store for a change (check off,
rest, climb, halve, create, edit, archive, undo) and redraw from the
immutable `Snapshot` the store hands to its listeners afterwards.

Every change runs inside `DataFile.transact`, on the ladder as it is in the
file at that moment (not as this app last saw it), so a change made meanwhile
by another process (a second pane, a `smallwins done` script) is never lost.
Only the changed ladder is replayed again; the others keep their states.

Undo keeps inverse operations, not copies of whole documents: undoing a
check-off puts back the mark that day had before, undoing a climb removes that
one climb event.  Restoring whole documents would silently throw away what
another process wrote in between.  Each change and its inverse live side by
side in this one module, so that neither can be changed without the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from smallwins.core import changes, rules
from smallwins.core.config import Config
from smallwins.core.dates import format_day, humanize_days_ago
from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.model import (
    Event,
    Ladder,
    Mark,
    ModelError,
    Num,
    Rest,
    ShapeError,
    Win,
    ladder_from_doc,
    ladder_to_doc,
)
from smallwins.core.rules import LadderState, identity_key
from smallwins.core.storage import DataError, DataFile, Signature

Severity = Literal["information", "warning", "error"]
Docs = dict[str, dict[str, Any]]

# Fields of a ladder that the edit form may change.  The start amount and the
# start day are history: changing them would rewrite every replayed day.
EDITABLE = ("identity", "action", "unit", "step", "hold", "days", "granularity", "minutes")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an intent did, in words for the user; `ok` is False when nothing changed."""

    ok: bool
    message: str = ""
    severity: Severity = "information"
    ladder_id: str | None = None


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Everything the screens draw, as of one moment; never mutated.

    `states` holds the active ladders in display order.  `changed` names the
    ladders whose state changed since the previous snapshot, or is None when
    anything may have changed (a new day, a reload, a ladder added or gone),
    so a screen can redraw one row instead of all of them.
    """

    version: int
    today: date
    states: Mapping[str, LadderState]
    identity_totals: Mapping[str, int]
    changed: frozenset[str] | None

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(self.states)

    def identity_total(self, state: LadderState) -> int:
        """Votes of every ladder (archived too) with this state's identity (R3)."""
        return self.identity_totals.get(identity_key(state.ladder.identity), state.votes)


@dataclass(frozen=True, slots=True)
class _Undo:
    """One change this app made, and how to take it back on the ladder as it is now.

    `revert` gets the ladder from the file (None if it is gone) and returns
    the ladder to store (None to delete it); it raises RuleRefused when the
    change cannot be taken back without undoing someone else's.
    """

    ladder_id: str
    label: str
    revert: Callable[[Ladder | None], Ladder | None]


@dataclass(frozen=True, slots=True)
class Loaded:
    """The data file as read by `read_changes`, ready for `apply_loaded`."""

    signature: Signature | None
    generation: int
    docs: Docs
    ladders: dict[str, Ladder]


class Store:
    """The ladders of one data file, their states on `today`, and the undo stack."""

    def __init__(
        self,
        data: DataFile,
        clock: Callable[[], date],
        config: Config | None = None,
    ) -> None:
        self.data = data
        self.clock = clock
        self.config = config or Config()
        self.today: date = clock()
        self.ladders: dict[str, Ladder] = {}
        self.states: dict[str, LadderState] = {}
        self._raw: Docs = {}
        self._archived_votes: dict[str, int] = {}
        self._seen: Signature | None = None
        self._in_sync = False  # set under the lock: no other writer since we last looked
        self._generation = 0
        self._version = 0
        self._undo: list[_Undo] = []
        self._listeners: list[Callable[[Snapshot], None]] = []
        self._load_all()
        self.snapshot: Snapshot = self._make_snapshot(None)

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
        totals: dict[str, int] = {}
        for state in self.states.values():
            key = identity_key(state.ladder.identity)
            totals[key] = totals.get(key, 0) + state.votes
        for lid, votes in self._archived_votes.items():
            key = identity_key(self.ladders[lid].identity)
            totals[key] = totals.get(key, 0) + votes
        return Snapshot(
            version=self._version,
            today=self.today,
            states=MappingProxyType(dict(self.states)),
            identity_totals=MappingProxyType(totals),
            changed=changed,
        )

    # ------------------------------------------------------------- reading

    def state(self, ladder_id: str | None) -> LadderState | None:
        return None if ladder_id is None else self.states.get(ladder_id)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_label(self) -> str | None:
        """What `undo` would take back, in words, or None."""
        return self._undo[-1].label if self._undo else None

    def _load_all(self) -> None:
        signature = self.data.signature()
        docs = self.data.read()
        ladders = self._parse(docs)
        self._seen = signature
        self._raw = dict(docs)
        self.ladders = ladders
        self._recompute_all()

    def _parse(
        self, docs: Mapping[str, Any], known: Mapping[str, Any] | None = None
    ) -> dict[str, Ladder]:
        """Ladders from documents; unchanged documents reuse the ladder already built."""
        ladders: dict[str, Ladder] = {}
        try:
            for lid, doc in docs.items():
                if known is not None and known.get(lid) == doc and lid in self.ladders:
                    ladders[lid] = self.ladders[lid]
                else:
                    ladders[lid] = ladder_from_doc(doc)
        except ShapeError as exc:
            raise self._data_error(f"cannot use {self.data.path}: {exc}") from None
        return ladders

    def _data_error(self, message: str) -> DataError:
        backups = self.data.backups()
        return DataError(message, self.data.path, backups[0] if backups else None)

    def _recompute(self, ladder_id: str) -> None:
        """Replay one ladder; keep `states` in display order when membership changes."""
        ladder = self.ladders.get(ladder_id)
        was_active = ladder_id in self.states
        self._archived_votes.pop(ladder_id, None)
        if ladder is None or ladder.archived:
            self.states.pop(ladder_id, None)
            if ladder is not None:
                self._archived_votes[ladder_id] = _count_votes(ladder, self.today)
            return
        self.states[ladder_id] = rules.replay(ladder, self.today)
        if not was_active:
            self._reorder()

    def _reorder(self) -> None:
        order = sorted(self.states.values(), key=lambda s: (s.ladder.created, s.ladder.id))
        self.states = {s.id: s for s in order}

    def _recompute_all(self) -> None:
        self.states = {}
        self._archived_votes = {}
        for ladder in sorted(self.ladders.values(), key=lambda lad: (lad.created, lad.id)):
            if ladder.archived:
                self._archived_votes[ladder.id] = _count_votes(ladder, self.today)
            else:
                self.states[ladder.id] = rules.replay(ladder, self.today)

    # ----------------------------------------------- changes from elsewhere

    def check_signature(self) -> Signature | None | Literal[False]:
        """The file's new signature if another write happened since the last look, else False.

        A stat and nothing more: cheap enough for a timer every few seconds.
        """
        signature = self.data.signature()
        return False if signature == self._seen else signature

    def read_changes(self, signature: Signature | None) -> Loaded:
        """Read and parse the file; safe to run in a worker thread (changes nothing here)."""
        generation = self._generation
        docs = self.data.read()
        ladders = self._parse(docs, known=dict(self._raw))
        return Loaded(signature, generation, docs, ladders)

    def apply_loaded(self, loaded: Loaded) -> bool:
        """Take in what `read_changes` found; True if anything the screens show changed.

        A change made by this app while the file was being read makes the
        result stale: it is dropped, and the next look reads the file again.
        """
        if loaded.generation != self._generation:
            return False
        self._seen = loaded.signature
        self._raw = dict(loaded.docs)
        changed = {
            lid
            for lid in set(self.ladders) | set(loaded.ladders)
            if self.ladders.get(lid) != loaded.ladders.get(lid)
        }
        if not changed:
            return False
        before = tuple(self.states)
        self.ladders = loaded.ladders
        for lid in changed:
            self._recompute(lid)
        self._reorder()
        self._notify(frozenset(changed) if tuple(self.states) == before else None)
        return True

    def refresh_if_changed(self) -> bool:
        """Reload when another process wrote the file; True if the screens need redrawing."""
        signature = self.check_signature()
        if signature is False:
            return False
        return self.apply_loaded(self.read_changes(signature))

    def set_today(self, day: date | None = None) -> bool:
        """Move to a new day (from the clock unless given); True if it changed."""
        day = self.clock() if day is None else day
        if day == self.today:
            return False
        self.today = day
        self._recompute_all()
        self._notify(None)
        return True

    # ------------------------------------------------------------- changes

    def _transact(
        self, ladder_id: str, change: Callable[[Ladder], Ladder]
    ) -> tuple[Ladder, Ladder]:
        """Apply `change` to the ladder as it is in the file now; (before, after)."""

        def apply(docs: Docs) -> tuple[Ladder, Ladder, dict[str, Any]]:
            self._in_sync = self.data.signature() == self._seen
            doc = docs.get(ladder_id)
            if doc is None:
                raise BadInput(f"ladder {ladder_id!r} is no longer in {self.data.path}")
            try:
                before = ladder_from_doc(doc)
            except ShapeError as exc:
                raise self._data_error(f"cannot use {self.data.path}: {exc}") from None
            after = change(before)
            new_doc = ladder_to_doc(after)
            docs[ladder_id] = new_doc
            return before, after, new_doc

        self._in_sync = False
        before, after, new_doc = self.data.transact(apply)
        self._stored(ladder_id, after, new_doc)
        return before, after

    def _stored(self, ladder_id: str, ladder: Ladder | None, doc: dict[str, Any] | None) -> None:
        """Bring one ladder up to date after this app wrote it, and tell the screens."""
        self._generation += 1
        before = tuple(self.states)
        if ladder is None or doc is None:
            self.ladders.pop(ladder_id, None)
            self._raw.pop(ladder_id, None)
        else:
            self.ladders[ladder_id] = ladder
            self._raw[ladder_id] = doc
        self._recompute(ladder_id)
        if self._in_sync and self.data.last_written is not None:
            # Nobody else wrote since we last looked: what we hold is the
            # whole file, so the poll need not read back our own write, and
            # the status line can be answered from what we know.
            self._seen = self.data.last_written
            self._write_status()
        self._in_sync = False
        self._notify(frozenset({ladder_id}) if tuple(self.states) == before else None)

    def _write_status(self) -> None:
        """Refresh the status line's cache: a tmux bar never recomputes after a change here."""
        from smallwins.core import status

        signature = " ".join(str(part) for part in self._seen or ())
        config_path = str(self.config.path) if self.config.path else ""
        info = status.summary(list(self.states.values()))
        status.write_cache(str(self.data.path), config_path, self.config.day_starts_at,
                           self.today, info, signature)

    def _run(self, action: Callable[[], Outcome]) -> Outcome:
        """Run an intent; refusals and bad input come back as messages, not exceptions."""
        try:
            return action()
        except RuleRefused as exc:
            return Outcome(False, str(exc), "warning")
        except (BadInput, ModelError) as exc:
            return Outcome(False, str(exc), "error")
        except DataError as exc:
            return Outcome(False, f"not saved: {exc}", "error")

    def toggle_win(self, ladder_id: str, day: date | None = None) -> Outcome:
        """Check off `day` (default today), or un-check it if it is already won."""
        day = self.today if day is None else day

        def change(ladder: Ladder) -> Ladder:
            if isinstance(ladder.marks.get(day), Win):
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

    def _mark_change(
        self, ladder_id: str, day: date, change: Callable[[Ladder], Ladder]
    ) -> Outcome:
        old_state = self.states.get(ladder_id)
        before, after = self._transact(ladder_id, change)
        old_mark, new_mark = before.marks.get(day), after.marks.get(day)
        when = humanize_days_ago(day, self.today)
        label = f"{_mark_words(new_mark)} of {after.id} {when}"
        self._push(ladder_id, label, _revert_mark(day, old_mark, new_mark))
        return Outcome(True, self._mark_news(old_state, ladder_id, day), ladder_id=ladder_id)

    def _mark_news(self, old: LadderState | None, ladder_id: str, day: date) -> str:
        """A word when a mark changed more than its own cell: a drop back, a ready rung."""
        new = self.states.get(ladder_id)
        if new is None or old is None:
            return ""
        old_drops = [lv for lv in old.levels if lv.reason == "drop-back"]
        new_drops = [lv for lv in new.levels if lv.reason == "drop-back"]
        if len(new_drops) < len(old_drops):
            return f"{format_day(day)} recorded: the drop back it caused is undone"
        if len(new_drops) > len(old_drops):
            return f"without {format_day(day)}, {new.ladder.id} drops back to {new.rung}"
        if new.ready_to_climb and not old.ready_to_climb:
            return (
                f"{new.hold_progress}/{new.ladder.hold}: {new.rung} is held. "
                "Climb when it feels automatic."
            )
        return ""

    def climb(self, ladder_id: str) -> Outcome:
        """Step up one rung; refused with the progress when the hold is not complete."""

        def go() -> Outcome:
            before, after = self._transact(ladder_id, lambda lad: changes.climb(lad, self.today))
            event = after.events[-1]
            state = self.states[ladder_id]
            self._push(ladder_id, f"climb of {ladder_id}", _revert_event(event))
            return Outcome(
                True,
                f"climbed to {state.rung}: hold it {before.hold} won days and it is yours",
                ladder_id=ladder_id,
            )

        return self._run(go)

    def halve(self, ladder_id: str) -> Outcome:
        """"This feels hard": cut the target in half; a halved rung never drops back."""

        def go() -> Outcome:
            _before, after = self._transact(ladder_id, lambda lad: changes.halve(lad, self.today))
            event = after.events[-1]
            state = self.states[ladder_id]
            self._push(ladder_id, f"halving of {ladder_id}", _revert_event(event))
            return Outcome(True, f"halved to {state.rung}: still a vote, every time",
                           ladder_id=ladder_id)

        return self._run(go)

    def archive(self, ladder_id: str) -> Outcome:
        """Put a ladder away: it leaves the screens, its votes still count."""

        def go() -> Outcome:
            self._transact(ladder_id, lambda lad: changes.archive(lad, True))

            def revert(current: Ladder | None) -> Ladder:
                if current is None:
                    raise RuleRefused(f"{ladder_id!r} is no longer in the data file")
                return changes.archive(current, False)

            self._push(ladder_id, f"archiving of {ladder_id}", revert)
            return Outcome(True, f"archived {ladder_id}; its votes still count",
                           ladder_id=ladder_id)

        return self._run(go)

    # -------------------------------------------------- new and edited ladders

    def validate(self, fields: Mapping[str, Any]) -> tuple[Ladder, list[str]]:
        """A ladder as `create(**fields)` would make it, with its warnings (R10).

        Raises BadInput/ModelError with the engine's own message, so the form
        says exactly what the command line says.
        """
        return changes.new_ladder(
            **_new_args(fields, self.today), taken=self.ladders, created=0, today=self.today
        )

    def create(self, **fields: Any) -> Outcome:
        """Start a new ladder today; the outcome carries the two-minute warning."""

        def go() -> Outcome:
            def apply(docs: Docs) -> tuple[Ladder, list[str], dict[str, Any]]:
                created = max((int(d.get("created", 0)) for d in docs.values()), default=-1) + 1
                ladder, warnings = changes.new_ladder(
                    **_new_args(fields, self.today), taken=docs, created=created, today=self.today
                )
                doc = ladder_to_doc(ladder)
                docs[ladder.id] = doc
                return ladder, warnings, doc

            ladder, warnings, doc = self.data.transact(apply)
            self._stored(ladder.id, ladder, doc)
            self._push(ladder.id, f"new ladder {ladder.id}", _revert_create(ladder.id))
            message = f"new ladder: {self.states[ladder.id].rung}, today"
            if warnings:
                return Outcome(True, f"{message}. {' '.join(warnings)}", "warning", ladder.id)
            return Outcome(True, message, ladder_id=ladder.id)

        return self._run(go)

    def validate_edit(self, ladder_id: str, fields: Mapping[str, Any]) -> tuple[Ladder, list[str]]:
        """The ladder as `edit` would leave it, checked by the same rules as a new one."""
        ladder = self.ladders[ladder_id]
        state = self.states.get(ladder_id) or rules.replay(ladder, self.today)
        return _edited(ladder, state.target, fields, self.today)

    def edit(self, ladder_id: str, **fields: Any) -> Outcome:
        """Change a ladder's words, step, hold, schedule or today's target (`target`)."""

        def go() -> Outcome:
            undo: list[Callable[[Ladder | None], Ladder | None]] = []

            def change(ladder: Ladder) -> Ladder:
                target = rules.replay(ladder, self.today).target
                edited, _warnings = _edited(ladder, target, fields, self.today)
                undo.append(_revert_edit(ladder, edited))
                return edited

            before, after = self._transact(ladder_id, change)
            if before == after:
                return Outcome(True, "nothing to save: no field changed", ladder_id=ladder_id)
            self._push(ladder_id, f"edit of {ladder_id}", undo[0])
            return Outcome(True, f"saved {ladder_id}", ladder_id=ladder_id)

        return self._run(go)

    # ----------------------------------------------------------------- undo

    def _push(
        self, ladder_id: str, label: str, revert: Callable[[Ladder | None], Ladder | None]
    ) -> None:
        self._undo.append(_Undo(ladder_id, label, revert))

    def undo(self) -> Outcome:
        """Take back the last change made in this app (repeatable, newest first)."""
        if not self._undo:
            return Outcome(False, "nothing to undo", "information")
        entry = self._undo.pop()

        def apply(docs: Docs) -> tuple[Ladder | None, dict[str, Any] | None]:
            doc = docs.get(entry.ladder_id)
            try:
                current = None if doc is None else ladder_from_doc(doc)
            except ShapeError as exc:
                raise self._data_error(f"cannot use {self.data.path}: {exc}") from None
            reverted = entry.revert(current)
            if reverted is None:
                docs.pop(entry.ladder_id, None)
                return None, None
            new_doc = ladder_to_doc(reverted)
            docs[entry.ladder_id] = new_doc
            return reverted, new_doc

        try:
            ladder, doc = self.data.transact(apply)
        except RuleRefused as exc:
            return Outcome(False, f"cannot undo the {entry.label}: {exc}", "warning")
        except DataError as exc:
            self._undo.append(entry)  # the file could not be used: try again later
            return Outcome(False, f"not undone: {exc}", "error")
        self._stored(entry.ladder_id, ladder, doc)
        return Outcome(True, f"undone: {entry.label}", ladder_id=entry.ladder_id)


# ---------------------------------------------------------------- helpers


def _count_votes(ladder: Ladder, today: date) -> int:
    """Votes of a ladder without replaying it: its wins from the start up to today."""
    return sum(
        1
        for day, mark in ladder.marks.items()
        if isinstance(mark, Win) and ladder.start_day <= day <= today
    )


def _mark_words(mark: Mark | None) -> str:
    if isinstance(mark, Win):
        return "check-off"
    if isinstance(mark, Rest):
        return "rest day"
    return "un-check"


def _revert_mark(
    day: date, before: Mark | None, after: Mark | None
) -> Callable[[Ladder | None], Ladder | None]:
    def revert(current: Ladder | None) -> Ladder:
        if current is None:
            raise RuleRefused("that ladder is no longer in the data file")
        if current.marks.get(day) != after:
            raise RuleRefused(f"{format_day(day)} was changed elsewhere since")
        return current.with_mark(day, before)

    return revert


def _revert_event(event: Event) -> Callable[[Ladder | None], Ladder | None]:
    def revert(current: Ladder | None) -> Ladder:
        if current is None:
            raise RuleRefused("that ladder is no longer in the data file")
        events = list(current.events)
        for index in range(len(events) - 1, -1, -1):
            if events[index] == event:
                del events[index]
                return replace(current, events=tuple(events))
        raise RuleRefused("that change is no longer in the ladder's history")

    return revert


def _revert_create(ladder_id: str) -> Callable[[Ladder | None], Ladder | None]:
    def revert(current: Ladder | None) -> None:
        if current is None:
            raise RuleRefused(f"{ladder_id!r} is already gone")
        if current.marks or current.events:
            raise RuleRefused(f"{ladder_id!r} has history now: archive it instead (a)")
        return None

    return revert


def _revert_edit(before: Ladder, after: Ladder) -> Callable[[Ladder | None], Ladder | None]:
    fields = [name for name in EDITABLE if getattr(before, name) != getattr(after, name)]
    added = after.events[len(before.events):]

    def revert(current: Ladder | None) -> Ladder:
        if current is None:
            raise RuleRefused(f"{before.id!r} is no longer in the data file")
        if any(getattr(current, name) != getattr(after, name) for name in fields):
            raise RuleRefused(f"{before.id!r} was edited elsewhere since")
        restored = replace(current, **{name: getattr(before, name) for name in fields})
        for event in added:
            restored = _revert_event(event)(restored) or restored
        return restored

    return revert


def _new_args(fields: Mapping[str, Any], today: date) -> dict[str, Any]:
    """Keyword arguments of `changes.new_ladder` from the form's (already typed) fields.

    A ladder starts today unless the fields say it started earlier."""
    allowed = ("identity", "action", "unit", "start", "step", "hold", "days", "granularity",
               "minutes", "ladder_id", "start_day")
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise BadInput(f"unknown ladder field {unknown[0]!r}")
    args = {key: fields[key] for key in allowed if key in fields}
    args.setdefault("start_day", today)
    return args


def _edited(
    ladder: Ladder, target: Num, fields: Mapping[str, Any], today: date
) -> tuple[Ladder, list[str]]:
    """`ladder` with `fields` applied; `target` in fields sets today's rung (an edit level)."""
    unknown = sorted(set(fields) - set(EDITABLE) - {"target"})
    if unknown:
        raise BadInput(f"{unknown[0]!r} cannot be edited")
    values = {name: fields.get(name, getattr(ladder, name)) for name in EDITABLE}
    new_target = fields.get("target", target)
    # The same checks as a new ladder, with today's target in the place of the start.
    checked, warnings = changes.new_ladder(
        identity=values["identity"], action=values["action"], unit=values["unit"],
        start=new_target, step=values["step"], start_day=ladder.start_day,
        hold=values["hold"], days=values["days"], granularity=values["granularity"],
        minutes=values["minutes"], ladder_id=ladder.id,
    )
    edited = replace(
        ladder,
        **{name: getattr(checked, name) for name in EDITABLE},
    )
    if checked.start != target:
        edited = changes.edit_target(edited, today, checked.start)
    return edited, warnings
