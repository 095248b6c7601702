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
    with pytest.raises(BadInput, match="not a finite number"):
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
    with pytest.raises(BadInput, match="^granularity must be positive, got 0$"):
        make(granularity=0)


@pytest.mark.parametrize("field", ["start", "step", "granularity", "minutes"])
def test_r1_a_true_or_false_is_not_a_number(field: str) -> None:
    with pytest.raises(BadInput, match="True is not a number"):
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
    with pytest.raises(BadInput, match="^minutes must not be negative, got -1$"):
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
