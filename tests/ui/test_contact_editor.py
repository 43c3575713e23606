"""The contact editor as the secretary uses it: type, tick, click «Lagre», fix what is red."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    ContactFilter,
    ContactRow,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.errors import ConflictError
from kontakt.services.validation import DraftErrors
from kontakt.ui.dialogs.contact_editor import ContactEditor, RoleTable, parse_date
from kontakt.ui.launch import make_application

Save = Callable[[ContactDraft], object]


@pytest.fixture(autouse=True)
def _application() -> None:
    make_application()


@pytest.fixture(autouse=True)
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded instead of shown (a modal box would hang the test)."""
    shown: list[str] = []

    def warning(_parent: object, _title: str, text: str, *_args: object) -> None:
        shown.append(text)

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


def open_editor(
    qtbot: QtBot,
    core: Core,
    save: Save,
    contact: ContactRow | None = None,
    topics: list[str] | None = None,
) -> ContactEditor:
    names = topics if topics is not None else [t.name for t in core.catalog.topics()]
    editor = ContactEditor(core.geography, names, save, contact)
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    return editor


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitUntil(widget.isVisible)  # a row added just now is shown a moment later
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def replace_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Select everything in a field and type over it."""
    click(qtbot, edit)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def show_tab(qtbot: QtBot, editor: ContactEditor, title: str) -> None:
    bar = editor.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert editor.tabs.currentIndex() == index


def click_topic(qtbot: QtBot, editor: ContactEditor, name: str) -> None:
    """Click the check box in front of a topic."""
    items = editor.topic_list.findItems(name, Qt.MatchFlag.MatchExactly)
    assert len(items) == 1, name
    rect = editor.topic_list.visualItemRect(items[0])
    point = QPoint(rect.left() + 10, rect.center().y())
    qtbot.mouseClick(editor.topic_list.viewport(), Qt.MouseButton.LeftButton, pos=point)


def checked_topics(editor: ContactEditor) -> set[str]:
    items = (editor.topic_list.item(i) for i in range(editor.topic_list.count()))
    return {i.text() for i in items if i.checkState() == Qt.CheckState.Checked}


def open_cell_editor(qtbot: QtBot, table: RoleTable, row: int, column: int) -> QLineEdit:
    """Double-click a roles cell; returns the line editor that opens."""
    item = table.item(row, column)
    assert item is not None
    table.scrollToItem(item)
    rect = table.visualItemRect(item)
    viewport = table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())

    def open_editors() -> list[QLineEdit]:
        # The previous cell's editor is hidden at once but deleted only later (on a
        # busy machine, still there now): the open one is the visible one.
        return [e for e in viewport.findChildren(QLineEdit) if e.isVisible()]

    qtbot.waitUntil(lambda: len(open_editors()) == 1)
    return open_editors()[0]


def type_in_cell(qtbot: QtBot, table: RoleTable, row: int, column: int, text: str) -> None:
    """Double-click a roles cell, type, press Enter."""
    editor = open_cell_editor(qtbot, table, row, column)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.text(row, column) == text)


def leave_for(qtbot: QtBot, editor: ContactEditor, widget: QWidget) -> None:
    """Click another field, so that the one with the focus is left (editingFinished)."""
    qtbot.wait(20)
    if not editor.isActiveWindow():
        # The offscreen platform leaves a closed completer popup as the active window;
        # a real window system gives the activation back to the dialog.
        editor.activateWindow()
        qtbot.waitUntil(editor.isActiveWindow)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    assert widget.hasFocus()


def select_cell(qtbot: QtBot, table: RoleTable, row: int, column: int) -> None:
    item = table.item(row, column)
    assert item is not None
    rect = table.visualItemRect(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentRow() == row


def save_and_wait(qtbot: QtBot, editor: ContactEditor) -> None:
    with qtbot.waitSignal(editor.accepted, timeout=5000):
        click(qtbot, editor.save_button)
    assert editor.result() == QDialog.DialogCode.Accepted


def count(core: Core) -> int:
    return core.search.count(ContactFilter())


# -- a new contact ---------------------------------------------------------------------------


def test_new_contact_is_typed_in_and_stored_normalised(qtbot: QtBot, sqlite_core: Core) -> None:
    drafts: list[ContactDraft] = []

    def save(draft: ContactDraft) -> ContactRow:
        drafts.append(draft)
        return sqlite_core.contacts.create(draft)

    editor = open_editor(qtbot, sqlite_core, save)
    assert editor.windowTitle() == "Ny kontakt"

    qtbot.keyClicks(editor.given_name_edit, "Kari")
    qtbot.keyClicks(editor.family_name_edit, "Nordmann")
    qtbot.keyClicks(editor.emails.rows[0].edit, " mailto:Kari.Nordmann @Example.ORG ")
    qtbot.keyClicks(editor.phones.rows[0].edit, "987 65 432")
    click(qtbot, editor.phones.add_button)
    qtbot.keyClicks(editor.phones.rows[1].edit, "22 12 34 56")
    qtbot.keyClicks(editor.phones.rows[1].kind, "Jobb")
    click(qtbot, editor.phones.rows[1].primary)
    qtbot.keyClicks(editor.organisation_edit, "Helse Bergen")
    qtbot.keyClicks(editor.municipality_edit, "bergen")
    assert editor.county_label.text() == "Fylke: Vestland"
    assert not editor.county_combo.isEnabled()

    show_tab(qtbot, editor, "Verv og tema")
    click_topic(qtbot, editor, "Fastlege")
    click_topic(qtbot, editor, "Psykisk helse")
    assert checked_topics(editor) == {"Fastlege", "Psykisk helse"}
    click(qtbot, editor.add_role_button)
    qtbot.keyClicks(editor.roles.combo(0, RoleTable.KIND), "Tillitsvalgt")
    qtbot.keyClicks(editor.roles.combo(0, RoleTable.LEVEL), "Organisasjon")
    type_in_cell(qtbot, editor.roles, 0, RoleTable.BODY, "Fagforbundet Vestland")
    type_in_cell(qtbot, editor.roles, 0, RoleTable.TITLE, "Hovedtillitsvalgt")
    type_in_cell(qtbot, editor.roles, 0, RoleTable.START, "1.9.2023")
    assert editor.isVisible(), "Enter in a cell must not press «Lagre»"
    assert drafts == []

    show_tab(qtbot, editor, "Personvern og notater")
    qtbot.keyClicks(editor.consent_combo, "Samtykke")
    qtbot.keyClicks(editor.consent_source_edit, "Påmeldingsskjema landsmøtet")
    click(qtbot, editor.consent_date.enabled_box)
    qtbot.keyClicks(editor.notes_edit, "Vil gjerne bidra om fastlegeordningen.")

    save_and_wait(qtbot, editor)
    assert len(drafts) == 1
    assert drafts[0].emails[0].address == " mailto:Kari.Nordmann @Example.ORG "  # raw draft

    rows = sqlite_core.search.search(ContactFilter(text="Nordmann")).rows
    assert len(rows) == 1 and count(sqlite_core) == 1
    row = sqlite_core.contacts.get(rows[0].uid)
    assert editor.saved == row
    assert (row.given_name, row.family_name) == ("Kari", "Nordmann")
    assert row.emails == (EmailData("Kari.Nordmann@example.org", EmailKind.JOBB, True),)
    assert row.phones == (
        PhoneData("+4798765432", PhoneKind.MOBIL, False),
        PhoneData("+4722123456", PhoneKind.JOBB, True),
    )
    assert row.organisation == "Helse Bergen"
    assert row.municipality is not None and row.municipality.number == "4601"
    assert row.county is not None and row.county.number == "46"
    assert set(row.topics) == {"Fastlege", "Psykisk helse"}
    assert row.roles == (
        RoleData(
            RoleKind.TILLITSVALGT,
            RoleLevel.ORGANISASJON,
            "Fagforbundet Vestland",
            "Hovedtillitsvalgt",
            "",
            dt.date(2023, 9, 1),
            None,
        ),
    )
    assert row.consent_basis is ConsentBasis.SAMTYKKE
    assert row.consent_source == "Påmeldingsskjema landsmøtet"
    assert row.consent_date == dt.date.today()
    assert row.notes == "Vil gjerne bidra om fastlegeordningen."
    assert not row.opted_out and row.last_confirmed is None


def test_ctrl_s_saves(qtbot: QtBot, sqlite_core: Core) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.family_name_edit, "Hansen")
    with qtbot.waitSignal(editor.accepted, timeout=5000):
        qtbot.keyClick(editor.family_name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert count(sqlite_core) == 1


def test_county_is_chosen_for_a_contact_without_municipality(
    qtbot: QtBot, sqlite_core: Core
) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.given_name_edit, "Per")
    assert editor.county_combo.isEnabled()
    qtbot.keyClicks(editor.county_combo, "Troms")
    assert editor.draft().county == "55"
    save_and_wait(qtbot, editor)
    row = sqlite_core.search.search(ContactFilter()).rows[0]
    assert row.municipality is None
    assert row.county is not None and row.county.number == "55"


# -- errors ----------------------------------------------------------------------------------


def test_invalid_email_keeps_the_dialog_open_until_fixed(qtbot: QtBot, sqlite_core: Core) -> None:
    calls: list[ContactDraft] = []

    def save(draft: ContactDraft) -> ContactRow:
        calls.append(draft)
        return sqlite_core.contacts.create(draft)

    editor = open_editor(qtbot, sqlite_core, save)
    qtbot.keyClicks(editor.given_name_edit, "Ola")
    email = editor.emails.rows[0].edit
    qtbot.keyClicks(email, "ola@")
    click(qtbot, editor.save_button)

    assert editor.isVisible() and editor.result() != QDialog.DialogCode.Accepted
    assert calls == [] and count(sqlite_core) == 0
    assert editor.error_fields() == ["emails[0]"]
    assert email.property("invalid") is True
    label = editor.emails.error_label
    assert label.isVisible()
    assert label.text().startswith("E-post 1: Ugyldig e-postadresse «ola@»: ")
    assert editor.tabs.tabBar().tabTextColor(0).isValid()

    qtbot.keyClicks(email, "example.org")  # the mark goes as soon as the address is valid
    assert editor.error_fields() == []
    assert not label.isVisible() and not email.property("invalid")
    save_and_wait(qtbot, editor)
    assert count(sqlite_core) == 1
    assert sqlite_core.search.search(ContactFilter()).rows[0].primary_email == "ola@example.org"


def test_a_contact_without_a_name_marks_both_name_fields(qtbot: QtBot, sqlite_core: Core) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.emails.rows[0].edit, "kari@example.org")
    click(qtbot, editor.save_button)
    assert editor.error_fields() == ["name"]
    assert editor.given_name_edit.property("invalid") is True
    assert editor.family_name_edit.property("invalid") is True
    assert editor.given_name_error.text() == "Kontakten må ha et navn."
    click(qtbot, editor.family_name_edit)
    qtbot.keyClicks(editor.family_name_edit, "N")  # the mark goes as soon as there is a name
    assert editor.error_fields() == []
    assert not editor.given_name_edit.property("invalid")
    assert not editor.given_name_error.isVisible()

    replace_text(qtbot, editor.family_name_edit, "x" * 201)
    leave_for(qtbot, editor, editor.organisation_edit)
    assert editor.error_fields() == ["family_name"]
    assert editor.family_name_error.isVisible()


def test_bad_values_are_marked_when_the_user_leaves_the_field(
    qtbot: QtBot, sqlite_core: Core
) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)

    click(qtbot, editor.municipality_edit)
    qtbot.keyClicks(editor.municipality_edit, "Bergn")
    assert editor.error_fields() == []  # not while typing
    assert editor.county_label.text() == ""
    leave_for(qtbot, editor, editor.party_edit)
    assert editor.error_fields() == ["municipality"]
    assert editor.municipality_error.isVisible()
    assert "Bergen" in editor.municipality_error.text()
    assert editor.municipality_edit.property("invalid") is True

    click(qtbot, editor.phones.rows[0].edit)
    qtbot.keyClicks(editor.phones.rows[0].edit, "12")
    assert "phones[0]" not in editor.error_fields()
    leave_for(qtbot, editor, editor.party_edit)
    assert "phones[0]" in editor.error_fields()
    assert "Telefon 1: Ugyldig telefonnummer «12»" in editor.phones.error_label.text()

    replace_text(qtbot, editor.municipality_edit, "Bergen")
    assert editor.county_label.text() == "Fylke: Vestland"
    assert "municipality" not in editor.error_fields()
    assert not editor.municipality_error.isVisible()


def test_invalid_role_dates_are_marked_on_their_cell(qtbot: QtBot, sqlite_core: Core) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.given_name_edit, "Liv")
    show_tab(qtbot, editor, "Verv og tema")
    click(qtbot, editor.add_role_button)
    table = editor.roles

    type_in_cell(qtbot, table, 0, RoleTable.START, "31.02.2024")
    assert editor.error_fields() == ["roles[0].start"]
    assert editor.roles_error.isVisible()
    assert editor.roles_error.text() == "Verv 1, fra: Datoen «31.02.2024» finnes ikke."
    start = table.item(0, RoleTable.START)
    assert start is not None and start.background().color().red() > 200

    type_in_cell(qtbot, table, 0, RoleTable.START, "neste år")
    assert "dd.mm.åååå" in editor.roles_error.text()

    type_in_cell(qtbot, table, 0, RoleTable.START, "01.05.2024")
    type_in_cell(qtbot, table, 0, RoleTable.END, "01.01.2024")
    assert editor.error_fields() == ["roles[0].end"]
    assert "før fra-datoen" in editor.roles_error.text()

    click(qtbot, editor.save_button)
    assert editor.isVisible() and count(sqlite_core) == 0
    assert editor.tabs.currentIndex() == 1

    type_in_cell(qtbot, table, 0, RoleTable.END, "")
    assert editor.error_fields() == []
    save_and_wait(qtbot, editor)
    row = sqlite_core.search.search(ContactFilter()).rows[0]
    assert row.roles[0].start == dt.date(2024, 5, 1) and row.roles[0].end is None


def test_removing_a_marked_role_moves_or_drops_its_mark(qtbot: QtBot, sqlite_core: Core) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.given_name_edit, "Liv")
    show_tab(qtbot, editor, "Verv og tema")
    table = editor.roles
    click(qtbot, editor.add_role_button)
    click(qtbot, editor.add_role_button)
    type_in_cell(qtbot, table, 0, RoleTable.BODY, "Bystyret")
    type_in_cell(qtbot, table, 1, RoleTable.START, "99.99.2024")
    assert editor.error_fields() == ["roles[1].start"]

    select_cell(qtbot, table, 0, RoleTable.BODY)
    click(qtbot, editor.remove_role_button)
    assert table.rowCount() == 1 and editor.error_fields() == ["roles[0].start"]
    assert editor.roles_error.text().startswith("Verv 1, fra: ")
    select_cell(qtbot, table, 0, RoleTable.TITLE)
    click(qtbot, editor.remove_role_button)
    assert table.rowCount() == 0 and editor.error_fields() == []
    assert not editor.roles_error.isVisible()
    assert not editor.remove_role_button.isEnabled()
    save_and_wait(qtbot, editor)
    assert sqlite_core.search.search(ContactFilter()).rows[0].roles == ()


def test_ctrl_s_keeps_the_text_of_a_cell_being_edited(qtbot: QtBot, sqlite_core: Core) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.given_name_edit, "Liv")
    show_tab(qtbot, editor, "Verv og tema")
    click(qtbot, editor.add_role_button)
    cell_editor = open_cell_editor(qtbot, editor.roles, 0, RoleTable.BODY)
    qtbot.keyClicks(cell_editor, "Helse- og omsorgskomiteen")
    with qtbot.waitSignal(editor.accepted, timeout=5000):
        qtbot.keyClick(cell_editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    row = sqlite_core.search.search(ContactFilter()).rows[0]
    assert [r.body for r in row.roles] == ["Helse- og omsorgskomiteen"]


def test_tab_follows_the_form_including_new_rows(qtbot: QtBot, sqlite_core: Core) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    click(qtbot, editor.phones.add_button)
    qtbot.waitUntil(editor.phones.rows[1].edit.isVisible)

    def after_tab(widget: QWidget) -> QWidget | None:
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        return QApplication.focusWidget()

    assert after_tab(editor.given_name_edit) is editor.family_name_edit
    assert after_tab(editor.party_edit) is editor.municipality_edit
    assert after_tab(editor.county_combo) is editor.emails.rows[0].edit
    assert after_tab(editor.emails.add_button) is editor.phones.rows[0].edit
    assert after_tab(editor.phones.rows[0].remove) is editor.phones.rows[1].edit
    assert after_tab(editor.phones.add_button) is editor.save_button


def test_removing_a_row_moves_its_neighbours_marks_up(qtbot: QtBot, sqlite_core: Core) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.emails.rows[0].edit, "kari@example.org")
    click(qtbot, editor.emails.add_button)
    qtbot.keyClicks(editor.emails.rows[1].edit, "kari@")
    editor.show_errors([("emails[1]", "Ugyldig.")])
    click(qtbot, editor.emails.rows[0].remove)
    assert len(editor.emails.rows) == 1
    assert editor.error_fields() == ["emails[0]"]
    assert editor.emails.rows[0].primary.isChecked()
    assert editor.emails.rows[0].edit.property("invalid") is True


def test_errors_raised_by_save_are_shown(
    qtbot: QtBot, sqlite_core: Core, warnings: list[str]
) -> None:
    outcome: list[Exception] = [DraftErrors([("county", "Fylket finnes ikke."), ("x", "Rart.")])]

    def save(_draft: ContactDraft) -> None:
        if outcome:
            raise outcome.pop(0)

    editor = open_editor(qtbot, sqlite_core, save)
    qtbot.keyClicks(editor.given_name_edit, "Siri")
    click(qtbot, editor.save_button)
    assert editor.isVisible()
    assert editor.error_fields() == ["county", "x"]
    assert editor.county_error.text() == "Fylket finnes ikke."
    assert editor.general_error_label.text() == "Rart."

    outcome.append(ConflictError("Kontakten er endret av noen andre.", uid="u"))
    click(qtbot, editor.save_button)
    assert editor.isVisible() and warnings == ["Kontakten er endret av noen andre."]
    assert editor.error_fields() == []

    save_and_wait(qtbot, editor)


# -- an existing contact ---------------------------------------------------------------------


def _stored(core: Core) -> ContactRow:
    return core.contacts.create(
        ContactDraft(
            given_name="Kari",
            family_name="Nordmann",
            emails=(EmailData("kari@example.org", EmailKind.PRIVAT, True),),
            phones=(PhoneData("98765432", PhoneKind.MOBIL, True),),
            organisation="Helse Bergen",
            title="Sykepleier",
            municipality="Bergen",
            party="SV",
            notes="Ringes etter kl. 16.",
            topics=("Fastlege", "Rus", "Fødselsomsorg"),
            labels=("styret", "eksempeldata"),
            roles=(
                RoleData(
                    RoleKind.FOLKEVALGT,
                    RoleLevel.KOMMUNE,
                    "Bergen bystyre",
                    "Medlem",
                    "SV",
                    dt.date(2023, 10, 1),
                ),
            ),
            consent_basis=ConsentBasis.OFFENTLIG_VERV,
            consent_date=dt.date(2024, 3, 5),
            consent_source="Bystyrets nettside",
            last_confirmed=dt.date(2025, 1, 2),
        )
    )


def test_existing_contact_is_shown_and_updated(qtbot: QtBot, sqlite_core: Core) -> None:
    row = _stored(sqlite_core)
    offered = [t for t in (n.name for n in sqlite_core.catalog.topics()) if t != "Fødselsomsorg"]
    editor = open_editor(
        qtbot,
        sqlite_core,
        lambda d: sqlite_core.contacts.update(row.uid, d, row.version),
        row,
        topics=offered,
    )

    assert editor.windowTitle() == "Rediger kontakt – Kari Nordmann"
    assert editor.given_name_edit.text() == "Kari"
    assert editor.emails.values() == [("kari@example.org", "privat", True)]
    assert editor.phones.values() == [("987 65 432", "mobil", True)]
    assert editor.municipality_edit.text() == "Bergen"
    assert editor.county_label.text() == "Fylke: Vestland"
    assert checked_topics(editor) == {"Fastlege", "Rus", "Fødselsomsorg"}
    assert editor.roles.rowCount() == 1
    assert editor.roles.text(0, RoleTable.BODY) == "Bergen bystyre"
    assert editor.roles.text(0, RoleTable.START) == "01.10.2023"
    assert editor.roles.combo(0, RoleTable.LEVEL).currentText() == "Kommune"
    assert editor.consent_combo.currentText() == "Offentlig verv"
    assert editor.consent_date.date() == dt.date(2024, 3, 5)
    assert editor.last_confirmed.date() == dt.date(2025, 1, 2)
    assert editor.notes_edit.toPlainText() == "Ringes etter kl. 16."
    shown = editor.draft()
    assert shown == replace(
        row.to_draft(),
        phones=(PhoneData("987 65 432", PhoneKind.MOBIL, True),),
        municipality="Bergen",
        county="",
        topics=shown.topics,
    )
    assert set(shown.topics) == set(row.topics)

    replace_text(qtbot, editor.organisation_edit, "Helse Vest")
    save_and_wait(qtbot, editor)

    after = sqlite_core.contacts.get(row.uid)
    assert after.organisation == "Helse Vest"
    assert after.version > row.version
    assert set(after.labels) == {"styret", "eksempeldata"}
    assert after.phones == row.phones and after.emails == row.emails
    assert set(after.topics) == set(row.topics) and after.roles == row.roles
    assert after.municipality == row.municipality
    assert after.consent_date == row.consent_date


def paste(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Put ``text`` on the clipboard and paste it with Ctrl+V into the focused ``widget``."""
    QApplication.clipboard().setText(text)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_pasted_control_characters_are_stored_clean(qtbot: QtBot, sqlite_core: Core) -> None:
    """A text copied from a PDF, a web page or a terminal brings invisible characters along."""
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    qtbot.keyClicks(editor.given_name_edit, "Kari")
    click(qtbot, editor.organisation_edit)
    paste(qtbot, editor.organisation_edit, "Helse\x00 Bergen\x1b\u2028HF\x85")
    click(qtbot, editor.title_edit)
    paste(qtbot, editor.title_edit, "Leder\x07\u2029fag\x7f")

    show_tab(qtbot, editor, "Verv og tema")
    click(qtbot, editor.add_role_button)
    qtbot.keyClicks(editor.roles.combo(0, RoleTable.KIND), "Folkevalgt")
    cell = open_cell_editor(qtbot, editor.roles, 0, RoleTable.BODY)
    paste(qtbot, cell, "Bergen\r bystyre\x1b[0m")
    qtbot.keyClick(cell, Qt.Key.Key_Return)

    show_tab(qtbot, editor, "Personvern og notater")
    click(qtbot, editor.notes_edit)
    paste(qtbot, editor.notes_edit, "Ring\x00 etter 16\r\nSvarer\tsjelden\u2028på e-post\x1b")
    save_and_wait(qtbot, editor)

    (found,) = sqlite_core.search.search(ContactFilter(text="Kari")).rows
    row = sqlite_core.contacts.get(found.uid)
    assert row.organisation == "Helse Bergen HF"
    assert row.title == "Leder fag"
    assert [r.body for r in row.roles] == ["Bergen bystyre[0m"]
    assert row.notes == "Ring etter 16\nSvarer\tsjelden\npå e-post"


