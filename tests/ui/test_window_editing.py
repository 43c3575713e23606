"""Editing from the main window: a new contact found by typing, a refused e-mail, a conflict.

The editor is modal in the app; here its exec() shows it without blocking so
that the test can type into it like the secretary would.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.ui.dialogs.conflict import ConflictDialog
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.main_window import MainWindow


@pytest.fixture
def editors(monkeypatch: pytest.MonkeyPatch) -> list[ContactEditor]:
    opened: list[ContactEditor] = []

    def exec_without_blocking(self: ContactEditor) -> int:
        opened.append(self)
        self.show()
        return 0

    monkeypatch.setattr(ContactEditor, "exec", exec_without_blocking)
    return opened


@pytest.fixture
def window(qtbot: QtBot, core: Core) -> Iterator[MainWindow]:
    core.contacts.create(
        ContactDraft(
            given_name="Kari",
            family_name="Nordmann",
            municipality="Bergen",
            emails=(EmailData("kari@example.org"),),
        )
    )
    w = MainWindow(core)
    qtbot.addWidget(w)
    w.show()
    yield w


def test_create_a_contact_in_the_editor_and_find_it_by_typing(
    qtbot: QtBot, window: MainWindow, core: Core, editors: list[ContactEditor]
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [editor] = editors
    qtbot.keyClicks(editor.given_name_edit, "Øystein")
    qtbot.keyClicks(editor.family_name_edit, "Ødegård")
    qtbot.keyClicks(editor.emails.rows[0].edit, "oystein@example.org")
    qtbot.keyClicks(editor.municipality_edit, "Tromsø")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert core.search.count(ContactFilter()) == 2
    qtbot.keyClicks(window.search_field, "øys")
    qtbot.waitUntil(lambda: window.model.total == 1)
    row = window.model.row_at(0)
    assert row.full_name == "Øystein Ødegård"
    assert row.county is not None and row.county.number == "55"
    # The new contact can be undone like any other change.
    window.contact_actions.undo.trigger()
    assert core.search.count(ContactFilter()) == 1


def test_an_invalid_email_is_refused_at_the_field(
    qtbot: QtBot, window: MainWindow, core: Core, editors: list[ContactEditor]
) -> None:
    window.contact_actions.new.trigger()
    [editor] = editors
    qtbot.keyClicks(editor.given_name_edit, "Ola")
    qtbot.keyClicks(editor.emails.rows[0].edit, "ola@")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert "emails[0]" in editor.error_fields()
    assert core.search.count(ContactFilter()) == 1  # nothing saved


def test_double_click_opens_the_editor_and_saving_updates_the_contact(
    qtbot: QtBot, window: MainWindow, core: Core, editors: list[ContactEditor]
) -> None:
    index = window.model.index(0, 0)
    rect = window.table.visualRect(index)
    # A real double-click starts with a press: QTest's double-click event alone is ignored.
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [editor] = editors
    editor.organisation_edit.setText("Fagforbundet")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    uid = window.model.row_at(0).uid
    assert core.contacts.get(uid).organisation == "Fagforbundet"
    assert window.model.row_at(0).organisation == "Fagforbundet"


@pytest.mark.parametrize("choice", [ConflictDialog.KEEP_MINE, ConflictDialog.RELOAD])
def test_a_contact_changed_in_another_window_shows_the_conflict(
    qtbot: QtBot,
    window: MainWindow,
    core: Core,
    editors: list[ContactEditor],
    monkeypatch: pytest.MonkeyPatch,
    choice: int,
) -> None:
    uid = window.model.row_at(0).uid
    window.contact_actions.edit_contact(uid)
    [editor] = editors
    # Meanwhile someone else, with their own connection, saves a new title.
    other = open_core(core.location)
    row = other.contacts.get(uid)
    from dataclasses import replace

    other.contacts.update(uid, replace(row.to_draft(), title="Fylkesleder"), row.version)
    other.close()

    shown: list[ConflictDialog] = []

    def answer(self: ConflictDialog) -> int:
        shown.append(self)
        return choice

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    editor.organisation_edit.setText("Min organisasjon")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    [dialog] = shown
    fields = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert fields == ["Tittel"]
    stored = core.contacts.get(uid)
    if choice == ConflictDialog.KEEP_MINE:
        assert stored.organisation == "Min organisasjon"
        assert not editor.isVisible()
    else:
        # Nothing overwritten; the form now shows the stored version.
        assert stored.organisation == "" and stored.title == "Fylkesleder"
        assert editor.isVisible()
        assert editor.title_edit.text() == "Fylkesleder"
