"""The app as a whole: help, command palette, themes, start-up failures, signals."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from smallwins.core.config import Config, load_config
from smallwins.core.ledger import Ledger
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.run import run_app
from smallwins.tui.screens.help import HelpScreen
from smallwins.tui.store import Store
from tests.tui.data import TODAY, count_repaints, make_app, messages, on_disk, wait_for_exit


async def test_help_lists_every_key_as_bound_now(data_path: Path) -> None:
    app = make_app(data_path, keys={"climb": "C", "toggle": "x"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {(where, words): key for where, key, words in app.help_rows()}
        assert rows[("Today", "check off the selected ladder's win, or un-check it")] == "x"
        climb = "climb a rung once the hold is complete (asks whether it feels automatic)"
        assert rows[("Ladders", climb)] == "C"
        assert rows[("Ladders", "halve the rung: this feels hard")] == "h"
        assert rows[("Everywhere", "the Today screen: today's wins")] == "1"
        assert rows[("Heatmap", "a year back")] == "["
        assert rows[("Heatmap", "the day before")] == "k ↑"
        palette = "command palette: every action by name, and the themes"
        assert rows[("Everywhere", palette)] == "^p"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_every_action_is_in_the_command_palette(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for title in ("Today", "Ladders", "Heatmap", "Check off", "Rest day", "Climb", "Halve",
                      "New ladder", "Edit ladder", "Archive ladder", "Undo", "Help", "Quit",
                      "Theme: dark", "Theme: light", "Theme: high-contrast",
                      "Theme: monochrome"):
            assert title in titles


async def test_a_palette_command_acts_on_the_selected_ladder(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Check off")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.store.states["write-sentences"].done_today
        assert on_disk(data_path)["write-sentences"].marks[TODAY].target == 1


async def test_a_theme_picked_in_the_palette_is_remembered(data_path: Path, tmp_path: Path
                                                          ) -> None:
    config_file = tmp_path / "config.toml"
    app = make_app(data_path, config_path=config_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Theme: monochrome")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.theme == "monochrome"
    assert load_config(config_file).theme == "monochrome"


async def test_an_unknown_or_broken_theme_warns_and_uses_the_default(
    data_path: Path, tmp_path: Path
) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "broken.toml").write_text('name = "broken"\nprimary = "not a colour"\n')
    config = Config(theme="broken")
    store = Store(Ledger(data_path), lambda: TODAY, config)
    app = SmallWinsApp(store, config, user_theme_dir=themes)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "dark"
        said = messages(app)
        assert any("broken.toml" in m for m in said)
        assert any("theme 'broken' is not available" in m for m in said)


def test_run_app_reports_an_unusable_file_without_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "smallwins.json"
    path.write_text("[]")
    code = run_app(data_path=path, today_override="2026-11-25", config=Config())
    assert code == 3
    err = capsys.readouterr().err
    assert err.startswith("smallwins: ") and err.count("\n") == 1
    assert path.read_text() == "[]"


def test_run_app_reports_a_bad_today(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_app(data_path=tmp_path / "x.json", today_override="tomorrow-ish",
                   config=Config())
    assert code == 2
    assert "tomorrow-ish" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


async def test_sigterm_exits_cleanly(data_path: Path) -> None:
    config = Config()
    store = Store(Ledger(data_path), lambda: TODAY, config)
    app = SmallWinsApp(store, config, handle_signals=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        os.kill(os.getpid(), signal.SIGTERM)
        await wait_for_exit(app)
    assert app.return_code == 0
    # The handlers are gone with the app: SIGTERM is the default again.
    loop = asyncio.get_running_loop()
    assert not loop.remove_signal_handler(signal.SIGTERM)


async def test_no_timer_repaints_while_idle(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        repaints = count_repaints(screen)
        app._poll()  # what the timers do: a stat and a look at the clock
        app._check_rollover()
        await pilot.pause(0.3)
        assert repaints == []
        await pilot.press("space")  # the counter does see a real change
        await pilot.pause(0.3)
        assert repaints


def test_the_demo_opens_on_a_temporary_copy(tmp_path: Path) -> None:
    from smallwins.tui.run import _demo_file

    path = _demo_file(tmp_path, TODAY)
    store = Store(Ledger(path), lambda: TODAY, Config())
    assert len(store.states) == 6
    assert all(state.votes > 0 for state in store.states.values())
