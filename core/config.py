"""The user's settings: reading `config.toml`, naming its mistakes, saving a setting.

A config file holds `day_starts_at`, `week_starts_on`, `theme` and a `[keys]`
table (action = key).  Anything else, or a bad value, is a `ConfigError`
whose one-line message names the file, the line, the key and the fix; the
CLI turns it into exit code 2 before it touches any data.

`smallwins status` imports this module: tomllib and the helpers for error
messages and saving are imported only when a file exists or is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from smallwins.core.dates import DateError, parse_week_start
from smallwins.core.errors import BadInput

# `typing` costs `smallwins status` a few milliseconds; annotations are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from typing import Any, NoReturn

    _Fail = Callable[[tuple[str, ...], str], NoReturn]

SETTINGS: tuple[str, ...] = ("day_starts_at", "week_starts_on", "theme")
KEYS_TABLE = "keys"

# The remappable actions and their default keys, as Textual key names.  The
# meaning of a key on one screen (h/j/k/l moving the heatmap cursor) is the
# screen's business; only these ids can be remapped.
DEFAULT_KEYS: dict[str, str] = {
    "today": "1",
    "ladders": "2",
    "heatmap": "3",
    "down": "j",
    "up": "k",
    "toggle": "space",
    "rest": "r",
    "new": "n",
    "edit": "e",
    "archive": "a",
    "climb": "c",
    "halve": "h",
    "undo": "u",
    "help": "question_mark",
    "quit": "q",
    "palette": "ctrl+p",
    "prev_year": "left_square_bracket",
    "next_year": "right_square_bracket",
}
KNOWN_ACTIONS: tuple[str, ...] = tuple(DEFAULT_KEYS)

_KNOWN_TOP = "day_starts_at, week_starts_on, theme, [keys]"
_KEY_HINT = 'write a key like "q", "space", "ctrl+x", "f5" or "?"'
_MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(
    {
        "space", "tab", "enter", "escape", "backspace", "delete", "insert",
        "home", "end", "pageup", "pagedown", "up", "down", "left", "right",
        *(f"f{number}" for number in range(1, 25)),
    }
)
# Textual shortens a few Unicode character names (textual.keys).
_NAME_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


@dataclass(frozen=True)
class Config:
    """The settings in effect; defaults for anything the file does not say."""

    day_starts_at: int = 0
    week_starts_on: int = 0  # 0 = Monday
    theme: str = "dark"
    # action id -> Textual key name, only the actions the user remapped.
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    path: Path | None = None

    def key_for(self, action: str) -> str:
        """The key bound to `action`: the user's choice, else the default."""
        return self.keys.get(action, DEFAULT_KEYS[action])

    @property
    def bindings(self) -> dict[str, str]:
        """Every known action with the key it is bound to."""
        return {action: self.key_for(action) for action in KNOWN_ACTIONS}


class ConfigError(BadInput):
    """A config file that cannot be used (bad input: exit code 2).

    The message is one line: `<file> line <n>: <what is wrong>; <what to do>`.
    """

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path} line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[type[ConfigError], tuple[Path, int | None, str]]:
        return (type(self), (self.path, self.line, self.problem))


# --- keys -------------------------------------------------------------------


def _char_key(char: str) -> str | None:
    """Textual's key name for typing `char` (`?` -> `question_mark`), or None."""
    if char.isalnum():
        return char
    if char == "\t":
        return "tab"
    import unicodedata

    try:
        name = unicodedata.name(char)
    except ValueError:  # control characters have no name
        return None
    key = name.lower().replace("-", "_").replace(" ", "_")
    return _NAME_REPLACEMENTS.get(key, key)


def _is_char_name(name: str) -> bool:
    """Whether `name` is Textual's name of a printable non-alphanumeric character."""
    import string
    import unicodedata

    if any(_char_key(char) == name for char in string.punctuation):
        return True
    try:
        char = unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return False
    # lookup() also knows named sequences of several characters.
    return len(char) == 1 and char.isprintable() and _char_key(char) == name


