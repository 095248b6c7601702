"""The documents a transaction sees: each ladder kept as bytes, parsed only when read.

A change to one ladder should not pay for parsing and serializing fifty
others, so the data file's last state is kept as one JSON blob per ladder
(`Snapshot`), and a transaction's view of it (`Documents`) parses a
document the first time it is read and writes the untouched ones back as
the bytes they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from smallwins.core.fileformat import Tables, dump

Signature = tuple[int, int, int, int]
"""A file's (inode, size, mtime_ns, ctime_ns): every write renames a new inode into place."""


@dataclass
class Snapshot:
    """The file as of `signature`: its other tables, and each ladder as bytes.

    Only the bytes are kept, never the parsed documents: a transaction parses
    just the documents it reads, and writes the others back as they were.
    """

    signature: Signature
    tables: Tables  # every table but the ladders
    blobs: dict[str, bytes] = field(default_factory=dict)


class Documents(MutableMapping[str, dict[str, Any]]):
    """The documents a transaction sees, each parsed from its bytes when first read.

    Every document handed out is a fresh copy, so no caller can change the
    cache in place; the ones never read need neither parsing nor serializing.
    """

    def __init__(self, blobs: Mapping[str, bytes]) -> None:
        self._blobs = blobs
        self._keys: dict[str, None] = dict.fromkeys(blobs)
        self._opened: dict[str, Any] = {}
        self._serialized: dict[str, bytes] = {}

    def __getitem__(self, key: str) -> dict[str, Any]:
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._opened:
            self._opened[key] = orjson.loads(self._blobs[key])
        value: dict[str, Any] = self._opened[key]
        return value

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self._keys[key] = None
        self._opened[key] = value
        self._serialized.pop(key, None)

    def put(self, key: str, value: dict[str, Any], blob: bytes) -> None:
        """Store `value` whose JSON, `blob`, the caller has already made (it is not
        made again); `value` must not be changed afterwards."""
        self[key] = value
        self._serialized[key] = blob

    def __delitem__(self, key: str) -> None:
        del self._keys[key]
        self._opened.pop(key, None)
        self._serialized.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._keys))

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def raw(self, key: str) -> bytes | None:
        """The stored bytes of a document neither read nor changed here yet, else None."""
        if key in self._keys and key not in self._opened:
            return self._blobs[key]
        return None

    def blobs(self) -> dict[str, bytes]:
        """Each document's JSON: the old bytes for those never read, new ones for the rest."""
        out: dict[str, bytes] = {}
        for ladder_id in self._keys:
            if ladder_id in self._serialized:
                out[ladder_id] = self._serialized[ladder_id]
            elif ladder_id in self._opened:
                out[ladder_id] = serialize_one(ladder_id, self._opened[ladder_id])
            else:
                out[ladder_id] = self._blobs[ladder_id]
        return out


def serialize_one(ladder_id: Any, doc: Any) -> bytes:
    """One document's JSON; TypeError for anything that is not a JSON object."""
    if not isinstance(ladder_id, str) or not ladder_id:
        raise TypeError(f"a ladder id must be a non-empty string, not {ladder_id!r}")
    if not isinstance(doc, dict):
        raise TypeError(f"ladder {ladder_id!r} must be a dict, not {type(doc).__name__}")
    return dump(doc)
