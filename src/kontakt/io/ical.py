"""iCalendar (.ics) for event invitations, made with vobject.

METHOD:PUBLISH: calendar programs (Outlook, Google Calendar, Apple Calendar,
Thunderbird) offer to add the event; nobody is asked to reply through the
calendar (answers come back to the secretary by e-mail or are set in Kontakt).
An event's UID stays the same and its SEQUENCE rises with each change, so an
invitation sent again after a change replaces the entry already added.

vobject writes control characters as they are, and a NEL or LINE SEPARATOR
in a title would start a new line (and so perhaps a new event) for a reader
that splits lines as Python's ``splitlines`` does: every text value is made
one line (or, the description, lines joined by "\n", which vobject escapes)
without control characters first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import vobject
from dateutil import tz

from kontakt import __version__
from kontakt.domain.control_chars import multi_line, one_line


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


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(tz.UTC)


def event_ics(event: CalendarEvent, stamp: dt.datetime | None = None) -> bytes:
    """The event as an .ics file (UTF-8, CRLF line ends, folded lines)."""
    cal = vobject.iCalendar()
    cal.add("prodid").value = f"-//Kontakt//Kontakt {__version__}//NO"
    cal.add("method").value = "PUBLISH"
    ev = cal.add("vevent")
    ev.add("uid").value = f"{one_line(event.uid)}@kontakt"
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
    text: str = cal.serialize()
    return text.encode("utf-8")
