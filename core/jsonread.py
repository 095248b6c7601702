"""Reading JSON exactly as orjson reads it, mostly without importing orjson.

orjson imports uuid (and with it platform), dataclasses (and inspect, ast,
dis) and json the first time it is imported: on `smallwins status` with no
cache that cost more than reading the whole file.  The standard library's
parser, already cheap to import, gives the same values for JSON that orjson
accepts, except in a few corners it is more lenient in or reads otherwise:

- NaN, Infinity, -Infinity and numbers too large for a float (1e400): the
  standard parser accepts them, orjson refuses them;
- integers outside 64 bits: orjson reads them as floats;
- `\\u` escapes of lone surrogates: orjson refuses them;
- bytes that are not UTF-8 (surrogates encoded in UTF-8 too), a byte order mark;
- nesting past the recursion limit.

`loads` reads with the standard parser only when none of these can occur
(no `\\u` escape, no run of 19 digits, text that decodes as UTF-8, no
constant, every float finite); anything else is read by orjson itself, so
the value or the error (`orjson.JSONDecodeError`, a `json.JSONDecodeError`)
is orjson's in every case.  A file smallwins wrote takes the quick way.

The standard parser is used through its C scanner (`_json`), with none of
the `json` package around it: that package imports `re` (and with it
`enum`), some ten milliseconds of a cold `smallwins status` that reads a
small file.  The scanner is the one `json.loads` itself calls.

The standard parser is slower: past about three quarters of a megabyte of
JSON it costs more than importing orjson does (measured on a cold
`smallwins status`), so a larger file, or a process that has imported
orjson already (one that has written the file), is read by orjson (`reader_for`).
"""

from __future__ import annotations

import sys
from _json import make_scanner

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_LONG_DIGITS = b"0" * 19
"""Nineteen digits in a row: an integer that may not fit 64 bits (or digits in a text)."""
_ONLY_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
"""Translates each digit to 0, everything else to a space."""


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value - value != 0.0:  # inf - inf is nan
        raise ValueError(f"{text} is too large for a float")
    return value


class _Context:
    """What the C scanner reads of a `json.JSONDecoder`: the same options."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_int = int
    parse_float = staticmethod(_finite_float)
    parse_constant = staticmethod(_refuse_constant)


_SCAN = make_scanner(_Context())  # type: ignore[arg-type]  # it reads the attributes only
_SCAN_FAILED = (ValueError, RecursionError, StopIteration, SystemError)
"""How the scanner refuses text: StopIteration where a value was expected, else
JSONDecodeError; but it finds that class only in an imported `json.decoder`,
and with none (Python 3.11) fails as a SystemError instead."""
_WHITESPACE = " \t\n\r"
"""What JSON allows around a value (and `json.loads` skips)."""


def loads(raw: bytes) -> Any:
    """The value of the JSON document `raw`, as `orjson.loads(raw)` gives it.

    Raises what orjson raises for bytes that are not one JSON value.
    """
    if b"\\u" not in raw and _LONG_DIGITS not in raw.translate(_ONLY_DIGITS):
        try:
            return loads_text(raw.decode("utf-8"))
        except ValueError:  # not one JSON value, not UTF-8
            pass  # orjson says what is wrong, in its words, or reads it as it does
    import orjson

    return orjson.loads(raw)


def loads_text(text: str) -> Any:
    """The value of JSON `text` as `json.loads` reads it but with no constants or
    overflowing floats (the status cache, which smallwins wrote itself, is read with
    this alone); a ValueError for anything that is not one JSON value."""
    text = text.strip(_WHITESPACE)
    try:
        value, end = _SCAN(text, 0)
    except _SCAN_FAILED:
        raise ValueError("not one JSON value") from None
    if end != len(text):
        raise ValueError(f"more than one JSON value: extra data at character {end}")
    return value


LARGE = 3 << 18
"""Bytes of JSON past which importing orjson costs less than the slower parse."""


def reader_for(size: int) -> Callable[[bytes], Any]:
    """The quicker way to read `size` bytes of JSON: `loads`, or orjson's own
    `loads` when it is imported already or the bytes are many (the same values)."""
    if "orjson" in sys.modules or size > LARGE:
        import orjson

        return orjson.loads
    return loads
