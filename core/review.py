"""A review of the votes: a week, a month or a year, per identity.

Each win is a vote; a review gathers the evidence of one period: for every
identity (ladders with the same identity together) the votes cast in the
period and in all, and for each of its ladders the wins out of scheduled
days, rest days, misses, climbs, drop backs and halvings, the best streak,
the rung at the period's start against the rung now, the period's notes,
and the target over the period as a small step chart.

Pure functions of the ladders, the period and today (used by `smallwins
review` and the Review screen alike); nothing reads the clock.  A drop back
counts in the period in which it takes effect (the day after the miss), so
the counts and the rungs at both ends of the period always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil
from typing import Any

from smallwins.core.dates import format_day, week_start_of
from smallwins.core.model import Ladder, Num, Rest, Win, format_num
from smallwins.core.notes import NoteEntry, notes_of
from smallwins.core.rules import count_votes, identity_key, replay, target_on
from smallwins.core.words import amount_text

PERIODS = ("week", "month", "year")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True, slots=True)
class Period:
    """The days of one week, month or year; `through` is the last day lived so far."""

    kind: str
    first: date
    last: date
    through: date

    def words(self) -> str:
        """`week of Mon 23 Nov 2026`, `November 2026`, `2026`."""
        if self.kind == "week":
            return f"week of {format_day(self.first, with_year=True)}"
        if self.kind == "month":
            return f"{_MONTHS[self.first.month - 1]} {self.first.year}"
        return str(self.first.year)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "first": self.first.isoformat(),
                "last": self.last.isoformat(), "through": self.through.isoformat()}


def period_of(kind: str, day: date, today: date, week_starts_on: int = 0) -> Period:
    """The week (from `week_starts_on`), month or year holding `day`, lived up to `today`."""
    if kind == "week":
        first = week_start_of(day, week_starts_on)
        last = first + timedelta(days=6)
    elif kind == "month":
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif kind == "year":
        first, last = date(day.year, 1, 1), date(day.year, 12, 31)
    else:
        raise ValueError(f"unknown period {kind!r}: one of {', '.join(PERIODS)}")
    return Period(kind, first, last, min(last, today))


def shifted(period: Period, steps: int, today: date, week_starts_on: int = 0) -> Period:
    """The period `steps` periods before (negative) or after this one."""
    day = period.first
    for _ in range(abs(steps)):
        day = day - timedelta(days=1) if steps < 0 else \
            period_of(period.kind, day, today, week_starts_on).last + timedelta(days=1)
        day = period_of(period.kind, day, today, week_starts_on).first
    return period_of(period.kind, day, today, week_starts_on)


@dataclass(frozen=True, slots=True)
class LadderReview:
    """One ladder over one period."""

    ladder: Ladder
    votes: int
    """Wins in the period, scheduled days and bonus days alike."""
    won: int
    """Wins on scheduled days."""
    scheduled: int
    """Scheduled days lived in the period (rest days among them)."""
    rest_days: int
    misses: int
    pending: int
    """Today, scheduled and not marked yet: not a miss until it is over."""
    bonus: int
    climbs: int
    drop_backs: int
    halvings: int
    edits: int
    best_streak: int
    """The longest the streak stood on any day of the period (it may have begun before)."""
    rung_start: Num
    """The target as the period began (the start amount if the ladder began in it)."""
    rung_now: Num
    """The target on the period's last day lived."""
    levels: tuple[tuple[date, Num, str], ...]
    """Changes of target in the period: (day, target, reason)."""
    targets: tuple[Num, ...]
    """The target on each day from the period's first day lived by the ladder to `through`."""
    notes: tuple[NoteEntry, ...]

    @property
    def chart_values(self) -> tuple[Num, ...]:
        """What the step chart draws: the rung as the period began, then each day's."""
        return (self.rung_start, *self.targets)

    @property
    def rung_words(self) -> str:
        """`walk 50 → 750 steps`, or `walk 750 steps, the same rung`."""
        lad = self.ladder
        if self.rung_start == self.rung_now:
            return f"{lad.action} {amount_text(lad, self.rung_now)}, the same rung"
        # "1 → 2 sentences": the unit agrees with the number next to it.
        return f"{lad.action} {format_num(self.rung_start)} → {amount_text(lad, self.rung_now)}"

    def as_json(self) -> dict[str, Any]:
        lad = self.ladder
        return {
            "id": lad.id, "action": lad.action, "unit": lad.unit, "archived": lad.archived,
            "votes": self.votes, "won": self.won, "scheduled": self.scheduled,
            "rest_days": self.rest_days, "misses": self.misses, "pending": self.pending,
            "bonus": self.bonus, "climbs": self.climbs, "drop_backs": self.drop_backs,
            "halvings": self.halvings, "edits": self.edits, "best_streak": self.best_streak,
            "rung_start": self.rung_start, "rung_now": self.rung_now, "rung": self.rung_words,
            "levels": [{"day": day.isoformat(), "target": target, "reason": reason}
                       for day, target, reason in self.levels],
            "notes": [note.as_json() for note in self.notes],
        }


