"""The follow-up list as a Qt table model over :class:`FollowUpRow` snapshots.

An overdue follow-up is bold and red, and its «Frist» says «forfalt» in words,
so it does not rely on colour alone.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kontakt.domain.follow_ups import FollowUpRow, due_text

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The table's columns."""

    NAME = 0
    WHAT = 1
    DUE = 2
    NOTE = 3
    DONE = 4


HEADERS = {
    Column.NAME: "Kontakt",
    Column.WHAT: "Hva",
    Column.DUE: "Frist",
    Column.NOTE: "Merknad",
    Column.DONE: "Ferdig",
}
OVERDUE_RED = QColor(170, 20, 20)


class FollowUpModel(QAbstractTableModel):
    """Rows of follow-ups, in the order the service gives them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[FollowUpRow] = []
        self.today = dt.date.today()

    def set_rows(self, rows: list[FollowUpRow], today: dt.date) -> None:
        """Show these rows, with ``today`` deciding what is overdue."""
        self.beginResetModel()
        self.rows = rows
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)] if 0 <= section < len(Column) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if row.overdue(self.today):
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(OVERDUE_RED)
        return None

    def _text(self, row: FollowUpRow, column: Column) -> str:
        if column is Column.NAME:
            return row.name
        if column is Column.WHAT:
            return row.what
        if column is Column.DUE:
            return due_text(row, self.today)
        if column is Column.NOTE:
            return row.note.replace("\n", " ")
        return f"{row.done_at.astimezone():%d.%m.%Y}" if row.done_at else ""
