"""Writing files so that a crash leaves the old file or the new one, never a mix.

One helper for every file the program writes: the data file, its backups,
the config, exports and the status cache.  A new file is written to a temp
file in the same folder (created with O_EXCL and O_NOFOLLOW, so a planted
symlink is never followed), synced, renamed over the old one, and the
folder is synced.  Files are private (0600) unless told otherwise.  The
status cache alone, derived data whose reader refuses a torn file, is
written over in place (`overwrite_derived`).

This module imports only `errno` and `os`: the status line uses it.
"""

from __future__ import annotations

import errno
import os

FILE_MODE = 0o600
DIR_MODE = 0o700

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW


class NotDurable(OSError):
    """The new file is in place but its folder could not be synced to disk."""


def temp_prefix(name: str) -> str:
    """The prefix of the temp files written beside a file called `name`."""
    return f".{name}.tmp-"


def temp_name(path: str) -> str:
    """A fresh temp file name beside `path`, naming this process (see `is_stale_temp`)."""
    folder, name = os.path.split(path)
    return os.path.join(folder, f"{temp_prefix(name)}{os.getpid()}-{os.urandom(4).hex()}")


def temp_owner(entry_name: str, name: str) -> int | None:
    """The process id in a temp file name made by `temp_name` for `name`, else None."""
    prefix = temp_prefix(name)
    if not entry_name.startswith(prefix):
        return None
    pid, _, rest = entry_name[len(prefix):].partition("-")
    return int(pid) if pid.isdigit() and rest else None


def unlink_quietly(path: str | os.PathLike[str]) -> None:
    # Not contextlib.suppress: contextlib costs a cold status more than this file.
    try:  # noqa: SIM105
        os.unlink(path)
    except OSError:
        pass


_BATCH = 512
"""Pieces per writev call (the system allows at least 1,024)."""


def write_all(fd: int, payload: bytes | list[bytes]) -> None:
    """Write every byte (os.write may write less than asked); a list of pieces is
    written as if joined, a batch of pieces per call."""
    if not isinstance(payload, list):
        payload = [payload]
    for start in range(0, len(payload), _BATCH):
        batch = payload[start:start + _BATCH]
        written = os.writev(fd, batch)
        for piece in batch:
            if written >= len(piece):
                written -= len(piece)
                continue
            view = memoryview(piece)[written:]
            written = 0
            while view:
                view = view[os.write(fd, view):]


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new_private(path: str | os.PathLike[str], payload: bytes | list[bytes], *,
                      durable: bool = True, mode: int = FILE_MODE) -> None:
    """Create `path` (it must not exist, and is never a link followed) and write `payload`.

    The file is removed again if anything fails after it was created.
    """
    fd = os.open(path, _CREATE, mode)
    try:
        try:
            os.fchmod(fd, mode)
            write_all(fd, payload)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        unlink_quietly(path)
        raise


def replace_file(
    path: str | os.PathLike[str],
    payload: bytes | list[bytes],
    *,
    durable: bool = True,
    mode: int = FILE_MODE,
    before_replace: object = None,
) -> None:
    """Replace `path` with `payload` so a crash leaves the old or the new file.

    On an error before the rename the temp file is removed and `path` is
    untouched; the OSError propagates.  NotDurable means the rename happened
    but may not survive a crash.  `before_replace`, if given, is called just
    before the rename (the data file makes its backup there).  With
    `durable=False` (derived data such as the status cache) nothing is synced.
    """
    target = os.fspath(path)
    temp = temp_name(target)
    try:
        write_new_private(temp, payload, durable=durable, mode=mode)
        if callable(before_replace):
            before_replace()
        os.replace(temp, target)
    except BaseException:
        unlink_quietly(temp)
        raise
    if not durable:
        return
    try:
        fsync_dir(os.path.dirname(target) or ".")
    except OSError as exc:
        if exc.errno != errno.EINVAL:
            raise NotDurable(exc.errno, exc.strerror) from exc


def overwrite_derived(path: str | os.PathLike[str], payload: bytes | list[bytes]) -> None:
    """Write `payload` over the file at `path` in place: no temp file, rename or fsync.

    Only for derived data whose reader refuses a torn file (the status cache
    ends with a check of its lines): a crash, or a reader that comes in the
    middle, may see a mix, which costs a recomputation and nothing else.  A
    rename over the old file costs a block allocation and, on ext4, a flush
    of the new data started at once; writing over the blocks the file
    already has leaves them to be written back later.  Only a private
    regular file of this user with no other link is written through;
    anything else (nothing there, a link, a FIFO, a file with another name
    too) is replaced by a new file as `replace_file` writes it.
    """
    import stat

    target = os.fspath(path)
    written = False
    try:
        st = os.lstat(target)
        if stat.S_ISREG(st.st_mode) and st.st_nlink == 1 and st.st_uid == os.geteuid() \
                and stat.S_IMODE(st.st_mode) == FILE_MODE:
            fd = os.open(target, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            try:
                opened = os.fstat(fd)
                if (opened.st_dev, opened.st_ino) == (st.st_dev, st.st_ino):
                    write_all(fd, payload)  # from the start: opened without O_APPEND
                    os.ftruncate(fd, len(payload) if isinstance(payload, bytes)
                                 else sum(map(len, payload)))
                    written = True
            finally:
                os.close(fd)
    except OSError:
        written = False
    if not written:
        replace_file(target, payload, durable=False)


def create_file(path: str | os.PathLike[str], payload: bytes, *, mode: int = FILE_MODE) -> None:
    """Create `path` with `payload`, whole or not at all, never over an existing file.

    FileExistsError when `path` exists.  The payload goes to a temp file beside
    it, synced, and is then linked to its name: a link never replaces a file,
    and a crash leaves either no file or the whole one, never a half.  A
    filesystem without hard links gets the file created in place (O_EXCL).
    """
    target = os.fspath(path)
    temp = temp_name(target)
    try:
        write_new_private(temp, payload, mode=mode)
        try:
            os.link(temp, target)
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK):
                raise
            write_new_private(target, payload, mode=mode)
    finally:
        unlink_quietly(temp)
    try:
        fsync_dir(os.path.dirname(target) or ".")
    except OSError as exc:
        if exc.errno != errno.EINVAL:
            raise NotDurable(exc.errno, exc.strerror) from exc


def make_private_dirs(folder: str | os.PathLike[str]) -> bool:
    """Create `folder` and missing parents as 0700; True if `folder` was created here.

    Folders that already exist are left as they are.
    """
    missing: list[str] = []
    current = os.path.abspath(os.fspath(folder))
    while not os.path.exists(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for item in reversed(missing):
        try:
            os.mkdir(item, DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(item, DIR_MODE)  # mkdir's mode is narrowed by the umask
    return bool(missing)


class NotRegularFile(OSError):
    """A FIFO, device or folder where a file was expected (never read: it could hang)."""


class FileTooLarge(OSError):
    """A file larger than what the program will read for its purpose."""


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    It is opened without blocking and checked before anything is read, so a
    FIFO or a device where a file should be raises NotRegularFile instead of
    hanging, and a file that is too large raises FileTooLarge instead of
    filling the memory.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, "it is not a regular file", os.fspath(path))
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(errno.EFBIG, f"it is larger than {limit:,} bytes",
                                   os.fspath(path))
        return b"".join(chunks)
    finally:
        os.close(fd)
