"""What came back to one mailing: the answers applied from the mailbox, for «Utsendinger».

Each applied message is recorded (``inbound_message``) with the history
entries it made; those entries hold the date, the subject and the first
lines. Nothing is stored twice: the list is read from them. An erased
person's messages are gone with them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.storage.mailbox_models import InboundMessage
from kontakt.storage.models import Contact, ContactEmail, Interaction

KIND_LABELS = {
    "reply": "Svar",
    "opt_out": "Avmelding",
    "bounce": "Returnert",
    "rsvp": "Svar på invitasjon",
}


@dataclass(frozen=True, slots=True)
class Response:
    """One answer to a mailing, as the mailing's report lists it.

    Attributes:
        kind: reply, opt_out, bounce or rsvp.
        contact_uid: Who it concerns.
        name: Their name.
        address: Their first e-mail address ("" if none is left).
        at: When the history entry was made (when it was applied).
        subject: The history entry's subject.
        note: The history entry's note (the message named, and its first lines).
    """

    kind: str
    contact_uid: str
    name: str
    address: str
    at: dt.datetime
    subject: str
    note: str

    @property
    def label(self) -> str:
        """The kind in Norwegian."""
        return KIND_LABELS.get(self.kind, self.kind)


def responses_to(session: Session, mailing_id: int) -> list[Response]:
    """The applied answers to a mailing, oldest first."""
    rows = session.execute(
        select(InboundMessage.kind, InboundMessage.undo, Contact.id, Contact.uid,
               Contact.given_name, Contact.family_name)
        .join(Contact, Contact.id == InboundMessage.contact_id)
        .where(InboundMessage.mailing_id == mailing_id, InboundMessage.applied.is_(True))
        .order_by(InboundMessage.processed_at, InboundMessage.id)
    ).all()  # fmt: skip
    found: list[Response] = []
    for kind, undo, contact_id, uid, given, family in rows:
        ids = [i for step in (undo or {}).get("steps", []) for i in step.get("interactions", [])]
        address = session.scalar(
            select(ContactEmail.address)
            .where(ContactEmail.contact_id == contact_id)
            .order_by(ContactEmail.is_primary.desc(), ContactEmail.position)
            .limit(1)
        )
        entries = session.execute(
            select(Interaction.at, Interaction.subject, Interaction.note)
            .where(Interaction.id.in_(ids))
            .order_by(Interaction.id)
        ).all()
        name = f"{given} {family}".strip()
        found += [
            Response(kind, uid, name, address or "", at, subject, note)
            for at, subject, note in entries
        ]
    return found


_PLURALS = {
    "reply": ("svar", "svar"),
    "opt_out": ("avmelding", "avmeldinger"),
    "bounce": ("returnert", "returnerte"),
    "rsvp": ("svar på invitasjonen", "svar på invitasjonen"),
}


def responses_text(found: Sequence[Response]) -> str:
    """«Svar på utsendingen: 2 svar, 1 avmelding» (or that none came back)."""
    if not found:
        return "Ingen svar er hentet for denne utsendingen (E-post → Hent svar …)."
    counts = Counter(r.kind for r in found)
    parts = []
    for kind, (one, many) in _PLURALS.items():
        if counts[kind]:
            parts.append(f"{counts[kind]} {one if counts[kind] == 1 else many}")
    return "Svar på utsendingen: " + ", ".join(parts) + "."
