"""What the importers share: the habit on its way to a ladder, the report of
what could not be carried over, and strict reading of files and days.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from smallwins.core.changes import from_outside, new_ladder, slugify
from smallwins.core.errors import BadInput
from smallwins.core.fileio import FileTooLarge, NotRegularFile, read_regular
from smallwins.core.ladder_doc import ShapeError, is_rest_doc, ladder_from_doc, ladder_to_doc
from smallwins.core.marks import DayMarks
from smallwins.core.model import Ladder, Mark, from_dec
from smallwins.core.record import replace
from smallwins.core.transfer import ImportError_

LOOP_HABITS = "Habits.csv"


LOOP_CHECKMARKS = "Checkmarks.csv"


HARSH_HABITS = "habits"


HARSH_LOG = "log"


MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""What an import reads at most: one file, or a zip, or all a zip's members together."""
MAX_IMPORT_LINES = 1_000_000
"""Lines of one file (a Loop history of 100 years is 36,525 lines)."""
MAX_ZIP_MEMBERS = 10_000


BOOLEAN_UNIT = "times"


_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Imported:
    """Ladder documents ready to merge, and what could not be carried over."""

    source: str  # one of SOURCES except auto
    docs: dict[str, dict[str, Any]]
    notes: list[str]
    wins: int = 0
    rests: int = 0
    where: str = "the import"
    """The file or folder read, for messages."""

    def ladders(self) -> dict[str, Ladder]:
        """The documents as ladders, checked as the data file's own are and held
        to the rules of typed input (`changes.from_outside`)."""
        out: dict[str, Ladder] = {}
        for lid, doc in self.docs.items():
            try:
                ladder = from_outside(ladder_from_doc(doc))
            except ShapeError as exc:
                raise ImportError_(f"{self.where}: {exc}") from None
            except BadInput as exc:
                joint = ", " if str(exc).startswith("mark on") else ": "
                raise ImportError_(f"{self.where}: ladder {lid!r}{joint}{exc}") from None
            if ladder.id != lid:
                raise ImportError_(f"{self.where}: ladder {lid!r} holds the id {ladder.id!r}")
            out[lid] = ladder
        return out

    @property
    def foreign(self) -> bool:
        """From another tracker: list positions are assigned on the way in."""
        return self.source != "smallwins"


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_IMPORT_BYTES: a FIFO or a device is
    refused without blocking, and a huge file before it fills the memory."""
    try:
        return read_regular(path, MAX_IMPORT_BYTES)
    except FileTooLarge:
        raise ImportError_(f"cannot read {path}: it is larger than "
                           f"{MAX_IMPORT_BYTES // 2**20} MB, too large for an import") from None
    except NotRegularFile:
        raise ImportError_(f"cannot read {path}: it is not a regular file "
                           "(import reads a file or a folder)") from None
    except OSError as exc:
        raise ImportError_(f"cannot read {path}: {exc.strerror or exc}") from None


def _decoded(raw: bytes, where: str) -> str:
    """UTF-8 text of at most MAX_IMPORT_LINES lines."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(f"cannot read {where}: not UTF-8 text") from None
    if text.count("\n") >= MAX_IMPORT_LINES:
        raise ImportError_(f"cannot read {where}: it has more than {MAX_IMPORT_LINES:,} "
                           "lines, too many for an import")
    return text


def _read_text(path: Path) -> str:
    return _decoded(_read_bytes(path), str(path))


def _day(text: str, where: str) -> date:
    """A YYYY-MM-DD day, strictly (fromisoformat alone also takes 20250101)."""
    text = text.strip()
    try:
        if _DAY_RE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ImportError_(f"{where}: bad date {text!r} (expected YYYY-MM-DD)")


@dataclass
class _Habit:
    """One habit on its way to becoming a ladder."""

    name: str
    numeric: bool = False  # Loop's numeric habits: amounts against a target
    unit: str = BOOLEAN_UNIT
    target: Decimal = Decimal(1)
    granularity: Decimal = Decimal(1)
    step: Decimal = Decimal(1)
    archived: bool = False
    first_day: date | None = None  # the first day with any entry: the ladder's start
    marks: dict[date, Mark] = field(default_factory=dict)

    def seen(self, day: date) -> None:
        if self.first_day is None or day < self.first_day:
            self.first_day = day


@dataclass
class _Report:
    """What could not be carried over, gathered while reading, one line per kind."""

    inexact: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    auto_rests: int = 0
    below_target: int = 0
    dropped_notes: int = 0
    amounts_in_notes: int = 0
    future: int = 0
    loop_texts: int = 0

    def lines(self, today: date) -> list[str]:
        out: list[str] = []
        if self.skipped:
            out.append(f"not imported: {'; '.join(self.skipped)}")
        if self.inexact:
            out.append(
                f"schedules smallwins cannot keep exactly, now every day "
                f"(mark days off as rest days): {', '.join(self.inexact)}"
            )
        if self.auto_rests:
            out.append(f"{self.auto_rests} day(s) Loop counted as covered by the frequency "
                       "(YES_AUTO) are rest days: neither win nor miss")
        if self.steps:
            out.append("numeric habits have no step in Loop; each climbs by about a tenth "
                       f"of its target: {', '.join(self.steps)}")
        if self.below_target:
            out.append(f"{self.below_target} day(s) with an amount below the target "
                       "are not wins (a win is the whole target)")
        if self.amounts_in_notes:
            out.append(f"{self.amounts_in_notes} harsh amount(s) have no unit: they are "
                       "kept in the win's note")
        if self.dropped_notes:
            out.append(f"{self.dropped_notes} note(s) on missed or empty days "
                       "were dropped: only wins and rest days keep a note")
        if self.future:
            out.append(f"{self.future} entr(ies) after today ({today.isoformat()}) "
                       "were left out")
        if self.loop_texts:
            out.append(f"Loop's question and description of {self.loop_texts} habit(s) "
                       "are not kept")
        out.append("each ladder's identity is its habit's name: edit it in the app "
                   "to say who you are becoming")
        return out


def _unique_id(name: str, taken: set[str]) -> str:
    base = slugify(name)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _to_docs(habits: Iterable[_Habit], today: date, where: str) -> dict[str, dict[str, Any]]:
    """Ladders from habits, in their source order (`created` is that order)."""
    docs: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    for position, habit in enumerate(habits):
        ladder_id = _unique_id(habit.name, taken)
        try:
            ladder, _ = new_ladder(
                identity=habit.name, action=habit.name, unit=habit.unit,
                start=from_dec(habit.target), step=from_dec(habit.step),
                start_day=habit.first_day or today, granularity=from_dec(habit.granularity),
                ladder_id=ladder_id, created=position,
            )
        except BadInput as exc:
            raise ImportError_(f"{where}: habit {habit.name!r} cannot be a ladder: {exc}"
                               ) from None
        ladder = replace(ladder, archived=habit.archived, marks=DayMarks(habit.marks))
        docs[ladder_id] = ladder_to_doc(ladder)
    return docs


def _count(docs: dict[str, dict[str, Any]]) -> tuple[int, int]:
    wins = rests = 0
    for doc in docs.values():
        for mark in doc["marks"].values():
            if is_rest_doc(mark):
                rests += 1
            else:
                wins += 1
    return wins, rests


def _result(source: str, habits: list[_Habit], report: _Report, today: date,
            where: str) -> Imported:
    docs = _to_docs(habits, today, where)
    wins, rests = _count(docs)
    return Imported(source, docs, report.lines(today), wins, rests, where)
