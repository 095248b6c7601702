"""The review of a week, a month, a year: numbers checked against a history worked
out by hand, the period's bounds, the step chart and the plain text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from smallwins.core import changes
from smallwins.core.ledger import Ledger
from smallwins.core.model import Ladder, Rest, parse_days
from smallwins.core.review import period_of, shifted, step_chart
from tests.core.test_notes import fails, ok

TODAY = "2026-11-25"  # a Wednesday, the week after the one reviewed
NOW = date(2026, 11, 25)
MOVER = "I am someone who moves every day"


def d(day: int) -> date:
    return date(2026, 11, day)


def walk() -> Ladder:
    """Walk 50 (+50, hold 2), Monday to Saturday, from Mon 9 Nov.

    Before the week: Mon-Sat 9-14 won at 50.  In the week of Mon 16 Nov:
    16 climbed to 100 and won · 17 missed (a drop back to 50 from the 18th) ·
    18 won · 19 a rest day ("cold") · 20 won ("walked to the station") ·
    21 halved to 25 and won · Sun 22, off the schedule, won: a bonus vote.
    """
    lad, _ = changes.new_ladder(identity=MOVER, action="walk", unit="steps", start=50,
                                step=50, start_day=d(9), hold=2, days=parse_days("mon-sat"),
                                created=0)
    for day in range(9, 15):
        lad = changes.mark_win(lad, d(day), NOW)
    lad = changes.climb(lad, d(16))
    lad = changes.mark_win(lad, d(16), NOW)
    lad = changes.mark_win(lad, d(18), NOW)
    lad = changes.mark_rest(lad, d(19), NOW, "cold")
    lad = changes.mark_win(lad, d(20), NOW, note="walked to the station")
    lad = changes.halve(lad, d(21))
    lad = changes.mark_win(lad, d(21), NOW)
    return changes.mark_win(lad, d(22), NOW)


def stretch() -> Ladder:
    """The same identity (in other letters), begun within the week: Wed 18 to Sun 22 won."""
    lad, _ = changes.new_ladder(identity="i am someone who MOVES every day", action="stretch",
                                unit="minutes", start=1, step=1, start_day=d(18), hold=7,
                                created=1)
    for day in range(18, 23):
        lad = changes.mark_win(lad, d(day), NOW)
    return lad


def archived_run() -> Ladder:
    """Archived, won on 2 and 3 Nov: out of the week's review, in its identity's total."""
    lad, _ = changes.new_ladder(identity=MOVER, action="run", unit="km", start=1, step=1,
                                start_day=d(2), created=2)
    for day in (2, 3):
        lad = changes.mark_win(lad, d(day), NOW)
    return replace(lad, archived=True)


def later() -> Ladder:
    """Begun after the week: not in its review at all."""
    lad, _ = changes.new_ladder(identity="I am a reader", action="read", unit="pages",
                                start=1, step=1, start_day=d(24), created=3)
    return lad


def history(env_dir: Path) -> None:
    def fill(ladders: dict[str, Ladder]) -> None:
        for lad in (walk(), stretch(), archived_run(), later()):
            ladders[lad.id] = lad

    Ledger(env_dir / "data" / "smallwins.json").rewrite(fill)


def review_json(env_dir: Path, *args: str) -> dict:
    return json.loads(ok(env_dir, "review", "--format", "json", *args))


def test_review_json_of_a_week_matches_the_numbers_worked_out_by_hand(tmp_path: Path) -> None:
    history(tmp_path)
    got = review_json(tmp_path, "--week", "--day", "2026-11-20")
    assert got["period"] == {"kind": "week", "first": "2026-11-16", "last": "2026-11-22",
                             "through": "2026-11-22"}
    assert got["votes"] == 10
    [mover] = got["identities"]
    assert mover["identity"] == MOVER
    assert mover["votes"] == 5 + 5
    assert mover["votes_total"] == (6 + 5) + 5 + 2  # walk, stretch, the archived run
    walk_row, stretch_row = mover["ladders"]
    assert {k: walk_row[k] for k in (
        "id", "votes", "won", "scheduled", "rest_days", "misses", "pending", "bonus",
        "climbs", "drop_backs", "halvings", "edits", "best_streak", "rung_start",
        "rung_now", "rung")} == {
        "id": "walk-steps", "votes": 5, "won": 4, "scheduled": 6, "rest_days": 1,
        "misses": 1, "pending": 0, "bonus": 1, "climbs": 1, "drop_backs": 1, "halvings": 1,
        "edits": 0,
        # Six won days before the week, then Monday: 7; the miss starts it again.
        "best_streak": 7,
        "rung_start": 50, "rung_now": 25, "rung": "walk 50 → 25 steps"}
    assert walk_row["levels"] == [
        {"day": "2026-11-16", "target": 100, "reason": "climb"},
        {"day": "2026-11-18", "target": 50, "reason": "drop-back"},
        {"day": "2026-11-21", "target": 25, "reason": "halve"}]
    assert walk_row["notes"] == [
        {"day": "2026-11-19", "ladder": "walk-steps", "mark": "rest", "note": "cold"},
        {"day": "2026-11-20", "ladder": "walk-steps", "mark": "win",
         "note": "walked to the station"}]
    assert {k: stretch_row[k] for k in ("id", "votes", "won", "scheduled", "misses",
                                        "best_streak", "rung_start", "rung_now")} == {
        "id": "stretch-minutes", "votes": 5, "won": 5, "scheduled": 5, "misses": 0,
        "best_streak": 5, "rung_start": 1, "rung_now": 1}


def test_review_json_of_the_month_so_far_counts_today_as_open(tmp_path: Path) -> None:
    history(tmp_path)
    got = review_json(tmp_path, "--month")
    assert got["period"] == {"kind": "month", "first": "2026-11-01", "last": "2026-11-30",
                             "through": "2026-11-25"}
    walk_row = got["identities"][0]["ladders"][0]
    # Mon-Sat from the 9th to today: 15 days = 10 won + 1 rest + 3 missed + today.
    assert (walk_row["scheduled"], walk_row["won"], walk_row["rest_days"],
            walk_row["misses"], walk_row["pending"]) == (15, 10, 1, 3, 1)
    # A halved rung is held: the misses of the 23rd and 24th drop nothing.
    assert walk_row["rung_start"] == 50 and walk_row["rung_now"] == 25
    assert [i["identity"] for i in got["identities"]] == [MOVER, "I am a reader"]
    archived = [lad["id"] for i in got["identities"] for lad in i["ladders"]]
    assert "run-km" in archived  # it has wins in November


def test_weeks_start_on_the_configured_day(tmp_path: Path) -> None:
    history(tmp_path)
    (tmp_path / "config.toml").write_text('week_starts_on = "sunday"\n')
    got = review_json(tmp_path, "--day", "2026-11-20")
    assert (got["period"]["first"], got["period"]["last"]) == ("2026-11-15", "2026-11-21")


def test_plain_review_reads_without_colour_codes(tmp_path: Path) -> None:
    history(tmp_path)
    text = ok(tmp_path, "review", "--day", "2026-11-20")
    assert "\x1b" not in text
    lines = text.splitlines()
    assert lines[0] == "Review of the week of Mon 16 Nov 2026 · 10 votes"
    assert lines[1] == "Mon 16 Nov to Sun 22 Nov"
    assert "  walk-steps: walk 50 → 25 steps" in lines
    assert "    won 4 of 6 scheduled days · 1 rest day · 1 miss · 1 bonus vote" in lines
    assert "    1 climb · 1 drop back · 1 halving · best streak 7" in lines
    assert "    Thu 19 Nov – cold" in lines and "    Fri 20 Nov ✔ walked to the station" in lines
    assert "  stretch-minutes: stretch 1 minute, the same rung" in lines
    assert not any("run-km" in line for line in lines)


def test_a_bad_review_says_why(tmp_path: Path) -> None:
    history(tmp_path)
    assert "a review looks back" in fails(tmp_path, 2, "review", "--day", "2026-12-01")
    assert "not allowed with" in fails(tmp_path, 2, "review", "--week", "--month")
    assert "invalid choice" in fails(tmp_path, 2, "review", "--format", "tmux")


def test_periods_and_their_neighbours() -> None:
    week = period_of("week", d(25), d(25), 0)
    assert (week.first, week.last, week.through) == (d(23), d(29), d(25))
    assert shifted(week, -1, d(25)).first == d(16)
    month = period_of("month", date(2026, 12, 31), date(2027, 1, 5))
    assert (month.first, month.last) == (date(2026, 12, 1), date(2026, 12, 31))
    assert shifted(month, -12, date(2027, 1, 5)).first == date(2025, 12, 1)
    year = period_of("year", d(25), d(25))
    assert (year.first, year.through) == (date(2026, 1, 1), d(25))
    with pytest.raises(ValueError):
        period_of("fortnight", d(25), d(25))


def test_the_step_chart_shows_a_climb_a_drop_and_a_flat_rung() -> None:
    # 25 at the bottom, 100 at the top: 50 is a third of the way up.
    assert step_chart([100, 100, 50, 50, 50, 25, 25], 7) == ["██     ", "██▆▆▆▁▁"]
    assert step_chart([5, 5, 5], 10) == ["▁" * 9]  # three columns a day, one line
    assert step_chart([5, 5, 5], 80) == ["▁" * 12]  # at most four
    wide = step_chart(list(range(1, 366)), 40)
    assert len(wide) == 2 and all(len(line) == 40 for line in wide)
    assert wide[0][0] == " " and wide[0][-1] == "█" and wide[1][0] == "▁"
    assert step_chart([], 10) == []


def test_rest_days_ahead_count_in_no_review_until_they_come(tmp_path: Path) -> None:
    paused, _ = changes.pause(walk(), d(26), d(28), NOW, "away")
    assert paused.marks[d(27)] == Rest("away")

    def fill(ladders: dict[str, Ladder]) -> None:
        ladders[paused.id] = paused

    Ledger(tmp_path / "data" / "smallwins.json").rewrite(fill)
    row = review_json(tmp_path, "--week")["identities"][0]["ladders"][0]
    assert (row["scheduled"], row["rest_days"], row["notes"]) == (3, 0, [])
    later = json.loads(ok(tmp_path, "review", "--format", "json", today="2026-11-28"))
    row = later["identities"][0]["ladders"][0]
    assert row["rest_days"] == 3 and row["notes"][0] == {
        "day": "2026-11-26", "to": "2026-11-28", "ladder": "walk-steps", "mark": "rest",
        "note": "away"}
