"""Catching up: which days are asked about, what an answer does, what is remembered.

The questions and their words come from core/catchup.py (pure); what was
settled and left missed is kept in `<data>.catchup` (core/catchup_file.py);
`smallwins ask` (core/ask.py) walks through them.  Here `ask` is run in
process with a terminal-like stdin; tests/core/test_ask_process.py drives
the real program through a pseudo-terminal.
"""

from __future__ import annotations

import io
import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from smallwins.core import catchup_file, changes
from smallwins.core.ask import ask
from smallwins.core.catchup import describe, questions
from smallwins.core.errors import BadInput, RuleRefused
from smallwins.core.ledger import Ledger
from smallwins.core.model import Ladder, Rest, Win, parse_days
from tests import cli

TODAY = date(2026, 11, 25)  # a Wednesday


class Terminal(io.StringIO):
    """Typed answers, one a line, on what says it is a terminal."""

    def isatty(self) -> bool:
        return True


def ladder(action: str, start: date, *, days: str = "daily", hold: int = 14, step: int = 1,
           won_until: date | None = None, created: int = 0) -> Ladder:
    lad, _ = changes.new_ladder(identity=f"I am someone who does {action}", action=action,
                                unit="reps", start=1, step=step, start_day=start, hold=hold,
                                days=parse_days(days), created=created)
    day = start
    while won_until is not None and day <= won_until:
        if day.weekday() in lad.days:
            lad = changes.mark_win(lad, day, TODAY)
        day += timedelta(days=1)
    return lad


def store(path: Path, *ladders: Ladder) -> Ledger:
    ledger = Ledger(path)

    def fill(current: dict[str, Ladder]) -> None:
        current.update({lad.id: lad for lad in ladders})

    ledger.rewrite(fill)
    return ledger


# ------------------------------------------------------------- the questions


def test_unanswered_days_oldest_first_then_in_display_order() -> None:
    walk = ladder("walk", date(2026, 11, 1), won_until=date(2026, 11, 21))
    read = ladder("read", date(2026, 11, 1), won_until=date(2026, 11, 22), created=1)
    read = changes.mark_rest(read, date(2026, 11, 24), TODAY)
    found = [(q.ladder_id, q.day.day) for q in questions([walk, read], TODAY)]
    assert found == [("walk-reps", 22), ("walk-reps", 23), ("read-reps", 23),
                     ("walk-reps", 24)]


def test_the_window_the_settled_day_the_start_the_schedule_and_archived() -> None:
    old = ladder("walk", date(2026, 10, 1))  # nothing ever marked
    assert [q.day for q in questions([old], TODAY)] == [
        TODAY - timedelta(days=n) for n in range(7, 0, -1)]
    assert [q.day.day for q in questions([old], TODAY, days=2)] == [23, 24]
    assert [q.day.day for q in questions([old], TODAY, settled=date(2026, 11, 24))] == [24]
    assert questions([old], TODAY, settled=TODAY) == []
    young = ladder("read", date(2026, 11, 24))
    assert [q.day for q in questions([young], TODAY)] == [date(2026, 11, 24)]
    weekdays = ladder("run", date(2026, 11, 1), days="mon-fri")
    assert [q.day.day for q in questions([weekdays], TODAY)] == [18, 19, 20, 23, 24]
    assert questions([changes.archive(old)], TODAY) == []
    left = {("walk-reps", date(2026, 11, 20))}
    assert date(2026, 11, 20) not in [q.day for q in questions([old], TODAY, left=left)]


def test_a_memo_asks_again_only_of_what_changed() -> None:
    walk = ladder("walk", date(2026, 11, 1), won_until=date(2026, 11, 21))
    read = ladder("read", date(2026, 11, 1), won_until=date(2026, 11, 20), created=1)
    memo: dict = {}
    first = questions([walk, read], TODAY, memo=memo)
    assert first == questions([walk, read], TODAY)
    kept = memo["read-reps"][4]
    walk = changes.mark_win(walk, date(2026, 11, 23), TODAY)  # a new ladder object
    again = questions([walk, read], TODAY, memo=memo)
    assert again == questions([walk, read], TODAY)
    assert date(2026, 11, 23) not in [q.day for q in again if q.ladder_id == "walk-reps"]
    assert memo["read-reps"][4] is kept  # the unchanged ladder was not asked again
    # Another day, another window, another set of days left: asked again.
    assert questions([walk, read], TODAY + timedelta(days=1), memo=memo) == questions(
        [walk, read], TODAY + timedelta(days=1))
    left = {("read-reps", date(2026, 11, 21))}
    assert questions([walk, read], TODAY, left=left, memo=memo) == questions(
        [walk, read], TODAY, left=left)
    assert questions([walk, read], TODAY, settled=date(2026, 11, 24), memo=memo) == questions(
        [walk, read], TODAY, settled=date(2026, 11, 24))
    questions([read], TODAY, memo=memo)
    assert list(memo) == ["read-reps"]  # a ladder gone is forgotten


