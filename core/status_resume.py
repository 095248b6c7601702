"""The status cache's way into a new day without reading years of history.

A status line computed for a day leaves in its cache, for each active ladder,
the replay's carry at the end of the day before (core/rules.py `Carry`) and
the ladder with only what comes after that day: its settings, and its marks
and events from that day on.  When the next call finds the data file and the
config as they were (their stat signatures) but the day has moved on, it
replays those few days from the carries instead of loading and replaying the
whole file: the first call of a new day costs what a day costs, not what
ten years cost.

The states made this way are for the status line only: their `levels` begin
at the carry's last level (the line reads none of them), and their ladders
hold no marks before the carry.  A section that does not read exactly as
written makes the call compute from the data file, as with no cache at all.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter

from smallwins.core.jsonread import loads_text
from smallwins.core.jsonwrite import COMPACT, dumps
from smallwins.core.ladder_doc import ladder_from_doc, ladder_to_doc
from smallwins.core.limits import LimitError, amount
from smallwins.core.marks_doc import made
from smallwins.core.model import Ladder
from smallwins.core.record import replace
from smallwins.core.rules import REASONS, Carry, LadderState, Level, replay

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

MAX_SECTION = 1 << 20
"""A cache section larger than this is not written (the next new day reads the file)."""

NONE = "-"
"""The section when there is nothing to resume from."""


_memos: dict[str, dict[str, tuple[LadderState, str]]] = {}
"""By data file, each ladder's entry as last written, with the state it was written for:
the app writes the cache after every change, and a change replays one ladder only."""
MEMO_FILES = 4
"""Data files whose entries are kept at once (a process holds one, a benchmark two)."""


def memo_of(memos: dict[str, dict[str, T]], data: str) -> dict[str, T]:
    """The memo of the data file `data` in `memos`, made empty if new."""
    memo = memos.get(data)
    if memo is None:
        make_room(memos)
        memo = memos[data] = {}
    return memo


def make_room(memos: dict[str, Any]) -> None:
    """Forget the file remembered first when `memos` holds MEMO_FILES already."""
    while len(memos) >= MEMO_FILES:
        del memos[next(iter(memos))]


def forget_others(memo: dict[str, T], kept: list[LadderState]) -> None:
    """Drop from `memo` the ladders that are not among `kept` (deleted, archived)."""
    if len(memo) > len(kept):
        for lid in set(memo) - {state.id for state in kept}:
            del memo[lid]


def section(states: list[LadderState], data: str = "") -> str:
    """One line of JSON: each state's ladder, trimmed to after its carry, and the carry
    (`data`: the data file they are the states of, whose entries are remembered)."""
    last = memo_of(_memos, data)
    entries = []
    for state in states:
        known = last.get(state.id)
        if known is None or known[0] is not state:
            known = last[state.id] = (state, _entry(state))
        entries.append(known[1])
    forget_others(last, states)
    text = f"[{','.join(entries)}]"
    return text if len(text) <= MAX_SECTION else NONE


def _entry(state: LadderState) -> str:
    carry = state.carry
    ladder = state.ladder if carry is None else trimmed(state.ladder, carry.through)
    return dumps({"ladder": ladder_to_doc(ladder),
                  "carry": None if carry is None else _carry_doc(carry)}, COMPACT)


def trimmed(ladder: Ladder, through: int) -> Ladder:
    """`ladder` without its marks and events up to the day `through` (an ordinal)."""
    return replace(ladder, marks=ladder.marks.after(through),
                   events=tuple(e for e in ladder.events if e.day.toordinal() > through))


def resumed(text: str, today: date) -> list[LadderState] | None:
    """The states on `today` resumed from a section `section` wrote for an earlier day;
    None when it holds nothing to resume from or does not read as it should."""
    if text == NONE:
        return None
    try:
        entries = loads_text(text)
        if not isinstance(entries, list):
            return None
        states = []
        for entry in entries:
            ladder = ladder_from_doc(entry["ladder"])
            carry = None if entry["carry"] is None else carry_from(entry["carry"])
            if carry is not None and not (ladder.start_day.toordinal() <= carry.through
                                          < today.toordinal()):
                return None
            states.append(replay(ladder, today, carry))
    except (ValueError, LimitError, TypeError, KeyError, IndexError, AttributeError,
            OverflowError):  # a day past any date
        return None  # JSONDecodeError and ShapeError are ValueErrors
    return states


def _carry_doc(carry: Carry) -> list[Any]:
    return [carry.through, carry.target, carry.previous, carry.consolidating, carry.progress,
            carry.run, carry.longest, carry.votes, level_row(carry.levels[-1]),
            carry.on_first_rung, carry.first_progress, carry.climbs]


def level_row(level: Level) -> list[Any]:
    """A level as the cache keeps it: days as ordinals."""
    return [level.day.toordinal(), level.target, level.reason,
            None if level.missed is None else level.missed.toordinal()]


def level_from(row: Any, after: int = 1) -> Level:
    """A level as `level_row` wrote it, on day `after` or later; ValueError otherwise."""
    if row.__class__ is not list or len(row) != 4:
        raise ValueError("not a level")
    day, target, reason, missed = row
    if day.__class__ is not int or day < after or reason not in REASONS \
            or (missed is not None and missed.__class__ is not int):
        raise ValueError("not a level")
    return Level(date.fromordinal(day), amount(target, "a level"), reason,
                 None if missed is None else date.fromordinal(missed))


def levels_from(rows: Any) -> tuple[Level, ...]:
    """A whole level history as `level_row`s wrote it, in day order from the start;
    ValueError (or LimitError) for anything else.

    Ten years of climbs are thousands of levels, read on the way to the app's
    first frame: they are checked and made a column at a time (`_bulk_levels`),
    and read one by one (`level_from`, which refuses exactly what is wrong)
    only when the bulk read doubts them.
    """
    if not isinstance(rows, list) or not rows:
        raise ValueError("no levels")
    levels = _bulk_levels(rows)
    if levels is None:
        one_by_one: list[Level] = []
        for row in rows:
            one_by_one.append(level_from(row, one_by_one[-1].day.toordinal()
                                         if one_by_one else 1))
        levels = tuple(one_by_one)
    if levels[0].reason != "start":
        raise ValueError("the levels do not begin at the start")
    return levels


_INT_OR_NONE = frozenset((int, type(None)))
_NUMBERS = frozenset((int, float))


def _bulk_levels(rows: list[Any]) -> tuple[Level, ...] | None:
    """The levels of `rows` as `level_from` reads them one by one, when every row is
    plainly a level; None when any is not (or an exception, as `level_from` raises).
    Each distinct target and missed day is checked or made once."""
    if set(map(type, rows)) != {list} or set(map(len, rows)) != {4}:
        return None
    days, targets, reasons, missed = (list(map(itemgetter(n), rows)) for n in range(4))
    if set(map(type, days)) != {int} or days[0] < 1 or days != sorted(days) \
            or not set(reasons) <= REASONS or not set(map(type, missed)) <= _INT_OR_NONE \
            or not set(map(type, targets)) <= _NUMBERS:
        return None
    # 1 and 1.0 are equal keys, read alike by `amount`: the types first.
    keys = list(zip(map(type, targets), targets, strict=True))
    checked = {key: amount(key[1], "a level") for key in set(keys)}
    missed_days: dict[int | None, date | None] = {None: None}
    missed_days.update((o, date.fromordinal(o)) for o in set(missed) if o is not None)
    return tuple(made(Level, len(rows), list(map(date.fromordinal, days)),
                      list(map(checked.__getitem__, keys)), reasons,
                      list(map(missed_days.__getitem__, missed))))


def carry_from(row: Any) -> Carry:
    """A carry as `_carry_doc` wrote it; ValueError for anything else."""
    if not isinstance(row, list) or len(row) != 12:
        raise ValueError("not a carry")
    (through, target, previous, consolidating, progress, run, longest, votes, level,
     on_first_rung, first_progress, climbs) = row
    counts = (through, progress, run, longest, votes, first_progress, climbs)
    if not all(n.__class__ is int and n >= 0 for n in counts):
        raise ValueError("a count of a carry is not a count")
    if consolidating.__class__ is not bool or on_first_rung.__class__ is not bool:
        raise ValueError("a flag of a carry is not true or false")
    return Carry(through, amount(target, "the target"),
                 None if previous is None else amount(previous, "the previous target"),
                 consolidating, progress, run, longest, votes, (level_from(level),),
                 on_first_rung, first_progress, climbs)