def test_a_conflicting_save_reloads_the_form_and_stays_open(
    qtbot: QtBot, sqlite_core: Core, warnings: list[str]
) -> None:
    row = _stored(sqlite_core)
    sqlite_core.contacts.update(
        row.uid, replace(row.to_draft(), title="Avdelingsleder"), row.version
    )

    def save(draft: ContactDraft) -> ContactRow:
        try:
            return sqlite_core.contacts.update(row.uid, draft, row.version)
        except ConflictError:
            editor.load(sqlite_core.contacts.get(row.uid))
            raise

    editor = open_editor(qtbot, sqlite_core, save, row)
    assert editor.title_edit.text() == "Sykepleier"
    replace_text(qtbot, editor.organisation_edit, "Helse Vest")
    click(qtbot, editor.save_button)
    assert editor.isVisible()
    assert len(warnings) == 1 and "endret" in warnings[0]
    assert editor.title_edit.text() == "Avdelingsleder"
    assert editor.organisation_edit.text() == "Helse Bergen"


# -- leaving without saving ------------------------------------------------------------------


def test_escape_and_avbryt_close_without_saving(qtbot: QtBot, sqlite_core: Core) -> None:
    calls: list[ContactDraft] = []
    for close in ("escape", "button"):
        editor = open_editor(qtbot, sqlite_core, calls.append)
        qtbot.keyClicks(editor.given_name_edit, "Ola")
        with qtbot.waitSignal(editor.rejected, timeout=5000):
            if close == "escape":
                qtbot.keyClick(editor.given_name_edit, Qt.Key.Key_Escape)
            else:
                click(qtbot, editor.cancel_button)
        assert editor.result() == QDialog.DialogCode.Rejected
        assert not editor.isVisible()
    assert calls == [] and count(sqlite_core) == 0


