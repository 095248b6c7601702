"""The user's settings: reading `config.toml` into a `Config`, or one clear error.

A config file holds `day_starts_at`, `week_starts_on`, `theme`, `remind_at`, a
`[keys]` table (action = key, the actions of core/actions.py) and a
`[status]` table (piece = tmux style, the look of `status --format tmux`).
Anything else, or a bad value, is a `ConfigError` whose one-line message
names the file, the line, the key and the fix; the command line turns it
into exit code 2 before it touches any data.

This file reads the file and its TOML; what each setting may be is checked
in core/config_check.py, and saving a setting is core/config_save.py.
`smallwins status` imports this module when it recomputes: tomllib and the
checks are imported only when a file is there to read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from smallwins.core.errors import BadInput

# `typing` costs `smallwins status` a few milliseconds; annotations are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

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



@dataclass(frozen=True)
class Config:
    """The settings in effect; defaults for anything the file does not say."""

    day_starts_at: int = 0
    week_starts_on: int = 0  # 0 = Monday
    theme: str = "dark"
    remind_at: tuple[int, int] | None = None
    """(hour, minute) after which a day with wins still due nudges; None: never."""
    # action id -> Textual key name, only the actions the user remapped, and NO_KEY
    # (core/actions.py) for those whose default key the user gave to another.
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # piece of the tmux status segment -> tmux style, every piece.
    status: Mapping[str, str] = field(default_factory=lambda: STATUS_STYLES)
    path: Path | None = None


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
    return parse_config(config_text(data, path), path)


def config_text(data: bytes, path: Path) -> str:
    """The bytes of a config file as text (a byte order mark dropped), or ConfigError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            path, line, "is not UTF-8 text; save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def parse_config(text: str, path: Path) -> Config:
    """The settings `text` holds, checked (core/config_check.py); ConfigError if any is bad."""
    import tomllib

    from smallwins.core.config_check import checked

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, path) from None
    except RecursionError:
        raise ConfigError(path, None, "not valid TOML: arrays or tables nested too deep; "
                          "a config holds a few plain settings") from None
    return checked(doc, text, path)


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
