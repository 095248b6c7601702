"""Run a module's tests against each mutant, in forked processes.

The libraries every run needs (pytest and its plugins, hypothesis, the time
zone data) are imported once, before forking, and frozen out of the garbage
collector's sight: pytest collects garbage several times a session, and
walking the parent's whole heap in every child would cost more than the
tests.  Nothing of smallwins is imported before forking: each run imports it
afresh, with the mutated code in place of one module.

A test that kills a mutant is likely to kill the next mutant of the same
function, so each run tries first the tests that killed that function's
mutants before (with `-x`, the first failure ends the run).  The order never
decides the outcome: a surviving mutant has passed every test.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

from mutate.mutants import Mutant

KILLERS_KEPT = 4  # per function, most recent first


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
        exec(self.code, module.__dict__)  # noqa: S102 - running the mutant is the point


class _Order:
    """A pytest plugin: likely killers run first, and each failing test is reported."""

    def __init__(self, first: Sequence[str], report_fd: int) -> None:
        self.rank = {nodeid: i for i, nodeid in enumerate(first)}
        self.report_fd = report_fd

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        items.sort(key=lambda item: self.rank.get(item.nodeid, len(self.rank)))

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed and self.report_fd >= 0:
            os.write(self.report_fd, report.nodeid.encode("utf-8") + b"\n")


def preload() -> None:
    """Import what every run needs, then keep the garbage collector off it."""
    import pytest  # noqa: F401
    from hypothesis import HealthCheck, Phase, settings

    for entry in importlib.metadata.entry_points(group="pytest11"):
        # pytest reports a broken plugin itself
        with contextlib.suppress(Exception):
            entry.load()
    for name in ("decimal", "zoneinfo", "pendulum", "tzdata"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    # Repeatable runs that leave no example database behind and fail fast.
    settings.register_profile(
        "mutate", database=None, derandomize=True, deadline=None, print_blob=False,
        phases=(Phase.explicit, Phase.reuse, Phase.generate),
        suppress_health_check=list(HealthCheck),
    )
    settings.load_profile("mutate")
    gc.collect()
    gc.freeze()


def _child(job: Job, root: Path, first: Sequence[str], report_fd: int, quiet: bool) -> None:
    """In the forked process: import the mutant in place of its module, run the tests."""
    import pytest

    if quiet:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
    if job.code is not None:
        name = module_name(job.path)
        sys.meta_path.insert(0, _MutantLoader(name, job.code, str(root / job.path)))
    args = [*job.tests, "-x", "-q", "-p", "no:cacheprovider", "--assert=plain",
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    code = pytest.main(args if quiet else [*args, "-v"], plugins=[_Order(first, report_fd)])
    sys.stdout.flush()
    os._exit(int(code))


class _Running:
    """The forked runs in progress: pid -> (job index, start, pipe of failing tests)."""

    def __init__(self) -> None:
        self.runs: dict[int, tuple[int, float, int]] = {}

    def __len__(self) -> int:
        return len(self.runs)

    def start(self, index: int, job: Job, root: Path, first: Sequence[str],
              quiet: bool) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(job, root, first, write_fd, quiet)
        os.close(write_fd)
        self.runs[pid] = (index, time.monotonic(), read_fd)

    def finish(self, pid: int) -> tuple[int, float, list[str]]:
        """Forget a run that has ended: its job, its seconds and the tests that failed."""
        index, began, read_fd = self.runs.pop(pid)
        chunks = []
        while chunk := os.read(read_fd, 65536):
            chunks.append(chunk)
        os.close(read_fd)
        failed = b"".join(chunks).decode("utf-8").split()
        return index, time.monotonic() - began, failed

    def overdue(self, jobs: Sequence[Job]) -> list[int]:
        now = time.monotonic()
        return [pid for pid, (index, began, _) in self.runs.items()
                if now - began > jobs[index].timeout]

    def kill(self, pid: int) -> tuple[int, float, list[str]]:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return self.finish(pid)


def run_jobs(jobs: Sequence[Job], workers: int, root: Path,
             quiet: bool = True) -> list[tuple[str, float]]:
    """Run every job in forked processes, `workers` at a time.

    Returns (outcome, seconds) in the jobs' order: `passed`, `failed` or `timeout`.
    """
    results: list[tuple[str, float]] = [("", 0.0)] * len(jobs)
    killers: dict[str, list[str]] = {}  # mutant scope -> tests that killed its mutants
    queue = deque(range(len(jobs)))
    running = _Running()
    progress = quiet and sys.stderr.isatty()

    def record(index: int, outcome: str, seconds: float, failed: list[str]) -> None:
        results[index] = (outcome, seconds)
        mutant = jobs[index].mutant
        if mutant is not None and failed:
            known = killers.setdefault(mutant.scope, [])
            known[:] = [failed[0], *(t for t in known if t != failed[0])][:KILLERS_KEPT]
        if progress:
            done = sum(1 for outcome, _ in results if outcome)
            print(f"\r{done}/{len(jobs)} runs", end="", file=sys.stderr, flush=True)

    try:
        while queue or running:
            while queue and len(running) < workers:
                index = queue.popleft()
                mutant = jobs[index].mutant
                first = killers.get(mutant.scope, []) if mutant is not None else []
                running.start(index, jobs[index], root, first, quiet)
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                for late in running.overdue(jobs):
                    index, seconds, failed = running.kill(late)
                    record(index, "timeout", seconds, failed)
                time.sleep(0.005)
                continue
            index, seconds, failed = running.finish(pid)
            code = os.waitstatus_to_exitcode(status)
            record(index, "passed" if code == 0 else "failed", seconds, failed)
    finally:
        for pid in list(running.runs):
            running.kill(pid)
        if progress:
            print(file=sys.stderr)
    return results
