"""The window's undo history: one entry per user action, undone newest first.

Signals:
    changed(): an entry was pushed or taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class UndoEntry:
    """A done action and how to revert it."""

    description: str
    revert: Callable[[], object]


class UndoStack(QObject):
    """Remembers the latest actions (at most ``limit``).

    Signals:
        changed(): The history changed (e.g. to enable the Angre action).
    """

    changed = Signal()

    def __init__(self, limit: int = 50, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[UndoEntry] = []
        self._limit = limit

    def push(self, description: str, revert: Callable[[], object]) -> None:
        """Record an action that has been done."""
        self._entries.append(UndoEntry(description, revert))
        del self._entries[: -self._limit]
        self.changed.emit()

    def peek(self) -> UndoEntry | None:
        """The entry Ctrl+Z would undo, or None."""
        return self._entries[-1] if self._entries else None

    def undo(self) -> UndoEntry | None:
        """Revert the newest action; it leaves the history even if reverting fails."""
        if not self._entries:
            return None
        entry = self._entries.pop()
        self.changed.emit()
        entry.revert()
        return entry
