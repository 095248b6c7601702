"""Opening the app parses its own options without building the commands' parsers,
and reads them exactly as the whole command line does."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smallwins.core.cli_parser import UsageError, build_parser, opens_app

WORDS = ["--data", "--today", "--config", "--demo", "--data=x.json", "--today=2026-11-29",
         "--config=c.toml", "x.json", "2026-11-29", "-1", "--d", "--dem", "done", "status",
         "--help", "--version", "-h", "--json", "walk", "--", "--today=", ""]


def outcome(argv: list[str], commands: bool) -> tuple[str, object]:
    try:
        return "ok", vars(build_parser(commands=commands).parse_args(argv))
    except UsageError as exc:
        return "usage", str(exc)
    except SystemExit as exc:  # --help and --version print and exit
        return "exit", exc.code


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_the_app_s_words_read_as_the_whole_command_line_reads_them(argv: list[str]) -> None:
    if opens_app(argv):
        assert outcome(argv, commands=False) == outcome(argv, commands=True)


@pytest.mark.parametrize("argv", [
    [], ["--demo"], ["--data", "d.json"], ["--data=d.json", "--today", "2026-11-29"],
    ["--config", "c.toml", "--data", "d.json", "--today", "2026-11-29", "--demo"],
])
def test_these_open_the_app_without_the_commands(argv: list[str]) -> None:
    assert opens_app(argv)
    assert vars(build_parser(commands=False).parse_args(argv))["command"] is None


@pytest.mark.parametrize("argv", [
    ["done", "walk"], ["--help"], ["--version"], ["--dat", "d.json"], ["--today", "-1"],
    ["--data"], ["status"], ["--data", "d.json", "list"], ["-h"],
])
def test_everything_else_takes_the_whole_command_line(argv: list[str]) -> None:
    assert not opens_app(argv)


def test_a_lean_parser_has_no_commands() -> None:
    lean = build_parser(commands=False)
    assert not any(isinstance(a, argparse._SubParsersAction) for a in lean._actions)
