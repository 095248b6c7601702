"""`smallwins serve` without a browser: who gets in, what starts, and how it refuses.

The real server process on loopback; HTTP with the standard library and the
WebSocket handshake with aiohttp's client, so each request carries exactly
the headers the test gives it.
"""

from __future__ import annotations

import asyncio
import http.client
import shlex
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.browser import Served
from tests.e2e.conftest import BIN, TODAY, Tmux, clean_env, new_ladder, wait_for


def get(served: Served, path: str, headers: dict[str, str] | None = None,
        ) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, \
            answer.read().decode("utf-8", "replace")
    finally:
        conn.close()


async def handshake(served: Served, headers: dict[str, str]) -> int:
    """The status of a WebSocket handshake on /ws (101 once open, then closed again)."""
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(f"http://127.0.0.1:{served.port}/ws?width=80&height=24",
                                          headers=headers)
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        await ws.close()
        return 101


def run_serve(tmp_path: Path, data: Path, *args: str, env: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess[str]:
    """A serve that must fail before it listens."""
    cmd = [str(BIN), "serve", "--data", str(data), "--today", TODAY, *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30,
                          env=env or clean_env(tmp_path))


def one_line_exit_2(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("smallwins: "), result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def served(tmp_path: Path, data: Path) -> Iterator[Served]:
    new_ladder(tmp_path, data, "stretch")
    server = Served(tmp_path, data)
    try:
        yield server
    finally:
        server.kill()


def test_without_the_token_every_request_gets_403_and_starts_no_app(
    tmp_path: Path, data: Path, served: Served
) -> None:
    wrong = "x" * len(served.token)
    for path, headers in [
        ("/", {}), (f"/?token={wrong}", {}), ("/", {"Cookie": f"smallwins_token={wrong}"}),
        ("/static/textual.js", {}), ("/static/DejaVuSansMono.ttf", {}), ("/ws", {}),
        ("/no/such/page", {}), ("/?token=", {}), ("/download/0123456789abcdef", {}),
    ]:
        status, _, body = get(served, path, headers)
        assert status == 403, path
        assert "stretch" not in body and "token" in body  # says what to do, shows nothing
    for headers in [{}, {"Cookie": f"smallwins_token={wrong}"}]:
        assert asyncio.run(handshake(served, headers)) == 403
    # The right cookie from a page of another site: refused too.
    cookie = {"Cookie": f"smallwins_token={served.token}"}
    evil = cookie | {"Origin": "http://evil.example"}
    assert asyncio.run(handshake(served, evil)) == 403
    time.sleep(0.5)
    assert served.children() == []
    # The same handshake with the token does start an app, with the server's files and day.
    assert asyncio.run(handshake(served, cookie | {"Origin": served.origin})) == 101
    log = served.log.read_text()
    assert "GET / 403" in log and "GET /ws 403" in log
    assert served.token not in log and wrong not in log


def test_the_token_opens_the_page_and_sets_a_private_cookie(served: Served) -> None:
    status, headers, body = get(served, f"/?token={served.token}")
    assert status == 200 and 'src="static/textual.js"' in body
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"smallwins_token={served.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path" not in cookie
    assert headers["cache-control"] == "no-store"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "googleapis" not in body and 'href="/' not in body and 'src="/' not in body
    status, headers, _ = get(served, "/static/page.js",
                             {"Cookie": f"smallwins_token={served.token}"})
    assert status == 200 and headers["content-type"].startswith("text/javascript")


def test_each_tab_runs_the_app_on_the_servers_files_and_day(
    tmp_path: Path, data: Path, served: Served
) -> None:
    async def open_tab() -> list[str]:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{served.port}/ws?width=80&height=24"
            async with session.ws_connect(url, headers={
                    "Cookie": f"smallwins_token={served.token}"}) as ws:
                (app,) = wait_for(served.children, 20, "an app process")
                words = Path(f"/proc/{app}/cmdline").read_bytes().split(b"\0")
                await ws.close()
        return [w.decode() for w in words if w]

    words = asyncio.run(open_tab())
    assert words[1:3] == ["-m", "smallwins.tui.main"]
    config = str(tmp_path / "config" / "config.toml")
    assert words[3:] == ["--data", str(data), "--config", config, "--today", TODAY]
    wait_for(lambda: served.children() == [], 10, "the app to end with its tab")


def test_sigterm_ends_the_server_and_every_tabs_app(served: Served) -> None:
    async def hold_a_tab_open() -> int:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{served.port}/ws?width=80&height=24"
            async with session.ws_connect(url, headers={
                    "Cookie": f"smallwins_token={served.token}"}) as ws:
                (app,) = wait_for(served.children, 20, "an app process")
                served.proc.send_signal(signal.SIGTERM)
                async for _ in ws:
                    pass  # until the server closes it
                return app

    app = asyncio.run(hold_a_tab_open())
    assert served.stop() == 0
    assert not Path(f"/proc/{app}").exists() or "Z" in Path(f"/proc/{app}/stat").read_text()
    assert "stopping: closing 1 tab(s)" in served.log.read_text()


def running(pid: int) -> bool:
    """The process is alive (not gone, not a zombie waiting for its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_killed_server_leaves_no_tab_app_running(served: Served) -> None:
    """SIGKILL gives the server no chance to close its tabs: each tab's app
    must notice its input has ended and exit by itself."""
    async def kill_with_a_tab_open() -> int:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{served.port}/ws?width=80&height=24"
            async with session.ws_connect(url, headers={
                    "Cookie": f"smallwins_token={served.token}"}):
                (app,) = wait_for(served.children, 20, "an app process")
                time.sleep(1.0)  # the app is up and drawing
                served.proc.kill()
                served.proc.wait(timeout=10)
                return app

    app = asyncio.run(kill_with_a_tab_open())
    wait_for(lambda: not running(app), 10, "the orphaned tab's app to exit")


def test_a_tab_app_whose_input_ends_exits_by_itself(tmp_path: Path, data: Path) -> None:
    """The app as `smallwins serve` starts it for a tab (Textual's web driver on
    pipes): when its input pipe ends while its output is still read, it must
    exit rather than run on with nobody able to drive it."""
    new_ladder(tmp_path, data, "stretch")
    env = clean_env(tmp_path, TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
                    COLUMNS="80", ROWS="24")
    app = subprocess.Popen([str(BIN), "--data", str(data), "--today", TODAY],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, env=env)
    assert app.stdin is not None and app.stdout is not None
    drawn: list[bytes] = []
    reader = threading.Thread(target=lambda: drawn.append(app.stdout.read()), daemon=True)
    reader.start()
    try:
        time.sleep(2.0)  # started and drawing
        assert app.poll() is None, "the app ended before its input did"
        app.stdin.close()
        assert app.wait(timeout=10) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    reader.join(timeout=5)
    assert drawn and b"stretch" in drawn[0]


def test_no_token_beyond_loopback_is_refused_with_exit_2(tmp_path: Path, data: Path) -> None:
    for host in ("0.0.0.0", "::", "192.0.2.1", "example.org"):
        line = one_line_exit_2(run_serve(tmp_path, data, "--host", host, "--no-token"))
        assert "--no-token" in line and host in line
    assert not (tmp_path / "config" / "serve-token").exists()


def test_no_token_on_loopback_answers_only_to_local_names(tmp_path: Path, data: Path) -> None:
    server = Served(tmp_path, data, "--no-token")
    try:
        assert server.token == "" and "no token" in server.printed[0]
        assert get(server, "/")[0] == 200
        # A page whose name was made to point here (DNS rebinding) is refused.
        assert get(server, "/", {"Host": f"attacker.example:{server.port}"})[0] == 403
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize("args", [["--port", "70000"], ["--port", "abc"], ["--port", "-1"],
                                  ["--host", "192.0.2.1"], ["--host", ""]],
                         ids=["port-too-big", "port-not-a-number", "port-negative",
                              "host-not-here", "host-empty"])
def test_bad_host_or_port_is_one_line_and_exit_2(
    tmp_path: Path, data: Path, args: list[str]
) -> None:
    one_line_exit_2(run_serve(tmp_path, data, *args))


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path, data: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        line = one_line_exit_2(run_serve(tmp_path, data, "--port", str(port)))
    assert f"port {port}" in line and "in use" in line


def test_the_token_file_is_made_private_once_and_kept(tmp_path: Path, data: Path) -> None:
    path = tmp_path / "config" / "serve-token"
    first = Served(tmp_path, data)
    assert first.stop() == 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text().strip() == first.token and len(first.token) >= 32
    again = Served(tmp_path, data)
    assert again.stop() == 0
    assert again.token == first.token
    chosen = "my-own-token-0123456789"
    env = clean_env(tmp_path, SMALLWINS_SERVE_TOKEN=chosen)
    by_env = Served(tmp_path, data, env=env)
    try:
        assert by_env.token == chosen
        assert get(by_env, f"/?token={chosen}")[0] == 200
        assert get(by_env, f"/?token={first.token}")[0] == 403
    finally:
        assert by_env.stop() == 0
    assert path.read_text().strip() == first.token


def test_an_unsafe_token_is_refused_with_exit_2(tmp_path: Path, data: Path) -> None:
    path = tmp_path / "config" / "serve-token"
    path.parent.mkdir(parents=True)
    short = clean_env(tmp_path, SMALLWINS_SERVE_TOKEN="short")
    assert "SMALLWINS_SERVE_TOKEN" in one_line_exit_2(run_serve(tmp_path, data, env=short))
    path.write_text("a-token-others-can-read-0123\n")
    path.chmod(0o644)
    assert "chmod 600" in one_line_exit_2(run_serve(tmp_path, data))
    path.unlink()
    (tmp_path / "elsewhere").write_text("a-token-behind-a-link-01234\n")
    path.symlink_to(tmp_path / "elsewhere")
    assert "link" in one_line_exit_2(run_serve(tmp_path, data))


def test_an_unusable_data_file_stops_serve_before_it_listens(tmp_path: Path, data: Path) -> None:
    data.parent.mkdir(parents=True)
    data.write_text("{not json")
    result = run_serve(tmp_path, data)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert str(data) in result.stderr and result.stdout == ""


def test_serve_refuses_a_bad_ladder_with_the_same_line_as_every_command(
        tmp_path: Path, data: Path) -> None:
    """A file that parses but holds a ladder the engine cannot use: serve says
    exactly what `smallwins list` says, as both read through the ledger."""
    new_ladder(tmp_path, data, "stretch")
    text = data.read_text()
    assert '"hold":14,' in text
    data.write_text(text.replace('"hold":14,', '"hold":0,', 1))
    before = data.read_bytes()
    result = run_serve(tmp_path, data)
    listed = subprocess.run([str(BIN), "list", "--data", str(data), "--today", TODAY],
                            capture_output=True, text=True, timeout=30, env=clean_env(tmp_path))
    assert result.returncode == listed.returncode == 3
    assert result.stderr == listed.stderr and "hold" in result.stderr
    assert result.stdout == "" and data.read_bytes() == before


def imports_of(stderr: str) -> set[str]:
    """Module names from `python -X importtime` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_status_and_the_terminal_app_never_import_the_web_stack(
    tmp_path: Path, data: Path, tmux: Tmux
) -> None:
    new_ladder(tmp_path, data, "stretch")
    python = str(Path(BIN).parent / "python")
    status = subprocess.run(
        [python, "-X", "importtime", "-m", "smallwins.tui.main", "--data", str(data),
         "--today", TODAY, "status"], capture_output=True, text=True, env=clean_env(tmp_path),
        timeout=30)
    assert status.returncode == 0
    # The app draws on stderr, where -X importtime writes too: in a pane it
    # writes down instead every module it had loaded when it exits.
    log = tmp_path / "app-modules.txt"
    wrapper = tmp_path / "app.py"
    wrapper.write_text(
        "import atexit, runpy, sys\n"
        f"atexit.register(lambda: open({str(log)!r}, 'w').write('\\n'.join(sys.modules)))\n"
        "runpy.run_module('smallwins.tui.main', run_name='__main__')\n")
    tmux.start(shlex.join(["exec", python, str(wrapper), "--data", str(data),
                           "--today", TODAY]))
    tmux.wait_for_text("0 of 1 done today")
    tmux.keys("q")
    assert tmux.wait_for_exit() == 0
    app = set(log.read_text().split())
    assert "textual.app" in app and "smallwins.tui.app" in app  # the list is the app's
    for names in (imports_of(status.stderr), app):
        web = {n for n in names if n.split(".")[0] in ("textual_serve", "aiohttp")}
        assert web == set()
        assert "smallwins.tui.serve" not in names
    assert "smallwins.core.status" in imports_of(status.stderr)
