"""The commands on the whole data file: `export`, `import`, `backups`, `restore`
and `demo`.

Each asks the ledger (core/ledger.py) and prints; core/cli.py runs them and
turns every expected failure into one line and its exit code.  A command
that replaces ladders wholesale (`import --replace`, `restore`) copies the
file aside first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from smallwins.core.cli_context import Context, note, now, print_json, say, write
from smallwins.core.errors import EXIT_OK, UsageError
from smallwins.core.ledger import Ledger
from smallwins.core.model import Ladder, format_num
from smallwins.core.terminal import fits, printable
from smallwins.core.words import count


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
        write(sys.stderr, printable(f"exported {made.ladders} ladder(s) to {out}") + "\n")
    else:
        write(sys.stdout, text)
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
            aside.append(save_aside(ctx.ledger.data, BEFORE_IMPORT, now()))
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
    from smallwins.core.record import replace

    base = max((lad.created for lad in ladders.values()), default=-1) + 1
    return {lid: replace(lad, created=ladders[lid].created if lid in ladders
                         else base + lad.created)
            for lid, lad in incoming.items()}


def cmd_backups(ctx: Context) -> int:
    from smallwins.core.backups import backup_line, list_backups

    data = ctx.ledger.data
    infos = list_backups(data)
    if ctx.args.json:
        print_json([info.as_json() for info in infos])
    elif not infos:
        say(f"no backups yet in {data.backup_dir}: one is kept each time the data "
            "file changes")
    else:
        say(f"backups of {data.path} in {data.backup_dir}, newest first:")
        for info in infos:
            say(backup_line(info))
    return EXIT_OK


def cmd_restore(ctx: Context) -> int:
    done = ctx.ledger.restore(ctx.args.backup, now())
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

    made = ctx.ledger.rewrite(fill)
    write(sys.stderr, printable(f"wrote {made} demo ladder(s) with {format_num(a.years)} "
                                 f"year(s) of history to {ctx.ledger.path}") + "\n")
    return EXIT_OK
