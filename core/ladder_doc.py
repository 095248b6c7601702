"""A ladder's stored (document) form read back, checked; written by core/stored_form.py.

A ladder document is what the data file holds for one ladder (core/model.py
has the same thing as typed, immutable Python).  Every document read, and
every one about to be written, is checked here against the limits of
core/limits.py, so a file smallwins wrote is always one it can read.
"""

from __future__ import annotations

from datetime import date
from itertools import repeat
from operator import add, and_, eq, is_, itemgetter
from types import MappingProxyType

from smallwins.core import limits
from smallwins.core.marks_doc import DayKeys, ShapeError, is_day_key, made, marks_from_doc
from smallwins.core.model import REST_MARK, Event, Ladder
from smallwins.core.stored_form import (
    LADDER_KEYS,
    MARK_KEYS,
    REST_KEYS,
    changed_doc,
    ladder_to_doc,
)

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from smallwins.core.model import EventKind

__all__ = ["LADDER_KEYS", "MARK_KEYS", "REST_KEYS", "ShapeError", "changed_doc",
           "is_rest_doc", "ladder_from_doc", "ladder_to_doc"]


def ladder_from_doc(doc: Any, label: str = "a ladder", day_keys: DayKeys | None = None,
                    ) -> Ladder:
    """Build a Ladder from its stored document, checked against the limits of
    core/limits.py; ShapeError says which ladder, which field and what was expected.
    `day_keys`: the table of day keys shared by the ladders of one load (core/marks_doc.py).

    Words are read as they are (a file written before the rule against control
    characters stays usable; they are escaped where printed); every number,
    day and id must be within its limits.
    """
    if not isinstance(doc, dict):
        raise ShapeError(f"{label} is {_json_type(doc)}, not an object")
    lid = doc.get("id")
    where = f"ladder {lid!r}" if limits.is_ladder_id(lid) else label
    try:
        days_raw = doc.get("days", list(range(7)))
        if not isinstance(days_raw, list) or not days_raw or not all(
            d.__class__ is int and 0 <= d <= 6 for d in days_raw
        ):
            raise ShapeError("days must be a list of weekday numbers 0 (Monday) to 6, "
                             f"at least one; got {limits.shown(days_raw)}")
        marks_raw = doc.get("marks", {})
        if not isinstance(marks_raw, dict):
            raise ShapeError(f"marks must be an object, got {limits.shown(marks_raw)}")
        events_raw = doc.get("events", [])
        if not isinstance(events_raw, list):
            raise ShapeError(f"events must be a list, got {limits.shown(events_raw)}")
        archived = doc.get("archived", False)
        if archived.__class__ is not bool:
            raise ShapeError(f"archived must be true or false, got {limits.shown(archived)}")
        minutes = doc.get("minutes")
        ladder_id = limits.ladder_id(doc.get("id"))
        identity, action = _text(doc, "identity"), _text(doc, "action")
        unit, unit_one = _unit_forms(doc)
        ladder = Ladder(
            id=ladder_id,
            identity=identity,
            action=action,
            unit=unit,
            unit_one=unit_one,
            start=limits.amount(_present(doc, "start"), "start"),
            step=limits.amount(_present(doc, "step"), "step"),
            start_day=limits.day_key(_present(doc, "start_day"), "start_day"),
            hold=limits.hold(doc.get("hold", 14)),
            days=frozenset(days_raw),
            granularity=limits.amount(doc.get("granularity", 1), "granularity"),
            minutes=None if minutes is None else limits.minutes(minutes),
            archived=archived,
            created=limits.created(doc.get("created", 0)),
            events=_events_from_doc(events_raw),
            marks=marks_from_doc(marks_raw, day_keys),
            extra=MappingProxyType({k: v for k, v in doc.items() if k not in LADDER_KEYS}),
        )
    except (ShapeError, limits.LimitError) as exc:
        text = str(exc)
        joint = ", " if text.startswith(("mark on", "event")) else ": "
        raise ShapeError(f"{where}{joint}{text}") from None
    return ladder


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return "null" if value is None else f"{str(value).lower()}"


def _present(doc: dict[str, Any], key: str) -> Any:
    value = doc.get(key)
    if value is None:
        raise ShapeError(f"{key} is missing")
    return value


