"""The app's undo and redo stacks: records of changes made here, newest last.

Undo pops a record and hands it to the redo stack; a new change clears the
redo stack, as in every editor.  The records themselves (core/undo.py) know
how to take a change back or make it again on the ladder as it is now.
"""

from __future__ import annotations

from smallwins.core.undo import Record


class History:
    """What undo and redo would take back or make again."""

    def __init__(self) -> None:
        self.undone: list[Record] = []
        self.done: list[Record] = []

    def push(self, record: Record) -> None:
        """A new change: it can be undone, and nothing undone before can be redone."""
        self.done.append(record)
        self.undone.clear()

    def next_undo(self) -> Record | None:
        return self.done[-1] if self.done else None

    def next_redo(self) -> Record | None:
        return self.undone[-1] if self.undone else None

    def take(self, undo: bool) -> Record | None:
        """The record undo (or redo) acts on next, taken off its stack."""
        stack = self.done if undo else self.undone
        return stack.pop() if stack else None

    def settle(self, record: Record, undo: bool, applied: bool) -> None:
        """After an undo or redo: applied, the record moves to the other stack; not
        applied because the file could not be used, it goes back to be tried again."""
        if applied:
            (self.undone if undo else self.done).append(record)
        else:
            (self.done if undo else self.undone).append(record)
