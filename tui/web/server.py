"""The web side of `smallwins serve`: one page, its files, and an app process per tab.

Built on aiohttp with textual-serve's `AppService`, which runs one app
process under Textual's web driver and speaks its protocol.  textual-serve's
own `Server` is not used: its page links Google Fonts, builds absolute
addresses from the host it was started on, and anyone who can reach it starts
a process.  Here:

- every request, HTTP or WebSocket, needs the token (query `?token=` on the
  first page load, then an HttpOnly, SameSite=Strict cookie), and one without
  it is answered 403 before any handler runs, so it starts no process;
- the page and its files are ours and every address in them is relative, so
  the page works offline, through a tunnel on another port and under a
  reverse proxy's sub-path;
- the access log names the path only: the query, which may hold the token,
  is never written down.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.typedefs import Handler
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from smallwins.tui.web.access import is_loopback, matches

log = logging.getLogger("smallwins.serve")

COOKIE = "smallwins_token"
COOKIE_DAYS = 30
"""A browser that opened the address once keeps access this long (the page
drops the token from its address bar, so a bookmark holds none)."""

OURS = Path(__file__).parent / "static"
STOCK = Path(textual_serve.__file__).parent / "static"
ASSETS: dict[str, tuple[Path, str]] = {
    # textual-serve's terminal client, used as it is.
    "textual.js": (STOCK / "js" / "textual.js", "text/javascript"),
    "xterm.css": (STOCK / "css" / "xterm.css", "text/css"),
    # Ours: the page's script and style, and the font it draws with.
    "page.js": (OURS / "page.js", "text/javascript"),
    "page.css": (OURS / "page.css", "text/css"),
    "DejaVuSansMono.ttf": (OURS / "DejaVuSansMono.ttf", "font/ttf"),
}
"""Every file the server hands out, by name: nothing else on disk is reachable."""

SECURITY_HEADERS = {
    # The browser itself refuses anything that would leave the machine.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "font-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
FORBIDDEN = ("403 forbidden: open the address that `smallwins serve` printed when it "
             "started (it holds the token)\n")
FORBIDDEN_HOST = ("403 forbidden: this server runs without a token, so it answers only "
                  "to localhost; start it with a token to reach it by another name\n")
STOP_WAIT = 5.0
"""Seconds an app gets to leave after it is asked to, before it is terminated."""


class Tab(AppService):
    """One browser tab's app process, driven by textual-serve's protocol."""

    @property
    def process(self) -> asyncio.subprocess.Process | None:
        """The app process, so the server can make sure it ended (AppService does not wait)."""
        return self._process


class PathOnlyAccessLogger(AbstractAccessLogger):
    """One line a request without its query string, which may hold the token."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %.0f ms", request.method, request.path, response.status,
                         time * 1000)


