"""Where the data file, the config file and user themes live.

On Linux and other XDG systems the folders are computed by hand from the XDG
variables: `smallwins status` runs every few seconds and should not pay for
importing platformdirs.  macOS and Windows ask platformdirs (lazily).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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


def _xdg_home(variable: str, fallback: str) -> Path:
    # The XDG spec says to ignore relative values.
    value = os.environ.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def _data_folder() -> Path:
    if _uses_platformdirs():
        import platformdirs

        return platformdirs.user_data_path(APP_NAME, appauthor=False)
    return _xdg_home("XDG_DATA_HOME", ".local/share") / APP_NAME


def _config_folder() -> Path:
    if _uses_platformdirs():
        import platformdirs

        return platformdirs.user_config_path(APP_NAME, appauthor=False)
    return _xdg_home("XDG_CONFIG_HOME", ".config") / APP_NAME


def _given(cli_value: str | None, env: str, flag: str) -> Path | None:
    """The path given by a flag, else by an environment variable, else None."""
    if cli_value is not None:
        if not cli_value.strip():
            raise PathError(f"{flag} needs a file path, got an empty value")
        return Path(cli_value).expanduser().absolute()
    value = os.environ.get(env, "")
    # An empty variable is treated as unset, as shells make that easy to do by accident.
    if value.strip():
        return Path(value).expanduser().absolute()
    return None


def default_data_path() -> Path:
    """The platform's data file: `~/.local/share/smallwins/smallwins.json` on Linux."""
    return _data_folder() / DATA_FILE


def data_path(cli_value: str | None) -> Path:
    """The data file to use: `--data`, else `$SMALLWINS_DATA`, else the default."""
    return _given(cli_value, DATA_ENV, "--data") or default_data_path()


def default_config_path() -> Path:
    """The platform's config file: `~/.config/smallwins/config.toml` on Linux."""
    return _config_folder() / CONFIG_FILE


def config_path(cli_value: str | None) -> Path:
    """The config file to use: `--config`, else `$SMALLWINS_CONFIG`, else the default."""
    return _given(cli_value, CONFIG_ENV, "--config") or default_config_path()


def config_dir(config_file: Path | None = None) -> Path:
    """The folder of user themes: `themes/` beside the config file.

    Without `config_file`, beside the default config file; with one (from
    `config_path`), beside it, so a `--config` elsewhere (a test, a demo)
    brings its own themes and never reads the user's.
    """
    folder = config_file.parent if config_file is not None else _config_folder()
    return folder / THEMES_FOLDER
