"""Running `smallwins` in this process, as a person would run it in a shell.

The command line is tested in process (fast: no interpreter start, no
imports per call) through the same entry point as the installed program
(`smallwins.tui.main.main`), with its own environment, stdin, stdout and
stderr.  A few tests in tests/core/test_cli_process.py run the real binary
in a subprocess, for exit codes and "never a traceback" end to end.

An exception that escapes the program is turned into what a shell would
see: exit code 1 and a traceback on stderr, so "no traceback" assertions
keep their meaning.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

from smallwins.tui.main import main

BIN = Path(sys.executable).parent / "smallwins"
"""The installed program, for the tests that must run it as a process."""


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_in_process(argv: list[str], env: dict[str, str],
                   input: str | None = None) -> subprocess.CompletedProcess[str]:  # noqa: A002
    """`smallwins ARGV` with `env` as its whole environment; like subprocess.run."""
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO(input or "")
    saved_stdin = sys.stdin
    code: int
    try:
        with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            sys.stdin = stdin
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's --help and --version
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception:
                traceback.print_exc()
                code = 1
    finally:
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(["smallwins", *argv], code, out.getvalue(),
                                       err.getvalue())


def smallwins_env(env_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a command whose data and config files live under env_dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLWINS_")}
    env["SMALLWINS_DATA"] = str(env_dir / "data" / "smallwins.json")
    env["SMALLWINS_CONFIG"] = str(env_dir / "config.toml")
    env.update(extra or {})
    return env


def run(env_dir: Path, *args: str, today: str | None, input: str | None = None,  # noqa: A002
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`smallwins ARGS [--today TODAY]` with its data and config under env_dir, in process."""
    argv = [*args] + (["--today", today] if today else [])
    return run_in_process(argv, smallwins_env(env_dir, env), input)


def run_process(env_dir: Path, *args: str, today: str | None, input: str | None = None,  # noqa: A002
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The same as `run`, through the installed program in a subprocess."""
    cmd = [str(BIN), *args] + (["--today", today] if today else [])
    return subprocess.run(cmd, capture_output=True, text=True, env=smallwins_env(env_dir, env),
                          input=input, timeout=60)
