"""The line above the footer where the app answers: a check-off's vote, an undo, a refusal.

Every message replaces the one before (messages never stack over the list),
and the next key or a one-shot timer clears it: nothing repaints while the
app sits idle.  The next key clears it a moment later, so a key that answers
repaints the line once, with its answer.  A message is one line, cut with an
ellipsis; a warning or an error too long for it may take up to three lines
on a tall terminal, where there is room, and only then is the layout
redone.  Its severity is a glyph as well as a colour, so it reads the same
without colour.  A new message repaints only the cells where it differs
from the one before.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.timer import Timer

from smallwins.tui.fit import SEPARATOR, fit_parts
from smallwins.tui.widgets.lines import CellDiffed

GLYPHS = {"information": "", "warning": "! ", "error": "✖ "}
"""What marks a warning or an error without colour."""
TALL = 20
"""From this terminal height a long warning or error may take up to MAX_LINES lines."""
MAX_LINES = 3
KEY_CLEAR_SECONDS = 0.3
"""How long a message outlives the next key, so that a key which answers
replaces it in one repaint instead of a blank line first and its answer a
frame later (a check-off's own repaint waited a whole frame behind it)."""


class MessageLine(CellDiffed):
    """One message at a time, above the footer."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "message--information",
        "message--warning",
        "message--error",
    }

    DEFAULT_CSS = """
    MessageLine {
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    MessageLine > .message--information { color: $foreground; }
    MessageLine > .message--warning { color: $warning; text-style: bold; }
    MessageLine > .message--error { color: $error; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.severity = "information"
        self._timer: Timer | None = None

    def say(self, text: str, severity: str = "information", timeout: float = 6.0) -> None:
        """Show `text` in place of any message shown; it clears after `timeout` seconds."""
        self.text = " ".join(f"{GLYPHS.get(severity, '')}{text}".split())
        self.severity = severity if severity in GLYPHS else "information"
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.clear) if timeout > 0 else None
        self._fit()

    def clear_soon(self) -> None:
        """A key was pressed: the message goes in a moment, unless the key
        answers first and replaces it."""
        if not self.text:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(KEY_CLEAR_SECONDS, self.clear)

    def clear(self) -> None:
        """Take the message away (its time is up)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.text:
            self.text = ""
            self._fit()

    def _lines_wanted(self) -> int:
        if not self.text or self.severity == "information":
            return 1
        if self.app.size.height < TALL:
            return 1
        width = max(1, self.size.width - 2)
        return min(MAX_LINES, len(Text(self.text).wrap(self.app.console, width)))

    def _fit(self) -> None:
        lines = self._lines_wanted()
        height = self.styles.height
        if lines != (int(height.value) if height is not None else 1):
            self.styles.height = lines  # a long warning: the one case with a layout pass
        else:
            self.repaint_changes()  # the cells that differ from the message before

    def content(self) -> RenderableType:
        style = self.get_component_rich_style(f"message--{self.severity}", partial=True)
        if self.size.height <= 1:
            # Too long for the line: leave out trailing parts, never cut a number.
            text = fit_parts(self.text.split(SEPARATOR), max(1, self.size.width))
            return Text(text, style=style, no_wrap=True, overflow="crop", end="")
        return Text(self.text, style=style, overflow="fold", end="")
