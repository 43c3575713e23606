"""The sidebar's context menu on a topic, label, list or saved search: rename,
merge into another, delete (after showing what it holds), and a topic's synonyms.

Each change goes onto the window's undo history, so Ctrl+Z reverts it.

Signals:
    changed(): names or members changed; the sidebar and the table re-read them.
    renamed(str, str, str): kind, old name and new name ("" when deleted), so
        the window's current filter can follow before it is searched again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from kontakt.errors import KontaktError
from kontakt.services.synonyms import SynonymService
from kontakt.services.vocabulary import WORDS, NameTakenError, VocabularyService
from kontakt.ui.undo_stack import UndoStack

RENAME_TEXT = "Gi nytt navn …"
MERGE_TEXT = "Slå sammen med …"
DELETE_TEXT = "Slett …"
SYNONYMS_TEXT = "Synonymer …"

# Sidebar entry kind -> the vocabulary's kind. A new sidebar section is one line here.
SIDEBAR_KINDS = {"topic": "topic", "label": "label", "list": "list", "saved": "saved_search"}


class VocabularyActions(QObject):
    """Rename, merge, delete and synonyms from the sidebar.

    Args:
        vocabulary: Renames, merges, deletes and undoes.
        synonyms: A topic's synonyms.
        window: Parent for the questions asked.
        undo_stack: The window's undo history.
        status: Shows a short message in the status bar.

    Signals:
        changed(): Something was renamed, merged, deleted or undone.
        renamed(str, str, str): Kind, old name, new name ("" when deleted).
    """

    changed = Signal()
    renamed = Signal(str, str, str)

    def __init__(
        self,
        vocabulary: VocabularyService,
        synonyms: SynonymService,
        window: QWidget,
        undo_stack: UndoStack,
        status: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._vocabulary = vocabulary
        self._synonyms = synonyms
        self._window = window
        self._undo_stack = undo_stack
        self._status = status

    def add_to_menu(self, menu: QMenu, sidebar_kind: str, name: str) -> None:
        """Add the actions for this sidebar entry (nothing for kinds without a vocabulary)."""
        kind = SIDEBAR_KINDS.get(sidebar_kind)
        if kind is None:
            return
        menu.addAction(RENAME_TEXT).triggered.connect(lambda: self.rename(kind, name))
        if kind != "saved_search":  # a search finds what all its criteria say: none to unite
            menu.addAction(MERGE_TEXT).triggered.connect(lambda: self.merge(kind, name))
            menu.addAction(DELETE_TEXT).triggered.connect(lambda: self.delete(kind, name))
        if kind == "topic":
            menu.addAction(SYNONYMS_TEXT).triggered.connect(lambda: self.edit_synonyms(name))

    # -- the actions ---------------------------------------------------------------

    def rename(self, kind: str, name: str) -> None:
        """Ask for a new name; a name that is taken offers «Slå sammen» instead."""
        new, ok = QInputDialog.getText(
            self._window, RENAME_TEXT.rstrip(" …"), f"Nytt navn på {WORDS[kind][0]} «{name}»:",
            text=name,
        )  # fmt: skip
        if not ok or new == name:
            return
        try:
            change = self._vocabulary.rename(kind, name, new)
        except NameTakenError as exc:
            answer = QMessageBox.question(
                self._window,
                "Navnet er i bruk",
                f"{exc}\n\nSlå sammen «{exc.name}» med «{exc.existing}»?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._merge_into(kind, exc.name, exc.existing)
            return
        except KontaktError as exc:
            self._refused(exc)
            return
        self.renamed.emit(kind, name, new.strip())
        self._done(
            change,
            f"Gi nytt navn til «{name}»",
            f"«{name}» heter nå «{new.strip()}».",
            # The table's filter names it by the old name again, as the sidebar does.
            after_undo=lambda: self.renamed.emit(kind, new.strip(), name),
        )

    def merge(self, kind: str, name: str) -> None:
        """Choose the entry to merge into, show what moves, and merge."""
        others = [n for n, _ in self._vocabulary.names(kind) if n != name]
        if not others:
            self._status(f"Det finnes ikke noe annet {WORDS[kind][1]} å slå sammen med.")
            return
        target, ok = QInputDialog.getItem(
            self._window, MERGE_TEXT.rstrip(" …"),
            f"Flytt kontaktene fra «{name}» til:", others, 0, False,
        )  # fmt: skip
        if ok and target:
            self._merge_into(kind, name, target)

    def _merge_into(self, kind: str, name: str, target: str) -> None:
        try:
            change = self._vocabulary.merge(kind, name, target)
        except KontaktError as exc:
            self._refused(exc)
            return
        self.renamed.emit(kind, name, target)
        self._done(change, f"Slå sammen «{name}» med «{target}»",
                   f"«{name}» er slått sammen med «{target}».")  # fmt: skip

    def delete(self, kind: str, name: str) -> None:
        """Show how many contacts and which saved searches it touches; delete if confirmed."""
        try:
            usage = self._vocabulary.usage(kind, name)
        except KontaktError as exc:  # gone meanwhile (another window on the database)
            self._status(str(exc))
            self.changed.emit()
            return
        text = (
            f"Slette {WORDS[kind][0]} «{usage.name}»? Det fjernes fra {usage.contacts} kontakter."
        )
        if usage.searches:
            text += "\n\nDisse lagrede søkene endres: " + ", ".join(
                f"«{s}»" for s in usage.searches
            )
        text += "\n\nDu kan angre med Ctrl+Z."
        answer = QMessageBox.question(self._window, DELETE_TEXT.rstrip(" …"), text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            change = self._vocabulary.delete(kind, name)
        except KontaktError as exc:
            self._refused(exc)
            return
        self.renamed.emit(kind, usage.name, "")
        self._done(change, f"Slett «{usage.name}»", f"«{usage.name}» er slettet.")

    def edit_synonyms(self, topic: str) -> None:
        """Edit a topic's synonyms, one a line."""
        try:
            current = self._synonyms.synonyms(topic)
        except KontaktError as exc:
            self._status(str(exc))
            self.changed.emit()
            return
        text, ok = QInputDialog.getMultiLineText(
            self._window, SYNONYMS_TEXT.rstrip(" …"),
            f"Ord som betyr «{topic}» (ett per linje):", "\n".join(current),
        )  # fmt: skip
        if not ok:
            return
        try:
            old = self._synonyms.set_synonyms(topic, text.splitlines())
        except KontaktError as exc:
            self._refused(exc)
            return
        self._undo_stack.push(
            f"Synonymer for «{topic}»", lambda: self._synonyms.set_synonyms(topic, old)
        )
        self._status(f"Synonymene for «{topic}» er lagret.")

    # -- helpers -------------------------------------------------------------------

    def _done(
        self,
        change: int,
        description: str,
        message: str,
        after_undo: Callable[[], object] | None = None,
    ) -> None:
        def revert() -> None:
            self._vocabulary.undo(change)
            if after_undo is not None:
                after_undo()

        self._undo_stack.push(description, revert)
        self._status(message)
        self.changed.emit()

    def _refused(self, exc: KontaktError) -> None:
        QMessageBox.warning(self._window, "Kontakt", str(exc))
        self.changed.emit()
