"""What a person can change in a ladder, checked by the rules (SPEC R2, R6-R10).

Each function takes a ladder and returns the changed ladder, or raises
RuleRefused (the rules say no: exit 1) or BadInput (not valid input: exit 2)
with one line that says why.  Like the replay, nothing here reads the clock:
`today` is always passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from smallwins.core import limits
from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.marks import DayMarks
from smallwins.core.model import (
    EVERY_DAY,
    Event,
    Ladder,
    Mark,
    Num,
    Rest,
    Win,
    dec,
    format_num,
    is_multiple,
)
from smallwins.core.notes import clean_note
from smallwins.core.rules import LadderState, halved, is_scheduled, replay, resumable, rung_text
from smallwins.core.words import unit_forms

DEFAULT_HOLD = 14
START_SMALL_MINUTES = 2


# ------------------------------------------------------------------ intents


def _check_day(ladder: Ladder, day: date, today: date, future: bool = False) -> None:
    """A day that may be marked: from the ladder's start to today (later too, for a
    rest day announced ahead: `future`, which only the rest-day paths pass)."""
    limits.day(day, "the day")
    if day > today and not future:
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
    known: LadderState | None = None,
) -> Ladder:
    """Record a win on `day` at the target that applied that day (R2).

    `known`: the ladder's state as last replayed, if there is one: the replay to find
    the day's target resumes from it when it can.
    """
    _check_day(ladder, day, today)
    target = replay(ladder, day, None if known is None else resumable(known, ladder)).target
    if amount is not None:
        amount = limits.amount(amount, "amount")
        if amount < target:
            raise BadInput(
                f"{format_num(amount)} is below the target of {rung_text(ladder, target)}: "
                f"do the whole small win, or halve the rung if it feels hard "
                f"(smallwins halve {ladder.id})"
            )
    note = clean_note(note)
    existing = ladder.marks.get(day)
    extra = None
    if isinstance(existing, Win):
        # Marking a won day again keeps its target and adds what is new.
        amount = amount if amount is not None else existing.amount
        target = existing.target
        extra = existing.extra
    if note is None and existing is not None:
        note = existing.note  # a rest day's reason stays with the day it explains
    return ladder.with_mark(day, Win(target, amount, note, extra))


def mark_rest(ladder: Ladder, day: date, today: date, note: str | None = None, *,
              future: bool = False) -> Ladder:
    """Declare a scheduled day a rest day: neither win nor miss.

    Only a pause (`future`) may rest a day after today; no win ever can be.
    """
    _check_day(ladder, day, today, future)
    if not is_scheduled(ladder, day):
        raise BadInput(f"{day.isoformat()} is not a scheduled day of {ladder.id!r}: "
                       "it can never be a miss, so it needs no rest")
    note = clean_note(note)
    existing = ladder.marks.get(day)
    if note is None and existing is not None:
        note = existing.note
    return ladder.with_mark(day, Rest(note, existing.extra if isinstance(existing, Rest)
                                      else None))


def set_note(ladder: Ladder, day: date, today: date, text: str | None, *,
             one_line: bool = False) -> Ladder:
    """Write, change or (blank `text`) remove the note of a marked day.

    A note is evidence for a win or the reason for a rest day: it never makes
    a day either, so an unmarked day is refused.  A rest day announced ahead
    may carry its reason too.
    """
    mark = ladder.marks.get(day)
    _check_day(ladder, day, today, future=isinstance(mark, Rest))
    note = clean_note(text, one_line=one_line)
    if mark is None:
        raise RuleRefused(f"{day.isoformat()} has no win or rest day on {ladder.id!r} to "
                          "note: check it off or make it a rest day first")
    return ladder.with_mark(day, replace(mark, note=note))  # unknown keys stay


MAX_PAUSE_DAYS = 366
"""The longest pause at once: a typo in a year must not rest a century."""


def pause_days(ladder: Ladder, first: date, last: date) -> list[date]:
    """The days of `first`..`last` a pause would rest: scheduled, from the start on."""
    if last < first:
        raise BadInput(f"the pause ends ({last.isoformat()}) before it starts "
                       f"({first.isoformat()})")
    if (last - first).days + 1 > MAX_PAUSE_DAYS:
        raise BadInput(f"a pause is at most {MAX_PAUSE_DAYS} days, "
                       f"{first.isoformat()} to {last.isoformat()} is "
                       f"{(last - first).days + 1}: pause again when it ends")
    start = max(first, ladder.start_day)
    return [start + timedelta(days=n) for n in range((last - start).days + 1)
            if is_scheduled(ladder, start + timedelta(days=n))]


def pause(ladder: Ladder, first: date, last: date, today: date,
          note: str | None = None) -> tuple[Ladder, int]:
    """Rest every scheduled day from `first` to `last`, today and later included (a
    holiday announced ahead, an illness).  Days already won stay won.  Returns the
    ladder and how many days became (or stayed) rest days."""
    note = clean_note(note)
    if (last - today).days > MAX_PAUSE_DAYS:
        raise BadInput(f"a pause is announced at most {MAX_PAUSE_DAYS} days ahead: "
                       f"{last.isoformat()} is further; pause nearer the time")
    rested = 0
    for day in pause_days(ladder, first, last):
        if isinstance(ladder.marks.get(day), Win):
            continue
        ladder = mark_rest(ladder, day, today, note, future=True)
        rested += 1
    return ladder, rested


def unpause(ladder: Ladder, first: date, last: date) -> tuple[Ladder, int]:
    """Take back the rest days from `first` to `last` (wins are left alone)."""
    cleared = 0
    for day in pause_days(ladder, first, last):
        if isinstance(ladder.marks.get(day), Rest):
            ladder = ladder.with_mark(day, None)
            cleared += 1
    return ladder, cleared


def clear_mark(ladder: Ladder, day: date, today: date) -> Ladder:
    """Remove the win or rest mark of `day` (a rest day ahead can be taken back too)."""
    _check_day(ladder, day, today, future=isinstance(ladder.marks.get(day), Rest))
    if day not in ladder.marks:
        raise RuleRefused(f"nothing to undo: {ladder.id!r} has no mark on {day.isoformat()}")
    return ladder.with_mark(day, None)


def _check_change_day(ladder: Ladder, today: date) -> None:
    """A change of target is dated today: never before the ladder started."""
    limits.day(today, "today")
    if today < ladder.start_day:
        raise BadInput(f"{today.isoformat()} is before ladder {ladder.id!r} started "
                       f"({ladder.start_day.isoformat()}): a change of its target "
                       "can only be made from its start")


def climb(ladder: Ladder, today: date) -> Ladder:
    """Step up one rung, only when the hold is complete (R6, R7)."""
    _check_change_day(ladder, today)
    state = replay(ladder, today)
    if not state.ready_to_climb:
        raise RuleRefused(
            f"not ready to climb {ladder.id!r}: {state.hold_progress}/{ladder.hold} "
            "won days at this rung"
        )
    higher = dec(state.target) + dec(ladder.step)
    if higher > limits.MAX_AMOUNT:
        raise limits.LimitError("target", f"must be at most {limits.MAX_AMOUNT:,}: "
                                f"{ladder.id!r} cannot climb past {state.rung}")
    return ladder.with_event(Event(today, "climb"))


def halve(ladder: Ladder, today: date) -> Ladder:
    """"This feels hard": cut the target in half (R9)."""
    _check_change_day(ladder, today)
    state = replay(ladder, today)
    if dec(state.target) <= dec(ladder.granularity):
        raise RuleRefused(
            f"{state.rung} is already the smallest win for {ladder.id!r}: keep it, it counts"
        )
    return ladder.with_event(Event(today, "halve"))


def edit_target(ladder: Ladder, today: date, target: Num) -> Ladder:
    """Set today's target by hand (an 'edit' level)."""
    _check_change_day(ladder, today)
    target = validate_amount("target", target, ladder.granularity)
    return ladder.with_event(Event(today, "edit", target))


