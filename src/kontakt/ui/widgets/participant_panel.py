"""The participants of one event: who is invited, who answered, who came.

The secretary selects one or more people and presses «Takket ja», «Takket nei»,
«Deltok» or «Invitert» to record their answer; the counts follow at once.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.text import fold
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.services.outreach.events import STATUS_LABELS, EventService, ParticipantStatus
from kontakt.ui.widgets.form import error_label

# The order of the buttons: the answers first, «Invitert» last (to undo a mistake).
BUTTON_ORDER = (
    ParticipantStatus.ACCEPTED,
    ParticipantStatus.TENTATIVE,
    ParticipantStatus.DECLINED,
    ParticipantStatus.ATTENDED,
    ParticipantStatus.INVITED,
)
STATUS_COLOURS = {
    ParticipantStatus.INVITED: "#5f6368",
    ParticipantStatus.ACCEPTED: "#1b6e20",
    ParticipantStatus.TENTATIVE: "#8a5a00",
    ParticipantStatus.DECLINED: "#b3261e",
    ParticipantStatus.ATTENDED: "#0b57d0",
}
BUTTON_TIPS = {
    ParticipantStatus.ACCEPTED: "De valgte har sagt at de kommer",
    ParticipantStatus.TENTATIVE: "De valgte kommer kanskje",
    ParticipantStatus.DECLINED: "De valgte har sagt at de ikke kommer",
    ParticipantStatus.ATTENDED: "De valgte var med (føres også i historikken deres)",
    ParticipantStatus.INVITED: "Tilbake til «Invitert» (ikke svart)",
}


class ParticipantPanel(QWidget):
    """The list of an event's participants with buttons that set their status.

    Args:
        events: The event service.
        parent: Parent widget.

    Signals:
        changed(): A status was changed (the event's counts are out of date).
    """

    changed = Signal()

    def __init__(self, events: EventService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.event_id: int | None = None
        self._status: dict[int, ParticipantStatus] = {}

        self.search = QLineEdit()
        self.search.setPlaceholderText("Finn en deltaker …")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Navn", "Status"])
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 320)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = error_label()
        self.buttons: dict[ParticipantStatus, QPushButton] = {}
        buttons = QHBoxLayout()
        hint = QLabel("Sett valgte til:")
        hint.setToolTip("Velg én eller flere i lista (hold Ctrl eller Shift for å velge flere)")
        buttons.addWidget(hint)
        for status in BUTTON_ORDER:
            button = QPushButton(STATUS_LABELS[status])
            button.setAutoDefault(False)
            button.setToolTip(BUTTON_TIPS[status])
            button.clicked.connect(lambda _=False, s=status: self.set_selected(s))
            self.buttons[status] = button
            buttons.addWidget(button)
        buttons.addStretch()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.set_event(None)

    def set_event(self, event_id: int | None) -> None:
        """Show the participants of an event (None: no event chosen)."""
        self.event_id = event_id
        self.refresh()

    def refresh(self) -> None:
        """Read the participants again, keeping the selected people selected."""
        keep = set(self.selected_ids())
        self.table.setRowCount(0)
        self._status = {}
        if self.event_id is None:
            self.summary.setText("Velg et arrangement i lista over.")
            self._update_buttons()
            return
        people = self.events.participants(self.event_id)
        self.table.setRowCount(len(people))
        for row, (contact_id, name, status) in enumerate(people):
            self._status[contact_id] = status
            name_item = QTableWidgetItem(name or "(uten navn)")
            name_item.setData(Qt.ItemDataRole.UserRole, contact_id)
            self.table.setItem(row, 0, name_item)
            status_item = QTableWidgetItem(STATUS_LABELS[status])
            status_item.setForeground(QColor(STATUS_COLOURS[status]))
            self.table.setItem(row, 1, status_item)
            if contact_id in keep:
                self.table.selectionModel().select(
                    self.table.model().index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        self.summary.setText(self._summary_text())
        self._filter(self.search.text())
        self._update_buttons()

    def _filter(self, text: str) -> None:
        """Show only the people whose name holds ``text`` (upper and lower case alike)."""
        wanted = fold(text.strip())
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            hidden = bool(wanted) and (item is None or wanted not in fold(item.text()))
            self.table.setRowHidden(row, hidden)

    def _summary_text(self) -> str:
        if not self._status:
            return "Ingen er invitert ennå. Bruk «Inviter …», eller importer en deltakerliste."
        counts = {s: 0 for s in ParticipantStatus}
        for status in self._status.values():
            counts[status] += 1
        parts = [
            f"{counts[ParticipantStatus.ACCEPTED]} takket ja",
            f"{counts[ParticipantStatus.TENTATIVE]} kanskje",
            f"{counts[ParticipantStatus.DECLINED]} takket nei",
            f"{counts[ParticipantStatus.ATTENDED]} deltok",
            f"{counts[ParticipantStatus.INVITED]} har ikke svart",
        ]
        return f"{plural(len(self._status), 'person', 'personer')} på lista: " + ", ".join(parts)

    def selected_ids(self) -> list[int]:
        """Contact ids of the selected rows shown, top to bottom."""
        rows = sorted(
            {i.row() for i in self.table.selectedIndexes() if not self.table.isRowHidden(i.row())}
        )
        items = (self.table.item(row, 0) for row in rows)
        return [int(item.data(Qt.ItemDataRole.UserRole)) for item in items if item is not None]

    def status_of(self, contact_id: int) -> ParticipantStatus | None:
        """The status shown for a contact (None if not on the list)."""
        return self._status.get(contact_id)

    def set_selected(self, status: ParticipantStatus) -> None:
        """Give every selected person ``status`` (those who have it already are left alone)."""
        if self.event_id is None:
            return
        self.error.setVisible(False)
        changed = False
        try:
            for contact_id in self.selected_ids():
                if self._status.get(contact_id) != status:
                    self.events.set_status(self.event_id, contact_id, status)
                    changed = True
        except KontaktError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
        self.refresh()
        if changed:
            self.changed.emit()

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectedIndexes())
        for button in self.buttons.values():
            button.setEnabled(chosen)
