"""Frozen data types of a ladder: `Ladder`, its marks (`Win`, `Rest`) and `Event`s.

`Ladder` is one ladder as typed, immutable Python; its stored (document)
form and the checks made on reading it are in core/ladder_doc.py.  Nothing
here reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from smallwins.core.errors import BadInput
from smallwins.core.marks import DayMarks
from smallwins.core.record import field, record, replace

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Any, Literal

    EventKind = Literal["climb", "halve", "edit"]
    LevelReason = Literal["start", "climb", "drop-back", "halve", "edit"]

Num = int | float

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = frozenset(range(7))

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
    from decimal import Decimal  # only here: a file's amounts are read without it

    return Decimal(str(value))


def from_dec(value: Decimal) -> Num:
    return num(int(value) if value == value.to_integral_value() else float(value))


MILLION = 1_000_000


def millionths(value: Num) -> int | None:
    """`value` in millionths, exactly as `dec` reads it (from its shortest repr); None
    past six places, or for what is not finite.  Amounts have at most six places
    (core/limits.py), so the engine adds and halves them as whole numbers, exactly as
    decimals would, without importing `decimal` on every cold `smallwins status`."""
    if value.__class__ is int:
        return value * MILLION
    whole, dot, places = repr(value).partition(".")
    if not dot or len(places) > 6 or not places.isdigit():  # 1e+16, 1.5e-07, inf, nan
        return None
    return int(whole + places.ljust(6, "0"))


def from_millionths(total: int) -> Num:
    """The number that is `total` millionths: an int when whole, else the nearest float
    (as `from_dec` gives it)."""
    whole, part = divmod(abs(total), MILLION)
    if part == 0:
        return total // MILLION
    return float(f"{'-' if total < 0 else ''}{whole}.{part:06d}")


def is_multiple(value: Num, granularity: Num) -> bool:
    return dec(value) % dec(granularity) == 0


@record(slots=True)
class Win:
    """A won day: the target that applied, and optionally more done and a note."""

    target: Num
    amount: Num | None = None
    note: str | None = None
    extra: Mapping[str, Any] | None = field(default=None, hash=False)
    """Keys of a stored mark this version does not know, kept as they were."""


@record(slots=True)
class Rest:
    """A scheduled day declared off: neither win nor miss; optionally a note (why)."""

    note: str | None = None
    extra: Mapping[str, Any] | None = field(default=None, hash=False)
    """Keys of a stored rest day this version does not know, kept as they were."""


REST = Rest()
Mark = Win | Rest


@record(slots=True)
class Event:
    """A change of target the user chose: climb, halve, or edit to `target`."""

    day: date
    kind: EventKind
    target: Num | None = None
    extra: tuple[Any, ...] = field(default=(), hash=False)
    """Items of a stored event after the ones this version knows, kept as they were."""


@record(slots=True)
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
    marks: DayMarks[Mark] = field(default_factory=DayMarks, hash=False, compare=True)
    """Every marked day, in day order (a mapping of day to mark; built from any mapping)."""
    unit_one: str = ""  # the unit for an amount of 1 ("sentence"); "" derives it from `unit`
    extra: Mapping[str, Any] = field(default_factory=lambda: _NO_EXTRA, hash=False)
    """Keys of the stored document this version does not know, kept as they were."""

    def __post_init__(self) -> None:
        if self.marks.__class__ is not DayMarks:  # a dict of marks, from code that builds one
            object.__setattr__(self, "marks", DayMarks(self.marks))

    def with_mark(self, day: date, mark: Mark | None) -> Ladder:
        return replace(self, marks=self.marks.with_day(day, mark))

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


_STORED_FORM = frozenset(("LADDER_KEYS", "MARK_KEYS", "REST_KEYS", "ShapeError", "is_rest_doc",
                          "ladder_from_doc", "ladder_to_doc"))


def __getattr__(name: str) -> Any:
    """The stored form's names, where they were before core/ladder_doc.py held them."""
    if name in _STORED_FORM:
        from smallwins.core import ladder_doc

        return getattr(ladder_doc, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
