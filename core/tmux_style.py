"""tmux style strings for the status segment: checked, and measured on a bar.

The `[status]` table of config.toml gives each piece of the segment a tmux
style (`bold`, `reverse`, `fg=colour236,bg=default`).  A style is checked
word by word here, so a typo is one clear line at load time rather than a
garbled bar, and nothing but a style can reach the `#[...]` of the output.

`colours_on` tells which colours a styled piece ends up in on a given bar:
the test of the status segment measures its contrast on tmux's default bar
and on a dark and a light one.
"""

from __future__ import annotations

import re

from smallwins.core.contrast import RGB, blend, hex_rgb, palette_rgb

ATTRIBUTES = frozenset({
    "bright", "bold", "dim", "underscore", "blink", "reverse", "hidden", "italics",
    "strikethrough", "double-underscore", "curly-underscore", "dotted-underscore",
    "dashed-underscore", "overline",
})
_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_COLOUR = re.compile(r"^(?:colou?r(\d{1,3})|#[0-9a-fA-F]{6}|default|terminal|"
                     r"(?:bright)?(?:black|red|green|yellow|blue|magenta|cyan|white))$")

HINT = 'use attributes (bold, reverse, underscore, ...) and fg=/bg= colours, e.g. "bold,fg=default"'


class StyleError(ValueError):
    """A word of a style that tmux would not take; the message names it."""


def check_style(text: str) -> str:
    """`text` as a clean tmux style (`bold,fg=colour236`), or StyleError naming the bad word.

    An empty style means the bar's own look.
    """
    if not isinstance(text, str):
        raise StyleError("a style is text in quotes")
    words = [w for w in re.split(r"[,\s]+", text.strip()) if w]
    for word in words:
        name, eq, value = word.partition("=")
        if eq:
            if name not in ("fg", "bg", "us"):
                raise StyleError(f"unknown setting {name!r} in {text!r}")
            if not _valid_colour(value):
                raise StyleError(f"{value!r} is not a tmux colour")
        elif word not in ("default", "none") and word not in ATTRIBUTES and not (
            word.startswith("no") and word[2:] in ATTRIBUTES
        ):
            raise StyleError(f"unknown word {word!r} in {text!r}")
    return ",".join(words)


def _valid_colour(value: str) -> bool:
    match = _COLOUR.match(value)
    if match is None:
        return False
    number = match.group(1)
    return number is None or int(number) <= 255


def colour_rgb(value: str, default: RGB) -> RGB:
    """A tmux colour as xterm shows it by default; `default` for default/terminal."""
    if value in ("default", "terminal"):
        return default
    if value.startswith("#"):
        return hex_rgb(value)
    match = _COLOUR.match(value)
    if match and match.group(1) is not None:
        return palette_rgb(int(match.group(1)))
    bright = value.startswith("bright")
    return palette_rgb(_NAMES.index(value.removeprefix("bright")) + (8 if bright else 0))


def colours_on(style: str, bar_fg: RGB, bar_bg: RGB) -> tuple[RGB, RGB]:
    """(text, background) of a piece in `style` on a bar drawn `bar_fg` on `bar_bg`."""
    fg, bg = bar_fg, bar_bg
    reverse = dim = False
    for word in (w for w in check_style(style).split(",") if w):
        name, eq, value = word.partition("=")
        if name == "fg":
            fg = colour_rgb(value, bar_fg)
        elif name == "bg":
            bg = colour_rgb(value, bar_bg)
        elif word in ("default", "none"):
            fg, bg, reverse, dim = (bar_fg, bar_bg, False, False) if word == "default" else (
                fg, bg, False, False)
        elif word == "reverse":
            reverse = True
        elif word == "noreverse":
            reverse = False
        elif word == "dim":
            dim = True
        elif word == "nodim":
            dim = False
    if reverse:
        fg, bg = bg, fg
    if dim:  # terminals draw dim text about half way to the background
        fg = blend(fg, bg, 0.5)
    return fg, bg
