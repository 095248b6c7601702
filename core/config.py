"""The user's settings: reading `config.toml`, naming its mistakes, saving a setting.

A config file holds `day_starts_at`, `week_starts_on`, `theme`, a `[keys]`
table (action = key, the actions of core/actions.py) and a `[status]` table
(piece = tmux style, the look of `status --format tmux`).  Anything else, or a
bad value, is a `ConfigError` whose one-line message names the file, the
line, the key and the fix; the command line turns it into exit code 2
before it touches any data.

`smallwins status` imports this module when it recomputes: tomllib and the
helpers for error messages and saving are imported only when needed.
Saving a setting goes through tomlkit, which keeps the user's comments and
layout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from smallwins.core.dates import DateError, parse_week_start
from smallwins.core.errors import BadInput
from smallwins.core.toml_lines import line_of, show_value

# `typing` costs `smallwins status` a few milliseconds; annotations are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, NoReturn

    _Fail = Callable[[tuple[str, ...], str], NoReturn]

SETTINGS: tuple[str, ...] = ("day_starts_at", "week_starts_on", "theme", "remind_at")
KEYS_TABLE = "keys"
STATUS_TABLE = "status"
STATUS_STYLES: Mapping[str, str] = MappingProxyType({
    "done": "bold",
    "todo": "reverse",
    "nudge": "bold,reverse",
    "paused": "",
    "streak": "",
    "ready": "bold,underscore",
})
"""The pieces of the tmux status segment and their default tmux styles: only
attributes and the bar's own colours, readable on whatever bar they sit on."""
MAX_CONFIG_BYTES = 1 << 20
"""A config file is a few lines; anything this large is not one."""

_KNOWN_TOP = "day_starts_at, week_starts_on, theme, remind_at, [keys], [status]"
_TABLES = (KEYS_TABLE, STATUS_TABLE)


@dataclass(frozen=True)
class Config:
    """The settings in effect; defaults for anything the file does not say."""

    day_starts_at: int = 0
    week_starts_on: int = 0  # 0 = Monday
    theme: str = "dark"
    remind_at: tuple[int, int] | None = None
    """(hour, minute) after which a day with wins still due nudges; None: never."""
    # action id -> Textual key name, only the actions the user remapped.
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # piece of the tmux status segment -> tmux style, every piece.
    status: Mapping[str, str] = field(default_factory=lambda: STATUS_STYLES)
    path: Path | None = None

    def key_for(self, action: str) -> str:
        """The key bound to `action`: the user's choice, else the default."""
        from smallwins.core.actions import DEFAULT_KEYS

        return self.keys.get(action, DEFAULT_KEYS[action])

    @property
    def bindings(self) -> dict[str, str]:
        """Every known action with the key it is bound to."""
        from smallwins.core.actions import DEFAULT_KEYS

        return {action: self.key_for(action) for action in DEFAULT_KEYS}


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


# --- reading ----------------------------------------------------------------


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
    except RecursionError:
        raise ConfigError(path, None, "not valid TOML: arrays or tables nested too deep; "
                          "a config holds a few plain settings") from None
    return _validate(doc, text, path)


