"""iCalendar (.ics) for event invitations, made with vobject.

METHOD:PUBLISH: calendar programs (Outlook, Google Calendar, Apple Calendar,
Thunderbird) offer to add the event; nobody is asked to reply through the
calendar (answers come back to the secretary by e-mail or are set in Kontakt).
An event's UID stays the same and its SEQUENCE rises with each change, so an
invitation sent again after a change replaces the entry already added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import vobject
from dateutil import tz

from kontakt import __version__


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
    ev.add("uid").value = f"{event.uid}@kontakt"
    ev.add("dtstamp").value = _utc(stamp or dt.datetime.now(dt.UTC))
    ev.add("sequence").value = str(event.sequence)
    ev.add("dtstart").value = _utc(event.starts_at)  # type: ignore[assignment]  # the stubs say str
    ev.add("dtend").value = _utc(event.ends_at)  # type: ignore[assignment]
    ev.add("summary").value = event.title
    description = event.description
    if event.link:
        description = f"{description}\n\nLenke: {event.link}".strip()
        ev.add("url").value = event.link
    if description:
        ev.add("description").value = description
    place = event.place or ("Digitalt" if event.link else "")
    if place:
        ev.add("location").value = place
    text: str = cal.serialize()
    return text.encode("utf-8")
