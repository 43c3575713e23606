"""The events window's list: one row per event with its time, title and participant counts.

One row is chosen at a time; its first cell carries the event's number. A
double click or Enter asks for the event's form and Delete asks to delete it
(the window decides what happens).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kontakt.services.outreach.events import STATUS_LABELS, EventSummary, ParticipantStatus
from kontakt.ui.dialogs.event_texts import when_text

COUNTED = (ParticipantStatus.ACCEPTED, ParticipantStatus.DECLINED, ParticipantStatus.ATTENDED)
# «Invitert» counts everyone on the list; the other columns one answer each.
COLUMNS = (
    "Tidspunkt",
    "Tittel",
    STATUS_LABELS[ParticipantStatus.INVITED],
    *(STATUS_LABELS[s] for s in COUNTED),
)


class EventTable(QTableWidget):
    """The events of a year, earliest first.

    Args:
        parent: Parent widget.

    Signals:
        edit_requested: A row was double-clicked, or Enter pressed.
        delete_requested: Delete was pressed in the table.
    """

    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        header_item = self.horizontalHeaderItem(2)
        if header_item is not None:
            header_item.setToolTip(
                "Alle på deltakerlista: inviterte, de som har svart og de som var med"
            )
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.itemDoubleClicked.connect(lambda _item: self.edit_requested.emit())

    def show_events(self, summaries: Sequence[EventSummary], keep: int | None) -> None:
        """Fill the rows and choose ``keep``, else the next event to come, else the last held.

        Emits no selection signal: the caller shows the chosen event itself.
        """
        self.blockSignals(True)
        self.setRowCount(len(summaries))
        now = dt.datetime.now(dt.UTC)
        chosen_row = -1
        for row, summary in enumerate(summaries):
            cells = [
                when_text(summary.data.starts_at),
                summary.data.title,
                str(sum(summary.counts.values())),
                *(str(summary.count(s)) for s in COUNTED),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if summary.data.starts_at <= now:
                    item.setToolTip("Holdt")
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, summary.id)
                self.setItem(row, column, item)
            if summary.id == keep:
                chosen_row = row
        if chosen_row < 0 and summaries:
            chosen_row = _next_row(summaries, now)
        self.clearSelection()
        if chosen_row >= 0:
            self.selectRow(chosen_row)
        self.blockSignals(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter asks for the chosen event's form; Delete (or Backspace, the Mac's delete
        key) asks to delete it."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            wanted = self.edit_requested
        elif event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            wanted = self.delete_requested
        else:
            super().keyPressEvent(event)
            return
        event.accept()  # not on to the dialog, whose Enter would press a button
        if self.event_id() is not None:
            wanted.emit()

    def event_id(self) -> int | None:
        """The chosen event's number."""
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


def _next_row(summaries: Sequence[EventSummary], now: dt.datetime) -> int:
    """The row of the next event to come, else the last one held."""
    for row, summary in enumerate(summaries):
        if summary.data.starts_at > now:
            return row
    return len(summaries) - 1