class BrowserServer:
    """The routes, the token check, and the app processes of the open tabs."""

    def __init__(self, command: str, token: str | None) -> None:
        """`command` starts one app (a shell line); `token` None means no token (loopback only)."""
        self.command = command
        self.token = token
        self.tabs: dict[web.WebSocketResponse, Tab] = {}
        self.opened = 0
        self.downloads = DownloadManager()

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard], client_max_size=64 * 1024)
        app.add_routes([
            web.get("/", self.page),
            web.get("/ws", self.tab),
            web.get("/static/{name}", self.asset),
            web.get("/download/{key}", self.download),
        ])
        return app

    # ---------------------------------------------------------------- access

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """403 for a request without the token, before any handler (or app) runs."""
        if self.token is None:
            if not is_loopback(request.url.host or ""):
                # Without a token only the Host header stands between a web page
                # the user visits (DNS rebinding) and the app: allow local names only.
                return _forbidden(FORBIDDEN_HOST)
        elif not self.has_token(request):
            return _forbidden(FORBIDDEN)
        response = await handler(request)
        if (self.token is not None and not response.prepared
                and matches(request.query.get("token"), self.token)):
            response.headers.add("Set-Cookie", self._cookie(request))
        return response

    def has_token(self, request: web.Request) -> bool:
        assert self.token is not None
        return (matches(request.query.get("token"), self.token)
                or matches(request.cookies.get(COOKIE), self.token))

    def _cookie(self, request: web.Request) -> str:
        # No Path: the browser scopes the cookie to the folder of the page, so
        # behind a proxy's /smallwins/ it is not sent to the proxy's other sites.
        secure = "; Secure" if _is_https(request) else ""
        return (f"{COOKIE}={self.token}; Max-Age={COOKIE_DAYS * 86400}; HttpOnly; "
                f"SameSite=Strict{secure}")

    # ----------------------------------------------------------------- files

    async def page(self, request: web.Request) -> web.StreamResponse:
        """The page: ours, with relative addresses only; never cached (it answers to a token)."""
        response = web.FileResponse(OURS / "index.html")
        response.content_type = "text/html"
        response.headers.update(SECURITY_HEADERS)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def asset(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in ASSETS:
            raise web.HTTPNotFound(text=f"no file {name!r} here\n")
        path, content_type = ASSETS[name]
        response = web.FileResponse(path)
        response.content_type = content_type
        response.headers.update(SECURITY_HEADERS)
        # Revalidated each time (ETag): an upgrade of smallwins is seen at once.
        response.headers["Cache-Control"] = "private, no-cache"
        return response

    async def download(self, request: web.Request) -> web.StreamResponse:
        """A file a tab's app delivers (the export): streamed from that app, once.

        The key is a random one the app made for this delivery and told only
        its own tab; like every route this one also needs the token.
        """
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="no such download (each is sent once): "
                                   "export again from the app\n") from None
        response = web.StreamResponse()
        content_type = meta.mime_type or "application/octet-stream"
        if meta.encoding:
            content_type += f"; charset={meta.encoding}"
        response.headers["Content-Type"] = content_type
        response.headers["Content-Disposition"] = _attachment(meta.file_name)
        response.headers["Cache-Control"] = "no-store"
        response.headers.update(SECURITY_HEADERS)
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # ------------------------------------------------------------------ tabs

    async def tab(self, request: web.Request) -> web.StreamResponse:
        """One WebSocket, one app process, for as long as both live."""
        if not _same_origin(request):
            # Browsers let any page open a WebSocket anywhere: only our own page may.
            return _forbidden("403 forbidden: the page that opened this is not ours\n")
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
        await socket.prepare(request)

        async def close() -> None:
            await socket.close()

        tab = Tab(self.command, write_bytes=socket.send_bytes, write_str=socket.send_str,
                  close=close, download_manager=self.downloads)
        self.tabs[socket] = tab
        self.opened += 1
        number = self.opened
        try:
            await tab.start(_cells(request.query.get("width"), 80),
                            _cells(request.query.get("height"), 24))
            log.info("tab %d: app process %s started", number, _pid(tab))
            await _relay(socket, tab)
        finally:
            await _end(tab)
            del self.tabs[socket]
            log.info("tab %d: app process %s ended", number, _pid(tab))
        return socket

    async def close_tabs(self) -> None:
        """Close every tab and end its app (at exit): no process outlives the server."""
        sockets = list(self.tabs)
        await asyncio.gather(
            *(s.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping") for s in sockets),
            return_exceptions=True,
        )
        for _ in range(int(STOP_WAIT * 2 / 0.05)):
            if not self.tabs:
                return
            await asyncio.sleep(0.05)
        for tab in list(self.tabs.values()):
            await _end(tab)


async def _relay(socket: web.WebSocketResponse, tab: Tab) -> None:
    """Pass the browser's keys, size, focus and pings to the app.

    The same messages textual-serve's client sends; anything malformed is
    dropped rather than ending the tab with a traceback.
    """
    async for message in socket:
        if message.type is not WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await tab.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await tab.set_terminal_size(_cells(data.get("width"), 80),
                                        _cells(data.get("height"), 24))
        elif kind == "ping":
            await socket.send_json(["pong", data])
        elif kind == "blur":
            await tab.blur()
        elif kind == "focus":
            await tab.focus()


async def _end(tab: Tab) -> None:
    """Ask the app to quit, then make sure its process is gone and reaped."""
    with contextlib.suppress(TimeoutError, OSError):
        await asyncio.wait_for(tab.stop(), STOP_WAIT)
    process = tab.process
    if process is None:
        return
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_WAIT)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
    await process.wait()


def _pid(tab: Tab) -> str:
    return str(tab.process.pid) if tab.process is not None else "?"


def _cells(value: Any, default: int) -> int:
    """A terminal size from the browser, kept to something sane."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 10), 1000)


def _attachment(name: str) -> str:
    """A Content-Disposition that saves the file as `name` (kept to safe characters)."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
    return f'attachment; filename="{safe.strip(".") or "smallwins-download"}"'


def _forbidden(text: str) -> web.Response:
    return web.Response(status=403, text=text, headers={"Cache-Control": "no-store"})


def _is_https(request: web.Request) -> bool:
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


def _same_origin(request: web.Request) -> bool:
    """True when the WebSocket was opened by a page of this host (or by no browser at all).

    A reverse proxy that rewrites Host must pass the original one in
    X-Forwarded-Host (nginx and Caddy do with the settings in the README).
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser: the token decides
    netloc = urlsplit(origin).netloc.lower()
    hosts = {request.host.lower()}
    forwarded = request.headers.get("X-Forwarded-Host")
    if forwarded:
        hosts.add(forwarded.split(",")[0].strip().lower())
    return netloc in hosts
