"""The grid's view: topic names written upwards so fifteen columns fit, and two-line cells.

A cell draws its count in bold over the smaller folkevalgt/tillitsvalgt split;
a gap draws a bold «–» on light red. The colours come from the model.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from kontakt.ui.overview.grid_model import GAP_MARK, OverviewGridModel

_Index = QModelIndex | QPersistentModelIndex
SAMPLE_SPLIT = "9 fv · 9 tv"  # the narrowest split a column is made for
PADDING = 10  # around the header's labels
CELL_PADDING = 7  # left and right of a cell's text
LINE_GAP = 2


class UpwardHeader(QHeaderView):
    """A horizontal header whose labels read from bottom to top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)

    def _label(self, section: int) -> str:
        model = self.model()
        if model is None:
            return ""
        return str(model.headerData(section, self.orientation()) or "")

    def _font(self, section: int) -> QFont:
        model = self.model()
        font = (
            model.headerData(section, self.orientation(), Qt.ItemDataRole.FontRole)
            if model
            else None
        )
        return font if isinstance(font, QFont) else self.font()

    def sizeHint(self) -> QSize:
        model = self.model()
        sections = model.columnCount() if model is not None else 0
        longest = max(
            (
                QFontMetrics(self._font(s)).horizontalAdvance(self._label(s))
                for s in range(sections)
            ),
            default=40,
        )
        return QSize(super().sizeHint().width(), longest + 2 * PADDING)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        metrics = QFontMetrics(self._font(logicalIndex))
        return QSize(metrics.height() + PADDING, self.sizeHint().height())

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logicalIndex
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        font = self._font(logicalIndex)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        x = rect.center().x() + (metrics.ascent() - metrics.descent()) // 2
        painter.translate(QPoint(x, rect.bottom() - PADDING))
        painter.rotate(-90)
        text = metrics.elidedText(
            self._label(logicalIndex), Qt.TextElideMode.ElideRight, rect.height() - 2 * PADDING
        )
        painter.drawText(0, 0, text)
        painter.restore()


class CellDelegate(QStyledItemDelegate):
    """Count in bold over the split in a smaller font; totals and gaps in bold alone."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        big = QFont(option.font)
        big.setBold(True)
        big.setPointSizeF(option.font.pointSizeF() * 1.1)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.85)
        return big, small

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        big, small = self._fonts(option)
        count, _, split = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        widest = max(
            QFontMetrics(small).horizontalAdvance(split or SAMPLE_SPLIT),
            QFontMetrics(big).horizontalAdvance(count),
        )
        height = QFontMetrics(big).height() + QFontMetrics(small).height() + 2 * LINE_GAP
        return QSize(widest + 2 * CELL_PADDING, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect = option.rect
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.save()
        if isinstance(background, QBrush):
            painter.fillRect(rect, background)
        pen = QPen(foreground.color() if isinstance(foreground, QBrush) else QColor("black"))
        painter.setPen(pen)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        big, small = self._fonts(option)
        count, _, split = text.partition("\n")
        centre = Qt.AlignmentFlag.AlignCenter
        if not split:  # a total or a gap
            painter.setFont(big if text != GAP_MARK else _scaled(big, 1.3))
            painter.drawText(rect, centre, text)
        else:
            middle = rect.top() + LINE_GAP + QFontMetrics(big).height()
            top = QRect(rect.left(), rect.top(), rect.width(), middle - rect.top())
            bottom = QRect(rect.left(), middle, rect.width(), rect.bottom() - middle)
            painter.setFont(big)
            painter.drawText(
                top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, count
            )
            painter.setFont(small)
            painter.drawText(
                bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, split
            )
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(QColor("#1a4fa0"), 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


def _scaled(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    return scaled


class GridView(QTableView):
    """The table of counts; every column as wide as the widest split needs."""

    def __init__(self, model: OverviewGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(UpwardHeader(self))
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(True)
        self.setGridStyle(Qt.PenStyle.SolidLine)
        self.setMouseTracking(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        hint = self._hint(QModelIndex())
        self.horizontalHeader().setMinimumSectionSize(hint.width())
        self.horizontalHeader().setDefaultSectionSize(hint.width())
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(hint.height())
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        model.modelReset.connect(self.fit_columns)

    def _hint(self, index: QModelIndex) -> QSize:
        option = QStyleOptionViewItem()
        option.font = self.font()
        return CellDelegate(self).sizeHint(option, index)

    def fit_columns(self) -> None:
        """One width for every column: the widest cell's (so the grid reads evenly)."""
        model = self.model()
        if model is None:
            return
        width = max(
            (
                self._hint(model.index(r, c)).width()
                for r in range(model.rowCount())
                for c in range(model.columnCount())
            ),
            default=self._hint(QModelIndex()).width(),
        )
        self.horizontalHeader().setDefaultSectionSize(width)
        self.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        )

    def full_size(self) -> QSize:
        """The size that shows every row and column without scroll bars."""
        model = self.model()
        width = self.verticalHeader().sizeHint().width() + 2 * self.frameWidth()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        if model is not None:
            width += sum(self.columnWidth(c) for c in range(model.columnCount()))
            height += sum(self.rowHeight(r) for r in range(model.rowCount()))
        return QSize(width, height)