# ------------------------------------------------------------- new ladders


def validate_amount(name: str, value: Num, granularity: Num) -> Num:
    """An amount within the limits (core/limits.py) that is a multiple of `granularity`."""
    value = limits.amount(value, name)
    if not is_multiple(value, granularity):
        raise BadInput(
            f"{name} {format_num(value)} is not a multiple of the granularity "
            f"{format_num(granularity)}"
        )
    return value


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "ladder"




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
    unit_one: str | None = None,
) -> tuple[Ladder, list[str]]:
    """Validate a new ladder (R1, R10); return it with any warnings to show.

    `start_day` may be before `today` (someone who began yesterday), never after.
    """
    identity = _word(identity, "identity")
    action = _word(action, "action")
    unit, unit_one = _unit_pair(_word(unit, "unit"),
                                None if unit_one is None else _word(unit_one, "unit_one"))
    if not identity:
        raise BadInput("identity is empty: say who you are becoming, "
                       "e.g. 'I am someone who moves every day'")
    if not action:
        raise BadInput("action is empty: say what you do, e.g. 'walk'")
    granularity = limits.amount(granularity, "granularity")
    start = validate_amount("start", start, granularity)
    step = validate_amount("step", step, granularity)
    hold = limits.hold(hold)
    if not days:
        raise BadInput("the schedule has no days: give at least one weekday")
    limits.day(start_day, "the start day")
    if today is not None and start_day > today:
        raise BadInput(f"started {start_day.isoformat()} is in the future: a ladder starts "
                       f"today ({today.isoformat()}) or earlier")
    taken_list = list(taken)
    if ladder_id is None:
        ladder_id = make_id(action, unit, taken_list)
    else:
        limits.ladder_id(ladder_id)
        if ladder_id in taken_list:
            raise BadInput(f"a ladder with id {ladder_id!r} already exists: choose another --id")
    warnings: list[str] = []
    if minutes is not None:
        minutes = limits.minutes(minutes)
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
        unit_one=unit_one,
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


