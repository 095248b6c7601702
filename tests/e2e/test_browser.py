"""`smallwins serve` in a real browser: headless Chromium on the served page.

The page draws on a canvas; what a tab shows is read from the WebSocket
frames (see tests/e2e/browser.py).  Timings are printed for the record,
never asserted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smallwins.core.model import Win, ladder_from_doc
from smallwins.core.storage import DataFile
from tests.e2e.browser import PortForward, Served, SubPathProxy, Tab
from tests.e2e.conftest import TODAY, Tmux, app_command, cli, new_ladder

FONT = Path(__file__).parents[2] / "tui" / "web" / "static" / "DejaVuSansMono.ttf"
VIEWPORT = {"width": 800, "height": 480}


def marks(data: Path, ladder_id: str) -> dict[date, object]:
    return dict(ladder_from_doc(DataFile(data).read()[ladder_id]).marks)


@pytest.fixture
def context(chromium: Any) -> Iterator[Any]:
    """A fresh browser profile for one test: no cookie from another test."""
    ctx = chromium.new_context(viewport=VIEWPORT)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def ladders(tmp_path: Path, data: Path) -> list[str]:
    return [new_ladder(tmp_path, data, action) for action in ("stretch", "read", "walk")]


@pytest.fixture
def served(tmp_path: Path, data: Path, ladders: list[str]) -> Iterator[Served]:
    server = Served(tmp_path, data)
    try:
        yield server
    finally:
        server.kill()


def test_space_checks_off_today_in_the_browser_and_u_undoes_it(
    tmp_path: Path, data: Path, ladders: list[str], served: Served, context: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tab = Tab(context, served.url)
    tab.wait_for_text("0 of 3 done today")
    tab.focus()
    tab.press("Space")
    screen = tab.wait_for_text("1 of 3 done today")
    assert "✔ stretch 1 rep " in screen
    assert marks(data, ladders[0]) == {date.fromisoformat(TODAY): Win(1)}
    # Another process's change shows in the tab within seconds (the shared lock).
    cli(tmp_path, data, "done", ladders[1])
    tab.wait_for_text("2 of 3 done today", timeout=10)
    tab.press("u")
    screen = tab.wait_for_text("1 of 3 done today")
    assert marks(data, ladders[0]) == {}
    assert marks(data, ladders[1]) == {date.fromisoformat(TODAY): Win(1)}
    assert len(served.children()) == 1
    with capsys.disabled():
        print("\n--- Today in the browser (read from the WebSocket frames) ---")
        print("\n".join(line for line in screen.splitlines() if line.strip()))


def test_the_page_asks_only_its_own_origin_and_draws_with_the_bundled_font(
    served: Served, context: Any
) -> None:
    tab = Tab(context, served.url)
    tab.wait_for_text("0 of 3 done today")
    assert tab.requests, "the page made no request"
    outside = [url for url in tab.requests if not url.startswith(served.origin + "/")]
    assert outside == []
    host = served.origin.removeprefix("http://")
    assert len(tab.sockets) == 1 and tab.sockets[0].startswith(f"ws://{host}/ws?")
    font_url = f"{served.origin}/static/DejaVuSansMono.ttf"
    assert font_url in tab.requests
    font = tab.responses[font_url]
    assert font.status == 200 and font.body() == FONT.read_bytes()
    assert tab.page.evaluate("document.fonts.check('16px \"Roboto Mono\"')")
    loaded = tab.page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert loaded == ['"Roboto Mono"'] or loaded == ["Roboto Mono"]
    # The token left the address bar; the cookie that carries it is out of scripts' reach.
    assert "token" not in tab.page.url
    (cookie,) = context.cookies()
    assert cookie["value"] == served.token
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"


def test_through_a_forwarded_port_the_page_still_connects(
    data: Path, served: Served, context: Any
) -> None:
    forward = PortForward(served.port)
    try:
        tab = Tab(context, served.url.replace(f":{served.port}/", f":{forward.port}/"))
        tab.wait_for_text("0 of 3 done today")
        assert tab.sockets[0].startswith(f"ws://127.0.0.1:{forward.port}/ws?")
        assert all(url.startswith(f"http://127.0.0.1:{forward.port}/") for url in tab.requests)
        assert forward.connections >= 2  # the page, and its WebSocket
    finally:
        forward.close()


def test_behind_a_reverse_proxy_on_a_sub_path(data: Path, served: Served, context: Any) -> None:
    proxy = SubPathProxy(served.port)
    try:
        base = f"http://127.0.0.1:{proxy.port}{SubPathProxy.PREFIX}"
        tab = Tab(context, f"{base}?token={served.token}")
        tab.wait_for_text("0 of 3 done today")
        tab.focus()
        tab.press("Space")
        tab.wait_for_text("1 of 3 done today")
        assert all(url.startswith(base) for url in tab.requests), tab.requests
        assert tab.sockets[0].startswith(f"ws://127.0.0.1:{proxy.port}/smallwins/ws?")
    finally:
        proxy.close()


def test_the_app_quitting_ends_its_process_and_the_page_says_so(
    served: Served, context: Any
) -> None:
    tab = Tab(context, served.url)
    tab.wait_for_text("0 of 3 done today")
    (app,) = served.children()
    tab.focus()
    tab.press("q")
    tab.page.wait_for_selector("text=The app has closed", timeout=10_000)
    deadline = time.monotonic() + 10
    while served.children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served.children() == []
    assert served.stop() == 0


def test_first_frame_of_a_browser_tab_beside_a_terminal(
    tmp_path: Path, data: Path, served: Served, context: Any, tmux: Tmux,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not a budget: the numbers for the record, from page load / pane start to the Today frame."""
    browser, sockets, terminal = [], [], []
    for _ in range(3):
        tab = Tab(context, served.url)
        tab.wait_for_text("0 of 3 done today")
        browser.append(tab.first_frame["first"])
        sockets.append(tab.first_frame["socket"])
        tab.page.close()
        started = time.monotonic()
        tmux.start(app_command(data))
        while "0 of 3 done today" not in tmux.screen():
            assert time.monotonic() - started < 20, tmux.screen()
            time.sleep(0.005)
        terminal.append(time.monotonic() - started)
        tmux.keys("q")
        tmux.wait_for_exit()
        tmux.run("kill-server", check=False)
    with capsys.disabled():
        print(f"\n--- first frame of Today, median of 3: browser tab "
              f"{statistics.median(browser) * 1000:.0f} ms "
              f"(page load to the frame in the WebSocket; the WebSocket opened at "
              f"{statistics.median(sockets) * 1000:.0f} ms), tmux pane "
              f"{statistics.median(terminal) * 1000:.0f} ms (pane start to the frame on "
              f"screen); runs: browser {[round(t * 1000) for t in browser]}, "
              f"tmux {[round(t * 1000) for t in terminal]} ---")


