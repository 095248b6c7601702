"""The data file on real files: layout, atomicity, locking, corruption, backups."""

from __future__ import annotations

import copy
import errno
import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import orjson
import pytest

from smallwins.core import fileio, tinydb_layer
from smallwins.core.fileformat import SCHEMA_VERSION
from smallwins.core.storage import DataError, DataFile

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("storage_worker.py")

Docs = dict[str, dict[str, Any]]


def ladder(ladder_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": ladder_id, "action": "run", "unit": "m", "marks": {}, **extra}


def add(*docs: dict[str, Any]) -> Callable[[Docs], None]:
    """A transact callback that stores copies of `docs` under their ids."""

    def fn(current: Docs) -> None:
        for doc in docs:
            current[doc["id"]] = copy.deepcopy(doc)

    return fn


def snapshot(current: Docs) -> Docs:
    return copy.deepcopy(current)


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*") if ".tmp-" in p.name)


def run_worker(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(WORKER), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


@pytest.fixture
def data(tmp_path: Path) -> DataFile:
    return DataFile(tmp_path / "smallwins.json")


@pytest.fixture
def restore_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


# -- round trip and layout ---------------------------------------------------------


def test_missing_file_is_no_ladders(data: DataFile) -> None:
    assert data.read() == {}
    assert data.signature() is None
    assert data.backups() == []
    assert not data.path.exists()


def test_round_trip(data: DataFile) -> None:
    run = ladder("run", marks={"2026-01-02": 5, "2026-01-03": "r"})
    read_ = ladder("read", marks={"2026-01-02": {"t": 10, "a": 12, "n": "good"}})
    assert data.transact(add(run, read_)) is None
    assert data.read() == {"run": run, "read": read_}
    assert DataFile(data.path).read() == {"run": run, "read": read_}


def test_file_is_tinydb_layout(data: DataFile) -> None:
    from tinydb import Query, TinyDB
    from tinydb.table import Document

    data.transact(add(ladder("run"), ladder("swim", unit="laps")))
    raw = orjson.loads(data.path.read_bytes())
    assert raw == {
        "_meta": {"1": {"schema": SCHEMA_VERSION}},
        "ladders": {"run": ladder("run"), "swim": ladder("swim", unit="laps")},
    }

    db = TinyDB(data.path, storage=tinydb_layer.AtomicJSONStorage)
    db.table_class = tinydb_layer.LadderTable
    ladders = cast(Any, db.table("ladders"))  # TinyDB's stubs type ids as int
    found = ladders.get(doc_id="swim")
    assert found == ladder("swim", unit="laps")
    assert found.doc_id == "swim"
    assert [d.doc_id for d in ladders.search(Query().unit == "m")] == ["run"]
    assert db.table("_meta").get(doc_id=1) == {"schema": SCHEMA_VERSION}

    ladders.insert(Document(ladder("bike"), doc_id=cast(Any, "bike")))
    with pytest.raises(TypeError):
        ladders.insert({"no": "id"})
    db.close()
    assert set(data.read()) == {"run", "swim", "bike"}


def test_transact_changes_and_returns(data: DataFile) -> None:
    data.transact(add(ladder("a"), ladder("b"), ladder("c")))

    def change(current: Docs) -> str:
        current["a"]["marks"]["2026-02-01"] = 3
        current["b"] = ladder("b", unit="km")
        del current["c"]
        return "done"

    assert data.transact(change) == "done"
    assert data.read() == {
        "a": ladder("a", marks={"2026-02-01": 3}),
        "b": ladder("b", unit="km"),
    }


def test_read_returns_fresh_dicts(data: DataFile) -> None:
    data.transact(add(ladder("a")))
    first = data.read()
    first["a"]["marks"]["2026-01-01"] = 1
    first["zzz"] = {}
    assert data.read() == {"a": ladder("a")}
    assert data.transact(snapshot) == {"a": ladder("a")}


def test_documents_kept_after_transact_cannot_leak_into_the_file(data: DataFile) -> None:
    data.transact(add(ladder("a")))
    kept: Docs = data.transact(lambda current: current)
    kept["a"]["marks"]["1999-01-01"] = 1
    kept["ghost"] = ladder("ghost")
    before = data.path.read_bytes()
    assert data.transact(snapshot) == {"a": ladder("a")}
    assert data.path.read_bytes() == before


def test_other_writers_are_seen(data: DataFile) -> None:
    other = DataFile(data.path)
    data.transact(add(ladder("a")))
    assert other.transact(snapshot) == {"a": ladder("a")}
    before = data.signature()
    other.transact(add(ladder("b")))
    assert data.signature() != before
    assert set(data.transact(snapshot)) == {"a", "b"}
    data.transact(add(ladder("c")))
    assert set(other.transact(snapshot)) == {"a", "b", "c"}


def test_signature_changes_on_every_write(data: DataFile) -> None:
    seen = set()
    for n in range(5):
        data.transact(add(ladder("a", n=n)))
        seen.add(data.signature())
        data.read()
        assert data.signature() in seen
    assert len(seen) == 5


# -- one write per transaction -------------------------------------------------------


@pytest.fixture
def replaces(data: DataFile, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the renames over the data file (the real os.replace still runs)."""
    calls: list[str] = []
    real = os.replace

    def spy(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst) == data.path:
            calls.append(str(src))
        real(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    return calls


def test_one_write_per_transaction(data: DataFile, replaces: list[str]) -> None:
    data.transact(add(*(ladder(f"l{i}") for i in range(10))))
    assert len(replaces) == 1

    def many(current: Docs) -> None:
        for i in range(10):
            current[f"l{i}"]["marks"]["2026-03-01"] = i
        current["new"] = ladder("new")
        del current["l0"]

    inode = data.path.stat().st_ino
    data.transact(many)
    assert len(replaces) == 2
    assert data.path.stat().st_ino != inode
    assert len(data.read()) == 10


def test_no_write_without_change(data: DataFile, replaces: list[str]) -> None:
    data.transact(lambda current: None)
    assert not data.path.exists()
    data.transact(add(ladder("a")))
    before = (data.path.read_bytes(), data.signature())

    def same_again(current: Docs) -> None:
        current["a"] = ladder("a")
        current["a"]["marks"]["x"] = 1
        del current["a"]["marks"]["x"]

    data.transact(same_again)
    data.transact(snapshot)
    assert len(replaces) == 1
    assert (data.path.read_bytes(), data.signature()) == before


def test_failing_fn_writes_nothing(data: DataFile, replaces: list[str]) -> None:
    data.transact(add(ladder("a")))
    before = data.path.read_bytes()

    def fail(current: Docs) -> None:
        current["a"]["marks"]["2026-01-01"] = 1
        current["b"] = ladder("b")
        raise KeyError("nope")

    with pytest.raises(KeyError):
        data.transact(fail)
    assert len(replaces) == 1
    assert data.path.read_bytes() == before
    assert data.transact(snapshot) == {"a": ladder("a")}


@pytest.mark.parametrize(
    "bad",
    [
        {"a": {"when": date(2026, 1, 1)}},
        {"a": ["not", "an", "object"]},
        {5: {"id": 5}},
        {"": {}},
        {"a": {1: "non-string key"}},
    ],
    ids=["date", "list", "int-id", "empty-id", "int-key"],
)
def test_non_json_documents_are_refused(data: DataFile, bad: dict[Any, Any]) -> None:
    data.transact(add(ladder("a")))
    before = data.path.read_bytes()
    with pytest.raises(TypeError):
        data.transact(lambda current: current.update(bad))
    assert data.path.read_bytes() == before
    assert data.transact(snapshot) == {"a": ladder("a")}


def test_nested_transact_is_refused(data: DataFile) -> None:
    with pytest.raises(RuntimeError):
        data.transact(lambda current: data.transact(snapshot))
    data.transact(add(ladder("a")))
    assert data.read() == {"a": ladder("a")}


# -- failures in the middle of a write -------------------------------------------------


def _fail_write(monkeypatch: pytest.MonkeyPatch, data: DataFile) -> None:
    def boom(fd: int, payload: bytes | list[bytes]) -> None:
        whole = b"".join(payload) if isinstance(payload, list) else payload
        os.write(fd, whole[: len(whole) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio, "write_all", boom)


def _fail_fsync(monkeypatch: pytest.MonkeyPatch, data: DataFile) -> None:
    def boom(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", boom)


def _fail_replace(monkeypatch: pytest.MonkeyPatch, data: DataFile) -> None:
    real = os.replace

    def boom(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst) == data.path:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", boom)


@pytest.mark.parametrize(
    "fail", [_fail_write, _fail_fsync, _fail_replace], ids=["write", "fsync", "replace"]
)
def test_failed_write_leaves_old_file(
    data: DataFile, monkeypatch: pytest.MonkeyPatch, fail: Any
) -> None:
    data.transact(add(ladder("a", n=1)))
    data.transact(add(ladder("a", n=2)))
    before = data.path.read_bytes()
    fail(monkeypatch, data)

    def change(current: Docs) -> None:
        current["a"]["n"] = 3
        current["b"] = ladder("b")

    with pytest.raises(DataError) as caught:
        data.transact(change)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"cannot write {data.path}: ")
    assert "nothing was changed" in message
    if fail is _fail_write:
        assert "the disk may be full" in message
    assert data.path.read_bytes() == before
    assert temp_files(data.path.parent) == []

    monkeypatch.undo()
    assert data.read() == {"a": ladder("a", n=2)}
    assert data.transact(snapshot) == {"a": ladder("a", n=2)}
    data.transact(change)
    assert data.read() == {"a": ladder("a", n=3), "b": ladder("b")}
    assert temp_files(data.path.parent) == []
    assert DataFile(data.backups()[0]).read() == {"a": ladder("a", n=2)}


def test_failed_folder_sync_is_reported(data: DataFile, monkeypatch: pytest.MonkeyPatch) -> None:
    data.transact(add(ladder("a", n=1)))
    real = os.fsync

    def boom(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(fd)

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(DataError, match="may not survive a crash"):
        data.transact(add(ladder("a", n=2)))
    monkeypatch.undo()
    assert data.read() == {"a": ladder("a", n=2)}
    data.transact(add(ladder("a", n=3)))
    assert data.read() == {"a": ladder("a", n=3)}


def test_full_disk(data: DataFile) -> None:
    data.transact(add(ladder("small")))
    before = data.path.read_bytes()
    limit = len(before) + 4096
    report = json.loads(run_worker("full-disk", str(data.path), str(limit)).stdout)
    assert report["error"].startswith(f"cannot write {data.path}: ")
    assert "the disk may be full" in report["error"]
    assert "nothing was changed" in report["error"]
    assert "\n" not in report["error"]
    assert report["after"] == {"small": ladder("small")}
    assert data.path.read_bytes() == before
    assert temp_files(data.path.parent) == []


# -- several processes -------------------------------------------------------------------


def test_no_update_lost_between_processes(data: DataFile) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "add-keys", str(data.path), "50", f"p{n}"], cwd=ROOT
        )
        for n in range(4)
    ]
    for child in children:
        assert child.wait(timeout=60) == 0
    keys = data.read()["shared"]["keys"]
    assert len(keys) == 200
    assert keys.keys() == {f"p{n}-{i}" for n in range(4) for i in range(50)}


def test_no_update_lost_between_threads(data: DataFile) -> None:
    def work(tag: str) -> None:
        for i in range(20):

            def add_key(current: Docs, key: str = f"{tag}-{i}") -> None:
                current.setdefault("s", {"keys": {}})["keys"][key] = 1

            data.transact(add_key)

    threads = [threading.Thread(target=work, args=(f"t{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(data.read()["s"]["keys"]) == 60


def test_killed_writer_never_leaves_a_broken_file(data: DataFile) -> None:
    rng = random.Random(20261128)
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, str(WORKER), "loop", str(data.path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.08))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
            if child.stdout is not None:
                child.stdout.close()
        docs = data.read()
        assert len(docs["busy"]["payload"]) == 5_000 + (docs["busy"]["round"] % 7) * 3_000
    data.transact(add(ladder("after")))
    assert set(data.read()) == {"busy", "after"}
    assert temp_files(data.path.parent) == []


# -- unusable files ------------------------------------------------------------------------

META = {"_meta": {"1": {"schema": SCHEMA_VERSION}}}
GOOD = orjson.dumps({**META, "ladders": {"a": ladder("a")}})

CORRUPT = {
    "garbage": (b"\x00\xff\xfegarbage\x13", "not valid JSON at line 1 column"),
    "truncated": (GOOD[: len(GOOD) // 2], "not valid JSON at line 1 column"),
    "empty": (b"", "the file is empty"),
    "blank": (b" \n\t\n", "the file is empty"),
    "array": (b"[1, 2, 3]", "the top level is an array, not an object"),
    "ladders-array": (orjson.dumps({**META, "ladders": [1]}), "ladders is an array"),
    "ladder-number": (orjson.dumps({**META, "ladders": {"a": 3}}), "ladder 'a' is a number"),
    "no-meta": (orjson.dumps({"ladders": {}}), "no _meta table"),
    "tinydb-default": (b'{"_default": {"1": {"x": 1}}}', "no _meta table"),
    "bad-schema": (orjson.dumps({"_meta": {"1": {"schema": "one"}}, "ladders": {}}), "schema"),
    "newer-schema": (
        orjson.dumps({"_meta": {"1": {"schema": SCHEMA_VERSION + 1}}, "ladders": {}}),
        "written by a newer smallwins",
    ),
}


def _assert_unusable(data: DataFile, raw: bytes, expected: str, backup: str) -> None:
    called = []
    for attempt in (data.read, lambda: data.transact(lambda current: called.append(1))):
        with pytest.raises(DataError) as caught:
            attempt()
        message = str(caught.value)
        assert "\n" not in message
        assert message.startswith(f"cannot read {data.path}: ")
        assert expected in message
        assert message.endswith(backup)
        assert caught.value.path == data.path
    assert called == []
    assert data.path.read_bytes() == raw
    assert temp_files(data.path.parent) == []


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_unusable_file_is_never_overwritten(data: DataFile, case: str) -> None:
    raw, expected = CORRUPT[case]
    data.path.write_bytes(raw)
    _assert_unusable(data, raw, expected, "; no backup exists")
    _assert_unusable(DataFile(data.path), raw, expected, "; no backup exists")


def test_unusable_file_names_newest_backup(data: DataFile) -> None:
    data.transact(add(ladder("a", n=1)))
    data.transact(add(ladder("a", n=2)))
    data.transact(snapshot)
    raw = GOOD[:20]
    data.path.write_bytes(raw)
    newest = data.backups()[0]
    _assert_unusable(data, raw, "not valid JSON", f"; newest backup: {newest}")
    assert DataFile(newest).read() == {"a": ladder("a", n=1)}

    data.path.write_bytes(newest.read_bytes())
    data.transact(add(ladder("b")))
    assert set(data.read()) == {"a", "b"}


def test_unreadable_path_is_a_data_error(tmp_path: Path) -> None:
    folder = tmp_path / "smallwins.json"
    folder.mkdir()
    data = DataFile(folder)
    with pytest.raises(DataError, match="cannot read"):
        data.read()
    with pytest.raises(DataError, match="cannot read"):
        data.transact(snapshot)


# -- modes, backups, temp files ---------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("restore_umask")
@pytest.mark.parametrize("mask", [0o022, 0o277, 0o000])
def test_modes(tmp_path: Path, mask: int) -> None:
    data = DataFile(tmp_path / "new" / "deeper" / "smallwins.json")
    os.umask(mask)
    data.transact(add(ladder("a")))
    data.transact(add(ladder("b")))
    os.umask(0o022)
    assert mode(data.path) == 0o600
    assert mode(data.lock_path) == 0o600
    assert mode(data.path.parent) == 0o700
    assert mode(data.path.parent.parent) == 0o700
    assert mode(data.backup_dir) == 0o700
    assert data.backups()
    for backup in data.backups():
        assert mode(backup) == 0o600


def test_existing_file_becomes_private(data: DataFile) -> None:
    data.path.write_bytes(GOOD)
    data.path.chmod(0o644)
    data.transact(add(ladder("b")))
    assert mode(data.path) == 0o600
    assert set(data.read()) == {"a", "b"}


def test_stale_temp_files_are_removed(data: DataFile) -> None:
    data.transact(add(ladder("a")))
    stale = data.path.with_name(f".{data.path.name}.tmp-99999-deadbeef")
    stale.write_bytes(b'{"half')
    stale_backup = data.backup_dir / ".smallwins-previous.json.tmp-99999-deadbeef"
    data.backup_dir.mkdir(exist_ok=True)
    stale_backup.write_bytes(b"{")
    unrelated = data.path.with_name("notes.tmp-1")
    unrelated.write_bytes(b"mine")
    data.transact(snapshot)
    assert temp_files(data.path.parent) == []
    assert unrelated.read_bytes() == b"mine"
    data.transact(add(ladder("b")))
    assert set(data.read()) == {"a", "b"}


class Clock:
    """`now` for DataFile: noon, local time, on `day`."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> float:
        return time.mktime((self.day.year, self.day.month, self.day.day, 12, 0, 0, 0, 0, -1))


def test_backups_rotate_by_day_and_week(data: DataFile) -> None:
    first = date(2026, 1, 1)
    clock = Clock(first)
    data = DataFile(data.path, now=clock)
    for day in range(60):
        clock.day = first + timedelta(days=day)
        data.transact(add(ladder("a", v=f"{day}-1")))
        data.transact(add(ladder("a", v=f"{day}-2")))
    assert clock.day == date(2026, 3, 1)

    daily = [date(2026, 2, 23) + timedelta(days=n) for n in range(7)]
    weekly = [date(2026, 2, 8), date(2026, 2, 15), date(2026, 2, 22)]
    kept = sorted(daily + weekly, reverse=True)
    backups = data.backups()
    assert [p.name for p in backups] == ["smallwins-previous.json"] + [
        f"smallwins-{d.isoformat()}.json" for d in kept
    ]

    def state(path: Path) -> str:
        raw = orjson.loads(path.read_bytes())
        assert raw["_meta"] == {"1": {"schema": SCHEMA_VERSION}}
        return str(raw["ladders"]["a"]["v"])

    assert state(backups[0]) == "59-1"
    for path, kept_day in zip(backups[1:], kept, strict=True):
        assert state(path) == f"{(kept_day - first).days - 1}-2"
    assert state(data.path) == "59-2"


def test_first_day_backup_keeps_the_state_before_that_day(data: DataFile) -> None:
    clock = Clock(date(2026, 5, 4))
    data = DataFile(data.path, now=clock)
    data.transact(add(ladder("a", v=1)))
    assert data.backups() == []
    data.transact(add(ladder("a", v=2)))
    data.transact(add(ladder("a", v=3)))
    names = [p.name for p in data.backups()]
    assert names == ["smallwins-previous.json", "smallwins-2026-05-04.json"]
    assert DataFile(data.backup_dir / names[0]).read()["a"]["v"] == 2
    assert DataFile(data.backup_dir / names[1]).read()["a"]["v"] == 1


def test_backups_are_snapshots_not_shared_files(data: DataFile) -> None:
    data.transact(add(ladder("a", v=1)))
    data.transact(add(ladder("a", v=2)))
    previous = data.backups()[0]
    before = previous.read_bytes()
    data.path.write_bytes(b"edited by hand")
    assert previous.read_bytes() == before


def test_backups_copy_when_links_fail(data: DataFile, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(src: Any, dst: Any, **kwargs: Any) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "link", no_link)
    data.transact(add(ladder("a", v=1)))
    data.transact(add(ladder("a", v=2)))
    backups = data.backups()
    assert len(backups) == 2
    for backup in backups:
        assert DataFile(backup).read() == {"a": ladder("a", v=1)}
        assert mode(backup) == 0o600
        assert backup.stat().st_ino != data.path.stat().st_ino


# -- cheap reads --------------------------------------------------------------------------------


def test_read_does_not_import_tinydb(data: DataFile) -> None:
    data.transact(add(ladder("a")))
    loaded = json.loads(run_worker("read-imports", str(data.path)).stdout)
    assert loaded == []
