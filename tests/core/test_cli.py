"""The command line in process: exit codes, messages, JSON, files (tests/cli.py).

The installed program in real subprocesses: tests/core/test_cli_process.py.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from tests import cli

TODAY = "2026-11-23"  # a Monday


def run(env_dir: Path, *args: str, today: str | None = TODAY, input: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return cli.run(env_dir, *args, today=today, input=input, env=env)


def data_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smallwins.json"


def new_walk(tmp_path: Path, *extra: str) -> str:
    r = run(tmp_path, "new", "--identity", "I am someone who moves every day", "--action", "walk",
            "--unit", "steps", "--start", "50", "--step", "50", "--hold", "1",
            "--days", "mon-fri", *extra)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def show(tmp_path: Path, ladder: str, today: str = TODAY) -> dict:
    r = run(tmp_path, "show", ladder, "--json", today=today)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_new_prints_the_id_and_show_json_has_every_field(tmp_path):
    assert new_walk(tmp_path) == "walk-steps"
    state = show(tmp_path, "walk-steps")
    for key in ("id", "identity", "action", "unit", "target", "step", "hold", "days", "today",
                "scheduled_today", "done_today", "hold_progress", "ready_to_climb", "streak",
                "longest_streak", "votes", "identity_votes", "levels", "projection"):
        assert key in state, key
    assert state["target"] == 50 and state["days"] == ["mon", "tue", "wed", "thu", "fri"]
    assert state["levels"] == [{"day": TODAY, "target": 50, "reason": "start"}]
    assert state["projection"]["days"] == 365 and state["projection"]["target"] > 10_000


def test_a_day_of_the_ladder_through_the_commands(tmp_path):
    new_walk(tmp_path)
    r = run(tmp_path, "climb", "walk-steps")
    assert r.returncode == 1 and "0/1 won days at this rung" in r.stderr
    assert run(tmp_path, "done", "walk-steps", "--note", "after work").returncode == 0
    r = run(tmp_path, "climb", "walk-steps")
    assert r.returncode == 0, r.stderr
    state = show(tmp_path, "walk-steps")
    assert state["target"] == 100 and state["done_today"] and state["votes"] == 1
    assert [lv["reason"] for lv in state["levels"]] == ["start", "climb"]
    # Tuesday: missed; Wednesday the rung drops back (it was consolidating).
    wed = show(tmp_path, "walk-steps", today="2026-11-25")
    assert wed["target"] == 50 and wed["levels"][-1]["reason"] == "drop-back"
    # Backfilling Tuesday undoes it.
    r = run(tmp_path, "done", "walk-steps", "--day", "2026-11-24", today="2026-11-25")
    assert r.returncode == 0, r.stderr
    assert show(tmp_path, "walk-steps", today="2026-11-25")["target"] == 100
    assert run(tmp_path, "undo", "walk-steps", "--day", "2026-11-24",
               today="2026-11-25").returncode == 0
    assert run(tmp_path, "rest", "walk-steps", "--day", "2026-11-24",
               today="2026-11-25").returncode == 0
    assert show(tmp_path, "walk-steps", today="2026-11-25")["target"] == 100
    r = run(tmp_path, "halve", "walk-steps", today="2026-11-25")
    assert r.returncode == 0 and show(tmp_path, "walk-steps", "2026-11-25")["target"] == 50


def test_global_options_work_before_and_after_the_command(tmp_path):
    new_walk(tmp_path)
    data = str(data_file(tmp_path))
    before = cli.run_in_process(["--today", "2026-11-24", "--data", data, "show",
                                 "walk-steps", "--json"], cli.smallwins_env(tmp_path))
    assert json.loads(before.stdout)["today"] == "2026-11-24"
    env_today = run(tmp_path, "show", "walk-steps", "--json", today=None,
                    env={"SMALLWINS_TODAY": "2026-11-25"})
    assert json.loads(env_today.stdout)["today"] == "2026-11-25"


def test_identity_votes_add_up_across_ladders(tmp_path):
    new_walk(tmp_path)
    r = run(tmp_path, "new", "--identity", "i am SOMEONE who moves every day", "--action",
            "stretch", "--unit", "minutes", "--start", "1", "--step", "1")
    assert r.returncode == 0
    run(tmp_path, "done", "walk-steps")
    run(tmp_path, "done", "stretch-minutes")
    listed = json.loads(run(tmp_path, "list", "--json").stdout)
    assert [x["id"] for x in listed] == ["walk-steps", "stretch-minutes"]
    assert [x["identity_votes"] for x in listed] == [2, 2]
    assert [x["votes"] for x in listed] == [1, 1]


BAD_INPUTS = [
    (("done", "nope"), 2, "unknown ladder"),
    (("done", "walk-steps", "--day", "2026-02-30"), 2, "bad date"),
    (("done", "walk-steps", "--day", "2026-12-25"), 2, "future"),
    (("done", "walk-steps", "--day", "2026-11-01"), 2, "before"),
    (("done", "walk-steps", "--amount", "-5"), 2, "positive"),
    (("done", "walk-steps", "--amount", "abc"), 2, "must be a number"),
    (("done", "walk-steps", "--amount", "10"), 2, "halve"),
    (("new", "--identity", "", "--action", "a", "--unit", "u", "--start", "1", "--step", "1"),
     2, "identity is empty"),
    (("new", "--identity", "x", "--action", "a", "--unit", "u", "--start", "1", "--step", "0"),
     2, "step"),
    (("new", "--identity", "x", "--action", "a", "--unit", "u", "--start", "1", "--step", "1",
      "--days", "funday"), 2, "unknown weekday"),
    (("new", "--identity", "x", "--action", "a", "--unit", "u", "--start", "1", "--step", "1",
      "--hold", "-2"), 2, "hold"),
    (("new", "--identity", "x", "--action", "a", "--unit", "u", "--start", "1", "--step", "1",
      "--id", "walk-steps"), 2, "already exists"),
    (("status", "--format", "xml"), 2, "invalid choice"),
    (("export", "--format", "xml"), 2, "invalid choice"),
    (("frobnicate",), 2, "invalid choice"),
    (("done",), 2, "required"),
    (("climb", "walk-steps"), 1, "0/1 won days"),
    (("undo", "walk-steps", "--day", "2026-11-20"), 2, "before"),
    (("rest", "walk-steps", "--day", "2026-11-22"), 2, "before"),
    (("import", "/nonexistent/file.json"), 2, "cannot read"),
    (("new", "--identity", "x", "--action", "a", "--unit", "u", "--start", "1", "--step", "1",
      "--started", "2026-11-30"), 2, "in the future"),
]


@pytest.mark.parametrize("args,code,words", BAD_INPUTS)
def test_bad_input_gets_one_line_its_exit_code_and_changes_nothing(tmp_path, args, code, words):
    new_walk(tmp_path)
    before = data_file(tmp_path).read_bytes()
    r = run(tmp_path, *args)
    assert r.returncode == code, (r.stdout, r.stderr)
    assert words in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert data_file(tmp_path).read_bytes() == before


def test_refusals_exit_one_and_change_nothing(tmp_path):
    r = run(tmp_path, "new", "--identity", "I write", "--action", "write", "--unit", "sentences",
            "--start", "1", "--step", "1")
    assert r.returncode == 0
    before = data_file(tmp_path).read_bytes()
    for args, words in ((("halve", "write-sentences"), "already the smallest win"),
                        (("undo", "write-sentences"), "nothing to undo"),
                        (("climb", "write-sentences"), "0/14 won days at this rung")):
        r = run(tmp_path, *args)
        assert (r.returncode, len(r.stderr.splitlines())) == (1, 1), r.stderr
        assert words in r.stderr
    assert data_file(tmp_path).read_bytes() == before


def test_start_small_warning_goes_to_stderr_and_the_ladder_is_made(tmp_path):
    r = run(tmp_path, "new", "--identity", "I write", "--action", "write", "--unit", "pages",
            "--start", "2", "--step", "1", "--minutes", "30")
    assert r.returncode == 0 and r.stdout.strip() == "write-pages"
    assert "two-minute" in r.stderr and "halving" in r.stderr


@pytest.mark.parametrize("content", [b"{not json", b"", b"[]", b'{"_meta": {"1": {"schema": 1}},'
                                     b' "ladders": {"x": {"id": "x"}}}'])
def test_an_unusable_data_file_exits_3_and_is_left_alone(tmp_path, content):
    path = data_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    for args in (("list",), ("done", "x"), ("status",), ("export",),
                 ("new", "--identity", "i", "--action", "a", "--unit", "u", "--start", "1",
                  "--step", "1")):
        r = run(tmp_path, *args)
        assert r.returncode == 3, (args, r.stderr)
        assert str(path) in r.stderr and len(r.stderr.splitlines()) == 1
        assert path.read_bytes() == content


def test_a_bad_config_exits_2_naming_line_and_key_without_touching_data(tmp_path):
    new_walk(tmp_path)
    before = data_file(tmp_path).read_bytes()
    (tmp_path / "config.toml").write_text("theme = \"dark\"\nday_starts_at = 25\n")
    r = run(tmp_path, "done", "walk-steps")
    assert r.returncode == 2 and "line 2" in r.stderr and "day_starts_at" in r.stderr
    assert data_file(tmp_path).read_bytes() == before


def test_status_formats_follow_every_change(tmp_path):
    new_walk(tmp_path)
    run(tmp_path, "done", "walk-steps")
    plain = run(tmp_path, "status").stdout.strip()
    assert plain.startswith("✔ 1/1") and "streak 1" in plain and "climb" in plain
    assert run(tmp_path, "status", "--format", "tmux").stdout.startswith("#[bold]✔ 1/1#[default]")
    info = json.loads(run(tmp_path, "status", "--format", "json").stdout)
    assert info["done"] == 1 and info["ready_to_climb"] == ["walk-steps"]
    # Cached answers follow every change of the file.
    run(tmp_path, "undo", "walk-steps")
    assert run(tmp_path, "status").stdout.startswith("○ 0/1")


def test_export_json_then_import_into_an_empty_file_is_exact(tmp_path):
    demo = run(tmp_path, "demo", "--ladders", "6", "--years", "1", "--seed", "3")
    assert demo.returncode == 0, demo.stderr
    exported = tmp_path / "export.json"
    assert run(tmp_path, "export", "-o", str(exported)).returncode == 0
    other = tmp_path / "other"
    r = run(other, "import", str(exported))
    assert r.returncode == 0, r.stderr
    a = json.loads(run(tmp_path, "list", "--json").stdout)
    b = json.loads(run(other, "list", "--json").stdout)
    assert a == b and len(a) == 6
    # Again: nothing new, nothing changed.
    before = data_file(other).read_bytes()
    assert run(other, "import", str(exported)).returncode == 0
    assert data_file(other).read_bytes() == before


def test_import_refuses_conflicts_and_replace_overwrites(tmp_path):
    new_walk(tmp_path)
    exported = tmp_path / "export.json"
    run(tmp_path, "export", "-o", str(exported))
    run(tmp_path, "done", "walk-steps")
    before = data_file(tmp_path).read_bytes()
    r = run(tmp_path, "import", str(exported))
    assert r.returncode == 2 and "walk-steps" in r.stderr and "--replace" in r.stderr
    assert data_file(tmp_path).read_bytes() == before
    assert run(tmp_path, "import", str(exported), "--replace").returncode == 0
    assert show(tmp_path, "walk-steps")["votes"] == 0


@pytest.mark.parametrize("content,words", [
    ("{", "not valid JSON"), ("[]", "not a smallwins export"),
    ('{"format": "smallwins-export", "version": 99, "ladders": []}', "version"),
    ('{"format": "smallwins-export", "version": 1, "ladders": [{"id": "x"}]}',
     "ladder 'x': identity must be"),
])
def test_broken_import_files_change_nothing(tmp_path, content, words):
    new_walk(tmp_path)
    before = data_file(tmp_path).read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    r = run(tmp_path, "import", str(bad))
    assert r.returncode == 2 and words in r.stderr and len(r.stderr.splitlines()) == 1
    assert data_file(tmp_path).read_bytes() == before


def test_csv_export_quotes_notes(tmp_path):
    new_walk(tmp_path)
    run(tmp_path, "done", "walk-steps", "--note", 'rainy, "cold"\nbut done')
    out = run(tmp_path, "export", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["day", "ladder", "identity", "target", "amount", "mark", "note"]
    assert rows[1] == [TODAY, "walk-steps", "I am someone who moves every day", "50", "",
                       "win", 'rainy, "cold"\nbut done']


def test_demo_is_deterministic_and_refuses_a_file_with_ladders(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for where in (a, b):
        assert run(where, "demo", "--ladders", "4", "--years", "1", "--seed", "9").returncode == 0
    assert data_file(a).read_bytes() == data_file(b).read_bytes()
    before = data_file(a).read_bytes()
    r = run(a, "demo")
    assert r.returncode == 2 and "--force" in r.stderr
    assert data_file(a).read_bytes() == before


def test_a_ladder_can_start_before_today_and_take_a_backfill(tmp_path):
    new_walk(tmp_path, "--started", "2026-11-20", "--id", "walk")
    assert show(tmp_path, "walk")["start_day"] == "2026-11-20"
    r = run(tmp_path, "done", "walk", "--day", "2026-11-20")
    assert r.returncode == 0, r.stderr
    r = run(tmp_path, "climb", "walk")
    assert r.returncode == 0 and "hold it for 1 won day" in r.stdout, r.stdout


def test_every_command_word_runs_the_function_its_module_holds() -> None:
    """The table names each command's module; the function is found when it runs."""
    import argparse

    from smallwins.core import cli as core_cli
    from smallwins.core.cli_parser import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(core_cli.COMMANDS) == set(sub.choices) - {"serve"}
    for word, module in core_cli.COMMANDS.items():
        command = core_cli.command_of(word)
        assert callable(command) and command.__module__ == f"smallwins.core.{module}", word
        assert command.__name__ == f"cmd_{word}"
    assert core_cli.command_of("serve") is None and core_cli.command_of(None) is None
