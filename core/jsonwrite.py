"""JSON text exactly as `json.dumps` writes it, without importing `json`.

The `json` package imports `re` (and with it `enum`): on a cold `smallwins
status` that is some ten milliseconds, more than the line's own work on a
small file.  Its encoder is C (`_json`), and `json.dumps` with its defaults
is that encoder with these arguments; the status cache and the status line
in JSON are written through it (the same text, byte for byte: a test holds
it to `json.dumps`).  Reading is core/jsonread.py.
"""

from __future__ import annotations

from _json import encode_basestring_ascii, make_encoder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SPACED = (", ", ": ")
"""`json.dumps`' own separators."""
COMPACT = (",", ":")


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dumps(value: Any, separators: tuple[str, str] = SPACED) -> str:
    """`json.dumps(value, separators=separators)`: ASCII, NaN allowed, keys in order.

    Raises TypeError for what JSON cannot hold, ValueError for a circular value.
    """
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    item, key = separators
    # A fresh dict of markers each time, as json.dumps makes: it finds circles.
    encode = make_encoder({}, _refuse, encode_basestring_ascii, None, key, item,
                          False, False, True)
    return "".join(encode(value, 0))
