"""The words that only open the app, read without argparse.

`smallwins --data X --today Y` builds no parser: importing argparse (and
gettext) and building even the app's few options cost each opening a few
milliseconds before its first frame.  Words that are only the app's options,
each written out in full with a plain value (`opens_app`), are read here as
the whole parser reads them (`app_words`); anything else (help, an
abbreviation, a value starting with `-`, any command) goes to the parser
(core/cli_parser.py), and a property test holds the two readings equal.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

APP_OPTIONS = ("--data", "--today", "--config")
"""The options that take a value and may open the app (with `--demo`, all it takes)."""
_WITH_VALUE = tuple(f"{option}=" for option in APP_OPTIONS)


def opens_app(argv: list[str]) -> bool:
    """Whether `argv` is only the app's own options, each written out in full with a
    plain value: `app_words` reads them as the parser would."""
    words = iter(argv)
    for word in words:
        if word in APP_OPTIONS:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return False
        elif word != "--demo" and not word.startswith(_WITH_VALUE):
            return False
    return True


def app_words(argv: list[str]) -> dict[str, Any]:
    """The values of words `opens_app` accepts, named as the parser names them: the
    last of a repeated option counts, and no command is given."""
    found: dict[str, Any] = {"data": None, "today": None, "config": None, "demo": False,
                             "command": None}
    words = iter(argv)
    for word in words:
        if word == "--demo":
            found["demo"] = True
        elif word in APP_OPTIONS:
            found[word[2:]] = next(words)
        else:
            option, _, value = word.partition("=")
            found[option[2:]] = value
    return found
