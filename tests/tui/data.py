"""Deterministic ladders for the app's tests, written through the real data file.

Histories are made with the engine's own intents (mark_win, climb, ...), so
every stored document is one the app could have written itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from smallwins.core import changes, rules
from smallwins.core.config import Config
from smallwins.core.ledger import Ledger
from smallwins.core.model import Ladder, parse_days
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.store import Store

TODAY = date(2026, 11, 25)
"""A Wednesday: the Monday-to-Friday ladder is due."""


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def walk_ladder(today: date = TODAY) -> Ladder:
    """The seed's pedometer: climbs every won weekday, then a miss drops it back."""
    ladder, _ = changes.new_ladder(
        identity="I am someone who moves every day", action="walk", unit="steps",
        start=50, step=50, start_day=date(2026, 11, 2), hold=1, days=parse_days("mon-fri"),
        minutes=1, created=0,
    )
    for day in _days(date(2026, 11, 2), date(2026, 11, 20)):
        if day.weekday() < 5:
            ladder = changes.mark_win(ladder, day, today)
            if rules.replay(ladder, day).ready_to_climb:
                ladder = changes.climb(ladder, day)
    # Monday 23 Nov is missed on a fresh rung: a drop back from Tuesday.
    ladder = changes.mark_win(ladder, date(2026, 11, 24), today)
    return ladder


def write_ladder(today: date = TODAY) -> Ladder:
    """Every day since 1 Nov won, today not yet: held, ready to climb."""
    ladder, _ = changes.new_ladder(
        identity="I am a writer", action="write", unit="sentences", start=1, step=1,
        start_day=date(2026, 11, 1), hold=14, minutes=1, created=1,
    )
    for day in _days(date(2026, 11, 1), today - timedelta(days=1)):
        ladder = changes.mark_win(ladder, day, today)
    return ladder


def pushup_ladder(today: date = TODAY) -> Ladder:
    """Eleven days, one of them a rest day, today done: 10/14 at the first rung."""
    ladder, _ = changes.new_ladder(
        identity="I am someone who keeps fit", action="do", unit="pushups", start=1, step=1,
        start_day=date(2026, 11, 15), hold=14, minutes=1, created=2,
    )
    for day in _days(date(2026, 11, 15), today):
        if day == date(2026, 11, 20):
            ladder = changes.mark_rest(ladder, day, today)
        else:
            ladder = changes.mark_win(ladder, day, today)
    return ladder


def stretch_ladder(today: date = TODAY) -> Ladder:
    """A second ladder for the walker's identity: its votes add up with the walk's."""
    ladder, _ = changes.new_ladder(
        identity="I am someone who moves every day", action="stretch", unit="minutes",
        start=1, step=1, start_day=date(2026, 11, 18), hold=7, minutes=1, created=3,
    )
    for day in _days(date(2026, 11, 18), today - timedelta(days=2)):
        ladder = changes.mark_win(ladder, day, today)
    return ladder


def sample_ladders(today: date = TODAY) -> list[Ladder]:
    return [walk_ladder(today), write_ladder(today), pushup_ladder(today), stretch_ladder(today)]


def write_ladders(path: Path, ladders: list[Ladder]) -> None:
    """Store `ladders` in the data file at `path`, as one transaction."""

    def fill(current: dict[str, Ladder]) -> None:
        for ladder in ladders:
            current[ladder.id] = ladder

    Ledger(path).rewrite(fill)


def make_app(
    path: Path,
    *,
    today: date = TODAY,
    theme: str = "dark",
    keys: dict[str, str] | None = None,
    config_path: Path | None = None,
) -> SmallWinsApp:
    """The app on the data file at `path`, with a fixed day and no idle timers to speak of."""
    config = Config(theme=theme, keys=keys or {}, path=config_path)
    store = Store(Ledger(path), lambda: today, config)
    return SmallWinsApp(store, config, poll_seconds=3600, rollover_seconds=3600)


def on_disk(path: Path) -> dict[str, Ladder]:
    """The ladders as another process would read them now."""
    return dict(Ledger(path).load().ladders)


def messages(app: SmallWinsApp) -> list[str]:
    """What the app told the user in its message line, oldest first."""
    return list(app.said)


def count_repaints(screen: Any) -> list[object]:
    """Record every update the screen's compositor renders from now on."""
    repaints: list[object] = []
    original = screen._compositor.render_update

    def counting(*args: Any, **kwargs: Any) -> Any:
        repaints.append(args)
        return original(*args, **kwargs)

    screen._compositor.render_update = counting
    return repaints


async def wait_for_exit(app: SmallWinsApp, timeout: float = 5.0) -> None:
    """Return as soon as the app has an exit code (TimeoutError after `timeout` seconds)."""
    import asyncio

    async def exited() -> None:
        while app.return_code is None:
            await asyncio.sleep(0.005)

    await asyncio.wait_for(exited(), timeout)
