"""Demo history: realistic, consistent with the engine, and small on disk."""

from __future__ import annotations

from datetime import date, timedelta

from smallwins.core.demo import generate
from smallwins.core.ledger import Ledger
from smallwins.core.model import Rest, Win
from smallwins.core.rules import replay

TODAY = date(2026, 11, 29)


def test_demo_history_is_what_the_engine_would_have_recorded():
    ladders = generate(12, 2, seed=5, today=TODAY)
    kinds = {"drop-back": 0, "climb": 0, "halve": 0}
    rests = notes = 0
    for ladder in ladders.values():
        state = replay(ladder, TODAY)
        changed = {lv.day for lv in state.levels}
        for day, mark in ladder.marks.items():
            if isinstance(mark, Win):
                # A win keeps the target of its day; on a day the target
                # changed, it may have been made before the change.
                allowed = {state.target_on(day), state.target_on(day - timedelta(days=1))}
                allowed |= {lv.target for lv in state.levels if lv.day == day}
                assert mark.target in allowed, (ladder.id, day, mark)
                notes += mark.note is not None
            else:
                assert isinstance(mark, Rest)
                rests += 1
        assert all(e.day in changed or e.kind == "halve" for e in ladder.events)
        for level in state.levels:
            if level.reason in kinds:
                kinds[level.reason] += 1
    assert all(count > 0 for count in kinds.values()), kinds
    assert rests > 0 and notes > 0
    assert len({lad.identity for lad in ladders.values()}) >= 5


def test_demo_is_deterministic_per_seed():
    assert generate(5, 1, seed=2, today=TODAY) == generate(5, 1, seed=2, today=TODAY)
    assert generate(5, 1, seed=2, today=TODAY) != generate(5, 1, seed=3, today=TODAY)


def test_data_file_costs_at_most_40_bytes_a_win(tmp_path):
    fresh = generate(20, 3, seed=1, today=TODAY)
    ledger = Ledger(tmp_path / "smallwins.json")
    ledger.rewrite(lambda ladders: ladders.update(fresh))
    assert ledger.load().ladders == fresh
    wins = sum(isinstance(m, Win) for lad in fresh.values() for m in lad.marks.values())
    size = ledger.path.stat().st_size
    assert wins > 15_000
    assert size / wins <= 40, size / wins
