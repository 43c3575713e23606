"""The idea-bank list: documents matching a filter, newest first, a page at a time.

Searching happens in SQL through the idea-bank service (FTS5 / trigram
index); the model holds plain ``DocumentRow`` snapshots of the pages the view
has asked for.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kontakt.domain.documents import (
    KIND_LABELS,
    STATUS_LABELS,
    DocumentFilter,
    DocumentRow,
)
from kontakt.services.ideabank import IdeaBankService

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class DocColumn(IntEnum):
    """The list's columns, in display order."""

    TITLE = 0
    KIND = 1
    DATE = 2
    PLACE = 3
    TOPICS = 4
    AUTHORS = 5
    STATUS = 6


DOC_HEADERS = {
    DocColumn.TITLE: "Tittel",
    DocColumn.KIND: "Type",
    DocColumn.DATE: "Dato",
    DocColumn.PLACE: "Sted",
    DocColumn.TOPICS: "Tema",
    DocColumn.AUTHORS: "Forfattere",
    DocColumn.STATUS: "Status",
}


def cell_text(row: DocumentRow, column: DocColumn) -> str:
    """What the list shows for one document in one column."""
    if column is DocColumn.TITLE:
        return row.title
    if column is DocColumn.KIND:
        return KIND_LABELS[row.kind]
    if column is DocColumn.DATE:
        return f"{row.date:%d.%m.%Y}" if row.date else ""
    if column is DocColumn.PLACE:
        return row.place_name
    if column is DocColumn.TOPICS:
        return ", ".join(row.topics)
    if column is DocColumn.AUTHORS:
        return ", ".join(a.name for a in row.authors)
    return STATUS_LABELS[row.status]


class DocumentTableModel(QAbstractTableModel):
    """Documents matching a filter, loaded a page at a time as the view scrolls.

    Args:
        ideabank: The idea-bank service.
        parent: Parent object.
    """

    def __init__(self, ideabank: IdeaBankService, parent: Any = None) -> None:
        super().__init__(parent)
        self._ideabank = ideabank
        self._filter = DocumentFilter()
        self._rows: list[DocumentRow] = []
        self._total = 0

    @property
    def total(self) -> int:
        """Number of documents matching the filter (not only those loaded)."""
        return self._total

    @property
    def current_filter(self) -> DocumentFilter:
        """The filter the rows were fetched with."""
        return self._filter

    def set_filter(self, f: DocumentFilter) -> None:
        """Show the documents matching ``f`` (first page loaded at once).

        Raises:
            KontaktError: An unknown topic or county; the rows are left as they were.
        """
        result = self._ideabank.search(f, 0, PAGE_SIZE)
        self.beginResetModel()
        self._filter = f
        self._rows = list(result.rows)
        self._total = result.total
        self.endResetModel()

    def refresh(self) -> None:
        """Read the rows again (after a document was added, changed or deleted)."""
        self.set_filter(self._filter)

    def row_at(self, row: int) -> DocumentRow:
        """The snapshot shown in a table row."""
        return self._rows[row]

    def row_of(self, document_id: int) -> int:
        """The table row showing this document, or -1."""
        return next((n for n, r in enumerate(self._rows) if r.id == document_id), -1)

    # -- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DocColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(row, DocColumn(index.column()))
        if role == ID_ROLE:
            return row.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(DocColumn)
        ):
            return DOC_HEADERS[DocColumn(section)]
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        result = self._ideabank.search(self._filter, len(self._rows), PAGE_SIZE)
        if not result.rows:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(result.rows) - 1)
        self._rows.extend(result.rows)
        self.endInsertRows()
