"""Keys that arrive together act in order: a move, then a check-off, acts on the row moved to.

Typed fast, or over SSH, several keys come in one read of the terminal, and
the driver queues them all before the app handles the first.  The list's own
message about a move comes after them; the keys must not wait for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from smallwins.core.model import Win
from smallwins.tui.widgets.ladder_list import LadderList
from tests.tui.data import TODAY, make_app, on_disk


def _together(app, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Queue `keys` at once, as the driver does with one read holding them all."""
    for key in keys:
        app.post_message(events.Key(key, " " if key == "space" else key))


def _won_today(path: Path) -> dict[str, bool]:
    return {lid: isinstance(lad.marks.get(TODAY), Win) for lid, lad in on_disk(path).items()}


@pytest.mark.parametrize("screen", ["1", "2"])
async def test_a_move_and_a_check_off_read_together_check_off_the_row_moved_to(
        data_path: Path, screen: str) -> None:
    before = _won_today(data_path)
    app = make_app(data_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(screen)
        await pilot.pause(0.2)
        ladders = app.screen.query_one(LadderList)
        first, second = list(ladders.rows)[:2]
        assert ladders.selected_id == first
        _together(app, "j", "space")
        await pilot.pause(0.3)
        assert ladders.selected_id == second and app.selected_id == second
    after = _won_today(data_path)
    assert after[first] == before[first]  # the row left behind is as it was
    assert after[second] != before[second]


@pytest.mark.parametrize("screen", ["1", "2"])
async def test_moves_read_together_end_where_the_last_one_took_the_list(
        data_path: Path, screen: str) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(screen)
        await pilot.pause(0.2)
        ladders = app.screen.query_one(LadderList)
        ids = list(ladders.rows)
        _together(app, "j", "j", "j", "k")
        await pilot.pause(0.3)
        assert ladders.selected_id == ids[2] and app.selected_id == ids[2]
