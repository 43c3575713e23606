"""The mail an event sends after its invitation: changes, cancellation, reminder, follow-up.

Each is an ordinary mailing (stored first with every recipient, then paced,
resumable, never sent twice to anyone: :mod:`kontakt.services.outreach.mailing`),
tied to the event, to a recipient list built from the participants' answers:

* a **change** sends the meeting request again with the event's raised
  SEQUENCE, and a **cancellation** sends ``METHOD:CANCEL`` and deletes the
  event in the same transaction, to those invited who have not declined;
* the **reminder** goes the day before, from a time of day the database keeps
  (:data:`~kontakt.domain.preferences.EVENT_REMINDER_TIME`, 18:00), to those
  invited who have not declined. The event records the start it was sent
  for, in the transaction that stores the reminder's mailing and only if no
  one else has claimed it, so two windows and a script never send it twice;
  an event moved to another day gets a new one;
* the **follow-up** after the event goes to those who came, or to those who
  said yes and did not come.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.preferences import EVENT_REMINDER_TIME
from kontakt.errors import KontaktError, ValidationError
from kontakt.io.ical import Method
from kontakt.services.outreach import event_letters
from kontakt.services.outreach.events import EventService, ParticipantStatus
from kontakt.services.outreach.mailing import MailingPlan, MailingService, plan_recipients
from kontakt.services.outreach.message import (
    Attachment,
    MailDraft,
    Sender,
    meeting_attachment,
)
from kontakt.services.search import SearchService
from kontakt.services.settings import SettingsService
from kontakt.storage.models import Contact
from kontakt.storage.outreach_models import Event, EventParticipant

# Those «invited who have not declined»: still asked, or said yes.
NOT_DECLINED = (ParticipantStatus.INVITED, ParticipantStatus.ACCEPTED, ParticipantStatus.TENTATIVE)
"""Those a reminder, a change or a cancellation goes to: «Kanskje» has not declined."""
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


class _Claimed(Exception):
    """Someone else stored this event's reminder first: the mailing is rolled back."""


def parse_time(text: str) -> dt.time | None:
    """«18:00» or «18.00» as a time of day; None for anything else."""
    match = _TIME.match(text)
    return dt.time(int(match[1]), int(match[2])) if match else None


def reminder_moment(starts_at: dt.datetime, at: dt.time) -> dt.datetime:
    """When the reminder of an event starting ``starts_at`` is due: ``at`` the day before,
    in local time."""
    day_before = starts_at.astimezone().date() - dt.timedelta(days=1)
    return dt.datetime.combine(day_before, at).astimezone()


