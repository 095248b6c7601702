"""What catching up has settled, kept in a small file beside the data file.

`<data>.catchup` holds two things, as JSON:

- `settled`: a day before which every scheduled day has been answered or
  deliberately left as a miss.  It moves to today whenever there is nothing
  left to ask: when the app opens or the day rolls over with every day
  answered, and when a walk through the unanswered days is finished.  So the
  questions are about the days "since the person was last there".
- `left`: the days a person answered "missed (leave it)" and has not
  settled yet (a walk stopped midway), so they are not asked about again.

It is a convenience, not history: the ladders never depend on it.  It is
not in the data file because opening the app would then write the data file
(a backup, a reload in every other pane) each day; a missing, unreadable or
malformed file counts as empty, which only means asking again about the
last few days.  Two processes writing it at once lose at most one of their
answers to "leave it"; each write reads the file first.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from pathlib import Path

from smallwins.core import jsonread, jsonwrite
from smallwins.core.catchup import WINDOW
from smallwins.core.fileio import read_regular, replace_file
from smallwins.core.record import field, record

SUFFIX = ".catchup"
LIMIT = 256 * 1024
"""Larger than any such file this program writes: a bigger one is not read."""


@record
class Settled:
    """The settled day (None: never yet) and the days left as misses on purpose."""

    day: date | None = None
    left: frozenset[tuple[str, date]] = field(default_factory=frozenset)


def path_of(data_path: str | Path) -> Path:
    return Path(f"{data_path}{SUFFIX}")


def read(data_path: str | Path) -> Settled:
    """What was settled for the data file at `data_path` (empty if unknown)."""
    try:
        raw = jsonread.loads(read_regular(path_of(data_path), LIMIT))
        day = date.fromisoformat(raw["settled"]) if raw.get("settled") else None
        left = frozenset((str(lid), date.fromisoformat(text))
                         for lid, days in raw.get("left", {}).items() for text in days)
    except (OSError, ValueError, TypeError, AttributeError, KeyError, RecursionError):
        return Settled()
    return Settled(day, left)


def _write(data_path: str | Path, settled: Settled) -> Settled:
    left: dict[str, list[str]] = {}
    for lid, day in sorted(settled.left):
        left.setdefault(lid, []).append(day.isoformat())
    doc = {"settled": settled.day.isoformat() if settled.day else None, "left": left}
    path = path_of(data_path)
    if path.parent.is_dir():
        # Derived and harmless to lose: no fsync, and a failure is not a failure.
        with contextlib.suppress(OSError):
            replace_file(path, (jsonwrite.dumps(doc) + "\n").encode(), durable=False)
    return settled


def _pruned(left: frozenset[tuple[str, date]], settled: date | None,
            today: date) -> frozenset[tuple[str, date]]:
    """Drop what can no longer be asked: before the settled day, or out of the window
    (`ask --days N` asks about every unanswered day, left or not)."""
    oldest = today - timedelta(days=WINDOW)
    return frozenset((lid, day) for lid, day in left
                     if day >= oldest and (settled is None or day >= settled))


def leave_missed(data_path: str | Path, ladder_id: str, day: date, today: date) -> Settled:
    """Remember that `day` of `ladder_id` was left as a miss on purpose."""
    now = read(data_path)
    left = _pruned(now.left | {(ladder_id, day)}, now.day, today)
    return _write(data_path, Settled(now.day, left))


def settle(data_path: str | Path, today: date) -> Settled:
    """Nothing is left to ask: the days before today are settled."""
    now = read(data_path)
    if now.day == today and not now.left:
        return now
    return _write(data_path, Settled(today, _pruned(now.left, today, today)))
