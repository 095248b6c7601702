"""Living in a pane for weeks: rollover by the wall clock, signals, a terminal that goes away.

The clock is injected (`DayClock(now=...)`), so a day boundary, a DST change
or a night of sleep takes no real waiting.
"""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual.message import Message

import smallwins.tui.app as app_module
import smallwins.tui.watch
from smallwins.core.config import Config
from smallwins.core.ledger import Ledger
from smallwins.core.model import Win
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.clock import DayClock
from smallwins.tui.driver import LossTolerantOutput, TerminalDriver
from smallwins.tui.store import Store
from smallwins.tui.widgets.ladder_list import LadderList
from smallwins.tui.widgets.topbar import TopBar
from tests.tui.data import TODAY, count_repaints, on_disk, wait_for_exit

LONDON = "Europe/London"


def at(text: str, tz: str = LONDON) -> float:
    """POSIX seconds of a local wall-clock time like `2026-11-25 23:59:45`."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).timestamp()


class FakeTime:
    """A wall clock that runs at real speed from `start`, and can be set like a real one."""

    def __init__(self, start: float) -> None:
        self.offset = start - time.monotonic()

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def set(self, seconds: float) -> None:
        self.offset = seconds - time.monotonic()


def clocked_app(path: Path, clock: DayClock, *, rollover_seconds: float = 3600,
                until: Callable[[], float | None] | None = None) -> SmallWinsApp:
    """The app on `path` whose day comes from `clock` (the interval check is off by default)."""
    config = Config()
    store = Store(Ledger(path), clock.today, config)
    return SmallWinsApp(store, config, poll_seconds=3600, rollover_seconds=rollover_seconds,
                        until_next_day=until or clock.until_next_day)


# ------------------------------------------------------------------ DayClock


def test_the_day_starts_at_the_configured_wall_clock_hour() -> None:
    now = [at("2026-11-26 03:59:59")]
    clock = DayClock(day_starts_at=4, now=lambda: now[0], tz=LONDON)
    assert clock.today() == date(2026, 11, 25)
    assert clock.until_next_day() == pytest.approx(1)
    now[0] = at("2026-11-26 04:00:00")
    assert clock.today() == date(2026, 11, 26)
    assert clock.until_next_day() == pytest.approx(24 * 3600)


def test_a_fixed_day_never_rolls_over() -> None:
    clock = DayClock(fixed=TODAY, now=lambda: at("2026-11-25 23:59:59"), tz=LONDON)
    assert clock.today() == TODAY
    assert clock.until_next_day() is None


@pytest.mark.parametrize(
    ("now", "day_starts_at", "hours"),
    [
        ("2026-03-28 23:00:00", 0, 1),  # an ordinary midnight, the night the clocks go forward
        ("2026-03-29 00:00:00", 0, 23),  # the short day
        ("2026-03-28 23:00:00", 1, 2),  # 01:00 never happens: the day starts at the jump
        ("2026-10-25 00:00:00", 0, 25),  # the long day
        ("2026-10-25 00:30:00", 1, 0.5),  # 01:00 happens twice: the first one counts
    ],
)
def test_the_next_day_is_found_across_dst_changes(
    now: str, day_starts_at: int, hours: float
) -> None:
    clock = DayClock(day_starts_at=day_starts_at, now=lambda: at(now), tz=LONDON)
    assert clock.until_next_day() == pytest.approx(hours * 3600)


# ------------------------------------------------------------- the open app


async def test_the_one_shot_timer_moves_to_the_new_day_at_midnight(
    data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(smallwins.tui.watch, "NEXT_DAY_MARGIN", 0.05)
    fake = FakeTime(at("2026-11-25 23:59:58.5"))  # start-up takes a fraction of that
    app = clocked_app(data_path, DayClock(now=fake, tz=LONDON))  # no interval check to help
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(TopBar).day == TODAY
        assert app.store.states["do-pushups"].done_today
        tomorrow = TODAY + timedelta(days=1)
        for _ in range(200):
            await pilot.pause(0.02)
            if app.store.today == tomorrow:
                break
        await pilot.pause()
        assert app.store.today == tomorrow
        assert app.screen.query_one(TopBar).day == tomorrow
        row = app.screen.query_one(LadderList).rows["do-pushups"]
        assert row.state.today == tomorrow and not row.state.done_today


async def test_an_early_timer_aims_again_without_a_repaint(
    data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wall clock was set back a little: the timer fires before the boundary."""
    monkeypatch.setattr(smallwins.tui.watch, "NEXT_DAY_MARGIN", 0.0)
    # A clock standing still 0.1 s before midnight: every timer aimed at it comes early.
    clock = DayClock(now=lambda: at("2026-11-25 23:59:59.9"), tz=LONDON)
    asked: list[float | None] = []

    def until() -> float | None:
        asked.append(clock.until_next_day())
        return asked[-1]

    app = clocked_app(data_path, clock, until=until)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        repaints = count_repaints(screen)
        for _ in range(50):
            await pilot.pause(0.02)
            if len(asked) >= 2:
                break
        assert asked[:2] == [pytest.approx(0.1)] * 2  # fired, found the same day, aimed again
        assert app.store.today == TODAY
        await pilot.pause(0.1)
        assert repaints == []


