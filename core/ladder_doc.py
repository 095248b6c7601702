"""A ladder's stored (document) form read back, checked; written by core/stored_form.py.

A ladder document is what the data file holds for one ladder (core/model.py
has the same thing as typed, immutable Python).  Every document read, and
every one about to be written, is checked here against the limits of
core/limits.py, so a file smallwins wrote is always one it can read.
"""

from __future__ import annotations

from array import array
from datetime import date
from itertools import compress, repeat
from operator import is_
from types import MappingProxyType

from smallwins.core import limits
from smallwins.core.marks import DayMarks, index_array
from smallwins.core.model import REST, REST_MARK, Event, Ladder, Mark, Rest, Win
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

__all__ = ["LADDER_KEYS", "MARK_KEYS", "REST_KEYS", "ShapeError", "changed_doc",
           "is_rest_doc", "ladder_from_doc", "ladder_to_doc"]

class ShapeError(ValueError):
    """A stored document that does not have the shape of a ladder."""


def ladder_from_doc(doc: Any, label: str = "a ladder") -> Ladder:
    """Build a Ladder from its stored document, checked against the limits of
    core/limits.py; ShapeError says which ladder, which field and what was expected.

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
            events=tuple(_event_from_doc(e) for e in events_raw),
            marks=_marks_from_doc(marks_raw),
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


def _marks_from_doc(raw: dict[str, Any]) -> DayMarks[Mark]:
    """Parse a day map into compact marks; identical plain marks share one object.

    Loading years of history is on the path to the first frame and to the
    status line, so the marks are first read in bulk, at C speed
    (`_bulk_marks`).  Whatever that does not accept as it is, a mark or a
    day it doubts, is read again one mark at a time (`_marks_one_by_one`),
    which refuses exactly what is wrong and says it.
    """
    if not raw:
        return DayMarks()
    try:
        bulk = _bulk_marks(raw)
    except (ShapeError, limits.LimitError, ValueError, TypeError):
        bulk = None
    return bulk if bulk is not None else DayMarks(_marks_one_by_one(raw))


class _Slot:
    """Stands for an object mark among the plain values, so they can be hashed."""

    __slots__ = ()


_PLAIN = frozenset((int, float, str, _Slot))
_FROM_ISO = date.fromisoformat
_TO_ORDINAL = date.toordinal
_FIRST = limits.FIRST_DAY.toordinal()
_LAST = limits.LAST_DAY.toordinal()


def _bulk_marks(raw: dict[str, Any]) -> DayMarks[Mark] | None:
    """Every mark of `raw` when all is well, else None (or an exception).

    The days: every key exactly YYYY-MM-DD (ten characters, dashes at 4 and
    7, no week date: `fromisoformat` reads other forms too), in day order
    (as smallwins writes them) and within the days smallwins keeps, so no
    two keys are the same day.  The marks: each object checked, and each
    distinct plain value (a target, "r") once; a value of any other type
    (true, null, a list) is left to the slow path.
    """
    count = len(raw)
    ordinals = list(map(_TO_ORDINAL, map(_FROM_ISO, raw)))
    joined = "".join(raw)
    if not (len(joined) == 10 * count and "W" not in joined
            and joined[4::10] == joined[7::10] == "-" * count
            and ordinals == sorted(ordinals)
            and ordinals[0] >= _FIRST and ordinals[-1] <= _LAST):
        return None
    values = list(raw.values())
    table: list[Mark] = []
    index: dict[Any, int] = {}
    for n in compress(range(count), map(is_, map(type, values), repeat(dict))):
        mark = _mark_from_doc(values[n])
        slot = values[n] = _Slot()
        index[slot] = len(table)
        table.append(mark)
    if not set(map(type, values)) <= _PLAIN:
        return None
    for value in set(values):
        if value.__class__ is not _Slot:
            index[value] = len(table)
            table.append(REST if value == REST_MARK else _mark_from_doc(value))
    which = index_array(len(table), map(index.__getitem__, values))
    return DayMarks.of(array("i", ordinals), which, table)


def _marks_one_by_one(raw: dict[str, Any]) -> dict[date, Mark]:
    """Parse a day map mark by mark, in file order; the first problem is said in words."""
    shared: dict[Any, Mark] = {}
    fromiso = date.fromisoformat
    out: dict[date, Mark] = {}
    try:
        for key, value in raw.items():
            kind = value.__class__
            if kind is int or kind is float:
                mark = shared.get(value)
                if mark is None:
                    mark = shared[value] = _mark_from_doc(value)
            elif value == REST_MARK:
                mark = REST
            else:
                mark = _mark_from_doc(value)
            out[fromiso(key)] = mark
    except (ShapeError, ValueError, TypeError):
        _explain_marks(raw)
        raise
    if out and not (len(out) == len(raw) and all(_is_day_key(key) for key in raw)
                    and min(out) >= limits.FIRST_DAY and max(out) <= limits.LAST_DAY):
        _explain_marks(raw)
    return out


def _is_day_key(key: str) -> bool:
    """Read by `fromisoformat`, a key is YYYY-MM-DD if it has this shape (not, say,
    YYYYMMDD followed by anything, which `fromisoformat` reads too)."""
    return len(key) == 10 and key[4] == key[7] == "-" and "W" not in key


def _explain_marks(raw: dict[str, Any]) -> None:
    """Raise ShapeError for the first mark of `raw` that is not right, in words."""
    days: dict[date, str] = {}
    for key, value in raw.items():
        try:
            day = limits.day_key(key, "the day")
            _mark_from_doc(value)
        except (ShapeError, limits.LimitError, ValueError, TypeError) as exc:
            raise ShapeError(f"mark on {_key_text(key)}: {exc}") from None
        if day in days:
            raise ShapeError(f"mark on {_key_text(key)}: the same day as {days[day]}")
        days[day] = key


def _key_text(key: str) -> str:
    return key if len(key) <= 10 and key.isprintable() else limits.shown(key)


def is_rest_doc(value: Any) -> bool:
    """Whether a stored mark is a rest day ("r", or {"r":1,...} with a note)."""
    return value == REST_MARK or (isinstance(value, dict) and "r" in value)


def _mark_from_doc(value: Any) -> Mark:
    if value == REST_MARK:
        return REST
    if isinstance(value, dict):
        note = value.get("n")
        if note is not None and not isinstance(note, str):
            raise ShapeError(f"'n' (the note) must be text, got {limits.shown(note)}")
        if "r" in value:
            if value["r"] != 1 or "t" in value:
                raise ShapeError(f"a rest day is \"r\" or {{\"r\": 1, \"n\": \"a note\"}}, "
                                 f"got {limits.shown(value)}")
            if len(value) > 1 + (note is not None):
                return Rest(note, MappingProxyType(
                    {k: v for k, v in value.items() if k not in REST_KEYS}))
            return Rest(note) if note is not None else REST
        if "t" not in value:
            raise ShapeError("'t' (the target of the win) is missing; expected an object "
                             'like {"t": 150, "a": 180, "n": "a note"}')
        amount = value.get("a")
        extra = None
        if len(value) > 1 + (amount is not None) + (note is not None):
            extra = MappingProxyType({k: v for k, v in value.items() if k not in MARK_KEYS})
        return Win(limits.amount(value["t"], "'t' (the target)"),
                   None if amount is None else limits.amount(amount, "'a' (the amount)"),
                   note, extra or None)
    if value.__class__ in (int, float):
        return Win(limits.amount(value, "the target"))
    raise ShapeError(f"expected a number (a win at that target), \"r\" (a rest day) or an "
                     f"object with \"t\" or \"r\"; got {limits.shown(value)}")


def _event_from_doc(row: Any) -> Event:
    if not isinstance(row, list) or len(row) < 2 or row[1] not in ("climb", "halve", "edit"):
        raise ShapeError(f"event {limits.shown(row)}: expected [day, kind, target] with "
                         "kind climb, halve or edit")
    text = row[0]
    try:  # the usual case, quickly; anything else is checked in words
        day = date.fromisoformat(text)
        if not _is_day_key(text) or not limits.FIRST_DAY <= day <= limits.LAST_DAY:
            raise ValueError(text)
    except (ValueError, TypeError):
        day = limits.day_key(text, f"event {row[1]}: the day")
    target = limits.amount(row[2], f"event {row[1]} on {row[0]}: the target") \
        if len(row) > 2 and row[2] is not None else None
    if row[1] == "edit" and target is None:
        raise ShapeError(f"event edit on {day.isoformat()}: the target is missing")
    return Event(day, row[1], target, tuple(row[3:]))
