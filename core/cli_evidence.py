"""The commands of the evidence and the nudges: `notes`, `review`, `remind`, and
`rest` with its pause over a range of days.

They run like every other command (core/cli.py runs them, core/cli_context.py
is what they get): ask the ledger, print, one line on stderr and a documented
exit code for anything wrong.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, datetime

from smallwins.core import changes
from smallwins.core.cli_context import Context, say
from smallwins.core.dates import format_day, parse_day
from smallwins.core.errors import EXIT_OK, BadInput, RuleRefused, UsageError
from smallwins.core.ledger import states_of
from smallwins.core.model import Ladder
from smallwins.core.summary import find_ladder
from smallwins.core.terminal import json_text, write_line

EXIT_REMINDED = 1
"""`remind` printed a reminder (and showed it in tmux, with --tmux)."""
EXIT_NO_TMUX = 4
"""`remind --tmux` printed a reminder but could not show it: no tmux server, no client."""
TMUX_TIMEOUT = 10.0


def _now() -> datetime:
    """The local wall clock (the reminder's time of day)."""
    return datetime.now()  # noqa: DTZ005 - the local wall clock is the point


# ----------------------------------------------------------------- rest


def cmd_rest(ctx: Context) -> int:
    """`rest LADDER [--day DAY] [--note]`, or a pause: `rest LADDER|--all --from --to`."""
    a = ctx.args
    if a.all and a.ladder:
        raise UsageError("give a ladder or --all, not both")
    if not a.all and not a.ladder:
        raise UsageError("rest needs a ladder, or --all for every active ladder")
    ranged = a.first is not None or a.last is not None
    if ranged and a.day is not None:
        raise UsageError("--day rests one day; a pause is --from DAY --to DAY")
    if a.first is not None and a.last is None:
        raise UsageError("a pause needs its last day: add --to DAY")
    if not ranged and not a.all and not a.cancel:
        day = ctx.day()
        done = ctx.ledger.change(a.ladder,
                                 lambda lad: changes.mark_rest(lad, day, ctx.today, a.note),
                                 typed=True)
        assert done.after is not None
        say(f"– rest day for {done.after.id} on {day.isoformat()}: neither win nor miss")
        return EXIT_OK
    first = parse_day(a.first, ctx.today) if a.first else ctx.day()
    last = parse_day(a.last, ctx.today) if a.last else first
    return _pause(ctx, first, last)


def _pause(ctx: Context, first: date, last: date) -> int:
    a = ctx.args
    span = format_day(first, with_year=True) if first == last else \
        f"{format_day(first)} to {format_day(last, with_year=True)}"

    def one(ladder: Ladder) -> tuple[Ladder, int]:
        if a.cancel:
            return changes.unpause(ladder, first, last)
        if not changes.pause_days(ladder, first, last):
            return ladder, -1
        return changes.pause(ladder, first, last, ctx.today, a.note)

    named: list[str] = []

    def apply(ladders: dict[str, Ladder]) -> tuple[int, int]:
        chosen = [lad for lad in ladders.values() if not lad.archived] if a.all else \
            [find_ladder(ladders, a.ladder)]
        named[:] = [lad.id for lad in chosen]
        total = touched = 0
        for ladder in chosen:
            changes.pause_days(ladder, first, last)  # a bad range is refused first
            after, count = one(ladder)
            ladders[ladder.id] = after
            if count > 0:
                total += count
                touched += 1
        if total == 0:
            _nothing(a.cancel, a.all, a.ladder, chosen, first, last, span)
        return total, touched

    total, touched = ctx.ledger.rewrite(apply)
    who = f"{touched} ladder(s)" if a.all else ", ".join(named)
    if a.cancel:
        say(f"took back {total} rest day(s) of {who}, {span}")
    else:
        say(f"– paused {who}, {span}: {total} rest day(s), neither win nor miss"
            " (days already won stay won)")
    return EXIT_OK


def _nothing(cancel: bool, every: bool, ladder_id: str | None, chosen: list[Ladder],
             first: date, last: date, span: str) -> None:
    """Say why a pause changed nothing (the file is left as it was)."""
    who = "any active ladder" if every else repr(ladder_id)
    if cancel:
        raise RuleRefused(f"no rest days of {who} to take back, {span}")
    if not any(changes.pause_days(lad, first, last) for lad in chosen):
        raise BadInput(f"no scheduled day of {who}, {span}: a day off the schedule "
                       "needs no rest")
    raise RuleRefused(f"every scheduled day of {who} is already won, {span}: nothing to rest")


# ---------------------------------------------------------------- notes


def cmd_notes(ctx: Context) -> int:
    from smallwins.core.notes import notes_of, one_line

    a = ctx.args
    loaded = ctx.ledger.load()
    ladders = [loaded.find(a.ladder)] if a.ladder else list(loaded.ladders.values())
    since = parse_day(a.since, ctx.today) if a.since else None
    entries = notes_of(ladders, since)
    if a.json:

        sys.stdout.write(json_text([e.as_json() for e in entries]))
        return EXIT_OK
    if not entries:
        where = f" on {a.ladder}" if a.ladder else ""
        when = f" since {since.isoformat()}" if since else ""
        say(f"no notes{where}{when} yet: add one with `smallwins done LADDER --note TEXT` "
            "or the note key in the app")
        return EXIT_OK
    width = max(len(e.ladder_id) for e in entries)
    for e in entries:
        when = e.day.isoformat() if e.last_day == e.day else \
            f"{e.day.isoformat()}..{e.last_day.isoformat()}"
        glyph = "✔" if e.kind == "win" else "–"
        say(f"{when:<10}  {e.ladder_id:<{width}}  {glyph} {one_line(e.text)}")
    return EXIT_OK


# --------------------------------------------------------------- review


def cmd_review(ctx: Context) -> int:
    from smallwins.core.review import period_of, plain_lines, review

    day = ctx.day()
    if day > ctx.today:
        raise UsageError(f"{day.isoformat()} is after today ({ctx.today.isoformat()}): "
                         "a review looks back")
    period = period_of(ctx.args.period, day, ctx.today, ctx.config.week_starts_on)
    result = review(ctx.ledger.load().ladders.values(), period, ctx.today)
    if ctx.args.format == "json":

        sys.stdout.write(json_text(result.as_json()))
    else:
        for line in plain_lines(result):
            say(line)
    return EXIT_OK


# --------------------------------------------------------------- remind


def cmd_remind(ctx: Context) -> int:
    """Exit 0 and print nothing unless it is past `remind_at` with wins still due;
    then print what is left (exit 1), and show it in tmux with --tmux (exit 4
    when that could not be done)."""
    from smallwins.core.nudge import is_past, nudge_of

    config = ctx.config
    clock = _now()
    if not is_past(clock.hour, clock.minute, config.remind_at, config.day_starts_at):
        return EXIT_OK
    nudge = nudge_of(states_of(ctx.ledger.load().ladders.values(), ctx.today))
    if nudge.left == 0:
        return EXIT_OK
    line = nudge.line()
    say(line)
    if ctx.args.tmux:
        problem = show_in_tmux(f"smallwins: {line}")
        if problem is not None:
            write_line(f"smallwins: {problem}", sys.stderr)
            return EXIT_NO_TMUX
    return EXIT_REMINDED


def show_in_tmux(text: str) -> str | None:
    """Show `text` on every client attached to the user's tmux server until a key is
    pressed there; what went wrong in one line, or None.

    The server is the one `tmux` itself finds: $TMUX inside tmux, else the
    default socket (or the one under $TMUX_TMPDIR), as from cron.
    """
    tmux = shutil.which("tmux")
    if tmux is None:
        return "tmux is not installed: the reminder was printed only"
    env = dict(os.environ)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([tmux, *args], capture_output=True, text=True, env=env,
                              timeout=TMUX_TIMEOUT, check=False)

    try:
        listed = run("list-clients", "-F", "#{client_name}")
        if listed.returncode != 0:
            why = (listed.stderr.strip().splitlines() or ["no server running"])[0]
            return f"tmux is not running ({why}): the reminder was printed only"
        clients = [name for name in listed.stdout.splitlines() if name.strip()]
        if not clients:
            return "no client is attached to tmux: the reminder was printed only"
        message = text.replace("#", "##")  # display-message expands #{formats}
        failed = [c for c in clients
                  if run("display-message", "-c", c, "-d", "0", message).returncode != 0]
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"tmux did not answer ({exc}): the reminder was printed only"
    if len(failed) == len(clients):
        return f"tmux could not show the reminder on {', '.join(failed)}"
    return None
