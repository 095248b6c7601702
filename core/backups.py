"""Backups the user can list and restore, and the copies taken before a big change.

The data file keeps rotating backups by itself (core/storage.py: the
previous state and one per day).  This module adds what a person needs to
use them: a listing that says what each backup holds, a restore that never
loses the file it replaces, and named copies taken before an import with
`--replace` or a restore (`<stem>-before-import-YYYYMMDD-HHMMSS.json`).

The restore itself is a change of the data file, so it is made by the
use-case layer (core/ledger.py) with the helpers here; every copy is atomic
(temp file, fsync, rename, fsync folder).
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from smallwins.core.errors import BadInput, DataError
from smallwins.core.fileformat import LADDERS_TABLE, UnusableFile, parse_tables
from smallwins.core.fileio import (
    FileTooLarge,
    NotDurable,
    NotRegularFile,
    make_private_dirs,
    read_regular,
    replace_file,
)
from smallwins.core.ladder_doc import ShapeError, is_rest_doc, ladder_from_doc
from smallwins.core.storage import DataFile

BEFORE_IMPORT = "before-import"
MAX_BACKUP_BYTES = 1 << 30
"""A backup larger than this (1 GB) is not restored: no real history comes near it."""
BEFORE_RESTORE = "before-restore"


class BackupError(BadInput):
    """A BACKUP argument that names no usable backup (bad input: exit code 2)."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What one backup file holds, for `smallwins backups`."""

    path: Path
    saved: datetime  # when the state it holds was written (its mtime)
    ladders: int | None  # None when the file cannot be read
    last_win: date | None
    problem: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "saved": self.saved.isoformat(timespec="seconds"),
            "ladders": self.ladders,
            "last_win": self.last_win.isoformat() if self.last_win else None,
            "problem": self.problem,
        }


# ------------------------------------------------------------------ listing


def _explicit_re(data: DataFile) -> re.Pattern[str]:
    return re.compile(
        rf"{re.escape(data.path.stem)}-(?:{BEFORE_IMPORT}|{BEFORE_RESTORE})"
        r"-\d{8}-\d{6}(?:-\d+)?\.json"
    )


def backup_paths(data: DataFile) -> list[Path]:
    """Every backup of `data`, rotating and explicit, newest state first."""
    found = set(data.backups())
    pattern = _explicit_re(data)
    with suppress(OSError):  # no backup folder yet: only the rotating ones, if any
        found.update(
            Path(entry.path) for entry in os.scandir(data.backup_dir)
            if entry.is_file() and pattern.fullmatch(entry.name)
        )

    def newest_first(path: Path) -> tuple[int, str]:
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        return (-mtime, path.name)

    return sorted(found, key=newest_first)


def describe(path: Path) -> BackupInfo:
    """Read one backup: how many ladders, the last day won, or what is wrong."""
    try:
        saved = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        _, docs = load_backup(path)
    except BackupError as exc:
        return BackupInfo(path, saved, None, None, str(exc))
    except OSError as exc:
        return BackupInfo(path, datetime.fromtimestamp(0).astimezone(), None, None,
                          exc.strerror or str(exc))
    last: str | None = None
    for doc in docs.values():
        marks = doc.get("marks")
        if not isinstance(marks, dict):
            continue
        for day, mark in marks.items():
            if not is_rest_doc(mark) and (last is None or day > last):
                last = day
    return BackupInfo(path, saved, len(docs), date.fromisoformat(last) if last else None)


def list_backups(data: DataFile) -> list[BackupInfo]:
    return [describe(path) for path in backup_paths(data)]


def backup_line(info: BackupInfo) -> str:
    """One line of `smallwins backups`."""
    when = info.saved.strftime("%Y-%m-%d %H:%M")
    if info.problem is not None:
        return f"{info.name:<44} saved {when}  cannot be restored: " + info.problem.removeprefix(
            "it is ")
    last = info.last_win.isoformat() if info.last_win else "none"
    return f"{info.name:<44} saved {when}  {info.ladders:>3} ladder(s)  last win {last}"


