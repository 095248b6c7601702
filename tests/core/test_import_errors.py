"""Broken import files, each refused with one exact line in the user's words.

The line names the file, the ladder or row, the field and what was
expected; a CSV that is not a Loop export names the formats that are
understood.  Every case runs `smallwins import` on a data file that already
holds a ladder, and that file stays byte for byte as it was.
"""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import cli

TODAY = "2026-11-23"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ID_RULE = "1-64 lowercase letters, digits, '-' and '_', starting with a letter or digit"
UNDERSTOOD = ("a smallwins JSON export (`smallwins export`), a Loop Habit Tracker CSV export "
              "(its zip, or the folder with Habits.csv) or harsh's habits and log files")


def run(env_dir: Path, *args: str):
    return cli.run(env_dir, *args, today=TODAY)


def export_with(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """An export of one ladder, 'floss-teeth', changed by `change`."""
    source = tmp_path / "source"
    r = run(source, "new", "--identity", "I floss", "--action", "floss", "--unit", "teeth",
            "--start", "1", "--step", "1", "--started", "2026-11-16")
    assert r.returncode == 0, r.stderr
    payload = json.loads(run(source, "export").stdout)
    change(payload["ladders"][0])
    path = tmp_path / "e.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def loop_with(tmp_path: Path, habits: str | None = None, checkmarks: str | None = None,
              zipped: bool = False) -> Path:
    """Loop's export of the fixture, with Habits.csv or Walk's Checkmarks.csv replaced."""
    folder = tmp_path / "loop"
    shutil.copytree(FIXTURES / "loop", folder)
    if habits is not None:
        (folder / "Habits.csv").write_text(habits, encoding="utf-8")
    if checkmarks is not None:
        (folder / "003 Walk" / "Checkmarks.csv").write_text(checkmarks, encoding="utf-8")
    if not zipped:
        return folder
    archive = tmp_path / "loop.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                out.write(file, file.relative_to(folder).as_posix())
    return archive


def harsh_with(tmp_path: Path, log_lines: str) -> Path:
    folder = tmp_path / "harsh"
    shutil.copytree(FIXTURES / "harsh", folder)
    with (folder / "log").open("a", encoding="utf-8") as log:
        log.write(log_lines)
    return folder


LOOP_HABITS_HEADER = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
                      "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n")


def _mark_without_target(tmp: Path) -> tuple[Path, str]:
    path = export_with(tmp, lambda lad: lad.update(marks={"2026-11-17": {"a": 5}}))
    return path, (f"{path}: ladder 'floss-teeth', mark on 2026-11-17: 't' (the target of the "
                  'win) is missing; expected an object like {"t": 150, "a": 180, "n": "a note"}')


def _mark_of_another_kind(tmp: Path) -> tuple[Path, str]:
    path = export_with(tmp, lambda lad: lad.update(marks={"2026-11-17": "done"}))
    return path, (f"{path}: ladder 'floss-teeth', mark on 2026-11-17: expected a number (a win "
                  "at that target), \"r\" (a rest day) or an object with \"t\" or \"r\"; "
                  "got 'done'")


def _not_a_real_day(tmp: Path) -> tuple[Path, str]:
    path = export_with(tmp, lambda lad: lad.update(marks={"2026-02-30": 1}))
    return path, (f"{path}: ladder 'floss-teeth', mark on 2026-02-30: the day must be a real "
                  "day as YYYY-MM-DD, got '2026-02-30'")


def _fraction_of_a_day(tmp: Path) -> tuple[Path, str]:
    path = export_with(tmp, lambda lad: lad.update(hold=0.5))
    return path, (f"{path}: ladder 'floss-teeth': hold must be a whole number of days from 1 "
                  "to 3,650, got 0.5")


def _id_new_refuses(tmp: Path) -> tuple[Path, str]:
    path = export_with(tmp, lambda lad: lad.update(id="../../etc/passwd"))
    return path, (f"{path}: ladder #1: id '../../etc/passwd' is not a ladder id: use {ID_RULE}")


def _escape_in_identity(tmp: Path) -> tuple[Path, str]:
    path = export_with(tmp, lambda lad: lad.update(identity="\x1b[2J\x1b]0;pwned\x07"))
    return path, (f"{path}: ladder 'floss-teeth': identity holds a control character (\\x1b): "
                  "write it as plain text on one line")


def _clipboard_in_a_note(tmp: Path) -> tuple[Path, str]:
    path = export_with(tmp, lambda lad: lad.update(
        marks={"2026-11-17": {"t": 1, "n": "\x1b]52;c;aGk=\x07"}}))
    return path, (f"{path}: ladder 'floss-teeth', mark on 2026-11-17: note holds a control "
                  "character (U+001B) at position 1: write plain text (line breaks are allowed "
                  "from the command line)")


