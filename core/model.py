"""Frozen data types of a ladder and their stored (document) form.

A ladder document is what the data file holds for one ladder; `Ladder` is the
same thing as typed, immutable Python.  Nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal

from smallwins.core import limits
from smallwins.core.errors import BadInput

Num = int | float

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = frozenset(range(7))

EventKind = Literal["climb", "halve", "edit"]
LevelReason = Literal["start", "climb", "drop-back", "halve", "edit"]

# Stored form of a rest day in a ladder's day map.
REST_MARK = "r"

_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


class ModelError(BadInput):
    """A value that cannot make a valid ladder (bad input: exit code 2)."""


def num(value: Any) -> Num:
    """Normalise a stored or typed number: integral floats become ints."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelError(f"{value!r} is not a number")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ModelError(f"{value!r} is not a finite number")
        if value.is_integer():
            return int(value)
    return value


def dec(value: Num) -> Decimal:
    """Exact decimal of a number as the user wrote it (0.1 stays 0.1)."""
    return Decimal(str(value))


def from_dec(value: Decimal) -> Num:
    return num(int(value) if value == value.to_integral_value() else float(value))


def is_multiple(value: Num, granularity: Num) -> bool:
    return dec(value) % dec(granularity) == 0


@dataclass(frozen=True, slots=True)
class Win:
    """A won day: the target that applied, and optionally more done and a note."""

    target: Num
    amount: Num | None = None
    note: str | None = None
    extra: Mapping[str, Any] | None = field(default=None, hash=False)
    """Keys of a stored mark this version does not know, kept as they were."""


@dataclass(frozen=True, slots=True)
class Rest:
    """A scheduled day declared off: neither win nor miss; optionally a note (why)."""

    note: str | None = None
    extra: Mapping[str, Any] | None = field(default=None, hash=False)
    """Keys of a stored rest day this version does not know, kept as they were."""


REST = Rest()
Mark = Win | Rest


@dataclass(frozen=True, slots=True)
class Event:
    """A change of target the user chose: climb, halve, or edit to `target`."""

    day: date
    kind: EventKind
    target: Num | None = None
    extra: tuple[Any, ...] = field(default=(), hash=False)
    """Items of a stored event after the ones this version knows, kept as they were."""


@dataclass(frozen=True, slots=True)
class Ladder:
    """One habit being grown, with its whole stored history."""

    id: str
    identity: str
    action: str
    unit: str
    start: Num
    step: Num
    start_day: date
    hold: int = 14
    days: frozenset[int] = EVERY_DAY
    granularity: Num = 1
    minutes: Num | None = None
    archived: bool = False
    created: int = 0  # order of creation, for a stable list order
    events: tuple[Event, ...] = ()
    marks: dict[date, Mark] = field(default_factory=dict, hash=False, compare=True)
    unit_one: str = ""  # the unit for an amount of 1 ("sentence"); "" derives it from `unit`
    extra: Mapping[str, Any] = field(default_factory=lambda: _NO_EXTRA, hash=False)
    """Keys of the stored document this version does not know, kept as they were."""

    def with_mark(self, day: date, mark: Mark | None) -> Ladder:
        marks = dict(self.marks)
        if mark is None:
            marks.pop(day, None)
        else:
            marks[day] = mark
        return replace(self, marks=marks)

    def with_event(self, event: Event) -> Ladder:
        return replace(self, events=self.events + (event,))

    @property
    def rung_text(self) -> str:
        return f"{self.action} {{target}} {self.unit}"


def format_num(value: Num) -> str:
    """A number as people read it: 13050 -> '13,050', 2.5 -> '2.5'."""
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def days_text(days: frozenset[int]) -> str:
    """A schedule as it is typed: 'every day', 'mon-fri', 'mon,wed,fri'."""
    if days == EVERY_DAY:
        return "every day"
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{WEEKDAYS[ordered[0]]}-{WEEKDAYS[ordered[-1]]}"
    return ",".join(WEEKDAYS[d] for d in ordered)


def parse_days(text: str) -> frozenset[int]:
    """Parse 'mon,tue', 'mon-fri', 'daily'/'every day', 'weekdays', 'weekends'."""
    cleaned = text.strip().lower()
    if cleaned in ("", "daily", "every day", "everyday", "all"):
        return EVERY_DAY
    if cleaned == "weekdays":
        return frozenset(range(5))
    if cleaned == "weekends":
        return frozenset({5, 6})
    result: set[int] = set()
    for part in cleaned.replace(" ", "").split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _weekday(first, text), _weekday(last, text)
            span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
            result.update(span)
        else:
            result.add(_weekday(part, text))
    return frozenset(result)


def _weekday(name: str, whole: str) -> int:
    key = name[:3]
    if len(name) < 3 or key not in WEEKDAYS or not _is_prefix_of_day(name):
        raise ModelError(
            f"unknown weekday {name!r} in {whole!r}: use mon,tue,wed,thu,fri,sat,sun "
            "or a range like mon-fri"
        )
    return WEEKDAYS.index(key)


_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _is_prefix_of_day(name: str) -> bool:
    return any(full.startswith(name) for full in _FULL)


# ---------------------------------------------------------------- documents
#
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
        "events": [_event_to_doc(e) for e in ladder.events],
        "marks": {d.isoformat(): _mark_to_doc(m) for d, m in sorted(ladder.marks.items())},
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


def _marks_from_doc(raw: dict[str, Any]) -> dict[date, Mark]:
    """Parse a day map; identical plain wins share one frozen Win.

    Loading years of history is on the path to the first frame, so the days
    are checked in bulk after a plain parse: every key ten characters long
    and none a week date (the only other forms `fromisoformat` reads), no two
    keys the same day, all within the days smallwins keeps.  When anything
    is off, `_explain_marks` finds the first problem and says it.
    """
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
    if out and not (len(out) == len(raw) and sum(map(len, raw)) == 10 * len(raw)
                    and "W" not in "".join(raw)
                    and min(out) >= limits.FIRST_DAY and max(out) <= limits.LAST_DAY):
        _explain_marks(raw)
    return out


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
        if len(text) != 10 or "W" in text or not limits.FIRST_DAY <= day <= limits.LAST_DAY:
            raise ValueError(text)
    except (ValueError, TypeError):
        day = limits.day_key(text, f"event {row[1]}: the day")
    target = limits.amount(row[2], f"event {row[1]} on {row[0]}: the target") \
        if len(row) > 2 and row[2] is not None else None
    if row[1] == "edit" and target is None:
        raise ShapeError(f"event edit on {day.isoformat()}: the target is missing")
    return Event(day, row[1], target, tuple(row[3:]))
