"""A change from the app is relative to what the person saw, never to what the file holds.

A script (`smallwins done`, another pane) changes a ladder between the app's
looks at the file; the person then presses a key on the row as it was shown.
Every intent (check off, rest, climb, halve, edit, archive, undo) applies
nothing, keeps the other process's change, shows the ladder as it is now and
says what happened.  The real program in tmux against a real `smallwins done`:
tests/e2e/test_stale_screen.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from smallwins.core import changes
from smallwins.core.config import Config
from smallwins.core.ledger import Ledger
from smallwins.core.model import Ladder, Rest, Win
from smallwins.tui.snapshot import Outcome
from smallwins.tui.store import Store
from tests.tui.data import TODAY, on_disk

ELSEWHERE = "nothing was changed here; it is shown as it is now"


def script(path: Path, ladder_id: str, fn: Callable[[Ladder], Ladder]) -> None:
    """What `smallwins done` and friends do: change the ladder as it is in the file."""
    Ledger(path).change(ladder_id, fn)


def done_with_note(ladder: Ladder) -> Ladder:
    return changes.mark_win(ladder, TODAY, TODAY, note="from script")


@pytest.fixture
def store(data_path: Path) -> Store:
    return Store(Ledger(data_path), lambda: TODAY, Config())


def refused_and_kept(store: Store, data_path: Path, outcome: Outcome, words: str,
                     after: dict[str, Ladder]) -> None:
    assert not outcome.ok
    assert outcome.message == f"{words}: {ELSEWHERE}"
    assert on_disk(data_path) == after
    assert store.ladders == after  # reloaded: the row shows what the file holds


def test_space_after_a_script_checked_off_keeps_the_win_and_its_note(store, data_path) -> None:
    """Was: the app toggled what the file held, erasing the script's win and note."""
    assert not store.states["stretch-minutes"].done_today
    script(data_path, "stretch-minutes", done_with_note)
    after = on_disk(data_path)
    outcome = store.toggle_win("stretch-minutes")
    refused_and_kept(store, data_path, outcome, "stretch was just checked off elsewhere", after)
    assert after["stretch-minutes"].marks[TODAY] == Win(1, None, "from script")
    assert store.states["stretch-minutes"].done_today


def test_space_after_a_script_unchecked_does_not_check_it_again(store, data_path) -> None:
    assert store.states["do-pushups"].done_today
    script(data_path, "do-pushups", lambda lad: changes.clear_mark(lad, TODAY, TODAY))
    after = on_disk(data_path)
    outcome = store.toggle_win("do-pushups")
    refused_and_kept(store, data_path, outcome, "do was just un-checked elsewhere", after)
    assert TODAY not in after["do-pushups"].marks


def test_a_backfill_after_a_script_made_the_day_a_rest_day(store, data_path) -> None:
    day = date(2026, 11, 24)
    script(data_path, "stretch-minutes", lambda lad: changes.mark_rest(lad, day, TODAY))
    after = on_disk(data_path)
    outcome = store.toggle_win("stretch-minutes", day)
    refused_and_kept(store, data_path, outcome,
                     "stretch was just made a rest day elsewhere for Tue 24 Nov", after)
    assert after["stretch-minutes"].marks[day] == Rest()


def test_rest_after_a_script_checked_off(store, data_path) -> None:
    script(data_path, "stretch-minutes", done_with_note)
    after = on_disk(data_path)
    outcome = store.rest("stretch-minutes")
    refused_and_kept(store, data_path, outcome, "stretch was just checked off elsewhere", after)


@pytest.mark.parametrize("intent", ["climb", "halve", "archive", "edit"])
def test_other_intents_after_a_script_changed_the_ladder(store, data_path, intent) -> None:
    script(data_path, "write-sentences", done_with_note)
    after = on_disk(data_path)
    outcome = {
        "climb": lambda: store.climb("write-sentences"),
        "halve": lambda: store.halve("write-sentences"),
        "archive": lambda: store.archive("write-sentences"),
        "edit": lambda: store.edit("write-sentences", identity="I am a poet"),
    }[intent]()
    refused_and_kept(store, data_path, outcome, "write was just checked off elsewhere", after)
    assert store.states["write-sentences"].done_today


def test_a_climb_after_a_script_climbed_is_not_a_second_climb(store, data_path) -> None:
    script(data_path, "write-sentences", lambda lad: changes.climb(lad, TODAY))
    after = on_disk(data_path)
    outcome = store.climb("write-sentences")
    refused_and_kept(store, data_path, outcome, "write was just changed elsewhere", after)
    assert [e.kind for e in after["write-sentences"].events] == ["climb"]


def test_undo_after_a_script_changed_the_same_day(store, data_path) -> None:
    assert store.toggle_win("stretch-minutes").ok
    script(data_path, "stretch-minutes", done_with_note)
    after = on_disk(data_path)
    outcome = store.undo()
    assert not outcome.ok
    assert outcome.message.startswith("cannot undo the check-off of stretch-minutes today: ")
    assert on_disk(data_path) == after
    assert after["stretch-minutes"].marks[TODAY].note == "from script"  # type: ignore[union-attr]


def test_a_ladder_a_script_did_not_touch_changes_as_usual(store, data_path) -> None:
    script(data_path, "stretch-minutes", done_with_note)
    outcome = store.toggle_win("write-sentences")
    assert outcome.ok
    stored = on_disk(data_path)
    assert stored["write-sentences"].marks[TODAY] == Win(1)
    assert stored["stretch-minutes"].marks[TODAY].note == "from script"  # type: ignore[union-attr]
