"""Invitations calendars can answer, changes, cancellations, reminders and follow-ups.

Each goes through the mailing machinery to a real SMTP server (aiosmtpd);
what arrives is read as a mail program reads it: the meeting request in the
multipart/alternative and the .ics file, parsed by icalendar and vobject.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select
from tests.fixtures.imip import meeting
from tests.fixtures.smtp_server import (
    SmtpServer,
    smtp_server,  # noqa: F401
)

from kontakt.app import Core
from kontakt.domain.preferences import EVENT_REMINDER_TIME
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.errors import NotFoundError
from kontakt.services.outreach.event_mail import parse_time, reminder_moment
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpConnection, SmtpSettings
from kontakt.services.scope import ContactScope
from kontakt.services.steps import drive
from kontakt.storage.outreach_models import Event, Mailing

SENDER = Sender("Kari «Sekretær» Øren", "nettverk@example.no")
START = dt.datetime(2030, 3, 5, 19, 0).astimezone()  # a Tuesday evening, local time
MEETING = EventData(
    "Nettverksmøte: fastlegekrisen",
    START,
    START + dt.timedelta(minutes=90),
    link="https://zoom.example/j/42",
    description="Hva kan kommunene gjøre?",
)


@pytest.fixture
def people(core: Core) -> Core:
    core.contacts.create_many(
        [
            ContactDraft("Kari", "Nordmann", emails=(EmailData("kari@example.no"),)),
            ContactDraft("Ola", "Hansen", emails=(EmailData("ola@example.no"),)),
            ContactDraft("Åse", "Ødegård", emails=(EmailData("ase@example.no"),)),
            ContactDraft("Per", "Berg", emails=(EmailData("per@example.no"),)),
        ]
    )
    return core


def send(core: Core, mailing_id: int, server: SmtpServer) -> None:
    settings = SmtpSettings(server.host, server.port, Security.NONE)
    drive(
        core.mailings.send_steps(
            mailing_id, lambda: SmtpConnection(settings), Limits(1000, 1000), sleep=lambda s: None
        )
    )


def contact_id(core: Core, given_name: str) -> int:
    return core.search.all_rows(ContactFilter(text=given_name))[0].id


def invite_all(core: Core, server: SmtpServer) -> int:
    event_id = core.events.create(MEETING)
    plan = core.mailings.plan(ContactScope(filter=ContactFilter()))
    mailing_id = core.events.invite(
        event_id, MailDraft("Invitasjon", "Hei {fornavn}!"), SENDER, plan
    )
    send(core, mailing_id, server)
    return event_id


def received(server: SmtpServer) -> dict[str, object]:
    """Each recipient's meeting message, by address."""
    return {rcpt: meeting(msg) for rcpt, msg in server.received}