def parse_key(value: object) -> str:
    """The Textual key name for a key as written in the config.

    Accepts letters, digits, names (`space`, `f5`, `question_mark`), modifiers
    (`ctrl+x`) and literal characters (`?`, `[`, `]`), which become Textual's
    names.  Raises ValueError with a short reason for anything else.
    """
    if not isinstance(value, str):
        raise ValueError("it is not a string in quotes")
    text = value if len(value) == 1 else value.strip()
    if not text:
        raise ValueError("it is empty")
    *mods, key = [text] if len(text) == 1 else text.split("+")
    if not key:
        raise ValueError("nothing follows the last '+' (the '+' key is \"plus\")")
    seen: list[str] = []
    for mod in mods:
        mod = mod.strip().lower()
        if mod not in _MODIFIERS or mod in seen:
            raise ValueError(
                f"{_show(mod)} is not a modifier, or is repeated "
                "(modifiers: ctrl, alt, shift, meta, super, hyper)"
            )
        seen.append(mod)
    key = key.strip() if len(key) > 1 else key
    if len(key) == 1:
        name = _char_key(key)
        if name is None:
            raise ValueError("that character cannot be typed as a key")
        if seen and name.isalpha():
            name = name.lower()
    else:
        name = key.lower()
        if name not in _NAMED_KEYS and not _is_char_name(name):
            raise ValueError(f"{_show(key)} is not a key name")
    return "+".join([*seen, name])


# --- finding the line of a key ----------------------------------------------


def _split_key(text: str) -> tuple[str, ...] | None:
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


def _find_equals(line: str) -> int:
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


def _scan(lines: list[str]) -> Iterator[tuple[int, str, tuple[str, ...]]]:
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
            path = _split_key(inner[: inner.find("]")]) if "]" in inner else None
            if path is not None:
                table = path
                yield index, "table", table
            continue
        equals = _find_equals(line)
        path = _split_key(line[:equals]) if equals > 0 else None
        if path is None:
            continue
        yield index, "key", table + path
        value = line[equals + 1 :].lstrip()
        for delimiter in ('"""', "'''"):
            if value.startswith(delimiter) and delimiter not in value[3:]:
                closing = delimiter


