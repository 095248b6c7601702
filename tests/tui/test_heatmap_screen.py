"""The Heatmap screen: backfill with the day cursor, one ladder or all."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from smallwins.core.model import Rest, Win
from smallwins.tui.screens.heatmap import ALL, HeatmapScreen, HeatmapWidget
from tests.tui.data import TODAY, make_app, messages, on_disk

YESTERDAY = TODAY - timedelta(days=1)


async def test_backfill_yesterday_with_k_then_space(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "3")  # stretch-minutes missed yesterday
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HeatmapScreen)
        heatmap = screen.query_one(HeatmapWidget)
        assert screen.view == "stretch-minutes"
        assert heatmap.cursor == TODAY  # the cursor starts on today
        assert heatmap.days[TODAY].in_range and not heatmap.days[YESTERDAY].won

        await pilot.press("k")  # the day before
        await pilot.pause()
        assert heatmap.cursor == YESTERDAY
        assert "missed" in str(screen.query_one("#heat-day").render())
        await pilot.press("space")
        await pilot.pause()
        assert on_disk(data_path)["stretch-minutes"].marks[YESTERDAY] == Win(1)
        assert app.store.states["stretch-minutes"].streak == 7  # the chain is whole again
        assert heatmap.days[YESTERDAY].won
        assert "won" in str(screen.query_one("#heat-day").render())
        assert "streak 7" in str(screen.query_one("#heat-title").render())

        await pilot.press("space")  # and clear it again
        await pilot.pause()
        assert YESTERDAY not in on_disk(data_path)["stretch-minutes"].marks
        assert not heatmap.days[YESTERDAY].won


async def test_backfilling_the_missed_day_undoes_the_drop_back(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("3", "k", "k")  # walk-steps: Monday 23 Nov was missed
        await pilot.pause()
        heatmap = app.screen.query_one(HeatmapWidget)
        assert heatmap.cursor == date(2026, 11, 23)
        assert heatmap.days[date(2026, 11, 24)].marker == "drop-back"
        await pilot.press("space")
        await pilot.pause()
        assert app.store.states["walk-steps"].last_drop is None
        assert any("drop back it caused is undone" in m for m in messages(app))


async def test_r_on_the_heatmap_rests_the_cursor_day(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "3", "k", "r")
        await pilot.pause()
        assert on_disk(data_path)["stretch-minutes"].marks[YESTERDAY] == Rest()


async def test_v_cycles_the_ladders_then_all(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HeatmapScreen)
        seen = [screen.view]
        for _ in range(4):
            await pilot.press("v")
            await pilot.pause()
            seen.append(screen.view)
        assert seen == ["walk-steps", "write-sentences", "do-pushups", "stretch-minutes", ALL]
        assert "All 4 ladders" in str(screen.query_one("#heat-title").render())
        heatmap = screen.query_one(HeatmapWidget)
        # All ladders: intensity is the share of wins; today 1 of 4 won.
        assert heatmap.days[TODAY].level == 1
        before = on_disk(data_path)
        await pilot.press("space")  # which ladder? none: it says so
        await pilot.pause()
        assert on_disk(data_path) == before
        assert any("press v for one ladder" in m for m in messages(app))
        await pilot.press("v")
        await pilot.pause()
        assert screen.view == "walk-steps"


async def test_brackets_move_a_year(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "left_square_bracket")
        await pilot.pause()
        heatmap = app.screen.query_one(HeatmapWidget)
        # Never before the ladder's start (2 Nov 2026).
        assert heatmap.cursor == date(2026, 11, 2)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert heatmap.cursor == TODAY


async def test_as_many_weeks_as_fit(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        wide = app.screen.query_one(HeatmapWidget).weeks
    app = make_app(data_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        heatmap = app.screen.query_one(HeatmapWidget)
        assert heatmap.weeks < wide
        first, last = heatmap.window
        assert first in heatmap.days and last in heatmap.days
        # The words about the cursor's day stay on screen; the legend may scroll.
        assert app.screen.query_one("#heat-body").scroll_y == 0


async def test_the_day_s_words_come_with_the_cursor_in_the_same_repaint(data_path: Path) -> None:
    """A key that moves the cursor shows the new day's words before anything else runs:
    waiting for the widget's message put them one repaint behind the cursor."""
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j", "3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HeatmapScreen)
        words = screen.query_one("#heat-day")
        assert "not yet" in str(words.render())
        screen.action_move(-1)  # as the key does, with no chance for a message to arrive
        assert screen.query_one(HeatmapWidget).cursor == YESTERDAY
        assert "missed" in str(words.render())
        await pilot.pause()
        assert "missed" in str(words.render())  # and the message changes nothing after
