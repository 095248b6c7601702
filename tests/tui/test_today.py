"""The Today screen, driven by keys, checked on the store, the widgets and the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from smallwins.core.model import Rest, Win
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.screens.form import LadderForm
from smallwins.tui.screens.today import TodayScreen
from smallwins.tui.widgets.ladder_list import DONE, TODO, LadderList, TodayRow
from tests.tui.data import TODAY, make_app, messages, on_disk


def row_text(app: SmallWinsApp, ladder_id: str) -> str:
    """A row's text as drawn at its width."""
    row = app.screen.query_one(LadderList).rows[ladder_id]
    options = app.console.options.update_width(row.size.width)
    lines = app.console.render_lines(row.render(), options, pad=False)
    return "\n".join("".join(segment.text for segment in line) for line in lines)


async def test_today_lists_every_ladder_with_its_rung_and_hold(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        rows = app.screen.query_one(LadderList).rows
        assert list(rows) == ["walk-steps", "write-sentences", "do-pushups", "stretch-minutes"]
        assert all(isinstance(row, TodayRow) for row in rows.values())
        walk = row_text(app, "walk-steps")
        assert TODO in walk and "walk 750 steps" in walk and "hold 1/1" in walk
        assert "ready to climb" in walk
        # After a drop back the row says so, kindly, with the missed day.
        assert "Missed 2 days ago, so back to walk 750 steps" in walk
        pushups = row_text(app, "do-pushups")
        assert DONE in pushups and "10/14" in pushups


async def test_space_checks_off_and_unchecks_today(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")  # write-sentences
        await pilot.press("space")
        await pilot.pause()
        assert app.store.states["write-sentences"].done_today
        assert on_disk(data_path)["write-sentences"].marks[TODAY] == Win(1)
        assert DONE in row_text(app, "write-sentences")
        assert "2 of 4 done today" in str(app.screen.query_one("#summary").render())

        await pilot.press("space")
        await pilot.pause()
        assert not app.store.states["write-sentences"].done_today
        assert TODAY not in on_disk(data_path)["write-sentences"].marks
        assert TODO in row_text(app, "write-sentences")


async def test_r_marks_a_rest_day_and_takes_it_back(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "j")  # stretch-minutes
        await pilot.press("r")
        await pilot.pause()
        assert app.store.states["stretch-minutes"].rest_today
        assert on_disk(data_path)["stretch-minutes"].marks[TODAY] == Rest()
        assert "rest day" in row_text(app, "stretch-minutes")
        await pilot.press("r")
        await pilot.pause()
        assert TODAY not in on_disk(data_path)["stretch-minutes"].marks


async def test_rest_on_a_won_day_is_refused(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("j", "j", "r")  # do-pushups, won today
        await pilot.pause()
        assert on_disk(data_path)["do-pushups"].marks[TODAY] == Win(1)
        assert any("already a win" in m for m in messages(app))


async def test_first_run_offers_the_seed_examples(empty_path: Path) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        welcome = str(app.screen.query_one("#welcome").render())
        assert "one sentence a day" in welcome and "one pushup" in welcome
        assert "fifty steps" in welcome
        assert app.screen.has_class("-empty")

        await pilot.press("3")  # fifty steps: the form opens prefilled
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LadderForm)
        texts = form.current_texts()
        assert texts["action"] == "walk" and texts["start"] == "50" and texts["step"] == "50"
        assert texts["hold"] == "1" and texts["days"] == "mon-fri"
        assert "in a year: 1" in str(form.query_one("#form-projection").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        stored = on_disk(empty_path)["walk-steps"]
        assert stored.start == 50 and stored.hold == 1 and stored.start_day == TODAY
        assert not app.screen.has_class("-empty")
        # With a ladder, 1 2 3 switch screens again.
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "ladders"


async def test_a_remapped_key_from_the_config_works(data_path: Path) -> None:
    app = make_app(data_path, keys={"toggle": "x", "down": "s"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")  # the remapped `down`
        await pilot.press("x")  # the remapped `toggle`
        await pilot.pause()
        assert app.store.states["write-sentences"].done_today
        await pilot.press("space")  # no longer bound
        await pilot.pause()
        assert app.store.states["write-sentences"].done_today
        assert on_disk(data_path)["write-sentences"].marks[TODAY] == Win(1)
        assert app.key_display("toggle") == "x"


async def test_selection_scrolls_into_view_at_40x12(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        ladders = app.screen.query_one(LadderList)
        row = ladders.rows["stretch-minutes"]
        assert row.has_class("-selected")
        assert ladders.scroll_y > 0
        top = ladders.scroll_y
        assert row.virtual_region.y >= top
        assert row.virtual_region.bottom <= top + ladders.scrollable_content_region.height


def test_sample_day_is_a_wednesday() -> None:
    assert date(2026, 11, 25) == TODAY and TODAY.weekday() == 2


async def test_today_and_status_count_a_rest_day_by_the_same_rule(data_path: Path,
                                                                  tmp_path: Path) -> None:
    """A rest day is neither due nor done: Today and the status line say the same."""
    from smallwins.core import status

    app = make_app(data_path, config_path=tmp_path / "config.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "r")  # write-sentences rests today
        await pilot.pause()
        summary = str(app.screen.query_one("#summary").render())
        assert summary.startswith("1 of 3 done today") and "1 resting" in summary
    line = status.answer(str(data_path), str(tmp_path / "config.toml"), TODAY.isoformat(),
                         "plain")
    assert line.startswith("○ 1/3")
