"""Notes: the identity evidence a win or a rest day carries.

A note is a few words on one marked day ("walked to the station instead of
the bus"; "ill").  It never changes what the day counts for: the replay
(core/rules.py) reads only whether a day is a win or a rest day.  This
module checks a note as it comes in, puts it on one line where one line is
printed, and lists the notes of a file for `smallwins notes`, the review and
the Ladders screen's latest evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from smallwins.core.errors import BadInput
from smallwins.core.model import Ladder, Win
from smallwins.core.record import record

_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters a note may not hold: every control character but the line break."""
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class NoteError(BadInput):
    """A note that cannot be kept as typed (bad input: exit code 2)."""


def clean_note(text: str | None, *, one_line: bool = False) -> str | None:
    """The note to store for `text`: trimmed, None when blank.

    A note from the command line may hold line breaks (CRLF becomes LF); one
    typed in the app is a single line (`one_line`).  No other control
    character is kept: NoteError says which one and where.
    """
    if text is None:
        return None
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return None
    if one_line and "\n" in text:
        raise NoteError("a note typed in the app is one line: write it without line breaks")
    found = _CONTROL.search(text)
    if found:
        raise NoteError(f"note holds a control character (U+{ord(found.group()):04X}) at "
                        f"position {found.start() + 1}: write plain text (line breaks are "
                        "allowed from the command line)")
    return text


def one_line(text: str) -> str:
    """`text` on one line: a line break is shown as `\\n`, any other control
    character by its code (`\\x07`), so nothing moves the terminal's cursor."""

    def escape(found: re.Match[str]) -> str:
        char = found.group()
        if char == "\n":
            return "\\n"
        if char == "\t":
            return "\\t"
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _ESCAPED.sub(escape, text)


@record(slots=True)
class NoteEntry:
    """One note (or a run of the same note on a ladder's consecutive marks)."""

    day: date
    last_day: date
    """The last day of a run of marks with the same note (`day` for one day)."""
    ladder_id: str
    action: str
    kind: str
    """`win` or `rest`."""
    text: str

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"day": self.day.isoformat(), "ladder": self.ladder_id,
                               "mark": self.kind, "note": self.text}
        if self.last_day != self.day:
            out["to"] = self.last_day.isoformat()
        return out


def _noted(ladder: Ladder, first: date | None, last: date | None) -> list[NoteEntry]:
    """The ladder's notes from `first` to `last` (inclusive, None: no bound), oldest
    first.  Rest days in a row with the same note (a pause with one reason) are one
    entry; only unscheduled days may lie between them."""
    out: list[NoteEntry] = []
    for day in sorted(ladder.marks):
        mark = ladder.marks[day]
        note = mark.note
        if note is None or (first is not None and day < first) or (
                last is not None and day > last):
            continue
        kind = "win" if isinstance(mark, Win) else "rest"
        prev = out[-1] if out else None
        if (kind == "rest" and prev is not None and prev.kind == "rest" and prev.text == note
                and _only_days_off_between(ladder, prev.last_day, day)):
            out[-1] = NoteEntry(prev.day, day, prev.ladder_id, prev.action, kind, note)
        else:
            out.append(NoteEntry(day, day, ladder.id, ladder.action, kind, note))
    return out


def _only_days_off_between(ladder: Ladder, earlier: date, later: date) -> bool:
    gap = (later - earlier).days
    return gap < 8 and all((earlier.weekday() + n) % 7 not in ladder.days
                           for n in range(1, gap))


def notes_of(ladders: Iterable[Ladder], first: date | None = None,
             last: date | None = None) -> list[NoteEntry]:
    """Every note of `ladders` between `first` and `last`, by day, then in list order."""
    ordered = sorted(ladders, key=lambda lad: (lad.created, lad.id))
    rank = {lad.id: n for n, lad in enumerate(ordered)}
    entries = [entry for lad in ordered for entry in _noted(lad, first, last)]
    return sorted(entries, key=lambda e: (e.day, rank[e.ladder_id]))


def latest_notes(ladder: Ladder, today: date, count: int) -> list[NoteEntry]:
    """The `count` newest notes of a ladder up to `today`, newest first."""
    return list(reversed(_noted(ladder, None, today)))[:count]
