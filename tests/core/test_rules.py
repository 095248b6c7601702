"""The rules of SPEC section 2, each with concrete dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallwins.core.changes import (
    clear_mark,
    climb,
    edit_target,
    halve,
    make_id,
    mark_rest,
    mark_win,
    new_ladder,
)
from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.ledger import identity_totals
from smallwins.core.model import EVERY_DAY, Rest, Win, parse_days
from smallwins.core.rules import add, count_votes, halved, project, replay

MON = date(2026, 1, 5)  # a Monday


def ladder(**kw):
    args = dict(identity="I am a walker", action="walk", unit="steps", start=50, step=50,
                start_day=MON, hold=14)
    args.update(kw)
    made, _ = new_ladder(**args)
    return made


def win_days(lad, first: date, count: int, today: date):
    for i in range(count):
        lad = mark_win(lad, first + timedelta(days=i), today)
    return lad


def d(n: int) -> date:
    """Day n of the ladder (0 = its start, a Monday)."""
    return MON + timedelta(days=n)


# R1 -----------------------------------------------------------------------

def test_new_ladder_starts_at_its_start_amount():
    state = replay(ladder(), MON)
    assert state.target == 50
    assert [(lv.reason, lv.target) for lv in state.levels] == [("start", 50)]


@pytest.mark.parametrize("field,value", [("start", 0), ("start", -5), ("step", 0), ("step", -1)])
def test_amounts_must_be_positive(field, value):
    with pytest.raises(BadInput, match=field):
        ladder(**{field: value})


def test_amounts_must_be_multiples_of_granularity():
    with pytest.raises(BadInput, match="multiple of the granularity"):
        ladder(start=5, step=5, granularity=2)
    made = ladder(start=0.5, step=0.25, granularity=0.25)
    assert replay(made, MON).target == 0.5


def test_bad_new_ladder_inputs():
    with pytest.raises(BadInput, match="identity is empty"):
        ladder(identity="   ")
    with pytest.raises(BadInput, match="hold"):
        ladder(hold=0)
    with pytest.raises(BadInput, match="no days"):
        ladder(days=frozenset())
    with pytest.raises(BadInput, match="already exists"):
        ladder(ladder_id="walk", taken=["walk"])
    with pytest.raises(BadInput, match="not a ladder id"):
        ladder(ladder_id="Has Spaces")


def test_ids_are_slugs_and_unique():
    assert make_id("Walk", "steps", []) == "walk-steps"
    assert make_id("walk", "steps", ["walk-steps"]) == "walk-steps-2"
    assert make_id("écrire!", "", []) == "crire"


# R2 -----------------------------------------------------------------------

def test_win_records_the_target_of_its_day():
    lad = ladder(hold=1)
    lad = mark_win(lad, d(0), d(0))
    lad = climb(lad, d(0))
    lad = mark_win(lad, d(1), d(1), amount=120, note="after work")
    assert lad.marks[d(0)] == Win(50)
    assert lad.marks[d(1)] == Win(100, 120, "after work")


def test_amount_below_target_is_refused_with_a_hint_to_halve():
    with pytest.raises(BadInput, match="halve"):
        mark_win(ladder(), d(0), d(0), amount=49)
    with pytest.raises(BadInput, match="positive"):
        mark_win(ladder(), d(0), d(0), amount=-3)


def test_days_before_start_or_after_today_cannot_be_marked():
    with pytest.raises(BadInput, match="before"):
        mark_win(ladder(), d(-1), d(3))
    with pytest.raises(BadInput, match="future"):
        mark_win(ladder(), d(4), d(3))
    with pytest.raises(BadInput, match="future"):
        mark_rest(ladder(), d(4), d(3))


def test_unscheduled_win_is_a_bonus_vote_never_a_miss():
    lad = ladder(days=parse_days("mon-fri"))
    lad = win_days(lad, d(0), 5, d(7))          # Mon-Fri won
    lad = mark_win(lad, d(5), d(7))              # Saturday bonus
    state = replay(lad, d(7))                    # next Monday, Sunday unmarked
    assert state.votes == 6
    assert state.streak == 5                     # Saturday did not extend it
    assert state.hold_progress == 5              # nor count for the hold


# R3 -----------------------------------------------------------------------

def test_votes_count_every_win_and_add_up_per_identity():
    a = win_days(ladder(), d(0), 3, d(5))
    b = win_days(ladder(identity="i am A WALKER", ladder_id="stairs"), d(1), 2, d(5))
    c = win_days(ladder(identity="I am a writer", ladder_id="write"), d(0), 1, d(5))
    states = [replay(x, d(5)) for x in (a, b, c)]
    assert [s.votes for s in states] == [3, 2, 1]
    assert identity_totals([a, b, c], d(5)) == {"i am a walker": 5, "i am a writer": 1}
    # An archived ladder's votes were cast: they still count for the identity.
    archived = replace(b, archived=True)
    assert identity_totals([a, archived, c], d(5)) == {"i am a walker": 5, "i am a writer": 1}


# R4 -----------------------------------------------------------------------

def test_streak_skips_rest_and_unscheduled_days_and_today_does_not_break_it():
    lad = ladder(days=parse_days("mon,wed,fri"))
    lad = mark_win(lad, d(0), d(9))      # Mon
    lad = mark_rest(lad, d(2), d(9))     # Wed rest
    lad = mark_win(lad, d(4), d(9))      # Fri
    lad = mark_win(lad, d(7), d(9))      # next Mon
    state = replay(lad, d(9))            # Wed, not yet won
    assert state.streak == 3
    assert state.done_today is False
    assert replay(lad, d(11)).streak == 0   # Wed d(9) passed unwon: a miss


def test_longest_streak_is_kept():
    lad = win_days(ladder(), d(0), 5, d(20))
    lad = win_days(lad, d(6), 2, d(20))
    state = replay(lad, d(8))
    assert (state.streak, state.longest_streak) == (2, 5)


def test_rest_needs_a_scheduled_day():
    lad = ladder(days=parse_days("mon-fri"))
    with pytest.raises(BadInput, match="not a scheduled day"):
        mark_rest(lad, d(5), d(6))


# R5, R6, R7 --------------------------------------------------------------

def test_hold_progress_resets_on_a_miss_and_not_on_rest():
    lad = win_days(ladder(), d(0), 4, d(10))
    lad = mark_rest(lad, d(4), d(10))
    lad = win_days(lad, d(5), 2, d(10))
    assert replay(lad, d(7)).hold_progress == 6
    # d(7) missed
    assert replay(lad, d(8)).hold_progress == 0


def test_climb_is_refused_until_the_hold_is_complete_with_the_progress():
    lad = win_days(ladder(), d(0), 9, d(9))
    with pytest.raises(RuleRefused, match="9/14 won days at this rung"):
        climb(lad, d(9))
    lad = win_days(lad, d(9), 5, d(13))
    state = replay(lad, d(13))
    assert state.hold_progress == 14 and state.ready_to_climb


def test_climb_takes_effect_that_day_and_a_win_already_made_keeps_its_target():
    lad = win_days(ladder(), d(0), 14, d(13))
    lad = climb(lad, d(13))
    state = replay(lad, d(13))
    assert state.target == 100
    assert lad.marks[d(13)] == Win(50)
    assert state.hold_progress == 0 and not state.ready_to_climb
    assert state.levels[-1].reason == "climb" and state.levels[-1].day == d(13)
    # A win made after the climb that day counts toward the new rung.
    lad2 = climb(win_days(ladder(), d(0), 14, d(14)), d(14))
    lad2 = mark_win(lad2, d(14), d(14))
    assert lad2.marks[d(14)] == Win(100)
    assert replay(lad2, d(14)).hold_progress == 1


def test_a_level_holds_the_day_its_event_holds_and_always_a_plain_date():
    """Ten years of climbs are thousands of levels: each holds its event's day, not
    a copy; a day of a date subclass (as a caller might pass) is made plain."""
    lad = climb(win_days(ladder(), d(0), 14, d(13)), d(13))
    level = replay(lad, d(13)).levels[-1]
    assert level.day is lad.events[-1].day

    class Day(date):
        pass

    event = lad.events[-1]
    odd = replace(lad, events=(replace(event, day=Day.fromordinal(event.day.toordinal())),))
    assert odd.events[-1].day.__class__ is Day and odd.events[-1].day == event.day
    level = replay(odd, d(13)).levels[-1]
    assert level.day == event.day and level.day.__class__ is date
    # An event from before the start (the start moved later) counts on the start day.
    early = replace(lad, start_day=d(13), events=(replace(event, day=d(5)),))
    levels = replay(early, d(14)).levels
    assert [(lv.day, lv.reason) for lv in levels[:2]] == [(d(13), "start"), (d(13), "climb")]


# R8 -----------------------------------------------------------------------

def climbed_ladder():
    lad = win_days(ladder(), d(0), 14, d(13))
    lad = climb(lad, d(13))                  # 100 from d(13)
    return win_days(lad, d(14), 3, d(16))    # 3 wins at 100, consolidating


def test_miss_while_consolidating_drops_back_from_the_next_day():
    lad = climbed_ladder()                   # d(17) is missed
    state = replay(lad, d(18))
    assert state.target == 50
    drop = state.levels[-1]
    assert (drop.reason, drop.day, drop.missed, drop.target) == ("drop-back", d(18), d(17), 50)
    assert state.hold_progress == 0
    assert state.last_drop == drop
    # The missed day itself was still at the climbed rung.
    assert state.target_on(d(17)) == 100


def test_backfilling_the_missed_day_undoes_the_drop_back():
    lad = climbed_ladder()
    assert replay(lad, d(18)).target == 50
    lad = mark_win(lad, d(17), d(18))
    state = replay(lad, d(18))
    assert state.target == 100
    assert all(lv.reason != "drop-back" for lv in state.levels)
    assert state.hold_progress == 4


def test_a_held_rung_never_drops_back():
    lad = win_days(ladder(), d(0), 14, d(13))
    lad = climb(lad, d(13))
    lad = win_days(lad, d(14), 14, d(27))    # 100 held for 14 days
    state = replay(lad, d(29))               # d(28) missed
    assert state.target == 100
    assert state.hold_progress == 0


def test_one_drop_at_most_per_climb():
    lad = climbed_ladder()
    state = replay(lad, d(25))               # many misses after the drop
    assert state.target == 50
    assert [lv.reason for lv in state.levels].count("drop-back") == 1


def test_rest_day_is_not_a_miss_while_consolidating():
    lad = mark_rest(climbed_ladder(), d(17), d(18))
    assert replay(lad, d(18)).target == 100


# R9 -----------------------------------------------------------------------

def test_halve_rounds_down_to_the_granularity_and_stops_at_one_granule():
    assert halved(150, 1) == 75
    assert halved(75, 1) == 37
    assert halved(75, 10) == 30
    assert halved(1, 1) == 1
    assert halved(2.5, 0.5) == 1
    lad = halve(ladder(start=3, step=1), d(0))
    assert replay(lad, d(0)).target == 1
    with pytest.raises(RuleRefused, match="already the smallest win"):
        halve(lad, d(0))


AMOUNTS = st.one_of(
    st.integers(1, 10**9),
    st.builds(lambda whole, part, places: float(f"{whole}.{part:06d}"[:len(str(whole)) + 1
                                                                       + places]),
              st.integers(0, 10**9), st.integers(0, 999_999), st.integers(1, 6)
              ).filter(lambda value: value > 0),
    st.floats(1e-9, 2e9), st.sampled_from([0.1, 0.2, 0.3, 2.5, 0.5, 1e-07, 999999999.999999]))


def exactly(value: object) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


@given(AMOUNTS, AMOUNTS)
def test_amounts_add_and_halve_as_exact_decimals_do(a: float, b: float) -> None:
    """The engine adds and halves amounts of six places or fewer as whole millionths;
    what comes out is what exact decimals give, to the type (3, not 3.0)."""
    from decimal import ROUND_FLOOR, Decimal

    from smallwins.core.model import from_dec

    assert exactly(add(a, b)) == exactly(from_dec(Decimal(str(a)) + Decimal(str(b))))
    g = Decimal(str(b))
    half = max((Decimal(str(a)) / 2 / g).to_integral_value(rounding=ROUND_FLOOR) * g, g)
    assert exactly(halved(a, b)) == exactly(from_dec(half))


def test_every_reason_a_target_changes_is_one_of_the_reasons():
    """A level's reason is one of REASONS (what a cached history is checked against),
    and a ladder that starts, climbs, drops back, is halved and edited shows them all."""
    from smallwins.core.rules import REASONS

    lad = win_days(ladder(hold=1), d(0), 1, d(0))
    lad = climb(lad, d(0))                   # climbed; d(1) missed: a drop back
    lad = win_days(lad, d(2), 1, d(2))
    lad = halve(lad, d(3))
    lad = edit_target(lad, d(4), 6)
    reasons = [level.reason for level in replay(lad, d(5)).levels]
    assert set(reasons) == REASONS
    assert reasons == ["start", "climb", "drop-back", "halve", "edit"]


def test_a_halved_rung_counts_as_held():
    lad = win_days(ladder(), d(0), 14, d(13))
    lad = climb(lad, d(13))                  # 100, consolidating
    lad = halve(lad, d(14))                  # 50, held
    state = replay(lad, d(16))               # d(14), d(15) missed
    assert state.target == 50
    assert [lv.reason for lv in state.levels] == ["start", "climb", "halve"]


# R10 ----------------------------------------------------------------------

def test_start_small_warns_above_two_minutes_and_never_refuses():
    _, warnings = new_ladder(identity="I write", action="write", unit="sentences", start=4,
                             step=1, start_day=MON, minutes=10)
    assert len(warnings) == 1 and "halving" in warnings[0] and "start 2" in warnings[0]
    _, none = new_ladder(identity="I write", action="write", unit="sentences", start=1,
                         step=1, start_day=MON, minutes=2)
    assert none == []


# R11 ----------------------------------------------------------------------

def test_pedometer_projects_past_ten_thousand_steps_within_a_year():
    lad = ladder(start=50, step=50, hold=1, days=parse_days("mon-fri"))
    state = replay(lad, MON)
    year = project(state, 365)
    assert year > 10_000
    # 261 weekdays in the 365 days from a Monday, +50 each.
    assert year == 50 + 261 * 50
    assert project(state, 7) == 50 + 5 * 50


def test_projection_respects_the_hold_and_today_already_won():
    lad = win_days(ladder(), d(0), 10, d(9))
    state = replay(lad, d(9))                # 10/14, today won
    assert project(state, 4) == 50           # on d(13): 13/14 won so far
    assert project(state, 5) == 100          # winning d(13) completed the hold


# R12, R13 -----------------------------------------------------------------

def test_level_history_and_checklist():
    lad = win_days(ladder(), d(0), 14, d(13))
    lad = climb(lad, d(13))
    lad = win_days(lad, d(14), 2, d(15))
    lad = edit_target(lad, d(20), 80)
    state = replay(lad, d(21))
    reasons = [(lv.reason, lv.target) for lv in state.levels]
    assert reasons == [("start", 50), ("climb", 100), ("drop-back", 50), ("edit", 80)]
    assert state.checklist.first_rung_progress == 14
    assert state.checklist.held_first_rung and state.checklist.climbs == 1
    early = replay(win_days(ladder(), d(0), 5, d(5)), d(5))
    assert (early.checklist.first_rung_progress, early.checklist.held_first_rung) == (5, False)
    assert early.checklist.climbs == 0


def test_undo_removes_a_mark_and_refuses_when_there_is_none():
    lad = mark_win(ladder(), d(0), d(0))
    assert d(0) not in clear_mark(lad, d(0), d(0)).marks
    with pytest.raises(RuleRefused, match="nothing to undo"):
        clear_mark(ladder(), d(0), d(0))


def test_marking_a_won_day_again_keeps_its_target_and_adds_the_note():
    lad = win_days(ladder(hold=1), d(0), 1, d(0))
    lad = climb(lad, d(0))
    lad = mark_win(lad, d(0), d(0), note="felt easy")
    assert lad.marks[d(0)] == Win(50, None, "felt easy")


def test_every_day_schedule_is_the_default():
    assert ladder().days == EVERY_DAY
    assert isinstance(mark_rest(ladder(), d(0), d(0)).marks[d(0)], Rest)


def test_votes_counted_without_a_replay_are_the_wins_from_the_start_to_today() -> None:
    # R3: a win on today counts, a rest day is no vote, nothing after today counts.
    lad = win_days(ladder(), MON, 3, MON + timedelta(days=2))
    lad = mark_rest(lad, MON + timedelta(days=3), MON + timedelta(days=3))
    wed = MON + timedelta(days=2)
    assert count_votes(lad, wed) == 3 == replay(lad, wed).votes
    assert count_votes(lad, MON + timedelta(days=3)) == 3
    assert count_votes(lad, MON + timedelta(days=1)) == 2
    assert count_votes(lad, MON - timedelta(days=1)) == 0
    # A win stored after the day asked about (the clock was set back) is not yet a vote.
    ahead = lad.with_mark(MON + timedelta(days=9), Win(50))
    assert count_votes(ahead, MON + timedelta(days=3)) == 3
    assert count_votes(ahead, MON + timedelta(days=9)) == 4
