"""What reaches the terminal: nothing while idle, a few hundred bytes per check-off.

Bytes are counted as tmux receives them from the app (`pipe-pane -o`), with
typical data: `smallwins demo --ladders 20 --years 3`.
"""

from __future__ import annotations

import json
import shlex
import time
from pathlib import Path

from tests.e2e.conftest import Tmux, app_command, cli, wait_for

CHECK_OFF_BUDGET = 1024
"""SPEC section 7: bytes sent to the terminal per check-off, at 20 ladders."""


class Tap:
    """Everything the app writes to its pane from now on, in a file."""

    def __init__(self, tmux: Tmux, path: Path) -> None:
        self.path = path
        path.write_bytes(b"")
        tmux.run("pipe-pane", "-t", "e2e")  # close the tap before, if any
        tmux.run("pipe-pane", "-o", "-t", "e2e", f"cat >> {shlex.quote(str(path))}")

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def settled(self, quiet: float = 0.5, timeout: float = 5.0) -> int:
        """The byte count once nothing more has arrived for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        size, since = self.size, time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if self.size != size:
                size, since = self.size, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return size
        return self.size


def test_idle_is_silent_and_a_check_off_is_small(tmp_path: Path, tmux: Tmux, data: Path) -> None:
    cli(tmp_path, data, "demo", "--ladders", "20", "--years", "3")
    states = json.loads(cli(tmp_path, data, "list", "--json"))
    # A ladder whose check-off says nothing more than its row (no "ready to climb" note).
    index = next(n for n, s in enumerate(states) if s["scheduled_today"]
                 and not s["done_today"] and s["hold_progress"] + 1 < s["hold"])
    tmux.start(app_command(data))
    tmux.wait_for_text("done today")
    for _ in range(index):
        tmux.keys("j")
    tmux.wait_for_match(rf"▸ ○ .*{states[index]['action']}")
    before = tmux.screen().splitlines()[1]
    Tap(tmux, tmp_path / "moves.out").settled()  # the last moves are drawn

    tap = Tap(tmux, tmp_path / "idle.out")
    time.sleep(3.5)  # longer than the data poll: the app looks, and draws nothing
    assert tap.size == 0

    tap = Tap(tmux, tmp_path / "check-off.out")
    tmux.keys("space")
    wait_for(lambda: tmux.screen().splitlines()[1] != before, 5, "the summary to change",
             tmux.screen)
    sent = tap.settled()
    assert 0 < sent <= CHECK_OFF_BUDGET, tap.path.read_bytes()


def test_a_check_off_on_the_ladders_screen_repaints_only_changed_lines(
    tmp_path: Path, tmux: Tmux, data: Path
) -> None:
    cli(tmp_path, data, "demo", "--ladders", "20", "--years", "3")
    states = json.loads(cli(tmp_path, data, "list", "--json"))
    index = next(n for n, s in enumerate(states) if s["scheduled_today"]
                 and not s["done_today"] and s["hold_progress"] + 1 < s["hold"])
    state = states[index]
    tmux.start(app_command(data))
    tmux.wait_for_text("done today")
    tmux.keys("2")
    for _ in range(index):
        tmux.keys("j")
    tmux.wait_for_text(f"{state['hold_progress']}/{state['hold']} won days at this rung")
    Tap(tmux, tmp_path / "moves.out").settled()

    tap = Tap(tmux, tmp_path / "check-off.out")
    tmux.keys("space")
    # The detail shows the new hold, streak and votes: its changed lines did reach the screen.
    screen = tmux.wait_for_text(f"{state['hold_progress'] + 1}/{state['hold']} won days")
    assert f"{state['votes'] + 1:,} votes" in screen
    assert f"streak     {state['streak'] + 1} " in screen
    sent = tap.settled()
    assert 0 < sent <= CHECK_OFF_BUDGET, tap.path.read_bytes()