def _unit_forms(doc: dict[str, Any]) -> tuple[str, str]:
    """(plural, singular) of the unit.  A file written before units had two forms
    holds one, as typed ("sentence" or "sentences"): both are derived from it."""
    typed = _text(doc, "unit", allow_empty=True)
    if "unit_one" in doc:
        return typed, _text(doc, "unit_one", allow_empty=True)
    from smallwins.core.words import unit_forms

    one, many = unit_forms(typed)
    return many, one


def _text(doc: dict[str, Any], key: str, allow_empty: bool = False) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or (not value and not allow_empty):
        kind = "text" if allow_empty else "a non-empty string"
        raise ShapeError(f"{key} must be {kind}, got {limits.shown(value)}")
    return value


def is_rest_doc(value: Any) -> bool:
    """Whether a stored mark is a rest day ("r", or {"r":1,...} with a note)."""
    return value == REST_MARK or (isinstance(value, dict) and "r" in value)


def _events_from_doc(rows: list[Any]) -> tuple[Event, ...]:
    """Parse a ladder's events: in bulk when all is well (`_bulk_events`), else
    one by one (`_event_from_doc`), which refuses exactly what is wrong and says it."""
    if not rows:
        return ()
    try:
        bulk = _bulk_events(rows)
    except (ShapeError, limits.LimitError, ValueError, TypeError):
        bulk = None
    return bulk if bulk is not None else tuple(map(_event_from_doc, rows))


_KIND: dict[str, EventKind] = {"climb": "climb", "halve": "halve", "edit": "edit"}
"""Each kind as one string shared by every event, not a copy per event read."""
_EVENT_KINDS = frozenset(_KIND)
_LENGTHS = frozenset((2, 3))
_NO_TARGET = [None]
_NUMBER_OR_NONE = frozenset((int, float, type(None)))


def _bulk_events(rows: list[Any]) -> tuple[Event, ...] | None:
    """Every event of `rows` when all is well, else None (or an exception).

    Each row a list [day, kind] or [day, kind, target], the kind one that is
    known, the day as `_bulk_marks` reads a day key (but in any order), each
    distinct target checked once with its type known (true equals 1) and an
    edit with its target; any other row is left to the slow path.
    """
    count = len(rows)
    lengths = set(map(len, rows))
    if set(map(type, rows)) != {list} or not lengths <= _LENGTHS:
        return None
    texts = list(map(itemgetter(0), rows))
    kinds = list(map(itemgetter(1), rows))
    if not set(kinds) <= _EVENT_KINDS:
        return None
    kinds = list(map(_KIND.__getitem__, kinds))
    days = list(map(date.fromisoformat, texts))
    joined = "".join(texts)
    if not (len(joined) == 10 * count and "W" not in joined
            and joined[4::10] == joined[7::10] == "-" * count
            and min(days) >= limits.FIRST_DAY and max(days) <= limits.LAST_DAY):
        return None
    if 3 in lengths:
        targets = list(map(itemgetter(2), map(add, rows, repeat(_NO_TARGET))))
        if not set(map(type, targets)) <= _NUMBER_OR_NONE:
            return None
        checked = {t: limits.amount(t, "the target") for t in set(targets) if t is not None}
        targets = list(map(checked.get, targets))
    else:
        targets = [None] * count
    if "edit" in kinds and any(map(and_, map(eq, kinds, repeat("edit")),
                                   map(is_, targets, repeat(None)))):
        return None
    return tuple(made(Event, count, days, kinds, targets, repeat(())))


def _event_from_doc(row: Any) -> Event:
    if not isinstance(row, list) or len(row) < 2 or row[1] not in ("climb", "halve", "edit"):
        raise ShapeError(f"event {limits.shown(row)}: expected [day, kind, target] with "
                         "kind climb, halve or edit")
    text = row[0]
    try:  # the usual case, quickly; anything else is checked in words
        day = date.fromisoformat(text)
        if not is_day_key(text) or not limits.FIRST_DAY <= day <= limits.LAST_DAY:
            raise ValueError(text)
    except (ValueError, TypeError):
        day = limits.day_key(text, f"event {row[1]}: the day")
    target = limits.amount(row[2], f"event {row[1]} on {row[0]}: the target") \
        if len(row) > 2 and row[2] is not None else None
    if row[1] == "edit" and target is None:
        raise ShapeError(f"event edit on {day.isoformat()}: the target is missing")
    return Event(day, _KIND[row[1]], target, tuple(row[3:]))
