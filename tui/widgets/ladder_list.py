"""A scrolling list of ladders with one selected row, drawn from LadderStates.

Each ladder is its own small widget, so a check-off repaints one row and not
the whole list (the terminal gets a few hundred bytes, not a screen).  The
list never takes focus: the screen moves the selection with its own keys,
so `j`/`k` and the arrows behave the same whatever else is on the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.message import Message
from textual.widget import Widget

from smallwins.core.dates import humanize_days_ago
from smallwins.core.rules import LadderState
from smallwins.tui.widgets.styling import text_style

DONE, TODO, REST, OFF = "✔", "○", "–", "·"
"""Glyphs of a day's mark: done and not done differ without colour."""
ARCHIVED = "⊘"
"""Marks an archived ladder (with the word), shown on the Ladders screen on request."""
SELECTED = "▸"
"""Marks the selected row, so the selection shows without colour too."""

NARROW = 56
"""Below this width a row uses shorter words."""

DROP_NOTE_DAYS = 7
"""For how many days after a drop back the Today row says so."""


def mark_glyph(state: LadderState) -> tuple[str, str]:
    """The glyph of today's mark and the component class that colours it."""
    if state.done_today:
        return DONE, "ladder-row--done"
    if state.rest_today:
        return REST, "ladder-row--rest"
    if not state.scheduled_today:
        return OFF, "ladder-row--off"
    return TODO, "ladder-row--todo"


def drop_note(state: LadderState) -> str | None:
    """A kind word after a recent drop back, naming the missed day; else None."""
    drop = state.last_drop
    if drop is None or drop.missed is None:
        return None
    if (state.today - drop.day).days > DROP_NOTE_DAYS:
        return None
    missed = humanize_days_ago(drop.missed, state.today)
    return f"Missed {missed}, so back to {state.rung} for now. No harm done: keep going."


ROW_STYLES = (
    "ladder-row--done",
    "ladder-row--todo",
    "ladder-row--rest",
    "ladder-row--off",
    "ladder-row--muted",
    "ladder-row--ready",
    "ladder-row--note",
    "ladder-row--marker",
)
"""Component classes of the rows, held by their LadderList: styled once for the
list rather than once for every row (which dominated the first frame)."""


