"""Tying an incoming message to what Kontakt sent: by Message-ID, else by address.

Every message of a mailing has a Message-ID of the form
``<kontakt.mM.rR.random@domain>``, stored on its recipient. A reply quotes
it in In-Reply-To/References and a bounce in the returned message; only the
exact stored value counts (the random part cannot be guessed). Failing
that, a reply is tied by its sender's address to the latest mailing sent to
it, and a bounce by the failed address, if the bounce came after that
message went out.

A reply only speaks for its sender: a message tied to Kari's invitation but
sent from an address that is not one of Kari's is not taken as Kari's
answer (a forwarded invitation answered by someone else).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.storage.models import Contact, ContactEmail
from kontakt.storage.outreach_models import Event, Mailing, MailingRecipient

__all__ = ["KONTAKT_ID", "Sent", "SentIndex", "kontakt_ids"]

KONTAKT_ID = re.compile(r"^kontakt\.m\d+\.r\d+\.[0-9a-f]+@", re.IGNORECASE)


def kontakt_ids(ids: list[str]) -> list[str]:
    """The Message-IDs among ``ids`` that Kontakt made (others are not looked up)."""
    return [i for i in ids if KONTAKT_ID.match(i)]


@dataclass(frozen=True, slots=True)
class Sent:
    """One message Kontakt sent: to whom, in which mailing, when."""

    recipient_id: int
    mailing_id: int
    contact_id: int
    address: str
    sent_at: dt.datetime | None
    event_id: int | None


@dataclass
class SentIndex:
    """What Kontakt sent, loaded once per fetch and looked up in memory."""

    by_message_id: dict[str, Sent] = field(default_factory=dict)
    latest_by_address: dict[str, Sent] = field(default_factory=dict)
    by_mailing_address: dict[tuple[int, str], Sent] = field(default_factory=dict)
    by_event_address: dict[tuple[int, str], Sent] = field(default_factory=dict)
    emails_of: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    contacts: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (uid, name)
    mailing_subjects: dict[int, str] = field(default_factory=dict)
    events: dict[int, str] = field(default_factory=dict)  # id -> title
    event_by_uid: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> SentIndex:
        """Read every message sent (or being sent), the recipients' addresses and the events."""
        index = cls()
        rows = session.execute(
            select(
                MailingRecipient.id, MailingRecipient.mailing_id, MailingRecipient.contact_id,
                MailingRecipient.address, MailingRecipient.message_id, MailingRecipient.sent_at,
                Mailing.event_id,
            )
            .join(Mailing, Mailing.id == MailingRecipient.mailing_id)
            .where(MailingRecipient.message_id != "")
            .order_by(MailingRecipient.id)
        ).all()  # fmt: skip
        for rid, mid, cid, address, message_id, sent_at, event_id in rows:
            sent = Sent(rid, mid, cid, address.lower(), sent_at, event_id)
            index.by_message_id[message_id.strip("<>")] = sent
            index.by_mailing_address[(mid, sent.address)] = sent
            if event_id is not None:
                index.by_event_address[(event_id, sent.address)] = sent
            latest = index.latest_by_address.get(sent.address)
            if latest is None or _later(sent, latest):
                index.latest_by_address[sent.address] = sent
        contact_ids = {s.contact_id for s in index.by_message_id.values()}
        for cid, address in session.execute(select(ContactEmail.contact_id, ContactEmail.address)):
            if cid in contact_ids:
                index.emails_of[cid].add(address.lower())
        for cid, uid, given, family in session.execute(
            select(Contact.id, Contact.uid, Contact.given_name, Contact.family_name)
        ):
            if cid in contact_ids:
                index.contacts[cid] = (uid, " ".join(p for p in (given, family) if p))
        for mid, subject in session.execute(select(Mailing.id, Mailing.subject)):
            index.mailing_subjects[mid] = subject
        for eid, uid, title in session.execute(select(Event.id, Event.uid, Event.title)):
            index.events[eid] = title
            index.event_by_uid[uid.lower()] = eid
        return index

    def by_reference(self, ids: list[str]) -> Sent | None:
        """The message among ``ids`` (newest reference first) that Kontakt sent."""
        for mid in kontakt_ids(ids):
            sent = self.by_message_id.get(mid)
            if sent is not None:
                return sent
        return None

    def is_theirs(self, sent: Sent, address: str) -> bool:
        """``address`` belongs to the recipient of ``sent`` (then or now)."""
        return address == sent.address or address in self.emails_of.get(sent.contact_id, ())

    def reply_to(self, references: list[str], sender: str) -> Sent | None:
        """What a person's message answers: the referenced message if the sender is its
        recipient, else the latest message sent to the sender's address."""
        sent = self.by_reference(references)
        if sent is not None:
            return sent if self.is_theirs(sent, sender) else None
        return self.latest_by_address.get(sender)

    def bounced(self, references: list[str], address: str, when: dt.datetime | None) -> Sent | None:
        """The message to ``address`` that a bounce is about; None for a forged one.

        Tied by the returned message's Message-ID, the address must be a
        recipient of that mailing; a Message-ID of Kontakt's form that was
        never sent marks a made-up bounce; tied by address alone, the bounce
        must have come after the message went out.
        """
        sent = self.by_reference(references)
        if sent is not None:
            return self.by_mailing_address.get((sent.mailing_id, address))
        if kontakt_ids(references):
            return None  # looks like ours but is not what we sent: made up
        latest = self.latest_by_address.get(address)
        if latest is None or latest.sent_at is None:
            return None
        if when is not None and when < latest.sent_at - dt.timedelta(minutes=5):
            return None
        return latest

    def event_of(self, uid: str) -> int | None:
        """The event with this calendar UID (with or without Kontakt's ``@kontakt``)."""
        key = uid.lower()
        return self.event_by_uid.get(key) or self.event_by_uid.get(key.removesuffix("@kontakt"))

    def invited(self, event_id: int, address: str) -> Sent | None:
        """The invitation to ``event_id`` sent to ``address`` (or to its contact)."""
        sent = self.by_event_address.get((event_id, address))
        if sent is not None:
            return sent
        for (eid, _), s in self.by_event_address.items():
            if eid == event_id and address in self.emails_of.get(s.contact_id, ()):
                return s
        return None


def _later(a: Sent, b: Sent) -> bool:
    if a.sent_at is None:
        return False
    return b.sent_at is None or a.sent_at >= b.sent_at