def _validate(doc: dict[str, Any], text: str, path: Path) -> Config:
    def fail(key_path: tuple[str, ...], problem: str) -> NoReturn:
        raise ConfigError(path, line_of(text, key_path), problem)

    settings: dict[str, Any] = {}
    keys: dict[str, str] = {}
    status = STATUS_STYLES
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
                    f"day_starts_at must be a whole hour 0-23, got {show_value(value)}; {hint}",
                )
            settings[name] = value
        elif name == "week_starts_on":
            try:
                settings[name] = parse_week_start(value)
            except DateError:
                fail(
                    (name,),
                    f"week_starts_on must be a weekday name (monday ... sunday), "
                    f'got {show_value(value)}; e.g. week_starts_on = "monday"',
                )
        elif name == "theme":
            if not isinstance(value, str) or not value.strip():
                fail(
                    (name,),
                    f"theme must be a theme name in quotes, got {show_value(value)}; "
                    'e.g. theme = "dark"',
                )
            if "/" in value or "\\" in value:
                fail(
                    (name,),
                    f"theme must be a theme name, not a path, got {show_value(value)}; "
                    "put theme files in the themes folder beside the config file",
                )
            settings[name] = value.strip()
        elif name == "remind_at":
            settings[name] = _remind_at(value, fail)
        elif name == KEYS_TABLE:
            if not isinstance(value, dict):
                fail(
                    (name,),
                    f"keys must be a table, got {show_value(value)}; "
                    'write [keys] and below it lines like quit = "q"',
                )
            keys = _validate_keys(value, fail)
        elif name == STATUS_TABLE:
            if not isinstance(value, dict):
                fail(
                    (name,),
                    f"status must be a table, got {show_value(value)}; "
                    'write [status] and below it lines like done = "bold"',
                )
            status = _validate_status(value, fail)
        elif isinstance(value, dict):
            fail(
                (name,),
                f"unknown table [{name}] (known: [keys], [status]); {_suggest(name, _TABLES)}",
            )
        else:
            fail(
                (name,),
                f"unknown key '{name}' (known: {_KNOWN_TOP}); {_suggest(name, SETTINGS)}",
            )
    return Config(keys=MappingProxyType(keys), status=status, path=path, **settings)


def _validate_status(table: dict[str, Any], fail: _Fail) -> Mapping[str, str]:
    """The tmux style of each piece of the status segment, the defaults filled in."""
    from smallwins.core.tmux_style import HINT, StyleError, check_style

    styles = dict(STATUS_STYLES)
    for piece, value in table.items():
        if piece not in STATUS_STYLES:
            fail(
                (STATUS_TABLE, piece),
                f"[status] has unknown piece '{piece}' (known: {', '.join(STATUS_STYLES)}); "
                f"{_suggest(piece, tuple(STATUS_STYLES))}",
            )
        if not isinstance(value, str):
            fail((STATUS_TABLE, piece),
                 f"[status] {piece} must be a tmux style in quotes, got {show_value(value)}; "
                 f"{HINT}")
        try:
            styles[piece] = check_style(value)
        except StyleError as exc:
            fail((STATUS_TABLE, piece),
                 f"[status] {piece} = {show_value(value)} is not a tmux style: {exc}; {HINT}")
    return MappingProxyType(styles)


def _remind_at(value: object, fail: _Fail) -> tuple[int, int]:
    """`remind_at = "20:00"`: a wall-clock time, HH:MM on the 24-hour clock (a TOML
    local time such as 20:00:00 is taken too; its seconds must be 0)."""
    from datetime import time

    if isinstance(value, time) and not value.second and not value.microsecond:
        return value.hour, value.minute
    text = value.strip() if isinstance(value, str) else ""
    hour, colon, minute = text.partition(":")
    if (colon and hour.isascii() and hour.isdigit() and minute.isascii() and minute.isdigit()
            and len(hour) <= 2 and len(minute) == 2 and int(hour) < 24 and int(minute) < 60):
        return int(hour), int(minute)
    hint = 'remove it for no reminders'
    fail(("remind_at",), f'remind_at must be a time "HH:MM" (24-hour clock, in quotes), got '
         f'{show_value(value)}; e.g. remind_at = "20:00", or {hint}')


def _validate_keys(table: dict[str, Any], fail: _Fail) -> dict[str, str]:
    """The user's key overrides, normalised; no two actions live at once may share a key."""
    from smallwins.core.actions import DEFAULT_KEYS, clash
    from smallwins.core.keys import KEY_HINT, parse_key

    known_actions = tuple(DEFAULT_KEYS)

    keys: dict[str, str] = {}
    for action, value in table.items():
        if action not in DEFAULT_KEYS:
            hint = (
                f"settings like {action} go above the first [table]"
                if action in SETTINGS
                else _suggest(action, known_actions)
            )
            fail(
                (KEYS_TABLE, action),
                f"[keys] has unknown action '{action}' (known: {', '.join(known_actions)}); "
                f"{hint}",
            )
        try:
            keys[action] = parse_key(value)
        except ValueError as exc:
            fail(
                (KEYS_TABLE, action),
                f"[keys] {action} = {show_value(value)} is not a key: {exc}; {KEY_HINT}",
            )
    bound: dict[str, list[str]] = {}
    for action in known_actions:
        key = keys.get(action, DEFAULT_KEYS[action])
        for other in bound.get(key, []):
            if clash(action, other):
                mine, theirs = (action, other) if action in keys else (other, action)
                fail(
                    (KEYS_TABLE, mine),
                    f"[keys] {mine} = {show_value(key)} is already the key of '{theirs}'; "
                    f"choose another key or remap {theirs} too",
                )
        bound.setdefault(key, []).append(action)
    return keys


