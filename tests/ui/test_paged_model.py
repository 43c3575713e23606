"""The paged table model under both lists: pages on demand, a shrinking source, failures."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import QModelIndex, Qt

from kontakt.ui.qt_models.paged import PAGE_SIZE, PagedTableModel


class Source:
    """Rows 0..n-1 served a page at a time, counting the reads."""

    def __init__(self, n: int) -> None:
        self.rows = list(range(n))
        self.reads: list[int] = []
        self.broken = False

    def __call__(self, offset: int) -> tuple[Sequence[int], int | None]:
        if self.broken:
            raise OSError("databasen er borte")
        self.reads.append(offset)
        return self.rows[offset : offset + PAGE_SIZE], len(self.rows)


def model_over(source: Source) -> PagedTableModel:
    model = PagedTableModel(source, ["Tall", "Dobbelt"], lambda r, c: str(r * (c + 1)))
    model.reload()
    return model


def test_pages_load_as_the_view_asks(qapp) -> None:  # type: ignore[no-untyped-def]
    source = Source(450)
    model = model_over(source)
    assert (model.rowCount(), model.total, model.columnCount()) == (PAGE_SIZE, 450, 2)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450 and source.reads == [0, 200, 400]
    assert model.data(model.index(449, 1)) == "898"
    assert model.data(model.index(450, 0)) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Dobbelt"


def test_rows_gone_meanwhile_end_the_fetching(qapp) -> None:  # type: ignore[no-untyped-def]
    source = Source(300)
    model = model_over(source)
    del source.rows[150:]  # someone deleted half after the count
    model.fetchMore(QModelIndex())
    assert model.total == PAGE_SIZE and not model.canFetchMore(QModelIndex())


def test_a_failed_reload_keeps_what_is_shown(qapp) -> None:  # type: ignore[no-untyped-def]
    source = Source(10)
    model = model_over(source)
    source.broken = True
    with pytest.raises(OSError):
        model.reload()
    assert model.rowCount() == 10 and model.row_at(9) == 9
