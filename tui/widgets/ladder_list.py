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

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from smallwins.core.dates import humanize_days_ago
from smallwins.core.rules import LadderState
from smallwins.tui.widgets.cells import changed_runs
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
list rather than once for every row."""

PAD_RIGHT = 1
"""A blank column between a row's text and the scrollbar."""

Cells = tuple[Text, Text, Text, Text]
"""One line of a row: marker, glyph, words (cut to fit), right-hand words."""


def segments_of(text: Text, base: Style, console: Console) -> list[Segment]:
    """`text` as segments on `base`, what `Text.render` gives, without its general
    machinery for overlapping spans (most of a row's drawing time): a row's texts
    are assembled from parts, so their spans never overlap."""
    spans = sorted(text.spans)
    if any(left.end > right.start for left, right in zip(spans, spans[1:], strict=False)):
        return list(Segment.apply_style(text.render(console, end=""), base))
    get_style = console.get_style
    own = base + get_style(text.style) if text.style else base
    plain = text.plain
    out: list[Segment] = []
    at = 0
    for start, end, style in spans:
        if start > at:
            out.append(Segment(plain[at:start], own))
        if end > start:
            out.append(Segment(plain[start:end], own + get_style(style) if style else own))
        at = max(at, end)
    if at < len(plain):
        out.append(Segment(plain[at:], own))
    return out


class LadderRow:
    """One ladder in a LadderList: its state, whether it is selected, where it sits,
    and its lines as last drawn.  Subclasses say what a row shows."""

    GAP = 0
    """Blank lines below the row (outside its selected background)."""

    def __init__(self, state: LadderState, owner: LadderList) -> None:
        self.state = state
        self.owner = owner
        self.selected = False
        self.y = 0
        """The row's first line in the list's scrolling area."""
        self.height = 1
        self._strips: tuple[int, list[Strip]] | None = None
        """The lines drawn at a width, kept until the state, selection or width change."""

    @property
    def width(self) -> int:
        """Columns the row's text has (the list's, less the gap before the scrollbar)."""
        return self.owner.row_width

    @property
    def size(self) -> Size:
        return Size(self.width, self.height)

    @property
    def virtual_region(self) -> Region:
        """Where the row sits in the list's scrolling area."""
        return Region(0, self.y, self.owner.row_width + PAD_RIGHT, self.height)

    @property
    def rich_style(self) -> Style:
        """The row's own colours: the list's, on the selection's background if selected."""
        return self.owner.row_base(self.selected)

    def has_class(self, name: str) -> bool:
        """`-selected` while selected, as a row widget had."""
        return name == "-selected" and self.selected

    def strips(self, width: int) -> list[Strip]:
        """The row's lines at `width` (its text and the gap before the scrollbar)."""
        if self._strips is not None and self._strips[0] == width:
            return self._strips[1]
        base = self.rich_style
        console = self.owner.app.console
        text_width = max(1, width - PAD_RIGHT)
        texts = self.lines(text_width)
        if texts is not None:
            lines = [segments_of(text, base, console) for text in texts]
        else:  # too narrow for the columns: Rich's table shares out what room there is
            lines = console.render_lines(self.draw(), console.options.update_width(text_width),
                                         style=base, pad=True)
        strips = [Strip(line).adjust_cell_length(width, base).simplify()
                  for line in lines[: self.height]]
        strips += [Strip.blank(width, base)] * (self.height - len(strips))
        self._strips = (width, strips)
        return strips

    def forget(self) -> None:
        """Draw again next time (the state, the selection or the styles changed)."""
        self._strips = None

    def measure(self, width: int) -> int:
        """Lines the row takes at `width` (subclasses: without rendering it)."""
        return 1

    def render(self) -> RenderableType:
        return self.draw()

    def cells(self) -> list[Cells]:
        """The row's lines as four columns: marker, glyph, words, right-hand words."""
        return []

    def note(self) -> Text | None:
        """Words under the columns, indented and wrapped (none by default)."""
        return None

    NOTE_INDENT = 4

    def draw(self) -> RenderableType:
        """The row as a Rich renderable: a grid of `cells`, then the note."""
        grid = Table.grid(expand=True, padding=(0, 1, 0, 0))
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        for row in self.cells():
            grid.add_row(*row)
        note = self.note()
        if note is None:
            return grid
        return Group(grid, Padding(note, (0, 0, 0, self.NOTE_INDENT)))

    def lines(self, width: int) -> list[Text] | None:
        """`draw()` laid out at `width` without Rich's table (which cost the first frame
        most of its time): the fixed columns, the words cut with an ellipsis, the
        right-hand column as wide as its widest cell.  None when they do not fit."""
        rows = self.cells()
        right_width = max((row[3].cell_len for row in rows), default=0)
        words_width = width - 5 - right_width  # 1 + 1 + 1 + 1, words, 1, right
        if words_width < 1:
            return None
        out = []
        for marker, glyph, words, right in rows:
            words = words.copy()
            words.truncate(words_width, overflow="ellipsis", pad=True)
            right = right.copy()
            right.align("right", right_width)
            out.append(Text.assemble(marker, " ", glyph, " ", words, " ", right, end=""))
        note = self.note()
        if note is not None:
            console = self.owner.app.console
            spanned = Text(note.plain)  # a span, not the base style: wrapping keeps spans
            spanned.stylize(note.style)
            for line in spanned.wrap(console, max(1, width - self.NOTE_INDENT)):
                line.pad_left(self.NOTE_INDENT)
                line.truncate(width, pad=True)
                out.append(line)
        return out

    def _style(self, name: str) -> str:
        return self.owner.row_style(name)

    def _marker(self) -> Text:
        return Text(SELECTED if self.selected else " ", style=self._style("ladder-row--marker"))


class TodayRow(LadderRow):
    """Today's rung, done or not, streak and hold; a note after a drop back."""

    GAP = 1

    def measure(self, width: int) -> int:
        """Two lines, and the drop-back note's lines as they wrap at `width`."""
        note = drop_note(self.state)
        if not note:
            return 2
        lines = Text(note).wrap(self.owner.app.console, max(1, width - self.NOTE_INDENT))
        return 2 + len(lines)

    def cells(self) -> list[Cells]:
        state = self.state
        glyph, glyph_class = mark_glyph(state)
        muted = self._style("ladder-row--muted")
        ready = self._style("ladder-row--ready")
        narrow = 0 < self.width < NARROW
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
        rung = Text(state.rung, style="bold" if not state.done_today else "")
        return [(self._marker(), Text(glyph, style=self._style(glyph_class)), rung, right),
                (Text(" "), Text(" "), Text(state.ladder.identity, style=muted), status)]

    def note(self) -> Text | None:
        note = drop_note(self.state)
        return Text(note, style=self._style("ladder-row--note")) if note else None


class NameRow(LadderRow):
    """A one-line row for the ladder picker: today's mark and the rung (⊘ if archived)."""

    def cells(self) -> list[Cells]:
        state = self.state
        if state.ladder.archived:
            muted = self._style("ladder-row--muted")
            return [(self._marker(), Text(ARCHIVED, style=muted),
                     Text(state.rung, style=muted), Text("archived", style=muted))]
        glyph, glyph_class = mark_glyph(state)
        ready = Text("▲" if state.ready_to_climb else "",
                     style=self._style("ladder-row--ready"))
        return [(self._marker(), Text(glyph, style=self._style(glyph_class)),
                 Text(state.rung), ready)]


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
