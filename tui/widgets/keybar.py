"""The footer: the keys of the screen on view, in one line that keeps the essentials.

Textual's Footer cuts whatever does not fit at the right, which on a 40
column terminal was help and quit.  This one fills the line in the table's
order but always keeps the essential keys (help, quit: `essential` in
core/actions.py), dropping other keys first, and shows the command
palette's key at the right when there is room.  It is one line drawn by
`render`: no child widget per key, no layout pass when the bindings change.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

from smallwins.core.actions import ESSENTIAL, NO_KEY

PALETTE_WIDTH = 60
"""Below this width the command palette's key is left out (help lists it)."""


class KeyBar(Widget):
    """`space Done  r Rest  …  ? Help  q Quit` — the essentials never cut."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--label"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
    }
    KeyBar > .keybar--key { color: $accent; text-style: bold; }
    KeyBar > .keybar--label { color: $foreground; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def items(self) -> list[tuple[str, str, bool]]:
        """(key as shown, label, essential) of each key the footer offers, in order."""
        out: list[tuple[str, str, bool]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen \
                    or binding.key == NO_KEY:
                continue
            seen.add(binding.action)
            out.append((self.app.get_key_display(binding), binding.description,
                        binding.id in ESSENTIAL))
        return out

    def fitted(self, width: int) -> list[tuple[str, str]]:
        """The items that fit `width`: essentials first kept, then others in order."""
        items = self.items()
        room = width - sum(len(key) + len(label) + 2 for key, label, essential in items
                           if essential)
        keep: list[tuple[str, str]] = []
        for key, label, essential in items:
            cost = len(key) + len(label) + 2
            if essential:
                keep.append((key, label))
            elif cost <= room:
                room -= cost
                keep.append((key, label))
            else:
                room = -1  # keep the table's order: nothing after a key that did not fit
        return keep

    def render(self) -> RenderableType:
        width = self.size.width
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        label_style = self.get_component_rich_style("keybar--label", partial=True)
        palette = ""
        if width >= PALETTE_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            binding = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if binding is not None:
                palette = self.app.get_key_display(binding.binding)
        right = len(palette) + len(" Commands ") if palette else 0
        line = Text(no_wrap=True, overflow="crop", end="")
        for key, label in self.fitted(width - right):
            line.append(f"{key}", key_style)
            line.append(f" {label} ", label_style)
        if palette:
            line.pad_right(max(0, width - right - line.cell_len))
            line.append(palette, key_style)
            line.append(" Commands ", label_style)
        return line
