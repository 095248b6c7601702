"""Opening the app: load the data and the themes first, then hand the terminal to Textual.

A file that cannot be used, a bad config or a bad `--today` prints one line
on stderr and returns 3 or 2 without touching the terminal.  Tests build
`SmallWinsApp` directly with a store on a file in a temporary folder and a
fixed day.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from smallwins.core.config import Config
from smallwins.core.dates import TODAY_ENV, resolve_today
from smallwins.core.errors import EXIT_OK, SmallwinsError
from smallwins.core.ledger import Ledger
from smallwins.core.model import Ladder
from smallwins.core.paths import config_dir
from smallwins.tui.clock import DayClock


def _fail(message: str, code: int) -> int:
    print(f"smallwins: {message}", file=sys.stderr, flush=True)
    return code


def _demo_file(folder: Path, today: date) -> Path:
    """A temporary data file filled with the demo history (the user's file is untouched)."""
    from smallwins.core.demo import generate

    path = folder / "smallwins-demo.json"
    fresh = generate(ladders=6, years=1.0, seed=1, today=today)

    def fill(ladders: dict[str, Ladder]) -> None:
        ladders.clear()
        ladders.update(fresh)

    Ledger(path).rewrite(fill)
    return path


def _collect_from_now_on() -> None:
    """The first frame is up: collect once, set aside what is there (the modules,
    the data, the screen: it lives as long as the app), and collect as usual from
    here on, over what is made after it only."""
    import gc

    gc.collect()
    gc.freeze()
    gc.enable()


def run_app(*, data_path: Path, today_override: str | None, config: Config,
            demo: bool = False) -> int:
    """Open the app on `data_path` (or on a temporary demo copy); return the exit code."""
    try:
        first = resolve_today(today_override, config.day_starts_at)
    except SmallwinsError as exc:
        return _fail(str(exc), exc.exit_code)
    is_fixed = bool(today_override or os.environ.get(TODAY_ENV))
    clock = DayClock(config.day_starts_at, fixed=first if is_fixed else None)

    scratch = tempfile.TemporaryDirectory(prefix="smallwins-demo-") if demo else nullcontext()
    with scratch as folder:
        try:
            path = _demo_file(Path(folder), first) if folder else data_path
            from smallwins.tui.store import Store

            store = Store(Ledger(path), clock.today, config)
        except SmallwinsError as exc:
            return _fail(str(exc), exc.exit_code)
        from smallwins.tui.app import SmallWinsApp

        user_themes = Path(config_dir(config.path)) if config.path is not None else None
        app = SmallWinsApp(store, config, user_theme_dir=user_themes, handle_signals=True,
                           until_next_day=clock.until_next_day, wall_clock=clock,
                           on_first_frame=_collect_from_now_on)
        app.run()
        return EXIT_OK if app.return_code in (None, 0) else int(app.return_code)
