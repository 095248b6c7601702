"""A ladder's level history as the status cache keeps it, made into levels only when read.

Ten years of climbs are thousands of levels per ladder: on heavy data making
them all, on the way to the app's first frame, is some 30 ms, and the first
screen reads a handful (each ladder's last level, and its target on the days
a catch-up question is about).  `LevelHistory` holds the cache's rows (core/
status_resume.py `level_row`) and answers those reads one row at a time;
anything that reads the whole history (iterating, a slice, comparing) makes
it whole once, through `levels_from`, which checks every row.

The rows are trusted as far as the rest of the cache is (core/opening.py
checks the first and the last when the history is made); a history whose
rows do not read as they should is made again by replaying the ladder up to
the day of its carry, so a history read from here is always the replay's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from smallwins.core import rules
from smallwins.core.limits import LimitError
from smallwins.core.model import Ladder
from smallwins.core.record import replace
from smallwins.core.rules import Carry, LadderState, Level
from smallwins.core.status_resume import level_from, level_row, levels_from

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class _Rows:
    """The cache's rows of one ladder's history up to the end of day `through`,
    shared by every `LevelHistory` made from them, and the levels once made."""

    __slots__ = ("rows", "ladder", "through", "whole")

    def __init__(self, rows: list[Any], ladder: Ladder, through: int) -> None:
        self.rows = rows
        self.ladder = ladder
        self.through = through
        self.whole: tuple[Level, ...] | None = None

    def made(self) -> tuple[Level, ...]:
        if self.whole is None:
            try:
                self.whole = levels_from(self.rows)
            except (ValueError, LimitError, TypeError, IndexError, OverflowError):
                self.whole = self._replayed()
            self.rows = []  # the levels stand for them from now on
        return self.whole

    def one(self, index: int) -> Level:
        if self.whole is not None:
            return self.whole[index]
        try:
            return level_from(self.rows[index])
        except (ValueError, LimitError, TypeError, IndexError, OverflowError):
            return self.made()[index]

    def _replayed(self) -> tuple[Level, ...]:
        carry = rules.replay(self.ladder, date.fromordinal(self.through + 1)).carry
        return () if carry is None else tuple(carry.levels)


class LevelHistory(Sequence[Level]):
    """The levels of `rows` (a shared `_Rows`) followed by `tail`, a tuple of levels."""

    __slots__ = ("_rows", "_tail")

    def __init__(self, rows: _Rows, tail: tuple[Level, ...] = ()) -> None:
        self._rows = rows
        self._tail = tail

    @classmethod
    def of(cls, rows: list[Any], ladder: Ladder, through: int, last: Level) -> LevelHistory | None:
        """The history of `rows` for `ladder` up to day `through`, when its first row is a
        start and its last row is `last` (the carry's own last level); else None."""
        if not isinstance(rows, list) or not rows:
            return None
        try:
            first, final = level_from(rows[0]), level_from(rows[-1])
        except (ValueError, LimitError, TypeError, OverflowError):
            return None
        if first.reason != "start" or final != last:
            return None
        return cls(_Rows(rows, ladder, through))

    def then(self, more: Sequence[Level]) -> LevelHistory:
        """This history followed by `more`."""
        return LevelHistory(self._rows, self._tail + tuple(more)) if more else self

    def rows(self) -> list[Any]:
        """The history as `level_row`s, without making the levels not yet made."""
        made = self._rows.whole
        head = self._rows.rows if made is None else [level_row(level) for level in made]
        return head + [level_row(level) for level in self._tail]

    def _size(self) -> int:
        made = self._rows.whole
        return len(self._rows.rows if made is None else made)

    def __len__(self) -> int:
        return self._size() + len(self._tail)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self)[index]
        size = self._size()
        at = index + size + len(self._tail) if index < 0 else index
        if not 0 <= at < size + len(self._tail):
            raise IndexError("level history index out of range")
        return self._tail[at - size] if at >= size else self._rows.one(at)

    def __iter__(self) -> Iterator[Level]:
        yield from self._rows.made()
        yield from self._tail

    def __reversed__(self) -> Iterator[Level]:
        yield from reversed(self._tail)
        yield from reversed(self._rows.made())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LevelHistory) and other._rows is self._rows:
            return other._tail == self._tail
        if isinstance(other, (LevelHistory, tuple)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"LevelHistory({len(self)} levels)"


def resumed(ladder: Ladder, today: date, carry: Carry | None) -> LadderState:
    """`replay(ladder, today, carry)`, and when the carry's levels are a `LevelHistory`, the
    same state without making them: the replay is given the last level only, and
    the levels it adds follow the history in the state and in its own carry."""
    history = None if carry is None else carry.levels
    if carry is None or not isinstance(history, LevelHistory):
        return rules.replay(ladder, today, carry)
    last = history[-1]
    state = rules.replay(ladder, today, replace(carry, levels=(last,)))
    if not state.levels or state.levels[0] is not last:
        return state  # the carry was not used (a day before it): replayed from the start
    ahead = state.carry
    if ahead is not None and ahead.levels and ahead.levels[0] is last:
        ahead = replace(ahead, levels=history.then(ahead.levels[1:]))
    return replace(state, levels=history.then(state.levels[1:]), carry=ahead)
