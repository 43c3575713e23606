"""«Hent svar» in the window: the mailbox's settings, fetching, reviewing, applying, undoing.

Real parts: messages sent through the test SMTP server (aiosmtpd), answers
delivered into a real Dovecot (KONTAKT_TEST_IMAP, .ci/start-dovecot.sh;
skipped without it unless KONTAKT_REQUIRE_IMAP=1), a real SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from tests.fixtures.imap_server import ImapFolder, imap_folder  # noqa: F401
from tests.fixtures.mailbox_world import World, send_world
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.unit.mailbox.messages import dsn, reply

from kontakt.app import Core
from kontakt.services.outreach.imap import ImapSecurity, ImapSettings
from kontakt.services.outreach.settings import (
    IMAP_KEYRING_SERVICE,
    load_settings,
    save_settings,
    settings_path,
)
from kontakt.services.steps import drive
from kontakt.storage.mailbox_models import AddressHold
from kontakt.ui.contact_actions import ContactActions
from kontakt.ui.dialogs.contact_editor import ContactEditor
from kontakt.ui.dialogs.inbox_dialog import InboxDialog
from kontakt.ui.dialogs.mail_settings import MailSettingsDialog
from kontakt.ui.dialogs.mailings_dialog import MailingsDialog
from kontakt.ui.main_window import MainWindow


def use_mailbox(box: ImapFolder) -> None:
    """Save the test folder as the incoming mailbox (its password typed when asked)."""
    saved = load_settings()
    saved.imap = ImapSettings(
        host=box.host,
        port=box.port,
        security=ImapSecurity.NONE,
        user=box.user,
        folders=(box.folder,),
        same_password=False,
    )
    save_settings(saved)


@pytest.fixture
def world(sqlite_core: Core, smtp_server: SmtpServer) -> World:  # noqa: F811
    return send_world(sqlite_core, smtp_server)


@pytest.fixture
def window(qtbot: QtBot, sqlite_core: Core) -> Iterator[MainWindow]:
    w = MainWindow(sqlite_core)
    qtbot.addWidget(w)
    w.show()
    yield w


def test_the_incoming_side_is_saved_and_tested_in_the_mail_settings(
    qtbot: QtBot,
    sqlite_core: Core,
    imap_folder: ImapFolder,  # noqa: F811
) -> None:
    imap_folder.deliver(reply("kari@example.no", "Hei", "Bare en hilsen.", "<x@y>"))
    dialog = MailSettingsDialog(sqlite_core.outbox, sqlite_core.inbox)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    box = dialog.imap
    box.host.setText(imap_folder.host)
    box.security.setCurrentIndex(box.security.findData(ImapSecurity.NONE.value))
    box.port.setValue(imap_folder.port)
    box.user.setText(imap_folder.user)
    assert not box.password.isVisibleTo(dialog)  # «same as for sending» by default
    box.same_password.setChecked(False)
    assert box.password.isVisibleTo(dialog)
    qtbot.keyClicks(box.password, imap_folder.password)
    box.folders.setText(f"{imap_folder.folder}")
    qtbot.mouseClick(dialog.test_imap_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.result_label.text() or dialog.tasks.error.text()))
    assert "virker" in dialog.result_label.text(), dialog.tasks.error.text()
    assert f"«{imap_folder.folder}» har 1 meldinger" in dialog.result_label.text()

    dialog.host.setText("smtp.example.no")  # sending must be filled in to save
    dialog.sender_address.setText("nettverk@example.no")
    dialog.save()
    saved = load_settings().imap
    assert (saved.host, saved.port, saved.user) == (
        imap_folder.host,
        imap_folder.port,
        imap_folder.user,
    )
    assert saved.folders == (imap_folder.folder,) and not saved.same_password
    account = f"{imap_folder.user}@{imap_folder.host}:{imap_folder.port}"
    assert keyring.get_password(IMAP_KEYRING_SERVICE, account) == imap_folder.password
    assert imap_folder.password not in settings_path().read_text(encoding="utf-8")


def test_a_wrong_mailbox_password_is_said_in_words(
    qtbot: QtBot,
    sqlite_core: Core,
    imap_folder: ImapFolder,  # noqa: F811
) -> None:
    dialog = MailSettingsDialog(sqlite_core.outbox, sqlite_core.inbox)
    qtbot.addWidget(dialog)
    box = dialog.imap
    box.host.setText(imap_folder.host)
    box.security.setCurrentIndex(box.security.findData(ImapSecurity.NONE.value))
    box.port.setValue(imap_folder.port)
    box.user.setText(imap_folder.user)
    box.same_password.setChecked(False)
    box.password.setText("feil")
    qtbot.mouseClick(dialog.test_imap_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.tasks.error.text()))
    assert "godtok ikke brukernavn og passord" in dialog.tasks.error.text()


def test_fetch_review_apply_the_chosen_and_undo_from_the_window(
    qtbot: QtBot,
    sqlite_core: Core,
    world: World,
    window: MainWindow,
    imap_folder: ImapFolder,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    n = world.newsletter_ids
    imap_folder.deliver(
        reply(
            "kari@example.no", "SV: Nyhetsbrev desember", "Meld meg av, takk.", n["kari@example.no"]
        )
    )
    imap_folder.deliver(dsn("ola@example.no", n["ola@example.no"]))
    imap_folder.deliver(
        reply("anne@example.no", "Re: Nyhetsbrev desember", "Så fint!", n["anne@example.no"])
    )
    use_mailbox(imap_folder)
    asked: list[str] = []
    opened: list[InboxDialog] = []

    def exec_without_blocking(self: InboxDialog) -> int:
        opened.append(self)
        self.show()
        return 0

    monkeypatch.setattr(InboxDialog, "exec", exec_without_blocking)
    monkeypatch.setattr(
        type(window.dialogs),
        "_ask_mailbox_password",
        lambda self, imap: asked.append(imap.user) or imap_folder.password,
    )
    window.dialogs.open_inbox()
    dialog = opened[0]
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.found is not None or bool(dialog.tasks.error.text()), timeout=20_000
    )
    assert dialog.found is not None, dialog.tasks.error.text()
    assert asked == [imap_folder.user]  # no password stored: asked, not saved
    assert "Leste 3 nye meldinger, 3 forslag" in dialog.summary.text()
    rows = {dialog.table.item(r, 2).text(): r for r in range(dialog.table.rowCount())}
    assert set(rows) == {"Kari Nordmann", "Ola Nordmann", "Anne Nordmann"}
    assert dialog.table.item(rows["Kari Nordmann"], 1).text() == "Reserver mot e-post"
    dialog.table.setCurrentCell(rows["Ola Nordmann"], 1)
    assert "Fra: " in dialog.message.toPlainText()
    # The reply is left out: only the reservation and the hold are applied.
    dialog.table.item(rows["Anne Nordmann"], 0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.apply_chosen_button, Qt.MouseButton.LeftButton)
    assert "1 reservert mot e-post" in dialog.summary.text()
    assert "1 adresser satt på vent" in dialog.summary.text()
    assert dialog.table.rowCount() == 0 and not dialog.apply_all_button.isEnabled()

    kari = sqlite_core.contacts.get(world.uids["kari"])
    assert kari.opted_out
    with sqlite_core.sessions() as session:
        held = session.scalars(select(AddressHold.address).where(AddressHold.held_at.is_not(None)))
        assert list(held) == ["ola@example.no"]
    assert [h.address for h in sqlite_core.inbox.holds(world.uids["ola"])] == ["ola@example.no"]
    anne_history = sqlite_core.history.history(world.uids["anne"])
    assert not any("Så fint" in str(entry) for entry in anne_history)

    # A second fetch proposes nothing: every message was dealt with.
    qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=20_000)
    assert dialog.found.proposals == [] and "Leste 0 nye meldinger" in dialog.summary.text()

    # Ctrl+Z in the window takes the reservation and the hold back.
    assert window.contact_actions.undo_stack.peek() is not None
    window.contact_actions.undo_stack.undo()
    assert not sqlite_core.contacts.get(world.uids["kari"]).opted_out
    assert sqlite_core.inbox.holds(world.uids["ola"]) == []


def test_the_editor_shows_an_address_on_hold_and_takes_it_off(
    qtbot: QtBot,
    sqlite_core: Core,
    world: World,
    window: MainWindow,
    imap_folder: ImapFolder,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    imap_folder.deliver(dsn("ola@example.no", world.newsletter_ids["ola@example.no"]))
    use_mailbox(imap_folder)
    monkeypatch.setenv("KONTAKT_IMAP_PASSWORD", imap_folder.password)
    inbox = sqlite_core.inbox
    inbox.apply(drive(inbox.fetch_steps(inbox.saved_mailbox())))
    shown: list[ContactEditor] = []

    def show(self: ContactActions, editor: ContactEditor) -> None:
        shown.append(editor)
        qtbot.addWidget(editor)
        editor.show()

    monkeypatch.setattr(ContactActions, "_show", show)
    window.contact_actions.edit_contact(world.uids["ola"])
    banner = shown[0].hold_banner
    assert banner is not None and banner.isVisibleTo(shown[0])
    assert "ola@example.no er satt på vent siden" in banner.label.text()
    assert "e-post kom i retur" in banner.label.text()
    qtbot.mouseClick(banner.release_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisibleTo(shown[0])
    assert inbox.holds(world.uids["ola"]) == []
    # Another contact shows no banner at all.
    window.contact_actions.edit_contact(world.uids["kari"])
    other = shown[1].hold_banner
    assert other is not None and not other.isVisibleTo(shown[1])


def test_what_came_back_is_listed_under_the_mailing_and_answered_in_the_mail_program(
    qtbot: QtBot,
    sqlite_core: Core,
    world: World,
    imap_folder: ImapFolder,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    n = world.newsletter_ids
    imap_folder.deliver(
        reply("kari@example.no", "SV: Nyhetsbrev", "Meld meg av, takk.", n["kari@example.no"])
    )
    imap_folder.deliver(dsn("ola@example.no", n["ola@example.no"]))
    imap_folder.deliver(
        reply("anne@example.no", "Re: Nyhetsbrev desember", "Så fint!", n["anne@example.no"])
    )
    use_mailbox(imap_folder)
    monkeypatch.setenv("KONTAKT_IMAP_PASSWORD", imap_folder.password)
    inbox = sqlite_core.inbox
    inbox.apply(drive(inbox.fetch_steps(inbox.saved_mailbox())))

    dialog = MailingsDialog(
        sqlite_core.mailings, sqlite_core.outbox, inbox, sqlite_core.mailing_reports
    )
    qtbot.addWidget(dialog)
    dialog.show()
    rows = {dialog.table.item(r, 2).text(): r for r in range(dialog.table.rowCount())}
    dialog.table.selectRow(rows["Invitasjon: Helsepolitisk seminar"])
    assert "Ingen svar er hentet" in dialog.responses.summary.text()
    dialog.table.selectRow(rows["Nyhetsbrev desember"])
    answers = dialog.responses
    assert answers.summary.text() == "Svar på utsendingen: 1 svar, 1 avmelding, 1 returnert."
    texts = [answers.list.item(i).text() for i in range(answers.list.count())]
    assert len(texts) == 3
    assert any("Anne Nordmann – Svar: Re: Nyhetsbrev desember" in t for t in texts)
    opened: list[str] = []
    answers._open_url = lambda url: opened.append(url.toString())
    assert not answers.answer_button.isEnabled()  # nobody chosen yet
    answers.list.setCurrentRow(next(i for i, t in enumerate(texts) if "Anne" in t))
    qtbot.mouseClick(answers.answer_button, Qt.MouseButton.LeftButton)
    assert opened == ["mailto:anne@example.no?subject=Re%3A Nyhetsbrev desember"]
    assert "Så fint!" in answers.list.currentItem().toolTip()
