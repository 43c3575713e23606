"""The letters Kontakt writes about an event: invitation, change, cancellation, reminder.

Each is a (subject, body) pair of mail templates with ``{fornavn}``: the
event's own texts go in literally (braces doubled, so a «{» in a title is no
merge field). Times are written as in a letter, in the computer's local zone
(Europe/Oslo for the network's users). The window's composer starts from the
invitation; the command line and the reminders send them as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
WHEN_FORMAT = "%d.%m.%Y %H:%M"


class EventDetails(Protocol):
    """What the letters use of an event (EventData has it)."""

    @property
    def title(self) -> str: ...
    @property
    def starts_at(self) -> dt.datetime: ...
    @property
    def ends_at(self) -> dt.datetime: ...
    @property
    def link(self) -> str: ...
    @property
    def place(self) -> str: ...
    @property
    def description(self) -> str: ...


def local(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in the computer's local zone."""
    return moment.astimezone()


def when_text(moment: dt.datetime) -> str:
    """«03.12.2026 19:00» in local time."""
    return local(moment).strftime(WHEN_FORMAT)


def _long_date(moment: dt.datetime) -> str:
    return f"{WEEKDAYS[moment.weekday()]} {moment.day}. {MONTHS[moment.month - 1]} {moment.year}"


def long_span_text(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """«torsdag 3. desember 2026 kl. 19.00–20.30», as written in a letter."""
    start, end = local(starts_at), local(ends_at)
    if start.date() == end.date():
        return f"{_long_date(start)} kl. {start:%H.%M}–{end:%H.%M}"
    return f"{_long_date(start)} kl. {start:%H.%M} til {_long_date(end)} kl. {end:%H.%M}"


def literal(text: str) -> str:
    """Text put into a mail template as is (braces doubled, so they are not merge fields)."""
    return text.replace("{", "{{").replace("}", "}}")


def _where(data: EventDetails) -> list[str]:
    lines = []
    if data.link.strip():
        lines.append(f"Lenke til møtet: {literal(data.link.strip())}")
    if data.place.strip():
        lines.append(f"Sted: {literal(data.place.strip())}")
    return lines


_SIGNED = ["", "Vennlig hilsen"]


def invitation(data: EventDetails) -> tuple[str, str]:
    """A Norwegian invitation (subject, body) with ``{fornavn}``."""
    when = long_span_text(data.starts_at, data.ends_at)
    subject = f"Invitasjon: {literal(data.title)} {when_text(data.starts_at)[:10]}"
    lines = ["Hei {fornavn}!", "", f"Velkommen til «{literal(data.title)}» {when}."]
    if data.description.strip():
        lines += ["", literal(data.description.strip())]
    lines.append("")
    lines += _where(data)
    lines += [
        "Kalenderinvitasjonen ligger ved (invitasjon.ics). Svar «Ja», «Kanskje» eller "
        "«Nei» i kalenderen din, eller svar på denne e-posten og si om du kommer.",
        *_SIGNED,
    ]
    return subject, "\n".join(lines)


def changed(data: EventDetails) -> tuple[str, str]:
    """The invitation sent again after the event changed (it replaces the calendar entry)."""
    when = long_span_text(data.starts_at, data.ends_at)
    subject = f"Endret: {literal(data.title)} {when_text(data.starts_at)[:10]}"
    lines = [
        "Hei {fornavn}!",
        "",
        f"«{literal(data.title)}» er endret. Det gjelder nå {when}.",
        "",
        *_where(data),
        "Den oppdaterte kalenderinvitasjonen ligger ved og erstatter den du fikk tidligere.",
        *_SIGNED,
    ]
    return subject, "\n".join(lines)


def cancelled(data: EventDetails) -> tuple[str, str]:
    """The event is called off (the calendar entry is removed)."""
    when = long_span_text(data.starts_at, data.ends_at)
    subject = f"Avlyst: {literal(data.title)} {when_text(data.starts_at)[:10]}"
    lines = [
        "Hei {fornavn}!",
        "",
        f"«{literal(data.title)}» {when} er dessverre avlyst.",
        "Kalenderen din fjerner avtalen når du åpner avlysningen som ligger ved.",
        *_SIGNED,
    ]
    return subject, "\n".join(lines)


def reminder(data: EventDetails, today: dt.date | None = None) -> tuple[str, str]:
    """The day-before reminder («i morgen»; «i dag» when it goes on the day itself)."""
    start = local(data.starts_at)
    today = today or dt.date.today()
    if start.date() == today:
        day = "i dag"
    elif start.date() == today + dt.timedelta(days=1):
        day = "i morgen"
    else:
        day = f"{start.day}. {MONTHS[start.month - 1]}"
    subject = f"Påminnelse: {literal(data.title)} {day} kl. {start:%H.%M}"
    lines = [
        "Hei {fornavn}!",
        "",
        f"Vi minner om «{literal(data.title)}» {long_span_text(data.starts_at, data.ends_at)}.",
        "",
        *_where(data),
        "Velkommen!",
        *_SIGNED,
    ]
    return subject, "\n".join(lines)
