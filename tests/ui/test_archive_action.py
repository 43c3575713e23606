"""«E-post → Oppdater nyhetsarkivet …»: the secretary refreshes the open archive.

The folder is chosen (and offered again next time), the archive is written in
the background while the window stays usable, and the secretary is offered
the index in the browser. A folder that cannot be written is a dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from tests.fixtures.newsletters import store_newsletters

from kontakt.ui.main_window import MainWindow


def _menu_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    (mail,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&E-post"]
    (action,) = [a for a in mail.actions() if a.text() == text]
    return action


def test_the_archive_is_written_in_the_background_and_the_index_offered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_newsletters(window.core)
    folder = tmp_path / "arkiv"
    folder.mkdir()
    starts: list[str] = []

    def choose(_parent: object, _caption: str, start: str) -> str:
        starts.append(start)
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    told: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        told.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)

    _menu_action(window, "Oppdater nyhets&arkivet …").trigger()
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    assert told[0].startswith("Skrev 2 sider (2 nyhetsbrev i arkivet")
    assert opened == [QUrl.fromLocalFile(str(folder / "index.html"))]
    assert "Nyhetsbrev for desember" in (folder / "index.html").read_text(encoding="utf-8")
    assert len(list(folder.glob("*.pdf"))) == 2
    qtbot.waitUntil(lambda: window.dialogs.archive_action.worker is None)  # type: ignore[union-attr]

    # The next time the same folder is offered; nothing changed, nothing rewritten.
    _menu_action(window, "Oppdater nyhets&arkivet …").trigger()
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=30_000)
    assert starts[1] == str(folder)
    assert told[1].startswith("Skrev 0 sider")


def test_a_folder_that_cannot_be_written_is_a_dialog(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(blocker / "arkiv"))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    _menu_action(window, "Oppdater nyhets&arkivet …").trigger()
    qtbot.waitUntil(lambda: bool(warned), timeout=30_000)
    assert warned[0].startswith("Kan ikke skrive arkivet til mappen")
