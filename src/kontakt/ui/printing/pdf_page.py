"""What every PDF Kontakt writes shares: an A4 portrait QPdfWriter, written atomically.

Needs a QGuiApplication (fonts): :func:`ensure_gui` makes an offscreen one for
the command line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter

from kontakt.errors import KontaktError
from kontakt.io.files import atomic_path

MARGIN_MM = 15.0
RESOLUTION = 300  # dots per inch: plenty for text, keeps coordinates small


# OpenType features that join letters into one glyph («ff» -> «ﬀ»). A PDF's text
# layer then holds the ligature, so an address copied from the list
# («kari.kristoﬀersen@…») or found by search is not the address.
_LIGATURES = ("liga", "clig", "dlig", "hlig", "rlig")


def pdf_font(family: str, points: int, bold: bool = False) -> QFont:
    """A font for a PDF, drawn without ligatures (the text copies as it was written)."""
    font = QFont(family, points)
    font.setBold(bold)
    return without_ligatures(font)


def without_ligatures(font: QFont) -> QFont:
    """A copy of the font that never joins letters into a ligature glyph."""
    font = QFont(font)
    for tag in _LIGATURES:
        font.setFeature(QFont.Tag(tag), 0)
    return font


def ensure_gui() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (command line, no screen).

    A QApplication (widgets), not a bare QGuiApplication, so that a window can
    still be opened later in the same process (the self-check does).
    """
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication([])
    assert isinstance(app, QGuiApplication)
    return app


@contextmanager
def a4_pdf(target: Path, title: str, margin_mm: float = MARGIN_MM) -> Iterator[QPdfWriter]:
    """An A4 portrait PDF writer on a temporary file that becomes ``target`` only when
    the block ends without an error (nothing half-written is ever left at ``target``)."""
    ensure_gui()
    with atomic_path(target) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(RESOLUTION)
        writer.setTitle(title)
        writer.setCreator("Kontakt")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm),
                QPageLayout.Unit.Millimeter,
            )
        )
        yield writer


@contextmanager
def a4_painter(target: Path, title: str) -> Iterator[tuple[QPainter, QPdfWriter]]:
    """A painter on :func:`a4_pdf`'s writer, ended however the block ends.

    Raises:
        KontaktError: The file cannot be written (Norwegian message naming it).
    """
    with a4_pdf(target, title) as writer:
        painter = QPainter()
        if not painter.begin(writer):
            raise KontaktError(f"Kan ikke skrive PDF-fila {target}.")
        try:
            yield painter, writer
        finally:
            painter.end()
