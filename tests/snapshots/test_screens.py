"""SVG snapshots of the screens at 80x24, 120x40 and 40x12, in dark, light and monochrome.

A fixed day and ladders built in the test make every pixel reproducible.
Regenerate with `--snapshot-update` and look at every changed SVG before
keeping it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from smallwins.core.demo import generate
from tests.tui.data import TODAY, make_app, sample_ladders, write_ladders

SCREENS = {"today": ["1"], "ladders": ["2"], "heatmap": ["3"],
           "heatmap_all": ["3", "v", "v", "v", "v"]}
SIZES = {"80x24": (80, 24), "120x40": (120, 40), "40x12": (40, 12)}


@pytest.mark.parametrize("theme", ["dark", "light", "monochrome"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, tmp_path: Path, screen: str, size: str, theme: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    app = make_app(path, theme=theme)
    assert snap_compare(app, press=SCREENS[screen], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", list(SIZES))
def test_check_off_answers_with_its_vote(snap_compare, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    app = make_app(path)
    assert snap_compare(app, press=["j", "space"], terminal_size=SIZES[size])


@pytest.mark.parametrize("view", ["one", "all"])
def test_heatmap_of_years_fills_a_tall_pane(snap_compare, tmp_path: Path, view: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "smallwins.json"
    ladders = generate(ladders=3, years=3, seed=7, today=TODAY)
    write_ladders(path, list(ladders.values()))
    press = ["3"] + (["v"] * len(ladders) if view == "all" else [])
    press += ["k"] * 3  # the cursor a few days back: its row shows level changes for all
    assert snap_compare(make_app(path), press=press, terminal_size=(120, 40))


def test_first_run(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path / "smallwins.json")
    assert snap_compare(app, terminal_size=(80, 24))


def test_new_ladder_form(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path / "smallwins.json")
    assert snap_compare(app, press=["3", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab",
                                    "backspace", "5"], terminal_size=(80, 24))


def test_help(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    app = make_app(path)
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24))


@pytest.mark.parametrize("size", list(SIZES))
def test_catch_up_walk(snap_compare, tmp_path: Path, size: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    app = make_app(path)
    assert snap_compare(app, press=["b"], terminal_size=SIZES[size])


def test_ladders_with_archived_shown(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "smallwins.json"
    ladders = sample_ladders()
    ladders[2] = replace(ladders[2], archived=True)
    write_ladders(path, ladders)
    app = make_app(path)
    assert snap_compare(app, press=["2", "full_stop", "end"], terminal_size=(80, 24))


REVIEWS = {"week": ["4"], "month": ["4", "v"], "month-scrolled": ["4", "v", "pagedown"]}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("period", list(REVIEWS))
def test_review_of_demo_data(snap_compare, tmp_path: Path, period: str, size: str) -> None:  # type: ignore[no-untyped-def]
    from smallwins.core.demo import generate
    from tests.tui.data import TODAY

    path = tmp_path / "smallwins.json"
    write_ladders(path, list(generate(ladders=4, years=1.0, seed=3, today=TODAY).values()))
    app = make_app(path)
    assert snap_compare(app, press=REVIEWS[period], terminal_size=SIZES[size])
