"""One recipient's message with a meeting request: its parts, and what a damaged one does."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy

import icalendar
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kontakt.io.ical import CalendarEvent, Method, Person, for_attendee, meeting_ics
from kontakt.services.outreach.message import (
    Attachment,
    MailDraft,
    Sender,
    UnsendableMessage,
    build_message,
    meeting_attachment,
)

SENDER = Sender("SV helse", "nettverk@example.no")
START = dt.datetime(2030, 3, 5, 18, tzinfo=dt.UTC)
EVENT = CalendarEvent("u1", "Møte", START, START + dt.timedelta(hours=1))


def build(*attachments: Attachment, name: str = 'Per "P" Berg') -> bytes:
    draft = MailDraft("Invitasjon", "Hei {fornavn}!", "", attachments)
    msg = build_message(draft, SENDER, name, "per@example.no", {"fornavn": "Per"}, "<1@x>")
    return msg.as_bytes()


def test_an_old_mailings_calendar_file_stays_a_plain_attachment() -> None:
    """Mailings stored before meeting requests carried a PUBLISH file as text/calendar."""
    old = Attachment("invitasjon.ics", b"BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n",
                     "text/calendar")  # fmt: skip
    assert old.meeting_method == ""
    raw = build(old)
    assert b"method=" not in raw.lower() and b"multipart/alternative" not in raw


def test_a_name_with_quotes_is_a_valid_parameter() -> None:
    ics = for_attendee(
        meeting_ics(EVENT, Person("Kari", "k@x.no")), Person('Per "P" Berg', "p@x.no")
    )
    cal = icalendar.Calendar.from_ical(ics)
    (ev,) = cal.walk("VEVENT")
    assert ev["ATTENDEE"].params["CN"] == "Per 'P' Berg"


@pytest.mark.parametrize("method", [Method.REQUEST, Method.CANCEL])
def test_the_method_travels_in_the_part_and_the_calendar(method: Method) -> None:
    ics = meeting_ics(EVENT, Person("Kari", "k@x.no"), method)
    msg = message_from_bytes(build(meeting_attachment(ics, method.value)), policy=policy.default)
    (part,) = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == method.value
    assert icalendar.Calendar.from_ical(part.get_payload(decode=True))["METHOD"] == method.value
    (file,) = [p for p in msg.iter_attachments()]
    assert file.get_content_type() == "application/ics"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
@example("\\")  # «CN=\\:mailto:…» read as an escaped colon: the address was lost
@example('Kari "K" Nordmann')
def test_any_name_makes_one_organizer_and_one_attendee(name: str) -> None:
    ics = for_attendee(meeting_ics(EVENT, Person(name, "k@x.no")), Person(name, "p@x.no"))
    (ev,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(ev["ATTENDEE"]) == "mailto:p@x.no"
    assert str(ev["ORGANIZER"]) == "mailto:k@x.no"
    assert ics.count(b"\nATTENDEE") == 1


def test_a_damaged_stored_request_fails_that_recipient_with_a_reason() -> None:
    damaged = meeting_attachment(
        b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n\xff", "REQUEST"
    )
    with pytest.raises(UnsendableMessage, match="kalenderdataene kan ikke leses"):
        build(damaged)


def test_publish_is_no_meeting_message() -> None:
    with pytest.raises(ValueError):
        meeting_ics(EVENT, Person("Kari", "k@x.no"), Method.PUBLISH)
