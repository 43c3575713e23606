"""Events: create, change and delete one, invite a scope (a meeting request), track who came.

Invitations go through the mailing sender as iMIP meeting requests (the
sender the ORGANIZER, each recipient the ATTENDEE of their own message, see
:mod:`kontakt.io.ical`); the invited become participants with status
«invitert». Changes, cancellations, reminders and follow-ups are in
:mod:`kontakt.services.outreach.event_mail`. After a digital event, the Teams or Zoom attendance
report marks those who came, matched by e-mail address, else by full name.

Deleting an event takes its participant list (and the answers on it) along;
what happened stays in the contacts' histories, whose entries carry their own
text («Invitasjon: …» as the e-mail was sent, «Deltok: …»), and the
invitation mailing stays among the mailings.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.text import clean, clean_multiline
from kontakt.errors import ConflictError, NotFoundError, ValidationError
from kontakt.io.ical import CalendarEvent, Method, Person, event_ics, meeting_ics
from kontakt.io.importers.attendance import Attendee, read_attendance
from kontakt.services.outreach.attendee_matching import match_attendees
from kontakt.services.outreach.mailing import MailingPlan, MailingService, RecipientStatus
from kontakt.services.outreach.message import MailDraft, Sender, meeting_attachment
from kontakt.storage.base import utcnow
from kontakt.storage.models import Contact, Interaction
from kontakt.storage.outreach_models import Event, EventParticipant, Mailing, MailingRecipient


class ParticipantStatus(StrEnum):
    """A participant's state (Norwegian words are shown; these are stored)."""

    INVITED = "invited"
    ACCEPTED = "accepted"
    TENTATIVE = "tentative"  # «Kanskje»: a calendar's answer; still counted as coming
    DECLINED = "declined"
    ATTENDED = "attended"


STATUS_LABELS = {
    ParticipantStatus.INVITED: "Invitert",
    ParticipantStatus.ACCEPTED: "Takket ja",
    ParticipantStatus.TENTATIVE: "Kanskje",
    ParticipantStatus.DECLINED: "Takket nei",
    ParticipantStatus.ATTENDED: "Deltok",
}


@dataclass(frozen=True, slots=True)
class EventData:
    """What the secretary fills in."""

    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    link: str = ""
    place: str = ""
    description: str = ""

    def cleaned(self) -> EventData:
        """The details as they are stored: one-line texts cleaned, the description's lines kept."""
        return replace(
            self,
            title=clean(self.title),
            link=clean(self.link),
            place=clean(self.place),
            description=clean_multiline(self.description).strip(),
        )

    def check(self) -> None:
        """Raises ValidationError for a missing title or an end before the start."""
        if not self.title.strip():
            raise ValidationError("Arrangementet må ha en tittel.", "title")
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ValidationError("Tidspunktene må ha tidssone.", "starts_at")
        if self.ends_at <= self.starts_at:
            raise ValidationError("Slutten må være etter starten.", "ends_at")


@dataclass(frozen=True, slots=True)
class EventSummary:
    """An event and how many are in each state."""

    id: int
    uid: str
    data: EventData
    counts: dict[ParticipantStatus, int]
    sequence: int = 0  # the calendar entry's revision

    def count(self, status: ParticipantStatus) -> int:
        """Participants in one state."""
        return self.counts.get(status, 0)


@dataclass(frozen=True, slots=True)
class EventTraces:
    """What an event has left behind, to say what deleting it takes and what it keeps."""

    participants: int  # on the participant list; deleted with the event, answers and all
    invited: int  # people an invitation was sent to; the mailing and their history stay
    attended: int  # people with «Deltok: …» in their history; the entries stay


@dataclass
class AttendanceResult:
    """What an attendance report did."""

    marked: list[str] = field(default_factory=list)  # names of contacts marked as attended
    unmatched: list[Attendee] = field(default_factory=list)  # nobody in Kontakt matches


