"""A contact's history: mailings and idea-bank documents received, events, and notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.text import clean, clean_multiline
from kontakt.errors import NotFoundError, ValidationError
from kontakt.storage.models import Contact, Interaction

CHANNELS = {
    "e-post": "E-post",
    "arrangement": "Arrangement",
    "dokument": "Dokument",  # a document from the idea bank, sent by e-mail
    "telefon": "Telefon",
    "møte": "Møte",
    "annet": "Annet",
}
MANUAL_CHANNELS = ("telefon", "møte", "e-post", "annet")


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """One thing that happened with a contact."""

    id: int
    at: dt.datetime
    channel: str
    subject: str
    note: str
    mailing_id: int | None
    event_id: int | None

    @property
    def channel_label(self) -> str:
        """The channel in Norwegian."""
        return CHANNELS.get(self.channel, self.channel)


class HistoryService:
    """Reads and adds to contacts' histories."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def _contact_id(self, session: Session, uid: str) -> int:
        cid = session.scalar(select(Contact.id).where(Contact.uid == uid))
        if cid is None:
            raise NotFoundError(f"Fant ingen kontakt med id {uid}.")
        return cid

    def history(self, uid: str) -> list[HistoryItem]:
        """Everything that happened with the contact, newest first."""
        with self._sessions() as session:
            cid = self._contact_id(session, uid)
            rows = session.scalars(
                select(Interaction)
                .where(Interaction.contact_id == cid)
                .order_by(Interaction.at.desc(), Interaction.id.desc())
            )
            return [
                HistoryItem(i.id, i.at, i.channel, i.subject, i.note, i.mailing_id, i.event_id)
                for i in rows
            ]

    def add_note(
        self, uid: str, channel: str, subject: str, note: str = "", at: dt.datetime | None = None
    ) -> HistoryItem:
        """Record a call, a meeting or anything else with the contact.

        Raises:
            ValidationError: No subject, or an unknown channel.
        """
        if channel not in MANUAL_CHANNELS:
            raise ValidationError(f"Ukjent kanal «{channel}».", "channel")
        subject, note = clean(subject), clean_multiline(note).strip()
        if not subject:
            raise ValidationError("Skriv hva det gjaldt.", "subject")
        with self._sessions.begin() as session:
            item = Interaction(
                contact_id=self._contact_id(session, uid),
                channel=channel,
                subject=subject[:300],
                note=note,
            )
            if at is not None:
                item.at = at
            session.add(item)
            session.flush()
            return HistoryItem(item.id, item.at, item.channel, item.subject, item.note, None, None)
