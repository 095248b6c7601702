"""Readable at a glance: units that agree, a check-off that answers in one line,
messages that never stack, a footer that keeps ? and q, numbers never cut."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from smallwins.core.changes import new_ladder
from smallwins.core.model import Win
from smallwins.tui.fit import fit_parts
from smallwins.tui.screens.dialogs import ConfirmClimb
from smallwins.tui.widgets.heatmap import BLOCK_ROWS, HeatmapWidget
from smallwins.tui.widgets.keybar import KeyBar
from smallwins.tui.widgets.ladder_detail import LadderDetail
from smallwins.tui.widgets.message_line import KEY_CLEAR_SECONDS, MessageLine
from tests.tui.data import TODAY, make_app, messages, on_disk, write_ladders


def drawn(app) -> str:  # type: ignore[no-untyped-def]
    """The whole screen as text, as the terminal shows it."""
    return "\n".join(line.text for line in app.screen._compositor.render_strips())


def writer(typed: str, start: int, hold: int = 1):  # type: ignore[no-untyped-def]
    ladder, _ = new_ladder(identity="I am a writer", action="write", unit=typed, start=start,
                           step=1, hold=hold, start_day=TODAY - timedelta(days=3))
    return ladder


@pytest.mark.parametrize("typed", ["sentence", "sentences"])
async def test_the_app_agrees_for_1_and_2(tmp_path: Path, typed: str) -> None:
    path = tmp_path / "smallwins.json"
    one = writer(typed, 1)
    # Won the days before today, so the rung of 1 is held and may be climbed.
    one = one.with_mark(TODAY - timedelta(days=1), Win(1))
    write_ladders(path, [one])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = drawn(app)
        assert "write 1 sentence " in f"{screen} " and "write 1 sentences" not in screen
        await pilot.press("space")
        await pilot.pause()
        assert messages(app)[-1].startswith("✔ vote 2 for I am a writer · streak 2"), messages(app)
        assert "✔ vote 2 for I am a writer · streak 2" in drawn(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmClimb)
        assert "the next rung is write 2 sentences" in drawn(app)
        await pilot.press("y")
        await pilot.pause()
        assert "climbed to write 2 sentences" in messages(app)[-1]
        assert "hold it 1 won day and it is yours" in messages(app)[-1]
        await pilot.press("2")
        await pilot.pause()
        detail = "\n".join(line.text for line in app.screen._compositor.render_strips())
        assert "write 2 sentences" in detail and "hold 1 day" in detail
        assert "2 votes" in detail
        assert app.screen.query_one(LadderDetail).state is not None
        await pilot.press("3", "k")
        await pilot.pause()
        assert "won, write 1 sentence" in drawn(app)
    assert on_disk(path)[one.id].unit_one == "sentence"


async def test_one_vote_is_one_vote(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    write_ladders(path, [writer("pages", 1)])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "2")
        await pilot.pause()
        assert "1 vote " in drawn(app) and "1 votes" not in drawn(app)


@pytest.mark.parametrize(("size", "most"), [((40, 12), 1), ((80, 24), 3)])
async def test_messages_replace_each_other_and_never_stack(data_path: Path, size, most) -> None:  # type: ignore[no-untyped-def]
    app = make_app(data_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("space", "space", "u", "U", "h", "r", "space")
        app.notify("a warning long enough to need more than one line at any width: " * 3,
                   severity="warning")
        await pilot.pause()
        line = app.screen.query_one(MessageLine)
        assert line.size.height <= most
        assert not app._notifications  # no toast over the list
        assert line.text.startswith("! a warning")  # its severity shows without colour


async def test_the_next_key_clears_the_message(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        line = app.screen.query_one(MessageLine)
        assert line.text.startswith("✔ vote")
        await pilot.press("j")
        await pilot.pause(KEY_CLEAR_SECONDS + 0.3)
        assert line.text == ""


async def test_a_key_that_answers_replaces_the_message_without_a_blank_first(
        data_path: Path) -> None:
    """The next key does not blank the line before it acts: a check-off after a
    message repaints the line once, from the old message to its own answer."""
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        line = app.screen.query_one(MessageLine)
        first = line.text
        assert first.startswith("✔ vote")
        shown: list[str] = []
        original = line._fit

        def fit() -> None:
            shown.append(line.text)
            original()

        line._fit = fit  # type: ignore[method-assign]
        await pilot.press("space")  # un-checks it: an answer of its own
        await pilot.pause()
        assert shown and "" not in shown, shown  # never blanked between the two
        assert line.text != first and line.text.startswith("○ un-checked")


async def test_a_check_off_repaints_one_line_for_its_message(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(MessageLine)
        before = line.region
        await pilot.press("space")
        await pilot.pause()
        assert line.region == before and line.size.height == 1  # no layout change


@pytest.mark.parametrize("width", [40, 50, 60, 80, 120])
async def test_the_footer_always_shows_help_and_quit(data_path: Path, width: int) -> None:
    app = make_app(data_path, keys={"quit": "ctrl+q"})
    async with app.run_test(size=(width, 12)) as pilot:
        for screen in ("1", "2", "3"):
            await pilot.press(screen)
            await pilot.pause()
            bar = app.screen.query_one(KeyBar)
            text = "".join(segment.text for segment in bar.render_line(0))
            assert "? Help" in text and "^q Quit" in text, text
            assert len(text.rstrip()) <= width


@pytest.mark.parametrize(("parts", "width", "expected"), [
    (["walk 750 steps", "streak 1", "longest 10"], 80, "walk 750 steps · streak 1 · longest 10"),
    (["walk 750 steps", "streak 1", "longest 10"], 36, "walk 750 steps · streak 1"),
    (["walk 750 steps", "streak 1", "longest 10"], 37, "walk 750 steps · streak 1"),
    (["walk 12,750 steps today"], 14, "walk 12,750…"),
])
def test_lines_leave_parts_out_rather_than_cut_a_number(parts, width, expected) -> None:  # type: ignore[no-untyped-def]
    line = fit_parts(parts, width)
    assert line == expected and len(line) <= width


async def test_the_heatmap_title_never_cuts_a_number_at_40_columns(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        title = str(app.screen.query_one("#heat-title").render())
        full = "walk 750 steps · streak 1 · 16 votes · identity 22 · longest 15"
        assert "…" not in title and full.startswith(title) and len(title) <= 38, title


async def test_a_taller_pane_shows_the_years_before(tmp_path: Path) -> None:
    from smallwins.core.demo import generate

    path = tmp_path / "smallwins.json"
    write_ladders(path, list(generate(ladders=2, years=3, seed=3, today=TODAY).values()))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        heatmap = app.screen.query_one(HeatmapWidget)
        assert heatmap.blocks == 1 and heatmap.weeks == 53
        await pilot.resize_terminal(80, 40)
        await pilot.pause()
        assert heatmap.blocks >= 2
        first, last = heatmap.window
        assert (last - first).days + 1 == 7 * 53 * heatmap.blocks
        year_before = TODAY - timedelta(weeks=60)
        region = heatmap.cell_region(year_before)
        assert region is not None and region.y >= BLOCK_ROWS
