"""The data file written a document at a time: the same bytes as written whole."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import orjson
import pytest

from smallwins.core import fileio
from smallwins.core.fileformat import SCHEMA_VERSION, Stored, dump, pieces, split_ladders
from smallwins.core.storage import DataFile

IDS = ["walk", "é-ü", "a\"b", "漢字", "tab\there", "x" * 60]


def _tables(rng: random.Random) -> dict[str, Any]:
    ladders = {}
    for lid in rng.sample(IDS, rng.randint(0, len(IDS))):
        marks = {f"2026-01-0{d}": d for d in range(1, rng.randint(1, 9))}
        ladders[lid] = {"id": lid, "n": rng.random(), "marks": marks}
    meta = {"1": {"schema": 1, "other": rng.choice([None, "ß", [1, 2.5], {}])}}
    return {"_meta": meta, "ladders": ladders}


@pytest.mark.parametrize("seed", range(40))
def test_pieces_join_to_the_whole_dump(seed: int) -> None:
    rng = random.Random(seed)
    tables = _tables(rng)
    whole = dump(tables)
    # Some documents as their stored bytes, some still as values.
    mixed = {name: dict(table) for name, table in tables.items()}
    for key, doc in mixed["ladders"].items():
        if rng.random() < 0.7:
            mixed["ladders"][key] = Stored(dump(doc))
    assert b"".join(pieces(mixed)) == whole
    assert b"".join(pieces(tables)) == whole


def test_a_stored_document_is_written_as_it_is() -> None:
    raw = b'{"id":"a","kept":"as  it  was"}'
    meta = {"1": {"schema": SCHEMA_VERSION}}
    joined = b"".join(pieces({"_meta": meta, "ladders": {"a": Stored(raw)}}))
    assert joined == dump({"_meta": meta})[:-1] + b',"ladders":{"a":' + raw + b"}}"
    assert split_ladders(joined) is not None  # still cut in documents when read


def test_a_key_that_is_not_a_string_is_refused_as_orjson_refuses_it() -> None:
    with pytest.raises(orjson.JSONEncodeError):
        dump({"ladders": {1: {}}})
    with pytest.raises(TypeError, match="a table key must be a string, not a number"):
        pieces({"ladders": {1: Stored(b"{}")}})


def test_a_stored_document_cannot_be_dumped_by_mistake() -> None:
    with pytest.raises(orjson.JSONEncodeError):
        dump({"a": Stored(b"{}")})


@pytest.mark.parametrize("cap", [1, 3, 7, 1000])
def test_short_writes_still_write_every_piece(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              cap: int) -> None:
    """writev and write may write less than asked: the rest follows, in order."""
    real_writev, real_write = os.writev, os.write
    calls: list[str] = []

    def short_writev(fd: int, buffers: list[bytes]) -> int:
        calls.append("writev")
        first = next((b for b in buffers if len(b)), b"")
        return real_writev(fd, [bytes(first)[:cap]])

    def short_write(fd: int, data: Any) -> int:
        calls.append("write")
        return real_write(fd, bytes(data)[:cap])

    monkeypatch.setattr(os, "writev", short_writev)
    monkeypatch.setattr(os, "write", short_write)
    payload = [b"", b"alpha", b"", b"beta-gamma", b"d" * 50] * 300  # more than one batch
    target = tmp_path / "out"
    fileio.write_new_private(target, payload)
    assert target.read_bytes() == b"".join(payload)
    assert "write" in calls and calls.count("writev") >= 2


def test_a_change_writes_the_file_a_reader_expects(tmp_path: Path) -> None:
    """Through TinyDB, the file written in pieces reads back, and is the whole dump."""
    data = DataFile(tmp_path / "smallwins.json")

    def add(docs: Any) -> None:
        for lid in IDS:
            docs[lid] = {"id": lid, "marks": {"2026-01-01": 1}}

    data.transact(add)

    def change(docs: Any) -> None:
        docs["walk"]["marks"]["2026-01-02"] = 2

    data.transact(change)
    raw = data.path.read_bytes()
    tables = orjson.loads(raw)
    assert dump(tables) == raw
    assert tables["ladders"]["walk"]["marks"] == {"2026-01-01": 1, "2026-01-02": 2}
    assert list(tables["ladders"]) == IDS
