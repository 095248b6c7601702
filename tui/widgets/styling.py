"""A component class's style as the text of a Rich style, readable in every theme.

Textual's own `$text-muted` is "auto 60%": a colour chosen against the
background, then blended into it.  A partial component style skips that
resolution and leaves it pure white (or black): white on white in a light
theme, and brighter than body text in a dark one.  The full style resolves it
against the widget's background; only the background itself is dropped, so
a selected row or a panel keeps its own.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def text_style(widget: Widget, name: str) -> str:
    """The style of component class `name` of `widget`: resolved colour and text style."""
    full = widget.get_component_rich_style(name)
    return str(Style(color=full.color, bold=full.bold, dim=full.dim, italic=full.italic,
                     underline=full.underline, reverse=full.reverse, strike=full.strike))
