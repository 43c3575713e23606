"""What the secretary can do to contacts from the window: new, edit, tag, list, trash, undo.

Each action runs a service call under a fresh change id and pushes its undo
onto the window's undo stack, so Ctrl+Z reverts exactly that action.

Signals:
    changed(): contacts changed; the window reloads table and sidebar.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from kontakt.domain.contact_state import row_to_state
from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactDraft, ContactRow
from kontakt.domain.wording import plural
from kontakt.errors import ConflictError, KontaktError
from kontakt.services.catalog import CatalogService
from kontakt.services.contacts import ContactService
from kontakt.services.ideabank import IdeaBankService
from kontakt.services.merging import MergingService
from kontakt.services.outreach.history import HistoryService
from kontakt.services.outreach.inbox import InboxService
from kontakt.services.search import SearchService
from kontakt.services.undo import UndoService
from kontakt.ui.dialogs.conflict import ConflictDialog
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.merge_action import merge_two
from kontakt.ui.undo_stack import UndoStack


@dataclass(frozen=True)
class ContactServices:
    """What the actions on contacts take.

    Attributes:
        contacts: Create, change, tag, trash, restore and purge contacts.
        catalog: The topics and lists.
        undo: Reverts a change by its id (Ctrl+Z).
        search: Counts what is in the trash.
        geography: Municipalities and counties, for the editor.
        history: A contact's history, for the editor.
        ideabank: The documents a contact wrote, for the editor.
        inbox: A contact's addresses on hold (returned mail), for the editor.
        merging: Merges two contacts (None: the action says it is not available).
    """

    contacts: ContactService
    catalog: CatalogService
    undo: UndoService
    search: SearchService
    geography: Geography
    history: HistoryService
    ideabank: IdeaBankService
    inbox: InboxService
    merging: MergingService | None = None


class ContactActions(QObject):
    """The actions on contacts, with their menus and shortcuts.

    Args:
        services: The contacts, topics, lists, undo and what the editor shows.
        window: Parent for dialogs and owner of the shortcuts.
        selection: Returns the selected contacts.
        status: Shows a short message in the status bar.

    Signals:
        changed(): Contacts changed; views must reload.
    """

    changed = Signal()

    def __init__(
        self,
        services: ContactServices,
        window: QWidget,
        selection: Callable[[], list[ContactRow]],
        status: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.services = services
        self.window = window
        self.selection = selection
        self.status = status
        self.undo_stack = UndoStack(parent=self)

        def action(
            text: str, slot: Callable[[], object], shortcut: QKeySequence.StandardKey | None = None
        ) -> QAction:
            a = QAction(text, window)
            if shortcut is not None:
                a.setShortcut(shortcut)
            a.triggered.connect(slot)
            window.addAction(a)
            return a

        self.new = action("Ny kontakt", self.new_contact, QKeySequence.StandardKey.New)
        self.edit = action("Rediger …", self.edit_selected)
        self.trash = action(
            "Flytt til papirkurven", self.trash_selected, QKeySequence.StandardKey.Delete
        )
        self.restore = action("Gjenopprett", self.restore_selected)
        self.empty_trash = action("Tøm papirkurven …", self.empty_the_trash)
        self.merge = action("Slå sammen valgte …", self.merge_selected)
        self.merge.setToolTip("To kontakter som er samme person blir én (kan angres)")
        self.undo = action("Angre", self.undo_last, QKeySequence.StandardKey.Undo)
        self.undo.setEnabled(False)
        self.undo_stack.changed.connect(self._undo_changed)
        self.add_topic = action("Legg til tema …", lambda: self.tag_selected("topic", True))
        self.remove_topic = action("Fjern tema …", lambda: self.tag_selected("topic", False))
        self.add_label = action("Legg til etikett …", lambda: self.tag_selected("label", True))
        self.remove_label = action("Fjern etikett …", lambda: self.tag_selected("label", False))
        self.add_to_list = action("Legg til i liste …", lambda: self.list_selected(True))
        self.remove_from_list = action("Fjern fra liste …", lambda: self.list_selected(False))

    # -- menus -----------------------------------------------------------------

    def bulk_menu(self, parent: QWidget) -> QMenu:
        """The "Merk" menu of actions on the selected contacts."""
        menu = QMenu("&Merk", parent)
        for a in (self.add_topic, self.remove_topic, self.add_label, self.remove_label):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(self.add_to_list)
        menu.addAction(self.remove_from_list)
        return menu

    def set_trash_mode(self, in_trash: bool) -> None:
        """In the trash, contacts are restored or purged, not tagged or trashed."""
        self.trash.setVisible(not in_trash)
        self.restore.setVisible(in_trash)
        self.empty_trash.setVisible(in_trash)
        for a in (
            self.edit,
            self.merge,
            self.add_topic,
            self.remove_topic,
            self.add_label,
            self.remove_label,
            self.add_to_list,
            self.remove_from_list,
        ):
            a.setEnabled(not in_trash)

    # -- running an action -------------------------------------------------------

    def _run(
        self,
        description: str,
        work: Callable[[str], object],
        revert: Callable[[str], object] | None = None,
    ) -> None:
        """Do ``work`` under a new change id; a user error is shown, not raised."""
        change = str(uuid.uuid4())
        try:
            work(change)
        except KontaktError as exc:
            QMessageBox.warning(self.window, "Kontakt", str(exc))
            return
        self._record(description, change, revert)

    def _record(
        self, description: str, change: str, revert: Callable[[str], object] | None = None
    ) -> None:
        undo = revert or self.services.undo.undo
        self.undo_stack.push(description, lambda: undo(change))
        self.status(description)
        self.changed.emit()

    def _uids(self) -> list[str]:
        uids = [r.uid for r in self.selection()]
        if not uids:
            self.status("Velg én eller flere kontakter først.")
        return uids

    def _undo_changed(self) -> None:
        top = self.undo_stack.peek()
        self.undo.setEnabled(top is not None)
        self.undo.setText(f"Angre «{top.description}»" if top else "Angre")

    def undo_last(self) -> None:
        """Ctrl+Z: revert the newest action."""
        try:
            entry = self.undo_stack.undo()
        except KontaktError as exc:
            QMessageBox.warning(self.window, "Kan ikke angre", str(exc))
            self.changed.emit()
            return
        if entry is not None:
            self.status(f"Angret: {entry.description}")
            self.changed.emit()

    # -- the actions -------------------------------------------------------------

    def new_contact(self) -> None:
        """Open an empty editor; saving creates the contact."""
        topics = [t.name for t in self.services.catalog.topics()]

        def save(draft: ContactDraft) -> object:
            change = str(uuid.uuid4())
            row = self.services.contacts.create(draft, change)  # errors go back to the editor
            self._record(f"Ny kontakt {row.full_name}", change)
            return row

        editor = ContactEditor(
            self.services.geography,
            topics,
            save,
            None,
            self.window,
            history=self.services.history,
            documents=self.services.ideabank.documents_of,
            mailbox=self.services.inbox,
        )
        self._show(editor)

    def edit_selected(self) -> None:
        """Open the editor for the first selected contact."""
        rows = self.selection()
        if rows:
            self.edit_contact(rows[0].uid)

    def edit_contact(self, uid: str) -> None:
        """Open the editor for a contact; a conflicting save shows the conflict dialog."""
        row = self.services.contacts.get(uid)
        read = {"version": row.version}
        topics = [t.name for t in self.services.catalog.topics()]
        editor: ContactEditor

        def save(draft: ContactDraft) -> object:
            change = str(uuid.uuid4())
            try:
                self.services.contacts.update(uid, draft, read["version"], change)
            except ConflictError as exc:
                stored = self.services.contacts.get(uid)
                mine = row_to_state(replace(stored, **_draft_fields(draft)))
                dialog = ConflictDialog(
                    str(exc), list(exc.changed_fields) or ["?"], row_to_state(stored), mine, editor
                )
                choice = dialog.exec()
                if choice == ConflictDialog.KEEP_MINE:
                    self.services.contacts.update(uid, draft, stored.version, change)
                elif choice == ConflictDialog.RELOAD:
                    read["version"] = stored.version
                    editor.load(stored)
                    raise KontaktError(
                        "Skjemaet viser nå den lagrede versjonen. "
                        "Gjør endringene dine på nytt og lagre."
                    ) from exc
                else:
                    raise KontaktError("Ikke lagret.") from exc
            self._record(f"Endre {draft.given_name} {draft.family_name}".strip(), change)
            return True

        editor = ContactEditor(
            self.services.geography,
            topics,
            save,
            row,
            self.window,
            history=self.services.history,
            documents=self.services.ideabank.documents_of,
            mailbox=self.services.inbox,
            merging=self.services.merging,
        )
        if editor.history_tab is not None and editor.history_tab.merges is not None:
            editor.history_tab.merges.undone.connect(self._merge_undone)
        self._show(editor)

    def _merge_undone(self, merge_id: int) -> None:
        self.status(f"Sammenslåing {merge_id} er angret.")
        self.changed.emit()

    def merge_selected(self) -> None:
        """«Slå sammen valgte …»: the side-by-side merge of the two selected contacts."""
        merge_two(self)

    def _show(self, editor: ContactEditor) -> None:
        editor.exec()

    def trash_selected(self) -> None:
        """Delete: move the selected contacts to the trash."""
        uids = self._uids()
        if uids:
            self._run(
                f"{plural(len(uids), 'kontakt', 'kontakter')} flyttet til papirkurven",
                lambda c: self.services.contacts.trash(uids, c),
            )

    def restore_selected(self) -> None:
        """Bring the selected contacts back from the trash."""
        uids = self._uids()
        if uids:
            self._run(
                f"{plural(len(uids), 'kontakt', 'kontakter')} gjenopprettet",
                lambda c: self.services.contacts.restore(uids, c),
            )

    def empty_the_trash(self) -> None:
        """Delete everything in the trash for good, after asking."""
        from kontakt.domain.records import ContactFilter

        n = self.services.search.count(ContactFilter(trashed=True))
        if n == 0:
            self.status("Papirkurven er tom.")
            return
        answer = QMessageBox.question(
            self.window,
            "Tøm papirkurven",
            f"Slette {plural(n, 'kontakt', 'kontakter')} i papirkurven for godt?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(f"Papirkurven tømt ({n})", lambda c: self.services.contacts.empty_trash(c))

    def tag_selected(self, kind: str, present: bool, name: str | None = None) -> None:
        """Add or remove a topic or label on the selected contacts."""
        uids = self._uids()
        if not uids:
            return
        if name is None:
            name = self._ask_name(kind, present)
            if not name:
                return
        what = "tema" if kind == "topic" else "etikett"
        verb = "lagt til" if present else "fjernet"
        contacts = self.services.contacts
        setter = contacts.set_topic if kind == "topic" else contacts.set_label
        self._run(
            f"{what.capitalize()} «{name}» {verb} ({len(uids)})",
            lambda c: setter(uids, name, present, c),
        )

    def list_selected(self, add: bool, name: str | None = None) -> None:
        """Put the selected contacts on a list (made if new), or take them off."""
        uids = self._uids()
        if not uids:
            return
        if name is None:
            name = self._ask_name("list", add)
            if not name:
                return
        if add:
            if name.casefold() not in {n.name.casefold() for n in self.services.catalog.lists()}:
                try:
                    self.services.catalog.create_list(name)
                except KontaktError as exc:
                    QMessageBox.warning(self.window, "Kontakt", str(exc))
                    return
            # Undo takes off exactly those who were not on the list before, and
            # puts back exactly those who were taken off.
            added: list[str] = []
            self._run(
                f"Lagt til i «{name}»",
                lambda c: added.extend(self.services.catalog.add_to_list(name, uids)),
                revert=lambda c: self.services.catalog.remove_from_list(name, added),
            )
        else:
            removed: list[str] = []
            self._run(
                f"Fjernet fra «{name}»",
                lambda c: removed.extend(self.services.catalog.remove_from_list(name, uids)),
                revert=lambda c: self.services.catalog.add_to_list(name, removed),
            )

    def _ask_name(self, kind: str, present: bool) -> str:
        if kind == "topic":
            names = [t.name for t in self.services.catalog.topics()]
            title, label = "Tema", "Tema (velg eller skriv et nytt):"
        elif kind == "label":
            names = []
            title, label = "Etikett", "Etikett:"
        else:
            names = [n.name for n in self.services.catalog.lists()]
            title, label = "Liste", "Liste (velg eller skriv navnet på en ny):"
        name, ok = QInputDialog.getItem(self.window, title, label, names, 0, True)
        return name.strip() if ok else ""


def _draft_fields(draft: ContactDraft) -> dict[str, Any]:
    """The fields of a draft that a ContactRow shares, for showing 'your version'."""
    return {
        name: getattr(draft, name)
        for name in (
            "given_name",
            "family_name",
            "organisation",
            "title",
            "party",
            "notes",
            "topics",
            "labels",
            "roles",
            "consent_basis",
            "consent_date",
            "consent_source",
            "opted_out",
            "last_confirmed",
            "emails",
            "phones",
        )
    }
