"""The contact table model: rows fetched page by page from the search service.

Filtering and sorting happen in SQL (a QSortFilterProxyModel over 100,000
rows takes seconds per keystroke); the model only holds the pages the view
has asked for, as plain ``ContactRow`` snapshots (:mod:`.paged`).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from kontakt.domain.normalize import format_phone
from kontakt.domain.records import ContactFilter, ContactRow, Page, RoleKind, SortField
from kontakt.domain.role_text import role_line
from kontakt.domain.wording import field_label
from kontakt.services.search import SearchService
from kontakt.ui.qt_models.paged import PAGE_SIZE, PagedTableModel

__all__ = ["HEADERS", "PAGE_SIZE", "Column", "ContactTableModel", "cell_text"]


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
    Column.NAME: field_label("name"),
    Column.MUNICIPALITY: field_label("municipality"),
    Column.COUNTY: field_label("county"),
    Column.ORGANISATION: field_label("organisation"),
    Column.ROLES: field_label("roles"),
    Column.TOPICS: field_label("topics"),
    Column.EMAIL: field_label("emails"),
    Column.PHONE: field_label("phones"),
}

SORTABLE = {
    Column.NAME: SortField.NAME,
    Column.MUNICIPALITY: SortField.MUNICIPALITY,
    Column.COUNTY: SortField.COUNTY,
    Column.ORGANISATION: SortField.ORGANISATION,
}


def _roles_text(row: ContactRow) -> str:
    return "; ".join(
        role_line(r)
        if r.kind is RoleKind.KANDIDAT
        else ", ".join(p for p in (r.title, r.body) if p) or r.kind.value
        for r in row.roles
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


class ContactTableModel(PagedTableModel):
    """Contacts matching a filter, loaded a page at a time as the view scrolls.

    Args:
        search: The search service.
    """

    def __init__(self, search: SearchService, parent: Any = None) -> None:
        headers = [HEADERS[c] for c in Column]
        super().__init__(self._read, headers, lambda r, c: cell_text(r, Column(c)), parent)
        self._search = search
        self._filter = ContactFilter()
        self._sort = SortField.NAME
        self._descending = False
        # Nothing is read until the first set_filter(): the view's set-up
        # (sort indicator, restored header) would otherwise query several times.
        self._active = False

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
        self.reload()

    def row_at(self, row: int) -> ContactRow:
        """The snapshot shown in a table row."""
        row_: ContactRow = super().row_at(row)
        return row_

    def _read(self, offset: int) -> tuple[Sequence[ContactRow], int | None]:
        page = Page(offset=offset, limit=PAGE_SIZE, sort=self._sort, descending=self._descending)
        result = self._search.search(self._filter, page)
        return result.rows, result.total

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        field = SORTABLE.get(Column(column)) if 0 <= column < len(Column) else None
        if field is None:
            return
        self._sort = field
        self._descending = order == Qt.SortOrder.DescendingOrder
        # A reset, not layoutChanged: the new order loads a new first page.
        if self._active:
            self.refresh()
