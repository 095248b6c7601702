"""A scrolling list of ladders with one selected row, drawn from LadderStates.

The whole list is ONE widget drawn line by line (`render_line`, Textual's
Line API, like its `Log`): a row is a small object that renders its lines on
demand, cached until its state, its selection or the width changes.  One
widget instead of one per ladder keeps the first frame close to a bare app's
(Textual composing and styling twenty widgets cost more than the data), and
a check-off compares the row's lines before and after and repaints only the
cells that changed (the terminal gets a few hundred bytes, not a screen).

The list never takes focus: the screen moves the selection with its own keys,
so `j`/`k` and the arrows behave the same whatever else is on the screen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from smallwins.core.rules import LadderState
from smallwins.tui.widgets.cells import changed_runs
from smallwins.tui.widgets.ladder_rows import (
    ARCHIVED,
    DONE,
    OFF,
    PAD_RIGHT,
    REST,
    ROW_STYLES,
    SELECTED,
    TODO,
    LadderRow,
    NameRow,
    TodayRow,
    drop_note,
    mark_glyph,
)
from smallwins.tui.widgets.styling import text_style

__all__ = [
    "ARCHIVED", "DONE", "OFF", "PAD_RIGHT", "REST", "SELECTED", "TODO", "LadderList",
    "LadderRow", "NameRow", "TodayRow", "drop_note", "mark_glyph",
]

class LadderList(ScrollView, can_focus=False):
    """Rows of ladders in display order, one of them selected."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*ROW_STYLES, "ladder-row--selected"}

    DEFAULT_CSS = """
    LadderList {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    LadderList > .ladder-row--selected { background: $primary 15%; }
    LadderList > .ladder-row--done { color: $success; text-style: bold; }
    LadderList > .ladder-row--todo { color: $warning; text-style: bold; }
    LadderList > .ladder-row--rest { color: $text-muted; }
    LadderList > .ladder-row--off { color: $text-muted; }
    LadderList > .ladder-row--muted { color: $text-muted; }
    LadderList > .ladder-row--ready { color: $accent; text-style: bold; }
    LadderList > .ladder-row--note { color: $text-muted; text-style: italic; }
    LadderList > .ladder-row--marker { color: $accent; text-style: bold; }
    """

    class Selected(Message):
        """The selection moved to another ladder."""

        def __init__(self, ladder_id: str | None) -> None:
            super().__init__()
            self.ladder_id = ladder_id

    def __init__(self, row_type: type[LadderRow], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.row_type = row_type
        self.rows: dict[str, LadderRow] = {}
        self.index = 0
        self._announced: str | None = None
        self._order: list[LadderRow] = []
        self._starts: list[int] = []
        self._laid_out_at = -1
        """The row width the rows' places were computed for."""
        self._row_styles: dict[str, str] = {}
        self._bases: dict[bool, Style] = {}
        """Styles worked out once until the styles change (a theme, a class)."""

    # ------------------------------------------------------------- styles

    def row_style(self, name: str) -> str:
        """A row component class's style, as text for Rich (see `text_style`)."""
        style = self._row_styles.get(name)
        if style is None:
            style = self._row_styles[name] = text_style(self, name)
        return style

    def row_base(self, selected: bool) -> Style:
        """A row's base style: the list's own, on the selection's background if selected."""
        base = self._bases.get(selected)
        if base is None:
            base = self.rich_style
            if selected:
                background = self.get_component_rich_style("ladder-row--selected").bgcolor
                base = base + Style(bgcolor=background)
            self._bases[selected] = base
        return base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_styles.clear()
        self._bases.clear()
        for row in self._order:
            row.forget()

    @property
    def row_width(self) -> int:
        """Columns a row's text has: the list's width less the scrollbar and the gap."""
        return max(0, self.scrollable_content_region.width - PAD_RIGHT)

    # ------------------------------------------------------------- layout

    def _lay_out(self) -> None:
        """Each row's place and height at the current width; the scrolling area's size."""
        width = self.row_width
        y = 0
        self._starts = []
        for row in self._order:
            height = row.measure(width) if width > 0 else 1
            if height != row.height:
                row.height = height
                row.forget()
            row.y = y
            self._starts.append(y)
            y += height + row.GAP
        self._laid_out_at = width
        self.virtual_size = Size(width + PAD_RIGHT, y)

    def on_resize(self, event: events.Resize) -> None:
        if self.row_width != self._laid_out_at:
            self._lay_out()
            self.refresh()
        self._reveal()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = self.scroll_offset.y + y
        at = bisect_right(self._starts, line) - 1
        if at >= 0:
            row = self._order[at]
            inside = line - row.y
            if inside < row.height:
                return row.strips(width)[inside]
        return Strip.blank(width, base)

    # ------------------------------------------------------------- drawing

    @property
    def selected_id(self) -> str | None:
        ids = list(self.rows)
        return ids[self.index] if 0 <= self.index < len(ids) else None

    def show(
        self,
        states: Sequence[LadderState],
        changed: frozenset[str] | None,
        select: str | None = None,
    ) -> None:
        """Draw `states`; only the rows named in `changed` when the list is the same."""
        ids = [s.id for s in states]
        if changed is not None and ids == list(self.rows):
            for state in states:
                if state.id in changed:
                    self._show_row(self.rows[state.id], state)
            return
        keep = select if select is not None else self.selected_id
        self.rows = {state.id: self.row_type(state, self) for state in states}
        self._order = list(self.rows.values())
        self._lay_out()
        self.refresh()
        self.move_to(keep)

    def _show_row(self, row: LadderRow, state: LadderState) -> None:
        """A new state for one row: repaint only the cells that changed, or everything
        below it when its height did."""
        width = self.scrollable_content_region.width
        before = row.strips(width) if width > 0 else None
        row.state = state
        row.forget()
        if before is None or row.measure(self.row_width) != row.height:
            self._lay_out()
            self.refresh()
            return
        top = row.y - self.scroll_offset.y
        regions = [Region(start, top + y, end - start, 1)
                   for y, (old, new) in enumerate(zip(before, row.strips(width), strict=True))
                   if old is not new
                   for start, end in changed_runs(old, new)]
        if regions:
            self.refresh(*regions)

    def _repaint_row(self, row: LadderRow) -> None:
        row.forget()
        self.refresh(Region(0, row.y - self.scroll_offset.y,
                            self.scrollable_content_region.width, row.height))

    def move_to(self, ladder_id: str | None) -> None:
        """Select `ladder_id` (or keep the position when it is gone)."""
        ids = list(self.rows)
        if ladder_id in self.rows:
            self._select(ids.index(ladder_id))
        else:
            self._select(min(self.index, len(ids) - 1))

    def move(self, delta: int) -> None:
        if self.rows:
            self._select(max(0, min(len(self.rows) - 1, self.index + delta)))

    def _select(self, index: int) -> None:
        index = max(0, index)
        for position, row in enumerate(self._order):
            selected = position == index
            if row.selected != selected:
                row.selected = selected
                self._repaint_row(row)
        self.index = index
        self._reveal()
        if self.selected_id != self._announced:
            self._announced = self.selected_id
            self.post_message(self.Selected(self.selected_id))

    def _reveal(self) -> None:
        """Scroll the selected row (and the gap below it) into view."""
        if 0 <= self.index < len(self._order) and self.size.height > 0:
            row = self._order[self.index]
            self.scroll_to_region(Region(0, row.y, 1, row.height + row.GAP), animate=False,
                                  force=True, immediate=True)
