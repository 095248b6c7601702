"""A new user's first minutes, keyboard only: create, check off, backfill, climb, undo."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from smallwins.core.model import Win
from tests.tui.data import TODAY, make_app, on_disk

YESTERDAY = TODAY - timedelta(days=1)


async def test_from_an_empty_file_to_a_climb_and_back(empty_path: Path) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        # identity, action, unit, start, step, hold, days, granularity, minutes, started
        await pilot.press(*"I am a reader", "tab", *"read", "tab", *"pages", "tab", *"1",
                          "tab", *"1", "tab", "ctrl+u", *"1", "tab", "tab", "tab", "tab",
                          *"yesterday", "enter")
        await pilot.pause()
        ladder = on_disk(empty_path)["read-pages"]
        assert ladder.start_day == YESTERDAY and ladder.hold == 1

        await pilot.press("space")  # today's win
        await pilot.pause()
        assert isinstance(on_disk(empty_path)["read-pages"].marks.get(TODAY), Win)

        await pilot.press("3", "k", "space")  # the heatmap: backfill yesterday
        await pilot.pause()
        marks = on_disk(empty_path)["read-pages"].marks
        assert isinstance(marks.get(YESTERDAY), Win)
        assert app.store.states["read-pages"].streak == 2

        await pilot.press("1", "c", "y")  # ready after a one-day hold: climb
        await pilot.pause()
        assert app.store.states["read-pages"].target == 2
        assert [e.kind for e in on_disk(empty_path)["read-pages"].events] == ["climb"]

        await pilot.press("u")  # undo the climb
        await pilot.pause()
        assert app.store.states["read-pages"].target == 1
        assert on_disk(empty_path)["read-pages"].events == ()
        await pilot.press("u")  # and the backfill
        await pilot.pause()
        assert YESTERDAY not in on_disk(empty_path)["read-pages"].marks


async def test_a_start_day_in_the_future_is_refused_inline(empty_path: Path) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"I am a reader", "tab", *"read", "tab", *"pages", "tab", *"1",
                          "tab", *"1", "tab", "tab", "tab", "tab", "tab",
                          *(TODAY + timedelta(days=3)).isoformat(), "enter")
        await pilot.pause()
        assert not empty_path.exists() or on_disk(empty_path) == {}
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "in the future" in text