def load_config(path: str | os.PathLike[str]) -> Config:
    """The settings in `path`; defaults (with `path` set) when it does not exist.

    Raises ConfigError for a file that cannot be read, does not parse, or
    holds an unknown key or a bad value.
    """
    from smallwins.core.fileio import read_regular

    path = Path(path)
    try:
        data = read_regular(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise ConfigError(
            path, None,
            f"cannot be read ({exc.strerror or exc}); fix it or pass --config another file",
        ) from None
    return _parse(_decode(data, path), path)


# --- saving -----------------------------------------------------------------


def _with_setting(text: str, key: str, value: str | int) -> str:
    """`text` with `key = value` set: in place if present (its comment kept), else
    as a new line above the first table and the comments that describe it."""
    import tomlkit
    from tomlkit.items import AoT, Comment, Table, Whitespace

    doc = tomlkit.parse(text)
    if key in doc:
        doc[key] = value
        return tomlkit.dumps(doc)
    body = doc.body
    first = next((i for i, (_, item) in enumerate(body) if isinstance(item, (Table, AoT))),
                 len(body))
    if first == len(body):
        doc[key] = value
        return tomlkit.dumps(doc)
    at = first
    while at > 0 and isinstance(body[at - 1][1], Comment):
        at -= 1
    if at == 0:  # comments that open the file belong to the file, not the table
        at = first
    while at > 0 and isinstance(body[at - 1][1], Whitespace):
        at -= 1
    item = tomlkit.item(value)
    if not isinstance(body[at][1], Whitespace):
        item.trivia.trail = "\n\n"  # a blank line before the table, as it had
    doc._insert_at(at, key, item)  # tomlkit has no public insert at a position
    return tomlkit.dumps(doc)


def save_setting(path: Path, key: str, value: str | int) -> None:
    """Remember one top-level setting (e.g. the chosen theme) in the config file.

    Sets the `key = ...` line in place, or adds one above the first table;
    every other line and comment stays as it was.  Creates the file (0600)
    and its folder (0700) when missing.  The new text is validated before it
    is written atomically, so a bad value raises ConfigError and leaves the
    file as it was.
    """
    from smallwins.core.fileio import make_private_dirs, read_regular, replace_file

    if key not in SETTINGS:
        raise ValueError(f"cannot save unknown setting {key!r} (known: {', '.join(SETTINGS)})")
    if key == "day_starts_at" and isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    # Write through a symlink (dotfiles managers) rather than replace it.
    target = Path(os.path.realpath(path))
    try:
        data: bytes | None = read_regular(target, MAX_CONFIG_BYTES)
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        data, mode = None, 0o600
    except OSError as exc:
        raise ConfigError(
            path, None, f"cannot be read ({exc.strerror or exc}); nothing was saved"
        ) from None
    bom = data is not None and data.startswith(b"\xef\xbb\xbf")
    text = _decode(data, path) if data is not None else ""
    try:
        new_text = _with_setting(text, key, value)
    except Exception as exc:  # tomlkit's own errors: the file does not parse
        raise ConfigError(path, None, f"not valid TOML ({exc}); nothing was saved") from None
    try:
        _parse(new_text, path)
    except ConfigError as exc:
        raise ConfigError(path, exc.line, f"{exc.problem}; nothing was saved") from None
    try:
        make_private_dirs(target.parent)
        replace_file(target, (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8"),
                     mode=mode)
    except OSError as exc:
        raise ConfigError(
            path, None, f"cannot be written ({exc.strerror or exc}); nothing was saved"
        ) from None
