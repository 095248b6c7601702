"""What the heatmap draws in each cell, and how many weeks fit a width.

Every kind of day has its own glyph as well as its colour, so the map reads
the same in a 16-colour terminal, under `NO_COLOR` or in the monochrome
theme; the legend (heat_legend.py) names each one.
"""

from __future__ import annotations

LEVEL_GLYPHS = ("○", "░", "▒", "▓", "█")
"""Glyph of each level: 0 is a scheduled day not won (missed, or today not yet),
1-4 a won day from the lowest rung (or fewest ladders) to the highest."""
MISSED_GLYPH = LEVEL_GLYPHS[0]
REST_GLYPH = "–"
OFF_GLYPH = "·"
"""Not scheduled (and not won): a day off."""
BEFORE_GLYPH = " "
"""Before the ladder started (or before the first one did): nothing to show."""
FUTURE_GLYPH = "…"
"""After today: still to come."""
MARKER_GLYPHS = {"climb": "▲", "drop-back": "▼", "halve": "▽", "edit": "◆"}
"""Glyphs of level changes; they replace the day's glyph but keep its colour."""

LABEL_WIDTH = 5
"""Cells left of the grid: weekday labels, and the year above them."""
GRID_TOP = 1
"""Rows above a block's grid: the month labels."""
YEAR_WEEKS = 53
"""Week columns of one block: a whole year, whatever day it ends on."""
BLOCK_ROWS = GRID_TOP + 7 + 1
"""Month row, seven weekdays and a blank line: one block (a year) of the grid."""
MAX_BLOCKS = 5
"""Taller panes stack up to this many years, the newest on top."""

def layout(width: int) -> tuple[int, int]:
    """(cell width, weeks per block) at `width`: a gap between weeks when a whole
    year still fits with it, one cell a week otherwise (a year in 58 columns)."""
    room = max(0, width - LABEL_WIDTH)
    if room // 2 >= YEAR_WEEKS:
        return 2, YEAR_WEEKS
    return 1, max(1, min(YEAR_WEEKS, room))
