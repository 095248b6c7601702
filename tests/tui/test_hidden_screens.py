"""A main screen hidden by another lets go of what it rendered, and comes back whole."""

from __future__ import annotations

from pathlib import Path

from textual.strip import Strip

from smallwins.tui.app import SmallWinsApp
from smallwins.tui.screens.base import MainScreen
from tests.tui.data import make_app


def picture(app: SmallWinsApp) -> list[Strip]:
    """Every line of the screen on view, as the terminal would be sent it."""
    return list(app.screen._compositor.render_strips())


def cached_lines(screen: MainScreen) -> int:
    return sum(len(widget._styles_cache._cache) for widget in screen.walk_children())


async def test_a_screen_hidden_by_another_comes_back_as_it_was(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = {}
        for key in ("2", "3", "1"):
            await pilot.press(key)
            await pilot.pause()
            shown[key] = picture(app)
        ladders = app._screen_stacks["ladders"][0]
        assert cached_lines(ladders) == 0  # hidden: nothing it rendered is kept
        for key in ("2", "3", "1", "2"):
            await pilot.press(key)
            await pilot.pause()
            assert picture(app) == shown[key], key
        assert cached_lines(ladders) > 0  # on view again, drawn again

