"""The first frame the app sends is the whole screen, not the part that changed after it.

Textual opens the Today screen (a mode) while it holds repaints back at start
(`batch_update`): a frame rendered then is dropped, and Textual counts its
cells as painted.  Unless the screen keeps them to paint, the first frame
sent covers only what changed after the hold (the ladder list), and the top
bar, the summary and the scroll bar come a repaint later: about 30 ms
later at 80x24 with typical data, measured in tmux.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual._compositor import LayoutUpdate

from tests.tui.data import make_app, sample_ladders, write_ladders


async def test_the_first_frame_sent_paints_every_cell(tmp_path: Path) -> None:
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    app = make_app(path)
    sent: list[Any] = []
    display = app._display

    def sending(screen: Any, renderable: Any) -> None:
        if renderable is not None and not app._batch_count:  # what reaches the terminal
            sent.append(renderable)
        display(screen, renderable)

    app._display = sending  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#today-list") is not None
    assert sent, "nothing was sent"
    assert isinstance(sent[0], LayoutUpdate), f"the first frame was {type(sent[0]).__name__}"
