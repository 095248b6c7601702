"""Catching up after days away: which days are unanswered, and what an answer does.

A day is *unanswered* when it is a scheduled day of an active ladder, before
today (today is not over, so it is never a miss yet), on or after the
ladder's start, with no win and no rest.  For this method a forgotten win
left unrecorded is a drop back, so the app and `smallwins ask` walk through
such days one question at a time: one day of one ladder, oldest first.

Which days to ask about (see docs/DECISIONS.md, "Catching up"): those since
the day catching up was last *settled* (every day before it answered or
left as a miss on purpose), at most the last WINDOW days, leaving out the
ones the person already chose to leave missed.  What was settled and left is
kept beside the data file (core/catchup_file.py); this module is pure.

The effect of an answer is worked out by the engine itself: the ladder is
replayed to today as it is (the miss) and with a win on that day, and the
difference is said in words.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta

from smallwins.core import changes, rules
from smallwins.core.dates import format_day
from smallwins.core.model import Ladder, Num
from smallwins.core.record import record
from smallwins.core.rules import LadderState, rung_text
from smallwins.core.words import amount_text, counted

WINDOW = 7
"""Days looked back at most when catching up on its own (`ask` without --days)."""
MAX_DAYS = 366
"""The furthest `ask --days N` looks back."""

Left = Collection[tuple[str, date]]
"""(ladder id, day) pairs the person chose to leave as misses."""


@record(slots=True)
class Question:
    """One unanswered day of one ladder, with the target that applied that day."""

    ladder_id: str
    day: date
    target: Num
    rung: str
    """The day's win in words, as it was: `walk 750 steps`."""
    identity: str


def first_day(today: date, days: int = WINDOW, settled: date | None = None) -> date:
    """The oldest day to ask about: `days` back, and not before the settled day."""
    first = today - timedelta(days=days)
    return first if settled is None else max(first, settled)


def _days(first: date, today: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((today - first).days)]


def _unanswered(ladder: Ladder, window: list[date], left: Left) -> list[date]:
    # On every snapshot of the app, for every ladder: plain loops, no replay.
    if ladder.archived:
        return []
    start, marks, days = ladder.start_day, ladder.marks, ladder.days
    found = [day for day in window
             if day >= start and day.weekday() in days and day not in marks]
    if left and found:
        found = [day for day in found if (ladder.id, day) not in left]
    return found


Asked = tuple[tuple[date, Question], ...]
Memo = dict[str, tuple[Ladder, date, date, object, Asked]]
"""What `questions` found for each ladder, and for what: kept by the app between
snapshots, so a check-off does not ask again of the ladders it did not change."""


def questions(
    ladders: Iterable[Ladder],
    today: date,
    *,
    settled: date | None = None,
    left: Left = (),
    days: int = WINDOW,
    states: Mapping[str, LadderState] | None = None,
    memo: Memo | None = None,
) -> list[Question]:
    """Every unanswered day to ask about, oldest first; on one day, in `ladders`' order.

    `states` may hold the ladders' states on `today`, replayed already: the
    target of a day is read from their level history instead of replaying
    again.  Ladders with nothing unanswered are never replayed.  `memo`, when
    given, holds each ladder's answer from the last call; a ladder that is the
    very same object, asked of the same days with the same days left, is not
    looked at again (a ladder is never changed in place, only replaced).
    """
    first = first_day(today, days, settled)
    window: list[date] | None = None
    kept: Memo = {}
    found: list[tuple[date, int, Question]] = []
    for order, ladder in enumerate(ladders):
        was = memo.get(ladder.id) if memo is not None else None
        if (was is not None and was[0] is ladder and was[1] == first and was[2] == today
                and was[3] is left):
            asked = was[4]
        else:
            if window is None:
                window = _days(first, today)
            asked = _asked(ladder, window, left, today, states)
        kept[ladder.id] = (ladder, first, today, left, asked)
        found.extend((day, order, question) for day, question in asked)
    if memo is not None:
        memo.clear()
        memo.update(kept)
    found.sort(key=lambda item: (item[0], item[1]))
    return [question for _, _, question in found]


def _asked(ladder: Ladder, window: list[date], left: Left, today: date,
           states: Mapping[str, LadderState] | None) -> Asked:
    pending = _unanswered(ladder, window, left)
    if not pending:
        return ()
    state = states.get(ladder.id) if states is not None else None
    if state is None or state.ladder is not ladder or state.today != today:
        state = rules.replay(ladder, today)
    asked = []
    for day in pending:
        target = state.target_on(day)
        assert target is not None  # a day on or after the start has a target
        asked.append((day, Question(ladder.id, day, target, rung_text(ladder, target),
                                    ladder.identity)))
    return tuple(asked)


def describe(ladder: Ladder, day: date, today: date) -> tuple[str, str]:
    """The day's win as it was (`walk 750 steps`) and what an answer does to the rung.

    Asked one day at a time, so the effect is the one at the end of that day,
    as the next day begins: whether the rung drops back, whether it is ready
    to climb, the hold, the streak.  The engine replays the ladder both ways
    (as it is, the miss; with a win that day); the first difference that
    matters is said.  Days after it that are still unanswered do not blur it:
    each gets its own question.
    """
    after = min(day + timedelta(days=1), today)
    missed = rules.replay(ladder, after)
    target = missed.target_on(day)
    assert target is not None  # a day on or after the start has a target
    won = rules.replay(changes.mark_win(ladder, day, today), after)
    return rung_text(ladder, target), _difference(ladder, day, won, missed)


def _difference(ladder: Ladder, day: date, won: LadderState, missed: LadderState) -> str:
    when = format_day(day)
    hold = ladder.hold
    if won.target != missed.target:
        if missed.target < won.target:
            return (f"a miss on {when} drops {ladder.action} back to "
                    f"{_amount(ladder, missed.target)}; a win keeps "
                    f"{_amount(ladder, won.target)}")
        return (f"a miss on {when} leaves {rung_text(ladder, missed.target)}; "
                f"a win, {rung_text(ladder, won.target)}")
    if won.ready_to_climb and not missed.ready_to_climb:
        return (f"a win makes {won.rung} ready to climb ({won.hold_progress}/{hold}); "
                f"a miss puts the hold back to {missed.hold_progress}/{hold}")
    if won.hold_progress != missed.hold_progress:
        return (f"a win makes the hold {won.hold_progress}/{hold} at {won.rung}; "
                f"a miss puts it back to {missed.hold_progress}/{hold}")
    if won.streak != missed.streak:
        return (f"a win makes the streak {won.streak}; "
                f"a miss leaves it at {missed.streak}")
    return f"a win is one more vote; a miss leaves {missed.rung} as it is"


def _amount(ladder: Ladder, target: Num) -> str:
    return amount_text(ladder, target)


def count_words(days: int) -> str:
    """'1 unanswered day', '3 unanswered days'."""
    return counted(days, "unanswered day", "unanswered days")
