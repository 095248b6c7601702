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
