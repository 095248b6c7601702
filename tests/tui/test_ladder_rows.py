"""A ladder row laid out by hand draws exactly what Rich's table draws.

The list lays its rows out and turns them into segments without `rich.table`
or `Text.render` (they were most of the first frame's cost);
`LadderRow.draw()` still builds the table, and these tests hold the lines
the list paints to the table's cells, glyphs and styles at every width.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment

from smallwins.tui.widgets.cells import cells_of
from smallwins.tui.widgets.ladder_list import PAD_RIGHT, LadderList, NameRow, TodayRow
from tests.tui.data import make_app

WIDTHS = (12, 20, 29, 40, 55, 56, 57, 79, 118)


def table_lines(list_: LadderList, row: object, width: int) -> list[list[Segment]]:
    console = list_.app.console
    return console.render_lines(row.draw(), console.options.update_width(width),  # type: ignore[attr-defined]
                                pad=True)[: row.height]  # type: ignore[attr-defined]


@pytest.mark.parametrize("row_type", [TodayRow, NameRow])
async def test_rows_laid_out_by_hand_match_the_table(data_path: Path, row_type: type) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        list_ = app.screen.query_one(LadderList)
        checked = 0
        for width in WIDTHS:
            for state in app.store.states.values():
                for selected in (False, True):
                    row = row_type(state, list_)
                    row.selected = selected
                    row.height = row.measure(width)
                    by_hand = row.lines(width)
                    if by_hand is None:
                        continue
                    base = row.rich_style  # on the row's colours, as the list draws it
                    ours = row.strips(width + PAD_RIGHT)
                    assert len(ours) == row.height
                    theirs = table_lines(list_, row, width)
                    for mine, rich in zip(ours, theirs, strict=True):
                        assert cells_of(mine)[:width] == cells_of(
                            Segment.apply_style(rich, base)), (width, state.id, selected)
                    checked += 1
        assert checked > len(WIDTHS) * 4  # most widths fit the columns
