"""A pause: rest days over a range, one ladder or all, days ahead included."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from smallwins.core import changes
from smallwins.core.errors import BadInput
from smallwins.core.model import Rest, Win, parse_days
from tests.core import test_notes
from tests.core.test_notes import ok

TODAY = "2026-11-18"  # a Wednesday


def fails(env_dir: Path, code: int, *args: str) -> str:
    return test_notes.fails(env_dir, code, *args, today=TODAY)


def climbed_walk(env_dir: Path) -> None:
    """Walk 50, held two days, climbed to 100 on Tuesday: consolidating from then on."""
    ok(env_dir, "new", "--identity", "I am someone who moves every day", "--action", "walk",
       "--unit", "steps", "--start", "50", "--step", "50", "--hold", "2",
       "--started", "2026-11-16", today=TODAY)
    for day in ("2026-11-16", "2026-11-17"):
        ok(env_dir, "done", "walk-steps", "--day", day, today=TODAY)
    ok(env_dir, "climb", "walk-steps", today="2026-11-17")


def show(env_dir: Path, ladder: str, today: str) -> dict:
    return json.loads(ok(env_dir, "show", ladder, "--json", today=today))


def stored(env_dir: Path) -> dict:
    return json.loads((env_dir / "data" / "smallwins.json").read_text())["ladders"]


def test_a_pause_over_a_week_keeps_a_consolidating_rung_from_dropping(tmp_path: Path) -> None:
    climbed_walk(tmp_path)
    before = show(tmp_path, "walk-steps", "2026-11-25")
    assert before["target"] == 50 and before["levels"][-1]["reason"] == "drop-back"

    out = ok(tmp_path, "rest", "walk-steps", "--from", "2026-11-18", "--to", "2026-11-24",
             "--note", "holiday", today=TODAY)
    assert "7 rest day(s)" in out and "walk-steps" in out
    marks = stored(tmp_path)["walk-steps"]["marks"]
    assert [marks[f"2026-11-{d}"] for d in range(18, 25)] == [{"r": 1, "n": "holiday"}] * 7
    after = show(tmp_path, "walk-steps", "2026-11-25")
    assert after["target"] == 100 and after["consolidating"] is True
    assert [lv["reason"] for lv in after["levels"]] == ["start", "climb"]
    # The status line says until when while every due ladder rests.
    assert ok(tmp_path, "status", today=TODAY).startswith("– paused until Tue 24 Nov")
    assert ok(tmp_path, "status", today="2026-11-24").startswith("– rest day")
    assert json.loads(ok(tmp_path, "status", "--format", "json", today=TODAY))[
        "paused_until"] == "2026-11-24"


def test_only_a_rest_day_may_lie_ahead(tmp_path: Path) -> None:
    climbed_walk(tmp_path)
    ok(tmp_path, "rest", "walk-steps", "--from", "2026-11-20", "--to", "2026-11-21",
       today=TODAY)
    assert "in the future" in fails(tmp_path, 2, "done", "walk-steps", "--day", "2026-11-20")
    assert "in the future" in fails(tmp_path, 2, "done", "walk-steps", "--day", "2026-11-23")
    assert "in the future" in fails(tmp_path, 2, "rest", "walk-steps", "--day", "2026-11-23")
    # The future days count for nothing until they come: no vote, no streak.
    assert show(tmp_path, "walk-steps", TODAY)["votes"] == 2
    # A rest day ahead can be taken back, one day or the whole range.
    ok(tmp_path, "undo", "walk-steps", "--day", "2026-11-21", today=TODAY)
    assert "2026-11-21" not in stored(tmp_path)["walk-steps"]["marks"]
    out = ok(tmp_path, "rest", "walk-steps", "--from", "2026-11-18", "--to", "2026-11-30",
             "--cancel", today=TODAY)
    assert "took back 1 rest day(s)" in out
    assert "no rest days of 'walk-steps' to take back" in fails(
        tmp_path, 1, "rest", "walk-steps", "--from", "2026-11-18", "--to", "2026-11-30",
        "--cancel")


def test_a_pause_of_every_ladder_leaves_won_days_and_archived_ladders(tmp_path: Path) -> None:
    climbed_walk(tmp_path)
    ok(tmp_path, "new", "--identity", "I am a writer", "--action", "write", "--unit",
       "sentences", "--start", "1", "--step", "1", "--days", "mon-fri",
       "--started", "2026-11-16", today=TODAY)
    ok(tmp_path, "done", "write-sentences", today=TODAY)
    out = ok(tmp_path, "rest", "--all", "--from", "today", "--to", "2026-11-23", today=TODAY)
    # walk: 18-23 (6 days); write: Thu, Fri, Mon (today is won and stays won).
    assert "paused 2 ladder(s)" in out and "9 rest day(s)" in out
    marks = stored(tmp_path)
    assert marks["write-sentences"]["marks"]["2026-11-18"] == 1
    assert "2026-11-21" not in marks["write-sentences"]["marks"]  # a Saturday: off
    assert marks["write-sentences"]["marks"]["2026-11-23"] == "r"


@pytest.mark.parametrize("args,code,words", [
    (("rest",), 2, "rest needs a ladder"),
    (("rest", "walk-steps", "--all"), 2, "not both"),
    (("rest", "walk-steps", "--from", "2026-11-20"), 2, "add --to DAY"),
    (("rest", "walk-steps", "--day", "-1", "--to", "2026-11-20"), 2, "--day rests one day"),
    (("rest", "walk-steps", "--from", "2026-11-25", "--to", "2026-11-20"), 2,
     "ends (2026-11-20) before it starts"),
    (("rest", "walk-steps", "--from", "2026-11-18", "--to", "2027-12-01"), 2,
     "at most 366 days"),
    (("rest", "walk-steps", "--from", "2027-11-20", "--to", "2027-11-21"), 2,
     "at most 366 days ahead"),
    (("rest", "--all", "--from", "9999-12-25", "--to", "9999-12-31"), 2,
     "'9999-12-25' is outside the days smallwins keeps (1970-01-01 to 2199-12-31)"),
    (("rest", "walk-steps", "--from", "2026-11-01", "--to", "2026-11-10"), 2,
     "no scheduled day"),
    (("rest", "walk-steps", "--from", "2026-11-16", "--to", "2026-11-17"), 1, "already won"),
    (("rest", "walk-steps", "--to", "someday"), 2, "bad date"),
    (("rest", "nope", "--to", "2026-11-20"), 2, "unknown ladder 'nope'"),
])
def test_a_bad_pause_says_why_in_one_line_and_changes_nothing(tmp_path: Path, args: tuple,
                                                               code: int, words: str) -> None:
    climbed_walk(tmp_path)
    assert words in fails(tmp_path, code, *args)


def test_pause_days_skip_days_off_and_days_before_the_start() -> None:
    lad, _ = changes.new_ladder(identity="I", action="walk", unit="steps", start=1, step=1,
                                start_day=date(2026, 11, 18), days=parse_days("mon-fri"))
    days = changes.pause_days(lad, date(2026, 11, 16), date(2026, 11, 24))
    assert days == [date(2026, 11, d) for d in (18, 19, 20, 23, 24)]
    lad = changes.mark_win(lad, date(2026, 11, 18), date(2026, 11, 18))
    paused, count = changes.pause(lad, date(2026, 11, 16), date(2026, 11, 24),
                                  date(2026, 11, 18), "away")
    assert count == 4 and paused.marks[date(2026, 11, 18)] == Win(1)
    assert paused.marks[date(2026, 11, 24)] == Rest("away")
    with pytest.raises(BadInput, match="in the future"):
        changes.mark_win(paused, date(2026, 11, 19), date(2026, 11, 18))