@dataclass(frozen=True, slots=True)
class IdentityReview:
    """The ladders of one identity over one period."""

    identity: str
    votes: int
    votes_total: int
    """Every vote for the identity up to the period's last day lived, archived ladders too."""
    ladders: tuple[LadderReview, ...]

    def as_json(self) -> dict[str, Any]:
        return {"identity": self.identity, "votes": self.votes, "votes_total": self.votes_total,
                "ladders": [lad.as_json() for lad in self.ladders]}


@dataclass(frozen=True, slots=True)
class Review:
    period: Period
    today: date
    identities: tuple[IdentityReview, ...]

    def as_json(self) -> dict[str, Any]:
        return {"period": self.period.as_json(), "today": self.today.isoformat(),
                "votes": sum(i.votes for i in self.identities),
                "identities": [i.as_json() for i in self.identities]}


def review(ladders: Iterable[Ladder], period: Period, today: date) -> Review:
    """The review of `period` for every ladder that had lived by its end.

    An archived ladder is left out unless it has a mark in the period; its
    votes count toward its identity's total either way.
    """
    everything = sorted(ladders, key=lambda lad: (lad.created, lad.id))
    totals: dict[str, int] = {}
    for ladder in everything:
        key = identity_key(ladder.identity)
        totals[key] = totals.get(key, 0) + count_votes(ladder, period.through)
    groups: dict[str, list[LadderReview]] = {}
    names: dict[str, str] = {}
    for ladder in everything:
        if ladder.start_day > period.through:
            continue
        if ladder.archived and not any(period.first <= d <= period.through
                                       for d in ladder.marks):
            continue
        key = identity_key(ladder.identity)
        names.setdefault(key, ladder.identity)
        groups.setdefault(key, []).append(ladder_review(ladder, period, today))
    return Review(period, today, tuple(
        IdentityReview(names[key], sum(r.votes for r in rows), totals[key], tuple(rows))
        for key, rows in groups.items()))


def ladder_review(ladder: Ladder, period: Period, today: date) -> LadderReview:
    """One ladder over `period` (it must have started by `period.through`)."""
    first, through = period.first, period.through
    levels = replay(ladder, through).levels
    counts = {"won": 0, "scheduled": 0, "rest": 0, "miss": 0, "pending": 0, "bonus": 0}
    run = best = 0
    today_ord, first_ord = today.toordinal(), first.toordinal()
    for o in range(ladder.start_day.toordinal(), through.toordinal() + 1):
        mark = ladder.marks.get(date.fromordinal(o))
        scheduled = (o - 1) % 7 in ladder.days
        inside = o >= first_ord
        if isinstance(mark, Win):
            if scheduled:
                run += 1
            kind = "won" if scheduled else "bonus"
        elif not scheduled:
            kind = ""
        elif isinstance(mark, Rest):
            kind = "rest"
        elif o < today_ord:
            run = 0
            kind = "miss"
        else:
            kind = "pending"
        if inside:
            if kind:
                counts[kind] += 1
            if scheduled:
                counts["scheduled"] += 1
            best = max(best, run)
    changes = tuple((lv.day, lv.target, lv.reason) for lv in levels
                    if lv.reason != "start" and first <= lv.day <= through)
    reasons = [reason for _, _, reason in changes]
    begun = max(first, ladder.start_day)
    before = first - timedelta(days=1)
    start = ladder.start if ladder.start_day >= first else target_on(levels, before)
    assert start is not None
    targets = tuple(target_on(levels, begun + timedelta(days=n)) or ladder.start
                    for n in range((through - begun).days + 1))
    return LadderReview(
        ladder=ladder, votes=counts["won"] + counts["bonus"], won=counts["won"],
        scheduled=counts["scheduled"], rest_days=counts["rest"], misses=counts["miss"],
        pending=counts["pending"], bonus=counts["bonus"], climbs=reasons.count("climb"),
        drop_backs=reasons.count("drop-back"), halvings=reasons.count("halve"),
        edits=reasons.count("edit"), best_streak=best, rung_start=start,
        rung_now=targets[-1] if targets else start, levels=changes, targets=targets,
        notes=tuple(notes_of([ladder], first, through)),
    )


# -------------------------------------------------------------- the chart

