"""Notes, pauses, the review and the reminder in the app, driven by keys."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets import Input

from smallwins.core import rules
from smallwins.core.config import Config
from smallwins.core.ledger import Ledger
from smallwins.core.model import Rest, Win
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.clock import DayClock
from smallwins.tui.screens.heatmap import HeatmapScreen
from smallwins.tui.screens.note import NoteDialog
from smallwins.tui.screens.pause import PauseForm
from smallwins.tui.screens.review import ReviewScreen
from smallwins.tui.store import Store
from smallwins.tui.widgets.ladder_detail import LadderDetail
from smallwins.tui.widgets.review import ReviewWidget
from tests.tui.data import TODAY, make_app, messages, on_disk

YESTERDAY = date(2026, 11, 24)


def text_of(widget: object) -> str:
    return str(widget.render())  # type: ignore[attr-defined]


def review_text(app: SmallWinsApp) -> str:
    widget = app.screen.query_one(ReviewWidget)
    console = app.console
    lines = console.render_lines(widget.render_at(76), console.options.update_width(76))
    return "\n".join("".join(seg.text for seg in line).rstrip() for line in lines)


async def test_a_note_from_today_is_written_edited_and_undone(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("j", "space", "m")  # write-sentences: check off, then a note
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"walked to the station", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        assert on_disk(data_path)["write-sentences"].marks[TODAY] == Win(
            1, None, "walked to the station")
        assert any("note saved: write-sentences today" in m for m in messages(app))

        await pilot.press("m")  # the dialog opens with the note to edit
        await pilot.pause()
        box = app.screen.query_one("#note-text", Input)
        assert box.value == "walked to the station"
        box.value = "took the stairs"
        await pilot.press("enter")
        await pilot.pause()
        assert on_disk(data_path)["write-sentences"].marks[TODAY].note == "took the stairs"

        await pilot.press("u")  # undo the edit, then the note: the win stays
        await pilot.pause()
        assert on_disk(data_path)["write-sentences"].marks[TODAY].note == "walked to the station"
        await pilot.press("u")
        await pilot.pause()
        assert on_disk(data_path)["write-sentences"].marks[TODAY] == Win(1)
        await pilot.press("U")  # and redo brings it back
        await pilot.pause()
        assert on_disk(data_path)["write-sentences"].marks[TODAY].note == "walked to the station"
        # Never a change of the streak or the hold.
        state = app.store.states["write-sentences"]
        assert (state.streak, state.hold_progress) == (25, 25)


async def test_a_note_needs_a_marked_day_and_escape_keeps_the_old_one(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("j", "m")  # write-sentences is not done today
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        assert any("is not marked on write-sentences" in m for m in messages(app))
        await pilot.press("j", "m")  # do-pushups is done: a note, then escape
        await pilot.pause()
        await pilot.press(*"nothing", "escape")
        await pilot.pause()
        assert on_disk(data_path)["do-pushups"].marks[TODAY] == Win(1)
        await pilot.press("j", "r", "m", *"ill", "enter")  # a rest day's reason
        await pilot.pause()
        assert on_disk(data_path)["stretch-minutes"].marks[TODAY] == Rest("ill")


async def test_a_note_from_the_heatmap_cursor_is_shown_on_its_line(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "k", "m")  # walk-steps, yesterday (won)
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"walked to the station instead of the bus", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HeatmapScreen)
        assert on_disk(data_path)["walk-steps"].marks[YESTERDAY].note == \
            "walked to the station instead of the bus"
        line = text_of(app.screen.query_one("#heat-day"))
        assert "Tue 24 Nov: ✔ won, walk 750 steps · “walked to the station instead" in line
        await pilot.press("u")
        await pilot.pause()
        assert on_disk(data_path)["walk-steps"].marks[YESTERDAY].note is None
        assert "adds a note" in text_of(app.screen.query_one("#heat-day"))


async def test_the_ladders_screen_shows_the_latest_evidence(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("3", "k", "m", *"first note", "enter")
        await pilot.press("2")
        await pilot.pause()
        detail = app.screen.query_one(LadderDetail)
        lines = detail._render_lines(70)
        text = "\n".join("".join(seg.text for seg in line) for line in lines)
        assert "Latest evidence" in text and "Tue 24 Nov ✔ first note" in text


async def test_a_pause_over_a_week_keeps_a_consolidating_rung_from_dropping(
        data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("2", "c", "y")  # walk-steps: climb to 800, consolidating
        await pilot.pause()
        assert app.store.states["walk-steps"].consolidating
        after_week = date(2026, 12, 2)
        unpaused = rules.replay(on_disk(data_path)["walk-steps"], after_week)
        assert unpaused.target == 750  # the missed days would drop it back

        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PauseForm)
        form.query_one("#pause-to", Input).value = "2026-12-01"
        form.query_one("#pause-note", Input).value = "holiday"
        await pilot.pause()
        assert "rests 5 scheduled day(s) of walk-steps" in text_of(form.query_one("#pause-plan"))
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PauseForm)
        walk = on_disk(data_path)["walk-steps"]
        assert walk.marks[date(2026, 11, 27)] == Rest("holiday")
        assert date(2026, 11, 28) not in walk.marks  # a Saturday: off the schedule
        paused = rules.replay(walk, after_week)
        assert paused.target == 800 and paused.consolidating
        assert [lv.reason for lv in paused.levels][-1] == "climb"
        assert any("paused walk-steps" in m for m in messages(app))

        await pilot.press("u")  # one undo takes the whole pause back
        await pilot.pause()
        assert not any(isinstance(m, Rest) for m in on_disk(data_path)["walk-steps"].marks
                       .values())


async def test_a_pause_of_every_ladder_is_one_undo(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("2", "p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PauseForm)
        form.query_one("#pause-from", Input).value = "2026-11-26"
        form.query_one("#pause-to", Input).value = "2026-11-27"
        form.query_one("#pause-all").value = True  # type: ignore[attr-defined]
        await pilot.pause()
        assert "of 4 ladders" in text_of(form.query_one("#pause-plan"))
        await pilot.press("enter")
        await pilot.pause()
        disk = on_disk(data_path)
        assert all(disk[lid].marks[date(2026, 11, 27)] == Rest() for lid in disk)
        await pilot.press("u")
        await pilot.pause()
        disk = on_disk(data_path)
        assert all(date(2026, 11, 27) not in disk[lid].marks for lid in disk)
        assert any("and 3 more made with it" in m for m in messages(app))


async def test_a_bad_pause_says_why_in_the_form(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "p")
        await pilot.pause()
        form = app.screen
        form.query_one("#pause-to", Input).value = "2026-11-20"
        await pilot.pause()
        assert "ends (2026-11-20) before it starts" in text_of(form.query_one("#pause-plan"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PauseForm)  # nothing saved, the form stays


async def test_the_review_screen_changes_period_and_looks_back_only(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = review_text(app)
        assert text.startswith("Review of the week of Mon 23 Nov 2026 · 7 votes")
        assert "walk-steps  walk 800 → 750 steps" in text
        assert "1 drop back" in text
        await pilot.press("v")
        await pilot.pause()
        assert review_text(app).startswith("Review of November 2026")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert any("nothing earlier" in m for m in messages(app))
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert any("the review looks back" in m for m in messages(app))
        await pilot.press("v", "left_square_bracket")  # the year, then 2025: nothing begun
        await pilot.pause()
        assert review_text(app).startswith("Review of 2026")
        await pilot.press("v")  # back to the week, and one week earlier
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert review_text(app).startswith("Review of the week of Mon 16 Nov 2026")
        # A check-off elsewhere is counted on return.
        await pilot.press("1", "j", "space", "4")
        await pilot.pause()
        assert "Review of the week of Mon 16 Nov 2026" in review_text(app)


def _app_at(path: Path, clock_start: float, remind_at: tuple[int, int] | None) -> SmallWinsApp:
    """The app with the wall clock running from `clock_start` (UTC) and a reminder.

    The clock starts when the app first reads it, not when the app is made, so a
    slow start on a loaded machine cannot carry it past the reminder unseen."""
    started: list[float] = []

    def now() -> float:
        if not started:
            started.append(time.monotonic())
        return clock_start + time.monotonic() - started[0]

    config = Config(remind_at=remind_at)
    wall = DayClock(fixed=TODAY, now=now, tz="UTC")
    store = Store(Ledger(path), lambda: TODAY, config)
    return SmallWinsApp(store, config, poll_seconds=3600, rollover_seconds=3600,
                        wall_clock=wall)


async def test_one_notice_at_the_reminder_time_while_wins_are_due(data_path: Path) -> None:
    just_before = datetime(2026, 11, 25, 19, 59, 59, 500000, tzinfo=UTC).timestamp()
    app = _app_at(data_path, just_before, (20, 0))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        timer = app._reminder_timer
        assert timer is not None
        deadline = time.monotonic() + 10  # half a second to 20:00, and the margin
        while app._reminder_timer is timer and time.monotonic() < deadline:
            await pilot.pause(0.1)
        await pilot.pause()
        said = [m for m in messages(app) if "left today" in m]
        assert said == ["Before the day ends: ⚠ 3 wins left today: walk 750 steps, "
                        "write 1 sentence, stretch 1 minute"]
        # Aimed again, at tomorrow's; never twice a day.
        assert app._reminder_timer is not None and app._reminder_timer is not timer
        assert app.remind() is False
        # A new day: the timer is aimed again, and that day may have its own notice.
        aimed = app._reminder_timer
        app.store.clock = lambda: date(2026, 11, 26)
        assert app._check_rollover() is True
        assert app._reminder_timer is not aimed and app._reminder_timer is not None
        assert app.remind() is True


async def test_no_notice_when_everything_is_done_or_no_reminder_is_set(
        data_path: Path) -> None:
    after = datetime(2026, 11, 25, 20, 30, tzinfo=UTC).timestamp()
    app = _app_at(data_path, after, None)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert app._reminder_timer is None  # no remind_at: no timer at all
        for ladder_id in ("walk-steps", "write-sentences", "stretch-minutes"):
            app.store.toggle_win(ladder_id)
        app.config = Config(remind_at=(20, 0))
        assert app.remind() is False
        await pilot.pause()
        assert not [m for m in messages(app) if "left today" in m]
