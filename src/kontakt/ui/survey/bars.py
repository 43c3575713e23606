"""Count cells drawn with a horizontal bar behind the number.

The bar is only a help to the eye: the cell's text keeps the number and the
share («12 (34 %)»), so nothing is told by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

BAR_ROLE = Qt.ItemDataRole.UserRole + 20
"""A cell's bar length as a share of the column's widest (0.0-1.0); none when unset."""


def count_text(count: int | None, total: int) -> str:
    """«12 (34 %)», «0», or «–» when the question is not asked (comparing years)."""
    if count is None:
        return "–"
    if not total or not count:
        return str(count)
    return f"{count} ({round(100 * count / total)} %)"


class BarDelegate(QStyledItemDelegate):
    """Paints a cell's :data:`BAR_ROLE` share as a bar, then its text on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        share = index.data(BAR_ROLE)
        if isinstance(share, float) and share > 0:
            rect: QRect = option.rect.adjusted(2, 3, -2, -3)
            rect.setWidth(max(2, int(rect.width() * min(share, 1.0))))
            colour = QColor(option.palette.highlight().color())
            colour.setAlpha(70)
            painter.save()
            painter.fillRect(rect, colour)
            painter.restore()
        super().paint(painter, option, index)
