"""`smallwins backups` and `smallwins restore` on real files, through the real command.

The data file keeps a `previous` and a daily backup by itself whenever it
changes; these tests corrupt the file the way accidents do (garbage written
in place), restore, and check that nothing is ever lost: the file replaced by
a restore is always saved beside the backups, byte for byte.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from smallwins.core.backups import (
    BEFORE_RESTORE,
    backup_paths,
    list_backups,
    save_aside,
)
from smallwins.core.ledger import Ledger
from smallwins.core.storage import DataFile
from tests.core.test_transfer import (
    BIN,
    TODAY,
    data_file,
    every_ladder,
    fails,
    listed,
    new,
    ok,
)


def backups_json(env_dir: Path) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = json.loads(ok(env_dir, "backups", "--json").stdout)
    return result


def with_history(env_dir: Path) -> None:
    """Two ladders and a few changes: enough writes for both kinds of backup."""
    new(env_dir, "--identity", "I am a reader", "--action", "read", "--unit", "pages",
        "--start", "1", "--step", "1", today="2026-11-20")
    new(env_dir, "--identity", "I am calm", "--action", "breathe", "--unit", "breaths",
        "--start", "3", "--step", "1", today="2026-11-20")
    ok(env_dir, "done", "read-pages", "--day", "2026-11-21")
    ok(env_dir, "done", "breathe-breaths", "--day", "2026-11-22", "--note", "slow")


def backups_dir(env_dir: Path) -> Path:
    return env_dir / "data" / "backups"


def test_no_backups_yet_is_said_plainly(tmp_path: Path) -> None:
    r = ok(tmp_path, "backups")
    assert "no backups yet" in r.stdout and r.stderr == ""
    assert backups_json(tmp_path) == []


def test_backups_lists_date_ladders_and_last_win_newest_first(tmp_path: Path) -> None:
    with_history(tmp_path)
    found = backups_json(tmp_path)
    names = [b["name"] for b in found]
    today = datetime.now().astimezone().date().isoformat()  # backups use the wall clock
    assert set(names) == {"smallwins-previous.json", f"smallwins-{today}.json"}
    by_name = {b["name"]: b for b in found}
    previous = by_name["smallwins-previous.json"]
    assert (previous["ladders"], previous["last_win"]) == (2, "2026-11-21")
    daily = by_name[f"smallwins-{today}.json"]  # taken before the second write of the day
    assert (daily["ladders"], daily["last_win"]) == (1, None)
    assert [b["saved"] for b in found] == sorted((b["saved"] for b in found), reverse=True)
    text = ok(tmp_path, "backups").stdout.splitlines()
    assert str(data_file(tmp_path)) in text[0] and "newest first" in text[0]
    assert text[1].startswith("smallwins-previous.json") and "last win 2026-11-21" in text[1]
    assert "2 ladder(s)" in text[1] and "saved " in text[1]
    assert any("last win none" in line for line in text[2:])


def test_backups_work_while_the_data_file_is_corrupt(tmp_path: Path) -> None:
    with_history(tmp_path)
    data_file(tmp_path).write_bytes(b"\x00garbage")
    assert fails(tmp_path, 3, "list")
    assert len(backups_json(tmp_path)) == 2


def test_restore_after_the_data_file_was_corrupted(tmp_path: Path) -> None:
    with_history(tmp_path)
    expected = listed(tmp_path)
    daily = [b for b in backups_json(tmp_path) if b["name"] != "smallwins-previous.json"]
    previous = (backups_dir(tmp_path) / "smallwins-previous.json").read_bytes()
    garbage = b'{"_meta": {"1": {"schema": 1}}, "ladders": {"oops": \x00 half a write'
    data_file(tmp_path).write_bytes(garbage)
    assert fails(tmp_path, 3, "list")

    r = ok(tmp_path, "restore", "smallwins-previous.json")
    assert "restored smallwins-previous.json (2 ladder(s))" in r.stdout
    assert listed(tmp_path) != expected  # the previous state: before the last win
    assert [x["id"] for x in listed(tmp_path)] == ["read-pages", "breathe-breaths"]
    saved = list(backups_dir(tmp_path).glob(f"smallwins-{BEFORE_RESTORE}-*.json"))
    assert len(saved) == 1 and saved[0].name in r.stdout
    assert saved[0].read_bytes() == garbage  # the garbage is kept, byte for byte
    assert saved[0].stat().st_mode & 0o777 == 0o600
    assert data_file(tmp_path).read_bytes() == previous
    assert data_file(tmp_path).stat().st_mode & 0o777 == 0o600

    # The newest daily backup, by the name `backups` shows, then by path.
    r = ok(tmp_path, "restore", daily[0]["name"])
    assert [x["id"] for x in listed(tmp_path)] == ["read-pages"]
    ok(tmp_path, "restore", str(saved[0].parent / "smallwins-previous.json"))
    # The listing now shows the garbage copy as one that cannot be restored.
    text = ok(tmp_path, "backups").stdout
    assert "cannot be restored: not a usable data file" in text


def test_restore_over_a_good_file_keeps_it_and_takes_the_backup(tmp_path: Path) -> None:
    with_history(tmp_path)
    before_bytes = data_file(tmp_path).read_bytes()
    before = every_ladder(tmp_path)
    r = ok(tmp_path, "restore", "smallwins-previous")  # .json may be left off
    aside = list(backups_dir(tmp_path).glob(f"smallwins-{BEFORE_RESTORE}-*.json"))
    assert len(aside) == 1 and aside[0].read_bytes() == before_bytes
    assert aside[0].name in r.stdout
    assert every_ladder(tmp_path)["breathe-breaths"]["votes"] == 0
    # Restoring the copy brings every ladder back exactly.
    ok(tmp_path, "restore", aside[0].name)
    assert every_ladder(tmp_path) == before


def test_restore_into_a_missing_data_file(tmp_path: Path) -> None:
    with_history(tmp_path / "old")
    backup = backups_dir(tmp_path / "old") / "smallwins-previous.json"
    r = ok(tmp_path / "new", "restore", str(backup))
    assert "saved as" not in r.stdout
    assert [x["id"] for x in listed(tmp_path / "new")] == ["read-pages", "breathe-breaths"]


BAD_BACKUPS = [
    ("nope", None, "no backup 'nope'"),
    ("garbage.json", b"not json at all", "not a usable data file: not valid JSON"),
    ("empty.json", b"", "the file is empty"),
    ("shape.json", b'{"_meta": {"1": {"schema": 1}}, "ladders": {"x": {"id": "x"}}}',
     "ladder 'x'"),
    ("newer.json", b'{"_meta": {"1": {"schema": 9}}, "ladders": {}}', "newer smallwins"),
    ("export.json", b'{"format": "smallwins-export", "version": 1, "ladders": []}',
     "it is an export, not a backup"),
]


@pytest.mark.parametrize("name,content,words", BAD_BACKUPS)
def test_a_bad_backup_argument_is_bad_input(tmp_path: Path, name: str, content: bytes | None,
                                            words: str) -> None:
    with_history(tmp_path)
    if content is not None:
        (tmp_path / name).write_bytes(content)
    arg = str(tmp_path / name) if content is not None else name
    message = fails(tmp_path, 2, "restore", arg)
    assert words in message, message
    assert not list(backups_dir(tmp_path).glob(f"*{BEFORE_RESTORE}*"))


def test_restoring_the_data_file_itself_or_a_folder_is_refused(tmp_path: Path) -> None:
    with_history(tmp_path)
    assert "the data file itself" in fails(tmp_path, 2, "restore", str(data_file(tmp_path)))
    assert "no backup" in fails(tmp_path, 2, "restore", str(tmp_path))
    assert "required" in fails(tmp_path, 2, "restore")


def test_restore_waits_for_the_lock_even_over_a_corrupt_file(tmp_path: Path) -> None:
    """Another writer holding the lock is never overtaken, on either path."""
    with_history(tmp_path)
    path = data_file(tmp_path)
    path.write_bytes(b"garbage")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
    env.update(SMALLWINS_DATA=str(path), SMALLWINS_CONFIG=str(tmp_path / "config.toml"))
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        proc = subprocess.Popen([str(BIN), "restore", "smallwins-previous.json", "--today",
                                 TODAY], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert proc.poll() is None  # still waiting
        assert path.read_bytes() == b"garbage"
        assert not list(backups_dir(tmp_path).glob(f"*{BEFORE_RESTORE}*"))
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert [x["id"] for x in listed(tmp_path)] == ["read-pages", "breathe-breaths"]


# ------------------------------------------------------------- in process


READ_DOC = {"id": "read", "identity": "I read", "action": "read", "unit": "pages", "start": 1,
            "step": 1, "start_day": "2026-11-01", "marks": {"2026-11-02": 1}}


def test_save_aside_names_never_collide(tmp_path: Path) -> None:
    data = DataFile(tmp_path / "smallwins.json")
    data.transact(lambda docs: docs.update(read=READ_DOC))
    now = datetime(2026, 11, 23, 9, 30, 0).astimezone()
    first = save_aside(data, "before-import", now)
    second = save_aside(data, "before-import", now)
    assert first is not None and second is not None
    assert (first.name, second.name) == ("smallwins-before-import-20261123-093000.json",
                                         "smallwins-before-import-20261123-093000-2.json")
    assert first.read_bytes() == second.read_bytes() == data.path.read_bytes()
    assert first.stat().st_mtime_ns == data.path.stat().st_mtime_ns
    assert set(backup_paths(data)) == {first, second}
    assert {info.ladders for info in list_backups(data)} == {1}
    assert save_aside(DataFile(tmp_path / "missing.json"), "before-import", now) is None


def test_restore_function_reports_what_it_did(tmp_path: Path) -> None:
    data = DataFile(tmp_path / "smallwins.json")
    data.transact(lambda docs: docs.update(read=READ_DOC))
    backup = tmp_path / "keep.json"
    backup.write_bytes(data.path.read_bytes())
    data.path.write_text("{")
    done = Ledger(data).restore(str(backup), datetime.now().astimezone())
    assert (done.backup, done.ladders) == (backup, 1)
    assert done.aside is not None and done.aside.read_text() == "{"
    assert data.read() == {"read": READ_DOC}
