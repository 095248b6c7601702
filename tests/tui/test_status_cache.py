"""A check-off in the app keeps the status line's cache fresh, and its own write
is not mistaken for another process's."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from smallwins.core import status
from smallwins.core.config import Config
from smallwins.core.ledger import Ledger
from smallwins.core.model import Win, ladder_from_doc
from smallwins.core.storage import DataFile
from smallwins.tui.store import Store
from tests.tui.data import TODAY

BIN = Path(sys.executable).parent / "smallwins"


def make_store(path: Path, config_path: Path) -> Store:
    return Store(Ledger(path), lambda: TODAY, Config(path=config_path))


def test_own_write_is_seen_and_refreshes_the_status_cache(data_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    store = make_store(data_path, config)
    first = store.states[next(iter(store.states))]
    assert not first.done_today
    outcome = store.toggle_win(first.id)
    assert outcome.ok, outcome.message
    # The poll has nothing to read back: the store knows its own write.
    assert store.check_signature() is False
    cached = status.cached(str(data_path), str(config), TODAY.isoformat(), "json")
    assert cached is not None
    done = sum(1 for s in store.states.values() if s.done_today and s.scheduled_today)
    assert f'"done":{done}' in cached
    # And the real command answers from it, agreeing with a full recompute.
    env = {**os.environ, "SMALLWINS_DATA": str(data_path), "SMALLWINS_CONFIG": str(config),
           "SMALLWINS_TODAY": TODAY.isoformat()}
    line = subprocess.run([str(BIN), "status", "--format", "json"], capture_output=True,
                          text=True, env=env).stdout.strip()
    (data_path.parent / f"{data_path.name}.status").unlink()
    recomputed = status.answer(str(data_path), str(config), TODAY.isoformat(), "json")
    assert line == recomputed


def test_another_writer_in_between_is_not_hidden(data_path: Path, tmp_path: Path) -> None:
    store = make_store(data_path, tmp_path / "config.toml")
    ids = list(store.states)
    # Another process checks off the second ladder...
    other = DataFile(data_path)

    def check_off(docs: dict) -> None:
        ladder = ladder_from_doc(docs[ids[1]])
        docs[ids[1]]["marks"][TODAY.isoformat()] = ladder.start

    other.transact(check_off)
    # ...then this app checks off the first: the poll must still see the other change.
    assert store.toggle_win(ids[0]).ok
    assert store.check_signature() is not False
    assert store.refresh_if_changed()
    assert isinstance(store.ladders[ids[1]].marks.get(TODAY), Win)


def test_a_cache_torn_by_a_crash_is_refused_and_recomputed(data_path: Path,
                                                          tmp_path: Path) -> None:
    """The cache is written over in place without an fsync: after a power cut, or
    to a reader in the middle, it may be cut short, or hold zeros or other bytes
    where its lines were.  What each reader uses of it is then refused (and
    recomputed), never answered from, however it was torn."""
    config = tmp_path / "config.toml"
    store = make_store(data_path, config)
    assert store.toggle_win(next(iter(store.states))).ok
    cache = data_path.parent / f"{data_path.name}.status"
    whole = cache.read_bytes()
    day = TODAY.isoformat()
    fresh = {fmt: status.cached(str(data_path), str(config), day, fmt) for fmt in status.FORMATS}
    assert fresh["json"] == status.answer(str(data_path), str(config), day, "json")
    cache.write_bytes(whole)
    signature = status.signature_text(str(data_path))
    tomorrow = TODAY + timedelta(days=1)

    def resumes() -> bool:
        return status.resumed(status.intact(str(data_path)), str(config), Config(path=config),
                              tomorrow, signature) is not None

    assert resumes()
    # The fast path's lines end with their own check: the bytes it vouches for.
    head = len(b"".join(whole.split(b"\n", status.LINES + 1)[:status.LINES + 1])) \
        + status.LINES + 1

    def torn_versions() -> list[bytes]:
        found = [whole[:cut] for cut in range(len(whole))]  # cut short anywhere
        for at in range(0, len(whole), 7):
            found.append(whole[:at] + b"\0" * (len(whole) - at))  # zeros where it ends
            found.append(whole[:at] + bytes([whole[at] ^ 0x20]) + whole[at + 1:])  # one byte
        sector = 512  # a sector of the new cache never written, the rest in place
        for start in range(0, len(whole), sector):
            found.append(whole[:start] + b"\0" * len(whole[start:start + sector])
                         + whole[start + sector:])
        return found

    for torn in torn_versions():
        cache.write_bytes(torn)
        assert not resumes(), torn
        for fmt in status.FORMATS:
            line = status.cached(str(data_path), str(config), day, fmt)
            if torn[:head] != whole[:head]:
                assert line is None, torn
            else:  # what it answers from came through whole
                assert line == fresh[fmt], torn
    # Recomputed, the line is the same as before the crash.
    cache.unlink()
    assert status.answer(str(data_path), str(config), day, "json") == fresh["json"]


def test_the_app_writes_the_cache_after_the_repaint_and_before_it_closes(
        data_path: Path, tmp_path: Path) -> None:
    """Put off (the app: until the screens are repainted), the write still comes:
    when its turn comes, or when the app closes first."""
    config = tmp_path / "config.toml"
    store = make_store(data_path, config)
    waiting: list[object] = []
    store.defer_status = waiting.append
    first = next(iter(store.states))
    assert store.toggle_win(first).ok
    assert store.toggle_win(first).ok
    assert status.cached(str(data_path), str(config), TODAY.isoformat(), "json") is None
    assert len(waiting) == 1  # two changes, one write waiting
    store.flush_status()
    fresh = status.cached(str(data_path), str(config), TODAY.isoformat(), "json")
    assert fresh is not None
    before = (data_path.parent / f"{data_path.name}.status").read_bytes()
    store.flush_status()  # nothing waiting: nothing written
    assert (data_path.parent / f"{data_path.name}.status").read_bytes() == before
    assert store.toggle_win(first).ok
    assert len(waiting) == 2


async def test_a_check_off_in_the_app_leaves_the_cache_fresh(data_path: Path,
                                                             tmp_path: Path) -> None:
    from smallwins.tui.app import STATUS_AFTER_SECONDS
    from tests.tui.data import make_app

    config = tmp_path / "config.toml"
    app = make_app(data_path, config_path=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause(STATUS_AFTER_SECONDS + 0.2)
        line = status.cached(str(data_path), str(config), TODAY.isoformat(), "json")
        assert line is not None
        assert app.store.states[app.selected_id or ""].done_today
        (data_path.parent / f"{data_path.name}.status").unlink()
        assert line == status.answer(str(data_path), str(config), TODAY.isoformat(), "json")
