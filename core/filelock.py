"""The write lock of a data file: its folder and a sidecar file, both flock'ed.

A lock on a file that has been unlinked guards nothing (the next writer
locks a new file at the path while the first still writes), so each lock,
once taken, must still be the one at its path, or it is taken again.  The
kernel drops both if the process dies.  Only `DataFile.locked`
(core/storage.py) takes them.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from smallwins.core.fileio import FILE_MODE

# `pathlib` costs `smallwins status` more than this whole file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

_NO_FOLDER_LOCK = {errno.EBADF, errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL}
"""flock on a folder opened read-only fails so where locks are emulated (NFS)."""

Fail = Callable[[str], Exception]
"""Makes the one-line error to raise from what went wrong."""


@contextmanager
def locked_folder(folder: Path, fail: Fail) -> Iterator[None]:
    """Hold flock(LOCK_EX) on `folder`: a folder cannot be unlinked while it holds
    the data file.  Where folders cannot be locked (NFS), nothing is held."""
    while True:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise fail(f"cannot lock {folder}: {exc.strerror}") from None
        try:
            st = os.fstat(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:
                if exc.errno not in _NO_FOLDER_LOCK:
                    raise fail(f"cannot lock {folder}: {exc.strerror}") from None
                yield  # a file system that locks no folder (NFS): the sidecar only
                return
            if not still_at(folder, st):
                continue  # the folder was moved away while we waited
            yield
            return
        finally:
            os.close(fd)


@contextmanager
def locked_sidecar(lock_path: Path, fail: Fail) -> Iterator[None]:
    """Hold flock(LOCK_EX) on the sidecar `<data>.lock` (what an older smallwins
    locks), made private; never a link, never anything but a regular file."""
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW,
                         FILE_MODE)
        except OSError as exc:
            raise fail(f"cannot lock {lock_path}: {exc.strerror}") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise fail(f"cannot lock {lock_path}: it is not a regular file")
            if st.st_mode & 0o777 != FILE_MODE and st.st_uid == os.getuid():
                os.fchmod(fd, FILE_MODE)
            fcntl.flock(fd, fcntl.LOCK_EX)
            if not still_at(lock_path, st):
                continue  # unlinked or replaced under us: lock what is there now
            yield
            return
        finally:
            os.close(fd)


def still_at(path: Path, opened: os.stat_result) -> bool:
    """Whether the file opened (its fstat) is still the one at `path`."""
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)
