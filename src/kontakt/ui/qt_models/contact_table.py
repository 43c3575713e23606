"""The contact table model: rows fetched page by page from the search service.

Filtering and sorting happen in SQL (a QSortFilterProxyModel over 100,000
rows takes seconds per keystroke); the model only holds the pages the view
has asked for, as plain ``ContactRow`` snapshots.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kontakt.domain.normalize import format_phone
from kontakt.domain.records import ContactFilter, ContactRow, Page, SortField
from kontakt.services.search import SearchService

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The table's columns, in display order."""

    NAME = 0
    MUNICIPALITY = 1
    COUNTY = 2
    ORGANISATION = 3
    ROLES = 4
    TOPICS = 5
    EMAIL = 6
    PHONE = 7


HEADERS = {
    Column.NAME: "Navn",
    Column.MUNICIPALITY: "Kommune",
    Column.COUNTY: "Fylke",
    Column.ORGANISATION: "Organisasjon",
    Column.ROLES: "Verv",
    Column.TOPICS: "Tema",
    Column.EMAIL: "E-post",
    Column.PHONE: "Telefon",
}

SORTABLE = {
    Column.NAME: SortField.NAME,
    Column.MUNICIPALITY: SortField.MUNICIPALITY,
    Column.COUNTY: SortField.COUNTY,
    Column.ORGANISATION: SortField.ORGANISATION,
}

UID_ROLE = Qt.ItemDataRole.UserRole + 1


def _roles_text(row: ContactRow) -> str:
    return "; ".join(
        ", ".join(p for p in (r.title, r.body) if p) or r.kind.value for r in row.roles
    )


def cell_text(row: ContactRow, column: Column) -> str:
    """What the table shows for one contact in one column."""
    if column is Column.NAME:
        return row.full_name
    if column is Column.MUNICIPALITY:
        return row.municipality.name if row.municipality else ""
    if column is Column.COUNTY:
        return row.county.name if row.county else ""
    if column is Column.ORGANISATION:
        return row.organisation
    if column is Column.ROLES:
        return _roles_text(row)
    if column is Column.TOPICS:
        return ", ".join(row.topics)
    if column is Column.EMAIL:
        return row.primary_email
    return format_phone(row.primary_phone) if row.primary_phone else ""


class ContactTableModel(QAbstractTableModel):
    """Contacts matching a filter, loaded a page at a time as the view scrolls.

    Args:
        search: The search service.
    """

    def __init__(self, search: SearchService, parent: Any = None) -> None:
        super().__init__(parent)
        self._search = search
        self._filter = ContactFilter()
        self._sort = SortField.NAME
        self._descending = False
        self._rows: list[ContactRow] = []
        self._total = 0
        # Nothing is read until the first set_filter(): the view's set-up
        # (sort indicator, restored header) would otherwise query several times.
        self._active = False

    # -- what the window asks for ------------------------------------------------

    @property
    def total(self) -> int:
        """Number of contacts matching the filter (not only those loaded)."""
        return self._total

    @property
    def current_filter(self) -> ContactFilter:
        """The filter the rows were fetched with."""
        return self._filter

    def set_filter(self, f: ContactFilter) -> None:
        """Show the contacts matching ``f`` (first page loaded at once)."""
        self._filter = f
        self._active = True
        self.refresh()

    def refresh(self) -> None:
        """Reload from the database, keeping filter and order."""
        self.beginResetModel()
        result = self._search.search(self._filter, self._page(0))
        self._rows = list(result.rows)
        self._total = result.total if result.total is not None else len(self._rows)
        self.endResetModel()

    def row_at(self, row: int) -> ContactRow:
        """The snapshot shown in a table row."""
        return self._rows[row]

    def _page(self, offset: int) -> Page:
        return Page(offset=offset, limit=PAGE_SIZE, sort=self._sort, descending=self._descending)

    # -- QAbstractTableModel -----------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(row, Column(index.column()))
        if role == UID_ROLE:
            return row.uid
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(Column)
        ):
            return HEADERS[Column(section)]
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        result = self._search.search(self._filter, self._page(len(self._rows)))
        if not result.rows:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(result.rows) - 1)
        self._rows.extend(result.rows)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        field = SORTABLE.get(Column(column)) if 0 <= column < len(Column) else None
        if field is None:
            return
        self._sort = field
        self._descending = order == Qt.SortOrder.DescendingOrder
        # A reset, not layoutChanged: the new order loads a new first page.
        if self._active:
            self.refresh()
