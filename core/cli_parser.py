"""The words of the command line (SPEC section 5): argparse, with one-line errors.

Only parsing lives here; core/cli.py runs the commands.  The status line
reads its few words without argparse (core/status.py), and a test runs both
over the same cases.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from smallwins import __version__
from smallwins.core.changes import DEFAULT_HOLD
from smallwins.core.errors import BadInput


class UsageError(BadInput):
    """Bad command-line words (exit 2)."""


class Parser(argparse.ArgumentParser):
    """argparse that says what was wrong in one line instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _number(text: str) -> float | int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return int(value) if value.is_integer() else value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def build_parser() -> Parser:
    # The global options work before or after the command word.  After it,
    # SUPPRESS keeps the subcommand from resetting a value given before it
    # (each parser needs its own Action objects for that).
    def common(default: Any) -> Parser:
        c = Parser(add_help=False)
        c.add_argument("--data", metavar="PATH", default=default,
                       help="data file (default: platform data dir; env SMALLWINS_DATA)")
        c.add_argument("--today", metavar="DAY", default=default,
                       help="fix today as YYYY-MM-DD (env SMALLWINS_TODAY)")
        c.add_argument("--config", metavar="PATH", default=default,
                       help="config file (env SMALLWINS_CONFIG)")
        return c

    p = Parser(prog="smallwins", description="Grow an identity by small wins, from a terminal.",
               parents=[common(None)])
    after = common(argparse.SUPPRESS)
    p.add_argument("--demo", action="store_true", help="open the app on a temporary demo file")
    p.add_argument("--version", action="version", version=f"smallwins {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _add = sub.add_parser

    def add_parser(name: str, **kw: Any) -> Parser:
        return _add(name, parents=[after], **kw)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    new = sub.add_parser("new", help="create a ladder; prints its id")
    new.add_argument("--identity", required=True, help="who you are becoming")
    new.add_argument("--action", required=True, help="what you do, e.g. walk")
    new.add_argument("--unit", required=True, help="what you count, e.g. steps")
    new.add_argument("--unit-one", metavar="UNIT", dest="unit_one",
                     help="the unit for an amount of 1, e.g. step (default: guessed)")
    new.add_argument("--start", required=True, type=_number, help="the first target")
    new.add_argument("--step", required=True, type=_number, help="added by each climb")
    new.add_argument("--hold", type=_whole, default=DEFAULT_HOLD,
                     help="won days before a climb (default 14)")
    new.add_argument("--days", default="daily", help="schedule: mon,tue,... or mon-fri")
    new.add_argument("--minutes", type=_number, help="how long the start takes")
    new.add_argument("--granularity", type=_number, default=1, help="targets are multiples")
    new.add_argument("--id", dest="ladder_id", help="ladder id (default: from action and unit)")
    new.add_argument("--started", metavar="DAY",
                     help="the day it started, if before today (YYYY-MM-DD, yesterday, -N)")

    lst = sub.add_parser("list", help="active ladders (--all: archived ones too)")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--all", action="store_true", help="archived ladders too, marked so")
    show = sub.add_parser("show", help="one ladder in full")
    show.add_argument("ladder")
    show.add_argument("--json", action="store_true")

    done = sub.add_parser("done", help="mark a win")
    done.add_argument("ladder")
    done.add_argument("--day", help="YYYY-MM-DD, today, yesterday or -N (default today)")
    done.add_argument("--amount", type=_number, help="what you did, at least the target")
    done.add_argument("--note", help="evidence for the identity")
    for name, text in (("undo", "remove that day's mark"), ("rest", "declare a rest day")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("ladder")
        cmd.add_argument("--day", help="YYYY-MM-DD, today, yesterday or -N (default today)")
    for name, text in (("climb", "step up one rung"), ("halve", "cut the target in half"),
                       ("archive", "put a ladder away: it leaves list, status and Today"),
                       ("unarchive", "bring an archived ladder back, history and all")):
        sub.add_parser(name, help=text).add_argument("ladder")
    ask = sub.add_parser("ask", help="catch up: answer each unanswered day, oldest first")
    ask.add_argument("ladder", nargs="?", help="only this ladder (default: every ladder)")
    ask.add_argument("--days", type=_whole, metavar="N",
                     help="every unanswered day of the last N days (default: since you "
                     "last caught up, at most 7)")

    status = sub.add_parser("status", help="one line for a status bar")
    status.add_argument("--format", choices=("plain", "tmux", "json"), default="plain")
    exp = sub.add_parser("export", help="write everything out")
    exp.add_argument("--format", choices=("json", "csv"), default="json")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    imp = sub.add_parser("import", help="bring in an export, or Loop's or harsh's history")
    imp.add_argument("file", help="a smallwins JSON export, a Loop Habit Tracker CSV zip or "
                     "folder, or harsh's folder or habits/log file")
    imp.add_argument("--from", dest="source", default="auto",
                     choices=("auto", "smallwins", "loop", "harsh"),
                     help="what wrote FILE (default: tell by its content)")
    imp.add_argument("--replace", action="store_true",
                     help="overwrite ladders that conflict, after a backup of the data file")
    bak = sub.add_parser("backups", help="list the backups of the data file, newest first")
    bak.add_argument("--json", action="store_true")
    res = sub.add_parser("restore", help="put a backup back, keeping the current file aside")
    res.add_argument("backup", help="a name shown by `smallwins backups`, or a path")
    demo = sub.add_parser("demo", help="fill a data file with realistic history")
    demo.add_argument("--ladders", type=_whole, default=6)
    demo.add_argument("--years", type=_number, default=1)
    demo.add_argument("--seed", type=_whole, default=1)
    demo.add_argument("--force", action="store_true", help="replace ladders already there")
    srv = sub.add_parser("serve", help="the app in a browser, private by a token")
    srv.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1: this machine only)")
    srv.add_argument("--port", type=_whole, default=8765, help="default 8765; 0: any free port")
    srv.add_argument("--no-token", action="store_true", help="no token (loopback hosts only)")
    return p
