"""The real program in a real terminal: keys in, screen out, the data file after."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from smallwins.core.model import Win, ladder_from_doc
from smallwins.core.storage import DataFile
from tests.e2e.conftest import (
    BIN,
    TODAY,
    Tmux,
    app_command,
    clean_env,
    cli,
    new_ladder,
    wait_for,
)

DONE, TODO = "✔", "○"


def marks(data: Path, ladder_id: str) -> dict[date, object]:
    return dict(ladder_from_doc(DataFile(data).read()[ladder_id]).marks)


def test_check_off_today_and_quit(tmp_path: Path, tmux: Tmux, data: Path) -> None:
    first = new_ladder(tmp_path, data, "stretch")
    new_ladder(tmp_path, data, "read")
    tmux.start(app_command(data))
    tmux.wait_for_text("0 of 2 done today")
    tmux.keys("space")
    screen = tmux.wait_for_text("1 of 2 done today")
    assert f"▸ {DONE} stretch 1 rep " in screen
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0
    assert marks(data, first) == {date.fromisoformat(TODAY): Win(1)}


def test_escape_and_arrows_arrive_while_the_app_sits_idle(
    tmp_path: Path, tmux: Tmux, data: Path
) -> None:
    """The input thread sleeps until a key comes; a lone Escape still times out as Escape."""
    new_ladder(tmp_path, data, "stretch")
    new_ladder(tmp_path, data, "read")
    tmux.start(app_command(data))
    tmux.wait_for_text("0 of 2 done today")
    tmux.keys("?")
    tmux.wait_for_text("Keys")
    tmux.keys("Escape")
    wait_for(lambda: "Keys" not in tmux.screen(), 5, "help to close", tmux.screen)
    tmux.keys("Down")
    tmux.wait_for_text(f"▸ {TODO} read 1 rep ")
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0


def test_moving_down_in_a_small_pane_keeps_the_selection_on_screen(
    tmp_path: Path, tmux: Tmux, data: Path
) -> None:
    actions = [f"habit{n:02}" for n in range(1, 13)]
    for action in actions:
        new_ladder(tmp_path, data, action)
    tmux.start(app_command(data), width=40, height=12)
    tmux.wait_for_text("habit01")
    for action in actions[1:]:
        tmux.keys("j")
        # The selected row (marked ▸) is the one moved to, and it is on screen.
        tmux.wait_for_match(rf"▸ {TODO} {action} ", timeout=5)
    screen = tmux.screen()
    assert "habit01" not in screen  # the list did scroll
    assert len(screen.splitlines()) <= 12


def test_a_done_from_another_process_shows_up_within_seconds(
    tmp_path: Path, tmux: Tmux, data: Path
) -> None:
    new_ladder(tmp_path, data, "stretch")
    other = new_ladder(tmp_path, data, "read")
    tmux.start(app_command(data))
    tmux.wait_for_text("0 of 2 done today")
    cli(tmp_path, data, "done", other)
    screen = tmux.wait_for_text("1 of 2 done today", timeout=8)
    assert f"{DONE} read 1 rep " in screen
    # The app's own change after that keeps the other process's win.
    tmux.keys("space")
    tmux.wait_for_text("2 of 2 done today")
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0
    docs = DataFile(data).read()
    assert all(Win(1) in ladder_from_doc(doc).marks.values() for doc in docs.values())


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "xterm-256color"},
        {"TERM": "tmux-256color"},
        {"TERM": "screen"},
        {"TERM": "linux"},
        {"TERM": "xterm-256color", "NO_COLOR": "1"},
    ],
    ids=["xterm-256color", "tmux-256color", "screen", "linux", "NO_COLOR"],
)
def test_starts_draws_and_checks_off_in_every_terminal(
    tmp_path: Path, tmux: Tmux, data: Path, env: dict[str, str]
) -> None:
    new_ladder(tmp_path, data, "stretch")
    tmux.start(app_command(data, env=env))
    screen = tmux.wait_for_text("0 of 1 done today")
    assert "Wed 25 Nov" in screen and f"{TODO} stretch 1 rep " in screen
    tmux.keys("space")
    tmux.wait_for_text(f"{DONE} stretch 1 rep ")
    coloured = tmux.screen(escapes=True)
    if "NO_COLOR" in env:
        # Greys only: every colour set is a 256-colour grey (232-255) or black/white.
        for code in re.findall(r"\x1b\[([0-9;]*)m", coloured):
            for colour in re.findall(r"[34]8;5;(\d+)", code):
                assert int(colour) >= 232 or int(colour) in (0, 7, 8, 15, 16, 231), code
    elif env["TERM"] in ("screen", "linux"):
        # 16 colours: no 256-colour or true-colour codes at all.
        assert ";5;" not in coloured and ";2;" not in coloured
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0


def test_the_status_line_renders_in_a_real_tmux_status_bar(
    tmp_path: Path, tmux: Tmux, data: Path
) -> None:
    """`#(smallwins status --format tmux)` in status-right, seen by an attached client.

    A detached session draws no status line, so a second tmux server shows
    this one's client in its pane: its capture holds the drawn status line.
    """
    first = new_ladder(tmp_path, data, "stretch")
    new_ladder(tmp_path, data, "read")
    cli(tmp_path, data, "done", first)
    status = f"#({BIN} --data {data} --today {TODAY} status --format tmux)"
    tmux.start("sleep 120", width=80, height=10)
    tmux.run("set-option", "-g", "status-right", status)
    tmux.run("set-option", "-g", "status-right-length", "80")
    viewer = Tmux(clean_env(tmp_path))
    try:
        viewer.start(f"exec tmux -u -L {tmux.name} -f /dev/null attach -t e2e", width=80,
                     height=10)

        def status_line() -> str | None:
            lines = viewer.screen(escapes=True).rstrip("\n").splitlines()
            return lines[-1] if lines and "1/2" in lines[-1] else None

        line = wait_for(status_line, 10, "the status line", viewer.screen)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
        assert f"{TODO} 1/2" in plain
        # `#[reverse]` reached the terminal: "not all done yet" stands out in the
        # bar's own colours, reversed, and no colour of its own is drawn on the bar.
        assert re.search(rf"\x1b\[(?:[0-9;]*;)?7m{TODO} 1/2", line), repr(line)
    finally:
        viewer.kill()
