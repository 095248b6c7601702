"""A ladder document's day map (its marks) read and checked, in bulk when it can be.

A day map holds years of marks: "2024-05-01":150 is a win at target 150,
{"t":150,"a":180,"n":"note"} a win with more, "r" a rest day and
{"r":1,"n":"note"} a rest day with a note.  Reading it is on the path to the
app's first frame and to the status line, so the marks are first read in
bulk, at C speed (`_bulk_marks`).  Whatever that does not accept as it is,
a mark or a day it doubts, is read again one mark at a time
(`_marks_one_by_one`), which refuses exactly what is wrong and says it: the
bulk read decides nothing a mark-by-mark read would decide otherwise.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import compress, repeat
from operator import itemgetter
from types import MappingProxyType

from smallwins.core import limits
from smallwins.core.marks import DayMarks, index_array
from smallwins.core.model import REST, REST_MARK, Mark, Rest, Win
from smallwins.core.stored_form import MARK_KEYS, REST_KEYS

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")


class ShapeError(ValueError):
    """A stored document that does not have the shape of a ladder."""


_FROM_ISO = date.fromisoformat
_TO_ORDINAL = date.toordinal
_FIRST = limits.FIRST_DAY.toordinal()
_LAST = limits.LAST_DAY.toordinal()


class DayKeys:
    """Every stored day key (YYYY-MM-DD) of a stretch of days, with its ordinal.

    Reading a day key takes `fromisoformat`, a check of its form and
    `toordinal`, for each of thousands of marks per ladder.  The ladders of
    one file mostly span the same years, so a load makes this table of every
    day they span once, and each mark's day is then one lookup: a key found
    here is a day smallwins keeps, written exactly as smallwins writes it.
    A key it does not hold goes the usual way.  It lives for one load (kept,
    it would be memory for nothing) and grows by at most about twice as many
    days as the ladder that asks holds marks: a sparse one goes the usual way.
    """

    __slots__ = ("ordinals", "first", "end")

    def __init__(self) -> None:
        self.ordinals: dict[str, int] = {}
        self.first = self.end = 0  # the ordinals held: first to end - 1

    def of(self, raw: dict[str, Any]) -> list[int] | None:
        """The ordinal of every key of `raw`, or None (a key not held, or no table to pay)."""
        try:
            first = _FROM_ISO(next(iter(raw))).toordinal()
            end = _FROM_ISO(next(reversed(raw))).toordinal() + 1
        except (ValueError, TypeError):
            return None
        if not _FIRST <= first < end <= _LAST + 1:
            return None  # not in day order: the usual way says the rest
        held = bool(self.ordinals)
        start, stop = (min(first, self.first), max(end, self.end)) if held else (first, end)
        if stop - start - len(self.ordinals) > 2 * len(raw) + 366:
            return None  # too sparse for a table to pay
        if held:
            self._add(start, self.first)
            self._add(self.end, stop)
        else:
            self._add(start, stop)
        self.first, self.end = start, stop
        try:
            return list(map(self.ordinals.__getitem__, raw))
        except KeyError:
            return None

    def _add(self, first: int, end: int) -> None:
        """Hold the days `first` to `end` - 1, a month at a time (`isoformat` is slow)."""
        at = first
        while at < end:
            day = date.fromordinal(at)
            year, month = day.year, day.month
            stop = min(end, date(year + month // 12, month % 12 + 1, 1).toordinal())
            prefix = f"{year:04d}-{month:02d}-"
            self.ordinals.update(zip(map(prefix.__add__, _DAY_TEXTS[day.day - 1:]),
                                     range(at, stop), strict=False))
            at = stop


_DAY_TEXTS = tuple(f"{n:02d}" for n in range(1, 32))


def marks_from_doc(raw: dict[str, Any], day_keys: DayKeys | None = None) -> DayMarks[Mark]:
    """Parse a day map into compact marks; identical marks share one object.

    `day_keys`, when given, is the table of day keys shared by the ladders of
    one load.  ShapeError (or LimitError) says which mark is not right.
    """
    if not raw:
        return DayMarks()
    try:
        bulk = _bulk_marks(raw, day_keys)
    except (ShapeError, limits.LimitError, ValueError, TypeError):
        bulk = None
    return bulk if bulk is not None else DayMarks(_marks_one_by_one(raw))


class _Slot:
    """Stands for a mark read on its own among the plain values, so they can be hashed."""

    __slots__ = ()


_PLAIN = frozenset((int, float, str, dict))
_NUMBER = frozenset((int, float))
_NUMBER_OR_NONE = frozenset((int, float, type(None)))
_TEXT_OR_NONE = frozenset((str, type(None)))


def _bulk_marks(raw: dict[str, Any], day_keys: DayKeys | None = None) -> DayMarks[Mark] | None:
    """Every mark of `raw` when all is well, else None (or an exception).

    The days: every key exactly YYYY-MM-DD (ten characters, dashes at 4 and
    7, no week date: `fromisoformat` reads other forms too), in day order
    (as smallwins writes them) and within the days smallwins keeps, so no
    two keys are the same day.  The marks: each distinct plain value (a
    target, "r") checked once, and the objects as `_object_keys` says; a
    value of any other type (true, null, a list) is left to the slow path.
    """
    count = len(raw)
    ordinals = None if day_keys is None else day_keys.of(raw)
    if ordinals is None:
        ordinals = list(map(_TO_ORDINAL, map(_FROM_ISO, raw)))
        joined = "".join(raw)
        if not (len(joined) == 10 * count and "W" not in joined
                and joined[4::10] == joined[7::10] == "-" * count):
            return None
    if not (ordinals == sorted(ordinals) and ordinals[0] >= _FIRST and ordinals[-1] <= _LAST):
        return None
    values = list(raw.values())
    types = list(map(type, values))
    kinds = set(types)
    if not kinds <= _PLAIN:
        return None
    table: list[Mark] = []
    index: dict[Any, int] = {}
    if dict in kinds:
        at = _positions(types, dict)
        for n, key in zip(at, _object_keys(list(map(values.__getitem__, at)), table, index),
                          strict=True):  # a Python step per object, to place its key
            values[n] = key
    plain = set(values) - index.keys()
    words = [value for value in plain if value.__class__ is str]
    _add_marks(table, index, words, [REST if w == REST_MARK else _mark_from_doc(w) for w in words])
    plain.difference_update(words)
    numbers = list(plain)
    _add_marks(table, index, numbers, _wins(numbers, field="the target"))
    return DayMarks.of(array("i", ordinals), _which(len(table), map(index.__getitem__, values)),
                       table)


def _positions(items: list[Any], item: Any) -> list[int]:
    """Where `item` is in `items`: found at C speed, a Python step only per hit."""
    found: list[int] = []
    at = -1
    find = items.index
    try:
        while True:
            at = find(item, at + 1)
            found.append(at)
    except ValueError:
        return found


def _object_keys(objects: list[dict[str, Any]], table: list[Mark],
                 index: dict[Any, int]) -> list[Any]:
    """A key for each object mark, its mark in `table` at `index[key]`.

    Wins (objects with "t") are keyed by `_win_keys`; any other object (a
    rest day with a note, or one that is not right) is read on its own.
    """
    wins = list(map(dict.__contains__, objects, repeat("t")))
    others = _positions(wins, False)
    keys = _win_keys(list(compress(objects, wins)) if others else objects, table, index)
    if not others:
        return keys
    alone: list[Any] = []
    for n in others:
        alone.append(_Slot())
        index[alone[-1]] = len(table)
        table.append(_mark_from_doc(objects[n]))
    pick = (iter(alone), iter(keys))
    return list(map(next, map(pick.__getitem__, wins)))


def _win_keys(wins: list[dict[str, Any]], table: list[Mark],
              index: dict[Any, int]) -> list[Any]:
    """A key for each win object, its mark in `table` at `index[key]`.

    Years of wins with an amount or a note hold the same few objects many
    times ({"t": 5, "a": 6}, {"t": 5, "n": "felt easy"}).  When every one is
    plainly a win (a number "t", a number or no "a", text or no "n", and no
    other key), each is keyed by those three values: with their types known,
    equal keys are read alike (true, 1 and 1.0 are equal keys, hence the
    types first), so each distinct key is checked once (`_win`, as for any
    win).  Otherwise each is read on its own by `_mark_from_doc`.
    """
    targets = list(map(dict.get, wins, repeat("t")))
    amounts = list(map(dict.get, wins, repeat("a")))
    notes = list(map(dict.get, wins, repeat("n")))
    # Each has "t", so it has at least 1 + (an amount) + (a note) keys: equal sums, no others.
    if (set(map(type, targets)) <= _NUMBER and set(map(type, amounts)) <= _NUMBER_OR_NONE
            and set(map(type, notes)) <= _TEXT_OR_NONE
            and sum(map(len, wins)) == 3 * len(wins) - amounts.count(None) - notes.count(None)):
        keys: list[Any] = list(zip(targets, amounts, notes, strict=True))
        distinct = list(dict.fromkeys(keys))
        _add_marks(table, index, distinct, _wins(list(map(itemgetter(0), distinct)),
                                                 list(map(itemgetter(1), distinct)),
                                                 list(map(itemgetter(2), distinct))))
        return keys
    keys = []
    for value in wins:
        keys.append(_Slot())
        index[keys[-1]] = len(table)
        table.append(_mark_from_doc(value))
    return keys


def _wins(targets: list[Any], amounts: list[Any] | None = None,
          notes: list[str | None] | None = None, field: str = "'t' (the target)",
          ) -> list[Win]:
    """Wins as `_win` makes them, their targets and amounts checked, made in bulk."""
    checked = list(map(limits.amount, targets, repeat(field)))
    more = repeat(None) if amounts is None else [
        None if a is None else limits.amount(a, "'a' (the amount)") for a in amounts]
    return made(Win, len(checked), checked, more, repeat(None) if notes is None else notes,
                repeat(None))


def _add_marks(table: list[Mark], index: dict[Any, int], keys: list[Any],
               marks: Sequence[Mark]) -> None:
    """Put `marks` in `table`, each at `index[key]` of its key."""
    index.update(zip(keys, range(len(table), len(table) + len(marks)), strict=True))
    table.extend(marks)


def _which(size: int, positions: Iterable[int]) -> array[int]:
    """`index_array` of `positions`, through `bytes` (at C speed) when each fits in one."""
    return array("B", bytes(positions)) if size <= 0x100 else index_array(size, positions)


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
    if out and not (len(out) == len(raw) and all(is_day_key(key) for key in raw)
                    and min(out) >= limits.FIRST_DAY and max(out) <= limits.LAST_DAY):
        _explain_marks(raw)
    return out


def is_day_key(key: str) -> bool:
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
        return _win(value["t"], amount, note, extra or None)
    if value.__class__ in (int, float):
        return _win(value, None, None, None, "the target")
    raise ShapeError(f"expected a number (a win at that target), \"r\" (a rest day) or an "
                     f"object with \"t\" or \"r\"; got {limits.shown(value)}")


def _win(target: Any, amount: Any, note: str | None,
         extra: MappingProxyType[str, Any] | None = None, field: str = "'t' (the target)",
         ) -> Win:
    """A win, its target and amount checked: the one place a stored win is made."""
    return Win(limits.amount(target, field),
               None if amount is None else limits.amount(amount, "'a' (the amount)"),
               note, extra)


def made(cls: type[T], count: int, *columns: Iterable[Any]) -> list[T]:
    """`count` instances of the frozen, slotted dataclass `cls` from `columns`, one per
    field in order, with no Python step per instance.

    A frozen dataclass's `__init__` sets each field with `object.__setattr__`,
    a few microseconds an instance: thousands of events cost milliseconds.
    Here each field's slot is set down a whole column at C speed, as that
    `__init__` would set it; only for classes whose `__init__` does nothing
    else (tests/core/test_compact_load.py holds Event and Win to that).
    """
    out = list(map(object.__new__, repeat(cls, count)))
    fields: tuple[str, ...] = getattr(cls, "__slots__")  # noqa: B009 (mypy knows no __slots__)
    for name, column in zip(fields, columns, strict=True):
        any(map(getattr(cls, name).__set__, out, column))  # each returns None: all are set
    return out