def test_a_question_carries_the_target_as_it_was_that_day() -> None:
    walk = ladder("walk", date(2026, 11, 16), hold=1, step=50, won_until=date(2026, 11, 20))
    for day in range(16, 21):
        walk = changes.climb(walk, date(2026, 11, day))
    # Climbed every day to 251 on Fri 20; Sat 21 missed: back to 201 from Sun 22.
    (first, *rest) = questions([walk], TODAY)
    assert (first.day, first.target, first.rung) == (date(2026, 11, 21), 251, "walk 251 reps")
    assert [q.target for q in rest] == [201, 201, 201]


def test_what_an_answer_does_is_said_in_words() -> None:
    walk = ladder("walk", date(2026, 11, 16), hold=1, step=50, won_until=date(2026, 11, 20))
    for day in range(16, 21):
        walk = changes.climb(walk, date(2026, 11, day))
    rung, words = describe(walk, date(2026, 11, 21), TODAY)
    assert rung == "walk 251 reps"
    assert words == "a miss on Sat 21 Nov drops walk back to 201 reps; a win keeps 251 reps"
    held = changes.mark_win(walk, date(2026, 11, 21), TODAY)
    assert describe(held, date(2026, 11, 22), TODAY)[1] == (
        "a win makes walk 251 reps ready to climb (2/1); a miss puts the hold back to 0/1")
    read = ladder("read", date(2026, 11, 20), won_until=date(2026, 11, 22))
    assert describe(read, date(2026, 11, 23), TODAY)[1] == (
        "a win makes the hold 4/14 at read 1 rep; a miss puts it back to 0/14")


# ------------------------------------------------------ what is remembered


def test_the_catchup_file_remembers_and_forgets(tmp_path: Path) -> None:
    data = tmp_path / "smallwins.json"
    assert catchup_file.read(data) == catchup_file.Settled()
    catchup_file.leave_missed(data, "walk", date(2026, 11, 23), TODAY)
    catchup_file.leave_missed(data, "walk", date(2026, 11, 10), TODAY)  # out of the window
    got = catchup_file.read(data)
    assert got.day is None and got.left == {("walk", date(2026, 11, 23))}
    assert os.stat(catchup_file.path_of(data)).st_mode & 0o777 == 0o600
    settled = catchup_file.settle(data, TODAY)
    assert settled == catchup_file.read(data) == catchup_file.Settled(TODAY, frozenset())
    for junk in (b"{not json", b"[]", b'{"settled": 5}', b'{"left": {"a": [1]}}'):
        catchup_file.path_of(data).write_bytes(junk)
        assert catchup_file.read(data) == catchup_file.Settled()


def test_nothing_is_written_where_there_is_no_folder(tmp_path: Path) -> None:
    data = tmp_path / "missing" / "smallwins.json"
    catchup_file.settle(data, TODAY)
    assert not (tmp_path / "missing").exists()


# ------------------------------------------------------------ smallwins ask


def asked(path: Path, typed: str, ladder_text: str | None = None,
          days: int | None = None) -> str:
    out = io.StringIO()
    assert ask(Ledger(path), TODAY, ladder_text, days, Terminal(typed), out) == 0
    return out.getvalue()


