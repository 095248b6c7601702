"""The first frame imports what the Today screen needs and nothing more.

Every module imported before the first frame is time and memory a person pays
each time the app opens; the other screens, the catch-up walk and the export
are imported when first used.  Run in a fresh interpreter, so what earlier
tests imported does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.tui.data import sample_ladders, write_ladders

NOT_AT_START = (
    "smallwins.tui.screens.ladders",
    "smallwins.tui.screens.heatmap",
    "smallwins.tui.screens.review",
    "smallwins.tui.screens.catchup",
    "smallwins.tui.widgets.heatmap",
    "smallwins.tui.widgets.ladder_detail",
    "smallwins.core.transfer",
)

PROBE = """
import asyncio, json, sys
from pathlib import Path
from tests.tui.data import make_app

def ours():
    return sorted(m for m in sys.modules if m.startswith("smallwins."))

async def main():
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = ours()
        await pilot.press("2")
        await pilot.pause()
        print(json.dumps([first, ours()]))

asyncio.run(main())
"""


def test_other_screens_are_imported_when_first_opened(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).parents[2], check=False)
    assert done.returncode == 0, done.stderr
    first, after_ladders = json.loads(done.stdout.strip().splitlines()[-1])
    assert "smallwins.tui.screens.today" in first
    assert [name for name in NOT_AT_START if name in first] == []
    assert "smallwins.tui.screens.ladders" in after_ladders


NOT_BEFORE_THE_FIRST_WRITE = ("json", "tomllib", "orjson", "tinydb")
"""Read through C's JSON scanner, themes kept as read: the JSON and TOML packages
(some 7 ms to import) and the writer's own libraries wait for the first change."""

LEAN_PROBE = """
import asyncio, sys
from datetime import date
from pathlib import Path
from smallwins.core.config import Config
from smallwins.core.ledger import Ledger
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.store import Store

async def main():
    config = Config(theme=sys.argv[2])
    store = Store(Ledger(Path(sys.argv[1])), lambda: date(2026, 11, 25), config)
    app = SmallWinsApp(store, config, poll_seconds=3600, rollover_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(repr(sorted(set(sys.argv[3:]) & set(sys.modules))))

asyncio.run(main())
"""


def test_json_and_toml_readers_wait_for_the_first_write(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    for theme in ("dark", "light"):
        done = subprocess.run([sys.executable, "-c", LEAN_PROBE, str(path), theme,
                               *NOT_BEFORE_THE_FIRST_WRITE], capture_output=True, text=True,
                              timeout=120, cwd=Path(__file__).parents[2], check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == "[]"
