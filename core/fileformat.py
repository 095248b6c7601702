"""The data file's format: TinyDB's JSON layout, its schema version, and its checks.

The file is one TinyDB database with two tables::

    {"_meta": {"1": {"schema": 1}}, "ladders": {"<ladder-id>": {...}, ...}}

`parse_tables` reads the bytes with orjson and checks the shape of the
tables; each ladder document is checked later, when it is used
(`ladder_from_doc`).  A file that does not pass is never overwritten.
"""

from __future__ import annotations

import gc
from typing import Any

import orjson

SCHEMA_VERSION = 1

META_TABLE = "_meta"
LADDERS_TABLE = "ladders"

Tables = dict[str, Any]

# Documents are plain JSON: refuse dates and dataclasses instead of letting
# orjson turn them into strings that would not read back as the same value.
_DUMP_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


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


def loads(raw: bytes) -> Any:
    """orjson.loads with the cyclic GC paused.

    A large file allocates a few hundred thousand containers; collections
    triggered in the middle of that scan the whole heap (large in the app)
    and can add more than half again to the parse time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(raw)
    finally:
        if enabled:
            gc.enable()


def parse_tables(raw: bytes) -> Tables:
    """Parse and check the file's bytes; raise UnusableFile saying what is wrong."""
    if not raw.strip():
        raise UnusableFile("the file is empty")
    try:
        tables = loads(raw)
    except orjson.JSONDecodeError as exc:
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


def dump(value: Any) -> bytes:
    return orjson.dumps(value, option=_DUMP_OPTIONS)