async def test_after_a_sleep_the_wall_clock_check_catches_up(data_path: Path) -> None:
    """A monotonic timer stands still while the machine sleeps; the wall clock does not."""
    now = [at("2026-11-25 22:00:00")]
    clock = DayClock(day_starts_at=4, now=lambda: now[0], tz=LONDON)
    asked: list[float | None] = []

    def until() -> float | None:
        asked.append(clock.until_next_day())
        return asked[-1]

    app = clocked_app(data_path, clock, until=until)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")  # the day changes while the Ladders screen is on view
        await pilot.pause()
        assert not app._check_rollover()  # what the half-minute timer does: nothing yet
        now[0] = at("2026-11-27 09:30:00")  # the lid was shut for a day and a half
        assert app._check_rollover()
        await pilot.pause()
        assert app.store.today == date(2026, 11, 27)
        assert app.screen.query_one(TopBar).day == date(2026, 11, 27)
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.query_one(TopBar).day == date(2026, 11, 27)
        assert not app.screen.query_one(LadderList).rows["do-pushups"].state.done_today
        # The one-shot timer was aimed again: at 04:00 on the 28th, not at the 26th.
        assert asked == [pytest.approx(6 * 3600), pytest.approx(18.5 * 3600)]


async def test_a_day_set_by_hand_is_never_left(data_path: Path) -> None:
    config = Config()
    clock = DayClock(fixed=TODAY, now=lambda: at("2026-11-25 23:59:59"), tz=LONDON)
    store = Store(Ledger(data_path), clock.today, config)
    app = SmallWinsApp(store, config, until_next_day=clock.until_next_day)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app._next_day_timer is None
        assert not app._check_rollover()
        assert app.store.today == TODAY


# ---------------------------------------------------------------- signals


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM])
async def test_a_hangup_or_terminate_signal_ends_the_app_cleanly(
    data_path: Path, number: signal.Signals
) -> None:
    config = Config()
    store = Store(Ledger(data_path), lambda: TODAY, config)
    app = SmallWinsApp(store, config, handle_signals=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "space")  # a win just before the signal
        await pilot.pause()
        os.kill(os.getpid(), number)
        await wait_for_exit(app)
    assert app.return_code == 0
    assert on_disk(data_path)["write-sentences"].marks[TODAY] == Win(1)
    assert not asyncio.get_running_loop().remove_signal_handler(number)


# ------------------------------------------------------- a lost terminal


class _DeadTerminal:
    """A stream like a hung-up pty: every write fails with EIO."""

    def __init__(self) -> None:
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        raise OSError(errno.EIO, "Input/output error")

    def flush(self) -> None:
        raise OSError(errno.EIO, "Input/output error")

    def fileno(self) -> int:
        return 2

    def isatty(self) -> bool:
        return True


def test_output_to_a_dead_terminal_is_dropped_not_raised() -> None:
    dead = _DeadTerminal()
    output = LossTolerantOutput(dead)  # type: ignore[arg-type]
    assert output.write("\x1b[?1049l") == len("\x1b[?1049l")
    output.flush()
    output.write("more")
    assert output.lost
    assert dead.writes == 1  # after the first failure nothing more is tried


async def test_end_of_input_asks_the_app_to_exit(data_path: Path) -> None:
    """Keys before the end still arrive; then the app leaves instead of reading on."""
    config = Config()
    store = Store(Ledger(data_path), lambda: TODAY, config)
    app = SmallWinsApp(store, config)
    keys: list[str] = []

    def hook(message: Message) -> None:
        if isinstance(message, events.Key):
            keys.append(message.key)

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await pilot.pause()
        saved = {n: signal.getsignal(n) for n in (signal.SIGTSTP, signal.SIGCONT)}
        try:
            driver = TerminalDriver(app)  # sets suspend handlers: put back below
        finally:
            for number, handler in saved.items():
                signal.signal(number, handler)
        read_end, write_end = os.pipe()
        driver.fileno = read_end
        os.write(write_end, b"j")
        os.close(write_end)
        reader = threading.Thread(target=driver.run_input_thread)
        reader.start()
        try:
            await asyncio.to_thread(reader.join, 5)
            assert not reader.is_alive()
            assert driver.input_lost
            await wait_for_exit(app)
        finally:
            driver.exit_event.set()
            driver.close()
            os.close(read_end)
    assert app.return_code == 0
    assert "j" in keys  # what was typed before the end still arrived


async def test_the_first_frame_is_announced_once_it_has_settled(data_path: Path) -> None:
    """The program holds back the cyclic garbage collector until then (tui/run.py)."""
    drawn: list[float] = []
    config = Config()
    store = Store(Ledger(data_path), lambda: TODAY, config)
    app = SmallWinsApp(store, config, poll_seconds=3600, rollover_seconds=3600,
                       on_first_frame=lambda: drawn.append(time.monotonic()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert drawn == []  # not in the middle of the first frame's repaints
        await pilot.pause(app_module.FIRST_FRAME_SETTLED + 0.3)
        assert len(drawn) == 1
        await pilot.press("j")
        await pilot.pause(app_module.FIRST_FRAME_SETTLED + 0.1)
        assert len(drawn) == 1


def test_collection_resumes_over_what_is_made_after_the_first_frame() -> None:
    import gc

    from smallwins.tui.run import _collect_from_now_on

    assert gc.get_freeze_count() == 0
    gc.disable()
    try:
        _collect_from_now_on()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
