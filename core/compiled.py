"""Values made from small texts once, and kept beside Python's own bytecode.

core/record.py compiles an `__init__` for each record class: some 0.2 ms
each, a few milliseconds of every cold `smallwins status` and of the app's
opening, for the same few sources every time.  The built-in themes are read
from TOML at every opening (the TOML reader alone costs 4 ms to import).
What they make is kept in `__pycache__/<name>.<interpreter tag>.marshal`
beside the module that asks, keyed by the exact text it was made from, and
read back with `marshal`, as Python reads a `.pyc` from the same folder: the
same trust, the same interpreter.  A missing, unreadable or foreign file
counts as empty; a text not in it is made again, and the file written again
(core/fileio.py's `replace_file`) unless Python is told not to write
bytecode or the folder cannot be written.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from types import CodeType

from smallwins.core.fileio import replace_file

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

MAX_KEPT = 400
"""Values kept at most: past this (made from the texts of an older version), start again."""
MAX_BYTES = 1 << 22
"""A kept file larger than this is not one this module wrote: it is not read."""


class Kept:
    """What `make` makes of each text, kept in `__pycache__/<name>.<tag>.marshal`
    beside the module `beside`; `valid` says whether a value read back is one
    that `make` could have made (anything else empties the kept file)."""

    def __init__(self, beside: str, name: str, valid: Callable[[object], bool]) -> None:
        self.path = os.path.join(os.path.dirname(os.path.abspath(beside)), "__pycache__",
                                 f"{name}.{sys.implementation.cache_tag}.marshal")
        self.valid = valid
        self.known: dict[str, Any] | None = None

    def get(self, text: str, make: Callable[[str], Any]) -> Any:
        """`make(text)`, from the kept file when it holds it."""
        if self.known is None:
            self.known = _read(self.path, self.valid)
        value = self.known.get(text)
        if value is None:
            value = make(text)
            if len(self.known) >= MAX_KEPT:
                self.known = {}
            self.known[text] = value
            _write(self.path, self.known)
        return value


def _is_code(value: object) -> bool:
    return value.__class__ is CodeType


RECORDS = Kept(__file__, "records", _is_code)
"""The records' compiled `__init__`s, by their source."""


def compiled(source: str) -> CodeType:
    """`compile(source, "<string>", "exec")`, from the kept file when it holds it."""
    code: CodeType = RECORDS.get(source, _compile)
    return code


def _compile(source: str) -> CodeType:
    return compile(source, "<string>", "exec")


def _read(path: str, valid: Callable[[object], bool]) -> dict[str, Any]:
    """The kept values; {} for anything but a regular file of them (a FIFO or a
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
            key.__class__ is str and valid(value) for key, value in known.items()):
        return {}
    return known


def _write(path: str, known: dict[str, Any]) -> None:
    if sys.dont_write_bytecode:
        return
    try:
        data = marshal.dumps(known)
    except ValueError:
        return  # a value marshal cannot hold: kept in this process only
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        replace_file(path, data, durable=False, mode=0o644)
    except OSError:
        pass  # kept in this process all the same
