"""Icons loaded from the package's assets (works installed and frozen alike)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap


def app_icon() -> QIcon:
    """Kontakt's application icon (rendered from the SVG at 256 px; Qt scales it down)."""
    data = (resources.files("kontakt") / "assets" / "kontakt.svg").read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(data), "SVG")
    return QIcon(pixmap)
