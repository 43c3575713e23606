"""iCalendar (.ics) for events, made with vobject: a file to add, or a meeting request.

Two kinds:

* ``METHOD:PUBLISH`` (:func:`event_ics`): the «Last ned kalenderfil» file; a
  calendar program offers to add the event, nobody is asked to answer.
* iMIP meeting messages (RFC 6047, :func:`meeting_ics` and
  :func:`for_attendee`): ``METHOD:REQUEST`` with the sender as ORGANIZER and
  the one recipient of each message as ATTENDEE (RSVP=TRUE), so Outlook,
  Gmail, Apple Calendar and Thunderbird show «Ja / Kanskje / Nei» and send a
  ``METHOD:REPLY`` back; ``METHOD:CANCEL`` (STATUS:CANCELLED) when the event
  is called off. A request carries a display alarm an hour before.

An event's UID stays the same and its SEQUENCE rises with each change, so an
invitation sent again after a change replaces the entry already in a calendar
(RFC 5545, 3.8.7.4); a cancellation carries one more than the last request.

vobject writes control characters as they are, and a NEL or LINE SEPARATOR
in a title would start a new line (and so perhaps a new event) for a reader
that splits lines as Python's ``splitlines`` does: every text value is made
one line (or, the description, lines joined by "\\n", which vobject escapes)
without control characters first. A parameter value (the CN of a name) may
not hold a double quote at all (RFC 5545, 3.1): those become single quotes;
a backslash becomes a slash (some readers take it for an escape).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import vobject
from dateutil import tz

from kontakt import __version__
from kontakt.domain.control_chars import multi_line, one_line

ALARM_BEFORE = dt.timedelta(hours=1)  # the calendar's own reminder on a meeting request


class Method(StrEnum):
    """The iTIP method of a calendar object (RFC 5546)."""

    PUBLISH = "PUBLISH"
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """What a calendar entry needs (times are aware datetimes)."""

    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    link: str = ""
    place: str = ""
    description: str = ""
    sequence: int = 0  # raised by each change, so calendars replace the entry


@dataclass(frozen=True, slots=True)
class Person:
    """An organiser or attendee: a name and an e-mail address."""

    name: str
    address: str


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(tz.UTC)


def _param(text: str) -> str:
    """A text fit for a parameter value: one line, no double quotes, no backslashes.

    A backslash is plain text in a parameter (RFC 5545), but readers such as
    icalendar take «CN=\\:mailto:…» as an escaped colon and lose the address:
    it becomes a slash (a name with one is a typing slip anyway).
    """
    return one_line(text).replace('"', "'").replace("\\", "/").strip()


def _calendar(
    event: CalendarEvent, method: Method, stamp: dt.datetime | None
) -> tuple[vobject.base.Component, vobject.base.Component]:
    cal = vobject.iCalendar()
    cal.add("prodid").value = f"-//Kontakt//Kontakt {__version__}//NO"
    cal.add("method").value = method.value
    ev = cal.add("vevent")
    ev.add("uid").value = event_uid(event.uid)
    ev.add("dtstamp").value = _utc(stamp or dt.datetime.now(dt.UTC))
    ev.add("sequence").value = str(event.sequence)
    ev.add("dtstart").value = _utc(event.starts_at)  # type: ignore[assignment]  # the stubs say str
    ev.add("dtend").value = _utc(event.ends_at)  # type: ignore[assignment]
    ev.add("summary").value = one_line(event.title)
    link = one_line(event.link).strip()
    description = multi_line(event.description)
    if link:
        description = f"{description}\n\nLenke: {link}".strip()
        ev.add("url").value = link
    if description:
        ev.add("description").value = description
    place = one_line(event.place) or ("Digitalt" if link else "")
    if place:
        ev.add("location").value = place
    return cal, ev


def event_uid(uid: str) -> str:
    """The calendar UID of the event with Kontakt's ``uid`` (a reply names it)."""
    return f"{one_line(uid)}@kontakt"


def _serialize(cal: vobject.base.Component) -> bytes:
    text: str = cal.serialize()
    return text.encode("utf-8")


def event_ics(event: CalendarEvent, stamp: dt.datetime | None = None) -> bytes:
    """The event as an .ics file to add to a calendar (PUBLISH; UTF-8, CRLF, folded)."""
    cal, _ = _calendar(event, Method.PUBLISH, stamp)
    return _serialize(cal)


def meeting_ics(
    event: CalendarEvent,
    organizer: Person,
    method: Method = Method.REQUEST,
    stamp: dt.datetime | None = None,
) -> bytes:
    """A meeting request or cancellation without its attendee (see :func:`for_attendee`).

    Stored with a mailing, so that a resumed mailing sends the same request;
    each recipient's message gets a copy naming them as the attendee.
    """
    if method is Method.PUBLISH:
        raise ValueError("a meeting message is a REQUEST or a CANCEL")
    cal, ev = _calendar(event, method, stamp)
    org = ev.add("organizer")
    org.value = f"mailto:{one_line(organizer.address).strip()}"
    if _param(organizer.name):
        org.params["CN"] = [_param(organizer.name)]
    if method is Method.CANCEL:
        ev.add("status").value = "CANCELLED"
    else:
        ev.add("status").value = "CONFIRMED"
        alarm = ev.add("valarm")
        alarm.add("action").value = "DISPLAY"
        alarm.add("description").value = one_line(event.title) or "Påminnelse"
        alarm.add("trigger").value = -ALARM_BEFORE
    return _serialize(cal)


def method_of(ics: bytes) -> Method | None:
    """The METHOD of Kontakt's own calendar data (None if it has none it knows)."""
    for line in ics.splitlines():
        if line.upper().startswith(b"METHOD:"):
            try:
                return Method(line[7:].strip().decode("ascii").upper())
            except (UnicodeDecodeError, ValueError):
                return None
    return None


def for_attendee(ics: bytes, attendee: Person) -> bytes:
    """The meeting message ``ics`` (from :func:`meeting_ics`) naming one attendee.

    A request asks for an answer (ROLE=REQ-PARTICIPANT, PARTSTAT=NEEDS-ACTION,
    RSVP=TRUE); a cancellation names whom it cancels for.

    Raises:
        ValueError: ``ics`` is not calendar data vobject can read (stored
            damaged): that one message cannot be built.
    """
    try:
        cal = vobject.readOne(ics.decode("utf-8"))
    except (UnicodeDecodeError, vobject.base.VObjectError) as exc:
        raise ValueError(f"kalenderdataene kan ikke leses: {exc}") from exc
    request = method_of(ics) is Method.REQUEST
    for ev in cal.vevent_list:
        att = ev.add("attendee")
        att.value = f"mailto:{one_line(attendee.address).strip()}"
        if _param(attendee.name):
            att.params["CN"] = [_param(attendee.name)]
        att.params["ROLE"] = ["REQ-PARTICIPANT"]
        if request:
            att.params["PARTSTAT"] = ["NEEDS-ACTION"]
            att.params["RSVP"] = ["TRUE"]
    return _serialize(cal)