def test_each_invited_gets_a_meeting_request_naming_them_alone(
    people: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = invite_all(people, smtp_server)
    uid = people.events.summary(event_id).uid
    assert len(smtp_server.received) == 4
    for rcpt, msg in smtp_server.received:
        request = meeting(msg)
        assert request.method_param == "REQUEST"
        assert request.filename == "invitasjon.ics"
        assert request.attached == request.inline  # the file is the same request
        cal, ev = request.cal, request.event
        assert cal["METHOD"] == "REQUEST"
        assert str(ev["UID"]) == f"{uid}@kontakt"
        assert ev["SEQUENCE"] == 0
        assert ev["DTSTART"].dt == MEETING.starts_at
        assert ev["DTSTAMP"].dt.tzinfo is not None
        assert str(ev["ORGANIZER"]) == "mailto:nettverk@example.no"
        assert ev["ORGANIZER"].params["CN"] == "Kari «Sekretær» Øren"
        attendee = ev["ATTENDEE"]
        assert not isinstance(attendee, list), "one attendee per message"
        assert str(attendee) == f"mailto:{rcpt}"
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        (alarm,) = ev.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == -dt.timedelta(hours=1)
        # vobject reads it the same way.
        vev = request.vobject().vevent
        assert vev.attendee.value == f"mailto:{rcpt}"
        assert vev.attendee.params["CN"][0] in {
            "Kari Nordmann",
            "Ola Hansen",
            "Åse Ødegård",
            "Per Berg",
        }
        assert vev.organizer.params["CN"] == ["Kari «Sekretær» Øren"]
        assert vev.valarm.trigger.value == -dt.timedelta(hours=1)
    # «Last ned kalenderfil» is still a plain file to add (PUBLISH, nobody asked).
    download = people.events.ics(event_id)
    assert b"METHOD:PUBLISH" in download and b"ATTENDEE" not in download


def test_a_changed_event_sends_a_request_with_a_higher_sequence_to_those_not_declined(
    people: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = invite_all(people, smtp_server)
    people.events.set_status(event_id, contact_id(people, "Kari"), ParticipantStatus.DECLINED)
    people.events.set_status(event_id, contact_id(people, "Ola"), ParticipantStatus.ACCEPTED)
    moved = replace(
        MEETING,
        starts_at=START + dt.timedelta(days=1),
        ends_at=START + dt.timedelta(days=1, hours=1),
    )
    people.events.update(event_id, moved)
    smtp_server.received.clear()
    mailing_id = people.event_mail.send_changes(event_id, SENDER)
    send(people, mailing_id, smtp_server)
    got = received(smtp_server)
    assert sorted(got) == ["ase@example.no", "ola@example.no", "per@example.no"]
    for request in got.values():
        assert request.cal["METHOD"] == "REQUEST"
        assert request.event["SEQUENCE"] == 1
        assert request.event["DTSTART"].dt == moved.starts_at
    _, msg = smtp_server.received[0]
    assert str(msg["Subject"]).startswith("Endret: Nettverksmøte: fastlegekrisen")


def test_a_cancelled_event_sends_cancel_and_is_deleted(
    people: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = invite_all(people, smtp_server)
    uid = people.events.summary(event_id).uid
    people.events.set_status(event_id, contact_id(people, "Per"), ParticipantStatus.DECLINED)
    smtp_server.received.clear()
    title, mailing_id = people.event_mail.cancel(event_id, SENDER)
    assert title == MEETING.title and mailing_id is not None
    with pytest.raises(NotFoundError):  # gone before a single message left
        people.events.summary(event_id)
    send(people, mailing_id, smtp_server)  # the mailing carries all it needs
    got = received(smtp_server)
    assert sorted(got) == ["ase@example.no", "kari@example.no", "ola@example.no"]
    for rcpt, cancel in got.items():
        assert cancel.method_param == "CANCEL"
        assert cancel.filename == "avlysning.ics"
        assert cancel.cal["METHOD"] == "CANCEL"
        assert cancel.event["STATUS"] == "CANCELLED"
        assert str(cancel.event["UID"]) == f"{uid}@kontakt"
        assert cancel.event["SEQUENCE"] == 1  # outranks the request it cancels
        assert str(cancel.event["ATTENDEE"]) == f"mailto:{rcpt}"
        assert not cancel.event.walk("VALARM")
        assert cancel.vobject().vevent.status.value == "CANCELLED"
    with people.sessions() as session:
        mailing = session.get_one(Mailing, mailing_id)
        assert mailing.subject.startswith("Avlyst: ") and mailing.event_id is None


def test_an_event_nobody_was_invited_to_is_cancelled_without_mail(people: Core) -> None:
    event_id = people.events.create(MEETING)
    assert people.event_mail.cancel(event_id, SENDER) == (MEETING.title, None)
    with pytest.raises(NotFoundError):
        people.events.summary(event_id)


def test_the_reminder_goes_the_day_before_once_to_those_not_declined(
    people: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = invite_all(people, smtp_server)
    people.events.set_status(event_id, contact_id(people, "Kari"), ParticipantStatus.DECLINED)
    people.events.set_status(event_id, contact_id(people, "Ola"), ParticipantStatus.ACCEPTED)
    due_at = dt.datetime(2030, 3, 4, 18, 0).astimezone()
    assert reminder_moment(START, dt.time(18)) == due_at
    mail = people.event_mail
    assert mail.due_reminders(due_at - dt.timedelta(minutes=1)) == []
    assert mail.create_reminders(SENDER, due_at - dt.timedelta(minutes=1)) == []
    assert mail.due_reminders(due_at) == [event_id]
    smtp_server.received.clear()
    (mailing_id,) = mail.create_reminders(SENDER, due_at + dt.timedelta(minutes=5))
    # Stored once: a second look (the window's timer, a script) finds nothing due.
    assert mail.due_reminders(due_at + dt.timedelta(minutes=6)) == []
    assert mail.create_reminders(SENDER, due_at + dt.timedelta(minutes=6)) == []
    send(people, mailing_id, smtp_server)
    assert sorted(r for r, _ in smtp_server.received) == [
        "ase@example.no", "ola@example.no", "per@example.no",
    ]  # fmt: skip
    _, msg = smtp_server.received[0]
    assert str(msg["Subject"]) == "Påminnelse: Nettverksmøte: fastlegekrisen i morgen kl. 19.00"
    assert "Lenke til møtet: https://zoom.example/j/42" in msg.get_body(("plain",)).get_content()
    # After the start, nothing is due; an event moved a week on gets a new reminder.
    assert mail.due_reminders(START + dt.timedelta(minutes=1)) == []
    week = dt.timedelta(days=7)
    people.events.update(
        event_id, replace(MEETING, starts_at=START + week, ends_at=MEETING.ends_at + week)
    )
    assert mail.due_reminders(due_at + week) == [event_id]


def test_the_reminder_time_is_a_setting(people: Core) -> None:
    event_id = people.events.create(MEETING)
    kari = contact_id(people, "Kari")
    people.events.set_status(event_id, kari, ParticipantStatus.INVITED)
    people.settings.set(EVENT_REMINDER_TIME, "12.30")
    assert people.event_mail.reminder_time() == dt.time(12, 30)
    noon = dt.datetime(2030, 3, 4, 12, 30).astimezone()
    assert people.event_mail.due_reminders(noon - dt.timedelta(seconds=1)) == []
    assert people.event_mail.due_reminders(noon) == [event_id]
    people.settings.set(EVENT_REMINDER_TIME, "25:00")  # unreadable: the default
    assert people.event_mail.reminder_time() == dt.time(18)
    assert parse_time("7:05") == dt.time(7, 5) and parse_time("kveld") is None


def test_a_reminder_claimed_by_someone_else_is_not_stored_again(people: Core) -> None:
    """Two windows on one shared database: whoever stores it first wins; no second mailing."""
    event_id = people.events.create(MEETING)
    people.events.set_status(event_id, contact_id(people, "Kari"), ParticipantStatus.INVITED)
    now = dt.datetime(2030, 3, 4, 20, 0).astimezone()
    with people.sessions.begin() as session:  # the other window got there between look and store
        session.get_one(Event, event_id).reminded_for = START
    with people.sessions() as session:
        before = len(session.scalars(select(Mailing.id)).all())
    assert people.event_mail.create_reminders(SENDER, now) == []
    with people.sessions() as session:
        assert len(session.scalars(select(Mailing.id)).all()) == before


def test_follow_up_to_those_who_came_or_said_yes_and_did_not(
    people: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = invite_all(people, smtp_server)
    ids = {name: contact_id(people, name) for name in ("Kari", "Ola", "Åse", "Per")}
    people.events.set_status(event_id, ids["Kari"], ParticipantStatus.ATTENDED)
    people.events.set_status(event_id, ids["Ola"], ParticipantStatus.ACCEPTED)
    people.events.set_status(event_id, ids["Åse"], ParticipantStatus.DECLINED)
    came = people.event_mail.follow_up_plan(event_id, attended=True)
    assert [r.primary_email for r in came.recipients] == ["kari@example.no"]
    no_show = people.event_mail.follow_up_plan(event_id, attended=False)
    assert [r.primary_email for r in no_show.recipients] == ["ola@example.no"]
    smtp_server.received.clear()
    mailing_id = people.event_mail.follow_up(
        event_id, MailDraft("Takk for sist", "Hei {fornavn}! Her er lysarkene."), SENDER, True
    )
    send(people, mailing_id, smtp_server)
    assert [r for r, _ in smtp_server.received] == ["kari@example.no"]
    with people.sessions() as session:
        assert session.get_one(Mailing, mailing_id).event_id == event_id
