"""The window sends the day-before reminders of events on its own, once."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from tests.fixtures.smtp_server import (
    SmtpServer,
    smtp_server,  # noqa: F401
)
from tests.ui.test_composer import use_server

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.storage.outreach_models import Event
from kontakt.ui.event_reminders import EventReminders


def event_in_two_hours(core: Core) -> tuple[int, dt.datetime]:
    core.contacts.create_many(
        [
            ContactDraft("Kari", "Nordmann", emails=(EmailData("kari@example.no"),)),
            ContactDraft("Ola", "Hansen", emails=(EmailData("ola@example.no"),)),
        ]
    )
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).replace(microsecond=0)
    event_id = core.events.create(EventData("Styremøte", start, start + dt.timedelta(hours=1)))
    ids = {r.given_name: r.id for r in core.search.all_rows(ContactFilter())}
    core.events.set_status(event_id, ids["Kari"], ParticipantStatus.INVITED)
    core.events.set_status(event_id, ids["Ola"], ParticipantStatus.DECLINED)
    return event_id, start


def test_due_reminders_go_out_in_the_background_once(
    qtbot: QtBot,
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id, start = event_in_two_hours(core)
    use_server(smtp_server)
    window = QWidget()
    qtbot.addWidget(window)
    statuses: list[str] = []
    reminders = EventReminders(core.event_mail, core.outbox, window, statuses.append)
    worker = reminders.check()
    assert worker is not None
    qtbot.waitUntil(lambda: reminders.worker is None, timeout=20000)
    assert [r for r, _ in smtp_server.received] == ["kari@example.no"]  # Ola declined
    _, msg = smtp_server.received[0]
    day = "i dag" if start.astimezone().date() == dt.date.today() else "i morgen"
    assert str(msg["Subject"]) == f"Påminnelse: Styremøte {day} kl. {start.astimezone():%H.%M}"
    assert statuses == ["Påminnelse om arrangement sendt til 1 person."]
    with core.sessions() as session:
        event = session.get_one(Event, event_id)
        assert event.reminded_for == event.starts_at
    assert reminders.check() is None  # nothing due any more: never twice
    assert len(smtp_server.received) == 1


def test_nothing_is_sent_when_mail_is_not_set_up(qtbot: QtBot, core: Core) -> None:
    event_in_two_hours(core)
    window = QWidget()
    qtbot.addWidget(window)
    reminders = EventReminders(core.event_mail, core.outbox, window, lambda _text: None)
    assert reminders.check() is None
    with core.sessions() as session:
        assert session.scalars(select(Event.reminded_for)).all() == [None]  # still due later
