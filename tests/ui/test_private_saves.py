"""Files the window saves hold personal data: each is owner-only, whatever the umask.

The calendar file, an idébank file saved out or opened, the year summary
(PDF and Excel). The exports, the access export and the import report share
the writer these use (tests/unit/io/test_files.py, tests/e2e/test_private_files.py).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from tests.fixtures.documents import make_pdf
from tests.ui.test_events_dialog import add_event, open_dialog
from tests.unit.io.test_year_summary_xlsx import SUMMARY

from kontakt.app import Core
from kontakt.domain.documents import DocumentDraft, DocumentKind
from kontakt.io.exporters.year_summary_xlsx import write_year_summary_xlsx
from kontakt.ui.dialogs.document_dialog import DocumentDialog
from kontakt.ui.printing.year_report import write_year_report_pdf
from kontakt.ui.window_dialogs import document_services


@pytest.fixture(autouse=True)
def ordinary_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def answer_save_dialog(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))


def test_the_calendar_file_is_owner_only(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_event(sqlite_core)
    target = tmp_path / "fagmote.ics"
    answer_save_dialog(monkeypatch, target)
    dialog = open_dialog(qtbot, sqlite_core)
    qtbot.mouseClick(dialog.ics_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert mode(target) == 0o600


@pytest.fixture
def document_page(qtbot: QtBot, sqlite_core: Core, tmp_path: Path) -> DocumentDialog:
    pdf = make_pdf(tmp_path / "svar.pdf", ["Svar fra ordføreren til Kari Nordmann."])
    number = sqlite_core.ideabank.add_path(
        pdf, DocumentDraft("Svar om fødetilbudet", DocumentKind.ANNET)
    )
    page = DocumentDialog(document_services(sqlite_core), number)
    qtbot.addWidget(page)
    page.show()
    page.files.list.setCurrentRow(0)
    return page


def test_an_idebank_file_saved_out_is_owner_only(
    qtbot: QtBot, document_page: DocumentDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "kopi.pdf"
    answer_save_dialog(monkeypatch, target)
    qtbot.mouseClick(document_page.files.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
    assert mode(target) == 0o600


def test_an_idebank_file_opened_is_an_owner_only_copy(
    qtbot: QtBot, document_page: DocumentDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(document_page.files.open_button, Qt.MouseButton.LeftButton)
    (url,) = opened
    copy = Path(url.toLocalFile())
    try:
        assert copy.read_bytes().startswith(b"%PDF")
        assert (mode(copy), mode(copy.parent)) == (0o600, 0o700)
    finally:
        copy.unlink()
        copy.parent.rmdir()


def test_the_year_summary_files_are_owner_only(qtbot: QtBot, tmp_path: Path) -> None:
    write_year_summary_xlsx(SUMMARY, tmp_path / "år.xlsx")
    write_year_report_pdf(SUMMARY, tmp_path / "år.pdf")
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == {"år.xlsx": 0o600, "år.pdf": 0o600}
