"""The review of a week, a month or a year, drawn for the Review screen.

Per identity: its votes in the period and in all; per ladder: the rung at
the period's start against now, the counts of the days and of the rungs,
the best streak, a step chart of the target as wide as the screen allows,
and the period's notes.  The words come from core/review.py, as
`smallwins review` prints them.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from smallwins.core.model import format_num
from smallwins.core.notes import one_line
from smallwins.core.review import (
    Review,
    chart_labels,
    counts_words,
    heading,
    note_words,
    plural,
    step_chart,
)

CHART_INDENT = 4
LABEL_ROOM = 10
"""Columns kept beside the chart for its labels (`3,575`)."""


class ReviewWidget(Widget):
    """Every identity's block of one review, as tall as it needs (its screen scrolls)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "review--heading",
        "review--identity",
        "review--ladder",
        "review--muted",
        "review--chart",
        "review--note",
    }

    DEFAULT_CSS = """
    ReviewWidget { height: auto; width: 1fr; padding: 0 1; }
    ReviewWidget > .review--heading { text-style: bold; }
    ReviewWidget > .review--identity { color: $primary; text-style: bold; }
    ReviewWidget > .review--ladder { text-style: bold; }
    ReviewWidget > .review--muted { color: $text-muted; }
    ReviewWidget > .review--chart { color: $success; }
    ReviewWidget > .review--note { color: $text-muted; text-style: italic; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.result: Review | None = None

    def show(self, result: Review) -> None:
        self.result = result
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        console = self.app.console
        options = console.options.update_width(max(1, width))
        return len(console.render_lines(self.render_at(width), options, pad=False))

    def render(self) -> RenderableType:
        return self.render_at(self.content_region.width)

    def _s(self, name: str) -> str:
        return str(self.get_component_rich_style(name, partial=True))

    def render_at(self, width: int) -> RenderableType:
        result = self.result
        if result is None:
            return Text("")
        muted = self._s("review--muted")
        title, span = heading(result)
        parts: list[RenderableType] = [Text(title, style=self._s("review--heading")),
                                       Text(span, style=muted)]
        if not result.identities:
            parts += [Text(""), Text("No ladder had begun by then.", style=muted)]
        chart_width = max(4, width - CHART_INDENT - LABEL_ROOM)
        for ident in result.identities:
            parts += [
                Text(""),
                Text(one_line(ident.identity), style=self._s("review--identity")),
                _indent(Text(f"{plural(ident.votes, 'vote')} this {result.period.kind} · "
                             f"{format_num(ident.votes_total)} in all", style=muted), 2),
            ]
            for row in ident.ladders:
                archived = " (archived)" if row.ladder.archived else ""
                parts.append(_indent(Text.assemble(
                    (f"{row.ladder.id}{archived}", self._s("review--ladder")),
                    f"  {one_line(row.rung_words)}"), 2))
                days, rungs = counts_words(row)
                parts += [_indent(Text(days, style=muted), 4),
                          _indent(Text(rungs, style=muted), 4)]
                chart = step_chart(row.chart_values, chart_width)
                for line, label in zip(chart, chart_labels(row.chart_values), strict=True):
                    parts.append(Text.assemble(" " * CHART_INDENT,
                                               (line, self._s("review--chart")),
                                               (f" {label}" if label else "", muted),
                                               no_wrap=True, overflow="ellipsis"))
                for note in row.notes:
                    parts.append(_indent(Text(note_words(note), style=self._s("review--note")),
                                         4))
        return Group(*parts)


def _indent(text: Text, columns: int) -> RenderableType:
    """`text` with every line it wraps to indented, so a narrow screen still reads."""
    return Padding(text, (0, 0, 0, columns))
