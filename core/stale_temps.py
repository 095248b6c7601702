"""Temp files a crashed writer left beside the data file or its backups, and only those.

Every write goes through a temp file named after the process that makes it
(core/fileio.py); a writer that dies leaves it behind.  Before each
transaction, under the lock, those of processes that are gone are removed.
"""

from __future__ import annotations

import os
import time

from smallwins.core.fileio import temp_owner, unlink_quietly

# `pathlib` costs `smallwins status` more than this whole file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

STALE_TEMP_SECONDS = 600
"""A temp file older than this, of a process that may still run, is left behind by a crash."""


def remove_stale_temps(path: Path, backup_dir: Path) -> None:
    """Remove the temp files of `path` and of its backups that a crashed writer left.

    A temp file names the process that made it: it is stale when that
    process is gone, or when it is older than STALE_TEMP_SECONDS (a pid
    may be reused).  A live writer's temp file is never touched, even if
    that writer no longer holds the lock it should.
    """
    now = time.time()
    for folder in (path.parent, backup_dir):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if ".tmp-" not in entry.name:
                continue
            owner = _temp_owner_any(entry.name, path.name, path.stem)
            if owner is None:
                continue
            try:
                age = now - entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if not _pid_alive(owner) or age > STALE_TEMP_SECONDS:
                unlink_quietly(entry.path)


def _temp_owner_any(entry_name: str, name: str, stem: str) -> int | None:
    """The pid in a temp file of the data file, or of one of its backups, else None."""
    if entry_name.startswith(f".{name}.tmp-"):
        return temp_owner(entry_name, name)
    if entry_name.startswith(f".{stem}-") and ".json.tmp-" in entry_name:
        backup_name = entry_name[1:entry_name.index(".tmp-")]
        return temp_owner(entry_name, backup_name)
    return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive
    return True
