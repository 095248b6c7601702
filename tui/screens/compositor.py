"""The main screens' compositor: a partial repaint sends the cells asked for, no more.

Textual repaints a changed region by sending each widget's line from the
widget's left edge to the region's right end (its own note: "crop to x
extents" is still to do).  A check-off that changes a number at the right
of a row then resends the whole row, the glyph at its left edge too.  Here a
partial update is cropped at both ends, so a widget that refreshes only the
cells that changed (tui/widgets/cells.py) sends a few dozen bytes.

Crops never split a double-width character: a span that starts or ends in
the middle of one is widened to take it whole, since writing half of it
would leave the terminal showing something else.  It relies on Textual's
compositor types (`Compositor`, `ChopsUpdate`); Textual is pinned exactly.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.strip import Strip


def whole_cells(strip: Strip, start: int, end: int) -> tuple[int, int]:
    """`start` and `end` (cells of `strip`) moved out to the edges of any wide
    character they fall inside."""
    position = 0
    for segment in strip:
        text = segment.text
        if segment.control:
            continue
        for character in text:
            width = get_character_cell_size(character)
            after = position + width
            if position < start < after:
                start = position
            if position < end < after:
                end = after
                return start, end
            position = after
            if position >= end:
                return start, end
    return start, end


class CellChopsUpdate(ChopsUpdate):
    """Textual's partial update, cropped to the dirty spans at both ends."""

    def render_segments(self, console: Console) -> str:
        """The update as terminal output: a cursor move and the cells, per span.

        Every piece starts with an absolute move, so no newline goes between lines.
        """
        sequences: list[str] = []
        append = sequences.append
        move_to = Control.move_to
        chops = self.chops
        chop_ends = self.chop_ends
        for y, x1, x2 in self.spans:
            for end, (x, strip) in zip(chop_ends[y], chops[y].items(), strict=False):
                if strip is None or x >= x2 or end <= x1:
                    continue
                start, stop = max(x, x1), min(end, x2)
                if start > x or stop < end:
                    left, right = whole_cells(strip, start - x, stop - x)
                    strip = strip.crop(left, right)
                    start = x + left
                append(move_to(start, y).segment.text)
                append(strip.render(console))
        return "".join(sequences)


class CellCompositor(Compositor):
    """A compositor whose partial updates are cropped to what changed."""

    def render_partial_update(self) -> ChopsUpdate | None:
        update = super().render_partial_update()
        if update is None:
            return None
        return CellChopsUpdate(update.chops, update.spans, update.chop_ends)
