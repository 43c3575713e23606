"""The window reminds the secretary of contacts due for review, and the reminder opens it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.preferences import REVIEW_MONTHS
from kontakt.domain.records import ContactDraft
from kontakt.ui.dialogs.review_dialog import ReviewDialog
from kontakt.ui.main_window import MainWindow
from kontakt.ui.review_reminder import MENU_TEXT


def test_contacts_due_for_review_are_shown_and_the_reminder_goes_once_they_are_confirmed(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_ago = dt.date.today() - dt.timedelta(days=900)
    for given in ("Anne", "Bjørn"):
        sqlite_core.contacts.create(ContactDraft(given, "Aas", last_confirmed=long_ago))
    sqlite_core.contacts.create(ContactDraft("Cecilie", "Ny", last_confirmed=dt.date.today()))
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    reminder = window.review_reminder
    qtbot.wait(50)
    assert reminder.button.text() == ""  # not counted before the window has painted
    window.show()
    qtbot.waitUntil(lambda: reminder.button.isVisible(), timeout=5000)
    assert reminder.button.text() == "2 til gjennomgang"
    assert "ikke bekreftet på 24 måneder" in reminder.button.toolTip()
    file_menu = window.menuBar().actions()[0].menu()
    assert "Gjennomgang av kontakter (2 til vurdering) …" in [a.text() for a in file_menu.actions()]

    seen: list[str] = []

    def confirm_all(dialog: ReviewDialog) -> int:
        seen.append(dialog.tabs.tabText(0))
        dialog.stale.selectAll()
        dialog.confirm_selected()
        return 0

    monkeypatch.setattr(ReviewDialog, "exec", confirm_all)
    qtbot.mouseClick(reminder.button, Qt.MouseButton.LeftButton)  # opens the review
    assert seen == ["Ikke bekreftet (2)"]
    assert sqlite_core.retention.count_due(24) == 0
    qtbot.waitUntil(lambda: not reminder.button.isVisible(), timeout=5000)
    assert reminder.action.text() == MENU_TEXT


def test_the_reminder_follows_the_months_chosen_in_the_review(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_core.contacts.create(
        ContactDraft("Anne", "Aas", last_confirmed=dt.date.today() - dt.timedelta(days=100))
    )
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)
    assert not window.review_reminder.button.isVisible()  # 24 months: not due yet

    def fewer_months(dialog: ReviewDialog) -> int:
        dialog.months.setValue(2)
        return 0

    monkeypatch.setattr(ReviewDialog, "exec", fewer_months)
    window.review_reminder.action.trigger()
    assert sqlite_core.settings.get(REVIEW_MONTHS) == 2
    qtbot.waitUntil(lambda: window.review_reminder.button.isVisible(), timeout=5000)
    assert window.review_reminder.button.text() == "1 til gjennomgang"
