"""Themes as data: TOML files naming Textual's colours and the heatmap's levels.

Built-in themes ship in the `themes` package; users drop more `*.toml` files
in their config folder. A theme file is read and checked here, before Textual
sees it: a bad colour reaching Textual would only fail when the theme is
applied, mid-session. A broken user theme is reported in one line and left
out, so a typo in one file never stops the app from starting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from textual.color import Color, ColorParseError
from textual.theme import Theme

from smallwins import themes
from smallwins.core.compiled import Kept

BUILTIN_DIR = Path(themes.__file__).parent
"""The folder of the built-in theme files."""

DEFAULT_THEME = "dark"
"""The theme used when the config names none (or one that is not available)."""

HEATMAP_LEVELS = 5
HEATMAP_VARIABLES = tuple(f"heatmap-{n}" for n in range(HEATMAP_LEVELS))

# Textual's own themes (and any theme without a [heatmap] table) fall back on
# these, so `$heatmap-N` in CSS always resolves.
HEATMAP_DEFAULTS: dict[str, str] = dict(
    zip(HEATMAP_VARIABLES, ("#6e7681", "#1f7a38", "#2ea043", "#3fb950", "#7ee787"), strict=True)
)
"""Fallback heatmap colours, for `App.get_theme_variable_defaults`."""

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "success",
    "warning",
    "error",
)
_KNOWN_KEYS = frozenset({"name", "dark", "heatmap", "variables", *_COLOUR_FIELDS})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class ThemeError(ValueError):
    """A theme file that cannot be used; the message is one line naming the file."""


class _ThemeRegistry(Protocol):
    def register_theme(self, theme: Theme) -> None: ...


def _check_colour(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a colour string like \"#3fb950\", got {value!r}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ValueError(f"{what} is not a colour: {value!r}") from None
    return value


def heatmap_variables(levels: Sequence[str]) -> dict[str, str]:
    """The theme variables `heatmap-0`..`heatmap-4` for five level colours.

    Raises ValueError unless there are exactly five valid colours: the heatmap
    has no sensible way to stretch or squeeze a different number of levels.
    """
    if isinstance(levels, str) or not isinstance(levels, Sequence):
        raise ValueError("heatmap levels must be a list of five colours")
    if len(levels) != HEATMAP_LEVELS:
        raise ValueError(
            f"heatmap levels must be {HEATMAP_LEVELS} colours (0 = no win), got {len(levels)}"
        )
    return {
        name: _check_colour(colour, f"heatmap level {n}")
        for n, (name, colour) in enumerate(zip(HEATMAP_VARIABLES, levels, strict=True))
    }


def _theme_from_data(data: dict[str, Any], default_name: str) -> Theme:
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ValueError(
            f"unknown key {unknown[0]!r}: use name, dark, {', '.join(_COLOUR_FIELDS)}, "
            "[heatmap] and [variables]"
        )
    name = data.get("name", default_name)
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(
            f"bad name {name!r}: use lowercase letters, digits, '-' and '_' (up to 40)"
        )
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(f"dark must be true or false, got {dark!r}")
    if "primary" not in data:
        raise ValueError("primary colour is missing")
    colours = {key: _check_colour(data[key], key) for key in _COLOUR_FIELDS if key in data}

    heatmap = data.get("heatmap")
    if not isinstance(heatmap, dict):
        raise ValueError("[heatmap] table with levels = [five colours] is missing")
    if "levels" not in heatmap:
        raise ValueError("[heatmap] levels is missing: give five colours, 0 = no win")
    if set(heatmap) != {"levels"}:
        extra = sorted(set(heatmap) - {"levels"})[0]
        raise ValueError(f"unknown key {extra!r} in [heatmap]: only levels is allowed")

    variables: dict[str, str] = {}
    extra_vars = data.get("variables", {})
    if not isinstance(extra_vars, dict):
        raise ValueError("[variables] must be a table of Textual variable = value")
    for key, value in extra_vars.items():
        if not isinstance(value, str):
            raise ValueError(f"variable {key!r} must be a string, got {value!r}")
        if key in HEATMAP_VARIABLES:
            raise ValueError(f"set {key} through [heatmap] levels, not [variables]")
        variables[key] = value
    variables.update(heatmap_variables(heatmap["levels"]))

    return Theme(
        name=name,
        primary=colours["primary"],
        secondary=colours.get("secondary"),
        accent=colours.get("accent"),
        foreground=colours.get("foreground"),
        background=colours.get("background"),
        surface=colours.get("surface"),
        panel=colours.get("panel"),
        boost=colours.get("boost"),
        success=colours.get("success"),
        warning=colours.get("warning"),
        error=colours.get("error"),
        dark=dark,
        variables=variables,
    )


_BUILT_IN = Kept(themes.__file__, "themes", lambda value: isinstance(value, dict))
"""The built-in theme files as read, by their text: each opening reads them, and
the TOML reader costs more to import than the rest of them."""


def _toml(text: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML: {exc}") from None


def load_theme_file(path: Path, built_in: bool = False) -> Theme:
    """Read and check one theme file; ThemeError says which file and what is wrong.

    A theme without a `name` is named after its file (`ocean.toml` -> `ocean`).
    `built_in`: one of the themes that come with smallwins, whose reading is kept
    beside the bytecode (core/compiled.py).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = _BUILT_IN.get(text, _toml) if built_in else _toml(text)
        return _theme_from_data(data, path.stem)
    except UnicodeDecodeError:
        problem = "not UTF-8 text"
    except OSError as exc:
        problem = f"cannot be read: {exc.strerror or exc}"
    except ValueError as exc:
        problem = str(exc)
    raise ThemeError(" ".join(f"theme {path}: {problem}".split()))


def load_themes(user_dir: Path | None) -> tuple[dict[str, Theme], list[str]]:
    """Built-in themes, then the user's `*.toml` themes, with a warning per bad file.

    A user theme may replace a built-in one by using its name; two user files
    with the same name keep the first (in file name order) and warn about the
    second. Warnings are one line each; a bad file is skipped, never fatal.
    """
    loaded: dict[str, Theme] = {}
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
        theme = load_theme_file(path, built_in=True)  # broken, a packaging bug: fail loudly
        loaded[theme.name] = theme

    warnings: list[str] = []
    if user_dir is None:
        return loaded, warnings
    user_dir = Path(user_dir)
    if not user_dir.exists():
        return loaded, warnings
    if not user_dir.is_dir():
        return loaded, [f"themes folder {user_dir} is not a folder: user themes skipped"]
    try:
        paths = sorted(p for p in user_dir.glob("*.toml") if p.is_file())
    except OSError as exc:
        return loaded, [f"themes folder {user_dir} cannot be read: {exc.strerror or exc}"]

    from_user: dict[str, Path] = {}
    for path in paths:
        try:
            theme = load_theme_file(path)
        except ThemeError as exc:
            warnings.append(f"{exc}; skipped")
            continue
        if theme.name in from_user:
            warnings.append(
                f"theme {path}: name {theme.name!r} is already used by "
                f"{from_user[theme.name].name}; skipped"
            )
            continue
        from_user[theme.name] = path
        loaded[theme.name] = theme
    return loaded, warnings


def register_themes(app: _ThemeRegistry, user_dir: Path | None) -> list[str]:
    """Register every built-in and user theme with `app`; return the warnings to show."""
    loaded, warnings = load_themes(user_dir)
    for theme in loaded.values():
        app.register_theme(theme)
    return warnings
