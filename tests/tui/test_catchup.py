"""Catching up in the app: three days away with three ladders, answered by keyboard.

The person was last here on Sunday 22 November (the catch-up file says so)
and comes back on Wednesday 25: Sunday, Monday and Tuesday are unanswered on
every ladder.  Today offers the walk in one line; `b` opens it; each answer
is written at once and undoable; `u` and `U` go back and forth across it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from smallwins.core import catchup_file, changes, rules
from smallwins.core.catchup import questions
from smallwins.core.model import Ladder, Rest, Win, parse_days
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.screens.catchup import CatchUpScreen
from smallwins.tui.screens.today import TodayScreen
from tests.tui.data import TODAY, count_repaints, make_app, messages, on_disk, write_ladders

SUN, MON, TUE = date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24)


def _ladder(action: str, unit: str, *, hold: int, step: int, created: int,
            climb: bool = False) -> Ladder:
    ladder, _ = changes.new_ladder(
        identity=f"I am someone who does {action}", action=action, unit=unit, start=step,
        step=step, start_day=date(2026, 11, 9), hold=hold, days=parse_days("daily"),
        created=created)
    day = ladder.start_day
    while day < SUN:
        if day != date(2026, 11, 19) or climb:  # the 19th was missed, and seen missed
            ladder = changes.mark_win(ladder, day, day)
            if climb and rules.replay(ladder, day).ready_to_climb:
                ladder = changes.climb(ladder, day)
        day += timedelta(days=1)
    return ladder


def away(path: Path) -> dict[str, Ladder]:
    """Three ladders answered up to Saturday 21; last here on Sunday 22."""
    ladders = [_ladder("walk", "steps", hold=1, step=50, created=0, climb=True),
               _ladder("read", "pages", hold=14, step=1, created=1),
               _ladder("stretch", "minutes", hold=7, step=1, created=2)]
    write_ladders(path, ladders)
    catchup_file.settle(path, SUN)
    return on_disk(path)


def text_of(app: SmallWinsApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def offer(app: SmallWinsApp) -> str:
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    widget = screen.query_one("#catchup-offer")
    return str(widget.render()) if widget.display else ""


def replayed(path: Path) -> dict[str, object]:
    """What a fresh read of the file gives: the states the app must show."""
    return {lid: rules.replay(lad, TODAY) for lid, lad in on_disk(path).items()}


async def test_three_days_away_answered_stopped_undone_and_redone(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    original = away(path)
    walk_rung = rules.replay(original["walk-steps"], SUN).target
    app = make_app(path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        # The 19th was missed before the person was last here: not asked about.
        assert offer(app) == "b catch up: 9 unanswered days since Sun 22 Nov"

        await pilot.press("b")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, CatchUpScreen)
        assert text_of(app, "#catchup-title") == "Catch up · 1 of 9"
        assert text_of(app, "#catchup-day") == f"Sun 22 Nov: walk {walk_rung:,} steps"
        assert text_of(app, "#catchup-effect") == (
            f"a miss on Sun 22 Nov drops walk back to {walk_rung - 50:,} steps; "
            f"a win keeps {walk_rung:,} steps")
        assert "w won · r rest · m missed (leave it) · s stop" in text_of(app, ".dialog-keys")

        await pilot.press("w")  # walk, Sunday: won
        await pilot.pause()
        assert on_disk(path)["walk-steps"].marks[SUN] == Win(walk_rung)  # written at once
        assert text_of(app, "#catchup-title") == "Catch up · 2 of 9"
        assert text_of(app, "#catchup-day") == "Sun 22 Nov: read 1 page"
        await pilot.press("r")  # read, Sunday: a rest day
        await pilot.press("m")  # stretch, Sunday: missed, leave it
        await pilot.press("w")  # walk, Monday: won
        await pilot.press("s")  # stop midway
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)

        after = on_disk(path)
        assert after["walk-steps"].marks[SUN] == Win(walk_rung)
        assert after["walk-steps"].marks[MON] == Win(walk_rung)
        assert after["read-pages"].marks[SUN] == Rest()
        assert SUN not in after["stretch-minutes"].marks
        for lid in ("read-pages", "stretch-minutes"):
            assert MON not in after[lid].marks and TUE not in after[lid].marks
        assert catchup_file.read(path) == catchup_file.Settled(
            SUN, frozenset({("stretch-minutes", SUN)}))
        assert dict(app.store.states) == {lid: s for lid, s in replayed(path).items()}
        assert offer(app) == "b catch up: 5 unanswered days since Mon 23 Nov"
        assert messages(app)[-1] == ("stopped: 2 won, 1 rest, 1 left missed; 5 unanswered "
                                     "days still to answer (b goes on). u takes an answer back")

        # Undo goes back across the walk, one answer at a time, down to the original file.
        for _ in range(3):
            await pilot.press("u")
        await pilot.pause()
        assert on_disk(path) == original
        assert dict(app.store.states) == replayed(path)
        await pilot.press("u")
        await pilot.pause()
        assert messages(app)[-1] == "nothing to undo"
        # ...and redo forward again, `U` and `ctrl+r` alike, as many steps as were undone.
        await pilot.press("U", "ctrl+r", "U")
        await pilot.pause()
        assert on_disk(path) == after
        assert dict(app.store.states) == replayed(path)
        await pilot.press("U")
        await pilot.pause()
        assert messages(app)[-1] == "nothing to redo"

        # Going on: what was answered or left missed is not asked again.
        await pilot.press("b")
        await pilot.pause()
        assert text_of(app, "#catchup-title") == "Catch up · 1 of 5"
        assert text_of(app, "#catchup-day") == "Mon 23 Nov: read 1 page"
        await pilot.press("w", "enter", "r", "m", "escape")  # escape stops too
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert offer(app) == "b catch up: 1 unanswered day since Tue 24 Nov"
        await pilot.press("b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert offer(app) == ""
        assert messages(app)[-1] == "caught up: 0 won, 0 rest, 1 left missed"
        final = on_disk(path)
        assert final["read-pages"].marks[MON] == Win(1)
        assert final["walk-steps"].marks[TUE] == Rest()
        assert MON not in final["stretch-minutes"].marks
        assert TUE not in final["read-pages"].marks
        assert catchup_file.read(path) == catchup_file.Settled(TODAY, frozenset())
        assert questions(final.values(), TODAY, settled=TODAY) == []

        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "nothing to catch up" in messages(app)[-1]


async def test_nothing_to_catch_up_settles_and_a_new_day_offers_again(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    away(path)
    catchup_file.settle(path, TODAY)  # here yesterday evening, everything answered
    days = [TODAY]
    from smallwins.core.config import Config
    from smallwins.core.ledger import Ledger
    from smallwins.tui.store import Store

    config = Config()
    store = Store(Ledger(path), lambda: days[0], config)
    app = SmallWinsApp(store, config, poll_seconds=3600, rollover_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert offer(app) == ""
        await pilot.press("space")  # walk today: won; the other two are left undone
        days[0] = TODAY + timedelta(days=1)
        app._check_rollover()
        await pilot.pause()
        assert offer(app) == "b catch up: 2 unanswered days since Wed 25 Nov"


async def test_the_walk_is_offered_not_forced_and_quiet_while_idle(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    away(path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)  # nothing opened by itself
        await pilot.press("b")
        await pilot.pause()
        repaints = count_repaints(app.screen)
        await pilot.pause(0.5)
        assert repaints == []
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert len(on_disk(path)["walk-steps"].marks) == 13  # nothing written by opening


async def test_the_walk_keys_are_remappable_and_in_help(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    away(path)
    keys = {"catch_up": "C", "catchup_won": "y", "catchup_stop": "x"}
    app = make_app(path, keys=keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert offer(app).startswith("C catch up:")
        await pilot.press("C")
        await pilot.pause()
        assert "y won · r rest · m missed (leave it) · x stop" in text_of(app, ".dialog-keys")
        await pilot.press("y", "x")
        await pilot.pause()
        assert SUN in on_disk(path)["walk-steps"].marks
        rows = {words: key for _, key, words in app.help_rows()}
        assert rows["stop here; the other days can wait (escape too)"] == "x esc"
        assert rows["it was missed: leave it so, and ask no more (enter too)"] == "m enter"