def _line_of(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based line where `path` (or its nearest written parent) is defined."""
    found: dict[tuple[str, ...], int] = {}
    for index, _kind, full in _scan(text.split("\n")):
        for length in range(1, len(full) + 1):
            found.setdefault(full[:length], index + 1)
    while path:
        if path in found:
            return found[path]
        path = path[:-1]
    return None


# --- reading ----------------------------------------------------------------


def _show(value: object) -> str:
    """A value as it would be written in TOML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return repr(value)


def _toml_string(text: str) -> str:
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


def _suggest(name: str, known: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.7)
    return f"did you mean '{close[0]}'?" if close else "rename or remove it"


def _decode(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            path, line, "is not UTF-8 text; save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _syntax_error(exc: Exception, text: str, path: Path) -> ConfigError:
    message = str(exc)
    line: int | None = None
    detail = message
    marker = message.rfind(" (at line ")
    if marker >= 0:
        detail = message[:marker]
        position = message[marker + len(" (at line ") : -1]
        number, _, column = position.partition(", column ")
        if number.isdigit():
            line = int(number)
            detail += f" at column {column}" if column.isdigit() else ""
    if detail.startswith("Cannot overwrite a value"):
        detail += " (is a key set twice?)"
    elif message.endswith(" (at end of document)"):
        detail = message.removesuffix(" (at end of document)") + " at the end of the file"
        line = text.count("\n") + 1
    near = ""
    if line is not None:
        source = text.split("\n")[line - 1].strip() if line <= text.count("\n") + 1 else ""
        if source:
            near = f" in `{source[:60]}{'...' if len(source) > 60 else ''}`"
    return ConfigError(path, line, f"not valid TOML: {detail}{near}; fix that line")


def _parse(text: str, path: Path) -> Config:
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, path) from None
    return _validate(doc, text, path)


def _validate(doc: dict[str, Any], text: str, path: Path) -> Config:
    def fail(key_path: tuple[str, ...], problem: str) -> NoReturn:
        raise ConfigError(path, _line_of(text, key_path), problem)

    settings: dict[str, Any] = {}
    keys: dict[str, str] = {}
    for name, value in doc.items():
        if name == "day_starts_at":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
                hint = (
                    f"write it without quotes: day_starts_at = {value.strip()}"
                    if isinstance(value, str) and value.strip().isdigit()
                    else "e.g. day_starts_at = 4 for days that start at 4 am"
                )
                fail(
                    (name,),
                    f"day_starts_at must be a whole hour 0-23, got {_show(value)}; {hint}",
                )
            settings[name] = value
        elif name == "week_starts_on":
            try:
                settings[name] = parse_week_start(value)
            except DateError:
                fail(
                    (name,),
                    f"week_starts_on must be a weekday name (monday ... sunday), "
                    f'got {_show(value)}; e.g. week_starts_on = "monday"',
                )
        elif name == "theme":
            if not isinstance(value, str) or not value.strip():
                fail(
                    (name,),
                    f"theme must be a theme name in quotes, got {_show(value)}; "
                    'e.g. theme = "dark"',
                )
            if "/" in value or "\\" in value:
                fail(
                    (name,),
                    f"theme must be a theme name, not a path, got {_show(value)}; "
                    "put theme files in the themes folder beside the config file",
                )
            settings[name] = value.strip()
        elif name == KEYS_TABLE:
            if not isinstance(value, dict):
                fail(
                    (name,),
                    f"keys must be a table, got {_show(value)}; "
                    'write [keys] and below it lines like quit = "q"',
                )
            keys = _validate_keys(value, fail)
        elif isinstance(value, dict):
            fail(
                (name,),
                f"unknown table [{name}] (known: [keys]); {_suggest(name, (KEYS_TABLE,))}",
            )
        else:
            fail(
                (name,),
                f"unknown key '{name}' (known: {_KNOWN_TOP}); {_suggest(name, SETTINGS)}",
            )
    return Config(keys=MappingProxyType(keys), path=path, **settings)


def _validate_keys(table: dict[str, Any], fail: _Fail) -> dict[str, str]:
    """The user's key overrides, normalised; no two actions may share a key."""
    keys: dict[str, str] = {}
    for action, value in table.items():
        if action not in DEFAULT_KEYS:
            hint = (
                f"settings like {action} go above the first [table]"
                if action in SETTINGS
                else _suggest(action, KNOWN_ACTIONS)
            )
            fail(
                (KEYS_TABLE, action),
                f"[keys] has unknown action '{action}' (known: {', '.join(KNOWN_ACTIONS)}); {hint}",
            )
        try:
            keys[action] = parse_key(value)
        except ValueError as exc:
            fail(
                (KEYS_TABLE, action),
                f"[keys] {action} = {_show(value)} is not a key: {exc}; {_KEY_HINT}",
            )
    bound: dict[str, str] = {}
    for action in KNOWN_ACTIONS:
        key = keys.get(action, DEFAULT_KEYS[action])
        other = bound.get(key)
        if other is not None:
            mine, theirs = (action, other) if action in keys else (other, action)
            fail(
                (KEYS_TABLE, mine),
                f"[keys] {mine} = {_show(key)} is already the key of '{theirs}'; "
                f"choose another key or remap {theirs} too",
            )
        bound[key] = action
    return keys


def load_config(path: Path) -> Config:
    """The settings in `path`; defaults (with `path` set) when it does not exist.

    Raises ConfigError for a file that cannot be read, does not parse, or
    holds an unknown key or a bad value.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise ConfigError(
            path,
            None,
            f"cannot be read ({exc.strerror or exc}); fix it or pass --config another file",
        ) from None
    return _parse(_decode(data, path), path)


# --- saving -----------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    """Lines with their endings; only `\\n` ends a line, as in TOML."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _literal(key: str, value: str | int) -> str:
    if key == "day_starts_at" and (
        (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, str) and value.strip().isdigit())
    ):
        return str(int(value))
    return _toml_string(str(value))


