"""«Velg kontakter»: find people by name, e-mail or place and pick one or more.

Used for a document's authors. The search is the contact search of the main
window (SQL, first 50 matches); nothing is filtered in Qt.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.records import ContactFilter, ContactRow, Page
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.services.search import SearchService
from kontakt.ui.screen_fit import fit_to_screen

SHOWN = 50


def describe(row: ContactRow) -> str:
    """«Kari Nordmann – Bergen – kari@example.no»."""
    place = row.municipality.name if row.municipality else row.county.name if row.county else ""
    return " – ".join(p for p in (row.full_name or "(uten navn)", place, row.primary_email) if p)


class ContactPickerDialog(QDialog):
    """Search contacts and choose some.

    Args:
        search: The contact search.
        title: The window title, e.g. «Legg til forfatter».
        parent: Parent widget.

    Attributes:
        chosen: The chosen contacts (after «Velg»).
    """

    def __init__(self, search: SearchService, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = search
        self.chosen: list[ContactRow] = []
        self.setWindowTitle(title)
        fit_to_screen(self, 520, 460)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Skriv navn, e-post, telefon eller kommune …")
        self.field.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.itemDoubleClicked.connect(lambda _item: self.accept())
        self.info = QLabel()
        buttons = QDialogButtonBox()
        self.choose_button = buttons.addButton("Velg", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.results.itemSelectionChanged.connect(
            lambda: self.choose_button.setEnabled(bool(self.results.selectedItems()))
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.field.textChanged.connect(self._timer.start)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.info)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Show the first contacts matching the text."""
        self._timer.stop()
        self.results.clear()
        try:
            result = self.search.search(
                ContactFilter(text=self.field.text()), Page(limit=SHOWN, count_total=True)
            )
        except KontaktError as exc:
            self.info.setText(str(exc))
            return
        for row in result.rows:
            item = QListWidgetItem(describe(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.results.addItem(item)
        total = result.total or len(result.rows)
        more = f" (viser de {SHOWN} første; skriv mer for å finne flere)" if total > SHOWN else ""
        self.info.setText(plural(total, "kontakt passer", "kontakter passer") + more)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.choose_button.setEnabled(bool(self.results.selectedItems()))

    def accept(self) -> None:
        """«Velg»: keep the selected contacts."""
        self.chosen = [i.data(Qt.ItemDataRole.UserRole) for i in self.results.selectedItems()]
        if self.chosen:
            super().accept()
