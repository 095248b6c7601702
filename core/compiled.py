"""Small generated sources compiled once, and kept beside Python's own bytecode.

core/record.py compiles an `__init__` for each record class: some 0.2 ms
each, a few milliseconds of every cold `smallwins status` and of the app's
opening, for the same few sources every time.  Their code objects are kept
in `__pycache__/records.<interpreter tag>.marshal` beside this file, keyed
by their exact source, and read back with `marshal`, as Python reads a
`.pyc` from the same folder: the same trust, the same interpreter.  A
missing, unreadable or foreign file counts as empty; a source not in it is
compiled, and the file written again (core/fileio.py's `replace_file`) unless
Python is told not to write bytecode or the folder cannot be written.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from types import CodeType

from smallwins.core.fileio import replace_file

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                    f"records.{sys.implementation.cache_tag}.marshal")
"""Where the compiled sources are kept."""
MAX_KEPT = 400
"""Sources kept at most: past this (old sources of an older version), start again."""
MAX_BYTES = 1 << 22
"""A kept file larger than this is not one this module wrote: it is not read."""

_known: dict[str, CodeType] | None = None


def compiled(source: str) -> CodeType:
    """`compile(source, "<string>", "exec")`, from the kept file when it holds it."""
    global _known
    if _known is None:
        _known = _read(PATH)
    code = _known.get(source)
    if code is None:
        code = compile(source, "<string>", "exec")
        if len(_known) >= MAX_KEPT:
            _known = {}
        _known[source] = code
        _write(PATH, _known)
    return code


def _read(path: str) -> dict[str, CodeType]:
    """The kept code objects; {} for anything but a regular file of them (a FIFO or a
    device is not waited on, a huge file not read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return {}
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return {}
        with open(fd, "rb", closefd=False) as stream:
            known = marshal.loads(stream.read(MAX_BYTES + 1))
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    finally:
        os.close(fd)
    if not isinstance(known, dict) or not all(
            key.__class__ is str and value.__class__ is CodeType
            for key, value in known.items()):
        return {}
    return known


def _write(path: str, known: dict[str, CodeType]) -> None:
    if sys.dont_write_bytecode:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        replace_file(path, marshal.dumps(known), durable=False, mode=0o644)
    except OSError:
        pass  # kept in this process all the same