class LadderRow(Widget):
    """One ladder in a LadderList.  Subclasses say what a row shows."""

    DEFAULT_CSS = """
    LadderRow {
        height: auto;
        width: 1fr;
        padding: 0 1 0 0;
    }
    LadderRow.-selected { background: $primary 15%; }
    """

    def __init__(self, state: LadderState) -> None:
        super().__init__()
        self.state = state
        self.selected = False
        self._shown: tuple[int, list[list[Segment]]] | None = None
        """The lines of the last `show` at a width, so the next one renders once."""

    def show(self, state: LadderState) -> None:
        """Draw a new state: only the lines that changed, or the whole row when its
        height did (a check-off then sends a few hundred bytes, not the row)."""
        width = self.size.width
        shown = self._shown
        before = shown[1] if shown and shown[0] == width else None
        if before is None and width > 0:
            before = self._lines(width)
        self.state = state
        self._shown = None
        if before is None or self.measure(width) != self.size.height:
            self.refresh(layout=True)
            return
        after = self._lines(width)
        self._shown = (width, after)
        if len(after) != len(before):
            self.refresh(layout=True)
            return
        changed = [Region(0, y, width, 1)
                   for y, (old, new) in enumerate(zip(before, after, strict=True))
                   if old != new]
        if changed:
            self.refresh(*changed)

    def _lines(self, width: int) -> list[list[Segment]]:
        """The row as rendered at `width`: what `show` compares line by line."""
        console = self.app.console
        return console.render_lines(self.draw(), console.options.update_width(width), pad=False)

    def select(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self._shown = None
            self.set_class(selected, "-selected")
            self.refresh()

    def measure(self, width: int) -> int:
        """Lines the row takes at `width` (subclasses: without rendering it)."""
        return 1

    def render(self) -> RenderableType:
        return self.draw()

    def draw(self) -> RenderableType:
        """The row as a Rich renderable (subclasses say what it shows)."""
        return Text("")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.measure(width)

    def _style(self, name: str) -> str:
        owner = self.parent if isinstance(self.parent, LadderList) else None
        if owner is None:
            return ""
        return owner.row_style(name)

    def _marker(self) -> Text:
        return Text(SELECTED if self.selected else " ", style=self._style("ladder-row--marker"))

    def _grid(self) -> Table:
        grid = Table.grid(expand=True, padding=(0, 1, 0, 0))
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        return grid


class TodayRow(LadderRow):
    """Today's rung, done or not, streak and hold; a note after a drop back."""

    NOTE_INDENT = 4

    def measure(self, width: int) -> int:
        """Two lines, and the drop-back note's lines as they wrap at `width`."""
        note = drop_note(self.state)
        if not note:
            return 2
        lines = Text(note).wrap(self.app.console, max(1, width - self.NOTE_INDENT))
        return 2 + len(lines)

    def draw(self) -> RenderableType:
        state = self.state
        glyph, glyph_class = mark_glyph(state)
        muted = self._style("ladder-row--muted")
        ready = self._style("ladder-row--ready")
        narrow = 0 < self.size.width < NARROW
        hold = f"{state.hold_progress}/{state.ladder.hold}"
        if narrow:
            # Short words at the right, so the rung keeps most of a narrow line.
            right = Text.assemble(("hold ", muted), hold)
        else:
            right = Text.assemble(("streak ", muted), str(state.streak), ("  hold ", muted), hold)
        if state.ready_to_climb:
            status = Text("▲ climb" if narrow else "▲ ready to climb", style=ready)
        elif state.rest_today:
            status = Text("rest day", style=muted)
        elif not state.scheduled_today:
            status = Text("bonus vote" if state.done_today else "day off", style=muted)
        elif narrow:
            status = Text.assemble(("streak ", muted), str(state.streak))
        else:
            status = Text("")
        grid = self._grid()
        rung = Text(state.rung, style="bold" if not state.done_today else "")
        grid.add_row(self._marker(), Text(glyph, style=self._style(glyph_class)), rung, right)
        grid.add_row("", "", Text(state.ladder.identity, style=muted), status)
        note = drop_note(state)
        if note:
            return Group(grid, Padding(Text(note, style=self._style("ladder-row--note")),
                                       (0, 0, 0, self.NOTE_INDENT)))
        return grid


class NameRow(LadderRow):
    """A one-line row for the ladder picker: today's mark and the rung (⊘ if archived)."""

    def draw(self) -> RenderableType:
        state = self.state
        grid = self._grid()
        if state.ladder.archived:
            muted = self._style("ladder-row--muted")
            grid.add_row(self._marker(), Text(ARCHIVED, style=muted),
                         Text(state.rung, style=muted), Text("archived", style=muted))
            return grid
        glyph, glyph_class = mark_glyph(state)
        ready = Text("▲", style=self._style("ladder-row--ready")) if state.ready_to_climb else ""
        grid.add_row(self._marker(), Text(glyph, style=self._style(glyph_class)),
                     Text(state.rung), ready)
        return grid


class LadderList(VerticalScroll, can_focus=False):
    """Rows of ladders in display order, one of them selected."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(ROW_STYLES)

    DEFAULT_CSS = """
    LadderList {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
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

    def row_style(self, name: str) -> str:
        """A row component class's style, as text for Rich (see `text_style`)."""
        return text_style(self, name)

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
                    self.rows[state.id].show(state)
            return
        keep = select if select is not None else self.selected_id
        self.remove_children()
        self.rows = {state.id: self.row_type(state) for state in states}
        if self.rows:
            self.mount_all(self.rows.values())
        self.move_to(keep)

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
        rows = list(self.rows.values())
        for position, row in enumerate(rows):
            row.select(position == index)
        self.index = index
        if rows:
            self.call_after_refresh(self._reveal, rows[index])
        if self.selected_id != self._announced:
            self._announced = self.selected_id
            self.post_message(self.Selected(self.selected_id))

    def _reveal(self, row: LadderRow) -> None:
        if row.is_mounted:
            self.scroll_to_widget(row, animate=False)
