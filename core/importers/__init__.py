"""Bring a history in from another tracker: Loop Habit Tracker or harsh.

Each habit becomes a ladder at its current target, its history becomes
wins, misses (simply no mark) and rest days, so streaks and votes carry
over.  What the other tracker knows and a ladder cannot hold (a "3 times a
week" schedule, an "at most" target, notes on missed days) is listed, one
line per kind, so the user knows exactly what changed on the way in.

Reading is all or nothing: any line that does not parse stops the import
with ImportError_ naming the file and the line, before the data file is
touched.

The formats are described in `loop.py` and `harsh.py`.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from smallwins.core.importers.common import (
    _DAY_RE,
    HARSH_HABITS,
    HARSH_LOG,
    LOOP_HABITS,
    Imported,
    _read_bytes,
    _read_text,
)
from smallwins.core.importers.harsh import _load_harsh
from smallwins.core.importers.loop import _find_loop_root, _load_loop
from smallwins.core.transfer import UNDERSTOOD, ImportError_, parse_export

__all__ = ["SOURCES", "SOURCE_NAMES", "Imported", "detect", "load"]

SOURCES = ("auto", "smallwins", "loop", "harsh")
SOURCE_NAMES = {"smallwins": "a smallwins export", "loop": "Loop Habit Tracker",
                "harsh": "harsh"}


def load(path: Path, kind: str, today: date) -> Imported:
    """Read `path` as `kind` (or detect it) into ladder documents.

    ImportError_ (bad input, exit 2) for anything that cannot be read or
    parsed, including a folder or zip the system refuses to open.
    """
    try:
        return _load(path, kind, today)
    except OSError as exc:
        where = exc.filename or path
        raise ImportError_(f"cannot read {where}: {exc.strerror or exc}") from None


def _load(path: Path, kind: str, today: date) -> Imported:
    if kind not in SOURCES:
        raise ImportError_(f"unknown source {kind!r}: use one of {', '.join(SOURCES)}")
    if not path.exists():
        raise ImportError_(f"cannot read {path}: no such file or folder")
    if not path.is_dir() and not path.is_file():
        raise ImportError_(f"cannot read {path}: it is not a regular file "
                           "(import reads a file or a folder)")
    auto = kind == "auto"
    if auto:
        kind = detect(path)
    if kind == "loop":
        return _load_loop(path, today)
    if kind == "harsh":
        return _load_harsh(path, today)
    if path.is_dir():
        raise ImportError_(f"{path} is a folder: a smallwins export is one JSON file")
    text = _read_text(path)
    if auto and _looks_like_csv(text):
        raise ImportError_(f"{path} is a CSV file but not a Loop Habit Tracker export (its "
                           f"{LOOP_HABITS}, or the zip or folder holding it): import "
                           f"understands {UNDERSTOOD}")
    docs = parse_export(text, str(path))
    return Imported("smallwins", docs, [], where=str(path))


def _looks_like_csv(text: str) -> bool:
    """A first line of comma-separated words, as a spreadsheet writes."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    return "," in first and not first.startswith(("{", "["))


def detect(path: Path) -> str:
    """Which tracker wrote `path`, by its content (see the module docstring)."""
    if path.is_dir():
        if _find_loop_root(path) is not None:
            return "loop"
        if (path / HARSH_HABITS).is_file() or (path / HARSH_LOG).is_file():
            return "harsh"
        raise ImportError_(
            f"cannot tell what {path} holds: expected {LOOP_HABITS} (Loop Habit Tracker) or "
            f"'{HARSH_HABITS}' and '{HARSH_LOG}' files (harsh); or use --from"
        )
    if path.name == LOOP_HABITS or zipfile.is_zipfile(io.BytesIO(_read_bytes(path))):
        return "loop"
    if path.name in (HARSH_HABITS, HARSH_LOG):
        return "harsh"
    head = _read_text(path)[:4096].lstrip()
    if head.startswith(("{", "[")) or not head:
        return "smallwins"
    first = next((ln for ln in head.splitlines() if ln.strip() and not ln.startswith("#")), "")
    if _DAY_RE.match(first) and " : " in first:
        return "harsh"
    return "smallwins"