# -- small parts -----------------------------------------------------------------------------


def test_new_topics_can_be_added_and_enter_does_not_save(qtbot: QtBot, sqlite_core: Core) -> None:
    calls: list[ContactDraft] = []
    editor = open_editor(qtbot, sqlite_core, calls.append)
    show_tab(qtbot, editor, "Verv og tema")
    qtbot.keyClicks(editor.new_topic_edit, "Legemiddelmangel")
    qtbot.keyClick(editor.new_topic_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.new_topic_edit, "fastlege")
    qtbot.keyClick(editor.new_topic_edit, Qt.Key.Key_Return)
    assert editor.isVisible() and calls == []
    assert checked_topics(editor) == {"Legemiddelmangel", "Fastlege"}
    assert editor.draft().topics == ("Fastlege", "Legemiddelmangel")


def test_dates_may_be_left_empty(qtbot: QtBot, sqlite_core: Core) -> None:
    editor = open_editor(qtbot, sqlite_core, sqlite_core.contacts.create)
    show_tab(qtbot, editor, "Personvern og notater")
    assert editor.draft().consent_date is None and editor.draft().last_confirmed is None
    assert editor.last_confirmed.today_button is not None
    click(qtbot, editor.last_confirmed.today_button)
    assert editor.draft().last_confirmed == dt.date.today()
    click(qtbot, editor.last_confirmed.enabled_box)
    assert editor.draft().last_confirmed is None
    assert editor.last_confirmed.edit.text() == "ingen dato"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("01.09.2023", dt.date(2023, 9, 1)),
        ("1.9.2023", dt.date(2023, 9, 1)),
        (" 2023-09-01 ", dt.date(2023, 9, 1)),
    ],
)
def test_parse_date_reads_norwegian_and_iso_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2024", "1/9/2023", "i fjor", "01.09.23"])
def test_parse_date_refuses_other_text_in_norwegian(text: str) -> None:
    with pytest.raises(Exception, match=r"[Dd]ato"):
        parse_date(text)