BLOCKS = " ▁▂▃▄▅▆▇█"
"""Eighths of a cell, from empty to full: the step chart's glyphs."""
MAX_REPEAT = 4
"""The most columns one day takes in a chart."""


def step_chart(values: Sequence[Num], width: int, height: int = 2) -> list[str]:
    """The target over time as `height` lines of block characters, at most `width`
    columns (each column the target at the end of its stretch of days).

    The lowest target of the chart sits on the bottom line and the highest
    fills the top, so a climb of one step shows; the caller labels both
    ends (`chart_labels`).  A rung that never changed is one flat line, a
    single line high.  [] when there is nothing to draw.
    """
    if not values or width < 1 or height < 1:
        return []
    n = len(values)
    count = min(n, width)
    columns = [float(values[min(n - 1, ceil((c + 1) * n / count) - 1)]) for c in range(count)]
    # A short period gets several columns a day, so a week is not three dots.
    repeat = max(1, min(MAX_REPEAT, width // count))
    columns = [v for v in columns for _ in range(repeat)]
    low, high = min(columns), max(columns)
    if high == low:
        return [BLOCKS[1] * len(columns)]
    steps = height * 8
    levels = [1 + round((v - low) / (high - low) * (steps - 1)) for v in columns]
    return ["".join(BLOCKS[min(8, max(0, level - row * 8))] for level in levels)
            for row in range(height - 1, -1, -1)]


def chart_labels(values: Sequence[Num], height: int = 2) -> list[str]:
    """The words beside each line of `step_chart`: the highest target on the top
    line, the lowest on the bottom one."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [f"{format_num(high)}, the same all along"]
    return [format_num(high)] + [""] * (height - 2) + [format_num(low)]


# ---------------------------------------------------------------- in words


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{format_num(count)} {word if count == 1 else (words or word + 's')}"


def counts_words(row: LadderReview) -> tuple[str, str]:
    """`won 5 of 6 scheduled days · 1 rest day · 0 misses` and
    `1 climb · 0 drop backs · 0 halvings · best streak 23`."""
    days = [f"won {row.won} of {plural(row.scheduled, 'scheduled day')}"]
    if row.pending:
        days[0] += " (today still open)"
    days += [plural(row.rest_days, "rest day"), plural(row.misses, "miss", "misses")]
    if row.bonus:
        days.append(plural(row.bonus, "bonus vote"))
    rungs = [plural(row.climbs, "climb"), plural(row.drop_backs, "drop back"),
             plural(row.halvings, "halving")]
    if row.edits:
        rungs.append(plural(row.edits, "edit"))
    rungs.append(f"best streak {row.best_streak}")
    return " · ".join(days), " · ".join(rungs)


def heading(result: Review) -> tuple[str, str]:
    """`Review of the week of Mon 23 Nov 2026 · 7 votes` and the days it holds so far."""
    period = result.period
    words = f"the {period.words()}" if period.kind == "week" else period.words()
    votes = sum(i.votes for i in result.identities)
    span = f"{format_day(period.first)} to {format_day(period.through)}"
    if period.through == result.today:
        span += " (today)"
    return f"Review of {words} · {plural(votes, 'vote')}", span


def plain_lines(result: Review, width: int = 72) -> list[str]:
    """The review as plain text (no colour: it goes to cron mail and pipes)."""
    from smallwins.core.notes import one_line

    lines = list(heading(result))
    if not result.identities:
        lines += ["", "no ladders had begun by then"]
    for ident in result.identities:
        lines += ["", one_line(ident.identity),
                  f"  {plural(ident.votes, 'vote')} this {result.period.kind} · "
                  f"{format_num(ident.votes_total)} in all"]
        for row in ident.ladders:
            archived = " (archived)" if row.ladder.archived else ""
            lines.append(f"  {row.ladder.id}{archived}: {one_line(row.rung_words)}")
            lines += [f"    {words}" for words in counts_words(row)]
            chart = step_chart(row.chart_values, max(8, width - 24))
            for text, label in zip(chart, chart_labels(row.chart_values), strict=True):
                lines.append(f"    {text} {label}".rstrip())
            for note in row.notes:
                lines.append(f"    {note_words(note)}")
    return lines


def note_words(note: NoteEntry) -> str:
    """`Tue 24 Nov ✔ walked to the station`, a run of rest days as `Mon 1 Dec-Fri 12 Dec`."""
    from smallwins.core.notes import one_line

    when = format_day(note.day)
    if note.last_day != note.day:
        when += f"-{format_day(note.last_day)}"
    glyph = "✔" if note.kind == "win" else "–"
    return f"{when} {glyph} {one_line(note.text)}"
