"""One door to the data: every front end gives the same answer, by the same rules.

The command line, the app's store and the status line all read and change
the ladders through core/ledger.py.  These tests pin down the places where
separate paths once drifted apart: identity totals with an archived ladder,
where the data file is found, and what "done today" counts.
"""

from __future__ import annotations

import io
import json
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest

from smallwins.core import cli as core_cli
from smallwins.core import status
from smallwins.core.cli_parser import UsageError, build_parser
from smallwins.core.config import Config
from smallwins.core.errors import BadInput
from smallwins.core.ledger import Ledger
from smallwins.tui.store import Store
from tests import cli

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"  # a Monday


def new(env_dir: Path, action: str, identity: str = "I am someone who moves",
        **env: str) -> None:
    r = cli.run(env_dir, "new", "--identity", identity, "--action", action, "--unit", "steps",
                "--start", "10", "--step", "10", today=TODAY, env=env)
    assert r.returncode == 0, r.stderr


def test_an_identity_total_counts_a_ladder_archived_in_the_app(tmp_path: Path) -> None:
    new(tmp_path, "walk")
    new(tmp_path, "run")
    for lid in ("walk-steps", "run-steps"):
        assert cli.run(tmp_path, "done", lid, today=TODAY).returncode == 0
    path = tmp_path / "data" / "smallwins.json"
    store = Store(Ledger(path), lambda: date.fromisoformat(TODAY), Config())
    assert store.archive("run-steps").ok
    state = store.snapshot.states["walk-steps"]
    assert store.snapshot.identity_total(state) == 2
    shown = json.loads(cli.run(tmp_path, "show", "walk-steps", "--json", today=TODAY).stdout)
    assert (shown["votes"], shown["identity_votes"]) == (1, 2)
    listed = json.loads(cli.run(tmp_path, "list", "--json", today=TODAY).stdout)
    assert [(x["id"], x["identity_votes"]) for x in listed] == [("walk-steps", 2)]


# ------------------------------------------------ status: the lean and the full path


