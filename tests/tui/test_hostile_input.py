"""Values beyond the limits typed into the app, and days at the edges of the calendar.

The form crashed on the keystroke that made the granularity `1e-30` and on
Enter with a start of `1e20`; the heatmap crashed when paged past year 1.
Now the form names the field and the limit, and the heatmap stops at the
first day smallwins keeps.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from smallwins.core.changes import new_ladder
from smallwins.core.dates import FIRST_DAY
from smallwins.tui.screens.form import LadderForm
from smallwins.tui.screens.heatmap import HeatmapWidget
from tests.tui.data import make_app, on_disk, write_ladders


async def new_form(pilot, start: str, step: str, hold: str = "", granularity: str = "") -> None:
    await pilot.press("n", *"I run", "tab", *"run", "tab", *"km", "tab", *start, "tab", *step)
    await pilot.press("tab", *(["ctrl+u", *hold] if hold else []), "tab", "tab",
                      *(["ctrl+u", *granularity] if granularity else []))
    await pilot.pause()


@pytest.mark.parametrize("start,step,hold,granularity,error", [
    ("1", "1", "", "1e-30", "granularity must have at most 6 decimal places, got 1e-30"),
    ("1e20", "1", "", "", "start must be at most 1,000,000,000, got 1e20"),
    ("1", "1", "0.5", "", "hold must be a whole number of days from 1 to 3,650, got 0.5"),
    ("1", "1", "99999999999999999999", "",
     "hold must be a whole number of days from 1 to 3,650, got 99999999999999999999"),
    ("nan", "1", "", "", "start must be a number, got 'nan'"),
    ("1e1000000", "1", "", "", "start must be at most 1,000,000,000, got 1e1000000"),
])
async def test_the_form_names_the_field_and_the_limit_and_saves_nothing(
    data_path: Path, start, step, hold, granularity, error
) -> None:
    before = on_disk(data_path)
    app = make_app(data_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await new_form(pilot, start, step, hold, granularity)
        form = app.screen
        assert isinstance(form, LadderForm)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form  # refused: the form stays
        assert str(form.query_one("#form-error").render()) == f"✗ {error}"
    assert on_disk(data_path) == before


async def test_a_control_character_in_a_field_is_refused(data_path: Path) -> None:
    before = on_disk(data_path)
    app = make_app(data_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LadderForm)
        form.query_one("#field-identity").value = "I \x1b[2J run"  # type: ignore[attr-defined]
        await pilot.press("tab", *"run", "tab", *"km", "tab", "1", "tab", "1", "enter")
        await pilot.pause()
        assert app.screen is form
        assert str(form.query_one("#form-error").render()) == (
            "✗ identity holds a control character (\\x1b): write it as plain text on one line")
    assert on_disk(data_path) == before


async def test_the_heatmap_stops_at_the_first_day_smallwins_keeps(empty_path: Path) -> None:
    """Paging back 2,100 years was an OverflowError; a ladder cannot start before
    1970 now, and the cursor never goes before the first day smallwins keeps."""
    ladder, _ = new_ladder(identity="I run", action="run", unit="km", start=1, step=1,
                           start_day=FIRST_DAY)
    write_ladders(empty_path, [ladder])
    app = make_app(empty_path, today=date(1970, 3, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        heatmap = app.screen.query_one(HeatmapWidget)
        heatmap.move(-365 * 2100)
        for _ in range(5):
            await pilot.press("left_square_bracket")
        await pilot.pause()
        assert heatmap.cursor == FIRST_DAY
        first, _ = heatmap.window
        assert first <= FIRST_DAY < first + timedelta(weeks=heatmap.weeks)
        heatmap.earliest = None  # even with no start to stop at: near year 1 the
        heatmap.move(-(heatmap.cursor - date(1, 1, 10)).days)  # window was an OverflowError
        await pilot.pause()
        assert heatmap.cursor == FIRST_DAY
        assert app.return_code is None  # drawn, not crashed
