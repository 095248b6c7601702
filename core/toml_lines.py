"""Where a key is written in a TOML file, for error messages that name the line.

tomllib reports no positions for semantic errors (an unknown key, a bad
value), so this small scanner finds the line that defines a key path,
skipping comments and multi-line strings.
"""

from __future__ import annotations

from collections.abc import Iterator


def split_key(text: str) -> tuple[str, ...] | None:
    """The parts of a TOML (dotted, maybe quoted) key, or None if it is not one."""
    parts: list[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return None
        if text[i] in "\"'":
            end = text.find(text[i], i + 1)
            if end < 0:
                return None
            parts.append(text[i + 1 : end])
            i = end + 1
        else:
            start = i
            while i < n and (text[i].isascii() and text[i].isalnum() or text[i] in "_-"):
                i += 1
            if i == start:
                return None
            parts.append(text[start:i])
        while i < n and text[i] in " \t":
            i += 1
        if i == n:
            return tuple(parts)
        if text[i] != ".":
            return None
        i += 1


def find_equals(line: str) -> int:
    """The index of the `=` after a key, skipping quoted key parts; -1 if none."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "=":
            return index
        elif char == "#":
            return -1
    return -1


def scan(lines: list[str]) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(index, kind, full key path) of each table header and key line.

    Kind is "table" or "key".  Lines inside multi-line strings are skipped.
    tomllib reports no positions for semantic errors; this finds them.
    """
    table: tuple[str, ...] = ()
    closing = ""
    for index, raw in enumerate(lines):
        line = raw.strip()
        if closing:
            if closing in line:
                closing = ""
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            inner = line[2:] if line.startswith("[[") else line[1:]
            path = split_key(inner[: inner.find("]")]) if "]" in inner else None
            if path is not None:
                table = path
                yield index, "table", table
            continue
        equals = find_equals(line)
        path = split_key(line[:equals]) if equals > 0 else None
        if path is None:
            continue
        yield index, "key", table + path
        value = line[equals + 1 :].lstrip()
        for delimiter in ('"""', "'''"):
            if value.startswith(delimiter) and delimiter not in value[3:]:
                closing = delimiter


def line_of(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based line where `path` (or its nearest written parent) is defined."""
    found: dict[tuple[str, ...], int] = {}
    for index, _kind, full in scan(text.split("\n")):
        for length in range(1, len(full) + 1):
            found.setdefault(full[:length], index + 1)
    while path:
        if path in found:
            return found[path]
        path = path[:-1]
    return None


def show_value(value: object) -> str:
    """A value as it would be written in TOML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return repr(value)


def toml_string(text: str) -> str:
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
