"""The contacts as stored: load, apply a validated contact, snapshot, look up.

Every change to a contact (an edit, tagging, trash, undo, the updates of an
import) goes through :class:`ContactRepository` inside the caller's
transaction, so that every save sets the sort keys and the search text alike
and bumps the version. New contacts of an import go in through the bulk
insert of :mod:`.contact_bulk`, from the same column list
(:mod:`.contact_columns`); snapshots are read by :mod:`.contact_rows`.
What to validate and what to record in the audit log is the services' part.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kontakt.domain.geography import Geography
from kontakt.domain.records import CleanContact, ContactRow
from kontakt.domain.text import fold
from kontakt.errors import NotFoundError
from kontakt.storage import contact_bulk
from kontakt.storage.base import utcnow
from kontakt.storage.contact_columns import (
    EMAIL,
    PHONE,
    ROLE,
    WRITTEN,
    contact_values,
    email_values,
    phone_values,
    role_values,
)
from kontakt.storage.contact_rows import load_rows
from kontakt.storage.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    Interaction,
    Label,
    Role,
    Topic,
)
from kontakt.storage.tags import named_entities

_CHUNK = 2000


class ContactRepository:
    """Reads and writes contacts inside a caller's session.

    Args:
        geography: Counties and municipalities (names for the sort keys,
            search text and snapshots).
    """

    def __init__(self, geography: Geography) -> None:
        self.geography = geography

    # -- reading -------------------------------------------------------------------

    def load(self, session: Session, uid: str) -> Contact:
        """The contact with this uid, or NotFoundError."""
        contact = session.scalar(select(Contact).where(Contact.uid == uid))
        if contact is None:
            raise NotFoundError(f"Fant ingen kontakt med id {uid}.")
        return contact

    def find(self, session: Session, uid: str) -> Contact | None:
        """The contact with this uid, if there is one."""
        return session.scalar(select(Contact).where(Contact.uid == uid))

    def load_many(
        self, session: Session, uids: Sequence[str], trashed_only: bool = False
    ) -> list[Contact]:
        """The contacts with these uids (unknown uids are skipped)."""
        query = select(Contact).where(Contact.uid.in_(uids))
        if trashed_only:
            query = query.where(Contact.deleted_at.is_not(None))
        return list(session.scalars(query))

    def row(self, session: Session, contact_id: int) -> ContactRow:
        """A snapshot of the contact as the session sees it now."""
        return load_rows(session.connection(), [contact_id], self.geography)[0]

    def rows(self, session: Session, ids: Sequence[int]) -> list[ContactRow]:
        """Snapshots of the contacts with these ids, in their order."""
        return load_rows(session.connection(), ids, self.geography)

    def snapshot(self, session: Session, contact: Contact) -> ContactRow:
        """A snapshot of a contact with the session's pending changes (flushed first)."""
        session.flush()
        return self.row(session, contact.id)

    def version(self, session: Session, uid: str) -> int | None:
        """The stored version of the contact, None if there is none."""
        return session.scalar(select(Contact.version).where(Contact.uid == uid))

    def versions(self, session: Session, uids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """uid -> (id, version) of the stored contacts among ``uids``."""
        found: dict[str, tuple[int, int]] = {}
        for start in range(0, len(uids), _CHUNK):
            query = select(Contact.uid, Contact.id, Contact.version).where(
                Contact.uid.in_(uids[start : start + _CHUNK])
            )
            found.update((uid, (cid, version)) for uid, cid, version in session.execute(query))
        return found

    def trashed_uids(self, session: Session) -> list[str]:
        """The uids of every contact in the trash."""
        return list(session.scalars(select(Contact.uid).where(Contact.deleted_at.is_not(None))))

    def names(
        self, session: Session, uids: Sequence[str], live_only: bool = False
    ) -> dict[str, str]:
        """uid -> "given family" of the stored contacts among ``uids``."""
        query = select(Contact.uid, Contact.given_name, Contact.family_name).where(
            Contact.uid.in_(uids)
        )
        if live_only:
            query = query.where(Contact.deleted_at.is_(None))
        return {uid: f"{given} {family}".strip() for uid, given, family in session.execute(query)}

    # -- writing -------------------------------------------------------------------

    def add(self, session: Session, uid: str, clean: CleanContact) -> Contact:
        """A new contact with this uid, from a validated contact."""
        contact = Contact(uid=uid)
        self.apply(session, contact, clean)
        session.add(contact)
        return contact

    def apply(self, session: Session, contact: Contact, clean: CleanContact) -> None:
        """Set every editable field of the contact from a validated contact."""
        # One flush per save: a flush half-way would bump the version twice.
        # Earlier pending work (e.g. topics made for the previous contact of a
        # batch) is flushed first so that lookups below can see it.
        session.flush()
        with session.no_autoflush:
            self._apply_fields(session, contact, clean)

    def _apply_fields(self, session: Session, contact: Contact, clean: CleanContact) -> None:
        for name, value in zip(WRITTEN, contact_values(clean, self.geography), strict=True):
            setattr(contact, name, value)
        # Always touching updated_at makes every save an UPDATE of the contact
        # row, so the version counter moves even when only an e-mail changed.
        contact.updated_at = utcnow()
        d = clean.draft
        contact.emails = [
            ContactEmail(**dict(zip(EMAIL, email_values(e, i), strict=True)))
            for i, e in enumerate(d.emails)
        ]
        contact.phones = [
            ContactPhone(**dict(zip(PHONE, phone_values(p, i), strict=True)))
            for i, p in enumerate(d.phones)
        ]
        contact.roles = [
            Role(**dict(zip(ROLE, role_values(r, i), strict=True))) for i, r in enumerate(d.roles)
        ]
        contact.topics = named_entities(session, Topic, d.topics)
        contact.labels = named_entities(session, Label, d.labels)

    def set_trashed(self, contact: Contact, trashed: bool) -> None:
        """Move a contact to the trash, or back."""
        contact.deleted_at = utcnow() if trashed else None
        contact.updated_at = utcnow()

    def tag(self, session: Session, kind: str, name: str) -> Topic | Label:
        """The topic or label (``kind`` "topics" or "labels") with this name, made if missing."""
        [entity] = named_entities(session, Topic if kind == "topics" else Label, [name])
        return entity  # type: ignore[no-any-return]

    def has_tag(self, contact: Contact, kind: str, name: str) -> bool:
        """Whether a contact has the topic or label (``kind`` "topics" or "labels")."""
        key = fold(name)
        return any(fold(t.name) == key for t in getattr(contact, kind))

    def set_tag(self, contact: Contact, kind: str, tag: Topic | Label, present: bool) -> None:
        """Give a contact a topic or label (``kind`` "topics" or "labels"), or take it away."""
        tags: list[Any] = getattr(contact, kind)
        key = fold(tag.name)
        tags[:] = [t for t in tags if fold(t.name) != key]
        if present:
            tags.append(tag)
        contact.updated_at = utcnow()

    def add_history(self, session: Session, contact: Contact, subject: str, note: str) -> None:
        """Add a line to the contact's history («Historikk»), channel «annet»."""
        session.add(
            Interaction(contact_id=contact.id, channel="annet", subject=subject[:300], note=note)
        )

    def remove(self, session: Session, contact: Contact) -> None:
        """Delete a contact for good, with everything that is part of it."""
        session.delete(contact)

    def remove_ids(self, session: Session, ids: Sequence[int]) -> None:
        """Delete the contacts with these ids for good (in bulk, without loading them)."""
        for start in range(0, len(ids), _CHUNK):
            session.execute(delete(Contact).where(Contact.id.in_(ids[start : start + _CHUNK])))

    def insert_new(
        self, session: Session, cleans: Sequence[CleanContact], wanted_uids: Sequence[str] = ()
    ) -> Iterator[list[tuple[int, str, CleanContact]]]:
        """Bulk-insert new contacts with their parts; see :func:`.contact_bulk.insert_new`."""
        return contact_bulk.insert_new(session, self.geography, cleans, wanted_uids)
