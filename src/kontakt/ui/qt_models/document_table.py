"""The idea-bank list: documents matching a filter, newest first, a page at a time.

Searching happens in SQL through the idea-bank service (FTS5 / trigram
index); the model holds plain ``DocumentRow`` snapshots of the pages the view
has asked for (:mod:`.paged`).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from kontakt.domain.document_uses import used_text
from kontakt.domain.documents import (
    KIND_LABELS,
    STATUS_LABELS,
    DocumentFilter,
    DocumentRow,
)
from kontakt.services.ideabank import IdeaBankService
from kontakt.ui.qt_models.paged import PAGE_SIZE, PagedTableModel


class DocColumn(IntEnum):
    """The list's columns, in display order."""

    TITLE = 0
    KIND = 1
    DATE = 2
    PLACE = 3
    TOPICS = 4
    AUTHORS = 5
    STATUS = 6
    USED = 7


DOC_HEADERS = {
    DocColumn.TITLE: "Tittel",
    DocColumn.KIND: "Type",
    DocColumn.DATE: "Dato",
    DocColumn.PLACE: "Sted",
    DocColumn.TOPICS: "Tema",
    DocColumn.AUTHORS: "Forfattere",
    DocColumn.STATUS: "Status",
    DocColumn.USED: "Brukt",
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
    if column is DocColumn.USED:
        return used_text(row)
    return STATUS_LABELS[row.status]


class DocumentTableModel(PagedTableModel):
    """Documents matching a filter, loaded a page at a time as the view scrolls.

    Args:
        ideabank: The idea-bank service.
        parent: Parent object.
    """

    def __init__(self, ideabank: IdeaBankService, parent: Any = None) -> None:
        headers = [DOC_HEADERS[c] for c in DocColumn]
        super().__init__(self._read, headers, lambda r, c: cell_text(r, DocColumn(c)), parent)
        self._ideabank = ideabank
        self._filter = DocumentFilter()

    @property
    def current_filter(self) -> DocumentFilter:
        """The filter the rows were fetched with."""
        return self._filter

    def set_filter(self, f: DocumentFilter) -> None:
        """Show the documents matching ``f`` (first page loaded at once).

        Raises:
            KontaktError: An unknown topic or county; the rows and filter are left as they were.
        """
        previous, self._filter = self._filter, f
        try:
            self.reload()
        except BaseException:
            self._filter = previous
            raise

    def refresh(self) -> None:
        """Read the rows again (after a document was added, changed or deleted)."""
        self.reload()

    def row_at(self, row: int) -> DocumentRow:
        """The snapshot shown in a table row."""
        row_: DocumentRow = super().row_at(row)
        return row_

    def row_of(self, document_id: int) -> int:
        """The table row showing this document, or -1."""
        return next((n for n in range(self.rowCount()) if self.row_at(n).id == document_id), -1)

    def _read(self, offset: int) -> tuple[Sequence[DocumentRow], int | None]:
        result = self._ideabank.search(self._filter, offset, PAGE_SIZE)
        return result.rows, result.total