def test_ask_writes_each_answer_at_once_and_remembers_the_misses(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    store(path, ladder("walk", date(2026, 11, 1), won_until=date(2026, 11, 21)),
          ladder("read", date(2026, 11, 1), won_until=date(2026, 11, 21), created=1))
    out = asked(path, "w\nr\nnope\n\ns\n")
    assert "6 unanswered days to catch up, oldest first" in out
    assert "[1/6] Sun 22 Nov  walk 1 rep  (walk-reps)" in out
    assert "'nope': type w, r, m (or just enter) or s" in out
    assert ("stopped: 1 won, 1 rest, 1 left missed; 3 unanswered days still to answer"
            in out)
    ladders = Ledger(path).load().ladders
    assert ladders["walk-reps"].marks[date(2026, 11, 22)] == Win(1)
    assert ladders["read-reps"].marks[date(2026, 11, 22)] == Rest()
    assert date(2026, 11, 23) not in ladders["walk-reps"].marks
    remembered = catchup_file.read(path)
    assert remembered.left == {("walk-reps", date(2026, 11, 23))} and remembered.day is None

    # Again: it goes on where it stopped, and the end of input stops it too.
    out = asked(path, "w\n")
    assert "3 unanswered days to catch up" in out and "[1/3] Mon 23 Nov  read 1 rep" in out
    assert "stopped: 1 won, 0 rest, 0 left missed; 2 unanswered days" in out
    out = asked(path, "m\nm\n")
    assert "caught up: 0 won, 0 rest, 2 left missed" in out
    assert catchup_file.read(path) == catchup_file.Settled(TODAY, frozenset())
    assert "nothing to catch up: every scheduled day before today is answered" in asked(path, "")
    # --days asks again about every day without a mark, misses left or not.
    out = asked(path, "s\n", days=3)
    assert "3 unanswered days to catch up" in out


def test_ask_about_one_ladder_by_prefix(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    store(path, ladder("walk", date(2026, 11, 1), won_until=date(2026, 11, 22)),
          ladder("read", date(2026, 11, 1), won_until=date(2026, 11, 22), created=1))
    out = asked(path, "w\nw\n", "re")
    assert "(walk-reps)" not in out and "caught up: 2 won" in out
    assert catchup_file.read(path).day is None  # walk-reps still has unanswered days
    with pytest.raises(BadInput, match="could be any of read-reps, run-reps"):
        store(path, ladder("run", date(2026, 11, 1), created=2))
        asked(path, "", "r")


def test_ask_with_no_ladders_says_so(tmp_path: Path) -> None:
    assert asked(tmp_path / "smallwins.json", "") == (
        "nothing to catch up: no active ladders (`smallwins new` starts one)\n")
    assert not catchup_file.path_of(tmp_path / "smallwins.json").exists()


def test_ask_refuses_without_a_terminal_and_for_bad_days(tmp_path: Path) -> None:
    path = tmp_path / "data" / "smallwins.json"
    path.parent.mkdir()
    store(path, ladder("walk", date(2026, 11, 1)))
    before = path.read_bytes()
    r = cli.run(tmp_path, "ask", today=TODAY.isoformat(), input="w\nw\n")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().startswith("smallwins: ask needs a terminal to answer in")
    assert len(r.stderr.splitlines()) == 1
    assert path.read_bytes() == before
    for days in (0, 367):
        with pytest.raises(BadInput, match="--days must be 1-366"):
            asked(path, "", days=days)
    archived = Ledger(path)
    archived.set_archived("walk-reps", True)
    with pytest.raises(RuleRefused, match="walk-reps is archived"):
        asked(path, "", "walk")
    assert not catchup_file.path_of(path).exists()


def test_an_answer_given_elsewhere_meanwhile_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    ledger = store(path, ladder("walk", date(2026, 11, 1), won_until=date(2026, 11, 22)))

    class Meanwhile(Terminal):
        def readline(self, size: int = -1) -> str:
            # Another pane records a rest day on the day being asked about.
            ledger.change("walk-reps", lambda lad: changes.mark_rest(lad, date(2026, 11, 23),
                                                                      TODAY))
            return "w\n"

    out = io.StringIO()
    ask(ledger, TODAY, None, None, Meanwhile("x"), out)
    assert "Mon 23 Nov of walk-reps was answered elsewhere meanwhile" in out.getvalue()
    assert Ledger(path).load().ladders["walk-reps"].marks[date(2026, 11, 23)] == Rest()
    assert json.loads(catchup_file.path_of(path).read_text())["settled"] == TODAY.isoformat()
