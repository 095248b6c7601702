"""Drawing the heatmap's lines: a block's month labels, and one weekday across its weeks.

Kept apart from the widget (`heatmap.py`), which owns the geometry, the cursor
and what to repaint: these functions only turn days into glyphs and styles.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style

from smallwins.tui.widgets.heat_glyphs import (
    BEFORE_GLYPH,
    FUTURE_GLYPH,
    LABEL_WIDTH,
    LEVEL_GLYPHS,
    MARKER_GLYPHS,
    MISSED_GLYPH,
    OFF_GLYPH,
    REST_GLYPH,
)

if TYPE_CHECKING:
    from smallwins.tui.widgets.heatmap import HeatmapWidget

DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LABELLED_WEEKDAYS = frozenset({0, 2, 4})  # Mon, Wed, Fri: every other row, as GitHub does


def month_row(first: date, weeks: int, cell: int, style: Style) -> list[Segment]:
    """The block starting on `first`: its year, then each month's name over its
    first week, never touching."""
    size = LABEL_WIDTH + weeks * cell
    cells = [" "] * (size + 3)
    taken = 0  # the first free column after the last label and its space

    def put(x: int, text: str) -> None:
        nonlocal taken
        if x >= taken and x + len(text) <= size:
            cells[x : x + len(text)] = text
            taken = x + len(text) + 1

    put(0, str((first + timedelta(days=6)).year)[: LABEL_WIDTH - 1])
    starts = []
    for column in range(weeks):
        week_end = first + timedelta(weeks=column, days=6)
        if week_end.day <= 7:  # the 1st of a month falls in this column
            starts.append(column)
    # Name the month already under way at the left edge, if it does not crowd the next.
    if not starts or starts[0] * cell >= 4:
        put(LABEL_WIDTH, MONTH_ABBR[first.month - 1])
    for column in starts:
        week_end = first + timedelta(weeks=column, days=6)
        put(LABEL_WIDTH + column * cell, MONTH_ABBR[week_end.month - 1])
    return [Segment("".join(cells[:size]), style)]


def grid_row(heatmap: HeatmapWidget, first: date, row: int, base: Style) -> list[Segment]:
    """Row `row` of the block starting on `first`: one weekday across the weeks,
    a glyph (and a gap) per day, in the heatmap's styles."""
    weekday = (heatmap.week_starts_on + row) % 7
    style_of = heatmap.get_component_rich_style
    label = DAY_ABBR[weekday] if weekday in LABELLED_WEEKDAYS else ""
    segments = [Segment(label.ljust(LABEL_WIDTH), style_of("heatmap--label"))]

    levels = [style_of(f"heatmap--level-{n}") for n in range(5)]
    rest, missed, off, future = (style_of(f"heatmap--{name}")
                                 for name in ("rest", "missed", "off", "future"))
    cursor_style = style_of("heatmap--cursor", partial=True)
    today_style = style_of("heatmap--today", partial=True)
    days, today, cursor = heatmap.days, heatmap.today, heatmap.cursor
    markers = not heatmap.markers_on_cursor_row or cursor.weekday() == weekday
    gap = heatmap.cell_width > 1
    day = first + timedelta(days=row)
    week = timedelta(weeks=1)
    for _ in range(heatmap.weeks):
        heat = days.get(day)
        gap_style = base
        if day > today:
            glyph, style = FUTURE_GLYPH, future
        elif heat is None or not heat.in_range:
            glyph, style = BEFORE_GLYPH, base
        else:
            level = min(4, max(0, heat.level))
            if heat.rest and not heat.won:
                glyph, style = REST_GLYPH, rest
            elif level > 0 or heat.won:
                glyph, style = LEVEL_GLYPHS[max(1, level)], levels[max(1, level)]
            elif heat.scheduled:
                glyph, style = MISSED_GLYPH, missed
            else:
                glyph, style = OFF_GLYPH, off
            if markers and heat.marker is not None and heat.marker in MARKER_GLYPHS:
                glyph = MARKER_GLYPHS[heat.marker]
            if day == today:
                style = style + today_style
        if day == cursor:
            style = style + cursor_style
            gap_style = base + cursor_style
        segments.append(Segment(glyph, style))
        if gap:
            segments.append(Segment(" ", gap_style))
        day += week
    return segments
