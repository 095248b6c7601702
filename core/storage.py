"""The data file on disk: read without a lock, changed in locked, atomic transactions.

Every change goes through `DataFile.transact`: take an exclusive lock on a
sidecar file, re-read the data file if another process replaced it, apply the
change, write the whole file once (temp file, fsync, rename, fsync folder),
release.  Readers never lock: a rename is atomic, so they see the old file or
the new one, never a mix.  Only the use-case layer (core/ledger.py) calls
`transact`; everything else reads and changes ladders through it.

`read` parses the JSON as orjson does (core/jsonread.py) so that a cheap
command (the status bar) does not pay for importing TinyDB; TinyDB writes (core/tinydb_layer.py).
"""

from __future__ import annotations

import _thread  # threading.Lock without importing threading
import errno
import os
import stat
import time
from datetime import UTC, datetime

from smallwins.core.documents import Documents, Signature, Snapshot
from smallwins.core.errors import DataError
from smallwins.core.fileformat import (
    LADDERS_TABLE,
    META_TABLE,
    SCHEMA_VERSION,
    Stored,
    UnusableFile,
    dump,
    empty_tables,
    parse_tables,
    split_ladders,
)
from smallwins.core.fileio import (
    DIR_MODE,
    NotDurable,
    make_private_dirs,
    replace_file,
)
from smallwins.core.paths import absolute_text, default_data_path
from smallwins.core.stale_temps import STALE_TEMP_SECONDS as STALE_TEMP_SECONDS
from smallwins.core.stale_temps import remove_stale_temps

# `typing`, `pathlib` and `contextlib` cost `smallwins status` more than this file:
# annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from contextlib import AbstractContextManager
    from pathlib import Path
    from typing import Any, TypeVar

    T = TypeVar("T")

