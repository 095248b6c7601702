"""The lock holds when its file is pulled away, and cleanup touches only what is stale.

A lock taken on a file that was then unlinked guards nothing: the next writer
creates a new lock file and both write at once.  Writers check, after taking
the lock, that the locked file is still the one at the path.  Real processes
on a real file, with a thread unlinking the lock every 2 ms.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from smallwins.core.storage import STALE_TEMP_SECONDS, DataFile

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("storage_worker.py")


def test_no_acknowledged_change_is_lost_while_the_lock_file_is_unlinked(tmp_path) -> None:
    data = DataFile(tmp_path / "smallwins.json")
    writers, each = 8, 40
    stop = threading.Event()
    unlinked = [0]

    def pull_the_lock() -> None:
        while not stop.is_set():
            try:
                os.unlink(data.lock_path)
                unlinked[0] += 1
            except FileNotFoundError:
                pass
            time.sleep(0.002)

    puller = threading.Thread(target=pull_the_lock, daemon=True)
    puller.start()
    try:
        children = [subprocess.Popen([sys.executable, str(WORKER), "add-keys", str(data.path),
                                      str(each), f"w{n}"], cwd=ROOT, stderr=subprocess.PIPE)
                    for n in range(writers)]
        for child in children:
            _, err = child.communicate(timeout=120)
            assert child.returncode == 0, err.decode()
    finally:
        stop.set()
        puller.join()
    # Each worker's transactions returned: every one of them is acknowledged.
    keys = data.read()["shared"]["keys"]
    assert set(keys) == {f"w{n}-{i}" for n in range(writers) for i in range(each)}
    assert unlinked[0] > 10  # the lock was really pulled away, again and again
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_cleanup_removes_a_dead_writers_temp_and_never_a_live_ones(tmp_path) -> None:
    data = DataFile(tmp_path / "smallwins.json")
    data.transact(lambda docs: docs.update(a={"id": "a"}))
    folder = data.path.parent
    live = folder / f".{data.path.name}.tmp-{os.getpid()}-0badcafe"
    live.write_bytes(b'{"half written')
    dead_pid = _a_dead_pid()
    dead = folder / f".{data.path.name}.tmp-{dead_pid}-deadbeef"
    dead.write_bytes(b"{")
    old = folder / f".{data.path.name}.tmp-{os.getpid()}-01d01d00"
    old.write_bytes(b"{")
    long_ago = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    data.transact(lambda docs: docs.update(b={"id": "b"}))
    assert live.exists()  # a live writer mid-write: left alone
    assert not dead.exists()  # its process is gone
    assert not old.exists()  # older than any write takes: a pid reused since
    assert set(data.read()) == {"a", "b"}


def _a_dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_where_a_folder_cannot_be_locked_the_sidecar_is_the_lock(tmp_path, monkeypatch) -> None:
    """NFS emulates flock with locks that need a file open for writing: a folder
    opened to read cannot be locked there, and writing must still work."""
    import errno
    import fcntl
    import stat

    real_flock = fcntl.flock
    locked: list[str] = []

    def flock(fd: int, operation: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EBADF, "Bad file descriptor")
        locked.append("sidecar")
        real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    data = DataFile(tmp_path / "smallwins.json")
    data.transact(lambda docs: docs.update(a={"id": "a"}))
    assert set(data.read()) == {"a"} and locked == ["sidecar"]
