"""The app's export: every ladder as JSON or CSV, a file in a terminal, a download in a browser.

A part of `SmallWinsApp` (tui/app.py); the keys come from the table of
actions (`export_json`, `export_csv`).  The text is made by
`core.transfer.build_export`, the same function `smallwins export` uses, so
the app and the command line export the same data identically.

In a terminal the export is a new file in the folder smallwins was started
in, never written over another (a second export of the day is `...-2.json`).
In a browser (`smallwins serve`) that folder is on the server, out of the
person's reach, so the export is delivered as a download instead.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from smallwins.core.errors import SmallwinsError
from smallwins.core.terminal import printable
from smallwins.core.words import count

if TYPE_CHECKING:
    from smallwins.core.transfer import Export
    from smallwins.tui.store import Store


class ExportActions(App[Any]):
    """`action_export_json` and `action_export_csv`, mixed into SmallWinsApp."""

    if TYPE_CHECKING:
        store: Store

    def action_export_json(self) -> None:
        """Every ladder, all its history, in the form `smallwins import` reads back."""
        self.export_as("json")

    def action_export_csv(self) -> None:
        """One row per marked day, for a spreadsheet."""
        self.export_as("csv")

    def export_as(self, fmt: str) -> None:
        """Make the export from the data file as it is now, then hand it over."""
        from smallwins.core.transfer import build_export  # on first use: not at start

        try:
            made = build_export(self.store.ledger, fmt, self.store.today)
        except (SmallwinsError, OSError) as exc:
            self.notify(f"nothing exported: {exc}", severity="error", markup=False)
            return
        if self.is_web:
            self.deliver_text(io.StringIO(made.text), save_filename=made.file_name(),
                              mime_type=made.mime_type, encoding="utf-8")
            self.notify(f"export sent to the browser as {made.file_name()} "
                        f"({count(made.ladders, 'ladder')})", markup=False)
            return
        self._save(made)

    def _save(self, made: Export) -> None:
        try:
            folder = Path.cwd()
        except OSError:
            self.notify("export not written: the folder smallwins started in is gone; "
                        "use `smallwins export -o FILE`", severity="error", markup=False)
            return
        try:
            from smallwins.core.transfer import save_export

            path = save_export(made, folder)
        except SmallwinsError as exc:
            self.notify(f"export not written: {exc}", severity="error", markup=False)
            return
        except OSError as exc:
            self.notify(f"export not written: cannot write in {printable(str(folder))}: "
                        f"{exc.strerror or exc}; start smallwins in a folder you can write "
                        "to, or use `smallwins export -o FILE`", severity="error", markup=False)
            return
        self.notify(f"exported {count(made.ladders, 'ladder')} to {printable(str(path))}",
                    markup=False)
