"""The heatmap's days: intensity, markers, rest days and the week window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallwins.core.changes import climb, halve, mark_rest, mark_win, new_ladder
from smallwins.core.heatmap import (
    HeatDay,
    heatmap_all,
    heatmap_one,
    share_level,
    weeks_window,
)
from smallwins.core.model import parse_days
from smallwins.core.rules import replay

MON = date(2026, 1, 5)  # a Monday


def d(n: int) -> date:
    return MON + timedelta(days=n)


def make(ladder_id: str, **kw):
    args = dict(identity="I am a walker", action="walk", unit="steps", start=50, step=50,
                start_day=MON, hold=2, ladder_id=ladder_id)
    args.update(kw)
    made, _ = new_ladder(**args)
    return made


def climbing_ladder():
    """50 on days 0-1, climb to 100 on day 2, to 150 on day 4, a miss on day 5
    (drop back to 100 from day 6), a rest on day 6; today is day 7."""
    lad = make("walk")
    for n in (0, 1):
        lad = mark_win(lad, d(n), d(n))
    lad = climb(lad, d(2))
    for n in (2, 3):
        lad = mark_win(lad, d(n), d(n))
    lad = climb(lad, d(4))
    lad = mark_win(lad, d(4), d(4))
    lad = mark_rest(lad, d(6), d(7))
    return lad


def test_one_ladder_levels_follow_the_rung():
    state = replay(climbing_ladder(), d(7))
    assert [lv.reason for lv in state.levels] == ["start", "climb", "climb", "drop-back"]
    days = heatmap_one(state, d(-3), d(10))
    assert len(days) == 14 and min(days) == d(-3) and max(days) == d(10)
    # Lowest rung 1, middle rung between, highest rung 4.
    assert [days[d(n)].level for n in range(8)] == [1, 1, 3, 3, 4, 0, 0, 0]
    assert all(days[d(n)].won for n in range(5))
    assert not days[d(5)].won and not days[d(7)].won


def test_one_ladder_markers_and_rest():
    days = heatmap_one(replay(climbing_ladder(), d(7)), d(0), d(7))
    assert days[d(2)].marker == "climb"
    assert days[d(4)].marker == "climb"
    assert days[d(6)].marker == "drop-back"  # the day after the miss
    assert days[d(5)].marker is None and days[d(0)].marker is None  # "start" is no marker
    assert days[d(6)].rest and not days[d(6)].won
    assert not days[d(5)].rest


def test_one_ladder_out_of_range_before_start_and_after_today():
    days = heatmap_one(replay(climbing_ladder(), d(7)), d(-2), d(9))
    assert not days[d(-1)].in_range and not days[d(8)].in_range
    assert days[d(0)].in_range and days[d(7)].in_range
    assert days[d(8)] == HeatDay(d(8), 0, False, False, False, None, False)


def test_one_rung_only_is_level_four_and_schedule_is_reported():
    lad = make("read", days=parse_days("mon-fri"))
    lad = mark_win(lad, d(0), d(6))
    lad = mark_win(lad, d(5), d(6))  # a Saturday: a bonus win
    days = heatmap_one(replay(lad, d(6)), d(0), d(6))
    assert days[d(0)].level == 4 and days[d(5)].level == 4
    assert days[d(0)].scheduled and not days[d(5)].scheduled


def test_halve_marks_the_day_and_lowers_the_level():
    lad = make("run", start=40, step=10, hold=1)
    lad = mark_win(lad, d(0), d(0))
    lad = halve(lad, d(1))
    lad = mark_win(lad, d(1), d(1))
    days = heatmap_one(replay(lad, d(1)), d(0), d(1))
    assert days[d(1)].marker == "halve"
    assert days[d(0)].level == 4 and days[d(1)].level == 1


@pytest.mark.parametrize(
    ("won", "counted", "level"),
    [(0, 3, 0), (1, 3, 2), (2, 3, 3), (3, 3, 4), (1, 4, 1), (1, 5, 1), (1, 8, 1), (0, 0, 0)],
)
def test_share_level(won, counted, level):
    assert share_level(won, counted) == level


def three_ladders():
    a, b, c = make("a"), make("b"), make("c")
    # Day 0: all three won; day 1: two; day 2: one; day 3: none.
    for n, winners in enumerate([(0, 1, 2), (0, 1), (0,), ()]):
        for i in winners:
            if i == 0:
                a = mark_win(a, d(n), d(n))
            elif i == 1:
                b = mark_win(b, d(n), d(n))
            else:
                c = mark_win(c, d(n), d(n))
    return a, b, c


def test_all_ladders_intensity_is_share_won():
    today = d(4)
    states = [replay(lad, today) for lad in three_ladders()]
    days = heatmap_all(states, d(0), d(4))
    assert [days[d(n)].level for n in range(5)] == [4, 3, 2, 0, 0]
    assert [days[d(n)].won for n in range(5)] == [True, True, True, False, False]
    assert all(days[d(n)].scheduled for n in range(5))


def test_all_ladders_rest_days():
    a, b, c = three_ladders()
    today = d(6)
    # Day 4: everyone rests.  Day 5: one rests, the other two win: a full share.
    a, b, c = (mark_rest(x, d(4), today) for x in (a, b, c))
    a = mark_rest(a, d(5), today)
    b = mark_win(b, d(5), today)
    c = mark_win(c, d(5), today)
    days = heatmap_all([replay(x, today) for x in (a, b, c)], d(0), d(6))
    assert days[d(4)].rest and days[d(4)].level == 0
    assert not days[d(5)].rest and days[d(5)].level == 4
    assert not days[d(6)].rest


def test_all_ladders_marker_drop_back_wins_over_climb():
    dropping = climbing_ladder()  # drops back on day 6
    climber = make("climber", hold=1)
    climber = mark_win(climber, d(5), d(5))
    climber = climb(climber, d(6))
    today = d(7)
    states = [replay(dropping, today), replay(climber, today)]
    days = heatmap_all(states, d(0), d(7))
    assert days[d(6)].marker == "drop-back"
    assert days[d(2)].marker == "climb"
    assert days[d(3)].marker is None


def test_all_ladders_bonus_win_and_range():
    weekdays = make("weekdays", days=parse_days("mon-fri"), start_day=d(2))
    weekdays = mark_win(weekdays, d(5), d(6))  # Saturday: unscheduled
    days = heatmap_all([replay(weekdays, d(6))], d(0), d(8))
    assert days[d(5)].won and days[d(5)].level == 1 and not days[d(5)].scheduled
    assert not days[d(1)].in_range  # before the only ladder's start
    assert not days[d(7)].in_range  # after today
    assert days[d(6)].in_range and not days[d(6)].scheduled and days[d(6)].level == 0


def test_all_with_no_ladders_is_blank():
    days = heatmap_all([], d(0), d(2))
    assert [h.in_range for h in days.values()] == [False, False, False]


def test_all_matches_one_for_a_single_ladder():
    state = replay(climbing_ladder(), d(7))
    one = heatmap_one(state, d(-2), d(9))
    every = heatmap_all([state], d(-2), d(9))
    for day in one:
        assert one[day].won == every[day].won
        assert one[day].rest == every[day].rest
        assert one[day].marker == every[day].marker
        assert one[day].in_range == every[day].in_range
        assert one[day].scheduled == every[day].scheduled
        assert (one[day].level > 0) == (every[day].level > 0)


def test_weeks_window_monday():
    first, last = weeks_window(date(2026, 1, 7), 3, 0)  # a Wednesday
    assert first == date(2025, 12, 22) and first.weekday() == 0
    assert last == date(2026, 1, 11) and last.weekday() == 6


def test_weeks_window_sunday():
    first, last = weeks_window(date(2026, 1, 7), 3, 6)
    assert first == date(2025, 12, 21) and first.weekday() == 6
    assert last == date(2026, 1, 10) and last.weekday() == 5


def test_weeks_window_needs_a_week():
    with pytest.raises(ValueError):
        weeks_window(date(2026, 1, 7), 0, 0)


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(1, 600),
    st.integers(0, 6),
)
def test_weeks_window_properties(last, weeks, start):
    first, end = weeks_window(last, weeks, start)
    assert first.weekday() == start
    assert (end - first).days == weeks * 7 - 1
    assert end - timedelta(days=6) <= last <= end
