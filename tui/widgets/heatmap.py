"""The heatmap: a GitHub-style grid of days, one column a week, with a day cursor.

One widget draws the whole grid line by line (`render_line`) instead of one
widget per day: a year is 371 cells, ten years of scrolling would be
thousands, and the Line API lets a check-off repaint just the cell it changed.

Every cell carries a glyph as well as a colour, so the map reads the same in a
16-colour terminal, under `NO_COLOR` or in the monochrome theme.

Attributes down, messages up: the screen assigns `days` (a new dict each time)
and `today`, and moves the cursor with `move` (its keys come from the app's
table of actions); the widget posts `CursorMoved` and never changes any data.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from smallwins.core.dates import FIRST_DAY
from smallwins.core.heatmap import HeatDay, weeks_window

LEVEL_GLYPHS = ("·", "░", "▒", "▓", "█")
"""Glyph of each level, 0 (nothing won) to 4: intensity without colour."""
REST_GLYPH = "-"
MARKER_GLYPHS = {"climb": "▲", "drop-back": "▼", "halve": "▽", "edit": "◆"}
"""Glyphs of level changes; they replace the level glyph but keep its colour."""

LABEL_WIDTH = 5
"""Cells left of the grid: weekday labels, and the year above them."""
CELL_WIDTH = 2
GRID_TOP = 1
"""Rows above the grid: the month labels."""
ROWS = GRID_TOP + 7 + 2
"""Month row, seven weekdays, and two legend rows."""

_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LABELLED_WEEKDAYS = frozenset({0, 2, 4})  # Mon, Wed, Fri: every other row, as GitHub does
_MARKER_LEGEND = "▲ climb  ▼ drop back  ▽ halve  ◆ edit"
# Past this many changed cells one full repaint is cheaper than many regions.
_MAX_CELL_REFRESHES = 32


class HeatmapWidget(Widget, can_focus=True):
    """A year-at-a-glance grid of one ladder's days, or all ladders', with a day cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--level-0",
        "heatmap--level-1",
        "heatmap--level-2",
        "heatmap--level-3",
        "heatmap--level-4",
        "heatmap--cursor",
        "heatmap--label",
        "heatmap--today",
    }

    DEFAULT_CSS = """
    HeatmapWidget {
        height: 10;
        width: 1fr;
        min-width: 9;
    }
    HeatmapWidget > .heatmap--level-0 { color: $heatmap-0; }
    HeatmapWidget > .heatmap--level-1 { color: $heatmap-1; }
    HeatmapWidget > .heatmap--level-2 { color: $heatmap-2; }
    HeatmapWidget > .heatmap--level-3 { color: $heatmap-3; }
    HeatmapWidget > .heatmap--level-4 { color: $heatmap-4; }
    HeatmapWidget > .heatmap--label { color: $text-muted; }
    HeatmapWidget > .heatmap--cursor { text-style: reverse; }
    HeatmapWidget > .heatmap--today { text-style: bold underline; }
    """

    class _DayMessage(Message):
        """A message about one day of this heatmap."""

        def __init__(self, heatmap: HeatmapWidget, day: date) -> None:
            super().__init__()
            self.heatmap = heatmap
            self.day = day

        @property
        def control(self) -> HeatmapWidget:
            return self.heatmap

    class CursorMoved(_DayMessage):
        """The cursor is on a new day: the screen shows that day's details."""

    days: reactive[dict[date, HeatDay]] = reactive(dict, repaint=False, always_update=True,
                                                   init=False)
    """What each day shows; replaced as a whole, and only the cells that differ repaint."""
    cursor: reactive[date] = reactive(date(2000, 1, 1), repaint=False, init=False)
    """The selected day; never after `today` nor before `earliest`."""
    today: reactive[date] = reactive(date(2000, 1, 1), repaint=False, init=False)
    """The user's day: the last day that can be selected; it is underlined."""
    week_starts_on: reactive[int] = reactive(0, init=False)
    """Weekday of the top row (0 = Monday)."""
    end: reactive[date] = reactive(date(2000, 1, 1), repaint=False, init=False)
    """The last day shown: the window's rightmost column is this day's week."""
    earliest: reactive[date | None] = reactive(None, repaint=False, init=False)
    """The first day the cursor may reach (e.g. the first ladder's start), or no limit."""

    def __init__(
        self,
        today: date,
        *,
        days: dict[date, HeatDay] | None = None,
        cursor: date | None = None,
        end: date | None = None,
        week_starts_on: int = 0,
        earliest: date | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own parameter name
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.set_reactive(HeatmapWidget.today, today)
        self.set_reactive(HeatmapWidget.earliest, earliest)
        self.set_reactive(HeatmapWidget.week_starts_on, week_starts_on % 7)
        self.set_reactive(HeatmapWidget.days, days if days is not None else {})
        self.set_reactive(HeatmapWidget.cursor, self._clamp(cursor or today))
        self.set_reactive(HeatmapWidget.end, min(end or today, today))

    # ------------------------------------------------------------- geometry

    @property
    def weeks(self) -> int:
        """How many week columns fit the current width (at least one)."""
        return max(1, (self.size.width - LABEL_WIDTH) // CELL_WIDTH)

    @property
    def window(self) -> tuple[date, date]:
        """First and last day of the weeks shown, for the screen to compute `days`."""
        return weeks_window(self.end, self.weeks, self.week_starts_on)

    def cell_region(self, day: date) -> Region | None:
        """Where `day` is drawn, relative to the content, or None if it is not shown."""
        first, last = self.window
        if not first <= day <= last:
            return None
        column, row = divmod((day - first).days, 7)
        return Region(LABEL_WIDTH + column * CELL_WIDTH, GRID_TOP + row, CELL_WIDTH, 1)

    def _clamp(self, day: date) -> date:
        if day > self.today:
            return self.today
        if self.earliest is not None and day < self.earliest:
            return min(self.earliest, self.today)
        return max(day, FIRST_DAY)  # no page before the days smallwins keeps

    def _show_day(self, day: date) -> bool:
        """Move the window just enough to show `day`; True if it moved."""
        first, last = self.window
        if day < first:
            self.end = day + timedelta(weeks=self.weeks - 1)
            return True
        if day > last:
            self.end = day
            return True
        return False

    # ------------------------------------------------------------ reactives

    def validate_cursor(self, day: date) -> date:
        return self._clamp(day)

    def validate_end(self, day: date) -> date:
        return min(day, self.today)

    def validate_week_starts_on(self, weekday: int) -> int:
        return weekday % 7

    def watch_cursor(self, old: date, new: date) -> None:
        if not self._show_day(new):
            self._refresh_days((old, new))
        self.post_message(self.CursorMoved(self, new))

    def watch_today(self, old: date, new: date) -> None:
        # A rollover keeps following today when the user was looking at it.
        if self.end >= old or self.end > new:
            self.end = new
        if self.cursor == old or self.cursor > new:
            self.cursor = new
        self.refresh()

    def watch_end(self) -> None:
        self.refresh()

    def watch_earliest(self) -> None:
        self.cursor = self._clamp(self.cursor)

    def watch_week_starts_on(self) -> None:
        self._show_day(self.cursor)

    def watch_days(self, old: dict[date, HeatDay], new: dict[date, HeatDay]) -> None:
        if old is new:
            return
        first, last = self.window
        changed: list[date] = []
        day = first
        one_day = timedelta(days=1)
        while day <= last:
            if old.get(day) != new.get(day):
                changed.append(day)
                if len(changed) > _MAX_CELL_REFRESHES:
                    self.refresh()
                    return
            day += one_day
        self._refresh_days(changed)

    def _refresh_days(self, days: tuple[date, ...] | list[date]) -> None:
        regions = [region for day in days if (region := self.cell_region(day)) is not None]
        if regions:
            self.refresh(*regions)

    def on_resize(self, event: events.Resize) -> None:
        self._show_day(self.cursor)

    # ---------------------------------------------------------------- moving

    def move(self, days: int) -> None:
        """Move the cursor by `days` (never past today nor before `earliest`)."""
        # Past year 1 or 9999 there is no day to go to: stay put.
        with contextlib.suppress(OverflowError):
            self.cursor = self.cursor + timedelta(days=days)

    # ------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        """Draw one row: month labels, a weekday of the grid, or a legend row."""
        base = self.rich_style
        width = self.size.width
        if y < GRID_TOP:
            segments = self._month_row()
        elif y < GRID_TOP + 7:
            segments = self._grid_row(y - GRID_TOP, base)
        elif y == GRID_TOP + 7:
            segments = self._level_legend()
        elif y == GRID_TOP + 8:
            segments = self._marker_legend(width)
        else:
            segments = []
        return Strip(segments).adjust_cell_length(width, base)

    def _month_row(self) -> list[Segment]:
        """The year of the first column, then each month's name over its first week."""
        first, _ = self.window
        weeks = self.weeks
        cells = [" "] * (LABEL_WIDTH + weeks * CELL_WIDTH + 3)

        def put(x: int, text: str) -> None:
            cells[x : x + len(text)] = text

        put(0, str((first + timedelta(days=6)).year)[: LABEL_WIDTH - 1])
        starts = []
        for column in range(weeks):
            week_end = first + timedelta(weeks=column, days=6)
            if week_end.day <= 7:  # the 1st of a month falls in this column
                starts.append(column)
                put(LABEL_WIDTH + column * CELL_WIDTH, _MONTH_ABBR[week_end.month - 1])
        # Name the month already under way at the left edge, if its label fits.
        if not starts or starts[0] >= 2:
            put(LABEL_WIDTH, _MONTH_ABBR[first.month - 1])
        text = "".join(cells[: LABEL_WIDTH + weeks * CELL_WIDTH + 1])
        return [Segment(text, self.get_component_rich_style("heatmap--label"))]

    def _grid_row(self, row: int, base: Style) -> list[Segment]:
        """One weekday across all weeks: a glyph and a space per day."""
        first, _ = self.window
        weekday = (self.week_starts_on + row) % 7
        label_style = self.get_component_rich_style("heatmap--label")
        label = _DAY_ABBR[weekday] if weekday in _LABELLED_WEEKDAYS else ""
        segments = [Segment(label.ljust(LABEL_WIDTH), label_style)]

        levels = [self.get_component_rich_style(f"heatmap--level-{n}") for n in range(5)]
        cursor_style = self.get_component_rich_style("heatmap--cursor", partial=True)
        today_style = self.get_component_rich_style("heatmap--today", partial=True)
        days, today, cursor = self.days, self.today, self.cursor
        day = first + timedelta(days=row)
        week = timedelta(weeks=1)
        for _ in range(self.weeks):
            heat = days.get(day)
            gap_style = base
            if heat is None or not heat.in_range or day > today:
                glyph, style = " ", base
            else:
                level = min(4, max(0, heat.level))
                if heat.marker is not None and heat.marker in MARKER_GLYPHS:
                    glyph = MARKER_GLYPHS[heat.marker]
                elif heat.rest:
                    glyph = REST_GLYPH
                else:
                    glyph = LEVEL_GLYPHS[level]
                style = levels[level]
                if day == today:
                    style = style + today_style
            if day == cursor:
                style = style + cursor_style
                gap_style = base + cursor_style
            segments.append(Segment(glyph, style))
            segments.append(Segment(" ", gap_style))
            day += week
        return segments

    def _level_legend(self) -> list[Segment]:
        """`less · ░ ▒ ▓ █ more   - rest`, each glyph in its level's colour."""
        label = self.get_component_rich_style("heatmap--label")
        segments = [Segment(" " * LABEL_WIDTH + "less ", label)]
        for level, glyph in enumerate(LEVEL_GLYPHS):
            style = self.get_component_rich_style(f"heatmap--level-{level}")
            segments.append(Segment(glyph, style))
            segments.append(Segment(" ", label))
        segments.append(Segment("more   ", label))
        segments.append(Segment(REST_GLYPH, self.get_component_rich_style("heatmap--level-0")))
        segments.append(Segment(" rest", label))
        return segments

    def _marker_legend(self, width: int) -> list[Segment]:
        """What the level-change glyphs mean; unindented when the grid is narrow."""
        indent = LABEL_WIDTH if LABEL_WIDTH + len(_MARKER_LEGEND) <= width else 0
        label = self.get_component_rich_style("heatmap--label")
        return [Segment(" " * indent + _MARKER_LEGEND, label)]
