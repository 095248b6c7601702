"""`smallwins remind --tmux` shows the reminder on every client attached to the
user's tmux server: here a private server, with one client attached from the
pane of another private server, whose screen the test reads."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from tests.e2e.conftest import BIN, TODAY, Tmux, clean_env, cli, new_ladder, require, wait_for


def test_remind_shows_the_message_on_an_attached_client(tmp_path: Path, tmux: Tmux,
                                                         data: Path) -> None:
    require("tmux")
    ladder = new_ladder(tmp_path, data, "stretch")
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('remind_at = "00:00"\n')  # at any hour: the day is always past it
    # The user's server (`tmux`, the fixture's) with a session and, attached to it, one
    # client: the program in a pane of a second private server, which the test reads.
    tmux.start("exec sleep 600")
    socket = tmux.run("display-message", "-p", "-t", "e2e", "#{socket_path}").strip()
    viewer = Tmux(clean_env(tmp_path))
    try:
        viewer.start(shlex.join(["exec", "tmux", "-u", "-S", socket, "attach", "-t", "e2e"]),
                     width=100, height=10)
        wait_for(lambda: tmux.run("list-clients", "-F", "#{client_name}").strip(), 10,
                 "a client attached", viewer.screen)

        env = clean_env(tmp_path, TMUX=f"{socket},{os.getpid()},0")
        done = subprocess.run([str(BIN), "remind", "--tmux", "--data", str(data),
                               "--today", TODAY], capture_output=True, text=True, env=env,
                              timeout=60)
        assert done.returncode == 1, done.stderr
        assert done.stdout == "⚠ 1 win left today: stretch 1 rep\n"
        assert done.stderr == ""
        screen = viewer.wait_for_text("smallwins: ⚠ 1 win left today: stretch 1 rep")
        assert "stretch 1 rep" in screen
        # Once done, nothing is said and nothing is shown.
        cli(tmp_path, data, "done", ladder)
        quiet = subprocess.run([str(BIN), "remind", "--tmux", "--data", str(data),
                                "--today", TODAY], capture_output=True, text=True, env=env,
                               timeout=60)
        assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    finally:
        viewer.kill()
