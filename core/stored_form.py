"""What a ladder is stored as: its document, made whole or from the one it changes.

A ladder document is what the data file holds for one ladder; core/ladder_doc.py
reads one back, checked.  A change of one ladder (a check-off on years of
history) is made from the document the ladder was read from, converting only
what changed (`changed_doc`), so its cost does not grow with the history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from smallwins.core.model import REST_MARK, Event, Ladder, Mark, Rest

# One document per ladder.  Day marks are kept small, because a win must cost
# at most 40 bytes of file: "2024-05-01":150 is a win at target 150, an object
# {"t":150,"a":180,"n":"note"} a win with more, "r" a rest day and {"r":1,"n":"note"}
# a rest day with a note.
#
# Keys this version does not know (written by a newer one, or by hand) are
# kept as they are, on a ladder, on a mark object and after an event's known
# items, so an older smallwins never drops what a newer one wrote.

LADDER_KEYS = frozenset((
    "id", "identity", "action", "unit", "unit_one", "start", "step", "hold", "days",
    "granularity", "start_day", "minutes", "archived", "created", "events", "marks",
))
MARK_KEYS = frozenset(("t", "a", "n"))
REST_KEYS = frozenset(("r", "n"))


def ladder_to_doc(ladder: Ladder) -> dict[str, Any]:
    """The document to store for `ladder` (its marks converted in bulk, at C speed)."""
    return _doc(ladder, [_event_to_doc(e) for e in ladder.events],
                ladder.marks.by_iso_day(_mark_to_doc))


def changed_doc(after: Ladder, before: Ladder,
                before_doc: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document to store for `after`, a change of `before`, and the part of it
    that is new, which is all that needs checking (`before` was checked when read).

    `before_doc` is the document `before` was read from (left as it is), or
    None.  With it, the events and marks that did not change are taken from it
    as they are, rather than converted again: a check-off on years of history
    converts one mark.  Taken as they are, they read back as they did, so the
    document reads back as `after`.
    """
    old_events, events = before.events, after.events
    stored_events = before_doc.get("events") if before_doc is not None else None
    if isinstance(stored_events, list) and len(stored_events) == len(old_events) \
            and events[:len(old_events)] == old_events:
        new_events = [_event_to_doc(e) for e in events[len(old_events):]]
        event_rows = stored_events + new_events
    else:
        new_events = event_rows = [_event_to_doc(e) for e in events]
    new_marks: dict[str, Any] = {}
    gone: list[str] = []
    stored_marks = before_doc.get("marks") if before_doc is not None else None
    usable = isinstance(stored_marks, dict) and len(stored_marks) == len(before.marks)
    for ordinal in after.marks.changed_days(before.marks):
        day = date.fromordinal(ordinal)
        key, mark = day.isoformat(), after.marks.get(day)
        # Each changed day must be stored under its own key exactly when it was marked.
        usable = usable and (key in stored_marks) == (day in before.marks)  # type: ignore[operator]
        if mark is None:
            gone.append(key)
        else:
            new_marks[key] = _mark_to_doc(mark)
    if usable:
        assert isinstance(stored_marks, dict)
        marks = dict(stored_marks)
        for key in gone:
            del marks[key]
        last = next(reversed(marks), "")
        marks.update(new_marks)
        if any(key < last and key not in stored_marks for key in new_marks):
            marks = dict(sorted(marks.items()))  # a day before the last: kept in day order
    else:
        marks = after.marks.by_iso_day(_mark_to_doc)
    return _doc(after, event_rows, marks), _doc(after, new_events, new_marks)


def _doc(ladder: Ladder, events: list[Any], marks: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": ladder.id,
        "identity": ladder.identity,
        "action": ladder.action,
        "unit": ladder.unit,
        "unit_one": ladder.unit_one,
        "start": ladder.start,
        "step": ladder.step,
        "hold": ladder.hold,
        "days": sorted(ladder.days),
        "granularity": ladder.granularity,
        "start_day": ladder.start_day.isoformat(),
        "minutes": ladder.minutes,
        "archived": ladder.archived,
        "created": ladder.created,
        "events": events,
        "marks": marks,
    }
    if ladder.extra:
        doc.update((k, v) for k, v in ladder.extra.items() if k not in LADDER_KEYS)
    return doc


def _event_to_doc(event: Event) -> list[Any]:
    row: list[Any] = [event.day.isoformat(), event.kind]
    if event.target is not None or event.extra:
        row.append(event.target)
    row.extend(event.extra)
    return row


def _mark_to_doc(mark: Mark) -> Any:
    if isinstance(mark, Rest):
        if mark.note is None and not mark.extra:
            return REST_MARK
        rest: dict[str, Any] = {"r": 1}
        if mark.note is not None:
            rest["n"] = mark.note
        if mark.extra:
            rest.update((k, v) for k, v in mark.extra.items() if k not in REST_KEYS)
        return rest
    if mark.amount is None and mark.note is None and not mark.extra:
        return mark.target
    out: dict[str, Any] = {"t": mark.target}
    if mark.amount is not None:
        out["a"] = mark.amount
    if mark.note is not None:
        out["n"] = mark.note
    if mark.extra:
        out.update((k, v) for k, v in mark.extra.items() if k not in MARK_KEYS)
    return out