def _rewrite_line(line: str, literal: str) -> str:
    """`line` (a `key = value  # comment` line) with its value replaced."""
    import tomllib

    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    equals = _find_equals(body)
    head, rest = body[: equals + 1], body[equals + 1 :]
    lead = rest[: len(rest) - len(rest.lstrip())] or " "
    comment = ""
    # The comment starts at the first '#' before which the value parses.
    for index, char in enumerate(rest):
        if char == "#":
            try:
                tomllib.loads("v =" + rest[:index])
            except tomllib.TOMLDecodeError:
                continue
            value = rest[:index]
            comment = value[len(value.rstrip()) :] + rest[index:]
            break
    return head + lead + literal + comment + ending


def _with_setting(text: str, key: str, literal: str) -> str:
    lines = _split_lines(text)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    first_table = len(lines)
    for index, kind, path in _scan(lines):
        if kind == "table":
            first_table = index
            break
        if path == (key,):
            lines[index] = _rewrite_line(lines[index], literal)
            return "".join(lines)
    new_line = f"{key} = {literal}{newline}"
    if first_table == len(lines):
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        return "".join(lines) + new_line
    # Go above the comments that describe the table (unless they open the
    # file) and above the blank lines that set the table apart.
    at = first_table
    while at > 0 and lines[at - 1].lstrip().startswith("#"):
        at -= 1
    if at == 0:
        at = first_table
    while at > 0 and not lines[at - 1].strip():
        at -= 1
    if lines[at].strip():
        new_line += newline
    return "".join(lines[:at] + [new_line] + lines[at:])


def _write_atomic(target: Path, data: bytes, mode: int) -> None:
    """Replace `target` by `data` so a crash leaves the old or the new file, whole."""
    import tempfile

    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def save_setting(path: Path, key: str, value: str | int) -> None:
    """Remember one top-level setting (e.g. the chosen theme) in the config file.

    Rewrites the `key = ...` line in place, or adds one above the first table;
    every other line and comment stays byte for byte.  Creates the file (0600)
    and its folder (0700) when missing.  The new text is validated before it
    is written atomically, so a bad value raises ConfigError and leaves the
    file as it was.
    """
    if key not in SETTINGS:
        raise ValueError(f"cannot save unknown setting {key!r} (known: {', '.join(SETTINGS)})")
    # Write through a symlink (dotfiles managers) rather than replace it.
    target = Path(os.path.realpath(path))
    try:
        data: bytes | None = target.read_bytes()
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        data, mode = None, 0o600
    except OSError as exc:
        raise ConfigError(
            path, None, f"cannot be read ({exc.strerror or exc}); nothing was saved"
        ) from None
    bom = data is not None and data.startswith(b"\xef\xbb\xbf")
    text = _decode(data, path) if data is not None else ""
    new_text = _with_setting(text, key, _literal(key, value))
    try:
        _parse(new_text, path)
    except ConfigError as exc:
        raise ConfigError(path, exc.line, f"{exc.problem}; nothing was saved") from None
    try:
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True, mode=0o700)
            os.chmod(target.parent, 0o700)  # mkdir's mode is narrowed by the umask
        _write_atomic(target, (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8"), mode)
    except OSError as exc:
        raise ConfigError(
            path, None, f"cannot be written ({exc.strerror or exc}); nothing was saved"
        ) from None
