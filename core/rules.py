"""The rules of the Small Wins Identity Ladder (SPEC R1-R13) as pure functions.

Everything here is a function of a ladder's stored history and *today*; the
clock is never read, so any day can be replayed.  Drop backs are not stored:
they are found by replaying the days, so a forgotten win recorded later on a
missed day (a backfill) undoes the drop back by itself.

Inside the replay, days are ordinals (`date.toordinal()`): the loop runs once
per day of history and plain integers keep it fast.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence  # imported already: the marks' `array` imports it
from datetime import date

from smallwins.core.model import (
    EVERY_DAY,
    Event,
    Ladder,
    Mark,
    Num,
    Rest,
    Win,
    dec,
    from_dec,
    from_millionths,
    millionths,
)
from smallwins.core.record import field, record
from smallwins.core.terminal import printable
from smallwins.core.words import amount_text

REASONS = frozenset({"start", "climb", "drop-back", "halve", "edit"})
"""Why a target changed (`Level.reason`)."""


@record(slots=True)
class Level:
    """One change of target: from `day` on, the target is `target` (R12)."""

    day: date
    target: Num
    reason: str  # one of REASONS
    missed: date | None = None  # for a drop back: the missed day that caused it


@record(slots=True)
class Checklist:
    """The framework's three steps, derived from history (R13)."""

    chose_start: bool
    first_rung_progress: int
    hold: int
    held_first_rung: bool
    climbs: int

    @property
    def climbed(self) -> bool:
        return self.climbs > 0


@record(slots=True)
class Carry:
    """The replay's running values at the end of day `through` (an ordinal).

    A replay that is given the carry of a ladder whose rules and history up to
    `through` are what they were (`resumable`) starts on the next day instead
    of the first: a check-off today, or a new day, replays one day, not years.
    """

    through: int
    target: Num
    previous: Num | None
    consolidating: bool
    progress: int
    run: int
    longest: int
    votes: int
    levels: Sequence[Level]  # a tuple, or a LevelHistory read from the status cache
    on_first_rung: bool
    first_progress: int
    climbs: int


@record(slots=True)
class LadderState:
    """Everything the screens and the command line show about a ladder on `today`."""

    ladder: Ladder
    today: date
    target: Num
    scheduled_today: bool
    done_today: bool
    rest_today: bool
    hold_progress: int
    ready_to_climb: bool
    consolidating: bool
    previous_target: Num | None  # the rung a drop back would return to
    streak: int
    longest_streak: int
    votes: int
    levels: Sequence[Level]  # a tuple, or a LevelHistory read from the status cache
    checklist: Checklist
    carry: Carry | None = field(default=None, compare=False, repr=False)
    """The replay's values at the end of yesterday, to resume from (None before the start)."""

    @property
    def id(self) -> str:
        return self.ladder.id

    @property
    def rung(self) -> str:
        """Today's win in words: 'walk 150 steps'."""
        return rung_text(self.ladder, self.target)

    @property
    def last_drop(self) -> Level | None:
        """The most recent drop back, if it is the current level."""
        last = self.levels[-1]
        return last if last.reason == "drop-back" else None

    def target_on(self, day: date) -> Num | None:
        """The target that applied on `day` (None before the start)."""
        return target_on(self.levels, day)


def rung_text(ladder: Ladder, target: Num) -> str:
    """A rung in words, the unit agreeing with the number: 'write 1 sentence'.  On one
    line: a file written before control characters were refused may hold some in
    its words; they show escaped."""
    return printable(f"{ladder.action} {amount_text(ladder, target)}")


def target_on(levels: Sequence[Level], day: date) -> Num | None:
    """The target in force on `day`, from a level history (last change that day wins)."""
    index = bisect_right(levels, day, key=lambda lv: lv.day)
    return None if index == 0 else levels[index - 1].target


def is_scheduled(ladder: Ladder, day: date) -> bool:
    """A scheduled day: its weekday is in the schedule, on or after the start."""
    return day >= ladder.start_day and day.weekday() in ladder.days


# ------------------------------------------------------------------ replay


