"""What the ladders add up to on a day (core/summary.py): display order, identity
totals (R3), a typed ladder resolved, and the one rule for "done today".

The ladders start on Monday 2026-01-05; "today" is Wednesday 2026-01-07.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallwins.core.changes import archive, mark_rest, mark_win, new_ladder
from smallwins.core.errors import BadInput
from smallwins.core.model import EVERY_DAY, Ladder
from smallwins.core.rules import replay
from smallwins.core.summary import (
    DaySummary,
    day_summary,
    display_order,
    find_ladder,
    identity_totals,
    match_id,
    states_of,
    unknown_ladder,
)

MON = date(2026, 1, 5)
TODAY = MON + timedelta(days=2)  # a Wednesday


def d(n: int) -> date:
    return MON + timedelta(days=n)


def make(ladder_id: str, created: int = 0, **kw: object) -> Ladder:
    args: dict[str, object] = dict(identity="I am a walker", action="walk", unit="steps",
                                   start=50, step=50, start_day=MON, hold=14, days=EVERY_DAY,
                                   ladder_id=ladder_id, created=created)
    args.update(kw)
    made, _ = new_ladder(**args)  # type: ignore[arg-type]
    return made


def won(lad: Ladder, *days: int) -> Ladder:
    for n in days:
        lad = mark_win(lad, d(n), TODAY)
    return lad


# Display order --------------------------------------------------------------------


def test_active_ladders_show_oldest_first_then_by_id_and_archived_ones_not_at_all() -> None:
    ladders = [make("c", 2), make("b", 1), make("a", 1), archive(make("old", 0)), make("z", 0)]
    assert [lad.id for lad in display_order(ladders)] == ["z", "a", "b", "c"]


def test_states_are_replayed_on_the_day_asked_in_display_order() -> None:
    ladders = [won(make("b", 1), 0, 1, 2), won(make("a", 0), 0), archive(make("x", 3))]
    states = states_of(iter(ladders), TODAY)
    assert [(s.id, s.today, s.votes, s.streak) for s in states] == [
        ("a", TODAY, 1, 0), ("b", TODAY, 3, 3)]
    assert [s.votes for s in states_of(ladders, d(0))] == [1, 1]


# Identity totals (R3) ----------------------------------------------------------------


def test_an_identitys_votes_add_up_across_its_ladders_archived_ones_included() -> None:
    walk = won(make("walk", identity="I am a walker"), 0, 1)
    stroll = won(make("stroll", identity="  i am A   WALKER "), 0, 1, 2)
    gone = archive(won(make("gone", identity="I am a walker"), 0))
    read = won(make("read", identity="I read"), 2)
    ladders = [walk, stroll, gone, read]
    assert identity_totals(ladders, TODAY) == {"i am a walker": 6, "i read": 1}
    assert identity_totals(ladders, d(0)) == {"i am a walker": 3, "i read": 0}


def test_replayed_states_give_the_same_totals_as_counting_the_wins() -> None:
    walk = won(make("walk"), 0, 1)
    read = won(make("read", identity="I read"), 0, 1, 2)
    rest = mark_rest(make("rest", identity="I read"), d(0), TODAY)
    ladders = [walk, read, rest]
    states = {s.id: s for s in states_of([walk, read], TODAY)}
    assert identity_totals(ladders, TODAY, states) == {"i am a walker": 2, "i read": 3}
    assert identity_totals(ladders, TODAY, {}) == {"i am a walker": 2, "i read": 3}
    # The states given are used as they are (here, those of an earlier day).
    early = {s.id: s for s in states_of(ladders, d(0))}
    assert identity_totals(ladders, TODAY, early) == {"i am a walker": 1, "i read": 1}


def test_no_ladders_no_totals() -> None:
    assert identity_totals([], TODAY) == {}


# A typed ladder ------------------------------------------------------------------------


def test_an_exact_id_wins_over_being_the_prefix_of_another() -> None:
    ids = ["walk-steps", "walk", "read"]
    assert match_id(ids, "walk") == "walk"
    assert match_id(ids, "walk-") == "walk-steps"
    assert match_id(ids, "r") == "read"


def test_a_prefix_of_several_ids_lists_them_in_order() -> None:
    with pytest.raises(BadInput, match="^'w' could be any of walk, walk-steps, write: "
                                       "type more of the id$"):
        match_id(["write", "walk-steps", "walk", "read"], "w")


def test_a_text_that_begins_no_id_names_the_ids_there_are() -> None:
    with pytest.raises(BadInput, match=r"^unknown ladder 'x' \(ladders: read, walk\)$"):
        match_id(["walk", "read"], "x")
    with pytest.raises(BadInput, match=r"^unknown ladder '' \(ladders: read, walk\)$"):
        match_id(["walk", "read"], "")
    with pytest.raises(BadInput, match=r"^unknown ladder 'x' \(ladders: none yet: create one "
                                       r"with `smallwins new`\)$"):
        match_id([], "x")


def test_the_unknown_ladder_message_lists_the_ids_sorted() -> None:
    error = unknown_ladder("run", ["walk", "read", "code"])
    assert str(error) == "unknown ladder 'run' (ladders: code, read, walk)"


def test_find_ladder_gives_the_ladder_its_text_names() -> None:
    walk, read = make("walk"), make("read")
    ladders = {"walk": walk, "read": read}
    assert find_ladder(ladders, "re") is read
    assert find_ladder(ladders, "walk") is walk


@given(st.lists(st.from_regex(r"[a-c]{1,3}", fullmatch=True), min_size=1, unique=True),
       st.from_regex(r"[a-c]{0,3}", fullmatch=True))
def test_a_typed_id_resolves_to_the_one_id_it_can_mean(ids: list[str], text: str) -> None:
    begun = [i for i in ids if text and i.startswith(text)]
    if text in ids or len(begun) == 1:
        assert match_id(ids, text) == (text if text in ids else begun[0])
    else:
        with pytest.raises(BadInput):
            match_id(ids, text)


# Today -------------------------------------------------------------------------------------


def test_todays_summary_counts_due_done_resting_and_bonus_by_one_rule() -> None:
    done = won(make("done"), 0, 1, 2)           # due and done, a streak of 3
    resting = mark_rest(won(make("resting"), 0), TODAY, TODAY)  # not due
    bonus = won(make("bonus", days=frozenset({0})), 2)  # Mondays only: won on a Wednesday
    open_ = won(make("open"), 0)                # due, not done yet
    ready = won(make("ready", hold=2), 0, 1)    # held: ready to climb, not done today
    summary = day_summary(iter(states_of([done, resting, bonus, open_, ready], TODAY)))
    assert summary == DaySummary(due=3, done=1, resting=1, bonus=1, ready=("ready",),
                                 best_streak=3, best_streak_ladder="done", votes=8)
    assert not summary.all_done


def test_the_best_streak_is_the_longest_and_none_when_nothing_runs() -> None:
    short = won(make("short"), 1, 2)
    long = won(make("long"), 0, 1, 2)
    assert day_summary(states_of([short, long], TODAY)).best_streak_ladder == "long"
    assert day_summary(states_of([long, short], TODAY)).best_streak == 3
    idle = day_summary(states_of([make("a"), make("b")], TODAY))
    assert (idle.best_streak, idle.best_streak_ladder, idle.due, idle.votes) == (2 - 2, None,
                                                                              2, 0)
    empty = day_summary([])
    assert (empty.best_streak, empty.best_streak_ladder, empty.due) == (0, None, 0)
    assert empty.ready == () and not empty.all_done


def test_all_done_needs_something_due_and_all_of_it_done() -> None:
    base = day_summary([])
    assert not replace(base, due=0, done=0).all_done
    assert replace(base, due=1, done=1).all_done
    assert replace(base, due=2, done=2).all_done
    assert not replace(base, due=2, done=1).all_done
    assert replace(base, due=1, done=2).all_done


def test_a_rest_day_of_every_ladder_is_not_all_done() -> None:
    resting = [mark_rest(make(i), TODAY, TODAY) for i in ("a", "b")]
    summary = day_summary(states_of(resting, TODAY))
    assert (summary.due, summary.resting, summary.done) == (0, 2, 0)
    assert not summary.all_done
    assert replay(resting[0], TODAY).rest_today


def test_a_win_on_a_scheduled_day_is_done_not_a_bonus() -> None:
    summary = day_summary(states_of([won(make("a"), 2), won(make("b"), 2)], TODAY))
    assert (summary.due, summary.done, summary.bonus) == (2, 2, 0)
    assert summary.all_done
    off = day_summary(states_of([won(make("c", days=frozenset({0})), 2)], TODAY))
    assert (off.due, off.done, off.bonus) == (0, 0, 1)
    assert not off.all_done
