"""Properties of the engine that must hold for any history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins.core.model import Event, Ladder, Rest, Win, dec, ladder_from_doc, ladder_to_doc
from smallwins.core.rules import add, halved, project, replay

START = date(2025, 3, 3)
SPAN = 60

marks_st = st.dictionaries(
    st.integers(0, SPAN - 1),
    st.one_of(st.just("win"), st.just("rest")),
    max_size=SPAN,
)
events_st = st.lists(
    st.tuples(st.integers(0, SPAN - 1), st.sampled_from(["climb", "halve", "edit"]),
              st.integers(1, 40)),
    max_size=6,
)


@st.composite
def ladders(draw):
    granularity = draw(st.sampled_from([1, 2, 5, 0.5]))
    start = granularity * draw(st.integers(1, 20))
    step = granularity * draw(st.integers(1, 5))
    days = frozenset(draw(st.sets(st.integers(0, 6), min_size=1)))
    marks = {}
    for offset, kind in draw(marks_st).items():
        marks[START + timedelta(days=offset)] = Win(start) if kind == "win" else Rest()
    events = tuple(
        Event(START + timedelta(days=o), kind, granularity * t if kind == "edit" else None)
        for o, kind, t in sorted(draw(events_st))
    )
    return Ladder(id="x", identity="I", action="a", unit="u", start=start, step=step,
                  start_day=START, hold=draw(st.integers(1, 10)), days=days,
                  granularity=granularity, events=events, marks=marks)


@settings(max_examples=150, deadline=None)
@given(ladders(), st.integers(0, SPAN))
def test_votes_never_decrease_as_days_pass(lad, n):
    today = START + timedelta(days=n)
    tomorrow = today + timedelta(days=1)
    assert replay(lad, tomorrow).votes >= replay(lad, today).votes


@settings(max_examples=150, deadline=None)
@given(ladders(), st.integers(0, SPAN))
def test_a_replay_survives_a_round_trip_through_the_stored_document(lad, n):
    """What is written reads back as the same ladder, with the same state on any day."""
    today = START + timedelta(days=n)
    again = ladder_from_doc(orjson.loads(orjson.dumps(ladder_to_doc(lad))))
    assert again == lad
    assert replay(again, today) == replay(lad, today)


@settings(max_examples=150, deadline=None)
@given(ladders(), st.integers(0, SPAN - 1), st.integers(0, SPAN - 1))
def test_a_backfilled_win_never_lowers_a_streak(lad, n, back):
    today = START + timedelta(days=n)
    day = START + timedelta(days=min(back, n))
    if isinstance(lad.marks.get(day), Win):
        return
    before = replay(lad, today)
    after = replay(lad.with_mark(day, Win(before.target_on(day) or lad.start)), today)
    assert after.streak >= before.streak
    assert after.longest_streak >= before.longest_streak
    assert after.votes == before.votes + 1


@settings(max_examples=150, deadline=None)
@given(ladders(), st.integers(0, SPAN))
def test_target_is_always_a_positive_multiple_of_the_granularity(lad, n):
    state = replay(lad, START + timedelta(days=n))
    for level in state.levels:
        assert level.target > 0
        assert dec(level.target) % dec(lad.granularity) == 0


notes_st = st.dictionaries(st.integers(0, SPAN - 1),
                           st.one_of(st.none(), st.text(min_size=1, max_size=12)),
                           max_size=SPAN)


@settings(max_examples=150, deadline=None)
@given(ladders(), notes_st, st.integers(0, SPAN))
def test_a_note_never_changes_a_streak_a_hold_or_a_rung(lad, notes, n):
    """Notes are evidence only: writing, changing or removing any of them on wins and
    rest days leaves every number of the replay as it was, on every day."""
    noted = dict(lad.marks)
    for offset, text in notes.items():
        day = START + timedelta(days=offset)
        mark = noted.get(day)
        if isinstance(mark, Win):
            noted[day] = Win(mark.target, mark.amount, text)
        elif isinstance(mark, Rest):
            noted[day] = Rest(text)
    other = Ladder(**{**{f: getattr(lad, f) for f in lad.__dataclass_fields__},
                      "marks": noted})
    today = START + timedelta(days=n)
    plain, with_notes = replay(lad, today), replay(other, today)
    for name in ("target", "hold_progress", "ready_to_climb", "consolidating",
                 "previous_target", "streak", "longest_streak", "votes", "levels",
                 "checklist", "done_today", "rest_today"):
        assert getattr(plain, name) == getattr(with_notes, name), name
    # And a note survives the stored document, rest days' notes too.
    again = ladder_from_doc(orjson.loads(orjson.dumps(ladder_to_doc(other))))
    assert again.marks == other.marks


# Amounts as people type them: at most 6 decimal places, at most 10^9 (SPEC section 8).
amounts = st.builds(lambda units, places: float(Decimal(units).scaleb(-places))
                    if places else units,
                    st.integers(1, 10**9), st.integers(0, 6))


@given(amounts, amounts)
def test_sums_are_exact_decimals(a, b):
    """A climb adds the step as the user wrote it: 1 + 0.14 is 1.14, never 1.1400000000000001."""
    assert dec(add(a, b)) == dec(a) + dec(b)


@given(st.integers(1, 10**6), st.sampled_from([1, 2, 5, 10, 0.5, 0.25, 0.1]))
def test_a_halved_target_is_half_rounded_down_to_the_granularity(units, granularity):
    """R9: half, rounded down to the granularity, never below one granule."""
    g = dec(granularity)
    target = dec(units) * g
    half = dec(halved(float(target) if target % 1 else int(target), granularity))
    assert half % g == 0
    if target / 2 >= g:
        assert target / 2 - g < half <= target / 2
    else:
        assert half == g


@settings(max_examples=100, deadline=None)
@given(ladders(), st.integers(0, SPAN), st.integers(0, 60))
def test_a_projection_never_goes_down_as_it_looks_further(lad, n, days):
    state = replay(lad, START + timedelta(days=n))
    assert project(state, days) <= project(state, days + 1)
    assert project(state, 0) == state.target
