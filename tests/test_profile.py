"""`make profile` keeps working: its fresh processes find the functions they time,
the times add up, and timing them changes nothing the program does."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench.datasets import TODAY, a_week_of, datasets
from bench.phases import STATUS_PHASES, Clock
from bench.profile import run_part
from bench.three_screens import MODES, ROWS, ThreeScreensApp
from smallwins.core import status
from smallwins.core.storage import DataFile

ROOT = Path(__file__).resolve().parents[1]
SMALLWINS = str(Path(sys.executable).parent / "smallwins")


def _phases(*args: str) -> dict[str, float]:
    return run_part(sys.executable, *args)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "smallwins.json"
    subprocess.run([SMALLWINS, "demo", "--ladders", "3", "--years", "1", "--seed", "1",
                    "--data", str(path), "--today", TODAY, "--config",
                    str(tmp_path / "none.toml")], check=True, capture_output=True)
    return path


def test_a_nested_phase_counts_once() -> None:
    now = [0.0]
    clock = Clock(now=lambda: now[0])
    module = type(sys)("phases_test_target")

    def inner() -> None:
        now[0] += 2.0

    def outer() -> None:
        now[0] += 1.0
        module.inner()
        now[0] += 0.5

    module.inner, module.outer = inner, outer
    sys.modules[module.__name__] = module
    try:
        clock.wrap(module.__name__, "inner", "inner")
        clock.wrap(module.__name__, "outer", "outer")
        module.outer()
        module.inner()
    finally:
        del sys.modules[module.__name__]
    assert clock.spent == {"inner": 4.0, "outer": 1.5}  # outer's own time, inner's once


def test_status_phases_are_each_timed_and_the_line_is_the_same(data: Path,
                                                                tmp_path: Path) -> None:
    config = str(tmp_path / "none.toml")
    Path(f"{data}{status.CACHE_SUFFIX}").unlink(missing_ok=True)  # `demo` leaves one
    found = _phases("status", str(data), config, TODAY)
    assert {name for _, _, name in STATUS_PHASES} | {
        "import the status line's modules", "the rest"} == set(found)
    assert all(value >= 0 for value in found.values())
    assert found["replay every day"] > 0 and found["read, parse and check the file"] > 0
    timed = Path(f"{data}{status.CACHE_SUFFIX}").read_bytes()
    Path(f"{data}{status.CACHE_SUFFIX}").unlink()
    plain = subprocess.run([SMALLWINS, "status", "--data", str(data), "--today", TODAY,
                            "--config", config], check=True, capture_output=True)
    assert plain.stdout.strip()
    assert Path(f"{data}{status.CACHE_SUFFIX}").read_bytes() == timed


def test_the_opening_starts_from_the_cache_the_app_leaves(data: Path) -> None:
    assert _phases("settle", str(data), TODAY) == {"opened from the cache": 0.0}
    assert _phases("settle", str(data), TODAY) == {"opened from the cache": 1.0}
    found = _phases("opening", str(data), TODAY)
    assert found["store: replay from the carries"] > 0
    assert found["import ours (the store's modules)"] > 0 and found["make the app object"] > 0
    assert found["import ours (the app's modules)"] > 0


def test_against_puts_smallwins_beside_the_bare_app_under_the_same_keys(data: Path) -> None:
    ours = _phases("against", "smallwins", str(data), TODAY, "space", "yes")
    bare = _phases("against", "bare", str(data), TODAY, "space", "yes")
    own = {key for key in ours if key.startswith("module|smallwins.")}
    assert "module|smallwins.core.rules" in own and "module|smallwins.tui.app" in own
    assert ours["live|smallwins"] > 0 and ours["live|Textual and Rich"] > 0
    assert not any(key.startswith("module|smallwins") for key in bare)
    assert "live|smallwins" not in bare and bare["live|Textual and Rich"] > 0
    assert "module|textual.app" in bare  # the reference imports Textual as smallwins does
    sizes = _phases("against", "bare", str(data), TODAY, "space", "no")
    assert set(sizes) == {"resident", "peak"} and sizes["peak"] >= sizes["resident"] > 0


def test_against_runs_the_plain_app_with_three_screens_too(data: Path) -> None:
    three = _phases("against", "three-screens", str(data), TODAY, "j space 2 3 1", "yes")
    assert "module|three_screens" in three and not any(
        key.startswith("module|smallwins") for key in three)
    sizes = _phases("against", "three-screens", str(data), TODAY, "j space 2 3 1", "no")
    assert set(sizes) == {"resident", "peak"} and sizes["peak"] >= sizes["resident"] > 0


async def test_the_plain_app_has_three_screens_of_rows_that_the_keys_move_and_mark() -> None:
    app = ThreeScreensApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "j", "space")
        await pilot.pause()
        first = app.screen
        assert app.current_mode == MODES[0] and len(first.query(".row")) == ROWS
        assert str(first.query_one("#row-2").render()).startswith("✔ row  3")
        assert first.query_one("#row-2").has_class("-selected")
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == MODES[1] and app.screen is not first
        await pilot.press("3", "1")
        await pilot.pause()
        assert app.current_mode == MODES[0] and app.screen is first


def test_a_week_of_a_data_set_has_as_many_ladders_and_seven_days(tmp_path: Path) -> None:
    week = a_week_of(datasets(tmp_path / "data")[0])
    week.make(SMALLWINS, tmp_path / "none.toml")
    ladders = DataFile(week.path).read()
    assert len(ladders) == week.ladders == 20
    starts = {date.fromisoformat(doc["start_day"]) for doc in ladders.values()}
    assert max((date.fromisoformat(TODAY) - day).days for day in starts) == 6


@pytest.mark.parametrize("args", [[], ["bogus"], ["status", "only-one"],
                                  ["against", "nobody", "data", TODAY, "space", "yes"],
                                  ["against", "bare", "data", TODAY, "space", "maybe"]])
def test_a_wrong_call_gets_one_line_and_exit_2(args: list[str]) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "phases.py"), *args],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout == "" and done.stderr.startswith("usage: ")
    assert len(done.stderr.splitlines()) == 1
