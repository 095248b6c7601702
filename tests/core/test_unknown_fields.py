"""A file a newer smallwins wrote (or a person edited) keeps what this version does not know.

Keys on a ladder, on a mark object, items after an event's own, keys in
`_meta` and whole tables: every write of this version puts them back as they
were, through the command line, the app's door (the ledger) and an export
and import.  A file of a newer schema is refused, never written.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from smallwins.core import changes
from smallwins.core.ledger import Ledger
from tests import cli

TODAY = "2026-11-23"


def run(env_dir: Path, *args: str):
    return cli.run(env_dir, *args, today=TODAY)


def data_file(env_dir: Path) -> Path:
    return env_dir / "data" / "smallwins.json"


def newer_file(env_dir: Path) -> dict[str, Any]:
    """A walk ladder as a newer version might write it; returns the tables."""
    r = run(env_dir, "new", "--identity", "I move", "--action", "walk", "--unit", "steps",
            "--start", "50", "--step", "50", "--hold", "1", "--started", "2026-11-16")
    assert r.returncode == 0, r.stderr
    path = data_file(env_dir)
    tables = json.loads(path.read_text())
    tables["_meta"]["1"]["written_by"] = "smallwins 9"
    tables["_meta"]["2"] = {"sync": "elsewhere"}
    tables["devices"] = {"1": {"name": "phone"}}
    walk = tables["ladders"]["walk-steps"]
    walk["colour"] = "teal"
    walk["reminders"] = [{"at": "07:00"}]
    walk["marks"] = {"2026-11-16": 50, "2026-11-17": {"t": 50, "mood": "good"},
                     "2026-11-18": {"r": 1, "n": "ill", "by": "phone"}}
    walk["events"] = [["2026-11-17", "climb", None, "felt automatic"]]
    path.write_text(json.dumps(tables))
    return tables


def assert_kept(env_dir: Path) -> dict[str, Any]:
    tables = json.loads(data_file(env_dir).read_text())
    assert tables["_meta"]["1"] == {"schema": 1, "written_by": "smallwins 9"}
    assert tables["_meta"]["2"] == {"sync": "elsewhere"}
    assert tables["devices"] == {"1": {"name": "phone"}}
    walk = tables["ladders"]["walk-steps"]
    assert walk["colour"] == "teal" and walk["reminders"] == [{"at": "07:00"}]
    assert walk["marks"]["2026-11-17"]["mood"] == "good"
    assert walk["marks"]["2026-11-18"]["by"] == "phone"
    assert walk["events"][0] == ["2026-11-17", "climb", None, "felt automatic"]
    return tables


def test_the_command_line_keeps_unknown_fields(tmp_path) -> None:
    newer_file(tmp_path)
    for args in (("done", "walk-steps"), ("done", "walk-steps", "--day", "2026-11-17",
                                          "--note", "again"),
                 ("rest", "walk-steps", "--day", "2026-11-19"), ("halve", "walk-steps"),
                 ("rest", "walk-steps", "--day", "2026-11-18", "--note", "still ill"),
                 ("undo", "walk-steps", "--day", "2026-11-19")):
        r = run(tmp_path, *args)
        assert r.returncode == 0, (args, r.stderr)
        tables = assert_kept(tmp_path)
    assert tables["ladders"]["walk-steps"]["marks"]["2026-11-17"] == {
        "t": 50, "n": "again", "mood": "good"}
    assert tables["ladders"]["walk-steps"]["marks"]["2026-11-18"] == {
        "r": 1, "n": "still ill", "by": "phone"}


def test_the_ledger_keeps_unknown_fields_through_edit_and_archive(tmp_path) -> None:
    newer_file(tmp_path)
    ledger = Ledger(data_file(tmp_path))
    today = date.fromisoformat(TODAY)
    ledger.edit("walk-steps", {"identity": "I walk", "hold": 3}, today)
    ledger.set_archived("walk-steps", True)
    ledger.change("walk-steps", lambda lad: changes.mark_win(lad, today, today))
    assert_kept(tmp_path)
    assert ledger.load().ladders["walk-steps"].extra == {"colour": "teal",
                                                         "reminders": [{"at": "07:00"}]}


def test_an_export_carries_unknown_fields_into_another_file(tmp_path) -> None:
    newer_file(tmp_path / "a")
    out = tmp_path / "e.json"
    assert run(tmp_path / "a", "export", "-o", str(out)).returncode == 0
    r = run(tmp_path / "b", "import", str(out))
    assert r.returncode == 0, r.stderr
    walk = json.loads(data_file(tmp_path / "b").read_text())["ladders"]["walk-steps"]
    assert walk["colour"] == "teal"
    assert walk["marks"]["2026-11-17"] == {"t": 50, "mood": "good"}
    assert "levels" not in walk  # derived in the export, never stored


def test_a_newer_schema_is_refused_and_left_as_it_is(tmp_path) -> None:
    newer_file(tmp_path)
    path = data_file(tmp_path)
    tables = json.loads(path.read_text())
    tables["_meta"]["1"]["schema"] = 2
    path.write_text(json.dumps(tables))
    before = path.read_bytes()
    r = run(tmp_path, "done", "walk-steps")
    assert r.returncode == 3
    assert "written by a newer smallwins (data schema 2, this version reads up to 1)" in r.stderr
    assert path.read_bytes() == before
