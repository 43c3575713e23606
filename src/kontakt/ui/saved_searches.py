"""Saving the current search by name, and deleting a saved search from the sidebar.

A deletion asks first and goes onto the window's undo history like the
actions on contacts, so Ctrl+Z brings the search back as it was.

Signals:
    changed(): a saved search was added or deleted; the sidebar re-reads them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from kontakt.domain.records import ContactFilter
from kontakt.errors import KontaktError
from kontakt.services.catalog import CatalogService
from kontakt.ui.undo_stack import UndoStack

DELETE_TEXT = "Slett lagret søk …"


class SavedSearchActions(QObject):
    """Save and delete saved searches.

    Args:
        catalog: Where the saved searches are kept.
        window: Parent for the questions asked.
        undo_stack: The window's undo history.
        status: Shows a short message in the status bar.

    Signals:
        changed(): The saved searches changed.
    """

    changed = Signal()

    def __init__(
        self,
        catalog: CatalogService,
        window: QWidget,
        undo_stack: UndoStack,
        status: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._catalog = catalog
        self._window = window
        self._undo_stack = undo_stack
        self._status = status

    def save(self, f: ContactFilter) -> None:
        """Ask for a name and store ``f`` under it (one of the same name is replaced)."""
        name, ok = QInputDialog.getText(self._window, "Lagre søk", "Navn på søket:")
        if not ok or not name.strip():
            return
        try:
            saved = self._catalog.save_search(name, f)
        except KontaktError as exc:
            QMessageBox.warning(self._window, "Kontakt", str(exc))
            return
        self._status(f"Søket «{saved}» er lagret.")
        self.changed.emit()

    def menu(self, name: str, parent: QWidget) -> QMenu:
        """The context menu of a saved search in the sidebar."""
        menu = QMenu(parent)
        delete = menu.addAction(DELETE_TEXT)
        delete.triggered.connect(lambda: self.delete(name))
        return menu

    def delete(self, name: str) -> None:
        """Delete a saved search after asking; Ctrl+Z brings it back."""
        try:
            f = self._catalog.saved_search(name)
        except KontaktError as exc:  # deleted meanwhile (another window on the database)
            self._status(str(exc))
            self.changed.emit()
            return
        answer = QMessageBox.question(
            self._window,
            "Slett lagret søk",
            f"Slette det lagrede søket «{name}»? Kontaktene blir ikke berørt.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._catalog.delete_saved_search(name)
        except KontaktError as exc:
            QMessageBox.warning(self._window, "Kontakt", str(exc))
            return
        self._undo_stack.push(
            f"Slett lagret søk «{name}»", lambda: self._catalog.save_search(name, f)
        )
        self._status(f"Det lagrede søket «{name}» er slettet.")
        self.changed.emit()
