"""The smallwins command line (SPEC section 5).

Exit codes: 0 done; 1 the rules refused; 2 bad input; 3 the data file cannot
be used.  Every failure is one line on stderr, and a failed command leaves the
data file byte for byte as it was (changes happen inside one transaction that
is only written when every check has passed).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from smallwins.core import changes, rules
from smallwins.core.config import Config, load_config
from smallwins.core.dates import parse_day, resolve_today
from smallwins.core.errors import BadInput, SmallwinsError
from smallwins.core.model import (
    Ladder,
    ShapeError,
    Win,
    format_num,
    ladder_from_doc,
    ladder_to_doc,
    parse_days,
)
from smallwins.core.paths import config_path, data_path
from smallwins.core.rules import identity_key, identity_votes, rung_text
from smallwins.core.storage import DataError, DataFile

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT, EXIT_DATA = 0, 1, 2, 3
T = TypeVar("T")


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
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _add = sub.add_parser

    def add_parser(name: str, **kw: Any) -> Parser:
        return _add(name, parents=[after], **kw)  # type: ignore[no-any-return]

    sub.add_parser = add_parser  # type: ignore[method-assign]

    new = sub.add_parser("new", help="create a ladder; prints its id")
    new.add_argument("--identity", required=True, help="who you are becoming")
    new.add_argument("--action", required=True, help="what you do, e.g. walk")
    new.add_argument("--unit", required=True, help="what you count, e.g. steps")
    new.add_argument("--start", required=True, type=_number, help="the first target")
    new.add_argument("--step", required=True, type=_number, help="added by each climb")
    new.add_argument("--hold", type=_whole, default=changes.DEFAULT_HOLD,
                     help="won days before a climb (default 14)")
    new.add_argument("--days", default="daily", help="schedule: mon,tue,... or mon-fri")
    new.add_argument("--minutes", type=_number, help="how long the start takes")
    new.add_argument("--granularity", type=_number, default=1, help="targets are multiples")
    new.add_argument("--id", dest="ladder_id", help="ladder id (default: from action and unit)")
    new.add_argument("--started", metavar="DAY",
                     help="the day it started, if before today (YYYY-MM-DD, yesterday, -N)")

    lst = sub.add_parser("list", help="active ladders")
    lst.add_argument("--json", action="store_true")
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
    for name, text in (("climb", "step up one rung"), ("halve", "cut the target in half")):
        sub.add_parser(name, help=text).add_argument("ladder")

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


@dataclass
class Context:
    data: DataFile
    today: date
    config: Config
    args: argparse.Namespace

    def day(self) -> date:
        text = getattr(self.args, "day", None)
        return self.today if text is None else parse_day(text, self.today)

    def read_ladders(self) -> dict[str, Ladder]:
        return _ladders(self.data.read(), self.data)

    def change(self, ladder_id: str, fn: Callable[[Ladder], Ladder]) -> Ladder:
        """Apply fn to one ladder inside one locked, durable transaction.

        Only that ladder's document is parsed: the others are written back as
        the bytes they were."""

        def apply(docs: dict[str, Any]) -> Ladder:
            if ladder_id not in docs:
                from smallwins.core.views import unknown_ladder

                raise unknown_ladder(ladder_id, docs)
            ladder = _ladders({ladder_id: docs[ladder_id]}, self.data)[ladder_id]
            changed = fn(ladder)
            docs[ladder_id] = ladder_to_doc(changed)
            return changed

        return self.data.transact(apply)


def _ladders(docs: dict[str, Any], data: DataFile) -> dict[str, Ladder]:
    try:
        return {lid: ladder_from_doc(doc) for lid, doc in docs.items()}
    except ShapeError as exc:
        backups = data.backups()
        raise DataError(f"cannot use {data.path}: {exc}", data.path,
                        backups[0] if backups else None) from None


def _find(ladders: dict[str, Ladder], ladder_id: str) -> Ladder:
    from smallwins.core.views import find_ladder

    return find_ladder(ladders, ladder_id)


def say(text: str) -> None:
    print(text, flush=True)


# --------------------------------------------------------------- commands


def cmd_new(ctx: Context) -> int:
    a = ctx.args
    days = parse_days(a.days)
    started = ctx.today if a.started is None else parse_day(a.started, ctx.today)

    def create(docs: dict[str, Any]) -> tuple[Ladder, list[str]]:
        ladders = _ladders(docs, ctx.data)
        ladder, warnings = changes.new_ladder(
            identity=a.identity, action=a.action, unit=a.unit, start=a.start, step=a.step,
            start_day=started, hold=a.hold, days=days, granularity=a.granularity,
            minutes=a.minutes, ladder_id=a.ladder_id, taken=ladders, today=ctx.today,
            created=max((lad.created for lad in ladders.values()), default=-1) + 1,
        )
        docs[ladder.id] = ladder_to_doc(ladder)
        return ladder, warnings

    ladder, warnings = ctx.data.transact(create)
    for warning in warnings:
        print(f"note: {warning}", file=sys.stderr)
    say(ladder.id)
    return EXIT_OK


def cmd_list(ctx: Context) -> int:
    from smallwins.core.views import state_line, states_json, states_of

    ladders = ctx.read_ladders()
    states = states_of(ladders.values(), ctx.today)
    if ctx.args.json:
        _print_json(states_json(states))
    elif not states:
        say("no ladders yet: create one with `smallwins new` or open the app")
    else:
        for state in states:
            say(state_line(state))
    return EXIT_OK


def cmd_show(ctx: Context) -> int:
    from smallwins.core.views import state_details, state_json, states_of

    ladders = ctx.read_ladders()
    ladder = _find(ladders, ctx.args.ladder)
    state = rules.replay(ladder, ctx.today)
    totals = identity_votes(states_of(ladders.values(), ctx.today))
    total = totals.get(identity_key(ladder.identity), state.votes)
    if ctx.args.json:
        _print_json(state_json(state, total))
    else:
        for line in state_details(state, total):
            say(line)
    return EXIT_OK


def cmd_done(ctx: Context) -> int:
    day = ctx.day()
    a = ctx.args
    ladder = ctx.change(a.ladder, lambda lad: changes.mark_win(lad, day, ctx.today, a.amount, a.note))
    state = rules.replay(ladder, ctx.today)
    mark = ladder.marks[day]
    assert isinstance(mark, Win)
    when = "today" if day == ctx.today else day.isoformat()
    extra = "; ready to climb" if state.ready_to_climb else ""
    say(f"✔ {rung_text(ladder, mark.target)} {when}: vote {state.votes} for "
        f"\"{ladder.identity}\"; streak {state.streak}{extra}")
    return EXIT_OK


def cmd_undo(ctx: Context) -> int:
    day = ctx.day()
    ctx.change(ctx.args.ladder, lambda lad: changes.clear_mark(lad, day, ctx.today))
    say(f"cleared {ctx.args.ladder} on {day.isoformat()}")
    return EXIT_OK


def cmd_rest(ctx: Context) -> int:
    day = ctx.day()
    ctx.change(ctx.args.ladder, lambda lad: changes.mark_rest(lad, day, ctx.today))
    say(f"– rest day for {ctx.args.ladder} on {day.isoformat()}: neither win nor miss")
    return EXIT_OK


def cmd_climb(ctx: Context) -> int:
    ladder = ctx.change(ctx.args.ladder, lambda lad: changes.climb(lad, ctx.today))
    state = rules.replay(ladder, ctx.today)
    days = "1 won day" if ladder.hold == 1 else f"{ladder.hold} won days"
    say(f"▲ climbed: {state.rung} from today; hold it for {days}")
    return EXIT_OK


def cmd_halve(ctx: Context) -> int:
    ladder = ctx.change(ctx.args.ladder, lambda lad: changes.halve(lad, ctx.today))
    state = rules.replay(ladder, ctx.today)
    say(f"½ halved: {state.rung} from today. Small is the point.")
    return EXIT_OK


def cmd_status(ctx: Context) -> int:
    from smallwins.core import status

    path = str(ctx.data.path)
    signature = status._sig_text(path)
    docs = ctx.data.read()
    _ladders(docs, ctx.data)
    info = status.compute(docs, ctx.today)
    say(status.render(info, ctx.args.format))
    cfg = str(ctx.config.path) if ctx.config.path else ""
    status.write_cache(path, cfg, ctx.config.day_starts_at, ctx.today, info, signature)
    return EXIT_OK


def cmd_export(ctx: Context) -> int:
    from smallwins.core.transfer import export_csv, export_json

    docs = ctx.data.read()
    _ladders(docs, ctx.data)
    text = export_json(docs, ctx.today) if ctx.args.format == "json" else export_csv(docs)
    if ctx.args.output:
        out = Path(ctx.args.output)
        try:
            out.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
        print(f"exported {len(docs)} ladder(s) to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    """Merge by ladder id, all or nothing; --replace copies the file aside first."""
    from smallwins.core.backups import BEFORE_IMPORT, save_aside
    from smallwins.core.importers import SOURCE_NAMES, load
    from smallwins.core.transfer import merge

    imported = load(Path(ctx.args.file), ctx.args.source, ctx.today)
    aside: list[Path | None] = []

    def apply(docs: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
        ladders = _ladders(docs, ctx.data)
        incoming = imported.docs
        if imported.foreign:
            incoming = _place_after(incoming, ladders)
        added, replaced, unchanged = merge(docs, incoming, ctx.args.replace)
        if replaced:
            # Under the lock and before the write: the copy is the file replaced.
            aside.append(save_aside(ctx.data, BEFORE_IMPORT, _now()))
        return added, replaced, unchanged

    added, replaced, unchanged = ctx.data.transact(apply)
    for note in imported.notes:
        print(f"note: {note}", file=sys.stderr)
    parts = [f"imported {len(added)} new ladder(s) from {SOURCE_NAMES[imported.source]}"]
    if imported.foreign:
        parts[0] += f" ({imported.wins} wins, {imported.rests} rest days)"
    if replaced:
        parts.append(f"replaced {len(replaced)}: {', '.join(sorted(replaced))}")
    if unchanged:
        parts.append(f"{len(unchanged)} already here unchanged")
    say("; ".join(parts))
    if aside and aside[0] is not None:
        say(f"the file as it was is saved as {aside[0]}")
    return EXIT_OK


def _place_after(incoming: dict[str, dict[str, Any]],
                 ladders: dict[str, Ladder]) -> dict[str, dict[str, Any]]:
    """Ladders from another tracker go after the ones already here, in their
    own order; one already here keeps its place."""
    base = max((lad.created for lad in ladders.values()), default=-1) + 1
    placed: dict[str, dict[str, Any]] = {}
    for lid, doc in incoming.items():
        here = ladders.get(lid)
        placed[lid] = doc | {"created": here.created if here else base + doc["created"]}
    return placed


def _now() -> datetime:
    """Wall-clock time for backup names (not `today`: a backup is made now)."""
    return datetime.now().astimezone()


def cmd_backups(ctx: Context) -> int:
    from smallwins.core.backups import backup_line, list_backups

    infos = list_backups(ctx.data)
    if ctx.args.json:
        _print_json([info.as_json() for info in infos])
    elif not infos:
        say(f"no backups yet in {ctx.data.backup_dir}: one is kept each time the data "
            "file changes")
    else:
        say(f"backups of {ctx.data.path} in {ctx.data.backup_dir}, newest first:")
        for info in infos:
            say(backup_line(info))
    return EXIT_OK


def cmd_restore(ctx: Context) -> int:
    from smallwins.core.backups import restore

    done = restore(ctx.data, ctx.args.backup, _now())
    say(f"restored {done.backup.name} ({done.ladders} ladder(s)) to {ctx.data.path}")
    if done.aside is not None:
        say(f"the file it replaced is saved as {done.aside}")
    return EXIT_OK


def cmd_demo(ctx: Context) -> int:
    from smallwins.core.demo import generate

    a = ctx.args
    if a.ladders < 1 or a.ladders > 500:
        raise UsageError(f"--ladders must be 1-500, got {a.ladders}")
    if not 0 < a.years <= 30:
        raise UsageError(f"--years must be more than 0 and at most 30, got {format_num(a.years)}")
    docs_new = generate(a.ladders, a.years, a.seed, ctx.today)

    def fill(docs: dict[str, Any]) -> int:
        _ladders(docs, ctx.data)
        if docs and not a.force:
            raise UsageError(f"{ctx.data.path} already has {len(docs)} ladder(s): pick another "
                             "file with --data, or --force to replace them")
        docs.clear()
        docs.update(docs_new)
        return len(docs_new)

    count = ctx.data.transact(fill)
    print(f"wrote {count} demo ladder(s) with {format_num(a.years)} year(s) of history "
          f"to {ctx.data.path}", file=sys.stderr)
    return EXIT_OK


COMMANDS: dict[str, Callable[[Context], int]] = {
    "new": cmd_new, "list": cmd_list, "show": cmd_show, "done": cmd_done, "undo": cmd_undo,
    "rest": cmd_rest, "climb": cmd_climb, "halve": cmd_halve, "status": cmd_status,
    "export": cmd_export, "import": cmd_import, "backups": cmd_backups,
    "restore": cmd_restore, "demo": cmd_demo,
}


def _print_json(value: Any) -> None:
    import json

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def fail(message: str, code: int) -> int:
    print(f"smallwins: {message}", file=sys.stderr, flush=True)
    return code


def parse(argv: Sequence[str]) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def settings(args: argparse.Namespace) -> tuple[Config, Path, date]:
    """Config, data path and today for any command (raises for bad ones)."""
    cfg_path = config_path(args.config)
    config = load_config(cfg_path)
    today = resolve_today(args.today, config.day_starts_at)
    return config, data_path(args.data), today


def guarded(fn: Callable[[], int]) -> int:
    """Run fn, turning every expected failure into one line and its exit code."""
    try:
        return fn()
    except SmallwinsError as exc:
        return fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return fail("interrupted; nothing half-written", 130)
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand."""

    def go() -> int:
        config, path, today = settings(args)
        ctx = Context(DataFile(path), today, config, args)
        return COMMANDS[args.command](ctx)

    return guarded(go)


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
