"""Frozen data types of a ladder and their stored (document) form.

A ladder document is what the data file holds for one ladder; `Ladder` is the
same thing as typed, immutable Python.  Nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from smallwins.core.errors import BadInput

Num = int | float

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = frozenset(range(7))

EventKind = Literal["climb", "halve", "edit"]
LevelReason = Literal["start", "climb", "drop-back", "halve", "edit"]

# Stored form of a rest day in a ladder's day map.
REST_MARK = "r"


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


@dataclass(frozen=True, slots=True)
class Rest:
    """A scheduled day declared off: neither win nor miss; optionally a note (why)."""

    note: str | None = None


REST = Rest()
Mark = Win | Rest


@dataclass(frozen=True, slots=True)
class Event:
    """A change of target the user chose: climb, halve, or edit to `target`."""

    day: date
    kind: EventKind
    target: Num | None = None


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
    return doc


def _event_to_doc(event: Event) -> list[Any]:
    row: list[Any] = [event.day.isoformat(), event.kind]
    if event.target is not None:
        row.append(event.target)
    return row


def _mark_to_doc(mark: Mark) -> Any:
    if isinstance(mark, Rest):
        return REST_MARK if mark.note is None else {"r": 1, "n": mark.note}
    if mark.amount is None and mark.note is None:
        return mark.target
    out: dict[str, Any] = {"t": mark.target}
    if mark.amount is not None:
        out["a"] = mark.amount
    if mark.note is not None:
        out["n"] = mark.note
    return out


class ShapeError(ValueError):
    """A stored document that does not have the shape of a ladder."""


def ladder_from_doc(doc: Any) -> Ladder:
    """Build a Ladder from its stored document; ShapeError names what is wrong."""
    if not isinstance(doc, dict):
        raise ShapeError("a ladder is not an object")
    lid = doc.get("id")
    where = f"ladder {lid!r}" if isinstance(lid, str) else "a ladder"
    try:
        days_raw = doc.get("days", list(range(7)))
        if not isinstance(days_raw, list) or not all(
            isinstance(d, int) and 0 <= d <= 6 for d in days_raw
        ):
            raise ShapeError("days must be a list of weekday numbers 0-6")
        marks_raw = doc.get("marks", {})
        if not isinstance(marks_raw, dict):
            raise ShapeError("marks must be an object")
        marks = _marks_from_doc(marks_raw)
        events_raw = doc.get("events", [])
        if not isinstance(events_raw, list):
            raise ShapeError("events must be a list")
        unit, unit_one = _unit_forms(doc)
        ladder = Ladder(
            id=_text(doc, "id"),
            identity=_text(doc, "identity"),
            action=_text(doc, "action"),
            unit=unit,
            unit_one=unit_one,
            start=_positive(doc, "start"),
            step=_positive(doc, "step"),
            start_day=date.fromisoformat(_text(doc, "start_day")),
            hold=int(_positive(doc, "hold", default=14)),
            days=frozenset(days_raw),
            granularity=_positive(doc, "granularity", default=1),
            minutes=None if doc.get("minutes") is None else num(doc["minutes"]),
            archived=bool(doc.get("archived", False)),
            created=int(doc.get("created", 0)),
            events=tuple(_event_from_doc(e) for e in events_raw),
            marks=marks,
        )
    except ShapeError as exc:
        raise ShapeError(f"{where}: {exc}") from None
    except (ModelError, ValueError, TypeError, KeyError) as exc:
        raise ShapeError(f"{where}: {exc}") from None
    return ladder


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
        raise ShapeError(f"{key} must be a non-empty string")
    return value


def _positive(doc: dict[str, Any], key: str, default: Num | None = None) -> Num:
    value = doc.get(key, default)
    if value is None:
        raise ShapeError(f"{key} is missing")
    value = num(value)
    if value <= 0:
        raise ShapeError(f"{key} must be positive")
    return value


def _marks_from_doc(raw: dict[str, Any]) -> dict[date, Mark]:
    """Parse a day map; identical plain wins share one frozen Win (loading
    years of history is on the path to the first frame)."""
    shared: dict[Any, Mark] = {}
    fromiso = date.fromisoformat
    out: dict[date, Mark] = {}
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
    return out


def is_rest_doc(value: Any) -> bool:
    """Whether a stored mark is a rest day ("r", or {"r":1,...} with a note)."""
    return value == REST_MARK or (isinstance(value, dict) and "r" in value)


def _mark_from_doc(value: Any) -> Mark:
    if value == REST_MARK:
        return REST
    if isinstance(value, dict):
        note = value.get("n")
        if note is not None and not isinstance(note, str):
            raise ShapeError("a note must be text")
        if "r" in value:
            if value["r"] != 1 or "t" in value:
                raise ShapeError(f"a rest day is \"r\" or {{\"r\":1,\"n\":...}}, got {value!r}")
            return Rest(note) if note is not None else REST
        amount = value.get("a")
        return Win(num(value["t"]), None if amount is None else num(amount), note)
    return Win(num(value))


def _event_from_doc(row: Any) -> Event:
    if not isinstance(row, list) or len(row) < 2 or row[1] not in ("climb", "halve", "edit"):
        raise ShapeError(f"bad event {row!r}")
    target = num(row[2]) if len(row) > 2 and row[2] is not None else None
    if row[1] == "edit" and target is None:
        raise ShapeError(f"an edit event needs a target: {row!r}")
    return Event(date.fromisoformat(row[0]), row[1], target)