def replay(ladder: Ladder, today: date, resume: Carry | None = None) -> LadderState:
    """Replay the ladder's history up to and including `today` (R1, R3-R9, R12, R13).

    `resume`: the carry of an earlier replay of this ladder whose rules and history up
    to `resume.through` are unchanged (see `resumable`); the days up to then are not
    replayed again.  A carry that does not end before today is not used.
    """
    start_ord = ladder.start_day.toordinal()
    today_ord = today.toordinal()
    hold = ladder.hold
    days = ladder.days
    every_day = days == EVERY_DAY
    if resume is not None and not start_ord <= resume.through < today_ord:
        resume = None
    first = start_ord if resume is None else resume.through + 1

    marks: dict[int, Mark] = ladder.marks.by_ordinal(first, today_ord)
    events: dict[int, list[Event]] = {}
    for event in ladder.events:
        o = max(event.day.toordinal(), start_ord)
        if first <= o <= today_ord:
            events.setdefault(o, []).append(event)

    if resume is None:
        target: Num = ladder.start
        previous: Num | None = None
        consolidating = False
        progress = 0
        run = longest = votes = 0
        levels: list[Level] = [Level(ladder.start_day, target, "start")]
        on_first_rung = True
        first_progress = 0
        climbs = 0
    else:
        target, previous, consolidating = resume.target, resume.previous, resume.consolidating
        progress, run, longest, votes = resume.progress, resume.run, resume.longest, resume.votes
        levels = list(resume.levels)
        on_first_rung, first_progress = resume.on_first_rung, resume.first_progress
        climbs = resume.climbs
    carry: Carry | None = None

    for o in range(first, today_ord + 1):
        if o == today_ord and o > start_ord:
            carry = Carry(o - 1, target, previous, consolidating, progress, run, longest,
                          votes, tuple(levels), on_first_rung, first_progress, climbs)
        mark = marks.get(o)
        scheduled = every_day or (o - 1) % 7 in days
        todays = events.get(o)
        win = mark if mark.__class__ is Win else None
        counted = False
        if todays is not None:
            # A win made before a change that day belongs to the old rung:
            # it recorded a target below the new one.
            after = _apply_targets(ladder, target, todays)
            if win is not None and win.target < after:
                votes += 1
                if scheduled:
                    run += 1
                    if on_first_rung and progress + 1 > first_progress:
                        first_progress = progress + 1
                counted = True
            for event in todays:
                old = target
                if event.kind == "climb":
                    previous = target
                    target = add(target, ladder.step)
                    consolidating = True
                    climbs += 1
                elif event.kind == "halve":
                    target = halved(target, ladder.granularity)
                    consolidating = False
                else:  # edit
                    assert event.target is not None
                    target = event.target
                    consolidating = False
                progress = 0
                if old != target or event.kind == "climb":
                    # The event's own date when it is a plain one of this day (one from
                    # before the start counts on the start day): thousands of levels
                    # need not each hold a copy of a day their event holds.
                    day = event.day if event.day.__class__ is date \
                        and event.day.toordinal() == o else date.fromordinal(o)
                    levels.append(Level(day, target, event.kind))
                on_first_rung = False
        if win is not None:
            if not counted:
                votes += 1
                if scheduled:
                    run += 1
                    progress += 1
                    if consolidating and progress >= hold:
                        consolidating = False
                    if on_first_rung and progress > first_progress:
                        first_progress = progress
        elif scheduled and mark is None and o < today_ord:
            # A miss: the streak and the hold progress start again, and a
            # rung that is still consolidating drops back from the next day.
            run = 0
            progress = 0
            if consolidating and previous is not None:
                target = previous
                consolidating = False
                levels.append(
                    Level(date.fromordinal(o + 1), target, "drop-back", date.fromordinal(o))
                )
        if run > longest:
            longest = run

    today_mark = marks.get(today_ord)
    state = LadderState(
        ladder=ladder,
        today=today,
        target=target,
        scheduled_today=is_scheduled(ladder, today),
        done_today=isinstance(today_mark, Win),
        rest_today=isinstance(today_mark, Rest),
        hold_progress=progress,
        ready_to_climb=progress >= hold,
        consolidating=consolidating,
        previous_target=previous if consolidating else None,
        streak=run,
        longest_streak=longest,
        votes=votes,
        levels=tuple(levels),
        checklist=Checklist(
            chose_start=True,
            first_rung_progress=min(first_progress, hold),
            hold=hold,
            held_first_rung=first_progress >= hold,
            climbs=climbs,
        ),
        carry=carry,
    )
    return state


_RULES = ("start", "step", "hold", "days", "granularity", "start_day")


def resumable(state: LadderState, ladder: Ladder) -> Carry | None:
    """`state`'s carry, if `ladder` (a later form of `state.ladder`) has the same rules
    and the same history up to the carry's day, so a replay may start after it."""
    carry = state.carry
    if carry is None:
        return None
    before = state.ladder
    if ladder is before:
        return carry
    if any(getattr(ladder, name) != getattr(before, name) for name in _RULES):
        return None
    last = carry.through
    if ladder.events is not before.events and \
            [e for e in ladder.events if e.day.toordinal() <= last] != \
            [e for e in before.events if e.day.toordinal() <= last]:
        return None
    return carry if ladder.marks.same_through(before.marks, last) else None


def _apply_targets(ladder: Ladder, target: Num, events: list[Event]) -> Num:
    for event in events:
        if event.kind == "climb":
            target = add(target, ladder.step)
        elif event.kind == "halve":
            target = halved(target, ladder.granularity)
        elif event.target is not None:
            target = event.target
    return target


def add(a: Num, b: Num) -> Num:
    """Exact sum: 0.1 + 0.2 is 0.3 here, as the user expects."""
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    ma, mb = millionths(a), millionths(b)
    if ma is None or mb is None:
        return from_dec(dec(a) + dec(b))
    return from_millionths(ma + mb)


def halved(target: Num, granularity: Num) -> Num:
    """Half the target, rounded down to the granularity, never below one granule (R9)."""
    t, g_m = millionths(target), millionths(granularity)
    if t is not None and g_m is not None:  # six places at most: whole numbers (`//` floors)
        return from_millionths(max(t // (2 * g_m) * g_m, g_m))
    from decimal import ROUND_FLOOR

    g = dec(granularity)
    half = (dec(target) / 2 / g).to_integral_value(rounding=ROUND_FLOOR) * g
    return from_dec(max(half, g))


# -------------------------------------------------------------- projection


def project(state: LadderState, days: int = 365) -> Num:
    """The target `days` from today if every scheduled day is won and every
    climb is taken as soon as it is ready (R11)."""
    ladder = state.ladder
    target = state.target
    progress = state.hold_progress
    start = state.today.toordinal()
    for o in range(start, start + days):
        if (o - 1) % 7 in ladder.days and not (o == start and state.done_today):
            progress += 1
        if progress >= ladder.hold:
            target = add(target, ladder.step)
            progress = 0
    return target


# --------------------------------------------------------------- identities


def identity_key(identity: str) -> str:
    return " ".join(identity.casefold().split())


def count_votes(ladder: Ladder, today: date) -> int:
    """Votes of a ladder without replaying it: its wins from the start up to today (R3)."""
    marks = ladder.marks.by_ordinal(ladder.start_day.toordinal(), today.toordinal())
    return sum(1 for mark in marks.values() if mark.__class__ is Win)