def _full(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The status command through argparse and the command machinery, never the fast path."""
    out, err = io.StringIO(), io.StringIO()
    with cli._environment(env), redirect_stdout(out), redirect_stderr(err):
        code = core_cli.main(argv)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _lean(argv: list[str], env: dict[str, str]) -> tuple[int | None, str]:
    """The fast path alone: its answer from the cache, or None when it would not answer."""
    out = io.StringIO()
    with cli._environment(env), redirect_stdout(out):
        code = status.fast_main(argv)
    return code, out.getvalue()


def _home_env(home: Path, **extra: str) -> dict[str, str]:
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "SMALLWINS_TODAY": TODAY}
    env.update(extra)
    return env


CASES = {
    "blank SMALLWINS_DATA": {"SMALLWINS_DATA": "  ", "SMALLWINS_CONFIG": ""},
    "relative XDG_DATA_HOME": {"XDG_DATA_HOME": "relative/data",
                               "XDG_CONFIG_HOME": "relative/conf"},
    "XDG_DATA_HOME set": {"XDG_DATA_HOME": "{home}/xdg"},
    "defaults": {},
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", ["plain", "tmux", "json"])
def test_both_status_paths_give_the_same_line(tmp_path: Path, case: str, fmt: str) -> None:
    env = _home_env(tmp_path, **{k: v.format(home=tmp_path) for k, v in CASES[case].items()})
    # Ladders made through the full command line with the same environment.
    made = cli.run_in_process(["new", "--identity", "I move", "--action", "walk", "--unit",
                               "steps", "--start", "1", "--step", "1"], env)
    assert made.returncode == 0, made.stderr
    for args in (["new", "--identity", "I move", "--action", "swim", "--unit", "laps",
                  "--start", "1", "--step", "1"],
                 ["new", "--identity", "I read", "--action", "read", "--unit", "pages",
                  "--start", "1", "--step", "1"],
                 ["done", "walk-steps"], ["rest", "swim-laps"]):
        assert cli.run_in_process(args, env).returncode == 0
    listed = json.loads(cli.run_in_process(["list", "--json"], env).stdout)
    assert len(listed) == 3
    argv = ["status", "--format", fmt]
    full = _full(argv, env)  # computes and writes the cache
    assert full.returncode == 0, full.stderr
    code, lean = _lean(argv, env)  # must answer from that cache
    assert code == 0 and lean == full.stdout
    # One rule for "done today": the rest day is neither due nor done.
    info = json.loads(_full(["status", "--format", "json"], env).stdout)
    assert (info["done"], info["scheduled"], info["resting"]) == (1, 2, 1)


def test_the_fast_path_never_answers_for_another_day_or_a_changed_file(tmp_path: Path) -> None:
    env = _home_env(tmp_path)
    for args in (["new", "--identity", "I move", "--action", "walk", "--unit", "steps",
                  "--start", "1", "--step", "1"], ["done", "walk-steps"]):
        assert cli.run_in_process(args, env).returncode == 0
    assert _full(["status"], env).stdout.startswith("✔ 1/1")
    assert _lean(["status"], env)[0] == 0
    # A new day: the cache holds yesterday's answer; both paths compute today's.
    tomorrow = {**env, "SMALLWINS_TODAY": "2026-11-24"}
    code, lean = _lean(["status"], tomorrow)
    assert code == 0 and lean.startswith("○ 0/1")
    assert _full(["status"], tomorrow).stdout == lean
    # A file changed by hand (not by smallwins): the signature differs, both recompute.
    data = tmp_path / ".local" / "share" / "smallwins" / "smallwins.json"
    text = data.read_text().replace('"walk"', '"stroll"')
    data.write_text(text)
    code, lean = _lean(["status"], tomorrow)
    assert code == 0 and lean == _full(["status"], tomorrow).stdout
    # A missing file: both say there is nothing due.
    empty = _home_env(tmp_path / "empty")
    assert _lean(["status"], empty) == (0, "○ 0/0\n")
    assert _full(["status"], empty).stdout == "○ 0/0\n"


ARGVS = [
    ["status"], ["status", "--format", "json"], ["status", "--format=tmux"],
    ["--today", TODAY, "status"], ["status", "--data", "x.json"], ["status", "--format"],
    ["status", "--format", "xml"], ["status", "--bogus"], ["status", "status"],
    ["status", "--format", "json", "--format", "plain"], ["list"], [],
    ["status", "--config", "c.toml", "--today", "2026-01-01"],
]


@pytest.mark.parametrize("argv", ARGVS, ids=lambda a: " ".join(a) or "(none)")
def test_the_lean_reading_of_status_words_agrees_with_argparse(argv: list[str]) -> None:
    """Where the lean reader answers, argparse reads the same words to the same options;
    where argparse refuses, the lean reader leaves it to argparse to explain."""
    lean = status.parse_words(argv)
    try:
        args = build_parser().parse_args(argv)
    except UsageError:
        assert lean is None
        return
    if lean is None:
        return  # the full path answers; the lean one is only a shortcut
    assert args.command == "status"
    assert lean.get("format", "plain") == args.format
    for name in ("data", "today", "config"):
        assert lean.get(name) == getattr(args, name)


def test_only_the_ledger_calls_the_storage_transactions() -> None:
    """The one door, as a grep anyone can run:
    grep -rnE '\\.(transact|overwrite_unusable)\\(' core tui | grep -v '^core/ledger.py'"""
    r = subprocess.run(["grep", "-rnE", r"\.(transact|overwrite_unusable)\(", "core", "tui",
                        "--include=*.py"], cwd=REPO, capture_output=True, text=True)
    callers = [line for line in r.stdout.splitlines() if not line.startswith("core/ledger.py")]
    assert callers == []


def test_every_writer_leaves_the_status_cache_fresh(tmp_path: Path) -> None:
    """After a script's `smallwins done` (or any change), the next status is a cache hit."""
    env = _home_env(tmp_path)
    assert cli.run_in_process(["new", "--identity", "I move", "--action", "walk", "--unit",
                               "steps", "--start", "1", "--step", "1"], env).returncode == 0
    data = tmp_path / ".local" / "share" / "smallwins" / "smallwins.json"
    cache = Path(f"{data}{status.CACHE_SUFFIX}")
    for args in (["done", "walk-steps"], ["undo", "walk-steps"], ["rest", "walk-steps"]):
        assert cli.run_in_process(args, env).returncode == 0
        written = cache.stat().st_mtime_ns
        code, line = _lean(["status"], env)
        assert code == 0 and cache.stat().st_mtime_ns == written  # answered from the cache
        assert line == _full(["status"], env).stdout


def test_a_change_is_checked_like_a_read_even_when_only_one_mark_changed(tmp_path: Path
                                                                          ) -> None:
    """The ledger checks only what a change altered (the rest was checked when read),
    and what it altered passes the very checks a read makes: nothing unreadable lands."""
    from smallwins.core.model import Win

    new(tmp_path, "walk")
    ledger = Ledger(tmp_path / "data" / "smallwins.json")
    before = ledger.path.read_bytes()
    day = date.fromisoformat(TODAY)
    with pytest.raises(BadInput, match="not saved"):
        ledger.change("walk-steps", lambda lad: lad.with_mark(day, Win(10, None, 5)))  # type: ignore[arg-type]
    assert ledger.path.read_bytes() == before
    loaded = ledger.load()
    changed = ledger.change("walk-steps", lambda lad: lad.with_mark(day, Win(10)),
                            seen=loaded.ladders["walk-steps"],
                            seen_hash=loaded.hashes["walk-steps"])
    assert changed.after is not None and ledger.load().ladders["walk-steps"] == changed.after
    assert ledger.load().hashes["walk-steps"] == changed.blob_hash
