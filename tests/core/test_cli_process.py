"""The installed program in real subprocesses: exit codes end to end, never a traceback.

Most of the command line is tested in process (tests/core/test_cli.py); these
few run `smallwins` as a shell would, so the launcher, the interpreter's exit
status and what reaches a real stderr are checked too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run_process

TODAY = "2026-11-23"


def data_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smallwins.json"


def new_walk(tmp_path: Path) -> None:
    r = run_process(tmp_path, "new", "--identity", "I am someone who moves every day",
                    "--action", "walk", "--unit", "steps", "--start", "50", "--step", "50",
                    "--hold", "1", "--days", "mon-fri", today=TODAY)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("args,code,words", [
    (("done", "walk-steps"), 0, ""),
    (("climb", "nope"), 2, "unknown ladder"),
    (("climb", "walk-steps"), 1, "0/1 won days"),
    (("frobnicate",), 2, "invalid choice"),
])
def test_exit_codes_through_the_real_program(tmp_path, args, code, words):
    new_walk(tmp_path)
    r = run_process(tmp_path, *args, today=TODAY)
    assert r.returncode == code, r.stderr
    assert words in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == (0 if code == 0 else 1)


def test_an_unusable_file_exits_3_through_the_real_program(tmp_path):
    path = data_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{not json")
    r = run_process(tmp_path, "list", today=TODAY)
    assert r.returncode == 3 and str(path) in r.stderr and "Traceback" not in r.stderr
    assert path.read_bytes() == b"{not json"


def test_version_and_help(tmp_path):
    from smallwins import __version__

    r = run_process(tmp_path, "--version", today=None)
    assert (r.returncode, r.stdout.strip()) == (0, f"smallwins {__version__}")
    r = run_process(tmp_path, "--help", today=None)
    assert r.returncode == 0 and "status" in r.stdout


def test_status_never_imports_textual_or_tinydb(tmp_path):
    new_walk(tmp_path)
    code = ("import sys; from smallwins.tui.main import main; main(['status']); "
            "print('TEXTUAL', 'textual' in sys.modules, 'tinydb' in sys.modules)")
    env = {**os.environ, "SMALLWINS_DATA": str(data_file(tmp_path)),
           "SMALLWINS_CONFIG": str(tmp_path / "config.toml"), "SMALLWINS_TODAY": TODAY}
    for _ in range(2):  # the computing path, then the cached one
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env).stdout
        assert "TEXTUAL False False" in out, out
    info = json.loads(run_process(tmp_path, "status", "--format", "json", today=TODAY).stdout)
    assert info["scheduled"] == 1


def test_a_command_runs_without_the_cycle_collector_and_leaves_it_as_it_was(tmp_path):
    """The program turns the collector off for a command (a short run with almost no
    cycles); called in process, it leaves it as it found it."""
    import gc

    from smallwins.tui.main import main

    for collecting in (True, False):
        (gc.enable if collecting else gc.disable)()
        try:
            assert main(["status", "--data", str(data_file(tmp_path)), "--today", TODAY,
                         "--config", str(tmp_path / "none.toml")]) == 0
            assert gc.isenabled() is collecting
        finally:
            gc.enable()
    code = ("import gc, sys\n"
            "import smallwins.core.cli as cli\n"
            "real = cli.run\n"
            "def watching(args):\n"
            "    print('collecting', gc.isenabled(), file=sys.stderr)\n"
            "    return real(args)\n"
            "cli.run = watching\n"
            "from smallwins.tui.main import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    done = subprocess.run([sys.executable, "-c", code, "list", "--data",
                           str(data_file(tmp_path)), "--config", str(tmp_path / "none.toml")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert "collecting False" in done.stderr, done.stderr
