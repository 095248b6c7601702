"""The installed `smallwins` in a real terminal: a private tmux server per test.

Each test gets its own tmux server (`tmux -L <unique name> -f /dev/null`), so
nothing leaks between tests or into the user's tmux, and the server is killed
when the test ends, whether it passed or not.  Tests wait on what they check
(the screen, a process, a file) with a deadline instead of sleeping.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import pytest

BIN = Path(sys.executable).parent / "smallwins"
TODAY = "2026-11-25"
"""A Wednesday: every ladder made by `new` is due."""

T = TypeVar("T")


def wait_for(check: Callable[[], T | None], timeout: float, what: str,
             describe: Callable[[], str] = lambda: "") -> T:
    """Poll `check` until it returns something truthy; fail saying `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout:g}s waiting for {what}\n{describe()}")
        time.sleep(0.05)


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The test's environment: no SMALLWINS_* of the user's, config and caches in tmp_path."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SMALLWINS_", "TMUX", "TEXTUAL"))}
    env.update(
        SMALLWINS_CONFIG=str(tmp_path / "config" / "config.toml"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "share"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        TERM="xterm-256color",
        LANG="C.UTF-8",
    )
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


def cli(tmp_path: Path, data: Path, *args: str, today: str | None = TODAY) -> str:
    """Run a `smallwins` command on `data`; its stdout (it must succeed)."""
    cmd = [str(BIN), "--data", str(data), *(["--today", today] if today else []), *args]
    result = subprocess.run(cmd, capture_output=True, text=True, env=clean_env(tmp_path),
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def new_ladder(tmp_path: Path, data: Path, action: str, today: str = TODAY) -> str:
    """A one-a-day ladder named after `action`; its id."""
    return cli(tmp_path, data, "new", "--identity", f"I am someone who does {action}",
               "--action", action, "--unit", "reps", "--start", "1", "--step", "1",
               today=today).strip()


def app_command(data: Path, *args: str, env: Mapping[str, str] | None = None,
                today: str | None = TODAY, prefix: tuple[str, ...] = ()) -> str:
    """A shell command that becomes the app (exec), so the pane's pid is the app's."""
    assignments = [f"{k}={v}" for k, v in (env or {}).items()]
    words = ["exec", "env", *assignments, *prefix, str(BIN), "--data", str(data),
             *(["--today", today] if today else []), *args]
    return shlex.join(words)


class Tmux:
    """One private tmux server with one session in it."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.name = f"smallwins-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = dict(env)

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-u", "-L", self.name, "-f", "/dev/null", *args],
                                capture_output=True, text=True, env=self.env, timeout=30)
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self, command: str, width: int = 80, height: int = 24,
              keep_dead_pane: bool = True) -> None:
        """A detached session running `command`; a pane whose program ended stays, dead."""
        args = ["new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), command]
        if keep_dead_pane:
            # One tmux command line, so the option is set before the program can end.
            args = ["start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";", *args]
        self.run(*args)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "e2e", *keys)

    def screen(self, *, escapes: bool = False) -> str:
        return self.run("capture-pane", "-p", "-t", "e2e", *(["-e"] if escapes else []),
                        check=False)

    def show(self, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", "e2e", fmt, check=False).strip()

    @property
    def pid(self) -> int:
        return int(self.show("#{pane_pid}"))

    def wait_for_text(self, text: str, timeout: float = 10.0) -> str:
        """The screen once it shows `text`."""
        return wait_for(lambda: (lambda s: s if text in s else None)(self.screen()), timeout,
                        f"{text!r} on screen", self.screen)

    def wait_for_match(self, pattern: str, timeout: float = 10.0) -> re.Match[str]:
        """The first match of `pattern` on the screen, once there is one."""
        compiled = re.compile(pattern)
        return wait_for(lambda: compiled.search(self.screen()), timeout,
                        f"/{pattern}/ on screen", self.screen)

    def wait_for_exit(self, timeout: float = 10.0) -> int:
        """The program's exit status, once its pane is dead and tmux has reaped it."""

        def ended() -> str | None:
            dead, status, killed_by = self.show(
                "#{pane_dead}/#{pane_dead_status}/#{pane_dead_signal}").split("/")
            if status or killed_by:
                return f"{status}/{killed_by}"
            if dead == "1":
                # A tmux built with libutempter can miss the SIGCHLD of a program
                # that exits while tmux removes its utmp record (tmux/tmux#311):
                # the pane is dead, the child a zombie never reaped.  Another
                # SIGCHLD makes this test's own server reap it.
                os.kill(int(self.show("#{pid}")), signal.SIGCHLD)
            return None

        status, killed_by = wait_for(ended, timeout, "the app to exit", self.describe).split("/")
        assert not killed_by, f"killed by signal {killed_by}\n{self.screen()}"
        return int(status)

    def describe(self) -> str:
        """The pane's state and screen, for a failure message."""
        pane = self.show("pane_dead=#{pane_dead} pid=#{pane_pid}")
        pid = pane.rsplit("=", 1)[-1]
        state = process_state(int(pid)) if pid.isdigit() else None
        return f"{pane} state={state}\n{self.screen()}"

    def kill(self) -> None:
        """Stop the server and remove its socket (tmux leaves the file behind)."""
        self.run("kill-server", check=False)
        folder = Path(self.env.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.name).unlink(missing_ok=True)


def require(*programs: str) -> None:
    """Skip when a program is missing (`make test` installs them; see the tools target)."""
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}: run `make tools` (Debian, as root)")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    """A private tmux server, killed at the end of the test whatever happened."""
    require("tmux")
    server = Tmux(clean_env(tmp_path))
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Where the test's data file lives (nothing there yet)."""
    return tmp_path / "data" / "smallwins.json"


def process_state(pid: int) -> str | None:
    """The process's state letter (`R`, `S`, `Z`, ...), or None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def cpu_ticks(pid: int) -> int:
    """User plus system CPU time of a process so far, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def is_gone(pid: int) -> bool:
    """True once the process has ended (a zombie waiting for its parent counts)."""
    return process_state(pid) in (None, "Z", "X")


CHROMIUM = os.environ.get("SMALLWINS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's Chromium (`make tools` installs it); Playwright never downloads a browser here."""


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Headless Chromium driven by Playwright, for one test module (a fresh profile).

    Module scope: Playwright's sync API keeps an event loop of its own, which
    must be gone before the asyncio-based app tests run.
    """
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"needs Chromium at {CHROMIUM} (Debian's `chromium` package): "
                    "`make tools` installs it (Debian, as root)")
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