def from_outside(ladder: Ladder) -> Ladder:
    """A ladder read from an import, held to the rules of typed input.

    The data file's own reading accepts words written before control
    characters were refused; what comes in now must be as clean as what is
    typed: identity, action and unit without control characters, notes with
    at most line breaks (core/notes.py).
    """
    limits.words(ladder.identity, "identity")
    limits.words(ladder.action, "action")
    limits.words(ladder.unit, "unit", allow_empty=True)
    limits.words(ladder.unit_one, "unit_one", allow_empty=True)
    cleaned: dict[date, Mark] = {}
    for day, mark in ladder.marks.items():
        if mark.note is not None:
            try:
                note = clean_note(mark.note)
            except BadInput as exc:
                raise BadInput(f"mark on {day.isoformat()}: {exc}") from None
            if note != mark.note:
                cleaned[day] = replace(mark, note=note)
    return replace(ladder, marks=DayMarks({**ladder.marks, **cleaned})) if cleaned else ladder


def _word(value: object, field: str) -> str:
    """A word as typed, without the spaces and line ends around it (a shell's
    `$(cat file)` ends with one), and without control characters inside."""
    return limits.words(value.strip() if isinstance(value, str) else value, field,
                        allow_empty=True)


def _unit_pair(unit: str, unit_one: str | None) -> tuple[str, str]:
    """(plural, singular) of a unit: both as given, or both guessed from one form
    typed either way ("sentence" or "sentences")."""
    unit = " ".join(unit.split())
    if unit_one is not None and unit_one.strip():
        return unit, " ".join(unit_one.split())
    one, many = unit_forms(unit)
    return many, one


def archive(ladder: Ladder, archived: bool = True) -> Ladder:
    return replace(ladder, archived=archived)



# ------------------------------------------------------------ edited ladders

EDITABLE = ("identity", "action", "unit", "unit_one", "step", "hold", "days", "granularity",
            "minutes")
"""Fields of a ladder that an edit may change.  The start amount and the start
day are history: changing them would rewrite every replayed day."""

NEW_FIELDS = ("identity", "action", "unit", "unit_one", "start", "step", "hold", "days",
              "granularity", "minutes", "ladder_id", "start_day")
"""Fields a new ladder may be given (the keyword arguments of `new_ladder`)."""


def new_args(fields: Mapping[str, Any], today: date) -> dict[str, Any]:
    """Keyword arguments of `new_ladder` from typed fields; it starts today unless told."""
    unknown = sorted(set(fields) - set(NEW_FIELDS))
    if unknown:
        raise BadInput(f"unknown ladder field {unknown[0]!r}")
    args = {key: fields[key] for key in NEW_FIELDS if key in fields}
    args.setdefault("start_day", today)
    return args


def edited(
    ladder: Ladder, fields: Mapping[str, Any], today: date
) -> tuple[Ladder, list[str]]:
    """`ladder` with `fields` applied, checked by the same rules as a new ladder.

    `target` among the fields sets today's rung (an `edit` level); the other
    fields are settings, which apply to the whole history.
    """
    unknown = sorted(set(fields) - set(EDITABLE) - {"target"})
    if unknown:
        raise BadInput(f"{unknown[0]!r} cannot be edited")
    target = replay(ladder, today).target
    values = {name: fields.get(name, getattr(ladder, name)) for name in EDITABLE}
    if "unit" in fields and "unit_one" not in fields:
        values["unit_one"] = None  # a new unit: its singular is guessed anew
    new_target = fields.get("target", target)
    # The same checks as a new ladder, with today's target in the place of the start.
    checked, warnings = new_ladder(
        identity=values["identity"], action=values["action"], unit=values["unit"],
        unit_one=values["unit_one"], start=new_target, step=values["step"],
        start_day=ladder.start_day,
        hold=values["hold"], days=values["days"], granularity=values["granularity"],
        minutes=values["minutes"], ladder_id=ladder.id,
    )
    result = replace(ladder, **{name: getattr(checked, name) for name in EDITABLE})
    if checked.start != target:
        result = edit_target(result, today, checked.start)
    return result, warnings
