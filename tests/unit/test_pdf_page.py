"""The A4 PDF writer every report shares: a whole PDF or none at the chosen name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF

from kontakt.errors import KontaktError
from kontakt.ui.printing.pdf_page import a4_painter, a4_pdf


def test_a_drawn_page_is_a_pdf_with_its_title(tmp_path: Path) -> None:
    target = tmp_path / "liste.pdf"
    with a4_painter(target, "Årsmøte") as (painter, writer):
        painter.drawText(QPointF(100, 100), "Finnmark")
        size = writer.pageLayout().fullRectPoints()
    assert target.read_bytes().startswith(b"%PDF")
    assert b"Kontakt" in target.read_bytes()  # the creator
    assert (round(size.width()), round(size.height())) == (595, 842)  # A4 in points
    assert [p.name for p in tmp_path.iterdir()] == ["liste.pdf"]


def test_an_error_while_drawing_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "liste.pdf"
    target.write_bytes(b"forrige utgave")
    with pytest.raises(RuntimeError), a4_painter(target, "Liste") as (painter, _writer):
        painter.drawText(QPointF(100, 100), "halvveis")
        raise RuntimeError("stopp")
    assert target.read_bytes() == b"forrige utgave"
    assert [p.name for p in tmp_path.iterdir()] == ["liste.pdf"]


def test_a_missing_folder_is_named_in_norwegian(tmp_path: Path) -> None:
    target = tmp_path / "finnes-ikke" / "innsyn.pdf"
    with pytest.raises(KontaktError, match="finnes ikke"), a4_pdf(target, "Innsyn"):
        pass
    assert not target.parent.exists()
