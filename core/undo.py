"""Records of changes made, to take them back (undo) or make them again (redo).

A record keeps inverse operations, never copies of whole documents: undoing a
check-off puts back the mark that day had before, undoing a climb removes that
one climb event.  Restoring a whole document would silently throw away what
another process wrote in between.  Each direction checks that the ladder is
still as this change left it (or, for redo, as the undo left it) and raises
RuleRefused, saying why, when someone else changed the same thing since.

Each function maps the ladder as it is in the file now (None when there is
no such ladder) to the ladder to store (None to delete it).  The use-case
layer (core/ledger.py) applies them under the lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from smallwins.core.changes import EDITABLE
from smallwins.core.dates import format_day
from smallwins.core.errors import RuleRefused
from smallwins.core.model import Event, Ladder, Mark
from smallwins.core.record import record, replace

Step = Callable[[Ladder | None], Ladder | None]


@record(slots=True)
class Record:
    """One change: its words, and how to take it back or make it again."""

    ladder_id: str
    label: str
    undo: Step
    redo: Step
    ask_first: str | None = None
    """A question to ask before undoing, when undoing removes something the person made."""
    follows: bool = False
    """Made in one go with the record before it (a pause of every ladder): undo takes
    back both, redo makes both again."""


def _present(current: Ladder | None, ladder_id: str) -> Ladder:
    if current is None:
        raise RuleRefused(f"{ladder_id!r} is no longer in the data file")
    return current


def _swap_mark(ladder_id: str, day: date, old: Mark | None, new: Mark | None) -> Step:
    def step(current: Ladder | None) -> Ladder:
        ladder = _present(current, ladder_id)
        if ladder.marks.get(day) != old:
            raise RuleRefused(f"{format_day(day)} of {ladder_id!r} was changed elsewhere since")
        return ladder.with_mark(day, new)

    return step


def mark_record(ladder_id: str, label: str, day: date, before: Mark | None,
                after: Mark | None) -> Record:
    """A day's mark changed from `before` to `after`."""
    return Record(ladder_id, label, undo=_swap_mark(ladder_id, day, after, before),
                  redo=_swap_mark(ladder_id, day, before, after))


def _swap_marks(ladder_id: str, old: Mapping[date, Mark | None],
                new: Mapping[date, Mark | None]) -> Step:
    def step(current: Ladder | None) -> Ladder:
        ladder = _present(current, ladder_id)
        for day, mark in old.items():
            if ladder.marks.get(day) != mark:
                raise RuleRefused(f"{format_day(day)} of {ladder_id!r} was changed "
                                  "elsewhere since")
        for day, mark in new.items():
            ladder = ladder.with_mark(day, mark)
        return ladder

    return step


def marks_record(ladder_id: str, label: str, before: Ladder, after: Ladder,
                 follows: bool = False) -> Record:
    """Several days' marks changed at once (a pause): undone and redone together."""
    days = {day for day in set(before.marks) | set(after.marks)
            if before.marks.get(day) != after.marks.get(day)}
    old = {day: before.marks.get(day) for day in days}
    new = {day: after.marks.get(day) for day in days}
    return Record(ladder_id, label, undo=_swap_marks(ladder_id, new, old),
                  redo=_swap_marks(ladder_id, old, new), follows=follows)


def _remove_event(ladder_id: str, event: Event) -> Step:
    def step(current: Ladder | None) -> Ladder:
        ladder = _present(current, ladder_id)
        events = list(ladder.events)
        for index in range(len(events) - 1, -1, -1):
            if events[index] == event:
                del events[index]
                return replace(ladder, events=tuple(events))
        raise RuleRefused(f"that change of {ladder_id!r} is no longer in its history")

    return step


def _add_event(ladder_id: str, event: Event, count: int) -> Step:
    """Put `event` back, if the ladder holds it `count - 1` times (as after the undo)."""

    def step(current: Ladder | None) -> Ladder:
        ladder = _present(current, ladder_id)
        if ladder.events.count(event) != count - 1:
            raise RuleRefused(f"{ladder_id!r} was changed elsewhere since")
        return ladder.with_event(event)

    return step


def event_record(ladder_id: str, label: str, event: Event, after: Ladder) -> Record:
    """A climb, halving or edit of the target was added (`after` holds it)."""
    count = after.events.count(event)
    return Record(ladder_id, label, undo=_remove_event(ladder_id, event),
                  redo=_add_event(ladder_id, event, count))


def create_record(ladder: Ladder, label: str) -> Record:
    """A new ladder: undoing deletes it (asking first), redoing puts it back."""

    def undo(current: Ladder | None) -> None:
        present = _present(current, ladder.id)
        if present.marks or present.events:
            raise RuleRefused(f"{ladder.id!r} has history now: archive it instead")
        return None

    def redo(current: Ladder | None) -> Ladder:
        if current is not None:
            raise RuleRefused(f"a ladder {ladder.id!r} exists again: nothing to redo")
        return ladder

    question = (f"Undoing removes the ladder {ladder.id!r} you made ({ladder.action}): "
                "remove it?")
    return Record(ladder.id, label, undo=undo, redo=redo, ask_first=question)


def _set_fields(ladder_id: str, expect: Ladder, target: Ladder, fields: list[str],
                events: Step | None) -> Step:
    def step(current: Ladder | None) -> Ladder:
        ladder = _present(current, ladder_id)
        if any(getattr(ladder, name) != getattr(expect, name) for name in fields):
            raise RuleRefused(f"{ladder_id!r} was edited elsewhere since")
        changed = replace(ladder, **{name: getattr(target, name) for name in fields})
        if events is not None:
            result = events(changed)
            assert result is not None
            changed = result
        return changed

    return step


def edit_record(before: Ladder, after: Ladder, label: str) -> Record:
    """An edit of settings and perhaps today's target (one `edit` event)."""
    fields = [name for name in EDITABLE if getattr(before, name) != getattr(after, name)]
    added = after.events[len(before.events):]
    if len(added) > 1:
        raise ValueError("an edit adds at most one event")
    event = added[0] if added else None
    undo_events = _remove_event(before.id, event) if event else None
    redo_events = _add_event(before.id, event, after.events.count(event)) if event else None
    return Record(before.id, label,
                  undo=_set_fields(before.id, after, before, fields, undo_events),
                  redo=_set_fields(before.id, before, after, fields, redo_events))


def archive_record(ladder_id: str, label: str, archived: bool) -> Record:
    """The ladder was archived (or brought back, when `archived` is False)."""

    def setting(value: bool) -> Step:
        def step(current: Ladder | None) -> Ladder:
            ladder = _present(current, ladder_id)
            if ladder.archived == value:
                raise RuleRefused(f"{ladder_id!r} was changed elsewhere since")
            return replace(ladder, archived=value)

        return step

    return Record(ladder_id, label, undo=setting(not archived), redo=setting(archived))
