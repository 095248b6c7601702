"""Export and import: the data is the user's.

The JSON export holds every ladder document as stored (settings, events,
day marks with their notes), with a format version, so importing it into an
empty file reproduces every ladder exactly.  Each ladder also carries its
level history as of the export day: it is derived from the events and the
marks (drop backs are never stored), written for people and other programs
that read the file, and ignored on import.  The CSV export is one row per
marked day, for spreadsheets.

`build_export` is the one place an export is made: `smallwins export` and
the app's export (a file, or a download in the browser) both call it, so
they always hold the same text for the same data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from smallwins.core.errors import BadInput
from smallwins.core.fileio import NotDurable, create_file
from smallwins.core.ladder_doc import ShapeError, ladder_from_doc, ladder_to_doc
from smallwins.core.model import Ladder, Num, Rest, Win
from smallwins.core.record import replace
from smallwins.core.rules import replay
from smallwins.core.terminal import printable

if TYPE_CHECKING:
    from smallwins.core.ledger import Ledger

EXPORT_FORMAT = "smallwins-export"
EXPORT_VERSION = 1
CSV_HEADER = ("day", "ladder", "identity", "target", "amount", "mark", "note")

# Keys of an exported ladder that are derived, not stored: never imported.
DERIVED_KEYS = ("levels",)

UNDERSTOOD = ("a smallwins JSON export (`smallwins export`), a Loop Habit Tracker CSV "
              "export (its zip, or the folder with Habits.csv) or harsh's habits and log files")
"""What `smallwins import` reads, named in the messages about a file it cannot read."""


EXPORT_TYPES = {"json": "application/json", "csv": "text/csv"}
"""Each export format, and the media type a browser is told its download is."""
SAME_DAY_EXPORTS = 99
"""How many exports of one day a folder may hold under the default names."""


class ImportError_(BadInput):
    """An import file that cannot be used; nothing is changed (exit 2)."""


class Export(NamedTuple):
    """One export of the data file: its text and what to call it."""

    text: str
    format: str
    """"json" or "csv"."""
    ladders: int
    """How many ladders it holds (archived ones too)."""
    day: date
    """The day it was made (the app's day, which may start after midnight)."""

    def file_name(self, number: int = 1) -> str:
        """`smallwins-export-2026-12-03.json`; from the second on, `...-03-2.json`."""
        suffix = "" if number == 1 else f"-{number}"
        return f"smallwins-export-{self.day.isoformat()}{suffix}.{self.format}"

    @property
    def mime_type(self) -> str:
        return EXPORT_TYPES[self.format]


def build_export(ledger: Ledger, fmt: str, today: date, *, ascii_only: bool = False) -> Export:
    """Everything in the data file, archived ladders too, as JSON or CSV.

    `ascii_only` (JSON only): every character beyond ASCII as a \\u escape,
    for a terminal that shows no other.
    """
    if fmt not in EXPORT_TYPES:
        raise BadInput(f"no export format {fmt!r}: use json or csv")
    ladders = list(ledger.load().ladders.values())
    text = (export_json(ladders, today, ascii_only=ascii_only) if fmt == "json"
            else export_csv(ladders))
    return Export(text, fmt, len(ladders), today)


def save_export(made: Export, folder: Path) -> Path:
    """Write `made` into `folder` under a name no file has yet; the path written.

    Never over another file: `...-2.json`, `...-3.json` follow an export of
    the same day.  OSError when the folder cannot be written.
    """
    payload = made.text.encode("utf-8")
    for number in range(1, SAME_DAY_EXPORTS + 1):
        path = folder / made.file_name(number)
        try:
            create_file(path, payload)
        except FileExistsError:
            continue
        except NotDurable:
            pass  # the file is whole; only its folder's sync to disk failed
        return path
    raise BadInput(f"{folder} already holds {SAME_DAY_EXPORTS} exports of "
                   f"{made.day.isoformat()}: move some away, or use `smallwins export -o FILE`")


def export_json(ladders: Iterable[Ladder], today: date, ascii_only: bool = False) -> str:
    """Every ladder, sorted by id, as a versioned JSON document (`ascii_only`: every
    character beyond ASCII written as a \\u escape, for an output that has no other)."""
    out_ladders: list[dict[str, Any]] = []
    for ladder in sorted(ladders, key=lambda lad: lad.id):
        out = ladder_to_doc(ladder)
        out["levels"] = [
            {"day": lv.day.isoformat(), "target": lv.target, "reason": lv.reason}
            | ({"missed": lv.missed.isoformat()} if lv.missed else {})
            for lv in replay(ladder, today).levels
        ]
        out_ladders.append(out)
    payload = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": today.isoformat(),
        "ladders": out_ladders,
    }
    return json.dumps(payload, ensure_ascii=ascii_only, indent=1) + "\n"