def test_lifting_a_reservation_in_the_editor_is_noted_in_the_history(
    qtbot: QtBot, sqlite_core: Core
) -> None:
    row = sqlite_core.contacts.create(
        ContactDraft(given_name="Kari", family_name="Nordmann", opted_out=True)
    )
    editor = open_editor(
        qtbot, sqlite_core, lambda d: sqlite_core.contacts.update(row.uid, d, row.version), row
    )
    show_tab(qtbot, editor, "Personvern og notater")
    assert editor.opted_out_box.isChecked()
    editor.opted_out_box.setFocus()
    qtbot.keyClick(editor.opted_out_box, Qt.Key.Key_Space)
    assert not editor.opted_out_box.isChecked()
    save_and_wait(qtbot, editor)
    assert not sqlite_core.contacts.get(row.uid).opted_out
    [item] = sqlite_core.history.history(row.uid)
    assert item.subject == "Reservasjon mot e-post opphevet"
    assert "kontaktskjemaet" in item.note
    # Saving again without touching it adds nothing; setting it again is noted too.
    again = sqlite_core.contacts.get(row.uid)
    sqlite_core.contacts.update(row.uid, again.to_draft(), again.version)
    assert len(sqlite_core.history.history(row.uid)) == 1
    again = sqlite_core.contacts.get(row.uid)
    sqlite_core.contacts.update(row.uid, replace(again.to_draft(), opted_out=True), again.version)
    subjects = [i.subject for i in sqlite_core.history.history(row.uid)]
    assert sorted(subjects) == ["Reservasjon mot e-post opphevet", "Reservert mot e-post"]
