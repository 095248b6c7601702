"""Where the data file, the config file and user themes live.

`smallwins status` runs every few seconds from a tmux status bar and uses
these same functions, so they work on strings with `os.path` (importing
`pathlib` alone costs more than the whole cached status answer).  On Linux
and other XDG systems the folders come from the XDG variables; macOS and
Windows ask platformdirs, imported only there.
"""

from __future__ import annotations

import os
import sys

from smallwins.core.errors import BadInput

APP_NAME = "smallwins"
DATA_FILE = "smallwins.json"
CONFIG_FILE = "config.toml"
THEMES_FOLDER = "themes"

DATA_ENV = "SMALLWINS_DATA"
CONFIG_ENV = "SMALLWINS_CONFIG"


class PathError(BadInput):
    """An explicitly given path that cannot be used (bad input: exit code 2)."""


def _uses_platformdirs() -> bool:
    return sys.platform in ("darwin", "win32")


def _xdg_home(variable: str, fallback: str) -> str:
    # The XDG spec says to ignore empty and relative values.
    value = os.environ.get(variable, "")
    if value and os.path.isabs(value):
        return value
    return os.path.join(os.path.expanduser("~"), fallback)


def _data_folder() -> str:
    if _uses_platformdirs():
        import platformdirs

        return str(platformdirs.user_data_path(APP_NAME, appauthor=False))
    return os.path.join(_xdg_home("XDG_DATA_HOME", os.path.join(".local", "share")), APP_NAME)


def _config_folder() -> str:
    if _uses_platformdirs():
        import platformdirs

        return str(platformdirs.user_config_path(APP_NAME, appauthor=False))
    return os.path.join(_xdg_home("XDG_CONFIG_HOME", ".config"), APP_NAME)


def pathlib_text(path: str | os.PathLike[str]) -> str | None:
    """`str(Path(path))` for an absolute path given as text, without importing
    pathlib; None for any other path (let pathlib spell it)."""
    if isinstance(path, str) and path.startswith("/") and not path.startswith("//"):
        # As pathlib spells it: no empty or "." parts, no slash at the end.
        return "/" + "/".join(part for part in path.split("/") if part and part != ".")
    return None


def absolute_text(path: str | os.PathLike[str]) -> str:
    """`str(Path(path).expanduser().absolute())`, without importing pathlib for the
    usual case, an absolute path given as text (`smallwins status` is given one)."""
    text = pathlib_text(path)
    if text is not None:
        return text
    from pathlib import Path

    return str(Path(path).expanduser().absolute())


def _absolute(text: str) -> str:
    return os.path.abspath(os.path.expanduser(text))


def _given(cli_value: str | None, env: str, flag: str) -> str | None:
    """The path given by a flag, else by an environment variable, else None."""
    if cli_value is not None:
        if not cli_value.strip():
            raise PathError(f"{flag} needs a file path, got an empty value")
        return _absolute(cli_value)
    value = os.environ.get(env, "")
    # An empty or blank variable is treated as unset, as shells make that easy by accident.
    if value.strip():
        return _absolute(value)
    return None


def default_data_path() -> str:
    """The platform's data file: `~/.local/share/smallwins/smallwins.json` on Linux."""
    return os.path.join(_data_folder(), DATA_FILE)


def data_path(cli_value: str | None) -> str:
    """The data file to use: `--data`, else `$SMALLWINS_DATA`, else the default."""
    return _given(cli_value, DATA_ENV, "--data") or default_data_path()


def default_config_path() -> str:
    """The platform's config file: `~/.config/smallwins/config.toml` on Linux."""
    return os.path.join(_config_folder(), CONFIG_FILE)


def config_path(cli_value: str | None) -> str:
    """The config file to use: `--config`, else `$SMALLWINS_CONFIG`, else the default."""
    return _given(cli_value, CONFIG_ENV, "--config") or default_config_path()


def config_dir(config_file: str | os.PathLike[str] | None = None) -> str:
    """The folder of user themes: `themes/` beside the config file.

    Without `config_file`, beside the default config file; with one (from
    `config_path`), beside it, so a `--config` elsewhere (a test, a demo)
    brings its own themes and never reads the user's.
    """
    folder = os.path.dirname(os.fspath(config_file)) if config_file is not None \
        else _config_folder()
    return os.path.join(folder, THEMES_FOLDER)