# ------------------------------------------------------------------ reading


def load_backup(path: Path) -> tuple[bytes, dict[str, dict[str, Any]]]:
    """A backup's bytes and ladder documents, checked like the data file itself.

    BackupError says what is wrong in words that fit after the file's name.
    """
    try:
        raw = read_regular(path, MAX_BACKUP_BYTES)
    except IsADirectoryError:
        raise BackupError("it is a folder, not a backup file") from None
    except NotRegularFile:
        raise BackupError("it is not a regular file") from None
    except FileTooLarge:
        raise BackupError(f"it is larger than {MAX_BACKUP_BYTES // 2**20} MB, "
                          "too large for a data file") from None
    except OSError as exc:
        raise BackupError(f"it cannot be read ({exc.strerror or exc})") from None
    try:
        docs: dict[str, dict[str, Any]] = parse_tables(raw)[LADDERS_TABLE]
        for doc in docs.values():
            ladder_from_doc(doc)
    except (UnusableFile, ShapeError) as exc:
        if b'"smallwins-export"' in raw[:200]:
            raise BackupError("it is an export, not a backup: bring it in with "
                              "`smallwins import`") from None
        raise BackupError(f"it is not a usable data file: {exc.args[0]}") from None
    return raw, docs


def _data_error(data: DataFile, message: str) -> DataError:
    """A DataError naming the file and its newest backup, as storage's own do."""
    found = backup_paths(data)
    return DataError(message, data.path, found[0] if found else None)


def resolve(data: DataFile, text: str) -> Path:
    """A BACKUP argument as a file: a name shown by `backups`, or a path."""
    given = Path(text).expanduser()
    candidates = [given] if os.sep in text or given.is_absolute() else [
        data.backup_dir / text, data.backup_dir / f"{text}.json", given,
    ]
    for candidate in candidates:
        try:
            found = candidate.is_file()
        except OSError:  # a name too long to be a file
            found = False
        if found:
            path = candidate.absolute()
            if path.exists() and data.path.exists() and os.path.samefile(path, data.path):
                raise BackupError(f"{text} is the data file itself: name a backup "
                                  "(see `smallwins backups`)")
            return path
    raise BackupError(f"no backup {text!r}: give a name shown by `smallwins backups` "
                      f"(in {data.backup_dir}) or the path of a backup file")


# ------------------------------------------------------------------ writing


def _stamp_name(data: DataFile, reason: str, now: datetime) -> Path:
    base = f"{data.path.stem}-{reason}-{now.strftime('%Y%m%d-%H%M%S')}"
    target = data.backup_dir / f"{base}.json"
    n = 2
    while target.exists():
        target = data.backup_dir / f"{base}-{n}.json"
        n += 1
    return target


def save_aside(data: DataFile, reason: str, now: datetime) -> Path | None:
    """Copy the data file's bytes, whatever they are, into the backup folder.

    Call with the data file's lock held, so the copy is the file that the
    change about to be made replaces.  The copy keeps the original's mtime:
    `backups` dates every backup by when its state was written.  Returns
    None when there is no data file yet.  DataError if the copy cannot be
    made: the change must not go ahead without it.
    """
    try:
        raw = data.path.read_bytes()
        st = os.stat(data.path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _data_error(data, f"cannot read {data.path} to back it up: {exc.strerror}; "
                          "nothing was changed") from None
    try:
        make_private_dirs(data.backup_dir)
        target = _stamp_name(data, reason, now)
        replace_file(target, raw)
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    except NotDurable:
        return target
    except OSError as exc:
        raise _data_error(data, f"cannot save a copy of {data.path} in {data.backup_dir}: "
                          f"{exc.strerror}; nothing was changed") from None
    return target
