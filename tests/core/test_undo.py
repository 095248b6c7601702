"""Taking a change back and making it again (core/undo.py).

Each record undoes exactly the change it describes, on the ladder as it is
now, and refuses (RuleRefused, one line) when someone else changed the same
thing since.  The ladder starts on Monday 2026-01-05.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from smallwins.core.changes import archive, climb, edited, halve, mark_win, new_ladder, pause
from smallwins.core.errors import RuleRefused
from smallwins.core.model import EVERY_DAY, Event, Ladder, Rest, Win
from smallwins.core.undo import (
    archive_record,
    create_record,
    edit_record,
    event_record,
    mark_record,
    marks_record,
)

MON = date(2026, 1, 5)


def d(n: int) -> date:
    return MON + timedelta(days=n)


def make(**kw: object) -> Ladder:
    args: dict[str, object] = dict(identity="I am a walker", action="walk", unit="steps",
                                   start=50, step=50, start_day=MON, hold=2, days=EVERY_DAY)
    args.update(kw)
    made, _ = new_ladder(**args)  # type: ignore[arg-type]
    return made


# One day's mark ------------------------------------------------------------------


def test_a_check_off_is_undone_and_redone() -> None:
    before = mark_win(make(), d(0), d(0))
    after = mark_win(before, d(1), d(1), amount=70)
    record = mark_record(after.id, "done", d(1), None, after.marks[d(1)])
    assert (record.ladder_id, record.label, record.ask_first, record.follows) == (
        "walk-steps", "done", None, False)
    undone = record.undo(after)
    assert undone == before
    assert record.redo(undone) == after


def test_undoing_a_mark_puts_back_the_mark_the_day_had() -> None:
    rest = make().with_mark(d(1), Rest("ill"))
    after = mark_win(rest, d(1), d(1))
    record = mark_record(after.id, "done", d(1), Rest("ill"), after.marks[d(1)])
    assert record.undo(after).marks == {d(1): Rest("ill")}


def test_a_day_changed_elsewhere_since_is_not_undone_or_redone() -> None:
    after = mark_win(make(), d(1), d(1))
    record = mark_record(after.id, "done", d(1), None, after.marks[d(1)])
    elsewhere = mark_win(after, d(1), d(1), amount=90)
    with pytest.raises(RuleRefused, match="^Tue 6 Jan of 'walk-steps' was changed elsewhere "
                                          "since$"):
        record.undo(elsewhere)
    with pytest.raises(RuleRefused, match="was changed elsewhere since"):
        record.redo(after)  # not undone: the win is still there


def test_a_ladder_removed_since_cannot_be_undone() -> None:
    after = mark_win(make(), d(1), d(1))
    record = mark_record(after.id, "done", d(1), None, after.marks[d(1)])
    with pytest.raises(RuleRefused, match="^'walk-steps' is no longer in the data file$"):
        record.undo(None)
    with pytest.raises(RuleRefused, match="^'walk-steps' is no longer in the data file$"):
        record.redo(None)


# Several days at once (a pause) ---------------------------------------------------


def test_a_pause_is_undone_and_redone_as_one_and_leaves_other_days_alone() -> None:
    before = mark_win(make(), d(1), d(1))
    after, rested = pause(before, d(0), d(3), d(1), "away")
    assert rested == 3
    record = marks_record(after.id, "pause", before, after, follows=True)
    assert record.follows
    assert not marks_record(after.id, "pause", before, after).follows
    later = mark_win(after, d(5), d(5))  # another day, changed since: no conflict
    undone = record.undo(later)
    assert undone.marks == {d(1): Win(50), d(5): Win(50)}
    assert record.redo(undone).marks == later.marks


def test_a_pause_whose_days_changed_since_is_refused_whole() -> None:
    before = make()
    after, _ = pause(before, d(0), d(3), d(0))
    record = marks_record(after.id, "pause", before, after)
    changed = after.with_mark(d(2), None)
    with pytest.raises(RuleRefused, match="^Wed 7 Jan of 'walk-steps' was changed elsewhere"):
        record.undo(changed)
    undone = record.undo(after)
    with pytest.raises(RuleRefused, match="^Mon 5 Jan of 'walk-steps' was changed elsewhere"):
        record.redo(undone.with_mark(d(0), Rest("mine")))
    with pytest.raises(RuleRefused, match="no longer in the data file"):
        record.undo(None)


def test_an_unpause_is_undone_by_putting_the_rest_days_back() -> None:
    before, _ = pause(make(), d(0), d(2), d(0), "away")
    after = before.with_mark(d(1), None)
    record = marks_record(after.id, "unpause", before, after)
    assert record.undo(after) == before
    assert record.redo(before) == after


# Changes of target -----------------------------------------------------------------


def test_a_climb_is_undone_by_removing_that_climb_and_redone_once() -> None:
    held = mark_win(mark_win(make(), d(0), d(0)), d(1), d(1))
    after = climb(held, d(2))
    record = event_record(after.id, "climb", Event(d(2), "climb"), after)
    undone = record.undo(after)
    assert undone == held
    assert record.redo(undone) == after
    with pytest.raises(RuleRefused, match="^'walk-steps' was changed elsewhere since$"):
        record.redo(after)  # already made again
    with pytest.raises(RuleRefused, match="^that change of 'walk-steps' is no longer in its "
                                          "history$"):
        record.undo(held)


def test_undoing_the_second_of_two_equal_changes_removes_the_last_one() -> None:
    ladder = make(start=400)
    once = halve(ladder, d(3))
    twice = halve(once, d(3))
    edit = Event(d(3), "edit", 60)
    mixed = twice.with_event(edit)
    record = event_record(twice.id, "halve", Event(d(3), "halve"), twice)
    undone = record.undo(mixed)
    assert undone.events == (Event(d(3), "halve"), edit)
    assert record.redo(undone).events == (Event(d(3), "halve"), edit, Event(d(3), "halve"))
    with pytest.raises(RuleRefused, match="changed elsewhere since"):
        record.redo(once.with_event(Event(d(3), "halve")).with_event(Event(d(3), "halve")))
    first = event_record(once.id, "halve", Event(d(3), "halve"), once)
    with pytest.raises(RuleRefused, match="changed elsewhere since"):
        first.redo(once)
    assert first.redo(ladder) == once
    with pytest.raises(RuleRefused, match="no longer in the data file"):
        first.redo(None)


def test_undoing_a_change_finds_it_behind_a_later_one() -> None:
    halved = halve(make(start=400), d(3))
    later = halved.with_event(Event(d(4), "edit", 60))
    record = event_record(halved.id, "halve", Event(d(3), "halve"), halved)
    assert record.undo(later).events == (Event(d(4), "edit", 60),)


# A new ladder ---------------------------------------------------------------------------


def test_undoing_a_new_ladder_removes_it_after_asking_and_redo_puts_it_back() -> None:
    ladder = make()
    record = create_record(ladder, "new")
    assert record.ask_first == ("Undoing removes the ladder 'walk-steps' you made (walk): "
                                "remove it?")
    assert record.undo(ladder) is None
    assert record.redo(None) == ladder
    with pytest.raises(RuleRefused, match="^a ladder 'walk-steps' exists again: nothing to "
                                          "redo$"):
        record.redo(ladder)
    with pytest.raises(RuleRefused, match="no longer in the data file"):
        record.undo(None)


@pytest.mark.parametrize("history", ["mark", "event"])
def test_a_new_ladder_with_history_since_is_archived_not_removed(history: str) -> None:
    ladder = make()
    record = create_record(ladder, "new")
    now = mark_win(ladder, d(0), d(0)) if history == "mark" else halve(ladder, d(0))
    with pytest.raises(RuleRefused, match="^'walk-steps' has history now: archive it "
                                          "instead$"):
        record.undo(now)


# Edits and archiving ------------------------------------------------------------------------


def test_an_edit_of_settings_is_undone_and_redone_field_by_field() -> None:
    before = mark_win(make(), d(0), d(0))
    after, _ = edited(before, {"identity": "I am a runner", "hold": 5}, d(1))
    record = edit_record(before, after, "edit")
    assert record.undo(after) == before
    assert record.redo(before) == after
    # Another field edited since does not stand in the way; the same field does.
    other = after.with_mark(d(1), Win(50))
    assert record.undo(other) == before.with_mark(d(1), Win(50))
    renamed, _ = edited(after, {"identity": "I am a sprinter"}, d(1))
    with pytest.raises(RuleRefused, match="^'walk-steps' was edited elsewhere since$"):
        record.undo(renamed)
    with pytest.raises(RuleRefused, match="^'walk-steps' was edited elsewhere since$"):
        record.redo(after)
    with pytest.raises(RuleRefused, match="no longer in the data file"):
        record.undo(None)


def test_an_edit_of_todays_target_is_undone_with_its_event() -> None:
    before = make()
    after, _ = edited(before, {"target": 80, "granularity": 10, "action": "stroll"}, d(2))
    assert after.events == (Event(d(2), "edit", 80),)
    record = edit_record(before, after, "edit")
    undone = record.undo(after)
    assert undone == before
    assert record.redo(undone) == after
    with pytest.raises(RuleRefused, match="no longer in its history"):
        record.undo(replace(after, events=()))


def test_an_edit_of_only_the_target_keeps_the_settings() -> None:
    before = make()
    after, _ = edited(before, {"target": 100}, d(2))
    record = edit_record(before, after, "edit")
    renamed, _ = edited(after, {"identity": "I am a hiker"}, d(2))
    assert record.undo(renamed).events == ()
    assert record.undo(renamed).identity == "I am a hiker"


def test_an_edit_record_of_two_events_is_a_mistake() -> None:
    before = make(start=400)
    after = halve(halve(before, d(1)), d(1))
    with pytest.raises(ValueError, match="at most one event"):
        edit_record(before, after, "edit")


def test_archiving_is_undone_and_redone_unless_changed_since() -> None:
    ladder = make()
    archived = archive(ladder)
    record = archive_record(ladder.id, "archive", True)
    assert record.undo(archived) == ladder
    assert record.redo(ladder) == archived
    with pytest.raises(RuleRefused, match="^'walk-steps' was changed elsewhere since$"):
        record.undo(ladder)
    with pytest.raises(RuleRefused, match="^'walk-steps' was changed elsewhere since$"):
        record.redo(archived)
    back = archive_record(ladder.id, "unarchive", False)
    assert back.undo(ladder) == archived
    assert back.redo(archived) == ladder
    with pytest.raises(RuleRefused, match="no longer in the data file"):
        back.redo(None)