class EventService:
    """Events and their participants.

    Args:
        sessions: Session factory.
        mailings: Sends the invitations.
    """

    def __init__(self, sessions: sessionmaker[Session], mailings: MailingService) -> None:
        self._sessions = sessions
        self._mailings = mailings

    def create(self, data: EventData) -> int:
        """Store a new event; returns its number."""
        data = data.cleaned()
        data.check()
        with self._sessions.begin() as session:
            event = Event(
                uid=str(uuid.uuid4()),
                title=data.title,
                starts_at=data.starts_at,
                ends_at=data.ends_at,
                link=data.link,
                place=data.place,
                description=data.description,
            )
            session.add(event)
            session.flush()
            return event.id

    def update(self, event_id: int, data: EventData, read: EventData | None = None) -> None:
        """Store changed details of an event.

        Invitations already sent are not re-sent: the caller tells the user
        (:meth:`traces` counts them). «Deltok: …» history entries follow a
        new title, since Kontakt wrote them about this event; the e-mails'
        subjects stay as they were sent.

        With ``read``, the event as the user opened it, a change someone else
        saved meanwhile (a shared database) is refused, never overwritten.

        Raises:
            ValidationError: As :meth:`create`; nothing is changed.
            NotFoundError: The event does not exist (deleted meanwhile).
            ConflictError: The stored event differs from ``read``; nothing is changed.
        """
        data = data.cleaned()
        data.check()
        with self._sessions.begin() as session:
            event = self._event(session, event_id)
            if read is not None:
                _refuse_if_changed(event, read)
            title = data.title
            # Kontakt's own «Deltok» entries follow the event's title and time.
            follow: dict[str, object] = {}
            if data.starts_at != event.starts_at:
                follow["at"] = _attended_at(data.starts_at)
            if title != event.title:
                follow["subject"] = _attended_subject(title)
            if follow:
                session.execute(
                    update(Interaction)
                    .where(
                        Interaction.event_id == event_id,
                        Interaction.subject == _attended_subject(event.title),
                    )
                    .values(**follow)
                )
            before = _calendar_fields(event)
            event.title = title
            event.starts_at = data.starts_at
            event.ends_at = data.ends_at
            event.link = data.link
            event.place = data.place
            event.description = data.description
            if _calendar_fields(event) != before:
                event.sequence += 1  # a calendar entry sent earlier is replaced

    def delete(self, event_id: int) -> str:
        """Delete an event and its participant list; returns its title.

        The contacts' history entries about it stay (their text names the
        event; an empty note gets the event's time, since the event itself is
        gone), and so does the invitation mailing, no longer tied to an event.

        Raises:
            NotFoundError: The event does not exist.
        """
        with self._sessions.begin() as session:
            return self.delete_in(session, event_id)

    def delete_in(self, session: Session, event_id: int) -> str:
        """:meth:`delete` in the caller's transaction (a cancellation stored with it)."""
        event = self._event(session, event_id)
        title = event.title
        when = event.starts_at.astimezone().strftime("%d.%m.%Y kl. %H.%M")
        session.execute(
            update(Interaction)
            .where(Interaction.event_id == event_id, Interaction.note == "")
            .values(note=f"Arrangementet {when} er slettet fra Kontakt.")
        )
        # The foreign keys do this too; said here so no backend's settings matter.
        session.execute(
            update(Interaction).where(Interaction.event_id == event_id).values(event_id=None)
        )
        session.execute(update(Mailing).where(Mailing.event_id == event_id).values(event_id=None))
        session.execute(delete(EventParticipant).where(EventParticipant.event_id == event_id))
        session.delete(event)
        return title

    def traces(self, event_id: int) -> EventTraces:
        """What the event has left behind (participants, invitations sent, attendance)."""
        with self._sessions() as session:
            self._event(session, event_id)
            participants = session.scalar(
                select(func.count()).where(EventParticipant.event_id == event_id)
            )
            invited = session.scalar(
                select(func.count(func.distinct(MailingRecipient.contact_id)))
                .join(Mailing, Mailing.id == MailingRecipient.mailing_id)
                .where(
                    Mailing.event_id == event_id,
                    MailingRecipient.status == RecipientStatus.SENT.value,
                )
            )
            attended = session.scalar(
                select(func.count(func.distinct(Interaction.contact_id))).where(
                    Interaction.event_id == event_id
                )
            )
            return EventTraces(participants or 0, invited or 0, attended or 0)

    def _event(self, session: Session, event_id: int) -> Event:
        event = session.get(Event, event_id)
        if event is None:
            raise NotFoundError(f"Fant ikke arrangement nr. {event_id}.")
        return event

    def summary(self, event_id: int) -> EventSummary:
        """An event and its participant counts."""
        with self._sessions() as session:
            event = self._event(session, event_id)
            counts = session.execute(
                select(EventParticipant.status, func.count())
                .where(EventParticipant.event_id == event_id)
                .group_by(EventParticipant.status)
            ).all()
            return EventSummary(
                event.id,
                event.uid,
                _data(event),
                {ParticipantStatus(s): int(n) for s, n in counts},
                event.sequence,
            )

    def events(self, year: int | None = None) -> list[EventSummary]:
        """Events (of one year), earliest first."""
        query = select(Event.id).order_by(Event.starts_at)
        if year is not None:  # the year as the secretary's clock has it, not UTC's
            start = dt.datetime(year, 1, 1).astimezone()
            end = dt.datetime(year + 1, 1, 1).astimezone()
            query = query.where(Event.starts_at >= start, Event.starts_at < end)
        with self._sessions() as session:
            ids = list(session.scalars(query))
        return [self.summary(i) for i in ids]

    def ics(self, event_id: int) -> bytes:
        """The event as an .ics calendar file to add (PUBLISH: «Last ned kalenderfil»)."""
        return event_ics(calendar_event(self.summary(event_id)))

    def meeting(
        self, event_id: int, organizer: Sender, method: Method = Method.REQUEST, raise_by: int = 0
    ) -> bytes:
        """The event as a meeting request (or cancellation) from ``organizer``, no attendee yet.

        ``raise_by`` is added to the SEQUENCE (a cancellation outranks the last request).
        """
        summary = self.summary(event_id)
        event = calendar_event(summary)
        event = replace(event, sequence=event.sequence + raise_by)
        sender = organizer.cleaned()
        return meeting_ics(event, Person(sender.name, sender.address), method)

    def invite(self, event_id: int, draft: MailDraft, sender: Sender, plan: MailingPlan) -> int:
        """Store the invitation mailing (a meeting request each) and mark the recipients invited.

        Returns the mailing's number; send it with ``MailingService.send_steps``.
        """
        ics = meeting_attachment(self.meeting(event_id, sender), Method.REQUEST.value)
        with_ics = MailDraft(draft.subject, draft.body, draft.html, (*draft.attachments, ics))
        title = self.summary(event_id).data.title
        mailing_id = self._mailings.create(
            with_ics, sender, plan, f"Invitasjon: {title}", event_id=event_id
        )
        with self._sessions.begin() as session:
            known = set(
                session.scalars(
                    select(EventParticipant.contact_id).where(EventParticipant.event_id == event_id)
                )
            )
            for row in plan.recipients:
                if row.id not in known:
                    session.add(
                        EventParticipant(
                            event_id=event_id,
                            contact_id=row.id,
                            status=ParticipantStatus.INVITED.value,
                        )
                    )
        return mailing_id

    def set_status(self, event_id: int, contact_id: int, status: ParticipantStatus) -> None:
        """Record a participant's answer or attendance (adds them if not invited)."""
        with self._sessions.begin() as session:
            self._set(session, event_id, contact_id, status)

    def _set(
        self, session: Session, event_id: int, contact_id: int, status: ParticipantStatus
    ) -> None:
        participant = session.scalar(
            select(EventParticipant).where(
                EventParticipant.event_id == event_id, EventParticipant.contact_id == contact_id
            )
        )
        if participant is None:
            participant = EventParticipant(event_id=event_id, contact_id=contact_id, status="")
            session.add(participant)
        if participant.status == status.value:
            return  # nothing changes, and the history gets no second entry
        participant.status = status.value
        participant.updated_at = utcnow()
        if status == ParticipantStatus.ATTENDED:
            event = self._event(session, event_id)
            session.add(
                Interaction(
                    contact_id=contact_id,
                    at=_attended_at(event.starts_at),  # when they came, not when marked
                    channel="arrangement",
                    subject=_attended_subject(event.title),
                    note="",
                    event_id=event_id,
                )
            )

    def participants(self, event_id: int) -> list[tuple[int, str, ParticipantStatus]]:
        """(contact id, name, status) of everyone invited or present, by name."""
        with self._sessions() as session:
            rows = session.execute(
                select(Contact.id, Contact.given_name, Contact.family_name, EventParticipant.status)
                .join(EventParticipant, EventParticipant.contact_id == Contact.id)
                .where(EventParticipant.event_id == event_id, Contact.deleted_at.is_(None))
                .order_by(Contact.sort_key)
            ).all()
            return [
                (cid, " ".join(p for p in (g, f) if p), ParticipantStatus(s))
                for cid, g, f, s in rows
            ]

    def import_attendance(self, event_id: int, path: Path) -> AttendanceResult:
        """Mark as attended everyone in a Teams/Zoom report that matches a contact.

        Raises:
            ImportRefused: The report cannot be read.
        """
        attendees = read_attendance(path)
        result = AttendanceResult()
        with self._sessions.begin() as session:
            self._event(session, event_id)
            already = {
                cid
                for cid, status in session.execute(
                    select(EventParticipant.contact_id, EventParticipant.status).where(
                        EventParticipant.event_id == event_id
                    )
                )
                if status == ParticipantStatus.ATTENDED.value
            }
            for person, contact in match_attendees(session, attendees):
                if contact is None:
                    result.unmatched.append(person)
                    continue
                cid, name = contact
                if cid not in already:
                    self._set(session, event_id, cid, ParticipantStatus.ATTENDED)
                    already.add(cid)
                    result.marked.append(name)
        return result


