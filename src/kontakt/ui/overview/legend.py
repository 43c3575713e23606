"""The grid's legend: what the colours, the gap mark and «fv · tv» mean."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kontakt.ui.overview.grid_model import (
    GAP_MARK,
    GAP_TEXT,
    coverage_colour,
    text_colour,
)


def _swatch(text: str, background: QColor, foreground: QColor) -> QLabel:
    label = QLabel(text)
    label.setMinimumWidth(34)
    label.setStyleSheet(
        f"background: {background.name()}; color: {foreground.name()}; font-weight: bold;"
        " border: 1px solid #b8b8b8; padding: 2px 6px;"
    )
    return label


class Legend(QWidget):
    """A row of colour samples with their meaning; :meth:`set_maximum` follows the grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_swatch(GAP_MARK, coverage_colour(0, 1), GAP_TEXT))
        layout.addWidget(QLabel("ingen kontakter (hull)"))
        layout.addSpacing(16)
        self._few = _swatch("1", QColor(), QColor())
        self._many = _swatch("", QColor(), QColor())
        layout.addWidget(self._few)
        layout.addWidget(QLabel("få"))
        layout.addSpacing(4)
        layout.addWidget(QLabel("→"))
        layout.addSpacing(4)
        layout.addWidget(self._many)
        self._many_text = QLabel()
        layout.addWidget(self._many_text)
        layout.addSpacing(16)
        explain = QLabel("fv = folkevalgte · tv = tillitsvalgte")
        explain.setToolTip(
            "Tallet øverst er alle kontakter i ruten; under står hvor mange av dem som har "
            "et verv som folkevalgt og som tillitsvalgt."
        )
        layout.addWidget(explain)
        self.set_maximum(1)

    def set_maximum(self, maximum: int) -> None:
        """Colour the samples for a grid whose largest cell has ``maximum`` contacts."""
        top = max(1, maximum)
        for label, count in ((self._few, 1), (self._many, top)):
            background = coverage_colour(count, top)
            label.setText(str(count))
            label.setStyleSheet(
                f"background: {background.name()}; color: {text_colour(background).name()};"
                " font-weight: bold; border: 1px solid #b8b8b8; padding: 2px 6px;"
            )
        self._many_text.setText("flest i en rute")
