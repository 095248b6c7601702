"""The heatmap widget in a bare App: cursor keys, messages, and what it draws."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.app import App, ComposeResult
from textual.message import Message

from smallwins.core.actions import HEATMAP
from smallwins.core.heatmap import HeatDay
from smallwins.tui.keys import bindings
from smallwins.tui.theming import HEATMAP_DEFAULTS, register_themes
from smallwins.tui.widgets.heatmap import (
    BEFORE_GLYPH,
    BLOCK_ROWS,
    FUTURE_GLYPH,
    GRID_TOP,
    LABEL_WIDTH,
    LEVEL_GLYPHS,
    MARKER_GLYPHS,
    OFF_GLYPH,
    REST_GLYPH,
    YEAR_WEEKS,
    HeatmapWidget,
    layout,
)

TODAY = date(2026, 3, 18)  # a Wednesday
START = TODAY - timedelta(days=3 * 365)


def heat(day: date, level: int = 0, *, rest: bool = False, marker: str | None = None,
         in_range: bool = True, scheduled: bool = True) -> HeatDay:
    return HeatDay(day, level, level > 0, rest, scheduled, marker, in_range)


def history(first: date = START, last: date = TODAY) -> dict[date, HeatDay]:
    """Every day in range, levels cycling 0-4 so every glyph shows up."""
    days: dict[date, HeatDay] = {}
    day = first
    while day <= last:
        n = (day - first).days
        days[day] = heat(day, n % 5)
        day += timedelta(days=1)
    return days


class HeatApp(App[None]):
    """A bare app holding one heatmap, recording the messages it posts.

    Its keys are the heatmap screen's, from the table of actions: the widget
    itself has none, it only moves when told.
    """

    BINDINGS = bindings(HEATMAP)

    def __init__(self, widget: HeatmapWidget, theme: str | None = None) -> None:
        super().__init__()
        self.widget = widget
        self.messages: list[Message] = []
        self._theme_name = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(HEATMAP_DEFAULTS)

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        if self._theme_name is not None:
            register_themes(self, None)
            self.theme = self._theme_name
        self.widget.focus()

    def action_move(self, days: int) -> None:
        self.widget.move(days)

    def on_heatmap_widget_cursor_moved(self, message: HeatmapWidget.CursorMoved) -> None:
        self.messages.append(message)


def lines(widget: HeatmapWidget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


def grid_cells(widget: HeatmapWidget, row: int) -> list[str]:
    """The glyph of each week column on one weekday row."""
    text = widget.render_line(GRID_TOP + row).text
    cell = widget.cell_width
    return [text[x] for x in range(LABEL_WIDTH, LABEL_WIDTH + widget.weeks * cell, cell)]


async def test_cursor_starts_on_today_in_the_last_column():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)):
        assert widget.cursor == TODAY
        first, last = widget.window
        assert first <= TODAY <= last and last - TODAY < timedelta(days=7)
        region = widget.cell_region(TODAY)
        assert region is not None
        assert region.x == LABEL_WIDTH + (widget.weeks - 1) * widget.cell_width
        assert region.y == GRID_TOP + 2  # Wednesday, weeks starting on Monday


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["k"], TODAY - timedelta(days=1)),
        (["up"], TODAY - timedelta(days=1)),
        (["k", "k", "j"], TODAY - timedelta(days=1)),
        (["k", "down"], TODAY),
        (["h"], TODAY - timedelta(weeks=1)),
        (["left", "left"], TODAY - timedelta(weeks=2)),
        (["h", "h", "l"], TODAY - timedelta(weeks=1)),
        (["h", "right"], TODAY),
    ],
)
async def test_keys_move_by_a_day_or_a_week(keys, expected):
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press(*keys)
        assert widget.cursor == expected


@pytest.mark.parametrize("keys", [["j"], ["l"], ["down", "right"], ["right_square_bracket"],
                                  ["k", "l"]])
async def test_cursor_never_passes_today(keys):
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press(*keys)
        assert widget.cursor == TODAY


async def test_year_keys_jump_52_weeks_and_scroll_the_window():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        before = widget.window
        await pilot.press("left_square_bracket")
        assert widget.cursor == TODAY - timedelta(weeks=52)
        assert widget.window == before  # a whole year is on view at 80 columns
        await pilot.press("left_square_bracket")
        assert widget.window != before
        assert widget.cell_region(widget.cursor) is not None  # scrolled into view
        await pilot.press("right_square_bracket")
        assert widget.cursor == TODAY - timedelta(weeks=52)
        await pilot.press("right_square_bracket")
        assert widget.cursor == TODAY
        assert widget.cell_region(TODAY) is not None


async def test_earliest_stops_the_cursor():
    earliest = TODAY - timedelta(days=10)
    widget = HeatmapWidget(TODAY, days=history(), earliest=earliest)
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("h", "h", "h")
        assert widget.cursor == earliest


async def test_cursor_moved_is_posted_per_move():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("k", "h", "j")  # j: TODAY-7 is a Wednesday, j makes it Thursday
        await pilot.pause()
        moved = [m.day for m in app.messages if isinstance(m, HeatmapWidget.CursorMoved)]
        assert moved == [TODAY - timedelta(days=1), TODAY - timedelta(days=8),
                         TODAY - timedelta(days=7)]


@pytest.mark.parametrize(("width", "cell", "weeks"), [(40, 1, 35), (58, 1, 53), (80, 1, 53),
                                                     (110, 1, 53), (111, 2, 53), (120, 2, 53)])
async def test_a_whole_year_from_58_columns_with_gaps_when_they_fit(width, cell, weeks):
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(width, 12)):
        assert layout(width) == (cell, weeks)
        assert (widget.cell_width, widget.weeks) == (cell, weeks) and weeks <= YEAR_WEEKS
        # Monday row: every column holds a day in range, so every column has a glyph.
        cells = grid_cells(widget, 0)
        assert len(cells) == weeks and " " not in cells
        assert widget.render_line(GRID_TOP).text[LABEL_WIDTH + weeks * cell:].strip() == ""


async def test_columns_follow_a_resize():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(40, 12)) as pilot:
        narrow = sum(c != " " for c in grid_cells(widget, 0))
        await pilot.resize_terminal(120, 12)
        await pilot.pause()
        wide = sum(c != " " for c in grid_cells(widget, 0))
        assert (narrow, wide) == (40 - LABEL_WIDTH, YEAR_WEEKS)
        assert widget.cell_region(TODAY) is not None


async def test_resize_keeps_the_cursor_visible():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(120, 12)) as pilot:
        for _ in range(50):
            await pilot.press("h")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert widget.cell_region(widget.cursor) is not None


async def test_month_and_weekday_labels():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)):
        text = lines(widget)
        months = text[0]
        # 53 weeks ending in March 2026 cover March 2025 to March 2026.
        for name in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan",
                     "Feb", "Mar"):
            assert f" {name} " in f"{months} ", name  # never run together
        assert months.startswith("2025 ")
        march = widget.cell_region(date(2026, 3, 1))
        assert march is not None and months[march.x : march.x + 3] == "Mar"
        assert text[GRID_TOP + 0].startswith("Mon")
        assert text[GRID_TOP + 2].startswith("Wed")
        assert text[GRID_TOP + 4].startswith("Fri")
        assert text[GRID_TOP + 1][:LABEL_WIDTH].strip() == ""


async def test_week_starting_on_sunday_puts_sunday_on_top():
    widget = HeatmapWidget(TODAY, days=history(), week_starts_on=6)
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)):
        first, _ = widget.window
        assert first.weekday() == 6
        assert lines(widget)[GRID_TOP + 1].startswith("Mon")
        region = widget.cell_region(TODAY)
        assert region is not None and region.y == GRID_TOP + 3


async def test_level_rest_and_marker_glyphs():
    days = history()
    days[TODAY - timedelta(days=1)] = heat(TODAY - timedelta(days=1), 3, marker="climb")
    days[TODAY - timedelta(days=2)] = heat(TODAY - timedelta(days=2), 0, marker="drop-back")
    days[TODAY - timedelta(days=3)] = heat(TODAY - timedelta(days=3), 0, rest=True)
    days[TODAY - timedelta(days=4)] = heat(TODAY - timedelta(days=4), 0, scheduled=False)
    widget = HeatmapWidget(TODAY, days=days)
    app = HeatApp(widget)
    async with app.run_test(size=(80, 14)):
        grid = "".join(lines(widget)[GRID_TOP : GRID_TOP + 7])
        for glyph in (*LEVEL_GLYPHS, REST_GLYPH, OFF_GLYPH, FUTURE_GLYPH,
                      MARKER_GLYPHS["climb"], MARKER_GLYPHS["drop-back"]):
            assert glyph in grid
        legend = " ".join(lines(widget)[BLOCK_ROWS:])
        for words in (f"{''.join(LEVEL_GLYPHS[1:])} won", f"{LEVEL_GLYPHS[0]} missed",
                      f"{REST_GLYPH} rest", f"{OFF_GLYPH} not scheduled",
                      f"{FUTURE_GLYPH} future", "before the start", "▲ climb",
                      "▼ drop back"):
            assert words in legend, words
        assert len({*LEVEL_GLYPHS, REST_GLYPH, OFF_GLYPH, FUTURE_GLYPH, BEFORE_GLYPH}) == 9


async def test_glyph_of_each_cell_follows_its_day():
    days = {}
    for n in range(7):
        day = TODAY - timedelta(days=n)
        days[day] = heat(day, n % 5)
    widget = HeatmapWidget(TODAY, days=days)
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)):
        text = lines(widget)
        for day, info in days.items():
            region = widget.cell_region(day)
            assert region is not None
            assert text[region.y][region.x] == LEVEL_GLYPHS[info.level]


async def test_days_before_the_start_are_blank_and_the_future_has_its_own_glyph():
    days = history(first=TODAY - timedelta(days=20))
    before = TODAY - timedelta(days=30)
    days[before] = heat(before, 4, in_range=False)
    widget = HeatmapWidget(TODAY, days=days)
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)):
        text = lines(widget)
        for day in (before, TODAY - timedelta(days=60)):
            region = widget.cell_region(day)
            assert region is not None and text[region.y][region.x] == BEFORE_GLYPH
        future = TODAY + timedelta(days=1)  # Thursday of this week
        region = widget.cell_region(future)
        assert region is not None and text[region.y][region.x] == FUTURE_GLYPH


async def test_cursor_is_drawn_reversed():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("k", "h")
        region = widget.cell_region(widget.cursor)
        assert region is not None
        x = 0
        reversed_at = []
        for segment in widget.render_line(region.y):
            if segment.style is not None and segment.style.reverse:
                reversed_at.extend(range(x, x + segment.cell_length))
            x += segment.cell_length
        assert reversed_at == list(range(region.x, region.x + widget.cell_width))
        assert not any(
            s.style is not None and s.style.reverse
            for y in range(GRID_TOP, GRID_TOP + 7) if y != region.y
            for s in widget.render_line(y)
        )


async def test_new_days_repaint_only_the_changed_cells(monkeypatch):
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        calls: list[tuple] = []
        original = widget.refresh

        def spy(*regions, **kwargs):
            calls.append(regions)
            return original(*regions, **kwargs)

        monkeypatch.setattr(widget, "refresh", spy)
        changed = dict(widget.days)
        yesterday = TODAY - timedelta(days=1)
        changed[yesterday] = heat(yesterday, 4, marker="climb")
        widget.days = changed
        assert calls == [(widget.cell_region(yesterday),)]
        calls.clear()
        widget.days = dict(changed)  # equal content: nothing to repaint
        assert calls == []
        await pilot.pause()
        region = widget.cell_region(yesterday)
        assert region is not None
        assert widget.render_line(region.y).text[region.x] == MARKER_GLYPHS["climb"]


async def test_rollover_moves_cursor_and_window_to_the_new_today():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget)
    async with app.run_test(size=(80, 12)) as pilot:
        widget.today = TODAY + timedelta(days=5)
        await pilot.pause()
        assert widget.cursor == TODAY + timedelta(days=5)
        assert widget.cell_region(widget.cursor) is not None


async def test_colours_come_from_the_theme():
    widget = HeatmapWidget(TODAY, days=history())
    app = HeatApp(widget, theme="high-contrast")
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        style = widget.get_component_rich_style("heatmap--level-4")
        assert style.color is not None
        assert style.color.triplet is not None and style.color.triplet.hex == "#ffffff"
        style = widget.get_component_rich_style("heatmap--level-1")
        assert style.color is not None
        assert style.color.triplet is not None and style.color.triplet.hex == "#00ffff"
