"""The app's export: a new file in a terminal, a download in a browser, the CLI's text.

The reference is `smallwins export` on the same data file (run in process):
the app and the command line make an export by the same function, and these
tests hold them to the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smallwins.core.config import Config
from smallwins.core.ledger import Ledger
from smallwins.tui import app as app_module
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.store import Store
from tests.cli import run_in_process, smallwins_env
from tests.tui.data import TODAY, make_app, messages

JSON_NAME = f"smallwins-export-{TODAY.isoformat()}.json"
CSV_NAME = f"smallwins-export-{TODAY.isoformat()}.csv"


def cli_export(data_path: Path, fmt: str, tmp_path: Path) -> bytes:
    """What `smallwins export --format FMT -o FILE` writes for the same data and day."""
    out = tmp_path / f"reference.{fmt}"
    env = smallwins_env(tmp_path, {"SMALLWINS_DATA": str(data_path)})
    result = run_in_process(["export", "--format", fmt, "-o", str(out),
                             "--today", TODAY.isoformat()], env)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the app was started in."""
    folder = tmp_path / "started-here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


async def test_o_writes_the_json_export_beside_you_and_never_over_a_file(
    data_path: Path, tmp_path: Path, here: Path,
) -> None:
    before = data_path.read_bytes()
    app = make_app(data_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        first = here / JSON_NAME
        assert first.read_bytes() == cli_export(data_path, "json", tmp_path)
        assert messages(app)[-1] == f"exported 4 ladders to {first}"
        first.write_text("edited by hand\n")  # the person's own changes to the file
        await pilot.press("o")
        await pilot.pause()
        second = here / f"smallwins-export-{TODAY.isoformat()}-2.json"
        assert first.read_text() == "edited by hand\n"
        assert second.read_bytes() == cli_export(data_path, "json", tmp_path)
        assert messages(app)[-1] == f"exported 4 ladders to {second}"
    assert sorted(p.name for p in here.iterdir()) == [second.name, JSON_NAME]
    assert data_path.read_bytes() == before  # an export changes nothing stored


async def test_the_csv_export_from_the_palette(data_path: Path, tmp_path: Path,
                                               here: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Export ladders (CSV)")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert (here / CSV_NAME).read_bytes() == cli_export(data_path, "csv", tmp_path)
        assert messages(app)[-1] == f"exported 4 ladders to {here / CSV_NAME}"


async def test_the_export_keys_can_be_remapped(data_path: Path, tmp_path: Path,
                                               here: Path) -> None:
    app = make_app(data_path, keys={"export_csv": "E", "export_json": "ctrl+e"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("O", "o")  # no longer the export keys
        await pilot.pause()
        assert list(here.iterdir()) == []
        await pilot.press("E", "ctrl+e")
        await pilot.pause()
        assert sorted(p.name for p in here.iterdir()) == [CSV_NAME, JSON_NAME]


async def test_a_folder_that_cannot_be_written_is_one_line_and_nothing_else(
    data_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir("/proc")  # no one, not even root, makes a file here
    app = make_app(data_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        said = messages(app)[-1]
        assert said.startswith("export not written: cannot write in /proc: ")
        assert said.endswith("start smallwins in a folder you can write to, or use "
                             "`smallwins export -o FILE`")
        assert "\n" not in said


class BrowserApp(SmallWinsApp):
    """The app as a tab of `smallwins serve` sees itself, with its deliveries recorded."""

    CSS_PATH = Path(app_module.__file__).parent / SmallWinsApp.CSS_PATH  # beside tui/app.py
    delivered: list[dict[str, Any]]

    @property
    def is_web(self) -> bool:
        return True

    def deliver_text(self, path_or_file: Any, **kwargs: Any) -> str | None:
        self.delivered.append({"text": path_or_file.read(), **kwargs})
        return "key"


@pytest.mark.parametrize(("key", "fmt", "name", "mime"), [
    ("o", "json", JSON_NAME, "application/json"),
    ("O", "csv", CSV_NAME, "text/csv"),
])
async def test_in_a_browser_the_export_is_delivered_as_a_download(
    data_path: Path, tmp_path: Path, here: Path, key: str, fmt: str, name: str, mime: str,
) -> None:
    config = Config(theme="dark")
    store = Store(Ledger(data_path), lambda: TODAY, config)
    app = BrowserApp(store, config, poll_seconds=3600, rollover_seconds=3600)
    app.delivered = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(key)
        await pilot.pause()
    [delivery] = app.delivered
    assert delivery.pop("text").encode("utf-8") == cli_export(data_path, fmt, tmp_path)
    assert delivery == {"save_filename": name, "mime_type": mime, "encoding": "utf-8"}
    assert messages(app)[-1] == f"export sent to the browser as {name} (4 ladders)"
    assert list(here.iterdir()) == []  # nothing written on the server
