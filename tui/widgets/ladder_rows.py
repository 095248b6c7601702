"""A ladder's row in the ladder list: what it shows, laid out line by line.

A row is not a widget: the list (`ladder_list.py`) draws every row itself,
line by line.  A row says its cells (marker, glyph, words, right-hand words)
and an optional note; it lays them out at a width and turns them into
segments without `rich.table` or `Text.render`, which were most of the first
frame's cost.  `draw()` still builds the equivalent Rich table, used when
the columns do not fit, and tests hold the two to the same cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip

from smallwins.core.dates import humanize_days_ago
from smallwins.core.rules import LadderState

if TYPE_CHECKING:
    from smallwins.tui.widgets.ladder_list import LadderList

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
