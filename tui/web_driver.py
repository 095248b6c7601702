"""The browser's driver, made to end a tab's app when its server goes away.

Textual's web driver reads the tab's keys from the pipe `smallwins serve`
gave it; when that pipe ends (the server was stopped, or killed), its input
thread simply returns and the app would run on with nobody to see or drive
it, holding memory and waking for the data file's poll forever.  Here the
end of input asks the app to exit, as a lost terminal does in a tmux pane.
"""

from __future__ import annotations

import asyncio

from textual.drivers.web_driver import WebDriver


class TabDriver(WebDriver):
    """Textual's web driver; the end of its input ends the app."""

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        finally:
            if not self.exit_event.is_set():
                asyncio.run_coroutine_threadsafe(self._exit_app(), loop=self._loop)

    async def _exit_app(self) -> None:
        self._app.call_later(self._app.exit)
