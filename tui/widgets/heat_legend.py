"""The heatmap's legend: every glyph it draws, named, flowed into the width it has.

Won days by level, rest, missed, not scheduled, future, before the start,
and the level changes.  Each glyph is drawn in the style the grid uses for
it, so the legend is also the key to the colours; the words alone suffice
without colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment

from smallwins.tui.widgets.heat_glyphs import (
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

GAP = 2
"""Spaces between two items of a legend line."""


def items(widget: HeatmapWidget) -> list[list[tuple[str, str]]]:
    """The legend's items, each a list of (text, component class or '' for words)."""
    won: list[tuple[str, str]] = [(glyph, f"heatmap--level-{n}")
                                  for n, glyph in enumerate(LEVEL_GLYPHS) if n > 0]
    won.append((" won, more ladders" if widget.share else " won, higher rung", ""))
    out = [
        won,
        [(MISSED_GLYPH, "heatmap--missed"), (" missed", "")],
        [(REST_GLYPH, "heatmap--rest"), (" rest", "")],
        [(OFF_GLYPH, "heatmap--off"), (" not scheduled", "")],
        [(FUTURE_GLYPH, "heatmap--future"), (" future", "")],
        [("blank: before the start", "")],
    ]
    names = {"climb": "climb", "drop-back": "drop back", "halve": "halve", "edit": "edit"}
    for reason, glyph in MARKER_GLYPHS.items():
        out.append([(glyph, "heatmap--label"), (f" {names[reason]}", "")])
    if widget.markers_on_cursor_row:
        out.append([("".join(MARKER_GLYPHS.values()), "heatmap--label"),
                    (" on the cursor's row", "")])
    return out


def legend(widget: HeatmapWidget, width: int) -> list[list[Segment]]:
    """The legend's lines at `width`, indented like the grid when it fits."""
    label = widget.get_component_rich_style("heatmap--label")
    indent = LABEL_WIDTH if width >= 50 else 0
    room = max(1, width - indent)
    lines: list[list[Segment]] = []
    line: list[Segment] = []
    used = 0
    for item in items(widget):
        size = sum(len(text) for text, _ in item)
        if line and used + GAP + size > room:
            lines.append(line)
            line, used = [], 0
        if line:
            line.append(Segment(" " * GAP, label))
            used += GAP
        elif indent:
            line.append(Segment(" " * indent, label))
        for text, name in item:
            line.append(Segment(text, widget.get_component_rich_style(name) if name else label))
        used += size
    if line:
        lines.append(line)
    return lines
