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
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from smallwins.core.dates import FIRST_DAY
from smallwins.core.heatmap import HeatDay, weeks_window
from smallwins.tui.widgets.heat_glyphs import (
    BEFORE_GLYPH,
    BLOCK_ROWS,
    FUTURE_GLYPH,
    GRID_TOP,
    LABEL_WIDTH,
    LEVEL_GLYPHS,
    MARKER_GLYPHS,
    MAX_BLOCKS,
    MISSED_GLYPH,
    OFF_GLYPH,
    REST_GLYPH,
    YEAR_WEEKS,
    layout,
)
from smallwins.tui.widgets.heat_legend import legend
from smallwins.tui.widgets.heat_rows import grid_row, month_row

__all__ = [
    "BEFORE_GLYPH", "BLOCK_ROWS", "FUTURE_GLYPH", "GRID_TOP", "LABEL_WIDTH", "LEVEL_GLYPHS",
    "MARKER_GLYPHS", "MAX_BLOCKS", "MISSED_GLYPH", "OFF_GLYPH", "REST_GLYPH", "YEAR_WEEKS",
    "HeatmapWidget", "layout",
]

# Past this many changed cells one full repaint is cheaper than many regions.
_MAX_CELL_REFRESHES = 32


class HeatmapWidget(Widget, can_focus=True):
    """A year-at-a-glance grid of one ladder's days, or all ladders', with a day cursor.

    A taller pane stacks the years before under this one (one block of 53
    weeks each, newest on top); the legend names every glyph below them.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--level-0",
        "heatmap--level-1",
        "heatmap--level-2",
        "heatmap--level-3",
        "heatmap--level-4",
        "heatmap--rest",
        "heatmap--missed",
        "heatmap--off",
        "heatmap--future",
        "heatmap--cursor",
        "heatmap--label",
        "heatmap--today",
    }

    DEFAULT_CSS = """
    HeatmapWidget {
        height: 1fr;
        width: 1fr;
        min-width: 9;
    }
    HeatmapWidget > .heatmap--level-0 { color: $heatmap-0; }
    HeatmapWidget > .heatmap--level-1 { color: $heatmap-1; }
    HeatmapWidget > .heatmap--level-2 { color: $heatmap-2; }
    HeatmapWidget > .heatmap--level-3 { color: $heatmap-3; }
    HeatmapWidget > .heatmap--level-4 { color: $heatmap-4; }
    HeatmapWidget > .heatmap--missed { color: $heatmap-0; }
    HeatmapWidget > .heatmap--rest { color: $text-muted; }
    HeatmapWidget > .heatmap--off { color: $text-muted; }
    HeatmapWidget > .heatmap--future { color: $text-muted; }
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
    markers_on_cursor_row: reactive[bool] = reactive(False, init=False)
    """Level changes only on the cursor's weekday row (all ladders: so many changes
    would drown the levels); else on every day."""
    share: reactive[bool] = reactive(False, init=False)
    """Levels are the share of ladders won (all ladders), not the rung: the legend says so."""

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
    def cell_width(self) -> int:
        """Columns per week: 2 (a gap) when a whole year fits with it, else 1."""
        return layout(self.size.width)[0]

    @property
    def weeks(self) -> int:
        """Week columns of one block: as many as fit the width, at most a year."""
        return layout(self.size.width)[1]

    @property
    def legend_lines(self) -> list[list[Segment]]:
        """The legend, flowed into lines of the current width."""
        return legend(self, self.size.width)

    @property
    def blocks(self) -> int:
        """How many blocks (years) the height holds: always one, at most MAX_BLOCKS."""
        room = self.size.height - len(self.legend_lines)
        fit = max(1, min(MAX_BLOCKS, room // BLOCK_ROWS))
        if self.earliest is None:
            return fit
        # No block of years before the first start: they would be empty.
        needed = (self.end - self.earliest).days // 7 // self.weeks + 1
        return max(1, min(fit, needed))

    @property
    def window(self) -> tuple[date, date]:
        """First and last day of every block shown, for the screen to compute `days`."""
        weeks = self.weeks
        first, last = weeks_window(self.end, weeks * self.blocks, self.week_starts_on)
        return first, last

    def block_first(self, block: int) -> date:
        """The first day of block `block` (0 = the newest, at the top)."""
        _, last = self.window
        return last + timedelta(days=1) - timedelta(weeks=self.weeks * (block + 1))

    def cell_region(self, day: date) -> Region | None:
        """Where `day` is drawn, relative to the content, or None if it is not shown."""
        first, last = self.window
        if not first <= day <= last:
            return None
        weeks_back = (last - day).days // 7
        block = weeks_back // self.weeks
        column, row = divmod((day - self.block_first(block)).days, 7)
        cell = self.cell_width
        return Region(LABEL_WIDTH + column * cell, block * BLOCK_ROWS + GRID_TOP + row, cell, 1)

    def on_mount(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        """At least one whole block and its legend, scrolled in a short pane."""
        wanted = BLOCK_ROWS + len(legend(self, self.size.width or 80))
        if self.styles.min_height is None or self.styles.min_height.value != wanted:
            self.styles.min_height = wanted

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
            if self.markers_on_cursor_row and old.weekday() != new.weekday():
                self._refresh_rows(old, new)
            else:
                self._refresh_days((old, new))
        self.post_message(self.CursorMoved(self, new))

    def _refresh_rows(self, *days: date) -> None:
        """Repaint the weekday rows of `days` in every block (markers follow the cursor)."""
        width = self.size.width
        regions = []
        for day in days:
            region = self.cell_region(day)
            if region is None:
                continue
            row = region.y % BLOCK_ROWS
            regions += [Region(0, block * BLOCK_ROWS + row, width, 1)
                        for block in range(self.blocks)]
        if regions:
            self.refresh(*regions)

    def watch_markers_on_cursor_row(self) -> None:
        self.refresh()

    def watch_share(self) -> None:
        self.refresh()

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
        self.refresh()

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
        self._fit_height()
        self._show_day(self.cursor)

    # ---------------------------------------------------------------- moving

    def move(self, days: int) -> None:
        """Move the cursor by `days` (never past today nor before `earliest`)."""
        # Past year 1 or 9999 there is no day to go to: stay put.
        with contextlib.suppress(OverflowError):
            self.cursor = self.cursor + timedelta(days=days)

    # ------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        """Draw one row: a block's month labels or weekday, or a legend line."""
        base = self.rich_style
        width = self.size.width
        blocks = self.blocks
        block, row = divmod(y, BLOCK_ROWS)
        if block < blocks:
            if row < GRID_TOP:
                segments = month_row(self.block_first(block), self.weeks, self.cell_width,
                                     self.get_component_rich_style("heatmap--label"))
            elif row < GRID_TOP + 7:
                segments = grid_row(self, self.block_first(block), row - GRID_TOP, base)
            else:
                segments = []
        else:
            lines = self.legend_lines
            index = y - blocks * BLOCK_ROWS
            segments = lines[index] if 0 <= index < len(lines) else []
        return Strip(segments).adjust_cell_length(width, base)