__all__ = ["DataError", "DataFile", "Signature"]

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _stat_signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class DataFile:
    """One smallwins data file, its lock file and its backups."""

    def __init__(self, path: str | os.PathLike[str], now: Callable[[], float] = time.time) -> None:
        given = absolute_text(path)
        try:
            linked = os.path.islink(given)
        except OSError:  # a name too long, say: every use of it will say so in one line
            linked = False
        self._where: str = os.path.realpath(given) if linked else given
        """The file, as `str(self.path)`: reading it needs no `pathlib`."""
        self._path: Path | None = None
        self._now = now
        self._snapshot: Snapshot | None = None
        self.last_written: Signature | None = None
        """The signature of the file as this object last wrote it (taken under the lock)."""
        self._mutex = _thread.allocate_lock()
        self._owner: int | None = None
        self.notices: list[str] = []
        """Things worth one line to the person (a folder open to others), said once."""

    @property
    def path(self) -> Path:
        """The data file, absolute (through a symbolic link, the file it points to)."""
        if self._path is None:
            from pathlib import Path

            self._path = Path(self._where)
        return self._path

    @property
    def lock_path(self) -> Path:
        """The sidecar file a writer locks."""
        from pathlib import Path

        return Path(f"{self.path}.lock")

    @property
    def backup_dir(self) -> Path:
        """The folder of the rotating backups, beside the file."""
        return self.path.parent / "backups"

    def __repr__(self) -> str:
        return f"DataFile({self._where!r})"

    # -- reading

    def signature(self) -> Signature | None:
        """Cheap change token; every write renames a new inode into place."""
        try:
            return _stat_signature(os.stat(self._where))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise self._error(f"cannot read {self.path}: {exc.strerror}") from None

    def _read_bytes(self, cache_ok: bool) -> tuple[bytes, Signature] | None:
        """The file's bytes and signature, or None when it does not exist.

        Opened without blocking and checked to be a regular file first: a FIFO
        or a device where the data file should be is refused, never read (a
        read would hang, or never end).  With `cache_ok`, a file that is still
        the one in the transaction's cache comes back as empty bytes, unread.
        """
        try:
            fd = os.open(self._where, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._error(f"cannot read {self.path}: {exc.strerror}") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise self._error(f"cannot read {self.path}: it is not a regular file; "
                                  "point --data at a smallwins data file")
            signature = _stat_signature(st)
            cached = self._snapshot
            if cache_ok and cached is not None and cached.signature == signature:
                return b"", signature
            with open(fd, "rb", closefd=False) as stream:
                return stream.read(), signature
        except OSError as exc:
            raise self._error(f"cannot read {self.path}: {exc.strerror}") from None
        finally:
            os.close(fd)

    def read(self) -> dict[str, dict[str, Any]]:
        """All ladder documents {id: doc} as fresh dicts; {} if the file is missing.

        No lock is taken: writers rename whole files into place, so this sees
        either the old file or the new one.  DataError if the file is unusable.
        """
        found = self._read_bytes(cache_ok=False)
        if found is None:
            return {}
        try:
            docs: dict[str, dict[str, Any]] = parse_tables(found[0])[LADDERS_TABLE]
        except UnusableFile as exc:
            raise self._error(f"cannot read {self.path}: {exc.args[0]}") from None
        return docs

    def read_snapshot(self, whole: bool = False) -> tuple[Snapshot, bool] | None:
        """The file as one blob per ladder document, and whether the blobs are still
        to be checked; None if the file is missing.

        Unless `whole`, a file laid out the way smallwins writes it is cut in
        documents without parsing it (`split_ladders`): the caller parses each
        blob, and one that is not a JSON object means it must ask again with
        `whole`.  Read whole, the file is parsed and checked here (DataError if
        it is unusable) and each blob is its document's JSON.
        """
        found = self._read_bytes(cache_ok=False)
        if found is None:
            return None
        raw, signature = found
        split = None if whole else split_ladders(raw)
        if split is not None:
            return Snapshot(signature, split[0], split[1]), True
        try:
            tables = parse_tables(raw)
        except UnusableFile as exc:
            raise self._error(f"cannot read {self.path}: {exc.args[0]}") from None
        docs = tables.pop(LADDERS_TABLE)
        return Snapshot(signature, tables, {key: dump(doc) for key, doc in docs.items()}), False

    def keep(self, snapshot: Snapshot) -> None:
        """Remember `snapshot`, every blob of it checked, for the next transaction: while
        the file is still that one, a change parses only the document it changes."""
        if self._mutex.acquire(blocking=False):  # never while a transaction runs
            try:
                self._snapshot = snapshot
            finally:
                self._mutex.release()

    def backups(self) -> list[Path]:
        """Rotating backup files, newest first: the previous state, then by day."""
        from smallwins.core.rotation import rotating_backups  # not on a read's way

        return rotating_backups(self.path, self.backup_dir)

    # -- writing

    def transact(self, fn: Callable[[dict[str, dict[str, Any]]], T]) -> T:
        """Run `fn` on the current documents and save what it changed, atomically.

        `fn` mutates the dict in place and its return value is passed through.
        If `fn` raises, nothing is written.  The file is written once, only if
        the documents changed, and is on disk when this returns.
        """
        if self._owner == _thread.get_ident():
            raise RuntimeError("DataFile.transact cannot be nested")
        with self._mutex:
            self._owner = _thread.get_ident()
            try:
                with self.locked():
                    return self._transact_locked(fn)
            finally:
                self._owner = None

    def _transact_locked(self, fn: Callable[[dict[str, dict[str, Any]]], T]) -> T:
        remove_stale_temps(self.path, self.backup_dir)
        current = self._load_current()
        docs = Documents(current.blobs if current else {})
        result = fn(docs)  # type: ignore[arg-type]  # a MutableMapping that parses lazily
        blobs = docs.blobs()
        if blobs != (current.blobs if current else {}):
            self._write(current, blobs)
        return result

    def locked(self) -> AbstractContextManager[None]:
        """Hold the write lock; the kernel drops it if the process dies.

        The lock is flock(LOCK_EX) on the data file's folder, which cannot be
        unlinked while it holds the file: a sidecar lock file can be, by a
        person or a cleanup script, and a lock on an unlinked file guards
        nothing (the next writer locks a new file at the path while the first
        still writes).  The sidecar `<data>.lock` is locked too, inside, for
        an older smallwins that locks only that.  Each lock, once taken, must
        still be the one at its path, or it is taken again.  The lock file is
        never a link.
        """
        from contextlib import contextmanager  # writes only: contextlib costs a read

        return contextmanager(self._locked)()

    def _locked(self) -> Iterator[None]:
        try:
            make_private_dirs(self.path.parent)
        except OSError as exc:
            raise self._error(f"cannot lock {self.lock_path}: {exc.strerror}") from None
        self._tighten_own_folder()
        from smallwins.core.filelock import locked_folder, locked_sidecar  # writes only

        with locked_folder(self.path.parent, self._error), \
                locked_sidecar(self.lock_path, self._error):
            yield

    def _open_folder_mode(self) -> str | None:
        """The data folder's mode when others may enter or read it and it is ours."""
        try:
            st = os.stat(self.path.parent)
        except OSError:
            return None
        if not st.st_mode & 0o077 or st.st_uid != os.getuid():
            return None
        return oct(stat.S_IMODE(st.st_mode))[2:]

    def _tighten_own_folder(self) -> None:
        """The platform data folder (`~/.local/share/smallwins`) belongs to smallwins:
        made private (0700) before a write, whoever made it open, and said once.

        The data file and its backups are 0600 wherever they are, but a folder
        others can read still shows their names.
        """
        folder = self.path.parent
        if str(folder) != os.path.dirname(default_data_path()):
            return
        mode = self._open_folder_mode()
        if mode is None:
            return
        try:
            os.chmod(folder, DIR_MODE)
        except OSError:
            return
        self.notices.append(f"{folder} was open to others (mode {mode}); it is now "
                            "private (700), as smallwins keeps its own folder")

    def _warn_open_folder(self) -> None:
        """A data file made in a folder given with --data that others can read: that
        folder may be shared on purpose, so it is left as it is and said once."""
        folder = self.path.parent
        mode = self._open_folder_mode()
        if mode is not None and str(folder) != os.path.dirname(default_data_path()):
            self.notices.append(f"{folder} is open to others (mode {mode}): the data file "
                                f"is private, but its name and its backups' show; "
                                f"`chmod 700 {folder}` hides them")

    def _load_current(self) -> Snapshot | None:
        """The file as it is now (cached unless replaced), or None if missing."""
        found = self._read_bytes(cache_ok=True)
        if found is None:
            self._snapshot = None
            return None
        raw, signature = found
        cached = self._snapshot
        if cached is not None and cached.signature == signature:
            return cached
        self._snapshot = None
        try:
            tables = parse_tables(raw)
        except UnusableFile as exc:
            raise self._error(f"cannot read {self.path}: {exc.args[0]}") from None
        docs = tables.pop(LADDERS_TABLE)
        snapshot = Snapshot(signature, tables, {key: dump(doc) for key, doc in docs.items()})
        self._snapshot = snapshot
        return snapshot

    def _write(self, current: Snapshot | None, blobs: dict[str, bytes]) -> None:
        """Write all tables once through TinyDB; on failure forget the cache."""
        from smallwins.core.tinydb_layer import AtomicJSONStorage, LadderTable

        base = dict(current.tables) if current else empty_tables()
        meta = base.get(META_TABLE)
        record = meta.get("1") if isinstance(meta, dict) else None
        # Keep whatever else the meta record holds; the schema is ours to say.
        base[META_TABLE] = {**(meta if isinstance(meta, dict) else {}),
                            "1": {**(record if isinstance(record, dict) else {}),
                                  "schema": SCHEMA_VERSION}}
        storage = AtomicJSONStorage(
            self.path, tables=base, before_replace=self._backup if current is not None else None,
        )
        table = LadderTable(storage, LADDERS_TABLE, cache_size=0)
        # Each document was just serialized to detect the change; hand TinyDB
        # those bytes so the file is not serialized a second time.
        stored = {key: Stored(blob) for key, blob in blobs.items()}
        self._snapshot = None
        try:
            table.replace_all(stored)
        except NotDurable as exc:
            raise self._error(
                f"wrote {self.path} but could not sync its folder ({exc.strerror}); "
                "the change may not survive a crash"
            ) from None
        except OSError as exc:
            hint = "the disk may be full; " if exc.errno in _DISK_FULL else ""
            raise self._error(
                f"cannot write {self.path}: {exc.strerror}; {hint}nothing was changed"
            ) from None
        if current is None:
            self._warn_open_folder()
        try:
            signature = _stat_signature(os.stat(self.path))
        except OSError:
            return
        self._snapshot = Snapshot(signature, {k: v for k, v in base.items()
                                               if k != LADDERS_TABLE}, blobs)
        self.last_written = signature

    def overwrite_unusable(self, payload: bytes, before: Callable[[], T]) -> T:
        """Replace a data file that `transact` refuses to read, under the same lock.

        `before` runs first, with the lock held (it copies the unreadable bytes
        aside); then `payload`, which the caller has checked like a read would,
        is written atomically.  Only a restore needs this.
        """
        with self.locked():
            result = before()
            self._snapshot = None
            try:
                replace_file(self.path, payload)
            except NotDurable as exc:
                raise self._error(f"wrote {self.path} but could not sync its folder "
                                  f"({exc.strerror}); the change may not survive a crash"
                                  ) from None
            except OSError as exc:
                raise self._error(f"cannot write {self.path}: {exc.strerror}; "
                                  "nothing was changed") from None
            self.last_written = self.signature()
            return result

    def _backup(self) -> None:
        from smallwins.core.rotation import back_up

        today = datetime.fromtimestamp(self._now(), UTC).astimezone().date()
        back_up(self.path, self.backup_dir, today)

    def _error(self, message: str) -> DataError:
        backups = self.backups()
        return DataError(message, self.path, backups[0] if backups else None)