def calendar_event(summary: EventSummary) -> CalendarEvent:
    """What a calendar entry shows of a stored event."""
    d = summary.data
    return CalendarEvent(
        summary.uid, d.title, d.starts_at, d.ends_at, d.link, d.place, d.description,
        summary.sequence,
    )  # fmt: skip


def _attended_at(starts_at: dt.datetime) -> dt.datetime:
    """When a «Deltok» entry happened: the event's start (now, if marked before it)."""
    return min(starts_at, utcnow())


def _data(event: Event) -> EventData:
    """The secretary's fields of a stored event."""
    return EventData(
        event.title, event.starts_at, event.ends_at, event.link, event.place, event.description
    )


# EventData's fields as the form names them, for a conflict message.
FIELD_NAMES = {
    "title": "tittel",
    "starts_at": "starter",
    "ends_at": "slutter",
    "link": "lenke",
    "place": "sted",
    "description": "beskrivelse",
}


def _refuse_if_changed(event: Event, read: EventData) -> None:
    """Raise ConflictError if the stored event is no longer what the user read."""
    stored = _data(event)
    changed = tuple(name for name in FIELD_NAMES if getattr(stored, name) != getattr(read, name))
    if changed:
        raise ConflictError(
            f"Noen andre har endret arrangementet «{event.title}» siden du åpnet det "
            f"({', '.join(FIELD_NAMES[n] for n in changed)}). Endringene dine er ikke lagret: "
            "lukk skjemaet og åpne arrangementet igjen.",
            event.uid,
            changed,
        )


def _calendar_fields(event: Event) -> tuple[object, ...]:
    """What a calendar entry shows of an event."""
    return (event.title, event.starts_at, event.ends_at, event.link, event.place, event.description)


def _attended_subject(title: str) -> str:
    """The history entry's subject for someone who came."""
    return f"Deltok: {title}"[:300]
