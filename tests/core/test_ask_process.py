"""`smallwins ask` as a person runs it: the installed program on a pseudo-terminal.

The program's stdin, stdout and stderr are the slave side of a pty, so
`isatty()` is true as in a real terminal; the test types on the master side
and waits for each prompt before answering (a deadline, never a sleep).
Without a terminal the program refuses in one line.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time
from pathlib import Path

from smallwins.core.ledger import Ledger
from tests.cli import BIN, run_process, smallwins_env

TODAY = "2026-11-25"  # a Wednesday
PROMPT = "s stop > "


class Pty:
    """The program on a pseudo-terminal: what it printed so far, and typing to it."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen([str(BIN), *args], stdin=slave, stdout=slave,
                                        stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.seen = ""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # EIO: the program closed the terminal
            return False
        self.seen += chunk.decode("utf-8", "replace")
        return bool(chunk)

    def wait_for(self, text: str, count: int = 1, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while self.seen.count(text) < count:
            if time.monotonic() > deadline or not self._read(0.1):
                raise AssertionError(f"no {text!r} (x{count}) in:\n{self.seen}")

    def type(self, line: str) -> None:
        os.write(self.master, f"{line}\n".encode())

    def finish(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0.05):
            pass
        os.close(self.master)
        return self.process.wait(timeout=5)


def cli(tmp_path: Path, *args: str) -> str:
    r = run_process(tmp_path, *args, today=TODAY)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_ask_through_a_terminal_writes_each_answer(tmp_path: Path) -> None:
    for action in ("walk", "read"):
        cli(tmp_path, "new", "--identity", f"I am someone who does {action}", "--action",
            action, "--unit", "reps", "--start", "1", "--step", "1", "--started", "2026-11-22")
    env = smallwins_env(tmp_path)
    env.update(TERM="xterm", LANG="C.UTF-8")
    term = Pty(["ask", "--today", TODAY], env)
    term.wait_for(PROMPT)
    assert "6 unanswered days to catch up, oldest first" in term.seen
    assert "[1/6] Sun 22 Nov  walk 1 rep  (walk-reps)" in term.seen
    assert "a win makes the hold 1/14 at walk 1 rep; a miss puts it back to 0/14" in term.seen
    term.type("w")
    term.wait_for("✔ won: vote 1")
    term.wait_for(PROMPT, 2)
    term.type("r")
    term.wait_for("– rest day")
    term.wait_for(PROMPT, 3)
    term.type("")  # enter: missed, leave it
    term.wait_for("· left as a miss")
    term.wait_for(PROMPT, 4)
    term.type("s")
    assert term.finish() == 0
    assert "stopped: 1 won, 1 rest, 1 left missed; 3 unanswered days still to answer" \
        in term.seen
    assert "Traceback" not in term.seen

    ladders = Ledger(tmp_path / "data" / "smallwins.json").load().ladders
    walk, read = ladders["walk-reps"], ladders["read-reps"]
    assert sorted(day.isoformat() for day in walk.marks) == ["2026-11-22"]
    assert sorted(day.isoformat() for day in read.marks) == ["2026-11-22"]
    shown = json.loads(cli(tmp_path, "show", "walk", "--json"))
    assert shown["votes"] == 1

    # Again, answering the rest; the end of input (ctrl+d) is a stop too.
    term = Pty(["ask", "--today", TODAY], env)
    term.wait_for(PROMPT)
    assert "3 unanswered days to catch up" in term.seen
    assert "[1/3] Mon 23 Nov  read 1 rep  (read-reps)" in term.seen
    term.type("w")
    term.wait_for(PROMPT, 2)
    os.write(term.master, b"\x04")
    assert term.finish() == 0
    assert "stopped: 1 won, 0 rest, 0 left missed; 2 unanswered days" in term.seen


def test_ask_refuses_without_a_terminal(tmp_path: Path) -> None:
    cli(tmp_path, "new", "--identity", "I am someone who walks", "--action", "walk",
        "--unit", "reps", "--start", "1", "--step", "1", "--started", "2026-11-20")
    data = tmp_path / "data" / "smallwins.json"
    before = data.read_bytes()
    for stdin in ("w\nw\nw\n", None):
        r = subprocess.run([str(BIN), "ask", "--today", TODAY], input=stdin,
                           stdin=subprocess.DEVNULL if stdin is None else None,
                           capture_output=True, text=True, env=smallwins_env(tmp_path),
                           timeout=60)
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr.startswith("smallwins: ask needs a terminal to answer in")
        assert len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr
    assert data.read_bytes() == before
