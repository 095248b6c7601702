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
from datetime import date
from typing import Any

from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.model import (
    EVERY_DAY,
    Event,
    Ladder,
    Num,
    Rest,
    Win,
    dec,
    format_num,
    is_multiple,
    num,
)
from smallwins.core.rules import halved, is_scheduled, replay, rung_text
from smallwins.core.words import unit_forms

DEFAULT_HOLD = 14
START_SMALL_MINUTES = 2


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
    unit_one: str | None = None,
) -> tuple[Ladder, list[str]]:
    """Validate a new ladder (R1, R10); return it with any warnings to show.

    `start_day` may be before `today` (someone who began yesterday), never after.
    """
    identity = identity.strip()
    action = action.strip()
    unit, unit_one = _unit_pair(unit, unit_one)
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
