"""The store on its own: intents, undo, snapshots, reloads, without an App."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from smallwins.core import changes
from smallwins.core.ledger import Ledger
from smallwins.core.model import EVERY_DAY, Event, Win, ladder_from_doc, ladder_to_doc
from smallwins.core.storage import DataError, DataFile
from smallwins.tui.snapshot import Outcome, Snapshot
from smallwins.tui.store import Store
from tests.tui.data import TODAY, on_disk


def make_store(path: Path, day: list[Any] | None = None) -> Store:
    days = day if day is not None else [TODAY]
    return Store(Ledger(path), lambda: days[0])


def test_states_are_the_active_ladders_in_display_order(data_path: Path) -> None:
    store = make_store(data_path)
    assert list(store.states) == ["walk-steps", "write-sentences", "do-pushups",
                                  "stretch-minutes"]
    assert tuple(store.snapshot.states) == tuple(store.states)
    walk = store.states["walk-steps"]
    assert store.snapshot.identity_total(walk) == 16 + 6


def test_a_change_recomputes_only_that_ladder_and_tells_the_listeners(data_path: Path) -> None:
    store = make_store(data_path)
    seen: list[Snapshot] = []
    store.listen(seen.append)
    others = {lid: state for lid, state in store.states.items() if lid != "write-sentences"}
    outcome = store.toggle_win("write-sentences")
    assert outcome.ok
    assert len(seen) == 1 and seen[0].changed == frozenset({"write-sentences"})
    assert seen[0].states["write-sentences"].done_today
    for lid, state in others.items():
        assert store.states[lid] is state  # not replayed again


def test_refusals_and_bad_input_come_back_as_messages(data_path: Path) -> None:
    store = make_store(data_path)
    before = data_path.read_bytes()
    refused = store.climb("stretch-minutes")
    assert not refused.ok and refused.severity == "warning"
    assert "0/7 won days at this rung" in refused.message
    bad = store.toggle_win("stretch-minutes", TODAY + timedelta(days=1))
    assert not bad.ok and "in the future" in bad.message
    unknown = store.halve("no-such-ladder")
    assert not unknown.ok and "no-such-ladder" in unknown.message
    empty = store.create(identity="", action="walk", unit="steps", start=1, step=1)
    assert not empty.ok and empty.message.startswith("identity is empty")
    assert data_path.read_bytes() == before


def test_create_warns_above_two_minutes_and_names_a_free_id(data_path: Path) -> None:
    store = make_store(data_path)
    outcome = store.create(identity="I move", action="walk", unit="steps", start=50, step=50,
                           minutes=5)
    assert outcome.ok and outcome.severity == "warning"
    assert "more than a two-minute start" in outcome.message
    assert outcome.ladder_id == "walk-steps-2"
    stored = on_disk(data_path)["walk-steps-2"]
    assert stored.created == 4 and stored.start_day == TODAY
    assert list(store.states)[-1] == "walk-steps-2"


def test_edit_changes_fields_and_sets_todays_target(data_path: Path) -> None:
    store = make_store(data_path)
    outcome = store.edit("walk-steps", identity="I walk", target=700, days=EVERY_DAY)
    assert outcome.ok
    stored = on_disk(data_path)["walk-steps"]
    assert stored.identity == "I walk" and stored.days == EVERY_DAY
    assert stored.events[-1] == Event(TODAY, "edit", 700)
    assert store.states["walk-steps"].target == 700
    assert store.undo().ok
    stored = on_disk(data_path)["walk-steps"]
    assert stored.identity == "I am someone who moves every day"
    assert stored.events[-1].kind != "edit"


def test_edit_refuses_what_a_new_ladder_would_refuse(data_path: Path) -> None:
    store = make_store(data_path)
    before = data_path.read_bytes()
    outcome = store.edit("walk-steps", granularity=100)
    assert not outcome.ok
    assert outcome.message == "start 750 is not a multiple of the granularity 100"
    assert data_path.read_bytes() == before


def test_undo_of_a_rest_day_and_of_a_climb(data_path: Path) -> None:
    store = make_store(data_path)
    original = on_disk(data_path)
    assert store.rest("stretch-minutes").ok
    assert store.climb("write-sentences").ok
    assert store.undo().message == "undone: climb of write-sentences"
    assert store.undo().ok
    assert on_disk(data_path) == original
    assert store.undo() == Outcome(False, "nothing to undo", "information")


def test_refresh_reloads_only_after_another_write(data_path: Path) -> None:
    store = make_store(data_path)
    assert not store.refresh_if_changed()
    store.toggle_win("write-sentences")
    # Our own write: read once more, found equal, nothing to redraw.
    seen: list[Snapshot] = []
    store.listen(seen.append)
    assert not store.refresh_if_changed()
    assert seen == []

    def other(docs: dict[str, Any]) -> None:
        walk = ladder_from_doc(docs["walk-steps"])
        docs["walk-steps"] = ladder_to_doc(changes.mark_win(walk, TODAY, TODAY))
        del docs["stretch-minutes"]

    DataFile(data_path).transact(other)
    assert store.refresh_if_changed()
    assert store.states["walk-steps"].done_today
    assert "stretch-minutes" not in store.states
    assert seen[-1].changed is None  # the list itself changed


def test_a_stale_read_is_dropped_when_this_app_wrote_meanwhile(data_path: Path) -> None:
    store = make_store(data_path)

    def other(docs: dict[str, Any]) -> None:
        walk = ladder_from_doc(docs["walk-steps"])
        docs["walk-steps"] = ladder_to_doc(changes.mark_win(walk, TODAY, TODAY))

    DataFile(data_path).transact(other)
    signature = store.check_signature()
    assert signature is not False
    loaded = store.read_changes()
    store.toggle_win("write-sentences")  # written while the read was in flight
    assert not store.apply_loaded(loaded)
    assert store.states["write-sentences"].done_today
    assert store.refresh_if_changed()  # the next look reads again
    assert store.states["walk-steps"].done_today and store.states["write-sentences"].done_today


def test_set_today_rolls_over(data_path: Path) -> None:
    days = [TODAY]
    store = make_store(data_path, days)
    assert not store.set_today()
    days[0] = TODAY + timedelta(days=1)
    assert store.set_today()
    assert store.today == days[0]
    assert not store.states["do-pushups"].done_today
    assert store.snapshot.changed is None


def test_archived_votes_still_count_for_the_identity(data_path: Path) -> None:
    store = make_store(data_path)
    assert store.archive("stretch-minutes").ok
    walk = store.states["walk-steps"]
    assert "stretch-minutes" not in store.states
    assert store.snapshot.identity_total(walk) == 22


def test_an_unusable_file_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    path.write_text("{not json")
    with pytest.raises(DataError):
        make_store(path)


def test_a_backfill_is_recorded_at_that_days_target(data_path: Path) -> None:
    store = make_store(data_path)
    day = TODAY - timedelta(days=1)
    assert store.toggle_win("stretch-minutes", day).ok
    assert on_disk(data_path)["stretch-minutes"].marks[day] == Win(1)
