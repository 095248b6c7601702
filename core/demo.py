"""Realistic, deterministic demo history: for newcomers, screenshots and benchmarks.

A simulated person works through several identities: mostly wins, misses
that come in clusters, holidays taken as rest days, bonus wins on days off,
notes now and then, climbs taken some days after they become ready, a halving
after a hard patch.  The same seed always gives the same file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from smallwins.core.changes import make_id
from smallwins.core.marks import DayMarks
from smallwins.core.model import (
    EVERY_DAY,
    Event,
    Ladder,
    Mark,
    Num,
    Rest,
    Win,
    parse_days,
)
from smallwins.core.rules import add, halved


@dataclass(frozen=True)
class Template:
    identity: str
    action: str
    unit: str
    start: Num
    step: Num
    hold: int = 14
    days: str = "daily"
    granularity: Num = 1
    minutes: Num | None = 1


TEMPLATES = (
    Template("I am someone who moves every day", "walk", "steps", 50, 50, 1, "mon-fri"),
    Template("I am a writer", "write", "sentences", 1, 1),
    Template("I am strong", "do", "pushups", 1, 1),
    Template("I am a reader", "read", "pages", 1, 1),
    Template("I am calm", "meditate", "minutes", 1, 1, minutes=1),
    Template("I am someone who moves every day", "stretch", "minutes", 1, 1, 7),
    Template("I am a musician", "practise guitar", "minutes", 2, 1, 14, "mon-sat", minutes=2),
    Template("I am tidy", "put away", "things", 1, 1),
    Template("I am a learner", "learn Spanish", "words", 3, 1, 14, "mon-sat"),
    Template("I am a runner", "run", "km", 0.5, 0.5, 14, "mon,wed,fri", 0.5, 2),
    Template("I am strong", "hold a plank", "seconds", 10, 5, 14, "daily", 5),
    Template("I am kind", "write a thank-you", "lines", 1, 1, 14, "sun"),
)

NOTES = (
    "felt easy today",
    "did it before breakfast",
    "rainy, did it anyway",
    "tired, but showed up",
    "with a friend",
    "more than planned",
    'said "just one" and did three',
    "on the train, commas, quotes and all",
)


def generate(
    ladders: int = 6,
    years: float = 1.0,
    seed: int = 1,
    today: date | None = None,
) -> dict[str, Ladder]:
    """Ladders by id with `years` of history ending on `today`."""
    if today is None:
        raise ValueError("generate() needs today")
    rng = random.Random(seed)
    made: dict[str, Ladder] = {}
    span = max(1, round(years * 365))
    for n in range(ladders):
        template = TEMPLATES[n % len(TEMPLATES)]
        lid = make_id(template.action, template.unit, made)
        # Ladders join over the first weeks, so histories do not all line up.
        start_day = today - timedelta(days=span - 1 - rng.randrange(0, min(60, span)))
        ladder = _simulate(rng, template, lid, start_day, today, created=n)
        made[lid] = ladder
    return made


def _simulate(
    rng: random.Random, t: Template, lid: str, start_day: date, today: date, created: int
) -> Ladder:
    days = EVERY_DAY if t.days == "daily" else parse_days(t.days)
    discipline = rng.uniform(0.86, 0.97)
    marks: dict[date, Mark] = {}
    events: list[Event] = []
    target: Num = t.start
    previous: Num | None = None
    consolidating = False
    progress = 0
    missed_yesterday = False
    holiday = 0
    patience = rng.randint(0, 5)  # days a ready rung is kept before climbing
    for offset in range((today - start_day).days + 1):
        day = start_day + timedelta(days=offset)
        is_today = day == today
        scheduled = day.weekday() in days
        if holiday == 0 and rng.random() < 0.004:
            holiday = rng.randint(2, 9)
        # After a hard patch, "this feels hard": halve before the day's win.
        hard_patch = missed_yesterday and not consolidating
        if hard_patch and rng.random() < 0.04 and target > t.granularity:
            target = halved(target, t.granularity)
            consolidating = False
            progress = 0
            events.append(Event(day, "halve"))
        if holiday:
            holiday -= 1
            if scheduled:
                marks[day] = Rest()
            continue
        if scheduled:
            chance = discipline - (0.25 if missed_yesterday else 0.0)
            if is_today:
                chance *= 0.6  # the day is not over yet
            won = rng.random() < chance
        else:
            won = rng.random() < 0.05
        if won:
            amount = target if rng.random() > 0.05 else add(target, t.step)
            note = rng.choice(NOTES) if rng.random() < 0.03 else None
            marks[day] = Win(target, amount if amount != target else None, note)
            if scheduled:
                progress += 1
                if consolidating and progress >= t.hold:
                    consolidating = False
            missed_yesterday = False
        elif scheduled and not is_today:
            progress = 0
            missed_yesterday = True
            if consolidating and previous is not None:
                target, consolidating = previous, False
        # The rung feels automatic some days after the hold is done: climb.
        if progress >= t.hold:
            if patience <= 0:
                previous, target = target, add(target, t.step)
                consolidating, progress = True, 0
                events.append(Event(day, "climb"))
                patience = rng.randint(0, 5)
            else:
                patience -= 1
    return Ladder(
        id=lid,
        identity=t.identity,
        action=t.action,
        unit=t.unit,
        start=t.start,
        step=t.step,
        start_day=start_day,
        hold=t.hold,
        days=days,
        granularity=t.granularity,
        minutes=t.minutes,
        created=created,
        events=tuple(events),
        marks=DayMarks(marks),
    )
