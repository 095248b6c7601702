"""The shared stylesheet: each piece of CSS is parsed once per theme, and a theme
change still restyles everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.widget import Widget

from smallwins.tui import stylesheet as shared
from smallwins.tui.stylesheet import SharedStylesheet
from tests.tui.data import make_app, sample_ladders, write_ladders

CSS = "Widget { background: $accent; color: $text; }"


def _parse(variables: dict[str, str]) -> SharedStylesheet:
    sheet = SharedStylesheet(variables=variables)
    sheet.add_source(CSS, read_from=("test", "CSS"))
    sheet.parse()
    return sheet


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    shared._RULES.clear()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every run of Textual's CSS parser, by the text it parsed."""
    seen: list[str] = []
    real = textual_stylesheet.parse

    def counting(scope, css, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(css)
        return real(scope, css, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return seen


def test_the_same_css_and_variables_are_parsed_once(parses: list[str]) -> None:
    first = _parse({"accent": "red", "text": "white"})
    again = _parse({"accent": "red", "text": "white"})
    assert parses == [CSS]
    assert again.rules == first.rules
    again.reparse()
    assert parses == [CSS]


def test_other_variables_are_parsed_again_with_their_values(parses: list[str]) -> None:
    red = _parse({"accent": "red", "text": "white"})
    blue = _parse({"accent": "blue", "text": "white"})
    assert parses == [CSS, CSS]
    assert red.rules[0].styles.background != blue.rules[0].styles.background
    sheet = _parse({"accent": "red", "text": "white"})
    sheet.set_variables({"accent": "blue", "text": "white"})
    sheet.reparse()
    assert sheet.rules[0].styles.background == blue.rules[0].styles.background
    assert len(parses) == 2


def test_bad_css_is_still_refused() -> None:
    sheet = SharedStylesheet(variables={})
    sheet.add_source("Widget { background: $nowhere; }", read_from=("test", "bad"))
    with pytest.raises(Exception, match="nowhere|variable"):
        sheet.parse()
    again = SharedStylesheet(variables={})
    again.add_source("Widget { background: $nowhere; }", read_from=("test", "bad"))
    with pytest.raises(Exception, match="nowhere|variable"):
        again.parse()


def _background(widget: Widget) -> tuple[int, int, int]:
    return widget.styles.background.rgb


async def test_the_app_parses_each_piece_once_and_restyles_on_a_theme_change(
    tmp_path: Path, parses: list[str]
) -> None:
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.stylesheet, SharedStylesheet)
        # Textual refreshes its CSS three times on the way to the first frame;
        # every piece was parsed once.
        assert len(parses) == len(set(parses))
        dark = _background(app.screen)
        parsed = len(parses)
        app.theme = "light"
        await pilot.pause()
        light = _background(app.screen)
        assert light != dark
        assert len(parses) > parsed  # the new theme's variables: a real parse
        app.theme = "dark"
        await pilot.pause()
        assert _background(app.screen) == dark
