"""`make mutate`: how many small bugs in the engine its fast tests catch.

    python -m mutate.run [--module PATH ...] [--jobs N] [--list] [--show ID]

For every mutant of each module in TARGETS (see mutate/mutants.py) the
module's fast tests run in a forked process that imports the mutated code in
place of the module; no file is rewritten.  A mutant is killed when a test
fails (or the tests run past the timeout: an endless loop), and survives when
they all pass.  Survivors listed in docs/MUTANTS.md are equivalent: no input
can tell them from the real code.

The table gives, per module, the score over the non-equivalent mutants; then
each survivor as `file:line  original -> mutated  [id]`.  The exit code is 1
when a module scores under THRESHOLD or the list of equivalents names a mutant
that no longer exists or was killed, 2 when the unmutated tests fail.

The libraries (pytest, hypothesis, the time zone data) are imported once,
before forking, so each mutant costs only its tests.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import re
import signal
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, ModuleType

from mutate.mutants import Mutant, generate, mutated_tree

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "docs" / "MUTANTS.md"
THRESHOLD = 95.0

# The engine's fast tests, quickest and most pointed first: `-x` stops at the
# first failure, so a mutant is usually killed within a second.
RULE_TESTS = (
    "tests/core/test_rules.py",
    "tests/core/test_rules_properties.py",
)
DATE_TESTS = ("tests/core/test_dates.py",)

# The modules under mutation and the tests run against each: one line a module.
TARGETS: dict[str, tuple[str, ...]] = {
    "core/rules.py": RULE_TESTS,
    "core/changes.py": RULE_TESTS,
    "core/dates.py": DATE_TESTS,
}


@dataclass
class Job:
    """One run of a module's tests, with one mutant or none (the baseline)."""

    path: str
    tests: tuple[str, ...]
    mutant: Mutant | None
    code: CodeType | None = None
    timeout: float = 600.0


def module_name(path: str) -> str:
    """core/rules.py -> smallwins.core.rules (the installed name)."""
    return "smallwins." + path.removesuffix(".py").replace("/", ".")


