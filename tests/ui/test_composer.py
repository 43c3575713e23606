"""Writing and sending e-mail from the window, against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import update
from tests.fixtures.smtp_server import PASSWORD, USER, SmtpServer, smtp_login_server, smtp_server  # noqa: F401
from tests.ui.test_main_window import click_sidebar

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.services.outreach.mailing import RecipientStatus
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.settings import (
    KEYRING_SERVICE,
    MailSettings,
    load_settings,
    save_settings,
    settings_path,
)
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.services.scope import ContactScope
from kontakt.storage.models import Contact
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.mail_settings import MailSettingsDialog
from kontakt.ui.dialogs.mailings_dialog import MailingsDialog
from kontakt.ui.main_window import MainWindow


def use_server(server: SmtpServer) -> None:
    save_settings(
        MailSettings(
            SmtpSettings(
                server.host, server.port, Security.NONE, "", "SV helse", "nettverk@example.no"
            ),
            Limits(per_minute=1000, per_day=1000),
        )
    )


def open_composer(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> ComposerDialog:
    opened: list[ComposerDialog] = []
    monkeypatch.setattr(ComposerDialog, "exec", lambda self: opened.append(self) or 0)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = opened
    qtbot.addWidget(dialog)
    return dialog


def test_send_a_merged_mail_to_a_county_from_the_window(
    qtbot: QtBot,
    window: MainWindow,
    demo_core: Core,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    use_server(smtp_server)
    click_sidebar(qtbot, window, "county", "46")
    dialog = open_composer(qtbot, window, monkeypatch)
    expected = demo_core.mailings.plan(ContactScope(filter=ContactFilter(county="46")))
    assert f"{len(expected.recipients)} mottakere" in dialog.chooser.count_label.text()
    qtbot.keyClicks(dialog.subject, "Hei {fornavn}")
    dialog.body.setFocus()
    qtbot.keyClicks(dialog.body, "Hei {fornavn} i {fylke}!")
    first = expected.recipients[0]
    assert f"Emne: Hei {first.given_name}" in dialog.preview.toPlainText()
    assert f"Hei {first.given_name} i Vestland!" in dialog.preview.toPlainText()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.outcome is not None or bool(dialog.tasks.error.text()), timeout=20000
    )
    assert dialog.outcome is not None, dialog.tasks.error.text()
    assert f"{len(expected.recipients)} sendt" in dialog.done_label.text()
    received = {r for r, _ in smtp_server.received}
    assert received == {r.primary_email for r in expected.recipients}
    history = demo_core.history.history(first.uid)
    assert [h.subject for h in history] == [f"Hei {first.given_name}"]


def test_an_unknown_merge_field_is_shown_and_nothing_is_sent(
    qtbot: QtBot,
    window: MainWindow,
    demo_core: Core,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    use_server(smtp_server)
    dialog = open_composer(qtbot, window, monkeypatch)
    qtbot.keyClicks(dialog.subject, "Hei")
    dialog.body.setPlainText("Hei {fornvan}")
    assert "Ukjent flettefelt {fornvan}" in dialog.preview.toPlainText()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert "Ukjent flettefelt {fornvan}" in dialog.tasks.error.text()
    assert demo_core.mailings.mailings() == []
    assert smtp_server.received == []


def test_without_smtp_the_addresses_open_in_the_mail_program(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QDesktopServices, QGuiApplication

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog = open_composer(qtbot, window, monkeypatch)
    qtbot.keyClicks(dialog.subject, "Møte")
    qtbot.mouseClick(dialog.mailto_button, Qt.MouseButton.LeftButton)
    assert len(opened) > 1  # about 300 addresses do not fit in one link
    assert all(link.startswith("mailto:?bcc=") for link in opened)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text().split("; ")
    assert len(copied) == len(dialog.plan.recipients) > 250


def test_mail_settings_are_saved_with_the_password_in_the_keyring(
    qtbot: QtBot,
    sqlite_core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    dialog = MailSettingsDialog(sqlite_core.outbox, sqlite_core.inbox)
    qtbot.addWidget(dialog)
    dialog.host.setText(smtp_login_server.host)
    dialog.security.setCurrentIndex(dialog.security.findData(Security.NONE.value))
    dialog.port.setValue(smtp_login_server.port)
    dialog.user.setText(USER)
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.sender_address.setText("nettverk@example.no")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.result_label.text() or dialog.tasks.error.text()))
    assert "virker" in dialog.result_label.text(), dialog.tasks.error.text()
    dialog.save()
    saved = load_settings()
    assert saved.smtp.host == smtp_login_server.host and saved.smtp.user == USER
    account = f"{USER}@{smtp_login_server.host}:{smtp_login_server.port}"
    assert keyring.get_password(KEYRING_SERVICE, account) == PASSWORD
    assert PASSWORD not in settings_path().read_text(encoding="utf-8")


def test_a_wrong_password_is_reported_in_the_settings(
    qtbot: QtBot,
    sqlite_core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    dialog = MailSettingsDialog(sqlite_core.outbox, sqlite_core.inbox)
    qtbot.addWidget(dialog)
    dialog.host.setText(smtp_login_server.host)
    dialog.security.setCurrentIndex(dialog.security.findData(Security.NONE.value))
    dialog.port.setValue(smtp_login_server.port)
    dialog.user.setText(USER)
    dialog.password.setText("feil")
    dialog.sender_address.setText("nettverk@example.no")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.tasks.error.text()))
    assert "brukernavn og passord" in dialog.tasks.error.text()


def test_resume_a_stopped_mailing_from_the_list(
    qtbot: QtBot,
    demo_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    use_server(smtp_server)
    plan = demo_core.mailings.plan(ContactScope(filter=ContactFilter(county="54")))
    mailing_id = demo_core.mailings.create(
        MailDraft("Hei {fornavn}", "Tekst"), Sender("SV", "nettverk@example.no"), plan
    )
    dialog = MailingsDialog(
        demo_core.mailings, demo_core.outbox, demo_core.inbox, demo_core.mailing_reports
    )
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.resume_button.isEnabled()
    qtbot.mouseClick(dialog.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.tasks.busy, timeout=20000)
    summary = demo_core.mailings.summary(mailing_id)
    assert summary.count(RecipientStatus.SENT) == len(plan.recipients)
    assert dialog.table.item(0, 3).text() == str(len(plan.recipients))
    assert not dialog.resume_button.isEnabled()


def test_a_recipient_whose_value_cannot_go_into_the_subject_is_named_and_skipped(
    qtbot: QtBot,
    window: MainWindow,
    demo_core: Core,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    use_server(smtp_server)
    expected = demo_core.mailings.plan(ContactScope(filter=ContactFilter(county="46")))
    bad = expected.recipients[3]
    with demo_core.sessions.begin() as session:  # stored before text was cleaned on the way in
        session.execute(
            update(Contact).where(Contact.id == bad.id).values(organisation="Helse\rBergen")
        )
    click_sidebar(qtbot, window, "county", "46")
    dialog = open_composer(qtbot, window, monkeypatch)
    qtbot.keyClicks(dialog.subject, "Nytt fra nettverket")
    assert dialog.problems_label.text() == ""
    qtbot.keyClicks(dialog.subject, " til {organisasjon}")
    problems = dialog.problems_label.text()
    assert problems.startswith("1 mottaker kan ikke få e-posten og blir markert som feilet.")
    assert bad.full_name in problems and "{organisasjon}" in problems
    dialog.preview_person.setCurrentIndex(3)
    assert bad.primary_email in dialog.preview_person.currentText()
    assert "Kan ikke sendes til denne mottakeren" in dialog.preview.toPlainText()
    assert "linjeskift" in dialog.preview.toPlainText()

    dialog.body.setPlainText("Hei {fornavn}!")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.outcome is not None or bool(dialog.tasks.error.text()), timeout=20000
    )
    assert dialog.outcome is not None, dialog.tasks.error.text()
    n = len(expected.recipients)
    assert f"{n - 1} sendt, 1 feilet." in dialog.done_label.text()
    assert bad.primary_email not in {r for r, _ in smtp_server.received}


@pytest.mark.parametrize("typed", [True, False], ids=["typed", "cancelled"])
def test_a_password_not_in_the_keyring_is_asked_for_when_sending(
    qtbot: QtBot,
    window: MainWindow,
    demo_core: Core,
    monkeypatch: pytest.MonkeyPatch,
    smtp_login_server: SmtpServer,  # noqa: F811
    typed: bool,
) -> None:
    smtp = SmtpSettings(
        smtp_login_server.host, smtp_login_server.port, Security.NONE, USER,
        "SV helse", "nettverk@example.no",
    )  # fmt: skip
    save_settings(MailSettings(smtp, Limits(per_minute=1000, per_day=1000)))
    click_sidebar(qtbot, window, "county", "46")
    dialog = open_composer(qtbot, window, monkeypatch)
    qtbot.keyClicks(dialog.subject, "Hei {fornavn}")
    dialog.body.setPlainText("Tekst")
    asked: list[str] = []

    def get_text(_parent: object, title: str, label: str, *_a: object) -> tuple[str, bool]:
        asked.append(label)
        return (PASSWORD, True) if typed else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert asked == [f"Passord for {USER} (lagres ikke):"]
    if not typed:
        assert dialog.mailing_id is None and demo_core.mailings.mailings() == []
        return
    qtbot.waitUntil(
        lambda: dialog.outcome is not None or bool(dialog.tasks.error.text()), timeout=20000
    )
    assert dialog.outcome is not None, dialog.tasks.error.text()
    assert len(smtp_login_server.received) == len(dialog.plan.recipients) > 0
    account = f"{USER}@{smtp_login_server.host}:{smtp_login_server.port}"
    assert keyring.get_password(KEYRING_SERVICE, account) is None  # typed, not stored
