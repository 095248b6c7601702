"""A level history read from the status cache is the replay's history, whichever way it
is read, and makes no level before something reads it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins.core import rules
from smallwins.core.level_history import LevelHistory, resumed
from smallwins.core.record import replace
from smallwins.core.rules import Level, target_on
from smallwins.core.status_resume import level_row
from tests.core.test_rules_properties import SPAN, START, ladders


def _cached(ladder, day):  # type: ignore[no-untyped-def]
    """The carry of a replay through `day` - 1, its levels as the cache's rows read back."""
    carry = rules.replay(ladder, day).carry
    assert carry is not None
    rows = [level_row(level) for level in carry.levels]
    history = LevelHistory.of(rows, ladder, carry.through, carry.levels[-1])
    assert history is not None
    return carry, history


def _not_made(history: LevelHistory) -> bool:
    return history._rows.whole is None


@settings(max_examples=120, deadline=None)
@given(ladders(), st.integers(1, SPAN), st.lists(st.integers(-SPAN - 5, SPAN + 5), max_size=6))
def test_a_history_reads_as_the_replay_s_levels(lad, n, probes) -> None:
    carry, history = _cached(lad, START + timedelta(days=n))
    levels = tuple(carry.levels)
    assert len(history) == len(levels)
    for index in [*probes, 0, -1, len(levels) - 1]:
        if -len(levels) <= index < len(levels):
            assert history[index] == levels[index]
        else:
            with pytest.raises(IndexError):
                history[index]
    for offset in range(-3, n + 4):  # the days a catch-up question asks about, and more
        day = START + timedelta(days=offset)
        assert target_on(history, day) == target_on(levels, day)
    assert history.rows() == [level_row(level) for level in levels]
    assert _not_made(history)  # one row at a time so far
    assert tuple(history) == levels and list(reversed(history)) == list(reversed(levels))
    assert history == levels and levels == history and hash(history) == hash(levels)
    assert history[1:] == levels[1:]


@settings(max_examples=80, deadline=None)
@given(ladders(), st.integers(1, SPAN), st.integers(0, 9))
def test_resumed_from_a_history_is_the_replay_from_the_same_carry(lad, n, more) -> None:
    day = START + timedelta(days=n)
    carry, history = _cached(lad, day)
    later = day + timedelta(days=more)
    expected = rules.replay(lad, later, carry)
    state = resumed(lad, later, replace(carry, levels=history))
    assert _not_made(history)  # resumed from it, no level of it made
    assert state == expected and state.carry == expected.carry
    assert tuple(state.levels) == tuple(expected.levels)
    if expected.carry is not None:
        assert tuple(state.carry.levels) == tuple(expected.carry.levels)


def test_a_carry_from_after_today_is_not_used(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lad = _ladder()
    carry, history = _cached(lad, START + timedelta(days=30))
    earlier = START + timedelta(days=10)
    state = resumed(lad, earlier, replace(carry, levels=history))
    assert state == rules.replay(lad, earlier)
    assert tuple(state.levels) == tuple(rules.replay(lad, earlier).levels)


def test_a_row_that_does_not_read_is_replayed_instead() -> None:
    lad = _ladder()
    carry, _ = _cached(lad, START + timedelta(days=30))
    rows = [level_row(level) for level in carry.levels]
    assert len(rows) >= 3
    rows[1] = [rows[1][0], -5, "climb", None]  # a target no level can have
    history = LevelHistory.of(rows, lad, carry.through, carry.levels[-1])
    assert history is not None
    assert history[1] == carry.levels[1]  # read alone: not trusted either
    assert tuple(history) == tuple(carry.levels)


@pytest.mark.parametrize("rows", [[], "levels", [[1, 5, "climb", None]], [["x"]]])
def test_a_history_that_does_not_begin_at_the_start_or_end_at_the_carry_is_refused(
        rows) -> None:  # type: ignore[no-untyped-def]
    lad = _ladder()
    carry, _ = _cached(lad, START + timedelta(days=30))
    assert LevelHistory.of(rows, lad, carry.through, carry.levels[-1]) is None
    whole = [level_row(level) for level in carry.levels]
    other_end = Level(carry.levels[-1].day, 999, "edit")
    assert LevelHistory.of(whole, lad, carry.through, other_end) is None


def test_a_history_followed_by_more_levels() -> None:
    lad = _ladder()
    carry, history = _cached(lad, START + timedelta(days=20))
    later = rules.replay(lad, START + timedelta(days=40), carry)
    more = tuple(later.levels[len(carry.levels):])
    assert more  # the ladder climbs again after the carry
    joined = history.then(more)
    assert tuple(joined) == tuple(later.levels) and len(joined) == len(later.levels)
    assert joined[-1] == later.levels[-1] and joined.then(()) is joined
    assert joined.rows() == [level_row(level) for level in later.levels]
    assert joined == history.then(more) and joined != history


def _ladder():  # type: ignore[no-untyped-def]
    from smallwins.core.model import Event, Ladder, Win

    return Ladder(id="walk", identity="I move", action="walk", unit="steps", start=5, step=5,
                  start_day=START, hold=2,
                  events=tuple(Event(START + timedelta(days=d), "climb") for d in (3, 8, 14, 33)),
                  marks={START + timedelta(days=d): Win(5) for d in range(45) if d % 7 != 5})
