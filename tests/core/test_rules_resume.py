"""A replay resumed from an earlier replay's carry is the replay from the start."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins.core.model import Event, Ladder, Rest, Win
from smallwins.core.rules import replay, resumable
from tests.core.test_rules_properties import SPAN, START, ladders

CHANGES = ("win", "rest", "clear", "climb", "edit", "hold", "days", "note")


def changed(lad, kind, day):
    """The ladder with one change on `day` (or of its rules)."""
    if kind == "win":
        return lad.with_mark(day, Win(lad.start))
    if kind == "rest":
        return lad.with_mark(day, Rest())
    if kind == "clear":
        return lad.with_mark(day, None)
    if kind == "note":
        mark = lad.marks.get(day)
        return lad.with_mark(day, Win(mark.target, None, "again") if isinstance(mark, Win)
                             else Rest("why"))
    if kind == "climb":
        return lad.with_event(Event(day, "climb"))
    if kind == "edit":
        return lad.with_event(Event(day, "edit", lad.start * 3))
    if kind == "hold":
        return replace(lad, hold=lad.hold + 1)
    return replace(lad, days=frozenset({0, 2, 4}) ^ lad.days or frozenset({1}))


@settings(max_examples=200, deadline=None)
@given(ladders(), st.integers(0, SPAN), st.integers(0, SPAN + 3))
def test_a_later_day_resumed_from_a_carry_is_the_whole_replay(lad, a, more):
    first = START + timedelta(days=a)
    later = first + timedelta(days=more)
    known = replay(lad, first)
    carry = resumable(known, lad)
    assert carry is known.carry
    resumed = replay(lad, later, carry)
    whole = replay(lad, later)
    assert resumed == whole
    assert resumed.carry == whole.carry


@settings(max_examples=300, deadline=None)
@given(ladders(), st.integers(1, SPAN), st.sampled_from(CHANGES), st.integers(0, SPAN))
def test_a_changed_ladder_resumes_only_when_nothing_before_the_carry_changed(lad, a, kind, d):
    today = START + timedelta(days=a)
    day = START + timedelta(days=d)
    known = replay(lad, today)
    after = changed(lad, kind, day)
    carry = resumable(known, after)
    whole = replay(after, today)
    if carry is not None:
        assert replay(after, today, carry) == whole
    if known.carry is not None and after != lad and (kind in ("hold", "days") or day < today):
        # A change of the rules, or of a day the carry has already counted, must
        # replay from the start.
        assert carry is None
    if known.carry is not None and day >= today and kind not in ("hold", "days"):
        assert carry is known.carry


def test_no_carry_before_the_second_day():
    """On the first day nothing has been replayed to carry; a carry that does not end
    before today is ignored rather than trusted."""
    lad = Ladder(id="x", identity="I", action="a", unit="u", start=1, step=1, start_day=START,
                 hold=2, marks={START + timedelta(days=n): Win(1) for n in (0, 1, 2, 5)})
    assert replay(lad, START).carry is None
    assert replay(lad, START - timedelta(days=3)).carry is None
    later = replay(lad, START + timedelta(days=9))
    assert later.carry is not None
    assert later.carry.through == (START + timedelta(days=8)).toordinal()
    earlier = START + timedelta(days=4)
    assert replay(lad, earlier, later.carry) == replay(lad, earlier)


def test_a_carry_is_bookkeeping_not_part_of_the_state():
    """Two states that say the same are equal, and show the same, whatever they carry."""
    lad = Ladder(id="x", identity="I", action="a", unit="u", start=1, step=1, start_day=START,
                 hold=2, marks={START + timedelta(days=n): Win(1) for n in (0, 1, 2, 5)})
    state = replay(lad, START + timedelta(days=6))
    assert state.carry is not None
    bare = replace(state, carry=None)
    assert bare == state and hash(bare) == hash(state)
    assert repr(bare) == repr(state) and "carry" not in repr(state)


def test_a_carry_outside_the_days_replayed_is_not_trusted():
    """A carry from before the start, or made through today or later, is ignored: the
    replay from the start is what comes out, carry and all."""
    lad = Ladder(id="x", identity="I", action="a", unit="u", start=1, step=1, start_day=START,
                 hold=2, marks={START + timedelta(days=n): Win(1) for n in (0, 1, 2, 5)})
    today = START + timedelta(days=4)
    whole = replay(lad, today)
    tomorrow = replay(lad, today + timedelta(days=1)).carry  # made through today
    assert tomorrow is not None and tomorrow.through == today.toordinal()
    before = replace(whole.carry, through=START.toordinal() - 1, target=99, run=7)
    for carry in (tomorrow, before):
        resumed = replay(lad, today, carry)
        assert resumed == whole and resumed.target == whole.target
        assert resumed.carry == whole.carry and resumed.carry.through == today.toordinal() - 1
    at_start = replay(lad, START + timedelta(days=1)).carry  # made through the first day
    assert at_start is not None and at_start.through == START.toordinal()
    assert replay(lad, today, at_start) == whole
