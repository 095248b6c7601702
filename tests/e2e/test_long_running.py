"""Weeks in a tmux pane: the day rolls over, a hang-up or a lost terminal ends the app.

The rollover test runs the app under faketime.  The faketime wrapper reads a
plain timestamp with `date -d`, which does not understand the `@` prefix
("start the clock here and let it run"): `faketime '@2026-11-29 23:59:45'`
fails with "Timestamp to fake not recognized".  `-f` hands the spec to
libfaketime as it is, and that preload works with the venv's Python.
"""

from __future__ import annotations

import fcntl
import os
import shlex
import signal
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from smallwins.core.model import Win, ladder_from_doc
from smallwins.core.storage import DataFile
from tests.e2e.conftest import (
    BIN,
    Tmux,
    app_command,
    cli,
    cpu_ticks,
    is_gone,
    new_ladder,
    require,
    wait_for,
)

BLOCK_SIGHUP = (
    "import os, signal, sys; "
    "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP}); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)
"""Runs a program with SIGHUP blocked: a terminal that goes away without a hang-up signal."""


def lock_is_free(data: Path) -> bool:
    fd = os.open(f"{data}.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_the_open_app_rolls_over_at_midnight(tmp_path: Path, tmux: Tmux, data: Path) -> None:
    require("faketime")
    ladder = new_ladder(tmp_path, data, "stretch", today="2026-11-29")
    cli(tmp_path, data, "done", ladder, today="2026-11-29")
    # No --today: the app reads the (faked) wall clock, 15 s before midnight.
    command = shlex.join(["exec", "faketime", "-f", "@2026-11-29 23:59:45", str(BIN),
                          "--data", str(data)])
    tmux.start(command)
    screen = tmux.wait_for_text("Sun 29 Nov", timeout=15)
    assert "1 of 1 done today" in screen
    tmux.wait_for_text("Mon 30 Nov", timeout=30)
    # The list moved too, not only the top bar: the new day is not done yet.
    tmux.wait_for_text("0 of 1 done today", timeout=5)
    tmux.keys("space")
    tmux.wait_for_text("1 of 1 done today")
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0
    marks = ladder_from_doc(DataFile(data).read()[ladder]).marks
    assert set(marks) == {date(2026, 11, 29), date(2026, 11, 30)}


@pytest.mark.parametrize("how", ["kill-session", "kill -9"])
def test_a_killed_app_keeps_the_win_and_frees_the_lock(
    tmp_path: Path, tmux: Tmux, data: Path, how: str
) -> None:
    """Killing the session hangs the pane's pty up (SIGHUP); kill -9 gives no warning at all."""
    ladder = new_ladder(tmp_path, data, "stretch")
    tmux.start(app_command(data), keep_dead_pane=False)
    tmux.wait_for_text("0 of 1 done today")
    pid = tmux.pid
    tmux.keys("space")
    tmux.wait_for_text("1 of 1 done today")
    if how == "kill -9":
        os.kill(pid, signal.SIGKILL)
    else:
        tmux.run("kill-session", "-t", "e2e")
    wait_for(lambda: is_gone(pid), 10, f"app {pid} to end")
    assert lock_is_free(data)
    assert Win(1) in ladder_from_doc(DataFile(data).read()[ladder]).marks.values()


def test_a_lost_terminal_ends_the_app_even_without_sighup(
    tmp_path: Path, tmux: Tmux, data: Path
) -> None:
    """With SIGHUP blocked, only end-of-file on the dead pty tells the app: it must leave."""
    ladder = new_ladder(tmp_path, data, "stretch")
    command = app_command(data, prefix=(sys.executable, "-c", BLOCK_SIGHUP))
    tmux.start(command, keep_dead_pane=False)
    tmux.wait_for_text("0 of 1 done today")
    pid = tmux.pid
    tmux.keys("space")
    tmux.wait_for_text("1 of 1 done today")
    tmux.kill()  # the whole server: every pty it held is gone
    deadline = time.monotonic() + 10
    while not is_gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if not is_gone(pid):
        before = cpu_ticks(pid)
        time.sleep(1)
        spent = cpu_ticks(pid) - before
        os.kill(pid, 9)
        raise AssertionError(f"the app outlived its terminal, using {spent} ticks a second")
    assert lock_is_free(data)
    assert Win(1) in ladder_from_doc(DataFile(data).read()[ladder]).marks.values()
