"""The app in tmux, a real `smallwins done` between its looks at the file, then `space`.

The app reads the file every 3 seconds.  A script that checks a ladder off
just after one look, followed by `space` on that row before the next, used
to erase the script's win and note: the app toggled what the file held, not
what the person saw.  Now nothing is applied and the app says why.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from smallwins.core.model import Win, ladder_from_doc
from smallwins.core.storage import DataFile
from tests.e2e.conftest import TODAY, Tmux, app_command, cli, new_ladder, wait_for

MESSAGE = ("walk was just checked off elsewhere: nothing was changed here; it is shown as "
           "it is now")


def test_space_after_a_script_checked_off_keeps_the_scripts_win(
    tmp_path: Path, tmux: Tmux, data: Path
) -> None:
    walk = new_ladder(tmp_path, data, "walk")
    read = new_ladder(tmp_path, data, "read")
    tmux.start(app_command(data), width=100, height=24)
    tmux.wait_for_text("0 of 2 done today")
    # The app shows a change within one look at the file: once it shows this one,
    # a look has just happened and the next is about 3 seconds away.
    cli(tmp_path, data, "done", read)
    tmux.wait_for_text("1 of 2 done today", timeout=8)
    cli(tmp_path, data, "done", walk, "--note", "from script")
    assert "1 of 2 done today" in tmux.screen()  # the row still shows walk not done
    tmux.keys("space")

    def said() -> str | None:
        flat = " ".join(re.sub(r"[│▎▊▌]", " ", tmux.screen()).split())
        return flat if MESSAGE in flat else None

    wait_for(said, 10, "the app to say the win was made elsewhere", tmux.screen)
    tmux.wait_for_text("2 of 2 done today")
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0
    marks = ladder_from_doc(DataFile(data).read()[walk]).marks
    assert marks == {date.fromisoformat(TODAY): Win(1, None, "from script")}
