"""The events window's mail after the invitation: «Oppfølging», and a cancellation on deleting."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from tests.fixtures.imip import meeting
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.ui.test_composer import use_server
from tests.ui.test_events_dialog import add_event, click, contact_id, core  # noqa: F401

from kontakt.app import Core
from kontakt.services.outreach.events import ParticipantStatus
from kontakt.storage.outreach_models import Mailing
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.events_dialog import EventsDialog
from kontakt.ui.window_dialogs import composer_services


@pytest.mark.parametrize(
    ("attended", "expected", "subject"),
    [(True, ["kari@example.no"], "Takk for sist"), (False, ["ola@example.no"], "Vi savnet deg")],
)
def test_follow_up_writes_to_those_who_came_or_did_not(
    qtbot: QtBot,
    core: Core,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,  # noqa: F811
    attended: bool,
    expected: list[str],
    subject: str,
) -> None:
    event_id = add_event(core)
    core.events.set_status(event_id, contact_id(core, "Kari"), ParticipantStatus.ATTENDED)
    core.events.set_status(event_id, contact_id(core, "Ola"), ParticipantStatus.ACCEPTED)
    core.events.set_status(event_id, contact_id(core, "Åse"), ParticipantStatus.DECLINED)
    core.events.set_status(event_id, contact_id(core, "Per"), ParticipantStatus.INVITED)
    opened: list[ComposerDialog] = []
    monkeypatch.setattr(ComposerDialog, "exec", lambda self: opened.append(self) or 0)
    dialog = EventsDialog(core.events, composer_services(core), None, core.event_mail)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.follow_up_button.isVisible() and dialog.follow_up_button.isEnabled()
    came, no_show = dialog.follow_up_button.menu().actions()
    assert came.text() == "Til de som deltok …"
    assert no_show.text() == "Til de som meldte seg på, men ikke kom …"
    (came if attended else no_show).trigger()

    (composer,) = opened
    qtbot.addWidget(composer)
    assert [r.primary_email for r in composer.plan.recipients] == expected
    assert composer.subject.text().startswith(subject)
    composer.body.setPlainText("Hei {fornavn}! Opptaket og lysarkene ligger her.")
    use_server(smtp_server)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    click(qtbot, composer.send_button)
    qtbot.waitUntil(
        lambda: composer.outcome is not None or bool(composer.tasks.error.text()), timeout=20000
    )
    assert composer.outcome is not None, composer.tasks.error.text()
    assert [r for r, _ in smtp_server.received] == expected
    with core.sessions() as session:
        (mailing,) = session.scalars(select(Mailing).where(Mailing.event_id == event_id)).all()
        assert mailing.scope.startswith("Oppfølging: ")


def test_without_the_follow_up_service_the_button_is_not_offered(
    qtbot: QtBot,
    core: Core,  # noqa: F811
) -> None:
    add_event(core)
    dialog = EventsDialog(core.events, composer_services(core))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.follow_up_button.isVisible()


def test_deleting_a_coming_event_sends_its_cancellation_to_those_not_declined(
    qtbot: QtBot,
    core: Core,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = add_event(core)
    for name in ("Kari", "Ola", "Åse"):
        core.events.set_status(event_id, contact_id(core, name), ParticipantStatus.INVITED)
    core.events.set_status(event_id, contact_id(core, "Per"), ParticipantStatus.DECLINED)
    opened: list[ComposerDialog] = []
    monkeypatch.setattr(ComposerDialog, "exec", lambda self: opened.append(self) or 0)
    monkeypatch.setattr("kontakt.ui.dialogs.events_dialog.confirm_deletion", lambda *a: True)
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_buttons: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = EventsDialog(core.events, composer_services(core), None, core.event_mail)
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.delete_button)
    assert asked and asked[0].startswith("Sende avlysning til 3 personer")
    (composer,) = opened
    qtbot.addWidget(composer)
    assert composer.windowTitle() == "Avlysning"
    assert composer.subject.text().startswith("Avlyst: ")
    assert len(composer.plan.recipients) == 3
    assert core.events.summary(event_id)  # nothing is deleted before it is sent

    use_server(smtp_server)
    click(qtbot, composer.send_button)
    qtbot.waitUntil(
        lambda: composer.outcome is not None or bool(composer.tasks.error.text()), timeout=20000
    )
    assert composer.outcome is not None, composer.tasks.error.text()
    assert sorted(r for r, _ in smtp_server.received) == [
        "ase@example.no", "kari@example.no", "ola@example.no",
    ]  # fmt: skip
    for _, msg in smtp_server.received:
        cancel = meeting(msg)
        assert cancel.cal["METHOD"] == "CANCEL" and cancel.event["STATUS"] == "CANCELLED"
    assert core.events.events() == []


def test_no_keeps_the_old_deletion_and_cancel_keeps_the_event(
    qtbot: QtBot,
    core: Core,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event_id = add_event(core)
    core.events.set_status(event_id, contact_id(core, "Kari"), ParticipantStatus.INVITED)
    monkeypatch.setattr("kontakt.ui.dialogs.events_dialog.confirm_deletion", lambda *a: True)
    dialog = EventsDialog(core.events, composer_services(core), None, core.event_mail)
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    click(qtbot, dialog.delete_button)
    assert [e.id for e in core.events.events()] == [event_id]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    click(qtbot, dialog.delete_button)
    assert core.events.events() == []
    assert dialog.composer is None  # deleted without a message


def test_the_reminders_time_is_set_in_the_events_window(
    qtbot: QtBot,
    core: Core,  # noqa: F811
) -> None:
    dialog = EventsDialog(core.events, composer_services(core), None, core.event_mail)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reminder_time is not None
    edit = dialog.reminder_time.edit
    assert edit.time().toString("HH:mm") == "18:00"
    edit.setTime(QTime(19, 30))
    edit.editingFinished.emit()
    assert core.event_mail.reminder_time() == dt.time(19, 30)
    # A window without the event mail (an older caller) shows no such field.
    plain = EventsDialog(core.events, composer_services(core))
    qtbot.addWidget(plain)
    assert plain.reminder_time is None
