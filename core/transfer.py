"""Export and import: the data is the user's.

The JSON export holds every ladder document as stored, with a format version,
so importing it into an empty file reproduces every ladder exactly.  The CSV
export is one row per marked day, for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from core.model import Rest, ShapeError, Win, format_num, ladder_from_doc, ladder_to_doc

EXPORT_FORMAT = "smallwins-export"
EXPORT_VERSION = 1
CSV_HEADER = ("day", "ladder", "identity", "target", "amount", "mark", "note")


class ImportError_(ValueError):
    """An import file that cannot be used; nothing is changed (exit 2)."""


def export_json(docs: Mapping[str, Any], today: date) -> str:
    ladders = [ladder_to_doc(ladder_from_doc(doc)) for _, doc in sorted(docs.items())]
    payload = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": today.isoformat(),
        "ladders": ladders,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def export_csv(docs: Mapping[str, Any]) -> str:
    rows: list[tuple[str, ...]] = []
    for _, doc in sorted(docs.items()):
        ladder = ladder_from_doc(doc)
        for day, mark in ladder.marks.items():
            if isinstance(mark, Win):
                amount = "" if mark.amount is None else format_num(mark.amount).replace(",", "")
                rows.append((day.isoformat(), ladder.id, ladder.identity,
                             format_num(mark.target).replace(",", ""), amount, "win",
                             mark.note or ""))
            elif isinstance(mark, Rest):
                rows.append((day.isoformat(), ladder.id, ladder.identity, "", "", "rest", ""))
    rows.sort(key=lambda r: (r[0], r[1]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return out.getvalue()


def parse_export(text: str, source: str) -> dict[str, dict[str, Any]]:
    """Ladder documents from a JSON export; ImportError_ names what is wrong."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{source} is not valid JSON (line {exc.lineno} column {exc.colno})"
                           ": import takes a file made by `smallwins export`") from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ImportError_(f"{source} is not a smallwins export (no \"format\": "
                           f"\"{EXPORT_FORMAT}\"): make one with `smallwins export`")
    version = payload.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION or version < 1:
        raise ImportError_(f"{source} has export version {version!r}; this smallwins reads "
                           f"version {EXPORT_VERSION}: update smallwins to import it")
    ladders = payload.get("ladders")
    if not isinstance(ladders, list):
        raise ImportError_(f"{source}: \"ladders\" must be a list")
    docs: dict[str, dict[str, Any]] = {}
    for n, doc in enumerate(ladders, 1):
        try:
            ladder = ladder_from_doc(doc)
        except ShapeError as exc:
            raise ImportError_(f"{source}: ladder #{n}: {exc}") from None
        if ladder.id in docs:
            raise ImportError_(f"{source}: ladder id {ladder.id!r} appears twice")
        docs[ladder.id] = ladder_to_doc(ladder)
    return docs


def merge(current: dict[str, Any], incoming: Mapping[str, dict[str, Any]],
          replace: bool) -> tuple[list[str], list[str]]:
    """Merge incoming documents by id into `current` (in place): all or nothing.

    Returns (added, unchanged) ids.  A ladder that exists with different
    content is a conflict, refused unless `replace`.
    """
    conflicts = [
        lid for lid, doc in incoming.items()
        if lid in current and ladder_to_doc(ladder_from_doc(current[lid])) != doc
    ]
    if conflicts and not replace:
        raise ImportError_(
            f"{len(conflicts)} ladder(s) already exist with other history: "
            f"{', '.join(sorted(conflicts))}; nothing was imported "
            "(use --replace to overwrite them; a backup is kept)"
        )
    added = [lid for lid in incoming if lid not in current or lid in conflicts]
    unchanged = [lid for lid in incoming if lid not in added]
    for lid in added:
        current[lid] = incoming[lid]
    return added, unchanged
