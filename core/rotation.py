"""Rotating backups of the data file, made just before each write replaces it.

Writes always rename a new file over the old one, so a hard link to the old
file is a true, O(1) snapshot of it.  The backup folder holds the file as it
was before the last change (`<stem>-previous.json`) and one a day
(`<stem>-YYYY-MM-DD.json`): the 7 newest days, and the newest of each of the
4 most recent ISO weeks.  Backups are best effort: a failure here never
stops the person's change from being saved.
"""

from __future__ import annotations

import os
import re
from datetime import date

from smallwins.core.fileio import (
    make_private_dirs,
    temp_name,
    unlink_quietly,
    write_new_private,
)

# `pathlib` is imported where a Path is made: `smallwins status` makes none.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

DAILY_BACKUPS = 7
WEEKLY_BACKUPS = 4


def backup_pattern(stem: str) -> re.Pattern[str]:
    """The names of the rotating backups of a data file whose name stem is `stem`."""
    return re.compile(rf"{re.escape(stem)}-(previous|\d{{4}}-\d{{2}}-\d{{2}})\.json")


def rotating_backups(path: Path, backup_dir: Path) -> list[Path]:
    """The rotating backups of `path`, newest first: the previous state, then by day."""
    pattern = backup_pattern(path.stem)
    try:
        names = [e.name for e in os.scandir(backup_dir) if e.is_file(follow_symlinks=False)]
    except OSError:
        return []
    previous: list[Path] = []
    dated: list[str] = []
    for name in names:
        match = pattern.fullmatch(name)
        if match is None:
            continue
        if match.group(1) == "previous":
            previous.append(backup_dir / name)
        else:
            dated.append(name)
    return previous + [backup_dir / name for name in sorted(dated, reverse=True)]


def back_up(path: Path, backup_dir: Path, today: date) -> None:
    """Snapshot the current (parsed, good) file at `path` before it is replaced."""
    try:
        make_private_dirs(backup_dir)
        daily = backup_dir / f"{path.stem}-{today.isoformat()}.json"
        if not daily.exists():
            _snapshot(path, daily)
            _rotate(path, backup_dir)
        _snapshot(path, backup_dir / f"{path.stem}-previous.json")
    except OSError:
        pass


def _snapshot(path: Path, target: Path) -> None:
    try:
        if os.path.samefile(target, path):
            return  # rename() of two links to one file is a silent no-op
    except FileNotFoundError:
        pass
    temp = temp_name(str(target))
    try:
        try:
            os.link(path, temp)
        except OSError:  # another file system: a copy will do
            write_new_private(temp, path.read_bytes())
        os.replace(temp, target)
    except BaseException:
        unlink_quietly(temp)
        raise


def _rotate(path: Path, backup_dir: Path) -> None:
    """Keep the 7 newest daily backups, and the newest backup of each of the
    4 most recent ISO weeks that have one; delete the rest."""
    from pathlib import Path

    pattern = backup_pattern(path.stem)
    dated: list[tuple[date, Path]] = []
    for entry in os.scandir(backup_dir):
        match = pattern.fullmatch(entry.name)
        if match is None or match.group(1) == "previous":
            continue
        try:
            dated.append((date.fromisoformat(match.group(1)), Path(entry.path)))
        except ValueError:
            continue
    dated.sort(reverse=True)
    keep = {p for _, p in dated[:DAILY_BACKUPS]}
    weeks: set[tuple[int, int]] = set()
    for day, p in dated:
        iso = day.isocalendar()
        week = (iso.year, iso.week)
        if week in weeks:
            continue
        if len(weeks) == WEEKLY_BACKUPS:
            break
        weeks.add(week)
        keep.add(p)
    for _, p in dated:
        if p not in keep:
            unlink_quietly(p)
