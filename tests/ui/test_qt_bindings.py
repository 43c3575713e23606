"""The Qt bindings must not lose references to None (PySide6 6.12.0 does, on Python 3.11).

Each call of a method that returns nothing dropped one reference to None;
after some tens of thousands of calls (a long session, a PDF list of a few
thousand contacts) the interpreter aborted with "deallocating None".
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtWidgets import QLabel

CALLS = 1000


def _none_refs_lost(call: object) -> int:
    assert callable(call)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(None)


def test_void_methods_keep_their_reference_to_none() -> None:
    label = QLabel()
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    font = QFont("Sans Serif", 9)
    try:
        lost = {
            "QLabel.setText": _none_refs_lost(lambda: label.setText("x")),
            "QPainter.setFont": _none_refs_lost(lambda: painter.setFont(font)),
            "QPainter.drawText": _none_refs_lost(
                lambda: painter.drawText(QRectF(0, 0, 60, 20), Qt.AlignmentFlag.AlignLeft, "x")
            ),
        }
    finally:
        painter.end()
    # A few references may come and go with caches; a lost one per call is a bug.
    assert all(n < CALLS // 2 for n in lost.values()), lost
