"""The smallwins command line (SPEC section 5): read the words, ask the ledger, print.

Exit codes: 0 done; 1 the rules refused; 2 bad input; 3 the data file cannot
be used.  Every failure is one line on stderr, and a failed command leaves the
data file byte for byte as it was (changes happen inside one transaction of
the use-case layer, core/ledger.py, written only when every check has passed).

This file runs a command: it reads the settings, opens the ledger, finds the
command in `COMMANDS` and turns every expected failure into one line and its
exit code.  The commands live by what they act on: core/cli_ladders.py
(ladders), core/cli_files.py (the whole file: export, import, backups,
restore, demo) and core/cli_evidence.py (notes, review, remind, rest);
core/cli_context.py is what each of them gets and how it prints.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from smallwins.core.app_words import app_words, opens_app
from smallwins.core.cli_context import Context, note, write
from smallwins.core.config import Config, load_config
from smallwins.core.dates import resolve_today
from smallwins.core.errors import EXIT_BAD_INPUT, EXIT_OK, SmallwinsError, UsageError
from smallwins.core.ledger import Ledger
from smallwins.core.paths import config_path, data_path
from smallwins.core.terminal import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

__all__ = ["UsageError", "fail", "guarded", "main", "parse", "run", "settings"]


COMMANDS: dict[str, str] = {
    **dict.fromkeys(("new", "list", "show", "done", "undo", "climb", "halve", "archive",
                     "unarchive", "ask", "status"), "cli_ladders"),
    **dict.fromkeys(("export", "import", "backups", "restore", "demo"), "cli_files"),
    **dict.fromkeys(("rest", "notes", "review", "remind"), "cli_evidence"),
}
"""Every command by its word: the module of core/ that holds it as `cmd_<word>`,
imported when the command runs (opening the app imports none of them).  `serve`
is not here: it needs the app (tui/main.py)."""


def command_of(word: str | None) -> Callable[[Context], int] | None:
    """The function that runs the command `word`, None for a word that names none."""
    module = COMMANDS.get(word or "")
    if module is None:
        return None
    from importlib import import_module

    found: Callable[[Context], int] = getattr(import_module(f"smallwins.core.{module}"),
                                              f"cmd_{word}")
    return found


# ------------------------------------------------------------------ running


def fail(message: str, code: int) -> int:
    write(sys.stderr, f"smallwins: {printable(message)}\n")
    return code


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The words of the command line; UsageError for bad ones.  Words that only open
    the app are read without argparse (core/app_words.py)."""
    words = list(argv)
    if opens_app(words):
        from types import SimpleNamespace
        from typing import cast

        return cast("argparse.Namespace", SimpleNamespace(**app_words(words)))
    from smallwins.core.cli_parser import build_parser

    return build_parser().parse_args(words)


def settings(args: argparse.Namespace) -> tuple[Config, Path, date]:
    """Config, data path and today for any command (raises for bad ones)."""
    config = load_config(config_path(args.config))
    today = resolve_today(args.today, config.day_starts_at)
    return config, Path(data_path(args.data)), today


def guarded(fn: Callable[[], int]) -> int:
    """Run fn, turning every expected failure into one line and its exit code."""
    try:
        return fn()
    except SmallwinsError as exc:
        return fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return fail("interrupted; nothing half-written", 130)
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand."""

    command = command_of(args.command)
    if command is None:  # `serve` needs the app: smallwins.tui.main runs it
        return fail(f"{args.command!r} is run by the smallwins program, not core.cli",
                    EXIT_BAD_INPUT)

    notices: list[str] = []

    def go() -> int:
        config, path, today = settings(args)
        ledger = Ledger(path)
        ledger.data.notices = notices
        before = ledger.signature()
        code = command(Context(ledger, today, config, args))
        if args.command != "status" and ledger.signature() != before:
            _refresh_status(ledger, config, args.today)
        return code

    code = guarded(go)
    if code == EXIT_OK:  # a failure stays one line
        for line in notices:
            note(line)
    return code


def _refresh_status(ledger: Ledger, config: Config, today: str | None) -> None:
    """Every writer leaves the status line's cache fresh, so a tmux bar asking right
    after a script's `smallwins done` is answered from the cache."""
    from smallwins.core import status

    with contextlib.suppress(SmallwinsError, OSError):
        status.answer(str(ledger.path), str(config.path) if config.path else "", today,
                      "plain")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry for the subcommands (the app itself is opened by tui.main)."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parse(argv)
    except UsageError as exc:
        return fail(str(exc), EXIT_BAD_INPUT)
    if args.command is None:
        return fail("no command given (see `smallwins --help`)", EXIT_BAD_INPUT)
    return run(args)
