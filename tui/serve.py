"""`smallwins serve`: the app in a browser, private by a token, for a phone or a laptop.

Each browser tab runs its own app process, the same program as in a tmux
pane, on the same data file, config and `--today` as the server was given;
they share the file through its lock like any two panes do.

Everything that can be wrong with the input (the config, the data file, the
host, the port, the token) is checked before the server listens, and ends in
one line on stderr with exit 2 (3 for an unusable data file).  The web stack
(aiohttp, textual-serve) is imported only here, so neither the terminal app
nor `smallwins status` pays for it.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import shlex
import signal
import socket
import sys
from pathlib import Path

from smallwins.core.errors import BadInput


def serve(args: argparse.Namespace) -> int:
    """Run the server until SIGTERM, SIGINT or SIGHUP; the exit code."""
    from smallwins.core import cli

    return cli.guarded(lambda: _serve(args))


def _serve(args: argparse.Namespace) -> int:
    from smallwins.core import cli
    from smallwins.core.dates import TODAY_ENV
    from smallwins.core.paths import config_path
    from smallwins.tui.web.access import TOKEN_ENV, choose_token, is_loopback

    host, port = str(args.host).strip(), int(args.port)
    if not host:
        raise BadInput("--host needs an address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0")
    if not 0 <= port <= 65535:
        raise BadInput(f"--port must be 0-65535 (0: any free port), got {port}")
    if args.no_token and not is_loopback(host):
        raise BadInput(f"--no-token is allowed only on a loopback host (127.0.0.1, ::1, "
                       f"localhost), not {host}: drop --no-token, and open the printed "
                       "address with its token")
    _, data, today = cli.settings(args)
    _check_data(data)
    config = Path(config_path(args.config))
    source = ""
    token: str | None = None
    if not args.no_token:
        token, source = choose_token(config, os.environ)
    # The tabs' apps inherit this environment; they have no use for the token.
    os.environ.pop(TOKEN_ENV, None)
    fixed = getattr(args, "today", None) or os.environ.get(TODAY_ENV)
    command = tab_command(data, config, today.isoformat() if fixed else None)
    _log_to_stderr()
    return asyncio.run(_run(host, port, command, token, source))


def tab_command(data: Path, config: Path, today: str | None) -> str:
    """The shell line that starts one tab's app: this Python, explicit files and day.

    `exec` makes the app the process textual-serve started, so ending that
    process ends the app (no shell left in between).
    """
    words = [sys.executable, "-m", "smallwins.tui.main", "--data", str(data),
             "--config", str(config)]
    if today is not None:
        words += ["--today", today]
    return "exec " + shlex.join(words)


def _check_data(path: Path) -> None:
    """Refuse an unusable data file now (exit 3), not in every tab later.

    Read through the ledger, the one door to the data, so the refusal is the
    same line every other command gives for the same file."""
    from smallwins.core.ledger import Ledger

    Ledger(path).load()


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("smallwins serve: %(message)s"))
    for name in ("smallwins.serve", "textual-serve"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


async def _run(host: str, port: int, command: str, token: str | None, source: str) -> int:
    from aiohttp import web

    from smallwins.tui.web.server import BrowserServer, PathOnlyAccessLogger

    server = BrowserServer(command, token)
    runner = web.AppRunner(server.make_app(), handle_signals=False, shutdown_timeout=2.0,
                           access_log_class=PathOnlyAccessLogger,
                           access_log=logging.getLogger("smallwins.serve"))
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise BadInput(_bind_error(host, port, exc)) from None
    bound = runner.addresses[0][1]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    _announce(host, bound, token, source)
    try:
        await stop.wait()
    finally:
        logging.getLogger("smallwins.serve").info("stopping: closing %d tab(s)", len(server.tabs))
        await server.close_tabs()
        await runner.cleanup()
    return 0


def _bind_error(host: str, port: int, exc: OSError) -> str:
    """One line for a server that cannot listen, saying what to change."""
    if isinstance(exc, socket.gaierror):
        return (f"cannot find the host {host!r}: give an address of this machine, e.g. "
                "127.0.0.1 (this machine only) or 0.0.0.0 (every network)")
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use: stop what uses it, or choose another --port"
    if exc.errno == errno.EACCES:
        return f"port {port} needs privileges: choose one above 1023 with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return (f"{host} is not an address of this machine: choose one it has, e.g. "
                "127.0.0.1 or 0.0.0.0")
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}"


def _announce(host: str, port: int, token: str | None, source: str) -> None:
    """Print the address to open (stdout, so a script can read it), like Jupyter does."""
    from urllib.parse import quote

    from smallwins.tui.web.access import is_wildcard

    query = f"?token={quote(token)}" if token is not None else ""
    names = [socket.gethostname(), "127.0.0.1"] if is_wildcard(host) else [host]
    kind = f"token from {source}" if token is not None else "no token: this machine only"
    print(f"smallwins serve: the app for a browser on {host} port {port} ({kind})")
    for name in names:
        shown = f"[{name}]" if ":" in name else name
        print(f"open http://{shown}:{port}/{query}")
    if token is not None:
        print("the address holds the token: keep it private")
    print("stop with ctrl+c", flush=True)
