"""The data file's format: TinyDB's JSON layout, its schema version, and its checks.

The file is one TinyDB database with two tables::

    {"_meta": {"1": {"schema": 1}}, "ladders": {"<ladder-id>": {...}, ...}}

`parse_tables` reads the bytes as orjson does (core/jsonread.py, which
imports orjson only when it must) and checks the shape of the tables; each
ladder document is checked later, when it is used (`ladder_from_doc`).  A
file that does not pass is never overwritten.
"""

from __future__ import annotations

import gc

from smallwins.core import jsonread

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = 1

META_TABLE = "_meta"
LADDERS_TABLE = "ladders"

Tables = dict[str, "Any"]



class UnusableFile(Exception):
    """The file's content is not a smallwins data file (reason in args[0])."""


def json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null"


class paused_gc:  # noqa: N801 - used as a function is: `with paused_gc():`
    """The cyclic GC paused while a file is parsed.

    A large file allocates a few hundred thousand containers; collections
    triggered in the middle of that scan the whole heap (large in the app)
    and can add more than half again to the parse time.  (A class, not
    `contextlib.contextmanager`: contextlib, with the functools it imports,
    costs a cold `smallwins status` more than this whole module.)
    """

    __slots__ = ("enabled",)

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            gc.enable()


def loads(raw: bytes) -> Any:
    """orjson.loads (as core/jsonread.py reads it) with the cyclic GC paused."""
    with paused_gc():
        return jsonread.reader_for(len(raw))(raw)


def parse_tables(raw: bytes) -> Tables:
    """Parse and check the file's bytes; raise UnusableFile saying what is wrong."""
    if not raw.strip():
        raise UnusableFile("the file is empty")
    try:
        tables = loads(raw)
    except ValueError as exc:
        # orjson's JSONDecodeError: orjson has imported json by then, at no cost here.
        from json import JSONDecodeError

        if not isinstance(exc, JSONDecodeError):
            raise
        raise UnusableFile(
            f"not valid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})"
        ) from None
    if not isinstance(tables, dict):
        raise UnusableFile(f"the top level is {json_type(tables)}, not an object")
    meta = tables.get(META_TABLE)
    if meta is None:
        raise UnusableFile(f"no {META_TABLE} table: not a smallwins data file")
    record = meta.get("1") if isinstance(meta, dict) else None
    schema = record.get("schema") if isinstance(record, dict) else None
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise UnusableFile(f"no valid schema version in {META_TABLE}")
    if schema > SCHEMA_VERSION:
        raise UnusableFile(
            f"written by a newer smallwins (data schema {schema}, "
            f"this version reads up to {SCHEMA_VERSION})"
        )
    ladders = tables.setdefault(LADDERS_TABLE, {})
    if not isinstance(ladders, dict):
        raise UnusableFile(f"{LADDERS_TABLE} is {json_type(ladders)}, not an object")
    for ladder_id, doc in ladders.items():
        if not isinstance(doc, dict):
            raise UnusableFile(f"ladder {ladder_id!r} is {json_type(doc)}, not an object")
    return tables


def empty_tables() -> Tables:
    return {META_TABLE: {"1": {"schema": SCHEMA_VERSION}}, LADDERS_TABLE: {}}


class Stored:
    """A document's JSON, already checked and serialized: written as it is (`pieces`)."""

    __slots__ = ("raw",)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw


def pieces(tables: Tables) -> list[bytes]:
    """`dump(tables)` as byte strings that join to it, a `Stored` document as its own
    bytes: a large file is written a document at a time, never held whole (with the
    serializer's room to grow, a file's size twice over at each change)."""
    out = [b"{"]
    for at, (name, table) in enumerate(tables.items()):
        out.append(b"," + _key(name) if at else _key(name))
        if not (isinstance(table, dict) and any(isinstance(v, Stored) for v in table.values())):
            out.append(dump(table))
            continue
        out.append(b"{")
        for place, (key, doc) in enumerate(table.items()):
            out.append(b"," + _key(key) if place else _key(key))
            out.append(doc.raw if isinstance(doc, Stored) else dump(doc))
        out.append(b"}")
    out.append(b"}")
    return out


def _key(key: object) -> bytes:
    if not isinstance(key, str):  # as orjson refuses it
        raise TypeError(f"a table key must be a string, not {json_type(key)}")
    return dump(key) + b":"


def dump(value: Any) -> bytes:
    import orjson  # only a write pays for importing it

    # Documents are plain JSON: refuse dates and dataclasses instead of letting
    # orjson turn them into strings that would not read back as the same value.
    return orjson.dumps(value, option=orjson.OPT_PASSTHROUGH_DATETIME
                        | orjson.OPT_PASSTHROUGH_DATACLASS)


_LADDERS_HEAD = f'"{LADDERS_TABLE}":{{'.encode()
_DOC_START = b'":{"id":'
"""Where a ladder document begins, as smallwins writes them: `"<id>":{"id":`."""


def split_ladders(raw: bytes) -> tuple[Tables, dict[str, bytes]] | None:
    """The file's other tables, checked, and each ladder document's own bytes, unparsed;
    None when the file is not laid out the way smallwins writes it.

    Parsing a large file whole holds every document at once (and the JSON
    parser's own copy of it); cut in documents, each is parsed, turned into a
    ladder and let go before the next.  The cut is trusted only as far as it
    can be: the file must be exactly the tables up to `"ladders":{`, then
    `"<id>":<document>` entries joined by commas, then `}}`, every id
    different.  Each document is still to be parsed by the caller: if one is
    not a single JSON value the cut was wrong (no cut inside a document
    leaves its braces balanced), and the caller must read the file whole
    (`parse_tables`), which says what is wrong with it.
    """
    body = raw.rstrip()
    hits: list[int] = []
    at = body.find(_DOC_START)
    while at >= 0:
        hits.append(at)
        at = body.find(_DOC_START, at + len(_DOC_START))
    if not hits or not body.endswith(b"}}"):
        return None
    keys = [body.rfind(b'"', 0, hit) for hit in hits]
    head = body[:keys[0]]
    if not head.endswith(_LADDERS_HEAD):
        return None
    ends = [key - 1 for key in keys[1:]] + [len(body) - 2]
    blobs: dict[str, bytes] = {}
    for key, hit, end in zip(keys, hits, ends, strict=True):
        name = body[key + 1:hit]
        if end <= hit or (end < len(body) - 2 and body[end] != 0x2C) \
                or b"\\" in name:  # 0x2C: a comma
            return None
        try:
            ladder_id = name.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if ladder_id in blobs or not ladder_id.isprintable():
            return None
        blobs[ladder_id] = body[hit + 2:end]
    try:
        tables = parse_tables(head + b"}}")
    except UnusableFile:
        return None
    tables.pop(LADDERS_TABLE)
    return tables, blobs
