"""The three lists of a document's page: authors, attached files, and who received it.

Authors and files are edited here and stored when the document is saved;
the recipients are read-only (they are recorded as a mailing goes out).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.documents import Delivery, DocumentFile, FileInfo, Person
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.io.documents import read_document
from kontakt.io.files import write_bytes_atomically
from kontakt.services.ideabank import IdeaBankService
from kontakt.services.search import SearchService
from kontakt.ui.dialogs.event_texts import when_text
from kontakt.ui.widgets.contact_picker import ContactPickerDialog
from kontakt.ui.widgets.form import small_button


def size_text(size: int) -> str:
    """«12 kB», «3,4 MB»."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


class AuthorList(QGroupBox):
    """«Forfattere»: contacts who wrote the document.

    Signals:
        changed(): An author was added or removed.
    """

    changed = Signal()

    def __init__(self, search: SearchService, parent: QWidget | None = None) -> None:
        super().__init__("Forfattere", parent)
        self.search = search
        self.list = QListWidget()
        self.add_button = small_button("Legg til …", "Velg blant kontaktene")
        self.add_button.clicked.connect(self.choose)
        self.remove_button = small_button("Fjern")
        self.remove_button.clicked.connect(self.remove)
        self.picker: ContactPickerDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_people(self, people: tuple[Person, ...]) -> None:
        """Show these authors."""
        self.list.clear()
        for person in people:
            self._add(person.uid, person.name)

    def _add(self, uid: str, name: str) -> None:
        if uid in self.uids():
            return
        item = QListWidgetItem(name or "(uten navn)")
        item.setData(Qt.ItemDataRole.UserRole, uid)
        self.list.addItem(item)

    def uids(self) -> tuple[str, ...]:
        """The authors' uids, in the order listed."""
        return tuple(
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        )

    def choose(self) -> None:
        """«Legg til …»: pick contacts."""
        self.picker = ContactPickerDialog(self.search, "Legg til forfatter", self)
        if self.picker.exec():
            for row in self.picker.chosen:
                self._add(row.uid, row.full_name)
            self.changed.emit()

    def remove(self) -> None:
        """«Fjern»: the selected author."""
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()


class FileList(QGroupBox):
    """«Filer»: attached files; new ones are read (text extracted) when chosen.

    Signals:
        changed(): A file was added or removed.
    """

    changed = Signal()

    def __init__(self, ideabank: IdeaBankService, parent: QWidget | None = None) -> None:
        super().__init__("Filer", parent)
        self.ideabank = ideabank
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_file())
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("error", True)
        self.error.setVisible(False)
        self.add_button = small_button("Legg ved …", "PDF, Word (.docx), tekst eller annen fil")
        self.add_button.clicked.connect(self.choose)
        self.open_button = small_button("Åpne", "Vis fila i programmet som hører til (PDF, Word …)")
        self.open_button.clicked.connect(self.open_file)
        self.save_button = small_button("Lagre som …", "Lagre en kopi av fila")
        self.save_button.clicked.connect(self.save_as)
        self.remove_button = small_button("Fjern")
        self.remove_button.clicked.connect(self.remove)
        self.new_files: list[DocumentFile] = []
        self.removed: set[int] = set()
        buttons = QHBoxLayout()
        for b in (self.add_button, self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def set_files(self, files: tuple[FileInfo, ...]) -> None:
        """Show the stored files (pending additions and removals are dropped)."""
        self.new_files, self.removed = [], set()
        self.list.clear()
        self._show_error("")
        for f in files:
            no_text = "" if f.text_chars else ", ingen tekst"
            item = QListWidgetItem(f"{f.filename}  ({size_text(f.size)}{no_text})")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setToolTip(
                f"{f.text_chars} tegn tekst som søket finner"
                if f.text_chars
                else "Søket finner ikke ord i denne fila (et skannet bilde?)"
            )
            self.list.addItem(item)

    @property
    def dirty(self) -> bool:
        """Files were added or removed since the last save."""
        return bool(self.new_files or self.removed)

    def choose(self) -> None:
        """«Legg ved …»."""
        names, _ = QFileDialog.getOpenFileNames(
            self, "Legg ved", "", "Dokumenter (*.pdf *.docx *.txt);;Alle filer (*)"
        )
        for name in names:
            self.add_path(Path(name))

    def add_path(self, path: Path) -> bool:
        """Read a file and list it for attaching at the next save; False (and why) if unreadable."""
        try:
            file = read_document(path)
        except KontaktError as exc:
            self._show_error(str(exc))
            return False
        self._show_error("")
        self.new_files.append(file)
        label = f"{file.filename}  ({size_text(file.size)}, ny)"
        self.list.addItem(label)
        self.changed.emit()
        return True

    def remove(self) -> None:
        """«Fjern»: the selected file (a stored one goes at the next save)."""
        row = self.list.currentRow()
        if row < 0:
            return
        item = self.list.takeItem(row)
        file_id = item.data(Qt.ItemDataRole.UserRole)
        if file_id is not None:
            self.removed.add(int(file_id))
        else:  # not stored yet: it is among the new files, in list order
            stored = sum(
                1
                for i in range(row)
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) is not None
            )
            del self.new_files[row - stored]
        self.changed.emit()

    def _selected_file(self) -> DocumentFile | None:
        """The selected file with its bytes (stored or just added), or None."""
        row = self.list.currentRow()
        item = self.list.item(row) if row >= 0 else None
        if item is None:
            return None
        file_id = item.data(Qt.ItemDataRole.UserRole)
        if file_id is None:
            stored = sum(
                1
                for i in range(row)
                if self.list.item(i).data(Qt.ItemDataRole.UserRole) is not None
            )
            return self.new_files[row - stored]
        try:
            return self.ideabank.file(int(file_id))
        except KontaktError as exc:
            self._show_error(str(exc))
            return None

    def open_file(self) -> None:
        """«Åpne»: a copy of the file in a temporary folder, opened by the system."""
        file = self._selected_file()
        if file is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="kontakt-idebank-"))
        target = folder / (Path(file.filename).name or "fil")
        try:
            write_bytes_atomically(target, file.content)
        except KontaktError as exc:
            self._show_error(str(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def save_as(self) -> None:
        """«Lagre som …»: write a copy of the selected file."""
        file = self._selected_file()
        if file is None:
            return
        target, _ = QFileDialog.getSaveFileName(self, "Lagre som", file.filename)
        if not target:
            return
        try:
            write_bytes_atomically(Path(target), file.content)
        except KontaktError as exc:
            QMessageBox.warning(self, "Lagre som", str(exc))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class RecipientList(QGroupBox):
    """«Mottakere»: who received the document, when (newest first). Read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Mottakere", parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Navn", "E-post", "Sendt"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.info)

    def set_recipients(self, recipients: tuple[Delivery, ...]) -> None:
        """Show who got the document."""
        self.tree.clear()
        for d in recipients:
            item = QTreeWidgetItem([d.name, d.address, when_text(d.sent_at)])
            if d.mailing_id:
                item.setToolTip(2, f"Utsending nr. {d.mailing_id}")
            self.tree.addTopLevelItem(item)
        self.info.setText(
            f"Sendt til {plural(len(recipients), 'person', 'personer')}."
            if recipients
            else "Ikke sendt til noen ennå. «Send til …» sender det med e-post."
        )

    def rows(self) -> list[tuple[str, str, str]]:
        """The list as shown: (name, address, sent) per row."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None:
                out.append((item.text(0), item.text(1), item.text(2)))
        return out
