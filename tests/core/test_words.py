"""Units that agree with their number: the guessing rules, the stored forms, the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from smallwins.core.changes import edited, new_ladder
from smallwins.core.model import ShapeError, ladder_from_doc, ladder_to_doc
from smallwins.core.words import amount_text, count, unit_forms
from tests import cli

TODAY = "2026-11-23"
DAY = date(2026, 11, 23)


def run(env_dir: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli.run(env_dir, *args, today=TODAY)


@pytest.mark.parametrize(("typed", "one", "many"), [
    ("sentence", "sentence", "sentences"), ("sentences", "sentence", "sentences"),
    ("pushups", "pushup", "pushups"), ("page", "page", "pages"), ("steps", "step", "steps"),
    ("glass of water", "glass of water", "glasses of water"),
    ("glasses of water", "glass of water", "glasses of water"),
    ("story", "story", "stories"), ("stories", "story", "stories"),
    ("deep breaths", "deep breath", "deep breaths"), ("km", "km", "km"),
    ("mins", "min", "mins"), ("push-ups", "push-up", "push-ups"), ("box", "box", "boxes"),
    ("status", "status", "statuses"), ("", "", ""), ("  two  words ", "two word", "two words"),
])
def test_either_form_typed_gives_both(typed: str, one: str, many: str) -> None:
    assert unit_forms(typed) == (one, many)


def test_count_agrees() -> None:
    assert [count(n, "vote") for n in (0, 1, 2)] == ["0 votes", "1 vote", "2 votes"]
    assert count(1, "rest day") == "1 rest day" and count(1000, "day") == "1,000 days"
    assert count(0.5, "hour") == "0.5 hours"


@pytest.mark.parametrize("typed", ["sentence", "sentences"])
def test_a_new_ladder_stores_both_forms_and_they_round_trip(typed: str) -> None:
    ladder, _ = new_ladder(identity="I am a writer", action="write", unit=typed, start=1,
                           step=1, start_day=DAY)
    assert (ladder.unit, ladder.unit_one) == ("sentences", "sentence")
    assert amount_text(ladder, 1) == "1 sentence" and amount_text(ladder, 2) == "2 sentences"
    doc = ladder_to_doc(ladder)
    assert doc["unit"] == "sentences" and doc["unit_one"] == "sentence"
    assert ladder_from_doc(json.loads(json.dumps(doc))) == ladder


def test_a_corrected_form_is_kept_and_a_new_unit_is_guessed_anew() -> None:
    ladder, _ = new_ladder(identity="I am a shepherd", action="count", unit="sheep",
                           unit_one="sheep", start=1, step=1, start_day=DAY)
    assert amount_text(ladder, 1) == "1 sheep" and amount_text(ladder, 3) == "3 sheep"
    assert ladder_from_doc(ladder_to_doc(ladder)) == ladder
    renamed, _ = edited(ladder, {"unit": "goats"}, DAY)
    assert (renamed.unit, renamed.unit_one) == ("goats", "goat")
    fixed, _ = edited(ladder, {"unit": "geese", "unit_one": "goose"}, DAY)
    assert amount_text(fixed, 1) == "1 goose" and amount_text(fixed, 2) == "2 geese"


@pytest.mark.parametrize(("stored", "one", "many"), [
    ("sentence", "sentence", "sentences"), ("sentences", "sentence", "sentences"),
    ("", "", ""),
])
def test_an_old_file_without_the_singular_keeps_working(stored: str, one: str,
                                                         many: str) -> None:
    ladder, _ = new_ladder(identity="I am a writer", action="write", unit="x", start=1, step=1,
                           start_day=DAY)
    doc = ladder_to_doc(ladder)
    doc["unit"] = stored
    del doc["unit_one"]
    old = ladder_from_doc(doc)
    assert (old.unit_one, old.unit) == (one, many)


@pytest.mark.parametrize("bad", [3, None, ["a"]])
def test_a_singular_that_is_not_text_is_refused(bad: object) -> None:
    ladder, _ = new_ladder(identity="I am a writer", action="write", unit="pages", start=1,
                           step=1, start_day=DAY)
    doc = ladder_to_doc(ladder)
    doc["unit_one"] = bad
    with pytest.raises(ShapeError, match="unit_one"):
        ladder_from_doc(doc)


@pytest.mark.parametrize("typed", ["sentence", "sentences"])
def test_the_command_line_agrees_for_1_and_2(tmp_path: Path, typed: str) -> None:
    r = run(tmp_path, "new", "--identity", "I am a writer", "--action", "write", "--unit", typed,
            "--start", "1", "--step", "1", "--hold", "1")
    assert r.returncode == 0, r.stderr
    lid = r.stdout.strip()
    done = run(tmp_path, "done", lid)
    assert "✔ write 1 sentence today: vote 1 for" in done.stdout, done.stdout
    shown = run(tmp_path, "show", lid).stdout
    assert "write 1 sentence" in shown and "hold 1 day," in shown, shown
    assert "sentences" in shown.split("in a year")[1].splitlines()[0]
    climbed = run(tmp_path, "climb", lid).stdout
    assert climbed.strip() == "▲ climbed: write 2 sentences from today; hold it for 1 won day"
    assert "write 2 sentences" in run(tmp_path, "list").stdout
    info = json.loads(run(tmp_path, "show", lid, "--json").stdout)
    assert (info["unit"], info["unit_one"], info["rung"]) == ("sentences", "sentence",
                                                              "write 2 sentences")
    # Export and import carry both forms.
    out = tmp_path / "export.json"
    assert run(tmp_path, "export", "-o", str(out)).returncode == 0
    other = tmp_path / "other"
    assert cli.run(other, "import", str(out), today=TODAY).returncode == 0
    again = json.loads(cli.run(other, "show", lid, "--json", today=TODAY).stdout)
    assert (again["unit"], again["unit_one"]) == ("sentences", "sentence")


def test_the_singular_can_be_given_on_the_command_line(tmp_path: Path) -> None:
    r = run(tmp_path, "new", "--identity", "I am calm", "--action", "take", "--unit",
            "deep breaths", "--unit-one", "deep breath", "--start", "1", "--step", "1")
    assert r.returncode == 0, r.stderr
    assert "take 1 deep breath" in run(tmp_path, "done", r.stdout.strip()).stdout
