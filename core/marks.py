"""A ladder's day marks held compactly: a sorted array of days and a table of marks.

Ten years of daily wins are thousands of marks per ladder.  As a dict of
`date` to mark, each costs a date object and a dict slot (about 70 bytes)
and building it costs a Python step per mark.  Here a mark costs 5 or 6
bytes: its day as an ordinal in an `array`, sorted, and the position of its
mark in a table of the distinct marks (every plain win at 150 shares one
`Win`), one byte while the table holds at most 256.
`DayMarks` is a read-only `Mapping[date, mark]` like the dict it replaces;
lookups bisect, and whole spans come out at C speed (`by_ordinal`) for the
replay.  Changing a day makes a new `DayMarks`, as a frozen ladder needs.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import (
    ItemsView,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    ValuesView,
)
from datetime import date, datetime
from typing import Any, Generic, TypeVar

V = TypeVar("V")

_FROM_ORDINAL = date.fromordinal


def index_array(size: int, items: Iterable[int] = ()) -> array[int]:
    """An array of positions in a table of `size` marks: 1 or 2 bytes each while they fit."""
    return array("B" if size <= 0x100 else "H" if size <= 0x10000 else "I", items)


class DayMarks(Mapping[date, V], Generic[V]):
    """Marks by day, sorted by day, held as two arrays and a table of distinct marks."""

    __slots__ = ("_days", "_which", "_table")

    _days: array[int]
    _which: array[int]
    _table: tuple[V, ...]

    def __init__(self, marks: Mapping[date, V] | Iterable[tuple[date, V]] = ()) -> None:
        pairs = marks.items() if isinstance(marks, Mapping) else marks
        ordered = sorted(((_ordinal(day), mark) for day, mark in pairs), key=_first)
        positions: dict[int, int] = {}  # by id(): a mark is shared only with itself
        table: list[V] = []
        which: list[int] = []
        for _o, mark in ordered:
            at = positions.get(id(mark))
            if at is None:
                at = positions[id(mark)] = len(table)
                table.append(mark)
            which.append(at)
        days = array("i", [o for o, _mark in ordered])
        if len(set(days)) != len(days):
            raise ValueError("two marks on the same day")
        self._set(days, index_array(len(table), which), tuple(table))

    @classmethod
    def of(cls, days: array[int], which: array[int], table: Sequence[V]) -> DayMarks[V]:
        """Marks from their parts, already checked: `days` sorted, without repeats."""
        made: DayMarks[V] = cls.__new__(cls)
        made._set(days, which, tuple(table))
        return made

    def _set(self, days: array[int], which: array[int], table: tuple[V, ...]) -> None:
        self._days = days
        self._which = which
        self._table = table

    # -- the Mapping

    def _find(self, day: object) -> int:
        """The position of `day`, or -1 when it holds no mark."""
        if not isinstance(day, date) or isinstance(day, datetime):
            return -1  # a dict of dates holds no datetime (they never compare equal)
        o = day.toordinal()
        days = self._days
        i = bisect_left(days, o)
        return i if i < len(days) and days[i] == o else -1

    def __getitem__(self, day: date) -> V:
        i = self._find(day)
        if i < 0:
            raise KeyError(day)
        return self._table[self._which[i]]

    def get(self, day: date, default: Any = None) -> Any:
        i = self._find(day)
        return default if i < 0 else self._table[self._which[i]]

    def __contains__(self, day: object) -> bool:
        return self._find(day) >= 0

    def __iter__(self) -> Iterator[date]:
        return map(_FROM_ORDINAL, self._days)

    def __len__(self) -> int:
        return len(self._days)

    def __bool__(self) -> bool:
        return bool(self._days)

    def items(self) -> ItemsView[date, V]:
        return _Items(self)

    def values(self) -> ValuesView[V]:
        return _Values(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DayMarks):
            if self._days != other._days:
                return False
            if self._table is other._table and self._which == other._which:
                return True
            return all(a is b or a == b for a, b in zip(self._marks(), other._marks(),
                                                         strict=True))
        if isinstance(other, Mapping):
            return len(self) == len(other) and dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like the dict it stands for

    def __repr__(self) -> str:
        return f"DayMarks({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (DayMarks, (list(self.items()),))

    # -- beyond the Mapping

    def _marks(self) -> Iterator[V]:
        return map(self._table.__getitem__, self._which)

    def ordinals(self) -> array[int]:
        """Every marked day as `date.toordinal()`, ascending (a copy)."""
        return array("i", self._days)

    def by_ordinal(self, first: int, last: int) -> dict[int, V]:
        """The marks of the days `first` to `last` (ordinals, both included), by ordinal."""
        days = self._days
        lo, hi = bisect_left(days, first), bisect_right(days, last)
        # From a list: ints made in one go build the dict faster than from the array.
        return dict(zip(days[lo:hi].tolist(), map(self._table.__getitem__, self._which[lo:hi]),
                        strict=True))

    def after(self, last: int) -> DayMarks[V]:
        """These marks without those up to the day `last` (an ordinal)."""
        n = bisect_right(self._days, last)
        return DayMarks.of(self._days[n:], self._which[n:], self._table)

    def same_through(self, other: DayMarks[V], last: int) -> bool:
        """Whether `other` holds the same marks as these on every day up to `last` (an
        ordinal).  Marks changed one day at a time share their table, so the usual
        answer costs two array comparisons."""
        if self is other:
            return True
        days, theirs = self._days, other._days
        n = bisect_right(days, last)
        if n != bisect_right(theirs, last) or days[:n] != theirs[:n]:
            return False
        mine, its = self._which[:n], other._which[:n]
        table, its_table = self._table, other._table
        if mine == its:
            used = max(mine, default=-1) + 1
            if table[:used] == its_table[:used]:
                return True
        return all(a is b or a == b for a, b in zip(map(table.__getitem__, mine),
                                                     map(its_table.__getitem__, its),
                                                     strict=True))

    def with_day(self, day: date, mark: V | None) -> DayMarks[V]:
        """These marks with `day` marked `mark` (None: unmarked)."""
        o = _ordinal(day)
        days = self._days
        i = bisect_left(days, o)
        present = i < len(days) and days[i] == o
        new_days = array("i", days)
        table = self._table
        which = self._which
        if mark is None:
            if not present:
                return self
            del new_days[i]
            new_which = array(which.typecode, which)
            del new_which[i]
            return DayMarks.of(new_days, new_which, table)
        at = next((n for n, known in enumerate(table) if known is mark), -1)
        if at < 0:
            at = len(table)
            table = (*table, mark)
        new_which = index_array(len(table), which)
        if present:
            new_which[i] = at
        else:
            new_days.insert(i, o)
            new_which.insert(i, at)
        return DayMarks.of(new_days, new_which, table)


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


def _ordinal(day: object) -> int:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise TypeError(f"a mark's day must be a date, not {day!r}")
    return day.toordinal()


class _Items(ItemsView[date, V]):
    """(day, mark) pairs in day order, without a lookup per day."""

    _mapping: DayMarks[V]

    def __iter__(self) -> Iterator[tuple[date, V]]:
        marks = self._mapping
        return zip(marks, marks._marks(), strict=True)


class _Values(ValuesView[V]):
    """The marks in day order."""

    _mapping: DayMarks[V]

    def __iter__(self) -> Iterator[V]:
        return self._mapping._marks()
