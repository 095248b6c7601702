"""`make bench`: measure smallwins against the budgets of SPEC section 7.

    python -m bench.run [--quick] [--only NAME[,NAME...]] [--workdir DIR]

Makes the typical and heavy data files with `smallwins demo`, runs every case
(or the named ones), prints one table of medians, each next to its reference
measured in the same run, and saves it as bench/results/latest.md and
latest.json.  Budgets are reported, never asserted: the exit code is 0 unless
a measurement could not be made.  Every tmux server started is killed on the
way out, whatever happened.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from bench.cases import CASES, NOTES, Bench
from bench.datasets import datasets
from bench.report import Row, load_average, machine, table, write
from bench.tmux import HEIGHT, PANE_ENV, WIDTH, kill_all

RESULTS = Path(__file__).resolve().parent / "results"


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions and a 15 s idle window, to try things out")
    parser.add_argument("--only", action="append", metavar="NAME", default=[],
                        help=f"run only these cases (repeat or comma-separate): {', '.join(CASES)}")
    parser.add_argument("--remind-at", metavar="HH:MM",
                        help="time `smallwins status` with a config that sets remind_at "
                             "(the other cases keep the defaults)")
    parser.add_argument("--workdir", metavar="DIR",
                        help="where the data files go (default: the system temp folder); "
                             "keep it on a real disk: fsync on tmpfs costs nothing")
    args = parser.parse_args(list(argv))
    names = [n.strip() for item in args.only for n in item.split(",") if n.strip()]
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; choose from {', '.join(CASES)}")
    args.names = [n for n in CASES if n in names] if names else list(CASES)
    return args


def filesystem(path: Path) -> str:
    done = subprocess.run(["stat", "-f", "-c", "%T", str(path)], capture_output=True, text=True,
                          check=False)
    return done.stdout.strip() or "unknown file system"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _exit_on_signal(number: int, _frame: object) -> None:
    """SIGTERM or SIGHUP (a CI timeout, a closed terminal): leave through the
    `finally` blocks, so no tmux server outlives the run."""
    sys.exit(128 + number)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _exit_on_signal)
    if shutil.which("tmux") is None:
        say("bench: tmux is needed (`make bench` installs it)")
        return 2
    started = time.monotonic()
    load_start = load_average()
    python = sys.executable
    smallwins = str(Path(python).parent / "smallwins")
    if args.workdir:
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="smallwins-bench-", dir=args.workdir))
    rows: list[Row] = []
    errors: list[str] = []
    try:
        typical, heavy = datasets(workdir / "data")
        config = workdir / "no-config.toml"
        bench = Bench(args.quick, workdir, python, smallwins, config, typical, heavy)
        if args.remind_at:
            bench.status_config = workdir / "remind-config.toml"
            bench.status_config.write_text(f'remind_at = "{args.remind_at}"\n')
        for ds in (typical, heavy):
            say(f"bench: making {ds.name} data ({ds.ladders} ladders, {ds.years} years)")
            ds.make(smallwins, config)
        for name in args.names:
            say(f"bench: {name} ...")
            begun = time.monotonic()
            try:
                rows += CASES[name](bench)
            except Exception as exc:  # one broken case must not hide the others' results
                errors.append(f"{name}: {exc}")
                say(f"bench: {name} FAILED TO MEASURE: {exc}")
                traceback.print_exc()
            finally:
                kill_all()
            say(f"bench: {name} took {time.monotonic() - begun:.0f} s")
        meta = machine()
        meta.update(
            mode=("quick" if args.quick else "full") + (f", only {', '.join(args.names)}"
                                                        if len(args.names) < len(CASES) else "")
                 + (f", status with remind_at = {args.remind_at}" if args.remind_at else ""),
            load_start=load_start,
            load_end=load_average(),
            seconds=time.monotonic() - started,
            workdir=str(workdir),
            workdir_fs=filesystem(workdir),
            commands=commands(bench),
            errors=errors,
        )
        notes = [NOTES[name] for name in args.names]
        notes += [f"ERROR {error}" for error in errors]
        path = write(RESULTS, meta, rows, notes)
        print(table(rows))
        say(f"bench: saved {path} and {path.with_suffix('.json')} "
            f"({meta['seconds']:.0f} s in all)")
    finally:
        kill_all()
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if errors else 0


def commands(b: Bench) -> dict[str, str]:
    """The commands behind the table, temporary paths replaced by placeholders."""

    def shown(argv: list[str]) -> str:
        text = " ".join(argv)
        for path, name in ((b.typical.path, "DATA"), (b.heavy.path, "DATA"),
                           (b.config, "NO-CONFIG.toml"),
                           (b.status_config or b.config, "REMIND-CONFIG.toml"),
                           (b.workdir, "WORK")):
            text = text.replace(str(path), name)
        return text

    pane = " ".join(f"{k}={v}" for k, v in PANE_ENV.items())
    return {
        "typical data": shown(b.typical.demo_argv(b.smallwins, b.config)),
        "heavy data": shown(b.heavy.demo_argv(b.smallwins, b.config)),
        "tmux": f"tmux -L <unique> -f /dev/null new-session -d -x {WIDTH} -y {HEIGHT} "
                "env <PANE-ENV> <COMMAND> ; set-option -g remain-on-exit on",
        "screen and keys": "one control-mode client per server, "
                           "tmux -L <unique> -C attach-session -f no-output,ignore-size, "
                           "sending capture-pane -p and send-keys",
        "PANE-ENV": pane,
        "app": shown(b.app_argv(Path("DATA"))),
        "bare app": shown(b.bare_argv()),
        "status": shown(b.status_argv(Path("DATA"))),
        "status reference": shown([b.python, "-c", "pass"]),
    }


if __name__ == "__main__":
    sys.exit(main())
