"""Key names as people write them in the config, turned into Textual's names.

`parse_key` accepts letters, digits, names (`space`, `f5`, `question_mark`),
modifiers (`ctrl+x`) and literal characters (`?`, `[`, `]`), which become
Textual's names (`question_mark`, `left_square_bracket`).  Textual itself is
never imported: the config is read before the app starts, and by commands
that never start it.
"""

from __future__ import annotations

from smallwins.core.toml_lines import show_value

KEY_HINT = 'write a key like "q", "space", "ctrl+x", "f5" or "?"'
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
                f"{show_value(mod)} is not a modifier, or is repeated "
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
            raise ValueError(f"{show_value(key)} is not a key name")
    return "+".join([*seen, name])
