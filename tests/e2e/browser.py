"""Helpers for the `smallwins serve` tests: the real server, a browser tab, two forwarders.

The page draws the terminal on a canvas, so a tab's screen is read from what
the server sends it: every WebSocket frame is fed to a pyte terminal of the
size the page asked for.  The server is the installed program in its own
process; the forwarders stand for `ssh -L` (raw bytes to another port) and a
reverse proxy that serves the app under a sub-path.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyte
import pytest

from tests.e2e.conftest import BIN, TODAY, clean_env, wait_for

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
"""Without the background-networking flags Chromium phones home, which a closed
network refuses; the tests also check that the page itself asks for nothing
from elsewhere."""


class Served:
    """`smallwins serve` on a free port of loopback, stopped with SIGTERM at the end."""

    def __init__(self, tmp_path: Path, data: Path, *args: str, today: str = TODAY,
                 env: dict[str, str] | None = None) -> None:
        self.log = tmp_path / f"serve-{time.monotonic_ns()}.log"
        self.stderr = self.log.open("w")
        cmd = [str(BIN), "serve", "--data", str(data), "--today", today, "--port", "0", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr, text=True,
                                     env=env or clean_env(tmp_path))
        self.printed: list[str] = []
        self.url = self._read_url()
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.port = parts.port or 80
        self.token = parse_qs(parts.query).get("token", [""])[0]

    def _read_url(self) -> str:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.printed.append(line.rstrip("\n"))
            match = re.match(r"open (http://\S+)", line)
            if match:
                return match.group(1)
        self.proc.kill()
        pytest.fail(f"serve printed no address: {self.printed}\n{self.log.read_text()}")

    def children(self) -> list[int]:
        """The server's child processes: one app per open tab."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == self.proc.pid and fields[0] not in ("Z", "X"):
                found.append(int(entry.name))
        return found

    def stop(self) -> int:
        """SIGTERM, as systemd stops a service; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        finally:
            self.stderr.close()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()


class Tab:
    """A browser tab on the served page; its screen is rebuilt from the WebSocket frames."""

    def __init__(self, context: Any, url: str) -> None:
        self.page = context.new_page()
        self.requests: list[str] = []
        self.responses: dict[str, Any] = {}
        self.sockets: list[str] = []
        self.screen: pyte.Screen | None = None
        self.stream: pyte.ByteStream | None = None
        self.first_frame: dict[str, float] = {}
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", lambda response: self.responses.__setitem__(response.url,
                                                                              response))
        self.page.on("websocket", self._socket)
        self.started = time.monotonic()
        self.page.goto(url)

    def _socket(self, ws: Any) -> None:
        self.first_frame.setdefault("socket", time.monotonic() - self.started)
        self.sockets.append(ws.url)
        query = parse_qs(urlsplit(ws.url).query)
        self.screen = pyte.Screen(int(query["width"][0]), int(query["height"][0]))
        self.stream = pyte.ByteStream(self.screen)
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes) and self.stream is not None:
            self.stream.feed(payload)
            if "first" not in self.first_frame and "done today" in self.text():
                self.first_frame["first"] = time.monotonic() - self.started

    def _sent(self, payload: bytes | str) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"') and self.screen:
            size = json.loads(payload)[1]
            self.screen.resize(size["height"], size["width"])

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display) if self.screen else ""

    def wait_for_text(self, text: str, timeout: float = 20.0) -> str:
        """The screen once it shows `text` (pumping the browser's events meanwhile)."""

        def check() -> str | None:
            self.page.wait_for_timeout(20)
            screen = self.text()
            return screen if text in screen else None

        return wait_for(check, timeout, f"{text!r} in the browser", self.text)

    def focus(self) -> None:
        """Click the terminal, as a person does before typing."""
        self.page.click("#terminal")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PortForward:
    """A local TCP forward to another port, as `ssh -L` makes: bytes in, bytes out."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(("127.0.0.1", self.target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    def close(self) -> None:
        self.listener.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class SubPathProxy:
    """A reverse proxy that serves the app under `/smallwins/` on its own port.

    Like nginx's `location /smallwins/ { proxy_pass http://127.0.0.1:8765/; }`
    with the settings in the README: the prefix is cut off, the original host
    goes in X-Forwarded-Host, and WebSockets are passed through.
    """

    PREFIX = "/smallwins/"

    def __init__(self, target_port: int) -> None:
        self.target = f"http://127.0.0.1:{target_port}"
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.stopped: asyncio.Event | None = None
        threading.Thread(target=self._run, daemon=True).start()
        if not self.ready.wait(10):
            pytest.fail("the reverse proxy did not start")

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        from aiohttp import ClientSession, web

        self.stopped = asyncio.Event()
        async with ClientSession(auto_decompress=False) as client:
            self.client = client
            app = web.Application()
            app.router.add_route("GET", "/{tail:.*}", self._handle)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", self.port).start()
            self.ready.set()
            await self.stopped.wait()
            await runner.cleanup()

    async def _handle(self, request: Any) -> Any:
        from aiohttp import WSMsgType, web

        if not request.path.startswith(self.PREFIX):
            return web.Response(status=404, text="not behind this proxy\n")
        path = "/" + request.path[len(self.PREFIX):]
        url = self.target + path + (f"?{request.query_string}" if request.query_string else "")
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("cookie", "origin", "accept", "if-none-match",
                                    "if-modified-since", "user-agent")}
        headers["X-Forwarded-Host"] = request.host
        if request.headers.get("Upgrade", "").lower() == "websocket":
            async with self.client.ws_connect(url, headers=headers) as upstream:
                downstream = web.WebSocketResponse()
                await downstream.prepare(request)

                async def down() -> None:
                    async for message in upstream:
                        if message.type is WSMsgType.BINARY:
                            await downstream.send_bytes(message.data)
                        elif message.type is WSMsgType.TEXT:
                            await downstream.send_str(message.data)
                    await downstream.close()

                task = asyncio.create_task(down())
                async for message in downstream:
                    if message.type is WSMsgType.TEXT:
                        await upstream.send_str(message.data)
                await upstream.close()
                await task
                return downstream
        async with self.client.get(url, headers=headers, allow_redirects=False) as answer:
            body = await answer.read()
            response = web.Response(status=answer.status, body=body)
            for key, value in answer.headers.items():
                if key.lower() not in ("content-length", "transfer-encoding", "connection",
                                       "content-encoding"):
                    response.headers.add(key, value)
            return response

    def close(self) -> None:
        if self.stopped is not None:
            self.loop.call_soon_threadsafe(self.stopped.set)