def _unknown_event(tmp: Path) -> tuple[Path, str]:
    path = export_with(tmp, lambda lad: lad.update(events=[["2026-11-17", "jump"]]))
    return path, (f"{path}: ladder 'floss-teeth', event ['2026-11-17', 'jump']: expected "
                  "[day, kind, target] with kind climb, halve or edit")


def _a_spreadsheet(tmp: Path) -> tuple[Path, str]:
    path = tmp / "habits.csv"
    path.write_text("date,habit,done\n2026-11-17,floss,1\n", encoding="utf-8")
    return path, (f"{path} is a CSV file but not a Loop Habit Tracker export (its Habits.csv, "
                  f"or the zip or folder holding it): import understands {UNDERSTOOD}")


def _loop_target_beyond_the_limit(tmp: Path) -> tuple[Path, str]:
    path = loop_with(tmp, habits=LOOP_HABITS_HEADER
                     + "003,Walk,NUMERICAL,,,1,1,#1E88E5,steps,AT_LEAST,1e30,false\n")
    return path, (f"{path / 'Habits.csv'} line 2: Target Value '1e30' is above 1,000,000,000, "
                  "the largest target smallwins keeps")


def _loop_target_an_exponent_bomb(tmp: Path) -> tuple[Path, str]:
    path = loop_with(tmp, habits=LOOP_HABITS_HEADER
                     + "003,Walk,NUMERICAL,,,1,1,#1E88E5,steps,AT_LEAST,1e1000000,false\n",
                     zipped=True)
    return path, (f"{path}:Habits.csv line 2: Target Value '1e1000000' is above "
                  "1,000,000,000, the largest target smallwins keeps")


def _loop_checkmark_of_26_digits(tmp: Path) -> tuple[Path, str]:
    path = loop_with(tmp, checkmarks="Date,Value,Notes\n2026-11-22,"
                     + "9" * 26 + ",\n")
    where = path / "003 Walk" / "Checkmarks.csv"
    return path, (f"{where} line 2: amount 1.000e+23 is above 1,000,000,000, the largest "
                  "amount smallwins keeps")


def _loop_row_without_a_name(tmp: Path) -> tuple[Path, str]:
    path = loop_with(tmp, habits=LOOP_HABITS_HEADER + "001,,YES_NO,,,1,1,#FF8F00,,,,false\n")
    return path, f"{path / 'Habits.csv'} line 2: a habit has no name"


def _harsh_result(tmp: Path) -> tuple[Path, str]:
    path = harsh_with(tmp, "2026-11-22 : Meditated : maybe\n")
    return path, f"{path / 'log'} line 18: result 'maybe' is not y, n or s"


def _harsh_habit_not_listed(tmp: Path) -> tuple[Path, str]:
    path = harsh_with(tmp, "2026-11-22 : Juggled : y\n")
    return path, (f"{path / 'log'} line 18: habit 'Juggled' is not in the habits file (add it "
                  "there, or remove its lines from the log)")


BROKEN: list[Callable[[Path], tuple[Path, str]]] = [
    _mark_without_target, _mark_of_another_kind, _not_a_real_day, _fraction_of_a_day,
    _id_new_refuses, _escape_in_identity, _clipboard_in_a_note, _unknown_event, _a_spreadsheet,
    _loop_target_beyond_the_limit, _loop_target_an_exponent_bomb, _loop_checkmark_of_26_digits,
    _loop_row_without_a_name, _harsh_result, _harsh_habit_not_listed,
]


@pytest.mark.parametrize("broken", BROKEN, ids=[b.__name__.strip("_") for b in BROKEN])
def test_a_broken_import_file_is_one_exact_line_and_changes_nothing(tmp_path, broken) -> None:
    home = tmp_path / "home"
    r = run(home, "new", "--identity", "I walk", "--action", "walk", "--unit", "steps",
            "--start", "50", "--step", "50")
    assert r.returncode == 0, r.stderr
    data = home / "data" / "smallwins.json"
    before = data.read_bytes()
    path, message = broken(tmp_path)
    r = run(home, "import", str(path))
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"smallwins: {message}\n")
    assert data.read_bytes() == before


def test_a_harsh_amount_that_is_an_exponent_bomb_is_kept_as_text_at_once(tmp_path) -> None:
    """`1e999999` was turned into a million-digit number (26 s) and `1e5000` failed to print."""
    path = harsh_with(tmp_path, "2026-11-22 : Meditated : y : big day : 1e999999\n"
                      "2026-11-21 : Meditated : y :  : 1e5000\n")
    started = time.process_time()
    r = run(tmp_path / "home", "import", str(path))
    assert r.returncode == 0, r.stderr
    assert time.process_time() - started < 5
    marks = json.loads((tmp_path / "home" / "data" / "smallwins.json").read_text())[
        "ladders"]["meditated"]["marks"]
    assert marks["2026-11-22"]["n"] == "big day; amount 1e999999"
    assert marks["2026-11-21"]["n"] == "amount 1e5000"
