"""Text on its way to a terminal: control characters escaped, glyphs the output can show.

A ladder's words and notes are the user's, and a file written before the
rule against control characters (core/limits.py) may still hold some: an
escape sequence printed as it is could clear the screen, retitle the
window or write to the clipboard.  Every line the command line prints goes
through `printable`, which shows each control character as an escape
(`\\x1b`, `\\n`), so one line stays one line and nothing reaches the
terminal but text.

The glyphs (✔ ○ – · ▲ ½ ▸ ✗ ⚠ → ⊘ and the review's bars) need an output that
can encode them; when stdout cannot (`PYTHONIOENCODING=ascii`, an old
locale), `for_stream` uses the ASCII glyphs decided here, and anything else
that still does not fit is shown as a backslash escape, never an error.

This module imports only `sys`: `smallwins status` uses it on every call.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO


def _escape(code: int) -> str:
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
    if code in named:
        return named[code]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
_ESCAPES = {code: _escape(code) for code in _CONTROLS}
_ESCAPES_KEEP_LINES = {code: text for code, text in _ESCAPES.items() if code != 0x0A}

ASCII_GLYPHS = {
    "✔": "x",  # done
    "○": "o",  # due, not done
    "–": "-",  # rest day
    "·": "|",  # separator of the status line
    "▲": "^",  # ready to climb
    "½": "1/2",  # halved
    "▸": ">",  # the selected row
    "✗": "!",  # a refusal
    "…": "...",
    "—": "-",
    "⚠": "!",  # a reminder: wins still due
    "→": "->",
    "⊘": "/",  # archived
    # the review's bars, lowest to highest
    "▁": "_", "▂": ".", "▃": "-", "▄": "=", "▅": "+", "▆": "*", "▇": "#", "█": "@",
}
_ASCII = str.maketrans(ASCII_GLYPHS)


def escape_char(char: str) -> str:
    """One control character as it is shown: `\\x1b`, `\\n`, `\\u2028`."""
    return _escape(ord(char))


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\n`).

    With `keep_newlines`, line breaks stay (a CSV field, a note shown on
    several lines); a carriage return never does.
    """
    return text.translate(_ESCAPES_KEEP_LINES if keep_newlines else _ESCAPES)


def ascii_glyphs(text: str) -> str:
    """`text` with smallwins' glyphs replaced by their ASCII equivalents."""
    return text.translate(_ASCII)


def fits(text: str, stream: TextIO | object) -> bool:
    """Whether `stream` can write `text` as it is (no encoding: it can)."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def for_stream(text: str, stream: TextIO | object) -> str:
    """`text` as `stream` can write it: ASCII glyphs, then escapes, if it must."""
    if fits(text, stream):
        return text
    encoding = getattr(stream, "encoding", None) or "ascii"
    text = ascii_glyphs(text)
    try:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        return text.encode("ascii", "backslashreplace").decode("ascii")


def write_line(text: str, stream: TextIO | None = None) -> None:
    """One line of the program's output (stdout unless told): control characters
    escaped, glyphs the stream can show, flushed."""
    stream = sys.stdout if stream is None else stream
    stream.write(for_stream(printable(text) + "\n", stream))
    stream.flush()


def json_text(value: Any, indent: int = 2) -> str:
    """`value` as JSON for stdout: exact either way, with \\u escapes when stdout
    cannot encode more than ASCII (JSON escapes control characters itself)."""
    import json

    return json.dumps(value, ensure_ascii=not fits("✔", sys.stdout), indent=indent) + "\n"
