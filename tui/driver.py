"""Textual's Linux driver, made to notice a lost terminal and to sleep while idle.

In a tmux pane or over SSH the terminal can vanish under the app: the tmux
server is killed, the SSH link drops.  The kernel then hangs the pty up:
reads return end-of-file (or EIO) at once and writes fail with EIO.
Textual's input thread takes an empty read for "nothing yet" and selects
again, so it would spin a CPU for as long as the process lives; its output
thread dies on the first EIO, after which writes pile up in its queue until
they block.  SIGHUP normally ends the app before any of that matters, but not
when SIGHUP is ignored or blocked (nohup, some session managers) or when
only stdin is closed.  `TerminalDriver` ends the app as soon as input reaches
end-of-file or fails, and drops output that can no longer be written, so
leaving never waits on a dead terminal.

Textual's input thread also wakes ten times a second to look for the end of
a lone Escape and for its stop flag; in an app left open for weeks that is
nearly all of its idle CPU.  Here the thread waits on the terminal without
a timeout unless an escape sequence is half read, and the stop flag wakes it
through a pipe.
"""

from __future__ import annotations

import asyncio
import os
import selectors
import threading
from codecs import getincrementaldecoder
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TextIO, cast

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

READ_SIZE = 4096
ESCAPE_POLL_SECONDS = 0.1
"""How often a half-read escape sequence is checked for its timeout (Textual's own pace)."""


class LossTolerantOutput:
    """The terminal's output stream, which goes quiet after the first failed write.

    A hung-up pty fails every write with EIO; dropping the text instead lets
    Textual's output thread keep draining its queue, so no writer blocks.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.lost = False
        """True once a write or flush failed: the terminal is gone."""

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                self.stream.write(text)
            except (OSError, ValueError):
                self.lost = True
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self.stream.flush()
            except (OSError, ValueError):
                self.lost = True

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()


class WakingEvent(threading.Event):
    """The input thread's stop flag; setting it also wakes the thread from its wait."""

    def __init__(self, wake: Callable[[], None]) -> None:
        super().__init__()
        self._wake = wake

    def set(self) -> None:
        super().set()
        self._wake()


def _escape_pending(parser: XTermParser) -> bool:
    """Is an escape sequence half read, so that the parser's timeout must be watched?

    The parser keeps this in a private field; without it, assume so and poll
    at Textual's own pace, which is always correct.
    """
    return getattr(parser, "_timeout_time", 0.0) is not None


class TerminalDriver(LinuxDriver):
    """The Linux driver, ending the app when its terminal goes away."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._output = LossTolerantOutput(cast(TextIO, self._file))
        self._file = self._output  # type: ignore[assignment]  # a stand-in for the stream
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self.exit_event = WakingEvent(self._wake)
        self.input_lost = False
        """True once stdin reached end-of-file or failed to read."""

    def _wake(self) -> None:
        if self._wake_write < 0:
            return  # closed: there is no input thread left to wake
        with suppress(OSError):  # a full pipe already holds a wake-up
            os.write(self._wake_write, b"!")

    def _drain_wakes(self) -> None:
        with suppress(OSError):
            while os.read(self._wake_read, 64):
                pass

    def run_input_thread(self) -> None:
        """Read keys until told to stop, or until stdin ends (then ask the app to exit).

        Textual's loop, except that it waits without a timeout while no
        escape sequence is half read, and that an empty read or a read error
        ends it instead of being retried.
        """
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        fileno = self.fileno
        selector = selectors.SelectSelector()
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(self._wake_read, selectors.EVENT_READ)
        self._drain_wakes()
        try:
            while not self.exit_event.is_set():
                timeout = ESCAPE_POLL_SECONDS if _escape_pending(parser) else None
                ready = {key.fd for key, _mask in selector.select(timeout)}
                if self._wake_read in ready:
                    self._drain_wakes()
                if fileno in ready and not self._feed(parser, decode, fileno, final=False):
                    self._lose_input()
                    return
                for event in parser.tick():
                    self.process_message(event)
            # Stopping (suspend or exit): take in what was typed just before.
            selector.unregister(self._wake_read)
            if selector.select(ESCAPE_POLL_SECONDS):
                self._feed(parser, decode, fileno, final=True)
        finally:
            selector.close()
            with suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass

    def _feed(self, parser: XTermParser, decode: Any, fileno: int, *, final: bool) -> bool:
        """Read what is waiting and dispatch its events; False when stdin is gone."""
        try:
            data = os.read(fileno, READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:  # EIO: the pty was hung up
            return False
        if not data:
            return False
        for event in parser.feed(decode(data, final=final)):
            self.process_message(event)
        return True

    def _lose_input(self) -> None:
        """Ask the app to exit, through its message queue, after the keys read before.

        Sent the way keys are sent, so it is queued behind them, and behind
        the app's own start-up: a stdin closed from the start ends the app
        once its first screen is up, not halfway through mounting it.
        """
        self.input_lost = True
        with suppress(RuntimeError):  # the loop is already closed: the app has ended
            asyncio.run_coroutine_threadsafe(self._exit_app(), loop=self._loop)

    async def _exit_app(self) -> None:
        self._app.call_later(self._app.exit)

    def close(self) -> None:
        """Stop the output thread; with the terminal gone, close its stream too.

        Text buffered for a dead terminal would otherwise fail again when
        Python flushes the standard streams at exit, and turn a clean exit
        into exit status 120.
        """
        super().close()
        pipe = (self._wake_read, self._wake_write)
        self._wake_read = self._wake_write = -1
        for fd in pipe:
            with suppress(OSError):
                os.close(fd)
        if self._output.lost:
            with suppress(OSError, ValueError):
                self._output.stream.close()
