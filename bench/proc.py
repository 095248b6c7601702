"""What the kernel knows about a process: CPU time, peak memory, and a timed run.

Everything is read from /proc or from the kernel's per-process CPU clock, so
the programs measured need no cooperation and run exactly as a user runs them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence


def cpu_ticks(pid: int) -> int:
    """utime + stime from /proc/PID/stat, in clock ticks (all threads)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        # The command name may hold spaces: fields are counted after its ')'.
        fields = fh.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


def cpu_ns(pid: int) -> int:
    """The process's CPU time in nanoseconds (all threads), from its CPU clock.

    utime + stime count whole clock ticks (10 ms here), too coarse to compare
    idle programs that use a few tens of milliseconds a minute; the kernel's
    per-process clock (what clock_getcpuclockid returns) counts nanoseconds.
    """
    clock = ((~pid) << 3) | 2  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
    return time.clock_gettime_ns(clock)


def peak_rss_kib(pid: int) -> int:
    """VmHWM: the most resident memory the process has had, in KiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def timed_run(argv: Sequence[str], env: Mapping[str, str]) -> float:
    """Run `argv` to completion with output discarded; wall seconds.

    posix_spawn costs a fraction of what subprocess adds around fork/exec,
    so a short program's time is not padded by the harness.
    """
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
                   (os.POSIX_SPAWN_DUP2, devnull, 2)]
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], list(argv), dict(env), file_actions=actions)
        _, status = os.waitpid(pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {code}")
    return elapsed
