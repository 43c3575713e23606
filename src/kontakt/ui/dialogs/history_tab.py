"""The «Historikk» tab of the contact editor: what happened with the contact, newest first.

Mailings received and events attended are recorded by Kontakt itself; calls,
meetings and other contact are added by the secretary with «Legg til notat …».
Below, «Dokumenter» lists what the contact wrote or received from the idea
bank. A new contact has no history until it is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.documents import ContactDocument, Involvement, labelled_title
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError, ValidationError
from kontakt.services.merging import MergingService
from kontakt.services.outreach.history import CHANNELS, MANUAL_CHANNELS, HistoryService
from kontakt.ui.dialogs.event_texts import when_text
from kontakt.ui.dialogs.merge_history import MergeHistory
from kontakt.ui.widgets.form import (
    FORM_STYLE,
    error_label,
    left_aligned,
    make_combo,
    set_invalid,
    with_error,
)

COLUMNS = ("Dato", "Kanal", "Emne", "Notat")
NOT_SAVED = "Historikken vises her når kontakten er lagret."
SAVED_AT_ONCE = "Notater lagres med en gang (også om du trykker «Avbryt»)."


class NoteDialog(QDialog):
    """«Legg til notat»: a call, a meeting or other contact, stored in the contact's history.

    Args:
        history: The history service.
        uid: The contact.
        parent: Parent widget.
    """

    def __init__(self, history: HistoryService, uid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.uid = uid
        self.setWindowTitle("Legg til notat")
        self.setMinimumWidth(460)
        self.setStyleSheet(FORM_STYLE)

        self.channel_combo: QComboBox = make_combo((c, CHANNELS[c]) for c in MANUAL_CHANNELS)
        self.subject_edit = QLineEdit()
        self.subject_edit.setPlaceholderText("f.eks. Ringte om høringen om tannhelse")
        self.subject_error = error_label()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Hva ble sagt eller avtalt?")
        self.when_edit = QDateTimeEdit()
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self._opened_at = QDateTime.currentDateTime()
        self.when_edit.setDateTime(self._opened_at)
        self.when_edit.setMaximumDateTime(self._opened_at.addDays(1))
        self.general_error = error_label()

        form = QFormLayout()
        form.addRow("&Kanal:", left_aligned(self.channel_combo))
        form.addRow("&Emne:", with_error(self.subject_edit, self.subject_error))
        form.addRow("&Notat:", self.note_edit)
        form.addRow("&Dato:", left_aligned(self.when_edit))

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Lagre", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            "Avbryt", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.subject_edit.textChanged.connect(lambda: self._show("subject", ""))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.subject_edit.setFocus()

    def at(self) -> dt.datetime | None:
        """The chosen time (aware), or None when left at «now» (the exact moment is stored)."""
        chosen = self.when_edit.dateTime()
        if chosen.toString("yyyyMMddHHmm") == self._opened_at.toString("yyyyMMddHHmm"):
            return None
        naive: dt.datetime = chosen.toPython()  # type: ignore[assignment]
        return naive.replace(second=0, microsecond=0).astimezone()

    def _show(self, field: str, message: str) -> None:
        label = self.subject_error if field == "subject" else self.general_error
        label.setText(message)
        label.setVisible(bool(message))
        if field == "subject":
            set_invalid(self.subject_edit, bool(message))

    def save(self) -> None:
        """«Lagre»: add the note, or show what is missing."""
        self._show("subject", "")
        self._show("general", "")
        try:
            self.history.add_note(
                self.uid,
                str(self.channel_combo.currentData()),
                self.subject_edit.text(),
                self.note_edit.toPlainText(),
                self.at(),
            )
        except ValidationError as exc:
            self._show("subject" if exc.field == "subject" else "general", str(exc))
            return
        except KontaktError as exc:
            self._show("general", str(exc))
            return
        self.accept()


DOCUMENT_COLUMNS = ("Dato", "Dokument", "")
INVOLVEMENT = {Involvement.WROTE: "skrev", Involvement.RECEIVED: "fikk tilsendt"}


class HistoryTab(QWidget):
    """The contact's timeline and «Legg til notat …», and the idea-bank documents.

    Args:
        history: The history service.
        documents: The idea-bank documents of a contact by uid; None: no list.
        merging: Lists and undoes the contact's merges; None: no list.
        parent: Parent widget.

    Attributes:
        uid: The contact shown, or None for a contact not yet saved.
        note_dialog: The last «Legg til notat» dialog opened.
    """

    def __init__(
        self,
        history: HistoryService,
        documents: Callable[[str], list[ContactDocument]] | None = None,
        parent: QWidget | None = None,
        merging: MergingService | None = None,
    ) -> None:
        super().__init__(parent)
        self.merges = MergeHistory(merging) if merging is not None else None
        self.history = history
        self.documents = documents
        self.uid: str | None = None
        self.note_dialog: NoteDialog | None = None

        self.timeline = QTreeWidget()
        self.timeline.setColumnCount(len(COLUMNS))
        self.timeline.setHeaderLabels(list(COLUMNS))
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.timeline.header()
        header.setStretchLastSection(True)
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 320)
        self.timeline.currentItemChanged.connect(self._show_entry)
        self.entry = QLabel()
        self.entry.setWordWrap(True)
        self.entry.setTextFormat(Qt.TextFormat.PlainText)
        self.entry.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.error = error_label()
        self.add_button = QPushButton("Legg til notat …")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Før opp en samtale, et møte eller annen kontakt")
        self.add_button.clicked.connect(self.add_note)

        self.documents_label = QLabel("<b>Dokumenter i idébanken</b>")
        self.document_list = QTreeWidget()
        self.document_list.setHeaderLabels(list(DOCUMENT_COLUMNS))
        self.document_list.setRootIsDecorated(False)
        self.document_list.setUniformRowHeights(True)
        self.document_list.setMaximumHeight(130)
        doc_header = self.document_list.header()
        doc_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        doc_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        doc_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        doc_header.setStretchLastSection(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.info, 1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.entry)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.documents_label)
        layout.addWidget(self.document_list)
        if self.merges is not None:
            layout.addWidget(self.merges)
        self.set_contact(None)

    def set_contact(self, uid: str | None) -> None:
        """Show the history of a saved contact (None: a new contact, nothing to show)."""
        self.uid = uid
        if self.merges is not None:
            self.merges.set_contact(uid)
        self.refresh()

    def refresh(self) -> None:
        """Read the history again."""
        self.timeline.clear()
        self.entry.clear()
        self.error.setVisible(False)
        saved = self.uid is not None
        self.timeline.setVisible(saved)
        self.add_button.setEnabled(saved)
        if self.uid is None:
            self.info.setText(NOT_SAVED)
            self._show_documents()
            return
        try:
            items = self.history.history(self.uid)
        except KontaktError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        for entry in items:
            lines = (line.strip() for line in entry.note.splitlines())
            note = " / ".join(line for line in lines if line)
            row = QTreeWidgetItem([when_text(entry.at), entry.channel_label, entry.subject, note])
            row.setData(0, Qt.ItemDataRole.UserRole, entry.note)
            if entry.note:
                row.setToolTip(3, entry.note)
            row.setToolTip(2, entry.subject)
            self.timeline.addTopLevelItem(row)
        counted = f"{plural(len(items), 'hendelse', 'hendelser')}, nyeste først." if items else ""
        self.info.setText(f"{counted or 'Ingenting er ført opp ennå.'} {SAVED_AT_ONCE}")
        self._show_documents()

    def _show_documents(self) -> None:
        """The documents the contact wrote or received (hidden when there are none)."""
        self.document_list.clear()
        found: list[ContactDocument] = []
        if self.documents is not None and self.uid is not None:
            try:
                found = self.documents(self.uid)
            except KontaktError as exc:
                self.error.setText(str(exc))
                self.error.setVisible(True)
        for d in found:
            when = f"{d.when:%d.%m.%Y}" if d.when else ""
            title = labelled_title(d.kind, d.title)
            item = QTreeWidgetItem([when, title, INVOLVEMENT[d.involvement]])
            item.setToolTip(1, title)
            self.document_list.addTopLevelItem(item)
        self.documents_label.setVisible(bool(found))
        self.document_list.setVisible(bool(found))

    def document_rows(self) -> list[tuple[str, ...]]:
        """The «Dokumenter» list as shown: (date, document, involvement) per row."""
        result = []
        for index in range(self.document_list.topLevelItemCount()):
            item = self.document_list.topLevelItem(index)
            if item is not None:
                result.append(tuple(item.text(c) for c in range(len(DOCUMENT_COLUMNS))))
        return result

    def _show_entry(self, item: QTreeWidgetItem | None) -> None:
        """The chosen entry in full below the list (long notes do not fit in a row)."""
        if item is None:
            self.entry.clear()
            return
        note = str(item.data(0, Qt.ItemDataRole.UserRole) or "")
        head = " · ".join(item.text(c) for c in range(3))
        self.entry.setText(f"{head}\n{note}" if note else head)

    def rows(self) -> list[tuple[str, ...]]:
        """The timeline as shown: (date, channel, subject, note) per row, top to bottom."""
        result = []
        for index in range(self.timeline.topLevelItemCount()):
            item = self.timeline.topLevelItem(index)
            if item is not None:
                result.append(tuple(item.text(c) for c in range(len(COLUMNS))))
        return result

    def add_note(self) -> None:
        """«Legg til notat …»: the note form; the timeline follows when it is saved."""
        if self.uid is None:
            return
        self.note_dialog = NoteDialog(self.history, self.uid, self)
        self.note_dialog.accepted.connect(self.refresh)
        self.note_dialog.open()
