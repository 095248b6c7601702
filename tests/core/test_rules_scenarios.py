"""The replay at the edges of the rules (SPEC R4-R13), each with concrete dates.

The ladder starts on Monday 2026-01-05, walks 50 steps and climbs by 50,
unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smallwins.core.changes import climb, edit_target, halve, mark_win, new_ladder
from smallwins.core.errors import BadInput
from smallwins.core.model import Ladder, Win, parse_days
from smallwins.core.rules import LadderState, add, project, replay

MON = date(2026, 1, 5)


def d(n: int) -> date:
    """Day n of the ladder (0 = its start, a Monday)."""
    return MON + timedelta(days=n)


def make(**kw: object) -> Ladder:
    args: dict[str, object] = dict(identity="I am a walker", action="walk", unit="steps",
                                   start=50, step=50, start_day=MON, hold=14)
    args.update(kw)
    made, _ = new_ladder(**args)  # type: ignore[arg-type]
    return made


def won(lad: Ladder, first: int, count: int) -> Ladder:
    """Win `count` days from day `first`, each marked on its own day."""
    for n in range(first, first + count):
        lad = mark_win(lad, d(n), d(n))
    return lad


def checklist(state: LadderState) -> tuple[object, ...]:
    c = state.checklist
    return (c.chose_start, c.first_rung_progress, c.hold, c.held_first_rung, c.climbs, c.climbed)


# R13: the checklist -------------------------------------------------------------


def test_r13_a_fresh_ladder_has_only_chosen_its_start() -> None:
    assert checklist(replay(make(), MON)) == (True, 0, 14, False, 0, False)


def test_r13_climbed_only_after_a_climb() -> None:
    lad = won(make(hold=2), 0, 2)
    assert checklist(replay(lad, d(1))) == (True, 2, 2, True, 0, False)
    assert checklist(replay(climb(lad, d(1)), d(1))) == (True, 2, 2, True, 1, True)


def test_r13_a_halve_on_day_two_of_a_three_day_hold_stops_the_first_rung_at_two() -> None:
    lad = won(make(hold=3), 0, 2)
    lad = halve(lad, d(2))                    # 25 from Wednesday, before its win
    lad = won(lad, 2, 3)                      # three wins at 25: that rung is held
    state = replay(lad, d(4))
    assert state.target == 25 and state.hold_progress == 3
    assert checklist(state) == (True, 2, 3, False, 0, False)


def test_r13_wins_after_an_upward_edit_are_not_the_first_rung() -> None:
    lad = won(make(hold=3), 0, 2)
    lad = edit_target(lad, d(2), 80)
    lad = won(lad, 2, 4)                      # Wed-Sat at 80
    lad = climb(lad, d(5))                    # Saturday's win came before the climb
    state = replay(lad, d(5))
    assert state.target == 130
    assert checklist(state) == (True, 2, 3, False, 1, True)


def test_r13_a_win_before_an_upward_edit_still_counts_on_the_first_rung() -> None:
    lad = won(make(hold=5), 0, 3)
    lad = edit_target(lad, d(2), 80)          # Wednesday: won at 50, then raised
    assert checklist(replay(lad, d(2))) == (True, 3, 5, False, 0, False)


# R4, R5, R7: a change of target on a won day ------------------------------------------


def test_r7_a_win_then_an_upward_edit_the_same_day() -> None:
    lad = won(make(), 0, 3)
    lad = edit_target(lad, d(2), 80)
    state = replay(lad, d(2))
    assert lad.marks[d(2)] == Win(50)
    assert (state.target, state.votes, state.streak, state.hold_progress) == (80, 3, 3, 0)
    state = replay(won(lad, 3, 1), d(3))
    assert (state.votes, state.streak, state.hold_progress) == (4, 4, 1)


def test_r4_a_climb_on_a_won_day_keeps_that_win_in_the_streak() -> None:
    lad = climb(won(make(hold=3), 0, 3), d(2))   # Wednesday: won, then climbed
    state = replay(lad, d(2))
    assert (state.target, state.streak, state.longest_streak, state.votes) == (100, 3, 3, 3)
    assert state.hold_progress == 0
    state = replay(won(lad, 3, 1), d(3))
    assert (state.streak, state.votes, state.hold_progress) == (4, 4, 1)


def test_r12_an_edit_to_the_current_target_adds_no_level() -> None:
    state = replay(edit_target(won(make(), 0, 2), d(2), 50), d(3))
    assert [(lv.reason, lv.target) for lv in state.levels] == [("start", 50)]


def test_r9_a_win_after_a_halve_the_same_day_counts_for_the_halved_rung() -> None:
    lad = halve(won(make(hold=2), 0, 1), d(1))     # Tuesday: halved to 25 first
    lad = won(lad, 1, 1)
    state = replay(lad, d(1))
    assert lad.marks[d(1)] == Win(25)
    assert (state.target, state.hold_progress, state.streak, state.votes) == (25, 1, 2, 2)


# R8: consolidating ---------------------------------------------------------------


def test_r8_only_a_climbed_rung_is_consolidating_until_it_is_held() -> None:
    fresh = replay(make(hold=2), MON)
    assert (fresh.consolidating, fresh.previous_target) == (False, None)
    lad = climb(won(make(hold=2), 0, 2), d(1))
    climbed = replay(lad, d(1))
    assert (climbed.consolidating, climbed.previous_target) == (True, 50)
    held = replay(won(lad, 2, 2), d(3))
    assert (held.target, held.consolidating, held.previous_target) == (100, False, None)


def test_r8_an_edit_while_consolidating_counts_as_held() -> None:
    lad = climb(won(make(hold=2), 0, 2), d(1))     # 100, consolidating
    lad = edit_target(lad, d(2), 90)
    state = replay(lad, d(4))                       # Wednesday and Thursday missed
    assert state.target == 90
    assert [lv.reason for lv in state.levels] == ["start", "climb", "edit"]


# R11: projection over spans that are not whole weeks -----------------------------------


def pedometer() -> Ladder:
    return make(start=50, step=50, hold=1, days=parse_days("mon-fri"))


def test_r11_one_day_from_a_saturday_on_a_weekday_ladder_changes_nothing() -> None:
    saturday = replay(pedometer(), d(5))
    assert [project(saturday, n) for n in (1, 2, 3)] == [50, 50, 100]


def test_r11_one_day_from_a_friday_is_one_climb() -> None:
    friday = replay(pedometer(), d(4))
    assert [project(friday, n) for n in (0, 1, 2, 3, 4)] == [50, 100, 100, 100, 150]


def test_r11_the_default_projection_is_a_year() -> None:
    # DECISIONS.md: the seed's pedometer started on a Monday reaches 13,100.
    assert project(replay(pedometer(), MON)) == 13_100


# Exact amounts ---------------------------------------------------------------------


def test_an_int_target_plus_a_decimal_step_is_exact() -> None:
    assert add(1, 0.14) == 1.14
    lad = climb(won(make(start=1, step=0.14, granularity=0.01, hold=1), 0, 1), d(0))
    state = replay(lad, d(0))
    assert state.target == 1.14 and repr(state.target) == "1.14"
    assert state.rung == "walk 1.14 steps"


# The state's own words -------------------------------------------------------------


def test_a_state_names_its_ladder_and_its_rung() -> None:
    state = replay(make(), MON)
    assert (state.id, state.rung) == ("walk-steps", "walk 50 steps")
    plain = replay(make(action="meditate", unit="", start=2, step=1), MON)
    assert (plain.id, plain.rung) == ("meditate", "meditate 2")


def test_the_target_on_a_day_before_the_start_is_none() -> None:
    state = replay(climb(won(make(hold=1), 0, 1), d(0)), d(2))
    assert [state.target_on(d(n)) for n in (-1, 0, 1)] == [None, 100, 100]
    assert replay(make(), d(2)).target_on(d(0)) == 50


def test_r12_a_rung_a_float_cannot_show_is_refused_and_a_climb_below_the_limit_is_a_level(
) -> None:
    # SPEC section 8: a target is at most 10^9 with 6 decimals, where a float shows
    # every step exactly; 2**53 + 0.5 (which rounds back to 2**53) cannot be made.
    with pytest.raises(BadInput, match="^start must be at most 1,000,000,000, got "):
        make(start=2**53, step=0.5, granularity=0.5, hold=1)
    lad = climb(won(make(start=999_999_999, step=0.5, granularity=0.5, hold=1), 0, 1), d(0))
    state = replay(lad, d(0))
    assert [lv.reason for lv in state.levels] == ["start", "climb"]
    assert (state.target, state.checklist.climbs) == (999_999_999.5, 1)
