"""The rules of the Small Wins Identity Ladder (SPEC R1-R13) as pure functions.

Everything here is a function of a ladder's stored history and *today*; the
clock is never read, so any day can be replayed.  Drop backs are not stored:
they are found by replaying the days, so a forgotten win recorded later on a
missed day (a backfill) undoes the drop back by itself.

Inside the replay, days are ordinals (`date.toordinal()`): the loop runs once
per day of history and plain integers keep it fast.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_FLOOR

from smallwins.core.model import (
    EVERY_DAY,
    Event,
    Ladder,
    Mark,
    ModelError,
    Num,
    Rest,
    Win,
    dec,
    format_num,
    from_dec,
    is_multiple,
    num,
)

DEFAULT_HOLD = 14
START_SMALL_MINUTES = 2


class RuleRefused(Exception):
    """The rules refuse the change (climb not ready, halve at the smallest win): exit 1."""


class BadInput(ModelError):
    """The change asked for is not valid input (day out of range, amount too low): exit 2."""


@dataclass(frozen=True, slots=True)
class Level:
    """One change of target: from `day` on, the target is `target` (R12)."""

    day: date
    target: Num
    reason: str  # start, climb, drop-back, halve, edit
    missed: date | None = None  # for a drop back: the missed day that caused it


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
    levels: tuple[Level, ...]
    checklist: Checklist

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
    unit = f" {ladder.unit}" if ladder.unit else ""
    return f"{ladder.action} {format_num(target)}{unit}"


def target_on(levels: tuple[Level, ...], day: date) -> Num | None:
    """The target in force on `day`, from a level history (last change that day wins)."""
    index = bisect_right(levels, day, key=lambda lv: lv.day)
    return None if index == 0 else levels[index - 1].target


def is_scheduled(ladder: Ladder, day: date) -> bool:
    """A scheduled day: its weekday is in the schedule, on or after the start."""
    return day >= ladder.start_day and day.weekday() in ladder.days


# ------------------------------------------------------------------ replay


def replay(ladder: Ladder, today: date) -> LadderState:
    """Replay the ladder's history up to and including `today` (R1, R3-R9, R12, R13)."""
    start_ord = ladder.start_day.toordinal()
    today_ord = today.toordinal()
    hold = ladder.hold
    days = ladder.days
    every_day = days == EVERY_DAY

    marks: dict[int, Mark] = {}
    for day, mark in ladder.marks.items():
        o = day.toordinal()
        if start_ord <= o <= today_ord:
            marks[o] = mark
    events: dict[int, list[Event]] = {}
    for event in ladder.events:
        o = event.day.toordinal()
        if o <= today_ord:
            events.setdefault(max(o, start_ord), []).append(event)

    target: Num = ladder.start
    previous: Num | None = None
    consolidating = False
    progress = 0
    run = longest = votes = 0
    levels: list[Level] = [Level(ladder.start_day, target, "start")]
    on_first_rung = True
    first_progress = 0
    climbs = 0

    for o in range(start_ord, today_ord + 1):
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
                    levels.append(Level(date.fromordinal(o), target, event.kind))
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
    )
    return state


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
    return from_dec(dec(a) + dec(b))


def halved(target: Num, granularity: Num) -> Num:
    """Half the target, rounded down to the granularity, never below one granule (R9)."""
    g = dec(granularity)
    half = (dec(target) / 2 / g).to_integral_value(rounding=ROUND_FLOOR) * g
    return from_dec(max(half, g))


# ------------------------------------------------------------------ intents


def _check_day(ladder: Ladder, day: date, today: date) -> None:
    if day > today:
        raise BadInput(f"{day.isoformat()} is in the future: only days up to today "
                       f"({today.isoformat()}) can be marked")
    if day < ladder.start_day:
        raise BadInput(f"{day.isoformat()} is before ladder {ladder.id!r} started "
                       f"({ladder.start_day.isoformat()})")


def mark_win(
    ladder: Ladder,
    day: date,
    today: date,
    amount: Num | None = None,
    note: str | None = None,
) -> Ladder:
    """Record a win on `day` at the target that applied that day (R2)."""
    _check_day(ladder, day, today)
    target = replay(ladder, day).target
    if amount is not None:
        amount = num(amount)
        if amount <= 0:
            raise BadInput(f"amount must be a positive number, got {format_num(amount)}")
        if amount < target:
            raise BadInput(
                f"{format_num(amount)} is below the target of {rung_text(ladder, target)}: "
                f"do the whole small win, or halve the rung if it feels hard "
                f"(smallwins halve {ladder.id})"
            )
    if note is not None:
        note = note.strip() or None
    existing = ladder.marks.get(day)
    if isinstance(existing, Win):
        # Marking a won day again keeps its target and adds what is new.
        amount = amount if amount is not None else existing.amount
        note = note if note is not None else existing.note
        target = existing.target
    return ladder.with_mark(day, Win(target, amount, note))


def mark_rest(ladder: Ladder, day: date, today: date) -> Ladder:
    """Declare a scheduled day a rest day: neither win nor miss."""
    _check_day(ladder, day, today)
    if not is_scheduled(ladder, day):
        raise BadInput(f"{day.isoformat()} is not a scheduled day of {ladder.id!r}: "
                       "it can never be a miss, so it needs no rest")
    return ladder.with_mark(day, Rest())