@pytest.mark.parametrize(("key", "fmt", "behind_proxy"), [("o", "json", False),
                                                          ("O", "csv", True)],
                         ids=["json", "csv-under-a-sub-path"])
def test_an_export_arrives_as_a_download_with_the_command_lines_text(
    tmp_path: Path, data: Path, served: Served, context: Any, key: str, fmt: str,
    behind_proxy: bool,
) -> None:
    proxy = SubPathProxy(served.port) if behind_proxy else None
    try:
        base = (f"http://127.0.0.1:{proxy.port}{SubPathProxy.PREFIX}" if proxy
                else f"{served.origin}/")
        tab = Tab(context, f"{base}?token={served.token}")
        tab.wait_for_text("0 of 3 done today")
        tab.focus()
        with tab.page.expect_download(timeout=20_000) as info:
            tab.press(key)
        download = info.value
        name = f"smallwins-export-{TODAY}.{fmt}"
        assert download.suggested_filename == name
        assert download.url.startswith(f"{base}download/")  # beside the page, prefix kept
        got = tmp_path / f"downloaded.{fmt}"
        download.save_as(got)
        reference = tmp_path / f"reference.{fmt}"
        cli(tmp_path, data, "export", "--format", fmt, "-o", str(reference))
        assert got.read_bytes() == reference.read_bytes()
        tab.wait_for_text(f"export sent to the browser as {name}")
        assert context.pages == [tab.page]  # no window opened for it
        # The address was for one delivery: asked again, there is nothing.
        again = context.request.get(download.url)
        assert again.status == 404
    finally:
        if proxy:
            proxy.close()