class EventMail:
    """Changes, cancellations, reminders and follow-ups of events, as mailings.

    Args:
        sessions: Session factory.
        events: The events and their participants.
        mailings: Stores the mailings (the outbox sends them).
        search: The contacts as rows (names and addresses as they are now).
        settings: The database's preferences (the reminder's time).
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        events: EventService,
        mailings: MailingService,
        search: SearchService,
        settings: SettingsService,
    ) -> None:
        self._sessions = sessions
        self._events = events
        self._mailings = mailings
        self._search = search
        self._settings = settings

    # -- who -----------------------------------------------------------------------

    def audience(self, event_id: int, statuses: Iterable[ParticipantStatus]) -> MailingPlan:
        """The participants in these states as recipients (the reserved and those
        without an address left out, with the reason; the trashed not at all)."""
        wanted = [s.value for s in statuses]
        with self._sessions() as session:
            self._events.summary(event_id)  # an unknown event fails here, clearly
            uids = list(
                session.scalars(
                    select(Contact.uid)
                    .join(EventParticipant, EventParticipant.contact_id == Contact.id)
                    .where(
                        EventParticipant.event_id == event_id,
                        EventParticipant.status.in_(wanted),
                        Contact.deleted_at.is_(None),
                    )
                    .order_by(Contact.sort_key)
                )
            )
        rows = [r for r in self._search.rows_by_uid(uids) if r.deleted_at is None]
        return plan_recipients(rows)

    def follow_up_plan(self, event_id: int, attended: bool) -> MailingPlan:
        """«Send til de som deltok» (``attended``) or «… som meldte seg på men ikke kom»:
        those marked as having come, or those who said yes and were not marked."""
        status = ParticipantStatus.ATTENDED if attended else ParticipantStatus.ACCEPTED
        return self.audience(event_id, (status,))

    # -- what ----------------------------------------------------------------------

    def follow_up(self, event_id: int, draft: MailDraft, sender: Sender, attended: bool) -> int:
        """Store a follow-up mailing to those who came (or said yes and did not);
        returns its number.

        Raises:
            KontaktError: Nobody in that group (or as :meth:`MailingService.create`).
        """
        return self.follow_up_to(
            event_id, draft, sender, self.follow_up_plan(event_id, attended), attended
        )

    def follow_up_to(
        self, event_id: int, draft: MailDraft, sender: Sender, plan: MailingPlan, attended: bool
    ) -> int:
        """:meth:`follow_up` to the recipients chosen (in the window's composer, which
        starts from :meth:`follow_up_plan`)."""
        title = self._events.summary(event_id).data.title
        who = "deltok" if attended else "meldte seg på, men ikke kom"
        if not plan.recipients:
            raise KontaktError(f"Ingen å sende til: ingen som {who} på «{title}» har e-post.")
        return self._mailings.create(
            draft, sender, plan, f"Oppfølging: {who} på «{title}»", event_id=event_id
        )

    def send_changes(self, event_id: int, sender: Sender, draft: MailDraft | None = None) -> int:
        """Store the changed event's meeting request (its raised SEQUENCE replaces the
        calendar entry) for those invited who have not declined; returns the mailing's number.

        Raises:
            KontaktError: Nobody invited who has not declined.
        """
        summary = self._events.summary(event_id)
        draft = draft or MailDraft(*event_letters.changed(summary.data))
        ics = meeting_attachment(self._events.meeting(event_id, sender), Method.REQUEST.value)
        plan = self._plan_or_refuse(event_id, summary.data.title)
        return self._mailings.create(
            _with(draft, ics), sender, plan, f"Endret: {summary.data.title}", event_id=event_id
        )

    def cancel(
        self, event_id: int, sender: Sender, draft: MailDraft | None = None
    ) -> tuple[str, int | None]:
        """Call the event off: store the cancellation (METHOD:CANCEL) for those invited
        who have not declined, and delete the event in the same transaction.

        Returns:
            The event's title and the cancellation mailing's number (None when there
            was nobody to tell; the event is deleted all the same).
        """
        summary = self._events.summary(event_id)
        plan = self.audience(event_id, NOT_DECLINED)
        if not plan.recipients:
            return self._events.delete(event_id), None
        draft = draft or MailDraft(*event_letters.cancelled(summary.data))
        return summary.data.title, self.cancel_to(event_id, draft, sender, plan)

    def cancel_to(self, event_id: int, draft: MailDraft, sender: Sender, plan: MailingPlan) -> int:
        """:meth:`cancel` to the recipients chosen (the window's composer starts from
        :meth:`audience`); returns the mailing's number. The event is deleted with it."""
        title = self._events.summary(event_id).data.title
        ics = self._events.meeting(event_id, sender, Method.CANCEL, raise_by=1)
        return self._mailings.create(
            _with(draft, meeting_attachment(ics, Method.CANCEL.value, "avlysning.ics")),
            sender,
            plan,
            f"Avlyst: {title}",
            event_id=None,  # the event goes; the mailing stays among the mailings
            on_stored=lambda session, _id: self._delete(session, event_id),
        )

    # -- reminders -----------------------------------------------------------------

    def reminder_time(self) -> dt.time:
        """The time of day the day-before reminders go from (18:00 unless set)."""
        stored = self._settings.get(EVENT_REMINDER_TIME)
        return parse_time(stored) or parse_time(EVENT_REMINDER_TIME.default) or dt.time(18)

    def set_reminder_time(self, text: str) -> None:
        """Store the reminders' time of day («18:00» or «18.00»).

        Raises:
            ValidationError: Not a time of day; nothing is stored.
        """
        at = parse_time(text)
        if at is None:
            raise ValidationError(
                f"«{text}» er ikke et klokkeslett (skriv TT:MM, for eksempel 18:00).", "time"
            )
        self._settings.set(EVENT_REMINDER_TIME, f"{at:%H:%M}")

    def due_reminders(self, now: dt.datetime | None = None) -> list[int]:
        """Events whose reminder is due and not yet sent for their start, earliest first."""
        now = now or dt.datetime.now(dt.UTC)
        at = self.reminder_time()
        with self._sessions() as session:
            rows = session.execute(
                select(Event.id, Event.starts_at, Event.reminded_for)
                .where(Event.starts_at > now, Event.starts_at <= now + dt.timedelta(days=2))
                .order_by(Event.starts_at)
            ).all()
        return [
            event_id
            for event_id, starts_at, reminded_for in rows
            if reminded_for != starts_at and reminder_moment(starts_at, at) <= now
        ]

    def create_reminders(self, sender: Sender, now: dt.datetime | None = None) -> list[int]:
        """Store the reminder mailing of every event whose reminder is due; returns their
        numbers (send each with the outbox). An event nobody is to be reminded of is
        looked at again next time (someone may be invited meanwhile)."""
        now = now or dt.datetime.now(dt.UTC)
        created = []
        for event_id in self.due_reminders(now):
            summary = self._events.summary(event_id)
            plan = self.audience(event_id, NOT_DECLINED)
            if not plan.recipients:
                continue
            starts_at = summary.data.starts_at
            try:
                mailing_id = self._mailings.create(
                    MailDraft(*event_letters.reminder(summary.data, now.astimezone().date())),
                    sender,
                    plan,
                    f"Påminnelse: {summary.data.title}",
                    event_id=event_id,
                    on_stored=_claimer(event_id, starts_at),
                )
            except _Claimed:
                continue  # another window or script stored it first
            created.append(mailing_id)
        return created

    def _delete(self, session: Session, event_id: int) -> None:
        self._events.delete_in(session, event_id)

    def _plan_or_refuse(self, event_id: int, title: str) -> MailingPlan:
        plan = self.audience(event_id, NOT_DECLINED)
        if not plan.recipients:
            raise KontaktError(
                f"Ingen å sende til: ingen invitert til «{title}» som ikke har takket nei, "
                "har e-post."
            )
        return plan


def _with(draft: MailDraft, calendar: Attachment) -> MailDraft:
    """The draft carrying the meeting message too."""
    return MailDraft(draft.subject, draft.body, draft.html, (*draft.attachments, calendar))


def _claimer(event_id: int, starts_at: dt.datetime) -> Callable[[Session, int], None]:
    """Marks, with the reminder's mailing, the reminder sent for this start."""
    return lambda session, _mailing_id: _claim(session, event_id, starts_at)


def _claim(session: Session, event_id: int, starts_at: dt.datetime) -> None:
    """Mark the reminder sent for this start, unless someone did (then raise _Claimed)."""
    result = session.execute(
        update(Event)
        .where(
            Event.id == event_id,
            Event.starts_at == starts_at,
            or_(Event.reminded_for.is_(None), Event.reminded_for != starts_at),
        )
        .values(reminded_for=starts_at)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise _Claimed
