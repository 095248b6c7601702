"""What reaches the terminal: text only, one line per line, in glyphs the output can show.

A file written before control characters were refused may hold an escape
sequence in an identity, a line break in a unit, a clipboard sequence (OSC
52) in a note.  Every command prints them escaped, and the CSV export keeps
a note's line breaks but nothing a terminal would act on.  With an output
that cannot encode ✔ ○ – ▲ ½ (PYTHONIOENCODING=ascii) the commands print
ASCII glyphs instead of failing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from smallwins.core.terminal import ASCII_GLYPHS, printable
from tests import cli

TODAY = "2026-11-23"
IDENTITY = "I \x1b[2J\x1b]0;pwned\x07move"
UNIT = "st\r\neps"
NOTE = "walked\x1b]52;c;aGk=\x07\nfar"


def run(env_dir: Path, *args: str):
    return cli.run(env_dir, *args, today=TODAY)


def written_before_the_rule(env_dir: Path) -> Path:
    """A data file whose words hold control characters, as an older version allowed."""
    r = run(env_dir, "new", "--identity", "I move", "--action", "walk", "--unit", "steps",
            "--start", "50", "--step", "50", "--hold", "1", "--started", "2026-11-22")
    assert r.returncode == 0, r.stderr
    path = env_dir / "data" / "smallwins.json"
    tables = json.loads(path.read_text())
    walk = tables["ladders"]["walk-steps"]
    walk.update(identity=IDENTITY, unit=UNIT)
    walk["marks"] = {"2026-11-22": {"t": 50, "n": NOTE}}
    path.write_text(json.dumps(tables))
    return path


def strings(value: object) -> set[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(strings(v) for v in value))
    return set()


def no_controls(text: str) -> None:
    for char in text:
        assert char == "\n" or char.isprintable() and char not in "\u2028\u2029", repr(text)


@pytest.mark.parametrize("args", [("list",), ("show", "walk-steps"), ("done", "walk-steps"),
                                  ("rest", "walk-steps"), ("halve", "walk-steps"),
                                  ("status",), ("list", "--json"), ("show", "walk-steps", "--json"),
                                  ("export",)])
def test_old_words_with_control_characters_are_printed_escaped(tmp_path, args) -> None:
    written_before_the_rule(tmp_path)
    r = run(tmp_path, *args)
    assert r.returncode in (0, 1), r.stderr
    no_controls(r.stdout)
    no_controls(r.stderr)
    lines = r.stdout.splitlines()
    if args == ("list",):
        rung = "walk 50 st\\r\\neps"
        assert lines == [f"○ walk-steps           {rung:<28} streak 1    hold 1/1  "
                         "ready to climb"]
    if args == ("show", "walk-steps"):
        assert lines[0] == f"walk-steps: {printable(IDENTITY)}"
        assert "\\x1b[2J\\x1b]0;pwned\\x07" in lines[0]
    if args[-1] == "--json" or args == ("export",):
        # JSON escapes them itself; the value read back is the user's text, exactly.
        assert IDENTITY in strings(json.loads(r.stdout))


def test_done_with_an_old_note_and_a_new_day_prints_one_line(tmp_path) -> None:
    written_before_the_rule(tmp_path)
    r = run(tmp_path, "done", "walk-steps", "--day", "2026-11-22")
    assert r.returncode == 0
    assert r.stdout.count("\n") == 1
    no_controls(r.stdout)
    assert "walk 50 st\\r\\neps" in r.stdout
    assert f'"{printable(IDENTITY)}"' in r.stdout


def test_the_csv_export_keeps_line_breaks_of_a_note_and_nothing_a_terminal_acts_on(
    tmp_path,
) -> None:
    written_before_the_rule(tmp_path)
    r = run(tmp_path, "export", "--format", "csv")
    assert r.returncode == 0
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
    assert rows[1][2] == printable(IDENTITY)
    assert rows[1][6] == "walked\\x1b]52;c;aGk=\\x07\nfar"


def test_an_error_message_quoting_the_input_is_escaped(tmp_path) -> None:
    r = run(tmp_path, "show", "\x1b[2Jwalk")
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and r.stderr.count("\n") == 1


def ascii_run(env_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(cli.BIN), *args, "--today", TODAY], capture_output=True,
                          env=cli.smallwins_env(env_dir, {"PYTHONIOENCODING": "ascii"}),
                          timeout=60, text=True, encoding="ascii")


def test_an_ascii_only_output_gets_ascii_glyphs(tmp_path) -> None:
    r = run(tmp_path, "new", "--identity", "Je suis café", "--action", "marcher", "--unit",
            "pas", "--start", "50", "--step", "50", "--hold", "1", "--started", "2026-11-22")
    assert r.returncode == 0
    assert run(tmp_path, "done", "marcher-pas", "--day", "2026-11-22").returncode == 0
    for args in (("list",), ("show", "marcher-pas"), ("status",), ("done", "marcher-pas"),
                 ("list",), ("status",), ("climb", "marcher-pas"), ("halve", "marcher-pas"),
                 ("list", "--json"), ("export",), ("export", "--format", "csv"),
                 ("review",), ("review", "--year"), ("notes",), ("list", "--all"),
                 ("status", "--format", "json")):
        r = ascii_run(tmp_path, *args)
        assert r.returncode == 0 and r.stderr == "", (args, r.stderr)
        assert all(ord(c) < 128 for c in r.stdout)
    assert ascii_run(tmp_path, "list").stdout.startswith("x marcher-pas ")
    assert ascii_run(tmp_path, "status").stdout == "x 1/1 | streak 2 | ^ climb\n"
    exported = json.loads(ascii_run(tmp_path, "export").stdout)
    assert exported["ladders"][0]["identity"] == "Je suis café"  # exact, as \u escapes
    assert all(text.isascii() and text.isprintable() for text in ASCII_GLYPHS.values())


def test_the_status_fast_path_falls_back_to_ascii_too(tmp_path) -> None:
    assert run(tmp_path, "new", "--identity", "I", "--action", "a", "--unit", "u",
               "--start", "1", "--step", "1").returncode == 0
    first = ascii_run(tmp_path, "status")  # computes and caches
    again = ascii_run(tmp_path, "status")  # from the cache, before argparse
    assert first.stdout == again.stdout == "o 0/1\n"
    assert os.path.exists(tmp_path / "data" / "smallwins.json.status")
