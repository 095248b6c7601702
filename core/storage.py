"""The data file: TinyDB's JSON layout, written atomically under a lock.

The file is one TinyDB database with two tables::

    {"_meta": {"1": {"schema": 1}}, "ladders": {"<ladder-id>": {...}, ...}}

Every change goes through `DataFile.transact`: take an exclusive lock on a
sidecar file, re-read the data file if another process replaced it, apply the
change, write the whole file once (temp file, fsync, rename, fsync folder),
release.  Readers never lock: a rename is atomic, so they see the old file or
the new one, never a mix.

`read` parses the JSON with orjson directly so that a cheap command (the
status bar) does not pay for importing TinyDB; TinyDB is imported only on
the write path.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import orjson

from smallwins.core.errors import DataError

__all__ = ["SCHEMA_VERSION", "DataError", "DataFile", "Signature"]

SCHEMA_VERSION = 1

META_TABLE = "_meta"
LADDERS_TABLE = "ladders"

FILE_MODE = 0o600
DIR_MODE = 0o700

DAILY_BACKUPS = 7
WEEKLY_BACKUPS = 4

# Documents are plain JSON: refuse dates and dataclasses instead of letting
# orjson turn them into strings that would not read back as the same value.
_DUMP_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}

T = TypeVar("T")
Tables = dict[str, Any]
Signature = tuple[int, int, int, int]


class NotDurable(OSError):
    """The new file is in place but its folder could not be synced to disk."""


class UnusableFile(Exception):
    """The file's content is not a smallwins data file (reason in args[0])."""


# -- parsing -------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null"


def _loads(raw: bytes) -> Any:
    """orjson.loads with the cyclic GC paused.

    A large file allocates a few hundred thousand containers; collections
    triggered in the middle of that scan the whole heap (large in the app)
    and can add more than half again to the parse time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(raw)
    finally:
        if enabled:
            gc.enable()


def parse_tables(raw: bytes) -> Tables:
    """Parse and check the file's bytes; raise UnusableFile saying what is wrong."""
    if not raw.strip():
        raise UnusableFile("the file is empty")
    try:
        tables = _loads(raw)
    except orjson.JSONDecodeError as exc:
        raise UnusableFile(
            f"not valid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})"
        ) from None
    if not isinstance(tables, dict):
        raise UnusableFile(f"the top level is {_json_type(tables)}, not an object")
    meta = tables.get(META_TABLE)
    if meta is None:
        raise UnusableFile(f"no {META_TABLE} table: not a smallwins data file")
    record = meta.get("1") if isinstance(meta, dict) else None
    schema = record.get("schema") if isinstance(record, dict) else None
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise UnusableFile(f"no valid schema version in {META_TABLE}")
    if schema > SCHEMA_VERSION:
        raise UnusableFile(
            f"written by a newer smallwins (data schema {schema}, "
            f"this version reads up to {SCHEMA_VERSION})"
        )
    ladders = tables.setdefault(LADDERS_TABLE, {})
    if not isinstance(ladders, dict):
        raise UnusableFile(f"{LADDERS_TABLE} is {_json_type(ladders)}, not an object")
    for ladder_id, doc in ladders.items():
        if not isinstance(doc, dict):
            raise UnusableFile(f"ladder {ladder_id!r} is {_json_type(doc)}, not an object")
    return tables


def _empty_tables() -> Tables:
    return {META_TABLE: {"1": {"schema": SCHEMA_VERSION}}, LADDERS_TABLE: {}}


def _dump(value: Any) -> bytes:
    return orjson.dumps(value, option=_DUMP_OPTIONS)


def _stat_signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


# -- writing -------------------------------------------------------------------


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


def _temp_name(path: Path) -> Path:
    return path.with_name(f"{_temp_prefix(path)}{os.getpid()}-{os.urandom(4).hex()}")


def _unlink_quietly(path: str | os.PathLike[str]) -> None:
    with suppress(OSError):
        os.unlink(path)


def _write_all(fd: int, payload: bytes) -> None:
    """Write every byte (os.write may write less than asked)."""
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    path: Path, payload: bytes, before_replace: Callable[[], None] | None = None
) -> None:
    """Replace `path` with `payload` so a crash leaves the old or the new file.

    On an error before the rename the temp file is removed and `path` is
    untouched; the OSError propagates.  NotDurable means the rename happened
    but may not survive a crash.
    """
    temp = _temp_name(path)
    try:
        write_new_private(temp, payload)
        if before_replace is not None:
            before_replace()
        os.replace(temp, path)
    except BaseException:
        _unlink_quietly(temp)
        raise
    try:
        _fsync_dir(path.parent)
    except OSError as exc:
        if exc.errno != errno.EINVAL:
            raise NotDurable(exc.errno, exc.strerror) from exc


