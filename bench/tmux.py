"""Private tmux servers that run one program each, as a user's pane would.

Every server gets its own socket (`tmux -L <unique>`) and no config
(`-f /dev/null`), so nothing the user set up, and no other measurement,
shares its event loop.  The screen is read and keys are sent through one
control-mode client per server, so polling every few milliseconds does not
take the CPU away from the program being timed.  Every server started here
is recorded, so the runner can kill them all at the end, even after an error.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

WIDTH, HEIGHT = 80, 24
"""The pane size of every measurement: the size the spec calls pleasant."""

POLL_SECONDS = 0.005
"""How often the screen is looked at while waiting for something to appear."""

PANE_ENV = {"TERM": "tmux-256color", "COLORTERM": "truecolor"}
"""What a program in a modern tmux pane sees.  tmux itself sets TERM from its
`default-terminal` option (`screen` without a config), so the command is
wrapped in `env` to give it these; truecolor is also the most bytes per cell."""

_DROPPED_ENV = ("TMUX", "TMUX_PANE", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")

_counter = itertools.count(1)
_live: dict[str, Tmux] = {}


class TmuxError(RuntimeError):
    """tmux refused a command, or a pane never showed what was awaited."""


def clean_env() -> dict[str, str]:
    """This process's environment without what would change how a pane draws."""
    env = {k: v for k, v in os.environ.items()
           if k not in _DROPPED_ENV and not k.startswith("TEXTUAL")}
    env.setdefault("LANG", "C.UTF-8")
    return env


class _Control:
    """A tmux control-mode client: commands over a pipe instead of a process each.

    Forking a `tmux capture-pane` every 5 ms costs about as much CPU as the
    program being measured has on a 2-core machine; over this pipe a capture
    costs the tmux server well under a millisecond and spawns nothing.  The
    client ignores the pane's output and does not count for the window size.
    """

    def __init__(self, argv: list[str], env: Mapping[str, str]) -> None:
        self.proc = subprocess.Popen(
            [*argv, "-C", "attach-session", "-f", "no-output,ignore-size"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=dict(env))
        # The attach answers with a block of its own first: read up to the
        # answer to a marker, and every later block answers our next command.
        marker = f"ready-{os.getpid()}-{id(self)}"
        self._send(f"display-message -p {marker}")
        while self._read_block(f"the first command on {argv[2]}").strip() != marker:
            pass

    def run(self, command: str) -> str:
        """Send one command line; its output (TmuxError if tmux refused it)."""
        self._send(command)
        return self._read_block(command)

    def _send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()

    def _read_block(self, command: str) -> str:
        """The next `%begin` ... `%end` block; notifications between blocks are skipped."""
        assert self.proc.stdout is not None
        read = self.proc.stdout.readline
        guard: list[bytes] | None = None
        out: list[bytes] = []
        while True:
            line = read()
            if not line:
                raise TmuxError(f"the tmux control client left during {command!r}")
            words = line.split()
            if guard is None:
                if words[:1] == [b"%begin"]:
                    guard = words[1:]
                continue
            if words[:1] in ([b"%end"], [b"%error"]) and words[1:] == guard:
                text = b"".join(out).decode("utf-8", "replace")
                if words[0] == b"%error":
                    raise TmuxError(f"tmux refused {command!r}: {text.strip()}")
                return text
            out.append(line)

    def close(self) -> None:
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):  # the client may already be gone
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


