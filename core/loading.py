"""Reading every ladder of a data file, a document at a time: `Loaded`.

The use-case layer (core/ledger.py) loads through here.  A file laid out
the way smallwins writes it is cut in documents (core/fileformat.py), and
each is parsed, checked and let go before the next, so a large file is
never held whole as Python objects; anything unexpected is read whole, which
finds the first problem and says it, as every read does.  The file's bytes,
one blob per ladder, are kept for the next change to start from.
"""

from __future__ import annotations

from collections.abc import Mapping

from smallwins.core import jsonread
from smallwins.core.documents import Snapshot
from smallwins.core.errors import DataError
from smallwins.core.fileformat import paused_gc
from smallwins.core.ladder_doc import ShapeError, ladder_from_doc
from smallwins.core.marks_doc import DayKeys
from smallwins.core.model import Ladder
from smallwins.core.record import field, record
from smallwins.core.storage import DataFile, Signature
from smallwins.core.summary import display_order, find_ladder

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@record
class Loaded:
    """Every ladder of the file (archived ones too) as of one read."""

    signature: Signature | None
    ladders: Mapping[str, Ladder]
    hashes: Mapping[str, int] = field(default_factory=dict, repr=False)
    """A hash of each ladder's stored bytes, so the next read reuses the ladders that did
    not change and a change can trust the ladder it was given (no document is kept)."""

    def active(self) -> list[Ladder]:
        return display_order(self.ladders.values())

    def archived(self) -> list[Ladder]:
        return sorted((lad for lad in self.ladders.values() if lad.archived),
                      key=lambda lad: (lad.created, lad.id))

    def find(self, text: str) -> Ladder:
        return find_ladder(self.ladders, text)


def load(data: DataFile, reuse: Loaded | None = None) -> Loaded:
    """Every ladder in `data`; those whose stored bytes did not change since `reuse`
    are taken from it rather than parsed again.  DataError for an unusable file."""
    read = data.read_snapshot()
    if read is None:
        return Loaded(None, {}, {})
    snapshot, split = read
    try:
        ladders = _ladders(data, snapshot, reuse)
    except (DataError, ValueError):
        if not split:
            raise
        # Cut in documents, the file did not read as it should: read it whole,
        # which finds the first problem in it and says it, as any read does.
        again = data.read_snapshot(whole=True)
        if again is None:
            return Loaded(None, {}, {})
        snapshot = again[0]
        ladders = _ladders(data, snapshot, reuse)
    data.keep(snapshot)
    return Loaded(snapshot.signature, ladders,
                  {lid: hash(blob) for lid, blob in snapshot.blobs.items()})


def _ladders(data: DataFile, snapshot: Snapshot, reuse: Loaded | None) -> dict[str, Ladder]:
    """The ladder of each blob; ValueError for a blob that is not a JSON object."""
    ladders: dict[str, Ladder] = {}
    read_json = jsonread.reader_for(sum(map(len, snapshot.blobs.values())))
    day_keys = DayKeys()  # the day keys of this file's ladders, made once for all of them
    with paused_gc():
        for lid, blob in snapshot.blobs.items():
            if reuse is not None and lid in reuse.ladders and reuse.hashes.get(lid) == hash(blob):
                ladders[lid] = reuse.ladders[lid]
                continue
            doc = read_json(blob)  # JSONDecodeError is a ValueError
            if not isinstance(doc, dict):
                raise ValueError(f"ladder {lid!r} is not an object")
            ladders[lid] = parse_one(data, lid, doc, day_keys)
    return ladders


def parse_one(data: DataFile, ladder_id: str, doc: Any, day_keys: DayKeys | None = None,
              ) -> Ladder:
    """A stored document as a ladder, checked; its id must be the key it is stored
    under.  DataError (naming the newest backup) when it is not right."""
    try:
        ladder = ladder_from_doc(doc, day_keys=day_keys)
        if ladder.id != ladder_id:
            raise ShapeError(f"ladder {ladder_id!r} holds the id {ladder.id!r}")
    except ShapeError as exc:
        raise data_error(data, f"cannot use {data.path}: {exc}") from None
    return ladder


def data_error(data: DataFile, message: str) -> DataError:
    """A DataError naming the newest backup of `data`."""
    backups = data.backups()
    return DataError(message, data.path, backups[0] if backups else None)
