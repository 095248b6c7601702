"""The smallwins command line (SPEC section 5): read the words, ask the ledger, print.

Exit codes: 0 done; 1 the rules refused; 2 bad input; 3 the data file cannot
be used.  Every failure is one line on stderr, and a failed command leaves the
data file byte for byte as it was (changes happen inside one transaction of
the use-case layer, core/ledger.py, written only when every check has passed).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from smallwins.core import changes, rules
from smallwins.core.cli_parser import UsageError, build_parser
from smallwins.core.config import Config, load_config
from smallwins.core.dates import parse_day, resolve_today
from smallwins.core.errors import EXIT_BAD_INPUT, EXIT_OK, SmallwinsError
from smallwins.core.ledger import Ledger, identity_totals, states_of
from smallwins.core.model import Ladder, Win, format_num, parse_days
from smallwins.core.paths import config_path, data_path
from smallwins.core.rules import identity_key, rung_text
from smallwins.core.terminal import fits, for_stream, json_text, printable, write_line
from smallwins.core.words import count

__all__ = ["UsageError", "fail", "guarded", "main", "parse", "run", "settings"]


@dataclass
class Context:
    """What every command gets: the ledger, today, the config and the parsed words."""

    ledger: Ledger
    today: date
    config: Config
    args: argparse.Namespace

    def day(self) -> date:
        text = getattr(self.args, "day", None)
        return self.today if text is None else parse_day(text, self.today)


def say(text: str) -> None:
    """One line on stdout: control characters escaped, glyphs the output can show."""
    write_line(text)


def note(text: str) -> None:
    write_line(f"note: {text}", sys.stderr)


def _write(stream: Any, text: str) -> None:
    stream.write(for_stream(text, stream))
    stream.flush()


def _print_json(value: Any) -> None:
    sys.stdout.write(json_text(value))


def _now() -> datetime:
    """Wall-clock time for backup names (not `today`: a backup is made now)."""
    return datetime.now().astimezone()


# --------------------------------------------------------------- commands


def cmd_new(ctx: Context) -> int:
    a = ctx.args
    fields: dict[str, Any] = {
        "identity": a.identity, "action": a.action, "unit": a.unit, "unit_one": a.unit_one,
        "start": a.start,
        "step": a.step, "hold": a.hold, "days": parse_days(a.days),
        "granularity": a.granularity, "minutes": a.minutes, "ladder_id": a.ladder_id,
    }
    if a.started is not None:
        fields["start_day"] = parse_day(a.started, ctx.today)
    changed, warnings = ctx.ledger.create(fields, ctx.today)
    for warning in warnings:
        note(warning)
    say(changed.ladder_id)
    return EXIT_OK


def cmd_list(ctx: Context) -> int:
    from smallwins.core.views import state_line, states_json

    loaded = ctx.ledger.load()
    states = states_of(loaded.ladders.values(), ctx.today)
    archived = loaded.archived()
    if ctx.args.all:
        states += [rules.replay(ladder, ctx.today) for ladder in archived]
    if ctx.args.json:
        _print_json(states_json(states, identity_totals(loaded.ladders.values(), ctx.today)))
    elif not states and archived:
        say(f"no active ladders; {_archived_words(len(archived))}")
    elif not states:
        say("no ladders yet: create one with `smallwins new` or open the app")
    else:
        for state in states:
            say(state_line(state))
        if archived and not ctx.args.all:
            note(_archived_words(len(archived)))
    return EXIT_OK


def _archived_words(count: int) -> str:
    ladders = "ladder is" if count == 1 else "ladders are"
    return (f"{count} archived {ladders} not shown: `smallwins list --all` shows them, "
            "`smallwins unarchive LADDER` brings one back")


def cmd_show(ctx: Context) -> int:
    from smallwins.core.views import state_details, state_json

    loaded = ctx.ledger.load()
    ladder = loaded.find(ctx.args.ladder)
    state = rules.replay(ladder, ctx.today)
    totals = identity_totals(loaded.ladders.values(), ctx.today, {ladder.id: state})
    total = totals[identity_key(ladder.identity)]
    if ctx.args.json:
        _print_json(state_json(state, total))
    else:
        for line in state_details(state, total):
            say(line)
    return EXIT_OK


def _changed(ctx: Context, fn: Callable[[Ladder], Ladder]) -> Ladder:
    """Change the ladder the person named (its id or a unique prefix of it)."""
    after = ctx.ledger.change(ctx.args.ladder, fn, typed=True).after
    assert after is not None
    return after


def cmd_done(ctx: Context) -> int:
    day = ctx.day()
    a = ctx.args
    ladder = _changed(ctx, lambda lad: changes.mark_win(lad, day, ctx.today, a.amount, a.note))
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
    ladder = _changed(ctx, lambda lad: changes.clear_mark(lad, day, ctx.today))
    say(f"cleared {ladder.id} on {day.isoformat()}")
    return EXIT_OK


def cmd_climb(ctx: Context) -> int:
    ladder = _changed(ctx, lambda lad: changes.climb(lad, ctx.today))
    state = rules.replay(ladder, ctx.today)
    days = count(ladder.hold, "won day")
    say(f"▲ climbed: {state.rung} from today; hold it for {days}")
    return EXIT_OK


def cmd_halve(ctx: Context) -> int:
    ladder = _changed(ctx, lambda lad: changes.halve(lad, ctx.today))
    state = rules.replay(ladder, ctx.today)
    say(f"½ halved: {state.rung} from today. Small is the point.")
    return EXIT_OK


def cmd_archive(ctx: Context) -> int:
    ladder = ctx.ledger.set_archived(ctx.args.ladder, True, typed=True).after
    assert ladder is not None
    votes = rules.count_votes(ladder, ctx.today)
    say(f"archived {ladder.id}: it leaves list, status and the Today screen; its "
        f"{_votes(votes)} still count. `smallwins unarchive {ladder.id}` brings it back")
    return EXIT_OK


def cmd_unarchive(ctx: Context) -> int:
    ladder = ctx.ledger.set_archived(ctx.args.ladder, False, typed=True).after
    assert ladder is not None
    state = rules.replay(ladder, ctx.today)
    say(f"unarchived {ladder.id}: {state.rung} is back, with all its history "
        f"({_votes(state.votes)})")
    return EXIT_OK


def _votes(count: int) -> str:
    return f"{count} vote{'' if count == 1 else 's'}"


def cmd_ask(ctx: Context) -> int:
    from smallwins.core.ask import ask

    return ask(ctx.ledger, ctx.today, ctx.args.ladder, ctx.args.days, sys.stdin, sys.stdout)


def cmd_status(ctx: Context) -> int:
    from smallwins.core import status

    config = str(ctx.config.path) if ctx.config.path else ""
    say(status.answer(str(ctx.ledger.path), config, ctx.args.today, ctx.args.format))
    return EXIT_OK


def cmd_export(ctx: Context) -> int:
    from smallwins.core.transfer import build_export

    ascii_only = not ctx.args.output and not fits("✔", sys.stdout)
    made = build_export(ctx.ledger, ctx.args.format, ctx.today, ascii_only=ascii_only)
    text = made.text
    if ctx.args.output:
        out = Path(ctx.args.output).expanduser().absolute()
        _refuse_own_files(ctx.ledger, out)
        from smallwins.core.fileio import replace_file

        try:
            replace_file(out, text.encode("utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
        _write(sys.stderr, printable(f"exported {made.ladders} ladder(s) to {out}") + "\n")
    else:
        _write(sys.stdout, text)
    return EXIT_OK


def _refuse_own_files(ledger: Ledger, out: Path) -> None:
    """An export never lands on the data file, its lock, its status cache or a backup."""
    from smallwins.core.status import CACHE_SUFFIX

    data = ledger.data
    real = Path(os.path.realpath(out))
    from smallwins.core.catchup_file import path_of

    own = {data.path, data.lock_path, Path(f"{data.path}{CACHE_SUFFIX}"), path_of(data.path)}
    try:
        same = out.exists() and data.path.exists() and os.path.samefile(out, data.path)
    except OSError:  # a name too long, say: writing it will say so
        same = False
    if real in own or real.parent == data.backup_dir or same:
        raise UsageError(f"{out} is smallwins' own file: export to another file "
                         "(e.g. -o smallwins-export.json)")


def cmd_import(ctx: Context) -> int:
    """Merge by ladder id, all or nothing; --replace copies the file aside first."""
    from smallwins.core.backups import BEFORE_IMPORT, save_aside
    from smallwins.core.importers import SOURCE_NAMES, load
    from smallwins.core.transfer import merge

    imported = load(Path(ctx.args.file), ctx.args.source, ctx.today)
    incoming = imported.ladders()
    aside: list[Path | None] = []

    def apply(ladders: dict[str, Ladder]) -> tuple[list[str], list[str], list[str]]:
        placed = _place_after(incoming, ladders) if imported.foreign else incoming
        added, replaced, unchanged = merge(ladders, placed, ctx.args.replace)
        if replaced:
            # Under the lock and before the write: the copy is the file replaced.
            aside.append(save_aside(ctx.ledger.data, BEFORE_IMPORT, _now()))
        return added, replaced, unchanged

    added, replaced, unchanged = ctx.ledger.rewrite(apply)
    for line in imported.notes:
        note(line)
    parts = [f"imported {len(added)} new ladder(s) from {SOURCE_NAMES[imported.source]}"]
    if imported.foreign:
        parts[0] += f" ({count(imported.wins, 'win')}, {count(imported.rests, 'rest day')})"
    if replaced:
        parts.append(f"replaced {len(replaced)}: {', '.join(sorted(replaced))}")
    if unchanged:
        parts.append(f"{len(unchanged)} already here unchanged")
    say("; ".join(parts))
    if aside and aside[0] is not None:
        say(f"the file as it was is saved as {aside[0]}")
    return EXIT_OK


def _place_after(incoming: dict[str, Ladder], ladders: dict[str, Ladder]) -> dict[str, Ladder]:
    """Ladders from another tracker go after the ones already here, in their
    own order; one already here keeps its place."""
    from dataclasses import replace

    base = max((lad.created for lad in ladders.values()), default=-1) + 1
    return {lid: replace(lad, created=ladders[lid].created if lid in ladders
                         else base + lad.created)
            for lid, lad in incoming.items()}


def cmd_backups(ctx: Context) -> int:
    from smallwins.core.backups import backup_line, list_backups

    data = ctx.ledger.data
    infos = list_backups(data)
    if ctx.args.json:
        _print_json([info.as_json() for info in infos])
    elif not infos:
        say(f"no backups yet in {data.backup_dir}: one is kept each time the data "
            "file changes")
    else:
        say(f"backups of {data.path} in {data.backup_dir}, newest first:")
        for info in infos:
            say(backup_line(info))
    return EXIT_OK


def cmd_restore(ctx: Context) -> int:
    done = ctx.ledger.restore(ctx.args.backup, _now())
    say(f"restored {done.backup.name} ({done.ladders} ladder(s)) to {ctx.ledger.path}")
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
    fresh = generate(a.ladders, a.years, a.seed, ctx.today)

    def fill(ladders: dict[str, Ladder]) -> int:
        if ladders and not a.force:
            raise UsageError(f"{ctx.ledger.path} already has {len(ladders)} ladder(s): pick "
                             "another file with --data, or --force to replace them")
        ladders.clear()
        ladders.update(fresh)
        return len(fresh)

    count = ctx.ledger.rewrite(fill)
    _write(sys.stderr, printable(f"wrote {count} demo ladder(s) with {format_num(a.years)} "
                                 f"year(s) of history to {ctx.ledger.path}") + "\n")
    return EXIT_OK


def _evidence(name: str) -> Callable[[Context], int]:
    """A command of core/cli_evidence.py (notes, review, remind, rest and its pause)."""

    def command(ctx: Context) -> int:
        from smallwins.core import cli_evidence

        fn: Callable[[Context], int] = getattr(cli_evidence, f"cmd_{name}")
        return fn(ctx)

    return command


COMMANDS: dict[str, Callable[[Context], int]] = {
    "new": cmd_new, "list": cmd_list, "show": cmd_show, "done": cmd_done, "undo": cmd_undo,
    "rest": _evidence("rest"), "climb": cmd_climb, "halve": cmd_halve, "archive": cmd_archive,
    "unarchive": cmd_unarchive, "ask": cmd_ask, "status": cmd_status,
    "export": cmd_export, "import": cmd_import, "backups": cmd_backups,
    "restore": cmd_restore, "demo": cmd_demo,
    "notes": _evidence("notes"), "review": _evidence("review"), "remind": _evidence("remind"),
}


# ------------------------------------------------------------------ running


def fail(message: str, code: int) -> int:
    _write(sys.stderr, f"smallwins: {printable(message)}\n")
    return code


def parse(argv: Sequence[str]) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


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

    command = COMMANDS.get(args.command)
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