class Tmux:
    """One tmux server with one detached 80x24 session running one command."""

    def __init__(self, label: str, env: Mapping[str, str] | None = None) -> None:
        self.socket = f"swbench-{os.getpid()}-{next(_counter)}-{label}"
        self.env = dict(env) if env is not None else clean_env()
        self.pid: int | None = None
        """The pane's process (the program itself: `env` execs it)."""
        self._control: _Control | None = None

    def _tmux(self, *args: str) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", "/dev/null", *args]

    def command(self, *args: str, check: bool = True) -> str:
        """Run one tmux command against this server and return its output."""
        done = subprocess.run(self._tmux(*args), env=self.env, capture_output=True, text=True,
                              check=False)
        if check and done.returncode != 0:
            raise TmuxError(f"tmux {' '.join(args[:2])} failed on {self.socket}: "
                            f"{done.stderr.strip() or done.returncode}")
        return done.stdout

    def start(self, argv: Sequence[str], width: int = WIDTH, height: int = HEIGHT) -> None:
        """Start the server, its session and `argv` in the pane.

        The pane stays open if the program exits, so an error it printed can
        still be read.  Returns as soon as tmux has spawned the program.
        """
        pane_env = [f"{k}={v}" for k, v in PANE_ENV.items()]
        self.pid = None  # a server started again runs a new program
        _live[self.socket] = self
        self.command("new-session", "-d", "-x", str(width), "-y", str(height),
                     "env", *pane_env, *argv, ";", "set-option", "-g", "remain-on-exit", "on")
        # Attached after the program is spawned, so it costs both a program and
        # its reference the same few milliseconds of one core while they start.
        self._control = _Control(self._tmux(), self.env)

    def pane_pid(self) -> int:
        if self.pid is None:
            self.pid = int(self.command("display-message", "-p", "#{pane_pid}").strip())
        return self.pid

    def _run(self, command: str) -> str:
        if self._control is None:
            raise TmuxError(f"{self.socket} is not started")
        return self._control.run(command)

    def capture(self) -> str:
        """The pane's text as shown now, lines joined by newlines."""
        return self._run("capture-pane -p")

    def send_keys(self, *keys: str) -> None:
        """Press keys by their tmux names (`space`, `j`, `C-c`)."""
        self._run("send-keys " + " ".join(keys))

    def pipe_to(self, path: Path) -> None:
        """Append everything the program writes to the terminal to `path`."""
        self.command("pipe-pane", "-o", f"cat >> '{path}'")

    def wait_for(self, done: Callable[[str], bool], timeout: float,
                 what: str) -> tuple[float, str]:
        """Poll the screen until `done(screen)`; (perf_counter when seen, screen).

        The time is taken after the capture returns, so it never flatters.
        """
        deadline = time.perf_counter() + timeout
        screen = ""
        while True:
            tick = time.perf_counter()
            screen = self.capture()
            seen = time.perf_counter()
            if done(screen):
                return seen, screen
            if seen > deadline:
                raise TmuxError(f"{what}: not on screen after {timeout:.0f} s; the pane shows:\n"
                                f"{screen}")
            time.sleep(max(0.0, tick + POLL_SECONDS - time.perf_counter()))

    def wait_stable(self, quiet: float = 1.0, timeout: float = 30.0) -> str:
        """The screen once it shows something and has not changed for `quiet` seconds.

        A blank pane does not count: a program still starting shows nothing
        for as long as it takes.
        """
        deadline = time.perf_counter() + timeout
        last = self.capture()
        since = time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.05)
            screen = self.capture()
            if screen != last:
                last, since = screen, time.perf_counter()
            elif screen.strip() and time.perf_counter() - since >= quiet:
                return screen
        raise TmuxError(f"the pane never settled; it shows:\n{last}")

    def kill(self) -> None:
        """Kill the server and wait for the program to be gone (it gets SIGHUP)."""
        _live.pop(self.socket, None)
        pid = self.pid
        if pid is None:
            try:
                pid = self.pane_pid()
            except TmuxError:
                pid = None
        self.command("kill-server", check=False)
        if self._control is not None:
            self._control.close()
            self._control = None
        if pid is not None:
            _wait_gone(pid)
        folder = self.env.get("TMUX_TMPDIR") or "/tmp"
        sock = Path(folder) / f"tmux-{os.getuid()}" / self.socket
        sock.unlink(missing_ok=True)


def _wait_gone(pid: int, timeout: float = 5.0) -> None:
    """Wait for a pane's program to exit; SIGKILL it if it ignores the hangup."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.01)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def kill_all() -> None:
    """Kill every server this process started and has not killed yet."""
    for server in list(_live.values()):
        try:
            server.kill()
        except Exception:  # noqa: BLE001 - one server that will not die must not spare the rest
            continue
