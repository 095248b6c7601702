"""Every built-in theme is readable: contrast measured on the colours Textual resolves.

Each theme file is applied to the real app and every style a person reads is
taken from the widgets that draw it (the same `get_component_rich_style` and
`rich_style` calls they render with), against the background it is drawn on:
body text 4.5:1 (WCAG AA), muted text, glyphs and heatmap levels 3:1, and
muted text dimmer than body text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.widget import Widget

from smallwins.core.contrast import BODY, RGB, SECONDARY, contrast
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.theming import BUILTIN_DIR
from smallwins.tui.widgets.heatmap import HeatmapWidget
from smallwins.tui.widgets.keybar import KeyBar
from smallwins.tui.widgets.ladder_detail import LadderDetail
from smallwins.tui.widgets.ladder_list import LadderList
from smallwins.tui.widgets.message_line import MessageLine
from smallwins.tui.widgets.topbar import TopBar
from tests.tui.data import make_app

THEMES = sorted(path.stem for path in BUILTIN_DIR.glob("*.toml"))


def rgb(color: RichColor | None) -> RGB:
    assert color is not None
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def pair(style: Style, background: RGB | None = None) -> tuple[RGB, RGB]:
    """(text, background) of a resolved style; reverse swaps them as the terminal does."""
    fg = rgb(style.color)
    bg = background if background is not None else rgb(style.bgcolor)
    return (bg, fg) if style.reverse else (fg, bg)


def own_background(widget: Widget) -> RGB:
    colour = widget.background_colors[1]
    return colour.r, colour.g, colour.b


async def measured(app: SmallWinsApp) -> dict[str, tuple[float, float]]:
    """{what: (contrast, needed)} for every style read on the three screens."""
    found: dict[str, tuple[float, float]] = {}

    def need(what: str, colours: tuple[RGB, RGB], minimum: float) -> None:
        found[what] = (contrast(*colours), minimum)

    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        rows = screen.query_one(LadderList)
        first_row = next(iter(rows.rows.values()))
        need("body text", pair(first_row.rich_style), BODY)
        for name, minimum in (("muted", SECONDARY), ("rest", SECONDARY), ("off", SECONDARY),
                              ("note", SECONDARY), ("done", SECONDARY), ("todo", SECONDARY),
                              ("ready", SECONDARY), ("marker", SECONDARY)):
            # The style a row draws with, on the row's own background (the selection's).
            style = Style.parse(rows.row_style(f"ladder-row--{name}"))
            need(f"Today {name}", pair(style, rgb(first_row.rich_style.bgcolor)), minimum)
        need("Today summary", pair(screen.query_one("#summary").rich_style), SECONDARY)
        bar = screen.query_one(TopBar)
        for name, minimum in (("name", SECONDARY), ("tab", SECONDARY), ("current", BODY),
                              ("key", SECONDARY), ("day", BODY)):
            need(f"top bar {name}", pair(bar.get_component_rich_style(f"topbar--{name}")),
                 minimum)
        line = screen.query_one(MessageLine)
        for name, minimum in (("information", BODY), ("warning", SECONDARY),
                              ("error", SECONDARY)):
            need(f"message {name}", pair(line.get_component_rich_style(f"message--{name}")),
                 minimum)
        keys = screen.query_one(KeyBar)
        need("footer key", pair(keys.get_component_rich_style("keybar--key")), SECONDARY)
        need("footer words", pair(keys.get_component_rich_style("keybar--label")), BODY)

        await pilot.press("2")
        detail = app.screen.query_one(LadderDetail)
        for name in ("identity", "muted", "done", "todo", "ready", "note"):
            style = Style.parse(detail._s(f"detail--{name}"))
            need(f"Ladders {name}", pair(style, own_background(detail)), SECONDARY)

        await pilot.press("3")
        heatmap = app.screen.query_one(HeatmapWidget)
        ground = own_background(heatmap)
        for level in range(5):
            style = heatmap.get_component_rich_style(f"heatmap--level-{level}")
            need(f"heatmap level {level}", pair(style, ground), SECONDARY)
        for name in ("label", "rest", "missed", "off", "future"):
            style = heatmap.get_component_rich_style(f"heatmap--{name}")
            need(f"heatmap {name}", pair(style, ground), SECONDARY)
        need("heatmap day", pair(app.screen.query_one("#heat-day").rich_style), SECONDARY)
    return found


@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_and_glyph_has_enough_contrast(tmp_path: Path, data_path: Path,
                                                        theme: str) -> None:
    found = await measured(make_app(data_path, theme=theme))
    poor = {what: f"{ratio:.2f}:1 < {minimum}:1" for what, (ratio, minimum) in found.items()
            if ratio < minimum}
    assert not poor, f"{theme}: {poor}"
    # Muted text is dimmer than body text, never brighter.
    assert found["Today muted"][0] < found["body text"][0], theme
    assert found["Ladders muted"][0] < found["body text"][0], theme


async def test_only_smallwins_themes_are_offered(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)):
        assert sorted(app.available_themes) == THEMES
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert [t for t in titles if t.startswith("Theme")] == [f"Theme: {t}" for t in THEMES]


async def test_a_textual_theme_in_the_config_falls_back_with_a_warning(data_path: Path) -> None:
    app = make_app(data_path, theme="gruvbox")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "dark"