def write_new_private(path: Path, payload: bytes) -> None:
    """Create `path` (it must not exist) as 0600, write `payload` and fsync it.

    The file is removed again if anything fails after it was created.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _unlink_quietly(path)
        raise


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and missing parents as 0700; leave existing ones alone."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for item in reversed(missing):
        try:
            item.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(item, DIR_MODE)


# -- the TinyDB layer (imported only when writing) -----------------------------


class _TinyDBLayer(NamedTuple):
    storage: type
    table: type


_layer: _TinyDBLayer | None = None


def _tinydb() -> _TinyDBLayer:
    """Define the TinyDB subclasses on first use, so reading never imports TinyDB."""
    global _layer
    if _layer is not None:
        return _layer

    from tinydb.storages import Storage
    from tinydb.table import Table

    class AtomicJSONStorage(Storage):
        """TinyDB storage that writes with `atomic_write`, never in place.

        `tables` seeds read() with state the caller already parsed and checked
        (the transaction's), so TinyDB does not parse the file again.  Locking
        is the caller's job (DataFile.transact).
        """

        def __init__(
            self,
            path: str | os.PathLike[str],
            *,
            tables: Tables | None = None,
            before_replace: Callable[[], None] | None = None,
        ) -> None:
            self.path = Path(path)
            self._tables = tables
            self._before_replace = before_replace

        def read(self) -> Tables | None:
            if self._tables is not None:
                return dict(self._tables)
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            try:
                return parse_tables(raw)
            except UnusableFile as exc:
                raise DataError(
                    f"cannot read {self.path}: {exc.args[0]}", self.path, None
                ) from None

        def write(self, data: Tables) -> None:
            atomic_write(self.path, _dump(data), self._before_replace)
            self._tables = data

    class LadderTable(Table):
        """Documents addressed by the ladder's own string id, not a counter."""

        document_id_class = str  # type: ignore[assignment]  # TinyDB types ids as int

        def _get_next_id(self) -> str:
            raise TypeError("a ladder document needs its own id (insert a Document)")

        def replace_all(self, docs: Mapping[str, Any]) -> None:
            """Make the table hold exactly `docs`, with one storage write."""

            def update(table: dict[Any, Any]) -> None:
                table.clear()
                table.update(docs)

            self._update_table(update)

    _layer = _TinyDBLayer(AtomicJSONStorage, LadderTable)
    return _layer


def __getattr__(name: str) -> Any:
    """`AtomicJSONStorage` and `LadderTable`, importing TinyDB on first access."""
    if name == "AtomicJSONStorage":
        return _tinydb().storage
    if name == "LadderTable":
        return _tinydb().table
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- the data file ---------------------------------------------------------------


@dataclass
class _Snapshot:
    """The file as of `signature`: its other tables, and each ladder as bytes.

    Only the bytes are kept, never the parsed documents: a transaction parses
    just the documents it reads, and writes the others back as they were.
    """

    signature: Signature
    tables: Tables  # every table but the ladders
    blobs: dict[str, bytes] = field(default_factory=dict)


class _Docs(MutableMapping[str, dict[str, Any]]):
    """The documents a transaction sees, each parsed from its bytes when first read.

    Every document handed out is a fresh copy, so no caller can change the
    cache in place; the ones never read need neither parsing nor serializing.
    """

    def __init__(self, blobs: Mapping[str, bytes]) -> None:
        self._blobs = blobs
        self._keys: dict[str, None] = dict.fromkeys(blobs)
        self._opened: dict[str, Any] = {}

    def __getitem__(self, key: str) -> dict[str, Any]:
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._opened:
            self._opened[key] = orjson.loads(self._blobs[key])
        value: dict[str, Any] = self._opened[key]
        return value

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self._keys[key] = None
        self._opened[key] = value

    def __delitem__(self, key: str) -> None:
        del self._keys[key]
        self._opened.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._keys))

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def blobs(self) -> dict[str, bytes]:
        """Each document's JSON: the old bytes for those never read, new ones for the rest."""
        out: dict[str, bytes] = {}
        for ladder_id in self._keys:
            if ladder_id in self._opened:
                out[ladder_id] = _serialize_one(ladder_id, self._opened[ladder_id])
            else:
                out[ladder_id] = self._blobs[ladder_id]
        return out


