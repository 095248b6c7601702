"""Opening the app reads its own options without argparse, exactly as the whole
command line reads them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins.core.app_words import app_words, opens_app
from smallwins.core.cli import parse
from smallwins.core.cli_parser import build_parser
from smallwins.core.errors import UsageError

WORDS = ["--data", "--today", "--config", "--demo", "--data=x.json", "--today=2026-11-29",
         "--config=c.toml", "x.json", "2026-11-29", "-1", "--d", "--dem", "done", "status",
         "--help", "--version", "-h", "--json", "walk", "--", "--today=", "", "--data=",
         "--demo=1", "--config=a=b", "=", "-"]


def whole(argv: list[str]) -> tuple[str, object]:
    try:
        return "ok", vars(build_parser().parse_args(argv))
    except UsageError as exc:
        return "usage", str(exc)
    except SystemExit as exc:  # --help and --version print and exit
        return "exit", exc.code


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_the_app_s_words_read_as_the_whole_command_line_reads_them(argv: list[str]) -> None:
    if opens_app(argv):
        assert ("ok", app_words(argv)) == whole(argv)
        assert vars(parse(argv)) == app_words(argv)


@pytest.mark.parametrize("argv", [
    [], ["--demo"], ["--data", "d.json"], ["--data=d.json", "--today", "2026-11-29"],
    ["--config", "c.toml", "--data", "d.json", "--today", "2026-11-29", "--demo"],
    ["--data", "a.json", "--data=b.json"], ["--data", ""],
])
def test_these_open_the_app_without_the_parser(argv: list[str]) -> None:
    assert opens_app(argv)
    assert ("ok", app_words(argv)) == whole(argv)


@pytest.mark.parametrize("argv", [
    ["done", "walk"], ["--help"], ["--version"], ["--dat", "d.json"], ["--today", "-1"],
    ["--data"], ["status"], ["--data", "d.json", "list"], ["-h"], ["--demo=1"],
])
def test_everything_else_takes_the_whole_command_line(argv: list[str]) -> None:
    assert not opens_app(argv)


def test_opening_the_app_imports_no_argparse() -> None:
    probe = ("import sys; from smallwins.core.cli import parse; "
             "parse(['--data', 'd.json', '--today', '2026-11-29']); "
             "print('argparse' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "False"
