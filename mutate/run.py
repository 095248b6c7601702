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

mutate/runner.py runs the tests; mutate/report.py prints the table.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import CodeType

from mutate.mutants import Mutant, generate, mutated_tree
from mutate.report import report
from mutate.runner import Job, preload, run_jobs

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "docs" / "MUTANTS.md"
THRESHOLD = 95.0

# The engine's fast tests, quickest and most pointed first: `-x` stops at the
# first failure, so a mutant is usually killed within a second.
RULE_TESTS = (
    "tests/core/test_rules.py",
    "tests/core/test_rules_scenarios.py",
    "tests/core/test_changes.py",
    "tests/core/test_rules_properties.py",
    "tests/core/test_rules_resume.py",
)
DATE_TESTS = ("tests/core/test_dates.py", "tests/core/test_dates_properties.py")

LIMIT_TESTS = ("tests/core/test_limit_values.py", "tests/core/test_limits.py")
SUMMARY_TESTS = ("tests/core/test_summary.py",)
UNDO_TESTS = ("tests/core/test_undo.py",)
# The ledger is mostly glue around the data file: its tests use real files in a
# temporary folder, so each run takes longer than the pure modules' runs.
LEDGER_TESTS = ("tests/core/test_ledger.py",)

# The modules under mutation and the tests run against each: one line a module.
TARGETS: dict[str, tuple[str, ...]] = {
    "core/rules.py": RULE_TESTS,
    "core/changes.py": (*RULE_TESTS, "tests/core/test_changes_spans.py"),
    "core/dates.py": DATE_TESTS,
    "core/limits.py": LIMIT_TESTS,
    "core/summary.py": SUMMARY_TESTS,
    "core/undo.py": UNDO_TESTS,
    "core/ledger.py": LEDGER_TESTS,
}


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
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
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
    preload()
    if args.show:
        found = [m for path in args.modules for m in mutants[path] if m.id == args.show]
        if not found:
            print(f"no mutant {args.show!r}: see --list", file=sys.stderr)
            return 2
        mutant = found[0]
        print(mutant.describe())
        job = Job(mutant.path, TARGETS[mutant.path], mutant, compiled(mutant))
        outcome, _ = run_jobs([job], 1, ROOT, quiet=False)[0]
        print("survived" if outcome == "passed" else f"killed ({outcome})")
        return 0

    began = time.monotonic()
    baselines = [Job(path, TARGETS[path], None) for path in args.modules]
    timeouts: dict[str, float] = {}
    passes = run_jobs(baselines, args.jobs, ROOT)
    for job, (outcome, seconds) in zip(baselines, passes, strict=True):
        if outcome != "passed":
            print(f"the tests of {job.path} fail without any mutant: fix them first "
                  f"(.venv/bin/python -m pytest -q {' '.join(job.tests)})", file=sys.stderr)
            return 2
        # Generous: a loaded machine must not turn a slow pass into a kill.
        timeouts[job.path] = max(10.0, 3 * seconds + 5)
    jobs = [Job(m.path, TARGETS[m.path], m, compiled(m), timeouts[m.path])
            for path in args.modules for m in mutants[path]]
    outcomes = run_jobs(jobs, args.jobs, ROOT)
    failed = report(args.modules, jobs, outcomes, load_equivalents(), THRESHOLD, TARGETS)
    minutes, seconds = divmod(int(time.monotonic() - began), 60)
    print(f"\n{len(jobs)} mutants in {minutes} min {seconds} s, {args.jobs} at a time")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
