"""Ladder ids by unique prefix, and archiving from the command line and back.

Every command that takes a LADDER resolves it in one place
(`core/summary.match_id`): an exact id wins, else a prefix of exactly one id;
a prefix of several is bad input (exit 2) naming them all.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from smallwins.core.errors import BadInput
from smallwins.core.ledger import Ledger
from smallwins.core.summary import match_id
from tests import cli

TODAY = "2026-11-23"  # a Monday


def run(env_dir: Path, *args: str, today: str = TODAY):  # type: ignore[no-untyped-def]
    return cli.run(env_dir, *args, today=today)


def data_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smallwins.json"


def new(tmp_path: Path, action: str, unit: str, *extra: str) -> str:
    r = run(tmp_path, "new", "--identity", f"I am someone who does {action}", "--action",
            action, "--unit", unit, "--start", "10", "--step", "10", "--hold", "1", *extra)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """walk-steps, write-sentences and walk (an id that begins another one)."""
    assert new(tmp_path, "walk", "steps") == "walk-steps"
    assert new(tmp_path, "write", "sentences") == "write-sentences"
    assert new(tmp_path, "walk", "km", "--id", "walk") == "walk"
    return tmp_path


def test_match_id_exact_unique_ambiguous_unknown() -> None:
    ids = ["walk", "walk-steps", "write-sentences", "read"]
    assert match_id(ids, "walk") == "walk"  # exact, although it begins walk-steps too
    assert match_id(ids, "walk-") == "walk-steps"
    assert match_id(ids, "wr") == "write-sentences"
    assert match_id(ids, "r") == "read"
    with pytest.raises(BadInput, match=r"'wa' could be any of walk, walk-steps"):
        match_id(ids, "wa")
    with pytest.raises(BadInput, match="unknown ladder 'x'"):
        match_id(ids, "x")
    with pytest.raises(BadInput, match="unknown ladder ''"):
        match_id(ids, "")


def test_done_by_a_unique_prefix(three: Path) -> None:
    r = run(three, "done", "wr")
    assert r.returncode == 0, r.stderr
    assert "write 10 sentences" in r.stdout
    marks = Ledger(data_file(three)).load().ladders["write-sentences"].marks
    assert list(marks) == [date(2026, 11, 23)]


def test_an_ambiguous_prefix_lists_the_candidates_exits_2_and_changes_nothing(
        three: Path) -> None:
    before = data_file(three).read_bytes()
    r = run(three, "done", "w")
    assert r.returncode == 2
    assert r.stderr.strip() == ("smallwins: 'w' could be any of walk, walk-steps, "
                                "write-sentences: type more of the id")
    assert data_file(three).read_bytes() == before


def test_an_exact_id_wins_over_being_a_prefix_of_another(three: Path) -> None:
    assert run(three, "done", "walk").returncode == 0
    ladders = Ledger(data_file(three)).load().ladders
    assert ladders["walk"].marks and not ladders["walk-steps"].marks


def test_an_unknown_prefix_is_the_unknown_ladder_message(three: Path) -> None:
    before = data_file(three).read_bytes()
    r = run(three, "rest", "run")
    assert r.returncode == 2 and "unknown ladder 'run'" in r.stderr
    assert "walk, walk-steps, write-sentences" in r.stderr
    assert data_file(three).read_bytes() == before


@pytest.mark.parametrize("args,words", [
    (("show", "walk-"), "walk-steps: I am someone who does walk"),
    (("done", "walk-", "--day", "2026-11-23"), "✔ walk 10 steps today"),
    (("rest", "walk-"), "rest day for walk-steps"),
    (("halve", "walk-"), "halved: walk 5 steps"),
    (("archive", "walk-"), "archived walk-steps"),
])
def test_every_command_that_takes_a_ladder_takes_a_prefix(three: Path, args: tuple[str, ...],
                                                          words: str) -> None:
    r = run(three, *args)
    assert r.returncode == 0, r.stderr
    assert words in r.stdout


def test_undo_climb_and_unarchive_take_a_prefix_and_print_the_whole_id(three: Path) -> None:
    assert run(three, "done", "walk-s").returncode == 0
    assert "▲ climbed: walk 20 steps" in run(three, "climb", "walk-s").stdout
    assert run(three, "undo", "walk-s").stdout.strip() == "cleared walk-steps on 2026-11-23"
    assert run(three, "archive", "wr").returncode == 0
    assert run(three, "unarchive", "wr").stdout.startswith("unarchived write-sentences:")


def _history(path: Path) -> dict[str, tuple[object, object, object]]:
    return {lid: (lad.marks, lad.events, lad.start_day)
            for lid, lad in Ledger(path).load().ladders.items()}


def test_archive_restart_unarchive_keeps_every_history(tmp_path: Path) -> None:
    """Over the real file, each command its own process run: nothing of any ladder is lost."""
    new(tmp_path, "walk", "steps", "--started", "2026-11-02")
    new(tmp_path, "write", "sentences", "--started", "2026-11-09")
    for day in range(2, 23):
        stamp = f"2026-11-{day:02d}"
        assert run(tmp_path, "done", "walk-steps", "--day", stamp, today=stamp).returncode == 0
        assert run(tmp_path, "climb", "walk-steps", today=stamp).returncode == 0
        if day >= 9 and day % 3:
            assert run(tmp_path, "done", "write", "--day", stamp, today=stamp).returncode == 0
    assert run(tmp_path, "rest", "write", "--day", "2026-11-21").returncode == 0
    path = data_file(tmp_path)
    before = _history(path)
    shown = json.loads(run(tmp_path, "show", "walk-steps", "--json").stdout)

    r = run(tmp_path, "archive", "walk-steps")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.strip() == (
        "archived walk-steps: it leaves list, status and the Today screen; its 21 votes "
        "still count. `smallwins unarchive walk-steps` brings it back")
    # A restart: a fresh read of the file, as any new process makes.
    listed = run(tmp_path, "list")
    assert [line.split()[1] for line in listed.stdout.splitlines()] == ["write-sentences"]
    assert "1 archived ladder is not shown: `smallwins list --all`" in listed.stderr
    every = run(tmp_path, "list", "--all").stdout.splitlines()
    assert every[-1].startswith("⊘ walk-steps") and every[-1].endswith("archived (21 votes)")
    objects = json.loads(run(tmp_path, "list", "--json", "--all").stdout)
    assert [(o["id"], o["archived"]) for o in objects] == [("write-sentences", False),
                                                           ("walk-steps", True)]
    assert [o["id"] for o in json.loads(run(tmp_path, "list", "--json").stdout)] == [
        "write-sentences"]
    assert json.loads(run(tmp_path, "status", "--format", "json").stdout)["scheduled"] == 1
    assert _history(path) == before

    again = run(tmp_path, "archive", "walk-steps")
    assert (again.returncode, again.stderr.strip()) == (
        1, "smallwins: 'walk-steps' is already archived")
    r = run(tmp_path, "unarchive", "walk")  # a prefix, of an archived ladder
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ("unarchived walk-steps: walk 220 steps is back, with all its "
                                "history (21 votes)")
    assert _history(path) == before
    back = json.loads(run(tmp_path, "show", "walk-steps", "--json").stdout)
    assert back == shown
    assert [line.split()[1] for line in run(tmp_path, "list").stdout.splitlines()] == [
        "walk-steps", "write-sentences"]
    refused = run(tmp_path, "unarchive", "walk-steps")
    assert (refused.returncode, refused.stderr.strip()) == (
        1, "smallwins: 'walk-steps' is not archived")


def test_list_says_when_every_ladder_is_archived(tmp_path: Path) -> None:
    new(tmp_path, "walk", "steps")
    assert run(tmp_path, "archive", "walk-steps").returncode == 0
    r = run(tmp_path, "list")
    assert r.returncode == 0
    assert r.stdout.strip() == (
        "no active ladders; 1 archived ladder is not shown: `smallwins list --all` shows "
        "them, `smallwins unarchive LADDER` brings one back")
    shown = run(tmp_path, "show", "walk")
    assert "archived    ⊘ yes: `smallwins unarchive walk-steps` brings it back" in shown.stdout