def clear_mark(ladder: Ladder, day: date, today: date) -> Ladder:
    """Remove the win or rest mark of `day`."""
    _check_day(ladder, day, today)
    if day not in ladder.marks:
        raise RuleRefused(f"nothing to undo: {ladder.id!r} has no mark on {day.isoformat()}")
    return ladder.with_mark(day, None)


def climb(ladder: Ladder, today: date) -> Ladder:
    """Step up one rung, only when the hold is complete (R6, R7)."""
    state = replay(ladder, today)
    if not state.ready_to_climb:
        raise RuleRefused(
            f"not ready to climb {ladder.id!r}: {state.hold_progress}/{ladder.hold} "
            "won days at this rung"
        )
    return ladder.with_event(Event(today, "climb"))


def halve(ladder: Ladder, today: date) -> Ladder:
    """"This feels hard": cut the target in half (R9)."""
    state = replay(ladder, today)
    if dec(state.target) <= dec(ladder.granularity):
        raise RuleRefused(
            f"{state.rung} is already the smallest win for {ladder.id!r}: keep it, it counts"
        )
    return ladder.with_event(Event(today, "halve"))


def edit_target(ladder: Ladder, today: date, target: Num) -> Ladder:
    """Set today's target by hand (an 'edit' level)."""
    target = validate_amount("target", target, ladder.granularity)
    return ladder.with_event(Event(today, "edit", target))


# ------------------------------------------------------------- new ladders


def validate_amount(name: str, value: Num, granularity: Num) -> Num:
    value = num(value)
    if value <= 0:
        raise BadInput(f"{name} must be a positive number, got {format_num(value)}")
    if not is_multiple(value, granularity):
        raise BadInput(
            f"{name} {format_num(value)} is not a multiple of the granularity "
            f"{format_num(granularity)}"
        )
    return value


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "ladder"


ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def make_id(action: str, unit: str, taken: Iterable[str]) -> str:
    """A ladder id from its action and unit: 'walk'+'steps' -> 'walk-steps'."""
    taken_set = set(taken)
    base = slugify(f"{action} {unit}")
    candidate, n = base, 2
    while candidate in taken_set:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def new_ladder(
    *,
    identity: str,
    action: str,
    unit: str,
    start: Num,
    step: Num,
    start_day: date,
    hold: int = DEFAULT_HOLD,
    days: frozenset[int] = EVERY_DAY,
    granularity: Num = 1,
    minutes: Num | None = None,
    ladder_id: str | None = None,
    taken: Iterable[str] = (),
    created: int = 0,
    today: date | None = None,
) -> tuple[Ladder, list[str]]:
    """Validate a new ladder (R1, R10); return it with any warnings to show.

    `start_day` may be before `today` (someone who began yesterday), never after.
    """
    identity = identity.strip()
    action = action.strip()
    unit = unit.strip()
    if not identity:
        raise BadInput("identity is empty: say who you are becoming, "
                       "e.g. 'I am someone who moves every day'")
    if not action:
        raise BadInput("action is empty: say what you do, e.g. 'walk'")
    granularity = num(granularity)
    if granularity <= 0:
        raise BadInput(f"granularity must be positive, got {format_num(granularity)}")
    start = validate_amount("start", start, granularity)
    step = validate_amount("step", step, granularity)
    if isinstance(hold, bool) or not isinstance(hold, int) or hold < 1:
        raise BadInput(f"hold must be a whole number of days, at least 1, got {hold}")
    if not days:
        raise BadInput("the schedule has no days: give at least one weekday")
    if today is not None and start_day > today:
        raise BadInput(f"started {start_day.isoformat()} is in the future: a ladder starts "
                       f"today ({today.isoformat()}) or earlier")
    taken_list = list(taken)
    if ladder_id is None:
        ladder_id = make_id(action, unit, taken_list)
    else:
        if not ID_PATTERN.match(ladder_id):
            raise BadInput(f"bad id {ladder_id!r}: use lowercase letters, digits, '-' and '_'")
        if ladder_id in taken_list:
            raise BadInput(f"a ladder with id {ladder_id!r} already exists: choose another --id")
    warnings: list[str] = []
    if minutes is not None:
        minutes = num(minutes)
        if minutes < 0:
            raise BadInput(f"minutes must not be negative, got {format_num(minutes)}")
        if minutes > START_SMALL_MINUTES:
            smaller = halved(start, granularity)
            warnings.append(
                f"{format_num(minutes)} minutes is more than a two-minute start: "
                f"a win this big depends on motivation. Consider halving it "
                f"(start {format_num(smaller)})."
            )
    ladder = Ladder(
        id=ladder_id,
        identity=identity,
        action=action,
        unit=unit,
        start=start,
        step=step,
        start_day=start_day,
        hold=hold,
        days=days,
        granularity=granularity,
        minutes=minutes,
        created=created,
    )
    return ladder, warnings


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


def identity_votes(states: Iterable[LadderState]) -> dict[str, int]:
    """Votes per identity, ladders with the same identity (any case) adding up (R3)."""
    totals: dict[str, int] = {}
    for state in states:
        key = identity_key(state.ladder.identity)
        totals[key] = totals.get(key, 0) + state.votes
    return totals


def archive(ladder: Ladder, archived: bool = True) -> Ladder:
    return replace(ladder, archived=archived)

