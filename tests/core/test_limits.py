"""The limits on values (SPEC section 8): refused with one line everywhere a value enters.

Each case was a traceback or a stored value that made the file unusable:
numbers too large for the 64-bit JSON writer, decimals that broke the
granularity check, days at the ends of the calendar, fractions of a day
turned into 0.  Now: exit 2 (bad input) with one line naming the field and
the limit, and the data file byte for byte as it was.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from smallwins.core import limits
from smallwins.core.errors import BadInput
from tests import cli

TODAY = "2026-11-23"  # a Monday
NEW = ("new", "--identity", "I move", "--action", "walk", "--unit", "steps")


def run(env_dir: Path, *args: str, today: str | None = TODAY, env: dict[str, str] | None = None):
    return cli.run(env_dir, *args, today=today, env=env)


def data_file(env_dir: Path) -> Path:
    return env_dir / "data" / "smallwins.json"


def new_walk(env_dir: Path, *extra: str) -> None:
    r = run(env_dir, *NEW, "--start", "50", "--step", "50", "--hold", "1", *extra)
    assert r.returncode == 0, r.stderr


def refused(env_dir: Path, code: int, *args: str, today: str | None = TODAY) -> str:
    """Run a command that must be refused: its code, one line, no traceback, no change."""
    path = data_file(env_dir)
    before = path.read_bytes() if path.exists() else None
    r = run(env_dir, *args, today=today)
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert (path.read_bytes() if path.exists() else None) == before
    return r.stderr.strip()


@pytest.mark.parametrize("args,words", [
    ((*NEW, "--start", "1e20", "--step", "1"),
     "argument --start: must be at most 1,000,000,000, got 1e20"),
    ((*NEW, "--start", "1", "--step", "1", "--hold", "99999999999999999999"),
     "argument --hold: must be a whole number of days from 1 to 3,650, "
     "got 99999999999999999999"),
    ((*NEW, "--start", "1", "--step", "1", "--hold", "0.5"),
     "argument --hold: must be a whole number of days from 1 to 3,650, got 0.5"),
    ((*NEW, "--start", "1", "--step", "1", "--minutes", "1e300"),
     "argument --minutes: must be from 0 to 1,440, got 1e300"),
    ((*NEW, "--start", "1e308", "--step", "1"),
     "argument --start: must be at most 1,000,000,000, got 1e308"),
    ((*NEW, "--start", "1", "--step", "1", "--granularity", "1e-30"),
     "argument --granularity: must have at most 6 decimal places, got 1e-30"),
    ((*NEW, "--start", "1e19", "--step", "1e19", "--hold", "1"),
     "argument --start: must be at most 1,000,000,000, got 1e19"),
    ((*NEW, "--start", "1e1000000", "--step", "1"),
     "argument --start: must be at most 1,000,000,000, got 1e1000000"),
    ((*NEW, "--start", "nan", "--step", "1"), "argument --start: must be a number, got 'nan'"),
    ((*NEW, "--start", "inf", "--step", "1"), "argument --start: must be a number, got 'inf'"),
    ((*NEW, "--start", "1", "--step", "1", "--started", "1969-12-31"),
     "'1969-12-31' is outside the days smallwins keeps (1970-01-01 to 2199-12-31)"),
])
def test_numbers_beyond_the_limits_are_refused_by_new(tmp_path, args, words) -> None:
    assert words in refused(tmp_path, 2, *args)


@pytest.mark.parametrize("args,words", [
    (("done", "walk-steps", "--amount", "1e20"),
     "argument --amount: must be at most 1,000,000,000, got 1e20"),
    (("done", "walk-steps", "--amount", "0.0000001"),
     "argument --amount: must have at most 6 decimal places, got 0.0000001"),
    (("done", "walk-steps", "--day", "-99999"),
     "'-99999' is outside the days smallwins keeps (1970-01-01 to 2199-12-31)"),
])
def test_done_refuses_amounts_and_days_beyond_the_limits(tmp_path, args, words) -> None:
    new_walk(tmp_path)
    assert words in refused(tmp_path, 2, *args)


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "1969-12-31", "2200-01-01"])
def test_today_at_the_edges_of_the_calendar_is_refused(tmp_path, today) -> None:
    new_walk(tmp_path)
    words = f"--today {today} is outside the days smallwins keeps (1970-01-01 to 2199-12-31)"
    # `done --day yesterday` on 0001-01-01 was an OverflowError; the app (and so
    # the heatmap) never opens on such a day either.
    assert refused(tmp_path, 2, "done", "walk-steps", "--day", "yesterday",
                   today=today) == f"smallwins: {words}"
    assert refused(tmp_path, 2, today=today) == f"smallwins: {words}"


def test_halve_before_the_ladder_started_is_refused_like_done(tmp_path) -> None:
    new_walk(tmp_path)
    words = refused(tmp_path, 2, "halve", "walk-steps", today="2026-11-01")
    assert "2026-11-01 is before ladder 'walk-steps' started (2026-11-23)" in words
    assert "before ladder 'walk-steps' started" in refused(
        tmp_path, 2, "done", "walk-steps", "--day", "2026-11-01")


def test_a_climb_past_the_largest_target_is_refused(tmp_path) -> None:
    r = run(tmp_path, *NEW, "--start", "999999999", "--step", "999999999", "--hold", "1",
            "--started", "2026-11-22")
    assert r.returncode == 0, r.stderr
    assert run(tmp_path, "done", "walk-steps", "--day", "2026-11-22").returncode == 0
    words = refused(tmp_path, 2, "climb", "walk-steps")
    assert words == ("smallwins: target must be at most 1,000,000,000: 'walk-steps' cannot "
                     "climb past walk 999,999,999 steps")
    assert run(tmp_path, "done", "walk-steps").returncode == 0  # the rung is still usable


def test_a_fraction_of_a_day_in_an_import_is_refused_and_never_stored(tmp_path) -> None:
    """`"hold": 0.5` was read as int(0.5) == 0: accepted, written, then refused forever."""
    new_walk(tmp_path)
    export = json.loads(run(tmp_path, "export").stdout)
    export["ladders"][0].update(hold=0.5, id="other")
    source = tmp_path / "e.json"
    source.write_text(json.dumps(export))
    words = refused(tmp_path, 2, "import", str(source))
    assert words == (f"smallwins: {source}: ladder 'other': hold must be a whole number of "
                     "days from 1 to 3,650, got 0.5")
    assert run(tmp_path, "list").returncode == 0


@pytest.mark.parametrize("field,value,words", [
    ("hold", 0.5, "hold must be a whole number of days from 1 to 3,650, got 0.5"),
    ("start", 1e19, "start must be at most 1,000,000,000, got 1e+19"),
    ("start", 10**19, "start must be at most 1,000,000,000, got 1.000e+19"),
    ("granularity", 1e-30, "granularity must have at most 6 decimal places, got 1e-30"),
    ("minutes", -1, "minutes must be from 0 to 1,440, got -1"),
    ("start_day", "0001-01-01", "start_day 0001-01-01 is outside the days smallwins keeps"),
    ("id", "../../etc/passwd", "id '../../etc/passwd' is not a ladder id"),
    ("created", 1e30, "created must be a whole number from 0 to 2,147,483,647, got 1e+30"),
    ("archived", "no", "archived must be true or false, got 'no'"),
])
def test_a_hand_edited_file_beyond_the_limits_is_unusable_not_a_traceback(
    tmp_path, field, value, words
) -> None:
    new_walk(tmp_path)
    path = data_file(tmp_path)
    tables = json.loads(path.read_text())
    tables["ladders"]["walk-steps"][field] = value
    path.write_text(json.dumps(tables))
    for args in (("list",), ("done", "walk-steps"), ("status",), ("export",)):
        message = refused(tmp_path, 3, *args)
        assert words in message, message


def test_what_is_written_passes_what_is_read_for_every_limit() -> None:
    """The limits are the same on the way in and on the way back: a value at each
    limit is written and read back; one past it is refused both ways."""
    from datetime import date

    from smallwins.core.changes import new_ladder
    from smallwins.core.model import ladder_from_doc, ladder_to_doc

    ladder, _ = new_ladder(identity="I", action="a", unit="u", start=10**9, step=0.000001,
                           granularity=0.000001, hold=3650, minutes=1440,
                           start_day=date(1970, 1, 1), ladder_id="a" * 64)
    assert ladder_from_doc(ladder_to_doc(ladder)) == ladder
    for field, value in (("hold", 3651), ("minutes", 1440.5), ("start", 10**9 + 1)):
        with pytest.raises(limits.LimitError):
            new_ladder(**{"identity": "I", "action": "a", "unit": "u", "start": 1, "step": 1,
                          "start_day": date(2026, 1, 1), field: value})


@pytest.mark.parametrize("text,value", [
    ("150", 150), ("0.5", 0.5), ("1e3", 1000), ("1_000", 1000), ("12,500", 12500),
    (" 7 ", 7), ("1000000000", 10**9), ("0.000001", 0.000001),
])
def test_numbers_typed_as_text(text, value) -> None:
    assert limits.amount_text(text, "start") == value


@pytest.mark.parametrize("text", ["1,5", "nan", "-inf", "Infinity", "1e", "", "0x10", "1e+" +
                                  "9" * 40, "9" * 101, "１２", "--1"])
def test_what_is_not_a_number_is_refused_in_one_line(text) -> None:
    with pytest.raises(limits.LimitError) as caught:
        limits.amount_text(text, "start")
    assert str(caught.value).startswith("start must ")
    assert "\n" not in str(caught.value)


def test_an_exponent_bomb_costs_nothing() -> None:
    import time

    started = time.process_time()
    for text in ("1e999999", "1e-999999", "9e999999999999999"):
        with pytest.raises(limits.LimitError):
            limits.amount_text(text, "amount")
        with pytest.raises(limits.LimitError):
            limits.amount(Decimal(text), "amount")
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize("text", ["a\x1bb", "a\nb", "a\rb", "\x9b", "a\u2028b", "\x00"])
def test_control_characters_are_refused_in_words(text) -> None:
    with pytest.raises(limits.LimitError, match="holds a control character"):
        limits.words(text, "identity")


def test_a_note_keeps_line_breaks_but_no_other_control_character() -> None:
    from smallwins.core.notes import clean_note

    assert clean_note("one\r\ntwo") == "one\ntwo"
    with pytest.raises(BadInput, match=r"note holds a control character \(U\+001B\)"):
        clean_note("\x1b]52;c;aGk=\x07")


def test_spaces_and_a_line_end_around_a_word_are_dropped_not_refused(tmp_path) -> None:
    r = run(tmp_path, "new", "--identity", "I move\n", "--action", " walk ", "--unit",
            "steps\r\n", "--start", "1", "--step", "1")
    assert r.returncode == 0, r.stderr
    shown = json.loads(run(tmp_path, "show", "walk-steps", "--json").stdout)
    assert (shown["identity"], shown["action"], shown["unit"]) == ("I move", "walk", "steps")
