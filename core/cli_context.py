"""What every command of the command line gets, and how it prints.

A command (core/cli_ladders.py, core/cli_files.py, core/cli_evidence.py) is
a function of one `Context`: the ledger, today, the config and the parsed
words.  It prints one line at a time with `say` (stdout) and `note`
(stderr), escaped for the terminal it writes to; core/cli.py runs it.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from smallwins.core.config import Config
from smallwins.core.dates import parse_day
from smallwins.core.ledger import Ledger
from smallwins.core.record import record
from smallwins.core.terminal import for_stream, json_text, write_line

if TYPE_CHECKING:
    import argparse


@record(frozen=False)
class Context:
    """What every command gets: the ledger, today, the config and the parsed words."""

    ledger: Ledger
    today: date
    config: Config
    args: argparse.Namespace

    def day(self) -> date:
        """The day the command names (`--day`), else today."""
        text = getattr(self.args, "day", None)
        return self.today if text is None else parse_day(text, self.today)


def say(text: str) -> None:
    """One line on stdout: control characters escaped, glyphs the output can show."""
    write_line(text)


def note(text: str) -> None:
    """One line on stderr, beside the answer: a warning or a hint, not a failure."""
    write_line(f"note: {text}", sys.stderr)


def write(stream: Any, text: str) -> None:
    """`text` as it is (several lines, a whole export), in glyphs `stream` can show."""
    stream.write(for_stream(text, stream))
    stream.flush()


def print_json(value: Any) -> None:
    sys.stdout.write(json_text(value))


def now() -> datetime:
    """Wall-clock time for backup names (not `today`: a backup is made now)."""
    return datetime.now().astimezone()
