"""core/jsonread.py reads every byte string exactly as orjson does: the same value
(same types: an int stays an int, -0.0 stays -0.0) or the same error."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins.core import jsonread


def exact(value: Any) -> Any:
    """A value with every type spelled out, so 1 and 1.0 (or 0.0 and -0.0) differ."""
    if isinstance(value, dict):
        return ("dict", [(key, exact(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [exact(item) for item in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    return (type(value).__name__, value)


def outcome(read: Any, raw: bytes) -> Any:
    try:
        return ("value", exact(read(raw)))
    except Exception as exc:  # noqa: BLE001 - the error itself is what is compared
        return ("error", type(exc).__name__, str(exc))


def same_as_orjson(raw: bytes) -> None:
    assert outcome(jsonread.loads, raw) == outcome(orjson.loads, raw), raw


CORNERS = [
    b"NaN", b"-Infinity", b"[Infinity]", b"1e400", b"-1e400", b"[1E309]", b"1e-400", b"-1e-400",
    b"18446744073709551615", b"18446744073709551616", b"-9223372036854775808",
    b"-9223372036854775809", b"123456789012345678901234567890", b'{"a":1e5,"b":-0,"c":-0.0}',
    b'"\\ud800"', b'"\\udc00x"', b'"\\ud83d\\ude00"', b'"\\u00e9"', b'"\xed\xa0\x80"',
    b'"\xff"', b"\xef\xbb\xbf{}", b"{}\xef\xbb\xbf", b'{"a":1,"a":2,"b":3}', b"[1,]",
    b'{"a":1,}', b"", b" ", b"01", b"1.", b".5", b"-", b"+1", b"[1 2]", b"{} {}", b"\x00",
    b'"a\x01b"', b'"a\x7fb"', b"\t[\r\n1\n]\r", b"[1]\x0c", b"\xa0[1]", b"true", b"nul",
    b'"\\/\\b\\f\\n\\r\\t\\"\\\\"', b'"\\x"', b'{"a" 1}', b"[" * 2000 + b"]" * 2000,
    b"[" * 900 + b"]" * 900, b"[" * 1100 + b"]" * 1100, b'{"2024-05-01":150,"x":"r"}',
    b"1" * 4400, b"[" + b"1" * 19 + b"]", b'"' + b"9" * 25 + b'"',
]


@pytest.mark.parametrize("raw", CORNERS)
def test_the_corners_where_the_standard_parser_differs(raw: bytes) -> None:
    same_as_orjson(raw)


values = st.recursive(
    st.none() | st.booleans() | st.text(max_size=8)
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(values, st.booleans())
def test_any_value_written_by_the_standard_library(value: Any, ascii_only: bool) -> None:
    same_as_orjson(json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"))


PIECES = [b"{", b"}", b"[", b"]", b'"', b",", b":", b"\\", b"\\u", b"d800", b"0", b"9", b"-",
          b"+", b".", b"e", b"E", b"1e400", b"NaN", b"Infinity", b"true", b"null", b" ", b"\n",
          b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\xc3\xa9", b"\x00", b"\x1f", b"12345678901234567890"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20))
def test_any_jumble_of_json_pieces(pieces: list[bytes]) -> None:
    same_as_orjson(b"".join(pieces))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_stored_ladder_cut_anywhere_or_changed_a_little(data: st.DataObject) -> None:
    raw = (b'{"id":"walk","start":50,"step":2.5,"days":[0,1,2],"events":[["2024-01-02",'
           b'"climb"]],"marks":{"2024-01-01":50,"2024-01-02":"r","2024-01-03":{"t":52.5,'
           b'"a":60,"n":"caf\xc3\xa9 \\" \\\\"}},"extra":[null,true,false,-0.0,1E+2]}')
    at = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(at, len(raw)))
    same_as_orjson(raw[:at] + data.draw(st.sampled_from(PIECES + [b""])) + raw[end:])


def test_orjson_reads_a_large_file_or_once_it_is_imported() -> None:
    assert jsonread.reader_for(jsonread.LARGE + 1) is orjson.loads
    assert jsonread.reader_for(10) is orjson.loads  # imported already, by this test
    probe = ("import sys\nfrom smallwins.core import jsonread\n"
             "print(jsonread.reader_for(10) is jsonread.loads, 'orjson' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "False"]


BROKEN = ['{"a" 1}', '["\x01"]', '["\\q"]', '["abc', '{"a": 1,}', '[1,]', '{1: 2}', "[tru]",
          '{"a": 1} x']


def test_broken_json_is_refused_where_json_was_never_imported() -> None:
    """The C scanner reports most errors through a class of `json.decoder`; where
    nothing imported it, it fails otherwise, and that is a refusal too."""
    probe = ("import sys\nfrom smallwins.core import jsonread\n"
             "refused = []\n"
             f"for text in {BROKEN!r}:\n"
             "    try:\n"
             "        jsonread.loads_text(text)\n"
             "    except ValueError:\n"
             "        refused.append(text)\n"
             "print(len(refused), 'json' in sys.modules)\n"
             f"try:\n    jsonread.loads({BROKEN[0].encode()!r})\n"
             "except Exception as exc:\n    print(type(exc).__name__, exc)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == f"{len(BROKEN)} False"
    assert out[1] == f"JSONDecodeError {outcome(orjson.loads, BROKEN[0].encode())[2]}"
