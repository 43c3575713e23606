"""The «Historikk» tab of the contact editor: events attended, mailings, notes added by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, ContactRow, EmailData
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.dialogs.history_tab import NOT_SAVED, HistoryTab, NoteDialog

TITLE = "Digitalt nettverksmøte: psykisk helse"


@pytest.fixture
def ola(sqlite_core: Core) -> ContactRow:
    """A contact who came to an event."""
    core = sqlite_core
    core.contacts.create_many([ContactDraft("Ola", "Hansen", emails=(EmailData("ola@x.no"),))])
    (row,) = core.search.all_rows(ContactFilter())
    start = dt.datetime.now().astimezone() - dt.timedelta(days=2)
    event_id = core.events.create(EventData(TITLE, start, start + dt.timedelta(hours=1)))
    core.events.set_status(event_id, row.id, ParticipantStatus.ATTENDED)
    contact = core.contacts.get(row.uid)
    assert contact is not None
    return contact


def open_editor(qtbot: QtBot, core: Core, contact: ContactRow | None) -> ContactEditor:
    editor = ContactEditor(core.geography, [], lambda draft: None, contact, history=core.history)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def show_history(qtbot: QtBot, editor: ContactEditor) -> HistoryTab:
    bar = editor.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == "Historikk")
    assert index == bar.count() - 1  # after the other tabs
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert editor.history_tab is not None
    assert editor.tabs.currentWidget() is editor.history_tab
    return editor.history_tab


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_note(qtbot: QtBot, tab: HistoryTab) -> NoteDialog:
    click(qtbot, tab.add_button)
    assert tab.note_dialog is not None and tab.note_dialog.isVisible()
    return tab.note_dialog


def test_the_history_shows_an_event_attended(
    qtbot: QtBot, sqlite_core: Core, ola: ContactRow
) -> None:
    editor = open_editor(qtbot, sqlite_core, ola)
    tab = show_history(qtbot, editor)
    ((when, channel, subject, note),) = tab.rows()
    assert (channel, subject, note) == ("Arrangement", f"Deltok: {TITLE}", "")
    (stored,) = sqlite_core.history.history(ola.uid)
    assert when == stored.at.astimezone().strftime("%d.%m.%Y %H:%M")
    assert "1 hendelse, nyeste først" in tab.info.text()


def test_a_note_added_through_the_form_is_stored_and_shown_first(
    qtbot: QtBot, sqlite_core: Core, ola: ContactRow
) -> None:
    tab = show_history(qtbot, open_editor(qtbot, sqlite_core, ola))
    dialog = open_note(qtbot, tab)
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findText("Telefon"))
    dialog.subject_edit.setFocus()
    qtbot.keyClicks(dialog.subject_edit, "Ringte om høringen")
    dialog.note_edit.setFocus()
    qtbot.keyClicks(dialog.note_edit, "Vil stille til neste møte.")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.note_edit, "Ring igjen i mars.")
    click(qtbot, dialog.save_button)

    assert not dialog.isVisible()
    newest = sqlite_core.history.history(ola.uid)[0]
    assert (newest.channel, newest.subject, newest.note) == (
        "telefon",
        "Ringte om høringen",
        "Vil stille til neste møte.\nRing igjen i mars.",
    )
    rows = tab.rows()
    assert [r[1:] for r in rows] == [
        ("Telefon", "Ringte om høringen", "Vil stille til neste møte. / Ring igjen i mars."),
        ("Arrangement", f"Deltok: {TITLE}", ""),
    ]
    when = newest.at.astimezone().strftime("%d.%m.%Y %H:%M")
    assert rows[0][0] == when
    first = tab.timeline.topLevelItem(0)
    assert first is not None
    rect = tab.timeline.visualItemRect(first)
    qtbot.mouseClick(tab.timeline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.entry.text() == (
        f"{when} · Telefon · Ringte om høringen\nVil stille til neste møte.\nRing igjen i mars."
    )


def test_a_note_dated_back_goes_into_its_place(
    qtbot: QtBot, sqlite_core: Core, ola: ContactRow
) -> None:
    tab = show_history(qtbot, open_editor(qtbot, sqlite_core, ola))
    dialog = open_note(qtbot, tab)
    assert dialog.channel_combo.currentText() == "Telefon"  # MANUAL_CHANNELS, in Norwegian
    labels = [dialog.channel_combo.itemText(i) for i in range(dialog.channel_combo.count())]
    assert labels == ["Telefon", "Møte", "E-post", "Annet"]
    dialog.channel_combo.setCurrentIndex(labels.index("Møte"))
    qtbot.keyClicks(dialog.subject_edit, "Kaffe på Litteraturhuset")
    year = dt.date.today().year - 1
    dialog.when_edit.setDateTime(QDateTime(QDate(year, 3, 14), QTime(10, 30)))
    click(qtbot, dialog.save_button)

    assert tab.rows()[-1] == (f"14.03.{year} 10:30", "Møte", "Kaffe på Litteraturhuset", "")
    stored = sqlite_core.history.history(ola.uid)[-1]
    assert stored.at == dt.datetime(year, 3, 14, 10, 30).astimezone()


def test_a_note_without_subject_is_refused_at_the_field(
    qtbot: QtBot, sqlite_core: Core, ola: ContactRow
) -> None:
    tab = show_history(qtbot, open_editor(qtbot, sqlite_core, ola))
    dialog = open_note(qtbot, tab)
    qtbot.keyClicks(dialog.note_edit, "Bare et notat")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.subject_error.isVisible()
    assert dialog.subject_error.text() == "Skriv hva det gjaldt."
    assert len(sqlite_core.history.history(ola.uid)) == 1
    click(qtbot, dialog.cancel_button)
    assert len(tab.rows()) == 1


def test_a_new_contact_has_no_history_until_it_is_saved(qtbot: QtBot, sqlite_core: Core) -> None:
    tab = show_history(qtbot, open_editor(qtbot, sqlite_core, None))
    assert tab.info.text() == NOT_SAVED
    assert not tab.add_button.isEnabled()
    assert tab.rows() == []


def test_without_the_history_service_the_editor_has_its_three_tabs(sqlite_core: Core) -> None:
    editor = ContactEditor(sqlite_core.geography, [], lambda draft: None)
    assert editor.history_tab is None
    assert editor.tabs.count() == 3
