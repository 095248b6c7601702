"""Widgets drawn line by line that repaint only the cells that changed.

Textual repaints a widget's whole region when it is refreshed: a summary
line that goes from "6 of 13" to "7 of 13" would resend eighty cells and a
colour code for every run of them.  A `CellDiffed` widget keeps the lines it
last drew; when what it shows changes it draws again, compares the two line
by line (`cells.changed_runs`) and refreshes only the runs that differ, so
with the main screens' compositor the terminal gets those cells alone.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from smallwins.tui.widgets.cells import changed_runs


class CellDiffed(Widget):
    """A widget whose `content()` is drawn into cached lines (`render_line`);
    `repaint_changes` after what it shows changed sends only what differs."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._drawn: tuple[tuple[int, int], list[Strip]] | None = None
        """The lines drawn for a (width, height), kept until what they show changes."""

    def _strips(self) -> list[Strip]:
        width, height = self.size
        if self._drawn is not None and self._drawn[0] == (width, height):
            return self._drawn[1]
        base = self.rich_style
        strips: list[Strip] = []
        if width > 0:
            console = self.app.console
            lines = console.render_lines(self.content(), console.options.update_width(width),
                                         style=base, pad=True)
            strips = [Strip(line).adjust_cell_length(width, base).simplify()
                      for line in lines[:height]]
        strips += [Strip.blank(width, base)] * (height - len(strips))
        self._drawn = ((width, height), strips)
        return strips

    def content(self) -> RenderableType:
        """What the widget shows, as a Rich renderable (subclasses say what)."""
        return Text("")

    def render(self) -> RenderableType:
        return self.content()

    def render_line(self, y: int) -> Strip:
        strips = self._strips()
        return strips[y] if 0 <= y < len(strips) else Strip.blank(self.size.width,
                                                                  self.rich_style)

    def repaint_changes(self) -> None:
        """What the widget shows changed: repaint the cells that differ, or all of it
        when it was never drawn at this size."""
        drawn = self._drawn
        self._drawn = None
        if drawn is None or drawn[0] != tuple(self.size):
            self.refresh()
            return
        regions = [Region(start, y, end - start, 1)
                   for y, (old, new) in enumerate(zip(drawn[1], self._strips(), strict=True))
                   for start, end in changed_runs(old, new)]
        if regions:
            self.refresh(*regions)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None

    def on_resize(self, event: events.Resize) -> None:
        self._drawn = None


class TextLine(CellDiffed):
    """One line of plain text, cut with an ellipsis: a summary, a title, a day's words."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.text = text

    def update(self, text: str) -> None:
        """Show `text` in place of what was shown; only the cells that differ repaint."""
        if text != self.text:
            self.text = text
            self.repaint_changes()

    def content(self) -> RenderableType:
        return Text(self.text, no_wrap=True, overflow="ellipsis", end="")
