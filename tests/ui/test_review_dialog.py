"""The review dialog and the privacy notice, driven from the window."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.errors import NotFoundError
from kontakt.ui.dialogs.privacy_notice import PrivacyNoticeDialog
from kontakt.ui.dialogs.review_dialog import ReviewDialog
from kontakt.ui.window_dialogs import erasure_of


def select_all(dialog: ReviewDialog) -> None:
    table = dialog.tabs.currentWidget()
    for r in range(table.rowCount()):
        table.selectionModel().select(
            table.model().index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_confirm_and_erase_from_the_review(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_ago = dt.date.today() - dt.timedelta(days=900)
    a = sqlite_core.contacts.create(ContactDraft("Anne", "Aas", last_confirmed=long_ago))
    b = sqlite_core.contacts.create(
        ContactDraft(
            "Bjørn", "Berg", emails=(EmailData("bjorn@example.no"),), last_confirmed=long_ago
        )
    )
    sqlite_core.contacts.create(ContactDraft("Cecilie", "Ny", last_confirmed=dt.date.today()))
    c = sqlite_core
    dialog = ReviewDialog(c.contacts, c.retention, c.settings, erasure_of(c))
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(0) == "Ikke bekreftet (2)"
    table = dialog.stale
    assert [table.item(r, 0).text() for r in range(2)] == ["Anne Aas", "Bjørn Berg"]
    table.selectRow(0)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert sqlite_core.contacts.get(a.uid).last_confirmed == dt.date.today()
    assert dialog.tabs.tabText(0) == "Ikke bekreftet (1)"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    select_all(dialog)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    with pytest.raises(NotFoundError):
        sqlite_core.contacts.get(b.uid)
    assert sqlite_core.privacy.suppressed(["bjorn@example.no"], [])
    assert dialog.changed and sqlite_core.search.count(ContactFilter()) == 2
    dialog.months.setValue(1)
    assert sqlite_core.settings.get("review_months") == 1


def test_the_privacy_notice_can_be_copied(qtbot: QtBot) -> None:
    dialog = PrivacyNoticeDialog()
    qtbot.addWidget(dialog)
    assert "innsyn" in dialog.view.toPlainText()
    dialog.copy()
    assert "Datatilsynet" in QGuiApplication.clipboard().text()


def test_access_export_and_erasure_from_the_window(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.ui.test_main_window import select_rows

    from kontakt.ui.main_window import MainWindow

    sqlite_core.contacts.create(ContactDraft("Kari", "Nordmann", emails=(EmailData("k@x.no"),)))
    sqlite_core.contacts.create(ContactDraft("Ola", "Hansen"))
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    select_rows(window, [1])
    assert window.selected_rows()[0].full_name == "Kari Nordmann"
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    written = window.privacy_actions.export_person(tmp_path / "innsyn.json")
    assert written is not None
    assert json.loads(written.read_text("utf-8"))["person"]["given_name"] == "Kari"
    assert (tmp_path / "innsyn.pdf").read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert window.privacy_actions.erase_person()
    assert window.model.total == 1
    assert sqlite_core.privacy.suppressed(["k@x.no"], [])
