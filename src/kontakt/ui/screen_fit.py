"""Window sizes that fit the screen they open on.

A laptop at 1366 x 768, or a 1920 x 1080 one scaled 150 % (1280 x 720 for Qt),
has less room than the sizes the windows would like; a window taller than
that hides its «Lagre» and «Lukk» buttons below the taskbar.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room kept free around a window: its title bar and frame, and a little more.
MARGIN_WIDTH = 40
MARGIN_HEIGHT = 60


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, or less where its screen is smaller.

    The screen is the one the widget (or its parent window) is on, else the primary one.
    """
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - MARGIN_WIDTH)
        height = min(height, room.height() - MARGIN_HEIGHT)
    widget.resize(width, height)
