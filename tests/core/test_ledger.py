"""The one door to the data (core/ledger.py), on real files in a temporary folder.

Every scenario reads what the ledger wrote back from the file, so a change
that was not stored, or stored under another id, shows.  The ladders start on
Monday 2026-01-05.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from smallwins.core import ledger as ledger_module
from smallwins.core.changes import mark_win
from smallwins.core.errors import BadInput, DataError, RuleRefused
from smallwins.core.ledger import ChangedElsewhere, Ledger
from smallwins.core.model import Win
from smallwins.core.storage import DataFile
from smallwins.core.undo import mark_record

MON = date(2026, 1, 5)
NOW = datetime(2026, 1, 7, 9, 30, 0).astimezone()


def d(n: int) -> date:
    return MON + timedelta(days=n)


def fields(action: str = "walk", unit: str = "steps", **kw: object) -> dict[str, object]:
    return {"identity": "I am a walker", "action": action, "unit": unit, "start": 50,
            "step": 50, "start_day": MON, **kw}


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return Ledger(tmp_path / "smallwins.json")


def on_disk(ledger: Ledger) -> dict[str, object]:
    """Every ladder as a fresh ledger reads the file: nothing cached."""
    return dict(Ledger(ledger.path).load().ladders)


# Reading ---------------------------------------------------------------------------


def test_a_ledger_is_made_from_a_path_or_a_data_file(tmp_path: Path) -> None:
    data = DataFile(tmp_path / "a.json")
    assert Ledger(data).data is data
    by_path = Ledger(str(tmp_path / "b.json"))
    assert by_path.path == tmp_path / "b.json"
    assert repr(by_path) == f"Ledger({str(tmp_path / 'b.json')!r})"
    assert by_path.signature() is None
    assert by_path.load().ladders == {}


def test_load_gives_every_ladder_active_and_archived_in_order(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    ledger.create(fields("read", "pages"), d(2))
    ledger.create(fields("code", "lines"), d(2))
    ledger.set_archived("read-pages", True)
    loaded = ledger.load()
    assert loaded.signature == ledger.signature() and loaded.signature is not None
    assert [lad.id for lad in loaded.active()] == ["walk-steps", "code-lines"]
    assert [lad.id for lad in loaded.archived()] == ["read-pages"]
    assert loaded.find("co").id == "code-lines"
    assert "hashes" not in repr(loaded)


def test_a_reload_reuses_the_ladders_whose_bytes_did_not_change(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    ledger.create(fields("read", "pages"), d(2))
    first = ledger.load()
    ledger.change("read-pages", lambda lad: mark_win(lad, d(1), d(2)))
    second = ledger.load(reuse=first)
    assert second.ladders["walk-steps"] is first.ladders["walk-steps"]
    assert second.ladders["read-pages"] is not first.ladders["read-pages"]
    assert second.ladders["read-pages"].marks == {d(1): Win(50)}
    assert second.hashes["walk-steps"] == first.hashes["walk-steps"]
    assert second.hashes["read-pages"] != first.hashes["read-pages"]
    assert ledger.load().ladders["walk-steps"] is not first.ladders["walk-steps"]


def test_a_document_stored_under_another_id_is_unusable_and_names_the_newest_backup(
        ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    assert ledger.data_error("x").backup is None
    ledger.create(fields("read", "pages"), d(2))
    backups = ledger.data.backups()
    assert backups
    raw = json.loads(ledger.path.read_text())
    holder = raw.get("ladders", raw)
    holder["walk-steps"]["id"] = "run-km"
    ledger.path.write_text(json.dumps(raw))
    with pytest.raises(DataError, match="ladder 'walk-steps' holds the id 'run-km'") as caught:
        ledger.load()
    assert str(ledger.path) in str(caught.value)
    assert caught.value.backup == backups[0]
    error = ledger.data_error("message")
    assert isinstance(error, DataError) and error.backup == backups[0]


# Changing one ladder --------------------------------------------------------------


def test_a_change_is_stored_and_says_what_it_did(ledger: Ledger) -> None:
    made, _ = ledger.create(fields("walk"), d(2))
    changed = ledger.change("walk-steps", lambda lad: mark_win(lad, d(0), d(2)))
    assert changed.ladder_id == "walk-steps"
    assert changed.before == made.after
    assert changed.after is not None and changed.after.marks == {d(0): Win(50)}
    assert on_disk(ledger)["walk-steps"] == changed.after
    assert changed.signature == ledger.signature()
    assert changed.blob_hash == ledger.load().hashes["walk-steps"]
    assert changed.doc is not None and changed.doc["id"] == "walk-steps"


def test_a_change_is_in_sync_only_when_nobody_wrote_since_the_signature_given(
        ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    since = ledger.signature()
    first = ledger.change("walk-steps", lambda lad: mark_win(lad, d(0), d(2)), since=since)
    assert first.in_sync
    second = ledger.change("walk-steps", lambda lad: mark_win(lad, d(1), d(2)), since=since)
    assert not second.in_sync
    assert not ledger.change("walk-steps", lambda lad: lad).in_sync


def test_a_ladder_changed_since_it_was_seen_is_left_alone(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    seen = ledger.load().ladders["walk-steps"]
    ledger.change("walk-steps", lambda lad: mark_win(lad, d(0), d(2)))
    before = ledger.path.read_bytes()
    with pytest.raises(ChangedElsewhere, match="^walk-steps was just changed elsewhere: "
                                               "nothing was changed here") as caught:
        ledger.change("walk-steps", lambda lad: mark_win(lad, d(1), d(2)), seen=seen)
    assert isinstance(caught.value, RuleRefused)
    assert caught.value.current is not None and caught.value.current.marks == {d(0): Win(50)}
    assert ledger.path.read_bytes() == before
    now = ledger.load().ladders["walk-steps"]
    done = ledger.change("walk-steps", lambda lad: mark_win(lad, d(1), d(2)), seen=now)
    assert done.after is not None and set(done.after.marks) == {d(0), d(1)}


def test_a_change_given_the_ladder_it_read_trusts_it_while_the_bytes_are_the_same(
        ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    loaded = ledger.load()
    seen, seen_hash = loaded.ladders["walk-steps"], loaded.hashes["walk-steps"]
    changed = ledger.change("walk-steps", lambda lad: mark_win(lad, d(0), d(2)),
                            seen=seen, seen_hash=seen_hash)
    assert changed.before is seen
    again = ledger.change("walk-steps", lambda lad: lad, seen=changed.after,
                          seen_hash=changed.blob_hash)
    assert again.before is changed.after
    parsed = ledger.change("walk-steps", lambda lad: lad, seen=changed.after,
                           seen_hash=seen_hash)  # an old hash: the document is read again
    assert parsed.before == changed.after and parsed.before is not changed.after
    plain = ledger.change("walk-steps", lambda lad: lad, seen=changed.after)
    assert plain.before == changed.after and plain.before is not changed.after
    # A hash without the ladder it belongs to trusts nothing: the document is read.
    hashed = ledger.change("walk-steps", lambda lad: mark_win(lad, d(1), d(2)),
                           seen_hash=ledger.load().hashes["walk-steps"])
    assert hashed.before == changed.after
    assert hashed.after is not None and set(hashed.after.marks) == {d(0), d(1)}


def test_a_typed_prefix_names_a_ladder_only_when_asked(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    changed = ledger.change("wa", lambda lad: mark_win(lad, d(0), d(2)), typed=True)
    assert changed.ladder_id == "walk-steps"
    with pytest.raises(BadInput, match=r"^unknown ladder 'wa' \(ladders: walk-steps\)$"):
        ledger.change("wa", lambda lad: lad)
    assert set(on_disk(ledger)) == {"walk-steps"}


def test_a_change_of_a_ladder_that_is_not_there_is_refused(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    with pytest.raises(BadInput, match=r"^unknown ladder 'run' \(ladders: walk-steps\)$"):
        ledger.change("run", lambda lad: lad)
    assert set(on_disk(ledger)) == {"walk-steps"}


def test_a_change_that_would_not_read_back_is_not_saved(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    ledger.change("walk-steps", lambda lad: mark_win(lad, d(0), d(2)))
    before = ledger.path.read_bytes()
    with pytest.raises(BadInput, match="^not saved: "):
        ledger.change("walk-steps", lambda lad: lad.with_mark(d(1), Win(-5)))
    with pytest.raises(BadInput, match="^not saved: "):
        ledger.change("walk-steps", lambda lad: lad.with_mark(d(0), Win(50, 0)))
    assert ledger.path.read_bytes() == before


# Archive, edit, undo ----------------------------------------------------------------------


def test_archiving_twice_or_bringing_back_an_active_ladder_is_refused(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    with pytest.raises(RuleRefused, match="^'walk-steps' is not archived$"):
        ledger.set_archived("walk-steps", False)
    gone = ledger.set_archived("wal", True, typed=True)
    assert gone.after is not None and gone.after.archived
    assert on_disk(ledger)["walk-steps"].archived  # type: ignore[attr-defined]
    with pytest.raises(RuleRefused, match="^'walk-steps' is already archived$"):
        ledger.set_archived("walk-steps", True)
    with pytest.raises(BadInput, match="unknown ladder 'wal'"):
        ledger.set_archived("wal", False)
    back = ledger.set_archived("walk-steps", False)
    assert back.after is not None and not back.after.archived
    assert not on_disk(ledger)["walk-steps"].archived  # type: ignore[attr-defined]


def test_an_edit_is_stored(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(0))
    changed = ledger.edit("walk-steps", {"identity": "I am a hiker", "target": 100}, d(2))
    stored_ladder = on_disk(ledger)["walk-steps"]
    assert stored_ladder == changed.after
    assert stored_ladder.identity == "I am a hiker"  # type: ignore[attr-defined]
    assert len(stored_ladder.events) == 1  # type: ignore[attr-defined]


def test_an_undo_and_a_redo_are_applied_to_the_file(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(0))
    changed = ledger.change("walk-steps", lambda lad: mark_win(lad, d(1), d(2)))
    assert changed.after is not None
    record = mark_record("walk-steps", "done", d(1), None, changed.after.marks[d(1)])
    undone = ledger.undo(record)
    assert undone.after is not None and undone.after.marks == {}
    assert on_disk(ledger)["walk-steps"].marks == {}  # type: ignore[attr-defined]
    redone = ledger.redo(record, since=ledger.signature())
    assert redone.in_sync and redone.after == changed.after
    assert on_disk(ledger)["walk-steps"] == changed.after


def test_undoing_a_new_ladder_removes_it_from_the_file(ledger: Ledger) -> None:
    from smallwins.core.undo import create_record

    made, _ = ledger.create(fields("walk"), d(0))
    ledger.create(fields("read", "pages"), d(0))
    assert made.after is not None
    record = create_record(made.after, "new")
    gone = ledger.undo(record)
    assert (gone.ladder_id, gone.after, gone.doc, gone.blob_hash) == ("walk-steps", None,
                                                                      None, None)
    assert gone.before == made.after
    assert set(on_disk(ledger)) == {"read-pages"}
    back = ledger.redo(record)
    assert back.before is None and back.after == made.after
    assert set(on_disk(ledger)) == {"read-pages", "walk-steps"}


# New ladders ---------------------------------------------------------------------------------


def test_each_new_ladder_comes_after_every_other_in_display_order(ledger: Ledger) -> None:
    first, warnings = ledger.create(fields("walk", minutes=5), d(2))
    assert warnings and "more than a two-minute start" in warnings[0]
    assert first.after is not None and first.after.created == 0
    ledger.rewrite(lambda ladders: ladders.update(
        {"walk-steps": ladders["walk-steps"].__class__(
            **{**_as_dict(ladders["walk-steps"]), "created": 7})}))
    second, none = ledger.create(fields("read", "pages"), d(2), since=ledger.signature())
    assert none == [] and second.in_sync
    assert second.after is not None and second.after.created == 8
    assert second.after.start_day == MON
    assert second.signature == ledger.signature()
    assert second.blob_hash == ledger.load().hashes["read-pages"]
    assert second.doc is not None and on_disk(ledger)["read-pages"] == second.after
    third, _ = ledger.create(fields("read", "pages"), d(2))
    assert third.ladder_id == "read-pages-2" and not third.in_sync
    assert third.after is not None and third.after.created == 9


def test_the_first_ladder_of_a_new_file_without_a_signature_is_not_in_sync(
        ledger: Ledger) -> None:
    made, _ = ledger.create(fields("walk"), d(2))
    assert not made.in_sync
    assert ledger.create(fields("read", "pages"), d(2), since=ledger.signature())[0].in_sync


def test_a_new_ladder_starts_today_unless_told(ledger: Ledger) -> None:
    made, _ = ledger.create({k: v for k, v in fields().items() if k != "start_day"}, d(3))
    assert made.after is not None and made.after.start_day == d(3)


def test_validating_a_new_ladder_writes_nothing(ledger: Ledger) -> None:
    ladder, warnings = ledger.validate_new(fields("walk", minutes=3), d(2), ["walk-steps"])
    assert (ladder.id, ladder.created, ladder.start_day) == ("walk-steps-2", 0, MON)
    assert len(warnings) == 1
    with pytest.raises(BadInput, match="is in the future"):
        ledger.validate_new(fields("walk", start_day=d(3)), d(2), [])
    assert not ledger.path.exists()


# The whole file ---------------------------------------------------------------------------


def test_a_rewrite_stores_every_ladder_left_and_returns_what_fn_returns(ledger: Ledger) -> None:
    ledger.create(fields("walk"), d(2))
    ledger.create(fields("read", "pages"), d(2))

    def drop_read(ladders: dict) -> int:  # type: ignore[type-arg]
        del ladders["read-pages"]
        return len(ladders)

    assert ledger.rewrite(drop_read) == 1
    assert set(on_disk(ledger)) == {"walk-steps"}


def test_a_rewrite_refuses_a_ladder_under_another_id_and_changes_nothing(ledger: Ledger
                                                                         ) -> None:
    ledger.create(fields("walk"), d(2))
    before = ledger.path.read_bytes()
    with pytest.raises(BadInput, match="^ladder 'walk-steps' cannot be stored under 'run'$"):
        ledger.rewrite(lambda ladders: ladders.update(run=ladders["walk-steps"]))
    with pytest.raises(BadInput, match="^not saved: "):
        ledger.rewrite(lambda ladders: ladders.update(
            {"walk-steps": ladders["walk-steps"].with_mark(d(0), Win(-1))}))
    assert ledger.path.read_bytes() == before


def test_a_restore_puts_the_backup_in_place_and_the_file_aside(ledger: Ledger,
                                                               tmp_path: Path) -> None:
    ledger.create(fields("walk"), d(2))
    ledger.create(fields("read", "pages"), d(2))
    keep = tmp_path / "keep.json"
    keep.write_bytes(ledger.path.read_bytes())
    ledger.rewrite(lambda ladders: ladders.pop("read-pages"))
    ledger.create(fields("code", "lines"), d(2))  # made after the backup: not in it
    replaced = ledger.path.read_bytes()
    done = ledger.restore(str(keep), NOW)
    assert (done.backup, done.ladders) == (keep, 2)
    assert done.aside is not None and done.aside.read_bytes() == replaced
    assert "before-restore" in done.aside.name
    assert set(on_disk(ledger)) == {"walk-steps", "read-pages"}


def test_a_restore_over_an_unreadable_file_keeps_a_copy_of_it(ledger: Ledger,
                                                              tmp_path: Path) -> None:
    ledger.create(fields("walk"), d(2))
    keep = tmp_path / "keep.json"
    keep.write_bytes(ledger.path.read_bytes())
    ledger.path.write_text("{ not json")
    done = ledger.restore(str(keep), NOW)
    assert done.ladders == 1
    assert done.aside is not None and done.aside.read_text() == "{ not json"
    assert set(on_disk(ledger)) == {"walk-steps"}


def test_a_restore_of_no_usable_backup_changes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    ledger.create(fields("walk"), d(2))
    before = ledger.path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    with pytest.raises(BadInput, match=f"^cannot restore {bad}: .*; nothing was changed$"):
        ledger.restore(str(bad), NOW)
    with pytest.raises(BadInput, match="^no backup 'nothing-here'"):
        ledger.restore("nothing-here", NOW)
    assert ledger.path.read_bytes() == before


def test_a_restore_that_cannot_write_a_readable_file_says_so(ledger: Ledger,
                                                             tmp_path: Path) -> None:
    ledger.create(fields("walk"), d(2))
    keep = tmp_path / "keep.json"
    keep.write_bytes(ledger.path.read_bytes())
    before = ledger.path.read_bytes()
    backup_dir = ledger.data.backup_dir
    if backup_dir.exists():
        for old in backup_dir.iterdir():
            old.unlink()
        backup_dir.rmdir()
    backup_dir.write_text("a file where the backups go")  # the copy aside cannot be made
    with pytest.raises(DataError, match="nothing was changed"):
        ledger.restore(str(keep), NOW)
    assert ledger.path.read_bytes() == before

def test_every_name_the_module_offers_is_there() -> None:
    assert all(hasattr(ledger_module, name) for name in ledger_module.__all__)
    assert {"Ledger", "Loaded", "Changed", "ChangedElsewhere", "Restored"} <= set(
        ledger_module.__all__)


def _as_dict(ladder: object) -> dict[str, object]:
    return {name: getattr(ladder, name) for name in ladder.__dataclass_fields__}  # type: ignore[attr-defined]
