"""Saving one setting in config.toml, keeping the user's comments and layout.

Goes through tomlkit, imported only here: only the app's theme choice
saves.  The new text is read back by the same checks as any config
(core/config.py) before it is written, through the one durable write
(core/fileio.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from smallwins.core.config import (
    MAX_CONFIG_BYTES,
    SETTINGS,
    ConfigError,
    config_text,
    parse_config,
)


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
    text = config_text(data, path) if data is not None else ""
    try:
        new_text = _with_setting(text, key, value)
    except Exception as exc:  # tomlkit's own errors: the file does not parse
        raise ConfigError(path, None, f"not valid TOML ({exc}); nothing was saved") from None
    try:
        parse_config(new_text, path)
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
