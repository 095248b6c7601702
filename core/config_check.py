"""What each setting of config.toml may be, and the words when it is not.

The checks of core/config.py's reading: a document that parsed as TOML
becomes a `Config`, or a `ConfigError` naming the line, the key and the fix
(the closest known name, a value written the way it should be).  The
`[keys]` table is checked against the table of actions (core/actions.py),
clashes included; the `[status]` table against tmux's styles.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from smallwins.core.config import (
    KEYS_TABLE,
    SETTINGS,
    STATUS_STYLES,
    STATUS_TABLE,
    Config,
    ConfigError,
)
from smallwins.core.dates import DateError, parse_week_start
from smallwins.core.toml_lines import line_of, show_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, NoReturn

    _Fail = Callable[[tuple[str, ...], str], NoReturn]

_KNOWN_TOP = "day_starts_at, week_starts_on, theme, remind_at, [keys], [status]"
_TABLES = (KEYS_TABLE, STATUS_TABLE)


def _suggest(name: str, known: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.7)
    return f"did you mean '{close[0]}'?" if close else "rename or remove it"


def checked(doc: dict[str, Any], text: str, path: Path) -> Config:
    """The `Config` of a parsed document; ConfigError for the first key that is wrong."""
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
    """The user's key overrides, normalised; no two actions live at once may share a key.
    An action whose default key the user gave to another is mapped to NO_KEY."""
    from smallwins.core.actions import DEFAULT_KEYS, NO_KEY, clash
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
    # The user's own keys first: a key the user chose wins over another action's
    # default, which is then left without a key (and the app says so).
    bound: dict[str, list[str]] = {}
    for action in sorted(known_actions, key=lambda name: name not in keys):
        key = keys.get(action, DEFAULT_KEYS[action])
        rival = next((other for other in bound.get(key, []) if clash(action, other)), None)
        if rival is not None:
            if action not in keys:
                keys[action] = NO_KEY
                continue
            fail(
                (KEYS_TABLE, action),
                f"[keys] {action} = {show_value(key)} is already the key of '{rival}'; "
                f"choose another key or remap {rival} too",
            )
        bound.setdefault(key, []).append(action)
    return keys

