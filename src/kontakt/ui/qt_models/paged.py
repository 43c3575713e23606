"""A table model that holds only the pages of rows the view has asked for.

Filtering, sorting and counting happen in SQL (through a service); the model
keeps plain row snapshots and asks for the next page when the view scrolls
near the end. The contact table and the idea-bank list are both this model
with their own page source and columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex

# offset -> (the rows of the page from there, the total if known)
PageSource = Callable[[int], tuple[Sequence[Any], int | None]]


class PagedTableModel(QAbstractTableModel):
    """Rows loaded a page at a time.

    Args:
        pages: Reads the page starting at an offset, with the total.
        headers: Column titles, in display order.
        cell: What a row shows in a column (also its tooltip).
        parent: Parent object.
    """

    def __init__(
        self,
        pages: PageSource,
        headers: Sequence[str],
        cell: Callable[[Any, int], str],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._pages = pages
        self._headers = tuple(headers)
        self._cell = cell
        self._rows: list[Any] = []
        self._total = 0

    @property
    def total(self) -> int:
        """Number of rows matching (not only those loaded)."""
        return self._total

    def reload(self) -> None:
        """Read the first page again. If reading fails, the rows stay as they were."""
        rows, total = self._pages(0)
        self.beginResetModel()
        self._rows = list(rows)
        self._total = total if total is not None else len(self._rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """The snapshot shown in a table row."""
        return self._rows[row]

    # -- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cell(self._rows[index.row()], index.column())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        rows, _ = self._pages(len(self._rows))
        if not rows:
            self._total = len(self._rows)  # fewer than counted: some went meanwhile
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