def plain_number(value: Num) -> str:
    """A number a spreadsheet reads back exactly: no thousands separator, no
    exponent, every digit Python keeps (format_num rounds to 6 places)."""
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)).normalize(), "f")


def export_csv(ladders: Iterable[Ladder]) -> str:
    """One row per marked day, RFC 4180: CRLF line ends, fields quoted when needed.

    The words are the user's, but a control character other than a line
    break in a note is written as an escape (`\\x1b`): a spreadsheet or a
    terminal showing the file gets text, never a sequence to act on.
    """
    rows: list[tuple[str, ...]] = []
    for ladder in sorted(ladders, key=lambda lad: lad.id):
        identity = printable(ladder.identity)
        for day, mark in ladder.marks.items():
            if isinstance(mark, Win):
                amount = "" if mark.amount is None else plain_number(mark.amount)
                note = printable(mark.note or "", keep_newlines=True)
                rows.append((day.isoformat(), ladder.id, identity,
                             plain_number(mark.target), amount, "win", note))
            elif isinstance(mark, Rest):
                rows.append((day.isoformat(), ladder.id, identity, "", "", "rest",
                             printable(mark.note or "", keep_newlines=True)))
    rows.sort(key=lambda r: (r[0], r[1]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return out.getvalue()


def parse_export(text: str, source: str) -> dict[str, dict[str, Any]]:
    """Ladder documents from a JSON export; ImportError_ names what is wrong."""
    if not text.strip():
        raise ImportError_(f"{source} is empty: import takes a file made by `smallwins export`")
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{source} is not valid JSON (line {exc.lineno} column {exc.colno})"
                           f": import understands {UNDERSTOOD}") from None
    except RecursionError:
        raise ImportError_(f"{source}: its JSON is nested too deep for a smallwins export"
                           ) from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ImportError_(f"{source} is not a smallwins export (no \"format\": "
                           f"\"{EXPORT_FORMAT}\"): make one with `smallwins export`")
    version = payload.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not (
        1 <= version <= EXPORT_VERSION
    ):
        raise ImportError_(f"{source} has export version {version!r}; this smallwins reads "
                           f"version {EXPORT_VERSION}: update smallwins to import it")
    ladders = payload.get("ladders")
    if not isinstance(ladders, list):
        raise ImportError_(f"{source}: \"ladders\" must be a list")
    docs: dict[str, dict[str, Any]] = {}
    for n, doc in enumerate(ladders, 1):
        if isinstance(doc, dict):  # the level history is derived: never imported
            doc = {key: value for key, value in doc.items() if key not in DERIVED_KEYS}
        try:
            ladder = ladder_from_doc(doc, f"ladder #{n}")
        except ShapeError as exc:
            raise ImportError_(f"{source}: {exc}") from None
        if ladder.id in docs:
            raise ImportError_(f"{source}: ladder id {ladder.id!r} appears twice")
        docs[ladder.id] = ladder_to_doc(ladder)
    return docs


def _comparable(ladder: Ladder) -> Ladder:
    """A ladder as merge compares it: without its list position (`created`
    only orders the Today screen; it is not history)."""
    return replace(ladder, created=0)


def merge(current: dict[str, Ladder], incoming: Mapping[str, Ladder],
          replace_conflicts: bool) -> tuple[list[str], list[str], list[str]]:
    """Merge incoming ladders by id into `current` (in place): all or nothing.

    Returns (added, replaced, unchanged) ids.  A ladder that exists with other
    history is a conflict, refused unless `replace_conflicts`; a ladder that
    exists with the same history is left as it is.
    """
    conflicts = [
        lid for lid, ladder in incoming.items()
        if lid in current and _comparable(current[lid]) != _comparable(ladder)
    ]
    if conflicts and not replace_conflicts:
        raise ImportError_(
            f"{len(conflicts)} ladder(s) already exist with other history: "
            f"{', '.join(sorted(conflicts))}; nothing was imported "
            "(use --replace to overwrite them; a backup is kept)"
        )
    added = [lid for lid in incoming if lid not in current]
    unchanged = [lid for lid in incoming if lid in current and lid not in conflicts]
    for lid in added + conflicts:
        current[lid] = incoming[lid]
    return added, conflicts, unchanged
