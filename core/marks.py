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
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    ValuesView,
)
from datetime import date, datetime
from operator import is_

# `typing` costs `smallwins status` more than this file: type checkers see it,
# and at run time two stand-ins keep the class subscriptable (`DayMarks[Win]`).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Generic, TypeVar
else:
    class Generic:
        """typing.Generic at run time, for this file: subscripted, it is itself."""

        __slots__ = ()

        def __class_getitem__(cls, _item: object) -> type:
            return cls

    def TypeVar(name: str) -> str:  # noqa: N802 - stands for typing.TypeVar
        return name

V = TypeVar("V")
W = TypeVar("W")

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

    def by_iso_day(self, convert: Callable[[V], W]) -> dict[str, W]:
        """{day as YYYY-MM-DD: convert(mark)} in day order.

        Each distinct mark is converted once and every step runs at C speed:
        storing a ladder of years of marks must not cost a Python call a day.
        Days that share one mark share its converted value.  Marks cut from a
        longer history (`after`) keep its whole table: each of their few
        days is converted instead.
        """
        keys = map(date.isoformat, map(_FROM_ORDINAL, self._days))
        if len(self._table) > len(self._days):
            return dict(zip(keys, map(convert, self._marks()), strict=True))
        values = list(map(convert, self._table))
        return dict(zip(keys, map(values.__getitem__, self._which), strict=True))

    def changed_days(self, other: DayMarks[V]) -> list[int]:
        """The days (ordinals, ascending) marked differently here than in `other`:
        marked in one of them only, or with marks that are not equal.

        The usual change is one day of years (`with_day`, which keeps the other
        marks and the table they are in): the runs of days and marks the two
        share at the start and at the end are found by comparing bytes, at C
        speed, and only what lies between is compared mark by mark.
        """
        start, end_here, end_there = _shared_ends(self, other)
        here = dict(zip(self._days[start:end_here].tolist(),
                        map(self._table.__getitem__, self._which[start:end_here]), strict=True))
        there = dict(zip(other._days[start:end_there].tolist(),
                         map(other._table.__getitem__, other._which[start:end_there]),
                         strict=True))
        changed = here.keys() ^ there.keys()
        changed.update(o for o, mark in here.items()
                       if o in there and there[o] is not mark and there[o] != mark)
        return sorted(changed)

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


def _shared_ends(a: DayMarks[Any], b: DayMarks[Any]) -> tuple[int, int, int]:
    """(p, end in a, end in b): `a` and `b` hold the same days with the very same
    marks before position p and from their ends on; all of both when unsure.

    Positions in the two tables name the same mark only where one table
    starts with the other (`with_day` adds a new mark at the end).
    """
    na, nb = len(a._days), len(b._days)
    if a._which.typecode != b._which.typecode or not all(map(is_, a._table, b._table)):
        return 0, na, nb
    days_a, days_b = a._days.tobytes(), b._days.tobytes()
    which_a, which_b = a._which.tobytes(), b._which.tobytes()
    wd, ww = a._days.itemsize, a._which.itemsize
    most = min(na, nb)
    start = min(_common(days_a, days_b, wd, most, False),
                _common(which_a, which_b, ww, most, False))
    most -= start
    tail = min(_common(days_a, days_b, wd, most, True),
               _common(which_a, which_b, ww, most, True))
    return start, na - tail, nb - tail


def _common(x: bytes, y: bytes, width: int, most: int, from_end: bool) -> int:
    """How many items of `width` bytes `x` and `y` share at their start (or end),
    at most `most`: a binary search of slices compared at C speed."""
    def same(n: int) -> bool:
        if from_end:
            return x[len(x) - n * width:] == y[len(y) - n * width:]
        return x[:n * width] == y[:n * width]

    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


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
