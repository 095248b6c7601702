"""What a person may change over spans of days and in a ladder's settings
(core/changes.py): rest days and their reasons, notes, pauses, edits and the
fields of a new ladder.

Each test is a scenario with concrete dates.  The ladder starts on Monday
2026-01-05 and is scheduled Monday, Wednesday and Friday unless it says
otherwise, so a span of days always holds days that are not scheduled.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallwins.core import changes
from smallwins.core.changes import (
    EDITABLE,
    MAX_PAUSE_DAYS,
    NEW_FIELDS,
    edited,
    mark_rest,
    mark_win,
    new_args,
    new_ladder,
    pause,
    pause_days,
    set_note,
    unpause,
)
from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.model import EVERY_DAY, Event, Ladder, Rest, Win
from smallwins.core.rules import replay

MON = date(2026, 1, 5)
MWF = frozenset({0, 2, 4})


def d(n: int) -> date:
    """Day n of the ladder (0 = its start, a Monday)."""
    return MON + timedelta(days=n)


def make(**kw: object) -> Ladder:
    args: dict[str, object] = dict(identity="I am a walker", action="walk", unit="steps",
                                   start=50, step=50, start_day=MON, hold=14, days=MWF)
    args.update(kw)
    made, _ = new_ladder(**args)  # type: ignore[arg-type]
    return made


# Rest days and their reasons ------------------------------------------------


def test_a_rest_days_reason_is_trimmed_and_a_blank_one_is_none() -> None:
    lad = mark_rest(make(), d(0), d(0), "  a cold  ")
    assert lad.marks[d(0)] == Rest("a cold")
    assert mark_rest(make(), d(0), d(0), "   ").marks[d(0)] == Rest(None)


def test_resting_a_day_again_without_a_reason_keeps_the_reason_it_had() -> None:
    lad = mark_rest(make(), d(2), d(2), "travel")
    assert mark_rest(lad, d(2), d(2)).marks[d(2)] == Rest("travel")
    assert mark_rest(lad, d(2), d(2), "fever").marks[d(2)] == Rest("fever")


def test_a_won_day_made_a_rest_day_keeps_its_note_as_the_reason() -> None:
    lad = mark_win(make(), d(4), d(4), note="short walk")
    assert mark_rest(lad, d(4), d(4)).marks[d(4)] == Rest("short walk")


def test_an_unscheduled_day_cannot_be_rested() -> None:
    with pytest.raises(BadInput, match="^2026-01-06 is not a scheduled day of 'walk-steps'"):
        mark_rest(make(), d(1), d(1))


# Notes ------------------------------------------------------------------------


def test_a_note_from_the_command_line_may_hold_line_breaks() -> None:
    lad = mark_win(make(), d(0), d(0))
    noted = set_note(lad, d(0), d(0), "first line\r\nsecond line")
    assert noted.marks[d(0)] == Win(50, None, "first line\nsecond line")


def test_a_note_typed_in_the_app_is_one_line() -> None:
    lad = mark_win(make(), d(0), d(0))
    with pytest.raises(BadInput, match="one line"):
        set_note(lad, d(0), d(0), "a\nb", one_line=True)


def test_a_note_changes_only_the_note_of_the_marked_day() -> None:
    lad = mark_win(make(), d(0), d(0), amount=70)
    lad = mark_rest(lad, d(2), d(2), "rain")
    noted = set_note(lad, d(2), d(4), "snow")
    assert noted.marks == {d(0): Win(50, 70), d(2): Rest("snow")}
    assert set_note(noted, d(2), d(4), "  ").marks[d(2)] == Rest(None)


def test_an_unmarked_day_has_no_note_to_write() -> None:
    with pytest.raises(RuleRefused, match="^2026-01-07 has no win or rest day on 'walk-steps'"):
        set_note(make(), d(2), d(4), "why")


def test_a_rest_day_ahead_may_carry_its_reason_but_no_other_day_ahead_a_note() -> None:
    lad = mark_rest(make(), d(9), d(0), future=True)
    assert set_note(lad, d(9), d(0), "holiday").marks[d(9)] == Rest("holiday")
    won = mark_win(make(), d(4), d(4))
    with pytest.raises(BadInput, match="^2026-01-09 is in the future"):
        set_note(won, d(4), d(2), "too early")
    with pytest.raises(BadInput, match="^2026-01-14 is in the future"):
        set_note(make(), d(9), d(0), "nothing there")


# Pauses -------------------------------------------------------------------------


def test_pause_days_are_the_scheduled_days_of_the_span_from_the_start_on() -> None:
    # Saturday 2026-01-03 to Monday 2026-01-12: the ladder starts on the 5th.
    assert pause_days(make(), d(-2), d(7)) == [d(0), d(2), d(4), d(7)]
    assert pause_days(make(days=EVERY_DAY), d(3), d(5)) == [d(3), d(4), d(5)]


def test_a_pause_of_one_day_is_that_day() -> None:
    assert pause_days(make(), d(2), d(2)) == [d(2)]
    assert pause_days(make(), d(3), d(3)) == []


def test_a_pause_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(BadInput, match=r"^the pause ends \(2026-01-06\) before it starts "
                                       r"\(2026-01-07\)$"):
        pause_days(make(), d(2), d(1))


def test_a_pause_is_at_most_366_days() -> None:
    assert MAX_PAUSE_DAYS == 366
    year = pause_days(make(days=EVERY_DAY), d(0), d(365))
    assert len(year) == 366 and year[0] == d(0) and year[-1] == d(365)
    with pytest.raises(BadInput, match="^a pause is at most 366 days, 2026-01-05 to "
                                       "2027-01-06 is 367: pause again when it ends$"):
        pause_days(make(), d(0), d(366))


def test_a_pause_rests_every_scheduled_day_ahead_and_leaves_wins() -> None:
    lad = mark_win(make(), d(0), d(0))
    lad = mark_win(lad, d(2), d(2), note="done early")
    lad, rested = pause(lad, d(0), d(11), d(2), "  holiday ")
    assert rested == 4  # the 9th, 12th, 14th and 16th; the 5th and 7th stay won
    assert lad.marks == {d(0): Win(50), d(2): Win(50, None, "done early"),
                         d(4): Rest("holiday"), d(7): Rest("holiday"),
                         d(9): Rest("holiday"), d(11): Rest("holiday")}


def test_a_pause_over_rest_days_counts_them_again() -> None:
    lad, first = pause(make(), d(0), d(4), d(0))
    lad, again = pause(lad, d(0), d(4), d(0), "still ill")
    assert (first, again) == (3, 3)
    assert lad.marks[d(2)] == Rest("still ill")


def test_a_pause_is_announced_at_most_366_days_ahead() -> None:
    lad, rested = pause(make(days=frozenset({0})), d(1), d(366), d(0))
    assert rested == 52 and max(lad.marks) == d(364)
    with pytest.raises(BadInput, match="^a pause is announced at most 366 days ahead: "
                                       "2027-01-07 is further; pause nearer the time$"):
        pause(make(), d(2), d(367), d(0))


def test_a_pause_with_a_bad_reason_is_refused_even_when_it_rests_no_day() -> None:
    # Tuesday is not scheduled and Monday is won: nothing to rest, the reason still checked.
    lad = mark_win(make(), d(0), d(0))
    for first, last in ((d(1), d(1)), (d(0), d(1))):
        with pytest.raises(BadInput, match="control character"):
            pause(lad, first, last, d(1), "ill\x1b[31m")
    assert pause(lad, d(0), d(1), d(1), "ill") == (lad, 0)


def test_an_unpause_takes_back_the_rest_days_of_its_span_only() -> None:
    lad = mark_win(make(), d(0), d(0))
    lad, _ = pause(lad, d(0), d(14), d(0), "away")
    lad, cleared = unpause(lad, d(4), d(9))
    assert cleared == 3  # the 9th, 12th and 14th
    assert lad.marks == {d(0): Win(50), d(2): Rest("away"), d(11): Rest("away"),
                         d(14): Rest("away")}
    assert unpause(lad, d(4), d(9)) == (lad, 0)


@given(first=st.integers(-5, 40), length=st.integers(0, 40), today=st.integers(0, 40),
       days=st.frozensets(st.integers(0, 6), min_size=1))
def test_a_pause_then_an_unpause_leaves_only_the_wins(first: int, length: int, today: int,
                                                       days: frozenset[int]) -> None:
    lad = make(days=days)
    for n in range(0, today + 1, 3):
        if lad.start_day <= d(n) and d(n).weekday() in days:
            lad = mark_win(lad, d(n), d(today))
    paused, rested = pause(lad, d(first), d(first + length), d(today))
    span = pause_days(lad, d(first), d(first + length))
    assert rested == sum(1 for day in span if not isinstance(lad.marks.get(day), Win))
    assert all(isinstance(paused.marks[day], (Win, Rest)) for day in span)
    back, cleared = unpause(paused, d(first), d(first + length))
    assert cleared == rested and back.marks == lad.marks


# Edits ------------------------------------------------------------------------------


def test_every_editable_field_can_be_changed_by_an_edit() -> None:
    lad = make(minutes=1, days=EVERY_DAY)
    values = {"identity": "I am a runner", "action": "run", "unit": "metres",
              "unit_one": "metre", "step": 100, "hold": 7, "days": MWF,
              "granularity": 10, "minutes": 2}
    assert set(values) == set(EDITABLE)
    for name, value in values.items():
        changed, _ = edited(lad, {name: value}, d(0))
        assert getattr(changed, name) == value, name
        others = [other for other in EDITABLE if other not in (name, "unit_one")]
        assert all(getattr(changed, o) == getattr(lad, o) for o in others), name


def test_a_field_that_is_not_a_setting_cannot_be_edited() -> None:
    for name in ("start", "start_day", "id", "created", "marks"):
        with pytest.raises(BadInput, match=f"^'{name}' cannot be edited$"):
            edited(make(), {name: 1}, d(0))


def test_a_new_unit_guesses_its_singular_anew_unless_given() -> None:
    lad = make(unit="glasses of water")
    assert lad.unit_one == "glass of water"
    assert edited(lad, {"unit": "pages"}, d(0))[0].unit_one == "page"
    both, _ = edited(lad, {"unit": "cups", "unit_one": "mug"}, d(0))
    assert (both.unit, both.unit_one) == ("cups", "mug")
    one, _ = edited(lad, {"unit_one": "jug of water"}, d(0))
    assert (one.unit, one.unit_one) == ("glasses of water", "jug of water")


def test_an_edit_of_todays_target_is_an_edit_level_from_today() -> None:
    lad = make(days=EVERY_DAY)
    changed, _ = edited(lad, {"target": 80, "granularity": 10}, d(3))
    assert changed.events == (Event(d(3), "edit", 80),)
    assert replay(changed, d(2)).target == 50 and replay(changed, d(3)).target == 80
    same, _ = edited(lad, {"target": 50}, d(3))
    assert same.events == () and same == lad


def test_an_edited_target_is_checked_against_the_new_granularity() -> None:
    with pytest.raises(BadInput, match="^start 50 is not a multiple of the granularity 20$"):
        edited(make(), {"granularity": 20}, d(0))


def test_an_edit_gives_the_warnings_a_new_ladder_would() -> None:
    changed, warnings = edited(make(), {"minutes": 5}, d(0))
    assert changed.minutes == 5
    assert warnings == ["5 minutes is more than a two-minute start: a win this big "
                        "depends on motivation. Consider halving it (start 25)."]


# Fields of a new ladder -----------------------------------------------------------


def test_every_new_field_is_passed_to_a_new_ladder() -> None:
    fields = {"identity": "I read", "action": "read", "unit": "pages", "unit_one": "page",
              "start": 2, "step": 2, "hold": 10, "days": MWF, "granularity": 2,
              "minutes": 1, "ladder_id": "books", "start_day": d(1)}
    assert set(fields) == set(NEW_FIELDS)
    args = new_args(fields, d(5))
    assert args == fields
    made, warnings = new_ladder(**args)
    assert (made.id, made.start_day, made.hold, made.granularity) == ("books", d(1), 10, 2)
    assert warnings == []


def test_a_new_ladder_starts_today_unless_told() -> None:
    args = new_args({"action": "read"}, d(5))
    assert args == {"action": "read", "start_day": d(5)}


def test_an_unknown_field_of_a_new_ladder_is_named() -> None:
    with pytest.raises(BadInput, match="^unknown ladder field 'colour'$"):
        new_args({"action": "read", "zebra": 1, "colour": "red"}, d(5))


def test_a_unit_given_with_its_singular_loses_only_the_extra_spaces() -> None:
    made = make(unit="  glasses   of water ", unit_one=" glass  of  water ")
    assert (made.unit, made.unit_one) == ("glasses of water", "glass of water")
    assert changes.slugify(made.unit) == "glasses-of-water"
