"""Notes: the evidence on wins and rest days, from the engine to `smallwins notes`."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from smallwins.core import changes
from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.model import REST, Rest, Win, ladder_from_doc, ladder_to_doc, parse_days
from smallwins.core.notes import clean_note, latest_notes, notes_of, one_line
from tests import cli

TODAY = "2026-11-25"  # a Wednesday
DAY = date(2026, 11, 25)


def run(env_dir: Path, *args: str, today: str | None = TODAY) -> subprocess.CompletedProcess[str]:
    return cli.run(env_dir, *args, today=today)


def ok(env_dir: Path, *args: str, today: str | None = TODAY) -> str:
    r = run(env_dir, *args, today=today)
    assert r.returncode == 0, (args, r.stderr)
    return r.stdout


def fails(env_dir: Path, code: int, *args: str, today: str = TODAY) -> str:
    """A command that must fail: its code, one line on stderr, the data file untouched."""
    path = env_dir / "data" / "smallwins.json"
    before = path.read_bytes() if path.exists() else None
    r = run(env_dir, *args, today=today)
    assert r.returncode == code, (args, r.stdout, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, r.stderr
    assert (path.read_bytes() if path.exists() else None) == before
    return r.stderr


def walk(env_dir: Path) -> None:
    ok(env_dir, "new", "--identity", "I am someone who moves every day", "--action", "walk",
       "--unit", "steps", "--start", "50", "--step", "50", "--hold", "2",
       "--started", "2026-11-16")


def ladder(days: str = "every day"):  # noqa: ANN201 - a Ladder
    made, _ = changes.new_ladder(identity="I", action="walk", unit="steps", start=50, step=50,
                                 start_day=date(2026, 11, 16), days=parse_days(days))
    return made


# ------------------------------------------------------------------- model


def test_a_rest_day_with_a_note_is_stored_small_and_read_back() -> None:
    lad = ladder().with_mark(date(2026, 11, 20), Rest("ill")).with_mark(
        date(2026, 11, 21), REST)
    doc = ladder_to_doc(lad)
    assert doc["marks"] == {"2026-11-20": {"r": 1, "n": "ill"}, "2026-11-21": "r"}
    assert len(json.dumps({"2026-11-21": "r"}, separators=(",", ":"))) <= 40
    assert ladder_from_doc(doc).marks == lad.marks
    assert ladder_from_doc(doc).marks[date(2026, 11, 21)] == Rest()


@pytest.mark.parametrize("bad", [{"r": 2}, {"r": 1, "t": 5}, {"r": 1, "n": 5}])
def test_a_rest_day_of_the_wrong_shape_is_refused_on_reading(bad: dict) -> None:
    from smallwins.core.model import ShapeError

    doc = ladder_to_doc(ladder())
    doc["marks"] = {"2026-11-20": bad}
    with pytest.raises(ShapeError):
        ladder_from_doc(doc)


def test_a_note_is_trimmed_and_one_line_where_asked() -> None:
    assert clean_note("  walked  ") == "walked"
    assert clean_note("   ") is None and clean_note(None) is None
    assert clean_note("a\r\nb") == "a\nb"
    with pytest.raises(BadInput, match="one line"):
        clean_note("a\nb", one_line=True)
    with pytest.raises(BadInput, match=r"control character \(U\+0007\) at position 2"):
        clean_note("a\x07b")
    with pytest.raises(BadInput, match="U\\+0009"):
        clean_note("tab\there")
    assert one_line("rainy\nbut done\x1b[31m") == "rainy\\nbut done\\x1b[31m"


def test_set_note_writes_edits_and_removes_without_touching_the_mark() -> None:
    day = date(2026, 11, 20)
    won = changes.mark_win(ladder(), day, DAY, amount=80)
    noted = changes.set_note(won, day, DAY, "walked to the station")
    assert noted.marks[day] == Win(50, 80, "walked to the station")
    assert changes.set_note(noted, day, DAY, "  ").marks[day] == Win(50, 80)
    rested = changes.mark_rest(ladder(), day, DAY)
    assert changes.set_note(rested, day, DAY, "ill").marks[day] == Rest("ill")
    with pytest.raises(RuleRefused, match="no win or rest day"):
        changes.set_note(ladder(), day, DAY, "nothing here")
    with pytest.raises(BadInput, match="in the future"):
        changes.set_note(won, date(2026, 11, 26), DAY, "tomorrow")


def test_a_win_on_a_rest_day_keeps_its_reason_and_a_rest_keeps_its_note() -> None:
    day = date(2026, 11, 20)
    rested = changes.mark_rest(ladder(), day, DAY, "cold")
    assert changes.mark_win(rested, day, DAY).marks[day] == Win(50, None, "cold")
    assert changes.mark_rest(rested, day, DAY).marks[day] == Rest("cold")
    assert changes.mark_rest(rested, day, DAY, "flu").marks[day] == Rest("flu")


def test_notes_list_by_day_and_a_pause_with_one_reason_is_one_entry() -> None:
    lad = ladder("mon-fri")
    lad, _ = changes.pause(lad, date(2026, 11, 19), date(2026, 11, 24), DAY, "holiday")
    lad = changes.mark_win(lad, date(2026, 11, 18), DAY, note="before the trip")
    entries = notes_of([lad])
    assert [(e.day, e.last_day, e.kind, e.text) for e in entries] == [
        (date(2026, 11, 18), date(2026, 11, 18), "win", "before the trip"),
        # Thu to Tue: the weekend between is off the schedule, not a break.
        (date(2026, 11, 19), date(2026, 11, 24), "rest", "holiday"),
    ]
    assert [e.text for e in latest_notes(lad, DAY, 1)] == ["holiday"]
    assert notes_of([lad], first=date(2026, 11, 20))[0].day == date(2026, 11, 20)


# -------------------------------------------------------------- the command


def test_notes_from_done_and_rest_are_listed_oldest_first(tmp_path: Path) -> None:
    walk(tmp_path)
    ok(tmp_path, "done", "walk-steps", "--day", "2026-11-17", "--note",
       "walked to the station instead of the bus")
    ok(tmp_path, "rest", "walk-steps", "--day", "2026-11-18", "--note", "ill\nin bed")
    ok(tmp_path, "done", "walk-steps", "--day", "2026-11-19")
    out = ok(tmp_path, "notes").splitlines()
    assert out == ["2026-11-17  walk-steps  ✔ walked to the station instead of the bus",
                   "2026-11-18  walk-steps  – ill\\nin bed"]
    assert ok(tmp_path, "notes", "walk-steps", "--since", "2026-11-18").splitlines() == out[1:]
    listed = json.loads(ok(tmp_path, "notes", "--json"))
    assert listed[1] == {"day": "2026-11-18", "ladder": "walk-steps", "mark": "rest",
                         "note": "ill\nin bed"}
    assert "no notes since 2026-11-20" in ok(tmp_path, "notes", "--since", "2026-11-20")
    # Marking the won day again with a note adds the note and keeps the win.
    ok(tmp_path, "done", "walk-steps", "--day", "2026-11-19", "--note", "easy")
    assert ok(tmp_path, "notes", "--since", "-6").splitlines()[-1].endswith("✔ easy")


def test_notes_with_bad_input_say_so_in_one_line(tmp_path: Path) -> None:
    walk(tmp_path)
    assert "unknown ladder 'run'" in fails(tmp_path, 2, "notes", "run")
    assert "bad date" in fails(tmp_path, 2, "notes", "--since", "Tuesday")
    assert "control character" in fails(tmp_path, 2, "done", "walk-steps", "--note", "a\x1bb")
    assert "control character" in fails(tmp_path, 2, "rest", "walk-steps", "--note", "a\x00b")
