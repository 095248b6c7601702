"""What a person may change (core/changes.py), at the edges the rules draw.

Each test is a scenario with concrete dates; the ladder starts on Monday
2026-01-05 unless it says otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smallwins.core.changes import (
    archive,
    clear_mark,
    climb,
    edit_target,
    halve,
    make_id,
    mark_win,
    new_ladder,
    slugify,
)
from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.model import Win, ladder_to_doc
from smallwins.core.rules import replay

MON = date(2026, 1, 5)


def d(n: int) -> date:
    """Day n of the ladder (0 = its start, a Monday)."""
    return MON + timedelta(days=n)


def won(lad, first: int, count: int):  # type: ignore[no-untyped-def]
    """Win `count` days from day `first`, each marked on its own day."""
    for n in range(first, first + count):
        lad = mark_win(lad, d(n), d(n))
    return lad


def make(**kw: object):
    args: dict[str, object] = dict(identity="I am a walker", action="walk", unit="steps",
                                   start=50, step=50, start_day=MON, hold=14)
    args.update(kw)
    made, _ = new_ladder(**args)  # type: ignore[arg-type]
    return made


# R2: a win and its amount ------------------------------------------------------


def test_r2_a_win_with_exactly_the_target_amount_counts() -> None:
    lad = mark_win(make(), d(0), d(0), amount=50)
    assert lad.marks[d(0)] == Win(50, 50)
    assert replay(lad, d(0)).votes == 1


def test_r2_an_amount_of_zero_is_refused_as_not_positive() -> None:
    with pytest.raises(BadInput, match="^amount must be a positive number, got 0$"):
        mark_win(make(), d(0), d(0), amount=0)


def test_r2_the_smallest_granule_is_a_valid_amount() -> None:
    lad = make(start=1, step=1)
    assert mark_win(lad, d(0), d(0), amount=1).marks[d(0)] == Win(1, 1)


def test_r2_an_amount_is_a_number_like_any_other() -> None:
    # A whole float is kept as the int the file stores; NaN is no amount.
    lad = mark_win(make(), d(0), d(0), amount=120.0)
    amount = lad.marks[d(0)].amount  # type: ignore[union-attr]
    assert amount == 120 and type(amount) is int
    with pytest.raises(BadInput, match="^amount must be a finite number, got nan$"):
        mark_win(make(), d(0), d(0), amount=float("nan"))


def test_r2_a_note_is_trimmed_and_a_blank_note_is_none() -> None:
    lad = mark_win(make(), d(0), d(0), note="  walked to the river  ")
    assert lad.marks[d(0)] == Win(50, None, "walked to the river")
    blank = mark_win(make(), d(0), d(0), note="   ")
    assert blank.marks[d(0)] == Win(50)


def test_r2_re_marking_a_won_day_with_only_a_note_keeps_the_amount() -> None:
    lad = mark_win(make(), d(0), d(0), amount=80, note="before work")
    lad = mark_win(lad, d(0), d(0), note="felt easy")
    assert lad.marks[d(0)] == Win(50, 80, "felt easy")


def test_r2_re_marking_a_won_day_with_a_new_amount_replaces_it() -> None:
    lad = mark_win(make(), d(0), d(0), amount=80, note="before work")
    lad = mark_win(lad, d(0), d(0), amount=120)
    assert lad.marks[d(0)] == Win(50, 120, "before work")


def test_undo_of_a_day_outside_the_ladder_is_bad_input_not_a_refusal() -> None:
    lad = mark_win(make(), d(0), d(0))
    with pytest.raises(BadInput, match="future"):
        clear_mark(lad, d(4), d(3))
    with pytest.raises(BadInput, match="before ladder 'walk-steps' started"):
        clear_mark(lad, d(-1), d(3))


# R6: the hold ----------------------------------------------------------------


def test_r6_the_default_hold_is_fourteen_won_days() -> None:
    made, _ = new_ladder(identity="I am a walker", action="walk", unit="steps", start=50,
                         step=50, start_day=MON)
    lad = made
    for n in range(13):
        lad = mark_win(lad, d(n), d(n))
    with pytest.raises(RuleRefused, match="13/14 won days"):
        climb(lad, d(12))
    lad = mark_win(lad, d(13), d(13))
    assert replay(climb(lad, d(13)), d(13)).target == 100


# Edits of the target ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [(0, "^target must be a positive number, got 0$"),
     (75, "^target 75 is not a multiple of the granularity 10$")],
)
def test_an_edited_target_is_checked_like_a_start(value: int, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        edit_target(make(start=50, step=10, granularity=10), d(2), value)


def test_an_edited_target_is_stored_as_the_file_stores_it() -> None:
    lad = edit_target(make(), d(2), 80.0)
    assert ladder_to_doc(lad)["events"] == [["2026-01-07", "edit", 80]]
    assert type(lad.events[0].target) is int


# R1, R10: a new ladder -----------------------------------------------------------


def test_r1_granularity_zero_is_a_one_line_refusal() -> None:
    with pytest.raises(BadInput, match="^granularity must be a positive number, got 0$"):
        make(granularity=0)


@pytest.mark.parametrize("field", ["start", "step", "granularity", "minutes"])
def test_r1_a_true_or_false_is_not_a_number(field: str) -> None:
    with pytest.raises(BadInput, match=f"^{field} must be a number, got True$"):
        make(**{field: True})


@pytest.mark.parametrize("field", ["start", "step"])
def test_r1_a_non_positive_amount_is_named(field: str) -> None:
    with pytest.raises(BadInput, match=f"^{field} must be a positive number, got 0$"):
        make(**{field: 0})


def test_r1_whole_floats_are_stored_as_ints() -> None:
    doc = ladder_to_doc(make(start=100.0, step=50.0, granularity=10.0, minutes=1.0))
    for key, value in (("start", 100), ("step", 50), ("granularity", 10), ("minutes", 1)):
        assert doc[key] == value and type(doc[key]) is int, key


def test_r10_minutes_minus_one_is_refused_and_zero_is_accepted() -> None:
    with pytest.raises(BadInput, match="^minutes must be from 0 to 1,440, got -1$"):
        make(minutes=-1)
    made, warnings = new_ladder(identity="I write", action="write", unit="words", start=1,
                                step=1, start_day=MON, minutes=0)
    assert made.minutes == 0 and warnings == []


def test_r10_three_minutes_is_already_more_than_a_two_minute_start() -> None:
    _, warnings = new_ladder(identity="I write", action="write", unit="words", start=10,
                             step=1, start_day=MON, minutes=3)
    assert len(warnings) == 1
    assert warnings[0].startswith("3 minutes is more than a two-minute start")
    assert "(start 5)" in warnings[0]


def test_a_new_ladder_trims_its_words_and_takes_its_id_from_them() -> None:
    made = make(identity="  I am a walker ", action="  walk  ", unit=" steps ")
    assert (made.identity, made.action, made.unit, made.id) == (
        "I am a walker", "walk", "steps", "walk-steps")


def test_a_blank_action_is_refused() -> None:
    with pytest.raises(BadInput, match="^action is empty"):
        make(action="   ")


def test_a_ladder_may_start_today_but_not_tomorrow() -> None:
    assert make(start_day=d(3), today=d(3)).start_day == d(3)
    with pytest.raises(BadInput, match="^started 2026-01-09 is in the future"):
        make(start_day=d(4), today=d(3))


def test_ladders_made_without_an_order_come_first() -> None:
    # The command line numbers ladders from 0; one made on its own is the first.
    assert make().created == 0
    assert make(created=3).created == 3


def test_archive_and_unarchive() -> None:
    lad = make()
    assert archive(lad).archived is True
    assert archive(archive(lad), False).archived is False
    assert archive(lad).marks == lad.marks and archive(lad).id == lad.id


# Ids -------------------------------------------------------------------------------


def test_a_third_ladder_of_the_same_name_gets_the_suffix_3() -> None:
    assert make_id("walk", "steps", ["walk-steps", "walk-steps-2"]) == "walk-steps-3"
    assert make_id("walk", "steps", ["walk-steps", "walk-steps-3"]) == "walk-steps-2"


def test_ids_are_cut_at_forty_characters_without_a_trailing_dash() -> None:
    assert make_id("a" * 50, "", []) == "a" * 40
    assert make_id("b" * 39 + " c", "", []) == "b" * 39
    assert len(make_id("walk " * 20, "steps", [])) <= 40
    assert slugify("x" * 41) == "x" * 40


def test_an_action_with_no_letters_or_digits_gets_the_id_ladder() -> None:
    assert make_id("!!!", "?", []) == "ladder"
    assert make_id("!!!", "?", ["ladder"]) == "ladder-2"


# SPEC section 8: the limits, where a change is made -----------------------------------


def test_a_day_beyond_the_days_kept_cannot_be_rested_even_ahead() -> None:
    from smallwins.core.changes import mark_rest

    lad = make(start_day=date(2199, 12, 1))
    with pytest.raises(BadInput, match=r"^the day 2200-01-01 is outside the days smallwins "
                       r"keeps \(1970-01-01 to 2199-12-31\)$"):
        mark_rest(lad, date(2200, 1, 1), date(2199, 12, 31), future=True)


def test_marking_a_won_day_again_keeps_what_this_version_does_not_know() -> None:
    from types import MappingProxyType

    lad = mark_win(make(), d(0), d(0))
    kept = Win(50, None, None, MappingProxyType({"mood": "good"}))
    lad = lad.with_mark(d(0), kept)
    again = mark_win(lad, d(0), d(0), note="and again")
    assert again.marks[d(0)] == Win(50, None, "and again", MappingProxyType({"mood": "good"}))


@pytest.mark.parametrize("change", [
    lambda lad, day: climb(lad, day),
    lambda lad, day: halve(lad, day),
    lambda lad, day: edit_target(lad, day, 100),
])
def test_a_change_of_target_dated_before_the_start_is_refused(change) -> None:  # type: ignore
    lad = won(make(hold=1, start=100), 0, 1)
    with pytest.raises(BadInput, match=r"^2026-01-04 is before ladder 'walk-steps' started "
                       r"\(2026-01-05\): a change of its target can only be made from its start$"):
        change(lad, d(-1))


def test_a_change_of_target_dated_beyond_the_days_kept_is_refused() -> None:
    lad = make(hold=1, start=100, start_day=date(2199, 12, 30))
    lad = mark_win(lad, date(2199, 12, 30), date(2199, 12, 30))
    with pytest.raises(BadInput, match=r"^today 2200-01-01 is outside the days smallwins keeps"):
        climb(lad, date(2200, 1, 1))


def test_a_climb_may_reach_the_largest_target_and_never_pass_it() -> None:
    lad = won(make(start=999_999_999, step=1, hold=1), 0, 1)
    assert replay(climb(lad, d(0)), d(0)).target == 1_000_000_000
    past = won(make(start=999_999_999, step=2, hold=1), 0, 1)
    with pytest.raises(BadInput, match=r"^target must be at most 1,000,000,000: 'walk-steps' "
                       r"cannot climb past walk 999,999,999 steps$"):
        climb(past, d(0))


@pytest.mark.parametrize("field", ["identity", "action", "unit", "unit_one"])
def test_a_word_with_a_control_character_is_refused_by_name(field: str) -> None:
    with pytest.raises(BadInput, match=rf"^{field} holds a control character \(\\x1b\): "):
        make(**{field: "a\x1bb"})


def test_a_word_loses_the_spaces_and_line_end_around_it() -> None:
    made = make(identity=" I walk\n", action="walk\r\n", unit=" steps ")
    assert (made.identity, made.action, made.unit) == ("I walk", "walk", "steps")


def test_a_start_before_the_days_kept_is_refused() -> None:
    with pytest.raises(BadInput, match=r"^the start day 1969-12-31 is outside the days "):
        make(start_day=date(1969, 12, 31))


# An import: held to the rules of typed input -----------------------------------------


@pytest.mark.parametrize("field", ["identity", "action", "unit", "unit_one"])
def test_an_imported_word_with_a_control_character_is_refused(field: str) -> None:
    from dataclasses import replace

    from smallwins.core.changes import from_outside

    with pytest.raises(BadInput, match=rf"^{field} holds a control character \(\\x07\)"):
        from_outside(replace(make(), **{field: "a\x07"}))


def test_an_imported_ladder_may_count_without_a_unit() -> None:
    from smallwins.core.changes import from_outside

    unitless = make(unit="", action="meditate")
    assert (unitless.unit, unitless.unit_one) == ("", "")
    assert from_outside(unitless) is unitless


def test_an_imported_note_is_cleaned_or_refused_with_its_day() -> None:
    from smallwins.core.changes import from_outside

    plain = mark_win(make(), d(0), d(0))
    assert from_outside(plain) is plain  # nothing to clean: the same ladder
    crlf = plain.with_mark(d(1), Win(50, None, "one\r\ntwo"))
    assert from_outside(crlf).marks == {d(0): Win(50), d(1): Win(50, None, "one\ntwo")}
    bad = plain.with_mark(d(1), Win(50, None, "a\x1bb"))
    with pytest.raises(BadInput, match=r"^mark on 2026-01-06: note holds a control character"):
        from_outside(bad)
