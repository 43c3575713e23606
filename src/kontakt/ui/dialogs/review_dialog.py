"""«Gjennomgang»: contacts due for review, to confirm, open, trash or erase in bulk.

Two lists: contacts not confirmed for N months (a database setting, 24 by
default) and contacts whose every role has ended. Personal data is kept
only while it is needed; this is where the secretary decides.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.records import ContactRow
from kontakt.domain.wording import field_label
from kontakt.errors import KontaktError
from kontakt.services.contacts import ContactService
from kontakt.services.privacy import ScrubIncomplete
from kontakt.services.retention import RetentionService
from kontakt.services.settings import SettingsService
from kontakt.ui.privacy_actions import Erasure, offer_backup_cleanup
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.form import closing_buttons
from kontakt.ui.workers import Worker

HEADERS = (
    *map(field_label, ("name", "municipality", "last_confirmed", "created_at")),
    "Verv slutter",
)


def _date(value: object) -> str:
    return f"{value:%d.%m.%Y}" if value is not None else "–"


class ReviewDialog(QDialog):
    """The review lists and their bulk actions.

    Args:
        contacts: Moves contacts to the trash.
        retention: The contacts due for review, and confirming them.
        settings: After how many months a contact is due (``review_months``).
        erasure: Erases contacts for good and offers to clean the backups.
        parent: The main window.

    Attributes:
        changed: True once something was confirmed, trashed or erased.
    """

    def __init__(
        self,
        contacts: ContactService,
        retention: RetentionService,
        settings: SettingsService,
        erasure: Erasure,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.contacts = contacts
        self.retention = retention
        self.settings = settings
        self.erasure = erasure
        self.changed = False
        self.cleanup: Worker | None = None  # rewriting backups after an erasure
        self.setWindowTitle("Gjennomgang av kontakter")
        fit_to_screen(self, 860, 520)
        self.months = QSpinBox()
        self.months.setRange(1, 240)
        self.months.setValue(settings.get("review_months"))
        self.months.setSuffix(" måneder")
        self.months.valueChanged.connect(self._months_changed)
        self.tabs = QTabWidget()
        self.stale = self._table()
        self.ended = self._table()
        self.tabs.addTab(self.stale, "Ikke bekreftet")
        self.tabs.addTab(self.ended, "Alle verv er slutt")
        self.rows: dict[QTableWidget, list[ContactRow]] = {self.stale: [], self.ended: []}
        self.confirm_button = QPushButton("Bekreft valgte")
        self.confirm_button.setToolTip("Opplysningene er sjekket og stemmer fortsatt")
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.trash_button = QPushButton("Flytt til papirkurven")
        self.trash_button.clicked.connect(self.trash_selected)
        self.erase_button = QPushButton("Slett permanent …")
        self.erase_button.clicked.connect(self.erase_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Vis kontakter som ikke er bekreftet på"))
        top.addWidget(self.months)
        top.addStretch()
        buttons = closing_buttons(
            (self.confirm_button, self.trash_button, self.erase_button), self.accept
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(HEADERS))
        table.setHorizontalHeaderLabels(HEADERS)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _months_changed(self, value: int) -> None:
        self.settings.set("review_months", value)
        self.refresh()

    def refresh(self) -> None:
        """Read both lists again."""
        self._fill(self.stale, self.retention.not_confirmed(self.months.value()))
        self._fill(self.ended, self.retention.roles_ended())
        self.tabs.setTabText(0, f"Ikke bekreftet ({len(self.rows[self.stale])})")
        self.tabs.setTabText(1, f"Alle verv er slutt ({len(self.rows[self.ended])})")

    def _fill(self, table: QTableWidget, rows: list[ContactRow]) -> None:
        self.rows[table] = rows
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            ends = [role.end for role in row.roles if role.end is not None]
            cells = (
                row.full_name,
                row.municipality.name if row.municipality else "",
                _date(row.last_confirmed),
                _date(row.created_at.astimezone().date()),
                _date(max(ends)) if ends else "",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()

    def selected(self) -> list[ContactRow]:
        """The chosen rows of the list shown."""
        table = self.tabs.currentWidget()
        assert isinstance(table, QTableWidget)
        picked = sorted({i.row() for i in table.selectionModel().selectedRows()})
        return [self.rows[table][i] for i in picked]

    def _done(self, text: str) -> None:
        self.changed = True
        self.message.setText(text)
        self.refresh()

    def confirm_selected(self) -> None:
        """«Bekreft valgte»: today is their last confirmation."""
        rows = self.selected()
        if not rows:
            return
        try:
            self.retention.confirm(rows)
        except KontaktError as exc:
            self.message.setText(str(exc))
            return
        self._done(f"{len(rows)} kontakter er bekreftet i dag.")

    def trash_selected(self) -> None:
        """Move the chosen contacts to the trash (restorable)."""
        rows = self.selected()
        if rows:
            self.contacts.trash([r.uid for r in rows])
            self._done(f"{len(rows)} kontakter er flyttet til papirkurven.")

    def erase_selected(self) -> None:
        """Erase the chosen contacts for good (after asking)."""
        rows = self.selected()
        if not rows:
            return
        answer = QMessageBox.question(
            self,
            "Slett permanent",
            f"Slette {len(rows)} kontakter for godt, med historikk og utsendelser? "
            "Dette kan ikke angres.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        remains = ""
        for row in rows:
            try:
                self.erasure.erase(row.uid)
            except ScrubIncomplete as exc:  # erased; the rewrite is retried at the next start
                remains = str(exc)
            except KontaktError as exc:
                self.message.setText(str(exc))
                return
        self._done(f"{len(rows)} kontakter er slettet for godt.")
        if remains:
            QMessageBox.warning(self, "Slett permanent", remains)
        self.cleanup = offer_backup_cleanup(
            self.erasure, self, [r.uid for r in rows], f"{len(rows)} slettede kontakter"
        )
