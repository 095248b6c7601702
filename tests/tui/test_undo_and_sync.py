"""Undo across screens, and changes made by another process showing up."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from smallwins.core import changes
from smallwins.core.ledger import Ledger
from smallwins.core.model import Win, ladder_from_doc, ladder_to_doc
from smallwins.core.storage import DataFile
from smallwins.tui.screens.dialogs import ConfirmDialog
from smallwins.tui.widgets.ladder_list import DONE, LadderList
from smallwins.tui.widgets.topbar import TopBar
from tests.tui.data import TODAY, make_app, messages, on_disk

YESTERDAY = TODAY - timedelta(days=1)


async def test_undo_several_changes_in_a_row_across_screens(data_path: Path) -> None:
    original = on_disk(data_path)
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("j", "space")  # Today: check off write-sentences
        await pilot.press("2", "k", "h")  # Ladders: halve walk-steps
        await pilot.press("j", "j", "j", "3", "k", "space")  # Heatmap: backfill stretch
        await pilot.pause()
        changed = on_disk(data_path)
        assert changed["write-sentences"].marks[TODAY] == Win(1)
        assert changed["walk-steps"].events[-1].kind == "halve"
        assert YESTERDAY in changed["stretch-minutes"].marks

        await pilot.press("u")
        await pilot.pause()
        assert YESTERDAY not in on_disk(data_path)["stretch-minutes"].marks
        await pilot.press("1", "u")  # on another screen, the next change back
        await pilot.pause()
        assert on_disk(data_path)["walk-steps"].events == original["walk-steps"].events
        assert app.store.states["walk-steps"].target == 750
        await pilot.press("u")
        await pilot.pause()
        assert on_disk(data_path) == original
        assert not app.store.states["write-sentences"].done_today
        await pilot.press("u")
        await pilot.pause()
        assert any("nothing to undo" in m for m in messages(app))
        assert on_disk(data_path) == original


async def test_undo_removes_a_new_ladder_and_brings_back_an_archived_one(
    data_path: Path,
) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "j", "j", "a", "y")
        await pilot.pause()
        assert on_disk(data_path)["stretch-minutes"].archived
        await pilot.press("n", *"I am a reader", "tab", *"read", "tab", *"pages", "tab", "1",
                          "tab", "1", "enter")
        await pilot.pause()
        assert "read-pages" in on_disk(data_path)
        await pilot.press("u")
        await pilot.pause()
        assert "read-pages" in on_disk(data_path)  # undoing a creation asks first
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert "read-pages" not in on_disk(data_path)
        await pilot.press("u")
        await pilot.pause()
        assert not on_disk(data_path)["stretch-minutes"].archived
        assert "stretch-minutes" in app.screen.query_one(LadderList).rows


async def test_undo_never_clobbers_another_process(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("j", "space")  # check off write-sentences today
        await pilot.pause()

        # Meanwhile a script records a note on that win, and a win elsewhere.
        def script(docs: dict[str, Any]) -> None:
            write = ladder_from_doc(docs["write-sentences"])
            docs["write-sentences"] = ladder_to_doc(
                changes.mark_win(write, TODAY, TODAY, note="from my phone"))
            stretch = ladder_from_doc(docs["stretch-minutes"])
            docs["stretch-minutes"] = ladder_to_doc(changes.mark_win(stretch, TODAY, TODAY))

        DataFile(data_path).transact(script)
        await pilot.press("u")
        await pilot.pause()
        stored = on_disk(data_path)
        assert stored["write-sentences"].marks[TODAY] == Win(1, None, "from my phone")
        assert TODAY in stored["stretch-minutes"].marks
        assert any("changed elsewhere" in m for m in messages(app))


async def test_another_process_write_shows_up_after_refresh(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.store.refresh_if_changed()  # nothing new yet

        def other(docs: dict[str, Any]) -> None:
            stretch = ladder_from_doc(docs["stretch-minutes"])
            docs["stretch-minutes"] = ladder_to_doc(changes.mark_win(stretch, TODAY, TODAY))

        DataFile(data_path).transact(other)
        assert app.store.refresh_if_changed()
        await pilot.pause()
        assert app.store.states["stretch-minutes"].done_today
        row = app.screen.query_one(LadderList).rows["stretch-minutes"]
        assert row.state.done_today
        options = app.console.options.update_width(80)
        text = "".join(s.text for line in app.console.render_lines(row.render(), options)
                       for s in line)
        assert DONE in text
        assert not app.store.refresh_if_changed()  # seen now: no second redraw


async def test_the_poll_timer_picks_up_another_process(data_path: Path) -> None:
    from smallwins.core.config import Config
    from smallwins.tui.app import SmallWinsApp
    from smallwins.tui.store import Store

    config = Config()
    store = Store(Ledger(data_path), lambda: TODAY, config)
    app = SmallWinsApp(store, config, poll_seconds=0.05, rollover_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def other(docs: dict[str, Any]) -> None:
            stretch = ladder_from_doc(docs["stretch-minutes"])
            docs["stretch-minutes"] = ladder_to_doc(changes.mark_win(stretch, TODAY, TODAY))

        DataFile(data_path).transact(other)
        for _ in range(100):
            await pilot.pause(0.02)
            await app.workers.wait_for_complete()
            if app.store.states["stretch-minutes"].done_today:
                break
        assert app.store.states["stretch-minutes"].done_today
        await pilot.pause()
        assert app.screen.query_one(LadderList).rows["stretch-minutes"].state.done_today


async def test_a_new_day_rolls_over(data_path: Path) -> None:
    from smallwins.core.config import Config
    from smallwins.tui.app import SmallWinsApp
    from smallwins.tui.store import Store

    days = [TODAY]
    config = Config()
    store = Store(Ledger(data_path), lambda: days[0], config)
    app = SmallWinsApp(store, config, poll_seconds=3600, rollover_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.store.states["do-pushups"].done_today
        days[0] = TODAY + timedelta(days=1)
        for _ in range(50):
            await pilot.pause(0.02)
            if app.store.today != TODAY:
                break
        await pilot.pause()
        assert app.store.today == TODAY + timedelta(days=1)
        assert not app.store.states["do-pushups"].done_today
        assert app.screen.query_one(TopBar).day == days[0]
        assert app.screen.query_one(LadderList).rows["do-pushups"].state.today == days[0]
