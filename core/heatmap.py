"""The heatmap's days: what each calendar day looks like, for one ladder or all.

The heatmap screen draws one cell per day; this module decides what goes in
each cell from replayed ladder states, without any knowledge of the terminal.
Intensity means the rung for one ladder (a higher rung is a darker cell, so
growth is visible at a glance) and the share of ladders won for all of them.

The functions run over whole histories (50 ladders x 10 years), so the loops
work on day ordinals and precomputed lookups rather than on `date` arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from smallwins.core.dates import week_start_of
from smallwins.core.model import Num, Rest, Win
from smallwins.core.rules import LadderState

# When several ladders change level on one day the cell can show only one
# marker: a drop back is the news the user most needs to see, then a halve
# (also a step down), then a climb, then a hand edit.
_MARKER_RANK = {"drop-back": 0, "halve": 1, "climb": 2, "edit": 3}

MAX_LEVEL = 4


@dataclass(frozen=True, slots=True)
class HeatDay:
    """One cell of the heatmap.

    `level` is 0 (nothing won) to 4 (the highest rung, or every ladder won);
    `marker` names a level change that starts on this day; `in_range` is False
    before a ladder's start and after today, where the cell stays blank.
    """

    day: date
    level: int
    won: bool
    rest: bool
    scheduled: bool
    marker: str | None
    in_range: bool


def _rung_level(target: Num, low: Num, high: Num) -> int:
    """Level 1-4 of a won day's target between the ladder's lowest and highest rung."""
    if high <= low:
        return MAX_LEVEL
    share = (float(target) - float(low)) / (float(high) - float(low))
    share = min(1.0, max(0.0, share))
    # Round half up: a rung exactly between two levels takes the higher one.
    return 1 + int(share * (MAX_LEVEL - 1) + 0.5)


def _markers(state: LadderState, first_ord: int, last_ord: int) -> dict[int, str]:
    """The marker of each day in the window on which this ladder's level changed."""
    found: dict[int, str] = {}
    for level in state.levels:
        reason = level.reason
        if reason not in _MARKER_RANK:
            continue
        o = level.day.toordinal()
        if first_ord <= o <= last_ord:
            current = found.get(o)
            if current is None or _MARKER_RANK[reason] < _MARKER_RANK[current]:
                found[o] = reason
    return found


def _window_days(first: date, last: date) -> list[date]:
    if last < first:
        return []
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def heatmap_one(state: LadderState, first: date, last: date) -> dict[date, HeatDay]:
    """Every day from `first` to `last` for one ladder; intensity is the rung.

    A won day's level follows the target recorded with the win, placed between
    the lowest and highest target the ladder ever had (lowest rung 1, highest
    4, a ladder that never changed rung 4). Unwon days are level 0.
    """
    ladder = state.ladder
    first_ord = first.toordinal()
    last_ord = last.toordinal()
    start_ord = ladder.start_day.toordinal()
    today_ord = state.today.toordinal()
    targets = [lv.target for lv in state.levels]
    low, high = min(targets), max(targets)
    schedule = ladder.days
    markers = _markers(state, first_ord, last_ord)

    # Level and flags of each marked day, computed once per mark rather than per day.
    marked: dict[int, tuple[int, bool, bool]] = {}
    rungs: dict[Num, int] = {}
    for day, mark in ladder.marks.items():
        o = day.toordinal()
        if first_ord <= o <= last_ord:
            if isinstance(mark, Win):
                level = rungs.get(mark.target)
                if level is None:
                    level = rungs[mark.target] = _rung_level(mark.target, low, high)
                marked[o] = (level, True, False)
            elif isinstance(mark, Rest):
                marked[o] = (0, False, True)
    unmarked = (0, False, False)

    result: dict[date, HeatDay] = {}
    for o in range(first_ord, last_ord + 1):
        day = date.fromordinal(o)
        if o < start_ord or o > today_ord:
            result[day] = HeatDay(day, 0, False, False, False, None, False)
            continue
        level, won, rest = marked.get(o, unmarked)
        result[day] = HeatDay(
            day, level, won, rest, (o - 1) % 7 in schedule, markers.get(o), True
        )
    return result


def share_level(won: int, counted: int) -> int:
    """Level 0-4 of `won` out of `counted` ladders: ceil(share * 4), at least 1 if any."""
    if won <= 0 or counted <= 0:
        return 0
    return max(1, min(MAX_LEVEL, math.ceil(won * MAX_LEVEL / counted)))


def heatmap_all(states: list[LadderState], first: date, last: date) -> dict[date, HeatDay]:
    """Every day from `first` to `last` across ladders; intensity is the share won.

    The share is the scheduled ladders won out of those scheduled and not
    resting that day (a rest day is neither win nor miss, so it does not dilute
    the share). A day with only bonus wins on unscheduled ladders still shows
    level 1: a vote was cast. A day is a rest day when every scheduled ladder
    rested, and carries a marker when any ladder changed level (a drop back
    shows before a climb).
    """
    first_ord = first.toordinal()
    last_ord = last.toordinal()
    size = max(0, last_ord - first_ord + 1)
    scheduled = [0] * size
    won_scheduled = [0] * size
    rested = [0] * size
    any_win = [False] * size
    active = [False] * size
    marker: list[str | None] = [None] * size

    for state in states:
        ladder = state.ladder
        lo = max(first_ord, ladder.start_day.toordinal())
        hi = min(last_ord, state.today.toordinal())
        if lo > hi:
            continue
        for i in range(lo - first_ord, hi - first_ord + 1):
            active[i] = True
        # Scheduled days, one weekday at a time: a stride of 7 over the window.
        for weekday in ladder.days:
            begin = lo + (weekday - (lo - 1) % 7) % 7
            for o in range(begin, hi + 1, 7):
                scheduled[o - first_ord] += 1
        schedule = ladder.days
        for day, mark in ladder.marks.items():
            o = day.toordinal()
            if not lo <= o <= hi:
                continue
            i = o - first_ord
            if isinstance(mark, Win):
                any_win[i] = True
                if (o - 1) % 7 in schedule:
                    won_scheduled[i] += 1
            elif (o - 1) % 7 in schedule:
                rested[i] += 1
        for o, reason in _markers(state, lo, hi).items():
            i = o - first_ord
            current = marker[i]
            if current is None or _MARKER_RANK[reason] < _MARKER_RANK[current]:
                marker[i] = reason

    result: dict[date, HeatDay] = {}
    for i, day in enumerate(_window_days(first, last)):
        if not active[i]:
            result[day] = HeatDay(day, 0, False, False, False, None, False)
            continue
        counted = scheduled[i] - rested[i]
        level = share_level(won_scheduled[i], counted)
        if level == 0 and any_win[i]:
            level = 1
        result[day] = HeatDay(
            day=day,
            level=level,
            won=any_win[i],
            rest=scheduled[i] > 0 and rested[i] == scheduled[i],
            scheduled=scheduled[i] > 0,
            marker=marker[i],
            in_range=True,
        )
    return result


def weeks_window(last: date, weeks: int, week_starts_on: int) -> tuple[date, date]:
    """First and last day of `weeks` whole week columns ending with the week of `last`.

    The first day is a week start (`week_starts_on`, 0 = Monday) and the last
    day ends that final week, so every column of the grid is a full week.
    """
    if weeks < 1:
        raise ValueError(f"a heatmap window needs at least one week, got {weeks}")
    end_week = week_start_of(last, week_starts_on)
    return end_week - timedelta(weeks=weeks - 1), end_week + timedelta(days=6)