class _MutantLoader(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Supplies the mutated code for one module name; every other import is left alone."""

    def __init__(self, name: str, code: CodeType, origin: str) -> None:
        self.name, self.code, self.origin = name, code, origin

    def find_spec(self, fullname: str, path: object = None,
                  target: object = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        spec = importlib.util.spec_from_loader(fullname, self, origin=self.origin)
        if spec is not None:
            spec.has_location = True
        return spec

    def exec_module(self, module: ModuleType) -> None:
        exec(self.code, module.__dict__)  # noqa: S102 - the point of the tool


def _preload() -> None:
    """Import what every run needs once, so forked runs start warm.

    Nothing of smallwins is imported here: each run imports it afresh, with
    its one mutated module.
    """
    import pytest  # noqa: F401
    from hypothesis import HealthCheck, Phase, settings

    for entry in importlib.metadata.entry_points(group="pytest11"):
        try:
            entry.load()
        except Exception:  # noqa: BLE001 - pytest reports a broken plugin itself
            pass
    for name in ("decimal", "zoneinfo", "pendulum", "tzdata"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    # Repeatable runs that leave no example database behind and fail fast.
    settings.register_profile(
        "mutate", database=None, derandomize=True, deadline=None, print_blob=False,
        phases=(Phase.explicit, Phase.reuse, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    settings.load_profile("mutate")


def _child(job: Job, quiet: bool) -> None:
    """In the forked process: import the mutant in place of its module, run the tests."""
    import pytest

    if quiet:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
    if job.code is not None:
        sys.meta_path.insert(0, _MutantLoader(module_name(job.path), job.code,
                                              str(ROOT / job.path)))
    args = [*job.tests, "-x", "-q", "-p", "no:cacheprovider",
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    code = pytest.main(args if quiet else [*args, "-v"])
    sys.stdout.flush()
    os._exit(int(code))


def run_jobs(jobs: list[Job], workers: int, quiet: bool = True) -> list[tuple[str, float]]:
    """Run every job in forked processes, `workers` at a time.

    Returns (outcome, seconds) in the jobs' order: `passed`, `failed` or `timeout`.
    """
    results: list[tuple[str, float]] = [("", 0.0)] * len(jobs)
    queue = deque(range(len(jobs)))
    running: dict[int, tuple[int, float]] = {}
    done = 0
    try:
        while queue or running:
            while queue and len(running) < workers:
                index = queue.popleft()
                pid = os.fork()
                if pid == 0:
                    _child(jobs[index], quiet)
                running[pid] = (index, time.monotonic())
            pid, status = os.waitpid(-1, os.WNOHANG)
            now = time.monotonic()
            if pid == 0:
                for other, (index, began) in list(running.items()):
                    if now - began > jobs[index].timeout:
                        os.kill(other, signal.SIGKILL)
                        os.waitpid(other, 0)
                        del running[other]
                        results[index] = ("timeout", now - began)
                        done += 1
                time.sleep(0.005)
                continue
            index, began = running.pop(pid)
            code = os.waitstatus_to_exitcode(status)
            results[index] = ("passed" if code == 0 else "failed", now - began)
            done += 1
            if quiet and sys.stderr.isatty():
                print(f"\r{done}/{len(jobs)} runs", end="", file=sys.stderr, flush=True)
    finally:
        for pid in running:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if quiet and sys.stderr.isatty():
            print(file=sys.stderr)
    return results


def load_equivalents(path: Path = EQUIVALENTS) -> set[str]:
    """The ids in the list of equivalent mutants: list items that start with `id`."""
    if not path.exists():
        return set()
    pattern = re.compile(r"^\s*[-*]\s+`([^`\s]+)`")
    return {m.group(1) for line in path.read_text(encoding="utf-8").splitlines()
            if (m := pattern.match(line))}


def compiled(mutant: Mutant) -> CodeType:
    tree = mutated_tree(ROOT / mutant.path, mutant.path, mutant.id)
    return compile(tree, str(ROOT / mutant.path), "exec")


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m mutate.run",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--module", action="append", default=[], metavar="PATH",
                        help=f"mutate only this module (repeatable): {', '.join(TARGETS)}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="runs at once (default: one per CPU)")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--show", metavar="ID", help="run one mutant with the tests' output")
    args = parser.parse_args(list(argv))
    unknown = [m for m in args.module if m not in TARGETS]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r}; choose from {', '.join(TARGETS)}")
    args.modules = args.module or list(TARGETS)
    return args


def main(argv: Sequence[str] = ()) -> int:
    args = parse(argv)
    os.chdir(ROOT)
    mutants = {path: generate(ROOT / path, path) for path in args.modules}
    if args.list:
        for path in args.modules:
            for mutant in mutants[path]:
                print(f"{mutant.describe()}  [{mutant.id}]")
        return 0
    _preload()
    if args.show:
        found = [m for path in args.modules for m in mutants[path] if m.id == args.show]
        if not found:
            print(f"no mutant {args.show!r}: see --list", file=sys.stderr)
            return 2
        mutant = found[0]
        print(mutant.describe())
        job = Job(mutant.path, TARGETS[mutant.path], mutant, compiled(mutant))
        outcome, _ = run_jobs([job], 1, quiet=False)[0]
        print("survived" if outcome == "passed" else f"killed ({outcome})")
        return 0

    began = time.monotonic()
    baselines = [Job(path, TARGETS[path], None) for path in args.modules]
    timeouts: dict[str, float] = {}
    for job, (outcome, seconds) in zip(baselines, run_jobs(baselines, args.jobs), strict=True):
        if outcome != "passed":
            print(f"the tests of {job.path} fail without any mutant: fix them first "
                  f"(.venv/bin/python -m pytest -q {' '.join(job.tests)})", file=sys.stderr)
            return 2
        # Generous: a loaded machine must not turn a slow pass into a kill.
        timeouts[job.path] = max(15.0, 4 * seconds + 5)
    jobs = [Job(m.path, TARGETS[m.path], m, compiled(m), timeouts[m.path])
            for path in args.modules for m in mutants[path]]
    outcomes = run_jobs(jobs, args.jobs)

    from mutate.report import report

    failed = report(args.modules, jobs, outcomes, load_equivalents(), THRESHOLD, TARGETS)
    minutes, seconds = divmod(int(time.monotonic() - began), 60)
    print(f"\n{len(jobs)} mutants in {minutes} min {seconds} s, {args.jobs} at a time")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
