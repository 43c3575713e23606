"""iMIP answers (RFC 6047): a calendar program's «Godta» / «Avslå» / «Kanskje» as a METHOD:REPLY.

Read with icalendar. Only METHOD:REPLY counts: a REQUEST or PUBLISH someone
forwards is an invitation, not an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from icalendar import Calendar

__all__ = ["CalendarAnswer", "calendar_answers"]

_PARTSTAT = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}


@dataclass(frozen=True, slots=True)
class CalendarAnswer:
    """One attendee's answer to one event.

    Attributes:
        uid: The event's UID as the invitation gave it.
        address: The attendee's address, lower case.
        answer: accepted, declined or tentative.
    """

    uid: str
    address: str
    answer: str


def calendar_answers(texts: list[str]) -> list[CalendarAnswer]:
    """The answers in a message's text/calendar parts; unreadable parts are skipped."""
    found: list[CalendarAnswer] = []
    for text in texts:
        try:
            cal = Calendar.from_ical(text)
        except Exception:  # icalendar raises ValueError and others on broken input
            continue
        if str(cal.get("METHOD", "")).upper() != "REPLY":
            continue
        for event in cal.walk("VEVENT"):
            uid = str(event.get("UID", "")).strip()
            attendees = event.get("ATTENDEE")
            if attendees is None:
                continue
            for attendee in attendees if isinstance(attendees, list) else [attendees]:
                partstat = str(attendee.params.get("PARTSTAT", "")).upper()
                address = str(attendee).strip()
                if address.lower().startswith("mailto:"):
                    address = address[7:]
                if partstat in _PARTSTAT and "@" in address:
                    found.append(CalendarAnswer(uid, address.lower(), _PARTSTAT[partstat]))
    return found
