"""The first status call of a new day resumes from the cache, and says what a cold call says."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallwins.core import status
from smallwins.core.config import Config
from smallwins.core.model import Ladder, Win, ladder_to_doc
from tests.core.test_rules_properties import SPAN, START, ladders


def write_file(folder: Path, lads) -> str:
    docs = {}
    for n, lad in enumerate(lads):
        doc = ladder_to_doc(lad)
        doc["id"] = f"{doc['id']}-{n}"
        doc["created"] = n
        docs[doc["id"]] = doc
    path = folder / "smallwins.json"
    path.write_bytes(orjson.dumps({"_meta": {"1": {"schema": 1}}, "ladders": docs}))
    return str(path)


def config_of(path: str) -> str:
    return str(Path(path).parent / "config.toml")  # none: the defaults


def info(path: str, day) -> dict:
    return json.loads(status.answer(path, config_of(path), day.isoformat(), "json"))


def resumable(path: str, day) -> bool:
    """Whether a call for `day` would resume from the cache now."""
    return status.resumed(status.intact(path), config_of(path), Config(), day,
                          status.signature_text(path)) is not None


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ladders(), min_size=1, max_size=3), st.integers(0, SPAN), st.integers(1, 9))
def test_a_new_day_resumed_from_the_cache_reads_as_a_cold_call(tmp_path_factory, lads, a, more):
    path = write_file(tmp_path_factory.mktemp("d"), lads)
    first = START + timedelta(days=a)
    later = first + timedelta(days=more)
    info(path, first)  # the cache of an earlier day
    assert resumable(path, later)
    resumed = info(path, later)
    os.unlink(path + status.CACHE_SUFFIX)
    assert resumable(path, later) is False
    assert resumed == info(path, later)
    # The resumed call left a cache the next day resumes from too.
    assert resumable(path, later + timedelta(days=1))


def test_what_the_section_cannot_vouch_for_is_read_from_the_file(tmp_path):
    lad = Ladder(id="walk", identity="I move", action="walk", unit="steps", start=5, step=5,
                 start_day=START, hold=2,
                 marks={START + timedelta(days=n): Win(5) for n in range(0, 20) if n != 7})
    path = write_file(tmp_path, [lad])
    day = START + timedelta(days=20)
    cold = info(path, day + timedelta(days=1))
    cache = Path(path + status.CACHE_SUFFIX)

    def section_replaced(text: str) -> None:
        """The section replaced, and the cache's check made again to match: what is
        tried is the section's own reading, not the check."""
        info(path, day)
        lines = cache.read_bytes().split(b"\n")
        lines[status.LINES + 1] = text.encode()
        body = b"\n".join(lines[:status.LINES + 3]) + b"\n"
        cache.write_bytes(body + status.check_of_all(body) + b"\n")

    info(path, day)
    good = cache.read_text().split("\n")[status.LINES + 1]
    section_replaced(good)
    assert resumable(path, day + timedelta(days=1))  # made again as it was, it is used
    entries = json.loads(good)
    broken = [
        "-", good[:40], "{}", "[1]",
        json.dumps([{**entries[0], "carry": [*entries[0]["carry"][:5], -1,
                                              *entries[0]["carry"][6:]]}]),
        json.dumps([{**entries[0], "carry": entries[0]["carry"][:11]}]),
        json.dumps([{**entries[0], "ladder": {**entries[0]["ladder"], "hold": 0}}]),
        # Days past any date: too large for Python's dates (OverflowError, not ValueError).
        json.dumps([{**entries[0], "carry": [*entries[0]["carry"][:8],
                                              [2**31, 5, "start", None],
                                              *entries[0]["carry"][9:]]}]),
        json.dumps([{**entries[0], "carry": [*entries[0]["carry"][:8],
                                              [1, 5, "drop-back", 2**70],
                                              *entries[0]["carry"][9:]]}]),
    ]
    for text in broken:
        section_replaced(text)
        assert not resumable(path, day + timedelta(days=1)), text
        assert info(path, day + timedelta(days=1)) == cold, text
    # A carry from a later day than asked, or a changed file, is not used either.
    info(path, day + timedelta(days=3))
    assert not resumable(path, day + timedelta(days=1))
    info(path, day)
    Path(path).write_bytes(Path(path).read_bytes() + b" ")
    assert not resumable(path, day + timedelta(days=1))


def _one_by_one(rows) -> tuple:
    """Levels read a row at a time, as `levels_from` reads what its bulk read doubts."""
    from smallwins.core.status_resume import level_from

    made: list = []
    for row in rows:
        made.append(level_from(row, made[-1].day.toordinal() if made else 1))
    if not made or made[0].reason != "start":
        raise ValueError("the levels do not begin at the start")
    return tuple(made)


def _reading(read, rows):
    try:
        levels = read(rows)
    except (ValueError, TypeError, OverflowError):  # LimitError is a ValueError
        return ("refused",)  # every one of them: the cache is not used
    return ("read", levels, [[type(getattr(lv, f)) for f in ("target", "missed")]
                             for lv in levels])


_values = st.one_of(st.integers(-3, 740_000), st.sampled_from([1.0, 2.5, 0.1, 1e-30, 1e20,
                                                                True, None, "5", [1], 2**31,
                                                                2**70]))
_level_rows = st.lists(
    st.one_of(
        st.tuples(st.integers(730_000, 730_060), st.one_of(st.integers(1, 60),
                                                            st.sampled_from([2.5, 3.0, 1.5])),
                  st.sampled_from(["start", "climb", "drop-back", "halve", "edit"]),
                  st.one_of(st.none(), st.integers(730_000, 730_060),
                            st.sampled_from([2**31, 2**70]))).map(list),
        st.lists(_values, min_size=0, max_size=5)),
    max_size=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_level_rows, st.booleans())
def test_levels_read_in_bulk_read_as_one_by_one(rows, ordered) -> None:
    """Whatever the cache's level rows hold, the bulk read gives the levels (their
    types too) that reading them one by one gives, or refuses them as it does."""
    from smallwins.core.status_resume import levels_from

    if ordered and rows and all(isinstance(r, list) and len(r) == 4
                                and isinstance(r[0], int) for r in rows):
        rows = sorted(rows, key=lambda r: r[0])
        rows[0][2] = "start"
    assert _reading(levels_from, rows) == _reading(_one_by_one, rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=40), max_size=8))
def test_the_check_of_a_cache_in_pieces_is_the_check_of_the_pieces_joined(pieces) -> None:
    """The cache is written in pieces, never joined; read back, it is checked whole."""
    joined = b"".join(pieces)
    assert status.check_of_all(*pieces) == status.check_of_all(joined)
    if joined:  # and a change anywhere is still seen
        changed = bytes([joined[0] ^ 1]) + joined[1:]
        assert status.check_of_all(changed) != status.check_of_all(*pieces)
