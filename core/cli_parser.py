"""The words of the command line (SPEC section 5): argparse, with one-line errors.

Only parsing lives here; core/cli.py runs the commands.  The status line
reads its few words without argparse (core/status.py), and a test runs both
over the same cases.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, NoReturn

from smallwins import __version__
from smallwins.core import limits
from smallwins.core.changes import DEFAULT_HOLD
from smallwins.core.errors import UsageError
from smallwins.core.limits import LimitError


class Parser(argparse.ArgumentParser):
    """argparse that says what was wrong in one line instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _typed(parse: Callable[[str, str], Any], name: str) -> Callable[[str], Any]:
    """An argparse type from a parser of core/limits.py: its refusal is argparse's line."""

    def convert(text: str) -> Any:
        try:
            return parse(text, name)
        except LimitError as exc:
            raise argparse.ArgumentTypeError(exc.problem) from None

    convert.__name__ = name
    return convert


_amount = _typed(limits.amount_text, "amount")
_hold = _typed(limits.hold_text, "hold")
_minutes = _typed(limits.minutes_text, "minutes")


def _number(text: str) -> float | int:
    """A positive number of reasonable size (demo's --years), checked by its command."""
    return _amount(text)  # type: ignore[no-any-return]


def _whole(text: str) -> int:
    try:
        if len(text.strip()) > 18:
            raise ValueError(text)
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def build_parser() -> Parser:
    """The whole command line (words that only open the app are read without it:
    core/app_words.py)."""
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
    new.add_argument("--start", required=True, type=_amount, help="the first target")
    new.add_argument("--step", required=True, type=_amount, help="added by each climb")
    new.add_argument("--hold", type=_hold, default=DEFAULT_HOLD,
                     help="won days before a climb (default 14, at most 3,650)")
    new.add_argument("--days", default="daily", help="schedule: mon,tue,... or mon-fri")
    new.add_argument("--minutes", type=_minutes, help="how long the start takes (0-1,440)")
    new.add_argument("--granularity", type=_amount, default=1, help="targets are multiples")
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
    done.add_argument("--amount", type=_amount, help="what you did, at least the target")
    done.add_argument("--note", help="evidence for the identity")
    undo = sub.add_parser("undo", help="remove that day's mark")
    undo.add_argument("ladder")
    undo.add_argument("--day", help="YYYY-MM-DD, today, yesterday or -N (default today)")
    _add_rest(sub.add_parser("rest", help="declare a rest day, or pause a range of days"))
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
    _add_evidence(sub)
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


def _add_rest(rest: Parser) -> None:
    """`rest LADDER [--day DAY]`, and a pause: `rest LADDER|--all --from DAY --to DAY`."""
    rest.add_argument("ladder", nargs="?", help="the ladder (or --all)")
    rest.add_argument("--all", action="store_true", help="every active ladder")
    rest.add_argument("--day", help="YYYY-MM-DD, today, yesterday or -N (default today)")
    rest.add_argument("--from", dest="first", metavar="DAY",
                      help="first day of a pause (default today when --to is given)")
    rest.add_argument("--to", dest="last", metavar="DAY",
                      help="last day of a pause; days ahead may rest (a holiday announced)")
    rest.add_argument("--note", help="why: ill, travelling, a holiday")
    rest.add_argument("--cancel", action="store_true",
                      help="take back the rest days of the range (wins stay)")


def _add_evidence(sub: Any) -> None:
    """`notes`, `review` and `remind`: the evidence of the votes and a nudge before a miss."""
    notes = sub.add_parser("notes", help="the notes on wins and rest days, oldest first")
    notes.add_argument("ladder", nargs="?", help="only this ladder's notes")
    notes.add_argument("--since", metavar="DAY", help="from this day on (YYYY-MM-DD, -N)")
    notes.add_argument("--json", action="store_true")
    review = sub.add_parser("review", help="the votes of a week, month or year, per identity")
    period = review.add_mutually_exclusive_group()
    for name in ("week", "month", "year"):
        period.add_argument(f"--{name}", dest="period", action="store_const", const=name,
                            help=f"this {name} so far (the default is the week)"
                            if name == "week" else f"this {name} so far")
    review.set_defaults(period="week")
    review.add_argument("--day", help="review the period holding this day instead of today")
    review.add_argument("--format", choices=("plain", "json"), default="plain")
    remind = sub.add_parser(
        "remind", help="after remind_at: say which wins are still due (for cron); exit 0 "
        "when nothing is, 1 after reminding, 4 when --tmux found no tmux")
    remind.add_argument("--tmux", action="store_true",
                        help="also show it on every client attached to your tmux server")