def _serialize_one(ladder_id: Any, doc: Any) -> bytes:
    """One document's JSON; TypeError for anything that is not a JSON object."""
    if not isinstance(ladder_id, str) or not ladder_id:
        raise TypeError(f"a ladder id must be a non-empty string, not {ladder_id!r}")
    if not isinstance(doc, dict):
        raise TypeError(f"ladder {ladder_id!r} must be a dict, not {type(doc).__name__}")
    return _dump(doc)


class DataFile:
    """One smallwins data file, its lock file and its backups."""

    def __init__(self, path: str | os.PathLike[str], now: Callable[[], float] = time.time) -> None:
        given = Path(path).expanduser().absolute()
        self.path: Path = Path(os.path.realpath(given)) if given.is_symlink() else given
        self.lock_path: Path = Path(f"{self.path}.lock")
        self.backup_dir: Path = self.path.parent / "backups"
        self._now = now
        self._snapshot: _Snapshot | None = None
        self.last_written: Signature | None = None
        """The signature of the file as this object last wrote it (taken under the lock)."""
        self._mutex = threading.Lock()
        self._owner: int | None = None
        self._backup_re = re.compile(
            rf"{re.escape(self.path.stem)}-(previous|\d{{4}}-\d{{2}}-\d{{2}})\.json"
        )

    def __repr__(self) -> str:
        return f"DataFile({str(self.path)!r})"

    # -- reading

    def signature(self) -> Signature | None:
        """Cheap change token; every write renames a new inode into place."""
        try:
            return _stat_signature(os.stat(self.path))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise self._error(f"cannot read {self.path}: {exc.strerror}") from None

    def read(self) -> dict[str, dict[str, Any]]:
        """All ladder documents {id: doc} as fresh dicts; {} if the file is missing.

        No lock is taken: writers rename whole files into place, so this sees
        either the old file or the new one.  DataError if the file is unusable.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise self._error(f"cannot read {self.path}: {exc.strerror}") from None
        try:
            docs: dict[str, dict[str, Any]] = parse_tables(raw)[LADDERS_TABLE]
        except UnusableFile as exc:
            raise self._error(f"cannot read {self.path}: {exc.args[0]}") from None
        return docs

    def backups(self) -> list[Path]:
        """Backup files, newest first: the previous state, then by day."""
        try:
            names = [e.name for e in os.scandir(self.backup_dir) if e.is_file()]
        except OSError:
            return []
        previous: list[Path] = []
        dated: list[str] = []
        for name in names:
            match = self._backup_re.fullmatch(name)
            if match is None:
                continue
            if match.group(1) == "previous":
                previous.append(self.backup_dir / name)
            else:
                dated.append(name)
        return previous + [self.backup_dir / name for name in sorted(dated, reverse=True)]

    # -- writing

    def transact(self, fn: Callable[[dict[str, dict[str, Any]]], T]) -> T:
        """Run `fn` on the current documents and save what it changed, atomically.

        `fn` mutates the dict in place and its return value is passed through.
        If `fn` raises, nothing is written.  The file is written once, only if
        the documents changed, and is on disk when this returns.
        """
        if self._owner == threading.get_ident():
            raise RuntimeError("DataFile.transact cannot be nested")
        with self._mutex:
            self._owner = threading.get_ident()
            try:
                with self.locked():
                    return self._transact_locked(fn)
            finally:
                self._owner = None

    def _transact_locked(self, fn: Callable[[dict[str, dict[str, Any]]], T]) -> T:
        self._remove_stale_temps()
        current = self._load_current()
        docs = _Docs(current.blobs if current else {})
        result = fn(docs)  # type: ignore[arg-type]  # a MutableMapping that parses lazily
        blobs = docs.blobs()
        if blobs != (current.blobs if current else {}):
            self._write(current, blobs)
        return result

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold flock(LOCK_EX) on the sidecar; the kernel drops it if we die."""
        try:
            make_private_dirs(self.path.parent)
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        except OSError as exc:
            raise self._error(f"cannot lock {self.lock_path}: {exc.strerror}") from None
        try:
            st = os.fstat(fd)
            if st.st_mode & 0o777 != FILE_MODE and st.st_uid == os.getuid():
                os.fchmod(fd, FILE_MODE)
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _load_current(self) -> _Snapshot | None:
        """The file as it is now (cached unless replaced), or None if missing."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            self._snapshot = None
            return None
        except OSError as exc:
            raise self._error(f"cannot read {self.path}: {exc.strerror}") from None
        try:
            signature = _stat_signature(os.fstat(fd))
            cached = self._snapshot
            if cached is not None and cached.signature == signature:
                return cached
            self._snapshot = None
            with open(fd, "rb", closefd=False) as stream:
                raw = stream.read()
        except OSError as exc:
            raise self._error(f"cannot read {self.path}: {exc.strerror}") from None
        finally:
            os.close(fd)
        try:
            tables = parse_tables(raw)
        except UnusableFile as exc:
            raise self._error(f"cannot read {self.path}: {exc.args[0]}") from None
        docs = tables.pop(LADDERS_TABLE)
        snapshot = _Snapshot(signature, tables, {key: _dump(doc) for key, doc in docs.items()})
        self._snapshot = snapshot
        return snapshot

    def _write(
        self,
        current: _Snapshot | None,
        blobs: dict[str, bytes],
    ) -> None:
        """Write all tables once through TinyDB; on failure forget the cache."""
        layer = _tinydb()
        base = dict(current.tables) if current else _empty_tables()
        base[META_TABLE] = {"1": {"schema": SCHEMA_VERSION}}
        storage = layer.storage(
            self.path,
            tables=base,
            before_replace=self._backup if current is not None else None,
        )
        table = layer.table(storage, LADDERS_TABLE, cache_size=0)
        # Each document was just serialized to detect the change; hand TinyDB
        # those bytes so the file is not serialized a second time.
        fragments = {key: orjson.Fragment(blob) for key, blob in blobs.items()}
        self._snapshot = None
        try:
            table.replace_all(fragments)
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
        try:
            signature = _stat_signature(os.stat(self.path))
        except OSError:
            return
        self._snapshot = _Snapshot(signature, {k: v for k, v in base.items()
                                               if k != LADDERS_TABLE}, blobs)
        self.last_written = signature

    def _remove_stale_temps(self) -> None:
        """Under the lock no write is in progress, so any temp file of ours is stale."""
        for folder, prefix in (
            (self.path.parent, _temp_prefix(self.path)),
            (self.backup_dir, f".{self.path.stem}-"),
        ):
            try:
                stale = [
                    e.path
                    for e in os.scandir(folder)
                    if e.name.startswith(prefix) and ".tmp-" in e.name
                ]
            except OSError:
                continue
            for name in stale:
                _unlink_quietly(name)

    # -- backups

    def _backup(self) -> None:
        """Snapshot the current (parsed, good) file before it is replaced.

        Writes always rename a new file over the old one, so a hard link is a
        true, O(1) snapshot.  Backups are best effort: a failure here must not
        stop the user's change from being saved.
        """
        with suppress(OSError):
            make_private_dirs(self.backup_dir)
            stem = self.path.stem
            today = datetime.fromtimestamp(self._now(), UTC).astimezone().date()
            daily = self.backup_dir / f"{stem}-{today.isoformat()}.json"
            if not daily.exists():
                self._snapshot_to(daily)
                self._rotate()
            self._snapshot_to(self.backup_dir / f"{stem}-previous.json")

    def _snapshot_to(self, target: Path) -> None:
        try:
            if os.path.samefile(target, self.path):
                return  # rename() of two links to one file is a silent no-op
        except FileNotFoundError:
            pass
        temp = _temp_name(target)
        try:
            try:
                os.link(self.path, temp)
            except OSError:
                self._copy_to(temp)
            os.replace(temp, target)
        except BaseException:
            _unlink_quietly(temp)
            raise

    def _copy_to(self, temp: Path) -> None:
        """Fallback when hard links are not possible (another file system)."""
        write_new_private(temp, self.path.read_bytes())

    def _rotate(self) -> None:
        """Keep the 7 newest daily backups, and the newest backup of each of the
        4 most recent ISO weeks that have one; delete the rest."""
        dated: list[tuple[date, Path]] = []
        for entry in os.scandir(self.backup_dir):
            match = self._backup_re.fullmatch(entry.name)
            if match is None or match.group(1) == "previous":
                continue
            try:
                dated.append((date.fromisoformat(match.group(1)), Path(entry.path)))
            except ValueError:
                continue
        dated.sort(reverse=True)
        keep = {path for _, path in dated[:DAILY_BACKUPS]}
        weeks: set[tuple[int, int]] = set()
        for day, path in dated:
            iso = day.isocalendar()
            week = (iso.year, iso.week)
            if week in weeks:
                continue
            if len(weeks) == WEEKLY_BACKUPS:
                break
            weeks.add(week)
            keep.add(path)
        for _, path in dated:
            if path not in keep:
                _unlink_quietly(path)

    def _error(self, message: str) -> DataError:
        backups = self.backups()
        return DataError(message, self.path, backups[0] if backups else None)
